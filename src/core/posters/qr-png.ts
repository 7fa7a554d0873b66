/**
 * QR code as a black-and-white PNG, ready for a poster (Docs/Slides image) or a download.
 */
import { encodePngGray1Scanlines, gray1RowBytes } from './png';
import { qrMatrix, type QrLevel } from './qr';

/** 10 px per module: a typical URL QR (45–57 modules with quiet zone) is 450–570 px, sharp at 9 cm. */
export const DEFAULT_PIXELS_PER_MODULE = 10;
/** The quiet zone the QR standard asks for, in modules. */
export const DEFAULT_QUIET_ZONE = 4;

export interface QrPngOptions {
  pixelsPerModule?: number;
  quietZone?: number;
  level?: QrLevel;
}

export interface QrPng {
  png: Uint8Array;
  /** Image side in pixels (the image is square). */
  widthPx: number;
  /** Modules per side including the quiet zone. */
  modules: number;
}

/** Encodes text (UTF-8, byte mode) as a square 1-bit PNG with a white quiet zone. */
export function qrPng(text: string, opts: QrPngOptions = {}): QrPng {
  const ppm = opts.pixelsPerModule ?? DEFAULT_PIXELS_PER_MODULE;
  const quiet = opts.quietZone ?? DEFAULT_QUIET_ZONE;
  if (!Number.isInteger(ppm) || ppm < 1 || ppm > 100) throw new Error('QR: pixelsPerModule must be an integer 1..100');
  if (!Number.isInteger(quiet) || quiet < 0 || quiet > 40) throw new Error('QR: quietZone must be an integer 0..40');

  const m = qrMatrix(text, opts.level ?? 'M');
  const modules = m.size + 2 * quiet;
  const widthPx = modules * ppm;
  const stride = 1 + gray1RowBytes(widthPx);
  const lines = new Uint8Array(widthPx * stride);

  // Build one scanline per module row, then copy it ppm times.
  const row = new Uint8Array(stride);
  for (let my = 0; my < modules; my++) {
    row.fill(0xff, 1);
    row[0] = 0; // filter "None"
    const qy = my - quiet;
    if (qy >= 0 && qy < m.size) {
      for (let qx = 0; qx < m.size; qx++) {
        if (!m.dark[qy * m.size + qx]) continue;
        const x0 = (qx + quiet) * ppm;
        for (let x = x0; x < x0 + ppm; x++) row[1 + (x >> 3)] &= ~(0x80 >> (x & 7));
      }
    }
    for (let k = 0; k < ppm; k++) lines.set(row, (my * ppm + k) * stride);
  }
  return { png: encodePngGray1Scanlines(widthPx, widthPx, lines), widthPx, modules };
}
