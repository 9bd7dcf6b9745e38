// A feed's own idAuthority through `build`: its ids, and one warning per feed whose link is not on
// the authority's domain, because ids are forever.
import { describe, expect, it } from 'vitest';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { siteDir } from './helpers.js';

async function feed(dir: string, id: string, link: string, extra = ''): Promise<void> {
  await mkdir(join(dir, 'feeds', id, 'items'), { recursive: true });
  await writeFile(join(dir, 'feeds', id, 'feed.yaml'), `title: ${id}\ndescription: D\nlink: ${link}\nlanguage: sv\nauthor: Kontoret\n${extra}`);
  for (const slug of ['ett', 'tva']) {
    await writeFile(join(dir, 'feeds', id, 'items', `2026-11-01-${slug}.md`), `---\ntitle: ${slug}\ndate: 2026-11-01T10:00:00+01:00\nlink: ${link}${slug}\n---\n`);
  }
}

describe('idAuthority per feed', () => {
  it('mints the feed\'s ids under its own authority, and warns once per feed on another domain', async () => {
    const dir = await siteDir();
    await writeFile(join(dir, 'feedwatch.config.json'), JSON.stringify({ idAuthority: 'sbhss.eu,2018' }));
    await feed(dir, 'sbhss', 'https://www.sbhss.eu/');
    await feed(dir, 'projekt', 'https://projekt.example.org/', 'idAuthority: example.org,2026\n');
    await feed(dir, 'annat', 'https://annat.example.net/');
    const r = await runCli(['build'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('feedwatch: '))).toEqual([
      `feedwatch: ${join(dir, 'feeds/annat/feed.yaml')}:3: warning: link: annat.example.net is not under the idAuthority setting "sbhss.eu,2018"`,
    ]);
    expect(r.stderr).toContain('hint: ids are forever: this feed\'s ids are minted as tag:sbhss.eu,2018:annat/<slug>; before this feed is first published, give it idAuthority: "annat.example.net,<year>" in feed.yaml');
    const atom = (id: string) => readFile(join(dir, 'public', id, 'atom.xml'), 'utf8');
    expect(await atom('projekt')).toContain('<id>tag:example.org,2026:projekt/ett</id>');
    expect(await atom('projekt')).toContain('<id>tag:example.org,2026:projekt</id>');
    expect(await atom('sbhss')).toContain('<id>tag:sbhss.eu,2018:sbhss/ett</id>');
    expect(await atom('annat')).toContain('<id>tag:sbhss.eu,2018:annat/ett</id>');
  });
});
