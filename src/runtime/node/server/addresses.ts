// The addresses `start` and `run` print: each feed in each format, the OPML list and the report.
import { readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const FEED_FILES = ['atom.xml', 'rss.xml', 'feed.json'];

export async function publishedAddresses(out: string, baseUrl: string): Promise<string[]> {
  const lines: string[] = [];
  let names: string[] = [];
  try {
    names = (await readdir(out, { withFileTypes: true })).filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => d.name).sort();
  } catch {
    return lines;
  }
  if (existsSync(join(out, 'index.html'))) lines.push(`  feeds page   ${baseUrl}`);
  if (existsSync(join(out, 'feeds.opml'))) lines.push(`  OPML list    ${baseUrl}feeds.opml`);
  for (const id of names) {
    const files = FEED_FILES.filter((f) => existsSync(join(out, id, f)));
    if (files.length) lines.push(`  ${`feed ${id}`.padEnd(12)} ${files.map((f) => `${baseUrl}${id}/${f}`).join(' ')}`);
  }
  lines.push(...reportAddresses(out, baseUrl));
  lines.push(`  health       ${baseUrl}healthz`);
  return lines;
}

/** The link report (HTML if there is one, else JSON) and the alerts feed, once a check wrote them. */
export function reportAddresses(out: string, baseUrl: string): string[] {
  const lines: string[] = [];
  const report = ['report.html', 'report.json'].find((f) => existsSync(join(out, 'health', f)));
  if (report) lines.push(`  link report  ${baseUrl}health/${report}`);
  if (existsSync(join(out, 'health', 'alerts.atom'))) lines.push(`  alerts feed  ${baseUrl}health/alerts.atom`);
  return lines;
}
