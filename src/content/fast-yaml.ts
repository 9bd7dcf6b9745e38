// A fast reader for the plain front matter nearly every item has: `key: value` lines, quoted
// strings, one-line flow lists, and one level of indented fields or `- items`. It gives up
// (returns undefined) on anything else, and yaml's full parser takes over: same result, same
// errors. Why: yaml's Document API costs ~100 µs per item, a tenth of a second per thousand items.
// tests/content/fast-paths.test.ts checks it against the full parser.
import type { FieldNode, MapNode, ValueNode } from './tree.js';

const KEY = /^([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?$/;
// YAML 1.2 core schema (yaml's `core` tags): plain scalars that are not strings.
const NOT_STRING = [
  /^(?:~|[Nn]ull|NULL)?$/,
  /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
  /^[-+]?[0-9]+$/,
  /^0o[0-7]+$/,
  /^0x[0-9a-fA-F]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
];
const BOOLEAN = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
/** Every NOT_STRING match is at most 5 characters (null, true, false) or starts with - + . or a digit. */
function mayNotBeString(value: string): boolean {
  if (value.length <= 5) return true;
  const c = value.charCodeAt(0);
  return c === 0x2d || c === 0x2b || c === 0x2e || (c >= 0x30 && c <= 0x39);
}
/** Characters that start something other than a plain string (YAML 1.2 §5.3 indicators). */
const INDICATOR = /^[-?:,[\]{}#&*!|>'"%@`]/;
const GIVE_UP = undefined;
/** Tabs, lone CRs, controls, BOMs and Unicode line breaks: rare, and where YAML's rules get subtle. */
const AVOID = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|\r(?!\n)/;

export function parseSimpleYaml(text: string, lineOffset: number): { root: ValueNode | null } | undefined {
  if (AVOID.test(text)) return GIVE_UP;
  const lines = text.split('\n');
  const fields: FieldNode[] = [];
  const seen = new Set<string>();
  let i = 0;
  while (i < lines.length) {
    const line = trimCr(lines[i]!);
    const lineNo = i + 1 + lineOffset;
    i++;
    if (isBlankOrComment(line)) continue;
    const m = KEY.exec(line);
    if (!m || seen.has(m[1]!)) return GIVE_UP;
    seen.add(m[1]!);
    const rest = m[2] === undefined ? '' : stripComment(m[2]);
    if (rest === undefined) return GIVE_UP;
    if (rest !== '') {
      const value = scalarOrFlow(rest, lineNo);
      if (!value || (i < lines.length && /^ /.test(lines[i]!) && !isBlankOrComment(trimCr(lines[i]!)))) return GIVE_UP;
      fields.push({ key: m[1]!, line: lineNo, value });
      continue;
    }
    // `key:` alone: null, or a block of `  sub: value` lines or `- item` lines below it.
    const block: { text: string; line: number }[] = [];
    while (i < lines.length) {
      const next = trimCr(lines[i]!);
      if (isBlankOrComment(next)) {
        i++;
        continue;
      }
      if (!/^ +\S/.test(next) && !next.startsWith('- ')) break;
      block.push({ text: next, line: i + 1 + lineOffset });
      i++;
    }
    const value = block.length === 0 ? { kind: 'scalar' as const, value: null, line: lineNo } : readBlock(block);
    if (!value) return GIVE_UP;
    fields.push({ key: m[1]!, line: lineNo, value });
  }
  return { root: fields.length === 0 ? null : ({ kind: 'map', fields, line: fields[0]!.line } satisfies MapNode) };
}

/** One level: all lines `- item` at one indent, or all `sub: value` at one indent. */
function readBlock(block: { text: string; line: number }[]): ValueNode | undefined {
  const indent = block[0]!.text.length - block[0]!.text.trimStart().length;
  const isSeq = block[0]!.text.trimStart().startsWith('- ');
  if (!isSeq && indent === 0) return GIVE_UP;
  const items: ValueNode[] = [];
  const fields: FieldNode[] = [];
  const seen = new Set<string>();
  for (const { text, line } of block) {
    if (text.length - text.trimStart().length !== indent) return GIVE_UP;
    const body = text.slice(indent);
    if (isSeq) {
      if (!body.startsWith('- ') || body[2] === ' ') return GIVE_UP;
      const rest = stripComment(body.slice(2));
      const value = rest ? scalar(rest, line) : undefined;
      if (!value) return GIVE_UP;
      items.push(value);
    } else {
      const m = KEY.exec(body);
      if (!m || m[2] === undefined || seen.has(m[1]!)) return GIVE_UP;
      seen.add(m[1]!);
      const rest = stripComment(m[2]);
      const value = rest ? scalarOrFlow(rest, line) : undefined;
      if (!value) return GIVE_UP;
      fields.push({ key: m[1]!, line, value });
    }
  }
  return isSeq ? { kind: 'seq', items, line: block[0]!.line } : { kind: 'map', fields, line: block[0]!.line };
}

function scalarOrFlow(text: string, line: number): ValueNode | undefined {
  if (!text.startsWith('[')) return scalar(text, line);
  if (!text.endsWith(']')) return GIVE_UP;
  const inner = text.slice(1, -1).trim();
  if (inner === '') return { kind: 'seq', items: [], line };
  const items: ValueNode[] = [];
  for (const part of inner.split(',')) {
    const item = part.trim();
    // Commas inside quotes, nested flow collections and `key: value` pairs are the full parser's job.
    if (item === '' || /[[\]{}]/.test(item) || /^["']/.test(item) !== /["']$/.test(item)) return GIVE_UP;
    const value = scalar(item, line, true);
    if (!value) return GIVE_UP;
    items.push(value);
  }
  return { kind: 'seq', items, line };
}

/** A one-line scalar: double- or single-quoted, or a plain string (anything typed gives up). */
function scalar(text: string, line: number, inFlow = false): ValueNode | undefined {
  const first = text[0];
  if (first === '"') {
    const value = doubleQuoted(text);
    return value === undefined ? GIVE_UP : { kind: 'scalar', value, line };
  }
  if (first === "'") {
    if (text.length < 2 || !text.endsWith("'")) return GIVE_UP;
    const inner = text.slice(1, -1);
    if (/'(?!')/.test(inner.replace(/''/g, ''))) return GIVE_UP;
    return { kind: 'scalar', value: inner.replace(/''/g, "'"), line };
  }
  if (INDICATOR.test(text) || text.includes(': ') || text.endsWith(':') || text.includes(' #')) return GIVE_UP;
  if (inFlow && /[,[\]{}]/.test(text)) return GIVE_UP;
  const value = text.trimEnd();
  // true/false (`draft: true`) are read here; other typed scalars are the full parser's job.
  if (BOOLEAN.test(value)) return { kind: 'scalar', value: value.toLowerCase() === 'true', line };
  if (mayNotBeString(value) && NOT_STRING.some((re) => re.test(value))) return GIVE_UP;
  return { kind: 'scalar', value, line };
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0', ' ': ' ' };

function doubleQuoted(text: string): string | undefined {
  if (text.length < 2 || !text.endsWith('"')) return GIVE_UP;
  const inner = text.slice(1, -1);
  // Without escapes the value is the text between the quotes (one slice, not a string built by the character).
  if (!inner.includes('\\')) return inner.includes('"') ? GIVE_UP : inner;
  let out = '';
  for (let i = 1; i < text.length - 1; i++) {
    const c = text[i]!;
    if (c === '"') return GIVE_UP; // a quote ends the string early: something follows it
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = text[++i];
    if (e === undefined || i >= text.length - 1) return GIVE_UP;
    if (e === 'u' || e === 'x' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = text.slice(i + 1, i + 1 + n);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== n || i + n >= text.length - 1) return GIVE_UP;
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) return GIVE_UP;
      out += String.fromCodePoint(code);
      i += n;
    } else if (ESCAPES[e] !== undefined) out += ESCAPES[e];
    else return GIVE_UP;
  }
  return out;
}

/** The value without a trailing ` # comment`; undefined when a `#` sits inside quotes. */
function stripComment(text: string): string | undefined {
  const hash = text.indexOf(' #');
  if (hash === -1) return text.trimEnd();
  const before = text.slice(0, hash).trimEnd();
  return /["']/.test(before) && !/^(["']).*\1$/.test(before) ? GIVE_UP : before;
}

function isBlankOrComment(line: string): boolean {
  const t = line.trimStart();
  return t === '' || t.startsWith('#');
}

function trimCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
