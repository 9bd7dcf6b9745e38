// build and check as scheduler tasks: one summary line, and what the command told the user kept.
import { describe, expect, it } from 'vitest';
import { commandTask } from '../../src/runtime/node/commands/tasks.js';
import type { Command } from '../../src/runtime/node/commands/command.js';
import { RunError } from '../../src/core/errors.js';
import { serviceContext } from './helpers.js';

function command(run: Command['run']): Command {
  return { name: 'check', summary: 'test', run };
}

describe('commandTask', () => {
  it('keeps "feedwatch:" notices of a run that went through as details, not progress lines', async () => {
    const { ctx } = serviceContext({});
    const task = commandTask(
      command(async (c) => {
        c.stderr.write('check: 1/3 links checked\n');
        c.stderr.write('feedwatch: [check] this machine looks offline\n');
        c.stdout.write('report: public/health/report.json\n');
        return 1;
      }),
      ctx,
    );
    const result = await task(new AbortController().signal);
    expect(result).toEqual({ exitCode: 1, summary: 'report: public/health/report.json', details: 'feedwatch: [check] this machine looks offline' });
  });

  it('a fatal error becomes the summary, its further lines the details', async () => {
    const { ctx } = serviceContext({});
    const task = commandTask(command(async () => { throw new RunError('cannot write x\nsecond line'); }), ctx);
    const result = await task(new AbortController().signal);
    expect(result).toEqual({ exitCode: 3, summary: '[run] cannot write x', details: 'second line' });
  });
});
