// The content date of each output file, kept beside it in `.last-modified.json`
// (`{ "<file name>": "<ISO 8601>" }`). `build` and `check` write it; `serve` answers
// `Last-Modified` from it (src/serve/content-dates.ts reads it), so an identical rebuild never
// changes that header (a file's mtime would). Dotfiles are never served.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './fs.js';
import { parseContentDates } from '../../serve/content-dates.js';

export const LAST_MODIFIED_FILE = '.last-modified.json';

export async function readLastModified(dir: string): Promise<Record<string, string>> {
  return parseContentDates(await readFile(join(dir, LAST_MODIFIED_FILE), 'utf8').catch(() => ''));
}

/** Merges `entries` into the folder's record (other files' dates stay) and writes it atomically. */
export async function writeLastModified(dir: string, entries: Record<string, string>): Promise<void> {
  const merged = { ...(await readLastModified(dir)), ...entries };
  const sorted = Object.fromEntries(Object.entries(merged).sort(([a], [b]) => a.localeCompare(b)));
  await writeFileAtomic(join(dir, LAST_MODIFIED_FILE), JSON.stringify(sorted, null, 2) + '\n');
}
