// Bytes to text: the charset from a BOM, the Content-Type header, or a <meta> in the first bytes
// (WHATWG encoding sniffing, simplified). Swedish sites still serve ISO-8859-1 and windows-1252.

/** How far into the body a <meta charset> is looked for (HTML Standard §13.2.3.2: 1024 bytes). */
const META_SNIFF_BYTES = 1024;

function bomCharset(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

export function charsetFromContentType(contentType: string | undefined): string | null {
  const m = /charset\s*=\s*"?([\w.:-]+)"?/i.exec(contentType ?? '');
  return m ? m[1]!.toLowerCase() : null;
}

function metaCharset(bytes: Uint8Array): string | null {
  // ASCII-compatible prefix is enough to find the declaration.
  const head = new TextDecoder('windows-1252').decode(bytes.subarray(0, META_SNIFF_BYTES));
  const m =
    /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head) ??
    /<meta[^>]+content\s*=\s*["'][^"']*charset=([\w.:-]+)/i.exec(head);
  return m ? m[1]!.toLowerCase() : null;
}

function decoderFor(label: string | null): InstanceType<typeof TextDecoder> | null {
  if (!label) return null;
  try {
    return new TextDecoder(label);
  } catch {
    return null; // unknown label: fall through to the next source
  }
}

/** Decodes a body; never throws (malformed bytes become U+FFFD). */
export function decodeBody(bytes: Uint8Array, contentType: string | undefined): string {
  const decoder =
    decoderFor(bomCharset(bytes)) ??
    decoderFor(charsetFromContentType(contentType)) ??
    decoderFor(metaCharset(bytes)) ??
    new TextDecoder('utf-8');
  return decoder.decode(bytes);
}

export function isHtml(contentType: string | undefined, body: Uint8Array): boolean {
  if (contentType) return /\b(text\/html|application\/xhtml\+xml)\b/i.test(contentType);
  const head = new TextDecoder('utf-8').decode(body.subarray(0, 512)).trimStart().toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html');
}
