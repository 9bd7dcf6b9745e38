// Raw HTML in Markdown, cleaned by allowlist: what is kept, removed, unwrapped or shown as text,
// iframes by host, and the fast path that never calls the sanitizer for Markdown without raw HTML.
import { load } from 'cheerio/slim';
import { SaxesParser } from 'saxes';
import { describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import { BOOLEAN_ATTRIBUTES, DROPPED_ELEMENTS, KEPT_ELEMENTS, UNWRAPPED_ELEMENTS } from '../../src/content/html-allowlist.js';
import { renderMarkdown } from '../../src/content/markdown.js';
import { createSanitizer, sanitizeHtml } from '../../src/content/sanitize.js';
import { ACCEPTABLE_ELEMENTS, HTML_TAGS } from '../feeds/w3c-validator.js';

const BASE = new URL('https://www.sbhss.eu/sv/nyheter/en-nyhet/');
const clean = (html: string) => sanitizeHtml(html, BASE);

function assertWellFormedXml(html: string): void {
  const parser = new SaxesParser();
  parser.on('error', (e) => {
    throw e;
  });
  parser.write(`<root>${html}</root>`).close();
}

describe('the allowlist', () => {
  it('keeps only elements the W3C validator accepts (iframe aside, and only by host)', () => {
    for (const name of Object.keys(KEPT_ELEMENTS)) expect(ACCEPTABLE_ELEMENTS.has(name), name).toBe(true);
    for (const name of [...DROPPED_ELEMENTS, ...UNWRAPPED_ELEMENTS]) expect(name in KEPT_ELEMENTS, name).toBe(false);
  });

  it('keeps every kept element with its attributes, URLs made absolute, and well-formed as XML', () => {
    for (const [name, attributes] of Object.entries(KEPT_ELEMENTS)) {
      const attrs = attributes.filter((a) => a !== 'style' && a !== 'class');
      const values = attrs.map((a) => (BOOLEAN_ATTRIBUTES.includes(a) ? a : `${a}="v"`)).join(' ');
      const html = clean(`<${name} ${values} id="i" title="t" lang="sv" dir="ltr">x</${name}>`);
      assertWellFormedXml(html);
      const el = load(html, null, false)(name)[0] as unknown as { attribs: Record<string, string> } | undefined;
      expect(el, name).toBeDefined();
      expect(Object.keys(el!.attribs).sort(), name).toEqual([...attrs, 'id', 'title', 'lang', 'dir'].sort());
    }
  });

  it('writes void elements as <x /> and boolean attributes as name=""', () => {
    expect(clean('<video controls muted loop playsinline src="v.mp4"><source src="v.webm" type="video/webm"><track src="t.vtt" default></video>')).toBe(
      '<video controls="" muted="" loop="" playsinline="" src="https://www.sbhss.eu/sv/nyheter/en-nyhet/v.mp4">' +
        '<source src="https://www.sbhss.eu/sv/nyheter/en-nyhet/v.webm" type="video/webm" />' +
        '<track src="https://www.sbhss.eu/sv/nyheter/en-nyhet/t.vtt" default="" /></video>',
    );
    expect(clean('a<br>b<wbr>c<hr><img src="/i.png" alt>')).toBe('a<br />b<wbr />c<hr /><img src="https://www.sbhss.eu/i.png" alt="" />');
    expect(clean('<p title>x</p>')).toBe('<p>x</p>'); // an empty non-boolean attribute goes
  });

  it('removes scripts, styles, forms, frames and plugins with their content, and unwraps other known tags', () => {
    expect(clean('a<script>alert(1)</script>b<style>p{}</style>c<noscript>n</noscript>d<template>t</template>e')).toBe('abcde');
    expect(clean('<form action="/x"><label>Namn <input name="n"></label><button>Skicka</button><select><option>1</option></select><textarea>t</textarea></form>'))
      .toBe('Namn ');
    expect(clean('<object data="x.swf"><param name="a"><embed src="x.swf"></object><svg><circle/></svg><math><mi>x</mi></math>ok')).toBe('ok');
    expect(clean('<center><font color="red">röd</font></center> <nav><main>sida</main></nav> <marquee>rullar</marquee>')).toBe('röd sida rullar');
  });

  it('keeps the text around a removed element (sanitize-html escape mode would lose it)', () => {
    expect(clean('<p>före <script>x</script> efter <brackets>y</brackets> <label><b>in</b></label> slut</p>'))
      .toBe('<p>före  efter &lt;brackets&gt;y&lt;/brackets&gt; <b>in</b> slut</p>');
  });

  it('shows tags HTML does not know as the text they were typed as', () => {
    expect(renderMarkdown('Skriv <brackets> runt ord och <Foo bar="1">så</Foo>.', BASE)).toBe('<p>Skriv &lt;brackets&gt; runt ord och &lt;foo bar="1"&gt;så&lt;/foo&gt;.</p>\n');
    expect(renderMarkdown('<brackets>\n\nmer', BASE)).toBe('&lt;brackets&gt;\n<p>mer</p>\n');
    expect(clean('<custom-element x="1"><b>fet</b></custom-element>')).toBe('&lt;custom-element x="1"&gt;<b>fet</b>&lt;/custom-element&gt;');
    for (const name of [...load(clean('<a><brackets><x-y><foo></foo></x-y></brackets></a>'), null, false)('*').toArray()].map((e) => (e as unknown as { name: string }).name)) {
      expect(HTML_TAGS.has(name)).toBe(true);
    }
  });

  it('drops attributes not on the list: event handlers, style, class, and unsafe or unknown URL schemes', () => {
    expect(clean('<p id="x" class="y" style="color:red" onclick="x()" data-x="1" xmlns:e="urn:x">t</p>')).toBe('<p id="x">t</p>');
    expect(clean('<pre><code class="language-js" style="x">c</code></pre><code class="evil">d</code>')).toBe('<pre><code class="language-js">c</code></pre><code>d</code>');
    expect(clean('<table><tr><th style="text-align:right">a</th><td style="text-align:center;color:red">b</td></tr></table>'))
      .toBe('<table><tr><th style="text-align:right">a</th><td>b</td></tr></table>');
    expect(clean('<a href="javascript:alert(1)">j</a><a href="irc://x">i</a><a href="data:text/html,x">d</a><a href="mailto:a@b.se">m</a><a href="tel:+46">t</a>'))
      .toBe('<a>j</a><a>i</a><a>d</a><a href="mailto:a@b.se">m</a><a href="tel:+46">t</a>');
    expect(clean('<img src="data:image/png;base64,AA=="><img src="data:image/svg+xml,<svg>">'))
      .toBe('<img src="data:image/png;base64,AA==" /><img />');
  });

  it('drops characters XML forbids or validators call bad, in text and in attributes', () => {
    expect(clean('a&#0;b&#1;c&#xFFFE;d\u0085e<b title="&#1;x&#xFFFD;">f</b>')).toBe('abcde<b title="x">f</b>');
  });
});

describe('iframes', () => {
  const iframes = '<iframe src="https://www.youtube-nocookie.com/embed/a" width="560" allowfullscreen srcdoc="x" onload="x"></iframe>' +
    '<iframe src="https://WWW.YouTube-nocookie.com./embed/b"></iframe><iframe src="https://evil.example/">fallback</iframe><iframe>tom</iframe>' +
    '<iframe src="/relativ"></iframe><iframe src="javascript:alert(1)"></iframe>';

  it('removes every iframe by default', () => {
    expect(clean(iframes)).toBe('');
  });

  it('keeps iframes from the listed hosts only, with their allowed attributes', () => {
    expect(createSanitizer(['www.youtube-nocookie.com'])(iframes, BASE)).toBe(
      '<iframe src="https://www.youtube-nocookie.com/embed/a" width="560" allowfullscreen=""></iframe>',
    );
    expect(createSanitizer(['www.sbhss.eu'])(iframes, BASE)).toBe('<iframe src="https://www.sbhss.eu/relativ"></iframe>');
    expect(createSanitizer(['bücher.example'])('<iframe src="https://xn--bcher-kva.example/x"></iframe>', BASE)).toBe('<iframe src="https://xn--bcher-kva.example/x"></iframe>');
  });

  it('refuses anything in iframeHosts that is not a host name, with a ConfigError naming the setting', () => {
    for (const bad of ['https://www.youtube.com/', 'www.youtube.com/embed', 'a b', '', 'user@host', 'host:8080']) {
      expect(() => createSanitizer([bad]), bad).toThrow(ConfigError);
      expect(() => createSanitizer([bad]), bad).toThrow(/iframeHosts: ".*" is not a host name/);
    }
  });
});

describe('the fast path', () => {
  it('never calls the sanitizer for Markdown without raw HTML', () => {
    const sanitizer = vi.fn(sanitizeHtml);
    for (const md of ['Text med [länk](https://example.org/) och *betoning*.', '- a\n- b\n\n# Rubrik', '```\n<script>\n```', 'a `<b>` c', '![bild](b.png)', '<https://example.org/>']) {
      renderMarkdown(md, BASE, sanitizer);
    }
    expect(sanitizer).not.toHaveBeenCalled();
    renderMarkdown('Text med <b>rå HTML</b>.', BASE, sanitizer);
    expect(sanitizer).toHaveBeenCalledTimes(1);
  });
});
