import { RunError } from '../../../core/errors.js';
import type { Command } from './command.js';

// Placeholder until its issue lands.
export const buildCommand: Command = {
  name: 'build',
  summary: 'not built yet',
  async run() {
    throw new RunError('`build` is not built yet.');
  },
};
