// What a Worker source puts in a Variant's body: a handle, opened only when a GET is answered 200,
// so HEAD, 304 and every error page cost no asset fetch or R2 read.
import type { Coding, FileEntry, Variant } from '../../serve/index.js';

export interface LazyBody {
  /** The bytes as a stream; throws BodyGone when the store no longer has this version. */
  open(): Promise<ReadableStream>;
}

/** The version looked up is gone (replaced between lookup and read): answer the request again. */
export class BodyGone extends Error {}

export type WorkerVariant = Variant<LazyBody>;

/** An entry of either Worker source, with its variants made once, so src/serve can reuse its responses. */
export interface WorkerEntry extends FileEntry {
  readonly variants: Readonly<Partial<Record<Coding, WorkerVariant>>> & { readonly identity: WorkerVariant };
}

/** The variant for a coding; identity when the source kept no smaller copy. */
export function variantOf(entry: WorkerEntry, coding: Coding): WorkerVariant {
  return entry.variants[coding] ?? entry.variants.identity;
}
