// Pages read on worker threads (src/runtime/node/html-readers.ts) give exactly what the core reads
// in its own thread (summarizeHtml), also when the threads are busy and the main thread reads;
// threads start only when pages prove costly to read; and a whole `check` process on such pages
// reports what the pages say (soft-404s, missing fragments).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { summarizeHtml } from '../../src/links/page-summary.js';
import { htmlReaders, START_AFTER } from '../../src/runtime/node/html-readers.js';
import { tempDir } from '../helpers/cli.js';
import { ensureBuilt, root, runChild } from '../helpers/child.js';
import { writeLinkFeed } from '../helpers/link-feed.js';
import { html, page, startServer, type TestServer } from './servers.js';
import { expectValidReport } from '../helpers/report-schema.js';

/** The compiled thread script: the sources under the test runner cannot start a thread of their own. */
const SCRIPT = pathToFileURL(join(root, 'dist/runtime/node/html-reader-thread.js'));
const utf8 = (s: string) => new TextEncoder().encode(s);

/** Pages of every kind the reader distinguishes. */
function samplePage(i: number): { body: Uint8Array; type: string | undefined } {
  switch (i % 6) {
    case 0: return { body: utf8(page(`Article ${i}`, `<p id="p${i}">Text ${i} updated 2026-01-0${(i % 9) + 1} 10:00</p><a name="n${i}">x</a>`)), type: 'text/html; charset=utf-8' };
    case 1: return { body: utf8(page('Sidan hittades inte', '<p>404</p>')), type: 'text/html' };
    case 2: return { body: Uint8Array.from([...'<title>Caf'].map((c) => c.charCodeAt(0)).concat([0xe9, 0x3c, 0x2f, 0x74, 0x69, 0x74, 0x6c, 0x65, 0x3e])), type: 'text/html; charset=iso-8859-1' };
    case 3: return { body: utf8(`<main><div class="cookie-banner">Accept</div><h1>Title ${i}</h1><p>${'word '.repeat(i)}</p></main>`), type: undefined };
    case 4: return { body: new Uint8Array(0), type: 'text/html' };
    default: return { body: utf8(`<<<not really html ${i} &amp; <p id=a id=b>`), type: 'text/html' };
  }
}

const AT_ONCE = { pages: 0, ms: 0 };

describe('htmlReaders', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it('reads on threads exactly what summarizeHtml reads here, also past the queue bound', async () => {
    const readers = htmlReaders({ threads: 2, script: SCRIPT, startAfter: AT_ONCE })!;
    expect(readers).not.toBeNull();
    try {
      // 300 at once: more than two threads take (2 x 32), so the main thread reads some itself.
      const pages = Array.from({ length: 300 }, (_, i) => samplePage(i));
      const read = await Promise.all(pages.map((p) => readers.read(p.body, p.type)));
      read.forEach((summary, i) => expect(summary, `page ${i}`).toEqual(summarizeHtml(pages[i]!.body, pages[i]!.type)));
      expect(read[1]!.title).toBe('Sidan hittades inte');
      expect(read[2]!.title).toBe('Café');
      expect(read[0]!.anchors).toEqual(new Set(['p0', 'n0']));
      expect(readers.threaded).toBe(true);
    } finally {
      await readers.close();
    }
  });

  it('has no threads on one core or without the compiled thread script', () => {
    expect(htmlReaders({ threads: 0, script: SCRIPT })).toBeNull();
    expect(htmlReaders({ threads: 2, script: pathToFileURL(join(root, 'no-such-thread.js')) })).toBeNull();
  });

  it('starts threads only once pages prove costly to read', async () => {
    // Each read here takes `cost` ms by this clock: a busy machine that pauses a small read cannot make it look costly.
    let cost = 0;
    let time = 0;
    const now = () => {
      const t = time;
      time += cost;
      return t;
    };
    const readers = htmlReaders({ threads: 1, script: SCRIPT, now })!;
    try {
      // Small pages: read here, however many.
      for (let i = 0; i < 200; i++) expect(readers.read(utf8(page(`Small ${i}`, '<p>short</p>')), 'text/html')).toMatchObject({ title: `Small ${i}` });
      expect(readers.threaded).toBe(false);
      // Pages that take START_AFTER.ms or more each (these take milliseconds): after START_AFTER.pages of them, on threads.
      const big = utf8(page('Big', `<p>${'many words here. '.repeat(4000)}</p>`));
      cost = START_AFTER.ms;
      let reads = 0;
      for (; reads < 32 && !readers.threaded; reads++) await readers.read(big, 'text/html');
      // START_AFTER.pages read here, and the next one the first on a thread.
      expect(reads).toBe(START_AFTER.pages + 1);
      expect(readers.threaded).toBe(true);
      expect(await readers.read(big, 'text/html')).toEqual(summarizeHtml(big, 'text/html'));
    } finally {
      await readers.close();
    }
  });

  it('reads here what a thread still had when it stopped, instead of leaving it hanging', async () => {
    const readers = htmlReaders({ threads: 1, script: SCRIPT, startAfter: AT_ONCE })!;
    const big = utf8(page('Big', `<p>${'many words '.repeat(50_000)}</p>`));
    const reads = Array.from({ length: 5 }, () => readers.read(big, 'text/html'));
    await readers.close();
    for (const summary of await Promise.all(reads)) expect(summary).toEqual(summarizeHtml(big, 'text/html'));
    // After close, pages are read in this thread.
    expect(await readers.read(utf8('<title>After</title>'), 'text/html')).toMatchObject({ title: 'After' });
  });

  it('reads here what a thread had when it died, and every page after', async () => {
    const dying = pathToFileURL(join(root, 'tests/helpers/dying-html-reader.mjs'));
    const readers = htmlReaders({ threads: 1, script: dying, startAfter: AT_ONCE })!;
    try {
      expect(await readers.read(utf8('<title>One</title>'), 'text/html')).toMatchObject({ title: 'One' });
      expect(readers.threaded).toBe(true);
      expect(await readers.read(utf8('<title>Two</title>'), 'text/html')).toMatchObject({ title: 'Two' });
    } finally {
      await readers.close();
    }
  });
});

describe('a check process reading costly pages on threads', () => {
  let site: TestServer;
  let tmp: { dir: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    ensureBuilt();
    tmp = await tempDir('feedwatch-threads-');
    site = await startServer('127.0.0.131', (req, res) => {
      const path = req.url ?? '/';
      if (path.startsWith('/missing')) return html(res, page('Page not found', '<p>Sorry</p>'));
      // 300 KB: costly enough to read that the threads start.
      html(res, page(`Page ${path}`, `<p id="here">Text of ${path}</p><p>${'Regional development news from the EU office. '.repeat(6000)}</p>`));
    });
  }, 120_000);
  afterAll(async () => {
    await site.close();
    await tmp.cleanup();
  });

  it('reports soft-404s and missing fragments as the pages say', async () => {
    const urls = [
      ...Array.from({ length: 60 }, (_, i) => site.url(`/ok/${i}#here`)),
      site.url('/missing/1'),
      site.url('/ok/gone#nowhere'),
    ];
    const feeds = await writeLinkFeed(tmp.dir, urls);
    const r = await runChild(['check', '--feeds', feeds, '--out', join(tmp.dir, 'public'), '--state', join(tmp.dir, 'state.db'), '--allow-private', '--format', 'json'], { cwd: tmp.dir });
    expect(r.code, r.stderr).toBe(1);
    expectValidReport(r.stdout);
    expectValidReport(await readFile(join(tmp.dir, 'public', 'health', 'report.json'), 'utf8'));
    const report = JSON.parse(r.stdout) as { links: { url: string; status: string; reason: string | null; title: string | null }[] };
    const byUrl = new Map(report.links.map((l) => [l.url, l]));
    expect(byUrl.get(site.url('/missing/1'))).toMatchObject({ status: 'soft404', reason: 'soft404-title' });
    expect(byUrl.get(site.url('/ok/gone#nowhere'))).toMatchObject({ status: 'broken', reason: 'fragment' });
    expect(byUrl.get(site.url('/ok/3#here'))).toMatchObject({ status: 'ok', title: 'Page /ok/3' });
    expect(report.links.filter((l) => l.status === 'ok')).toHaveLength(60);
  });
});
