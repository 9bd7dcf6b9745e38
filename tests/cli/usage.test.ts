// The command line does what it says: each command's positionals are declared and checked, flag
// errors are one sentence of ours, URLs given on the command line are checked, every config error
// shows in one run, and content error headers count what they list. All through `main`.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { COMMANDS } from '../../src/runtime/node/cli.js';
import { declarationProblems, usageLine } from '../../src/runtime/node/arguments.js';
import type { Command, CommandContext } from '../../src/runtime/node/commands/command.js';
import { runCli, tempDir } from '../helpers/cli.js';

/** Runs the CLI in a fresh empty working directory; returns the result and what the folder holds after. */
async function inEmptyDir(argv: string[], env: Record<string, string> = {}) {
  const { dir, cleanup } = await tempDir('feedwatch-usage-');
  try {
    const r = await runCli(argv, { cwd: dir, env });
    return { ...r, left: await readdir(dir) };
  } finally {
    await cleanup();
  }
}

const FEED_YAML = [
  'title: News',
  'description: News of the office.',
  'link: https://www.example.org/',
  'language: en',
  'author:',
  '  name: The Office',
  '',
].join('\n');

function item(fields: Record<string, string>): string {
  return `---\n${Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join('\n')}\n---\nText.\n`;
}

const GOOD_ITEM = { title: 'One', date: '2024-01-02T10:00:00+01:00', link: 'https://www.example.org/one' };

async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), text);
  }
}

describe('positional arguments', () => {
  it('every command declares them soundly, and --help shows them in the usage line', async () => {
    for (const cmd of COMMANDS) {
      expect(declarationProblems(cmd)).toEqual([]);
      const help = await runCli([cmd.name, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout.split('\n')[0]).toBe(usageLine(cmd));
    }
    const check = await runCli(['check', '--help']);
    expect(check.stdout.split('\n')[0]).toBe('Usage: feedwatch check [options] [<url>...]');
    expect(check.stdout).toMatch(/Arguments:\n {2}\[<url>\.\.\.\] +Check these addresses .*absolute http\(s\) URL; repeatable; optional\./);
    // Statuses are explained in the repository's own contract, and values are named for what they are.
    expect(check.stdout).toContain('Statuses: ok, changed, moved, soft404, blocked, broken, skipped (docs/link-statuses.md');
    for (const flag of ['--url URL', '--format text|json', '--feeds DIR', '--out DIR', '--state FILE', '--timeout MS', '--retries N', '--ignore JSON', '--webhook URL', '--config FILE']) {
      expect(check.stdout).toContain(`  ${flag} `);
    }
    expect(check.stdout.split('\n').filter((l) => /^ {2}--\S+ </.test(l))).toEqual([]);
    const build = await runCli(['build', '--help']);
    expect(build.stdout.split('\n')[0]).toBe('Usage: feedwatch build [options]');
    expect(build.stdout).not.toContain('Arguments:');
  });

  it.each(['build', 'serve', 'run', 'start', 'fix'])('%s with a stray argument: exit 2 with the usage line, nothing done', async (name) => {
    const r = await inEmptyDir([name, 'stray/dir']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `feedwatch: [usage] ${name}: unexpected argument "stray/dir": ${name} takes no arguments (the content folder is given with --feeds DIR).\n` +
        `Usage: feedwatch ${name} [options]\n`,
    );
    expect(r.stdout).toBe('');
    expect(r.left).toEqual([]);
  });

  it('build /some/dir no longer builds feeds/: exit 2 and no output folder', async () => {
    const { dir, cleanup } = await tempDir('feedwatch-usage-');
    try {
      await writeTree(dir, { 'feeds/news/feed.yaml': FEED_YAML, 'feeds/news/items/2024-01-02-one.md': item(GOOD_ITEM) });
      const r = await runCli(['build', '/some/dir'], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('Usage: feedwatch build [options]');
      expect(existsSync(join(dir, 'public'))).toBe(false);
      // The same folder builds when asked properly, so it was the argument that stopped it.
      expect((await runCli(['build'], { cwd: dir })).code).toBe(0);
    } finally {
      await cleanup();
    }
  });

  it('check takes URLs as positionals; anything else is exit 2 naming the value', async () => {
    const r = await inEmptyDir(['check', 'stray']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'feedwatch: [usage] check: <url> "stray" is not an absolute http(s) URL; give one like https://example.com/page.\n' +
        'Usage: feedwatch check [options] [<url>...]\n',
    );
    expect(r.left).toEqual([]);
  });

  // The declarations `init [<dir>]`, `new <feed-id> <title>` and `import <url-or-file>` (issue 12)
  // will use: the CLI checks them before the command runs.
  const seen: string[][] = [];
  const fake = (name: string, positionals: Command['positionals']): Command => ({
    name,
    summary: `the ${name} command`,
    positionals,
    run: async (ctx: CommandContext) => {
      seen.push(ctx.positionals);
      return 0;
    },
  });
  const FUTURE: Command[] = [
    fake('init', [{ name: 'dir', kind: 'path', description: 'Folder to set up (default: here).' }]),
    fake('new', [
      { name: 'feed-id', kind: 'feed-id', required: true, description: 'The feed the item goes into.' },
      { name: 'title', kind: 'text', required: true, description: 'The item title.' },
    ]),
    fake('import', [{ name: 'url-or-file', kind: 'url-or-path', required: true, description: 'The feed to import.' }]),
  ];
  async function future(argv: string[]) {
    const { dir, cleanup } = await tempDir('feedwatch-usage-');
    try {
      seen.length = 0;
      const r = await runCli(argv, { cwd: dir, commands: FUTURE });
      return { ...r, ran: seen[0] };
    } finally {
      await cleanup();
    }
  }

  it('serves the coming commands: init [<dir>], new <feed-id> <title>, import <url-or-file>', async () => {
    for (const cmd of FUTURE) expect(declarationProblems(cmd)).toEqual([]);
    expect(FUTURE.map(usageLine)).toEqual([
      'Usage: feedwatch init [options] [<dir>]',
      'Usage: feedwatch new [options] <feed-id> <title>',
      'Usage: feedwatch import [options] <url-or-file>',
    ]);
    expect((await future(['init'])).ran).toEqual([]);
    expect((await future(['init', 'site'])).ran).toEqual(['site']);
    expect((await future(['new', 'news', 'Hej på er'])).ran).toEqual(['news', 'Hej på er']);
    expect((await future(['import', 'https://example.org/feed/'])).ran).toEqual(['https://example.org/feed/']);
    expect((await future(['import', 'old/feed.xml'])).ran).toEqual(['old/feed.xml']);
    expect((await future(['import', 'C:\\feeds\\old.xml'])).ran).toEqual(['C:\\feeds\\old.xml']);

    const cases: Array<[string[], string]> = [
      [['init', 'a', 'b'], 'init: unexpected argument "b": init takes one argument.\nUsage: feedwatch init [options] [<dir>]\n'],
      [['new'], 'new: 2 problems with the arguments:\n  missing <feed-id>\n  missing <title>\nUsage: feedwatch new [options] <feed-id> <title>\n'],
      [['new', 'news'], 'new: missing <title>.\nUsage: feedwatch new [options] <feed-id> <title>\n'],
      [['new', 'News_2', 'T'], 'new: <feed-id> "News_2" is not a feed id; use lowercase letters a-z, digits and -, e.g. sbhss.\n'],
      [['new', 'health', 'T'], 'new: <feed-id> "health" is reserved'],
      [['new', 'news', '  '], 'new: <title> "  " is blank.\n'],
      [['new', 'news', 'T', 'extra'], 'new: unexpected argument "extra": new takes 2 arguments.\n'],
      [['import'], 'import: missing <url-or-file>.\n'],
      [['import', 'ftp://example.org/feed'], 'import: <url-or-file> "ftp://example.org/feed" is neither an http(s) URL nor a file name.\n'],
      [['import', 'https://'], 'import: <url-or-file> "https://" is not a valid URL'],
    ];
    for (const [argv, message] of cases) {
      const r = await future(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.ran, argv.join(' ')).toBeUndefined();
      expect(r.stderr, argv.join(' ')).toContain(`feedwatch: [usage] ${message}`);
    }
  });
});

describe('flag errors', () => {
  // [argv, the flag as typed, what the message must say, the suggestion if any]
  const cases: Array<[string[], string, RegExp, string | null]> = [
    [['check', '--per-hots', '2'], '--per-hots', /^check: unknown option --per-hots\. Did you mean --per-host\?/, '--per-host'],
    [['check', '--feeds'], '--feeds', /^check: --feeds needs a value: --feeds DIR\./, null],
    [['build', '--feeds', '--out', 'x'], '--feeds', /^build: --feeds needs a value: --feeds DIR\./, null],
    [['check', '--retries'], '--retries', /^check: --retries needs a value: --retries N\./, null],
    [['check', '--state'], '--state', /^check: --state needs a value: --state FILE\./, null],
    [['check', '--timeout'], '--timeout', /^check: --timeout needs a value: --timeout MS\./, null],
    [['build', '--base-url'], '--base-url', /^build: --base-url needs a value: --base-url URL\./, null],
    [['check', '--url'], '--url', /^check: --url needs a value: --url URL\./, null],
    [['build', '--config'], '--config', /^build: --config needs a value: --config FILE\./, null],
    [['check', '--allow-private=yes'], '--allow-private', /^check: --allow-private is a switch and takes no value \(got "yes"\): write --allow-private to turn it on or --no-allow-private to turn it off\./, null],
    [['build', '--robust-links=false'], '--robust-links', /^build: --robust-links is a switch and takes no value/, null],
    [['check', '--no-wayback=1'], '--no-wayback', /^check: --no-wayback takes no value \(got "1"\)/, null],
    [['build', '-feeds', 'feeds'], '-feeds', /^build: unknown option -feeds: long options take two dashes\. Did you mean --feeds\?/, '--feeds'],
    [['check', '-allow-private'], '-allow-private', /^check: unknown option -allow-private: long options take two dashes\. Did you mean --allow-private\?/, '--allow-private'],
    [['build', '--url', 'https://example.org/'], '--url', /^build: --url is not an option of build; it belongs to check\./, null],
    [['serve', '--allow-private'], '--allow-private', /^serve: --allow-private is not an option of serve; it belongs to check, run, start and import\./, null],
    [['build', '--no-wayback'], '--no-wayback', /^build: --no-wayback is not an option of build; it belongs to check, run and start\./, null],
    [['check', '--no-waybak'], '--no-waybak', /^check: unknown option --no-waybak\. Did you mean --no-wayback\?/, '--no-wayback'],
    [['check', '--no-feeds'], '--no-feeds', /^check: --no-feeds is not an option: --feeds takes a value/, null],
    [['serve', '--prot', '80'], '--prot', /^serve: unknown option --prot\. Did you mean --port\?/, '--port'],
    [['check', '--zzzzzzzz'], '--zzzzzzzz', /^check: unknown option --zzzzzzzz\. Run/, null],
    [['check', '-x'], '-x', /^check: unknown option -x\. Run/, null],
  ];

  it.each(cases)('%j: exit 2, one sentence of ours, a suggestion that is a real flag and never the flag itself', async (argv, typed, message, suggestion) => {
    const r = await inEmptyDir(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.left).toEqual([]);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const text = lines[0]!.replace(/^feedwatch: \[usage\] /, '');
    expect(text).toMatch(message);
    expect(text).toMatch(new RegExp(`Run \`feedwatch ${argv[0]} --help\` for its options\\.$`));
    // Nothing of node:util parseArgs' wording is left.
    expect(text).not.toMatch(/Option '|argument missing|To specify a positional/);
    const guess = /Did you mean (-[-\w]+)\?/.exec(text)?.[1] ?? null;
    expect(guess).toBe(suggestion);
    if (guess) {
      expect(guess).not.toBe(typed);
      const help = await runCli([argv[0]!, '--help']);
      expect(help.stdout).toContain(`  ${guess.replace(/^--no-/, '--')}`);
    }
  });

  it('--help wins over anything else on the line', async () => {
    const r = await inEmptyDir(['build', '/some/dir', '--per-hots', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('Usage: feedwatch build [options]');
  });

  it('a value that starts with a dash goes after "=", and a negative number is a value', async () => {
    const r = await inEmptyDir(['check', '--retries', '-1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--retries: check.retries must be at least 0 (got "-1")');
  });
});

describe('URLs on the command line', () => {
  const bad = ['relative/page', '/absolute/path', 'ftp://example.org/file', 'mailto:someone@example.org', 'not a url', 'https://', 'http//example.org', ' https://example.org/'];

  it.each(bad)('--url %j: exit 2 naming the value, nothing checked or written', async (value) => {
    const r = await inEmptyDir(['check', '--url', value, '--state', 'state.db', '--out', 'public']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`check: --url ${JSON.stringify(value)} is not `);
    expect(r.stderr).toContain('Usage: feedwatch check [options] [<url>...]');
    expect(r.left).toEqual([]);
  });

  it.each(bad)('positional %j: exit 2 naming the value', async (value) => {
    const r = await inEmptyDir(['check', value]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`check: <url> ${JSON.stringify(value)} is not `);
    expect(r.left).toEqual([]);
  });

  it('lists every bad value at once, and masks a password in a URL', async () => {
    const r = await inEmptyDir(['check', '--url', 'ftp://user:hunter2@example.org/', '--url', 'https://example.org/fine', 'relative']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'feedwatch: [usage] check: 2 problems with the arguments:\n' +
        '  <url> "relative" is not an absolute http(s) URL; give one like https://example.com/page\n' +
        '  --url "ftp://***@example.org/" is not an absolute http(s) URL; give one like https://example.com/page\n' +
        'Usage: feedwatch check [options] [<url>...]\n',
    );
  });

  it('--format takes only its choices', async () => {
    const r = await inEmptyDir(['check', '--format', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('check: --format must be "text" or "json" (got "xml").');
  });
});

describe('configuration errors', () => {
  it('lists every error of the file, the environment and the flags in one run, each with its key path', async () => {
    const { dir, cleanup } = await tempDir('feedwatch-usage-');
    try {
      await writeFile(join(dir, 'feedwatch.config.json'), JSON.stringify({
        archivSize: 3,
        check: { perHost: 0, ignore: [{ pattern: 'https://example.org/' }], headers: { 'example.org': { Authorization: 42 } } },
        alerts: { webhook: 'hooks.example.org/services/T0/B0/SECRET-TOKEN' },
        schedule: { timezone: 'Mars/Olympus' },
      }));
      const env = { FEEDWATCH_PORT: 'eighty', FEEDWATCH_HEADERS: '{"example.org": {"Authorization": Bearer SECRET-TOKEN}}' };
      const r = await runCli(['build', '--archive-size', '0'], { cwd: dir, env });
      expect(r.code).toBe(2);
      const file = join(dir, 'feedwatch.config.json');
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines[0]).toBe('feedwatch: [config] 9 errors in the configuration; nothing was done:');
      const expected = [
        `${file}: unknown setting "archivSize". Did you mean "archiveSize"?`,
        `${file}: check.perHost must be at least 1 (got 0).`,
        `${file}: check.headers.example.org.Authorization must be a string (got a number, not shown: it may hold a secret).`,
        `${file}: check.ignore[0] needs "reason"`,
        `${file}: alerts.webhook must be an absolute http(s) URL, like https://example.com/ (got a string, not shown: it may hold a secret).`,
        `${file}: schedule.timezone is not an IANA time zone; use a name like "UTC" or "Europe/Stockholm" (got "Mars/Olympus").`,
        'environment variable FEEDWATCH_HEADERS: check.headers must be JSON (',
        'environment variable FEEDWATCH_PORT: serve.port must be an integer (got "eighty").',
        '--archive-size: archiveSize must be at least 1 (got "0").',
      ];
      expect(lines.slice(1)).toHaveLength(expected.length);
      expected.forEach((start, i) => expect(lines[i + 1]).toContain(`  ${start}`));
      expect(r.stderr).not.toContain('SECRET-TOKEN');
      expect(existsSync(join(dir, 'public'))).toBe(false);
    } finally {
      await cleanup();
    }
  });

  it('an ignore pattern that is no valid regular expression, or empty, is a config error with the others (check, check --url, run): exit 2, no crash', async () => {
    const { dir, cleanup } = await tempDir('feedwatch-usage-');
    try {
      const file = join(dir, 'feedwatch.config.json');
      await writeFile(file, JSON.stringify({
        check: { perHost: 0, ignore: [{ pattern: '/[/', reason: 'x' }, { pattern: 'https://ok.example/', reason: 'y' }, { pattern: '', reason: 'z' }, { pattern: '/a/q', reason: 'w' }] },
      }));
      const flag = JSON.stringify([{ pattern: '/(/', reason: 'v' }]);
      for (const argv of [['check'], ['check', '--url', 'https://www.example.org/'], ['run', '--port', '0', '--host', '127.0.0.1']]) {
        const r = await runCli([...argv, '--ignore', flag], { cwd: dir });
        expect(r.code, r.stderr).toBe(2);
        const lines = r.stderr.trimEnd().split('\n');
        expect(lines[0]).toBe('feedwatch: [config] 5 errors in the configuration; nothing was done:');
        const expected = [
          `${file}: check.perHost must be at least 1 (got 0).`,
          `${file}: check.ignore[0].pattern: not a valid regular expression (Unterminated character class) (got "/[/"). A URL prefix, or a regular expression between slashes: /^https:\\/\\/example\\.com\\//.`,
          `${file}: check.ignore[2].pattern: empty, so it would match every link (got "").`,
          `${file}: check.ignore[3].pattern: not a valid regular expression (`,
          '--ignore: check.ignore[0].pattern: not a valid regular expression (Unterminated group) (got "/(/").',
        ];
        expected.forEach((start, i) => expect(lines[i + 1]).toContain(`  ${start}`));
        expect(r.stderr).not.toMatch(/unexpected failure|bug in feedwatch/);
        expect(existsSync(join(dir, 'public'))).toBe(false);
        expect(existsSync(join(dir, '.feedwatch'))).toBe(false);
      }
    } finally {
      await cleanup();
    }
  });

  it('a config file that is not JSON is reported with the environment errors, without quoting the file', async () => {
    const { dir, cleanup } = await tempDir('feedwatch-usage-');
    try {
      await writeFile(join(dir, 'feedwatch.config.json'), '{\n  "check": {\n    "headers": {"x": {"Authorization": Bearer SECRET-TOKEN}}\n  }\n}\n');
      const r = await runCli(['check'], { cwd: dir, env: { FEEDWATCH_RETRIES: 'many' } });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('2 errors in the configuration');
      expect(r.stderr).toContain(`${join(dir, 'feedwatch.config.json')}`);
      expect(r.stderr).toContain(': not valid JSON (');
      expect(r.stderr).toContain('environment variable FEEDWATCH_RETRIES: check.retries must be an integer (got "many")');
      expect(r.stderr).not.toContain('SECRET-TOKEN');
    } finally {
      await cleanup();
    }
  });

  it('a single error stays one line, and a missing --config file says so', async () => {
    const one = await inEmptyDir(['build', '--archive-size', 'many']);
    expect(one.stderr).toBe('feedwatch: [config] --archive-size: archiveSize must be an integer (got "many"). Items in the main feed document and in each RFC 5005 archive page.\n');
    const missing = await inEmptyDir(['build', '--config', 'nope.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('[config] nope.json: cannot read the config file (it does not exist).');
  });
});

describe('content errors', () => {
  it('--feeds one folder too deep gets one clear hint and nothing else', async () => {
    const { dir, cleanup } = await tempDir('feedwatch-usage-');
    try {
      await writeTree(dir, {
        'feeds/news/feed.yaml': FEED_YAML,
        'feeds/news/items/2024-01-02-one.md': item(GOOD_ITEM),
        'feeds/news/items/2024-01-03-two.md': item({ ...GOOD_ITEM, title: 'Two' }),
      });
      const feeds = join(dir, 'feeds');
      for (const arg of [join(feeds, 'news'), `${join(feeds, 'news')}/`]) {
        const r = await runCli(['build', '--feeds', arg, '--out', join(dir, 'public')], { cwd: dir });
        expect(r.code).toBe(2);
        expect(r.stderr).toBe(
          'feedwatch: [content] 1 error in content; nothing was written:\n' +
            `  ${arg}: error: looks like a feed folder (it has feed.yaml), not the folder that holds the feeds\n` +
            `    hint: point --feeds at its parent: --feeds ${feeds}\n`,
        );
      }
      // Given relative to the working directory, the same single hint.
      const rel = await runCli(['check', '--feeds', 'feeds/news'], { cwd: dir });
      expect(rel.code).toBe(2);
      expect(rel.stderr).toContain('hint: point --feeds at its parent: --feeds ');
      expect(rel.stderr.match(/error:/g)).toHaveLength(1);
      expect(rel.stderr).not.toContain('warning');
      expect(existsSync(join(dir, 'public'))).toBe(false);
    } finally {
      await cleanup();
    }
  });

  it('the header counts errors and warnings, exactly what it lists (summed-up lines included)', async () => {
    const { dir, cleanup } = await tempDir('feedwatch-usage-');
    try {
      const tree: Record<string, string> = {
        'feeds/news/feed.yaml': FEED_YAML,
        'feeds/news/items/2024-01-01-bad.md': item({ ...GOOD_ITEM, date: '2024-01-01' }),
        'feeds/news/notes.txt': 'stray',
      };
      for (let n = 10; n <= 21; n++) tree[`feeds/news/items/2024-01-${n}-item.md`.replace('-item', `-item${n}`)] = item({ ...GOOD_ITEM, titel: 'typo' });
      await writeTree(dir, tree);
      const r = await runCli(['build', '--feeds', join(dir, 'feeds'), '--out', join(dir, 'public')], { cwd: dir });
      expect(r.code).toBe(2);
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines[0]).toBe('feedwatch: [content] 1 error and 13 warnings in content; nothing was written:');
      const errors = lines.filter((l) => / error: /.test(l)).length;
      const warnings = lines.filter((l) => / warning: /.test(l)).length;
      const summed = lines.map((l) => /\.\.\. and (\d+) more warnings like/.exec(l)?.[1]).filter(Boolean).map(Number);
      expect(errors).toBe(1);
      expect(warnings + summed.reduce((a, b) => a + b, 0)).toBe(13);
      expect(summed).toEqual([2]);

      // Only warnings: the build goes through, and the warnings are not called errors.
      await writeFile(join(dir, 'feeds/news/items/2024-01-01-bad.md'), item(GOOD_ITEM));
      const ok = await runCli(['build', '--feeds', join(dir, 'feeds'), '--out', join(dir, 'public')], { cwd: dir });
      expect(ok.code).toBe(0);
      expect(ok.stderr).not.toMatch(/error/);
    } finally {
      await cleanup();
    }
  });
});
