// `build --robust-links --state FILE`: cited links whose archived copy the state file knows are
// decorated in the published content, deterministically, without any network.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LinkState } from '../../src/core/ports.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { runCli, tempDir } from '../helpers/cli.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const GONE = 'https://gone.example/rapport?a=1&b=2';
const COPY = { kind: 'archive', url: 'https://web.archive.org/web/20180101000000/https://gone.example/rapport?a=1&b=2', at: '2018-01-01T00:00:00.000Z' };

function brokenState(url: string): LinkState {
  const at = '2026-01-01T00:00:00.000Z';
  return { url, status: 'broken', reason: 'http-404', httpStatus: 404, finalUrl: null, title: null, etag: null, lastModified: null, fingerprint: null, excerpt: null, since: at, checkedAt: at, lastOkAt: null, firstFailedAt: at, consecutiveFailures: 2, alertedStatus: 'broken' };
}

async function project() {
  const { dir, cleanup } = await tempDir('feedwatch-robust-');
  cleanups.push(cleanup);
  const feeds = join(dir, 'feeds');
  await mkdir(join(feeds, 'news', 'items'), { recursive: true });
  await writeFile(join(feeds, 'news', 'feed.yaml'), 'title: Nyheter\ndescription: Från kontoret\nlink: https://example.org/\nlanguage: sv\nauthor:\n  name: Kontoret\n');
  await writeFile(
    join(feeds, 'news', 'items', '2020-03-01-rapport.md'),
    `---\ntitle: Rapporten\ndate: 2020-03-01T10:00:00+01:00\nlink: https://example.org/rapport/\n---\n\nSe [rapporten](${GONE}) och [sajten](https://fine.example/).\n`,
  );
  const state = join(dir, 'state.db');
  const store = openSqliteStore(state);
  await store.commitRun({ startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:00:00Z', links: [brokenState(GONE)], checks: [], events: [] });
  await store.putCache(`wayback:${GONE}`, JSON.stringify({ suggestion: COPY }), '2026-01-01T00:00:00Z');
  await store.close();
  return { feeds, out: join(dir, 'public'), state };
}

describe('build --robust-links', () => {
  it('adds data-versionurl and data-versiondate from the state file, the same bytes every time', async () => {
    const p = await project();
    const args = ['build', '--feeds', p.feeds, '--out', p.out, '--state', p.state, '--robust-links'];
    expect((await runCli(args)).code).toBe(0);
    const json = JSON.parse(await readFile(join(p.out, 'news', 'feed.json'), 'utf8'));
    const html: string = json.items[0].content_html;
    expect(html).toContain(`data-versionurl="${COPY.url.replace(/&/g, '&amp;')}" data-versiondate="2018-01-01"`);
    expect(html).toMatch(/<a href="https:\/\/fine\.example\/">/);
    const atom = await readFile(join(p.out, 'news', 'atom.xml'), 'utf8');
    expect(atom).toContain('data-versionurl');
    expect((await runCli(args)).stdout).toMatch(/0 files written/);
  });

  it('leaves content alone without the flag, and without a state file', async () => {
    const p = await project();
    expect((await runCli(['build', '--feeds', p.feeds, '--out', p.out, '--state', p.state])).code).toBe(0);
    expect(await readFile(join(p.out, 'news', 'atom.xml'), 'utf8')).not.toContain('data-versionurl');
    const r = await runCli(['build', '--feeds', p.feeds, '--out', p.out, '--state', join(p.out, 'none.db'), '--robust-links']);
    expect(r.code).toBe(0);
    expect(await readFile(join(p.out, 'news', 'atom.xml'), 'utf8')).not.toContain('data-versionurl');
  });
});
