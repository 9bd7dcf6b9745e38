// docs/report.schema.json: a strict JSON Schema (draft 2020-12) of report.json version 2 that the
// reports feedwatch writes match, and that rejects what a version 2 report may not hold.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { expectValidReport, REPORT_SCHEMA_PATH, reportSchemaValidator } from '../helpers/report-schema.js';
import { buildReport, serializeReport } from '../../src/health/report-json.js';
import { LINK_STATUSES } from '../../src/core/types.js';
import { everyStatusReport } from './fixtures.js';

describe('docs/report.schema.json', () => {
  it('compiles in ajv strict mode, as draft 2020-12', () => {
    expect(() => reportSchemaValidator()).not.toThrow();
    expect(JSON.parse(readFileSync(REPORT_SCHEMA_PATH, 'utf8')).$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('lists every status, and requires every key, in the order the report writes them', () => {
    const schema = JSON.parse(readFileSync(REPORT_SCHEMA_PATH, 'utf8'));
    expect(schema.$defs.status.enum).toEqual([...LINK_STATUSES]);
    const r = buildReport([], '2026-01-01T00:00:00.000Z', null, { offline: false });
    expect(Object.keys(r)).toEqual(schema.required);
    expect(Object.keys(everyStatusReport().links[0]!)).toEqual(schema.$defs.link.required);
    expect(Object.keys(everyStatusReport().links[0]!.items[0]!)).toEqual(schema.$defs.link.properties.items.items.required);
  });

  it('accepts a report with every status, as serialized', () => {
    expectValidReport(serializeReport(everyStatusReport()));
  });

  it('rejects missing keys, extra keys, unknown statuses, bad times and version 1', () => {
    const good = () => JSON.parse(serializeReport(everyStatusReport()));
    const broken: Array<[string, (r: any) => void]> = [
      ['no offline', (r) => delete r.offline],
      ['extra key', (r) => (r.extra = 1)],
      ['version 1', (r) => (r.version = 1)],
      ['unknown status', (r) => (r.links[0].status = 'fine')],
      ['not a date-time', (r) => (r.generatedAt = 'yesterday')],
      ['draft missing', (r) => delete r.links[0].items[0].draft],
      ['scheduled missing', (r) => delete r.links[0].items[0].scheduled],
      ['file in an item', (r) => (r.links[0].items[0].file = 'items/2026-01-01-a.md')],
      ['null where a list belongs', (r) => (r.links[0].redirects = null)],
      ['extra key in a link', (r) => (r.links[0].note = 'x')],
      ['negative count', (r) => (r.summary.ok = -1)],
    ];
    for (const [what, spoil] of broken) {
      const r = good();
      spoil(r);
      expect(() => expectValidReport(r), what).toThrow(/does not match docs\/report.schema.json/);
    }
  });
});
