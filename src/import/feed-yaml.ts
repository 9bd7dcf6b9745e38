// feed.yaml for a feed that does not exist yet, from the source's channel. --author and
// --language fill in what the channel lacks (RSS has no channel author; JSON Feed 1.0 has no
// language); a required field still missing is named with the way to provide it.
import { cleanText } from '../content/clean.js';
import { checkEmail, checkHttpUrl, checkLanguage } from '../content/values.js';
import type { Author } from '../core/types.js';
import { feedYamlText, type FeedFields } from './item-text.js';
import type { SourceChannel } from './source.js';

export interface FeedYamlOptions {
  /** --author NAME */
  author?: string;
  /** --language LANG */
  language?: string;
  /** Where the channel came from, for the comment in the file. */
  from: string;
  /** `feeds/<id>/feed.yaml`, for messages. */
  file: string;
}

export type FeedYamlResult =
  | { ok: true; text: string; fields: FeedFields; notes: string[] }
  | { ok: false; problems: string[] };

const clean = (t: string | undefined): string | undefined => {
  const c = t === undefined ? undefined : cleanText(t).trim();
  return c === '' ? undefined : c;
};

export function makeFeedYaml(channel: SourceChannel, o: FeedYamlOptions): FeedYamlResult {
  const problems: string[] = [];
  const notes: string[] = [];
  const byHand = `write ${o.file} yourself (title, description, link, language, author; see docs/content.md), then import again`;

  const title = clean(channel.title);
  if (!title) problems.push(`the source has no feed title: ${byHand}`);
  // A description is required; a feed without one is described by its title.
  const description = clean(channel.description) ?? title;

  let link: string | undefined;
  const channelLink = clean(channel.link);
  if (!channelLink) problems.push(`the source has no link to its site: ${byHand}`);
  else {
    const checked = checkHttpUrl(channelLink);
    if (checked.ok) link = checked.value;
    else problems.push(`the source's site link is not usable (${checked.message}): ${byHand}`);
  }

  let language: string | undefined;
  const channelLanguage = clean(channel.language);
  const fromChannel = channelLanguage ? checkLanguage(channelLanguage) : undefined;
  const fromFlag = o.language ? checkLanguage(o.language) : undefined;
  if (fromChannel?.ok) {
    language = fromChannel.value;
    if (fromFlag?.ok && fromFlag.value !== language) {
      notes.push(`feed.yaml: language ${language} from the source; --language ${o.language} fills in only what the source lacks`);
    }
  } else if (fromFlag?.ok) {
    language = fromFlag.value;
  } else if (fromFlag) {
    problems.push(`--language ${fromFlag.message}; ${fromFlag.hint}`);
  } else {
    problems.push(channelLanguage
      ? `the source's language "${channelLanguage}" is not a BCP 47 language tag: pass --language LANG (e.g. --language sv) for feed.yaml`
      : 'the source names no language: pass --language LANG (e.g. --language sv) for feed.yaml');
  }

  let author: Author | undefined;
  const name = clean(channel.author?.name) ?? clean(channel.author?.email);
  if (name) {
    author = { name };
    const email = clean(channel.author?.email);
    const uri = clean(channel.author?.uri);
    if (email && checkEmail(email).ok) author.email = email;
    if (uri && checkHttpUrl(uri).ok) author.uri = uri;
    if (o.author && o.author.trim() !== name) notes.push(`feed.yaml: author "${name}" from the source; --author fills in only what the source lacks`);
  } else if (o.author && o.author.trim() !== '') {
    author = { name: cleanText(o.author).trim() };
  } else {
    problems.push('the source names no feed author: pass --author NAME for feed.yaml');
  }

  if (problems.length || !title || !description || !link || !language || !author) return { ok: false, problems };
  const fields: FeedFields = { title, description, link, language, author, categories: [...new Set(channel.categories.map((c) => clean(c)).filter((c): c is string => !!c))] };
  const id = clean(channel.id);
  if (id) fields.id = id;
  const image = clean(channel.image);
  if (image && checkHttpUrl(image).ok) fields.image = image;
  const copyright = clean(channel.copyright);
  if (copyright) fields.copyright = copyright;
  return { ok: true, text: feedYamlText(fields, o.from), fields, notes };
}
