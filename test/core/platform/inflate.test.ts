import * as zlib from 'zlib';
import fc from 'fast-check';
import { inflateRaw, unzlib } from '../../../src/core/platform/inflate';
import { zlibDeflate } from '../../../src/core/posters/deflate';

const TEXT = new Uint8Array(Buffer.from('Đường Nguyễn Trãi tổ 12 mất điện từ tối qua, đề nghị phường kiểm tra. '.repeat(400), 'utf8'));

function randomBytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = s & 0xff;
  }
  return out;
}

describe('inflateRaw', () => {
  test.each([0, 1, 6, 9])('reads what zlib deflates at level %i (text)', (level) => {
    expect(inflateRaw(zlib.deflateRawSync(TEXT, { level }))).toEqual(TEXT);
  });

  test('reads fixed Huffman blocks', () => {
    const data = zlib.deflateRawSync(TEXT.subarray(0, 300), { strategy: zlib.constants.Z_FIXED });
    expect(inflateRaw(data)).toEqual(TEXT.subarray(0, 300));
  });

  test('reads incompressible data (stored blocks over 64 KB)', () => {
    const data = randomBytes(200_000, 7);
    expect(inflateRaw(zlib.deflateRawSync(data))).toEqual(data);
  });

  test('reads an empty stream', () => {
    expect(inflateRaw(zlib.deflateRawSync(new Uint8Array(0)))).toEqual(new Uint8Array(0));
  });

  test('any bytes, any level, round trip', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.integer({ min: 0, max: 9 }), (bytes, level) => {
        // Repeat a slice so back-references occur, not only literals.
        const data = new Uint8Array([...bytes, ...bytes.subarray(0, 500), ...bytes]);
        expect(inflateRaw(zlib.deflateRawSync(data, { level }))).toEqual(data);
      }),
      { numRuns: 150 },
    );
  });

  test('truncated or corrupt data throws instead of returning garbage', () => {
    const full = zlib.deflateRawSync(TEXT);
    expect(() => inflateRaw(full.subarray(0, full.length >> 1))).toThrow(/inflate/);
    expect(() => inflateRaw(new Uint8Array([0xff, 0xff, 0xff]))).toThrow(/inflate/);
  });
});

describe('unzlib', () => {
  test('reads zlib streams and checks Adler-32', () => {
    const z = zlib.deflateSync(TEXT);
    expect(unzlib(z)).toEqual(TEXT);
    const bad = Uint8Array.from(z);
    bad[bad.length - 1] ^= 1;
    expect(() => unzlib(bad)).toThrow(/Adler-32/);
  });

  test('refuses a bad header', () => {
    const z = Uint8Array.from(zlib.deflateSync(TEXT));
    z[1] ^= 1;
    expect(() => unzlib(z)).toThrow(/header/);
  });
});

describe('zlibDeflate', () => {
  const cases: Array<[string, Uint8Array]> = [
    ['empty', new Uint8Array(0)],
    ['one byte', new Uint8Array([7])],
    ['text', TEXT],
    ['random 100 KB', randomBytes(100_000, 11)],
    ['a long run', new Uint8Array(70_000).fill(0xff)],
  ];
  test.each(cases)('%s: Node and unzlib read it back', (_, data) => {
    const z = zlibDeflate(data);
    expect(new Uint8Array(zlib.inflateSync(z))).toEqual(data);
    expect(unzlib(z)).toEqual(data);
  });

  test('compresses repetitive data (repeated text to under a tenth)', () => {
    expect(zlibDeflate(TEXT).length).toBeLessThan(TEXT.length / 10);
  });

  test('any bytes round trip', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4000 }), fc.integer({ min: 0, max: 300 }), (bytes, cut) => {
        const data = new Uint8Array([...bytes, ...bytes.subarray(cut), ...bytes.subarray(0, cut)]);
        expect(new Uint8Array(zlib.inflateSync(zlibDeflate(data)))).toEqual(data);
      }),
      { numRuns: 200 },
    );
  });
});
