// The checker's HTML reading on a second core, when pages are worth it: the main thread reads the
// first pages itself and times them; once pages prove costly to read (a news page of 50 KB takes
// 3-5 ms, a bench page of 2 KB 0.1-0.4 ms while the code warms up), worker threads start and run summarizeHtml
// (src/links) while the main thread keeps the requests going. Small pages never start a thread:
// handing a page over costs the main thread about as much as reading it, and each thread costs
// ~0.1 s of CPU to start. Pages are handed out only while a thread has fewer than QUEUE_PER_THREAD
// waiting; beyond that the main thread reads the page itself, so no queue of bodies builds up
// (memory stays bounded by the pages in flight) and every core reads. A page a thread could not
// read (the thread stopped or failed) is read here instead, as without threads.
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
/**
 * Threads start once this many of the last 32 pages read here took this long or longer each (a
 * few reads that the scheduler interrupted are no proof of costly pages).
 */
export const START_AFTER = { pages: 16, ms: 1 };

export interface HtmlReaders {
  read: HtmlReader;
  /** Stops the threads; pages they still had are read here instead. */
  close(): Promise<void>;
  /** Whether threads were started (for tests and the bench). */
  readonly threaded: boolean;
}

export interface HtmlReadersOptions {
  /** Threads to start (default: the cores but one, at most 3). */
  threads?: number;
  /** The compiled thread script (default: html-reader-thread.js beside this file). */
  script?: URL;
  /** When to start them (default START_AFTER; `pages` at most 32); `{ pages: 0, ms: 0 }` starts them at once. */
  startAfter?: { pages: number; ms: number };
  /** The clock that times reads here (default performance.now; tests give one that a loaded machine cannot skew). */
  now?: () => number;
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
  /** The thread stopped (or failed): it gets no more pages. */
  gone: boolean;
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

function startThread(script: URL): Thread {
  const thread: Thread = { worker: new Worker(script), waiting: new Map(), outbox: [], sent: 0, gone: false };
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
    thread.gone = true;
    const left = [...thread.waiting.values()];
    thread.waiting.clear();
    thread.outbox = [];
    thread.sent = 0;
    left.forEach(readHere);
  };
  thread.worker.on('error', gone);
  thread.worker.on('exit', gone);
  return thread;
}

/**
 * A page reader that moves to threads when pages prove costly, or null when there can be no
 * threads: one core, or no compiled thread script (the sources run under a test runner).
 */
export function htmlReaders(o: HtmlReadersOptions = {}): HtmlReaders | null {
  const count = o.threads ?? Math.min(availableParallelism() - 1, 3);
  const script = o.script ?? new URL('./html-reader-thread.js', import.meta.url);
  if (count < 1 || !existsSync(fileURLToPath(script))) return null;
  const startAfter = o.startAfter ?? START_AFTER;
  const now = o.now ?? (() => performance.now());
  let threads: Thread[] = [];
  let closed = false;
  let nextId = 0;
  /** One bit per page read here, the latest lowest: set when it was slow to read. */
  let recent = 0;
  const slowOfLast32 = () => {
    let n = 0;
    for (let bits = recent; bits !== 0; bits &= bits - 1) n++;
    return n;
  };

  const readNow = (body: Uint8Array, contentType: string | undefined): PageSummary => {
    const started = now();
    const summary = summarizeHtml(body, contentType);
    recent = ((recent << 1) | (now() - started >= startAfter.ms ? 1 : 0)) >>> 0;
    return summary;
  };

  return {
    get threaded() {
      return threads.length > 0;
    },
    read(body, contentType) {
      if (closed) return summarizeHtml(body, contentType);
      if (threads.length === 0) {
        if (slowOfLast32() < startAfter.pages) return readNow(body, contentType);
        threads = Array.from({ length: count }, () => startThread(script));
      }
      let thread: Thread | undefined;
      for (const t of threads) if (!t.gone && (!thread || load(t) < load(thread))) thread = t;
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
      else if (thread.outbox.length === 1) setImmediate(send, thread);
      return promise;
    },
    async close() {
      closed = true;
      await Promise.all(threads.map((t) => t.worker.terminate()));
    },
  };
}
