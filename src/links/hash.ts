// MurmurHash3 x86 128-bit (Austin Appleby, public domain) over bytes: a fast, stable,
// non-cryptographic hash for page fingerprints. WebCrypto's digest costs a thread-pool job per
// call, which dominated the checker's CPU time at hundreds of pages per second (bench/check.bench.js).

const mul = Math.imul;
const rotl = (x: number, r: number) => (x << r) | (x >>> (32 - r));

function fmix(h: number): number {
  h ^= h >>> 16;
  h = mul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = mul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

const C1 = 0x239b961b;
const C2 = 0xab0e9789;
const C3 = 0x38b34ae5;
const C4 = 0xa1e38b93;

/** 32 hex characters. */
export function murmur3_128(bytes: Uint8Array, seed = 0): string {
  let h1 = seed | 0;
  let h2 = seed | 0;
  let h3 = seed | 0;
  let h4 = seed | 0;
  const len = bytes.length;
  const blocks = len - (len % 16);
  const word = (i: number) => bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
  for (let i = 0; i < blocks; i += 16) {
    let k1 = word(i);
    let k2 = word(i + 4);
    let k3 = word(i + 8);
    let k4 = word(i + 12);
    k1 = mul(rotl(mul(k1, C1), 15), C2);
    h1 ^= k1;
    h1 = (mul(rotl(h1, 19) + h2, 5) + 0x561ccd1b) | 0;
    k2 = mul(rotl(mul(k2, C2), 16), C3);
    h2 ^= k2;
    h2 = (mul(rotl(h2, 17) + h3, 5) + 0x0bcaa747) | 0;
    k3 = mul(rotl(mul(k3, C3), 17), C4);
    h3 ^= k3;
    h3 = (mul(rotl(h3, 15) + h4, 5) + 0x96cd1c35) | 0;
    k4 = mul(rotl(mul(k4, C4), 18), C1);
    h4 ^= k4;
    h4 = (mul(rotl(h4, 13) + h1, 5) + 0x32ac3b17) | 0;
  }
  // Tail: the last 1-15 bytes, little-endian into up to four lanes.
  const k = [0, 0, 0, 0];
  for (let i = blocks; i < len; i++) k[(i - blocks) >> 2]! ^= bytes[i]! << (((i - blocks) & 3) * 8);
  const lanes = Math.ceil((len - blocks) / 4);
  if (lanes > 3) h4 ^= mul(rotl(mul(k[3]!, C4), 18), C1);
  if (lanes > 2) h3 ^= mul(rotl(mul(k[2]!, C3), 17), C4);
  if (lanes > 1) h2 ^= mul(rotl(mul(k[1]!, C2), 16), C3);
  if (lanes > 0) h1 ^= mul(rotl(mul(k[0]!, C1), 15), C2);
  h1 ^= len;
  h2 ^= len;
  h3 ^= len;
  h4 ^= len;
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h3 = fmix(h3);
  h4 = fmix(h4);
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  return [h1, h2, h3, h4].map((h) => (h >>> 0).toString(16).padStart(8, '0')).join('');
}
