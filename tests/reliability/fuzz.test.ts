// Fuzzed input, property-based (fast-check) with a fixed seed and bounded runs, over front matter,
// Markdown bodies, feed.yaml, the links in content and the configuration:
// - every input either builds feeds that parse as XML (saxes, strict) and JSON, or is refused with
//   a ContentError (exit 2) whose every error names its file and a line or field;
// - never another exception, an unhandled rejection or invalid XML;
// - any string used as a link becomes a checkable URL, a `skipped` link, or `broken`/`invalid-url`.
// Counterexamples found while writing these are kept below as regression cases, with their seeds.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ContentError } from '../../src/core/errors.js';
import { checkConfig, SETTINGS } from '../../src/core/config.js';
import { findJsonMistake } from '../../src/core/json-mistake.js';
import { loadContent, type ContentSource } from '../../src/content/load.js';
import { renderSite } from '../../src/feeds/site.js';
import { LinkCollector, ignoreMatcher } from '../../src/links/collect.js';
import { pageOf, unfetchable } from '../../src/links/check-link.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { expectNoFragment } from '../helpers/secret-fragments.js';
import { assertWellFormed } from '../health/xml.js';

/** One seed for every property: a failure is reproduced by running the file again. FUZZ_SEED and
 *  FUZZ_RUNS explore further by hand (`FUZZ_SEED=7 FUZZ_RUNS=2000 npx vitest run tests/reliability/fuzz.test.ts`). */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_128);
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);

// ---- generators ------------------------------------------------------------------------------

/** Text that hurts: markup, CDATA ends, entities, controls, lone surrogates, bidi marks, YAML syntax. */
const nasty = fc.constantFrom(
  ']]>', '<![CDATA[', '<script>alert(1)</script>', '&', '&amp;', '&#0;', '\u0000', '\u0008', '\u001b[31m', '\ud800', '\udfff', '\ufffe',
  '\u202e', '😀', 'å', '---', '...', ': ', '- ', '#', '"', "'", '\\', '\n', '\r\n', '\t', '{', '}', '[', ']', '*', '|', '>', '!!binary', '&anchor', '*alias',
  '<a href="javascript:alert(1)">x</a>', '<img src=x onerror=alert(1)>', '<!--', '-->', '<?xml ?>', '<style>', '`', '```', '~~~',
);
const text = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 3, arbitrary: fc.array(fc.oneof(nasty, fc.string({ maxLength: 8 })), { maxLength: 8 }).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
);

/** Strings used as links: real-looking URLs, broken ones, other schemes, and anything at all. */
const linkText = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.constantFrom(
    'https://', 'http://[::1', 'http://exa mple.org/', 'https://example.org/%zz', 'https://example.org:99999/', 'mailto:a@b', 'tel:+46', 'javascript:alert(1)',
    'data:text/html,<b>', 'ftp://x/', 'file:///etc/passwd', '//example.org/x', '/relative', '../up', '#frag', '', ' ', 'https://例え.jp/パス', 'https://xn--/',
    'http://user:pass@example.org/', 'https://example.org/?a=<b>&c="d"', 'HTTPS://EXAMPLE.ORG', 'https://example.org/\u0000', 'https://example.org/\ud800',
  ),
  text,
);

const isoDate = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().replace('Z', '+01:00'));
const scalar = fc.oneof(text, linkText, isoDate, fc.integer(), fc.boolean(), fc.constant(null), fc.array(text, { maxLength: 3 }));

/** Front matter: the known fields with good or bad values, and sometimes unknown ones. */
const frontMatter = fc.record(
  {
    title: fc.oneof(text, scalar),
    date: fc.oneof(isoDate, scalar),
    link: fc.oneof(linkText, scalar),
    id: fc.oneof(text, linkText),
    updated: fc.oneof(isoDate, scalar),
    summary: fc.oneof(text, scalar),
    categories: fc.oneof(fc.array(text, { maxLength: 4 }), scalar),
    sources: fc.oneof(fc.array(linkText, { maxLength: 4 }), scalar),
    author: fc.oneof(fc.record({ name: text, email: text }, { requiredKeys: [] }), scalar),
    titel: text,
  },
  { requiredKeys: [] },
);

/** A Markdown body: prose, nasty text, links and raw HTML carrying strings used as links. */
const body = fc
  .array(
    fc.oneof(
      text,
      linkText.map((l) => `[a link](${l})`),
      linkText.map((l) => `[a link](<${l}>)`),
      linkText.map((l) => `<a href="${l.replace(/"/g, '&quot;')}">raw</a>`),
      linkText.map((l) => `<${l}>`),
      fc.constantFrom('# Heading', '```\ncode ]]> <x>\n```', '> quote', '- item', '| a | b |\n|---|---|\n| 1 | 2 |', '<div><p>unclosed', '</div></div>', '<iframe src="https://x/"></iframe>'),
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join('\n\n'));

const feedYaml = fc.record(
  {
    title: fc.oneof(text, scalar),
    description: fc.oneof(text, scalar),
    link: fc.oneof(linkText, scalar),
    language: fc.oneof(fc.constantFrom('sv', 'en', 'sv-SE', 'xx-', ''), scalar),
    author: fc.oneof(fc.record({ name: text, email: text, uri: linkText }, { requiredKeys: [] }), scalar),
    id: fc.oneof(text, linkText),
    image: fc.oneof(linkText, scalar),
    copyright: text,
    categories: fc.oneof(fc.array(text, { maxLength: 3 }), scalar),
  },
  { requiredKeys: [] },
);

/** A mostly valid base, so the properties reach the writers too, with fuzzed fields over it. */
const VALID_FEED = { title: 'Nyheter', description: 'Om regionerna', link: 'https://www.example.se/', language: 'sv', author: { name: 'Kontoret' } };
const VALID_ITEM = { title: 'En nyhet', date: '2018-11-29T10:00:00+01:00', link: 'https://www.example.se/a/' };

/** YAML as people write it, or raw text (which may not be YAML at all). */
function yamlOf(value: Record<string, unknown>, raw: string | null): string {
  if (raw !== null) return raw;
  try {
    return stringify(value);
  } catch {
    return String(value);
  }
}

/** Fields whose text may be anything at all in valid content: the writers must cope with it. */
const filled = text.filter((t) => t.trim() !== '');
const freeItemFields = fc.record({ title: filled, summary: filled, categories: fc.array(filled, { maxLength: 3 }) }, { requiredKeys: [] });
const freeFeedFields = fc.record({ title: filled, description: filled, copyright: filled }, { requiredKeys: [] });

/** Mostly valid with free text (reaches the writers), or with any field wrong, or raw text. */
function mixed<T extends Record<string, unknown>>(valid: T, free: fc.Arbitrary<Record<string, unknown>>, any: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: free.map((f) => yamlOf({ ...valid, ...f }, null)) },
    { weight: 2, arbitrary: any.map((f) => yamlOf({ ...valid, ...f }, null)) },
    { weight: 1, arbitrary: any.map((f) => yamlOf(f, null)) },
    { weight: 1, arbitrary: text },
  );
}

const tree = fc.record({
  feed: mixed(VALID_FEED, freeFeedFields, feedYaml),
  items: fc.uniqueArray(
    fc.tuple(mixed(VALID_ITEM, freeItemFields, frontMatter), body, fc.oneof({ weight: 8, arbitrary: fc.constantFrom('2018-11-29-a', '2018-11-30-b', '2018-12-01-c') }, { weight: 1, arbitrary: fc.constant('bad name') })).map(
      ([front, md, name]) => ({ name: `${name}.md`, text: `---\n${front}---\n${md}\n` }),
    ),
    { minLength: 1, maxLength: 3, selector: (i) => i.name },
  ),
});

function memorySource(files: Record<string, string>): ContentSource {
  return {
    list: async () => Object.keys(files).sort(),
    read: async (path) => new TextEncoder().encode(files[path]!),
    label: (path) => (path === '' ? 'feeds' : `feeds/${path}`),
  };
}

type Tree = { feed: string; items: { name: string; text: string }[] };
function filesOf(t: Tree): Record<string, string> {
  const files: Record<string, string> = { 'news/feed.yaml': t.feed };
  for (const i of t.items) files[`news/items/${i.name}`] = i.text;
  return files;
}

const WHOLE_FILE = /file name|folder|feed\.yaml|subfolder|cannot be read|the file is empty|UTF-8/;

/** The property itself: valid outputs or a ContentError whose errors each name file and line or field. */
async function buildsOrRefuses(t: Tree): Promise<'built' | 'refused'> {
  let feeds;
  try {
    ({ feeds } = await loadContent(memorySource(filesOf(t)), { idAuthority: null }));
  } catch (e) {
    if (!(e instanceof ContentError)) throw e;
    const errors = e.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    for (const d of errors) {
      expect(d.file).toMatch(/^feeds\//);
      // A problem of the file as a whole (its name, its place, empty, unreadable) has no line to name.
      const wholeFile = d.line === 0 && WHOLE_FILE.test(d.message);
      expect(d.line > 0 || Boolean(d.field) || wholeFile, `${d.file}: ${d.message} names no line or field`).toBe(true);
    }
    return 'refused';
  }
  const site = renderSite(feeds, { baseUrl: 'https://feeds.example.org/', archiveSize: 2, idAuthority: null, hubs: [] }, new Map());
  for (const f of site.files) {
    if (f.path.endsWith('.xml') || f.path.endsWith('.opml')) assertWellFormed(f.content);
    if (f.path.endsWith('.json')) JSON.parse(f.content);
  }
  // Every link in the content is something the checker can take: nothing here may throw.
  const collector = new LinkCollector(ignoreMatcher([])).addFeeds(feeds);
  for (const target of collector.targets()) linkVerdict(target.url, target.skip);
  return 'built';
}

/** What a link becomes before any request: checkable, skipped, or broken (invalid-url). */
function linkVerdict(url: string, skip?: { reason: string }): 'checkable' | 'skipped' | 'invalid-url' {
  const early = unfetchable({ url, items: [], ...(skip ? { skip: { reason: skip.reason, error: null } } : {}) }, new Date(0));
  if (early) {
    expect(early.status === 'skipped' || (early.status === 'broken' && early.reason === 'invalid-url'), `${url}: ${early.status} ${early.reason}`).toBe(true);
    return early.status === 'skipped' ? 'skipped' : 'invalid-url';
  }
  const page = pageOf(url);
  expect(page, url).not.toBeNull();
  expect(['http:', 'https:']).toContain(page!.page.protocol);
  return 'checkable';
}

// ---- regression cases: counterexamples the properties found, kept with their seed ------------

describe('regressions found by fuzzing', () => {
  it('feed.yaml holding only "%" (a YAML directive with no document) is refused, not a crash (seed 20261128)', async () => {
    expect(await buildsOrRefuses({ feed: '%', items: [{ name: '2018-11-29-a.md', text: '---\n{}\n---\n\n' }] })).toBe('refused');
    const r = await loadContent(memorySource({ 'news/feed.yaml': '%', 'news/items/2018-11-29-a.md': `---\n${stringify(VALID_ITEM)}---\n` }), { idAuthority: null }).catch((e) => e);
    expect(r).toBeInstanceOf(ContentError);
    expect((r as ContentError).message).toContain('feeds/news/feed.yaml:1: error: invalid YAML');
  });

  it('--headers followed by invalid JSON that starts with "-" is a usage error that shows none of it (FUZZ_SEED=1, FUZZ_RUNS=600)', async () => {
    const value = '-{"api.example.com":{"Authorization":Xk7qZp9w}}';
    const r = await runCli(['check', '--headers', value]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--headers needs a value');
    for (const piece of ['Xk7q', 'qZp9', 'Zp9w']) expect(r.stderr).not.toContain(piece);
    const joined = await runCli(['check', `--headers=${value}`]);
    expect(joined.stderr).toContain('check.headers must be JSON (at character 1: a number without digits)');
    for (const piece of ['Xk7q', 'qZp9', 'Zp9w']) expect(joined.stderr).not.toContain(piece);
  });
});

// ---- properties --------------------------------------------------------------------------------

describe('fuzzed content', () => {
  it('builds feeds that parse as XML and JSON, or is refused naming file and line or field', async () => {
    const outcomes = { built: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(tree, async (t) => {
        outcomes[await buildsOrRefuses(t)]++;
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // The generators reach both sides, so neither half of the property is vacuous.
    expect(outcomes.built).toBeGreaterThan(RUNS / 10);
    expect(outcomes.refused).toBeGreaterThan(RUNS / 10);
  });

  it('any string used as a link becomes a checkable URL, a skipped link, or broken (invalid-url)', () => {
    fc.assert(
      fc.property(linkText, fc.option(fc.webUrl(), { nil: null }), (raw, base) => {
        const c = new LinkCollector(ignoreMatcher([{ pattern: '/^https:\\/\\/ignored\\./', reason: 'test' }]));
        c.add(raw, base, null);
        for (const t of c.targets()) linkVerdict(t.url, t.skip);
      }),
      { seed: SEED, numRuns: RUNS * 10 },
    );
  });

  it('through the command line: exit 0 with parseable feeds, or exit 2 naming the file', async () => {
    const { dir, cleanup } = await tempDir('feedwatch-fuzz-');
    try {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(tree, async (t) => {
          const root = join(dir, String(n++));
          for (const [path, content] of Object.entries(filesOf(t))) {
            await mkdir(join(root, 'feeds', path, '..'), { recursive: true });
            await writeFile(join(root, 'feeds', path), content);
          }
          const r = await runCli(['build', '--feeds', join(root, 'feeds'), '--out', join(root, 'public')], { cwd: root });
          expect([0, 2], r.stderr).toContain(r.code);
          expect(r.stderr).not.toMatch(/unexpected failure|\n\s+at /);
          if (r.code === 2) {
            expect(r.stderr).toMatch(/^feedwatch: \[content\] \d+ errors?/);
            expect(r.stderr).toContain(join(root, 'feeds', 'news'));
            return;
          }
          for (const name of await readdir(join(root, 'public', 'news'))) {
            const body = await readFile(join(root, 'public', 'news', name), 'utf8');
            if (name.endsWith('.xml')) assertWellFormed(body);
            if (name.endsWith('.json')) JSON.parse(body);
          }
        }),
        { seed: SEED, numRuns: Math.ceil(RUNS / 10) },
      );
    } finally {
      await cleanup();
    }
  });
});

describe('fuzzed configuration', () => {
  const anyJson = fc.jsonValue({ maxDepth: 3 });
  /** The settings' own shape with wrong values put in: nested objects by the dotted keys. */
  const configFile = fc
    .array(fc.tuple(fc.constantFrom(...SETTINGS.map((s) => s.key), 'check.unknown', 'nope', '$schema'), fc.oneof(anyJson, scalar)), { maxLength: 6 })
    .map((entries) => {
      const file: Record<string, unknown> = {};
      for (const [key, value] of entries) {
        const [a, b] = key.split('.');
        if (b === undefined) file[a!] = value;
        else file[a!] = { ...((typeof file[a!] === 'object' && file[a!]) || {}), [b]: value };
      }
      return file;
    });

  it('checkConfig never throws: a config, or problems that each name the source and the key', () => {
    const env = fc.dictionary(fc.constantFrom(...SETTINGS.map((s) => s.env)), fc.oneof(text, anyJson.map((v) => JSON.stringify(v))), { maxKeys: 4 });
    const flags = fc.dictionary(fc.constantFrom(...SETTINGS.map((s) => s.flag)), fc.oneof(text, fc.boolean()), { maxKeys: 4 });
    fc.assert(
      fc.property(fc.oneof(configFile, anyJson), env, flags, (file, e, f) => {
        const { problems } = checkConfig({ file, fileName: 'c.json', env: e, flags: f });
        for (const p of problems) expect(p).toMatch(/^(c\.json(:\d+)?|environment variable FEEDWATCH_[A-Z_]+|--[a-z-]+): /);
      }),
      { seed: SEED, numRuns: RUNS * 5 },
    );
  });

  it('through the command line: a config file gives exit 0 or 2, never a crash', async () => {
    const { dir, cleanup } = await tempDir('feedwatch-fuzz-config-');
    try {
      await mkdir(join(dir, 'feeds'), { recursive: true });
      await fc.assert(
        fc.asyncProperty(fc.oneof(configFile, anyJson), async (file) => {
          await writeFile(join(dir, 'c.json'), JSON.stringify(file));
          const r = await runCli(['build', '--config', 'c.json', '--feeds', 'feeds', '--out', 'public'], { cwd: dir });
          expect([0, 2], r.stderr).toContain(r.code);
          expect(r.stderr).not.toMatch(/unexpected failure|\n\s+at /);
          if (r.code === 2 && !r.stderr.includes('[content]')) expect(r.stderr).toMatch(/^feedwatch: \[config\] /);
        }),
        { seed: SEED, numRuns: Math.ceil(RUNS / 5) },
      );
    } finally {
      await cleanup();
    }
  });
});

describe('fuzzed invalid JSON holding a secret', () => {
  // A config (or a --headers value) with a secret marker where secrets go, made invalid by a few
  // typing mistakes: quotes lost, characters dropped or added, the text cut short. Whatever the
  // mistake, the message names a place and a kind, and shows no 4 characters of the marker.
  const MARK = 'Xk7qZp9w';
  const expectNoMark = (text: string) => expectNoFragment(text, MARK, 'the message');

  const headerValue = fc.constantFrom(MARK, `Bearer ${MARK}`, `Basic ${MARK}==`, `token=${MARK}; x=1`);
  const headers = fc.record({ host: fc.constantFrom('api.example.com', 'a.example'), name: fc.constantFrom('Authorization', 'X-Api-Key'), value: headerValue })
    .map(({ host, name, value }) => ({ [host]: { [name]: value } }));
  const config = fc.oneof(
    headers.map((h) => ({ check: { headers: h, perHost: 2 } })),
    fc.constantFrom(`https://hooks.example/services/${MARK}`, `https://user:${MARK}@hooks.example/x`, `https://hooks.example/x?token=${MARK}`).map((webhook) => ({ alerts: { webhook } })),
  );
  /** Mistakes people make by hand; each keeps the marker's characters in the text. */
  const mistake = fc.tuple(fc.constantFrom('unquote', 'drop', 'add', 'cut'), fc.nat(), fc.constantFrom(...'"{}[],: \n\\\t\u0001x0-'.split('')));
  function spoil(json: string, mistakes: [string, number, string][]): string {
    let t = json;
    for (const [kind, n, c] of mistakes) {
      const at = n % (t.length + 1);
      if (kind === 'unquote') {
        // The quotes around the string that holds the marker, as when a token is pasted bare.
        const m = t.indexOf(MARK);
        const open = m < 0 ? -1 : t.lastIndexOf('"', m);
        const close = m < 0 ? -1 : t.indexOf('"', m);
        if (open >= 0 && close > open) t = t.slice(0, open) + t.slice(open + 1, close) + t.slice(close + 1);
      } else if (kind === 'drop') t = t.slice(0, at) + t.slice(at + 1);
      else if (kind === 'add') t = t.slice(0, at) + c + t.slice(at);
      else t = t.slice(0, Math.max(at, t.indexOf(MARK) + MARK.length));
    }
    return t;
  }
  const isJson = (t: string) => {
    try {
      JSON.parse(t);
      return true;
    } catch {
      return false;
    }
  };
  const spoiled = (value: fc.Arbitrary<unknown>) =>
    fc.tuple(value, fc.boolean(), fc.array(mistake, { minLength: 1, maxLength: 3 }))
      .map(([v, pretty, ms]) => spoil(JSON.stringify(v, null, pretty ? 2 : undefined), ms))
      .filter((t) => !isJson(t));

  it('findJsonMistake finds a mistake exactly when JSON.parse throws, within the text', () => {
    fc.assert(
      fc.property(fc.oneof(spoiled(config), text, fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v))), (t) => {
        const found = findJsonMistake(t);
        expect(found === undefined, t).toBe(isJson(t));
        if (found) expect(found.offset).toBeGreaterThanOrEqual(0);
        if (found) expect(found.offset).toBeLessThanOrEqual(t.length);
      }),
      { seed: SEED, numRuns: RUNS * 10 },
    );
  });

  it('--headers and FEEDWATCH_HEADERS: exit 2, a character offset, no piece of the secret', async () => {
    await fc.assert(
      fc.asyncProperty(spoiled(headers), fc.boolean(), async (t, asFlag) => {
        const r = asFlag ? await runCli(['check', `--headers=${t}`]) : await runCli(['check'], { env: { FEEDWATCH_HEADERS: t } });
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr).toMatch(/check\.headers must be JSON \(at character \d+: /);
        expectNoMark(r.stdout + r.stderr);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('a config file: exit 2, its line and column, no piece of the secret', async () => {
    const { dir, cleanup } = await tempDir('feedwatch-fuzz-json-');
    try {
      await fc.assert(
        fc.asyncProperty(spoiled(config), async (t) => {
          await writeFile(join(dir, 'c.json'), t);
          const r = await runCli(['check', '--config', 'c.json'], { cwd: dir });
          expect(r.code, r.stderr).toBe(2);
          expect(r.stderr).toMatch(/c\.json:\d+:\d+: not valid JSON \(/);
          expectNoMark(r.stdout + r.stderr);
        }),
        { seed: SEED, numRuns: RUNS },
      );
    } finally {
      await cleanup();
    }
  });
});
