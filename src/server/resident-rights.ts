/**
 * A resident's rights over their personal data (Decree 13/2023/NĐ-CP, Law 91/2025/QH15): the owner erases or
 * corrects one resident's data on their request, by the tracking code of their opinion, from the admin page. The row
 * is found by its code at the moment of writing (never a row number remembered from before: staff may have sorted
 * the sheet), under the script lock, and only the cells that change are written. Erasure also trashes the row's
 * photos and the box's emails about it. Nhật ký records the code and the kinds of data, never the data.
 */
import { errorMessage } from '../core/common/ports';
import { parseResidentRequest, planCorrection, planErasure, type ResidentRequest, type RowCells } from '../core/privacy/resident-rights';
import type { FeedbackRecord } from '../core/records/feedback-record';
import { loadConfig } from '../gas/config/load-config';
import { FeedbackSheet } from '../gas/feedback-sheet';
import { writeLog } from '../gas/log';
import { trashBoxPhotos } from '../gas/photos';
import { writeRowCells } from '../gas/row-cells';
import { trashMailAbout } from '../gas/sent-mail';
import { consoleLogger } from '../gas/services';
import { responsesSheet } from '../gas/staff-sheet';
import type { AdminResult, ResidentRequestOptions } from '../shared/types';
import { requireOwner } from './admin/guard';
import { adminResult } from './admin/result';

const TITLE = 'Yêu cầu của người gửi về thông tin cá nhân';
const LOG_KIND = 'Quyền của người gửi';
const LOCK_WAIT_MS = 20000;

/** What the platform keeps beyond the box's reach, said after every erasure. */
const BEYOND_REACH =
  'Còn lại ngoài tầm của hòm thư: bản sao trong hộp thư của người đã nhận email báo ý kiến; thùng rác của Gmail và Drive (tự xóa sau 30 ngày, hoặc xóa ngay bằng tay); lịch sử phiên bản của bảng tính.';

/**
 * Owner action: `{ code, request: 'erase' }` erases the personal data of the opinion with this tracking code;
 * `{ code, request: 'correct', name?, phone?, email?, address? }` sets the contact values given ("-" empties one).
 */
export function handleResidentRequest(e?: ResidentRequestOptions | unknown): AdminResult {
  requireOwner('handleResidentRequest', e);
  const parsed = parseResidentRequest(e);
  if ('error' in parsed) return adminResult(TITLE, [parsed.error], { ok: false });
  const request = parsed.request;
  const loaded = loadConfig();
  const sheet = responsesSheet(loaded);
  const store = FeedbackSheet.fromSheet(sheet, loaded.spreadsheetUrl);
  const lock = LockService.getScriptLock();
  if (!lock.tryLock(LOCK_WAIT_MS)) return adminResult(TITLE, ['Hệ thống đang bận. Vui lòng thử lại sau ít phút.'], { ok: false });
  let done: { lines: string[]; log: string; photoIds: string[] } | null;
  try {
    // Found now, written now: the row number is only good until the sheet is next sorted.
    const hit = store.findByTrackingCode(request.code);
    done =
      hit && hit.record.trackingCode === request.code
        ? applyToRow(request, hit.record, (cells) => writeRowCells(sheet, hit.row, cells))
        : null;
    SpreadsheetApp.flush();
  } finally {
    lock.releaseLock();
  }
  if (!done) {
    return adminResult(TITLE, [`Không tìm thấy ý kiến có mã ${request.code} trong trang Góp ý. Không thay đổi gì.`], { ok: false });
  }
  const lines = [...done.lines];
  let log = done.log;
  if (request.kind === 'erase') {
    const photos = trashBoxPhotos(done.photoIds, loaded);
    let mails: number | null = null;
    try {
      mails = trashMailAbout(request.code);
    } catch (err) {
      consoleLogger.error('rights.mail-failed', err);
      lines.push(`Chưa xóa được thư của hòm thư về ý kiến này: ${errorMessage(err)}. Hãy chạy lại.`);
    }
    const moved = `${photos.trashed} ảnh${mails === null ? '' : ` và ${mails} chuỗi thư của hòm thư (email báo ý kiến, thư trả lời)`}`;
    lines.push(`Đã chuyển ${moved} vào thùng rác.`);
    if (photos.skipped) lines.push(`${photos.skipped} ảnh không còn trong thư mục ảnh của hòm thư nên không xóa.`);
    lines.push(BEYOND_REACH);
    log += ` Đã chuyển ${moved} vào thùng rác.`;
  }
  writeLog(LOG_KIND, log);
  return adminResult(TITLE, lines);
}

/** The change to the row: its cells written through `write`, and what to say (kinds of data only). */
function applyToRow(
  request: ResidentRequest,
  record: FeedbackRecord,
  write: (cells: RowCells) => number,
): { lines: string[]; log: string; photoIds: string[] } {
  const code = request.code;
  if (request.kind === 'erase') {
    const plan = planErasure(record);
    if (Object.keys(plan.cells).length) write(plan.cells);
    const what = plan.erased.length ? `đã xóa ${plan.erased.join(', ')}` : 'không còn thông tin cá nhân nào trong bảng tính';
    return {
      lines: [`Ý kiến ${code}: ${what}.`, 'Nội dung ý kiến và kết quả xử lý được giữ lại, không kèm thông tin cá nhân.'],
      log: `Mã ${code}: xóa thông tin cá nhân theo đề nghị của người gửi — ${what}.`,
      photoIds: plan.photoIds,
    };
  }
  const plan = planCorrection(record, request.changes);
  if (Object.keys(plan.cells).length) write(plan.cells);
  const parts: string[] = [];
  if (plan.corrected.length) parts.push(`đã sửa ${plan.corrected.join(', ')}`);
  if (plan.cleared.length) parts.push(`đã xóa ${plan.cleared.join(', ')}`);
  const what = parts.length ? parts.join('; ') : 'thông tin đã đúng như đề nghị, không cần sửa';
  return {
    lines: [`Ý kiến ${code}: ${what}.`],
    log: `Mã ${code}: sửa thông tin liên hệ theo đề nghị của người gửi — ${what}.`,
    photoIds: [],
  };
}
