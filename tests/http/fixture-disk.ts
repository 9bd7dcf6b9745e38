// The contract suite's fixture site on disk, the same files for both runtimes: the Node server
// serves the folder as it is; the Worker's run prepares it as build:worker does (manifest,
// compressed copies, .assetsignore) and serves it as static assets, with health/ from R2.
import { mkdir, writeFile, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { FIXTURE_SITE } from './fixture-site.js';

/**
 * Writes the contract suite's fixture site into `<base>/public`, plus what only a disk has:
 * secrets beside the folder and symlinks into and out of it. `outside` must never be served.
 */
export async function writeSampleOutput(base: string): Promise<{ out: string; outside: string }> {
  const out = join(base, 'public');
  await mkdir(join(base, 'secret-dir'), { recursive: true });
  const outside = join(base, 'secret.xml');
  await writeFile(outside, '<secret>outside the output folder</secret>\n');
  await writeFile(join(base, 'secret-dir', 'index.html'), '<p>secret index</p>\n');
  for (const [name, body] of Object.entries(FIXTURE_SITE)) {
    await mkdir(dirname(join(out, name)), { recursive: true });
    await writeFile(join(out, name), body);
  }
  await symlink(outside, join(out, 'escape.xml'));
  await symlink(join(base, 'secret-dir'), join(out, 'escape-dir'));
  await symlink(join(out, 'news', 'atom.xml'), join(out, 'inside-link.xml'));
  return { out, outside };
}

