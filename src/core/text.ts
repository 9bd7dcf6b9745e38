// Text hygiene every output format needs, whatever the input holds.

/**
 * Characters XML 1.0 forbids (§2.2 Char): C0 controls other than tab, LF and CR; lone surrogates;
 * U+FFFE and U+FFFF. Also drops C1 controls and noncharacters that validators flag as "discouraged",
 * and U+FFFD, the mark of a decoding error (`&#0;` decodes to it), which the W3C Feed Validator
 * reports as "bad characters" like every C1 control.
 */
const XML_ILLEGAL =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFDD0-\uFDEF\uFFFD\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function stripInvalidXmlChars(text: string): string {
  return text.replace(XML_ILLEGAL, '');
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for XML/HTML element content and attribute values, dropping illegal characters first. */
export function escapeXml(text: string): string {
  return stripInvalidXmlChars(text).replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}

/** Same escaping for HTML pages (the rules coincide for text and quoted attributes). */
export const escapeHtml = escapeXml;
