// The checker's HTML reading on a second core: worker threads run summarizeHtml (src/links) while
// the main thread keeps the requests going. Pages are handed out only while a thread has fewer
// than QUEUE_PER_THREAD waiting; beyond that the main thread reads the page itself, so no queue
// of bodies builds up (memory stays bounded by the pages in flight) and every core reads. A page a
// thread could not read (the thread stopped or failed) is read here instead, as without threads.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { summarizeHtml, type HtmlReader, type PageSummary } from '../../links/page-summary.js';
import type { ReadAnswer, ReadRequest } from './html-reader-thread.js';

/** Pages given to one thread before the main thread reads the next itself. */
const QUEUE_PER_THREAD = 32;
/** Pages sent in one message at most; a thread with nothing to do gets a page at once. */
const BATCH = 8;
/** Worth starting threads (each loads the parser, ~30 ms of CPU) only for this many pages or more. */
export const MIN_PAGES_FOR_THREADS = 64;

export interface HtmlReaders {
  read: HtmlReader;
  /** Stops the threads; pages they still had are read here instead. */
  close(): Promise<void>;
}

interface Waiting {
  resolve: (s: PageSummary) => void;
  reject: (e: unknown) => void;
  body: Uint8Array;
  contentType: string | undefined;
}

interface Thread {
  worker: Worker;
  waiting: Map<number, Waiting>;
  /** Pages not sent yet: sent together (one message per burst) when BATCH are waiting or this turn's callbacks are done. */
  outbox: ReadRequest[];
  /** Pages sent and not answered yet. */
  sent: number;
}

/** Reads the page in this thread: what the core does without threads (and how it fails). */
function readHere(w: Waiting): void {
  try {
    w.resolve(summarizeHtml(w.body, w.contentType));
  } catch (e) {
    w.reject(e);
  }
}

/** Sends the pages waiting in the outbox as one message (postMessage costs tens of µs a call). */
function send(thread: Thread): void {
  const batch = thread.outbox;
  if (batch.length === 0) return;
  thread.outbox = [];
  thread.sent += batch.length;
  thread.worker.postMessage(batch, batch.map((r) => r.body.buffer as ArrayBuffer));
}

/** Pages a thread has to read: sent, or about to be. */
const load = (t: Thread) => t.sent + t.outbox.length;

/**
 * Threads for `pages` pages to come, or null when threads would not pay: one core, few pages, or no
 * compiled thread script (the sources run under a test runner read in the main thread).
 */
export function startHtmlReaders(pages: number, o: { threads?: number; script?: URL } = {}): HtmlReaders | null {
  const count = o.threads ?? Math.min(availableParallelism() - 1, 3);
  const script = o.script ?? new URL('./html-reader-thread.js', import.meta.url);
  if (count < 1 || pages < MIN_PAGES_FOR_THREADS || !existsSync(fileURLToPath(script))) return null;
  let nextId = 0;
  let closed = false;
  const threads: Thread[] = Array.from({ length: count }, () => {
    const thread: Thread = { worker: new Worker(script), waiting: new Map(), outbox: [], sent: 0 };
    thread.worker.on('message', (answers: ReadAnswer[]) => {
      thread.sent -= answers.length;
      for (const { id, summary } of answers) {
        const w = thread.waiting.get(id);
        thread.waiting.delete(id);
        if (w) summary ? w.resolve(summary) : readHere(w);
      }
    });
    // The thread is gone: what it still had is read here.
    const gone = () => {
      const left = [...thread.waiting.values()];
      thread.waiting.clear();
      thread.outbox = [];
      thread.sent = 0;
      left.forEach(readHere);
    };
    thread.worker.on('error', gone);
    thread.worker.on('exit', gone);
    return thread;
  });
  return {
    read(body, contentType) {
      const thread = closed ? undefined : threads.reduce((a, b) => (load(b) < load(a) ? b : a));
      if (!thread || load(thread) >= QUEUE_PER_THREAD) return summarizeHtml(body, contentType);
      const id = nextId++;
      // A copy in a buffer of its own, moved to the thread: a small Buffer is a view of a shared pool
      // (Buffer#slice would be one too), which postMessage would copy whole.
      const copy = new Uint8Array(body);
      const promise = new Promise<PageSummary>((resolve, reject) => {
        thread.waiting.set(id, { resolve, reject, body, contentType });
      });
      thread.outbox.push({ id, body: copy, contentType });
      // An idle thread starts at once; a busy one gets the pages of this burst together.
      if (thread.sent === 0 || thread.outbox.length >= BATCH) send(thread);
      else if (thread.outbox.length === 1) setImmediate(() => send(thread));
      return promise;
    },
    async close() {
      closed = true;
      await Promise.all(threads.map((t) => t.worker.terminate()));
    },
  };
}
