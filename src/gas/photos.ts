/**
 * Saves checked photos into the box's private Drive folder (created by setup, never shared), named by tracking code
 * ("HB-7KQ4M2X-1.jpg"), and moves photos the box saved to the trash.
 */
import type { CheckedPhoto } from '../core/intake/photos';
import { toSignedBytes } from '../core/posters/png';
import { driveFileIds } from '../core/privacy/retention';
import type { PhotoStore } from '../core/intake/submit';
import type { LoadedConfig } from './config/load-config';

import { PROP_PHOTOS_FOLDER_ID } from './config/load-config';
import { consoleLogger } from './services';
import { errorMessage } from '../core/common/ports';

export { PROP_PHOTOS_FOLDER_ID };

/** True when the file sits in the box's private photo folder (never trash a file the box did not make). */
export function inPhotoFolder(file: GoogleAppsScript.Drive.File, folderId: string | null): boolean {
  if (!folderId) return false;
  const parents = file.getParents();
  while (parents.hasNext()) if (parents.next().getId() === folderId) return true;
  return false;
}

export function drivePhotoStore(loaded: LoadedConfig): PhotoStore {
  return {
    save(accepted: CheckedPhoto[], trackingCode: string) {
      if (accepted.length === 0) return { links: [], problems: [] };
      const folderId = loaded.photosFolderId;
      if (!folderId) return { links: [], problems: ['Chưa có thư mục lưu ảnh (cần chạy "Cài đặt / sửa chữa hòm thư").'] };
      const folder = DriveApp.getFolderById(folderId);
      const links = accepted.map((p, i) => {
        const blob = Utilities.newBlob(toSignedBytes(p.bytes), p.mime, `${trackingCode}-${i + 1}.${p.ext}`);
        return folder.createFile(blob).getUrl();
      });
      return { links, problems: [] };
    },
    rename(links: string[], trackingCode: string) {
      driveFileIds(links.join('\n')).forEach((id, i) => {
        const file = DriveApp.getFileById(id);
        if (!inPhotoFolder(file, loaded.photosFolderId)) return;
        const name = file.getName();
        const dot = name.lastIndexOf('.');
        file.setName(`${trackingCode}-${i + 1}${dot > 0 ? name.slice(dot) : ''}`);
      });
    },
    discard(links: string[]) {
      for (const id of driveFileIds(links.join('\n'))) {
        try {
          const file = DriveApp.getFileById(id);
          if (inPhotoFolder(file, loaded.photosFolderId)) file.setTrashed(true);
        } catch {
          // Gone already: the nightly sweep has nothing to do for it either.
        }
      }
    },
  };
}

/** True when the file sits in the box's private photo folder (never trash a file the box did not make). */
function inFolder(file: GoogleAppsScript.Drive.File, folderId: string): boolean {
  const parents = file.getParents();
  while (parents.hasNext()) if (parents.next().getId() === folderId) return true;
  return false;
}

/**
 * Moves these photos to the Drive trash, each only if it is in the box's photo folder: `trashed` counts those now in
 * the trash, `skipped` those gone already or elsewhere (left alone).
 */
export function trashBoxPhotos(ids: readonly string[], loaded: LoadedConfig): { trashed: number; skipped: number } {
  const out = { trashed: 0, skipped: 0 };
  const folderId = loaded.photosFolderId;
  for (const id of ids) {
    try {
      const file = DriveApp.getFileById(id);
      if (!folderId || !inFolder(file, folderId)) {
        out.skipped++;
        continue;
      }
      if (!file.isTrashed()) file.setTrashed(true);
      out.trashed++;
    } catch {
      // Already deleted, or not ours to see.
      out.skipped++;
    }
  }
  return out;
}

/**
 * Moves the box's photos to the Drive trash or back out of it; only files in the box's photo folder are touched.
 * Returns how many changed; a file already gone is skipped.
 */
export function setPhotosTrashed(ids: readonly string[], trashed: boolean): number {
  if (ids.length === 0) return 0;
  const folderId = PropertiesService.getScriptProperties().getProperty(PROP_PHOTOS_FOLDER_ID);
  if (!folderId) return 0;
  let n = 0;
  for (const id of ids) {
    try {
      const file = DriveApp.getFileById(id);
      if (!inFolder(file, folderId) || file.isTrashed() === trashed) continue;
      file.setTrashed(trashed);
      n++;
    } catch (e) {
      // Already deleted, or not ours to see; or Drive failed: either way the execution log says which.
      consoleLogger.warn('photos.trash-skipped', { fileId: id, trashed, error: errorMessage(e) });
    }
  }
  return n;
}
