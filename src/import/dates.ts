// Source dates -> the date-times items are written with. RSS writes RFC 822 (`Thu, 29 Nov 2018
// 10:00:00 GMT`); Atom and JSON Feed write RFC 3339. The offset the source gave is kept, so the
// file's date prefix is the day as the site saw it.
import { checkDateTime } from '../content/values.js';

export interface ImportedDate {
  /** As written into the item: ISO 8601 with its offset. */
  text: string;
  date: Date;
  /** `yyyy-mm-dd` in the written offset: the file name's date prefix. */
  day: string;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** RFC 822 §5.1 zone names; a military letter other than Z means "unknown" (RFC 2822 §4.3), refused. */
const ZONES: Record<string, number> = { UT: 0, UTC: 0, GMT: 0, Z: 0, EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420 };
const RFC822 = /^(?:[A-Za-z]{3,9},?\s+)?(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{2}|\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(?:([+-]\d{4}|[+-]\d{2}:\d{2})|([A-Za-z]{1,5}))?$/;

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');

function offsetText(minutes: number): string {
  if (minutes === 0) return 'Z';
  return `${minutes < 0 ? '-' : '+'}${pad(Math.trunc(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}

function rfc822(text: string): ImportedDate | string {
  const m = RFC822.exec(text);
  if (!m) return `"${text}" is not a date (RFC 822, as in "Thu, 29 Nov 2018 10:00:00 GMT", or ISO 8601)`;
  const month = MONTHS.indexOf(m[2]!.slice(0, 3).toLowerCase());
  if (month < 0) return `"${text}" has an unknown month "${m[2]}"`;
  let year = Number(m[3]);
  if (m[3]!.length === 2) year += year < 50 ? 2000 : 1900;
  let offset: number;
  if (m[7]) {
    const digits = m[7].replace(':', '');
    offset = (digits[0] === '-' ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  } else if (m[8]) {
    const zone = ZONES[m[8].toUpperCase()];
    if (zone === undefined) return `"${text}" has an unknown time zone "${m[8]}"; give a numeric offset such as +0100`;
    offset = zone;
  } else {
    return `"${text}" has no time zone`;
  }
  const iso = `${year}-${pad(month + 1)}-${pad(Number(m[1]))}T${pad(Number(m[4]))}:${m[5]}:${m[6] ?? '00'}${offsetText(offset)}`;
  const checked = checkDateTime(iso);
  if (!checked.ok) return `"${text}" is not a real date or time`;
  return { text: iso, date: checked.value, day: iso.slice(0, 10) };
}

/** The date, or why it cannot be one. */
export function importDate(text: string): ImportedDate | string {
  const t = text.trim();
  if (/^\d{4}-\d{2}-\d{2}/.test(t)) {
    const checked = checkDateTime(t);
    if (!checked.ok) return checked.message;
    return { text: t, date: checked.value, day: t.slice(0, 10) };
  }
  return rfc822(t);
}
