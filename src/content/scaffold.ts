// The text of new content files (`feedwatch init`, `feedwatch new`): YAML that the loader reads
// back as written (tests/content/scaffold.test.ts), with values always double-quoted.
import { cleanText } from './clean.js';

/** A YAML double-quoted string: JSON's escapes are YAML's, plus the two line separators JSON leaves raw. */
export function yamlString(value: string): string {
  return JSON.stringify(cleanText(value)).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** `2026-05-01T08:00:00+02:00`: the time in this machine's time zone, with its offset. */
export function localDateTime(date: Date): string {
  const pad = (n: number) => String(Math.trunc(Math.abs(n))).padStart(2, '0');
  const offset = -date.getTimezoneOffset();
  const zone = `${offset < 0 ? '-' : '+'}${pad(offset / 60)}:${pad(offset % 60)}`;
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}${zone}`;
}

export interface NewFeed {
  title: string;
  description: string;
  link: string;
  language: string;
  author: string;
}

export function feedYamlText(feed: NewFeed): string {
  return [
    '# The feed. Every field: docs/content.md, "feed.yaml".',
    `title: ${yamlString(feed.title)}`,
    `description: ${yamlString(feed.description)}`,
    `link: ${yamlString(feed.link)}`,
    `language: ${yamlString(feed.language)}`,
    `author: ${yamlString(feed.author)}`,
    '',
  ].join('\n');
}

export interface NewItem {
  title: string;
  /** As written into `date:`, e.g. `2026-05-01T08:00:00+02:00`. */
  date: string;
  link: string;
  draft: boolean;
}

export function itemText(item: NewItem): string {
  return [
    '---',
    `title: ${yamlString(item.title)}`,
    `date: ${item.date}`,
    `link: ${yamlString(item.link)}`,
    ...(item.draft ? ['draft: true'] : []),
    '---',
    '',
  ].join('\n');
}
