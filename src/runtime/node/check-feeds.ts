// Feeds mode of `check`: load feeds/ through the content loader. Warnings go to stderr;
// invalid content throws ContentError (exit 2).
import type { Config } from '../../core/config.js';
import type { Feed } from '../../core/types.js';
import { UsageError } from '../../core/errors.js';

export async function loadFeeds(config: Config, stderr: NodeJS.WritableStream): Promise<Feed[]> {
  void config;
  void stderr;
  // Wired when the content loader (branch `content`) is merged.
  throw new UsageError('check: checking feeds needs the content loader, which is not merged yet; use --url URL.');
}
