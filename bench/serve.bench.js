// `npm run bench -- serve`: requests per second of our server against a bare node:http server
// sending the same status, headers and bytes of a realistic atom.xml (50 entries), for a full GET
// and for a 304 (If-None-Match). Goal (issue #5): at least 80% of the bare server.
// Each server runs in its own process (as in production); autocannon drives it from this one.
// BENCH_COMPARE_DIST=<another build's dist/> adds that build's server to the same alternating rounds
// (say, main before a change), so before and after are measured under the same load.
import { createServer } from 'node:http';
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import autocannon from 'autocannon';

const DURATION_S = Number(process.env.BENCH_DURATION ?? 5);
const CONNECTIONS = 50;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const COMPARE_DIST = process.env.BENCH_COMPARE_DIST;

function atom(entries) {
  const items = [];
  for (let i = 0; i < entries; i++) {
    items.push(`  <entry>
    <id>tag:sbhss.eu,2018:news/item-${i}</id>
    <title>”Ta inte EU-politiken från regionerna” – SKL:s uppmaning till Sveriges regering ${i}</title>
    <updated>2018-11-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z</updated>
    <link rel="alternate" type="text/html" href="https://www.sbhss.eu/sv/nyhet-${i}/"/>
    <author><name>Småland-Blekinge-Hallands Brysselkontor</name></author>
    <summary type="text">Lena Micko och Carola Gunnarsson har skrivit en debattartikel om sammanhållningspolitiken.</summary>
    <content type="html">&lt;p&gt;Lena Micko och Carola Gunnarsson, ordförande respektive styrelseledamot i Sveriges Kommuner och Landsting (SKL) har skrivit en debattartikel på nyhetssajten &lt;a href="https://www.europaportalen.se/"&gt;Europaportalen&lt;/a&gt; angående regeringens position till inriktningen för den nya sammanhållningspolitiken. Under morgondagen ska det nya förslaget diskuteras mellan EU-medlemsländerna.&lt;/p&gt;</content>
  </entry>`);
  }
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="sv">
  <id>tag:sbhss.eu,2018:news</id>
  <title>Nyheter från Småland-Blekinge-Halland</title>
  <updated>2018-11-29T10:00:00Z</updated>
  <link rel="self" href="http://localhost:8787/news/atom.xml"/>
${items.join('\n')}
</feed>
`;
}

// --- child process side: run one server and print its port
/** The server process answers each line on stdin with its CPU time so far, in microseconds. */
function answerCpuQueries() {
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', () => {
    const u = process.cpuUsage();
    process.stdout.write(`cpu ${u.user + u.system}\n`);
  });
}

async function serveChild(kind, dir, headersJson) {
  answerCpuQueries();
  if (kind === 'ours' || kind === 'other') {
    const dist = kind === 'ours' ? new URL('../dist/', import.meta.url) : pathToFileURL(join(COMPARE_DIST, '/'));
    const { startFeedServer } = await import(new URL('runtime/node/server/server.js', dist).href);
    const s = await startFeedServer({ root: dir, host: '127.0.0.1', port: 0, maxAge: 300 });
    console.log(s.port);
    return;
  }
  // The least a server can do: the same status, headers and bytes as ours, precomputed, no file system.
  const { readFile } = await import('node:fs/promises');
  const bytes = await readFile(join(dir, 'news', 'atom.xml'));
  const etag = `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`;
  const headers = { ...JSON.parse(headersJson), etag, 'content-length': bytes.byteLength };
  const notModified = { ...headers };
  delete notModified['content-type'];
  delete notModified['content-length'];
  const { gzipSync } = await import('node:zlib');
  const gzipped = gzipSync(bytes, { level: 9 });
  const gzHeaders = { ...headers, etag: etag.replace(/"$/, '-gz"'), 'content-encoding': 'gzip', 'content-length': gzipped.byteLength };
  const server = createServer((req, res) => {
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, notModified);
      res.end();
      return;
    }
    // The decision a bare server must make too: compressed or not (no q-values, no cache lookup).
    if (req.headers['accept-encoding'] === 'gzip') {
      res.writeHead(200, gzHeaders);
      res.end(gzipped);
      return;
    }
    res.writeHead(200, headers);
    res.end(bytes);
  });
  server.listen(0, '127.0.0.1', () => console.log(server.address().port));
}

function startChild(kind, dir, headers = {}) {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--serve', kind, dir, JSON.stringify(headers)], { stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdout.setEncoding('utf8');
  const cpu = () =>
    new Promise((resolve) => {
      child.stdout.once('data', (d) => resolve(Number(/cpu (\d+)/.exec(d)[1])));
      child.stdin.write('cpu\n');
    });
  return new Promise((resolve, reject) => {
    child.stdout.once('data', (d) => resolve({ child, port: Number(String(d).trim()), cpu }));
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
}

/** Requests per second of wall time, and requests per second of the server's own CPU time. */
async function measure(server, url, headers, expectStatus) {
  const cpuBefore = await server.cpu();
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, headers });
  const cpuSeconds = ((await server.cpu()) - cpuBefore) / 1e6;
  const matching = expectStatus === 304 ? result['3xx'] : result['2xx'];
  const answered = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'];
  if (matching !== answered || result.errors) throw new Error(`${url}: ${answered} answers, ${matching} were ${expectStatus}; ${result.errors} errors`);
  return { rps: result.requests.average, perCpuSecond: result.requests.total / cpuSeconds };
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'feedwatch-bench-'));
  const children = [];
  try {
    const bytes = Buffer.from(atom(50));
    await mkdir(join(dir, 'news'), { recursive: true });
    await writeFile(join(dir, 'news', 'atom.xml'), bytes);
    await writeFile(join(dir, 'news', '.last-modified.json'), JSON.stringify({ 'atom.xml': '2018-11-29T10:00:00Z' }));
    const ours = await startChild('ours', dir);
    children.push(ours.child);
    const oursUrl = `http://127.0.0.1:${ours.port}/news/atom.xml`;
    // autocannon sends no Accept-Encoding: the identity variant, as in the bare server.
    const sample = await fetch(oursUrl, { headers: { 'accept-encoding': 'identity' } });
    const etag = sample.headers.get('etag');
    const copied = {};
    for (const name of ['content-type', 'last-modified', 'cache-control', 'access-control-allow-origin', 'access-control-expose-headers', 'x-content-type-options', 'vary']) copied[name] = sample.headers.get(name);
    const bare = await startChild('bare', dir, copied);
    children.push(bare.child);
    const bareUrl = `http://127.0.0.1:${bare.port}/news/atom.xml`;
    const other = COMPARE_DIST ? await startChild('other', dir) : undefined;
    if (other) children.push(other.child);
    const otherUrl = other && `http://127.0.0.1:${other.port}/news/atom.xml`;
    console.log(`atom.xml: ${bytes.byteLength} bytes, 50 entries; ${CONNECTIONS} connections, ${DURATION_S} s per run, medians of ${ROUNDS} alternating rounds; each server in its own process`);
    for (const [name, status, headers] of [
      ['GET 200', 200, {}],
      ['GET 200 gzip', 200, { 'accept-encoding': 'gzip' }],
      ['GET 304 (If-None-Match)', 304, { 'if-none-match': etag }],
    ]) {
      await measure(bare, bareUrl, headers, status); // warm-up for both, so neither pays for the JIT
      await measure(ours, oursUrl, headers, status);
      if (other) await measure(other, otherUrl, headers, status);
      // Alternate the servers. Wall-clock req/s swings with the rest of the machine's load (other
      // processes share the 2 cores); requests per CPU-second of the server process hardly does,
      // so the goal is judged on that: the median over the rounds.
      const b = [];
      const o = [];
      const c = [];
      for (let i = 0; i < ROUNDS; i++) {
        b.push(await measure(bare, bareUrl, headers, status));
        o.push(await measure(ours, oursUrl, headers, status));
        if (other) c.push(await measure(other, otherUrl, headers, status));
      }
      const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
      const cpuPct = (100 * median(o.map((x) => x.perCpuSecond))) / median(b.map((x) => x.perCpuSecond));
      const wallPct = (100 * median(o.map((x) => x.rps))) / median(b.map((x) => x.rps));
      const pct = cpuPct;
      console.log(
        `${name.padEnd(24)} per server CPU-second: feedwatch ${median(o.map((x) => x.perCpuSecond)).toFixed(0).padStart(6)}, bare ${median(b.map((x) => x.perCpuSecond)).toFixed(0).padStart(6)} = ${cpuPct.toFixed(0)}% (goal >= 80%)   ` +
          `wall: ${median(o.map((x) => x.rps)).toFixed(0)} vs ${median(b.map((x) => x.rps)).toFixed(0)} req/s = ${wallPct.toFixed(0)}%`,
      );
      if (other) {
        const otherCpu = median(c.map((x) => x.perCpuSecond));
        console.log(
          `${''.padEnd(24)} compared build: ${otherCpu.toFixed(0).padStart(6)} per CPU-second = ${((100 * otherCpu) / median(b.map((x) => x.perCpuSecond))).toFixed(0)}% of bare; ` +
            `this build / compared build = ${((100 * median(o.map((x) => x.perCpuSecond))) / otherCpu).toFixed(0)}%`,
        );
      }
      if (pct < 80) process.exitCode = 1;
    }
  } finally {
    for (const c of children) c.kill();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--serve') await serveChild(process.argv[3], process.argv[4], process.argv[5]);
else await main();
