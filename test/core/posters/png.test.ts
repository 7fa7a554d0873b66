import fc from 'fast-check';
import { PNG } from 'pngjs';
import * as zlib from 'zlib';
import {
  crc32,
  encodePngGray1,
  encodePngGray1Scanlines,
  fromSignedBytes,
  gray1RowBytes,
  toSignedBytes,
} from '../../../src/core/posters/png';

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** Splits a PNG into chunks, checking the signature and every chunk CRC with our crc32. */
function chunks(png: Uint8Array): { type: string; data: Uint8Array; crc: number }[] {
  expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const dv = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const out: { type: string; data: Uint8Array; crc: number }[] = [];
  let pos = 8;
  while (pos < png.length) {
    const len = dv.getUint32(pos);
    const type = String.fromCharCode(...png.subarray(pos + 4, pos + 8));
    const data = png.subarray(pos + 8, pos + 8 + len);
    const crc = dv.getUint32(pos + 8 + len);
    out.push({ type, data, crc });
    pos += 12 + len;
  }
  expect(pos).toBe(png.length);
  return out;
}

describe('crc32', () => {
  test('known vectors', () => {
    expect(crc32(ascii('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32(ascii('The quick brown fox jumps over the lazy dog'))).toBe(0x414fa339);
    expect(crc32(ascii('IEND'))).toBe(0xae426082);
  });

  test('start/end select a slice', () => {
    expect(crc32(ascii('xx123456789yy'), 2, 11)).toBe(0xcbf43926);
  });

  test('matches zlib.crc32 on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        expect(crc32(bytes)).toBe(zlib.crc32(bytes) >>> 0);
      }),
    );
  });
});

describe('encodePngGray1', () => {
  test('is a valid 1-bit grayscale PNG that pngjs reads pixel for pixel', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 41 }), fc.integer({ min: 1, max: 23 }), fc.integer(), (w, h, seed) => {
        const dark = (x: number, y: number) => ((x * 7919 + y * 104729 + seed) >>> 0) % 3 === 0;
        const png = encodePngGray1(w, h, dark);
        const cs = chunks(png);
        expect(cs.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
        for (const c of cs) {
          const typeAndData = new Uint8Array(4 + c.data.length);
          typeAndData.set(ascii(c.type));
          typeAndData.set(c.data, 4);
          expect(c.crc).toBe(crc32(typeAndData));
        }
        const ihdr = new DataView(cs[0].data.buffer, cs[0].data.byteOffset, 13);
        expect([ihdr.getUint32(0), ihdr.getUint32(4), cs[0].data[8], cs[0].data[9]]).toEqual([w, h, 1, 0]);

        const img = PNG.sync.read(Buffer.from(png)); // checks CRCs itself
        expect([img.width, img.height]).toEqual([w, h]);
        for (let y = 0; y < h; y++) {
          for (let x = 0; x < w; x++) {
            const i = (y * w + x) * 4;
            const want = dark(x, y) ? 0 : 255;
            expect([img.data[i], img.data[i + 1], img.data[i + 2], img.data[i + 3]]).toEqual([want, want, want, 255]);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  test('the IDAT inflates to filter-0 scanlines of the right length', () => {
    const png = encodePngGray1(13, 5, (x) => x % 2 === 0);
    const idat = chunks(png).find((c) => c.type === 'IDAT')!;
    const raw = zlib.inflateSync(Buffer.from(idat.data));
    expect(raw.length).toBe(5 * (1 + gray1RowBytes(13)));
    for (let y = 0; y < 5; y++) expect(raw[y * 3]).toBe(0);
    expect(raw[1]).toBe(0b01010101);
    expect(raw[2]).toBe(0b01010111); // x=8..12, then 3 white padding bits
  });

  test('refuses bad sizes and wrong scanline data', () => {
    expect(() => encodePngGray1(0, 1, () => true)).toThrow();
    expect(() => encodePngGray1(1.5, 1, () => true)).toThrow();
    expect(() => encodePngGray1Scanlines(8, 2, new Uint8Array(3))).toThrow();
  });
});

describe('toSignedBytes', () => {
  test('maps every byte value to Java-style signed bytes and back', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const signed = toSignedBytes(all);
    expect(Array.isArray(signed)).toBe(true);
    expect(signed).toEqual(Array.from(new Int8Array(all.buffer)));
    expect(Math.min(...signed)).toBe(-128);
    expect(Math.max(...signed)).toBe(127);
    expect(signed[0x89]).toBe(0x89 - 256);
    expect(Array.from(fromSignedBytes(signed))).toEqual(Array.from(all));
  });

  test('round-trips a real PNG', () => {
    const png = encodePngGray1(9, 9, (x, y) => x === y);
    const back = fromSignedBytes(toSignedBytes(png));
    expect(Buffer.from(back).equals(Buffer.from(png))).toBe(true);
    expect(PNG.sync.read(Buffer.from(back)).width).toBe(9);
  });
});
