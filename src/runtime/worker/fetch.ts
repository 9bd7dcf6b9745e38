// The Worker's fetch handler: the feeds and reports with the Node server's HTTP semantics
// (src/serve), over the static assets and the REPORTS bucket. It never throws: whatever fails
// (a binding, a store, a bug) is logged and answered with src/serve's 500 page.
import { createServeHandler, internalError, type Coding, type FileResponse, type ServeHandler, type ServeRequest, type ServeResponse } from '../../serve/index.js';
import { SETTINGS } from '../../core/config.js';
import { assetSource } from './asset-source.js';
import { BodyGone, variantOf, type LazyBody, type WorkerEntry } from './body.js';
import { workerConfig } from './config.js';
import type { Env } from './env.js';
import { edgeCoding, forTheEdge } from './edge.js';
import { clientAcceptEncoding, requestTarget, toResponse, toServeRequest } from './http.js';
import { ReportSource } from './report-source.js';
import { SiteSource } from './site-source.js';

const DEFAULT_MAX_AGE = SETTINGS.find((s) => s.key === 'serve.maxAge')!.default as number;

let current: { maxAge: number; handler: ServeHandler } | undefined;

/** One handler per isolate (its uptime is the isolate's), made at the first request. */
function handlerFor(maxAge: number): ServeHandler {
  if (current?.maxAge !== maxAge) current = { maxAge, handler: createServeHandler({ maxAge, health: () => ({ runtime: 'cloudflare-worker' }) }) };
  return current.handler;
}

function maxAgeOf(env: Env): number {
  try {
    return workerConfig(env).serve.maxAge;
  } catch (e) {
    console.error(`feedwatch: [config] the Worker's vars could not be read (${(e as Error).message}); serving with the defaults.`);
    return DEFAULT_MAX_AGE;
  }
}

/**
 * The answer as it leaves the Worker: marked for the edge to encode when the edge will deliver a
 * coding the source has no copy in (edge.ts). A file's coding is the variant src/serve chose.
 */
function leavingFor(wanted: Coding | undefined, handler: ServeHandler, plain: ServeRequest, answer: ServeResponse<LazyBody> | FileResponse<WorkerEntry, LazyBody>): ServeResponse<LazyBody> {
  if (wanted === undefined) return answer;
  if ('entry' in answer) return forTheEdge(answer, answer.entry.contentType, variantOf(answer.entry, handler.codingFor(answer.entry, plain.headers)).coding, wanted);
  return forTheEdge(answer, answer.headers['content-type'], (answer.headers['content-encoding'] as Coding | undefined) ?? 'identity', wanted);
}

export async function handleFetch(request: Request, env: Env): Promise<Response> {
  const method = request.method;
  const wanted = edgeCoding(clientAcceptEncoding(request));
  try {
    const handler = handlerFor(maxAgeOf(env));
    const plain = toServeRequest(request, wanted);
    const site = new SiteSource(await assetSource(env.ASSETS), env.REPORTS ? new ReportSource(env.REPORTS) : null);
    // A report replaced between its lookup and its read is answered again, once, from the new version.
    for (let attempt = 1; ; attempt++) {
      try {
        return await toResponse(leavingFor(wanted, handler, plain, await handler.handle(plain, site)));
      } catch (e) {
        if (!(e instanceof BodyGone) || attempt === 2) throw e;
      }
    }
  } catch (e) {
    console.error(`feedwatch: [serve] ${method} ${requestTarget(request.url).replace(/[?#].*$/s, '')}: ${(e as Error)?.message ?? String(e)}`);
    const page = internalError(method);
    return toResponse(forTheEdge(page, page.headers['content-type'], 'identity', wanted));
  }
}
