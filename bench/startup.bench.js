// `npm run bench -- startup`: how long the command line takes to start, as a user runs it: each
// command spawned afresh (`node bin/feedwatch.js ...`) BENCH_RUNS times (default 15), all commands
// interleaved, median wall time and CPU (user + sys, from GNU time when it is there). `serve` is timed
// until it prints the address it serves, then stopped with SIGTERM (no CPU figure). `node -e 0` is
// the floor.
// BENCH_COMPARE_ROOT=<another checkout with a built dist/> interleaves that build's runs too.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './check-process.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const GNU_TIME = '/usr/bin/time';
const ours = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const builds = [['ours', ours], ...(process.env.BENCH_COMPARE_ROOT ? [['compare', resolve(process.env.BENCH_COMPARE_ROOT)]] : [])];
const work = mkdtempSync(join(tmpdir(), 'feedwatch-bench-startup-'));
mkdirSync(join(work, 'public'));

const COMMANDS = [
  ['--help', ['--help']],
  ['serve --help', ['serve', '--help']],
  ['check --help', ['check', '--help']],
  ['build --help', ['build', '--help']],
  ['serve (until it listens)', ['serve', '--out', 'public', '--port', '0'], /serving /],
];

/** One run: wall ms until exit (or until `until` appears on stdout, then SIGTERM), CPU ms. */
async function once(args, until) {
  const timeFile = join(work, 'time.txt');
  // Not for a server: GNU time would die of the SIGTERM and leave the server running.
  const haveTime = existsSync(GNU_TIME) && !until;
  const cmd = haveTime ? GNU_TIME : process.execPath;
  const argv = haveTime ? ['-f', '%U %S', '-o', timeFile, process.execPath, ...args] : args;
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('FEEDWATCH_')));
  const started = performance.now();
  const child = spawn(cmd, argv, { cwd: work, env, stdio: ['ignore', 'pipe', 'ignore'] });
  let wall = NaN;
  let out = '';
  child.stdout.on('data', (c) => {
    out += c;
    if (until && Number.isNaN(wall) && until.test(out)) {
      wall = performance.now() - started;
      child.kill('SIGTERM');
    }
  });
  await new Promise((r) => child.on('close', r));
  if (!until) wall = performance.now() - started;
  let cpu = NaN;
  if (haveTime) {
    const [user, sys] = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    cpu = (user + sys) * 1000;
  }
  return { wall, cpu };
}

console.log(`load average at the start: ${loadavg().map((l) => l.toFixed(2)).join(' ')} (${new Date().toISOString()}), ${RUNS} runs each`);
const runs = new Map();
const add = (key, r) => runs.set(key, [...(runs.get(key) ?? []), r]);
try {
  for (let i = 0; i < RUNS; i++) {
    add('node -e 0', await once(['-e', '0']));
    for (const [name, args, until] of COMMANDS) {
      for (const [who, root] of builds) add(`${who}: ${name}`, await once([join(root, 'bin', 'feedwatch.js'), ...args], until));
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
for (const [key, rs] of runs) {
  const wall = median(rs.map((r) => r.wall));
  const cpu = median(rs.map((r) => r.cpu));
  console.log(`${key.padEnd(40)} median ${wall.toFixed(0).padStart(5)} ms, CPU ${cpu.toFixed(0).padStart(5)} ms`);
}
console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')} (${new Date().toISOString()})`);
