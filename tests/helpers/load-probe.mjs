// Preloaded with `node --import` by tests/startup/lazy-loading.test.ts: records every module the
// process loads, and writes the list to $FEEDWATCH_TEST_LOADED when it exits. ES modules are seen
// by a resolve hook (it runs on the loader's thread and appends to the file); CommonJS modules,
// also those loaded with createRequire (undici) or from inside a package, are in require.cache.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const file = process.env.FEEDWATCH_TEST_LOADED;
if (file) {
  register('./load-probe-hooks.mjs', import.meta.url, { data: { file } });
  const require = createRequire(import.meta.url);
  process.on('exit', () => appendFileSync(file, Object.keys(require.cache).map((p) => `${p}\n`).join('')));
}
