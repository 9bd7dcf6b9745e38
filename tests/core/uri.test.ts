// IRI -> URI for RSS, and valid IRIs for Atom: checked against the W3C validator's URI pattern.
import { describe, expect, it } from 'vitest';
import { isUri, toIri, toUri } from '../../src/core/uri.js';
import { FULL_URI } from '../feeds/w3c-validator.js';

describe('toUri', () => {
  it('leaves a URI as it is, byte for byte', () => {
    for (const u of ['https://www.sbhss.eu/sv/a-b/?q=1&r=%C3%A5#del', 'http://127.0.0.1:8080/', 'mailto:info@example.org', 'tag:example.org,2020:x/y']) {
      expect(toUri(u)).toBe(u);
      expect(isUri(u)).toBe(true);
    }
  });

  it('puts an IDN host in punycode and percent-encodes a non-ASCII path, query and fragment as UTF-8', () => {
    expect(toUri('https://www.exämple.se/nyheter/möte?fråga=ja#del-ö')).toBe('https://www.xn--exmple-cua.se/nyheter/m%C3%B6te?fr%C3%A5ga=ja#del-%C3%B6');
    expect(toUri('https://bücher.example:8443/ärende/😀')).toBe('https://xn--bcher-kva.example:8443/%C3%A4rende/%F0%9F%98%80');
    expect(toUri('https://example.org/مرحبا')).toBe('https://example.org/%D9%85%D8%B1%D8%AD%D8%A8%D8%A7');
  });

  it('encodes the ASCII characters no URI may hold, a stray %, and a second #, but never the host of an IPv6 address', () => {
    expect(toUri('https://example.org/a|b[1]{2}^`"<>\\ c')).toBe('https://example.org/a%7Cb%5B1%5D%7B2%7D%5E%60%22%3C%3E%5C%20c');
    expect(toUri('https://example.org/100%/x%41#a#b')).toBe('https://example.org/100%25/x%41#a%23b');
    expect(toUri('https://[::1]:8080/ö')).toBe('https://[::1]:8080/%C3%B6');
    expect(toUri('https://anna:lösen@exämple.se/')).toBe('https://anna:l%C3%B6sen@xn--exmple-cua.se/');
  });

  it('always gives what the validator accepts as a URL', () => {
    const parts = ['ö', 'å', '😀', '|', '[', ']', '{', '^', '`', '%', '%2F', '#', ' ', 'a', '/', '?', '=', '&', 'ש', '\u202E'];
    for (let n = 0; n < 500; n++) {
      let path = '';
      for (let i = 0; i < 8; i++) path += parts[(n * 7 + i * 13 + (n >> i)) % parts.length];
      const uri = toUri(`https://www.exämple.se/${path}`);
      expect(uri, path).toMatch(FULL_URI);
      expect(isUri(uri)).toBe(true);
      expect(toUri(uri)).toBe(uri);
    }
  });

  it('drops lone surrogates rather than failing', () => {
    expect(toUri('https://example.org/a\uD800b')).toBe('https://example.org/ab');
  });
});

describe('toIri', () => {
  it('keeps non-ASCII characters and encodes only the ASCII ones no IRI may hold', () => {
    expect(toIri('https://www.exämple.se/möte?fråga=ja')).toBe('https://www.exämple.se/möte?fråga=ja');
    expect(toIri('https://example.org/a|b[1]/ö ö')).toBe('https://example.org/a%7Cb%5B1%5D/ö%20ö');
    expect(toIri('https://[::1]/ö')).toBe('https://[::1]/ö');
  });
});
