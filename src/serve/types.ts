// The plain data the HTTP semantics work on, and the port through which they read files.
// Runtime-neutral: no node:*, no Buffer, no WHATWG Request/Response. A runtime (Node's
// http server, the Worker's fetch handler) translates its own request and response types to and
// from these, and implements FileSource over its own storage.

/** A content coding the server can send (RFC 9110 §8.4.1). */
export type Coding = 'br' | 'gzip' | 'identity';

/**
 * The request headers the semantics read, by lower-case name. Node's `IncomingMessage.headers`
 * fits as is; a Worker copies these four from its `Headers`.
 */
export interface RequestHeaders {
  readonly 'if-none-match'?: string | undefined;
  readonly 'if-modified-since'?: string | undefined;
  readonly 'accept-encoding'?: string | undefined;
  readonly 'access-control-request-headers'?: string | undefined;
}

export interface ServeRequest {
  /** The method as received, upper case (`GET`). */
  readonly method: string;
  /**
   * The raw request target as received: `/news/atom.xml?x=1`, percent-encoding untouched (or the
   * absolute form `http://host/path`). Not normalised: the path guards judge what the client sent.
   */
  readonly path: string;
  readonly headers: RequestHeaders;
}

/** What answering a file needs from a request: its method and conditional/negotiation headers. */
export interface FileRequest {
  readonly method?: string | undefined;
  readonly headers: RequestHeaders;
}

/**
 * The answer, ready to write. Header names are lower case, values strings. `body` is null for
 * HEAD, 204 and 304; otherwise either bytes the semantics made (pages, /healthz) or a file
 * variant's body, which is whatever the source put there (type B).
 * Objects may be shared between requests: never mutate them.
 */
export interface ServeResponse<B = Uint8Array> {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: B | Uint8Array | null;
}

/** A 200 or 304 answered from a file; `entry` lets a runtime cache how it got there. */
export interface FileResponse<E extends FileEntry = FileEntry, B = Uint8Array> extends ServeResponse<B> {
  readonly entry: E;
}

/**
 * One published file, as its source knows it. Sources build these with describeFile() (or from a
 * manifest describeFile() wrote at build time), so every runtime derives them the same way.
 * An entry stands for one version of the file: when the bytes change, the source makes a new entry.
 */
export interface FileEntry {
  /** The exact Content-Type (contentTypeFor). */
  readonly contentType: string;
  /** The content date in ms since the epoch: `.last-modified.json`, else the file's mtime. */
  readonly lastModifiedMs: number;
  /** contentHash() of the identity bytes; ETags are etagFor(hash, coding). */
  readonly hash: string;
  /**
   * The codings this file may be sent in, `identity` always among them (codingsFor). More than
   * one means the answer varies by Accept-Encoding.
   */
  readonly codings: readonly Coding[];
}

/** The bytes of one coding of a file. */
export interface Variant<B = Uint8Array> {
  /** The coding these bytes are in; `identity` when the source had no smaller compressed copy. */
  readonly coding: Coding;
  /** Content-Length: the byte length of `body` as sent. */
  readonly size: number;
  /**
   * Opaque to the semantics, handed back in the response for GET 200 only. Node: a Buffer. A
   * source that reads lazily may put a handle here and open it when it writes the body.
   */
  readonly body: B;
}

export type Lookup<E extends FileEntry = FileEntry> = { kind: 'file'; entry: E } | { kind: 'directory' } | { kind: 'missing' };

/**
 * The port a runtime implements to publish its files. Paths reach it already checked (decoded,
 * no `.`/`..`/dotfile/empty segment, no `%`, `\` or NUL): a source only has to refuse what its
 * own storage adds, such as symlinks leading out.
 */
export interface FileSource<E extends FileEntry = FileEntry, B = Uint8Array> {
  /** The file (or folder, or nothing) at these decoded path segments; `[]` is the root folder. */
  lookup(segments: readonly string[]): Lookup<E> | Promise<Lookup<E>>;
  /**
   * The entry's bytes in `coding`, one of `entry.codings`. May answer identity instead (say, when
   * compressing did not make the file smaller): the response then says what it really sends.
   */
  variant(entry: E, coding: Coding): Variant<B> | Promise<Variant<B>>;
}
