// What the checker reads from an HTML page: title, main heading, anchors (ids and names), and the
// main text with noise left out, from which the fingerprint is made.
import { load } from 'cheerio/slim';

/** Elements that never carry the page's content. */
const NOISE_ELEMENTS =
  'script, style, noscript, template, svg, canvas, iframe, object, embed, form, button, select, input, textarea, ' +
  'nav, header, footer, aside, time, [datetime], [role=navigation], [role=banner], [role=contentinfo], ' +
  '[role=complementary], [role=search], [role=dialog], [role=alert], [aria-hidden=true], [hidden]';

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

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

export function readPage(html: string): PageFacts {
  const $ = load(html);
  const title = collapse($('title').first().text()) || null;
  const heading = collapse($('h1').first().text()) || null;
  const anchors = new Set<string>();
  $('[id]').each((_, el) => void anchors.add($(el).attr('id')!));
  $('a[name]').each((_, el) => void anchors.add($(el).attr('name')!));

  $(NOISE_ELEMENTS).remove();
  $('[id], [class]').each((_, el) => {
    const names = `${$(el).attr('id') ?? ''} ${$(el).attr('class') ?? ''}`;
    if (NOISE_NAMES.test(names)) $(el).remove();
  });
  const main = $('main, [role=main], article').first();
  const root = main.length ? main : $('body').length ? $('body') : $('html');
  // Block elements end words: add a space so "a</p><p>b" does not become "ab".
  root.find('p, div, li, br, h1, h2, h3, h4, h5, h6, td, th, section, dd, dt, blockquote, pre').each((_, el) => {
    $(el).append(' ');
  });
  const text = collapse(root.text());
  return { title, heading, text, mainText: normalizeText(text), anchors };
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
const VOLATILE: readonly RegExp[] = [
  new RegExp(`${STAMP_LABEL}\\s*:?\\s*(den |on |am |le )?(${DATE})?(,? (kl\\.? |at |um |à )?${TIME})?`, 'gi'),
  /\b\d{4}-\d{2}-\d{2}[t ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(z|[+-]\d{2}:?\d{2})?\b/gi, // ISO 8601 date-time
  new RegExp(`\\b${DATE},? (kl\\.? |at |um |à )?${TIME}\\b`, 'gi'), // a date with a clock time
  /\b\d{1,2}:\d{2}:\d{2}\b/g, // live clocks with seconds
  /\b(för )?\d+ (sekunder|sekund|minuter|minut|timmar|timme|dagar|dag|veckor|vecka|seconds?|minutes?|mins?|hours?|days?|weeks?|months?) (sedan|ago)\b/gi,
  /\b(igår|idag|i dag|yesterday|today|just now|nyss)\b/gi,
  /\b[0-9a-f]{12,}\b/gi, // hex ids, hashes
  /\b(?=[a-z0-9_-]*\d)(?=[a-z0-9_-]*[a-z])[a-z0-9_-]{20,}\b/gi, // session tokens, nonces
  /\b\d[\d\s,.]*\s?(views|visningar|läsningar|comments|kommentarer|likes|gillar|shares|delningar|visits|besök|followers|följare|reads|readers|läsare)\b/gi, // counters
  /\b(views|visningar|comments|kommentarer|likes|shares|visits|besök)\s*:?\s*\d[\d\s,.]*/gi,
  /©\s*\d{4}(\s*[-–]\s*\d{4})?/g, // copyright years
];

export function normalizeText(text: string): string {
  let t = collapse(text);
  for (const re of VOLATILE) t = t.replace(re, ' ');
  return collapse(t);
}

/** Algorithm version: bump when readPage/normalizeText change, so old fingerprints re-baseline. */
export const FINGERPRINT_VERSION = 'v1';

/** Characters of main text kept to show what changed. */
export const EXCERPT_CHARS = 600;

export async function fingerprint(facts: PageFacts): Promise<string> {
  const data = new TextEncoder().encode(`${facts.title ?? ''}\n${facts.mainText}`);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  const hex = Array.from(digest.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
  return `${FINGERPRINT_VERSION}:${hex}`;
}

export function fingerprintVersion(fp: string | null): string | null {
  return fp ? fp.split(':', 1)[0]! : null;
}

/** Title and the start of the main text: what a maintainer sees of the page. */
export function excerptOf(facts: PageFacts): string {
  const head = facts.title ? `${facts.title} | ` : '';
  return (head + facts.text).slice(0, EXCERPT_CHARS);
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
