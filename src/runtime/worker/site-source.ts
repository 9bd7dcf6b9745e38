// The published site as one FileSource: `health/` from the reports in R2, everything else from
// the static assets, as in the Node server's output folder.
import type { Coding, FileSource, Lookup } from '../../serve/index.js';
import { variantOf, type LazyBody, type WorkerEntry, type WorkerVariant } from './body.js';
import type { AssetSource } from './asset-source.js';
import type { ReportSource } from './report-source.js';

const REPORTS_FOLDER = 'health';

export class SiteSource implements FileSource<WorkerEntry, LazyBody> {
  constructor(
    private readonly assets: AssetSource,
    private readonly reports: ReportSource | null,
  ) {}

  lookup(segments: readonly string[]): Lookup<WorkerEntry> | Promise<Lookup<WorkerEntry>> {
    if (segments[0] !== REPORTS_FOLDER) return this.assets.lookup(segments);
    // health/ is always a folder: its page is report.html once a check has written one.
    if (segments.length === 1) return { kind: 'directory' };
    return this.reports ? this.reports.lookup(segments.slice(1)) : { kind: 'missing' };
  }

  variant(entry: WorkerEntry, coding: Coding): WorkerVariant {
    return variantOf(entry, coding);
  }
}
