// `feedwatch fix`: rewrite the addresses of moved links in content files to where they moved.
// Plain text replacement of the exact URL (front matter `sources`, `link`, and Markdown bodies alike),
// only where the URL ends: `https://a.example/x` never rewrites inside `https://a.example/xy`.
import type { LinkState } from '../core/ports.js';

/** Old address -> new address. */
export type Moves = ReadonlyMap<string, string>;

/** Moves the state knows: links whose status is `moved` and that went somewhere else. */
export function movesFrom(states: readonly LinkState[], skip: (url: string) => boolean = () => false): Map<string, string> {
  const moves = new Map<string, string>();
  for (const s of [...states].sort((a, b) => (a.url < b.url ? -1 : 1))) {
    if (s.status === 'moved' && s.finalUrl && s.finalUrl !== s.url && !skip(s.url)) moves.set(s.url, s.finalUrl);
  }
  return moves;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** How an address may be written in content: as stored, and a bare origin without its slash. */
function spellings(url: string): string[] {
  const out = [url];
  try {
    const u = new URL(url);
    if (u.pathname === '/' && !u.search && !u.hash && url.endsWith('/')) out.push(url.slice(0, -1));
  } catch {
    // not a URL: only the exact text
  }
  return out;
}

/**
 * The URL continues if the next character is a URL character; trailing sentence punctuation
 * (`.`, `,`, `:`, `;` before a space or the end) does not count. A `#fragment` may follow and is kept.
 */
const URL_CONTINUES = String.raw`(?![A-Za-z0-9\-_~/?%=&+@$*!']|[.,:;](?=[A-Za-z0-9/]))`;

export interface Rewrite {
  text: string;
  /** Which moves applied, and how often. */
  replaced: Map<string, number>;
}

export function rewriteMoved(text: string, moves: Moves): Rewrite {
  const replaced = new Map<string, number>();
  let out = text;
  // Longest first, so a longer moved URL is not half-rewritten by a shorter one it starts with.
  const ordered = [...moves].flatMap(([from, to]) => spellings(from).map((s) => [s, to, from] as const)).sort((a, b) => b[0].length - a[0].length);
  for (const [spelling, to, from] of ordered) {
    const re = new RegExp(`(?<![A-Za-z0-9\\-_~/?%=&+@.])${escapeRegExp(spelling)}${URL_CONTINUES}`, 'g');
    out = out.replace(re, () => {
      replaced.set(from, (replaced.get(from) ?? 0) + 1);
      return to;
    });
  }
  return { text: out, replaced };
}

/**
 * A unified diff (`diff -u` style) of two versions of a file. Rewrites never add or remove lines,
 * so lines pair up one to one; each hunk shows 3 lines of context.
 */
export function unifiedDiff(path: string, before: string, after: string, context = 3): string {
  // A final newline ends the last line; it is not an empty line of its own.
  const lines = (text: string) => (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
  const a = lines(before);
  const b = lines(after);
  const changed = a.map((line, i) => line !== b[i]);
  const hunks: Array<[number, number]> = [];
  for (let i = 0; i < a.length; i++) {
    if (!changed[i]) continue;
    const start = Math.max(0, i - context);
    const end = Math.min(a.length, i + context + 1);
    const last = hunks[hunks.length - 1];
    if (last && start <= last[1]) last[1] = end;
    else hunks.push([start, end]);
  }
  if (hunks.length === 0) return '';
  const out = [`--- a/${path}`, `+++ b/${path}`];
  for (const [start, end] of hunks) {
    const len = end - start;
    out.push(`@@ -${start + 1},${len} +${start + 1},${len} @@`);
    for (let i = start; i < end; i++) {
      if (changed[i]) out.push(`-${a[i]}`, `+${b[i]}`);
      else out.push(` ${a[i]}`);
    }
  }
  return out.join('\n') + '\n';
}
