/**
 * The retention purge: the nightly trigger that removes personal data older than the months set in Cấu hình and
 * trashes those photos, then re-checks that Góp ý's dropdowns, highlight and protections cover rows appended since.
 * Calls requireOwner first.
 */
import { formatLocalDate } from '../core/staff/deadline';
import { planPurge, retentionCutoff } from '../core/privacy/retention';
import { loadConfig } from '../gas/config/load-config';
import { writeLog } from '../gas/log';
import { PROP_PHOTOS_FOLDER_ID } from '../gas/photos';
import { FIRST_DATA_ROW, readDataBlock, responsesSheet, writeBlock } from '../gas/staff-sheet';
import { maintainBoxSheets } from '../gas/setup';
import { consoleLogger } from '../gas/services';
import { errorMessage } from '../core/common/ports';
import type { AdminResult } from '../shared/types';
import { recordedOwner, requireOwner } from './admin/guard';
import { expireSpam } from './staff/spam';
import { adminResult } from './admin/result';

const LOCK_WAIT_MS = 20000;

export interface PurgeOutcome extends AdminResult {
  rows: number;
  photosTrashed: number;
  photosSkipped: number;
  /** 'dd/MM/yyyy': rows received before this local day were purged. */
  before: string;
  busy?: boolean;
}

/** True when the file sits in the box's private photo folder (never trash a file the box did not make). */
function inPhotoFolder(file: GoogleAppsScript.Drive.File, folderId: string | null): boolean {
  if (!folderId) return false;
  const parents = file.getParents();
  while (parents.hasNext()) if (parents.next().getId() === folderId) return true;
  return false;
}

/**
 * Daily trigger: rows received more than "Số tháng lưu thông tin cá nhân" months ago lose their personal data (name,
 * phone, email, address, photo links, and those values inside the text); their photos go to the Drive trash. The
 * opinion and its handling stay for the statistics. One read, one write; counts go to Nhật ký.
 */
export function purgeExpiredPersonalData(e?: unknown): PurgeOutcome {
  requireOwner('purgeExpiredPersonalData', e);
  const title = 'Xóa thông tin cá nhân quá hạn';
  const loaded = loadConfig();
  const sheet = responsesSheet(loaded);
  const cutoff = retentionCutoff(new Date(), loaded.config.retentionMonths);
  const out = { rows: 0, photosTrashed: 0, photosSkipped: 0, before: formatLocalDate(cutoff) };
  const lock = LockService.getScriptLock();
  if (!lock.tryLock(LOCK_WAIT_MS)) {
    writeLog('Xóa thông tin cá nhân', 'Hệ thống đang bận, sẽ chạy lại vào đêm mai.');
    return { ...adminResult(title, ['Hệ thống đang bận. Vui lòng thử lại sau ít phút.'], { ok: false }), ...out, busy: true };
  }
  let photoIds: string[];
  try {
    const plan = planPurge(readDataBlock(sheet), FIRST_DATA_ROW, cutoff);
    if (plan.write) writeBlock(sheet, plan.write);
    SpreadsheetApp.flush();
    out.rows = plan.rows.length;
    photoIds = plan.photoIds;
  } finally {
    lock.releaseLock();
  }
  const folderId = photoIds.length ? PropertiesService.getScriptProperties().getProperty(PROP_PHOTOS_FOLDER_ID) : null;
  for (const id of photoIds) {
    try {
      const file = DriveApp.getFileById(id);
      if (!inPhotoFolder(file, folderId)) {
        out.photosSkipped++;
        continue;
      }
      if (!file.isTrashed()) file.setTrashed(true);
      out.photosTrashed++;
    } catch {
      // Already deleted, or not ours to see.
      out.photosSkipped++;
    }
  }
  if (out.rows > 0 || out.photosSkipped > 0) {
    const skipped = out.photosSkipped ? `; ${out.photosSkipped} ảnh không còn trong thư mục ảnh của hòm thư nên không xóa` : '';
    writeLog(
      'Xóa thông tin cá nhân',
      `Đã xóa thông tin cá nhân của ${out.rows} ý kiến nhận trước ngày ${out.before} (lưu ${loaded.config.retentionMonths} tháng); đã chuyển ${out.photosTrashed} ảnh vào thùng rác${skipped}.`,
    );
  }
  const lines = [
    `Đã xóa thông tin cá nhân của ${out.rows} ý kiến nhận trước ngày ${out.before}; đã chuyển ${out.photosTrashed} ảnh vào thùng rác.`,
  ];
  lines.push(...keepSheetCovered(sheet.getParent()));
  try {
    const expired = expireSpam(sheet.getParent(), new Date());
    if (expired) lines.push(`Đã xóa hẳn ${expired} dòng ở trang Rác đã quá 30 ngày.`);
  } catch (err) {
    consoleLogger.error('spam-expiry.failed', err);
  }
  return { ...adminResult(title, lines), ...out };
}

/** Góp ý's rules and protections stretched over rows appended since the last run; what changed goes to Nhật ký. */
function keepSheetCovered(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): string[] {
  try {
    const changes = maintainBoxSheets(ss, recordedOwner() ?? '');
    if (changes.length) writeLog('Bảo trì bảng tính', changes.join(' '));
    return changes;
  } catch (err) {
    consoleLogger.error('maintain.failed', err);
    return [`Chưa kiểm tra được vùng bảo vệ của trang Góp ý: ${errorMessage(err)}`];
  }
}
