/**
 * gzip (RFC 1952) to zlib (RFC 1950) without recompressing: Apps Script's Utilities.gzip deflates in Java, which is
 * far faster than deflating in the script; a PNG's IDAT needs the same deflate data in a zlib wrapper. The header is
 * parsed by its flag bits (FEXTRA, FNAME, FCOMMENT, FHCRC), never assumed to be the fixed 10 bytes Java writes.
 * Pure: runs in Apps Script's V8.
 */
import { adler32, crc32 } from './checksums';

export { adler32 };

const FTEXT = 0x01;
const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;
const RESERVED = 0xe0;

export interface GzipHeader {
  /** Compression method: 8 is deflate, the only one defined. */
  method: number;
  /** The FLG byte as found. */
  flags: number;
  text: boolean;
  headerCrc: boolean;
  extra: boolean;
  /** FNAME: the original file name is stored in the header. */
  name: string | null;
  comment: string | null;
  /** Modification time, seconds since 1970 (0 = none). */
  mtime: number;
  xfl: number;
  os: number;
  /** Where the deflate data starts. */
  dataStart: number;
}

/** ISO 8859-1 bytes up to a zero byte, and the position after it. */
function zeroTerminated(bytes: Uint8Array, pos: number): { text: string; next: number } {
  let end = pos;
  while (end < bytes.length && bytes[end] !== 0) end++;
  if (end >= bytes.length) throw new Error('gzip: unterminated header field');
  let text = '';
  for (let i = pos; i < end; i++) text += String.fromCharCode(bytes[i]);
  return { text, next: end + 1 };
}

/** The member header of a gzip stream (RFC 1952 §2.3). Throws on anything that is not gzip with deflate. */
export function parseGzipHeader(bytes: Uint8Array): GzipHeader {
  if (bytes.length < 18) throw new Error('gzip: too short');
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) throw new Error('gzip: bad magic bytes');
  const method = bytes[2];
  if (method !== 8) throw new Error(`gzip: compression method ${method} is not deflate`);
  const flags = bytes[3];
  if (flags & RESERVED) throw new Error('gzip: reserved flag bits set');
  const mtime = (bytes[4] | (bytes[5] << 8) | (bytes[6] << 16) | (bytes[7] << 24)) >>> 0;
  let pos = 10;
  if (flags & FEXTRA) {
    const xlen = bytes[pos] | (bytes[pos + 1] << 8);
    pos += 2 + xlen;
  }
  let name: string | null = null;
  if (flags & FNAME) {
    const f = zeroTerminated(bytes, pos);
    name = f.text;
    pos = f.next;
  }
  let comment: string | null = null;
  if (flags & FCOMMENT) {
    const f = zeroTerminated(bytes, pos);
    comment = f.text;
    pos = f.next;
  }
  if (flags & FHCRC) pos += 2;
  if (pos + 8 > bytes.length) throw new Error('gzip: header runs past the data');
  return {
    method,
    flags,
    text: Boolean(flags & FTEXT),
    headerCrc: Boolean(flags & FHCRC),
    extra: Boolean(flags & FEXTRA),
    name,
    comment,
    mtime,
    xfl: bytes[8],
    os: bytes[9],
    dataStart: pos,
  };
}

function readU32LE(bytes: Uint8Array, pos: number): number {
  return (bytes[pos] | (bytes[pos + 1] << 8) | (bytes[pos + 2] << 16) | (bytes[pos + 3] << 24)) >>> 0;
}

/**
 * The same deflate data as a zlib stream: a 2-byte header (deflate, 32 KB window), the data, and the Adler-32 of
 * `uncompressed`, the bytes that were gzipped. The gzip trailer's CRC-32 and length are checked against them, so a
 * mismatched pair (or a gzip with several members) throws instead of producing a stream that fails later.
 */
export function gzipToZlib(gzip: Uint8Array, uncompressed: Uint8Array): Uint8Array {
  const header = parseGzipHeader(gzip);
  const trailer = gzip.length - 8;
  if (trailer < header.dataStart) throw new Error('gzip: no room for the trailer');
  const crc = readU32LE(gzip, trailer);
  const size = readU32LE(gzip, trailer + 4);
  if (size !== uncompressed.length % 0x100000000) throw new Error('gzip: length does not match the uncompressed data');
  if (crc !== crc32(uncompressed)) throw new Error('gzip: CRC-32 does not match the uncompressed data');
  const data = gzip.subarray(header.dataStart, trailer);
  const out = new Uint8Array(2 + data.length + 4);
  // CMF 0x78: deflate with a 32 KB window; FLG 0x9c: default level, no dictionary, (CMF*256+FLG) % 31 === 0.
  out[0] = 0x78;
  out[1] = 0x9c;
  out.set(data, 2);
  const adler = adler32(uncompressed);
  const at = 2 + data.length;
  out[at] = adler >>> 24;
  out[at + 1] = (adler >>> 16) & 0xff;
  out[at + 2] = (adler >>> 8) & 0xff;
  out[at + 3] = adler & 0xff;
  return out;
}

export const GZIP_FLAGS = { FTEXT, FHCRC, FEXTRA, FNAME, FCOMMENT } as const;
