// Feeds to import, as the sites that publish them write them: a WordPress RSS feed paged with
// ?paged=N, an Atom feed archived in RFC 5005 pages, JSON Feed 1.0 and 1.1. Each is served by a
// real local HTTP server (tests/links/servers.ts) whose routes a test may change.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startServer, type TestServer } from '../links/servers.js';

export interface FeedServer extends TestServer {
  routes: Map<string, { type: string; body: string } | number>;
}

export async function feedServer(host: string): Promise<FeedServer> {
  const routes = new Map<string, { type: string; body: string } | number>();
  const server = await startServer(host, (req: IncomingMessage, res: ServerResponse) => {
    const route = routes.get(req.url ?? '/');
    if (route === undefined) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    if (typeof route === 'number') return void res.writeHead(route, { 'content-type': 'text/plain' }).end(`status ${route}`);
    res.writeHead(200, { 'content-type': route.type });
    res.end(route.body);
  });
  return Object.assign(server, { routes });
}

export const RSS = 'application/rss+xml; charset=UTF-8';
export const ATOM = 'application/atom+xml; charset=utf-8';
export const JSON_FEED = 'application/feed+json';

// ---- WordPress RSS ------------------------------------------------------------------------------

export interface WpItem {
  title?: string;
  link?: string;
  guid?: string;
  permaLink?: boolean;
  pubDate?: string;
  creator?: string;
  categories?: string[];
  description?: string;
  content?: string;
}

function wpItem(i: WpItem): string {
  return [
    '\t<item>',
    i.title !== undefined ? `\t\t<title>${i.title}</title>` : '',
    i.link !== undefined ? `\t\t<link>${i.link}</link>` : '',
    i.link !== undefined ? `\t\t<comments>${i.link}#respond</comments>` : '',
    i.creator !== undefined ? `\t\t<dc:creator><![CDATA[${i.creator}]]></dc:creator>` : '',
    i.pubDate !== undefined ? `\t\t<pubDate>${i.pubDate}</pubDate>` : '',
    ...(i.categories ?? []).map((c) => `\t\t<category><![CDATA[${c}]]></category>`),
    i.guid !== undefined ? `\t\t<guid isPermaLink="${i.permaLink ?? false}">${i.guid}</guid>` : '',
    i.description !== undefined ? `\t\t<description><![CDATA[${i.description}]]></description>` : '',
    i.content !== undefined ? `\t\t<content:encoded><![CDATA[${i.content}]]></content:encoded>` : '',
    '\t\t<wfw:commentRss>https://example.org/feed/comments</wfw:commentRss>',
    '\t\t<slash:comments>0</slash:comments>',
    '\t</item>',
  ].filter((l) => l !== '').join('\n');
}

/** An RSS document the way WordPress 6 writes /feed/ (no channel author; items in CDATA). */
export function wpFeed(items: WpItem[], o: { self: string; language?: string } = { self: 'https://example.org/feed/' }): string {
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:atom="http://www.w3.org/2005/Atom"
	xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
	xmlns:slash="http://purl.org/rss/1.0/modules/slash/"
	>

<channel>
	<title>Regionkontoret</title>
	<atom:link href="${o.self}" rel="self" type="application/rss+xml" />
	<link>https://example.org</link>
	<description>Nyheter fr&#229;n kontoret i Bryssel</description>
	<lastBuildDate>Mon, 02 Dec 2024 10:00:00 +0000</lastBuildDate>
	<language>${o.language ?? 'sv-SE'}</language>
	<sy:updatePeriod>hourly</sy:updatePeriod>
	<sy:updateFrequency>1</sy:updateFrequency>
	<generator>https://wordpress.org/?v=6.7.1</generator>
${items.map(wpItem).join('\n')}
</channel>
</rss>
`;
}

export const TABLE_HTML =
  '<figure class="wp-block-table"><table class="has-fixed-layout"><thead><tr><th>Land</th><th class="has-text-align-right" data-align="right">Hubbar</th></tr></thead>' +
  '<tbody><tr><td>Sverige</td><td class="has-text-align-right" data-align="right">2</td></tr><tr><td>Nederl&auml;nderna</td><td class="has-text-align-right" data-align="right">30</td></tr></tbody></table></figure>';

/** Two pages of posts and an empty third, like WordPress's /feed/?paged=N. */
export function wpPages(): { page1: WpItem[]; page2: WpItem[] } {
  return {
    page1: [
      {
        title: 'Hej p&#229; er: v&#229;r f&#246;rsta nyhet',
        link: 'https://example.org/2024/12/02/hej-pa-er/',
        guid: 'https://example.org/?p=101',
        pubDate: 'Mon, 02 Dec 2024 09:00:00 +0100',
        creator: 'Anna Andersson',
        categories: ['EU', 'Regional utveckling'],
        description: 'Kontoret &#246;ppnar. [&hellip;]'.replace('&hellip;', '&#8230;'),
        content: `<p class="wp-block-paragraph">Kontoret <strong>&ouml;ppnar</strong> i Bryssel, se <a href="https://ec.europa.eu/regional_policy/" rel="noopener">EU:s regionalpolitik</a>.</p>\n${TABLE_HTML}\n<p>Slut.</p>`,
      },
      {
        title: '&#8220;Citat&#8221; &amp; mer',
        link: 'https://example.org/2024/11/28/citat/',
        guid: 'wp-102@example.org',
        pubDate: 'Thu, 28 Nov 2024 15:30:00 +0000',
        creator: 'Bo Berg',
        categories: ['EU'],
        content: '<figure class="wp-block-image"><img src="https://example.org/wp-content/uploads/karta.png" alt="Karta" width="800" height="600" /><figcaption>Kartan &ouml;ver regionerna</figcaption></figure>\n<p>H<sub>2</sub>O och m<sup>2</sup>.</p>',
      },
      {
        title: 'Datum saknas',
        link: 'https://example.org/2024/11/27/datum/',
        guid: 'https://example.org/?p=103',
        pubDate: 'yesterday',
        content: '<p>Text.</p>',
      },
    ],
    page2: [
      {
        title: '&#214;kad sj&#246;fart i &#216;resund',
        link: 'https://example.org/2024/11/20/%C3%B6kad-sj%C3%B6fart/',
        guid: '12345',
        pubDate: 'Wed, 20 Nov 2024 08:00:00 GMT',
        creator: 'Anna Andersson',
        categories: ['Transport'],
        content: '<p>F&auml;rjor och <em>hamnar</em>.</p><ul><li>Ett</li><li>Tv&aring;</li></ul>',
      },
      {
        title: 'FTP-l&#228;nk',
        link: 'ftp://example.org/file.txt',
        guid: 'https://example.org/?p=105',
        pubDate: 'Tue, 19 Nov 2024 08:00:00 GMT',
        content: '<p>Fil.</p>',
      },
      { guid: 'https://example.org/?p=106', pubDate: 'Mon, 18 Nov 2024 08:00:00 GMT' },
    ],
  };
}

// ---- Atom with RFC 5005 archives ----------------------------------------------------------------

export interface AtomEntry {
  id: string;
  title: string;
  href: string;
  published: string;
  updated: string;
  content: string;
  categories?: string[];
}

export function atomEntry(n: number, extra: Partial<AtomEntry> = {}): AtomEntry {
  const day = String(n).padStart(2, '0');
  return {
    id: `tag:example.org,2005:entry-${n}`,
    title: `Entry ${n}`,
    href: `posts/${n}.html`,
    published: `2005-07-${day}T12:00:00+02:00`,
    updated: `2005-07-${day}T12:00:00+02:00`,
    content: `<content type="html">&lt;p&gt;Text ${n}&lt;/p&gt;</content>`,
    categories: [`cat-${n % 2}`],
    ...extra,
  };
}

export function atomDoc(o: { id: string; entries: AtomEntry[]; prevArchive?: string; archive?: boolean; lang?: string }): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:fh="http://purl.org/syndication/history/1.0" xml:lang="${o.lang ?? 'en'}" xml:base="https://news.example.org/">
  <id>${o.id}</id>
  <title>Archived News</title>
  <subtitle type="html">News &amp;lt;b&amp;gt;from&amp;lt;/b&amp;gt; the archive</subtitle>
  <updated>2005-07-31T12:00:00Z</updated>
  <author><name>Newsroom</name><email>news@example.org</email></author>
  <link rel="alternate" type="text/html" href="/"/>
  ${o.prevArchive ? `<link rel="prev-archive" href="${o.prevArchive}"/>` : ''}
  ${o.archive ? '<fh:archive/>' : ''}
${o.entries
  .map(
    (e) => `  <entry>
    <id>${e.id}</id>
    <title type="text">${e.title}</title>
    <link rel="alternate" type="text/html" href="${e.href}"/>
    <published>${e.published}</published>
    <updated>${e.updated}</updated>
${(e.categories ?? []).map((c) => `    <category term="${c}"/>`).join('\n')}
    ${e.content}
  </entry>`,
  )
  .join('\n')}
</feed>
`;
}

// ---- JSON Feed ----------------------------------------------------------------------------------

export function jsonFeed10(): unknown {
  return {
    version: 'https://jsonfeed.org/version/1',
    title: 'Mikroblogg',
    home_page_url: 'https://micro.example.org/',
    feed_url: 'https://micro.example.org/feed.json',
    description: 'Korta inlägg',
    author: { name: 'Cecilia Ceder', url: 'https://micro.example.org/about' },
    items: [
      {
        id: 42,
        url: 'https://micro.example.org/2024/01/05/forsta',
        title: 'Första',
        content_html: '<p>Hej <a href="https://example.com/source">källa</a>.</p>',
        summary: 'Ett första inlägg.',
        date_published: '2024-01-05T10:00:00+01:00',
        date_modified: '2024-01-06T10:00:00+01:00',
        tags: ['Ett', 'Två'],
        external_url: 'https://example.com/source',
        attachments: [{ url: 'https://micro.example.org/a.mp3', mime_type: 'audio/mpeg' }],
      },
      {
        id: 'https://micro.example.org/2024/01/04/utan-titel',
        url: 'https://micro.example.org/2024/01/04/utan-titel',
        content_text: 'Ett inlägg utan titel, skrivet som ren text med <vinkelparenteser> och *stjärnor*.',
        date_published: '2024-01-04T10:00:00Z',
      },
    ],
  };
}

export function jsonFeed11(nextUrl?: string, items?: unknown[]): unknown {
  return {
    version: 'https://jsonfeed.org/version/1.1',
    title: 'Office News',
    home_page_url: 'https://office.example.org/',
    language: 'en-GB',
    authors: [{ name: 'The Office' }],
    ...(nextUrl ? { next_url: nextUrl } : {}),
    items: items ?? [
      {
        id: 'urn:uuid:5b1f-1',
        url: 'https://office.example.org/posts/one',
        title: 'One',
        content_html: '<p>One.</p>',
        date_published: '2024-03-02T09:00:00Z',
        authors: [{ name: 'Dana Dahl', url: 'mailto:dana@example.org' }],
        tags: ['A'],
      },
    ],
  };
}
