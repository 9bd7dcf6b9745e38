// For memory measurements of a child process: `node --expose-gc --import ./tests/helpers/gc-on-signal.mjs`.
// On SIGUSR2 it runs a full GC and writes `feedwatch-test: gc #<n> rss=<bytes> heap=<bytes>` to
// stderr, so the parent reads the memory the process holds without the garbage of the moment.
let n = 0;
if (typeof globalThis.gc === 'function') {
  process.on('SIGUSR2', () => {
    globalThis.gc();
    const m = process.memoryUsage();
    process.stderr.write(`feedwatch-test: gc #${++n} rss=${m.rss} heap=${m.heapUsed}\n`);
  });
}
