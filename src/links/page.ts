// What the checker reads from an HTML page: title, main heading, anchors (ids and names), and the
// main text with noise left out, from which the fingerprint is made.
// htmlparser2 directly (cheerio's own parser): cheerio's load() wrapper costs 4x the parse (bench/check.bench.js).
import { parseDocument } from 'htmlparser2';
import { murmur3_128 } from './hash.js';

/** Elements that never carry the page's content. */
const NOISE_TAGS = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'canvas', 'iframe', 'object', 'embed', 'form', 'button', 'select',
  'input', 'textarea', 'nav', 'header', 'footer', 'aside', 'time', 'head',
]);
/** ARIA roles of page furniture rather than content. */
const NOISE_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'search', 'dialog', 'alert', 'alertdialog']);
/** Elements that end a word: a space goes after them so "a</p><p>b" does not read "ab". */
const BLOCK_TAGS = new Set([
  'p', 'div', 'li', 'br', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'td', 'th', 'tr', 'section', 'dd', 'dt', 'blockquote', 'pre',
  'ul', 'ol', 'table', 'article', 'main', 'figcaption', 'hr',
]);

/**
 * id/class words of boxes that rotate or are not the page's own content: cookie banners, ads, "related"
 * lists, share buttons (changedetection.io #1679, #908: false change alerts from such boxes).
 */
const NOISE_NAMES =
  /(^|[\s_-])(cookie|cookies|consent|gdpr|banner|advert|advertisement|ads?|adslot|sponsor|sponsored|promo|related|recommended|recommendations|share|sharing|social|newsletter|popup|modal|breadcrumbs?|sidebar|comments?|widget|teaser|carousel|slider|skip|visually-hidden|sr-only|puff|relaterat|relaterade)([\s_-]|$)/i;

export interface PageFacts {
  title: string | null;
  heading: string | null;
  /** Main text with noise elements removed, whitespace collapsed: what a maintainer reads. */
  text: string;
  /** `text` without the volatile tokens: what the fingerprint is made of. */
  mainText: string;
  /** ids and names of elements: where `#fragment` links can land. */
  anchors: Set<string>;
}

/** The parts of htmlparser2's DOM (domhandler) that are read here. */
interface DomNode {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: DomNode[];
}

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();
const isElement = (n: DomNode) => n.type === 'tag' || n.type === 'script' || n.type === 'style';

function isNoise(n: DomNode): boolean {
  const a = n.attribs!;
  if (NOISE_TAGS.has(n.name!)) return true;
  if ('hidden' in a || 'datetime' in a || a['aria-hidden'] === 'true') return true;
  if (a.role && NOISE_ROLES.has(a.role.toLowerCase())) return true;
  return (a.id !== undefined || a.class !== undefined) && NOISE_NAMES.test(`${a.id ?? ''} ${a.class ?? ''}`);
}

function textOf(n: DomNode, out: string[], skipNoise: boolean): void {
  if (n.type === 'text') {
    out.push(n.data!);
    return;
  }
  if (!n.children) return;
  if (isElement(n) && skipNoise && isNoise(n)) return;
  for (const c of n.children) textOf(c, out, skipNoise);
  if (isElement(n) && BLOCK_TAGS.has(n.name!)) out.push(' ');
}

/**
 * One walk over the DOM (selector engines cost more than the parse on small pages, bench/check.bench.js):
 * anchors and headings from everywhere, the content root from outside the noise.
 */
export function readPage(html: string): PageFacts {
  const doc = parseDocument(html) as unknown as DomNode;
  const anchors = new Set<string>();
  let titleNode: DomNode | null = null;
  let h1Node: DomNode | null = null;
  let mainNode: DomNode | null = null;
  let bodyNode: DomNode | null = null;
  const walk = (n: DomNode, inNoise: boolean) => {
    if (!isElement(n)) {
      if (n.children) for (const c of n.children) walk(c, inNoise);
      return;
    }
    const a = n.attribs!;
    if (a.id) anchors.add(a.id);
    if (a.name && n.name === 'a') anchors.add(a.name);
    if (n.name === 'title') titleNode ??= n;
    else if (n.name === 'h1') h1Node ??= n;
    else if (n.name === 'body') bodyNode ??= n;
    const noise = inNoise || isNoise(n);
    if (!noise && !mainNode && (n.name === 'main' || n.name === 'article' || a.role === 'main')) mainNode = n;
    for (const c of n.children ?? []) walk(c, noise);
  };
  walk(doc, false);
  const plain = (n: DomNode | null) => {
    if (!n) return null;
    const out: string[] = [];
    textOf(n, out, false);
    return collapse(out.join('')) || null;
  };
  const out: string[] = [];
  textOf(mainNode ?? bodyNode ?? doc, out, true);
  const text = collapse(out.join(''));
  return { title: plain(titleNode), heading: plain(h1Node), text, mainText: normalizeText(text), anchors };
}

// Volatile tokens: timestamps (a date with a clock time, or a date after "updated"/"publicerad"...),
// relative times, live clocks, long hex ids and tokens, counters. A plain date in prose ("the
// deadline is 15 March") is content and stays.
const MONTHS =
  'jan(uary|uari)?|feb(ruary|ruari)?|mar(ch|s)?|apr(il)?|maj|may|jun(e|i)?|jul(y|i)?|aug(ust|usti)?|sep(t|tember)?|okt(ober)?|oct(ober)?|nov(ember)?|dec(ember)?|dez(ember)?|m[aä]rz|mai|juin|juillet|ao[uû]t|janvier|f[ée]vrier|avril|d[ée]cembre';
const DATE = `(\\d{4}-\\d{2}-\\d{2}|\\d{1,2}[./]\\d{1,2}[./]\\d{2,4}|\\d{1,2}\\.? (${MONTHS})\\.?( \\d{4})?|(${MONTHS})\\.? \\d{1,2}(st|nd|rd|th)?,?( \\d{4})?)`;
const TIME = '\\d{1,2}[:.]\\d{2}([:.]\\d{2})?( ?[ap]\\.?m\\.?)?';
const STAMP_LABEL =
  '(last updated|updated|last modified|modified|published|posted|generated|retrieved|as of|uppdaterad|senast uppdaterad|senast ändrad|ändrad|publicerad|hämtad|aktualisiert|veröffentlicht|mis à jour|publié|bijgewerkt|gepubliceerd|päivitetty|opdateret|oppdatert)';
const RELATIVE_TIME =
  /\b(för )?\d+ (sekunder|sekund|minuter|minut|timmar|timme|dagar|dag|veckor|vecka|seconds?|minutes?|mins?|hours?|days?|weeks?|months?) (sedan|ago)\b/gi;
const VOLATILE: readonly RegExp[] = [
  new RegExp(`${STAMP_LABEL}\\s*:?\\s*(den |on |am |le )?(${DATE})?(,? (kl\\.? |at |um |à )?${TIME})?`, 'gi'),
  /\b\d{4}-\d{2}-\d{2}[t ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(z|[+-]\d{2}:?\d{2})?\b/gi, // ISO 8601 date-time
  new RegExp(`\\b${DATE},? (kl\\.? |at |um |à )?${TIME}\\b`, 'gi'), // a date with a clock time
  /\b\d{1,2}:\d{2}:\d{2}\b/g, // live clocks with seconds
  RELATIVE_TIME,
  /\b(igår|idag|i dag|yesterday|today|just now|nyss)\b/gi,
  /\b[0-9a-f]{12,}\b/gi, // hex ids, hashes
  /\b(?=[a-z0-9_-]*\d)(?=[a-z0-9_-]*[a-z])[a-z0-9_-]{20,}\b/gi, // session tokens, nonces
  /\b\d[\d\s,.]*\s?(views|visningar|läsningar|comments|kommentarer|likes|gillar|shares|delningar|visits|besök|followers|följare|reads|readers|läsare)\b/gi, // counters
  /\b(views|visningar|comments|kommentarer|likes|shares|visits|besök)\s*:?\s*\d[\d\s,.]*/gi,
  /©\s*\d{4}(\s*[-–]\s*\d{4})?/g, // copyright years
];

/**
 * What a text must contain for a pattern to match at all, where testing that first is cheaper than
 * the pattern's scan (a page's text rarely has a clock time or "ago"): its labels, a clock time,
 * "sedan"/"ago". The same text comes out (tests/links/page-volatile.test.ts compares on fuzzed text).
 */
const NEEDS: ReadonlyMap<RegExp, RegExp> = new Map([
  [VOLATILE[0]!, /updated|modified|published|posted|generated|retrieved|as of|uppdaterad|ändrad|publicerad|hämtad|aktualisiert|veröffentlicht|mis à jour|publié|bijgewerkt|gepubliceerd|päivitetty|opdateret|oppdatert/i],
  [VOLATILE[2]!, /\d[:.]\d\d/],
  [RELATIVE_TIME, /sedan|ago/i],
]);

/** `text` is expected collapsed (readPage's `text`); other input is collapsed first. */
export function normalizeText(text: string): string {
  let t = /\s\s|^\s|\s$|[\t\n\r]/.test(text) ? collapse(text) : text;
  let changed = false;
  for (const re of VOLATILE) {
    if (NEEDS.get(re)?.test(t) === false) continue;
    const next = t.replace(re, ' ');
    if (next !== t) changed = true;
    t = next;
  }
  return changed ? collapse(t) : t;
}

/** Algorithm version: bump when readPage/normalizeText change, so old fingerprints re-baseline. */
export const FINGERPRINT_VERSION = 'v1';

/** Characters of main text kept to show what changed. */
export const EXCERPT_CHARS = 600;

export function fingerprint(facts: PageFacts): string {
  return fingerprintBytes(new TextEncoder().encode(`${facts.title ?? ''}\n${facts.mainText}`));
}

export function fingerprintBytes(bytes: Uint8Array): string {
  return `${FINGERPRINT_VERSION}:${murmur3_128(bytes)}`;
}

export function fingerprintVersion(fp: string | null): string | null {
  return fp ? fp.split(':', 1)[0]! : null;
}

/**
 * The start of the main text: what a maintainer sees of the page. The title is kept apart, and so
 * is a first heading that repeats it, so a change excerpt never starts with the page's title.
 */
export function excerptOf(facts: Pick<PageFacts, 'title' | 'heading' | 'text'>): string {
  const { title, heading } = facts;
  let text = facts.text;
  for (const t of [title, heading && title?.includes(heading) ? heading : null]) {
    if (t && text.startsWith(t)) {
      text = text.slice(t.length).trimStart();
      break;
    }
  }
  return detach(text.slice(0, EXCERPT_CHARS));
}

/** Excerpts kept by earlier versions began with `<title> | `; compare the text alone. */
export function excerptText(excerpt: string, title: string | null): string {
  return title && excerpt.startsWith(`${title} | `) ? excerpt.slice(title.length + 3) : excerpt;
}

/**
 * What changed, for a `changed` page: the texts around their first difference; when the text is the
 * same, the change is in the title, so the titles are what differs.
 */
export function pageChange(before: { excerpt: string; title: string | null }, after: { excerpt: string; title: string | null }): { before: string; after: string } {
  const was = excerptText(before.excerpt, before.title);
  if (was === after.excerpt && before.title !== after.title) return { before: `title: ${before.title ?? ''}`, after: `title: ${after.title ?? ''}` };
  return changeExcerpts(was, after.excerpt);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/**
 * A copy that does not share memory with its source: V8 keeps a slice as a view of the whole
 * string, so an excerpt kept per link would otherwise keep each page's full text alive.
 */
export function detach(s: string): string {
  return decoder.decode(encoder.encode(s));
}

/** Before/after excerpts trimmed to where they differ, with a little context, for `changed`. */
export function changeExcerpts(before: string, after: string, context = 60, max = 240): { before: string; after: string } {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before[endB - 1] === after[endA - 1]) {
    endB--;
    endA--;
  }
  const from = Math.max(0, start - context);
  const cut = (s: string, end: string | number) => {
    const e = Math.min(s.length, Number(end) + context, from + max);
    return `${from > 0 ? '…' : ''}${s.slice(from, e)}${e < s.length ? '…' : ''}`;
  };
  return { before: cut(before, endB), after: cut(after, endA) };
}
