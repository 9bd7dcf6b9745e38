// Fields of issue 12 through the real loader: `author: "Name"` shorthand (on the fast front-matter
// path and on yaml's full parser alike), `draft`, and a feed's own `idAuthority` with its warning.
import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../../src/content/diagnostics.js';
import { parseSimpleYaml } from '../../src/content/fast-yaml.js';
import { parseYamlDocument } from '../../src/content/yaml.js';
import { errorsOf, FEED_YAML, item, ITEM_FIELDS, loadTree } from './fixtures.js';

const FEED_SHORT = FEED_YAML.replace('author:\n  name: Testkontoret\n', 'author: "Testkontoret"\n');
/** A folded block scalar: the fast reader gives up on it, so yaml's full parser reads the file. */
const FULL_PARSER = 'summary: >\n  Kort\n  sammanfattning.\n';

describe('author shorthand', () => {
  it('is {name} in feed.yaml and in items, on the fast path and the full parser alike', async () => {
    const fast = ITEM_FIELDS + 'author: Anna Svensson\n';
    const full = ITEM_FIELDS + FULL_PARSER + 'author: "Anna Svensson"\n';
    expect(parseSimpleYaml(fast, 1)).toBeDefined();
    expect(parseSimpleYaml(full, 1)).toBeUndefined();
    expect(parseSimpleYaml(FEED_SHORT, 0)).toBeDefined();
    const { result } = await loadTree({
      'f/feed.yaml': FEED_SHORT,
      'f/items/2018-11-29-a.md': item(fast),
      'f/items/2018-11-29-b.md': item(full),
      'f/items/2018-11-29-c.md': item(ITEM_FIELDS + 'author:\n  name: Anna Svensson\n'),
    });
    expect(result!.warnings).toEqual([]);
    const feed = result!.feeds[0]!;
    expect(feed.meta.author).toEqual({ name: 'Testkontoret' });
    expect(feed.items.map((i) => [i.slug, i.author])).toEqual([
      ['a', { name: 'Anna Svensson' }],
      ['b', { name: 'Anna Svensson' }],
      ['c', { name: 'Anna Svensson' }],
    ]);
  });

  it('the fast path reads it into the same tree as yaml', () => {
    for (const yaml of ['author: Anna\n', 'author: "Anna \\"A\\" Svensson"\n', "author: 'Anna'\n", 'author: Anna # comment\n', 'draft: true\n', 'draft: False\n', 'draft: TRUE\n']) {
      const fast = parseSimpleYaml(yaml, 1);
      expect(fast, yaml).toBeDefined();
      expect(fast!.root, yaml).toEqual(parseYamlDocument(yaml, 'x', 1, new Diagnostics()));
    }
  });

  it('checks the name as text, and names the field as written', async () => {
    const { error } = await loadTree({ 'f/feed.yaml': FEED_YAML.replace('author:\n  name: Testkontoret\n', 'author: 12\n') });
    expect(errorsOf(error).map((d) => [d.line, d.field, d.message])).toEqual([[5, 'author', 'must be text, not a number']]);
    const empty = await loadTree({ 'f/feed.yaml': FEED_YAML.replace('author:\n  name: Testkontoret\n', 'author: ""\n') });
    expect(errorsOf(empty.error).map((d) => [d.field, d.message])).toEqual([['author', 'is empty']]);
  });
});

describe('draft', () => {
  it('is true or false; an item without it is no draft', async () => {
    const { result } = await loadTree({
      'f/feed.yaml': FEED_YAML,
      'f/items/2018-11-29-a.md': item(ITEM_FIELDS + 'draft: true\n'),
      'f/items/2018-11-29-b.md': item(ITEM_FIELDS + 'draft: false\n'),
      'f/items/2018-11-29-c.md': item(ITEM_FIELDS + FULL_PARSER + 'draft: true\n'),
      'f/items/2018-11-29-d.md': item(ITEM_FIELDS),
    });
    expect(result!.warnings).toEqual([]);
    expect(result!.feeds[0]!.items.map((i) => [i.slug, i.draft ?? false])).toEqual([['a', true], ['b', false], ['c', true], ['d', false]]);
  });
});

describe('idAuthority in feed.yaml', () => {
  it('overrides the setting for that feed only, for the feed id and every derived item id', async () => {
    const { result } = await loadTree({
      'a/feed.yaml': FEED_YAML + 'idAuthority: example.se,2019\n',
      'a/items/2018-11-29-skl.md': item(ITEM_FIELDS),
      'b/feed.yaml': FEED_YAML,
      'b/items/2018-11-29-skl.md': item(ITEM_FIELDS),
    }, { idAuthority: 'example.se,2018' });
    expect(result!.warnings).toEqual([]);
    expect(result!.feeds.map((f) => [f.meta.atomId, f.items[0]!.id])).toEqual([
      ['tag:example.se,2019:a', 'tag:example.se,2019:a/skl'],
      ['tag:example.se,2018:b', 'tag:example.se,2018:b/skl'],
    ]);
  });

  it('warns once per feed when the link is not on the authority\'s domain', async () => {
    const { result, root } = await loadTree({
      'own/feed.yaml': FEED_YAML + 'idAuthority: other.org,2020\n',
      'own/items/2018-11-29-a.md': item(ITEM_FIELDS),
      'own/items/2018-11-30-b.md': item(ITEM_FIELDS),
      'global/feed.yaml': FEED_YAML,
      'global/items/2018-11-29-a.md': item(ITEM_FIELDS),
      'sub/feed.yaml': FEED_YAML.replace('https://www.example.se/', 'https://news.sbhss.eu/'),
      'mail/feed.yaml': FEED_YAML + 'idAuthority: "info@example.se,2020-05"\n',
    }, { idAuthority: 'sbhss.eu,2018' });
    const warnings = result!.warnings.map((d) => [d.file.slice(root.length + 1), d.line, d.field, d.message]);
    expect(warnings).toEqual([
      ['global/feed.yaml', 3, 'link', 'www.example.se is not under the idAuthority setting "sbhss.eu,2018"'],
      ['own/feed.yaml', 7, 'idAuthority', '"other.org,2020" is not the domain of this feed\'s link (www.example.se)'],
    ]);
    expect(result!.warnings[0]!.hint).toMatch(/^ids are forever: this feed's ids are minted as tag:sbhss\.eu,2018:global\/<slug>; .*idAuthority: "example\.se,<year>"/);
    expect(result!.warnings[1]!.hint).toMatch(/ids are forever/);
  });

  it('one that is not a domain, a comma and a date is a warning, and kept', async () => {
    const { result } = await loadTree({ 'f/feed.yaml': FEED_YAML + 'idAuthority: example.se\n', 'f/items/2018-11-29-a.md': item(ITEM_FIELDS) });
    expect(result!.warnings.map((d) => [d.line, d.field, d.message])).toEqual([[7, 'idAuthority', '"example.se" is not a tagging authority (RFC 4151)']]);
    expect(result!.feeds[0]!.items[0]!.id).toBe('tag:example.se:f/a');
  });
});
