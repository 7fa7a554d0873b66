/**
 * Saves checked photos into the box's private Drive folder (created by setup, never shared), named by tracking code.
 */
import { checkPhotos } from '../core/intake/photos';
import { toSignedBytes } from '../core/posters/png';
import type { PhotoStore } from '../core/intake/submit';
import type { LoadedConfig } from './config/load-config';

import { PROP_PHOTOS_FOLDER_ID } from './config/load-config';

export { PROP_PHOTOS_FOLDER_ID };

export function drivePhotoStore(loaded: LoadedConfig): PhotoStore {
  return {
    save(raw: unknown, trackingCode: string, max: number) {
      const checked = checkPhotos(raw);
      const problems = checked.problems;
      // Only as many as the day's photo budget allowed (the resident is told about the rest).
      const accepted = checked.accepted.slice(0, Math.max(0, max));
      if (accepted.length === 0) return { links: [], problems };
      const folderId = loaded.photosFolderId;
      if (!folderId) return { links: [], problems: [...problems, 'Chưa có thư mục lưu ảnh (cần chạy "Cài đặt / sửa chữa hòm thư").'] };
      const folder = DriveApp.getFolderById(folderId);
      const links = accepted.map((p, i) => {
        const blob = Utilities.newBlob(toSignedBytes(p.bytes), p.mime, `${trackingCode}-${i + 1}.${p.ext}`);
        return folder.createFile(blob).getUrl();
      });
      return { links, problems };
    },
  };
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
      const parents = file.getParents();
      let ours = false;
      while (parents.hasNext()) if (parents.next().getId() === folderId) ours = true;
      if (!ours || file.isTrashed() === trashed) continue;
      file.setTrashed(trashed);
      n++;
    } catch {
      // Already deleted, or not ours to see.
    }
  }
  return n;
}
