// `npm run bench -- worker-cpu`: the CPU one link costs the shared checking core (links/: the
// checker, politeness, redirects, parsing, fingerprint, verdict), measured in Node with
// process.cpuUsage, because workerd's clock does not advance during synchronous work (a Worker cannot
// time its own CPU). No network: an HttpClient hands back prepared answers at once, so what is
// counted is the core's work on each answer, which is the same code in the Worker. Figures for the
// README, "Scaling out": CPU per link, and whether one page fits the Workers Free plan's 10 ms.
//   C: the first page a fresh process reads (cold code, as in a new Worker isolate): 100 KB.
//   P: pages of 30, 100, 300 and 1,000 KB of HTML (news-site shaped: head, scripts, navigation,
//      article, footer), 400 links each; CPU per link, and the largest single parse.
//   R: 304 Not Modified (a revalidated, unchanged page): CPU per link without parsing.
//   X: 404 and a 301 chain to a page: CPU per link of a failure and of a redirect.
const { checkLinks } = await import('../dist/links/checker.js');
const { readPage, fingerprint } = await import('../dist/links/page.js');
const { checkerOptions } = await import('../dist/health/pipeline.js');
const { resolveConfig } = await import('../dist/core/config.js');

const encoder = new TextEncoder();

/** A news article page of about `kb` kilobytes, shaped like the sites feedwatch checks. */
function newsPage(kb, seed) {
  const nav = Array.from({ length: 60 }, (_, i) => `<li><a href="/section/${i}">Section ${i}</a></li>`).join('');
  const head = `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Regionalt nyhetsbrev ${seed}</title>` +
    Array.from({ length: 20 }, (_, i) => `<meta name="m${i}" content="value ${i}"><link rel="preload" href="/asset${i}.js">`).join('') +
    `<script>window.dataLayer=[${'{"event":"x","value":1},'.repeat(40)}];</script><style>${'.c{color:#123;margin:0 auto}'.repeat(60)}</style></head>`;
  const para = (i) => `<p>Regionerna i norra Sverige samarbetar kring EU:s sammanhållningspolitik. Stycke ${i} om ${seed}, med <a href="https://example.org/${i}">en länk</a> och <strong>betoning</strong>.</p>`;
  const foot = `<footer><div class="cookie-banner">Vi använder kakor.</div>${'<div class="share"><a href="#">Dela</a></div>'.repeat(10)}<p>© 2026 Kontoret</p></footer>`;
  let body = `<body><header><nav><ul>${nav}</ul></nav></header><main><article><h1>Rubrik ${seed}</h1><time datetime="2026-01-01">1 jan</time>`;
  let i = 0;
  const target = kb * 1024;
  const parts = [head, body];
  let size = head.length + body.length + foot.length + 40;
  while (size < target) {
    const p = i % 12 === 11 ? `<div class="related"><ul>${nav.slice(0, 800)}</ul></div>` : para(i);
    parts.push(p);
    size += p.length;
    i++;
  }
  parts.push(`</article></main>${foot}</body></html>`);
  return parts.join('');
}

function answer(status, headers, body = '') {
  return { kind: 'response', status, headers, body: encoder.encode(body), truncated: false, remoteAddress: null };
}

async function measure(label, count, respond) {
  const config = resolveConfig({ flags: { concurrency: '6', 'per-host': '6' } });
  const http = { request: async (url) => respond(url) };
  const targets = Array.from({ length: count }, (_, i) => ({ url: `https://news${i % 20}.example/article/${i}`, items: [] }));
  global.gc?.();
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const results = await checkLinks({ targets, previous: new Map(), http, now: () => new Date(), options: checkerOptions(config) });
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - started;
  const perLink = (cpu.user + cpu.system) / 1000 / count;
  const statuses = [...new Set(results.map((r) => r.status))].join(', ');
  console.log(`${label.padEnd(34)} ${String(count).padStart(5)} links  CPU ${perLink.toFixed(3).padStart(7)} ms/link  (wall ${(wall / count).toFixed(3)} ms/link; ${statuses})`);
  return perLink;
}

const want = new Set((process.env.BENCH_RUNS ?? 'C,P,R,X').split(','));
if (want.has('C')) {
  // Before anything else has run: the parser and the normalizer are not compiled yet.
  const page = newsPage(100, 'cold');
  const t = process.cpuUsage();
  fingerprint(readPage(page));
  const c = process.cpuUsage(t);
  console.log(`C: the first 100 KB page of a fresh process: ${((c.user + c.system) / 1000).toFixed(1)} ms of CPU`);
}
if (want.has('P')) {
  for (const kb of [30, 100, 300, 1000]) {
    const pages = Array.from({ length: 8 }, (_, i) => newsPage(kb, i));
    await measure(`P: ${kb} KB HTML pages`, kb >= 1000 ? 100 : 400, (url) =>
      answer(200, { 'content-type': 'text/html; charset=utf-8', etag: '"x"' }, pages[Number(url.split('/').pop()) % pages.length]));
    // One parse on its own, the largest of a few: what a single page costs at once.
    let worst = 0;
    for (let i = 0; i < 20; i++) {
      const t = process.cpuUsage();
      fingerprint(readPage(pages[i % pages.length]));
      const c = process.cpuUsage(t);
      worst = Math.max(worst, (c.user + c.system) / 1000);
    }
    console.log(`   one ${kb} KB page: read and fingerprinted in at most ${worst.toFixed(1)} ms of CPU (Workers Free: 10 ms per invocation)`);
  }
}
if (want.has('R')) await measure('R: 304 Not Modified', 2000, () => answer(304, { etag: '"x"' }));
if (want.has('X')) {
  await measure('X: 404', 2000, () => answer(404, { 'content-type': 'text/html' }, '<html><title>Not found</title></html>'));
  const small = newsPage(30, 'moved');
  await measure('X: 301 to a 30 KB page', 1000, (url) =>
    url.endsWith('/new') ? answer(200, { 'content-type': 'text/html' }, small) : answer(301, { location: `${url}/new` }));
}
