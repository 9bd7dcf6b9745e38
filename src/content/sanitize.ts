// Sanitizes HTML that came from raw HTML in Markdown: drops active content, makes URLs absolute,
// and re-serializes a balanced tree (so `</content>` or an unclosed `<div>` cannot leak out).
// Only items whose Markdown holds raw HTML come here (see markdown.ts): parsing is the costly part.
import { load } from 'cheerio/slim';
import type { AnyNode, Element, ParentNode } from 'domhandler';
import { cleanText } from './clean.js';
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

/** HTML void elements: written `<br />`, which HTML and XML parsers both read as one empty element. */
const VOID = new Set(['area', 'br', 'col', 'hr', 'img', 'source', 'track', 'wbr']);

export function sanitizeHtml(html: string, base: URL): string {
  const root = load(html, { xml: { xmlMode: false, decodeEntities: true } }, false).root()[0]!;
  cleanChildren(root, base);
  return serialize(root.children);
}

/**
 * Our own writer rather than dom-serializer: it escapes `<` in attribute values (XML forbids it
 * there) and never writes HTML-only entities such as `&nbsp;`, so the result is also well-formed XML.
 */
function serialize(nodes: AnyNode[]): string {
  let out = '';
  for (const node of nodes) {
    if (node.type === 'text') out += node.data.replace(/[&<>]/g, escapeChar);
    else {
      const el = node as Element;
      out += '<' + el.name;
      for (const [name, value] of Object.entries(el.attribs)) out += ` ${name}="${value.replace(/[&<>"]/g, escapeChar)}"`;
      if (VOID.has(el.name) && el.children.length === 0) out += ' />';
      else out += '>' + serialize(el.children) + `</${el.name}>`;
    }
  }
  return out;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
/** Text and attribute values are already free of XML-illegal characters (cleanChildren). */
const escapeChar = (c: string): string => ESCAPES[c]!;

function cleanChildren(parent: ParentNode, base: URL): void {
  const kept: AnyNode[] = [];
  for (const node of parent.children) {
    if (node.type === 'text') {
      node.data = cleanText(node.data);
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
      el.name = name;
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
    let value: string | null = cleanText(rawValue);
    if (URL_ATTRS.has(name)) value = safeUrl(value, base, IMAGE_ATTRS.has(name));
    else if (name === 'srcset') value = safeSrcset(value, base);
    if (value !== null) out[name] = value;
  }
  return out;
}
