/**
 * Photos are decoded in the browser and drawn again as JPEG (photo-encode.ts): the long side at most
 * PHOTO_LIMITS.maxSide px, about PHOTO_LIMITS.targetBytes, no EXIF (GPS, camera, time), orientation kept.
 *
 * The work runs in a Worker (photo-worker.ts, served by the page's kernel script, started from a Blob URL) where the
 * browser allows it, so typing never stalls; otherwise on the main thread. Zalo's in-app browser and old Android
 * WebViews may refuse Workers or Blob URLs, start a Worker that never answers, or lack OffscreenCanvas 2D (iOS Safari
 * before 16.4): each of these falls back to the main thread, as does a file only <img> can read (HEIC on Safari).
 */
import { blobToDataUrl, decodePicture, shrinkToJpeg } from './kernel-api';
import { kernelSource, workerUrl } from './kernel-source';
import type { CanvasKit, Decoded } from './photo-encode';
import type { PhotoWorkerMessage } from './photo-worker';

export type PhotoPath = 'worker' | 'main';

export interface ReadyPhoto {
  /** data:image/jpeg;base64,… — used for the thumbnail, and its tail is what the server gets. */
  dataUrl: string;
  bytes: number;
  /** Where it was made. */
  where: PhotoPath;
}

const JPEG_PREFIX = 'data:image/jpeg;base64,';
/** How long a new Worker may take to say it can work before the main thread takes over. */
const WORKER_START_MS = 3000;

interface Pending {
  resolve(p: ReadyPhoto): void;
  reject(e: Error): void;
  onDecoded?: () => void;
}

let worker: Promise<Worker | null> | null = null;
const pending: Record<number, Pending> = {};
let nextId = 1;

/** The photo Worker's Blob URL, where this browser can run it at all. */
function photoWorkerUrl(): string | null {
  return typeof OffscreenCanvas === 'function' && typeof createImageBitmap === 'function' ? workerUrl(kernelSource('photo')) : null;
}

function failAll(reason: string) {
  for (const id of Object.keys(pending)) {
    const p = pending[Number(id)];
    delete pending[Number(id)];
    p.reject(new Error(reason));
  }
}

function onWorkerMessage(m: PhotoWorkerMessage) {
  if (!m || m.type === 'ready') return;
  const p = pending[m.id];
  if (!p) return;
  if (m.type === 'decoded') {
    if (p.onDecoded) p.onDecoded();
    return;
  }
  delete pending[m.id];
  if (m.type === 'done' && typeof m.dataUrl === 'string' && m.dataUrl.indexOf(JPEG_PREFIX) === 0) {
    p.resolve({ dataUrl: m.dataUrl, bytes: m.bytes, where: 'worker' });
  } else {
    p.reject(new Error(m.type === 'failed' ? m.reason : 'worker'));
  }
}

/**
 * The Worker, started once (or null: this browser will not run it). Called early (when the resident taps the
 * picker) so it is ready by the time a photo is chosen.
 */
export function startPhotoWorker(): Promise<Worker | null> {
  if (worker) return worker;
  worker = new Promise<Worker | null>((resolve) => {
    const url = photoWorkerUrl();
    if (!url) return resolve(null);
    let w: Worker;
    try {
      w = new Worker(url);
    } catch {
      return resolve(null);
    }
    let started = false;
    const give = (ok: boolean) => {
      if (started) return;
      started = true;
      clearTimeout(timer);
      if (!ok) w.terminate();
      resolve(ok ? w : null);
    };
    const timer = setTimeout(() => give(false), WORKER_START_MS);
    w.onmessage = (e: MessageEvent<PhotoWorkerMessage>) => {
      if (e.data && e.data.type === 'ready') give(e.data.ok === true);
      else onWorkerMessage(e.data);
    };
    w.onerror = (e) => {
      if (e && e.preventDefault) e.preventDefault();
      // A Worker that fails (blocked, crashed, out of memory) is not used again: the main thread does the rest.
      if (started) {
        worker = Promise.resolve(null);
        w.terminate();
        failAll('worker');
      } else give(false);
    };
  });
  return worker;
}

function inWorker(w: Worker, file: Blob, onDecoded?: () => void): Promise<ReadyPhoto> {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    pending[id] = { resolve, reject, onDecoded };
    try {
      w.postMessage({ id, file });
    } catch (e) {
      delete pending[id];
      reject(e instanceof Error ? e : new Error('post'));
    }
  });
}

// ---- The main thread ----

const mainKit: CanvasKit = {
  make(width, height) {
    const c = document.createElement('canvas');
    c.width = width;
    c.height = height;
    return c;
  },
  jpeg: (canvas, quality) =>
    new Promise((resolve, reject) =>
      (canvas as HTMLCanvasElement).toBlob((b) => (b ? resolve(b) : reject(new Error('encode'))), 'image/jpeg', quality),
    ),
};

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

/**
 * On the main thread decodePicture is tried first (ImageDecoder or createImageBitmap): the browser decodes off the
 * main thread, so the page stays free while it does. An <img> is the second try: it reads what only it can (HEIC on
 * Safari) and turns upright by its EXIF orientation (image-orientation: from-image, the default).
 */
async function decodeOnPage(file: Blob, whole?: boolean): Promise<Decoded> {
  try {
    return await decodePicture(file, whole);
  } catch {
    // Some formats (HEIC on Safari) decode only through <img>, and so does an engine without createImageBitmap.
  }
  return decodeWithImg(file);
}

async function onMainThread(file: Blob, onDecoded?: () => void, whole?: boolean): Promise<ReadyPhoto> {
  const pic = await decodeOnPage(file, whole);
  if (onDecoded) onDecoded();
  try {
    const blob = await shrinkToJpeg(pic, mainKit);
    const dataUrl = await blobToDataUrl(blob);
    if (dataUrl.indexOf(JPEG_PREFIX) !== 0) throw new Error('encode');
    return { dataUrl, bytes: blob.size, where: 'main' };
  } catch (e) {
    // Once more, decoded whole: a shrunk picture this canvas could not draw is not lost (a file that fails that way
    // too is refused).
    if (whole) throw e;
    return onMainThread(file, undefined, true);
  } finally {
    pic.close();
  }
}

/** HEIC/HEIF (the default of many iPhones and some Android phones), which most browsers outside Safari cannot decode. */
export function isHeic(file: { name: string; type: string }): boolean {
  return /^image\/hei[cf]/i.test(file.type) || /\.hei[cf]$/i.test(file.name);
}

/**
 * Re-encodes one picked file, in the Worker when it runs, else on the main thread. Rejects when the browser cannot
 * decode it (the page then skips it). `onDecoded` is called once the picture is read, about half of the work, for the
 * page's progress bar.
 */
export async function preparePhoto(file: Blob, onDecoded?: () => void): Promise<ReadyPhoto> {
  const w = await startPhotoWorker();
  let whole = false;
  if (w) {
    let decoded = false;
    try {
      return await inWorker(w, file, () => {
        decoded = true;
        if (onDecoded) onDecoded();
      });
    } catch {
      // The main thread tries once more: it can read what only <img> reads, and it works when the Worker failed. It
      // decodes the file whole: a shrunk picture the Worker could not draw is not tried again.
      if (decoded) onDecoded = undefined;
      whole = true;
    }
  }
  return onMainThread(file, onDecoded, whole);
}
