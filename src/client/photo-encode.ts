/**
 * Shrinking and re-encoding one decoded photo, the same in the photo Worker (OffscreenCanvas) and on the page's main
 * thread (a <canvas>). Step-down: the picture is halved with drawImage while half is still at least the target size
 * (each halving averages 2×2 pixels, which keeps it sharp and smooths sensor noise), then drawn once more to the
 * target size, then encoded ONCE as JPEG at PHOTO_QUALITY. Only a photo still over PHOTO_LIMITS.targetBytes gets one
 * more pass, smaller in proportion. Re-encoding drops EXIF (GPS, camera, time).
 *
 * Imports nothing from the page: the Worker bundle (photo-worker.ts) carries this file alone.
 */
import { PHOTO_LIMITS } from '../shared/types';

/** JPEG quality of the one encode pass. */
export const PHOTO_QUALITY = 0.7;

export type Canvas2D = HTMLCanvasElement | OffscreenCanvas;

export interface CanvasKit {
  /** A blank canvas of that size. */
  make(width: number, height: number): Canvas2D;
  /** The canvas as a JPEG Blob (OffscreenCanvas.convertToBlob, or HTMLCanvasElement.toBlob). */
  jpeg(canvas: Canvas2D, quality: number): Promise<Blob>;
}

export interface Picture {
  source: CanvasImageSource;
  width: number;
  height: number;
}

type Ctx = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

function context(c: Canvas2D): Ctx {
  const ctx = c.getContext('2d') as Ctx | null;
  if (!ctx) throw new Error('canvas');
  return ctx;
}

/** Frees a canvas's pixels at once (iOS caps the total canvas memory of a page). */
export function release(c: Canvas2D) {
  c.width = c.height = 0;
}

/** The size a photo is sent at: the long side at most PHOTO_LIMITS.maxSide, never enlarged. */
export function targetSize(width: number, height: number, maxSide: number = PHOTO_LIMITS.maxSide): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * Draws `pic` at width×height: halvings while half is still at least that size, then the last step onto a white
 * background (JPEG has no transparency: a transparent PNG must not turn black).
 */
export function stepDown(pic: Picture, width: number, height: number, kit: CanvasKit): Canvas2D {
  let src: CanvasImageSource = pic.source;
  let w = pic.width;
  let h = pic.height;
  let previous: Canvas2D | null = null;
  while (Math.floor(w / 2) >= width && Math.floor(h / 2) >= height) {
    const half = kit.make(Math.floor(w / 2), Math.floor(h / 2));
    context(half).drawImage(src, 0, 0, half.width, half.height);
    if (previous) release(previous);
    previous = half;
    src = half;
    w = half.width;
    h = half.height;
  }
  const out = kit.make(width, height);
  const ctx = context(out);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.drawImage(src, 0, 0, width, height);
  if (previous) release(previous);
  return out;
}

async function encodeJpeg(canvas: Canvas2D, kit: CanvasKit): Promise<Blob> {
  const blob = await kit.jpeg(canvas, PHOTO_QUALITY);
  // A browser that cannot write JPEG hands back a PNG: that is not what the server takes.
  if (!blob || blob.type !== 'image/jpeg') throw new Error('encode');
  return blob;
}

/**
 * The JPEG the page sends for one decoded picture. Normally one encode pass; a picture still over targetBytes gets
 * one more, its sides scaled by √(target/size) with a margin (JPEG size follows the pixel count). Only a picture
 * still over the server's maxBytes after that (pure noise) keeps shrinking; rejects when it cannot be made to fit.
 */
export async function shrinkToJpeg(pic: Picture, kit: CanvasKit): Promise<Blob> {
  if (!pic.width || !pic.height) throw new Error('empty');
  const size = targetSize(pic.width, pic.height);
  let canvas = stepDown(pic, size.width, size.height, kit);
  try {
    let blob = await encodeJpeg(canvas, kit);
    let factor = blob.size > PHOTO_LIMITS.targetBytes ? Math.sqrt(PHOTO_LIMITS.targetBytes / blob.size) * 0.92 : 1;
    while (factor < 1) {
      const next = stepDown(
        { source: canvas, width: canvas.width, height: canvas.height },
        Math.max(1, Math.round(canvas.width * factor)),
        Math.max(1, Math.round(canvas.height * factor)),
        kit,
      );
      release(canvas);
      canvas = next;
      blob = await encodeJpeg(canvas, kit);
      if (blob.size <= PHOTO_LIMITS.maxBytes) break;
      if (Math.max(canvas.width, canvas.height) < 320) throw new Error('too big');
      factor = 0.75;
    }
    return blob;
  } finally {
    release(canvas);
  }
}

/** A Blob as a data: URL (its base64 tail is what the server gets). */
export function blobToDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(new Error('read'));
    reader.readAsDataURL(blob);
  });
}

/** A picture decoded from a picked file, to be closed (its pixels freed) once drawn. */
export type Decoded = Picture & { close(): void };

/**
 * The stored width and height of a JPEG from its frame header (SOF0–SOF15); null when the bytes hold none before
 * something that is not a marker segment (another format).
 */
export function jpegFrameSize(b: Uint8Array): [number, number] | null {
  for (let i = 2; i + 9 < b.length && b[i] === 0xff;) {
    const m = b[i + 1];
    // 0xFF fill bytes may come before a marker; of C0–CF, DHT (C4), JPG (C8) and DAC (CC) are not frame headers.
    if (m === 0xff) i++;
    else if (m >> 4 === 12 && (m & 3 || m === 0xc0)) return [(b[i + 7] << 8) | b[i + 8], (b[i + 5] << 8) | b[i + 6]];
    else i += 2 + ((b[i + 2] << 8) | b[i + 3]);
  }
  return null;
}

/** WebCodecs' ImageDecoder, as far as it is used here (not in every TypeScript DOM library yet). */
type ScalingDecoder = new (init: { data: BufferSource; type: string; desiredWidth: number; desiredHeight: number }) => {
  decode(): Promise<{ image: VideoFrame }>;
  close(): void;
};

/**
 * A big JPEG decoded already shrunk: WebCodecs' ImageDecoder asked for a smaller size decodes at n/8 of each side
 * (JPEG's scaled IDCT), asked here for the least n whose long side still reaches `maxSide`, so the step-down starts
 * from a picture 2–4× smaller and the full-size pixels are never made. Upright: the frame carries the EXIF rotation,
 * which drawImage applies. Null where this cannot be done (no ImageDecoder, or a VideoFrame without `rotation`: those
 * engines ignored the EXIF orientation; not a JPEG; small enough already); throws when the decoder fails.
 */
async function decodeScaledJpeg(file: Blob, maxSide: number): Promise<Decoded | null> {
  const Decoder = (self as { ImageDecoder?: ScalingDecoder }).ImageDecoder;
  if (!Decoder || !('rotation' in VideoFrame.prototype)) return null;
  // The frame header is near the start (after EXIF, at most 64 KB): other files are not read whole for nothing.
  const size = jpegFrameSize(new Uint8Array(await file.slice(0, 1 << 17).arrayBuffer()));
  const n = size ? Math.ceil((8 * maxSide) / Math.max(size[0], size[1])) : 8;
  if (!size || n >= 8) return null;
  const decoder = new Decoder({
    data: await file.arrayBuffer(),
    type: 'image/jpeg',
    desiredWidth: Math.ceil((size[0] * n) / 8),
    desiredHeight: Math.ceil((size[1] * n) / 8),
  });
  try {
    const frame = (await decoder.decode()).image;
    // The desired size is only a hint: an engine that decoded it smaller than asked gives way to the whole decode.
    if (Math.max(frame.displayWidth, frame.displayHeight) >= maxSide)
      return { source: frame, width: frame.displayWidth, height: frame.displayHeight, close: () => frame.close() };
    frame.close();
    return null;
  } finally {
    decoder.close();
  }
}

/**
 * Decodes a picked file upright: a big JPEG already shrunk where the engine can (decodeScaledJpeg), unless asked for
 * it `whole`, else whole with createImageBitmap (EXIF orientation applied where the browser knows
 * `imageOrientation`; an engine that does not know the option is asked again without it). Rejects when the engine
 * cannot read it.
 */
export async function decodePicture(file: Blob, whole?: boolean): Promise<Decoded> {
  try {
    const scaled = whole ? null : await decodeScaledJpeg(file, PHOTO_LIMITS.maxSide);
    if (scaled) return scaled;
  } catch {
    // The whole decode below reads what the scaled one could not.
  }
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    bitmap = await createImageBitmap(file);
  }
  return { source: bitmap, width: bitmap.width, height: bitmap.height, close: () => bitmap.close() };
}
