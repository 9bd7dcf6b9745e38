// Bytes -> text: UTF-8 only (TextDecoder fatal), with the line of the first bad byte when it is not.
import type { Diagnostics } from './diagnostics.js';

const utf8 = new TextDecoder('utf-8', { fatal: true }); // strips a leading BOM

export function decodeUtf8(bytes: Uint8Array, file: string, diagnostics: Diagnostics): string | null {
  try {
    return utf8.decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    let line = 1;
    for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line++;
    diagnostics.error(file, line, undefined, `not valid UTF-8 (byte ${at} cannot be decoded)`,
      'save the file as UTF-8 (e.g. it may be Latin-1 or UTF-16); å, ä and ö are fine in UTF-8');
    return null;
  }
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const probe = new TextDecoder('utf-8', { fatal: true });
  // Binary search on the longest valid prefix: decode(prefix) fails past the first bad sequence.
  // A prefix may also end mid-sequence, so test with stream: true (an incomplete tail is not an error).
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    try {
      probe.decode(bytes.subarray(0, mid), { stream: true });
      probe.decode(); // reset
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  return lo;
}
