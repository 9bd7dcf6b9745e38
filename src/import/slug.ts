// Slugs for imported items: from the entry's link path (what the site itself called it), else
// from its title, both through content's slugify, the one `feedwatch new` uses.
import { slugify } from '../content/slug.js';

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
