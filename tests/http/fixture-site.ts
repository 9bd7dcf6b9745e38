// The small published folder the HTTP contract suite runs over, as plain data: what build and
// check write (feeds, archive pages, OPML, index, reports, content dates, the archive record),
// plus files that exercise every content type. Web-standard only (no node:*): each runtime's
// setup materialises it its own way (Node: a temp folder; the Worker: its assets and report store).

/** The Cache-Control max-age every runtime under the contract suite serves with. */
export const CONTRACT_MAX_AGE = 300;

export const ATOM_DATE = '2018-11-29T10:00:00.000Z';
/** The content date check gave the reports. */
export const REPORT_DATE = '2026-11-27T06:00:04.000Z';
/** Text that must never appear in an answer: it is only in dotfiles and outside the folder. */
export const NEVER_SERVED = ['DOTFILE-SECRET', 'outside the output folder', 'secret index', 'root:'];

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

function hex(s: string): Uint8Array {
  return Uint8Array.from(s.match(/../g) ?? [], (b) => parseInt(b, 16));
}

/** Every file by its path in the folder. Files whose name starts with a dot must never be served. */
export const FIXTURE_SITE: Readonly<Record<string, string | Uint8Array>> = {
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
  'news/archive/.pages.json': JSON.stringify({ version: 1, pages: [['tag:sbhss.eu,2018:news/item-2']], note: 'DOTFILE-SECRET' }),
  'news/.last-modified.json': JSON.stringify({ 'atom.xml': ATOM_DATE, 'rss.xml': ATOM_DATE, note: 'DOTFILE-SECRET' }),
  'health/report.json': JSON.stringify({ version: 1, summary: { total: 0 }, links: [], pad: 'x'.repeat(400) }),
  'health/report.html': `<!doctype html><title>Report</title>${'<p>ok</p>'.repeat(40)}`,
  'health/report.md': `# Report\n\n${'- ok\n'.repeat(80)}`,
  'health/alerts.atom': atomFeed(1),
  'health/.last-modified.json': JSON.stringify({ 'report.json': REPORT_DATE, 'report.html': REPORT_DATE, 'report.md': REPORT_DATE, 'alerts.atom': REPORT_DATE }),
  'logo.png': hex('89504e470d0a1a0a0000000d49484452'),
  '.last-modified.json': JSON.stringify({ note: 'DOTFILE-SECRET' }),
  '.feedwatch-build.json': JSON.stringify({ files: ['news/atom.xml'], note: 'DOTFILE-SECRET' }),
  'tiny.txt': 'hi',
};

/** A fixture file's bytes. */
export function fixtureBytes(path: string): Uint8Array {
  const content = FIXTURE_SITE[path];
  if (content === undefined) throw new Error(`no fixture file ${path}`);
  return typeof content === 'string' ? new TextEncoder().encode(content) : content;
}

/** The paths of files a reader may fetch (no dotfile anywhere in the path). */
export const PUBLISHED_PATHS = Object.keys(FIXTURE_SITE).filter((p) => !p.split('/').some((s) => s.startsWith('.')));
