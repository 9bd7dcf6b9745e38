// How a file becomes a FileEntry: its type, its codings and its content hash. Every source derives
// entries here (Node when it reads a file, a Worker's build step when it writes its manifest), so
// the same bytes get the same headers in every runtime.
import { contentTypeFor, isCompressible } from './content-type.js';
import { ALL_CODINGS, IDENTITY_ONLY } from './negotiate.js';
import type { Coding, FileEntry } from './types.js';

/** Below this size compression rarely pays for its headers. */
export const MIN_COMPRESS_BYTES = 256;

/** The codings a file may be sent in: br, gzip and identity for text of some size, else identity. */
export function codingsFor(contentType: string, size: number): readonly Coding[] {
  return isCompressible(contentType) && size >= MIN_COMPRESS_BYTES ? ALL_CODINGS : IDENTITY_ONLY;
}

/** Characters of the hash kept in ETags: 27 base64url characters, 162 bits of SHA-256. */
const HASH_CHARS = 27;
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function base64url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += BASE64URL[n >> 18]! + BASE64URL[(n >> 12) & 63]! + BASE64URL[(n >> 6) & 63]! + BASE64URL[n & 63]!;
  }
  // Unpadded: drop the characters that only encode the zero fill.
  return out.slice(0, Math.ceil((bytes.length * 4) / 3));
}

/**
 * The content hash ETags are made of: SHA-256 of the identity bytes, base64url, first 27
 * characters. Web Crypto, so Node and workerd compute the same value.
 */
export async function contentHash(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return base64url(new Uint8Array(digest)).slice(0, HASH_CHARS);
}

/**
 * The entry for a file's bytes.
 * @param path path inside the published folder, `/`-separated (its name decides the type)
 * @param lastModifiedMs the content date (contentDateOf), else the file's mtime
 */
export async function describeFile(path: string, bytes: Uint8Array, lastModifiedMs: number): Promise<FileEntry> {
  const contentType = contentTypeFor(path, bytes);
  return { contentType, lastModifiedMs, hash: await contentHash(bytes), codings: codingsFor(contentType, bytes.byteLength) };
}
