// Last-Modified comes from the content date, not the file's mtime, so an identical rebuild does not
// change it. build and check keep the dates beside the files in a folder's `.last-modified.json`
// (`{ "<file name>": "<ISO 8601>" }`); a source reads that record and asks here.

/** The record's dates by file name; a damaged or foreign record counts as empty. */
export function parseContentDates(text: string): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** The content date of `name` in ms since the epoch, or undefined when it has no valid one. */
export function contentDateOf(dates: Readonly<Record<string, unknown>>, name: string): number | undefined {
  const value = Object.hasOwn(dates, name) ? dates[name] : undefined;
  const ms = typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isNaN(ms) ? undefined : ms;
}
