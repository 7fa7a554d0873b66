/**
 * Reads a PNG back: signature, chunks with their CRCs, IHDR, and the image data inflated and checked against the
 * size IHDR gives. Used by the self-check on the Charts service's images and by the tests on the report's charts.
 */
import { crc32 } from '../posters/checksums';

export interface PngInfo {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlaced: boolean;
  /** Bytes of the inflated image data (scanlines with their filter bytes). */
  dataBytes: number;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Samples per pixel by colour type: grey, RGB, palette, grey+alpha, RGBA. */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

export function hasPngSignature(bytes: ArrayLike<number>): boolean {
  return SIGNATURE.every((b, i) => (bytes[i] & 0xff) === b);
}

function u32(b: Uint8Array, at: number): number {
  return ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
}

/**
 * The PNG's header and the size of its inflated data. Throws with the reason when it is not a valid PNG: no
 * signature, a chunk cut short or with a wrong CRC, no IHDR first, no IDAT or IEND, image data that does not
 * inflate (`unzlib`, passed in so the core stays free of a library) or, for a non-interlaced image, whose length
 * is not height × (1 + bytes per row).
 */
export function readPng(bytes: Uint8Array, unzlib: (data: Uint8Array) => Uint8Array): PngInfo {
  if (!hasPngSignature(bytes)) throw new Error('PNG: no signature');
  let at = 8;
  let header: Omit<PngInfo, 'dataBytes'> | null = null;
  const idat: Uint8Array[] = [];
  let ended = false;
  while (at + 12 <= bytes.length && !ended) {
    const len = u32(bytes, at);
    const type = String.fromCharCode(bytes[at + 4], bytes[at + 5], bytes[at + 6], bytes[at + 7]);
    if (at + 12 + len > bytes.length) throw new Error(`PNG: chunk ${type} cut short`);
    if (crc32(bytes, at + 4, at + 8 + len) !== u32(bytes, at + 8 + len)) throw new Error(`PNG: chunk ${type} has a wrong CRC`);
    const data = bytes.subarray(at + 8, at + 8 + len);
    if (!header && type !== 'IHDR') throw new Error('PNG: IHDR is not the first chunk');
    if (type === 'IHDR') {
      if (len !== 13) throw new Error('PNG: IHDR of a wrong length');
      header = { width: u32(data, 0), height: u32(data, 4), bitDepth: data[8], colorType: data[9], interlaced: data[12] === 1 };
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') ended = true;
    at += 12 + len;
  }
  if (!header) throw new Error('PNG: no IHDR');
  if (!idat.length) throw new Error('PNG: no IDAT');
  if (!ended) throw new Error('PNG: no IEND');
  if (header.width < 1 || header.height < 1) throw new Error('PNG: empty image');
  const channels = CHANNELS[header.colorType];
  if (!channels) throw new Error(`PNG: unknown colour type ${header.colorType}`);
  const joined = new Uint8Array(idat.reduce((n, c) => n + c.length, 0));
  let pos = 0;
  for (const c of idat) {
    joined.set(c, pos);
    pos += c.length;
  }
  const raw = unzlib(joined);
  if (!header.interlaced) {
    const rowBytes = Math.ceil((header.width * channels * header.bitDepth) / 8);
    if (raw.length !== header.height * (1 + rowBytes)) {
      throw new Error(`PNG: ${raw.length} bytes of image data for ${header.width} × ${header.height}`);
    }
  }
  return { ...header, dataBytes: raw.length };
}
