/**
 * Minimal PNG writer: 1-bit grayscale images (black/white), compressed by the small deflate in deflate.ts.
 * Pure code: runs in Apps Script's V8 without Node or browser APIs.
 */
import { crc32 } from './checksums';
import { zlibDeflate } from './deflate';

export { crc32 };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function writeU32(buf: Uint8Array, pos: number, v: number): void {
  buf[pos] = (v >>> 24) & 0xff;
  buf[pos + 1] = (v >>> 16) & 0xff;
  buf[pos + 2] = (v >>> 8) & 0xff;
  buf[pos + 3] = v & 0xff;
}

/** Chunk length + type + data + CRC (over type and data). */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  writeU32(out, 0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  writeU32(out, 8 + data.length, crc32(out, 4, 8 + data.length));
  return out;
}

/** Bytes of one packed 1-bit scanline (without the filter byte). */
export function gray1RowBytes(width: number): number {
  return (width + 7) >> 3;
}

/**
 * Wraps ready scanlines into a PNG. `scanlines` holds, for each row, a filter byte (0) followed by
 * the row's packed pixels: 1 bit per pixel, most significant bit first, 0 = black, 1 = white.
 */
export function encodePngGray1Scanlines(width: number, height: number, scanlines: Uint8Array): Uint8Array {
  checkSize(width, height);
  if (scanlines.length !== height * (1 + gray1RowBytes(width))) throw new Error('PNG: wrong scanline data length');
  const ihdr = new Uint8Array(13);
  writeU32(ihdr, 0, width);
  writeU32(ihdr, 4, height);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // colour type: grayscale
  ihdr[10] = 0; // compression: deflate
  ihdr[11] = 0; // filter method
  ihdr[12] = 0; // no interlace
  const parts = [
    Uint8Array.from(PNG_SIGNATURE),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlibDeflate(scanlines)),
    chunk('IEND', new Uint8Array(0)),
  ];
  let total = 0;
  for (const p of parts) total += p.length;
  const png = new Uint8Array(total);
  let pos = 0;
  for (const p of parts) {
    png.set(p, pos);
    pos += p.length;
  }
  return png;
}

/** A black-and-white PNG (1-bit grayscale); isDark(x, y) says which pixels are black. */
export function encodePngGray1(width: number, height: number, isDark: (x: number, y: number) => boolean): Uint8Array {
  checkSize(width, height);
  const stride = 1 + gray1RowBytes(width);
  const lines = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const base = y * stride + 1; // lines[y*stride] stays 0: filter "None"
    // Start all white (padding bits too), then clear the dark pixels.
    lines.fill(0xff, base, base + stride - 1);
    for (let x = 0; x < width; x++) {
      if (isDark(x, y)) lines[base + (x >> 3)] &= ~(0x80 >> (x & 7));
    }
  }
  return encodePngGray1Scanlines(width, height, lines);
}

function checkSize(width: number, height: number): void {
  const ok = (v: number) => Number.isInteger(v) && v >= 1 && v <= 0x7fffffff;
  if (!ok(width) || !ok(height)) throw new Error('PNG: width and height must be positive integers');
}

/** Java-style signed bytes (-128..127), as Apps Script's Utilities.newBlob expects. */
export function toSignedBytes(u8: Uint8Array): number[] {
  const out = new Array<number>(u8.length);
  for (let i = 0; i < u8.length; i++) out[i] = u8[i] > 127 ? u8[i] - 256 : u8[i];
  return out;
}

/** Inverse of toSignedBytes (e.g. for Blob.getBytes() results). */
export function fromSignedBytes(bytes: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes[i] & 0xff;
  return out;
}
