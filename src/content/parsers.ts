// Front matter and Markdown through the fast paths first (fast-yaml.ts, fast-markdown.ts); the full
// parsers (yaml.ts with the yaml package, markdown-core.ts with markdown-it) only when a fast path
// gives up. Loading either package costs ~30-40 ms of a process's start (issue 13) and plain content
// never needs them, so this module does not import them: a caller that finds one missing gets
// NeedsFullParser, loads it (loadFullParser) and reads that file again. load.ts does that through
// withFullParsersIfNeeded; `new` and `import` use the same.
import type { Diagnostics } from './diagnostics.js';
import { UNCHANGED_BY_NORMALIZE_LINK, UNCHANGED_BY_NORMALIZE_LINK_TEXT, renderSimpleMarkdown, type LinkRules } from './fast-markdown.js';
import { parseSimpleYaml } from './fast-yaml.js';
import type { HtmlSanitizer } from './sanitize.js';
import type { ValueNode } from './tree.js';

type Kind = 'yaml' | 'markdown';

/** Thrown, before anything is reported, when a file needs a full parser that is not loaded yet. */
export class NeedsFullParser extends Error {
  constructor(readonly kind: Kind) {
    super(`internal: the full ${kind} parser is not loaded (await loadFullParser('${kind}') first)`);
  }
}

let yaml: typeof import('./yaml.js') | undefined;
let markdown: typeof import('./markdown-core.js') | undefined;

export async function loadFullParser(kind: Kind): Promise<void> {
  if (kind === 'yaml') yaml ??= await import('./yaml.js');
  else markdown ??= await import('./markdown-core.js');
}

/** Both full parsers, for callers that read files synchronously in bulk (import's read-back). */
export async function loadFullParsers(): Promise<void> {
  await Promise.all([loadFullParser('yaml'), loadFullParser('markdown')]);
}

/**
 * `read()`; when the file needs a full parser, load it and read the file again (`read` reports
 * nothing before it throws NeedsFullParser). At most twice: there are two parsers.
 */
export async function withFullParsersIfNeeded<T>(read: () => T): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return read();
    } catch (e) {
      if (!(e instanceof NeedsFullParser) || attempt === 2) throw e;
      await loadFullParser(e.kind);
    }
  }
}

/** `text` -> tree with 1-based lines (`lineOffset` added); null, after reporting, when it is not well-formed YAML. */
export function parseYaml(text: string, file: string, lineOffset: number, diagnostics: Diagnostics): ValueNode | null {
  const simple = parseSimpleYaml(text, lineOffset);
  if (simple) return simple.root;
  if (!yaml) throw new NeedsFullParser('yaml');
  return yaml.parseYamlDocument(text, file, lineOffset, diagnostics);
}

/**
 * Link rules without markdown-it: a URL markdown-it would leave unchanged passes, any other makes
 * the fast path give up (and markdown-it is needed).
 */
const UNCHANGED_ONLY: LinkRules = {
  normalizeLink: (url) => url,
  validateLink: (url) => UNCHANGED_BY_NORMALIZE_LINK.test(url),
  normalizeLinkText: (url) => (UNCHANGED_BY_NORMALIZE_LINK_TEXT(url) ? url : undefined),
};

/** Markdown already free of XML-illegal characters (Item.markdown is) -> HTML; raw HTML goes through `sanitizer`. */
export function renderCleanMarkdownWith(text: string, base: URL, sanitizer: HtmlSanitizer): string {
  if (markdown) return markdown.renderCleanMarkdownWith(text, base, sanitizer);
  const simple = renderSimpleMarkdown(text, UNCHANGED_ONLY, base);
  if (simple === undefined) throw new NeedsFullParser('markdown');
  return simple;
}
