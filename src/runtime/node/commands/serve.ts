import { RunError } from '../../../core/errors.js';
import type { Command } from './command.js';

// Placeholder until its issue lands.
export const serveCommand: Command = {
  name: 'serve',
  summary: 'not built yet',
  async run() {
    throw new RunError('`serve` is not built yet.');
  },
};
