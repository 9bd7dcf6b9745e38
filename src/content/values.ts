// Checks for single values. Each returns a problem (message + hint) or the clean value.

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string; hint: string };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const bad = <T>(message: string, hint: string): Checked<T> => ({ ok: false, message, hint });

const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;

/** An absolute http(s) URL, as written (trimmed). */
export function checkHttpUrl(text: string): Checked<string> {
  const example = 'write the full address, e.g. https://www.example.org/page';
  if (/\s/.test(text)) return bad(`"${text}" contains white space`, 'encode spaces as %20, or remove them');
  if (!SCHEME.test(text)) return bad(`"${text}" is a relative URL; an absolute http(s) URL is needed`, example);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return bad(`"${text}" is not a valid URL`, example);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return bad(`"${text}" uses ${url.protocol.slice(0, -1)}:, but only http and https URLs are allowed`, example);
  }
  if (!url.hostname) return bad(`"${text}" has no host name`, example);
  return ok(text);
}

// ISO 8601 / RFC 3339 date-time with a mandatory offset; seconds and fractions optional.
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const NO_OFFSET = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
const DATE_HINT = 'write a date, time and offset, e.g. 2018-11-29T10:00:00+01:00';

export function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= days[m - 1]!;
}

export function checkDateTime(text: string): Checked<Date> {
  const m = DATE_TIME.exec(text);
  if (!m) {
    if (DATE_ONLY.test(text)) return bad(`"${text}" has no time and offset`, DATE_HINT);
    if (NO_OFFSET.test(text)) return bad(`"${text}" has no UTC offset (Z or +hh:mm)`, DATE_HINT);
    return bad(`"${text}" is not an ISO 8601 date-time`, DATE_HINT);
  }
  const [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
  const s = m[6] === undefined ? 0 : Number(m[6]);
  if (!isRealDate(y, mo, d)) return bad(`"${text}" is not a real date`, 'check the month and day');
  if (h > 23 || mi > 59 || s > 59) return bad(`"${text}" is not a real time of day`, 'hours go from 00 to 23, minutes and seconds from 00 to 59');
  let offsetMinutes = 0;
  const zone = m[8]!;
  if (zone !== 'Z' && zone !== 'z') {
    const digits = zone.replace(':', '');
    const oh = Number(digits.slice(1, 3));
    const om = Number(digits.slice(3, 5));
    if (oh > 23 || om > 59) return bad(`"${text}" has an impossible UTC offset`, DATE_HINT);
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const ms = m[7] ? Math.floor(Number(m[7]) * 1000) : 0;
  return ok(new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms) - offsetMinutes * 60_000));
}

/**
 * A well-formed BCP 47 tag (RFC 5646) whose primary language is an ISO 639 code (2-3 letters):
 * RSS wants an ISO 639 code, and a 5-8 letter "language" like `swedish` is well-formed but never valid.
 */
export function checkLanguage(text: string): Checked<string> {
  const hint = 'use a BCP 47 language tag such as sv, en or sv-SE';
  let canonical: string;
  try {
    canonical = Intl.getCanonicalLocales(text)[0]!;
  } catch {
    return bad(`"${text}" is not a valid BCP 47 language tag`, hint);
  }
  if (!/^[a-z]{2,3}(-|$)/i.test(text)) return bad(`"${text}" does not start with an ISO 639 language code`, hint);
  return ok(canonical);
}

export function checkEmail(text: string): Checked<string> {
  return /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/.test(text)
    ? ok(text)
    : bad(`"${text}" is not an e-mail address`, 'write it as name@example.org, or leave the field out');
}
