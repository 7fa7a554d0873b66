/**
 * The scratch folder verifyPlatform works in, in the owner's Drive root: every file a check makes is moved into it
 * and remembered, and cleanup trashes the folder and then each file (also when a check failed). Trashing the folder
 * first is itself a check: a file inside must then report isTrashed().
 */
import { runCheck, type CheckResult } from '../../core/platform/checks';
import { errorMessage } from '../../core/common/ports';

type Folder = GoogleAppsScript.Drive.Folder;

export const SCRATCH_NAME = 'Hòm thư số – kiểm tra nền tảng (tạm, tự xóa)';

export class Scratch {
  /** Marks this run's scratch files, mails and keys: KTNT- and 8 hex digits. */
  readonly token: string;
  private folder: Folder | null = null;
  private readonly fileIds: string[] = [];
  private readonly inFolder = new Set<string>();

  constructor() {
    this.token = `KTNT-${Utilities.getUuid().replace(/-/g, '').slice(0, 8).toUpperCase()}`;
  }

  /** A scratch file's name: what it is, and this run's token. */
  name(what: string): string {
    return `${SCRATCH_NAME} ${what} ${this.token}`;
  }

  /** Remembers a file the check made (before anything else can fail) and moves it into the scratch folder. */
  keep(id: string): void {
    this.fileIds.push(id);
    if (!this.folder) this.folder = DriveApp.createFolder(`${SCRATCH_NAME} ${this.token}`);
    DriveApp.getFileById(id).moveTo(this.folder);
    this.inFolder.add(id);
  }

  /** Some scratch file made so far, if any. */
  anyFile(): string | null {
    return this.fileIds[0] ?? null;
  }

  /**
   * Trashes the folder, checks that a file inside reads as trashed and reads as not trashed once the folder is taken
   * back out of the trash (drive.trashed-folder-contents), then trashes every file. Never throws: what could not be trashed is named in the result.
   */
  cleanup(): CheckResult {
    const problems: string[] = [];
    let folderTrashed = false;
    if (this.folder) {
      try {
        this.folder.setTrashed(true);
        folderTrashed = true;
      } catch (e) {
        problems.push(`thư mục tạm: ${errorMessage(e)}`);
      }
    }
    const inside = this.fileIds.find((id) => this.inFolder.has(id));
    const result = runCheck('drive.trashed-folder-contents', () => {
      if (!folderTrashed || !inside || !this.folder) return { ok: null, detail: 'Không có thư mục tạm chứa tệp để thử.' };
      const trashed = DriveApp.getFileById(inside).isTrashed();
      if (!trashed) {
        return {
          ok: false,
          detail: 'Tệp trong thư mục đã xóa vẫn báo là chưa xóa: kiểm tra tệp còn dùng được phải xem cả thư mục chứa nó.',
        };
      }
      // The box takes a trashed folder of its own back out of the trash: what it holds must come back with it.
      this.folder.setTrashed(false);
      const back = !DriveApp.getFileById(inside).isTrashed();
      this.folder.setTrashed(true);
      return {
        ok: back,
        detail: back
          ? 'Tệp trong thư mục đã chuyển vào thùng rác cũng được coi là đã xóa, và trở lại khi lấy thư mục ra khỏi thùng rác.'
          : 'Lấy thư mục ra khỏi thùng rác nhưng tệp trong đó vẫn ở thùng rác: ảnh trong thư mục ảnh bị xóa nhầm phải được lấy lại từng tệp.',
      };
    });
    for (const id of this.fileIds) {
      try {
        DriveApp.getFileById(id).setTrashed(true);
      } catch (e) {
        problems.push(`${id}: ${errorMessage(e)}`);
      }
    }
    const cleaned = `Đã chuyển ${this.fileIds.length} tệp tạm${this.folder ? ' và thư mục tạm' : ''} vào thùng rác.`;
    const notCleaned = problems.length ? ` Không xóa được (hãy xóa bằng tay): ${problems.join('; ')}.` : '';
    return { ...result, detail: `${result.detail} ${cleaned}${notCleaned}` };
  }
}
