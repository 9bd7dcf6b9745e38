import { RunError } from '../../../core/errors.js';
import type { Command } from './command.js';

// Placeholder until its issue lands.
export const startCommand: Command = {
  name: 'start',
  summary: 'not built yet',
  async run() {
    throw new RunError('`start` is not built yet.');
  },
};
