// Checks and converts one setting's value from the config file, the environment or a flag. Every
// problem becomes one line (`<where>: <key path> <what> (got <value>)`) for the one ConfigError.
import type { SettingDef } from './config.js';
import { didYouMean } from './suggest.js';
import { findJsonMistake } from './json-mistake.js';

const CRON_FIELD = /^(\*|\d+(-\d+)?)(\/\d+)?(,(\*|\d+(-\d+)?)(\/\d+)?)*$|^[A-Za-z]{3}(-[A-Za-z]{3})?$/;

/** One wrong value; `coerce` turns it into a line of the ConfigError. */
class Problem extends Error {}

/** How a value is shown in a message: as given, or only its type when the setting may hold a secret. */
function shown(def: SettingDef, value: unknown): string {
  if (!def.secret) return JSON.stringify(value);
  const type = Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
  return `${type}, not shown: it may hold a secret`;
}

/**
 * Why a flag's or variable's text is not JSON, with the character where it goes wrong; never the
 * parser's own message, which quotes the text around the mistake (and the text may hold a secret).
 */
function jsonReason(text: string): string {
  const mistake = findJsonMistake(text);
  return mistake ? `at character ${mistake.offset + 1}: ${mistake.what}` : 'a syntax error';
}

/** Checks and converts one value; on a problem, adds it to `problems` and returns `invalid`. */
export function coerce(def: SettingDef, value: unknown, where: string, raw: boolean, problems: string[]): unknown {
  try {
    return convert(def, value, where, raw, problems);
  } catch (e) {
    if (!(e instanceof Problem)) throw e;
    problems.push(e.message);
    return invalid;
  }
}

/** What `coerce` returns for a wrong value, already reported. */
export const invalid = Symbol('invalid');

/** `raw` strings come from flags and the environment. Shape problems of JSON values go to `problems`. */
function convert(def: SettingDef, value: unknown, where: string, raw: boolean, problems: string[]): unknown {
  const fail = (what: string): never => {
    throw new Problem(`${where}: ${def.key} ${what} (got ${shown(def, value)}). ${def.description}`);
  };
  // null means "not set" only where that is the default; elsewhere it would reach the code as null.
  if (value === null) return def.default === null ? null : fail('cannot be null; leave it out to get the default');
  switch (def.type) {
    case 'string':
      if (typeof value !== 'string' || value === '') fail('must be a non-empty string');
      return value;
    case 'url': {
      if (typeof value !== 'string') fail('must be an absolute http(s) URL');
      let url: URL;
      try {
        url = new URL(value as string);
      } catch {
        return fail('must be an absolute http(s) URL, like https://example.com/');
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') fail('must use http or https');
      return url.href;
    }
    case 'integer':
    case 'number': {
      const n = raw && typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) fail(def.type === 'integer' ? 'must be an integer' : 'must be a number');
      if (def.type === 'integer' && !Number.isInteger(n)) fail('must be a whole number');
      if (def.min !== undefined && (n as number) < def.min) fail(`must be at least ${def.min}`);
      if (def.max !== undefined && (n as number) > def.max) fail(`must be at most ${def.max}`);
      return n;
    }
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      if (raw && typeof value === 'string') {
        if (/^(1|true|yes|on)$/i.test(value)) return true;
        if (/^(0|false|no|off)$/i.test(value)) return false;
      }
      return fail('must be true or false');
    }
    case 'timezone': {
      if (typeof value !== 'string' || value === '') fail('must be an IANA time zone like "UTC" or "Europe/Stockholm"');
      try {
        new Intl.DateTimeFormat('en', { timeZone: value as string });
      } catch {
        fail('is not an IANA time zone; use a name like "UTC" or "Europe/Stockholm"');
      }
      return value;
    }
    case 'cron': {
      if (typeof value !== 'string') fail('must be a cron expression like "0 */6 * * *"');
      const fields = (value as string).trim().split(/\s+/);
      if (fields.length < 5 || fields.length > 6 || !fields.every((f) => CRON_FIELD.test(f))) {
        fail('must be a cron expression of 5 or 6 fields, like "0 */6 * * *"');
      }
      return (value as string).trim();
    }
    case 'json': {
      let v = value;
      if (raw && typeof value === 'string') {
        try {
          v = JSON.parse(value);
        } catch {
          fail(`must be JSON (${jsonReason(value)})`);
        }
      }
      const before = problems.length;
      checkShape(def, v, where, problems);
      for (const p of def.validate?.(v) ?? []) problems.push(`${where}: ${p}`);
      return problems.length > before ? invalid : v;
    }
  }
}

/** A small structural check against the setting's JSON Schema fragment; every problem goes to `problems`. */
function checkShape(def: SettingDef, value: unknown, where: string, problems: string[]): void {
  const check = (schema: Record<string, unknown>, v: unknown, path: string): void => {
    const fail = (what: string): void => {
      problems.push(`${where}: ${path} ${what} (got ${shown(def, v)}). ${def.description}`);
    };
    const type = schema.type;
    if (type === 'array') {
      if (!Array.isArray(v)) return fail('must be an array');
      v.forEach((x, i) => check(schema.items as Record<string, unknown>, x, `${path}[${i}]`));
    } else if (type === 'object') {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail('must be an object');
      const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
      for (const req of (schema.required ?? []) as string[]) {
        if (!(req in v)) fail(`needs "${req}"`);
      }
      const names = schema.propertyNames as { pattern?: string; description?: string } | undefined;
      for (const [k, x] of Object.entries(v)) {
        if (names?.pattern && !new RegExp(names.pattern).test(k)) {
          // The name itself may be a pasted secret ("Bearer abc" as a key): shown only when harmless.
          const name = def.secret ? 'a name (not shown: it may hold a secret)' : JSON.stringify(k);
          problems.push(`${where}: ${path} has ${name} that is not ${names.description ?? 'valid here'}. ${def.description}`);
          continue;
        }
        if (props[k]) check(props[k]!, x, `${path}.${k}`);
        else if (schema.additionalProperties === false) {
          const guess = didYouMean(k, Object.keys(props));
          fail(`has unknown field "${k}"${guess ? ` (did you mean "${guess}"?)` : ''}`);
        } else if (typeof schema.additionalProperties === 'object') {
          check(schema.additionalProperties as Record<string, unknown>, x, `${path}.${k}`);
        }
      }
    } else if (type === 'string') {
      if (typeof v !== 'string') return fail('must be a string');
      if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern).test(v)) return fail(`must be ${schema.description ?? `like ${schema.pattern}`}`);
      if (schema.format === 'uri') {
        try {
          new URL(v);
        } catch {
          fail('must be an absolute URL');
        }
      }
    }
  };
  check(def.schema ?? {}, value, def.key);
}
