/**
 * The photos of purged rows waiting in the queue (gas/photo-queue.ts) moved to the Drive trash, a bounded number at a
 * time: by the nightly run as far as its call budget pays, and by each 15-minute pending run while the queue holds
 * any (PENDING_RUN_PHOTOS), so a purge of thousands of photos drains within a day while every run stays well under
 * 400 service calls. Only files in the box's photo folder are trashed; each is counted once.
 */
import { errorMessage } from '../core/common/ports';
import { queuedPhotos } from '../core/privacy/photo-queue';
import { takeQueuedPhotos } from '../gas/photo-queue';
import { PROP_PHOTOS_FOLDER_ID, inPhotoFolder } from '../gas/photos';
import { consoleLogger } from '../gas/services';

/** Queued photos one pending run trashes at most: at most 175 calls (17 s modelled) on top of the run's own. */
export const PENDING_RUN_PHOTOS = 25;
const LOCK_WAIT_MS = 5000;

export interface TrashedPhotos {
  trashed: number;
  /** Not in the box's photo folder, or gone from Drive: left alone. */
  skipped: number;
  /** Still queued. */
  left: number;
  /** Taken out of the queue by this call (trashed, skipped, or found in the trash already). */
  taken: number;
}

/** Up to `max` queued photos to the trash; `locked` runs the queue's edit under the script lock. */
export function trashQueuedPhotos(max: number, folderId: string | null, locked: <T>(f: () => T) => T): TrashedPhotos {
  const { ids, left } = locked(() => takeQueuedPhotos(max));
  const out: TrashedPhotos = { trashed: 0, skipped: 0, left, taken: ids.length };
  for (const id of ids) {
    try {
      const file = DriveApp.getFileById(id);
      if (!inPhotoFolder(file, folderId)) {
        out.skipped++;
        continue;
      }
      // Trashed already (by hand, or by the photo sweep of a run that found it first): counted then, not now.
      if (file.isTrashed()) continue;
      file.setTrashed(true);
      out.trashed++;
    } catch (e) {
      // Already deleted, or not ours to see; a Drive failure is told apart in the execution log. A photo left in
      // the folder, linked by no row, is trashed by a later night's sweep.
      consoleLogger.warn('purge.photo-skipped', { fileId: id, error: errorMessage(e) });
      out.skipped++;
    }
  }
  return out;
}

/**
 * For the pending run: a slice of the queue to the trash when `props` (the script's properties, read by the run
 * already) show any queued. Never fails the run: a failure is logged and the next run goes on.
 */
export function trashQueuedPhotosSlice(props: Readonly<Record<string, string>>): TrashedPhotos | null {
  if (queuedPhotos(props).length === 0) return null;
  try {
    const out = trashQueuedPhotos(PENDING_RUN_PHOTOS, props[PROP_PHOTOS_FOLDER_ID] ?? null, (f) => {
      const lock = LockService.getScriptLock();
      if (!lock.tryLock(LOCK_WAIT_MS)) throw new Error('script lock busy');
      try {
        return f();
      } finally {
        lock.releaseLock();
      }
    });
    consoleLogger.info('purge.photos-trashed', { ...out });
    return out;
  } catch (e) {
    consoleLogger.error('purge.photos-failed', e);
    return null;
  }
}
