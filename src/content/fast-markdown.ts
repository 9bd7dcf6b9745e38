// A fast path for the plain Markdown most news items are: paragraphs, `- ` lists, `#` headings,
// `[text](url)` links and `<https://...>` autolinks, nothing else. It produces exactly what
// markdown-it produces for such text (tests/content/fast-paths.test.ts compares the two on
// thousands of documents) and gives up (undefined) on anything else: emphasis, code, HTML,
// entities, escapes, images, tables, quotes, indentation. markdown-it then renders the document.
// Why: markdown-it 15 costs ~100 µs per 2 KB item on our machine; this path costs a fraction.
import { safeUrl } from './urls.js';

/** The parts of a markdown-it instance we reuse, so links come out exactly as markdown-it writes them. */
export interface LinkRules {
  normalizeLink(url: string): string;
  /** undefined: give up (parsers.ts, without markdown-it, cannot say). */
  normalizeLinkText(url: string): string | undefined;
  validateLink(url: string): boolean;
}

/**
 * markdown-it's normalizeLink parses every URL (mdurl) and punycodes its host: ~10 µs a link. An
 * http(s) URL with a plain ASCII host, an optional numeric port and no user, or a relative one,
 * made only of these ASCII characters (no %, brackets, spaces or @) comes out unchanged, so the
 * work can be skipped; tests/content/fast-paths.test.ts checks that against markdown-it's own
 * normalizeLink. (An empty port, `host:/`, would lose its colon: the port needs a digit.)
 */
export const UNCHANGED_BY_NORMALIZE_LINK =
  /^(?:https?:\/\/[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*(?::[0-9]+)?\/|\/(?!\/)|\.\.?\/|#|\?)[A-Za-z0-9\-._~!$&'()*+,;=:/?#]*$/;

/**
 * The same for normalizeLinkText (an autolink's visible text: mdurl parse, punycode toUnicode,
 * percent-decoding): such a URL without an `xn--` label comes out unchanged too (checked likewise).
 */
export const UNCHANGED_BY_NORMALIZE_LINK_TEXT = (url: string): boolean =>
  UNCHANGED_BY_NORMALIZE_LINK.test(url) && !/xn--/i.test(url);

const GIVE_UP = undefined;
/** Characters that may start inline syntax (markdown-it's inline rules), or that we never handle. */
const SPECIAL = /[&<>\\`*_~[\]!\r\t\0]/;
/** A line that can only be paragraph text: no block marker at its start, no edge spaces. */
const PLAIN_START = /^[\p{L}\p{N}("'”“«„[]/u;
const SPACE = /\s/;
const ORDERED = /^\d{1,9}[.)]/;
const LINK = /^\[([^[\]\\`*_~&<>!\n]+)\]\(([^\s()<>\\&]+)\)/;
const AUTOLINK = /^<(https?:[^<>\u0000-\u0020]*)>/;
/** Tabs, CRs, NULs, form feeds and Unicode line breaks: rare, and handled subtly by markdown-it. */
const AVOID = /[\t\r\0\f\v\u0085\u2028\u2029]/;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

export function renderSimpleMarkdown(markdown: string, md: LinkRules, base: URL): string | undefined {
  if (AVOID.test(markdown)) return GIVE_UP;
  let out = '';
  let previousWasList = false;
  for (const block of markdown.split(/\n(?: *\n)+/)) {
    const lines = block.split('\n').filter((l, i, all) => !(/^ *$/.test(l) && (i === 0 || i === all.length - 1)));
    if (lines.length === 0) continue;
    // markdown-it knows only spaces as indentation, but trims paragraphs with JS trim(): avoid both.
    for (const l of lines) if (SPACE.test(l[0]!) || SPACE.test(l[l.length - 1]!)) return GIVE_UP;
    if (lines[0]!.startsWith('- ')) {
      if (previousWasList) return GIVE_UP; // a blank line between items makes a loose list
      out += '<ul>\n';
      for (const line of lines) {
        const content = line.slice(2);
        if (!line.startsWith('- ') || !PLAIN_START.test(content) || ORDERED.test(content)) return GIVE_UP;
        const html = inline(content, md, base);
        if (html === undefined) return GIVE_UP;
        out += `<li>${html}</li>\n`;
      }
      out += '</ul>\n';
      previousWasList = true;
      continue;
    }
    previousWasList = false;
    const heading = /^(#{1,6}) (.*)$/.exec(lines[0]!);
    if (heading) {
      const html = lines.length === 1 && !heading[2]!.endsWith('#') ? inline(heading[2]!, md, base) : undefined;
      if (html === undefined) return GIVE_UP;
      out += `<h${heading[1]!.length}>${html}</h${heading[1]!.length}>\n`;
      continue;
    }
    if (lines.some((l) => !PLAIN_START.test(l) || ORDERED.test(l))) return GIVE_UP;
    const html = inline(lines.join('\n'), md, base);
    if (html === undefined) return GIVE_UP;
    out += `<p>${html}</p>\n`;
  }
  return flat(out);
}

/**
 * `out` is a chain of concatenations (a rope); it gets flattened into one string when first read
 * (the XML-character check of every feed). Doing it here, while its pieces are young, lets them die
 * young instead of being kept and copied by the garbage collector until the feeds are rendered.
 */
function flat(text: string): string {
  text.charCodeAt(0); // V8 flattens a rope in place on indexed access
  return text;
}

function inline(text: string, md: LinkRules, base: URL): string | undefined {
  if (text === '' || text.startsWith(' ')) return GIVE_UP;
  let out = '';
  let rest = text;
  while (rest !== '') {
    const at = rest.search(SPECIAL);
    if (at === -1) return out + escape(rest);
    out += escape(rest.slice(0, at));
    rest = rest.slice(at);
    const link = LINK.exec(rest) ?? AUTOLINK.exec(rest);
    if (!link) return GIVE_UP;
    const autolink = link.length === 2;
    const href = md.normalizeLink(autolink ? link[1]! : link[2]!);
    if (!md.validateLink(href)) return GIVE_UP;
    const safe = safeUrl(href, base, false);
    if (safe === null) return GIVE_UP;
    const text = autolink ? md.normalizeLinkText(link[1]!) : undefined;
    const label = autolink ? (text === undefined ? undefined : escape(text)) : inline(link[1]!, md, base);
    if (label === undefined) return GIVE_UP;
    out += `<a href="${escape(safe)}">${label}</a>`;
    rest = rest.slice(link[0].length);
  }
  return out;
}

const NEEDS_ESCAPE = /[&<>"]/;

/** Most runs of text hold nothing to escape: a test first is several times cheaper than replace(). */
function escape(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(/[&<>"]/g, (c) => ESCAPES[c]!) : text;
}
