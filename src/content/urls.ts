// URL hygiene for rendered HTML: resolve relative references, refuse script-bearing schemes.

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;
// Browsers ignore ASCII tab, newline and controls inside a scheme (`java\tscript:`), so we do too.
const IGNORED_IN_SCHEME = /[\u0000-\u0020\u007f]/g;

/** Null when the URL must go (javascript:, vbscript:, data: other than images in image slots). */
export function safeUrl(value: string, base: URL, imageSlot: boolean): string | null {
  const trimmed = value.trim();
  const scheme = SCHEME.exec(trimmed.replace(IGNORED_IN_SCHEME, ''))?.[1]?.toLowerCase();
  if (scheme === undefined) return resolve(trimmed, base);
  if (scheme === 'javascript' || scheme === 'vbscript') return null;
  if (scheme === 'data') {
    return imageSlot && /^data:image\/(png|gif|jpe?g|webp|avif);/i.test(trimmed) ? trimmed : null;
  }
  return trimmed;
}

function resolve(relative: string, base: URL): string | null {
  try {
    return new URL(relative, base).href;
  } catch {
    return null;
  }
}

/** `srcset`: comma-separated candidates of `url [descriptor]`; each URL resolved or dropped. */
export function safeSrcset(value: string, base: URL): string | null {
  const out: string[] = [];
  for (const candidate of value.split(',')) {
    const parts = candidate.trim().split(/\s+/);
    if (!parts[0]) continue;
    const url = safeUrl(parts[0], base, true);
    if (url !== null) out.push([url, ...parts.slice(1)].join(' '));
  }
  return out.length ? out.join(', ') : null;
}
