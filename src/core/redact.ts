// Secrets never reach a message, a log line or a report. What counts as secret:
// - the password of a URL's userinfo (`https://user:***@host/`);
// - the values of query parameters whose names say they are credentials (`?token=***`, `api_key`,
//   `sig`, `X-Amz-Signature`, ...);
// - the whole path and query of the webhook URL: for Slack- and Teams-style incoming webhooks the
//   path is the credential (`https://hooks.slack.com/***`);
// - every value of `check.headers` (`Authorization: Bearer ...`, API keys), wherever it turns up.
// State keeps the real values (`fix` needs a moved link's real address); redaction happens where
// text leaves the program.
import type { Config } from './config.js';

export const REDACTED = '***';

/** Query parameter names that carry credentials (matched on the whole name or its last part). */
// `;` too: in HTML the separator `&` is written `&amp;`, and a name then reads `amp;token`.
const SECRET_PARAM = /(^|[-_.;])(token|secret|password|passwd|pwd|apikey|api[-_]?key|key|sig|signature|auth|authorization|credential|credentials|session|sessionid|sid|jwt|otp)$/i;

/** Redacts the userinfo password and credential query values of one URL; other text is returned as it was. */
export function redactUrl(url: string): string {
  // A password needs an `@`, a query a `?`: without either there is nothing to redact (and no URL to parse).
  if (!url.includes('@') && !url.includes('?')) return url;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/?#:@]*):[^/?#@]*@/i, `$1:${REDACTED}@`);
  }
  let changed = false;
  if (u.password) {
    u.password = REDACTED;
    changed = true;
  }
  if (u.search) {
    // Rebuilt by hand: URLSearchParams would re-encode every other parameter.
    let hit = false;
    const pairs = u.search.slice(1).split('&').map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0 || eq === pair.length - 1) return pair;
      let name = pair.slice(0, eq);
      try {
        name = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // keep it as written
      }
      if (!SECRET_PARAM.test(name)) return pair;
      hit = true;
      return `${pair.slice(0, eq)}=${REDACTED}`;
    });
    if (hit) {
      u.search = `?${pairs.join('&')}`;
      changed = true;
    }
  }
  return changed ? u.href.replace(/%2A%2A%2A/g, REDACTED) : url;
}

/** The webhook URL as it may be shown: scheme, host and port only; its path and query are the secret. */
export function redactWebhookUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}/${REDACTED}`;
  } catch {
    return REDACTED;
  }
}

/**
 * Anything that looks like an absolute URL inside free text. It ends at a space, a quote or an angle
 * bracket, also when those are written as entities (in HTML, and HTML inside XML, a link's text
 * follows its `href="...">` as `&quot;&gt;`), and at the `](` between a Markdown link's text and its
 * target; `&amp;` stays part of it, as in a query.
 */
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/(?:(?!&(?:amp;)*(?:quot|gt|lt|apos|#34|#39|#x22|#x27);|\]\()[^\s"'<>`])+/gi;

export type Redactor = (text: string) => string;

/** Shorter secrets are not searched for in free text: they would blank out ordinary words. */
const MIN_SECRET = 4;

/** HTTP authentication schemes (IANA registry and common ones): the word before a header's token. */
const AUTH_SCHEMES = new Set(['basic', 'bearer', 'digest', 'token', 'negotiate', 'ntlm', 'hoba', 'mutual', 'oauth', 'dpop', 'gnap', 'vapid',
  'privatetoken', 'concealed', 'apikey', 'api-key', 'key', 'jwt', 'ssws', 'sharedkey', 'sharedkeylite', 'sso-key', 'aws4-hmac-sha256', 'scram-sha-1', 'scram-sha-256']);

/**
 * A redactor for free text (error messages, log lines): every known secret string is replaced, then
 * every URL in the text has its secret parts redacted. Secrets shorter than 4 characters are not
 * searched for (they would blank out ordinary words); they are still never printed on purpose.
 */
export function redactor(secrets: readonly string[] = []): Redactor {
  const known = [...new Set(secrets.filter((s) => s.length >= MIN_SECRET))].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const s of known) if (out.includes(s)) out = out.split(s).join(REDACTED);
    return out.replace(URL_IN_TEXT, (match) => {
      // Punctuation that ends a sentence or a Markdown link is not part of the address.
      const tail = /[).,;:!?\]]+$/.exec(match)?.[0] ?? '';
      return redactUrl(match.slice(0, match.length - tail.length)) + tail;
    });
  };
}

/** What the configuration holds that must never be shown: header values, the webhook's path, query and password. */
export function configSecrets(config: { check?: Pick<Config['check'], 'headers'>; alerts?: Pick<Config['alerts'], 'webhook'> }): string[] {
  const out: string[] = [];
  for (const headers of Object.values(config.check?.headers ?? {})) {
    for (const value of Object.values(headers ?? {})) {
      if (typeof value !== 'string') continue;
      out.push(value);
      // `Bearer abcd12`: the token alone may turn up too (a page or an error that quotes it), however
      // short; only the scheme's name before it is no secret, and hiding it would garble messages.
      const parts = value.split(/\s+/).filter((p) => p.length >= MIN_SECRET && !AUTH_SCHEMES.has(p.toLowerCase()));
      out.push(...parts);
    }
  }
  const hook = config.alerts?.webhook;
  if (hook) {
    out.push(hook);
    try {
      const u = new URL(hook);
      if (u.pathname.length > 1) out.push(u.pathname + u.search, u.pathname);
      if (u.search.length > 1) out.push(u.search);
      if (u.password) out.push(u.password, decodeUrlPart(u.password));
      // `https://TOKEN@host/`: without a password, the user name is the credential.
      else if (u.username) out.push(u.username, decodeUrlPart(u.username));
      // Sent as `Authorization: Basic ...` (health/webhook.ts): that value is the same secret.
      if (u.username || u.password) out.push(basicCredentials(decodeUrlPart(u.username), decodeUrlPart(u.password)));
      out.push(u.href);
    } catch {
      // not a URL: the whole string is the secret
    }
  }
  return out;
}

/** A percent-encoded part of a URL decoded, or as written when it does not decode. */
export function decodeUrlPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** The token of `Authorization: Basic` for these credentials: base64 of their UTF-8 bytes. */
export function basicCredentials(user: string, password: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(`${user}:${password}`)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The redactor for everything a run with this configuration prints or writes. */
export function redactorFor(config: Parameters<typeof configSecrets>[0]): Redactor {
  return redactor(configSecrets(config));
}
