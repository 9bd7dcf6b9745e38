// The resolver-free guard (src/links/private-address.ts, what the Worker uses) against the Node
// guard's ranges (node:net BlockList in src/runtime/node/address-guard.ts): the same verdict for
// every literal address, the URL parser's spellings included.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isPrivateAddress } from '../../src/runtime/node/address-guard.js';
import { isAddressLiteral, isPrivateAddressLiteral, isPrivateName } from '../../src/links/private-address.js';

const TABLE: Array<[string, boolean]> = [
  ['127.0.0.1', true], ['127.255.255.254', true], ['10.0.0.1', true], ['172.16.5.4', true], ['172.31.255.255', true], ['172.32.0.1', false],
  ['192.168.1.1', true], ['169.254.169.254', true], ['100.64.0.1', true], ['100.128.0.1', false], ['0.0.0.0', true], ['198.18.0.1', true],
  ['198.20.0.1', false], ['224.0.0.1', true], ['255.255.255.255', true], ['192.0.0.8', true], ['192.0.2.1', false],
  ['93.184.216.34', false], ['8.8.8.8', false], ['::1', true], ['::', true], ['fd00::1', true], ['fc00::', true], ['fe80::1', true],
  ['febf::1', true], ['fec0::1', false], ['ff02::1', true], ['fd00:ec2::254', true], ['::ffff:127.0.0.1', true], ['::ffff:10.1.2.3', true],
  ['::ffff:8.8.8.8', false], ['::ffff:7f00:1', true], ['::ffff:808:808', false], ['::7f00:1', false], ['::127.0.0.1', true], ['2606:4700::1111', false], ['2001:db8::1', false], ['[::1]', true], ['[2606:4700::1111]', false],
];

describe('literal addresses: the same verdict as the Node guard', () => {
  it.each(TABLE)('%s private: %s', (ip, expected) => {
    expect(isPrivateAddressLiteral(ip)).toBe(expected);
    expect(isPrivateAddress(ip)).toBe(expected);
  });

  it('agrees with the Node guard on random IPv4 and IPv6 addresses', () => {
    fc.assert(fc.property(fc.ipV4(), (ip) => isPrivateAddressLiteral(ip) === isPrivateAddress(ip)), { seed: 10, numRuns: 5000 });
    fc.assert(fc.property(fc.ipV6(), (ip) => isPrivateAddressLiteral(ip) === isPrivateAddress(ip)), { seed: 10, numRuns: 5000 });
  });

  it('reads hosts the way the URL parser writes them (numeric IPv4 forms, hex IPv4-mapped IPv6)', () => {
    for (const [url, expected] of [
      ['http://2130706433/', true], ['http://0x7f.1/', true], ['http://[::ffff:127.0.0.1]/', true], ['http://[::ffff:7f00:1]:8080/', true],
      ['http://[0:0:0:0:0:ffff:a01:203]/', true], ['http://[::ffff:808:808]/', false], ['http://017700000001/', true],
    ] as const) {
      const host = new URL(url).hostname;
      expect(isAddressLiteral(host), url).toBe(true);
      expect(isPrivateAddressLiteral(host), url).toBe(expected);
    }
  });

  it('names are not addresses', () => {
    for (const h of ['example.com', 'localhost', '1.2.3.4.nip.io', 'xn--bcher-kva.example']) expect(isAddressLiteral(h)).toBe(false);
    expect(isPrivateAddressLiteral('example.com')).toBe(false);
  });
});

describe('private names', () => {
  it.each([
    ['localhost', true], ['LOCALHOST', true], ['localhost.', true], ['app.localhost', true], ['printer.local', true], ['db.internal', true],
    ['nas.home.arpa', true], ['example.com', false], ['localhost.example.com', false], ['mylocal', false], ['internal.example.org', false],
  ])('%s: %s', (host, expected) => expect(isPrivateName(host)).toBe(expected));
});
