// `npm run build:worker`: the Worker's static assets. The real build (buildSite, through `build`'s
// own settings, flags and messages) into .worker-assets/, then what the Worker needs beside it.
// Each step is one function call below, in order; a new export for the Worker is one more step.
//
//   node dist/runtime/node/build-worker.js [build's flags]    (--out defaults to .worker-assets)
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { main } from './cli.js';
import { runBuild } from './commands/build.js';
import { buildCommand } from './commands/declarations/build.js';
import type { Command } from './commands/command.js';
import { WORKER_ASSETS_DIR, prepareWorkerAssets } from './worker-assets.js';
import { writeWorkerLinks } from './worker-links.js';
import { assetLimitProblems } from './asset-limits.js';
import { cutoffOf } from './publication.js';
import { loadContent } from '../../content/load.js';
import { fsContentSource } from './content-source.js';
import { LINKS_DIR } from '../../links/link-groups.js';

export const workerBuildCommand: Command = {
  // `build`'s name, so the same settings apply (feeds, baseUrl, archiveSize, ...) with its flags.
  name: 'build',
  summary: 'Build the feeds into the Worker\'s static assets (.worker-assets/), with their manifest, compressed copies, .assetsignore and the cited links for its checks.',
  details: [
    'The same build as `feedwatch build`, into .worker-assets/ (or --out), then: every published file',
    'described once (type, hash, content date), .gz and .br copies kept where smaller, the manifest',
    'the Worker serves from (_feedwatch/manifest.json) and .assetsignore (every dotfile, health/, links',
    'leading out), and the links the items cite, in groups of one host for the Worker\'s scheduled checks',
    '(_feedwatch/links/; not published). wrangler.toml\'s [assets] points at the folder; `wrangler deploy` uploads it.',
    'Last it checks Cloudflare\'s asset limits (25 MiB a file, 100,000 files) and exits 2 naming what is over.',
  ].join('\n'),
  options: (buildCommand.options ?? []).filter((o) => o.flag === 'now'),
  async run(ctx) {
    const out = resolve(ctx.config.out);
    // 1. The feeds, archive pages, index.html and feeds.opml, exactly as `build` writes them.
    const { exitCode } = await runBuild(ctx);
    // 2. The manifest, the compressed copies and .assetsignore.
    const prepared = await prepareWorkerAssets(out);
    // 3. The cited links for the scheduled checks (_feedwatch/links/), after step 2, which prunes
    //    _feedwatch/ of what its manifest does not name. The build has printed the content's warnings.
    const { feeds } = await loadContent(fsContentSource(ctx.config.feeds), { idAuthority: ctx.config.idAuthority, iframeHosts: ctx.config.iframeHosts });
    const links = await writeWorkerLinks(feeds, ctx.config, out, { now: cutoffOf(ctx) });
    // 4. Cloudflare's limits on the assets, before `wrangler deploy` meets them.
    const problems = await assetLimitProblems(out, prepared.ignored);
    for (const p of problems) ctx.stderr.write(`feedwatch: ${p}\n`);
    const files = Object.keys(prepared.manifest.files).length;
    ctx.stdout.write(
      `worker assets: ${out}: ${files} file${files === 1 ? '' : 's'} in the manifest, ${prepared.compressed} cop${prepared.compressed === 1 ? 'y' : 'ies'} compressed, ${prepared.reused} kept from the last build` +
        (prepared.ignored.length ? `; not uploaded: ${prepared.ignored.join(', ')}` : '') +
        '.\n' +
        `worker links: ${links.total} cited link${links.total === 1 ? '' : 's'} in ${links.groups.length} group${links.groups.length === 1 ? '' : 's'} (${LINKS_DIR}/).\n`,
    );
    return problems.length ? Math.max(exitCode, 2) : exitCode;
  },
};

/** Runs build:worker with these arguments; returns the exit code (docs/cli.md). */
export function buildWorker(argv: readonly string[], options: Parameters<typeof main>[1] = {}): Promise<number> {
  // A later --out given by the caller wins (the last flag counts).
  return main(['build', '--out', WORKER_ASSETS_DIR, ...argv], { ...options, commands: [workerBuildCommand] });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await buildWorker(process.argv.slice(2));
}
