// The content contract (docs/content.md): which fields feed.yaml and item front matter have.
import { date, email, id, language, listOf, object, text, url, type Schema } from './schema.js';

const AUTHOR: Schema = {
  name: { required: true, type: text },
  email: { type: email },
  uri: { type: url },
};

export const FEED_SCHEMA: Schema = {
  title: { required: true, type: text },
  description: { required: true, type: text },
  link: { required: true, type: url },
  language: { required: true, type: language },
  author: { required: true, type: object(AUTHOR) },
  id: { type: id },
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
  author: { type: object(AUTHOR) },
  sources: { type: listOf(url) },
};
