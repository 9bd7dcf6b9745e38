import { describe, expect, it } from 'vitest';
import { parseFeed } from '@rowanmanning/feed-parser';
import MarkdownIt from 'markdown-it';
import { renderReportHtml } from '../../src/health/report-html.js';
import { renderReportMarkdown, escapeMarkdown, mdCode } from '../../src/health/report-md.js';
import { renderAlertsAtom } from '../../src/health/alerts-atom.js';
import { buildView, uptimeOf } from '../../src/health/report-view.js';
import { check, event, everyStatusReport, link, report } from './fixtures.js';
import { assertWellFormed } from './xml.js';

const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)> | [x](javascript:alert(3)) *bold*';

function hostileReport() {
  return report([
    link('https://evil.example/"><script>alert(4)</script>', 'broken', {
      title: HOSTILE,
      error: HOSTILE,
      reason: 'http-404',
      httpStatus: 404,
      items: [{ feed: 'news', id: 'i', title: HOSTILE, link: 'javascript:alert(5)' }],
    }),
    link('https://fine.example/', 'ok', { items: [{ feed: 'news', id: 'j', title: 'Fine | item', link: 'https://site.example/j' }] }),
  ]);
}

describe('report view', () => {
  it('groups problems by citing item, worst first, and keeps healthy links apart', () => {
    const view = buildView({ report: everyStatusReport() });
    expect(view.problems.map((g) => [g.item.title, g.links.map((l) => l.link.status)])).toEqual([
      ['Item A', ['broken', 'changed']],
      ['EU item <C>', ['soft404', 'blocked']],
      ['Item B', ['soft404', 'moved']],
    ]);
    expect(view.healthy.map((v) => v.link.status)).toEqual(['ok', 'skipped']);
    expect(view.problemCount).toBe(5);
    expect(view.feeds).toEqual(['eu', 'news']);
  });

  it('puts muted links in their own section until the mute expires', () => {
    const r = everyStatusReport();
    const mute = [
      { url: 'https://broken.example/x', reason: 'site relaunch, fixed in May' },
      { url: 'https://soft.example/gone', reason: 'expired', until: '2025-01-01' },
    ];
    const view = buildView({ report: r, mute });
    expect(view.muted.map((v) => v.link.url)).toEqual(['https://broken.example/x']);
    expect(view.problemCount).toBe(4);
    expect(renderReportHtml({ report: r, mute })).toContain('site relaunch, fixed in May');
    expect(renderReportMarkdown({ report: r, mute })).toContain('## Muted');
  });

  it('computes uptime over the kept history; blocked and skipped checks do not count', () => {
    const u = 'https://a.example/';
    expect(uptimeOf([check(u, 'ok', '1'), check(u, 'broken', '2'), check(u, 'blocked', '3'), check(u, 'changed', '4')])).toBeCloseTo(2 / 3);
    expect(uptimeOf([])).toBeNull();
  });
});

describe('report.html', () => {
  it('shows every status, summary counts, history strips and uptime, deterministically', () => {
    const r = everyStatusReport();
    const history = [check('https://broken.example/x', 'ok', '2026-01-01T00:00:00.000Z'), check('https://broken.example/x', 'broken', '2026-01-02T00:00:00.000Z')];
    const html = renderReportHtml({ report: r, history });
    expect(html).toBe(renderReportHtml({ report: r, history }));
    for (const s of ['ok', 'changed', 'moved', 'soft404', 'blocked', 'broken', 'skipped']) expect(html).toContain(`data-status="${s}"`);
    expect(html).toContain('uptime 50% over 2 checks');
    expect(html).toContain('History since 2025-12-01 00:00 UTC');
    expect(html).toContain('https://web.archive.org/web/20251201000000/https://broken.example/x');
    expect(html).toContain('Deadline 15 May');
    expect(html).toContain('EU item &lt;C&gt;');
    // Self-contained: no external scripts, styles or images.
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
  });

  it('escapes every outside string: a hostile title shows as text', () => {
    const html = renderReportHtml({ report: hostileReport() });
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html.match(/<script>/g)).toHaveLength(1); // only the report's own filter script
  });
});

describe('report.md', () => {
  it('escapes Markdown and HTML specials, and table pipes', () => {
    expect(escapeMarkdown('a|b *c* <d> [e](f) `g`')).toBe('a\\|b \\*c\\* &lt;d&gt; \\[e\\](f) \\`g\\`');
    const md = renderReportMarkdown({ report: hostileReport() });
    expect(md).not.toContain('<script>');
    expect(md).not.toMatch(/(?<!\\)\]\(javascript:/);
    expect(md).toContain('Fine \\| item');
    // Rendered by a real Markdown parser that passes raw HTML through (as GitHub's does, before
    // sanitizing): no element or link comes from the hostile strings.
    const rendered = new MarkdownIt({ html: true }).render(md);
    expect(rendered).not.toMatch(/<(script|img)\b/);
    expect(rendered).not.toContain('href="javascript:');
    expect(rendered).not.toMatch(/<(em|strong)>bold/);
    const rows = rendered.match(/<tr>[\s\S]*?<\/tr>/g)!;
    expect(rows.every((r) => (r.match(/<t[dh]\b/g) ?? []).length === 4 || (r.match(/<t[dh]\b/g) ?? []).length === 8)).toBe(true);
    // The healthy table keeps its four columns.
    const row = md.split('\n').find((l) => l.startsWith('| ok'))!;
    expect(row.replace(/\\\|/g, '').split('|').length - 2).toBe(4);
  });

  it('lists the same findings as the HTML', () => {
    const md = renderReportMarkdown({ report: everyStatusReport() });
    expect(md).toContain('# Link health: 5 problems');
    expect(md).toContain('- **moved** [https://moved.example/old](https://moved.example/old) (HTTP 301');
    expect(md).toContain('new address: [https://moved.example/new](https://moved.example/new)');
    expect(md).toContain('archived copy: [https://web.archive.org/web/20251201000000/https://broken.example/x]');
    expect(md).toContain('### [EU item &lt;C&gt;](https://site.example/c) (eu)');
  });
});

describe('alerts.atom', () => {
  const self = 'https://feeds.example/health/alerts.atom';

  it('is valid Atom with one entry per event, newest first, and parses back', () => {
    const events = [
      event('https://a.example/', 'broken', '2026-01-02T00:00:00.000Z', { id: 'tag:feedwatch,2026:event/1' }),
      event('https://b.example/old', 'moved', '2026-01-03T00:00:00.000Z', {
        id: 'tag:feedwatch,2026:event/2',
        detail: JSON.stringify({ finalUrl: 'https://b.example/new', items: [{ feed: 'news', id: 'i', title: HOSTILE, link: 'https://site/i' }] }),
      }),
    ];
    const xml = renderAlertsAtom({ events, selfUrl: self, emptyUpdated: '2026-01-01T00:00:00.000Z' });
    assertWellFormed(xml);
    const feed = parseFeed(xml);
    expect(feed.self).toBe(self);
    expect(feed.meta.type).toBe('atom');
    expect(xml).toContain(`<id>${self}</id>`);
    expect(feed.updated?.toISOString()).toBe('2026-01-03T00:00:00.000Z');
    expect(feed.items.map((i) => [i.id, i.title])).toEqual([
      ['tag:feedwatch,2026:event/2', 'moved: https://b.example/old'],
      ['tag:feedwatch,2026:event/1', 'broken: https://a.example/'],
    ]);
    expect(feed.items[0]!.content).toContain('New address');
    // Escaped twice: once as HTML text inside the entry, once as XML (feed-parser decodes both levels).
    expect(xml).toContain('&amp;lt;script&amp;gt;alert(1)');
    expect(xml).not.toMatch(/[^;]&lt;script&gt;alert/);
    expect(xml).toContain('<link rel="self" type="application/atom+xml" href="https://feeds.example/health/alerts.atom"/>');
  });

  it('keeps the last 200 events and has an updated time when empty', () => {
    const many = Array.from({ length: 250 }, (_, i) => event(`https://x.example/${i}`, 'broken', new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(), { id: `e${i}` }));
    const xml = renderAlertsAtom({ events: many, selfUrl: self, emptyUpdated: 'x' });
    expect(xml.match(/<entry>/g)).toHaveLength(200);
    expect(xml).toContain('<id>e249</id>');
    expect(xml).not.toContain('<id>e49</id>');
    const empty = renderAlertsAtom({ events: [], selfUrl: self, emptyUpdated: '2026-01-01T00:00:00.000Z' });
    assertWellFormed(empty);
    expect(empty).toContain('<updated>2026-01-01T00:00:00.000Z</updated>');
  });
});

describe('report.md code spans and run notes', () => {
  it('mdCode fences code that holds backticks so it renders as code, not as literal backticks', () => {
    const md = new MarkdownIt();
    for (const code of ['feedwatch fix --write', 'a`b', '`x`', 'a``b`', ' lead']) {
      expect(md.renderInline(mdCode(code))).toBe(`<code>${code.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}</code>`);
    }
    expect(md.render(`| a |\n| --- |\n| ${mdCode('x | y', true)} |\n`)).toContain('<td><code>x | y</code></td>');
  });

  it('a report of an offline run opens with a banner and gives no "replace the link" advice', () => {
    const r = report([link('http://127.0.0.71:9/a', 'broken', { reason: 'refused', httpStatus: null }), link('http://127.0.0.72:9/b', 'broken', { reason: 'refused', httpStatus: null })], { offline: true });
    const md = renderReportMarkdown({ report: r });
    expect(md).toMatch(/^# Link health: this run looked offline\n\n> \*\*This run looked offline\.\*\* Every link failed/);
    expect(md).not.toMatch(/replace/i);
    const rendered = new MarkdownIt().render(md);
    expect(rendered).toContain('<blockquote>');
    expect(rendered).toContain('<code>feedwatch check</code>');
    const html = renderReportHtml({ report: r });
    expect(html).toContain('<div class="banner" role="alert"><strong>This run looked offline.</strong>');
    expect(html).not.toMatch(/replace/i);
    // Not offline: no banner, and the usual advice.
    expect(renderReportHtml({ report: { ...r, offline: false } })).not.toContain('class="banner"');
    expect(renderReportMarkdown({ report: { ...r, offline: false } })).toContain('Replace or remove the link');
  });

  it('report.html links back to the feeds page, relatively', () => {
    expect(renderReportHtml({ report: everyStatusReport() })).toContain('<nav class="meta"><a href="../index.html">← Feeds</a></nav>');
  });
});
