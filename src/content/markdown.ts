// Markdown -> HTML with the default sanitizer for raw HTML (no iframes kept): the renderer of
// markdown-core.ts for callers that do not choose one. The build's loader uses markdown-core.ts
// directly, so it loads the sanitizer only when an item holds raw HTML.
import { cleanText } from './clean.js';
import { renderCleanMarkdownWith, renderWithMarkdownItUsing } from './markdown-core.js';
import { sanitizeHtml, type HtmlSanitizer } from './sanitize.js';

export { UNCHANGED_BY_NORMALIZE_LINK, UNCHANGED_BY_NORMALIZE_LINK_TEXT } from './markdown-core.js';

/**
 * Renders `markdown`; every relative href/src/srcset/poster is made absolute against `base`. Raw
 * HTML goes through `sanitizer` (default: no iframes kept).
 */
export function renderMarkdown(markdown: string, base: URL, sanitizer?: HtmlSanitizer): string {
  return renderCleanMarkdown(cleanText(markdown), base, sanitizer);
}

/** renderMarkdown for text already free of XML-illegal characters (Item.markdown is). */
export function renderCleanMarkdown(text: string, base: URL, sanitizer: HtmlSanitizer = sanitizeHtml): string {
  return renderCleanMarkdownWith(text, base, sanitizer);
}

/** The full renderer (also used by tests to check the fast path against it). */
export function renderWithMarkdownIt(text: string, base: URL, sanitizer: HtmlSanitizer = sanitizeHtml): string {
  return renderWithMarkdownItUsing(text, base, sanitizer);
}
