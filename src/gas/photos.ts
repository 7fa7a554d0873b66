/**
 * Saves checked photos into the box's private Drive folder (created by setup, never shared), named by tracking code.
 */
import { checkPhotos } from '../core/intake/photos';
import { toSignedBytes } from '../core/posters/png';
import type { PhotoStore } from '../core/intake/submit';
import type { LoadedConfig } from './config/load-config';

export { PROP_PHOTOS_FOLDER_ID } from './config/load-config';

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
