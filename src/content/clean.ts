// stripInvalidXmlChars for every string we load, without its cost on clean text: its regex has
// look-arounds for lone surrogates, slow on long strings; this plain class rules most text out first.
import { stripInvalidXmlChars } from '../core/text.js';

/** Every character stripInvalidXmlChars might remove (and any surrogate, paired or not). */
const MAYBE_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF\uFDD0-\uFDEF\uFFFD\uFFFE\uFFFF]/;

export function cleanText(text: string): string {
  return MAYBE_ILLEGAL.test(text) ? stripInvalidXmlChars(text) : text;
}
