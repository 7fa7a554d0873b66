/**
 * A small zlib compressor (RFC 1950/1951) for the PNG images the script draws: LZ77 with hash chains and the fixed
 * Huffman code, one block. QR and chart images are made of long runs and rows that repeat the row above, which
 * back-references alone compress well, so the fixed code costs little against a full compressor; in exchange the
 * bundle carries no compression library and no tables are built when the script loads. Pure: runs in Apps Script's V8.
 */
import { adler32 } from './checksums';
import { DIST_BASE, DIST_EXTRA, LENGTH_BASE, LENGTH_EXTRA } from './deflate-tables';

const WINDOW = 32768;
const MIN_MATCH = 3;
const MAX_MATCH = 258;
/** How many earlier positions with the same 3-byte hash are tried: enough for repeated rows, bounded time. */
const MAX_CHAIN = 48;
const HASH_BITS = 15;

class BitWriter {
  buf: Uint8Array;
  length = 0;
  private bitBuf = 0;
  private bitCount = 0;

  constructor(capacity: number) {
    this.buf = new Uint8Array(Math.max(64, capacity));
  }

  /** Writes the low n bits of value, least significant bit first (deflate's order for everything but Huffman codes). */
  bits(value: number, n: number): void {
    this.bitBuf |= value << this.bitCount;
    this.bitCount += n;
    while (this.bitCount >= 8) {
      this.byte(this.bitBuf & 0xff);
      this.bitBuf >>>= 8;
      this.bitCount -= 8;
    }
  }

  /** Writes a Huffman code of n bits, most significant bit first. */
  code(value: number, n: number): void {
    let reversed = 0;
    for (let i = 0; i < n; i++) reversed |= ((value >>> i) & 1) << (n - 1 - i);
    this.bits(reversed, n);
  }

  flush(): void {
    if (this.bitCount > 0) this.byte(this.bitBuf & 0xff);
    this.bitBuf = 0;
    this.bitCount = 0;
  }

  byte(b: number): void {
    if (this.length === this.buf.length) {
      const next = new Uint8Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = b;
  }
}

/** The fixed literal/length code (RFC 1951 §3.2.6). */
function writeSymbol(w: BitWriter, sym: number): void {
  if (sym < 144) w.code(0x30 + sym, 8);
  else if (sym < 256) w.code(0x190 + sym - 144, 9);
  else if (sym < 280) w.code(sym - 256, 7);
  else w.code(0xc0 + sym - 280, 8);
}

/** The last index i with table[i] <= value. */
function bucket(table: number[], value: number): number {
  let i = table.length - 1;
  while (table[i] > value) i--;
  return i;
}

function writeMatch(w: BitWriter, length: number, distance: number): void {
  const li = bucket(LENGTH_BASE, length);
  writeSymbol(w, 257 + li);
  if (LENGTH_EXTRA[li]) w.bits(length - LENGTH_BASE[li], LENGTH_EXTRA[li]);
  const di = bucket(DIST_BASE, distance);
  w.code(di, 5);
  if (DIST_EXTRA[di]) w.bits(distance - DIST_BASE[di], DIST_EXTRA[di]);
}

function hashAt(data: Uint8Array, i: number): number {
  return (((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]) * 0x9e3779b1) >>> (32 - HASH_BITS);
}

/** Compresses bytes into a zlib stream that any inflater reads. */
export function zlibDeflate(data: Uint8Array): Uint8Array {
  const w = new BitWriter((data.length >> 2) + 64);
  w.byte(0x78); // deflate, 32 KB window
  w.byte(0x01); // fastest-level flag, no dictionary; (0x78 * 256 + 0x01) % 31 === 0
  w.bits(1, 1); // BFINAL: the only block
  w.bits(1, 2); // BTYPE 01: fixed Huffman codes
  const head = new Int32Array(1 << HASH_BITS).fill(-1);
  const prev = new Int32Array(WINDOW);
  const insert = (i: number) => {
    const h = hashAt(data, i);
    prev[i & (WINDOW - 1)] = head[h];
    head[h] = i;
  };
  const n = data.length;
  let i = 0;
  while (i < n) {
    let bestLength = 0;
    let bestDistance = 0;
    if (i + MIN_MATCH <= n) {
      const limit = Math.min(MAX_MATCH, n - i);
      let candidate = head[hashAt(data, i)];
      for (let chain = 0; candidate >= 0 && i - candidate <= WINDOW && chain < MAX_CHAIN; chain++) {
        let len = 0;
        while (len < limit && data[candidate + len] === data[i + len]) len++;
        if (len > bestLength) {
          bestLength = len;
          bestDistance = i - candidate;
          if (len === limit) break;
        }
        const older = prev[candidate & (WINDOW - 1)];
        if (older >= candidate) break; // the slot was reused by a newer position: the chain ends here
        candidate = older;
      }
    }
    if (bestLength >= MIN_MATCH) {
      writeMatch(w, bestLength, bestDistance);
      const end = i + bestLength;
      for (; i < end; i++) if (i + MIN_MATCH <= n) insert(i);
    } else {
      writeSymbol(w, data[i]);
      if (i + MIN_MATCH <= n) insert(i);
      i++;
    }
  }
  writeSymbol(w, 256); // end of block
  w.flush();
  const adler = adler32(data);
  w.byte(adler >>> 24);
  w.byte((adler >>> 16) & 0xff);
  w.byte((adler >>> 8) & 0xff);
  w.byte(adler & 0xff);
  return w.buf.slice(0, w.length);
}
