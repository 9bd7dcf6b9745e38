// Where the command line runs in tests: never in the repository. Its root holds the user's
// feedwatch.config.json (a webhook, allowPrivate, ignore rules, thresholds...), feeds/ and
// .feedwatch/; a test that ran there would depend on them, or write into them.
import { relative, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Throws when `cwd` is the repository or a folder inside it. */
export function assertOutsideRepo(cwd: string): void {
  const rel = relative(REPO_ROOT, resolve(cwd));
  if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) {
    throw new Error(`tests run feedwatch outside the repository (its feedwatch.config.json, feeds/ and .feedwatch/ are the user's); got cwd ${cwd}. Use a temporary folder (tempDir).`);
  }
}

/**
 * The environment a test's child process gets: the test runner's own, without any FEEDWATCH_*
 * variable (the user's shell may set FEEDWATCH_CONFIG, FEEDWATCH_WEBHOOK...), plus `extra`.
 */
export function childEnv(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('FEEDWATCH_')) env[k] = v;
  return { ...env, ...extra };
}
