// What a stress test measured: printed, and appended to a file in the temporary folder (never a
// tracked file), for copying into SECURITY.md ("Tests and their last results").
import { appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const RESULTS_FILE = join(tmpdir(), 'feedwatch-stress-results.md');

export function record(title: string, lines: readonly string[]): void {
  const text = `### ${title} (${new Date().toISOString()})\n\n${lines.join('\n')}\n\n`;
  console.log(text);
  appendFileSync(RESULTS_FILE, text);
}
