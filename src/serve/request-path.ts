// Turns a request target into a path inside the output folder, or refuses it.
// Nothing outside the folder is ever named: each step below closes one way out (encoded dots,
// double encoding, backslashes, null bytes, absolute paths, dotfiles); what a runtime's storage
// adds is closed by its FileSource (Node: the realpath check against symlinks in file-cache.ts).

export type ResolvedPath =
  | { kind: 'file'; segments: string[]; directory: boolean }
  | { kind: 'bad-request'; reason: string }
  | { kind: 'not-found' };

/** `/a/b.xml?x` → segments `['a', 'b.xml']`; `/a/` → `['a']` with `directory: true`. */
export function resolveRequestPath(target: string): ResolvedPath {
  let raw = target;
  // RFC 9112 §3.2.2: a server must accept the absolute form (`GET http://host/path`).
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    try {
      const u = new URL(raw);
      raw = u.pathname + u.search;
    } catch {
      return { kind: 'bad-request', reason: 'malformed request target' };
    }
  }
  const end = raw.search(/[?#]/);
  const encoded = end >= 0 ? raw.slice(0, end) : raw;
  if (!encoded.startsWith('/')) return { kind: 'bad-request', reason: 'the path must start with /' };
  // Backslashes are path separators on Windows and in some proxies' normalisation: refuse them, raw or encoded.
  if (encoded.includes('\\')) return { kind: 'bad-request', reason: 'backslash in path' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(encoded);
  } catch {
    return { kind: 'bad-request', reason: 'malformed percent-encoding' };
  }
  if (decoded.includes('\0')) return { kind: 'bad-request', reason: 'null byte in path' };
  if (decoded.includes('\\')) return { kind: 'bad-request', reason: 'backslash in path' };
  const parts = decoded.slice(1).split('/');
  const directory = parts[parts.length - 1] === '';
  if (directory) parts.pop();
  for (const p of parts) {
    // Empty segments (`//etc/passwd`), `.` and `..`, and every dotfile (`.last-modified.json`,
    // temporary files of atomic writes) are not part of the published folder.
    if (p === '' || p.startsWith('.')) return { kind: 'not-found' };
    // A `%` left after one decoding is double encoding (`%252e%252e`): never a published name.
    if (p.includes('%')) return { kind: 'not-found' };
  }
  return { kind: 'file', segments: parts, directory };
}
