// XML text -> a small element tree with namespaces resolved, through saxes (a strict, namespace-
// aware XML parser): feeds are read by namespace URI, never by whatever prefix a generator chose.
import { SaxesParser, type SaxesTagNS } from 'saxes';

export interface XmlElement {
  /** Namespace URI; '' for none (RSS 2.0's own elements). */
  uri: string;
  local: string;
  /** Attributes by `{uri}local` (just `local` without a namespace). */
  attrs: Map<string, string>;
  children: XmlNode[];
  /** 1-based line of the start tag, for messages. */
  line: number;
}

export type XmlNode = XmlElement | string;

export const NS = {
  atom: 'http://www.w3.org/2005/Atom',
  content: 'http://purl.org/rss/1.0/modules/content/',
  dc: 'http://purl.org/dc/elements/1.1/',
  xhtml: 'http://www.w3.org/1999/xhtml',
  xml: 'http://www.w3.org/XML/1998/namespace',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
} as const;

/** Not well-formed: the parser's message with the line and column it stopped at. */
export class XmlSyntaxError extends Error {}

/** Parses a whole document; throws XmlSyntaxError at the first well-formedness error. */
export function parseXml(text: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let error: Error | undefined;
  parser.on('error', (e) => {
    error ??= e;
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    const attrs = new Map<string, string>();
    for (const a of Object.values(tag.attributes)) {
      if (a.prefix === 'xmlns' || a.name === 'xmlns') continue;
      attrs.set(a.uri ? `{${a.uri}}${a.local}` : a.local, a.value);
    }
    const el: XmlElement = { uri: tag.uri ?? '', local: tag.local ?? tag.name, attrs, children: [], line: parser.line };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else root ??= el;
    stack.push(el);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  const addText = (t: string) => {
    const parent = stack[stack.length - 1];
    if (!parent) return;
    const last = parent.children[parent.children.length - 1];
    if (typeof last === 'string') parent.children[parent.children.length - 1] = last + t;
    else parent.children.push(t);
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  // saxes reports every error through the handler and goes on; the first one is what matters.
  parser.write(text).close();
  if (error) throw new XmlSyntaxError(error.message);
  if (!root) throw new XmlSyntaxError('no root element');
  return root;
}

export function isElement(node: XmlNode): node is XmlElement {
  return typeof node !== 'string';
}

export function children(el: XmlElement, uri: string, local: string): XmlElement[] {
  return el.children.filter((c): c is XmlElement => isElement(c) && c.uri === uri && c.local === local);
}

export function child(el: XmlElement, uri: string, local: string): XmlElement | undefined {
  return children(el, uri, local)[0];
}

/** Every text inside the element, markup left out. */
export function textOf(el: XmlElement): string {
  let out = '';
  for (const c of el.children) out += typeof c === 'string' ? c : textOf(c);
  return out;
}

/** The trimmed text of the first such child, or undefined when absent or blank. */
export function childText(el: XmlElement, uri: string, local: string): string | undefined {
  const c = child(el, uri, local);
  const t = c ? textOf(c).trim() : '';
  return t === '' ? undefined : t;
}

export function attr(el: XmlElement, local: string, uri?: string): string | undefined {
  return el.attrs.get(uri ? `{${uri}}${local}` : local);
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const escapeText = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (t: string) => escapeText(t).replace(/"/g, '&quot;');

/** The children written back as HTML (Atom's xhtml content: the markup inside its `div`). */
export function innerHtml(el: XmlElement): string {
  let out = '';
  for (const c of el.children) {
    if (typeof c === 'string') {
      out += escapeText(c);
      continue;
    }
    out += `<${c.local}`;
    for (const [name, value] of c.attrs) out += ` ${name.replace(/^\{[^}]*\}/, '')}="${escapeAttr(value)}"`;
    out += VOID.has(c.local) && c.children.length === 0 ? '>' : `>${innerHtml(c)}</${c.local}>`;
  }
  return out;
}
