import { RunError } from '../../../core/errors.js';
import type { Command } from './command.js';

// Placeholder until its issue lands.
export const runCommand: Command = {
  name: 'run',
  summary: 'not built yet',
  async run() {
    throw new RunError('`run` is not built yet.');
  },
};
