/**
 * Saves checked photos into the box's private Drive folder (created by setup, never shared), named by tracking code
 * ("HB-7KQ4M2X-1.jpg"), and moves photos the box saved to the trash.
 */
import { checkPhotos } from '../core/intake/photos';
import { toSignedBytes } from '../core/posters/png';
import { driveFileIds } from '../core/privacy/retention';
import type { PhotoStore } from '../core/intake/submit';
import type { LoadedConfig } from './config/load-config';

export { PROP_PHOTOS_FOLDER_ID } from './config/load-config';

/** True when the file sits in the box's private photo folder (never trash a file the box did not make). */
export function inPhotoFolder(file: GoogleAppsScript.Drive.File, folderId: string | null): boolean {
  if (!folderId) return false;
  const parents = file.getParents();
  while (parents.hasNext()) if (parents.next().getId() === folderId) return true;
  return false;
}

export function drivePhotoStore(loaded: LoadedConfig): PhotoStore {
  return {
    save(raw: unknown, trackingCode: string) {
      const { accepted, problems } = checkPhotos(raw);
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
