// The report `import` ends with: what was written, skipped, updated, kept as raw HTML, and every
// entry that could not be imported with its reason. Plain lines, stable for scripts and tests.
import type { ImportPlan } from './plan.js';

export interface SummaryInput {
  source: string;
  formats: string[];
  pages: number;
  entries: number;
  feedDir: string;
  plan: ImportPlan;
  /** feed.yaml written (or would be, in a dry run). */
  feedYaml: boolean;
  notes: string[];
  dryRun: boolean;
  /** How to show a planned path (relative to the feeds root) in the list. */
  show: (path: string) => string;
}

const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

export function importSummary(s: SummaryInput): string {
  const { plan } = s;
  const written = plan.files.filter((f) => f.kind === 'new');
  const updated = plan.files.filter((f) => f.kind === 'update');
  const raw = plan.files.filter((f) => f.rawHtml);
  const would = s.dryRun ? 'would be ' : '';
  const lines = [
    `${s.dryRun ? 'Dry run: ' : ''}import of ${s.source} (${[...new Set(s.formats)].join(', ') || 'no feed'}, ${plural(s.pages, 'page')}, ${plural(s.entries, 'entry', 'entries')}) into ${s.feedDir}`,
  ];
  if (s.feedYaml) lines.push(`  feed.yaml ${would}written (a new feed)`);
  lines.push(`  items ${would}written: ${written.length}`);
  lines.push(`  skipped (already there): ${plan.skipped}`);
  lines.push(`  updated: ${updated.length}`);
  lines.push(`  converted with raw HTML kept: ${raw.length}`);
  for (const f of raw) lines.push(`    ${s.show(f.path)}`);
  lines.push(`  could not be imported: ${plan.invalid.length}`);
  for (const e of plan.invalid) lines.push(`    ${e.where}${e.name ? ` (${JSON.stringify(e.name)})` : ''}: ${e.reason}`);
  const notes = [...s.notes];
  if (plan.repeated) notes.push(`${plural(plan.repeated, 'entry', 'entries')} appeared on more than one page: imported once`);
  if (plan.titlesMade) notes.push(`${plural(plan.titlesMade, 'entry', 'entries')} had no title: made from the start of the text`);
  for (const [field, n] of plan.leftOut) notes.push(`${field} of ${plural(n, 'entry', 'entries')} not imported: items have no such field`);
  if (notes.length) {
    lines.push('  notes:');
    for (const n of notes) lines.push(`    ${n}`);
  }
  if (s.dryRun) lines.push('Nothing was written (--dry-run).');
  else if (plan.files.length === 0 && !s.feedYaml) lines.push('Nothing to write: the feed is up to date.');
  return lines.join('\n') + '\n';
}
