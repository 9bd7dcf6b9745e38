// Sanitizes HTML that came from raw HTML in Markdown: drops active content, makes URLs absolute,
// and re-serializes a balanced tree (so `</content>` or an unclosed `<div>` cannot leak out).
// Only items whose Markdown holds raw HTML come here (see markdown.ts): parsing is the costly part.
import { load } from 'cheerio/slim';
import type { AnyNode, Element, ParentNode } from 'domhandler';
import { stripInvalidXmlChars } from '../core/text.js';
import { safeSrcset, safeUrl } from './urls.js';

/** Removed with everything inside: scripts, styles, frames, plugins, forms, document-level tags. */
const DROP = new Set([
  'script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'param', 'form', 'input',
  'button', 'select', 'option', 'textarea', 'base', 'meta', 'link', 'title', 'head', 'template', 'noscript',
  'noembed', 'noframes', 'plaintext', 'xmp', 'svg', 'math',
]);
/** Kept for their content only. */
const UNWRAP = new Set(['html', 'body']);
/** Attributes holding one URL; `src`-like ones may hold a data:image. */
const URL_ATTRS = new Set(['href', 'src', 'poster', 'cite', 'action', 'formaction', 'background', 'longdesc', 'lowsrc', 'dynsrc', 'data', 'codebase', 'ping', 'manifest']);
const IMAGE_ATTRS = new Set(['src', 'poster', 'lowsrc', 'dynsrc']);
const DROP_ATTRS = new Set(['srcdoc', 'xmlns']);
/** A name that is also a well-formed XML name without a namespace prefix. */
const SAFE_NAME = /^[a-zA-Z_][a-zA-Z0-9_.-]*$/;

const SERIALIZE = {
  xml: { xmlMode: false, decodeEntities: true, selfClosingTags: true, emptyAttrs: true, encodeEntities: 'utf8' as const },
};

export function sanitizeHtml(html: string, base: URL): string {
  const $ = load(html, SERIALIZE, false);
  const root = $.root()[0]!;
  cleanChildren(root, base);
  // dom-serializer writes U+00A0 as `&nbsp;`, an entity XML does not know.
  return $.html().replace(/&nbsp;/g, '\u00a0');
}

function cleanChildren(parent: ParentNode, base: URL): void {
  const kept: AnyNode[] = [];
  for (const node of parent.children) {
    if (node.type === 'text') {
      node.data = stripInvalidXmlChars(node.data);
      kept.push(node);
    } else if (node.type === 'tag' || node.type === 'script' || node.type === 'style') {
      const el = node as Element;
      const name = el.name.toLowerCase();
      if (DROP.has(name)) continue;
      cleanChildren(el, base);
      if (UNWRAP.has(name) || !SAFE_NAME.test(name)) {
        for (const child of el.children) kept.push(child);
        continue;
      }
      el.attribs = cleanAttributes(el.attribs, base);
      kept.push(el);
    }
    // Comments, CDATA, doctypes and processing instructions go: none is content.
  }
  for (let i = 0; i < kept.length; i++) {
    const node = kept[i]!;
    node.parent = parent;
    node.prev = kept[i - 1] ?? null;
    node.next = kept[i + 1] ?? null;
  }
  parent.children = kept;
}

function cleanAttributes(attribs: Record<string, string>, base: URL): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [rawName, rawValue] of Object.entries(attribs)) {
    const name = rawName.toLowerCase();
    if (!SAFE_NAME.test(name) || name.startsWith('on') || DROP_ATTRS.has(name)) continue;
    let value: string | null = stripInvalidXmlChars(rawValue);
    if (URL_ATTRS.has(name)) value = safeUrl(value, base, IMAGE_ATTRS.has(name));
    else if (name === 'srcset') value = safeSrcset(value, base);
    if (value !== null) out[name] = value;
  }
  return out;
}
