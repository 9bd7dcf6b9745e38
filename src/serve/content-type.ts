// Media types of the files in the output folder. Feed readers rely on the exact type
// (feeds field notes, "HTTP": a wrong media type is a classic error), always with a charset for text.

const RSS = 'application/rss+xml; charset=utf-8';
const ATOM = 'application/atom+xml; charset=utf-8';
const JSON_FEED = 'application/feed+json; charset=utf-8'; // JSON Feed 1.1 §"Suggestions for publishers"

/** Files whose name alone says what they are (the build and check output contract). */
const BY_NAME: Record<string, string> = {
  'rss.xml': RSS,
  'atom.xml': ATOM,
  'alerts.atom': ATOM,
  'feed.json': JSON_FEED,
  'feeds.opml': 'text/x-opml; charset=utf-8',
};

const BY_EXTENSION: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8', // RFC 7763
  '.txt': 'text/plain; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.opml': 'text/x-opml; charset=utf-8',
  '.atom': ATOM,
  '.rss': RSS,
  '.xml': 'application/xml; charset=utf-8',
  '.xsl': 'application/xslt+xml; charset=utf-8',
  '.svg': 'image/svg+xml; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Types worth compressing: text formats. Images and fonts are compressed already. */
export function isCompressible(contentType: string): boolean {
  return /^(text\/|application\/(.+\+)?(xml|json)|image\/svg\+xml)/.test(contentType);
}

/** How many leading bytes are looked at to tell an RSS archive page from an Atom one. */
const SNIFF_BYTES = 512;
const utf8 = new TextDecoder();

function sniffXml(head: string): string | undefined {
  // The root element decides: the first element after the declaration, comments, processing
  // instructions and doctype.
  const body = head.replace(/<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>/gi, '');
  const root = /<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)/.exec(body)?.[2];
  if (root === 'rss' || root === 'RDF') return RSS;
  if (root === 'feed') return ATOM;
  return undefined;
}

/**
 * The Content-Type of a file, from its name and, for `.xml` and `.json` files that are not
 * named by the contract, from its first bytes (the root element, or JSON Feed's version).
 * @param relativePath path inside the output folder, with `/` separators
 */
export function contentTypeFor(relativePath: string, bytes: Uint8Array): string {
  const name = relativePath.slice(relativePath.lastIndexOf('/') + 1).toLowerCase();
  const known = BY_NAME[name];
  if (known) return known;
  // Archive pages are named after the main document: `archive/3.atom.xml`, `3.rss.xml`, `3.feed.json`.
  const suffix = /\.(rss\.xml|atom\.xml|feed\.json)$/.exec(name)?.[1];
  if (suffix) return BY_NAME[suffix]!;
  const dot = name.lastIndexOf('.');
  const ext = dot >= 0 ? name.slice(dot) : '';
  if (ext === '.xml' || ext === '.json') {
    const head = utf8.decode(bytes.subarray(0, SNIFF_BYTES));
    if (ext === '.xml') return sniffXml(head) ?? BY_EXTENSION['.xml']!;
    if (/"version"\s*:\s*"https:\/\/jsonfeed\.org\/version\//.test(head)) return JSON_FEED;
    return BY_EXTENSION['.json']!;
  }
  return BY_EXTENSION[ext] ?? 'application/octet-stream';
}
