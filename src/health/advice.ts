// What the reports tell a maintainer to do, written once as parts (text, code, addresses) so each
// format renders them its own way: HTML <code> and links, Markdown code spans and links, plain text
// for the terminal and the webhook. Outside strings (addresses) are parts of their own, never
// pasted into a code span or markup.
import { escapeHtml } from '../core/text.js';
import type { LinkStatus, Suggestion } from '../core/types.js';

export type Part = string | { code: string } | { url: string };

/** What to do about a link (or an event) in this status. In a run that looked offline, a failing link is no evidence. */
export function advice(status: LinkStatus, finalUrl: string | null, suggestion: Suggestion | null, offline = false): Part[] {
  switch (status) {
    case 'broken':
    case 'soft404':
      if (offline) return ['Probably nothing: this run reached no site at all (see the note at the top). Run the check again once the network works.'];
      return suggestion?.kind === 'archive'
        ? ['Replace the link in the citing items, or point it to the archived copy ', { url: suggestion.url }, '.']
        : ['Replace or remove the link in the citing items; no archived copy is known.'];
    case 'moved': {
      const to = finalUrl ?? suggestion?.url;
      return ['Update the link to ', to ? { url: to } : 'its new address', ' (', { code: 'feedwatch fix --write' }, ' does it for every moved link).'];
    }
    case 'changed':
      return ['Check that the source still says what the citing items cite it for.'];
    case 'blocked':
      return ['The site refuses automated checks; open it in a browser to confirm it works. It is not counted as broken.'];
    case 'ok':
      return ['Nothing to do: the link works again.'];
    case 'skipped':
      return ['Not checked.'];
  }
}

/** The skip reason of links the SSRF guard kept the checker away from. */
export const PRIVATE_ADDRESS = 'private-address';

/** Why private addresses were skipped, and how to check them anyway. */
export function privateAddressHint(count: number): Part[] {
  const links = count === 1 ? '1 link was' : `${count} links were`;
  return [
    `${links} not checked because ${count === 1 ? 'it points' : 'they point'} to a private, loopback or link-local address (`,
    { code: PRIVATE_ADDRESS },
    '): the guard against server-side request forgery keeps the checker off local networks. To check such links (an intranet, a local test server), run with ',
    { code: '--allow-private' },
    ' or set ',
    { code: '"check": { "allowPrivate": true }' },
    ' in feedwatch.config.json.',
  ];
}

/** The headline of a run that looked offline. */
export const OFFLINE_TITLE = 'This run looked offline.';

/** What an offline run means, that it changed nothing, and what to do. */
export function offlineExplanation(): Part[] {
  return [
    'Every link failed before any server answered (no DNS answer, no route, connection refused or timed out), on three or more hosts: ',
    'that says more about the network of the machine that ran the check than about the links. ',
    'Nothing was recorded (failure counts, history and "since" stay as they were) and no alerts or webhooks were sent. ',
    'Check the network connection (or ',
    { code: 'HTTPS_PROXY' },
    '), then run ',
    { code: 'feedwatch check' },
    ' again.',
  ];
}

/** Plain text: code in backticks (the terminal, Slack-style webhooks), addresses as they are. */
export function partsToText(parts: readonly Part[]): string {
  return parts.map((p) => (typeof p === 'string' ? p : 'code' in p ? `\`${p.code}\`` : p.url)).join('');
}

/** HTML: text escaped, code in <code>, addresses through the caller's `link` (which escapes them). */
export function partsToHtml(parts: readonly Part[], link: (url: string) => string): string {
  return parts.map((p) => (typeof p === 'string' ? escapeHtml(p) : 'code' in p ? `<code>${escapeHtml(p.code)}</code>` : link(p.url))).join('');
}

/** What to do, as plain text (code in backticks). */
export function adviceFor(status: LinkStatus, finalUrl: string | null, suggestion: Suggestion | null, offline = false): string {
  return partsToText(advice(status, finalUrl, suggestion, offline));
}
