// A small declarative schema for YAML maps: each field's type and whether it is required.
// Validation collects every problem with its line; unknown fields are warnings with a guess.
import { didYouMean } from '../core/config.js';
import { isUri, toUri } from '../core/uri.js';
import { cleanText } from './clean.js';
import type { Diagnostics } from './diagnostics.js';
import type { MapNode, ValueNode } from './tree.js';
import { checkDateTime, checkEmail, checkHttpUrl, checkLanguage, type Checked } from './values.js';

export type FieldType =
  | { type: 'text' }
  | { type: 'id' }
  | { type: 'url' }
  | { type: 'date' }
  | { type: 'language' }
  | { type: 'email' }
  | { type: 'boolean' }
  | { type: 'list'; of: FieldType }
  /** `shorthand`: a single value stands for this one field (`author: Name` is `author: {name: Name}`). */
  | { type: 'object'; fields: Schema; shorthand?: string };

export interface FieldSpec {
  required?: boolean;
  type: FieldType;
}

export type Schema = Readonly<Record<string, FieldSpec>>;

export const text: FieldType = { type: 'text' };
/** A permanent id: any text, but Atom wants a URI (RFC 4287 §4.2.6), so anything else is warned about. */
export const id: FieldType = { type: 'id' };
export const url: FieldType = { type: 'url' };
export const date: FieldType = { type: 'date' };
export const language: FieldType = { type: 'language' };
export const email: FieldType = { type: 'email' };
export const boolean: FieldType = { type: 'boolean' };
export const listOf = (of: FieldType): FieldType => ({ type: 'list', of });
export const object = (fields: Schema, shorthand?: string): FieldType => ({ type: 'object', fields, ...(shorthand ? { shorthand } : {}) });

export interface Where {
  file: string;
  diagnostics: Diagnostics;
}

/** The checked fields of a map. Values: string, Date, arrays and nested records; absent = undefined. */
export type Values = Record<string, unknown>;

/**
 * Validates `node` (null: an empty document) against `schema`. `line` is where to report a
 * missing field when there is no better place (the opening `---`, or the parent key).
 */
export function validate(schema: Schema, node: ValueNode | null, where: Where, line: number, prefix = ''): Values {
  const values: Values = {};
  if (node !== null && node.kind !== 'map') {
    where.diagnostics.error(where.file, node.line, prefix || undefined, 'must be a set of `name: value` fields',
      prefix ? `indent the fields of ${prefix} under it` : 'write one `name: value` per line');
    return values;
  }
  const fields = node === null ? [] : (node as MapNode).fields;
  for (const f of fields) {
    const spec = schema[f.key];
    const name = prefix + f.key;
    if (!spec) {
      const guess = didYouMean(f.key, Object.keys(schema));
      where.diagnostics.warn(where.file, f.line, name, 'unknown field; it is ignored',
        guess ? `did you mean "${prefix}${guess}"?` : `known fields: ${Object.keys(schema).join(', ')}`);
      continue;
    }
    const value = checkValue(spec.type, f.value, where, name, f.line);
    if (value !== undefined) values[f.key] = value;
    else if (spec.required) values[f.key] = undefined;
  }
  for (const [key, spec] of Object.entries(schema)) {
    if (spec.required && !fields.some((f) => f.key === key)) {
      where.diagnostics.error(where.file, line, prefix + key, 'required field is missing', `add a line \`${key}: ...\``);
    }
  }
  return values;
}

function checkValue(type: FieldType, node: ValueNode, where: Where, name: string, keyLine: number): unknown {
  const fail = (message: string, hint: string, line = node.line): undefined => {
    where.diagnostics.error(where.file, line, name, message, hint);
    return undefined;
  };
  switch (type.type) {
    case 'list': {
      if (node.kind !== 'seq') {
        return fail('must be a list', `write it as ${name.split('.').pop()}: [first, second], or one "- value" per line`);
      }
      const out: unknown[] = [];
      node.items.forEach((item, i) => {
        const v = checkValue(type.of, item, where, `${name}[${i}]`, item.line);
        if (v !== undefined) out.push(v);
      });
      return out;
    }
    case 'object': {
      const short = type.shorthand;
      if (short !== undefined && node.kind === 'scalar' && node.value !== null) {
        // `author: "Name"` is `author: {name: "Name"}`: checked as that one field, named as written.
        const value = checkValue(type.fields[short]!.type, node, where, name, keyLine);
        return value === undefined ? undefined : { [short]: value };
      }
      if (node.kind !== 'map') {
        const key = name.split('.').pop();
        if (short === undefined) return fail('must be a set of fields', `indent its fields under \`${key}:\``);
        return fail(`must be a set of fields or a single ${short}`, `indent its fields under \`${key}:\`, or write ${key}: "..." for its ${short} alone`);
      }
      return validate(type.fields, node, where, keyLine, name + '.');
    }
    case 'boolean':
      if (node.kind === 'scalar' && typeof node.value === 'boolean') return node.value;
      return fail('must be true or false', `write ${name.split('.').pop()}: true, or remove the line`);
    default: {
      if (node.kind !== 'scalar' || node.value === null) {
        if (node.kind === 'scalar') return fail('is empty', 'give it a value, or remove the line');
        return fail(`must be ${article(type.type)}, not a ${node.kind === 'seq' ? 'list' : 'set of fields'}`, 'write a single value');
      }
      if (typeof node.value !== 'string') {
        return fail(`must be ${article(type.type)}, not ${typeof node.value === 'number' ? 'a number' : 'true/false'}`,
          `put the value in quotes: ${name.split('.').pop()}: "${String(node.value)}"`);
      }
      const textValue = cleanText(node.value).trim();
      if (textValue === '') return fail('is empty', 'give it a value, or remove the line');
      if (type.type === 'id' && !/^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/.test(textValue)) {
        where.diagnostics.warn(where.file, node.line, name, `"${textValue}" is not a URI; Atom readers expect one`,
          'if it is not published yet, use e.g. tag:example.org,2018:feed/item or urn:uuid:...; a published id must stay as it is');
      } else if (type.type === 'id' && !isUri(textValue)) {
        // Ids are written as they are (they never change), so feed validators would reject this one.
        where.diagnostics.warn(where.file, node.line, name, `"${textValue}" is an IRI, not a URI (it holds characters a URI cannot); feed validators expect a URI`,
          `if it is not published yet, write it as ${toUri(textValue)}; a published id must stay as it is`);
      }
      const checked = checkScalar(type.type, textValue);
      return checked.ok ? checked.value : fail(checked.message, checked.hint);
    }
  }
}

function checkScalar(type: 'text' | 'id' | 'url' | 'date' | 'language' | 'email', value: string): Checked<unknown> {
  switch (type) {
    case 'text':
    case 'id':
      return { ok: true, value };
    case 'url':
      return checkHttpUrl(value);
    case 'date':
      return checkDateTime(value);
    case 'language':
      return checkLanguage(value);
    case 'email':
      return checkEmail(value);
  }
}

function article(type: string): string {
  return { text: 'text', id: 'text', url: 'a URL', date: 'a date', language: 'a language tag', email: 'an e-mail address' }[type] ?? type;
}
