// Which HTML survives in an item: the allowlist the sanitizer applies to raw HTML in Markdown.
// Every kept element is one the W3C Feed Validator accepts in feed content (its
// `HTMLValidator.acceptable_elements`), so kept HTML never draws a warning; `iframe` is the one
// exception, and only from the hosts in the `iframeHosts` setting (the validator warns about any).

/** Attributes any kept element may have; `id`, so in-page links (`#part-2`) find their target. */
export const GLOBAL_ATTRIBUTES = ['id', 'title', 'lang', 'dir'] as const;

const NONE: readonly string[] = [];
const CELL = ['colspan', 'rowspan', 'headers', 'style'];

/** Kept elements and the attributes each may carry (besides GLOBAL_ATTRIBUTES). */
export const KEPT_ELEMENTS: Readonly<Record<string, readonly string[]>> = {
  // text
  a: ['href', 'hreflang', 'rel'],
  abbr: NONE, b: NONE, bdi: NONE, br: NONE, cite: NONE, code: ['class'], data: ['value'], dfn: NONE,
  del: ['cite', 'datetime'], em: NONE, i: NONE, ins: ['cite', 'datetime'], kbd: NONE, mark: NONE,
  q: ['cite'], rp: NONE, rt: NONE, ruby: NONE, s: NONE, samp: NONE, small: NONE, span: NONE,
  strong: NONE, sub: NONE, sup: NONE, time: ['datetime'], u: NONE, var: NONE, wbr: NONE,
  // blocks
  address: NONE, article: NONE, aside: NONE, blockquote: ['cite'], dd: NONE, details: ['open'], div: NONE,
  dl: NONE, dt: NONE, figcaption: NONE, figure: NONE, footer: NONE, h1: NONE, h2: NONE, h3: NONE,
  h4: NONE, h5: NONE, h6: NONE, header: NONE, hgroup: NONE, hr: NONE, li: ['value'],
  ol: ['start', 'reversed', 'type'], p: NONE, pre: NONE, section: NONE, summary: NONE, ul: NONE,
  // tables
  caption: NONE, col: ['span'], colgroup: ['span'], table: NONE, tbody: NONE, td: CELL, tfoot: NONE,
  th: [...CELL, 'scope', 'abbr'], thead: NONE, tr: NONE,
  // media
  audio: ['src', 'controls', 'loop', 'muted', 'preload'],
  img: ['src', 'srcset', 'sizes', 'alt', 'width', 'height', 'loading'],
  picture: NONE,
  source: ['src', 'srcset', 'sizes', 'type', 'media', 'width', 'height'],
  track: ['src', 'kind', 'srclang', 'label', 'default'],
  video: ['src', 'poster', 'controls', 'width', 'height', 'loop', 'muted', 'playsinline', 'preload'],
};

/** Kept only when its `src` is on a host in `iframeHosts`; removed with its content otherwise. */
export const IFRAME_ATTRIBUTES = ['src', 'width', 'height', 'allow', 'allowfullscreen', 'loading', 'referrerpolicy'] as const;

/** Boolean attributes: written `name=""`, so the HTML is also well-formed XML. */
export const BOOLEAN_ATTRIBUTES = ['allowfullscreen', 'controls', 'default', 'loop', 'muted', 'open', 'playsinline', 'reversed'];

/** Void elements among the kept ones: written `<br />`, which HTML and XML parsers both read as one empty element. */
export const VOID_ELEMENTS = ['br', 'col', 'hr', 'img', 'source', 'track', 'wbr'];

/** HTML elements removed with everything inside: active content, forms, document-level tags, foreign XML. */
export const DROPPED_ELEMENTS = [
  'applet', 'area', 'base', 'basefont', 'bgsound', 'button', 'canvas', 'datalist', 'dialog', 'embed', 'fencedframe',
  'frame', 'frameset', 'head', 'iframe', 'image', 'input', 'isindex', 'keygen', 'link', 'math', 'meta', 'noembed',
  'noframes', 'noscript', 'object', 'optgroup', 'option', 'param', 'plaintext', 'portal', 'script', 'select',
  'selectedcontent', 'style', 'svg', 'template', 'textarea', 'title', 'xmp',
];

/** HTML elements whose tags go but whose content stays: page structure, presentational and obsolete tags. */
export const UNWRAPPED_ELEMENTS = [
  'acronym', 'big', 'blink', 'body', 'bdo', 'center', 'dir', 'fieldset', 'font', 'form', 'html', 'label', 'legend',
  'listing', 'main', 'map', 'marquee', 'menu', 'menuitem', 'meter', 'multicol', 'nav', 'nobr', 'output', 'progress',
  'rb', 'rtc', 'search', 'slot', 'spacer', 'strike', 'tt',
];

/** `code class="language-js"`, as Markdown fences write it; other classes mean nothing in a feed. */
export const CODE_CLASS = /^language-[A-Za-z0-9_+#.-]+$/;

/** `style` on table cells only as Markdown tables write it, for column alignment. */
export const CELL_STYLE = /^text-align: ?(left|right|center);?$/;

/** URL schemes links and sources may use in raw HTML; `data:` only for images, checked by safeUrl. */
export const URL_SCHEMES = ['http', 'https', 'mailto', 'tel', 'ftp', 'sms'];
