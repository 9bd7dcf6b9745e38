import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { configJsonSchema, resolveConfig } from '../src/core/config.js';
import { ConfigError } from '../src/core/errors.js';
import { runCli } from './helpers/cli.js';

describe('config', () => {
  it('applies precedence: flag, then environment, then file, then default', () => {
    const file = { check: { perHost: 3, concurrency: 7 }, archiveSize: 20 };
    const c = resolveConfig({ file, env: { FEEDWATCH_PER_HOST: '4' }, flags: { 'per-host': '5' } });
    expect(c.check.perHost).toBe(5);
    expect(resolveConfig({ file, env: { FEEDWATCH_PER_HOST: '4' } }).check.perHost).toBe(4);
    expect(c.check.concurrency).toBe(7);
    expect(c.archiveSize).toBe(20);
    expect(c.check.retries).toBe(2);
  });

  it('rejects unknown settings with a did-you-mean hint', () => {
    expect(() => resolveConfig({ file: { archivSize: 3 } })).toThrow(/unknown setting "archivSize".*Did you mean "archiveSize"/);
  });

  it('rejects out-of-range and mistyped values, naming the setting and where it came from', () => {
    expect(() => resolveConfig({ file: { check: { perHost: 0 } } })).toThrow(ConfigError);
    expect(() => resolveConfig({ flags: { 'per-host': 'two' } })).toThrow(/--per-host: check.perHost must be an integer/);
    expect(() => resolveConfig({ env: { FEEDWATCH_BASE_URL: 'feeds/' } })).toThrow(/FEEDWATCH_BASE_URL: baseUrl must be an absolute/);
    expect(() => resolveConfig({ file: { check: { ignore: [{ pattern: 'x' }] } } })).toThrow(/check.ignore\[0\] needs "reason"/);
    expect(() => resolveConfig({ file: { schedule: { check: 'every hour' } } })).toThrow(/cron expression/);
  });

  it('reports every problem of every source in one ConfigError, also a value a higher source overrides', () => {
    const sources = {
      file: { archivSize: 3, check: { perHost: 0, retries: null }, schedule: { timezone: 'Nowhere/Land' } },
      env: { FEEDWATCH_CONCURRENCY: 'lots' },
      flags: { 'per-host': '3', 'max-redirects': '-2' },
    };
    let error: unknown;
    try {
      resolveConfig(sources);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const lines = (error as ConfigError).message.split('\n');
    expect(lines[0]).toBe('[config] 6 errors in the configuration; nothing was done:');
    expect(lines.slice(1).map((l) => l.replace(/ \(got.*$|\. Did you mean.*$/, ''))).toEqual([
      '  feedwatch.config.json: unknown setting "archivSize"',
      '  feedwatch.config.json: check.perHost must be at least 1',
      '  feedwatch.config.json: check.retries cannot be null; leave it out to get the default',
      '  feedwatch.config.json: schedule.timezone is not an IANA time zone; use a name like "UTC" or "Europe/Stockholm"',
      '  environment variable FEEDWATCH_CONCURRENCY: check.concurrency must be an integer',
      '  --max-redirects: check.maxRedirects must be at least 0',
    ]);
  });

  it('keeps the published JSON Schema in step with the settings table', () => {
    const published = JSON.parse(readFileSync(new URL('../feedwatch.schema.json', import.meta.url), 'utf8'));
    expect(published).toEqual(configJsonSchema());
  });

  it('validates the project config file', () => {
    const file = JSON.parse(readFileSync(new URL('../feedwatch.config.json', import.meta.url), 'utf8'));
    expect(() => resolveConfig({ file })).not.toThrow();
  });

  it('exits 2 with a hint on an unknown command or flag', async () => {
    const r = await runCli(['biuld']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Did you mean "build"/);
    const f = await runCli(['check', '--per-hots', '2']);
    expect(f.code).toBe(2);
    expect(f.stderr).toMatch(/--per-hots/);
  });
});
