// The Node ContentSource: files below a folder on disk.
import { readFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { ContentError } from '../../core/errors.js';
import type { ContentSource } from '../../content/load.js';

/** `dir` as the user gave it (e.g. `feeds`): labels are `dir` joined with the relative path. */
export function fsContentSource(dir: string): ContentSource {
  const below = pathsBelow(dir);
  return {
    async list() {
      try {
        const info = await stat(dir);
        if (!info.isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        const message = code === 'ENOENT' ? 'the feeds folder does not exist'
          : code === 'ENOTDIR' ? 'the feeds path is not a folder'
          : `the feeds folder cannot be read (${code ?? (e as Error).message})`;
        throw new ContentError([{ severity: 'error', file: dir, line: 0, field: 'feeds', message,
          hint: 'pass the folder that holds one subfolder per feed with --feeds DIR (default: feeds)' }]);
      }
      const files: string[] = [];
      await walk(dir, '', files);
      return files.sort();
    },
    async read(path) {
      // Synchronous on purpose: for thousands of small files it is ~5x faster than fs/promises
      // (no thread-pool round trips); each read blocks for tens of microseconds only.
      return readFileSync(below(path));
    },
    label(path) {
      return path === '' ? dir : below(path);
    },
  };
}

/**
 * `join(dir, path)` for the relative, '/'-separated paths list() gives (never `.` or `..` in them):
 * the folder is normalised once, not once per file (join costs ~2 µs; a site of 10,000 items asks
 * twice per item).
 */
export function pathsBelow(dir: string): (path: string) => string {
  const base = join(dir, '.');
  if (sep !== '/') return (path) => join(base, path);
  const prefix = base === '.' ? '' : base.endsWith('/') ? base : `${base}/`;
  return (path) => prefix + path;
}

async function walk(root: string, relative: string, out: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(relative ? join(root, relative) : root, { withFileTypes: true });
  } catch (e) {
    throw new ContentError([{ severity: 'error', file: join(root, relative), line: 0,
      message: `the folder cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      hint: 'check its permissions' }]);
  }
  for (const entry of entries) {
    const path = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.')) await walk(root, path, out); // .git and the like hold no content
    }
    else if (entry.isFile()) out.push(path);
    else if (entry.isSymbolicLink()) {
      // Linked files count; linked folders are not followed (a link loop would never end).
      const target = await stat(join(root, path)).catch(() => null);
      if (target?.isFile()) out.push(path);
    }
  }
}
