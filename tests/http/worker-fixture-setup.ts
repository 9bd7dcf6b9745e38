// globalSetup of the `workers` vitest project, run in Node before the Worker tests: writes the
// contract suite's fixture site (the same files node.test.ts serves), prepares it with
// build:worker's step (manifest, compressed copies, .assetsignore) for the Worker's static assets
// (vitest.config.ts points the ASSETS binding at it), and serves it with the Node server, so the
// Worker's answers can be compared with Node's for the same requests.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startFeedServer, type FeedServer } from '../../src/runtime/node/server/server.js';
import { prepareWorkerAssets } from '../../src/runtime/node/worker-assets.js';
import { writeSampleOutput } from './fixture-disk.js';
import { CONTRACT_MAX_AGE } from './fixture-site.js';
import './worker-fixture.js';

export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'feedwatch-worker-site-'));
  let server: FeedServer | undefined;
  try {
    const { out } = await writeSampleOutput(dir);
    const prepared = await prepareWorkerAssets(out);
    server = await startFeedServer({ root: out, host: '127.0.0.1', port: 0, maxAge: CONTRACT_MAX_AGE });
    project.provide('workerFixture', { assetsDir: out, ignored: prepared.ignored, nodeUrl: `http://127.0.0.1:${server.port}` });
  } catch (e) {
    // Reported by the tests that need it, not as a crash of the whole run.
    project.provide('workerFixture', { error: (e as Error).stack ?? String(e) });
  }
  return async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  };
}
