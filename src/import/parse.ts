// One fetched document -> a SourcePage: decode its bytes (BOM, HTTP charset, XML declaration),
// tell RSS, Atom and JSON Feed apart, and say clearly what it is when it is none of them.
import { readAtom } from './atom.js';
import { quoteNumericIds, readJsonFeed } from './json-feed.js';
import { readRss } from './rss.js';
import { NotAFeedError, type SourcePage } from './source.js';
import { NS, XmlSyntaxError, parseXml } from './xml.js';

export interface FetchedDocument {
  /** How messages name it: the URL, or the file as given. */
  label: string;
  /** Its address after redirects (an http(s) or file: URL): relative links resolve against it. */
  location: string;
  body: Uint8Array;
  /** The Content-Type header, if it came over HTTP. */
  contentType?: string;
}

function charsetOf(contentType: string | undefined): string | undefined {
  return /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1];
}

function decode(bytes: Uint8Array, label: string): string {
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch (e) {
    if (e instanceof RangeError) throw new NotAFeedError(`it declares the character encoding "${label}", which is not known`);
    throw new NotAFeedError(`it is not valid ${label} text (check the encoding it declares)`);
  }
}

/** The text of the document: a BOM first, then the HTTP charset, then the XML declaration, then UTF-8. */
export function decodeDocument(doc: FetchedDocument): string {
  const b = doc.body;
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return decode(b, 'utf-8');
  if (b[0] === 0xff && b[1] === 0xfe) return decode(b, 'utf-16le');
  if (b[0] === 0xfe && b[1] === 0xff) return decode(b, 'utf-16be');
  const head = new TextDecoder('latin1').decode(b.subarray(0, 200));
  const declared = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
  return decode(b, charsetOf(doc.contentType) ?? declared ?? 'utf-8');
}

/** An HTML page's own feed links (<link rel="alternate" type="application/rss+xml" href>), for the hint. */
function feedLinksOf(html: string, base: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<link\b[^>]*>/gi)) {
    const tag = m[0];
    if (!/\brel\s*=\s*["']?alternate/i.test(tag) || !/\btype\s*=\s*["']?application\/(rss|atom|feed)\+(xml|json)/i.test(tag)) continue;
    const href = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag);
    const value = href?.[1] ?? href?.[2] ?? href?.[3];
    if (!value) continue;
    try {
      out.push(new URL(value, base).href);
    } catch {
      // not a usable address: no hint from it
    }
  }
  return out;
}

/** Throws NotAFeedError saying what the document is instead. */
export function parseFeedDocument(doc: FetchedDocument): SourcePage {
  const text = decodeDocument(doc).replace(/^\uFEFF/, '');
  const start = text.trimStart();
  if (start.startsWith('{') || start.startsWith('[')) {
    let value: unknown;
    try {
      value = JSON.parse(quoteNumericIds(text));
    } catch {
      // Said about the text as it came, so the position in the message is the source's.
      try {
        JSON.parse(text);
      } catch (e) {
        throw new NotAFeedError(`it looks like JSON but does not parse (${(e as Error).message})`);
      }
      throw new NotAFeedError('it looks like JSON but does not parse');
    }
    return readJsonFeed(value, doc.label, doc.location);
  }
  if (/^<(!doctype\s+html|html[\s>])/i.test(start)) {
    const links = feedLinksOf(text, doc.location);
    throw new NotAFeedError(`it is an HTML page, not a feed${links.length ? `; the page names its feed: ${links.join(', ')}` : ''}`);
  }
  if (!start.startsWith('<')) throw new NotAFeedError('it is neither XML (RSS, Atom) nor JSON (JSON Feed)');
  let root;
  try {
    root = parseXml(text);
  } catch (e) {
    if (e instanceof XmlSyntaxError) throw new NotAFeedError(`it is not well-formed XML: ${e.message}`);
    throw e;
  }
  if (root.uri === '' && root.local === 'rss') return readRss(root, doc.label, doc.location);
  if (root.uri === NS.atom && root.local === 'feed') return readAtom(root, doc.label, doc.location);
  if (root.uri === NS.rdf && root.local === 'RDF') throw new NotAFeedError('it is RSS 1.0 (RDF), which import does not read; use the site\'s RSS 2.0, Atom or JSON feed');
  if (root.local === 'feed') throw new NotAFeedError(`it is an Atom feed of another version (namespace "${root.uri}"); import reads Atom 1.0 (${NS.atom})`);
  if (root.local.toLowerCase() === 'html') throw new NotAFeedError('it is an HTML page, not a feed');
  throw new NotAFeedError(`it is XML with the root element <${root.local}>, not a feed (<rss> or an Atom <feed>)`);
}
