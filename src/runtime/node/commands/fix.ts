// `feedwatch fix`: rewrite the addresses of `moved` links in the content files (front matter and
// Markdown bodies of feeds/*/items/*.md) to where they moved, from the state file `check` keeps.
// A dry run by default: prints a unified diff; `--write` applies it, each file atomically.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../../../core/errors.js';
import { movesFrom, rewriteMoved, unifiedDiff } from '../../../health/fix.js';
import { activeMutes, muteFor } from '../../../health/mute.js';
import { openSqliteStore } from '../../../store/sqlite.js';
import { writeFileAtomic } from '../fs.js';
import type { CommandContext } from './command.js';

/** Every item file, in a stable order: feeds/<feed-id>/items/*.md. */
async function itemFiles(feedsDir: string): Promise<string[]> {
  let feeds: string[];
  try {
    feeds = (await readdir(feedsDir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  } catch (e) {
    throw new UsageError(`fix: cannot read the content folder ${feedsDir} (${(e as Error).message}). Pass --feeds DIR.`);
  }
  const files: string[] = [];
  for (const feed of feeds) {
    const items = join(feedsDir, feed, 'items');
    if (!existsSync(items)) continue;
    for (const name of (await readdir(items)).filter((n) => n.endsWith('.md')).sort()) files.push(join(items, name));
  }
  return files;
}

/** `feedwatch fix` (declared in declarations/fix.ts, which imports this file when the command runs). */
export async function run(ctx: CommandContext): Promise<number> {
  const { config } = ctx;
  const write = ctx.options.write === true;
  if (!existsSync(config.state)) {
    throw new UsageError(`fix: no state file at ${config.state}. Run \`feedwatch check\` first, or pass --state FILE.`);
  }
  const store = openSqliteStore(config.state);
  let states;
  try {
    states = await store.allLinks();
  } finally {
    await store.close();
  }
  const mutes = activeMutes(config.alerts.mute, new Date().toISOString());
  const moves = movesFrom(states, (url) => muteFor(mutes, url) !== undefined);
  if (moves.size === 0) {
    ctx.stdout.write('No moved links in the state file: nothing to fix.\n');
    return 0;
  }
  // Prepare every change first, so a read error writes nothing.
  const changes: Array<{ file: string; text: string }> = [];
  let replacements = 0;
  const used = new Set<string>();
  for (const file of await itemFiles(config.feeds)) {
    const before = await readFile(file, 'utf8');
    const r = rewriteMoved(before, moves);
    if (r.text === before) continue;
    changes.push({ file, text: r.text });
    for (const [from, n] of r.replaced) {
      replacements += n;
      used.add(from);
    }
    ctx.stdout.write(unifiedDiff(file, before, r.text));
  }
  const summary = `${replacements} address${replacements === 1 ? '' : 'es'} of ${used.size} moved link${used.size === 1 ? '' : 's'} in ${changes.length} file${changes.length === 1 ? '' : 's'}`;
  if (changes.length === 0) {
    ctx.stdout.write(`${moves.size} moved link${moves.size === 1 ? '' : 's'} in the state file, none cited in ${config.feeds}: nothing to fix.\n`);
    return 0;
  }
  if (!write) {
    ctx.stdout.write(`\nDry run: ${summary} would change. Run \`feedwatch fix --write\` to apply.\n`);
    return 0;
  }
  for (const c of changes) await writeFileAtomic(c.file, c.text);
  ctx.stdout.write(`\nRewrote ${summary}.\n`);
  return 0;
}
