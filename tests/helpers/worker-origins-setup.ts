// globalSetup of the `workers` project, run in Node: local origins the Worker tests fetch from inside
// workerd (it reaches 127.0.0.x; its own connection and subrequest limits are not enforced locally,
// so these origins count what arrives). The scenario servers of tests/links/scenarios.ts, and three
// hosts that count the connections and requests open at once, over all three (under /busy/ they
// answer 429 with Retry-After: 1).
import type { TestProject } from 'vitest/node';
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { startScenarioServers } from '../links/scenario-servers.js';
import { expectValidReport } from './report-schema.js';
import '../worker/origins.js';

const COUNTING_HOSTS = ['127.0.0.81', '127.0.0.82', '127.0.0.83'];
const CONTROL_HOST = '127.0.0.80';
/** How long a counting host takes to answer: long enough for requests to overlap. */
const ANSWER_MS = 120;

async function listen(server: Server, host: string): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return `http://${host}:${(server.address() as { port: number }).port}`;
}

export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const scenarios = await startScenarioServers();
  project.provide('scenarioOrigins', scenarios.origins);
  project.provide('scenarioAddresses', scenarios.addresses);

  const stats = { openNow: 0, openMax: 0, inFlightNow: 0, inFlightMax: 0, requests: 0 };
  const sockets = new Set<Socket>();
  const counting = COUNTING_HOSTS.map(() =>
    createServer((req, res) => {
      stats.requests++;
      stats.inFlightNow++;
      stats.inFlightMax = Math.max(stats.inFlightMax, stats.inFlightNow);
      res.on('close', () => stats.inFlightNow--);
      setTimeout(() => {
        // A host that asks to be left alone for a second (the lease tests of tests/worker/checks/limits.test.ts).
        if (req.url?.startsWith('/busy/')) return void res.writeHead(429, { 'retry-after': '1', 'content-type': 'text/plain' }).end('slow down');
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(`<!doctype html><html><head><title>Page ${req.url}</title></head><body><main><p>Text of ${req.url}.</p></main></body></html>`);
      }, ANSWER_MS);
    }),
  );
  for (const s of counting) {
    s.on('connection', (socket: Socket) => {
      sockets.add(socket);
      stats.openNow++;
      stats.openMax = Math.max(stats.openMax, stats.openNow);
      socket.on('close', () => {
        sockets.delete(socket);
        stats.openNow--;
      });
    });
  }
  const hosts = await Promise.all(counting.map((s, i) => listen(s, COUNTING_HOSTS[i]!)));
  const control = createServer(async (req, res) => {
    if (req.method === 'POST' && req.url === '/validate-report') {
      // ajv compiles schemas to code, which workerd does not allow: reports are validated here, in Node.
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      let error: string | null = null;
      try {
        expectValidReport(Buffer.concat(chunks).toString('utf8'));
      } catch (e) {
        error = (e as Error).message;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ error }));
    }
    if (req.method === 'POST' && (req.url === '/reset' || req.url === '/reset?keep-connections')) {
      // Idle keep-alive connections from earlier tests would count as open: close them first. A test
      // about to fetch at once keeps them (workerd may reuse one just closed, and lose that request).
      if (req.url === '/reset') for (const s of sockets) s.destroy();
      Object.assign(stats, { openMax: stats.openNow, inFlightMax: stats.inFlightNow, requests: 0 });
      return void res.writeHead(204).end();
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(stats));
  });
  // workerd keeps connections to this server alive and reuses them. Node closes an idle one after
  // 5 s, and a request sent on it as it closes fails with "Network connection lost": a test that
  // posts a large report after a long step (5,000 links) did so now and then. Keep idle ones longer.
  control.keepAliveTimeout = 120_000;
  project.provide('countingOrigins', { hosts, control: await listen(control, CONTROL_HOST) });

  return async () => {
    for (const s of sockets) s.destroy();
    await scenarios.close();
    await Promise.all([...counting, control].map((s) => new Promise<void>((r) => s.close(() => r()))));
  };
}
