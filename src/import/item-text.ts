// Writes item files and feed.yaml in the documented format (docs/content.md), with YAML that the
// project's own loader reads back exactly: every text is a double-quoted JSON string (a valid YAML
// double-quoted scalar: quotes, colons, `#`, leading indicators, numbers and `true` stay text),
// dates are plain ISO 8601, and URLs are plain only when nothing in them could mean YAML.
import type { Author } from '../core/types.js';

export interface ItemFields {
  title: string;
  /** ISO 8601 with offset, as it will be written. */
  date: string;
  updated?: string;
  link: string;
  id: string;
  summary?: string;
  categories: string[];
  author?: Author;
  sources: string[];
}

export interface FeedFields {
  title: string;
  description: string;
  link: string;
  language: string;
  author: Author;
  id?: string;
  image?: string;
  copyright?: string;
  categories: string[];
}

export const quote = (text: string): string => JSON.stringify(text);

/** A URL needs no quotes when it holds only these characters and does not end with `:`. */
const PLAIN_URL = /^https?:\/\/[A-Za-z0-9\-._~/?%=&+;@!$()*,:]*[A-Za-z0-9\-._~/?%=&+;@!$()*,]$|^https?:\/\/$/;

export function urlValue(url: string): string {
  return PLAIN_URL.test(url) ? url : quote(url);
}

function list(values: readonly string[], item: (v: string) => string): string {
  return `[${values.map(item).join(', ')}]`;
}

function authorLines(author: Author): string {
  let out = `author:\n  name: ${quote(author.name)}\n`;
  if (author.email) out += `  email: ${quote(author.email)}\n`;
  if (author.uri) out += `  uri: ${urlValue(author.uri)}\n`;
  return out;
}

export function itemFileText(f: ItemFields, markdown: string): string {
  let out = '---\n';
  out += `title: ${quote(f.title)}\n`;
  out += `date: ${f.date}\n`;
  if (f.updated) out += `updated: ${f.updated}\n`;
  out += `link: ${urlValue(f.link)}\n`;
  out += `id: ${quote(f.id)}\n`;
  if (f.summary) out += `summary: ${quote(f.summary)}\n`;
  if (f.categories.length) out += `categories: ${list(f.categories, quote)}\n`;
  if (f.author) out += authorLines(f.author);
  if (f.sources.length) out += `sources: ${list(f.sources, quote)}\n`;
  out += '---\n';
  return markdown === '' ? out : `${out}${markdown}\n`;
}

export function feedYamlText(f: FeedFields, from: string): string {
  // One line: a comment cannot hold a line break.
  let out = `# Made by \`feedwatch import\` from ${from.replace(/[\r\n]+/g, ' ')}. Fields: docs/content.md.\n`;
  out += `title: ${quote(f.title)}\n`;
  out += `description: ${quote(f.description)}\n`;
  out += `link: ${urlValue(f.link)}\n`;
  out += `language: ${f.language}\n`;
  out += authorLines(f.author);
  if (f.id) out += `id: ${quote(f.id)}\n`;
  if (f.image) out += `image: ${urlValue(f.image)}\n`;
  if (f.copyright) out += `copyright: ${quote(f.copyright)}\n`;
  if (f.categories.length) out += `categories: ${list(f.categories, quote)}\n`;
  return out;
}
