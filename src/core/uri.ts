// IRI -> URI for the feed elements that must hold a URL. RSS 2.0 predates IRIs, and the W3C Feed
// Validator says "IRI found where URL expected": there an IDN host goes in punycode and every
// other character outside RFC 3986's set is percent-encoded as UTF-8 (toUri). Atom may keep an
// IRI, but not the ASCII characters no IRI may hold, such as `|`, `{` or a space (toIri).

/** RFC 3986 unreserved and reserved characters and `%`, less `[`/`]` (only for IPv6 hosts). */
const URI_CHAR = /[A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]/;
const PLAIN_URI = /^[A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]*$/;
const BAD_PERCENT = /%(?![0-9A-Fa-f]{2})/;
const AUTHORITY = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)([^/?#]*)([\s\S]*)$/;

/** True when `text` is already a URI: nothing toUri would change. */
export function isUri(text: string): boolean {
  return PLAIN_URI.test(text) && !BAD_PERCENT.test(text) && text.indexOf('#') === text.lastIndexOf('#');
}

/**
 * `iri` as a URI. A URL that is one already comes back unchanged (so feeds of plain-ASCII links
 * keep their bytes); otherwise only what must change changes: the host, and the characters.
 */
export function toUri(iri: string): string {
  return isUri(iri) ? iri : convert(iri, true);
}

/** `iri` as a valid IRI: non-ASCII kept, ASCII characters no IRI may hold percent-encoded. */
export function toIri(iri: string): string {
  return isUri(iri.replace(/[^\x00-\x7f]/g, 'a')) ? iri : convert(iri, false);
}

function convert(iri: string, ascii: boolean): string {
  const m = AUTHORITY.exec(iri);
  if (!m) return encode(iri, ascii);
  const [, scheme, authority, rest] = m as unknown as [string, string, string, string];
  const at = authority.lastIndexOf('@');
  const userinfo = at >= 0 ? encode(authority.slice(0, at), ascii) + '@' : '';
  const hostPort = authority.slice(at + 1);
  const host = ascii ? asciiHost(scheme, hostPort) : /^[^\x00-\x20"<>\\^`{|}]*$/.test(hostPort) ? hostPort : encode(hostPort, false);
  return scheme + userinfo + host + encode(rest, ascii);
}

/** The host (and port) in ASCII: punycode through the URL parser, which applies UTS #46. */
function asciiHost(scheme: string, hostPort: string): string {
  if (/^[A-Za-z0-9\-.:[\]]*$/.test(hostPort)) return hostPort;
  try {
    return new URL(`${scheme}${hostPort}/`).host;
  } catch {
    return encode(hostPort, true);
  }
}

/**
 * Percent-encodes (UTF-8) the characters outside the URI set (non-ASCII ones only when `ascii`),
 * a `%` that starts no escape, and every `#` after the first. Lone surrogates are dropped, as from
 * every text.
 */
function encode(text: string, ascii: boolean): string {
  let out = '';
  let sawHash = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const code = text.codePointAt(i)!;
    if (c === '#' ? !sawHash : c === '%' ? /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3)) : URI_CHAR.test(c)) {
      sawHash ||= c === '#';
      out += c;
    } else if (code >= 0xd800 && code <= 0xdfff) {
      continue;
    } else if (code > 0x7f && !ascii) {
      out += String.fromCodePoint(code);
      if (code > 0xffff) i++;
    } else {
      out += encodeURIComponent(String.fromCodePoint(code));
      if (code > 0xffff) i++;
    }
  }
  return out;
}
