// Temporary site folders for the authoring commands (init, new, build), run through the real CLI.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterEach } from 'vitest';
import { tempDir } from '../helpers/cli.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** A fresh temporary folder, removed after the test. */
export async function siteDir(prefix = 'feedwatch-authoring-'): Promise<string> {
  const { dir, cleanup } = await tempDir(prefix);
  cleanups.push(cleanup);
  return dir;
}

/** Every file below `dir` with its text (folders as `<path>/`), to show that nothing changed. */
export async function tree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (d: string) => {
    for (const entry of await readdir(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) {
        out[`${relative(dir, path)}/`] = '';
        await walk(path);
      } else out[relative(dir, path)] = await readFile(path, 'utf8');
    }
  };
  if (await stat(dir).catch(() => null)) await walk(dir);
  return out;
}

/** `init` flags for a site at https://www.example.org/. */
export const INIT_FLAGS = ['--feed', 'news', '--title', 'Nyheter från kontoret', '--link', 'https://www.example.org/', '--language', 'sv', '--author', 'Kontoret'];

/** A fixed clock: 2026-11-28T10:15:00Z. */
export const NOW = new Date('2026-11-28T10:15:00Z');
export const now = () => new Date(NOW);
