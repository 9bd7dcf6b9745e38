// The rules of the W3C Feed Validation Service (github.com/w3c/feedvalidator, checked at commit
// 43dabeb, 2025-12-16) that feedwatch's output must pass, restated for tests: CI has no Python
// validator, so these carry its rules. Element lists are its HTMLValidator's `htmltags` and
// `acceptable_elements` (src/feedvalidator/validators.py); the patterns are its rfc2396_full
// (an RSS link must match, or "IRI found where URL expected") and its plain-text ("nonhtml") checks.

/** Every tag name the validator knows as HTML; any other in feed HTML: "Non-html tag". */
export const HTML_TAGS = new Set([
  'a', 'abbr', 'acronym', 'address', 'applet', 'area', 'article', 'aside', 'audio', 'b', 'base', 'basefont', 'bdi',
  'bdo', 'big', 'blockquote', 'body', 'br', 'button', 'canvas', 'caption', 'center', 'cite', 'code', 'col', 'colgroup',
  'command', 'data', 'datagrid', 'datalist', 'dd', 'del', 'details', 'dfn', 'dialog', 'dir', 'div', 'dl', 'dt', 'em',
  'eventsource', 'fieldset', 'figcaption', 'figure', 'font', 'footer', 'form', 'frame', 'frameset', 'h1', 'h2', 'h3',
  'h4', 'h5', 'h6', 'head', 'header', 'hgroup', 'hr', 'html', 'i', 'iframe', 'img', 'input', 'ins', 'isindex', 'kbd',
  'label', 'legend', 'li', 'link', 'm', 'main', 'mark', 'map', 'menu', 'meta', 'meter', 'nav', 'noframes', 'noscript',
  'object', 'ol', 'optgroup', 'option', 'output', 'p', 'param', 'picture', 'pre', 'progress', 'q', 'rp', 'rt', 'ruby',
  's', 'samp', 'script', 'section', 'select', 'slot', 'small', 'source', 'span', 'strike', 'strong', 'style', 'sub',
  'summary', 'sup', 'table', 'tbody', 'td', 'template', 'textarea', 'tfoot', 'th', 'thead', 'time', 'title', 'tr',
  'track', 'tt', 'u', 'ul', 'var', 'xmp', 'plaintext', 'embed', 'comment', 'listing', 'video', 'wbr',
]);

/** The HTML elements it accepts in content; any other known one: "<element> should not contain <tag> tag". */
export const ACCEPTABLE_ELEMENTS = new Set([
  'a', 'abbr', 'acronym', 'address', 'area', 'article', 'aside', 'audio', 'b', 'bdi', 'big', 'blockquote', 'br', 'button',
  'canvas', 'caption', 'center', 'cite', 'code', 'col', 'colgroup', 'command', 'data', 'datagrid', 'datalist', 'dd',
  'del', 'details', 'dfn', 'dialog', 'dir', 'div', 'dl', 'dt', 'em', 'eventsource', 'fieldset', 'figcaption', 'figure',
  'footer', 'font', 'form', 'header', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hgroup', 'hr', 'i', 'img', 'input', 'ins',
  'keygen', 'kbd', 'label', 'legend', 'li', 'm', 'main', 'map', 'mark', 'menu', 'meter', 'multicol', 'nav', 'nextid',
  'ol', 'output', 'optgroup', 'option', 'p', 'picture', 'pre', 'progress', 'q', 'rp', 'rt', 'ruby', 's', 'samp',
  'section', 'select', 'small', 'sound', 'source', 'spacer', 'span', 'strike', 'strong', 'sub', 'summary', 'sup',
  'table', 'tbody', 'td', 'template', 'textarea', 'time', 'tfoot', 'th', 'thead', 'tr', 'track', 'tt', 'u', 'ul', 'var',
  'video', 'noscript', 'wbr',
]);

/** rfc2396_full: what RSS `link`, `guid isPermaLink="true"`, `comments`, `docs` and image `url` must match. */
export const FULL_URI = /^[a-zA-Z][0-9a-zA-Z+\-.]*:(\/\/)?[0-9a-zA-Z;/?:@&=+$.\-_!~*'()%,#]+$/;

/** An HTML end tag in plain text: "<element> should not contain HTML" (the one warning content may cause). */
export const END_TAG = /<\/(\w+)>/g;

/**
 * Plain text that looks encoded (an entity, a numeric reference, `<x` or `</`): in RSS the validator
 * asks for hexadecimal references ("Encode "&" and "<" in plain text using hexadecimal character
 * references") or warns "should not contain HTML", unless the element's line holds a `&#x`.
 */
export const LOOKS_ENCODED = /&#?\w+|<[/a-zA-Z]/;

/**
 * implausible_822 / implausible_8601: a date before 1990 or more than ten minutes ahead of the
 * validator's clock is "Implausible date" (a warning). `value` is the element's text, RFC 822 or 3339.
 */
export function implausibleDate(value: string, now = Date.now()): boolean {
  const ms = Date.parse(value);
  return Number.isNaN(ms) || ms < Date.UTC(1990, 0, 1) || ms > now + 600_000;
}
