// The reports (`/health/...`) from R2: a head() per request gives the entry (report-store.ts wrote
// it into the object's metadata); the body is read only for a GET answered 200, and only if the
// object is still the version looked up (onlyIf etag), so the bytes always match the ETag sent.
import type { Coding, FileSource, Lookup } from '../../serve/index.js';
import { BodyGone, variantOf, type LazyBody, type WorkerEntry, type WorkerVariant } from './body.js';
import { entryFromMetadata, gzipCopyKey, reportKey } from './report-store.js';

export class ReportSource implements FileSource<WorkerEntry, LazyBody> {
  constructor(private readonly bucket: R2Bucket) {}

  /** @param segments the path below health/ */
  async lookup(segments: readonly string[]): Promise<Lookup<WorkerEntry>> {
    if (segments.length !== 1) return { kind: 'missing' }; // the reports are files right in health/
    const name = segments[0]!;
    const head = await this.bucket.head(reportKey(name));
    if (!head) return { kind: 'missing' };
    const entry = entryFromMetadata(head.customMetadata);
    if (!entry) {
      console.error(`feedwatch: [reports] ${reportKey(name)} in the REPORTS bucket has no feedwatch metadata (put there by hand?): not served. Reports are written by the check runs (writeReports).`);
      return { kind: 'missing' };
    }
    const read = (key: string, etag?: string): LazyBody => ({
      open: async () => {
        const object = await this.bucket.get(key, etag ? { onlyIf: { etagMatches: etag } } : {});
        if (!object || !('body' in object)) throw new BodyGone(`R2 ${key} changed or went away`);
        return object.body;
      },
    });
    const variants: Partial<Record<Coding, WorkerVariant>> & { identity: WorkerVariant } = {
      identity: { coding: 'identity', size: head.size, body: read(head.key, head.etag) },
    };
    // The copy's key names its version, so it needs no etag check of its own.
    if (entry.gzipSize !== undefined) variants.gzip = { coding: 'gzip', size: entry.gzipSize, body: read(gzipCopyKey(name, entry.hash)) };
    return { kind: 'file', entry: { contentType: entry.contentType, lastModifiedMs: entry.lastModifiedMs, hash: entry.hash, codings: entry.codings, variants } };
  }

  variant(entry: WorkerEntry, coding: Coding): WorkerVariant {
    return variantOf(entry, coding);
  }
}
