// Slugs for item file names: from the entry's link path (what the site itself called it), else
// from its title. Letters are transliterated (å, ä -> a; ö -> o; é -> e; ß -> ss; æ -> ae;
// ø -> o), lowercased, and words joined by single hyphens: `<yyyy-mm-dd>-<slug>.md`.

const SPECIAL: Record<string, string> = {
  ß: 'ss', ẞ: 'ss', æ: 'ae', Æ: 'ae', ø: 'o', Ø: 'o', œ: 'oe', Œ: 'oe', đ: 'd', Đ: 'd', ð: 'd', Ð: 'd',
  ł: 'l', Ł: 'l', þ: 'th', Þ: 'th', ı: 'i',
};

/** Long enough to tell items apart, short enough for any file system. */
export const MAX_SLUG = 80;

export function slugify(text: string, max = MAX_SLUG): string {
  const ascii = text
    .replace(/[ßẞæÆøØœŒđĐðÐłŁþÞı]/g, (c) => SPECIAL[c]!)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  let slug = ascii.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (slug.length > max) {
    slug = slug.slice(0, max);
    const cut = slug.lastIndexOf('-');
    if (cut > max / 2) slug = slug.slice(0, cut);
    slug = slug.replace(/-+$/, '');
  }
  return slug;
}

/** The last segment of the link's path (`/2024/12/02/hej-pa-er/` -> `hej-pa-er`), or ''. */
export function slugFromLink(link: string | undefined): string {
  if (!link) return '';
  let path: string;
  try {
    path = new URL(link).pathname;
  } catch {
    return '';
  }
  const last = path.split('/').filter((s) => s !== '').pop() ?? '';
  let segment = last;
  try {
    segment = decodeURIComponent(last);
  } catch {
    // a stray % : the segment as it is
  }
  const slug = slugify(segment.replace(/\.(html?|php|aspx?|jsp|cfm)$/i, ''));
  return slug === 'index' ? '' : slug;
}

/** `slug`, or `slug-2`, `slug-3`, ... : the first not in `taken`. */
export function uniqueSlug(slug: string, taken: ReadonlySet<string>): string {
  if (!taken.has(slug)) return slug;
  for (let n = 2; ; n++) if (!taken.has(`${slug}-${n}`)) return `${slug}-${n}`;
}
