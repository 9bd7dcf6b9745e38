// The four reports (report.json, report.html, report.md, alerts.atom) in R2, which check runs write
// (part 2: finalize) and the fetch handler serves. report.html reaches megabytes, past what a D1
// row holds. Each object is stored with what serving it needs, so a request costs one head() and,
// for a GET answered 200, one read: the entry of src/serve's describeFile in its custom metadata,
// and a gzip copy (CompressionStream; the Workers runtime has no brotli) under a key of its own
// version, so a reader never gets one version's metadata with another version's copy.
import { IDENTITY_ONLY, describeFile, type Coding, type FileEntry } from '../../serve/index.js';

/** Reports live under this prefix, as in the published folder (`/health/report.json`). */
export const REPORTS_PREFIX = 'health/';
/** Compressed copies, outside `health/`, so no request path names one. */
const COPIES_PREFIX = 'copies/';

export interface ReportFile {
  /** The file name in health/: `report.json`, `report.html`, `report.md`, `alerts.atom`. */
  name: string;
  body: string | Uint8Array;
  /** The content date (the report's generatedAt): Last-Modified. */
  lastModified: Date;
}

/** What a report object's custom metadata holds (R2 keeps strings). */
export interface ReportMetadata {
  hash: string;
  contentType: string;
  lastModifiedMs: string;
  /** `gzip,identity` when a smaller gzip copy was kept, else `identity`. */
  codings: string;
  /** Byte length of the gzip copy, when there is one. */
  gzipSize?: string;
}

export function reportKey(name: string): string {
  return REPORTS_PREFIX + name;
}

/** A version's gzip copy: by name and content hash, so versions never share or overwrite one. */
export function gzipCopyKey(name: string, hash: string): string {
  return `${COPIES_PREFIX}${name}/${hash}.gz`;
}

/** The entry of a stored report, or null when its metadata is not ours (an object put by hand). */
export function entryFromMetadata(meta: Readonly<Record<string, string>> | undefined): (FileEntry & { gzipSize?: number }) | null {
  if (!meta) return null;
  const lastModifiedMs = Number(meta.lastModifiedMs);
  const codings = (meta.codings ?? '').split(',');
  if (!meta.hash || !meta.contentType || !Number.isFinite(lastModifiedMs)) return null;
  if (codings.join(',') === 'gzip,identity') {
    const gzipSize = Number(meta.gzipSize);
    if (!Number.isSafeInteger(gzipSize) || gzipSize < 0) return null;
    return { hash: meta.hash, contentType: meta.contentType, lastModifiedMs, codings: GZIP_IDENTITY, gzipSize };
  }
  if (codings.join(',') !== 'identity') return null;
  return { hash: meta.hash, contentType: meta.contentType, lastModifiedMs, codings: IDENTITY_ONLY };
}

const GZIP_IDENTITY: readonly Coding[] = Object.freeze(['gzip', 'identity'] as const);
const utf8 = new TextEncoder();

/** A file name inside health/: no folder, no dotfile (src/serve would never serve either). */
function checkName(name: string): void {
  if (!name || name.startsWith('.') || /[/\\%\0]/.test(name)) throw new Error(`writeReports: ${JSON.stringify(name)} is not a report file name`);
}

async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Stores each report under `health/<name>` with its metadata (and a gzip copy when that is
 * smaller). A report whose bytes and date are unchanged is not written again. The copy is written
 * before the object that names it; the copy of the version replaced is removed after, so a
 * reader that looked up the old version just before may miss it once (and the Worker answers again).
 */
export async function writeReports(bucket: R2Bucket, files: readonly ReportFile[]): Promise<void> {
  for (const file of files) checkName(file.name);
  for (const file of files) {
    const bytes = typeof file.body === 'string' ? utf8.encode(file.body) : file.body;
    const described = await describeFile(reportKey(file.name), bytes, file.lastModified.getTime());
    const key = reportKey(file.name);
    const before = entryFromMetadata((await bucket.head(key))?.customMetadata);
    if (before && before.hash === described.hash && before.lastModifiedMs === described.lastModifiedMs) continue;

    const meta: ReportMetadata = { hash: described.hash, contentType: described.contentType, lastModifiedMs: String(described.lastModifiedMs), codings: 'identity' };
    if (described.codings.includes('gzip')) {
      const copy = await gzip(bytes);
      if (copy.byteLength < bytes.byteLength) {
        await bucket.put(gzipCopyKey(file.name, described.hash), copy, { httpMetadata: { contentType: 'application/gzip' } });
        meta.codings = 'gzip,identity';
        meta.gzipSize = String(copy.byteLength);
      }
    }
    await bucket.put(key, bytes, { httpMetadata: { contentType: described.contentType }, customMetadata: { ...meta } });
    if (before?.gzipSize !== undefined && before.hash !== described.hash) await bucket.delete(gzipCopyKey(file.name, before.hash));
  }
}
