/**
 * A small inflater (RFC 1951) and zlib reader (RFC 1950) for the platform self-check, which decompresses the PDFs and
 * gzip data Google returns. Written for size and clarity, not speed: it runs on a few hundred KB per check, and a
 * library's decoding tables would cost every execution their set-up when the bundle loads. Pure: runs in Apps
 * Script's V8.
 */
import { adler32 } from '../posters/checksums';
import { DIST_BASE, DIST_EXTRA, LENGTH_BASE, LENGTH_EXTRA } from '../posters/deflate-tables';

/** The order in which code length code lengths are stored (§3.2.7). */
const CLEN_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** A canonical Huffman code: how many codes of each length, and the symbols in code order. */
interface Huffman {
  counts: Uint16Array;
  symbols: Uint16Array;
}

function huffman(lengths: ArrayLike<number>): Huffman {
  const counts = new Uint16Array(16);
  for (let i = 0; i < lengths.length; i++) counts[lengths[i]]++;
  counts[0] = 0;
  const offsets = new Uint16Array(16);
  for (let len = 1; len < 16; len++) offsets[len] = offsets[len - 1] + counts[len - 1];
  const symbols = new Uint16Array(lengths.length);
  for (let i = 0; i < lengths.length; i++) if (lengths[i]) symbols[offsets[lengths[i]]++] = i;
  return { counts, symbols };
}

class BitReader {
  private pos = 0;
  private bitBuf = 0;
  private bitCount = 0;

  constructor(private readonly data: Uint8Array) {}

  bits(n: number): number {
    while (this.bitCount < n) {
      if (this.pos >= this.data.length) throw new Error('inflate: data ends early');
      this.bitBuf |= this.data[this.pos++] << this.bitCount;
      this.bitCount += 8;
    }
    const v = this.bitBuf & ((1 << n) - 1);
    this.bitBuf >>>= n;
    this.bitCount -= n;
    return v;
  }

  /** Skips to the next byte boundary and returns the position of that byte. */
  alignToByte(): number {
    this.bitBuf = 0;
    this.bitCount = 0;
    return this.pos;
  }

  skipBytes(n: number): void {
    this.pos += n;
  }

  byteAt(i: number): number {
    if (i >= this.data.length) throw new Error('inflate: data ends early');
    return this.data[i];
  }

  decode(h: Huffman): number {
    let code = 0;
    let first = 0;
    let index = 0;
    for (let len = 1; len < 16; len++) {
      code |= this.bits(1);
      const count = h.counts[len];
      if (code - first < count) return h.symbols[index + code - first];
      index += count;
      first = (first + count) << 1;
      code <<= 1;
    }
    throw new Error('inflate: bad Huffman code');
  }
}

class Output {
  buf = new Uint8Array(1 << 16);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  push(byte: number): void {
    this.room(1);
    this.buf[this.length++] = byte;
  }

  copy(distance: number, length: number): void {
    if (distance > this.length) throw new Error('inflate: distance too far back');
    this.room(length);
    for (let i = 0; i < length; i++, this.length++) this.buf[this.length] = this.buf[this.length - distance];
  }
}

let fixedCodes: { lit: Huffman; dist: Huffman } | null = null;

function fixed(): { lit: Huffman; dist: Huffman } {
  if (fixedCodes) return fixedCodes;
  const lit = new Uint8Array(288);
  lit.fill(8, 0, 144);
  lit.fill(9, 144, 256);
  lit.fill(7, 256, 280);
  lit.fill(8, 280, 288);
  fixedCodes = { lit: huffman(lit), dist: huffman(new Uint8Array(30).fill(5)) };
  return fixedCodes;
}

function dynamic(br: BitReader): { lit: Huffman; dist: Huffman } {
  const nlen = br.bits(5) + 257;
  const ndist = br.bits(5) + 1;
  const ncode = br.bits(4) + 4;
  if (nlen > 286 || ndist > 30) throw new Error('inflate: bad code counts');
  const clens = new Uint8Array(19);
  for (let i = 0; i < ncode; i++) clens[CLEN_ORDER[i]] = br.bits(3);
  const clen = huffman(clens);
  const lengths = new Uint8Array(nlen + ndist);
  for (let i = 0; i < nlen + ndist;) {
    const sym = br.decode(clen);
    if (sym < 16) {
      lengths[i++] = sym;
      continue;
    }
    let repeat: number;
    let value = 0;
    if (sym === 16) {
      if (i === 0) throw new Error('inflate: repeat with no previous length');
      value = lengths[i - 1];
      repeat = 3 + br.bits(2);
    } else if (sym === 17) repeat = 3 + br.bits(3);
    else repeat = 11 + br.bits(7);
    if (i + repeat > nlen + ndist) throw new Error('inflate: too many lengths');
    lengths.fill(value, i, i + repeat);
    i += repeat;
  }
  if (lengths[256] === 0) throw new Error('inflate: no end-of-block code');
  return { lit: huffman(lengths.subarray(0, nlen)), dist: huffman(lengths.subarray(nlen)) };
}

function inflateBlocks(br: BitReader, out: Output): void {
  for (let last = 0; !last;) {
    last = br.bits(1);
    const type = br.bits(2);
    if (type === 0) {
      const at = br.alignToByte();
      const len = br.byteAt(at) | (br.byteAt(at + 1) << 8);
      const nlen = br.byteAt(at + 2) | (br.byteAt(at + 3) << 8);
      if ((len ^ 0xffff) !== nlen) throw new Error('inflate: stored block length check failed');
      for (let i = 0; i < len; i++) out.push(br.byteAt(at + 4 + i));
      br.skipBytes(4 + len);
      continue;
    }
    if (type === 3) throw new Error('inflate: bad block type');
    const codes = type === 1 ? fixed() : dynamic(br);
    for (;;) {
      const sym = br.decode(codes.lit);
      if (sym < 256) out.push(sym);
      else if (sym === 256) break;
      else {
        const li = sym - 257;
        if (li >= 29) throw new Error('inflate: bad length code');
        const length = LENGTH_BASE[li] + br.bits(LENGTH_EXTRA[li]);
        const di = br.decode(codes.dist);
        if (di >= 30) throw new Error('inflate: bad distance code');
        out.copy(DIST_BASE[di] + br.bits(DIST_EXTRA[di]), length);
      }
    }
  }
}

/** Decompresses raw deflate data (RFC 1951). Throws on corrupt or truncated data. */
export function inflateRaw(data: Uint8Array): Uint8Array {
  const out = new Output();
  inflateBlocks(new BitReader(data), out);
  return out.buf.slice(0, out.length);
}

/** Decompresses a zlib stream (RFC 1950) and checks its header and Adler-32. */
export function unzlib(data: Uint8Array): Uint8Array {
  if (data.length < 6) throw new Error('zlib: too short');
  const cmf = data[0];
  const flg = data[1];
  if ((cmf & 0x0f) !== 8 || (cmf * 256 + flg) % 31 !== 0) throw new Error('zlib: bad header');
  if (flg & 0x20) throw new Error('zlib: preset dictionaries are not supported');
  const br = new BitReader(data.subarray(2));
  const out = new Output();
  inflateBlocks(br, out);
  const end = 2 + br.alignToByte();
  if (end + 4 > data.length) throw new Error('zlib: no Adler-32 trailer');
  const want = ((data[end] << 24) | (data[end + 1] << 16) | (data[end + 2] << 8) | data[end + 3]) >>> 0;
  const result = out.buf.slice(0, out.length);
  if (adler32(result) !== want) throw new Error('zlib: Adler-32 does not match');
  return result;
}
