// The hostile test corpus: text written to break feeds, shared by the renderer, Markdown and
// validator-rule tests. `corpusTree()` is the same corpus as a feeds/ folder, to build through the
// CLI (and to run the W3C Feed Validator on, README "Valid feeds").
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export const CONTROL = 'a\u0000b\u0001c\u0008d\u000Be\u000Cf\u001Fg\u007Fh\uFFFEi\uD800j';

/** Hostile plain text, for every text field (title, summary, categories, author) and as a body. */
export const CORPUS: Record<string, string> = {
  control: CONTROL,
  cdata: 'code: x]]>y and again ]]> and <![CDATA[ open',
  script: '<script>alert("x")</script><img src=x onerror=alert(1)>',
  closeTags: '</content></entry></feed></item></channel></rss>',
  entities: '&amp; &lt; &#0; &nbsp; & < > " \' &bogus;',
  long: 'Lång rubrik '.repeat(2000),
  rtl: 'مرحبا بالعالم — שלום עולם \u202Eevil\u202C',
  emoji: '🇸🇪 EU-stöd 🚀 för 👩🏽‍💻 — åäö ÅÄÖ é',
};

/** Hostile Markdown bodies. */
export const HOSTILE_MARKDOWN: [string, string][] = [
  ['CDATA end', 'Text ]]> mer ]]> och `kod ]]>`\n\n```\n]]>\n```\n'],
  ['closing tags of the feed', 'a </content> b </description> c </entry></feed> d </summary>'],
  ['raw closing tags in a block', '</content>\n\n</item></channel></rss>\n'],
  ['script', 'före <script>alert(1)</script> efter\n\n<script>\nalert(2)\n</script>\n'],
  ['script variants', '<SCRIPT SRC=//evil.example/x.js></SCRIPT> <scr<script>ipt>alert(1)</script>'],
  ['event handlers', '<img src="bild.png" onerror="alert(1)"> <div onmouseover=alert(1) ONCLICK="x">hej</div> <svg onload=alert(1)></svg>'],
  ['javascript URLs', '<a href="javascript:alert(1)">a</a> <a href=" JaVaScRiPt:alert(1)">b</a> <a href="java&#x09;script:alert(1)">c</a> [d](javascript:alert(1)) <a href="vbscript:msgbox(1)">e</a>'],
  ['data URLs', '<a href="data:text/html,<script>alert(1)</script>">a</a> [b](data:text/html;base64,PHNjcmlwdD4=) <img src="data:image/svg+xml,<svg onload=alert(1)>"> <iframe src="data:text/html,x"></iframe>'],
  ['active elements', '<iframe src="https://evil.example/"></iframe><object data="x.swf"></object><embed src="x.swf"><form action="/post"><input name=q><button>Skicka</button></form><base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=https://evil.example/"><link rel=stylesheet href=x.css><style>body{display:none}</style>'],
  ['unbalanced tags', '<div><p>öppen <b>fet <i>kursiv</b> slut\n\n</div></div></span>\n\n<table><tr><td>cell'],
  ['control characters', 'noll\u0000 ett\u0001 vt\u000b ff\u000c esc\u001b del\u007f c1\u0085\u009f fffe\uFFFE ffff\uFFFF ensam\uD800 hög\uDC00'],
  ['right-to-left text', 'مرحبا بالعالم \u202Eelbat\u202C שלום עולם [קישור](/he/)'],
  ['emoji and Swedish', '🇸🇪 👩🏽‍💻 😀 åäö ÅÄÖ é ü — ”citat” «guillemets»'],
  ['comments, CDATA, PIs, doctype', '<!DOCTYPE html><!-- en -- kommentar --><![CDATA[ x ]]><?php echo 1; ?><?xml version="1.0"?>text'],
  ['odd attribute and tag names', '<a foo"bar="1" href="/x" 1abc="2" xmlns:evil="urn:x" evil:attr="y">länk</a> <my:tag>x</my:tag> <p/>'],
  ['entities', '&nbsp;&copy;&#0;&#x1F600;&unknown;&amp;amp; <span title="&quot;&lt;&nbsp;">x</span>'],
  ['numeric entities of illegal characters', '&#1; &#x0B; &#xFFFE; &#xD800; &#x85; &#0; <b title="&#1;&#xFFFF;">&#x1F;</b> [x](/a "&#2;")'],
  ['long line', 'ord '.repeat(5000)],
];

/** Bodies for the allowlist: tags typed as text, the HTML kept (media, figures, tables...), iframes. */
export const ALLOWLIST_MARKDOWN: [string, string][] = [
  ['brackets typed as text', 'Skriv <brackets> runt ett ord, eller <Foo bar="1">så</Foo>, och a <b> c utan slut.\n\n<brackets>\n\nmer <em>betoning</em>'],
  ['allowed HTML', [
    '<figure><picture><source srcset="bild.webp" type="image/webp"><img src="bild.jpg" alt="En bild" width="640" height="480"></picture><figcaption>Bild: <cite>Kontoret</cite></figcaption></figure>',
    '',
    '<video controls poster="affisch.jpg" width="640"><source src="film.webm" type="video/webm"><source src="film.mp4" type="video/mp4"><track src="text.vtt" kind="subtitles" srclang="sv" label="Svenska" default></video>',
    '',
    '<audio controls src="ljud.mp3"></audio>',
    '',
    '<details open><summary>Mer</summary><p><abbr title="Europeiska unionen">EU</abbr>, x<sup>2</sup>, H<sub>2</sub>O, <del>gammalt</del> <ins>nytt</ins>, <mark>viktigt</mark>, <kbd>Ctrl</kbd>, <q>citat</q>, <time datetime="2018-11-29">29 nov</time>.</p></details>',
    '',
    '<table><caption>Budget</caption><thead><tr><th scope="col">År</th><th>MEUR</th></tr></thead><tbody><tr><td>2021</td><td>10</td></tr></tbody></table>',
    '',
    '| vänster | höger |',
    '|:--|--:|',
    '| a | 1 |',
    '',
    '<dl><dt>Term</dt><dd>Förklaring</dd></dl> <ol start="3" reversed><li>tre</li></ol>',
    '',
    '```js',
    'const a = "<b>";',
    '```',
    '',
    '<h2 id="x" class="y" style="color:red">Rubrik</h2><span style="text-align:center" class="language-x">s</span>',
  ].join('\n')],
  ['iframes', '<iframe src="https://www.youtube-nocookie.com/embed/abc" width="560" height="315" allowfullscreen></iframe>\n\n<iframe src="https://evil.example/">fallback</iframe>\n\nefter'],
];

/** Links that are IRIs (an IDN host, a non-ASCII path and query), which RSS must write as URIs. */
export const IRI = {
  site: 'https://www.exämple.se/',
  image: 'https://www.exämple.se/bilder/logga-å.png',
  page: 'https://www.exämple.se/nyheter/möte-i-bryssel/?fråga=ja#del',
  pageUri: 'https://www.xn--exmple-cua.se/nyheter/m%C3%B6te-i-bryssel/?fr%C3%A5ga=ja#del',
  permalink: 'https://bücher.example/ärende/2',
  permalinkUri: 'https://xn--bcher-kva.example/%C3%A4rende/2',
  odd: 'https://example.org/a|b[1]{2}^`/ö',
};

const q = (s: string) => JSON.stringify(s); // a JSON string is a YAML double-quoted scalar

function itemFile(fields: Record<string, string>, body: string): string {
  const lines = Object.entries(fields).map(([k, v]) => `${k}:${v.startsWith('\n') ? '' : ' '}${v}`);
  return `---\n${lines.join('\n')}\n---\n${body}\n`;
}

/**
 * The corpus as a feeds/ folder with one feed, `hostile`: hostile text in the feed's own fields, one
 * item per CORPUS entry (in every text field and as the body), one per Markdown body, and
 * items linking IRIs. Build it with an `idAuthority` (its link host is an IDN). An `id:` the author
 * wrote as an IRI is kept as written (ids never change) and warned about, so it is not here.
 */
export function corpusTree(): Record<string, string> {
  const tree: Record<string, string> = {
    'hostile/feed.yaml': [
      `title: ${q(CORPUS.cdata!)}`,
      `description: ${q(`${CONTROL} ${CORPUS.script} & </p> R&D`)}`,
      `link: ${IRI.site}`,
      'language: sv',
      `image: ${IRI.image}`,
      `copyright: ${q('© <b>Kontoret</b> & co')}`,
      'author:',
      `  name: ${q(CORPUS.rtl!)}`,
      `  uri: ${IRI.site}om-oss/`,
      `categories: [${q(CORPUS.entities!)}]`,
      '',
    ].join('\n'),
  };
  let day = 0;
  const add = (slug: string, fields: Record<string, string>, body: string) => {
    const date = new Date(Date.UTC(2020, 0, 1) + day++ * 86_400_000).toISOString().replace('.000Z', '+00:00');
    tree[`hostile/items/${date.slice(0, 10)}-${slug}.md`] = itemFile({ date, ...fields }, body);
  };
  for (const [name, text] of Object.entries(CORPUS)) {
    const slug = `text-${name.toLowerCase()}`;
    add(slug, { title: q(text), link: `https://example.org/news/${slug}`, summary: q(text), categories: `[${q(text)}]`, author: `\n  name: ${q(text)}` }, text);
  }
  [...HOSTILE_MARKDOWN, ...ALLOWLIST_MARKDOWN].forEach(([name, body], n) =>
    add(`md-${n}`, { title: q(name), link: `https://example.org/news/md-${n}/` }, body));
  const iri = (slug: string, fields: Record<string, string>) =>
    add(slug, { title: q(`IRI ${slug}`), ...fields }, `Se [sidan](${IRI.page}) och <${IRI.permalink}>.`);
  iri('iri-link', { link: IRI.page });
  iri('uri-id', { link: IRI.permalink, id: IRI.permalinkUri });
  iri('odd-characters', { link: IRI.odd });
  return tree;
}

/** Writes `tree` below `root` (a feeds folder). */
export async function writeTree(root: string, tree: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(tree)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
}
