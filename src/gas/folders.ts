/**
 * The box's Drive folders: the box's own folder and its subfolders (Poster QR, Báo cáo, and the private photo
 * folder), each remembered by id in a script property and made again when missing. A folder someone trashed still
 * holds every photo, poster and report the sheets link to, and Drive empties the trash after 30 days: the box takes
 * such a folder back rather than replacing it.
 */
import { PROP_PHOTOS_FOLDER_ID } from './config/load-config';
import { errorMessage } from '../core/common/ports';
import { consoleLogger } from './services';

type Folder = GoogleAppsScript.Drive.Folder;

export const PROP_ROOT_FOLDER_ID = 'ROOT_FOLDER_ID';
export const PROP_POSTERS_FOLDER_ID = 'POSTERS_FOLDER_ID';
export const PROP_REPORTS_FOLDER_ID = 'REPORTS_FOLDER_ID';

/** One of the box's folders: the property remembering it and its name in Drive. */
export interface BoxFolder {
  key: string;
  name: string;
}

export const POSTERS_FOLDER: BoxFolder = { key: PROP_POSTERS_FOLDER_ID, name: 'Poster QR' };
export const REPORTS_FOLDER: BoxFolder = { key: PROP_REPORTS_FOLDER_ID, name: 'Báo cáo' };
export const PHOTOS_FOLDER: BoxFolder = { key: PROP_PHOTOS_FOLDER_ID, name: 'Ảnh góp ý (riêng tư)' };

/** The box's own folder, named after the ward. */
export function rootFolder(wardName: string): BoxFolder {
  return { key: PROP_ROOT_FOLDER_ID, name: `Hòm thư số góp ý – ${wardName}` };
}

/** Whether the file `id` is in the Drive trash (also when its folder is); null when Drive cannot say or has no such file. */
function trashed(id: string): boolean | null {
  try {
    return DriveApp.getFileById(id).isTrashed();
  } catch {
    return null;
  }
}

/** Whether a Drive file exists and is not in the trash; false when Drive cannot say. */
export function fileAlive(id: string): boolean {
  return trashed(id) === false;
}

/** Whether Drive holds the file `id` in its trash; false when it does not, or cannot say. */
export function inTrash(id: string): boolean {
  return trashed(id) === true;
}

/**
 * Takes the file `id` out of the trash when it is there: true when it was. Drive deletes what stays 30 days in the
 * trash, so the box's own spreadsheet found there is taken back. A Drive failure throws (the caller's guard names it).
 */
export function untrashFile(id: string): boolean {
  const file = DriveApp.getFileById(id);
  if (!file.isTrashed()) return false;
  file.setTrashed(false);
  return true;
}

/** Takes a folder out of the trash, with what it holds; false when Drive refuses (the failure is logged). */
export function restoreFolder(folder: Folder): boolean {
  try {
    folder.setTrashed(false);
    return !folder.isTrashed();
  } catch (e) {
    consoleLogger.error('drive.restore-folder-failed', e);
    return false;
  }
}

/**
 * The folder with this id, or null when Drive says it is not there. Asked twice: a new folder made because Drive
 * failed for a moment would leave every photo, poster and report behind in the old one.
 */
function openFolder(id: string): Folder | null {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      return DriveApp.getFolderById(id);
    } catch (e) {
      consoleLogger.warn('drive.folder-not-opened', { folderId: id, attempt, error: errorMessage(e) });
    }
  }
  return null;
}

/** The folder `which` names, taken back from the trash or made (in `parent`, else in My Drive) when missing. */
export function ensureFolder(which: BoxFolder, parent: Folder | null, changes: string[]): Folder {
  const props = PropertiesService.getScriptProperties();
  const id = props.getProperty(which.key);
  if (id) {
    const found = openFolder(id);
    if (found && !found.isTrashed()) return found;
    // In the trash, it still holds every photo, poster and report the sheets link to: taken back, not replaced (a
    // new folder would leave them to be emptied from the trash after 30 days).
    if (found && restoreFolder(found)) {
      changes.push(`Thư mục "${which.name}" đang ở thùng rác: đã lấy lại, các tệp trong đó giữ nguyên đường dẫn.`);
      return found;
    }
    changes.push(`Thư mục "${which.name}" đã bị xóa: tạo lại.`);
  } else {
    changes.push(`Tạo thư mục Drive "${which.name}".`);
  }
  const folder = parent ? parent.createFolder(which.name) : DriveApp.createFolder(which.name);
  rememberOrTrash(folder, () => props.setProperty(which.key, folder.getId()));
  return folder;
}

/**
 * Remembers a file or folder just made; when that fails, the item goes to the trash (a copy nobody remembers would
 * be joined by another at the next run) and the failure goes on.
 */
export function rememberOrTrash(item: { setTrashed(trashed: boolean): unknown }, remember: () => void): void {
  try {
    remember();
  } catch (err) {
    try {
      item.setTrashed(true);
    } catch (again) {
      consoleLogger.error('drive.orphan-left', again);
    }
    throw err;
  }
}

/** The box's folder and its three subfolders. */
export function ensureFolders(wardName: string, changes: string[]): { root: Folder; all: { name: string; folder: Folder }[] } {
  const top = rootFolder(wardName);
  const root = ensureFolder(top, null, changes);
  const all = [{ name: top.name, folder: root }];
  for (const sub of [POSTERS_FOLDER, REPORTS_FOLDER, PHOTOS_FOLDER]) all.push({ name: sub.name, folder: ensureFolder(sub, root, changes) });
  return { root, all };
}
