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

export function summarizeHtml(body: Uint8Array, contentType: string | undefined): PageSummary {
  const facts = readPage(decodeBody(body, contentType));
  return { title: facts.title, heading: facts.heading, fingerprint: fingerprint(facts), excerpt: excerptOf(facts), anchors: facts.anchors };
}
