/**
 * The JPEG frame header the page reads before asking the browser for a decode already shrunk (photo-encode.ts): the
 * stored size comes from the first SOFn segment, past metadata segments, fill bytes and tables; anything else is null
 * (the page then decodes the whole picture).
 */
import { jpegFrameSize } from '../../src/client/photo-encode';
import { structuralJpeg } from '../helpers/jpeg';

/** A marker segment: 0xFF, the marker, a 2-byte length that counts itself, then `body`. */
function segment(marker: number, body: number[]): number[] {
  const length = body.length + 2;
  return [0xff, marker, length >> 8, length & 0xff, ...body];
}

/** A frame header of `marker` (SOF0, SOF2, …) for width×height, one component. */
function frame(marker: number, width: number, height: number): number[] {
  return segment(marker, [0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x01, 0x01, 0x11, 0x00]);
}

const SOI = [0xff, 0xd8];
const SOS = segment(0xda, [0x01, 0x01, 0x00, 0x00, 0x3f, 0x00]);
const bytes = (...parts: number[][]) => new Uint8Array(parts.flat());

describe('jpegFrameSize', () => {
  test('a baseline JPEG: width and height of its frame header', () => {
    expect(jpegFrameSize(new Uint8Array(structuralJpeg(2000, 4032, 3024)))).toEqual([4032, 3024]);
  });

  test('past a big EXIF block, a comment, tables, restart interval and fill bytes; progressive and other SOFn too', () => {
    const exif = segment(
      0xe1,
      Array.from({ length: 60_000 }, (_, i) => (i % 7 === 0 ? 0xff : i & 0xff)),
    );
    const dqt = segment(
      0xdb,
      Array.from({ length: 65 }, () => 1),
    );
    const dht = segment(
      0xc4,
      Array.from({ length: 30 }, () => 0),
    );
    const dri = segment(0xdd, [0x00, 0x10]);
    const com = segment(0xfe, [...Buffer.from('Ảnh chụp bằng điện thoại')]);
    for (const sof of [0xc0, 0xc1, 0xc2, 0xc3, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]) {
      expect(jpegFrameSize(bytes(SOI, exif, com, dqt, dht, dri, [0xff, 0xff], frame(sof, 4000, 3000), SOS))).toEqual([4000, 3000]);
    }
  });

  test('DHT, JPG and DAC (C4, C8, CC) are not frame headers: the size is the SOF after them', () => {
    for (const notFrame of [0xc4, 0xc8, 0xcc]) {
      const decoy = segment(notFrame, [0x08, 0x00, 0x10, 0x00, 0x10, 0x01, 0x01, 0x11, 0x00]);
      expect(jpegFrameSize(bytes(SOI, decoy, frame(0xc0, 2400, 3200), SOS))).toEqual([2400, 3200]);
    }
  });

  test('null for other formats, a header cut short, and bytes that are not a marker where one should be', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    expect(jpegFrameSize(png)).toBeNull();
    expect(jpegFrameSize(new Uint8Array(0))).toBeNull();
    expect(
      jpegFrameSize(
        bytes(
          SOI,
          segment(
            0xe1,
            Array.from({ length: 200 }, () => 0),
          ),
        ).slice(0, 120),
      ),
    ).toBeNull();
    expect(jpegFrameSize(bytes(SOI, [0x12, 0x34], frame(0xc0, 640, 480)))).toBeNull();
    expect(jpegFrameSize(bytes(SOI, frame(0xc0, 640, 480)).slice(0, 10))).toBeNull();
  });
});
