/**
 * Cleaning up after a flood. Owner actions: "Dọn ý kiến rác" moves every Góp ý row staff marked "Rác / spam" to the
 * Rác sheet (and trashes its photos); "Khôi phục ý kiến từ Rác" brings rows back by tracking code (their photos out of
 * the trash). Rác keeps rows 30 days; the nightly run deletes older ones (expireSpam). Nhật ký names the codes only.
 * Each entry point calls requireOwner first.
 */
import {
  MOVED_AT_COL,
  SPAM_HEADERS,
  SPAM_KEEP_DAYS,
  SPAM_SHEET,
  codesText,
  parseCodeList,
  planRestore,
  planSpamExpiry,
  planSpamMove,
  type DeleteRun,
} from '../../core/staff/spam';
import { cellText } from '../../core/records/cell-writes';
import { COL, COLUMNS } from '../../core/records/feedback-record';
import { loadConfig } from '../../gas/config/load-config';
import { writeLog } from '../../gas/log';
import { setPhotosTrashed } from '../../gas/photos';
import { FIRST_DATA_ROW, readDataBlock, responsesSheet } from '../../gas/staff-sheet';
import type { AdminResult } from '../../shared/types';
import { requireOwner } from '../admin/guard';
import { adminResult } from '../admin/result';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

const LOCK_WAIT_MS = 20000;
const MOVE_TITLE = 'Dọn ý kiến rác';
const RESTORE_TITLE = 'Khôi phục ý kiến từ Rác';
const BUSY = 'Hệ thống đang bận (đang ghi ý kiến). Vui lòng thử lại sau ít phút.';
const MOVED_NOTE = 'Bảng tính vừa bị sắp xếp hoặc sửa trong lúc dọn: phần còn lại chưa xóa khỏi trang nguồn. Hãy chạy lại.';

export type SpamOutcome = AdminResult & { moved: number; photos: number };

/** The Rác sheet, made with its header when missing. */
function racSheet(ss: Spreadsheet): Sheet {
  const found = ss.getSheetByName(SPAM_SHEET);
  if (found) return wideEnough(found);
  // A new sheet has 26 columns: Góp ý's columns and the Rác ones may need more.
  const sheet = wideEnough(ss.insertSheet(SPAM_SHEET));
  sheet.getRange(1, 1, 1, SPAM_HEADERS.length).setValues([SPAM_HEADERS]);
  sheet.setFrozenRows(1);
  return sheet;
}

function wideEnough(sheet: Sheet): Sheet {
  const have = sheet.getMaxColumns();
  if (have < SPAM_HEADERS.length) sheet.insertColumnsAfter(have, SPAM_HEADERS.length - have);
  return sheet;
}

function dataRows(sheet: Sheet, width: number): unknown[][] {
  const last = sheet.getLastRow();
  return last < FIRST_DATA_ROW ? [] : sheet.getRange(FIRST_DATA_ROW, 1, last - FIRST_DATA_ROW + 1, width).getValues();
}

/**
 * Deletes the runs (bottom first), each only while its rows still hold the codes it was planned from: a sort in
 * between stops the deletion (the rows stay, in both sheets; a re-run finishes). True when all went.
 */
function deleteRuns(sheet: Sheet, runs: readonly DeleteRun[]): boolean {
  for (const run of runs) {
    const now = sheet
      .getRange(run.row, COL.trackingCode, run.count, 1)
      .getValues()
      .map((r) => cellText(r[0]));
    if (now.some((c, i) => c !== run.codes[i])) return false;
    sheet.deleteRows(run.row, run.count);
  }
  return true;
}

const RUN_BUSY = 'Việc gửi email chờ gửi đang chạy (trình kích hoạt mỗi 15 phút). Vui lòng thử lại sau ít phút.';

/**
 * Moving rows while the pending-mail trigger marks them would make it read, repair and report them again: both take
 * the owner's user lock (the trigger runs as the owner), so they never run together.
 */
function apartFromMailRun(title: string, run: () => SpamOutcome): SpamOutcome {
  const runLock = LockService.getUserLock();
  if (!runLock.tryLock(1000)) return { ...adminResult(title, [RUN_BUSY], { ok: false }), moved: 0, photos: 0 };
  try {
    return run();
  } finally {
    runLock.releaseLock();
  }
}

/** Owner action: rows marked "Rác / spam" to the Rác sheet, their photos to the Drive trash. */
export function moveSpamToTrash(e?: unknown): SpamOutcome {
  requireOwner('moveSpamToTrash', e);
  return apartFromMailRun(MOVE_TITLE, moveSpam);
}

function moveSpam(): SpamOutcome {
  const loaded = loadConfig();
  const sheet = responsesSheet(loaded);
  const lock = LockService.getScriptLock();
  if (!lock.tryLock(LOCK_WAIT_MS)) return { ...adminResult(MOVE_TITLE, [BUSY], { ok: false }), moved: 0, photos: 0 };
  let plan: ReturnType<typeof planSpamMove>;
  let complete: boolean;
  try {
    const rac = racSheet(sheet.getParent());
    const inRac = new Set(dataRows(rac, 1).map((r) => cellText(r[0])));
    plan = planSpamMove(readDataBlock(sheet), FIRST_DATA_ROW, inRac, new Date());
    if (plan.append.length) rac.getRange(rac.getLastRow() + 1, 1, plan.append.length, MOVED_AT_COL).setValues(plan.append);
    complete = deleteRuns(sheet, plan.deletes);
    SpreadsheetApp.flush();
  } finally {
    lock.releaseLock();
  }
  const photos = setPhotosTrashed(plan.photoIds, true);
  const moved = plan.codes.length + plan.alreadyMoved.length;
  if (moved === 0) {
    return { ...adminResult(MOVE_TITLE, ['Không có dòng nào có trạng thái "Rác / spam".']), moved: 0, photos: 0 };
  }
  const codes = [...plan.codes, ...plan.alreadyMoved];
  writeLog(
    MOVE_TITLE,
    `Đã chuyển ${moved} ý kiến sang trang "${SPAM_SHEET}" (giữ ${SPAM_KEEP_DAYS} ngày), ${photos} ảnh vào thùng rác: ${codesText(codes)}.`,
    loaded.spreadsheetId,
  );
  const lines = [
    `Đã chuyển ${moved} ý kiến sang trang "${SPAM_SHEET}" và ${photos} ảnh vào thùng rác. Trang Rác giữ các dòng ${SPAM_KEEP_DAYS} ngày.`,
  ];
  if (!complete) lines.push(MOVED_NOTE);
  return { ...adminResult(MOVE_TITLE, lines, { ok: complete }), moved, photos };
}

/** Owner action: rows of Rác back to Góp ý by tracking code, as "Mới", their photos out of the trash. */
export function restoreFromTrash(e?: unknown): SpamOutcome {
  requireOwner('restoreFromTrash', e);
  const codes = parseCodeList(e && typeof e === 'object' ? (e as { codes?: unknown }).codes : '');
  if (codes.length === 0) {
    return {
      ...adminResult(RESTORE_TITLE, ['Hãy ghi mã theo dõi cần khôi phục, cách nhau bằng dấu phẩy.'], { ok: false }),
      moved: 0,
      photos: 0,
    };
  }
  return apartFromMailRun(RESTORE_TITLE, () => restore(codes));
}

function restore(codes: string[]): SpamOutcome {
  const loaded = loadConfig();
  const sheet = responsesSheet(loaded);
  const rac = sheet.getParent().getSheetByName(SPAM_SHEET);
  if (!rac) return { ...adminResult(RESTORE_TITLE, [`Chưa có trang "${SPAM_SHEET}".`], { ok: false }), moved: 0, photos: 0 };
  const lock = LockService.getScriptLock();
  if (!lock.tryLock(LOCK_WAIT_MS)) return { ...adminResult(RESTORE_TITLE, [BUSY], { ok: false }), moved: 0, photos: 0 };
  let plan: ReturnType<typeof planRestore>;
  let complete: boolean;
  try {
    plan = planRestore(dataRows(rac, MOVED_AT_COL), FIRST_DATA_ROW, codes);
    // Already back in Góp ý (an earlier run stopped before deleting from Rác): not appended twice.
    const inSheet = new Set(
      readDataBlock(sheet)
        .map((r) => cellText(r[COL.trackingCode - 1]))
        .filter(Boolean),
    );
    for (const row of plan.append) if (!inSheet.has(cellText(row[COL.trackingCode - 1]))) sheet.appendRow(row.slice(0, COLUMNS.length));
    complete = deleteRuns(rac, plan.deletes);
    SpreadsheetApp.flush();
  } finally {
    lock.releaseLock();
  }
  const photos = setPhotosTrashed(plan.photoIds, false);
  const lines: string[] = [];
  if (plan.codes.length) {
    lines.push(`Đã khôi phục ${plan.codes.length} ý kiến về trang Góp ý với trạng thái "Mới": ${codesText(plan.codes)}.`);
    writeLog(RESTORE_TITLE, `Đã khôi phục ${plan.codes.length} ý kiến, ${photos} ảnh: ${codesText(plan.codes)}.`, loaded.spreadsheetId);
  }
  if (plan.notFound.length) lines.push(`Không có trong trang Rác: ${codesText(plan.notFound)}.`);
  if (!complete) lines.push(MOVED_NOTE);
  return { ...adminResult(RESTORE_TITLE, lines, { ok: plan.codes.length > 0 && complete }), moved: plan.codes.length, photos };
}

/** For the nightly run: Rác rows older than 30 days deleted. Returns how many; a Sheets failure is thrown to the nightly run, which reports it. */
export function expireSpam(ss: Spreadsheet, now: Date): number {
  const rac = ss.getSheetByName(SPAM_SHEET);
  if (!rac) return 0;
  const runs = planSpamExpiry(dataRows(rac, MOVED_AT_COL), FIRST_DATA_ROW, now);
  if (runs.length === 0) return 0;
  deleteRuns(rac, runs);
  const n = runs.reduce((a, r) => a + r.count, 0);
  writeLog(
    'Dọn ý kiến rác',
    `Đã xóa hẳn ${n} dòng ở trang "${SPAM_SHEET}" đã quá ${SPAM_KEEP_DAYS} ngày: ${codesText(runs.flatMap((r) => r.codes))}.`,
    ss.getId(),
  );
  return n;
}
