import { RunError } from '../../../core/errors.js';
import type { Command } from './command.js';

// Placeholder until its issue lands.
export const fixCommand: Command = {
  name: 'fix',
  summary: 'not built yet',
  async run() {
    throw new RunError('`fix` is not built yet.');
  },
};
