/**
 * The retention purge: the nightly trigger that removes personal data older than the months set in Cấu hình and
 * trashes those photos, links or trashes photo files no row points to, runs the retention steps beyond the rows (old
 * sent mail, old reports: retention.ts), then re-checks that Góp ý's dropdowns, highlight and protections cover rows
 * appended since. Calls requireOwner first.
 */
import { formatLocalDate } from '../core/staff/deadline';
import { planPurge, retentionCutoff } from '../core/privacy/retention';
import { isTrackingCode } from '../core/intake/tracking-code';
import { RESPONSES_SHEET } from '../core/records/feedback-record';
import { loadConfig } from '../gas/config/load-config';
import { FeedbackSheet } from '../gas/feedback-sheet';
import { writeLog } from '../gas/log';
import { PROP_PHOTOS_FOLDER_ID, inPhotoFolder } from '../gas/photos';
import { sweepPhotos, type SweepOutcome } from '../gas/photo-sweep';
import { reportChangeOutcome, reportRowProblems } from '../gas/row-report';
import { responsesSheet } from '../gas/staff-sheet';
import { maintainBoxSheets } from '../gas/setup';
import { consoleLogger } from '../gas/services';
import { errorMessage } from '../core/common/ports';
import type { AdminResult } from '../shared/types';
import { recordedOwner, requireOwner } from './admin/guard';
import { expireSpam } from './staff/spam';
import { adminResult } from './admin/result';
import { retentionBeyondRows } from './retention';

const LOCK_WAIT_MS = 20000;

export interface PurgeOutcome extends AdminResult {
  rows: number;
  photosTrashed: number;
  photosSkipped: number;
  /** 'dd/MM/yyyy': rows received before this local day were purged. */
  before: string;
  /** Photo files no row pointed to: linked into their row, or trashed. */
  orphans?: SweepOutcome;
  busy?: boolean;
}

/**
 * Daily trigger: rows received more than "Số tháng lưu thông tin cá nhân" months ago lose their personal data (name,
 * phone, email, address, photo links, and those values inside the text); their photos go to the Drive trash. The
 * opinion and its handling stay for the statistics. Rows are named by tracking code at the moment of writing (staff
 * may sort meanwhile); rows whose code was edited, cleared or copied are left alone and reported. Then photo files no
 * row points to are linked into their row or trashed (a bounded part of the folder per night). Counts go to Nhật ký.
 */
export function purgeExpiredPersonalData(e?: unknown): PurgeOutcome {
  requireOwner('purgeExpiredPersonalData', e);
  const title = 'Xóa thông tin cá nhân quá hạn';
  const loaded = loadConfig();
  const sheet = responsesSheet(loaded);
  const store = FeedbackSheet.fromSheet(sheet, loaded.spreadsheetUrl);
  const cutoff = retentionCutoff(new Date(), loaded.config.retentionMonths);
  const out: Omit<PurgeOutcome, keyof AdminResult> = { rows: 0, photosTrashed: 0, photosSkipped: 0, before: formatLocalDate(cutoff) };
  const lock = LockService.getScriptLock();
  if (!lock.tryLock(LOCK_WAIT_MS)) {
    writeLog('Xóa thông tin cá nhân', 'Hệ thống đang bận, sẽ chạy lại vào đêm mai.');
    return { ...adminResult(title, ['Hệ thống đang bận. Vui lòng thử lại sau ít phút.'], { ok: false }), ...out, busy: true };
  }
  const photoIds: string[] = [];
  let table: unknown[][];
  try {
    table = store.table();
    const plan = planPurge(table, cutoff, isTrackingCode);
    reportRowProblems(plan.leftAlone, loaded.spreadsheetId);
    if (plan.changes.length) {
      const outcome = store.change(plan.changes, table);
      reportChangeOutcome(outcome, 'xóa thông tin cá nhân quá hạn', RESPONSES_SHEET, loaded.spreadsheetId);
      out.rows = outcome.done.length;
      for (const c of outcome.done) photoIds.push(...(plan.photoIds.get(c.label) ?? []));
      table = outcome.table;
    }
  } finally {
    lock.releaseLock();
  }
  const folderId = PropertiesService.getScriptProperties().getProperty(PROP_PHOTOS_FOLDER_ID);
  for (const id of photoIds) {
    try {
      const file = DriveApp.getFileById(id);
      if (!inPhotoFolder(file, folderId)) {
        out.photosSkipped++;
        continue;
      }
      if (!file.isTrashed()) file.setTrashed(true);
      out.photosTrashed++;
    } catch (e) {
      // Already deleted, or not ours to see; a Drive failure is told apart in the execution log.
      consoleLogger.warn('purge.photo-skipped', { fileId: id, error: errorMessage(e) });
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
  if (folderId) {
    out.orphans = sweepOrphans(folderId, table, cutoff, store);
    if (out.orphans && (out.orphans.linkedFiles || out.orphans.trashed)) {
      lines.push(
        `Rà thư mục ảnh: đã gắn ${out.orphans.linkedFiles} ảnh vào ý kiến, đã chuyển ${out.orphans.trashed} ảnh thừa vào thùng rác.`,
      );
    }
  }
  lines.push(...retentionBeyondRows(loaded));
  lines.push(...keepSheetCovered(sheet.getParent()));
  try {
    const expired = expireSpam(sheet.getParent(), new Date());
    if (expired) lines.push(`Đã xóa hẳn ${expired} dòng ở trang Rác đã quá 30 ngày.`);
  } catch (err) {
    // Rác rows hold personal data: staff must see that they outlived their 30 days.
    consoleLogger.error('spam-expiry.failed', err);
    writeLog('Rác', `Chưa xóa được các dòng quá 30 ngày ở trang Rác: ${errorMessage(err)}. Hệ thống sẽ thử lại vào đêm sau.`);
    lines.push('Chưa xóa được các dòng quá 30 ngày ở trang Rác; xem Nhật ký.');
  }
  return { ...adminResult(title, lines), ...out };
}

/** The photo folder's files no row points to: linked into their row or trashed, and said so in Nhật ký. */
function sweepOrphans(folderId: string, table: unknown[][], cutoff: Date, store: FeedbackSheet): SweepOutcome | undefined {
  try {
    const o = sweepPhotos(folderId, table, cutoff, (changes) => store.change(changes));
    const parts: string[] = [];
    if (o.restoredFolder) parts.push('thư mục ảnh đang ở thùng rác nên đã được lấy lại, các ảnh trong đó giữ nguyên đường dẫn');
    if (o.linkedRows.length) {
      parts.push(`đã gắn ${o.linkedFiles} ảnh vào ${o.linkedRows.length} ý kiến chưa có đường dẫn ảnh (${o.linkedRows.join(', ')})`);
    }
    if (o.trashed) parts.push(`đã chuyển ${o.trashed} ảnh không thuộc ý kiến nào (hoặc lưu trùng) vào thùng rác`);
    if (parts.length) writeLog('Ảnh góp ý', `Rà thư mục ảnh: ${parts.join('; ')}.`);
    return o;
  } catch (err) {
    consoleLogger.error('purge.photo-sweep-failed', err);
    return undefined;
  }
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
