// The human page: every feed with its items and subscribe links, plus `<link rel="alternate">`
// autodiscovery for each feed's three formats. Self-contained (inline CSS, no scripts, no
// external requests); every string escaped; links relative, so the page works wherever it is served.
// It always links the OPML list and the link-health report (health/report.html, which links back).
import { escapeHtml as html } from '../core/text.js';
import type { Feed } from '../core/types.js';
import { FORMATS, MEDIA_TYPES, type FeedFormat } from './document.js';
import { feedPath } from './urls.js';

const FORMAT_LABELS: Record<FeedFormat, string> = { rss: 'RSS', atom: 'Atom', json: 'JSON Feed' };

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222;background:#fff}
h1{font-size:1.6rem}h2{font-size:1.3rem;margin-top:2.5rem}a{color:#0645ad}
.subscribe a,.site a{margin-right:.75rem}ol{padding-left:1.2rem}li{margin:.4rem 0}time{color:#555;font-size:.9em;margin-right:.5rem}
@media (prefers-color-scheme:dark){body{color:#ddd;background:#111}a{color:#8ab4f8}time{color:#aaa}}`;

/** Date shown to people: the publication day in UTC, the same for every build. */
function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** `feeds` are the main documents' items per feed (newest first), as published. */
export function renderIndexHtml(feeds: readonly Feed[]): string {
  const discovery = feeds.flatMap((feed) =>
    FORMATS.map(
      (f) => `<link rel="alternate" type="${MEDIA_TYPES[f]}" title="${html(`${feed.meta.title} (${FORMAT_LABELS[f]})`)}" href="${html(feedPath(feed.meta.id, f))}">`,
    ),
  );
  const sections = feeds.map((feed) => {
    const { meta } = feed;
    const subscribe = FORMATS.map((f) => `<a href="${html(feedPath(meta.id, f))}" type="${MEDIA_TYPES[f]}">${FORMAT_LABELS[f]}</a>`).join(' ');
    const items = feed.items.map(
      (item) =>
        `<li><time datetime="${html(item.date.toISOString())}">${day(item.date)}</time><a href="${html(item.link)}" dir="auto">${html(item.title)}</a>` +
        (item.summary ? `<br><span dir="auto">${html(item.summary)}</span>` : '') +
        '</li>',
    );
    return [
      `<section lang="${html(meta.language)}">`,
      `<h2 dir="auto"><a href="${html(meta.link)}">${html(meta.title)}</a></h2>`,
      meta.description ? `<p dir="auto">${html(meta.description)}</p>` : '',
      `<p class="subscribe" lang="en">Subscribe: ${subscribe}</p>`,
      items.length ? `<ol>\n${items.join('\n')}\n</ol>` : '<p lang="en">No items yet.</p>',
      '</section>',
    ]
      .filter(Boolean)
      .join('\n');
  });
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>Feeds</title>',
    ...discovery,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<h1>Feeds</h1>',
    '<p class="site"><a href="health/report.html">Link health report</a> <a href="feeds.opml" type="text/x-opml">All feeds (OPML)</a></p>',
    feeds.length ? '' : '<p>No feeds yet: add a folder to feeds/ and build again.</p>',
    ...sections,
    '</body>',
    '</html>',
    '',
  ]
    .filter((line, i, all) => line !== '' || i === all.length - 1)
    .join('\n');
}
