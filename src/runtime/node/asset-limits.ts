// Cloudflare's limits on a Worker's static assets, checked by build:worker before `wrangler deploy`
// meets them: 25 MiB per file, and 100,000 files per Worker version on Workers Paid, the plan the
// link checks need (20,000 on Free). The files that count are those wrangler uploads: everything but
// dotfiles and what .assetsignore lists. The list of cited links is what grows with a big network:
// its manifest names every address, and there is one file per group of one host's links.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { LINKS_DIR } from '../../links/link-groups.js';

export const ASSET_LIMITS = {
  /** Bytes of one asset (25 MiB). */
  fileBytes: 25 * 1024 * 1024,
  /** Assets of one Worker version on Workers Paid. */
  files: 100_000,
  /** The same on Workers Free (the checks need Paid; said in the message). */
  freeFiles: 20_000,
} as const;

const MIB = 1024 * 1024;
const size = (bytes: number) => (bytes % MIB === 0 ? `${bytes / MIB} MiB` : `${bytes.toLocaleString('en-US')} bytes`);
const IGNORE_HINT = 'leave links out with check.ignore (README "Checking links"), or check the rest with `feedwatch check` on Node';

/**
 * What wrangler would refuse in `root` (its uploaded files: no dotfiles, nothing in `ignored`, the
 * .assetsignore lines build:worker wrote): one message per file over the size limit, and one when
 * there are more files than a Worker version may have. Empty when the folder can be deployed.
 */
export async function assetLimitProblems(root: string, ignored: readonly string[], limits: { fileBytes: number; files: number; freeFiles: number } = ASSET_LIMITS): Promise<string[]> {
  const skip = new Set(ignored);
  const problems: string[] = [];
  let files = 0;
  let linkFiles = 0;
  const visit = async (dir: string, prefix: string): Promise<void> => {
    for (const d of await readdir(dir, { withFileTypes: true })) {
      if (d.name.startsWith('.')) continue;
      const rel = prefix + d.name;
      if (d.isDirectory()) {
        if (!skip.has(`${rel}/`)) await visit(join(dir, d.name), `${rel}/`);
        continue;
      }
      if (skip.has(rel)) continue;
      const s = await stat(join(dir, d.name)).catch(() => null); // a link: what it points at
      if (!s?.isFile()) continue;
      files++;
      const ofLinks = rel.startsWith(`${LINKS_DIR}/`);
      if (ofLinks) linkFiles++;
      if (s.size > limits.fileBytes) {
        problems.push(
          `${join(root, rel)}: ${size(s.size)}, over the ${size(limits.fileBytes)} Cloudflare takes per asset, so \`wrangler deploy\` would refuse the folder. ` +
            (ofLinks ? `The list of cited links is too big for the Worker: ${IGNORE_HINT}.` : 'Make the file smaller, or move it out of the folder.'),
        );
      }
    }
  };
  await visit(root, '');
  if (files > limits.files) {
    problems.push(
      `${root}: ${files.toLocaleString('en-US')} files to upload, over the ${limits.files.toLocaleString('en-US')} a Worker version may have (Workers Paid; ${limits.freeFiles.toLocaleString('en-US')} on Free), so \`wrangler deploy\` would refuse the folder. ` +
        `${linkFiles} of them are the cited links (${LINKS_DIR}/, one file per group of one host's links): ${IGNORE_HINT}.`,
    );
  }
  return problems;
}
