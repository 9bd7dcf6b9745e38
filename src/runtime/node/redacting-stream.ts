// The command line's stdout and stderr, with every secret redacted (core/redact.ts) on its way out:
// messages, progress, the summary table, `--format json`, `run`'s log lines. One place, so no
// message written later can forget it. Each write is redacted whole; the code writes whole lines.
import { Writable } from 'node:stream';
import type { Redactor } from '../../core/redact.js';

type Stream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

export function redactingStream(target: Stream, redact: () => Redactor): Stream {
  const w = new Writable({
    decodeStrings: false,
    write(chunk, _encoding, callback) {
      // Passed on at once (no buffering here): what was written is out when the command returns.
      target.write(redact()(String(chunk)));
      callback();
    },
  }) as Writable & { isTTY?: boolean; columns?: number };
  // A progress bar draws only on a terminal.
  w.isTTY = target.isTTY;
  if (target.columns !== undefined) w.columns = target.columns;
  return w;
}
