// The servers behind tests/links/scenarios.ts: three hosts on 127.0.0.x, each a real node:http
// server, plus a port where nothing listens. `GET /__run?n=2` (on any host) tells them which run
// they are answering: pages change and per-run counters start again.
import { createServer as createNetServer } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { ServerResponse } from 'node:http';
import { html, page, startServer, type TestServer } from './servers.js';
import { INTRANET_NAME, type ScenarioOrigins } from './scenarios.js';

export const SCENARIO_HOSTS = { a: '127.0.0.71', b: '127.0.0.72', c: '127.0.0.73' } as const;

export interface ScenarioServers {
  origins: ScenarioOrigins;
  servers: TestServer[];
  /** Addresses the SSRF guard must let through in these tests (the servers stand for public hosts). */
  addresses: string[];
  setRun(n: number): void;
  close(): Promise<void>;
}

async function closedPort(host: string): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((r) => s.listen(0, host, r));
  const { port } = s.address() as { port: number };
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export async function startScenarioServers(): Promise<ScenarioServers> {
  let run = 1;
  let busyOnce = new Set<string>();
  const silent: ServerResponse[] = [];
  const origins = {} as ScenarioOrigins;
  const redirect = (res: ServerResponse, status: number, location: string) => void res.writeHead(status, { location }).end();
  // For the fetch client's own tests (tests/worker/checks/http-client.test.ts): big and bomb bodies.
  const bomb = gzipSync(Buffer.alloc(32 * 1024 * 1024), { level: 9 });
  const bigBytes = { sent: 0 };
  const handler = (name: 'a' | 'b' | 'c') => (req: { url?: string; headers: Record<string, unknown> }, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    if (path === '/__run') {
      run = Number(url.searchParams.get('n') ?? 1);
      busyOnce = new Set();
      return void res.writeHead(204).end();
    }
    switch (path) {
      case '/page':
        return html(res, page('Regional funds', '<p id="section">Applications open for the regional fund.</p>'));
      case '/not-found':
        return html(res, page('Not here', '<p>x</p>'), {}, 404);
      case '/gone':
        return html(res, page('Gone', '<p>x</p>'), {}, 410);
      case '/error':
        return html(res, page('Oops', '<p>x</p>'), {}, 500);
      case '/moved':
        return redirect(res, 301, '/new-address');
      case '/new-address':
        return html(res, page('New home of the page', '<p>Moved here.</p>'));
      case '/temporary':
        return redirect(res, 302, '/page');
      case '/canonical':
        return redirect(res, 301, '/canonical/');
      case '/canonical/':
        return html(res, page('Canonical', '<p>Trailing slash.</p>'));
      case '/soft':
        return html(res, page('Page not found', '<p>Sorry, we could not find that page.</p>'));
      case '/forbidden':
        return html(res, page('Forbidden', '<p>x</p>'), {}, 403);
      case '/challenge':
        return html(res, page('Just a moment...', '<p>x</p>'), { 'cf-mitigated': 'challenge' }, 403);
      case '/busy-once':
        if (!busyOnce.has(name)) {
          busyOnce.add(name);
          return html(res, page('Too many', '<p>slow down</p>'), { 'retry-after': '1' }, 429);
        }
        return html(res, page('Finally', '<p>Here it is.</p>'));
      case '/busy':
        return html(res, page('Too many', '<p>slow down</p>'), { 'retry-after': '1' }, 429);
      case '/to-private':
        return redirect(res, 302, 'http://10.0.0.1/secret');
      case '/to-loopback':
        return redirect(res, 302, `${origins.closed.replace(SCENARIO_HOSTS.a, '127.0.0.1')}/admin`);
      case '/to-localhost':
        return redirect(res, 302, `http://localhost:${new URL(origins.a).port}/admin`);
      case '/to-intranet':
        return redirect(res, 302, `http://${INTRANET_NAME}/wiki`);
      case '/changing':
        return html(res, page('Call for proposals', run === 1 ? '<p>The deadline is 1 May.</p>' : '<p>The deadline is 15 May.</p>'));
      case '/loop':
        return redirect(res, 302, '/loop2');
      case '/loop2':
        return redirect(res, 302, '/loop');
      case '/to-ftp':
        return redirect(res, 302, 'ftp://files.example/report.pdf');
      case '/file.pdf':
        res.writeHead(200, { 'content-type': 'application/pdf' });
        return void res.end('%PDF-1.4 not really');
      case '/big': {
        // 16 MiB, written as the reader takes it (backpressure): what is never read is never sent.
        res.writeHead(200, { 'content-type': 'text/html' });
        const chunk = Buffer.alloc(64 * 1024, 'a');
        let left = 256;
        res.on('error', () => {});
        const pump = () => {
          while (left > 0) {
            left--;
            bigBytes.sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        return pump();
      }
      case '/big-sent':
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify(bigBytes));
      case '/bomb':
        res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
        return void res.end(bomb);
      case '/silent':
        silent.push(res); // never answers
        return;
      default:
        return html(res, page('Nothing', '<p>x</p>'), {}, 404);
    }
  };
  const servers = await Promise.all((['a', 'b', 'c'] as const).map((n) => startServer(SCENARIO_HOSTS[n], handler(n))));
  servers.forEach((s, i) => (origins[(['a', 'b', 'c'] as const)[i]!] = s.origin));
  origins.closed = `http://${SCENARIO_HOSTS.a}:${await closedPort(SCENARIO_HOSTS.a)}`;
  return {
    origins, servers, addresses: Object.values(SCENARIO_HOSTS),
    setRun: (n) => {
      run = n;
      busyOnce = new Set();
    },
    close: async () => {
      for (const r of silent) r.destroy();
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}
