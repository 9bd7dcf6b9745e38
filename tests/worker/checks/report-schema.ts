// report.json against docs/report.schema.json, from inside workerd: ajv generates code, which workerd
// forbids, so the report goes to the Node side (tests/helpers/worker-origins-setup.ts) to be checked.
import { expect, inject } from 'vitest';

export async function expectValidReport(report: unknown): Promise<void> {
  const res = await fetch(`${inject('countingOrigins').control}/validate-report`, { method: 'POST', body: typeof report === 'string' ? report : JSON.stringify(report) });
  const { error } = (await res.json()) as { error: string | null };
  expect(error).toBeNull();
}
