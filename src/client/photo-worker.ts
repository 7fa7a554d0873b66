/**
 * The photo Worker: decodes a picked file (decodePicture), shrinks and re-encodes it on an OffscreenCanvas
 * (photo-encode.ts) and hands back the JPEG as a data URL, so the page's main thread stays free while the resident
 * types. Served by the page's kernel (kernel.ts) when photos.ts starts it from a Blob of the kernel script. It first
 * says whether this engine can do the work at all; the page falls back to its main thread when it cannot, or when
 * the Worker fails.
 */
import { blobToDataUrl, decodePicture, shrinkToJpeg, type CanvasKit, type Decoded } from './photo-encode';

/** One photo to prepare. */
export interface PhotoJob {
  id: number;
  file: Blob;
}

export type PhotoWorkerMessage =
  | { type: 'ready'; ok: boolean }
  | { type: 'decoded'; id: number }
  | { type: 'done'; id: number; dataUrl: string; bytes: number }
  | { type: 'failed'; id: number; reason: string };

export interface PhotoWorkerScope {
  postMessage(message: PhotoWorkerMessage): void;
  onmessage: ((e: MessageEvent<PhotoJob>) => void) | null;
  FileReaderSync?: new () => { readAsDataURL(blob: Blob): string };
}

const kit: CanvasKit = {
  make: (width, height) => new OffscreenCanvas(width, height),
  jpeg: (canvas, quality) => (canvas as OffscreenCanvas).convertToBlob({ type: 'image/jpeg', quality }),
};

/** OffscreenCanvas with a 2D context and convertToBlob (Safari before 16.4 has neither), and createImageBitmap. */
function supported(): boolean {
  try {
    return (
      typeof createImageBitmap === 'function' &&
      typeof OffscreenCanvas === 'function' &&
      typeof OffscreenCanvas.prototype.convertToBlob === 'function' &&
      Boolean(new OffscreenCanvas(1, 1).getContext('2d'))
    );
  } catch {
    return false;
  }
}

function dataUrlOf(scope: PhotoWorkerScope, blob: Blob): Promise<string> {
  const Sync = scope.FileReaderSync;
  return Sync ? Promise.resolve(new Sync().readAsDataURL(blob)) : blobToDataUrl(blob);
}

async function prepare(scope: PhotoWorkerScope, job: PhotoJob): Promise<void> {
  let pic: Decoded | null = null;
  try {
    pic = await decodePicture(job.file);
    scope.postMessage({ type: 'decoded', id: job.id });
    const blob = await shrinkToJpeg(pic, kit);
    pic.close();
    pic = null;
    scope.postMessage({ type: 'done', id: job.id, dataUrl: await dataUrlOf(scope, blob), bytes: blob.size });
  } catch (e) {
    scope.postMessage({ type: 'failed', id: job.id, reason: e instanceof Error ? e.message : String(e) });
  } finally {
    if (pic) pic.close();
  }
}

/** Answers photo jobs on `scope`, after saying whether this engine can do them. */
export function servePhotoWorker(scope: PhotoWorkerScope): void {
  scope.onmessage = (e) => {
    if (e.data && typeof e.data.id === 'number') void prepare(scope, e.data);
  };
  scope.postMessage({ type: 'ready', ok: supported() });
}
