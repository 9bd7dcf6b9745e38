// A page that titles itself with megabytes of text: the title kept for the state, the reports and
// alerts is clipped (D1 refuses rows over 2 MB), while the fingerprint still sees the whole title.
import { describe, expect, it } from 'vitest';
import { MAX_TITLE_CHARS, summarizeHtml } from '../../src/links/page-summary.js';

const page = (title: string) => new TextEncoder().encode(`<!doctype html><html><head><title>${title}</title></head><body><main><h1>${title}</h1><p>Text.</p></main></body></html>`);

describe('page titles', () => {
  it('keeps at most MAX_TITLE_CHARS of a huge title and heading', () => {
    const huge = 'Rubrik '.repeat(400_000); // 2.8 MB
    const summary = summarizeHtml(page(huge), 'text/html; charset=utf-8');
    expect(summary.title!.length).toBe(MAX_TITLE_CHARS);
    expect(summary.title!.endsWith('…')).toBe(true);
    expect(summary.heading!.length).toBe(MAX_TITLE_CHARS);
  });

  it('leaves ordinary titles alone', () => {
    const summary = summarizeHtml(page('Digitala innovationshubbar'), 'text/html');
    expect(summary.title).toBe('Digitala innovationshubbar');
  });

  it('still notices a change past the clipped part', () => {
    const base = 'x'.repeat(MAX_TITLE_CHARS * 2);
    const a = summarizeHtml(page(`${base} a`), 'text/html');
    const b = summarizeHtml(page(`${base} b`), 'text/html');
    expect(a.title).toBe(b.title);
    expect(a.fingerprint).not.toBe(b.fingerprint);
  });
});
