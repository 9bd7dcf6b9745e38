import { RunError } from '../../../core/errors.js';
import type { Command } from './command.js';

// Placeholder until its issue lands.
export const checkCommand: Command = {
  name: 'check',
  summary: 'not built yet',
  async run() {
    throw new RunError('`check` is not built yet.');
  },
};
