// `run` publishes a held (scheduled) item at its time: the real build under an injected clock, whose
// timers the test moves forward. A wait longer than setTimeout can hold (2^31-1 ms, 24.8 days) is
// waited in steps, never overflowed (an overflowed timer would fire at once).
import { describe, expect, it } from 'vitest';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runService } from '../../src/runtime/node/commands/run.js';
import { MAX_TIMER_MS, type Schedule, type Timers } from '../../src/runtime/node/scheduler.js';
import { get } from '../serve/fixtures.js';
import { serviceContext } from '../serve/helpers.js';
import { siteDir } from './helpers.js';

const DAY = 86_400_000;
const START = Date.parse('2026-11-28T10:00:00Z');

/** A clock whose time moves only when told, firing the timers that fall due on the way, in order. */
class FakeClock {
  t = START;
  delays: number[] = [];
  private pending: { id: number; at: number; fn: () => void }[] = [];
  private seq = 0;
  now = () => new Date(this.t);
  timers: Timers = {
    setTimeout: (fn, ms) => {
      this.delays.push(ms);
      const id = ++this.seq;
      this.pending.push({ id, at: this.t + ms, fn });
      return id;
    },
    clearTimeout: (id) => {
      this.pending = this.pending.filter((p) => p.id !== id);
    },
  };
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const next = this.pending.filter((p) => p.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.pending = this.pending.filter((p) => p !== next);
      this.t = next.at;
      next.fn();
    }
    this.t = end;
  }
  get armed(): number {
    return this.pending.length;
  }
}

/** Cron schedules that never fire: only the clock's timers run anything. */
const never: Schedule = () => ({ stop() {} });

async function site(heldAt: Date) {
  const dir = await siteDir('feedwatch-run-held-');
  const feeds = join(dir, 'feeds');
  await mkdir(join(feeds, 'news/items'), { recursive: true });
  await writeFile(join(feeds, 'news/feed.yaml'), 'title: Nyheter\ndescription: D\nlink: https://www.example.org/\nlanguage: sv\nauthor: Kontoret\n');
  await writeFile(join(feeds, 'news/items/2026-11-01-publicerad.md'), '---\ntitle: Publicerad\ndate: 2026-11-01T10:00:00+01:00\nlink: https://www.example.org/a\n---\nText.\n');
  await writeFile(join(feeds, 'news/items/2026-12-01-vantande.md'), `---\ntitle: Väntande\ndate: ${heldAt.toISOString()}\nlink: https://www.example.org/b\n---\nText.\n`);
  return { feeds, out: join(dir, 'public') };
}

async function start(heldAt: Date, env: Record<string, string> = {}) {
  const { feeds, out } = await site(heldAt);
  const clock = new FakeClock();
  const { ctx: base, stdout, stderr, abort } = serviceContext({ feeds, out });
  const ctx = { ...base, env };
  const running = runService(ctx, { schedule: never, tasks: { check: async () => ({ exitCode: 0, summary: 'no check' }) }, clock }, { strictFirstBuild: false, checkAtStart: false });
  const [, url] = await stdout.waitFor(/serving .* on (http:\S+)/);
  const health = async () => JSON.parse((await get(`${url}healthz`)).body.toString()) as { nextDue: string | null; counts: { build: number } };
  const atom = () => readFile(join(out, 'news/atom.xml'), 'utf8');
  const stop = async () => {
    abort.abort();
    expect(await running).toBe(0);
  };
  return { clock, stdout, stderr, health, atom, stop };
}

describe('run: scheduled items', () => {
  it('rebuilds when the held item falls due, and not before', async () => {
    const due = new Date(START + 3 * DAY);
    const s = await start(due);
    await s.stdout.waitFor(/next scheduled item due 2026-12-01T10:00:00\.000Z: rebuild then/);
    expect(await s.atom()).not.toContain('Väntande');
    expect(s.clock.delays).toEqual([3 * DAY]);
    expect(await s.health()).toMatchObject({ nextDue: '2026-12-01T10:00:00.000Z', counts: { build: 1 } });

    s.clock.advance(3 * DAY - 1);
    expect((await s.health()).counts.build).toBe(1);
    s.clock.advance(1);
    await s.stdout.waitFor(/build #2 \(scheduled item due 2026-12-01T10:00:00\.000Z\): exit 0/);
    expect(await s.atom()).toContain('<title type="text">Väntande</title>');
    expect(await s.health()).toMatchObject({ nextDue: null, counts: { build: 2 } });
    expect(s.clock.armed).toBe(0);
    await s.stop();
  });

  it('waits more than 24.8 days in steps of at most 2^31-1 ms, then publishes on time', async () => {
    const due = new Date(START + 40 * DAY);
    const s = await start(due);
    await s.stdout.waitFor(/next scheduled item due 2027-01-07T10:00:00\.000Z/);
    expect(s.clock.delays).toEqual([MAX_TIMER_MS]);

    s.clock.advance(MAX_TIMER_MS); // the first step ends: armed again for the rest, no build
    expect(s.clock.delays).toEqual([MAX_TIMER_MS, 40 * DAY - MAX_TIMER_MS]);
    expect(await s.health()).toMatchObject({ nextDue: '2027-01-07T10:00:00.000Z', counts: { build: 1 } });
    expect(await s.atom()).not.toContain('Väntande');

    s.clock.advance(40 * DAY - MAX_TIMER_MS);
    await s.stdout.waitFor(/build #2 \(scheduled item due 2027-01-07T10:00:00\.000Z\): exit 0/);
    expect(await s.atom()).toContain('Väntande');
    expect(s.clock.delays.every((ms) => ms <= MAX_TIMER_MS)).toBe(true);
    await s.stop();
  });

  it('ignores FEEDWATCH_NOW, with a notice: a fixed cut-off would hold items forever', async () => {
    const s = await start(new Date(START + DAY), { FEEDWATCH_NOW: '2030-01-01T00:00:00Z' });
    await s.stdout.waitFor(/next scheduled item due 2026-11-29T10:00:00\.000Z/);
    expect(s.stderr.text).toBe('feedwatch: FEEDWATCH_NOW is ignored by run: scheduled items are published by the clock when they fall due.\n');
    expect(await s.atom()).not.toContain('Väntande');
    await s.stop();
  });

  it('stopping clears the timer', async () => {
    const s = await start(new Date(START + 2 * DAY));
    await s.stdout.waitFor(/next scheduled item due/);
    expect(s.clock.armed).toBe(1);
    await s.stop();
    expect(s.clock.armed).toBe(0);
  });
});
