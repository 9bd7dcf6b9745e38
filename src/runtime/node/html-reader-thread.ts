// A worker thread of html-readers.ts: reads the HTML pages the main thread sends, a batch per
// message (summarizeHtml, the same function the core calls in its own thread), and answers each
// batch with one message.
import { parentPort } from 'node:worker_threads';
import { summarizeHtml, type PageSummary } from '../../links/page-summary.js';

export interface ReadRequest {
  id: number;
  body: Uint8Array;
  contentType: string | undefined;
}

/** One page read; no summary when reading failed (the main thread then reads it itself, and fails alike). */
export interface ReadAnswer {
  id: number;
  summary?: PageSummary;
}

parentPort!.on('message', (batch: ReadRequest[]) => {
  const answers: ReadAnswer[] = batch.map(({ id, body, contentType }) => {
    try {
      return { id, summary: summarizeHtml(body, contentType) };
    } catch {
      return { id };
    }
  });
  parentPort!.postMessage(answers);
});
