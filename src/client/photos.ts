/**
 * Photos are decoded in the browser and drawn again onto a canvas as JPEG. Re-encoding drops EXIF (GPS,
 * camera, time) and keeps uploads small enough for weak 3G: the long side at most PHOTO_LIMITS.maxSide px
 * and the file at most PHOTO_LIMITS.maxBytes (quality lowered step by step, then the size).
 */
import { PHOTO_LIMITS } from '../shared/types';

export interface ReadyPhoto {
  /** data:image/jpeg;base64,… — used for the thumbnail, and its tail is what the server gets. */
  dataUrl: string;
  bytes: number;
}

interface Decoded {
  source: CanvasImageSource;
  width: number;
  height: number;
  close(): void;
}

const QUALITIES = [0.85, 0.75, 0.65, 0.55, 0.45];
const JPEG_PREFIX = 'data:image/jpeg;base64,';

function decodeWithImg(file: Blob): Promise<Decoded> {
  return new Promise((resolve, reject) => {
    const url = URL.createObjectURL(file);
    const img = new Image();
    img.onload = () =>
      resolve({
        source: img,
        width: img.naturalWidth,
        height: img.naturalHeight,
        close: () => URL.revokeObjectURL(url),
      });
    img.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error('decode'));
    };
    img.src = url;
  });
}

async function decode(file: Blob): Promise<Decoded> {
  if (typeof createImageBitmap === 'function') {
    try {
      const bmp = await createImageBitmap(file);
      return { source: bmp, width: bmp.width, height: bmp.height, close: () => bmp.close() };
    } catch {
      // Some formats (HEIC on Safari) decode only through <img>: try that next.
    }
  }
  return decodeWithImg(file);
}

/** Bytes held by the base64 part of a data URL. */
export function base64Bytes(dataUrl: string): number {
  const b64 = dataUrl.slice(dataUrl.indexOf(',') + 1);
  const pad = b64.slice(-2) === '==' ? 2 : b64.slice(-1) === '=' ? 1 : 0;
  return (b64.length * 3) / 4 - pad;
}

/** HEIC/HEIF (the default of many iPhones and some Android phones), which most browsers outside Safari cannot decode. */
export function isHeic(file: { name: string; type: string }): boolean {
  return /^image\/hei[cf]/i.test(file.type) || /\.hei[cf]$/i.test(file.name);
}

/**
 * Re-encodes one picked file. Rejects when the browser cannot decode it (the page then skips it).
 * `onDecoded` is called once the picture is read, about half of the work, for the page's progress bar.
 */
export async function preparePhoto(file: Blob, onDecoded?: () => void): Promise<ReadyPhoto> {
  const img = await decode(file);
  if (onDecoded) onDecoded();
  const canvas = document.createElement('canvas');
  try {
    if (!img.width || !img.height) throw new Error('empty');
    let scale = Math.min(1, PHOTO_LIMITS.maxSide / Math.max(img.width, img.height));
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('canvas');
    for (;;) {
      canvas.width = Math.max(1, Math.round(img.width * scale));
      canvas.height = Math.max(1, Math.round(img.height * scale));
      // JPEG has no transparency: paint white first so a transparent PNG does not turn black.
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(img.source, 0, 0, canvas.width, canvas.height);
      for (const q of QUALITIES) {
        const dataUrl = canvas.toDataURL('image/jpeg', q);
        if (dataUrl.indexOf(JPEG_PREFIX) !== 0) throw new Error('encode');
        const bytes = base64Bytes(dataUrl);
        if (bytes <= PHOTO_LIMITS.maxBytes) return { dataUrl, bytes };
      }
      if (Math.max(canvas.width, canvas.height) < 320) throw new Error('too big');
      scale *= 0.75;
    }
  } finally {
    img.close();
    // Frees the bitmap memory at once (iOS caps the total canvas memory of a page).
    canvas.width = canvas.height = 0;
  }
}
