// The SSRF guard's rules without a resolver, for a runtime that cannot look names up (the Worker):
// literal private addresses, in the same ranges as the Node guard (runtime/node/address-guard.ts,
// which also checks the address a name resolves to), and names that are private by themselves.
// Plain parsing: no node:* module, so the same code runs in Node and in workerd.

/** [first address, prefix length] per family: the ranges of address-guard.ts, IANA special-purpose registries (RFC 6890). */
const V4_RANGES: ReadonlyArray<readonly [string, number]> = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // RFC 1918 private
  ['100.64.0.0', 10], // RFC 6598 CGNAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, incl. cloud metadata 169.254.169.254
  ['172.16.0.0', 12], // RFC 1918
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16], // RFC 1918
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];
const V6_RANGES: ReadonlyArray<readonly [string, number]> = [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['fc00::', 7], // unique local (AWS metadata fd00:ec2::254 included)
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
];

/** A dotted-quad IPv4 address as 4 bytes, or null. */
function parseV4(s: string): number[] | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  const bytes = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN));
  return bytes.every((b) => b >= 0 && b <= 255) ? bytes : null;
}

/** An IPv6 address (`::` shorthand, an embedded IPv4 tail, a zone id) as 16 bytes, or null. */
function parseV6(s: string): number[] | null {
  const text = s.replace(/%.*$/, '');
  if (!text.includes(':')) return null;
  let tail: number[] = [];
  let head = text;
  const v4 = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const b = parseV4(v4[2]!);
    if (!b) return null;
    tail = b;
    head = v4[1]!.endsWith('::') ? v4[1]! : v4[1]!.slice(0, -1);
  }
  const halves = head.split('::');
  if (halves.length > 2) return null;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const left = groups(halves[0]!);
  const right = halves.length === 2 ? groups(halves[1]!) : [];
  const words = 8 - tail.length / 2;
  const missing = words - left.length - right.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
  const out: number[] = [];
  for (const g of all) {
    if (!/^[0-9a-f]{1,4}$/i.test(g)) return null;
    const n = parseInt(g, 16);
    out.push(n >> 8, n & 0xff);
  }
  return [...out, ...tail];
}

function inRange(bytes: readonly number[], base: readonly number[], prefix: number): boolean {
  for (let bit = 0; bit < prefix; bit++) {
    const i = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if ((bytes[i]! & mask) !== (base[i]! & mask)) return false;
  }
  return true;
}

const V4 = V4_RANGES.map(([a, p]) => [parseV4(a)!, p] as const);
const V6 = V6_RANGES.map(([a, p]) => [parseV6(a)!, p] as const);

/** True for a literal IPv4 or IPv6 address (brackets allowed) in a private, loopback, link-local, ULA, CGNAT or metadata range. */
export function isPrivateAddressLiteral(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, '');
  const v4 = parseV4(ip);
  if (v4) return V4.some(([base, prefix]) => inRange(v4, base, prefix));
  const v6 = parseV6(ip);
  if (!v6) return false;
  // IPv4-mapped addresses (::ffff:a.b.c.d, in any spelling) carry an IPv4 address; so does the
  // deprecated IPv4-compatible form when written with its dotted tail (::a.b.c.d), as Node reads it.
  const zeros = v6.slice(0, 10).every((b) => b === 0);
  const mapped = zeros && v6[10] === 0xff && v6[11] === 0xff;
  const compatible = zeros && v6[10] === 0 && v6[11] === 0 && /^::\d+\.\d+\.\d+\.\d+$/.test(ip);
  if (mapped || compatible) return V4.some(([base, prefix]) => inRange(v6.slice(12), base, prefix));
  return V6.some(([base, prefix]) => inRange(v6, base, prefix));
}

/** True when `host` (a URL's hostname) is an IP address literal rather than a name. */
export function isAddressLiteral(host: string): boolean {
  const ip = host.replace(/^\[|\]$/g, '');
  return parseV4(ip) !== null || parseV6(ip) !== null;
}

/**
 * Names that point into a private network by themselves, whatever a resolver would say: `localhost`
 * (RFC 6761 §6.3) and special-use suffixes for local networks: `.localhost`, `.local` (mDNS,
 * RFC 6762), `.internal` (ICANN's private-use TLD), `.home.arpa` (RFC 8375).
 */
const PRIVATE_NAME = /(^|\.)(localhost|local|internal|home\.arpa)\.?$/i;

export function isPrivateName(host: string): boolean {
  return PRIVATE_NAME.test(host);
}
