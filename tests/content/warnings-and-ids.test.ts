// Unknown fields and stray files warn without failing; ids never follow title, link or file date.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorsOf, FEED_YAML, item, ITEM_FIELDS, loadTree } from './fixtures.js';

describe('warnings', () => {
  it('an unknown field is a warning with a did-you-mean hint, and the item still loads', async () => {
    const { result, root } = await loadTree({
      'f/feed.yaml': FEED_YAML + 'descripton: stavfel\n',
      'f/items/2018-11-29-a.md': item(ITEM_FIELDS + 'titel: Rubrik\nauthor:\n  name: Anna\n  mail: anna@example.se\nfärg: blå\n'),
    });
    expect(result!.feeds[0]!.items).toHaveLength(1);
    const w = result!.warnings.map((d) => [d.file.slice(root.length + 1), d.line, d.field, d.severity, d.hint]);
    expect(w).toEqual([
      ['f/feed.yaml', 7, 'descripton', 'warning', 'did you mean "description"?'],
      ['f/items/2018-11-29-a.md', 5, 'titel', 'warning', 'did you mean "title"?'],
      ['f/items/2018-11-29-a.md', 8, 'author.mail', 'warning', 'did you mean "author.email"?'],
      ['f/items/2018-11-29-a.md', 9, 'färg', 'warning', expect.stringMatching(/^known fields: title, date, link/)],
    ]);
  });

  it('warnings ride along in the ContentError when there are errors too', async () => {
    const { error } = await loadTree({
      'f/feed.yaml': FEED_YAML,
      'f/items/2018-11-29-a.md': item('titel: Rubrik\ndate: 2018-11-29T10:00:00Z\nlink: https://www.example.se/a\n'),
    });
    expect(error!.diagnostics.map((d) => [d.severity, d.field])).toEqual([
      ['error', 'title'],
      ['warning', 'titel'],
    ]);
  });

  it('ignores hidden files and warns about stray files instead of failing', async () => {
    const { result, root } = await loadTree({
      '.DS_Store': 'x',
      'README.md': '# Flöden',
      'f/feed.yaml': FEED_YAML,
      'f/.DS_Store': '\u0000\u0001binary',
      'f/items/.2018-11-29-a.md.swp': 'x',
      'f/items/2018-11-29-a.md': item(ITEM_FIELDS),
      'f/items/bild.png': 'png',
      'f/anteckningar.txt': 'notes',
      'skrap.yaml': 'a: b',
    });
    expect(result!.feeds[0]!.items).toHaveLength(1);
    expect(result!.warnings.map((d) => d.file.slice(root.length + 1))).toEqual(['f/anteckningar.txt', 'f/items/bild.png', 'skrap.yaml']);
    expect(result!.warnings.every((d) => d.severity === 'warning' && d.hint)).toBe(true);
  });

  it('warns when updated precedes date', async () => {
    const { result } = await loadTree({
      'f/feed.yaml': FEED_YAML,
      'f/items/2018-11-29-a.md': item(ITEM_FIELDS + 'updated: 2018-11-01T10:00:00+01:00\n'),
    });
    expect(result!.warnings.map((d) => [d.field, d.line])).toEqual([['updated', 5]]);
  });

  it('reads files with a UTF-8 BOM and CRLF line ends', async () => {
    const { result } = await loadTree({
      'f/feed.yaml': '\ufeff' + FEED_YAML.replace(/\n/g, '\r\n'),
      'f/items/2018-11-29-a.md': '\ufeff' + item(ITEM_FIELDS, 'Rad ett\nrad två\n\n[länk](../b/)\n').replace(/\n/g, '\r\n'),
    });
    const i = result!.feeds[0]!.items[0]!;
    expect([result!.feeds[0]!.meta.title, i.title, i.link]).toEqual(['Testflöde', 'En nyhet', 'https://www.example.se/nyheter/en-nyhet/']);
    expect(i.html).toBe('<p>Rad ett\nrad två</p>\n<p><a href="https://www.example.se/nyheter/b/">länk</a></p>\n');
  });

  it('an empty feeds folder loads as no feeds, with a warning', async () => {
    const { result } = await loadTree({});
    expect(result!.feeds).toEqual([]);
    expect(result!.warnings[0]!.message).toMatch(/no feeds/);
  });
});

describe('ids', () => {
  const load = async (name: string, fields: string, options = { idAuthority: null as string | null }) => {
    const { result } = await loadTree({ 'nyheter/feed.yaml': FEED_YAML, [`nyheter/items/${name}`]: item(fields) }, options);
    return result!.feeds[0]!;
  };

  it('derives tag: ids (RFC 4151) from the authority, the feed id and the slug', async () => {
    const feed = await load('2018-11-29-skl.md', ITEM_FIELDS);
    expect(feed.meta.atomId).toBe('tag:example.se,2000:nyheter');
    expect(feed.items[0]!.id).toBe('tag:example.se,2000:nyheter/skl');
    const configured = await load('2018-11-29-skl.md', ITEM_FIELDS, { idAuthority: 'sbhss.eu,2018' });
    expect(configured.meta.atomId).toBe('tag:sbhss.eu,2018:nyheter');
    expect(configured.items[0]!.id).toBe('tag:sbhss.eu,2018:nyheter/skl');
  });

  it('keeps the id when the title, the link or the file date prefix change', async () => {
    const before = (await load('2018-11-29-skl.md', ITEM_FIELDS)).items[0]!.id;
    const edited = ITEM_FIELDS.replace('En nyhet', 'En helt ny rubrik').replace('/en-nyhet/', '/ny-adress/').replace('2018-11-29T10', '2018-12-01T10');
    const after = await load('2018-12-01-skl.md', edited);
    expect(after.items[0]!.title).toBe('En helt ny rubrik');
    expect(after.items[0]!.id).toBe(before);
  });

  it('takes an explicit id as written (URL, tag: or urn:), and a feed id from feed.yaml', async () => {
    for (const id of ['https://www.sbhss.eu/?p=123', 'tag:sbhss.eu,2018:gammal/42', 'urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66']) {
      const feed = await load('2018-11-29-skl.md', ITEM_FIELDS + `id: "${id}"\n`);
      expect(feed.items[0]!.id).toBe(id);
    }
    const { result } = await loadTree({ 'f/feed.yaml': FEED_YAML + 'id: urn:uuid:60a76c80-d399-11d9-b93c-0003939e0af6\n' });
    expect(result!.feeds[0]!.meta.atomId).toBe('urn:uuid:60a76c80-d399-11d9-b93c-0003939e0af6');
  });

  it('an id that is not a URI is kept, with a warning (Atom wants URIs)', async () => {
    const { result } = await loadTree({ 'f/feed.yaml': FEED_YAML, 'f/items/2018-11-29-a.md': item(ITEM_FIELDS + 'id: "wp post 123"\n') });
    expect(result!.feeds[0]!.items[0]!.id).toBe('wp post 123');
    expect(result!.warnings.map((d) => [d.field, d.line, d.message])).toEqual([['id', 5, '"wp post 123" is not a URI; Atom readers expect one']]);
  });

  it('two items with the same slug are an error naming both files and hinting `id:`', async () => {
    const { error, root } = await loadTree({
      'f/feed.yaml': FEED_YAML,
      'f/items/2018-11-29-skl.md': item(ITEM_FIELDS),
      'f/items/2019-01-10-skl.md': item(ITEM_FIELDS),
    });
    const [dup, ...rest] = errorsOf(error);
    expect(rest).toEqual([]);
    expect(dup!.file).toBe(join(root, 'f/items/2019-01-10-skl.md'));
    expect(dup!.field).toBe('id');
    expect(dup!.message).toContain(join(root, 'f/items/2018-11-29-skl.md'));
    expect(dup!.hint).toMatch(/set `id:`/);
  });

  it('an explicit id that repeats another item\'s id is an error on the line of `id:`', async () => {
    const { error, root } = await loadTree({
      'f/feed.yaml': FEED_YAML,
      'f/items/2018-11-29-a.md': item(ITEM_FIELDS),
      'f/items/2018-11-30-b.md': item(ITEM_FIELDS + 'id: tag:example.se,2000:f/a\n'),
    });
    expect(errorsOf(error).map((d) => [d.file.slice(root.length + 1), d.line, d.field])).toEqual([['f/items/2018-11-30-b.md', 5, 'id']]);
  });

  it('the same slug in two feeds is fine: ids include the feed id', async () => {
    const { result } = await loadTree({
      'a/feed.yaml': FEED_YAML, 'a/items/2018-11-29-skl.md': item(ITEM_FIELDS),
      'b/feed.yaml': FEED_YAML, 'b/items/2018-11-29-skl.md': item(ITEM_FIELDS),
    });
    expect(result!.feeds.map((f) => f.items[0]!.id)).toEqual(['tag:example.se,2000:a/skl', 'tag:example.se,2000:b/skl']);
  });

  it('sorts items newest first, ties by id, and trims strings', async () => {
    const { result } = await loadTree({
      'f/feed.yaml': FEED_YAML,
      'f/items/2018-11-01-b.md': item(ITEM_FIELDS.replace('En nyhet', '"  Tvåa  "')),
      'f/items/2018-11-01-a.md': item(ITEM_FIELDS.replace('En nyhet', 'Etta')),
      'f/items/2018-11-02-c.md': item(ITEM_FIELDS.replace('2018-11-29T10:00:00+01:00', '2018-11-29T09:30:00Z')),
    });
    expect(result!.feeds[0]!.items.map((i) => [i.slug, i.title])).toEqual([['c', 'En nyhet'], ['a', 'Etta'], ['b', 'Tvåa']]);
  });
});
