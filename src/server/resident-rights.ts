/**
 * A resident's rights over their personal data (Decree 13/2023/NĐ-CP, Law 91/2025/QH15): the owner erases or
 * corrects one resident's data on their request, by the tracking code of their opinion, from the admin page. The row
 * is found by its code, under the script lock, and its cells are written as row changes (row-changes.ts): each write
 * finds the row by its code again, a cell another row took through a staff sort in between is put back, and a cell a
 * staff member edited meanwhile is left alone. Only the cells that change are written. Erasure also trashes the
 * row's photos and the box's emails about it. Nhật ký records the code and the kinds of data, never the data.
 */
import { errorMessage } from '../core/common/ports';
import {
  parseResidentRequest,
  planCorrection,
  planErasure,
  planSharedReplyErasure,
  type ResidentRequest,
  type RowCells,
} from '../core/privacy/resident-rights';
import { cellText } from '../core/records/cell-writes';
import { COL, RESPONSES_SHEET, rowToRecord, type ColumnKey, type FeedbackRecord } from '../core/records/feedback-record';
import type { ChangeOutcome } from '../core/records/row-changes';
import { loadConfig } from '../gas/config/load-config';
import { FeedbackSheet } from '../gas/feedback-sheet';
import { writeLog } from '../gas/log';
import { trashBoxPhotos } from '../gas/photos';
import { reportChangeOutcome } from '../gas/row-report';
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
  let done: { lines: string[]; log: string; photoIds: string[] } | null = null;
  let several: boolean;
  let outcome: ChangeOutcome | null = null;
  try {
    // Found now, and written by its code again at each write: a row number is only good until the next sort.
    const table = store.table();
    const at = table.flatMap((r, i) => (cellText(r[COL.trackingCode - 1]) === request.code ? [i] : []));
    several = at.length > 1;
    if (at.length === 1) {
      const cells = table[at[0]];
      const record = rowToRecord(cells);
      // Erased: the reply other rows hold too loses this sender's data there as well (its text may name them).
      const shared = request.kind === 'erase' ? planSharedReplyErasure(table, at[0], record) : [];
      done = applyToRow(
        request,
        record,
        (planned) => {
          const changes = (Object.keys(planned) as ColumnKey[]).map((k) => ({
            column: COL[k],
            from: [cells[COL[k] - 1]],
            to: planned[k]!,
          }));
          const others = shared.map((o) => ({
            ref: { column: COL.trackingCode, value: o.code },
            label: o.code,
            cells: [{ column: COL.publicReply, from: [o.from], to: o.to }],
          }));
          outcome = store.change(
            [{ ref: { column: COL.trackingCode, value: request.code }, label: request.code, cells: changes }, ...others],
            table,
          );
        },
        shared.length,
      );
    }
    SpreadsheetApp.flush();
  } finally {
    lock.releaseLock();
  }
  if (several) {
    return adminResult(
      TITLE,
      [`Mã ${request.code} có ở nhiều dòng trong trang Góp ý: hãy sửa để chỉ một dòng giữ mã này rồi làm lại. Không thay đổi gì.`],
      { ok: false },
    );
  }
  const written = outcome as ChangeOutcome | null;
  if (written) reportChangeOutcome(written, 'xử lý yêu cầu của người gửi về thông tin cá nhân', RESPONSES_SHEET, loaded.spreadsheetId);
  if (!done || (written && written.done.length === 0 && written.conflicts.length === 0 && written.unsettled.length === 0)) {
    return adminResult(TITLE, [`Không tìm thấy ý kiến có mã ${request.code} trong trang Góp ý. Không thay đổi gì.`], { ok: false });
  }
  if (written && (written.conflicts.length || written.unsettled.length)) {
    // A staff member edited a cell of the row meanwhile (left as they typed it), or rows kept moving: say so, redo.
    return adminResult(
      TITLE,
      [
        `Ý kiến ${request.code}: trong lúc ghi, dòng này vừa được sửa hoặc bảng tính bị sắp xếp liên tục nên chưa ghi hết. Hãy kiểm tra dòng rồi làm lại; chưa xóa ảnh và thư.`,
      ],
      { ok: false },
    );
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
  write: (cells: RowCells) => void,
  sharedReplies = 0,
): { lines: string[]; log: string; photoIds: string[] } {
  const code = request.code;
  if (request.kind === 'erase') {
    const plan = planErasure(record);
    if (sharedReplies) plan.erased.push(`thông tin cá nhân trong trả lời công khai của ${sharedReplies} ý kiến khác có cùng câu trả lời`);
    if (Object.keys(plan.cells).length || sharedReplies) write(plan.cells);
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
