/**
 * Reading QR PNGs the way a phone would after printing: gray pixels, area-average shrinking to a small print,
 * and jsQR as the independent decoder.
 */
import { PNG, jsQR } from './image-libs';

export interface Gray {
  w: number;
  h: number;
  /** 0..255 per pixel. */
  px: Float64Array;
}

/** 2.5 cm printed at 300 dpi, in pixels. */
export const SMALL_PRINT_PX = Math.round((2.5 / 2.54) * 300);

/** A PNG as gray levels; transparent pixels print as the white paper. */
export function readGray(png: Uint8Array): Gray {
  const img = PNG.sync.read(Buffer.from(png));
  const px = new Float64Array(img.width * img.height);
  for (let i = 0; i < px.length; i++) {
    const [r, g, b, a] = [img.data[i * 4], img.data[i * 4 + 1], img.data[i * 4 + 2], img.data[i * 4 + 3]];
    px[i] = ((0.299 * r + 0.587 * g + 0.114 * b) * a + 255 * (255 - a)) / 255;
  }
  return { w: img.width, h: img.height, px };
}

/**
 * Area-average resampling (box filter with fractional coverage: each output pixel is the mean of the source area it
 * covers, as a printer's or camera's downsampling does), separable: rows then columns.
 */
export function resample(src: Gray, w: number, h: number): Gray {
  // For each output index: the source indices it covers and their weights (sum of weights = 1).
  const weights = (n: number, m: number): { from: number; w: number[] }[] => {
    const scale = n / m;
    const out: { from: number; w: number[] }[] = [];
    for (let j = 0; j < m; j++) {
      const a = j * scale;
      const b = a + scale;
      const from = Math.floor(a);
      const w: number[] = [];
      for (let i = from; i < b && i < n; i++) w.push((Math.min(b, i + 1) - Math.max(a, i)) / scale);
      out.push({ from, w });
    }
    return out;
  };
  const wx = weights(src.w, w);
  const wy = weights(src.h, h);
  const tmp = new Float64Array(w * src.h);
  for (let y = 0; y < src.h; y++) {
    for (let x = 0; x < w; x++) {
      const { from, w: ws } = wx[x];
      let sum = 0;
      for (let k = 0; k < ws.length; k++) sum += src.px[y * src.w + from + k] * ws[k];
      tmp[y * w + x] = sum;
    }
  }
  const px = new Float64Array(w * h);
  for (let y = 0; y < h; y++) {
    const { from, w: ws } = wy[y];
    for (let x = 0; x < w; x++) {
      let sum = 0;
      for (let k = 0; k < ws.length; k++) sum += tmp[(from + k) * w + x] * ws[k];
      px[y * w + x] = sum;
    }
  }
  return { w, h, px };
}

/** jsQR on gray pixels: the decoded text and bytes, or null. */
export function scanGray(g: Gray): { data: string; bytes: number[] } | null {
  const rgba = new Uint8ClampedArray(g.w * g.h * 4);
  for (let i = 0; i < g.px.length; i++) {
    rgba[i * 4] = rgba[i * 4 + 1] = rgba[i * 4 + 2] = g.px[i]; // clamped arrays round
    rgba[i * 4 + 3] = 255;
  }
  const r = jsQR(rgba, g.w, g.h, { inversionAttempts: 'dontInvert' });
  return r ? { data: r.data, bytes: r.binaryData } : null;
}
