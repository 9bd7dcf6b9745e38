// Where `import` reads feed documents from: local files, or the web through the checker's HTTP
// client (undici with the SSRF guard and the check timeouts), each request through the politeness
// gate, redirects followed by hand with the check.maxRedirects limit, and at most 50 MiB a document.
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Config } from '../../core/config.js';
import { EXIT, ImportError } from '../../core/errors.js';
import type { PageLoader } from '../../import/crawl.js';
import { followChain } from '../../links/fetch-chain.js';
import { HostGate } from '../../links/politeness.js';
import { createNodeHttpClient } from './http-client.js';

/** The most one feed document may be: past it, import stops rather than hold more in memory. */
export const IMPORT_BODY_LIMIT = 50 * 1024 * 1024;
const LIMIT_TEXT = '50 MiB';

const ACCEPT = 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.9, */*;q=0.8';

export interface SourceLoaderOptions {
  config: Config;
  userAgent: string;
  env: Record<string, string | undefined>;
  signal?: AbortSignal;
  /** `--paged`: a `?paged=N` page that is not there (404, 410) ends the pages instead of failing. */
  paged: boolean;
  /** How to name a file in messages (the first one as the user typed it). */
  fileLabel: (path: string) => string;
}

export interface SourceLoader {
  load: PageLoader;
  close(): Promise<void>;
}

const tooLarge = (what: string) =>
  new ImportError(`${what} is larger than ${LIMIT_TEXT}, the most import reads of one document; nothing was written. ` +
    'Import a paged or archived version of the feed (RFC 5005, or --paged for WordPress) instead.');

async function loadFile(location: string, label: string) {
  const path = fileURLToPath(location);
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new ImportError(`${label} is a folder; give the feed file, or its URL.`);
    if (info.size > IMPORT_BODY_LIMIT) throw tooLarge(label);
    return { label, location, body: await readFile(path) };
  } catch (e) {
    if (e instanceof ImportError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ImportError(`${label} does not exist; give a feed file or an http(s) URL.`);
    throw new ImportError(`cannot read ${label} (${code ?? (e as Error).message}); nothing was written.`, EXIT.runFailed, { cause: e });
  }
}

export function createSourceLoader(o: SourceLoaderOptions): SourceLoader {
  const c = o.config.check;
  const http = createNodeHttpClient({ connectTimeoutMs: c.connectTimeoutMs, firstByteTimeoutMs: c.firstByteTimeoutMs, allowPrivate: c.allowPrivate, env: o.env });
  const gate = new HostGate({ perHost: 1, minIntervalMs: c.minIntervalMs });
  const lowerKeys = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));

  async function loadUrl(location: string, pageNumber: number) {
    const { end } = await followChain(new URL(location), {
      http, gate, now: () => new Date(), conditionalFor: () => null, shutdown: o.signal,
      headersFor: (url) => ({ 'user-agent': o.userAgent, accept: ACCEPT, 'accept-encoding': 'gzip, deflate, br', ...lowerKeys(c.headers[url.hostname] ?? {}) }),
      maxRedirects: c.maxRedirects, retries: c.retries, retryBaseMs: c.retryBaseMs, retryAfterCapMs: c.retryAfterCapMs,
      // One byte more than the limit tells a document of exactly 50 MiB from a larger one.
      maxBodyBytes: IMPORT_BODY_LIMIT + 1,
      budget: { remainingMs: c.timeoutMs, timeoutMs: c.timeoutMs },
    });
    if (end.kind === 'failure') {
      if (end.failure.code === 'private-address') {
        throw new ImportError(`refused ${end.url}: ${end.failure.message.replace(/;.*$/, '')} (the SSRF guard). ` +
          'To import from your own network or this machine, pass --allow-private.');
      }
      throw new ImportError(`cannot fetch ${end.url}: ${end.failure.code} (${end.failure.message}); nothing was written. Check the address and the network, then run again.`, EXIT.runFailed);
    }
    if (end.kind !== 'response') throw new ImportError(`cannot fetch ${location}: ${end.message}; nothing was written.`, EXIT.runFailed);
    const res = end.response;
    if (o.paged && pageNumber > 1 && (res.status === 404 || res.status === 410)) return 'missing' as const;
    if (res.status < 200 || res.status > 299) {
      throw new ImportError(`${end.url} answered HTTP ${res.status}, not a feed; nothing was written. Check the address${res.status >= 500 || res.status === 429 ? ', or try again later' : ''}.`, EXIT.runFailed);
    }
    if (res.body.length > IMPORT_BODY_LIMIT) throw tooLarge(end.url);
    if (res.truncated) throw new ImportError(`${end.url} sent a damaged compressed body; nothing was written. Try again later.`, EXIT.runFailed);
    const doc = { label: end.url, location: end.url, body: res.body };
    return res.headers['content-type'] ? { ...doc, contentType: res.headers['content-type'] } : doc;
  }

  return {
    load: (location, pageNumber) =>
      /^file:/i.test(location) ? loadFile(location, o.fileLabel(fileURLToPath(location))) : loadUrl(location, pageNumber),
    close: async () => {
      await http.close?.();
    },
  };
}
