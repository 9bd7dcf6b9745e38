// Loaded with `node --expose-gc --import bench/heap-probe.js bin/feedwatch.js ...` by the check
// bench's 20,000-link run: every 2 s, the live heap (heapUsed right after a full GC) and RSS; written
// as JSON to $BENCH_HEAP_LOG when the process exits. The GCs cost the measured run a few ms each.
import { writeFileSync } from 'node:fs';

const samples = [];
const started = performance.now();
const timer = setInterval(() => {
  globalThis.gc?.();
  const m = process.memoryUsage();
  samples.push({ s: Math.round((performance.now() - started) / 100) / 10, heap: m.heapUsed, rss: m.rss });
}, 2000);
timer.unref();
process.on('exit', () => {
  if (process.env.BENCH_HEAP_LOG) writeFileSync(process.env.BENCH_HEAP_LOG, JSON.stringify(samples));
});
