// Entry HTML -> Markdown through turndown, with @joplin/turndown-plugin-gfm for tables and
// strikethrough. What Markdown cannot say stays as raw HTML (the build's sanitizer then treats it
// like any raw HTML an author typed), so nothing is dropped silently:
// - elements Markdown has no syntax for (figure with a caption, sub/sup, iframe, video, ...);
// - elements that carry more than Markdown keeps: an `id`/`name` (a link target), `lang`, `dir`,
//   `title` outside links and images, colspan/rowspan, a `<pre>` that is not plain code;
// - tables GFM cannot hold: without a header row, with merged cells, captions, or blocks in cells;
// - a list with an item that must stay HTML (WordPress footnotes, `<li id="fn1">`): the whole list.
// Presentation is not content and does not come over: class, style, width/height, srcset and the
// like, and the div/span/section wrappers themselves (their content does).
import TurndownService from 'turndown';
import { gfm } from '@joplin/turndown-plugin-gfm';

/** The parts of turndown's DOM nodes (domino) used here. */
interface DomNode {
  nodeName: string;
  nodeType: number;
  outerHTML: string;
  isBlock?: boolean;
  parentNode: DomNode | null;
  childNodes: ArrayLike<DomNode>;
  attributes: ArrayLike<{ name: string; value: string }>;
  textContent: string | null;
  getAttribute(name: string): string | null;
}

/** Elements with Markdown syntax, and the attributes that syntax keeps. */
const EXPRESSIBLE: Record<string, readonly string[]> = {
  P: [], BR: [], HR: [], BLOCKQUOTE: [], UL: [], OL: ['start'], LI: [], PRE: [], CODE: [],
  H1: [], H2: [], H3: [], H4: [], H5: [], H6: [],
  A: ['href', 'title'], IMG: ['src', 'alt', 'title'],
  EM: [], I: [], STRONG: [], B: [], DEL: [], S: [], STRIKE: [],
};
const TABLE_PARTS = new Set(['THEAD', 'TBODY', 'TFOOT', 'TR', 'TH', 'TD']);
/** Wrappers that mean nothing to a reader: their content is converted, the tag is not kept. */
const TRANSPARENT = new Set(['DIV', 'SPAN', 'SECTION', 'ARTICLE', 'MAIN', 'HEADER', 'FOOTER', 'FONT', 'CENTER']);
/** Presentation: dropped wherever it is. */
const PRESENTATION = /^(class|style|width|height|srcset|sizes|loading|decoding|fetchpriority|referrerpolicy|crossorigin|target|rel|role|align|valign|border|cellpadding|cellspacing|bgcolor|color|face|size|scope|data-.*|aria-.*)$/i;
/** Inline (phrasing) elements: kept inline; any other element kept becomes a block of its own. */
const PHRASING = new Set(['A', 'ABBR', 'B', 'BDI', 'BDO', 'BR', 'CITE', 'CODE', 'DATA', 'DEL', 'DFN', 'EM', 'FONT', 'I', 'IMG', 'INPUT', 'INS', 'KBD', 'LABEL', 'MARK', 'Q', 'RUBY', 'S', 'SAMP', 'SMALL', 'SPAN', 'STRONG', 'SUB', 'SUP', 'TIME', 'U', 'VAR', 'WBR']);
/** Block content GFM table cells cannot hold. */
const NOT_IN_CELLS = new Set(['TABLE', 'CAPTION', 'UL', 'OL', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HR', 'BLOCKQUOTE', 'PRE', 'FIGURE', 'DL']);

function elementChildren(node: DomNode): DomNode[] {
  return Array.from(node.childNodes).filter((c) => c.nodeType === 1);
}

function hasText(node: DomNode): boolean {
  return Array.from(node.childNodes).some((c) => c.nodeType === 3 && (c.textContent ?? '').trim() !== '');
}

/** An attribute Markdown would lose (not presentation, not one the syntax keeps). */
function extraAttribute(node: DomNode, kept: readonly string[]): boolean {
  for (const { name } of Array.from(node.attributes)) {
    const n = name.toLowerCase();
    if (!kept.includes(n) && !PRESENTATION.test(n)) return true;
  }
  return false;
}

function descendants(node: DomNode, out: DomNode[] = []): DomNode[] {
  for (const c of elementChildren(node)) {
    out.push(c);
    descendants(c, out);
  }
  return out;
}

/** GFM can hold it: a header row, no merged cells, only inline content in the cells. */
function tableIsMarkdown(table: DomNode): boolean {
  if (extraAttribute(table, [])) return false;
  const rows = descendants(table).filter((n) => n.nodeName === 'TR');
  const first = rows[0];
  if (!first) return false;
  const firstCells = elementChildren(first);
  if (rows.length === 1 && firstCells.length <= 1) return false;
  const headed = first.parentNode?.nodeName === 'THEAD' || (firstCells.length > 0 && firstCells.every((c) => c.nodeName === 'TH'));
  if (!headed) return false;
  for (const n of descendants(table)) {
    if (NOT_IN_CELLS.has(n.nodeName)) return false;
    if (TABLE_PARTS.has(n.nodeName) && extraAttribute(n, n.nodeName === 'TH' || n.nodeName === 'TD' ? ['align'] : [])) return false;
    if (TABLE_PARTS.has(n.nodeName) && n.nodeName !== 'TH' && n.nodeName !== 'TD' && hasText(n)) return false;
  }
  return true;
}

/** True when converting the element to Markdown would lose something: it is then kept as HTML. */
function keepAsHtml(node: DomNode): boolean {
  const name = node.nodeName;
  if (name === 'TABLE') return !tableIsMarkdown(node);
  // A list item alone is no Markdown and no HTML block either: a list with an item that must stay
  // HTML (footnotes: `<li id="fn1">`) stays HTML whole.
  if ((name === 'UL' || name === 'OL') && elementChildren(node).some((c) => c.nodeName === 'LI' && keepAsHtml(c))) return true;
  if (TABLE_PARTS.has(name)) return false; // a Markdown table's parts: checked with the table
  if (TRANSPARENT.has(name)) return extraAttribute(node, []);
  if (name === 'FIGURE') return extraAttribute(node, []) || elementChildren(node).some((c) => c.nodeName === 'FIGCAPTION');
  if (name === 'INPUT') {
    // A GFM task list checkbox.
    return !(node.getAttribute('type')?.toLowerCase() === 'checkbox' && node.parentNode?.nodeName === 'LI' && !extraAttribute(node, ['type', 'checked', 'disabled']));
  }
  const kept = EXPRESSIBLE[name];
  if (!kept || extraAttribute(node, kept)) return true;
  if (name === 'A') return !node.getAttribute('href');
  if (name === 'IMG') return !node.getAttribute('src');
  if (name === 'PRE') {
    // Markdown has code blocks, not preformatted text: a <pre> is plain code or stays HTML.
    const kids = Array.from(node.childNodes).filter((c) => !(c.nodeType === 3 && (c.textContent ?? '').trim() === ''));
    const code = kids[0];
    if (kids.length !== 1 || code?.nodeName !== 'CODE') return true;
    if (Array.from(code.attributes).some((a) => a.name.toLowerCase() !== 'class' || !/^(language-\S+\s*)?$/.test(a.value.trim()))) return true;
    return elementChildren(code).length > 0;
  }
  if (name === 'CODE') return node.parentNode?.nodeName !== 'PRE' && elementChildren(node).length > 0;
  return false;
}

/**
 * The element's HTML as a Markdown raw HTML block: a blank line would end the block (CommonMark
 * §4.6) and leave the rest to be read as Markdown, so line breaks that make one are written `&#10;`.
 */
function rawHtml(node: DomNode): string {
  const html = node.outerHTML.replace(/\n(?=[ \t]*\n)/g, '&#10;');
  return PHRASING.has(node.nodeName) ? html : `\n\n${html}\n\n`;
}

export interface Converted {
  markdown: string;
  /** Some of the HTML is kept as raw HTML blocks. */
  rawHtml: boolean;
}

function createService(onRaw: () => void): TurndownService {
  const service = new TurndownService({
    headingStyle: 'atx',
    codeBlockStyle: 'fenced',
    bulletListMarker: '-',
    emDelimiter: '_',
    strongDelimiter: '**',
    hr: '---',
    br: '\\',
    // An empty element with an id or name is a link target (`<a id="more"></a>`): kept, and so is
    // an empty one around such a target (`<ol><li id="fn1"></li></ol>`).
    blankReplacement: (_content, node) => {
      const n = node as unknown as DomNode;
      const target = (e: DomNode) => e.getAttribute('id') !== null || e.getAttribute('name') !== null;
      if (target(n) || descendants(n).some(target)) {
        onRaw();
        return rawHtml(n);
      }
      return n.isBlock ? '\n\n' : '';
    },
  });
  service.use(gfm);
  // Added last, so it is asked first (turndown puts a new rule before the others).
  service.addRule('feedwatchKeepHtml', {
    filter: (node) => keepAsHtml(node as unknown as DomNode),
    replacement: (_content, node) => {
      onRaw();
      return rawHtml(node as unknown as DomNode);
    },
  });
  // Turndown escapes Markdown syntax in text, but not `<` (it would open raw HTML) or `&` before
  // an entity name (`&copy;` typed as text would turn into ©).
  const escape = service.escape.bind(service);
  service.escape = (text: string) => escape(text).replace(/</g, '\\<').replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&');
  return service;
}

export function htmlToMarkdown(html: string): Converted {
  let raw = false;
  const service = createService(() => {
    raw = true;
  });
  return { markdown: service.turndown(html), rawHtml: raw };
}

/** Plain text as Markdown: escaped, paragraphs at blank lines. */
export function textToMarkdown(text: string): string {
  const service = new TurndownService();
  return text
    .split(/\n[ \t]*\n/)
    .map((p) => service.escape(p.trim().replace(/\s+/g, ' ')).replace(/</g, '\\<').replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&'))
    .filter((p) => p !== '')
    .join('\n\n');
}
