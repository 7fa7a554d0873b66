import { encodePngGray1 } from '../../../src/core/posters/png';
import { hasPngSignature, readPng } from '../../../src/core/platform/png-info';
import { unzlib } from '../../../src/core/platform/inflate';

describe('readPng', () => {
  const png = encodePngGray1(37, 11, (x, y) => (x + y) % 3 === 0);

  test('a valid PNG: its size and the length of its inflated data', () => {
    expect(hasPngSignature(png)).toBe(true);
    expect(readPng(png, unzlib)).toEqual({ width: 37, height: 11, bitDepth: 1, colorType: 0, interlaced: false, dataBytes: 11 * (1 + 5) });
  });

  test('refuses a missing signature, a cut, a wrong CRC and data that does not match the size', () => {
    const bad = png.slice();
    bad[0] = 0;
    expect(() => readPng(bad, unzlib)).toThrow('no signature');
    expect(() => readPng(png.slice(0, png.length - 20), unzlib)).toThrow(/cut short|wrong CRC|no IEND/);
    const crc = png.slice();
    crc[20] ^= 1; // inside IHDR's width
    expect(() => readPng(crc, unzlib)).toThrow('IHDR has a wrong CRC');
    expect(() => readPng(png, () => new Uint8Array(5))).toThrow('5 bytes of image data for 37 × 11');
  });
});
