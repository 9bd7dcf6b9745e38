// A corpus of invalid content: each file gives a ContentError naming the right file, line and field.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorsOf, FEED_YAML, item, ITEM_FIELDS, loadTree, type Tree } from './fixtures.js';

const A = 'f/items/2018-11-29-a.md';
const withItem = (text: string | Uint8Array, path = A): Tree => ({ 'f/feed.yaml': FEED_YAML, [path]: text });
const withFeed = (yaml: string): Tree => ({ 'f/feed.yaml': yaml, [A]: item(ITEM_FIELDS) });
const itemWith = (replace: [RegExp, string]) => item(ITEM_FIELDS.replace(...replace));
const feedWith = (replace: [RegExp, string]) => FEED_YAML.replace(...replace);

interface Case {
  name: string;
  tree: Tree;
  file: string;
  line: number;
  field?: string;
  message: RegExp;
}

// Line numbers count from the file's first line; in items the opening `---` is line 1.
const cases: Case[] = [
  // Item front matter
  { name: 'bad YAML', tree: withItem(item(ITEM_FIELDS + 'summary: "never closed\n')), file: A, line: 5, message: /invalid YAML/ },
  { name: 'bad YAML indentation', tree: withItem(item(ITEM_FIELDS + 'author:\n  name: x\n uri: y\n')), file: A, line: 7, message: /invalid YAML/ },
  { name: 'duplicate key', tree: withItem(item(ITEM_FIELDS + 'title: Igen\n')), file: A, line: 5, message: /invalid YAML.*unique/i },
  { name: 'missing title', tree: withItem(itemWith([/title: .*\n/, ''])), file: A, line: 1, field: 'title', message: /required/ },
  { name: 'missing date', tree: withItem(itemWith([/date: .*\n/, ''])), file: A, line: 1, field: 'date', message: /required/ },
  { name: 'missing link', tree: withItem(itemWith([/link: .*\n/, ''])), file: A, line: 1, field: 'link', message: /required/ },
  { name: 'empty title', tree: withItem(itemWith([/title: .*\n/, 'title:\n'])), file: A, line: 2, field: 'title', message: /empty/ },
  { name: 'title is a number', tree: withItem(itemWith([/title: .*\n/, 'title: 1984\n'])), file: A, line: 2, field: 'title', message: /text, not a number/ },
  { name: 'title is a list', tree: withItem(itemWith([/title: .*\n/, 'title: [a, b]\n'])), file: A, line: 2, field: 'title', message: /not a list/ },
  { name: 'date without offset', tree: withItem(itemWith([/date: .*\n/, 'date: 2018-11-29T10:00:00\n'])), file: A, line: 3, field: 'date', message: /no UTC offset/ },
  { name: 'date without time', tree: withItem(itemWith([/date: .*\n/, 'date: 2018-11-29\n'])), file: A, line: 3, field: 'date', message: /no time/ },
  { name: 'impossible date', tree: withItem(itemWith([/date: .*\n/, 'date: 2018-02-30T10:00:00+01:00\n'])), file: A, line: 3, field: 'date', message: /not a real date/ },
  { name: 'impossible time', tree: withItem(itemWith([/date: .*\n/, 'date: 2018-11-29T25:00:00+01:00\n'])), file: A, line: 3, field: 'date', message: /not a real time/ },
  { name: 'date in words', tree: withItem(itemWith([/date: .*\n/, 'date: 29 november 2018\n'])), file: A, line: 3, field: 'date', message: /not an ISO 8601/ },
  { name: 'bad updated', tree: withItem(item(ITEM_FIELDS + 'updated: 2018-11-31T10:00:00Z\n')), file: A, line: 5, field: 'updated', message: /not a real date/ },
  { name: 'relative link', tree: withItem(itemWith([/link: .*\n/, 'link: /nyheter/en-nyhet/\n'])), file: A, line: 4, field: 'link', message: /relative URL/ },
  { name: 'malformed link', tree: withItem(itemWith([/link: .*\n/, 'link: https://exa mple.se/\n'])), file: A, line: 4, field: 'link', message: /white space/ },
  { name: 'link without host', tree: withItem(itemWith([/link: .*\n/, 'link: "https://"\n'])), file: A, line: 4, field: 'link', message: /not a valid URL/ },
  { name: 'ftp link', tree: withItem(itemWith([/link: .*\n/, 'link: ftp://example.se/x\n'])), file: A, line: 4, field: 'link', message: /only http and https/ },
  { name: 'javascript link', tree: withItem(itemWith([/link: .*\n/, 'link: javascript:alert(1)\n'])), file: A, line: 4, field: 'link', message: /only http and https/ },
  { name: 'relative source', tree: withItem(item(ITEM_FIELDS + 'sources:\n  - https://ok.example/\n  - ../x\n')), file: A, line: 7, field: 'sources[1]', message: /relative URL/ },
  { name: 'categories not a list', tree: withItem(item(ITEM_FIELDS + 'categories: EU\n')), file: A, line: 5, field: 'categories', message: /must be a list/ },
  { name: 'category not text', tree: withItem(item(ITEM_FIELDS + 'categories: [EU, 12]\n')), file: A, line: 5, field: 'categories[1]', message: /not a number/ },
  { name: 'author not a map', tree: withItem(item(ITEM_FIELDS + 'author: Anna\n')), file: A, line: 5, field: 'author', message: /set of fields/ },
  { name: 'author without name', tree: withItem(item(ITEM_FIELDS + 'author:\n  email: anna@example.se\n')), file: A, line: 5, field: 'author.name', message: /required/ },
  { name: 'bad author email', tree: withItem(item(ITEM_FIELDS + 'author:\n  name: Anna\n  email: anna-at-example\n')), file: A, line: 7, field: 'author.email', message: /e-mail/ },
  { name: 'front matter is a list', tree: withItem(item('- a\n- b\n')), file: A, line: 2, message: /name: value/ },
  { name: 'empty front matter', tree: withItem(item('')), file: A, line: 1, field: 'title', message: /required/ },
  // Item files as a whole
  { name: 'empty item file', tree: withItem(''), file: A, line: 0, message: /empty/ },
  { name: 'blank item file', tree: withItem('\n  \n'), file: A, line: 0, message: /empty/ },
  { name: 'no front matter', tree: withItem('# Rubrik\n\nText.\n'), file: A, line: 1, message: /no front matter/ },
  { name: 'front matter never closed', tree: withItem('---\ntitle: x\n\nText.\n'), file: A, line: 1, message: /never closed/ },
  {
    name: 'not UTF-8 (Latin-1)',
    tree: withItem(Uint8Array.from([...Buffer.from('---\ntitle: Sm'), 0xe5, ...Buffer.from('land\n---\n')])),
    file: A, line: 2, message: /not valid UTF-8/,
  },
  { name: 'UTF-16 with BOM', tree: withItem(Uint8Array.from([0xff, 0xfe, ...Buffer.from(item(ITEM_FIELDS), 'utf16le')])), file: A, line: 1, message: /not valid UTF-8/ },
  { name: 'CRLF line ends, date without offset', tree: withItem(itemWith([/date: .*\n/, 'date: 2018-11-29 10:00\n']).replace(/\n/g, '\r\n')), file: A, line: 3, field: 'date', message: /no UTC offset/ },
  { name: 'item name without date', tree: withItem(item(ITEM_FIELDS), 'f/items/en-nyhet.md'), file: 'f/items/en-nyhet.md', line: 0, message: /<yyyy-mm-dd>-<slug>\.md/ },
  { name: 'item name with capitals', tree: withItem(item(ITEM_FIELDS), 'f/items/2018-11-29-Nyhet.md'), file: 'f/items/2018-11-29-Nyhet.md', line: 0, message: /<yyyy-mm-dd>-<slug>\.md/ },
  { name: 'item name with impossible date', tree: withItem(item(ITEM_FIELDS), 'f/items/2018-13-01-x.md'), file: 'f/items/2018-13-01-x.md', line: 0, message: /impossible date/ },
  { name: 'item in a subfolder', tree: withItem(item(ITEM_FIELDS), 'f/items/2018/2018-11-29-x.md'), file: 'f/items/2018/2018-11-29-x.md', line: 0, message: /directly in items/ },
  // feed.yaml and feed folders
  { name: 'missing feed.yaml', tree: { [A]: item(ITEM_FIELDS) }, file: 'f/feed.yaml', line: 0, message: /no feed.yaml/ },
  { name: 'empty feed.yaml', tree: withFeed(''), file: 'f/feed.yaml', line: 0, message: /empty/ },
  { name: 'feed.yaml bad YAML', tree: withFeed(FEED_YAML + 'categories: [a, b\n'), file: 'f/feed.yaml', line: 7, message: /invalid YAML/ },
  { name: 'feed.yaml is a list', tree: withFeed('- title\n- link\n'), file: 'f/feed.yaml', line: 1, message: /name: value/ },
  { name: 'feed missing title', tree: withFeed(feedWith([/title: .*\n/, ''])), file: 'f/feed.yaml', line: 1, field: 'title', message: /required/ },
  { name: 'feed missing description', tree: withFeed(feedWith([/description: .*\n/, ''])), file: 'f/feed.yaml', line: 1, field: 'description', message: /required/ },
  { name: 'feed missing link', tree: withFeed(feedWith([/link: .*\n/, ''])), file: 'f/feed.yaml', line: 1, field: 'link', message: /required/ },
  { name: 'feed missing language', tree: withFeed(feedWith([/language: .*\n/, ''])), file: 'f/feed.yaml', line: 1, field: 'language', message: /required/ },
  { name: 'feed missing author', tree: withFeed(feedWith([/author:\n.*\n/, ''])), file: 'f/feed.yaml', line: 1, field: 'author', message: /required/ },
  { name: 'feed author without name', tree: withFeed(feedWith([/  name: .*\n/, '  uri: https://www.example.se/\n'])), file: 'f/feed.yaml', line: 5, field: 'author.name', message: /required/ },
  { name: 'feed relative link', tree: withFeed(feedWith([/link: .*\n/, 'link: www.example.se\n'])), file: 'f/feed.yaml', line: 3, field: 'link', message: /relative URL/ },
  { name: 'feed image not http', tree: withFeed(FEED_YAML + 'image: file:///logo.png\n'), file: 'f/feed.yaml', line: 7, field: 'image', message: /only http and https/ },
  { name: 'language in words', tree: withFeed(feedWith([/language: .*\n/, 'language: swedish\n'])), file: 'f/feed.yaml', line: 4, field: 'language', message: /ISO 639/ },
  { name: 'language with underscore', tree: withFeed(feedWith([/language: .*\n/, 'language: sv_SE\n'])), file: 'f/feed.yaml', line: 4, field: 'language', message: /BCP 47/ },
  { name: 'feed folder name', tree: { 'Mitt_Flöde/feed.yaml': FEED_YAML }, file: 'Mitt_Flöde', line: 0, message: /not a valid feed id/ },
  { name: 'reserved feed id health', tree: { 'health/feed.yaml': FEED_YAML }, file: 'health', line: 0, message: /reserved/ },
  { name: 'reserved feed id archive', tree: { 'archive/feed.yaml': FEED_YAML }, file: 'archive', line: 0, message: /reserved/ },
  { name: 'feed.yml', tree: { 'f/feed.yml': FEED_YAML }, file: 'f/feed.yml', line: 0, message: /named feed.yaml/ },
];

describe('invalid content', () => {
  it.each(cases)('$name', async ({ tree, file, line, field, message }) => {
    const { error, root } = await loadTree(tree);
    const errors = errorsOf(error);
    const hit = errors.find((d) => d.file === join(root, file) && d.line === line && (field === undefined || d.field === field));
    expect(hit, `got:\n${error!.message}`).toBeDefined();
    expect(hit!.message).toMatch(message);
    expect(hit!.hint).toBeTruthy();
    expect(error!.exitCode).toBe(2);
    expect(error!.message).toContain(`${join(root, file)}${line > 0 ? `:${line}` : ''}:`);
  });

  it('reports every problem of the run at once, in file order', async () => {
    const { error, root } = await loadTree({
      'f/feed.yaml': feedWith([/language: .*\n/, 'language: svenska\n']),
      'f/items/2018-11-01-a.md': itemWith([/date: .*\n/, 'date: 2018-11-01\n']),
      'f/items/2018-11-02-b.md': itemWith([/link: .*\n/, 'link: nyheter/b\n']),
      'f/items/2018-11-03-c.md': '',
      'g/items/2018-11-04-d.md': item(ITEM_FIELDS),
    });
    const errors = errorsOf(error);
    expect(errors.map((d) => [d.file.slice(root.length + 1), d.line, d.field ?? null])).toEqual([
      ['f/feed.yaml', 4, 'language'],
      ['f/items/2018-11-01-a.md', 3, 'date'],
      ['f/items/2018-11-02-b.md', 4, 'link'],
      ['f/items/2018-11-03-c.md', 0, null],
      ['g/feed.yaml', 0, null],
    ]);
    expect(error!.message).toMatch(/5 errors in content; nothing was written/);
  });

  it('a feeds folder given one level too high: a hint to point lower, and repeated warnings summed up', async () => {
    const tree: Tree = { 'feeds/f/feed.yaml': FEED_YAML };
    for (let n = 1; n <= 25; n++) tree[`feeds/f/items/2018-11-${String(n).padStart(2, '0')}-a.md`] = item(ITEM_FIELDS);
    const { error, root } = await loadTree(tree);
    const missing = errorsOf(error).find((d) => d.file === join(root, 'feeds/feed.yaml'));
    expect(missing?.hint).toBe(`its subfolders have feed.yaml files, so it looks like a feeds folder itself: point --feeds at ${join(root, 'feeds')}`);
    const lines = error!.message.split('\n');
    expect(lines.filter((l) => l.includes('warning: ignored'))).toHaveLength(10);
    expect(error!.message).toContain('... and 16 more warnings like "ignored: not feed.yaml and not an item in items/"');
  });
});
