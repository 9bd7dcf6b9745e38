// Sanitizes HTML that came from raw HTML in Markdown, by allowlist (html-allowlist.ts), with
// sanitize-html: known elements and attributes are kept, active content and forms removed, other
// known tags unwrapped, and tags HTML does not know (`<brackets>` typed in Markdown) shown as the
// text they were. URLs are made absolute; the output is balanced and also well-formed XML (`<br />`,
// `controls=""`, no HTML-only entities), so `</content>` or an unclosed `<div>` cannot leak out.
// Only items whose Markdown holds raw HTML come here (see markdown.ts): parsing is the costly part.
import sanitize from 'sanitize-html';
import { ConfigError } from '../core/errors.js';
import { cleanText } from './clean.js';
import {
  BOOLEAN_ATTRIBUTES, CELL_STYLE, CODE_CLASS, DROPPED_ELEMENTS, GLOBAL_ATTRIBUTES, IFRAME_ATTRIBUTES, KEPT_ELEMENTS,
  UNWRAPPED_ELEMENTS, URL_SCHEMES, VOID_ELEMENTS,
} from './html-allowlist.js';
import { safeSrcset, safeUrl } from './urls.js';

/** Attributes holding one URL; the image ones may hold a data:image. */
const URL_ATTRIBUTES = new Set(['href', 'src', 'poster', 'cite']);
const IMAGE_SLOTS = new Set(['img', 'source', 'video']);

const KEPT = new Set(Object.keys(KEPT_ELEMENTS));
const DROPPED = new Set(DROPPED_ELEMENTS);
const UNWRAPPED = new Set(UNWRAPPED_ELEMENTS);
/** Per element, every attribute it may keep; enforced in cleanAttributes. */
const ATTRIBUTES = new Map<string, ReadonlySet<string>>([
  ...Object.entries(KEPT_ELEMENTS).map(([tag, names]): [string, ReadonlySet<string>] => [tag, new Set([...GLOBAL_ATTRIBUTES, ...names])]),
  ['iframe', new Set([...GLOBAL_ATTRIBUTES, ...IFRAME_ATTRIBUTES])],
]);
/** Any attribute of any element: sanitize-html's own check. One list, because it rebuilds its
 *  per-element tables on every call (70 elements: half its fixed cost). */
const ANY_ATTRIBUTE = [...new Set([...ATTRIBUTES.values()].flatMap((names) => [...names]))];

export type HtmlSanitizer = (html: string, base: URL) => string;

/** Options sanitize-html 2.17.5 has and @types/sanitize-html 2.16.1 does not list. */
type Options = sanitize.IOptions & { allowedEmptyAttributes: string[]; preserveEscapedAttributes: boolean };

/** A host name as a URL parser writes it: lowercase ASCII letters, digits, `-` and `.`. */
const HOST = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/**
 * The sanitizer for one build. `iframeHosts` (config `iframeHosts`) are the host names whose
 * `<iframe>`s are kept, compared with the `src` host exactly (list `www.` variants separately).
 * `onIframeRemoved` hears of every other iframe, with its host ('' without a usable `src`), so the
 * build can say what it removed.
 */
export function createSanitizer(iframeHosts: readonly string[] = [], onIframeRemoved?: (host: string) => void): HtmlSanitizer {
  const hosts = iframeHosts.map(asciiHost);
  let base = new URL('about:blank');
  // The host of the iframe being read: its attributes are seen when it opens, the decision made when it closes.
  let iframeHost = '';

  const options: Options = {
    // Every known element passes the parser's check, so that exclusiveFilter decides what is
    // dropped or unwrapped: in 'escape' mode sanitize-html 2.17.5 loses the text before a
    // *disallowed* element that exclusiveFilter removes. Unknown elements are the disallowed ones.
    allowedTags: [...KEPT, ...DROPPED, ...UNWRAPPED],
    allowVulnerableTags: true, // script and style are "allowed" only to be removed whole below
    disallowedTagsMode: 'escape',
    preserveEscapedAttributes: true,
    allowedAttributes: { '*': ANY_ATTRIBUTE }, // per element in cleanAttributes
    allowedEmptyAttributes: ['alt', ...BOOLEAN_ATTRIBUTES],
    nonBooleanAttributes: ['*'], // any other empty attribute goes: `title` alone is not XML
    selfClosing: VOID_ELEMENTS,
    allowedSchemes: URL_SCHEMES,
    allowedSchemesByTag: { img: [...URL_SCHEMES, 'data'], source: [...URL_SCHEMES, 'data'], video: [...URL_SCHEMES, 'data'] },
    allowedSchemesAppliedToAttributes: [...URL_ATTRIBUTES],
    allowProtocolRelative: false,
    allowedIframeHostnames: hosts,
    allowIframeRelativeUrls: false,
    parseStyleAttributes: false, // postcss is slow; `style` is only ever a cell's text-align (transform)
    parser: { decodeEntities: true },
    transformTags: {
      '*': (tagName, attribs) => {
        const cleaned = cleanAttributes(tagName, attribs, base);
        if (tagName === 'iframe') iframeHost = hostOf(cleaned.src);
        return { tagName, attribs: cleaned };
      },
    },
    textFilter: (text) => cleanText(text),
    exclusiveFilter: (frame) => {
      if (frame.tag === 'iframe') {
        // sanitize-html has taken away the src of a host not in allowedIframeHostnames.
        const removed = !hosts.length || !frame.attribs.src;
        if (removed) onIframeRemoved?.(iframeHost);
        return removed;
      }
      if (DROPPED.has(frame.tag)) return true;
      return UNWRAPPED.has(frame.tag) ? 'excludeTag' : false;
    },
  };

  return (html, itemBase) => {
    base = itemBase;
    return sanitize(html, options);
  };
}

/** The default build's sanitizer: no iframes. */
export const sanitizeHtml: HtmlSanitizer = createSanitizer();

/**
 * The attributes `tag` may have (all of them for a tag shown as text), values without XML-illegal
 * characters, URLs resolved against the item link or removed, `class` and `style` only as
 * Markdown writes them.
 */
function cleanAttributes(tag: string, attribs: sanitize.Attributes, base: URL): sanitize.Attributes {
  const allowed = ATTRIBUTES.get(tag);
  const known = allowed !== undefined || DROPPED.has(tag) || UNWRAPPED.has(tag);
  const out: sanitize.Attributes = {};
  for (const [name, raw] of Object.entries(attribs)) {
    if (known && !allowed?.has(name)) continue;
    let value: string | null = cleanText(raw);
    if (allowed) {
      if (URL_ATTRIBUTES.has(name)) value = safeUrl(value, base, IMAGE_SLOTS.has(tag) && name !== 'href');
      else if (name === 'srcset') value = safeSrcset(value, base);
      else if (name === 'class' && !CODE_CLASS.test(value)) value = null;
      else if (name === 'style' && !CELL_STYLE.test(value)) value = null;
    }
    if (value !== null) out[name] = value;
  }
  return out;
}

function hostOf(url: string | undefined): string {
  try {
    return url ? new URL(url).hostname : '';
  } catch {
    return '';
  }
}

function asciiHost(host: string): string {
  let ascii = '';
  try {
    ascii = new URL(`https://${host}/`).hostname;
  } catch {
    // not a host name
  }
  // An ASCII name must come back as it was (lowercased): "https://x/" or "x/path" do not.
  const unchanged = /[^\x00-\x7f]/.test(host) || ascii === host.toLowerCase();
  if (!HOST.test(ascii) || !unchanged) {
    throw new ConfigError(`iframeHosts: "${host}" is not a host name; write host names only, e.g. ["www.youtube-nocookie.com", "player.vimeo.com"].`);
  }
  return ascii;
}
