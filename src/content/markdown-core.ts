// Markdown -> HTML with one markdown-it instance (raw HTML allowed, no linkify, no typographer).
// Markdown-it escapes everything it generates and refuses javascript:/vbscript:/data: links, so a
// body without raw HTML needs only its relative URLs resolved, done on the tokens. A body with
// raw HTML goes through the sanitizer the caller gives, which parses it once. This file does not
// import the sanitizer (sanitize-html is large): the loader loads it only for items with raw HTML
// (load.ts); markdown.ts is the same with the default sanitizer.
import MarkdownIt from 'markdown-it';
import { renderSimpleMarkdown, UNCHANGED_BY_NORMALIZE_LINK, UNCHANGED_BY_NORMALIZE_LINK_TEXT } from './fast-markdown.js';
import type { HtmlSanitizer } from './sanitize.js';
import { safeUrl } from './urls.js';

export { UNCHANGED_BY_NORMALIZE_LINK, UNCHANGED_BY_NORMALIZE_LINK_TEXT };

// xhtmlOut: `<br />`, `<img ... />`, so the HTML is also well-formed XML.
const md = new MarkdownIt({ html: true, linkify: false, typographer: false, xhtmlOut: true });

// URLs markdown-it would leave unchanged skip its normalizing and checks (fast-markdown.ts says which).
const normalizeLink = md.normalizeLink.bind(md);
md.normalizeLink = (url: string) => (UNCHANGED_BY_NORMALIZE_LINK.test(url) ? url : normalizeLink(url));

const normalizeLinkText = md.normalizeLinkText.bind(md);
md.normalizeLinkText = (url: string) => (UNCHANGED_BY_NORMALIZE_LINK_TEXT(url) ? url : normalizeLinkText(url));

/** markdown-it's validateLink refuses vbscript:, javascript:, file: and most data: URLs; the URLs
 *  above (http(s), relative, fragment, query) can be none of those. */
const validateLink = md.validateLink.bind(md);
md.validateLink = (url: string) => UNCHANGED_BY_NORMALIZE_LINK.test(url) || validateLink(url);

type Token = ReturnType<typeof md.parse>[number];

/** Markdown already free of XML-illegal characters (Item.markdown is) -> HTML; raw HTML goes through `sanitizer`. */
export function renderCleanMarkdownWith(text: string, base: URL, sanitizer: HtmlSanitizer): string {
  const simple = renderSimpleMarkdown(text, md, base);
  if (simple !== undefined) return simple;
  return renderWithMarkdownItUsing(text, base, sanitizer);
}

/** The full renderer, without the fast path. */
export function renderWithMarkdownItUsing(text: string, base: URL, sanitizer: HtmlSanitizer): string {
  const env = {};
  const tokens = md.parse(text, env);
  let rawHtml = false;
  for (const token of tokens) {
    if (token.type === 'html_block') rawHtml = true;
    else if (token.children) {
      for (const child of token.children) {
        if (child.type === 'html_inline') rawHtml = true;
        else if (child.type === 'link_open') resolveAttr(child, 'href', base, false);
        else if (child.type === 'image') resolveAttr(child, 'src', base, true);
      }
    }
  }
  const html = md.renderer.render(tokens, md.options, env);
  return rawHtml ? sanitizer(html, base) : html;
}

function resolveAttr(token: Token, name: string, base: URL, imageSlot: boolean): void {
  const value = token.attrGet(name);
  if (value === null) return;
  const safe = safeUrl(String(value), base, imageSlot);
  if (safe === null) token.attrs = (token.attrs ?? []).filter(([n]) => n !== name);
  else if (safe !== value) token.attrSet(name, safe);
}
