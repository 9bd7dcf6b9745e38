// The files `init` and `new` write read back as written, nearly always through the fast
// front-matter path, whatever the title holds.
import { describe, expect, it } from 'vitest';
import { parseSimpleYaml } from '../../src/content/fast-yaml.js';
import { feedYamlText, itemText, localDateTime } from '../../src/content/scaffold.js';
import { checkDateTime } from '../../src/content/values.js';
import { loadTree } from './fixtures.js';

const TITLES = [
  'Hej på er', '”Ta inte EU-politiken” – SKL:s uppmaning', 'a: b # c', '"quoted" and \'single\'', 'back\\slash', 'tab\there',
  'line\u2028separator', 'emoji 🇸🇪 and مرحبا', '- starts like a list', '[starts] like a flow list', 'true', '2018', '@at %pct `tick`',
];

describe('scaffold', () => {
  it('item files read back as written, on the fast path', async () => {
    for (const title of TITLES) {
      const text = itemText({ title, date: '2026-11-28T11:15:00+01:00', link: 'https://www.example.org/x', draft: true });
      const yaml = text.slice(4, text.indexOf('\n---', 3) + 1);
      // ` #` inside quotes is the one thing the fast path leaves to yaml.
      if (!title.includes(' #')) expect(parseSimpleYaml(yaml, 1), title).toBeDefined();
      const { result } = await loadTree({ 'f/feed.yaml': feedYamlText({ title, description: title, link: 'https://www.example.org/', language: 'sv', author: title }), 'f/items/2026-11-28-x.md': text });
      expect(result!.warnings, title).toEqual([]);
      const feed = result!.feeds[0]!;
      expect([feed.meta.title, feed.meta.description, feed.meta.author.name], title).toEqual([title, title, title]);
      expect([feed.items[0]!.title, feed.items[0]!.draft, feed.items[0]!.link], title).toEqual([title, true, 'https://www.example.org/x']);
    }
  });

  it('localDateTime is the same instant, with this machine\'s offset', () => {
    for (const iso of ['2026-11-28T10:15:00Z', '2026-06-28T23:59:59Z', '2026-01-01T00:00:00Z']) {
      const date = new Date(iso);
      const text = localDateTime(date);
      const checked = checkDateTime(text);
      expect(checked.ok && checked.value.getTime()).toBe(date.getTime());
      const offset = -date.getTimezoneOffset();
      expect(text.slice(-6)).toBe(`${offset < 0 ? '-' : '+'}${String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0')}:${String(Math.abs(offset) % 60).padStart(2, '0')}`);
    }
  });
});
