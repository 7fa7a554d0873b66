/**
 * SHA-256, HMAC-SHA-256 and a UTF-8 encoder in plain TypeScript, for places without TextEncoder, crypto.subtle or
 * Buffer: Apps Script's V8, old Android WebViews, Zalo's in-app browser, and a Web Worker made from a Blob URL.
 *
 * Byte inputs are any array-like of numbers; each is taken modulo 256, so Apps Script's signed bytes (-128..127)
 * work as they are. Outputs are always unsigned (Uint8Array).
 *
 * The block function and the midstate helpers are exported for the puzzle solver, which hashes one fixed prefix
 * followed by millions of different endings and so compresses the prefix only once.
 */

/**
 * The round constants and initial state, derived as FIPS 180-4 defines them instead of written out (it keeps the
 * page and its Worker smaller): the first 32 bits of the fractional parts of the cube roots of the first 64 primes,
 * and of the square roots of the first 8. Every one lies at least 0.02 from a rounding edge, far beyond the error of
 * Math.cbrt and Math.sqrt; the test vectors in test/shared/sha256.test.ts check the result.
 */
function fractionBits(root: (x: number) => number, count: number): Int32Array {
  const out = new Int32Array(count);
  for (let n = 2, i = 0; i < count; n++) {
    let prime = true;
    for (let d = 2; d * d <= n; d++) if (n % d === 0) prime = false;
    if (!prime) continue;
    const r = root(n);
    out[i++] = (r - Math.floor(r)) * 4294967296;
  }
  return out;
}

// Derived on first use, not at load: Apps Script evaluates the whole bundle at every execution.
let K: Int32Array | null = null;
let IV: Int32Array | null = null;

/** A fresh SHA-256 state (8 words, as signed 32-bit integers). */
export function sha256InitialState(): Int32Array {
  return new Int32Array((IV ??= fractionBits(Math.sqrt, 8)));
}

/**
 * One SHA-256 compression. `state` (8 words) is updated in place from the block in `w[0..15]` (big-endian words);
 * `w` must have room for 64 words, and `w[16..63]` is overwritten with the message schedule.
 */
export function sha256Block(state: Int32Array, w: Int32Array): void {
  const k = (K ??= fractionBits(Math.cbrt, 64));
  for (let i = 16; i < 64; i++) {
    const x = w[i - 15];
    const y = w[i - 2];
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
  }
  let a = state[0];
  let b = state[1];
  let c = state[2];
  let d = state[3];
  let e = state[4];
  let f = state[5];
  let g = state[6];
  let h = state[7];
  for (let i = 0; i < 64; i++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + s1 + ((e & f) ^ (~e & g)) + k[i] + w[i]) | 0;
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0] + a) | 0;
  state[1] = (state[1] + b) | 0;
  state[2] = (state[2] + c) | 0;
  state[3] = (state[3] + d) | 0;
  state[4] = (state[4] + e) | 0;
  state[5] = (state[5] + f) | 0;
  state[6] = (state[6] + g) | 0;
  state[7] = (state[7] + h) | 0;
}

/** Loads 64 bytes from `bytes[offset..]` into `w[0..15]` as big-endian words. */
export function loadBlock(w: Int32Array, bytes: ArrayLike<number>, offset: number): void {
  for (let i = 0; i < 16; i++) {
    const j = offset + i * 4;
    w[i] = ((bytes[j] & 0xff) << 24) | ((bytes[j + 1] & 0xff) << 16) | ((bytes[j + 2] & 0xff) << 8) | (bytes[j + 3] & 0xff);
  }
}

/** The state after every whole 64-byte block of `bytes`, and the bytes left over (fewer than 64). */
export interface Sha256Midstate {
  state: Int32Array;
  /** Unsigned bytes not yet compressed. */
  tail: Uint8Array;
  /** Total number of bytes absorbed, tail included. */
  length: number;
}

export function sha256Midstate(bytes: ArrayLike<number>): Sha256Midstate {
  const state = sha256InitialState();
  const w = new Int32Array(64);
  const whole = bytes.length - (bytes.length % 64);
  for (let off = 0; off < whole; off += 64) {
    loadBlock(w, bytes, off);
    sha256Block(state, w);
  }
  const tail = new Uint8Array(bytes.length - whole);
  for (let i = 0; i < tail.length; i++) tail[i] = bytes[whole + i] & 0xff;
  return { state, tail, length: bytes.length };
}

/** Pads and compresses the tail of a midstate; returns the 32-byte digest. The midstate is not changed. */
export function sha256Finish(mid: Sha256Midstate): Uint8Array {
  const state = new Int32Array(mid.state);
  const n = mid.tail.length;
  const last = new Uint8Array(n + 9 > 64 ? 128 : 64);
  last.set(mid.tail);
  last[n] = 0x80;
  // Bit length as a 64-bit big-endian number; lengths here stay far below 2^53 bits.
  const bits = mid.length * 8;
  const hi = Math.floor(bits / 0x100000000);
  const lo = bits >>> 0;
  const end = last.length;
  last[end - 8] = hi >>> 24;
  last[end - 7] = (hi >>> 16) & 0xff;
  last[end - 6] = (hi >>> 8) & 0xff;
  last[end - 5] = hi & 0xff;
  last[end - 4] = lo >>> 24;
  last[end - 3] = (lo >>> 16) & 0xff;
  last[end - 2] = (lo >>> 8) & 0xff;
  last[end - 1] = lo & 0xff;
  const w = new Int32Array(64);
  for (let off = 0; off < end; off += 64) {
    loadBlock(w, last, off);
    sha256Block(state, w);
  }
  return stateBytes(state);
}

/** The 32 digest bytes of a finished state. */
export function stateBytes(state: Int32Array): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 8; i++) {
    const v = state[i];
    out[i * 4] = v >>> 24;
    out[i * 4 + 1] = (v >>> 16) & 0xff;
    out[i * 4 + 2] = (v >>> 8) & 0xff;
    out[i * 4 + 3] = v & 0xff;
  }
  return out;
}

/** SHA-256 of bytes (each taken modulo 256, so signed bytes work). */
export function sha256(bytes: ArrayLike<number>): Uint8Array {
  return sha256Finish(sha256Midstate(bytes));
}

/** SHA-256 of the UTF-8 encoding of a string. */
export function sha256Utf8(text: string): Uint8Array {
  return sha256(utf8Encode(text));
}

/** HMAC-SHA-256 (RFC 2104) of `message` under `key`; both are bytes (signed or unsigned). */
export function hmacSha256(key: ArrayLike<number>, message: ArrayLike<number>): Uint8Array {
  let k: ArrayLike<number> = key;
  if (k.length > 64) k = sha256(k);
  const inner = new Uint8Array(64 + message.length);
  const outer = new Uint8Array(64 + 32);
  for (let i = 0; i < 64; i++) {
    const b = i < k.length ? k[i] & 0xff : 0;
    inner[i] = b ^ 0x36;
    outer[i] = b ^ 0x5c;
  }
  for (let i = 0; i < message.length; i++) inner[64 + i] = message[i] & 0xff;
  outer.set(sha256(inner), 64);
  return sha256(outer);
}

/**
 * UTF-8 bytes of a JS string, as WHATWG's TextEncoder makes them: a surrogate pair becomes one 4-byte sequence,
 * a lone surrogate becomes U+FFFD (EF BF BD). encodeURIComponent writes the bytes (as %XX for all but ASCII letters,
 * digits and -_.!~*'()); it exists everywhere this runs, and throws only on lone surrogates, replaced first.
 */
export function utf8Encode(s: string): Uint8Array {
  const uri = encodeURIComponent(s.replace(/[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]/g, (m) => (m.length > 1 ? m : '\ufffd')));
  const out = new Uint8Array(uri.length);
  let n = 0;
  for (let i = 0; i < uri.length; i++) {
    if (uri[i] === '%') {
      out[n++] = parseInt(uri.slice(i + 1, i + 3), 16);
      i += 2;
    } else {
      out[n++] = uri.charCodeAt(i);
    }
  }
  return out.slice(0, n);
}

/** How many zero bits a digest starts with (0..8 × length). Signed bytes are read as their unsigned value. */
export function leadingZeroBits(bytes: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] & 0xff;
    if (b !== 0) return n + Math.clz32(b) - 24;
    n += 8;
  }
  return n;
}

/** Lower-case hex of bytes (signed or unsigned). */
export function toHex(bytes: ArrayLike<number>): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += ((bytes[i] & 0xff) + 0x100).toString(16).slice(1);
  return s;
}
