import { describe, expect, it } from 'vitest';
import { movesFrom, rewriteMoved, unifiedDiff } from '../../src/health/fix.js';
import { state } from './fixtures.js';

const moves = new Map([
  ['https://old.example/report', 'https://new.example/report-2026'],
  ['https://old.example/', 'https://new.example/'],
]);

describe('fix: rewriting moved links', () => {
  it('rewrites exact URLs in front matter and Markdown, keeping fragments and punctuation', () => {
    const text = [
      '---',
      'title: A',
      'sources:',
      '  - https://old.example/report',
      '  - "https://old.example/reports"',
      '---',
      'See [the report](https://old.example/report#page=2) and <https://old.example/report>.',
      'Home: https://old.example, or https://old.example/report.',
      'Archived: https://web.archive.org/web/2020/https://old.example/report',
      '',
    ].join('\n');
    const r = rewriteMoved(text, moves);
    expect(r.text).toBe(
      [
        '---',
        'title: A',
        'sources:',
        '  - https://new.example/report-2026',
        '  - "https://old.example/reports"',
        '---',
        'See [the report](https://new.example/report-2026#page=2) and <https://new.example/report-2026>.',
        'Home: https://new.example/, or https://new.example/report-2026.',
        'Archived: https://web.archive.org/web/2020/https://old.example/report',
        '',
      ].join('\n'),
    );
    expect(r.replaced.get('https://old.example/report')).toBe(4);
    expect(r.replaced.get('https://old.example/')).toBe(1);
  });

  it('takes moves from state: moved links with a new address, minus muted ones', () => {
    const states = [
      state('https://b.example/', 'moved', { finalUrl: 'https://c.example/' }),
      state('https://a.example/', 'moved', { finalUrl: 'https://a2.example/' }),
      state('https://m.example/', 'moved', { finalUrl: 'https://m2.example/' }),
      state('https://d.example/', 'broken'),
    ];
    expect([...movesFrom(states, (u) => u === 'https://m.example/')]).toEqual([
      ['https://a.example/', 'https://a2.example/'],
      ['https://b.example/', 'https://c.example/'],
    ]);
  });

  it('prints a unified diff with context', () => {
    const before = 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n';
    const after = 'a\nB\nc\nd\ne\nf\ng\nh\ni\nJ\n';
    expect(unifiedDiff('news/items/x.md', before, after)).toBe(
      ['--- a/news/items/x.md', '+++ b/news/items/x.md', '@@ -1,5 +1,5 @@', ' a', '-b', '+B', ' c', ' d', ' e', '@@ -7,4 +7,4 @@', ' g', ' h', ' i', '-j', '+J', ''].join('\n'),
    );
    expect(unifiedDiff('x', 'same', 'same')).toBe('');
  });
});

import { decorateRobustLinks } from '../../src/health/robust-links.js';

describe('robust links', () => {
  it('decorates cited links that have an archived copy, deterministically', () => {
    const copies = new Map([
      ['https://gone.example/a?x=1&y=2', { kind: 'archive' as const, url: 'https://web.archive.org/web/20251201000000/https://gone.example/a?x=1&y=2', at: '2025-12-01T00:00:00.000Z' }],
    ]);
    const html = '<p><a href="https://gone.example/a?x=1&amp;y=2">a</a> <a href="https://fine.example/">b</a></p>';
    const out = decorateRobustLinks(html, copies);
    expect(out).toBe(
      '<p><a href="https://gone.example/a?x=1&amp;y=2" data-versionurl="https://web.archive.org/web/20251201000000/https://gone.example/a?x=1&amp;y=2" data-versiondate="2025-12-01">a</a> <a href="https://fine.example/">b</a></p>',
    );
    expect(decorateRobustLinks(out, copies)).toBe(out);
  });
});

import { archiveCopiesFromStore } from '../../src/health/robust-links.js';
import { MemoryStore } from '../../src/store/memory.js';

describe('robust links from the state file', () => {
  it('reads the archived copies check cached, and nothing else', async () => {
    const store = new MemoryStore();
    const gone = 'https://gone.example/a';
    await store.commitRun({ startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:00:00Z', links: [state(gone, 'broken'), state('https://ok.example/', 'ok')], checks: [], events: [] });
    const copy = { kind: 'archive', url: 'https://web.archive.org/web/2025/https://gone.example/a', at: '2025-01-01T00:00:00.000Z' };
    await store.putCache(`wayback:${gone}`, JSON.stringify({ suggestion: copy }), '2026-01-01T00:00:00Z');
    await store.putCache('wayback:https://ok.example/', JSON.stringify({ suggestion: null }), '2026-01-01T00:00:00Z');
    expect([...(await archiveCopiesFromStore(store))]).toEqual([[gone, copy]]);
  });
});
