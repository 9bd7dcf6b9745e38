// Where a run's four report files go: R2, through the HTTP part's report store (report-store.ts:
// writeReports, which keeps the metadata serving needs and a gzip copy). report.json of a big run
// comes as a stream of known length, read page by page from D1; up to IN_MEMORY_REPORT_BYTES it is
// read whole and written like the others, above that it is written as a stream (hashed in a first
// pass, then put), without a gzip copy, so it never has to fit the Worker's 128 MB at once.
import { entryFromMetadata, gzipCopyKey, reportKey, writeReports, type ReportMetadata } from '../report-store.js';

/** A body too big to hold: its exact length in bytes and a way to read it (each call reads it afresh). */
export interface ReportStream {
  bytes: number;
  open(): ReadableStream<Uint8Array>;
}

export interface ReportFile {
  /** `report.json`, `report.html`, `report.md` or `alerts.atom`. */
  name: string;
  body: string | ReportStream;
  /** ISO 8601: the run's time (Last-Modified). */
  lastModified: string;
  contentType: string;
}

export type ReportSink = (files: ReportFile[]) => Promise<void>;

/** Reports up to this size are read whole and written by writeReports; bigger ones are streamed. */
export const IN_MEMORY_REPORT_BYTES = 16_000_000;

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** src/serve's contentHash (SHA-256, base64url, 27 characters) of a digest computed elsewhere. */
export function hashOfDigest(digest: Uint8Array): string {
  let out = '';
  for (let i = 0; i < digest.length; i += 3) {
    const n = (digest[i]! << 16) | ((digest[i + 1] ?? 0) << 8) | (digest[i + 2] ?? 0);
    out += BASE64URL[n >> 18]! + BASE64URL[(n >> 12) & 63]! + BASE64URL[(n >> 6) & 63]! + BASE64URL[n & 63]!;
  }
  return out.slice(0, 27);
}

/** SHA-256 of a stream, without holding it (workerd's DigestStream). */
async function streamHash(stream: ReadableStream<Uint8Array>): Promise<string> {
  const digest = new crypto.DigestStream('SHA-256');
  await stream.pipeTo(digest);
  return hashOfDigest(new Uint8Array(await digest.digest));
}

/** One big report: hashed in a first pass, then put through a FixedLengthStream (R2 needs the length). */
async function writeStreamed(bucket: R2Bucket, file: ReportFile & { body: ReportStream }): Promise<void> {
  const key = reportKey(file.name);
  const hash = await streamHash(file.body.open());
  const lastModifiedMs = Date.parse(file.lastModified);
  const before = entryFromMetadata((await bucket.head(key))?.customMetadata);
  if (before && before.hash === hash && before.lastModifiedMs === lastModifiedMs) return;
  const meta: ReportMetadata = { hash, contentType: file.contentType, lastModifiedMs: String(lastModifiedMs), codings: 'identity' };
  const { readable, writable } = new FixedLengthStream(file.body.bytes);
  await Promise.all([
    file.body.open().pipeTo(writable),
    bucket.put(key, readable, { httpMetadata: { contentType: file.contentType }, customMetadata: { ...meta } }),
  ]);
  if (before?.gzipSize !== undefined) await bucket.delete(gzipCopyKey(file.name, before.hash));
}

/** The reports into the REPORTS bucket, as the fetch handler serves them. */
export function r2ReportSink(bucket: R2Bucket, inMemoryBytes = IN_MEMORY_REPORT_BYTES): ReportSink {
  return async (files) => {
    const whole: Parameters<typeof writeReports>[1][number][] = [];
    for (const f of files) {
      const lastModified = new Date(f.lastModified);
      if (typeof f.body === 'string') whole.push({ name: f.name, body: f.body, lastModified });
      else if (f.body.bytes <= inMemoryBytes) whole.push({ name: f.name, body: new Uint8Array(await new Response(f.body.open()).arrayBuffer()), lastModified });
      else await writeStreamed(bucket, f as ReportFile & { body: ReportStream });
    }
    await writeReports(bucket, whole);
  };
}

/** Reads a file's body as text (tests, and small sinks). */
export async function bodyText(body: string | ReportStream): Promise<string> {
  if (typeof body === 'string') return body;
  return new Response(body.open()).text();
}
