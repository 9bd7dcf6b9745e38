// Where a run's four report files go. The Worker serves them from R2 (report-store of the HTTP
// part); this is the interface the check runs write through, and a plain R2 writer. report.json of a
// big run is written as a stream of known length (it need not fit the Worker's 128 MB at once).

/** A body too big to hold: its exact length in bytes and a stream of them (read once). */
export interface ReportStream {
  bytes: number;
  stream: ReadableStream<Uint8Array>;
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

/** The part of an R2 bucket binding used here. */
export interface R2Like {
  put(key: string, value: string | ReadableStream<Uint8Array>, options?: { httpMetadata?: { contentType?: string }; customMetadata?: Record<string, string> }): Promise<unknown>;
}

/** Puts each file under `<prefix><name>`; a stream goes through a FixedLengthStream (R2 needs the length). */
export function r2ReportSink(bucket: R2Like, prefix = 'health/'): ReportSink {
  return async (files) => {
    for (const f of files) {
      const options = { httpMetadata: { contentType: f.contentType }, customMetadata: { lastModified: f.lastModified } };
      if (typeof f.body === 'string') {
        await bucket.put(`${prefix}${f.name}`, f.body, options);
        continue;
      }
      const Fixed = (globalThis as unknown as { FixedLengthStream: new (n: number) => TransformStream<Uint8Array, Uint8Array> }).FixedLengthStream;
      const { readable, writable } = new Fixed(f.body.bytes);
      const piped = f.body.stream.pipeTo(writable);
      await Promise.all([bucket.put(`${prefix}${f.name}`, readable, options), piped]);
    }
  };
}

/** Reads a file's body as text (tests, and small sinks). */
export async function bodyText(body: string | ReportStream): Promise<string> {
  if (typeof body === 'string') return body;
  return new Response(body.stream).text();
}
