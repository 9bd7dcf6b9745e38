// Shared test helpers: feeds built in code, and strict parsers that prove the output well-formed.
import { SaxesParser } from 'saxes';
import type { Feed, FeedMeta, Item } from '../../src/core/types.js';

export function makeMeta(overrides: Partial<FeedMeta> = {}): FeedMeta {
  return {
    id: 'news',
    title: 'News',
    description: 'What happened',
    link: 'https://example.org/',
    language: 'sv',
    author: { name: 'Kontoret', email: 'info@example.org' },
    categories: [],
    file: 'feeds/news/feed.yaml',
    ...overrides,
  };
}

export function makeItem(n: number, overrides: Partial<Item> = {}): Item {
  const date = new Date(Date.UTC(2020, 0, 1) + n * 86_400_000);
  return {
    feedId: 'news',
    id: `tag:example.org,2020:news/item-${n}`,
    slug: `item-${n}`,
    file: `feeds/news/items/item-${n}.md`,
    title: `Item ${n}`,
    date,
    updated: date,
    link: `https://example.org/items/${n}`,
    categories: [],
    sources: [],
    markdown: `Body ${n}`,
    html: `<p>Body ${n}</p>`,
    ...overrides,
  };
}

export function makeFeed(items: Item[], meta: Partial<FeedMeta> = {}): Feed {
  return { meta: makeMeta(meta), items: [...items].sort((a, b) => b.date.getTime() - a.date.getTime() || (a.id < b.id ? -1 : 1)) };
}

export interface XmlNode {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  text: string;
}

/** Parses with a strict, namespace-aware XML parser; throws on anything not well-formed. */
export function parseXmlStrict(text: string): XmlNode {
  const parser = new SaxesParser({ xmlns: true });
  const root: XmlNode = { name: '#document', attributes: {}, children: [], text: '' };
  const stack: XmlNode[] = [root];
  let error: Error | undefined;
  parser.on('error', (e) => {
    error ??= e;
  });
  parser.on('opentag', (tag) => {
    const attributes: Record<string, string> = {};
    for (const [name, attr] of Object.entries(tag.attributes)) attributes[name] = typeof attr === 'string' ? attr : attr.value;
    const node: XmlNode = { name: tag.name, attributes, children: [], text: '' };
    stack.at(-1)!.children.push(node);
    stack.push(node);
  });
  parser.on('closetag', () => void stack.pop());
  parser.on('text', (t) => void (stack.at(-1)!.text += t));
  parser.on('cdata', (t) => void (stack.at(-1)!.text += t));
  parser.write(text).close();
  if (error) throw error;
  return root.children[0]!;
}

export function child(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((c) => c.name === name);
}

export function children(node: XmlNode, name: string): XmlNode[] {
  return node.children.filter((c) => c.name === name);
}
