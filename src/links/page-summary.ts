// What reading one fetched HTML page yields for its verdict: title and first heading (soft-404
// words), fingerprint, excerpt and anchors. A pure function of the bytes and the Content-Type, so
// a runtime with threads may run it on another one (Node: src/runtime/node/html-readers.ts); the
// core itself stays thread-free and reads in the calling thread.
import { decodeBody } from './decode.js';
import { excerptOf, fingerprint, readPage } from './page.js';

export interface PageSummary {
  title: string | null;
  heading: string | null;
  fingerprint: string;
  excerpt: string;
  /** ids and names of elements: where `#fragment` links can land. */
  anchors: Set<string>;
}

/** Reads an HTML page elsewhere (another thread); resolves to what summarizeHtml returns. */
export type HtmlReader = (body: Uint8Array, contentType: string | undefined) => PageSummary | Promise<PageSummary>;

/**
 * Longest title and heading kept, in characters. A page may title itself with megabytes of text; the
 * title goes into the state (D1 refuses a row over 2 MB, which would refuse a whole run's commit), the
 * reports and alerts, where a few hundred characters say all a person reads. The fingerprint is made
 * from the whole title, so clipping never hides a change.
 */
export const MAX_TITLE_CHARS = 500;

function clip(text: string | null): string | null {
  return text !== null && text.length > MAX_TITLE_CHARS ? `${text.slice(0, MAX_TITLE_CHARS - 1)}…` : text;
}

export function summarizeHtml(body: Uint8Array, contentType: string | undefined): PageSummary {
  const facts = readPage(decodeBody(body, contentType));
  return { title: clip(facts.title), heading: clip(facts.heading), fingerprint: fingerprint(facts), excerpt: excerptOf(facts), anchors: facts.anchors };
}
