// The Node ContentSource: listing, labels, and a missing or unusable feeds folder.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContentError } from '../../src/core/errors.js';
import { loadContent } from '../../src/content/load.js';
import { fsContentSource } from '../../src/runtime/node/content-source.js';
import { tempDir } from '../helpers/cli.js';

describe('fsContentSource', () => {
  it('lists every file below the root, relative, /-separated, sorted; skips hidden folders', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      for (const p of ['b/items/2.md', 'a/feed.yaml', 'b/feed.yaml', 'a/items/1.md', '.git/config', 'a/.DS_Store']) {
        await mkdir(join(dir, p, '..'), { recursive: true });
        await writeFile(join(dir, p), 'x');
      }
      const source = fsContentSource(dir);
      expect(await source.list()).toEqual(['a/.DS_Store', 'a/feed.yaml', 'a/items/1.md', 'b/feed.yaml', 'b/items/2.md']);
      expect(new TextDecoder().decode(await source.read('a/items/1.md'))).toBe('x');
    } finally {
      await cleanup();
    }
  });

  it('labels files as the user would type them: the folder given, joined with the path', () => {
    expect(fsContentSource('feeds').label('sbhss/items/2018-11-29-skl.md')).toBe('feeds/sbhss/items/2018-11-29-skl.md');
    expect(fsContentSource('./content/feeds').label('x/feed.yaml')).toBe('content/feeds/x/feed.yaml');
    expect(fsContentSource('feeds').label('')).toBe('feeds');
  });

  it('a missing feeds folder is a ContentError naming it', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const missing = relative(process.cwd(), join(dir, 'no-such-feeds'));
      const error = await loadContent(fsContentSource(missing), { idAuthority: null }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ContentError);
      const d = (error as ContentError).diagnostics[0]!;
      expect(d.file).toBe(missing);
      expect(d.message).toMatch(/does not exist/);
      expect(d.hint).toMatch(/--feeds/);
      expect((error as ContentError).exitCode).toBe(2);
    } finally {
      await cleanup();
    }
  });

  it('a file where the folder should be is a ContentError too', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      await writeFile(join(dir, 'feeds'), 'not a folder');
      const error = await fsContentSource(join(dir, 'feeds')).list().catch((e: unknown) => e);
      expect((error as ContentError).diagnostics[0]!.message).toMatch(/not a folder/);
    } finally {
      await cleanup();
    }
  });
});
