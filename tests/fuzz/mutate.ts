import type { Prng } from './prng.ts';

const INTERESTING_BYTES = [0x00, 0x01, 0x7f, 0x80, 0xff, 0xfe, 0x25, 0x0d, 0x0a, 0x3a, 0x2f, 0xc0, 0xe0];
/** Values a varint or length field hates: zero, sign edges, the largest varints. */
const INTERESTING_VARINTS = [
  [0x00],
  [0x7f],
  [0x80, 0x01],
  [0xff, 0xff, 0xff, 0xff, 0x0f],
  [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f],
  [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01],
];

/** One to four random edits of `input`: bit flips, interesting bytes and varints, cuts, repeats, splices. */
export function mutateBytes(rng: Prng, input: Uint8Array, maxLength = 64 * 1024): Uint8Array {
  let data = Array.from(input);
  const edits = 1 + rng.int(4);
  for (let e = 0; e < edits; e++) {
    const at = rng.int(data.length + 1);
    switch (rng.int(8)) {
      case 0:
        if (data.length) data[at % data.length]! ^= 1 << rng.int(8);
        break;
      case 1:
        if (data.length) data[at % data.length] = rng.pick(INTERESTING_BYTES);
        break;
      case 2:
        data.splice(at, 0, ...rng.pick(INTERESTING_VARINTS));
        break;
      case 3:
        data = data.slice(0, at);
        break;
      case 4:
        data.splice(at, rng.int(8));
        break;
      case 5: {
        const from = rng.int(data.length + 1);
        const chunk = data.slice(from, from + 1 + rng.int(64));
        const times = 1 + rng.int(rng.chance(0.1) ? 200 : 4);
        for (let t = 0; t < times; t++) data.splice(at, 0, ...chunk);
        break;
      }
      case 6:
        data.splice(at, 0, ...rng.bytes(rng.length(64)));
        break;
      default:
        if (data.length) data[at % data.length] = (data[at % data.length]! + rng.pick([1, -1, 16, -16, 128])) & 0xff;
    }
  }
  return new Uint8Array(data.slice(0, maxLength));
}

const INTERESTING_STRINGS = [
  '',
  '%',
  '%C0%AF',
  '%E0%A4%A',
  '%00',
  '%ff%fe',
  '..',
  '../..%2F..%2Fetc%2Fpasswd',
  '\u0000',
  '\uFFFD',
  '\uD800',
  '\u202E\u2066',
  '__proto__',
  'constructor',
  'prototype',
  '{"a":',
  '[[[[[[[[[[',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '${7*7}',
  '\r\nX-Injected: 1',
  'http://[',
  '//evil.example/',
  'A'.repeat(300),
];

/** A string from the hostile list, a mutation of `base`, or random characters. */
export function hostileString(rng: Prng, base = ''): string {
  switch (rng.int(4)) {
    case 0:
      return rng.pick(INTERESTING_STRINGS);
    case 1:
      return Buffer.from(mutateBytes(rng, Buffer.from(base, 'utf8'), 4096)).toString('latin1');
    case 2: {
      let s = '';
      const n = rng.length(200);
      for (let i = 0; i < n; i++) s += String.fromCharCode(rng.chance(0.8) ? 32 + rng.int(95) : rng.int(0x10000));
      return s;
    }
    default:
      return base + rng.pick(INTERESTING_STRINGS);
  }
}

/** Any JSON-ish value, nested up to `depth`, with names and values from `pool` now and then. */
export function hostileValue(rng: Prng, pool: { keys: readonly string[]; values: readonly unknown[] }, depth = 3): unknown {
  switch (rng.int(depth > 0 ? 9 : 6)) {
    case 0:
      return rng.pick(pool.values);
    case 1:
      return hostileString(rng, String(rng.pick(pool.values)));
    case 2:
      return rng.pick([0, -1, 1, 1.5, 1e308, -1e308, 2 ** 53 + 1, Number.MAX_SAFE_INTEGER, 0.1, 500, 501, 1e6]);
    case 3:
      return rng.chance(0.5);
    case 4:
      return null;
    case 5:
      return rng.pick(pool.values);
    case 6:
    case 7: {
      const obj: Record<string, unknown> = {};
      const n = rng.length(8);
      for (let i = 0; i < n; i++) obj[rng.chance(0.8) ? rng.pick(pool.keys) : hostileString(rng)] = hostileValue(rng, pool, depth - 1);
      return obj;
    }
    default: {
      const n = rng.length(rng.chance(0.05) ? 5000 : 8);
      return Array.from({ length: n }, () => hostileValue(rng, pool, depth - 1));
    }
  }
}

/** An array nested `depth` times: `[[[...]]]`, for parsers that recurse. */
export function deeplyNested(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}
