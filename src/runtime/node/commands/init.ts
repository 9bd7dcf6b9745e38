// `feedwatch init [DIR]`: a new site: feeds/<id>/feed.yaml, feedwatch.config.json with the settings a
// site must not get wrong later (idAuthority, baseUrl), and .gitignore lines for the outputs.
// Everything is checked before anything is written: an existing feed.yaml or config is exit 2.
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { feedYamlText } from '../../../content/scaffold.js';
import { checkLanguage } from '../../../content/values.js';
import { UsageError } from '../../../core/errors.js';
import { usageLine } from '../arguments.js';
import { CONFIG_FILE } from '../help.js';
import { makeFolder, writeFileAtomic } from '../fs.js';
import type { CommandContext } from './command.js';
import { initCommand, LOCAL_BASE_URL } from './declarations/init.js';

/** `$schema` when feedwatch is a package of the site: a path that holds wherever the site is cloned. */
const INSTALLED_SCHEMA = './node_modules/feedwatch/feedwatch.schema.json';
/** What `build`, `check` and `run` write by default: outputs and state, not sources. */
const IGNORED = ['public/', '.feedwatch/'];

type Kind = 'file' | 'folder' | 'other' | null;

async function kindOf(path: string): Promise<Kind> {
  try {
    const s = await stat(path);
    return s.isFile() ? 'file' : s.isDirectory() ? 'folder' : 'other';
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
    throw e;
  }
}

/**
 * `$schema` for editors, only when it holds in every clone of the site: feedwatch installed in the
 * site's node_modules, or named in its package.json (there after `npm install`). A path to the
 * feedwatch that happens to run `init` (npx's cache, a checkout) would break elsewhere: none then.
 */
async function schemaRef(siteDir: string): Promise<string | undefined> {
  if ((await kindOf(join(siteDir, INSTALLED_SCHEMA))) === 'file') return INSTALLED_SCHEMA;
  try {
    const pkg = JSON.parse(await readFile(join(siteDir, 'package.json'), 'utf8')) as Record<string, unknown>;
    const named = ['dependencies', 'devDependencies', 'optionalDependencies'].some((k) => {
      const deps = pkg[k];
      return typeof deps === 'object' && deps !== null && 'feedwatch' in deps;
    });
    return named ? INSTALLED_SCHEMA : undefined;
  } catch {
    return undefined; // no package.json, or one that is not JSON: no $schema
  }
}

/** The lines of .gitignore to add: those not there yet (`/public`, `public` and `public/` count as there). */
function missingIgnoreLines(existing: string): string[] {
  const have = new Set(existing.split(/\r?\n/).map((l) => l.trim().replace(/^\//, '').replace(/\/$/, '')));
  return IGNORED.filter((line) => !have.has(line.replace(/\/$/, '')));
}

function required(ctx: CommandContext): Record<'feed' | 'title' | 'link' | 'language' | 'author', string> {
  const names = ['feed', 'title', 'link', 'language', 'author'] as const;
  const missing = names.filter((n) => typeof ctx.options[n] !== 'string');
  if (missing.length) {
    throw new UsageError(`init: missing ${missing.map((n) => `--${n}`).join(', ')}. Example:\n` +
      '  feedwatch init site --feed news --title "Our news" --link https://www.example.org/ --language en --author "The Office"\n' +
      usageLine(initCommand));
  }
  return Object.fromEntries(names.map((n) => [n, (ctx.options[n] as string).trim()])) as ReturnType<typeof required>;
}

/** `feedwatch init` (declared in declarations/init.ts, which imports this file when the command runs). */
export async function run(ctx: CommandContext): Promise<number> {
  const o = required(ctx);
  const language = checkLanguage(o.language);
  if (!language.ok) throw new UsageError(`init: --language ${language.message}; ${language.hint}.\n${usageLine(initCommand)}`);
  const description = typeof ctx.options.description === 'string' ? ctx.options.description.trim() : o.title;
  const baseUrl = typeof ctx.options['base-url'] === 'string' ? ctx.options['base-url'] : LOCAL_BASE_URL;
  const shown = ctx.positionals[0];
  const show = (...parts: string[]) => (shown === undefined ? join(...parts) : join(shown, ...parts));
  const dir = resolve(ctx.cwd, shown ?? '.');
  const feedDir = join(dir, 'feeds', o.feed);
  const paths = { feed: join(feedDir, 'feed.yaml'), config: join(dir, CONFIG_FILE), gitignore: join(dir, '.gitignore') };

  // Every check first: a refusal writes nothing.
  const problems: string[] = [];
  const dirKind = await kindOf(dir);
  if (dirKind !== null && dirKind !== 'folder') problems.push(`${shown} is not a folder`);
  if ((await kindOf(paths.feed)) !== null) problems.push(`${show('feeds', o.feed, 'feed.yaml')} already exists: the feed "${o.feed}" is there; pick another --feed`);
  else if (!['folder', null].includes(await kindOf(feedDir))) problems.push(`${show('feeds', o.feed)} exists and is not a folder`);
  if ((await kindOf(paths.config)) !== null) problems.push(`${show(CONFIG_FILE)} already exists: this is a site already; add a feed with its own feeds/<id>/feed.yaml`);
  const gitignoreKind = await kindOf(paths.gitignore);
  if (gitignoreKind !== null && gitignoreKind !== 'file') problems.push(`${show('.gitignore')} is not a file`);
  if (problems.length) {
    throw new UsageError(`init: nothing was written: ${problems.length === 1 ? `${problems[0]}.` : `${problems.length} problems:\n${problems.map((p) => `  ${p}`).join('\n')}`}`);
  }
  const gitignore = gitignoreKind === 'file' ? await readFile(paths.gitignore, 'utf8') : null;
  const add = missingIgnoreLines(gitignore ?? '');

  const host = new URL(o.link).hostname.replace(/^www\./, '');
  const idAuthority = `${host},${(ctx.now?.() ?? new Date()).getUTCFullYear()}`;
  const schema = await schemaRef(dir);
  const config = { ...(schema ? { $schema: schema } : {}), baseUrl, idAuthority };
  await makeFolder(join(feedDir, 'items'));
  await writeFileAtomic(paths.feed, feedYamlText({ title: o.title, description, link: o.link, language: language.value, author: o.author }));
  await writeFileAtomic(paths.config, JSON.stringify(config, null, 2) + '\n');
  if (add.length) {
    const glue = gitignore === null || gitignore === '' || gitignore.endsWith('\n') ? '' : '\n';
    await writeFileAtomic(paths.gitignore, `${gitignore ?? ''}${glue}${add.join('\n')}\n`);
  }

  const lines = [
    `wrote ${show('feeds', o.feed, 'feed.yaml')}${ctx.options.description === undefined ? ' (its description is the title: edit it to say what the feed is about)' : ''}`,
    `wrote ${show(CONFIG_FILE)}: idAuthority "${idAuthority}" (never change it once published: every derived id is made from it)`,
    `  and baseUrl "${baseUrl}"${ctx.options['base-url'] === undefined ? ' (this machine: set the public address where public/ is served before publishing)' : ''}`,
    add.length ? `${gitignore === null ? 'wrote' : 'added'} ${add.join(' and ')} ${gitignore === null ? 'to a new' : 'to'} ${show('.gitignore')}` : `${show('.gitignore')} already ignores ${IGNORED.join(' and ')}`,
    '',
    'Next:',
    ...(shown === undefined ? [] : [`  cd ${/^[\w./-]+$/.test(shown) ? shown : JSON.stringify(shown)}`]),
    `  feedwatch new ${o.feed} "A first item"     writes a draft in feeds/${o.feed}/items/`,
    '  feedwatch build                           builds the feeds into public/',
  ];
  ctx.stdout.write(lines.join('\n') + '\n');
  return 0;
}
