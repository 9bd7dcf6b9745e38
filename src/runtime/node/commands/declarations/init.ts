// `feedwatch init` as the command line knows it: its options, arguments and help text. Its code,
// ../init.ts, is imported only when it runs, so help and argument checks load nothing heavy.
import { lazyRun, type Command } from '../command.js';

/** Where `serve` and `start` listen by default: a site that works on this machine at once. */
export const LOCAL_BASE_URL = 'http://localhost:8787/';

export const initCommand: Command = {
  name: 'init',
  summary: 'Start a site: feeds/<id>/feed.yaml, feedwatch.config.json and .gitignore lines.',
  details: [
    'Writes, in DIR (default: here):',
    '  feeds/<id>/feed.yaml        the feed (title, description, link, language, author)',
    '  feedwatch.config.json       idAuthority (the link\'s host and this year: every derived id is',
    '                              made from it, so it never changes) and baseUrl',
    '  .gitignore                  public/ and .feedwatch/, added to an existing file',
    'Everything is checked before anything is written; an existing feed.yaml or config file is exit 2',
    'and nothing is written. Without --description the feed\'s description is its title.',
    'Then: feedwatch new <id> "<title>" to write an item, feedwatch build to build the feeds.',
  ].join('\n'),
  options: [
    { flag: 'feed', type: 'string', kind: 'feed-id', description: 'The feed id: its folder and part of every URL and id (required).' },
    { flag: 'title', type: 'string', kind: 'text', description: 'The feed\'s title (required).' },
    { flag: 'link', type: 'string', kind: 'url', description: 'The site\'s home page (required).' },
    { flag: 'language', type: 'string', kind: 'text', valueName: 'LANG', description: 'Language tag, e.g. sv, en, sv-SE (required).' },
    { flag: 'author', type: 'string', kind: 'text', valueName: 'NAME', description: 'The feed\'s author, a name (required).' },
    { flag: 'description', type: 'string', kind: 'text', description: 'One or two sentences about the feed (default: the title).' },
    { flag: 'base-url', type: 'string', kind: 'url', description: `Public URL where the built site is served (default ${LOCAL_BASE_URL}: this machine).` },
  ],
  positionals: [{ name: 'dir', kind: 'path', description: 'Folder of the new site (default: here); made when missing.' }],
  run: lazyRun(() => import('../init.js')),
};
