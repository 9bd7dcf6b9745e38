// A worker thread of html-readers.ts: reads the HTML pages the main thread sends (summarizeHtml,
// the same function the core calls in its own thread) and sends back what it read.
import { parentPort } from 'node:worker_threads';
import { summarizeHtml } from '../../links/page-summary.js';

export interface ReadRequest {
  id: number;
  body: Uint8Array;
  contentType: string | undefined;
}

parentPort!.on('message', ({ id, body, contentType }: ReadRequest) => {
  let summary;
  try {
    summary = summarizeHtml(body, contentType);
  } catch {
    // The main thread reads it again and fails the same way it would without threads.
  }
  parentPort!.postMessage({ id, summary });
});
