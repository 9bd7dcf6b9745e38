// A small output folder like the one build and check write, and HTTP helpers that do not
// normalise what they send.
import { mkdir, writeFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { request } from 'node:http';
import { connect } from 'node:net';

export const ATOM_DATE = '2018-11-29T10:00:00.000Z';

export function atomFeed(items = 3): string {
  const entries = Array.from({ length: items }, (_, i) =>
    [
      '  <entry>',
      `    <id>tag:sbhss.eu,2018:news/item-${i}</id>`,
      `    <title>”Ta inte EU-politiken från regionerna” – SKL:s uppmaning ${i}</title>`,
      `    <updated>2018-11-${String(29 - (i % 28)).padStart(2, '0')}T10:00:00Z</updated>`,
      `    <link rel="alternate" href="https://www.sbhss.eu/sv/item-${i}/"/>`,
      `    <content type="html">${'&lt;p&gt;Småland-Blekinge-Hallands deltagande var ett led i vårt påverkansarbete. &lt;/p&gt;'.repeat(8)}</content>`,
      '  </entry>',
    ].join('\n'),
  ).join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="sv">\n  <id>tag:sbhss.eu,2018:news</id>\n  <title>Nyheter</title>\n  <updated>${ATOM_DATE}</updated>\n${entries}\n</feed>\n`;
}

export function rssFeed(): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Nyheter</title><link>https://www.sbhss.eu/</link><description>${'Nyheter från Bryssel. '.repeat(20)}</description></channel></rss>\n`;
}

export const JSON_FEED = JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'Nyheter', items: [{ id: '1', content_text: 'Hej '.repeat(100) }] });

/** Writes the sample output folder; `outside` is a file beside it that must never be served. */
export async function writeSampleOutput(base: string): Promise<{ out: string; outside: string }> {
  const out = join(base, 'public');
  await mkdir(join(out, 'news', 'archive'), { recursive: true });
  await mkdir(join(out, 'health'), { recursive: true });
  await mkdir(join(base, 'secret-dir'), { recursive: true });
  const outside = join(base, 'secret.xml');
  await writeFile(outside, '<secret>outside the output folder</secret>\n');
  await writeFile(join(base, 'secret-dir', 'index.html'), '<p>secret index</p>\n');
  const files: Record<string, string | Buffer> = {
    'index.html': `<!doctype html><title>Feeds</title>${'<p>Nyheter</p>'.repeat(40)}`,
    'feeds.opml': `<?xml version="1.0"?><opml version="2.0"><head><title>Feeds</title></head><body>${'<outline text="Nyheter"/>'.repeat(10)}</body></opml>`,
    'news/atom.xml': atomFeed(),
    'news/rss.xml': rssFeed(),
    'news/feed.json': JSON_FEED,
    'news/archive/2018.xml': atomFeed(2),
    'news/archive/2017.xml': rssFeed(),
    'news/archive/2018.json': JSON_FEED,
    'news/archive/1.atom.xml': atomFeed(2),
    'news/archive/1.rss.xml': rssFeed(),
    'news/archive/1.feed.json': JSON_FEED,
    'news/archive/pages.json': JSON.stringify({ pages: [] }),
    'news/.last-modified.json': JSON.stringify({ 'atom.xml': ATOM_DATE, 'rss.xml': ATOM_DATE }),
    'health/report.json': JSON.stringify({ version: 1, summary: { total: 0 }, links: [], pad: 'x'.repeat(400) }),
    'health/report.html': `<!doctype html><title>Report</title>${'<p>ok</p>'.repeat(40)}`,
    'health/report.md': `# Report\n\n${'- ok\n'.repeat(80)}`,
    'health/alerts.atom': atomFeed(1),
    'logo.png': Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
    '.last-modified.json': '{}',
    'tiny.txt': 'hi',
  };
  for (const [name, body] of Object.entries(files)) await writeFile(join(out, name), body);
  await symlink(outside, join(out, 'escape.xml'));
  await symlink(join(base, 'secret-dir'), join(out, 'escape-dir'));
  await symlink(join(out, 'news', 'atom.xml'), join(out, 'inside-link.xml'));
  return { out, outside };
}

export interface Response {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export function get(url: string, init: { method?: string; headers?: Record<string, string> } = {}): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Sends the request line exactly as written (no client normalisation) and returns the raw answer. */
export function rawGet(port: number, target: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    });
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text });
    });
    socket.on('error', reject);
  });
}
