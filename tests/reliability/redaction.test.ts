// No leaked secrets, no stack traces. Each path a secret could take out of the program gets a
// distinctive secret string that must appear nowhere in stdout, stderr, the report files or the
// webhook's body: flag, variable and config errors, usage errors, webhook delivery errors, `start`'s
// log lines, report.json/html/md and alerts.atom (errors, URLs, page titles).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli, tempDir, type CliResult } from '../helpers/cli.js';
import { closedPort, writeLinkFeed } from '../helpers/link-feed.js';
import { Output } from '../serve/helpers.js';
import { html, page, startServer, type TestServer } from '../links/servers.js';
import { expectValidReport } from '../helpers/report-schema.js';
import { expectNoFragment } from '../helpers/secret-fragments.js';

const PW = 'pw-5ecret-Q7';
const TOKEN = 'tok-5ecret-K9';
const HOOK_PATH = 'T000/B000/hook-5ecret-Z3';
const HEADER = 'hdr-5ecret-M2';
const SECRETS = [PW, TOKEN, HOOK_PATH, 'hook-5ecret-Z3', HEADER];

let site: TestServer;
let receiver: TestServer;
const bodies: string[] = [];
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  site = await startServer('127.0.0.83', (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    // A page that shows the request's Authorization header in its title, as some echo pages do.
    if (path === '/echo') return html(res, page(String(req.headers.authorization ?? 'none'), '<p>echo</p>'));
    // ... or only the token, without its scheme.
    if (path === '/echo-token') return html(res, page(`Welcome ${String(req.headers.authorization ?? 'none').replace(/^\S+\s+/, '')}`, '<p>echo</p>'));
    if (path === '/to-ftp') return void res.writeHead(302, { location: `ftp://user:${PW}@files.example/?token=${TOKEN}` }).end();
    if (path === '/to-token') return void res.writeHead(301, { location: `/landing?access_token=${TOKEN}` }).end();
    if (path === '/landing') return html(res, page('Landing', '<p>here</p>'));
    html(res, page('Gone', '<p>gone</p>'), {}, 404);
  });
  receiver = await startServer('127.0.0.84', (req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      bodies.push(body);
      res.writeHead(200).end();
    });
  });
});
afterAll(async () => {
  await site.close();
  await receiver.close();
  for (const c of cleanups.splice(0)) await c();
});

async function dir(): Promise<string> {
  const t = await tempDir('feedwatch-secrets-');
  cleanups.push(t.cleanup);
  return t.dir;
}

function expectNoSecret(text: string, where: string): void {
  for (const s of SECRETS) expect(text.includes(s), `${where} shows ${s}:\n${text}`).toBe(false);
}
function expectClean(r: CliResult, where: string): void {
  expectNoSecret(r.stdout + r.stderr, where);
  expect(r.stderr, `${where}: a stack trace`).not.toMatch(/\n\s+at .*:\d+:\d+/);
}

describe('flag, variable and config errors never print a secret back', () => {
  const hook = `https://hooks.example/services/${HOOK_PATH}`;
  const cases: [string, string[], Record<string, string>?][] = [
    ['a webhook that is not a URL', ['--webhook', `hooks.example/services/${HOOK_PATH}`]],
    ['a webhook of another scheme', ['--webhook', `ftp://user:${PW}@hooks.example/${HOOK_PATH}`]],
    ['a valid webhook beside another error', ['--webhook', hook, '--per-host', '0']],
    ['headers that are not JSON', ['--headers', `{"a.example": {"Authorization": "Bearer ${HEADER}"`]],
    ['headers with the token as a header name', ['--headers', `{"a.example": {"Bearer ${HEADER}": "x"}}`]],
    ['headers with the token as a host', ['--headers', `{"Bearer ${HEADER}": {}}`]],
    ['a header value on two lines', ['--headers', `{"a.example": {"Authorization": "Bearer ${HEADER}\\r\\nX-Evil: 1"}}`]],
    ['a header value of the wrong type', ['--headers', `{"a.example": ["${HEADER}"]}`]],
    ['the webhook in a variable', [], { FEEDWATCH_WEBHOOK: `hooks.example/${HOOK_PATH}` }],
    ['headers in a variable', [], { FEEDWATCH_HEADERS: `{"a.example": {"Authorization": ${HEADER}}}` }],
    ['a URL with a password and a token', ['--url', `ftp://user:${PW}@x.example/?token=${TOKEN}`]],
    ['an argument with a token', ['--per-hots', '2', `https://x.example/?api_key=${TOKEN}`]],
  ];
  it.each(cases)('%s', async (_name, args, env = {}) => {
    const r = await runCli(['check', ...args], { env, cwd: await dir() });
    expect(r.code).toBe(2);
    expectClean(r, _name);
  });

  it('in the config file', async () => {
    const d = await dir();
    await writeFile(join(d, 'c.json'), JSON.stringify({ check: { headers: { 'a.example': { Authorization: [`Bearer ${HEADER}`] } }, perHost: 0 }, alerts: { webhook: `hooks.example/${HOOK_PATH}` } }));
    const r = await runCli(['check', '--config', 'c.json'], { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('check.perHost');
    expectClean(r, 'config file');
    await writeFile(join(d, 'bad.json'), `{"alerts": {"webhook": "https://hooks.example/${HOOK_PATH}" "x"}}`);
    const syntax = await runCli(['check', '--config', 'bad.json'], { cwd: d });
    expect(syntax.code).toBe(2);
    expectClean(syntax, 'config syntax');
  });
});

describe('JSON that does not parse is reported by kind and place, never by its text', () => {
  // Short unquoted tokens: V8's message quotes the text around the mistake, which is the token.
  const KEY = 'k9Xq2Lp7';
  const BEARER = 'Zq8w4k';
  const HOOK = 'T0Q/B0Q/wQ3zP8';
  it.each([
    ['--headers, an unquoted key', ['--headers', `{"api.example.com":{"X-Api-Key":${KEY}}}`], {}, KEY, 'at character 33: a value without double quotes'],
    ['--headers=, a string never closed', [`--headers={"api.example.com":{"Authorization":"Bearer ${BEARER}}}`], {}, BEARER, 'at character 37: a string that opens here is never closed'],
    ['FEEDWATCH_HEADERS, an unquoted key', [], { FEEDWATCH_HEADERS: `{"api.example.com":{"X-Api-Key":${KEY}}}` }, KEY, 'at character 33: a value without double quotes'],
    ['FEEDWATCH_HEADERS, a bearer token unquoted', [], { FEEDWATCH_HEADERS: `{"a.example": {"Authorization": Bearer ${BEARER}}}` }, BEARER, 'at character 33: a value without double quotes'],
  ] as const)('%s', async (_name, args, env, secret, says) => {
    const r = await runCli(['check', ...args], { env, cwd: await dir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(says);
    expectNoFragment(r.stdout + r.stderr, secret, _name);
    expectClean(r, _name);
  });

  it.each([
    ['an unquoted webhook', `{\n  "alerts": {"webhook":https://hooks.example/services/${HOOK}}\n}\n`, HOOK, ':2:24: not valid JSON (a value without double quotes'],
    ['an unquoted header value', `{"check": {\n  "headers": {"a.example": {"X-Api-Key": ${KEY}}}}}`, KEY, ':2:42: not valid JSON (a value without double quotes'],
    ['a comma missing after a token', `{"check": {"headers": {"a.example": {"Authorization": "Bearer ${BEARER}" "X": "1"}}}}`, BEARER, `:1:${65 + BEARER.length}: not valid JSON (expected "," or "}" after a property's value)`],
    ['a trailing comma after a token', `{"check": {"headers": {"a.example": {"Authorization": "Bearer ${BEARER}",}}}}`, BEARER, `:1:${65 + BEARER.length}: not valid JSON (a comma before "}"`],
    ['the file ends inside the token', `{"alerts": {"webhook": "https://hooks.example/${HOOK}`, HOOK, ':1:24: not valid JSON (a string that opens here is never closed)'],
  ])('a config file with %s: its line and column', async (_name, text, secret, says) => {
    const d = await dir();
    await writeFile(join(d, 'c.json'), text);
    const r = await runCli(['check', '--config', 'c.json'], { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`c.json${says}`);
    expectNoFragment(r.stdout + r.stderr, secret, _name);
    expectClean(r, _name);
  });
});

describe('a run never shows a secret', () => {
  it('check: report files, stdout, stderr and the webhook body', async () => {
    const d = await dir();
    const base = site.url('');
    const feeds = await writeLinkFeed(d, [
      `http://user:${PW}@127.0.0.83:${site.port}/gone?token=${TOKEN}&page=2`,
      `${base}/echo`,
      `${base}/to-ftp`,
      `${base}/to-token`,
    ]);
    const headers = JSON.stringify({ '127.0.0.83': { Authorization: `Bearer ${HEADER}` } });
    const argv = ['check', '--feeds', feeds, '--out', join(d, 'public'), '--state', join(d, 'state.db'), '--allow-private', '--retries', '0',
      '--no-wayback', '--headers', headers, '--failure-threshold', '1', '--webhook', `${receiver.url('/services/')}${HOOK_PATH}`];
    const r = await runCli(argv);
    expect(r.code).toBe(1);
    expectClean(r, 'check');
    const json = await runCli([...argv, '--format', 'json']);
    expectClean(json, 'check --format json');
    expectValidReport(json.stdout);
    const report = JSON.parse(json.stdout) as { links: { url: string; status: string; reason: string; title: string | null; error: string | null }[] };
    // Redacted, but still saying what happened.
    expect(report.links.map((l) => [l.status, l.reason])).toEqual(expect.arrayContaining([['broken', 'http-404'], ['broken', 'bad-redirect'], ['ok', null]]));
    expect(report.links.find((l) => l.url.includes('/gone'))!.url).toBe(`http://user:***@127.0.0.83:${site.port}/gone?token=***&page=2`);
    expect(report.links.find((l) => l.url.endsWith('/echo'))!.title).toBe('***');
    for (const f of await readdir(join(d, 'public', 'health'))) expectNoSecret(await readFile(join(d, 'public', 'health', f), 'utf8'), f);
    expect(bodies.length).toBeGreaterThan(0);
    for (const b of bodies) expectNoSecret(b, 'webhook body');
  });

  it('a short token after the scheme (`Bearer Vb3n7x`) is hidden where it turns up alone', async () => {
    const token = 'Vb3n7x';
    const d = await dir();
    const feeds = await writeLinkFeed(d, [site.url('/echo-token'), site.url('/gone')]);
    const headers = JSON.stringify({ '127.0.0.83': { Authorization: `Bearer ${token}` } });
    const argv = ['check', '--feeds', feeds, '--out', join(d, 'public'), '--state', join(d, 'state.db'), '--allow-private', '--retries', '0', '--no-wayback', '--headers', headers];
    const r = await runCli([...argv, '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { links: { url: string; title: string | null }[] };
    // The page did see the token (so the check is real), and its title is shown without it.
    expect(report.links.find((l) => l.url.endsWith('/echo-token'))!.title).toBe('Welcome ***');
    expectNoFragment(r.stdout + r.stderr, token, 'check');
    for (const f of await readdir(join(d, 'public', 'health'))) expectNoFragment(await readFile(join(d, 'public', 'health', f), 'utf8'), token, f);
  });

  it('webhook delivery errors name the receiver without its path', async () => {
    const d = await dir();
    const feeds = await writeLinkFeed(d, [site.url('/gone')]);
    const common = ['check', '--feeds', feeds, '--out', join(d, 'public'), '--state', join(d, 'state.db'), '--allow-private', '--retries', '0', '--no-wayback', '--failure-threshold', '1', '--webhook-retries', '0'];
    const down = await runCli([...common, '--webhook', `http://127.0.0.1:${await closedPort()}/services/${HOOK_PATH}`]);
    expect(down.stderr).toMatch(/\[webhook\] fetch failed \(ECONNREFUSED\) from http:\/\/127\.0\.0\.1:\d+\/\*\*\*/);
    expectClean(down, 'receiver down');
  });

  it('a webhook URL with user:password@ is delivered with Authorization: Basic, the userinfo stripped, and shown nowhere', async () => {
    const seen: { path: string; authorization: string | undefined }[] = [];
    const expected = `Basic ${Buffer.from(`hook:${PW}`).toString('base64')}`;
    const guarded = await startServer('127.0.0.85', (req, res) => {
      seen.push({ path: req.url ?? '', authorization: req.headers.authorization });
      req.resume();
      req.on('end', () => res.writeHead(req.headers.authorization === expected ? 204 : 401).end());
    });
    cleanups.push(() => guarded.close());
    const d = await dir();
    const feeds = await writeLinkFeed(d, [site.url('/gone'), site.url('/to-ftp')]);
    const common = ['check', '--feeds', feeds, '--out', join(d, 'public'), '--state', join(d, 'state.db'), '--allow-private', '--retries', '0', '--no-wayback', '--failure-threshold', '1', '--webhook-retries', '0'];
    const WRONG = 'Wq9zR4x';
    const hook = (pw: string) => `http://hook:${pw}@127.0.0.85:${guarded.port}/services/${HOOK_PATH}`;

    // A wrong password: the receiver refuses, the message names it without path or password, the events stay queued.
    const refused = await runCli([...common, '--webhook', hook(WRONG)]);
    expect(refused.stderr).toMatch(/\[webhook\] HTTP 401 from http:\/\/127\.0\.0\.85:\d+\/\*\*\*; the events stay queued/);
    expectClean(refused, 'a refused webhook with credentials');
    expectNoFragment(refused.stdout + refused.stderr, WRONG, 'a refused webhook with credentials');
    expect(seen).toHaveLength(1);

    // The right one: the queued events go, with the credentials as a header and not in the URL.
    const delivered = await runCli([...common, '--webhook', hook(PW)]);
    expect(delivered.stderr).not.toContain('[webhook]');
    expectClean(delivered, 'credentials in the webhook URL');
    expect(seen).toHaveLength(2);
    expect(seen[1]).toEqual({ path: `/services/${HOOK_PATH}`, authorization: expected });

    // Nothing is left queued: a third run with no new events sends nothing.
    await runCli([...common, '--webhook', hook(PW)]);
    expect(seen).toHaveLength(2);
  });

  it("start's log lines", async () => {
    const d = await dir();
    const feeds = await writeLinkFeed(d, [site.url(`/gone?sig=${TOKEN}`)]);
    const stdout = new Output();
    const stderr = new Output();
    const abort = new AbortController();
    const running = runCli(['start', '--feeds', feeds, '--out', join(d, 'public'), '--state', join(d, 'state.db'), '--allow-private', '--retries', '0',
      '--no-wayback', '--failure-threshold', '1', '--webhook-retries', '0', '--port', '0', '--host', '127.0.0.1',
      '--webhook', `http://127.0.0.1:${await closedPort()}/${HOOK_PATH}`], { stdout, stderr, signal: abort.signal });
    await stdout.waitFor(/check #1 \(start\): exit 1.*\n(.*\n)*.*\[webhook\]/);
    abort.abort();
    expect((await running).code).toBe(0);
    expectNoSecret(stdout.text + stderr.text, 'start');
  });
});

describe('no stack traces: a failure the user causes is one message naming the path', () => {
  it.each(([
    ['build --out a file', (d: string) => ['build', '--feeds', join(d, 'feeds'), '--out', join(d, 'file')], 3, /file: cannot use it as the --out folder: it is a file/],
    ['build --out below a file', (d: string) => ['build', '--feeds', join(d, 'feeds'), '--out', join(d, 'file', 'x')], 3, /file\/x: cannot use it as the --out folder: a part of the path is a file/],
    ['check --out a file', (d: string) => ['check', '--feeds', join(d, 'feeds'), '--out', join(d, 'file'), '--state', join(d, 's.db')], 3, /file: cannot use it as the --out folder/],
    ['check --state a folder', (d: string) => ['check', '--feeds', join(d, 'feeds'), '--out', join(d, 'out'), '--state', join(d, 'feeds')], 3, /feeds: cannot open the state file: it is a folder/],
    ['check --state below a file', (d: string) => ['check', '--feeds', join(d, 'feeds'), '--state', join(d, 'file', 's.db')], 3, /file\/s\.db: cannot make the folder of the state file/],
    ['build --feeds a file', (d: string) => ['build', '--feeds', join(d, 'file'), '--out', join(d, 'out')], 2, /file: error: feeds: the feeds path is not a folder/],
    ['--config a folder', (d: string) => ['build', '--config', join(d, 'feeds')], 2, /feeds: cannot read the config file \(it is a folder\)/],
    ['start --out a file', (d: string) => ['start', '--feeds', join(d, 'feeds'), '--out', join(d, 'file'), '--port', '0', '--host', '127.0.0.1'], 3, /file: cannot use it as the --out folder/],
    ['a folder where the build writes a file', (d: string) => ['build', '--feeds', join(d, 'feeds'), '--out', join(d, 'taken')], 3, /taken\/index\.html: a folder of that name is in the way/],
    ['a file where the build makes a feed folder', (d: string) => ['build', '--feeds', join(d, 'feeds'), '--out', join(d, 'blocked')], 3, /blocked\/news\/[a-z.]+: a part of the path is a file, not a folder \(ENOTDIR\)/],
    // Node's own recursive mkdir never returns below /proc (Linux): these used to hang.
    ['build --out below /proc', () => ['build', '--feeds', 'feeds', '--out', '/proc/feedwatch-x/out'], 3, /\/proc\/feedwatch-x\/out: cannot use it as the --out folder: no such file or folder \(ENOENT\)/],
    ['check --state below /proc', () => ['check', '--feeds', 'feeds', '--state', '/proc/feedwatch-x/state.db'], 3, /\/proc\/feedwatch-x\/state\.db: cannot make the folder of the state file/],
  ] as const).filter(([name]) => !name.includes('/proc') || existsSync('/proc/self')))('%s', async (_name, argv, code, message) => {
    const d = await dir();
    await writeLinkFeed(d, ['https://site.example/a']);
    await writeFile(join(d, 'file'), 'not a folder');
    await mkdir(join(d, 'out'), { recursive: true });
    await mkdir(join(d, 'taken', 'index.html'), { recursive: true });
    await mkdir(join(d, 'blocked'), { recursive: true });
    await writeFile(join(d, 'blocked', 'news'), 'not a folder');
    const r = await runCli([...argv(d)], { cwd: d });
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr).not.toContain('unexpected failure');
  });
});
