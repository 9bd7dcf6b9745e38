// `feedwatch start` (`npm start`): the whole product on one machine.
import type { CommandContext } from './command.js';
import { runService } from './run.js';

/** `feedwatch start` (declared in declarations/start.ts, which imports this file when the command runs). */
export function run(ctx: CommandContext): Promise<number> {
  return runService(ctx, {}, { strictFirstBuild: true, checkAtStart: true, name: 'start' });
}
