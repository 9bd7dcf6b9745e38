// HTML -> plain text, for what items keep as text (titles, summaries, a feed's description):
// tags go, entities are decoded, white space collapses, and block ends become spaces so that
// `<p>a</p><p>b</p>` reads "a b", not "ab".
import { parseDocument } from 'htmlparser2';
import type { ChildNode } from 'domhandler';
import type { SourceText } from './source.js';

const BLOCK = /^(p|div|br|li|ul|ol|h[1-6]|blockquote|pre|tr|td|th|table|section|article|figure|figcaption|hr|dd|dt|dl)$/i;
const SKIP = /^(script|style|template|noscript)$/i;

function collect(nodes: ChildNode[], out: string[]): void {
  for (const node of nodes) {
    if (node.type === 'text') out.push(node.data);
    else if (node.type === 'tag' || node.type === 'script' || node.type === 'style') {
      if (SKIP.test(node.name)) continue;
      collect(node.children, out);
      if (BLOCK.test(node.name)) out.push(' ');
    } else if (node.type === 'cdata' || node.type === 'root') collect((node as { children: ChildNode[] }).children, out);
  }
}

export function htmlToText(html: string): string {
  const out: string[] = [];
  collect(parseDocument(html, { decodeEntities: true }).children, out);
  return collapse(out.join(''));
}

export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A source text as plain text (HTML as one line; plain text as written, trimmed); undefined when blank. */
export function plainText(t: SourceText | undefined): string | undefined {
  if (!t) return undefined;
  const text = t.type === 'html' ? htmlToText(t.value) : t.value.trim();
  return text === '' ? undefined : text;
}
