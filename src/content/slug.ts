// Slugs from titles, for item file names (`<yyyy-mm-dd>-<slug>.md`), which derived ids are made of
// (docs/content.md "Ids"). Used by `feedwatch new`, and by `import` for entries without a slug.

/** Letters that Unicode decomposition leaves alone: written out the way Nordic and German do. */
const LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss', æ: 'ae', ø: 'o', œ: 'oe', đ: 'd', ð: 'd', þ: 'th', ł: 'l', ı: 'i', ŋ: 'ng', ĸ: 'k', ſ: 's',
};

/** Longest slug, in characters: file names stay well below file system limits (255 bytes). */
export const MAX_SLUG_LENGTH = 80;

/**
 * The slug of a title: accents stripped (å, ä → a; ö → o; é → e), ß → ss, æ → ae, ø → o,
 * lowercase, words joined by single `-`, everything else dropped; cut at a word boundary after
 * MAX_SLUG_LENGTH characters. An apostrophe inside a word joins it (`it's` → `its`); any other
 * punctuation separates words (`EU:s` → `eu-s`, as WordPress does). Empty when the title has no
 * Latin letter or digit. Matches the item file pattern of src/content/layout.ts.
 */
export function slugify(title: string): string {
  const words = title
    .toLowerCase()
    .replace(/[ßæøœđðþłıŋĸſ]/g, (c) => LETTERS[c] ?? c)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/(?<=[a-z0-9])['’](?=[a-z0-9])/g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > MAX_SLUG_LENGTH) return slug || word.slice(0, MAX_SLUG_LENGTH);
    slug = next;
  }
  return slug;
}
