// Markdown -> HTML with one markdown-it instance (raw HTML allowed, no linkify, no typographer).
// Markdown-it escapes everything it generates and refuses javascript:/vbscript:/data: links, so a
// body without raw HTML needs only its relative URLs resolved, done on the tokens. A body with
// raw HTML goes through the sanitizer, which parses it once.
import MarkdownIt from 'markdown-it';
import { stripInvalidXmlChars } from '../core/text.js';
import { sanitizeHtml } from './sanitize.js';
import { safeUrl } from './urls.js';

// xhtmlOut: `<br />`, `<img ... />`, so the HTML is also well-formed XML.
const md = new MarkdownIt({ html: true, linkify: false, typographer: false, xhtmlOut: true });

type Token = ReturnType<typeof md.parse>[number];

/** Renders `markdown`; every relative href/src/srcset/poster is made absolute against `base`. */
export function renderMarkdown(markdown: string, base: URL): string {
  const env = {};
  const tokens = md.parse(stripInvalidXmlChars(markdown), env);
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
  return rawHtml ? sanitizeHtml(html, base) : html;
}

function resolveAttr(token: Token, name: string, base: URL, imageSlot: boolean): void {
  const value = token.attrGet(name);
  if (value === null) return;
  const safe = safeUrl(String(value), base, imageSlot);
  if (safe === null) token.attrs = (token.attrs ?? []).filter(([n]) => n !== name);
  else if (safe !== value) token.attrSet(name, safe);
}
