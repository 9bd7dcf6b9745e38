// `feedwatch init [DIR]` through the real command line: what it writes, that `build` works right
// after it, .gitignore lines added once, and refusals that write nothing.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseFeed } from '@rowanmanning/feed-parser';
import { runCli } from '../helpers/cli.js';
import { INIT_FLAGS, now, siteDir, tree } from './helpers.js';

describe('feedwatch init', () => {
  it('writes feed.yaml, the config and .gitignore; build works right after, and new adds an item', async () => {
    const dir = await siteDir();
    const r = await runCli(['init', 'site', ...INIT_FLAGS], { cwd: dir, now });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const site = join(dir, 'site');
    expect(Object.keys(await tree(site)).sort()).toEqual(['.gitignore', 'feeds/', 'feeds/news/', 'feeds/news/feed.yaml', 'feeds/news/items/', 'feedwatch.config.json']);
    expect(await readFile(join(site, 'feeds/news/feed.yaml'), 'utf8')).toBe([
      '# The feed. Every field: docs/content.md, "feed.yaml".',
      'title: "Nyheter från kontoret"',
      'description: "Nyheter från kontoret"',
      'link: "https://www.example.org/"',
      'language: "sv"',
      'author: "Kontoret"',
      '',
    ].join('\n'));
    const config = JSON.parse(await readFile(join(site, 'feedwatch.config.json'), 'utf8'));
    // feedwatch is not installed in the site: no $schema, rather than a path that holds on this machine only.
    expect(config).toEqual({ baseUrl: 'http://localhost:8787/', idAuthority: 'example.org,2026' });
    expect(await readFile(join(site, '.gitignore'), 'utf8')).toBe('public/\n.feedwatch/\n');
    expect(r.stdout).toContain('wrote site/feeds/news/feed.yaml (its description is the title');
    expect(r.stdout).toContain('idAuthority "example.org,2026" (never change it once published');
    expect(r.stdout).toContain('set the public address where public/ is served before publishing');

    const build = await runCli(['build'], { cwd: site, now });
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
    const atom = await readFile(join(site, 'public/news/atom.xml'), 'utf8');
    expect(atom).toContain('<id>tag:example.org,2026:news</id>');
    expect(parseFeed(atom).title).toBe('Nyheter från kontoret');

    const created = await runCli(['new', 'news', 'Första nyheten', '--publish'], { cwd: site, now });
    expect(created.code).toBe(0);
    expect((await runCli(['build'], { cwd: site, now })).code).toBe(0);
    const feed = parseFeed(await readFile(join(site, 'public/news/atom.xml'), 'utf8'));
    expect(feed.items.map((i) => [i.id, i.title, i.url])).toEqual([['tag:example.org,2026:news/forsta-nyheten', 'Första nyheten', 'https://www.example.org/forsta-nyheten']]);
  });

  it('names the schema by a path every clone of the site has, when feedwatch is installed in it or in its package.json', async () => {
    const dir = await siteDir();
    // Installed: node_modules/feedwatch as npm lays it out (here a link to this checkout).
    const installed = join(dir, 'installed');
    await mkdir(join(installed, 'node_modules'), { recursive: true });
    await symlink(resolve('.'), join(installed, 'node_modules', 'feedwatch'), 'dir');
    // Named in package.json, not installed yet.
    const named = join(dir, 'named');
    await mkdir(named);
    await writeFile(join(named, 'package.json'), JSON.stringify({ private: true, devDependencies: { feedwatch: '^0.1.0' } }));
    // Neither: a package.json without feedwatch, and one that is not JSON.
    const other = join(dir, 'other');
    await mkdir(other);
    await writeFile(join(other, 'package.json'), JSON.stringify({ dependencies: { yaml: '2' } }));
    const broken = join(dir, 'broken');
    await mkdir(broken);
    await writeFile(join(broken, 'package.json'), '{ not json');
    const schemaOf = async (site: string) => {
      const r = await runCli(['init', ...INIT_FLAGS], { cwd: site, now });
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(await readFile(join(site, 'feedwatch.config.json'), 'utf8')).$schema;
    };
    expect(await schemaOf(installed)).toBe('./node_modules/feedwatch/feedwatch.schema.json');
    expect(existsSync(join(installed, './node_modules/feedwatch/feedwatch.schema.json'))).toBe(true);
    expect(await schemaOf(named)).toBe('./node_modules/feedwatch/feedwatch.schema.json');
    expect(await schemaOf(other)).toBeUndefined();
    expect(await schemaOf(broken)).toBeUndefined();
    // The config with $schema is read as usual.
    expect((await runCli(['build'], { cwd: installed, now })).code).toBe(0);
  });

  it('sets up the working directory without DIR, with --description and --base-url', async () => {
    const dir = await siteDir();
    const r = await runCli(['init', ...INIT_FLAGS, '--description', 'Nyheter om EU.', '--base-url', 'https://feeds.example.org/'], { cwd: dir, now });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('wrote feeds/news/feed.yaml\n');
    expect(r.stdout).not.toContain('cd ');
    expect(await readFile(join(dir, 'feeds/news/feed.yaml'), 'utf8')).toContain('description: "Nyheter om EU."\n');
    expect(JSON.parse(await readFile(join(dir, 'feedwatch.config.json'), 'utf8')).baseUrl).toBe('https://feeds.example.org/');
    expect((await runCli(['build'], { cwd: dir, now })).code).toBe(0);
    expect(await readFile(join(dir, 'public/news/rss.xml'), 'utf8')).toContain('<atom:link href="https://feeds.example.org/news/rss.xml" rel="self"');
  });

  it('appends to an existing .gitignore, without repeating a line already there', async () => {
    const dir = await siteDir();
    await writeFile(join(dir, '.gitignore'), 'node_modules/\n/public');
    expect((await runCli(['init', ...INIT_FLAGS], { cwd: dir, now })).code).toBe(0);
    expect(await readFile(join(dir, '.gitignore'), 'utf8')).toBe('node_modules/\n/public\n.feedwatch/\n');

    const other = await siteDir();
    await writeFile(join(other, '.gitignore'), 'public/\n.feedwatch/\n');
    const r = await runCli(['init', ...INIT_FLAGS], { cwd: other, now });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('.gitignore already ignores public/ and .feedwatch/');
    expect(await readFile(join(other, '.gitignore'), 'utf8')).toBe('public/\n.feedwatch/\n');
  });

  it('refuses, naming the file and writing nothing, when feed.yaml or the config is there', async () => {
    const dir = await siteDir();
    await mkdir(join(dir, 'feeds/news'), { recursive: true });
    await writeFile(join(dir, 'feeds/news/feed.yaml'), 'title: Old\n');
    await writeFile(join(dir, '.gitignore'), 'node_modules/\n');
    const before = await tree(dir);
    const r = await runCli(['init', ...INIT_FLAGS], { cwd: dir, now });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('feedwatch: [usage] init: nothing was written: feeds/news/feed.yaml already exists: the feed "news" is there; pick another --feed.\n');
    expect(r.stdout).toBe('');
    expect(await tree(dir)).toEqual(before);

    const configured = await siteDir();
    await writeFile(join(configured, 'feedwatch.config.json'), '{}\n');
    const before2 = await tree(configured);
    const again = await runCli(['init', '.', ...INIT_FLAGS], { cwd: configured, now });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^feedwatch: \[usage\] init: nothing was written: feedwatch\.config\.json already exists/);
    expect(await tree(configured)).toEqual(before2);
  });

  it('names every problem at once: both files there, a missing or invalid flag', async () => {
    const dir = await siteDir();
    await mkdir(join(dir, 'site/feeds/news'), { recursive: true });
    await writeFile(join(dir, 'site/feeds/news/feed.yaml'), 'title: Old\n');
    await writeFile(join(dir, 'site/feedwatch.config.json'), '{}\n');
    const before = await tree(dir);
    const both = await runCli(['init', 'site', ...INIT_FLAGS], { cwd: dir, now });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('init: nothing was written: 2 problems:\n  site/feeds/news/feed.yaml already exists');
    expect(both.stderr).toContain('\n  site/feedwatch.config.json already exists');
    expect(await tree(dir)).toEqual(before);

    const missing = await runCli(['init', '--feed', 'news', '--link', 'https://www.example.org/'], { cwd: dir, now });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^feedwatch: \[usage\] init: missing --title, --language, --author\. Example:\n/);
    expect(missing.stderr).toContain('Usage: feedwatch init [options] [<dir>]');

    const bad = await runCli(['init', ...INIT_FLAGS.slice(0, -4), '--language', 'swedish', '--author', 'K'], { cwd: dir, now });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/init: --language "swedish" does not start with an ISO 639 language code/);
    const badLink = await runCli(['init', ...INIT_FLAGS.slice(0, 4), '--link', 'example.org', ...INIT_FLAGS.slice(6)], { cwd: dir, now });
    expect(badLink.code).toBe(2);
    expect(badLink.stderr).toContain('--link "example.org" is not an absolute http(s) URL');
    const reserved = await runCli(['init', '--feed', 'health', ...INIT_FLAGS.slice(2)], { cwd: dir, now });
    expect(reserved.stderr).toContain('--feed "health" is reserved');
    expect(await tree(dir)).toEqual(before);
  });

  it('--help lists its options', async () => {
    const r = await runCli(['init', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('Usage: feedwatch init [options] [<dir>]');
    for (const flag of ['--feed ID', '--title TEXT', '--link URL', '--language LANG', '--author NAME', '--description TEXT', '--base-url URL']) expect(r.stdout).toContain(`  ${flag} `);
  });
});
