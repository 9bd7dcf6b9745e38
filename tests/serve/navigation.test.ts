// Pages a person can navigate: index.html links the link report and the OPML list, report.html
// links back, from disk and when served; and `serve`/`run` warn when baseUrl names this machine on
// another port, since self links and the OPML list are made from baseUrl.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runCli, tempDir } from '../helpers/cli.js';
import { closedPort, writeLinkFeed } from '../helpers/link-feed.js';
import { expectValidReport } from '../helpers/report-schema.js';
import { baseUrlPortWarning } from '../../src/runtime/node/server/base-url-port.js';
import { get } from './fixtures.js';
import { Output } from './helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
let out: string;
let feeds: string;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('feedwatch-nav-'));
  out = join(dir, 'public');
  // A loopback link, not allowed: skipped (private-address), so the check reaches no one.
  feeds = await writeLinkFeed(dir, ['http://127.0.0.1:9/item']);
  expect((await runCli(['build', '--feeds', feeds, '--out', out, '--base-url', 'https://feeds.example/'])).code).toBe(0);
  expect((await runCli(['check', '--feeds', feeds, '--out', out, '--state', join(dir, 'state.db')])).code).toBe(0);
  expectValidReport(await readFile(join(out, 'health', 'report.json'), 'utf8'));
});
afterAll(() => cleanup());

const hrefs = (html: string) => [...html.matchAll(/<a [^>]*href="([^"]+)"/g)].map((m) => m[1]!);

/** Serves `out` until the returned stop is called; the `serve` command's output and URL. */
async function serve(args: string[]): Promise<{ url: string; stderr: Output; stop: () => Promise<number> }> {
  const stdout = new Output();
  const stderr = new Output();
  const abort = new AbortController();
  const running = runCli(['serve', '--out', out, '--host', '127.0.0.1', ...args], { stdout, stderr, signal: abort.signal });
  const [, url] = await stdout.waitFor(/serving .* on (http:\S+)/);
  return { url: url!, stderr, stop: async () => (abort.abort(), (await running).code) };
}

describe('navigation between the pages', () => {
  it('index.html links the link report and the OPML list; report.html links back; all resolve on disk', async () => {
    const index = await readFile(join(out, 'index.html'), 'utf8');
    expect(index).toContain('<a href="health/report.html">Link health report</a>');
    expect(index).toContain('<a href="feeds.opml" type="text/x-opml">All feeds (OPML)</a>');
    const report = await readFile(join(out, 'health', 'report.html'), 'utf8');
    expect(hrefs(report)).toContain('../index.html');

    const indexUrl = pathToFileURL(join(out, 'index.html'));
    for (const href of ['health/report.html', 'feeds.opml']) expect(existsSync(fileURLToPath(new URL(href, indexUrl)))).toBe(true);
    const back = new URL('../index.html', pathToFileURL(join(out, 'health', 'report.html')));
    expect(fileURLToPath(back)).toBe(join(out, 'index.html'));
  });

  it('the same links work when served, from / and from /health/', async () => {
    const { url, stop } = await serve(['--port', '0']);
    try {
      const index = (await get(url)).body.toString();
      for (const href of ['health/report.html', 'feeds.opml']) {
        expect(hrefs(index)).toContain(href);
        expect((await get(new URL(href, url).href)).status).toBe(200);
      }
      // The server answers /health/ with report.html: the relative link still reaches the index.
      for (const at of ['health/', 'health/report.html']) {
        const page = await get(new URL(at, url).href);
        expect(page.status).toBe(200);
        const home = await get(new URL('../index.html', new URL(at, url)).href);
        expect(home.status).toBe(200);
        expect(home.body.toString()).toContain('<h1>Feeds</h1>');
      }
    } finally {
      expect(await stop()).toBe(0);
    }
  });

  it('index.html links the report even before any check wrote it', async () => {
    const t = await tempDir('feedwatch-nav-fresh-');
    try {
      expect((await runCli(['build', '--feeds', feeds, '--out', t.dir, '--base-url', 'https://feeds.example/'])).code).toBe(0);
      expect(hrefs(await readFile(join(t.dir, 'index.html'), 'utf8'))).toEqual(expect.arrayContaining(['health/report.html', 'feeds.opml']));
    } finally {
      await t.cleanup();
    }
  });
});

describe('baseUrl on this machine, another port', () => {
  const config = async (baseUrl: string) => {
    const path = join(dir, `config-${encodeURIComponent(baseUrl)}.json`);
    await writeFile(path, JSON.stringify({ baseUrl }));
    return path;
  };

  it('serve warns at start, naming both ports and how to fix it', async () => {
    const port = await closedPort();
    const { stderr, stop } = await serve(['--port', String(port), '--config', await config('http://localhost:8787/')]);
    expect(await stop()).toBe(0);
    expect(stderr.text).toBe(
      `feedwatch: [serve] warning: baseUrl is http://localhost:8787/ but the server listens on port ${port}: ` +
        'feed self links, the OPML list and the alerts feed are made from baseUrl, so they point to port 8787, where this server is not. ' +
        `To fix it, build again with --base-url http://localhost:${port}/ (or set "baseUrl" in feedwatch.config.json), or serve with --port 8787.\n`,
    );
  });

  it('serve says nothing when the ports agree, or when baseUrl is not this machine', async () => {
    const port = await closedPort();
    for (const baseUrl of [`http://127.0.0.1:${port}/`, 'https://feeds.example/']) {
      const { stderr, stop } = await serve(['--port', String(port), '--config', await config(baseUrl)]);
      expect(await stop()).toBe(0);
      expect(stderr.text, baseUrl).toBe('');
    }
  });

  it('run warns too, and names --base-url', async () => {
    const port = await closedPort();
    const stdout = new Output();
    const stderr = new Output();
    const abort = new AbortController();
    const running = runCli(
      ['run', '--feeds', feeds, '--out', out, '--state', join(dir, 'run.db'), '--host', '127.0.0.1', '--port', String(port), '--base-url', 'http://127.0.0.1:8/', '--config', await config('https://feeds.example/')],
      { stdout, stderr, signal: abort.signal },
    );
    await stdout.waitFor(/serving .* on http:/);
    abort.abort();
    expect((await running).code).toBe(0);
    expect(stderr.text).toContain(`feedwatch: [run] warning: baseUrl is http://127.0.0.1:8/ but the server listens on port ${port}:`);
    expect(stderr.text).toContain(`pass --base-url http://127.0.0.1:${port}/ (or set "baseUrl" in feedwatch.config.json), or serve with --port 8.`);
    // The build ran with that baseUrl, so it is the one in the published links.
    expect(await readFile(join(out, 'feeds.opml'), 'utf8')).toContain('http://127.0.0.1:8/news/');
    // Restore the published output for the other tests.
    expect((await runCli(['build', '--feeds', feeds, '--out', out, '--base-url', 'https://feeds.example/'])).code).toBe(0);
  });

  it('knows the loopback names and addresses, and the default ports', () => {
    for (const base of ['http://localhost/', 'http://app.localhost:8000/', 'http://127.1.2.3:8000/', 'http://[::1]:8000/', 'https://localhost/']) {
      expect(baseUrlPortWarning(base, 9999, 'serve'), base).toContain('warning');
    }
    expect(baseUrlPortWarning('http://localhost/', 80, 'serve')).toBeNull();
    expect(baseUrlPortWarning('https://localhost/', 443, 'serve')).toBeNull();
    expect(baseUrlPortWarning('http://192.168.1.2:8000/', 9999, 'serve')).toBeNull();
    expect(baseUrlPortWarning('https://localhost.example/', 9999, 'serve')).toBeNull();
    expect(baseUrlPortWarning('http://localhost:8787/', 0, 'serve')).toBeNull(); // --port 0: any free port
  });
});
