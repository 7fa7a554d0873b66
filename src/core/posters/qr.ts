/**
 * QR module matrix for a text, using only the qrcode package's encoder core.
 * The text is always sent as one byte segment of our own UTF-8, so the library never needs TextEncoder.
 */
import type { create as QrCreate } from 'qrcode/lib/core/qrcode';

let create: typeof QrCreate | null = null;

/**
 * The encoder, loaded on the first QR. Apps Script evaluates the whole bundle at every execution, and the library's
 * modules build their tables (Galois field, capacities, kanji patterns) when evaluated: a plain import would pay for
 * that in every submission. The bundler keeps the module and evaluates it only when this runs.
 */
function qrCreate(): typeof QrCreate {
  // eslint-disable-next-line no-restricted-globals, @typescript-eslint/no-require-imports -- the bundler resolves it: no require reaches Apps Script
  return (create ??= (require('qrcode/lib/core/qrcode') as { create: typeof QrCreate }).create);
}

export type QrLevel = 'L' | 'M' | 'Q' | 'H';

export interface QrMatrix {
  /** Modules per side, without quiet zone. */
  size: number;
  /** size*size, row-major; 1 = dark. */
  dark: Uint8Array;
  /** QR version (1..40). */
  version: number;
}

/** UTF-8 bytes of a JS string. Lone surrogates become U+FFFD (EF BF BD), as in WHATWG encoders. */
export function utf8Bytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length * 3); // each UTF-16 unit yields at most 3 bytes
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else {
        c = 0xfffd;
      }
    }
    if (c < 0x80) {
      out[n++] = c;
    } else if (c < 0x800) {
      out[n++] = 0xc0 | (c >> 6);
      out[n++] = 0x80 | (c & 0x3f);
    } else if (c < 0x10000) {
      out[n++] = 0xe0 | (c >> 12);
      out[n++] = 0x80 | ((c >> 6) & 0x3f);
      out[n++] = 0x80 | (c & 0x3f);
    } else {
      out[n++] = 0xf0 | (c >> 18);
      out[n++] = 0x80 | ((c >> 12) & 0x3f);
      out[n++] = 0x80 | ((c >> 6) & 0x3f);
      out[n++] = 0x80 | (c & 0x3f);
    }
  }
  return out.slice(0, n);
}

/** Encodes text (as UTF-8 bytes) into a QR matrix. Throws if the text is empty or too long for a QR code. */
export function qrMatrix(text: string, level: QrLevel = 'M'): QrMatrix {
  if (text === '') throw new Error('QR: empty text');
  const sym = qrCreate()([{ data: utf8Bytes(text), mode: 'byte' }], { errorCorrectionLevel: level });
  const size = sym.modules.size;
  const dark = new Uint8Array(size * size);
  const src = sym.modules.data;
  for (let i = 0; i < dark.length; i++) dark[i] = src[i] ? 1 : 0;
  return { size, dark, version: sym.version };
}
