#!/usr/bin/env node
// End to end, once (.ci/run): `npm run worker:dev` (scripts/worker-dev.sh: build:worker, local D1
// migrations, `wrangler dev --local --test-scheduled`, offline), then, through wrangler's own asset
// router (run_worker_first), its imitation of the edge and workerd's HTTP server, against the Node
// server (`feedwatch serve`) over the same built folder (scripts/worker-smoke-http.mjs):
// - every path in the assets manifest and `/`, in every coding readers ask for (none, identity,
//   gzip, br, and browsers' `gzip, deflate, br` and `gzip, deflate, br, zstd`), GET and HEAD: Node's
//   status and headers, bodies that decode to the file's bytes, ETags that name the coding and bytes
//   sent, HEAD saying what GET says, 304 for the ETag (strong and weak);
// - GET /, the OPML list and every feed it lists (RSS, Atom, JSON Feed) valid (strict XML, JSON);
// - a 404 and a 405 page, GET and HEAD, every coding;
// - raw request targets over a socket (`..`, encoded dots, backslashes, dotfiles, the absolute
//   form): refused as on Node, except those the runtime resolves to a published file first, which
//   must be exactly the ones README's "What the edge may change" lists.
// Then the scheduled link checks: `/__scheduled` (wrangler's test trigger) starts a run, and GET
// /health/report.json must give that run's report within 30 s, through the local queue, D1 and R2;
// offline (as here, and in CI) its links come out broken (`dns`, or `network`, which is how workerd
// reports a name it cannot resolve) or the report is flagged offline; the four reports are then
// checked like the files above (every coding, HEAD, 304). Then both are stopped: the worker:dev
// process group (npm, wrangler, workerd) and the Node server, each by the id it was started with.
//
// It builds the tests' copy of the seed feed, never the user's feeds/ (FEEDWATCH_FEEDS=feeds to do
// that), into a temporary folder with wrangler's local state beside it.
//
//   node scripts/worker-smoke.mjs          WORKER_DEV_PORT=8788 to pick the port (default: a free one)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SaxesParser } from 'saxes';
import { httpChecks, rawRequest, request } from './worker-smoke-http.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const WRANGLER_ENV = { WRANGLER_SEND_METRICS: 'false', WRANGLER_SEND_ERROR_REPORTS: 'false', WRANGLER_HIDE_BANNER: 'true', CLOUDFLARE_CF_FETCH_ENABLED: 'false' };
const START_TIMEOUT_MS = 240_000;
const STOP_TIMEOUT_MS = 15_000;

const failures = [];
let checks = 0;
function check(ok, what) {
  checks++;
  if (!ok) failures.push(what);
}

async function freePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return port;
}

/** A child with its output kept, to show when something fails. */
function start(command, args, options) {
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], ...options });
  child.log = '';
  for (const stream of [child.stdout, child.stderr]) stream.on('data', (d) => (child.log += d));
  child.exited = once(child, 'exit');
  return child;
}

async function waitUntilAnswering(url, child, name) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} stopped before it answered:\n${child.log}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${name} did not answer ${url} within ${START_TIMEOUT_MS / 1000} s:\n${child.log}`);
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops the process group worker:dev runs in (npm, sh, wrangler, workerd), and waits until it is gone. */
async function stopGroup(child) {
  if (!groupAlive(child.pid)) return;
  process.kill(-child.pid, 'SIGTERM');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (groupAlive(child.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  if (groupAlive(child.pid)) {
    console.error(`worker:dev (process group ${child.pid}) did not stop within ${STOP_TIMEOUT_MS / 1000} s of SIGTERM; killing it.`);
    process.kill(-child.pid, 'SIGKILL');
    check(false, 'worker:dev stops cleanly on SIGTERM');
  }
}

/** Strict XML: throws on anything not well-formed; returns the root element's name. */
function parseXml(text) {
  const parser = new SaxesParser({ xmlns: true });
  let rootName;
  parser.on('opentag', (tag) => (rootName ??= tag.local));
  parser.on('error', (e) => {
    throw e;
  });
  parser.write(text).close();
  return rootName;
}

const FORMATS = [
  { file: 'rss.xml', valid: (text) => parseXml(text) === 'rss' },
  { file: 'atom.xml', valid: (text) => parseXml(text) === 'feed' },
  { file: 'feed.json', valid: (text) => /^https:\/\/jsonfeed\.org\/version\/1\.1$/.test(JSON.parse(text).version) },
];

/** GET /, the OPML list and every feed it lists: valid documents. Returns the feeds' folders. */
async function checkDocuments(worker) {
  const text = async (path) => {
    const r = await request(worker, path, { headers: { 'accept-encoding': 'identity' } });
    check(r.status === 200, `GET ${path}: 200 (got ${r.status})`);
    return r.body.toString('utf8');
  };
  const valid = async (path, isValid) => {
    let ok = false;
    try {
      ok = isValid(await text(path));
    } catch (e) {
      failures.push(`GET ${path}: not valid: ${e.message}`);
    }
    check(ok, `GET ${path}: a valid document`);
  };
  await valid('/', (t) => /^<!doctype html>/i.test(t) && /<\/html>\s*$/.test(t));
  await valid('/feeds.opml', (t) => parseXml(t) === 'opml');
  const opml = await text('/feeds.opml');
  const feedIds = [...opml.matchAll(/xmlUrl="([^"]+)"/g)].map((m) => new URL(m[1].replace(/&amp;/g, '&')).pathname.split('/')[1]);
  check(feedIds.length > 0, 'the OPML list names at least one feed');
  for (const id of feedIds) for (const { file, valid: isValid } of FORMATS) await valid(`/${id}/${file}`, isValid);
  return feedIds;
}

/**
 * Request targets that try to leave the folder or reach what is not published (the contract suite's
 * REFUSED_TARGETS, on the built site: `{feed}` is a feed's folder). Node refuses each with 400 or 404.
 */
const REFUSED_TARGETS = [
  '/../etc/passwd',
  '/../../../../etc/passwd',
  '/%2e%2e/%2e%2e/etc/passwd',
  '/%2E%2E/secret.xml',
  '/%252e%252e/secret.xml',
  '/..%2fsecret.xml',
  '/..%5c..%5cetc/passwd',
  '/..\\..\\etc\\passwd',
  '/a%00.xml',
  '/{feed}/atom.xml%00.png',
  '//etc/passwd',
  '/%2f%2fetc/passwd',
  '/.last-modified.json',
  '/{feed}/.last-modified.json',
  '/health/.last-modified.json',
  '/{feed}/archive/.pages.json',
  '/.feedwatch-build.json',
  '/.assetsignore',
  '/{feed}/%2elast-modified.json',
  '/{feed}/archive/%2Epages.json',
  '/%',
  'http://127.0.0.1/../secret.xml',
  '/{feed}/../secret.xml',
  '/{feed}/..%2ffeeds.opml',
  '/{feed}/%2e%2e%2ffeeds.opml',
  '/{feed}/rss.xml/..',
];

/** The targets README's "What the edge may change" says the runtime resolves to a published file. */
async function documentedTargets() {
  const readme = await readFile(join(root, 'README.md'), 'utf8');
  const list = /exactly\s+this\s+list:([\s\S]*?)\(`<feed>`/.exec(readme)?.[1];
  if (!list) throw new Error('README.md no longer has the list of targets the runtime resolves ("exactly this list: ... (`<feed>` is ...")');
  return [...list.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
}

/** Serving: documents, every file and coding, pages and raw targets, against the Node server. */
async function checkServing(worker, node, workerPort, nodePort, assets) {
  const started = Date.now();
  const { file, page, rawTargets } = httpChecks({ worker, node, workerPort, nodePort, check });
  const feedIds = await checkDocuments(worker);
  const manifest = JSON.parse(await readFile(join(assets, '_feedwatch', 'manifest.json'), 'utf8'));
  const paths = ['/', ...Object.keys(manifest.files).map((p) => '/' + p.split('/').map(encodeURIComponent).join('/'))];
  for (const path of paths) await file(path);
  const feed = feedIds[0];
  await page('/nope', 'GET', 404);
  await page(`/${feed}/nope.xml`, 'GET', 404);
  await page(`/${feed}/rss.xml`, 'POST', 405);
  await page(`/${feed}/rss.xml`, 'DELETE', 405);
  const refused = REFUSED_TARGETS.map((t) => t.replaceAll('{feed}', feed));
  const documented = (await documentedTargets()).map((t) => t.replaceAll('<feed>', feed));
  await rawTargets(refused, documented, assets);
  // Encoded names inside the folder are still served: by Node as sent; on the Worker, the asset
  // router (the encoded name does not match run_worker_first) redirects to the plain name first.
  const encoded = `/${feed}/%61tom.xml`;
  const byNode = await rawRequest(nodePort, encoded);
  const byRouter = await rawRequest(workerPort, encoded);
  check(byNode.status === 200, `raw ${encoded}: 200 on Node (got ${byNode.status})`);
  check(byRouter.status === 307 && byRouter.headers.location === `/${feed}/atom.xml`, `raw ${encoded}: the asset router's 307 to /${feed}/atom.xml (got ${byRouter.status} ${byRouter.headers.location})`);
  const redirected = await rawRequest(workerPort, `/${feed}/atom.xml`);
  check(redirected.status === 200 && redirected.headers.etag === byNode.headers.etag, `raw ${encoded}, redirected: the file Node serves (ETag ${redirected.headers.etag}, Node ${byNode.headers.etag})`);
  console.log(`worker-smoke: serving: ${paths.length} paths in ${feedIds.length} feed${feedIds.length === 1 ? '' : 's'} (${feedIds.join(', ')}), pages, ${refused.length + documented.length} raw targets; ${checks} checks in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { file };
}

const REPORT_WITHIN_MS = 30_000;

/**
 * /__scheduled, then the run's report.json within REPORT_WITHIN_MS (the local queue, D1 and R2 in
 * between); then the four reports from R2 like any file (`file`), but for Node, which has none.
 */
async function checkScheduledRun(worker, file) {
  const started = Date.now();
  const trigger = await fetch(`${worker}/__scheduled?cron=${encodeURIComponent('0 */6 * * *')}`);
  await trigger.arrayBuffer();
  check(trigger.status === 200, `GET /__scheduled: 200 (got ${trigger.status})`);
  let report = null;
  while (!report && Date.now() - started < REPORT_WITHIN_MS) {
    const res = await fetch(`${worker}/health/report.json`);
    if (res.status === 200) {
      const json = await res.json();
      // A report of this run, not of an earlier one.
      if (Date.parse(json.generatedAt) >= started - 1000) report = json;
    } else await res.arrayBuffer();
    if (!report) await new Promise((r) => setTimeout(r, 250));
  }
  const took = ((Date.now() - started) / 1000).toFixed(1);
  check(report !== null, `GET /health/report.json: the scheduled run's report within ${REPORT_WITHIN_MS / 1000} s of /__scheduled`);
  if (!report) return;
  check(report.version === 2 && report.summary.total > 0 && report.links.length === report.summary.total, `report.json: version 2 with every cited link (got version ${report.version}, ${report.summary?.total} links)`);
  check(report.partial === false, 'report.json: not partial');
  const checked = report.links.filter((l) => l.status !== 'skipped');
  const unreachable = checked.every((l) => l.status === 'broken' && (l.reason === 'dns' || l.reason === 'network'));
  check(report.offline === true || unreachable, `report.json: offline, the links broken (dns or network) or the report flagged offline (got offline ${report.offline}, ${checked.map((l) => `${l.status}/${l.reason}`).join(', ')})`);
  // The list of cited links is in the assets for the checks, not for readers (it names drafts).
  const links = await fetch(`${worker}/_feedwatch/links/manifest.json`);
  await links.arrayBuffer();
  check(links.status === 404, `GET /_feedwatch/links/manifest.json: 404, never published (got ${links.status})`);
  const html = await fetch(`${worker}/health/report.html`);
  check(html.status === 200 && /Link health/.test(await html.text()), 'GET /health/report.html: the run\'s report.html');
  console.log(`worker-smoke: scheduled run reported in ${took} s: ${report.summary.total} links, offline ${report.offline}`);
  for (const name of ['report.json', 'report.html', 'report.md', 'alerts.atom']) await file(`/health/${name}`, { compareWithNode: false });
}

async function main() {
  const port = Number(process.env.WORKER_DEV_PORT) || (await freePort());
  const worker = `http://127.0.0.1:${port}`;

  // Its own process group, so stopping it stops npm, wrangler and workerd together.
  const feeds = process.env.FEEDWATCH_FEEDS || join('tests', 'fixtures', 'seed');
  // Assets and wrangler's local state in a temporary folder: nothing of the user's is touched.
  const tmp = await mkdtemp(join(tmpdir(), 'feedwatch-worker-smoke-'));
  const assets = join(tmp, 'assets');
  const env = { ...process.env, ...WRANGLER_ENV, WORKER_DEV_PORT: String(port), FEEDWATCH_FEEDS: feeds, WORKER_ASSETS: assets, WORKER_DEV_STATE: join(tmp, 'state') };
  console.log(`worker-smoke: npm run worker:dev on port ${port}, feeds from ${feeds}`);
  const dev = start('npm', ['run', 'worker:dev'], { detached: true, env });
  let serve;
  try {
    await waitUntilAnswering(`${worker}/healthz`, dev, 'npm run worker:dev');
    const nodePort = await freePort();
    const node = `http://127.0.0.1:${nodePort}`;
    serve = start(process.execPath, [join(root, 'bin', 'feedwatch.js'), 'serve', '--out', assets, '--host', '127.0.0.1', '--port', String(nodePort)], {});
    await waitUntilAnswering(`${node}/healthz`, serve, 'feedwatch serve');

    const { file } = await checkServing(worker, node, port, nodePort, assets);
    await checkScheduledRun(worker, file);
  } catch (e) {
    failures.push(e.message);
  } finally {
    if (serve && serve.exitCode === null) {
      serve.kill('SIGTERM');
      await serve.exited;
    }
    await stopGroup(dev);
    await rm(tmp, { recursive: true, force: true });
  }
  if (failures.length) {
    console.error(`worker-smoke: FAILED (${failures.length} of ${checks} checks):\n${failures.map((f) => `  ${f}`).join('\n')}\n--- worker:dev output ---\n${dev.log}`);
    process.exitCode = 1;
  } else {
    console.log('worker-smoke: ok');
  }
}

await main();
