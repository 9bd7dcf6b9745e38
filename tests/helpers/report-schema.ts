// Validates report.json (version 2) against docs/report.schema.json with ajv, the maintained
// JSON Schema validator: every test that produces a report checks it here.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

export const REPORT_SCHEMA_PATH = fileURLToPath(new URL('../../docs/report.schema.json', import.meta.url));

/** Strict mode: unknown keywords, ignored defaults and loose types are errors. Nullable fields use type unions. */
export function reportSchemaValidator() {
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  addFormats.default(ajv);
  return ajv.compile(JSON.parse(readFileSync(REPORT_SCHEMA_PATH, 'utf8')) as object);
}

let validate: ReturnType<typeof reportSchemaValidator> | undefined;

/** Throws with ajv's error text unless `json` (a parsed report, or its JSON text) is a valid report. */
export function expectValidReport(json: unknown): void {
  validate ??= reportSchemaValidator();
  const value = typeof json === 'string' ? (JSON.parse(json) as unknown) : json;
  if (!validate(value)) {
    const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
    throw new Error(`report.json does not match docs/report.schema.json:\n  ${errors.join('\n  ')}`);
  }
}
