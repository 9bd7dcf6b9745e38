// The documentation stays inside the repository: every relative link in its Markdown files (README,
// SECURITY, BENCHMARKS, docs/...) points to a file (and heading) that exists, every repository path
// named in code comments, help texts and docs (src/..., tests/..., docs/...) exists, and no tracked
// file names a design file that users of the repository do not have. Reads tracked files only (git
// ls-files), never the user's feeds/.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, posix } from 'node:path';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function trackedFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' });
  return out.split('\0').filter((p) => p !== '' && existsSync(join(ROOT, p)));
}

const tracked = trackedFiles();
const trackedSet = new Set(tracked);
/** Every Markdown file of the project (the user's feeds/ aside). */
const docs = tracked.filter((p) => p.endsWith('.md') && !p.startsWith('feeds/'));

/** Markdown without fenced code blocks and code spans, where `[x](y)` is text, not a link. */
function withoutCode(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** Inline links and images `[text](target "title")`, and reference definitions `[id]: target`. */
function linkTargets(markdown: string): string[] {
  const text = withoutCode(markdown);
  const targets: string[] = [];
  for (const m of text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) targets.push(m[1]!);
  for (const m of text.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm)) targets.push(m[1]!);
  return targets;
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  const text = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  for (const m of text.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = m[1]!.toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** What a relative link from `from` points to, relative to the repository root ('' for the root). */
function resolveTarget(from: string, target: string): string {
  const path = decodeURIComponent(target.split('#')[0]!.split('?')[0]!);
  return posix.normalize(posix.join(posix.dirname(from), path)).replace(/\/$/, '').replace(/^\.$/, '');
}

describe('documentation links', () => {
  it('covers the README and the docs', () => {
    expect(docs).toEqual(expect.arrayContaining(['README.md', 'SECURITY.md', 'BENCHMARKS.md']));
    expect(docs).toEqual(expect.arrayContaining(['docs/content.md', 'docs/cli.md', 'docs/link-statuses.md', 'docs/ARCHITECTURE.md']));
  });

  it('points every relative link at a tracked file or folder, and every #anchor at a heading', () => {
    const problems: string[] = [];
    for (const doc of docs) {
      const markdown = readFileSync(join(ROOT, doc), 'utf8');
      for (const target of linkTargets(markdown)) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: ...
        const [pathPart, fragment] = target.split('#') as [string, string | undefined];
        const file = pathPart === '' ? doc : resolveTarget(doc, target);
        if (file.startsWith('..') || posix.isAbsolute(file)) {
          problems.push(`${doc}: ${target} points outside the repository`);
          continue;
        }
        const isFile = trackedSet.has(file);
        const isFolder = file === '' || tracked.some((p) => p.startsWith(`${file}/`));
        if (!isFile && !isFolder) {
          problems.push(`${doc}: ${target} points to ${file}, which is not a tracked file or folder`);
          continue;
        }
        if (fragment && isFile && file.endsWith('.md') && !anchors(readFileSync(join(ROOT, file), 'utf8')).has(fragment)) {
          problems.push(`${doc}: ${target}: ${file} has no heading with the anchor #${fragment}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('finds links, skips code, and makes anchors the way GitHub does', () => {
    expect(linkTargets('[a](docs/cli.md#exit-codes) `[b](x.md)` ![c](d.png "t")\n```\n[e](f.md)\n```\n[g]: h.md')).toEqual([
      'docs/cli.md#exit-codes', 'd.png', 'h.md',
    ]);
    expect(anchors('# `check.ignore`\n## Which status wins\n## Exit codes\n## Exit codes')).toEqual(
      new Set(['checkignore', 'which-status-wins', 'exit-codes', 'exit-codes-1']),
    );
    expect(resolveTarget('docs/cli.md', '../src/core/config.ts')).toBe('src/core/config.ts');
    expect(resolveTarget('docs/cli.md', '../src/runtime/node/commands/')).toBe('src/runtime/node/commands');
  });
});

/** Paths of another repository, named on purpose: the W3C feed validator's files (README, tests/feeds/w3c-validator.ts). */
const ELSEWHERE = new Set(['src/demo.py', 'src/feedvalidator/validators.py']);

/** Repository paths named from the root (`src/serve/request-path.ts`, `tests/content/fast-*.test.ts`, `docs/`), not inside a URL. */
function repoPaths(text: string): string[] {
  return [...text.matchAll(/(?<![\w./@-])((?:src|tests|docs|bench|scripts|migrations|bin|dist)\/(?:[\w.*/-]*[\w*/])?)/g)].map((m) => m[1]!);
}

/** Whether a named path is there: a tracked file or folder, a glob matching one, or compiled (under dist/ for src/, .js for .ts). */
function exists(named: string): boolean {
  const path = named.replace(/\/$/, '');
  const candidates = [path, path.replace(/^dist(?=\/|$)/, 'src')].flatMap((p) => [p, p.replace(/\.js$/, '.ts')]);
  if (path.includes('*')) {
    const glob = new RegExp(`^${path.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*\*\//g, '(.*/)?').replace(/\*/g, '[^/]*')}$`);
    return tracked.some((p) => glob.test(p));
  }
  return candidates.some((p) => trackedSet.has(p) || tracked.some((t) => t.startsWith(`${p}/`)));
}

describe('repository paths named in code and docs', () => {
  it('finds them, and knows a missing one', () => {
    expect(repoPaths('see src/serve/request-path.ts, (tests/content/fast-*.test.ts) and https://x.org/src/a.ts; docs/.')).toEqual([
      'src/serve/request-path.ts', 'tests/content/fast-*.test.ts', 'docs/',
    ]);
    expect(['src/serve/request-path.ts', 'tests/content/fast-*.test.ts', 'tests/e2e/**/*.test.ts', 'dist/runtime/node/cli.js', 'tests/http/worker-fixture.js', 'docs/'].filter((p) => !exists(p))).toEqual([]);
    // Spelled in pieces, so that this file does not name them itself.
    const gone = [['src/runtime/node/server', 'request-path.ts'], ['tests/content', 'fast-yaml.test.ts'], ['bench', 'check']].map((p) => p.join('/'));
    expect(gone.filter(exists)).toEqual([]);
  });

  it('every path a comment, a help text or a document names exists', () => {
    const problems: string[] = [];
    for (const path of tracked) {
      if (path.startsWith('feeds/') || path === 'package-lock.json' || path === '.gitignore') continue;
      const bytes = readFileSync(join(ROOT, path));
      if (bytes.includes(0)) continue;
      for (const named of repoPaths(bytes.toString('utf8'))) {
        if (!ELSEWHERE.has(named) && !exists(named)) problems.push(`${path} names ${named}, which does not exist`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('no references outside the repository', () => {
  // Spelled in pieces so that this file does not mention them itself.
  const FORBIDDEN = [['DESIGN', 'md'].join('.'), ['..', 'shared', ''].join('/')];

  it('has no tracked text file that mentions the old design notes or a folder beside the repository', () => {
    const problems: string[] = [];
    for (const path of tracked) {
      if (path.startsWith('feeds/')) continue; // the user's content is not the project's to police
      const bytes = readFileSync(join(ROOT, path));
      if (bytes.includes(0)) continue; // binary (docs/report.png)
      const text = bytes.toString('utf8');
      for (const word of FORBIDDEN) if (text.includes(word)) problems.push(`${path} mentions ${word}`);
    }
    expect(problems).toEqual([]);
  });
});
