import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import {
  BYTES_PER_UUID,
  TRACKING_ALPHABET,
  TRACKING_RANDOM_BYTES,
  TRACKING_UUID_COUNT,
  bytesFromUuid,
  isTrackingCode,
  makeTrackingCode,
  normalizeTrackingCode,
} from '../../../src/core/intake/tracking-code';

/** mulberry32: a small seeded PRNG so the 100k-draw test is reproducible. */
function seededBytes(seed: number): (n: number) => number[] {
  let a = seed >>> 0;
  const next32 = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return (n) => {
    const out: number[] = [];
    while (out.length < n) {
      const x = next32();
      out.push(x & 0xff, (x >>> 8) & 0xff, (x >>> 16) & 0xff, x >>> 24);
    }
    return out.slice(0, n);
  };
}

const CODE_RE = /^[A-Z]{1,6}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{7}$/;

describe('alphabet', () => {
  test('31 symbols, no look-alikes', () => {
    expect(TRACKING_ALPHABET).toBe('23456789ABCDEFGHJKMNPQRSTUVWXYZ');
    expect(TRACKING_ALPHABET.length).toBe(31);
    expect(/[0O1IL]/.test(TRACKING_ALPHABET)).toBe(false);
    expect(new Set(TRACKING_ALPHABET).size).toBe(31);
  });
});

describe('makeTrackingCode', () => {
  test('maps accepted bytes with b % 31', () => {
    expect(makeTrackingCode('GY', [0, 1, 2, 3, 4, 5, 6])).toBe('GY-2345678');
    expect(makeTrackingCode('HB', [30, 31, 61, 62, 247, 8, 9])).toBe('HB-Z2Z2ZAB');
  });

  test('rejects bytes 248-255 (no modulo bias) and takes bytes & 0xff', () => {
    expect(makeTrackingCode('A', [248, 249, 250, 251, 252, 253, 254, 255, 0, 0, 0, 0, 0, 0, 0])).toBe('A-2222222');
    // Java's signed bytes: -1 is 255 (rejected), -128 is 128
    expect(makeTrackingCode('A', [-1, -128, -128, -128, -128, -128, -128, -128])).toBe('A-' + TRACKING_ALPHABET[128 % 31].repeat(7));
  });

  test('every symbol comes from exactly 8 of the 256 byte values', () => {
    const counts = new Map<string, number>();
    for (let b = 0; b < 256; b++) {
      try {
        const sym = makeTrackingCode('X', [b, 0, 0, 0, 0, 0, 0])[2];
        counts.set(sym, (counts.get(sym) ?? 0) + 1);
      } catch {
        // b was rejected and the remaining six bytes are too few
      }
    }
    expect(counts.size).toBe(31);
    for (const c of counts.values()) expect(c).toBe(8);
  });

  test('throws when bytes run out, saying how many to pass', () => {
    expect(() => makeTrackingCode('GY', [1, 2, 3, 4, 5, 6])).toThrow(String(TRACKING_RANDOM_BYTES));
    expect(() => makeTrackingCode('GY', new Array(40).fill(255))).toThrow(/random bytes/);
    expect(() => makeTrackingCode('GY', [])).toThrow();
  });

  test('throws on a prefix that could never be looked up', () => {
    for (const p of ['', 'gy', 'ABCDEFG', 'G-Y', 'HÒA', '1A']) {
      expect(() => makeTrackingCode(p, new Array(32).fill(1))).toThrow(/prefix/);
    }
  });

  test('codes from any bytes are well formed, round-trip and avoid 0 O 1 I L', () => {
    const prefix = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(prefix, fc.uint8Array({ minLength: TRACKING_RANDOM_BYTES, maxLength: TRACKING_RANDOM_BYTES }), (p, bytes) => {
        const code = makeTrackingCode(p, bytes);
        expect(code).toMatch(CODE_RE);
        expect(code.startsWith(p + '-')).toBe(true);
        expect(/[0O1IL]/.test(code.slice(p.length + 1))).toBe(false);
        expect(isTrackingCode(code)).toBe(true);
        expect(normalizeTrackingCode(code)).toBe(code);
        expect(normalizeTrackingCode(code.toLowerCase())).toBe(code);
        expect(normalizeTrackingCode(` ${code.replace('-', ' ').toLowerCase()} `)).toBe(code);
        expect(normalizeTrackingCode(code.replace('-', ''))).toBe(code);
      }),
      { numRuns: 2000 },
    );
  });

  test('100k draws from a seeded PRNG are (almost) distinct and evenly spread', () => {
    // 31^7 ≈ 2.75e10 codes: the birthday bound gives ~0.18 expected collisions in 100k draws
    // (P(≥1) ≈ 17%, P(≥3) ≈ 0.1%), so exact distinctness cannot be promised and the server
    // must re-draw when a code already exists. This seed happens to produce one collision.
    const bytes = seededBytes(20250101);
    const seen = new Set<string>();
    const counts = new Array<number>(31).fill(0);
    for (let i = 0; i < 100_000; i++) {
      const code = makeTrackingCode('GY', bytes(TRACKING_RANDOM_BYTES));
      seen.add(code);
      for (const ch of code.slice(3)) counts[TRACKING_ALPHABET.indexOf(ch)]++;
    }
    expect(100_000 - seen.size).toBeLessThanOrEqual(2);
    expect(counts.includes(0)).toBe(false);
    // Chi-square, 30 degrees of freedom: 59.7 is the 0.001 critical value. Modulo bias would give ~2000.
    const expected = 700_000 / 31;
    const chi2 = counts.reduce((s, c) => s + ((c - expected) * (c - expected)) / expected, 0);
    expect(chi2).toBeLessThan(59.7);
  });

  test('works end to end with UUIDs', () => {
    for (let i = 0; i < 200; i++) {
      const uuids = Array.from({ length: TRACKING_UUID_COUNT }, () => randomUUID()).join('');
      const bytes = bytesFromUuid(uuids);
      expect(bytes.length).toBeGreaterThanOrEqual(TRACKING_RANDOM_BYTES);
      expect(makeTrackingCode('GY', bytes)).toMatch(CODE_RE);
    }
  });
});

describe('bytesFromUuid', () => {
  test('skips the version and variant nibbles', () => {
    expect(bytesFromUuid('123e4567-e89b-42d3-a456-426614174000')).toEqual([
      0x12, 0x3e, 0x45, 0x67, 0xe8, 0x9b, 0x2d, 0x34, 0x56, 0x42, 0x66, 0x14, 0x17, 0x40, 0x00,
    ]);
    expect(BYTES_PER_UUID).toBe(15);
  });

  test('several UUIDs, any case, with or without dashes or separators', () => {
    const a = '123e4567-e89b-42d3-a456-426614174000';
    const b = 'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF';
    const one = bytesFromUuid(a);
    expect(bytesFromUuid(a + b)).toEqual([...one, ...new Array(15).fill(255)]);
    expect(bytesFromUuid(a + ' ' + b.toLowerCase())).toEqual([...one, ...new Array(15).fill(255)]);
    expect(bytesFromUuid(a.replace(/-/g, ''))).toEqual(one);
  });

  test('non-UUID input gives no bytes', () => {
    expect(bytesFromUuid('')).toEqual([]);
    expect(bytesFromUuid('not a uuid')).toEqual([]);
    expect(bytesFromUuid('deadbeef')).toEqual([]);
    expect(bytesFromUuid(42 as unknown as string)).toEqual([]);
  });

  test('the version digit never leaks into the bytes', () => {
    // with v4 UUIDs, byte 6 would otherwise always be 0x4X
    const sixth = new Set<number>();
    for (let i = 0; i < 500; i++) sixth.add(bytesFromUuid(randomUUID())[6] >> 4);
    expect(sixth.size).toBeGreaterThan(8);
  });
});

describe('normalizeTrackingCode', () => {
  test('forgiving input', () => {
    expect(normalizeTrackingCode('gy-7kq4m2x')).toBe('GY-7KQ4M2X');
    expect(normalizeTrackingCode('  GY 7KQ 4M2X ')).toBe('GY-7KQ4M2X');
    expect(normalizeTrackingCode('GY7KQ4M2X')).toBe('GY-7KQ4M2X');
    expect(normalizeTrackingCode('GY–7KQ4M2X')).toBe('GY-7KQ4M2X'); // en dash
    expect(normalizeTrackingCode('ＧＹ－７ＫＱ４Ｍ２Ｘ')).toBe('GY-7KQ4M2X'); // full-width
    expect(normalizeTrackingCode('\u200BGY-7KQ4M2X\u202E')).toBe('GY-7KQ4M2X');
    expect(normalizeTrackingCode('HOABINH'.slice(0, 6) + '-2345678')).toBe('HOABIN-2345678');
  });

  test('rejects anything that cannot be a code', () => {
    for (const s of [
      '',
      'GY-',
      'GY-7KQ4M2',
      'GY-7KQ4M2XX',
      'GY-7KQ4M20', // 0
      'GY-7KQ4M2O', // O
      'GY-7KQ4M21', // 1
      'GY-7KQ4M2I', // I
      'GY-7KQ4M2L', // L
      'ABCDEFG-2345678',
      '12-2345678',
      'GY--2345678',
      'GY-234<678',
      '<script>',
      'GY-2345678'.repeat(30),
    ]) {
      expect(normalizeTrackingCode(s)).toBe('');
    }
    for (const v of [undefined, null, 42, {}, ['GY-2345678']]) expect(normalizeTrackingCode(v)).toBe('');
  });

  test('output is always empty or a canonical code', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 20 }), (s) => {
        const out = normalizeTrackingCode(s);
        expect(out === '' || isTrackingCode(out)).toBe(true);
        expect(normalizeTrackingCode(out)).toBe(out);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('isTrackingCode', () => {
  test('strict canonical form', () => {
    expect(isTrackingCode('GY-7KQ4M2X')).toBe(true);
    expect(isTrackingCode('gy-7kq4m2x')).toBe(false);
    expect(isTrackingCode('GY7KQ4M2X')).toBe(false);
    expect(isTrackingCode(' GY-7KQ4M2X')).toBe(false);
    expect(isTrackingCode(42)).toBe(false);
  });
});
