// The compressed copies of a file's bytes, made the same way wherever Node makes them: by the
// server's file cache (once per content) and by build:worker (once per build). Done once per
// content, so the best ratio is affordable: gzip level 9, brotli quality 11 in text mode.
import { promisify } from 'node:util';
import { brotliCompress, gzip, constants as zlib } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** The bytes in `coding`, or null when compressing does not make them smaller (send identity then). */
export async function compressCopy(input: Uint8Array, coding: 'br' | 'gzip'): Promise<Buffer | null> {
  const bytes =
    coding === 'br'
      ? await brotli(input, {
          params: {
            [zlib.BROTLI_PARAM_QUALITY]: 11,
            [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
            [zlib.BROTLI_PARAM_SIZE_HINT]: input.byteLength,
          },
        })
      : await gzipAsync(input, { level: 9 });
  return bytes.byteLength < input.byteLength ? bytes : null;
}
