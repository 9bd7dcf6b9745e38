// docs/cli.md against the code: its table of settings is SETTINGS row for row, every command
// has its section naming each of its own options, and a flag's value is written as --help writes it. A new or changed setting fails here until the
// contract document says so too.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { SETTINGS, type SettingDef } from '../../src/core/config.js';
import { COMMANDS } from '../../src/runtime/node/cli.js';
import { CONFIG_VALUE, optionValueName, settingValueName } from '../../src/runtime/node/help.js';

const doc = readFileSync(new URL('../../docs/cli.md', import.meta.url), 'utf8');
const COMMAND_ORDER = COMMANDS.map((c) => c.name);

function typeOf(s: SettingDef): string {
  if (s.type === 'integer') return `integer ${s.min}–${s.max}`;
  return s.type === 'url' ? 'URL' : s.type === 'json' ? 'JSON' : s.type;
}

/** The row docs/cli.md must have for a setting (paste it from the failure message). */
function row(s: SettingDef): string {
  const commands = COMMAND_ORDER.filter((c) => s.commands.includes(c)).join(', ');
  return `| \`${s.key}\` | \`--${s.flag}\` | \`${s.env}\` | ${typeOf(s)} | \`${JSON.stringify(s.default)}\` | ${commands} | ${s.description} |`;
}

/** The text of `## feedwatch <name>` up to the next `## ` heading. */
function section(name: string): string {
  const start = doc.indexOf(`\n## \`feedwatch ${name}\``);
  if (start < 0) return '';
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end < 0 ? undefined : end);
}

describe('docs/cli.md', () => {
  it('lists every setting with its flag, variable, type, default and commands, as SETTINGS has them', () => {
    const lines = new Set(doc.split('\n'));
    expect(SETTINGS.map(row).filter((r) => !lines.has(r))).toEqual([]);
    const settingRows = doc.split('\n').filter((l) => /^\| `[^`]+` \| `--[^`]+` \| `FEEDWATCH_/.test(l));
    expect(settingRows).toHaveLength(SETTINGS.length);
  });

  it('has a section for every command, naming each of its options', () => {
    for (const cmd of COMMANDS) {
      const text = section(cmd.name);
      expect(text, `a section "## \`feedwatch ${cmd.name}\`"`).not.toBe('');
      for (const o of cmd.options ?? []) expect(text, `--${o.flag} in the ${cmd.name} section`).toContain(`--${o.flag}`);
    }
  });

  it('writes what a flag takes as --help and the messages do (--feeds DIR, --timeout MS), here, in the README and in docs/content.md', () => {
    const placeholder = new Map<string, string>([['config', CONFIG_VALUE]]);
    for (const st of SETTINGS) if (st.type !== 'boolean') placeholder.set(st.flag, settingValueName(st));
    for (const o of COMMANDS.flatMap((c) => c.options ?? [])) if (o.type === 'string') placeholder.set(o.flag, optionValueName(o));
    const wrong: string[] = [];
    for (const file of ['docs/cli.md', 'README.md', 'docs/content.md']) {
      const text = readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
      for (const m of text.matchAll(/--([a-z][a-z-]*)[ =]([A-Z][A-Z0-9_|]*)(?![\w-])/g)) {
        const want = placeholder.get(m[1]!);
        if (want !== undefined && want !== m[2]) wrong.push(`${file}: --${m[1]} ${m[2]} (--help says --${m[1]} ${want})`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
