// A run killed mid-commit (SIGKILL during a big transaction) leaves the previous state readable
// and the next run works. The child runs the compiled store from dist/ (built first if missing).
import { beforeAll, describe, expect, it } from 'vitest';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SqliteStore } from '../../src/store/sqlite.js';
import { tempDir } from '../helpers/cli.js';

const root = resolve(__dirname, '../..');
const distStore = join(root, 'dist/store/sqlite.js');

const CHILD = `
const { SqliteStore } = await import(process.env.STORE_MODULE);
const [mode, path, count] = process.argv.slice(1);
const at = mode === 'seed' ? '2026-11-01T00:00:00.000Z' : '2026-11-02T00:00:00.000Z';
const links = Array.from({ length: Number(count) }, (_, i) => ({
  url: 'https://h' + (i % 100) + '.example/p/' + i, status: mode === 'seed' ? 'ok' : 'broken', reason: null, httpStatus: 200,
  finalUrl: null, title: 'T', etag: null, lastModified: null, fingerprint: 'v1:x', excerpt: 'some text '.repeat(20), since: at,
  checkedAt: at, lastOkAt: at, firstFailedAt: null, consecutiveFailures: 0, alertedStatus: null,
}));
const run = { startedAt: at, finishedAt: at, links, events: [],
  checks: links.map((l) => ({ url: l.url, checkedAt: at, status: l.status, httpStatus: 200, reason: null })) };
const store = SqliteStore.open(path);
process.stdout.write('committing\\n');
await store.commitRun(run);
process.stdout.write('done\\n');
await store.close();
`;

function child(mode: string, path: string, count: number) {
  return spawn(process.execPath, ['--input-type=module', '-e', CHILD, mode, path, String(count)], {
    env: { ...process.env, STORE_MODULE: pathToFileURL(distStore).href },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

beforeAll(() => {
  if (!existsSync(distStore)) execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.json')]);
}, 120_000);

describe('sqlite store, killed mid-run', () => {
  it('keeps the previous state after SIGKILL during a big commit', async () => {
    const { dir, cleanup } = await tempDir('feedwatch-crash-');
    const path = join(dir, 'state.db');
    const seed = child('seed', path, 2000);
    await new Promise((r) => seed.on('exit', r));
    expect(seed.exitCode).toBe(0);

    const victim = child('big', path, 300_000);
    let out = '';
    const killed = new Promise<void>((resolveKill) => {
      victim.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('committing')) setTimeout(() => victim.kill('SIGKILL'), 150);
      });
      victim.on('exit', () => resolveKill());
    });
    await killed;
    expect(victim.signalCode).toBe('SIGKILL');
    expect(out).not.toContain('done');

    const store = SqliteStore.open(path);
    const links = await store.allLinks();
    expect(links).toHaveLength(2000);
    expect(links.every((l) => l.status === 'ok')).toBe(true);
    expect(await store.historySince()).toBe('2026-11-01T00:00:00.000Z');
    expect((await store.history(null, '2026-11-02T00:00:00.000Z')).length).toBe(0);
    // the next run works
    await store.commitRun({ startedAt: 'x', finishedAt: 'x', links: [{ ...links[0]!, status: 'changed', checkedAt: '2026-11-03T00:00:00.000Z' }], checks: [], events: [] });
    expect((await store.getLinks([links[0]!.url])).get(links[0]!.url)!.status).toBe('changed');
    await store.close();
    await cleanup();
  }, 60_000);
});
