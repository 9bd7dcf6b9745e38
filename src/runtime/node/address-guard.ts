// The SSRF guard's address rules: which resolved IPs the checker refuses to connect to unless
// --allow-private. Checked on the address actually connected to (not the name), on every hop.
import { BlockList, isIP } from 'node:net';
import { lookup as dnsLookup } from 'node:dns/promises';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}
/** Name to addresses; injectable so tests can map public-looking names to private addresses. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

// Ranges from the IANA special-purpose registries (RFC 6890 and successors).
const blocked = new BlockList();
for (const [net, prefix] of [
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
] as const) blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
  ['fd00:ec2::254', 128], // AWS IPv6 metadata (inside fc00::/7 already; named for clarity)
] as const) blocked.addSubnet(net, prefix, 'ipv6');

/** True for addresses in private, loopback, link-local, unique-local, CGNAT and metadata ranges. */
export function isPrivateAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, '');
  const family = isIP(ip);
  if (family === 4) return blocked.check(ip, 'ipv4');
  if (family === 6) {
    // IPv4-mapped and IPv4-compatible forms (::ffff:127.0.0.1) carry an IPv4 address.
    const mapped = /^::(ffff:)?(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
    if (mapped) return blocked.check(mapped[2]!, 'ipv4');
    return blocked.check(ip, 'ipv6');
  }
  return false;
}

export class PrivateAddressError extends Error {
  readonly code = 'EFEEDWATCH_PRIVATE';
  constructor(hostname: string, address: string) {
    const where = hostname.replace(/^\[|\]$/g, "") === address ? address : `${hostname} resolves to ${address}, which`;
    super(`${where} is a private or local address; not checked (use --allow-private for intranets)`);
  }
}

type LookupCallback = (err: Error | null, address?: string | Array<{ address: string; family: number }>, family?: number) => void;

/**
 * A `lookup` for net/tls.connect that resolves with `resolver` and refuses private addresses, so the
 * check applies to the IP the socket really connects to (DNS rebinding cannot slip past it).
 */
export function guardedLookup(resolver: Resolver, allowPrivate: boolean, isBlocked: (address: string) => boolean = isPrivateAddress) {
  return (hostname: string, options: { all?: boolean; family?: number } | number, callback: LookupCallback): void => {
    const opts = typeof options === 'object' ? options : { family: options };
    resolver(hostname).then(
      (addresses) => {
        const wanted = addresses.filter((a) => !opts.family || a.family === opts.family);
        if (wanted.length === 0) {
          const e = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
          return callback(e);
        }
        if (!allowPrivate) {
          const bad = wanted.find((a) => isBlocked(a.address));
          if (bad) return callback(new PrivateAddressError(hostname, bad.address));
        }
        if (opts.all) callback(null, wanted.map((a) => ({ address: a.address, family: a.family })));
        else callback(null, wanted[0]!.address, wanted[0]!.family);
      },
      (err: Error) => callback(err),
    );
  };
}
