// What `build` publishes, as the command line decides it: the cut-off of scheduled items (--now,
// FEEDWATCH_NOW, the clock), the preview guard (--drafts, --future only into another --out), and
// the lines that say what was held back and left out.
import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Publication } from '../../content/publish.js';
import { checkDateTime } from '../../content/values.js';
import { ConfigError, UsageError } from '../../core/errors.js';
import { dateTimeProblem } from './arguments.js';
import type { CommandContext } from './commands/command.js';

/** A preview: publish drafts, or items after the cut-off, too; read the archive page record of
 *  `pagesFrom` (the configured output folder) and never write one. */
export interface Preview {
  drafts: boolean;
  future: boolean;
  pagesFrom: string;
}

/** `2026-05-01T08:00:00Z`: a cut-off or publication time in messages, to the second. */
function isoTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The cut-off: --now (the CLI checked it), else FEEDWATCH_NOW, else the clock. */
export function cutoffOf(ctx: CommandContext): Date {
  const env = ctx.env.FEEDWATCH_NOW;
  const given = (ctx.options.now as string | undefined) ?? (env === undefined || env === '' ? undefined : env);
  if (given === undefined) return ctx.now?.() ?? new Date();
  const checked = checkDateTime(given.trim());
  if (checked.ok) return checked.value;
  throw new ConfigError(`environment variable FEEDWATCH_NOW ${JSON.stringify(given)} ${dateTimeProblem(given)}.`);
}

/** The path with symbolic links resolved, also for a folder not made yet (its nearest existing parent's). */
function realPath(path: string): string {
  const rest: string[] = [];
  let at = resolve(path);
  for (;;) {
    try {
      return join(realpathSync(at), ...rest);
    } catch {
      const parent = dirname(at);
      if (parent === at) return resolve(path);
      rest.unshift(basename(at));
      at = parent;
    }
  }
}

/** `inner` is `outer` or a folder inside it, as written or through symbolic links. */
function within(inner: string, outer: string): boolean {
  const inside = (a: string, b: string) => {
    const rel = relative(b, a);
    return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
  };
  return inside(resolve(inner), resolve(outer)) || inside(realPath(inner), realPath(outer));
}

/**
 * A preview may not write where readers look: --out must be neither the configured output folder,
 * nor a folder inside it (served with it: `--out public/preview`), nor a folder that holds it (a
 * build there would write over it).
 */
export function previewOptions(ctx: CommandContext): Preview | undefined {
  const drafts = ctx.options.drafts === true;
  const future = ctx.options.future === true;
  if (!drafts && !future) return undefined;
  const configured = (ctx.configured ?? ctx.config).out;
  const out = ctx.config.out;
  const where = within(out, configured)
    ? within(configured, out) ? `${configured} is the configured output folder` : `${out} is inside ${configured}, the configured output folder`
    : within(configured, out) ? `${out} holds ${configured}, the configured output folder` : null;
  if (where) {
    const flags = [drafts ? '--drafts' : '', future ? '--future' : ''].filter(Boolean).join(' and ');
    throw new UsageError(
      `build: ${flags} make${drafts && future ? '' : 's'} a preview with unpublished items, so it needs an --out of its own: ` +
        `${where}, the one readers get. Add e.g. --out preview, a folder beside it (a preview never writes the archive page record).`,
    );
  }
  return { drafts, future, pagesFrom: configured };
}

/** What the build held back and left out, for people (stdout). */
export function publicationLines(p: Publication, cutoff: Date, preview: Preview | undefined): string[] {
  const lines: string[] = [];
  const n = p.held.length;
  if (n === 1) lines.push(`Held back 1 scheduled item until ${isoTime(p.held[0]!.date)} (cut-off ${isoTime(cutoff)}).`);
  if (n > 1) lines.push(`Held back ${n} scheduled items until their dates: the next ${isoTime(p.held[0]!.date)}, the last ${isoTime(p.held[n - 1]!.date)} (cut-off ${isoTime(cutoff)}).`);
  if (p.drafts.length) lines.push(`Left out ${p.drafts.length} draft${p.drafts.length === 1 ? '' : 's'} (draft: true).`);
  if (preview) {
    const what = [preview.drafts ? 'drafts' : '', preview.future ? `items dated after ${isoTime(cutoff)}` : ''].filter(Boolean).join(' and ');
    lines.push(`Preview with ${what}; the archive page record was not written.`);
  }
  return lines;
}
