/**
 * The box's Drive folders in the trash. A folder someone trashed still holds every photo, poster and report the
 * sheets link to, and Drive empties the trash after 30 days: the box takes such a folder back rather than replacing it.
 */
import { consoleLogger } from './services';

/** Takes a folder out of the trash, with what it holds; false when Drive refuses (the failure is logged). */
export function restoreFolder(folder: GoogleAppsScript.Drive.Folder): boolean {
  try {
    folder.setTrashed(false);
    return !folder.isTrashed();
  } catch (e) {
    consoleLogger.error('drive.restore-folder-failed', e);
    return false;
  }
}
