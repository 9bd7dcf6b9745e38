// The content contract (docs/content.md): which fields feed.yaml and item front matter have.
import { boolean, date, email, id, language, listOf, object, text, url, type Schema } from './schema.js';

const AUTHOR_FIELDS: Schema = {
  name: { required: true, type: text },
  email: { type: email },
  uri: { type: url },
};
/** `author: "Name"` is shorthand for `author: {name: "Name"}`, as jekyll-feed and Hugo accept it. */
const AUTHOR = object(AUTHOR_FIELDS, 'name');

export const FEED_SCHEMA: Schema = {
  title: { required: true, type: text },
  description: { required: true, type: text },
  link: { required: true, type: url },
  language: { required: true, type: language },
  author: { required: true, type: AUTHOR },
  id: { type: id },
  idAuthority: { type: text },
  image: { type: url },
  copyright: { type: text },
  categories: { type: listOf(text) },
};

export const ITEM_SCHEMA: Schema = {
  title: { required: true, type: text },
  date: { required: true, type: date },
  link: { required: true, type: url },
  id: { type: id },
  updated: { type: date },
  summary: { type: text },
  categories: { type: listOf(text) },
  author: { type: AUTHOR },
  sources: { type: listOf(url) },
  draft: { type: boolean },
};
