// YAML text -> ValueNode tree with 1-based lines, through yaml's Document API and LineCounter
// (parsers.ts tries the fast path, fast-yaml.ts, first and loads this file only when it gives up)
// (not plain `parse`): we need the lines, and the core schema keeps `2018-11-29 10:00` a string
// so a date without an offset is still visible as written.
import { LineCounter, parseDocument, isAlias, isMap, isScalar, isSeq, visit, type Document, type Node } from 'yaml';
import type { Diagnostics } from './diagnostics.js';
import type { FieldNode, ValueNode } from './tree.js';

/** The full parser: every YAML construct, and the errors with their lines. */
export function parseYamlDocument(
  text: string,
  file: string,
  lineOffset: number,
  diagnostics: Diagnostics,
): ValueNode | null {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, schema: 'core', prettyErrors: false, uniqueKeys: true });
  const lineOf = (offset: number | undefined): number =>
    (offset === undefined ? 1 : lineCounter.linePos(offset).line) + lineOffset;
  if (doc.errors.length > 0) {
    const end = text.trimEnd().length;
    for (const e of doc.errors) {
      // An unclosed quote or bracket is noticed at the end of the text: point at where it began.
      const at = e.pos[0] >= end ? lastNodeStart(doc, end) ?? end - 1 : e.pos[0];
      const message = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      diagnostics.error(file, lineOf(Math.max(0, at)), undefined, `invalid YAML: ${message}`, yamlHint(e.code));
    }
    return null;
  }
  const root = doc.contents;
  if (root === null) return null;
  return convert(root as Node, doc, lineOf, 0);
}

/** Start offset of the node that begins last before `end`: the one an unclosed token opened. */
function lastNodeStart(doc: Document, end: number): number | undefined {
  let best: number | undefined;
  visit(doc, (_key, node) => {
    // The visitor also sees null nodes (an empty value, or `%` alone: a directive with no document).
    const start = (node as Node | null)?.range?.[0];
    if (start !== undefined && start < end && (best === undefined || start > best)) best = start;
  });
  return best;
}

function convert(node: Node, doc: Document, lineOf: (o: number | undefined) => number, depth: number): ValueNode {
  if (isAlias(node)) {
    // An alias of an alias of ... : YAML forbids cycles, but stay bounded anyway.
    const target = depth < 20 ? node.resolve(doc) : undefined;
    if (target) return convert(target as Node, doc, lineOf, depth + 1);
    return { kind: 'scalar', value: null, line: lineOf(node.range?.[0]) };
  }
  const line = lineOf(node.range?.[0]);
  if (isScalar(node)) {
    // A timestamp (only under a `%YAML 1.1` directive) keeps its source text: validate what was written.
    const value = node.value instanceof Date ? String(node.source ?? node.value.toISOString()) : node.value;
    return { kind: 'scalar', value, line };
  }
  if (isSeq(node)) {
    return {
      kind: 'seq',
      line,
      items: node.items.map((item) =>
        item === null || item === undefined
          ? { kind: 'scalar', value: null, line }
          : convert(item as Node, doc, lineOf, depth),
      ),
    };
  }
  if (isMap(node)) {
    const fields: FieldNode[] = [];
    for (const pair of node.items) {
      const key = pair.key as Node | null;
      const keyLine = key ? lineOf(key.range?.[0]) : line;
      const keyText = key && isScalar(key) ? String(key.value) : String(key);
      const value: ValueNode =
        pair.value === null || pair.value === undefined
          ? { kind: 'scalar', value: null, line: keyLine }
          : convert(pair.value as Node, doc, lineOf, depth);
      fields.push({ key: keyText, line: keyLine, value });
    }
    return { kind: 'map', fields, line };
  }
  return { kind: 'scalar', value: null, line };
}

function yamlHint(code: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'each field may appear once; remove or rename the repeated key';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'check the indentation and that each field is written as `name: value`';
    default:
      return 'quote values that contain ": " or start with a special character, e.g. title: "A: B"';
  }
}
