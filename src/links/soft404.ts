// Soft 404s: a page that answers 2xx but says "not found" in its title or main heading, or a deep
// link that lands on the site's home page. Phrases in Swedish, English and other EU languages.

/** Normalized (lower-case, no diacritics) "not found" phrases, by language. */
const NOT_FOUND_PHRASES: readonly string[] = [
  // English
  'page not found', 'page cannot be found', "page can't be found", 'page could not be found',
  'page does not exist', "page doesn't exist", 'no longer available', 'error 404', '404 error',
  // Swedish
  'sidan kunde inte hittas', 'sidan hittades inte', 'sidan finns inte', 'sidan saknas',
  'kunde inte hitta sidan', 'sidan du soker finns inte',
  // Danish / Norwegian
  'siden blev ikke fundet', 'siden findes ikke', 'siden ble ikke funnet', 'siden finnes ikke', 'fant ikke siden',
  // Finnish
  'sivua ei loytynyt', 'sivua ei loydy',
  // German
  'seite nicht gefunden', 'seite wurde nicht gefunden', 'seite existiert nicht',
  // French
  'page introuvable', "la page n'existe pas", 'page non trouvee', 'la page demandee est introuvable',
  // Italian
  'pagina non trovata', 'pagina non esiste',
  // Spanish / Portuguese
  'pagina no encontrada', 'no se encuentra la pagina', 'pagina nao encontrada', 'pagina nao existe',
  // Dutch
  'pagina niet gevonden', 'pagina bestaat niet',
  // Polish / Czech / Slovak
  'strony nie znaleziono', 'nie znaleziono strony', 'strona nie istnieje', 'stranka nenalezena', 'stranka nebola najdena',
  // Hungarian / Romanian / Estonian / Latvian / Lithuanian / Slovenian / Croatian
  'az oldal nem talalhato', 'pagina nu a fost gasita', 'lehte ei leitud', 'lapa nav atrasta', 'puslapis nerastas',
  'stran ni bila najdena', 'stranica nije pronadena',
  // Greek / Bulgarian
  'η σελιδα δεν βρεθηκε', 'страницата не е намерена',
];

/** Short generic phrases: only trusted in a short title or heading (an article may say "not found"). */
const GENERIC_PHRASES: readonly string[] = ['not found', 'hittades inte', 'nicht gefunden', 'niet gevonden', 'introuvable', 'non trovata', 'no encontrada'];
const SHORT_TEXT = 60;

/** Lower-case, diacritics folded, whitespace collapsed. */
export function foldText(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’`]/g, "'")
    .replace(/đ/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** True when a title or heading says the page was not found. */
export function saysNotFound(text: string | null | undefined): boolean {
  if (!text) return false;
  const t = foldText(text);
  // "404" alone, or with a word that makes it an error page ("Error 404", "404 – sidan finns inte").
  if (/(^|\D)404(\D|$)/.test(t) && (t.replace(/\W/g, '') === '404' || /error|fel|fehler|erreur|errore|not|page|sida|seite|pagina|strona/.test(t))) return true;
  if (NOT_FOUND_PHRASES.some((p) => t.includes(p))) return true;
  return t.length <= SHORT_TEXT && GENERIC_PHRASES.some((p) => t.includes(p));
}

const HOME_PATHS = new Set(['', '/', '/index.html', '/index.htm', '/index.php', '/default.aspx', '/start', '/home']);
/** Language home pages such as /sv/ or /en-gb/. */
const LANGUAGE_HOME = /^\/[a-z]{2}(-[a-z]{2})?\/?$/i;

export function isHomePage(url: URL): boolean {
  return !url.search && (HOME_PATHS.has(url.pathname.toLowerCase()) || LANGUAGE_HOME.test(url.pathname));
}

/** A link to something deeper than a home page that ended, after redirects, on a home page. */
export function landedOnHome(requested: string, final: string): boolean {
  if (requested === final) return false;
  try {
    return !isHomePage(new URL(requested)) && isHomePage(new URL(final));
  } catch {
    return false;
  }
}
