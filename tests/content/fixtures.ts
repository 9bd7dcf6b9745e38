// Builds feeds/ trees in temporary folders and loads them through the real fs source.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ContentError } from '../../src/core/errors.js';
import type { Diagnostic } from '../../src/core/types.js';
import { loadContent, type LoadedContent, type LoadOptions } from '../../src/content/load.js';
import { fsContentSource } from '../../src/runtime/node/content-source.js';
import { tempDir } from '../helpers/cli.js';

export const FEED_YAML = `title: Testflöde
description: Ett flöde för tester
link: https://www.example.se/
language: sv
author:
  name: Testkontoret
`;

export function item(fields: string, body = 'Text med en [länk](https://example.org/a).\n'): string {
  return `---\n${fields}---\n${body}`;
}

export const ITEM_FIELDS = `title: En nyhet
date: 2018-11-29T10:00:00+01:00
link: https://www.example.se/nyheter/en-nyhet/
`;

export type Tree = Record<string, string | Uint8Array>;

/** Writes `tree` below a fresh `<tmp>/feeds`, loads it, and removes it again. */
export async function loadTree(
  tree: Tree,
  options: LoadOptions = { idAuthority: null },
): Promise<{ result?: LoadedContent; error?: ContentError; root: string }> {
  const { dir, cleanup } = await tempDir('feedwatch-content-');
  const root = join(dir, 'feeds');
  try {
    await mkdir(root, { recursive: true });
    for (const [path, content] of Object.entries(tree)) {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), content);
    }
    try {
      return { result: await loadContent(fsContentSource(root), options), root };
    } catch (e) {
      if (e instanceof ContentError) return { error: e, root };
      throw e;
    }
  } finally {
    await cleanup();
  }
}

export function errorsOf(error: ContentError | undefined): Diagnostic[] {
  if (!error) throw new Error('expected a ContentError');
  return error.diagnostics.filter((d) => d.severity === 'error');
}
