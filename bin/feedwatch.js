#!/usr/bin/env node
// Launcher: Node 20 cannot run TypeScript, so this imports the compiled CLI from dist/ (built by `npm ci` via `prepare`).
import { main } from '../dist/runtime/node/cli.js';

process.exitCode = await main(process.argv.slice(2));
