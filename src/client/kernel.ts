/**
 * The page's kernel: the work that may run in a Web Worker (the bot-cost puzzle's solver, the photo shrinker) and
 * what the page needs of it on its main thread when no Worker runs. One inline script (#hb-kernel) carries it, before
 * the page's own; the page starts each Worker from a Blob of that same script's text with its role in front
 * (kernel-source.ts), so this code is in the page once. In the page it only hands its functions over (HBK, read by
 * kernel-global.ts); in a Worker it serves its role.
 */
import { createSolver, isSolution } from './challenge/solve';
import { serveChallengeWorker, type WorkerScopeLike } from './challenge/worker';
import { blobToDataUrl, decodePicture, shrinkToJpeg } from './photo-encode';
import { ROLE_GLOBAL } from './kernel-source';
import { servePhotoWorker, type PhotoWorkerScope } from './photo-worker';

export const kernel = { createSolver, isSolution, blobToDataUrl, decodePicture, shrinkToJpeg };
export type Kernel = typeof kernel;

declare const importScripts: unknown;
// `self` is the Worker's global scope (and the window in the page).
const scope = self as unknown as Record<string, unknown>;
if (typeof document === 'undefined' && typeof importScripts === 'function') {
  if (scope[ROLE_GLOBAL] === 'photo') servePhotoWorker(scope as unknown as PhotoWorkerScope);
  else serveChallengeWorker(scope as unknown as WorkerScopeLike);
} else {
  scope.HBK = kernel;
}
