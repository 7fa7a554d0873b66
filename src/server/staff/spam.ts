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
  unstampedSpamRows,
  type DeleteRun,
} from '../../core/staff/spam';
import { applyRowChanges } from '../../core/records/row-changes';
import { tableIo } from '../../gas/sheet-table';
import { asWritable, cellText } from '../../core/records/cell-writes';
import { COL, COLUMNS, columnLetter } from '../../core/records/feedback-record';
import { loadConfig } from '../../gas/config/load-config';
import { writeLog } from '../../gas/log';
import { consoleLogger } from '../../gas/services';
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

/** Rows from FIRST_DATA_ROW, every column staff use (ones they added at the right too), in one read. */
function allRows(sheet: Sheet): unknown[][] {
  return sheet
    .getDataRange()
    .getValues()
    .slice(FIRST_DATA_ROW - 1);
}

function rowKey(row: readonly unknown[]): string {
  return JSON.stringify(row.map((v) => (v instanceof Date ? v.getTime() : v)));
}

/**
 * Rows of `before` that are not in `after` and were not meant to go (their code is not in `meant`), at most as many
 * as the sheet lost beyond the meant rows that went: an edit in between changes a row, it does not take one away.
 */
function lostRows(before: unknown[][], after: unknown[][], meant: ReadonlySet<string>): unknown[][] {
  const left = new Map<string, number>();
  for (const r of after) left.set(rowKey(r), (left.get(rowKey(r)) ?? 0) + 1);
  const codesAfter = new Set(after.map((r) => cellText(r[COL.trackingCode - 1])));
  const meantGone = [...meant].filter((c) => !codesAfter.has(c)).length;
  // Blank rows do not count: a row staff insert in between must not hide a row the deletion took by mistake.
  const filled = (rows: unknown[][]) => rows.filter((r) => r.some((v) => cellText(v) !== '')).length;
  const room = filled(before) - filled(after) - meantGone;
  const lost: unknown[][] = [];
  for (const r of before) {
    const code = cellText(r[COL.trackingCode - 1]);
    if (meant.has(code) || !r.some((v) => cellText(v) !== '')) continue;
    const k = rowKey(r);
    const n = left.get(k) ?? 0;
    if (n > 0) left.set(k, n - 1);
    else if (code ? !codesAfter.has(code) : true) lost.push(r);
  }
  // Coded rows first: they are known for sure; a row without a code may only have been edited.
  lost.sort((a, b) => Number(!cellText(a[COL.trackingCode - 1])) - Number(!cellText(b[COL.trackingCode - 1])));
  return lost.slice(0, Math.max(0, room));
}

/** The tracking codes of the rows from FIRST_DATA_ROW, in one read of that column (trailing blank rows dropped). */
function codeColumn(sheet: Sheet): string[] {
  const letter = columnLetter(COL.trackingCode);
  const codes = sheet
    .getRange(`${letter}${FIRST_DATA_ROW}:${letter}`)
    .getValues()
    .map((r) => cellText(r[0]));
  return dropTrailingBlanks(codes);
}

function dropTrailingBlanks(codes: string[]): string[] {
  let n = codes.length;
  while (n > 0 && codes[n - 1] === '') n--;
  return codes.slice(0, n);
}

/**
 * Deletes the runs, each where its codes are now (a sort since the plan is followed). No Sheets call deletes a row by
 * its content, so each deletion is checked in the read of the code column that also places the next run: when the
 * codes are the ones before less the run's, only the run went. Otherwise (a sort or an edit came between the read
 * and the deletion) one read of the whole sheet, compared with the one made before the first deletion, shows which
 * rows went: a row that was not meant to go is appended back as it was read (a formula there comes back as its
 * value), with one line in Nhật ký. A run whose rows are no longer together, or are gone, stops the deletion (a
 * re-run finishes). True when all went.
 */
function deleteRuns(sheet: Sheet, runs: readonly DeleteRun[]): boolean {
  // Every row's cells, read once: what a row deleted by mistake is put back from.
  let rows = allRows(sheet);
  let codes = dropTrailingBlanks(rows.map((r) => cellText(r[COL.trackingCode - 1])));
  for (const run of runs) {
    const at = codes.indexOf(run.codes[0]);
    if (at < 0 || run.codes.some((c, i) => codes[at + i] !== c) || codes.lastIndexOf(run.codes[0]) !== at) return false;
    sheet.deleteRows(FIRST_DATA_ROW + at, run.count);
    const meant = new Set(run.codes);
    const expected = dropTrailingBlanks([...codes.slice(0, at), ...codes.slice(at + run.count)]);
    codes = codeColumn(sheet);
    if (codes.length === expected.length && codes.every((c, i) => c === expected[i])) {
      rows = rows.filter((r) => !meant.has(cellText(r[COL.trackingCode - 1])));
      continue;
    }
    let after = allRows(sheet);
    const lost = lostRows(rows, after, meant);
    if (lost.length) {
      for (const r of lost) sheet.appendRow(r.map(asWritable));
      consoleLogger.warn('spam.rows-put-back', { codes: lost.map((r) => cellText(r[COL.trackingCode - 1])) });
      writeLog(
        'Dọn ý kiến rác',
        `Bảng tính bị sắp xếp đúng lúc xóa dòng: ${lost.length} dòng không phải rác đã được ghi lại ở cuối trang "${sheet.getName()}" (${codesText(
          lost.map((r) => cellText(r[COL.trackingCode - 1]) || 'chưa có mã'),
        )}).`,
      );
      after = allRows(sheet);
    }
    if (run.codes.some((c) => after.some((r) => cellText(r[COL.trackingCode - 1]) === c))) return false;
    rows = after;
    codes = dropTrailingBlanks(rows.map((r) => cellText(r[COL.trackingCode - 1])));
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
  // A move that stopped part-way left some marked rows in Góp ý: their photos stay until the re-run moves them (staff
  // may also set such a row back to a real status, and a trashed photo is gone for good after 30 days).
  const marked = [...plan.codes, ...plan.alreadyMoved];
  const gone = complete ? null : goneFrom(sheet, marked);
  const photos = setPhotosTrashed(gone ? marked.filter((c) => gone.has(c)).flatMap((c) => plan.photosOf[c] ?? []) : plan.photoIds, true);
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

/** Which of `codes` no row of Góp ý holds any more (one read). */
function goneFrom(sheet: GoogleAppsScript.Spreadsheet.Sheet, codes: readonly string[]): Set<string> {
  const held = new Set(readDataBlock(sheet).map((r) => cellText(r[COL.trackingCode - 1])));
  return new Set(codes.filter((c) => !held.has(c)));
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

/**
 * Blocks of Rác rows the nightly run deletes at most (a few calls each): rows moved together sit together, so a night
 * usually has one; a Rác sheet sorted by hand may scatter them, and the rest go the next nights.
 */
const SPAM_EXPIRY_RUNS_PER_NIGHT = 10;

/** For the nightly run: Rác rows older than 30 days deleted. Returns how many; a Sheets failure is thrown to the nightly run, which reports it. */
export function expireSpam(ss: Spreadsheet, now: Date): number {
  const rac = ss.getSheetByName(SPAM_SHEET);
  if (!rac) return 0;
  const rows = dataRows(rac, MOVED_AT_COL);
  stampPastedRows(rac, rows, now);
  const runs = planSpamExpiry(rows, FIRST_DATA_ROW, now).slice(0, SPAM_EXPIRY_RUNS_PER_NIGHT);
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

/** Rows pasted into Rác by hand get their time now (unstampedSpamRows), written by tracking code; said in Nhật ký. */
function stampPastedRows(rac: Sheet, rows: unknown[][], now: Date): void {
  const stamps = unstampedSpamRows(rows, FIRST_DATA_ROW, now);
  if (stamps.length === 0) return;
  const out = applyRowChanges(tableIo(rac, MOVED_AT_COL), stamps, { keyColumn: COL.trackingCode });
  if (out.done.length === 0) return;
  writeLog(
    'Dọn ý kiến rác',
    `Ghi "Chuyển vào Rác lúc" cho ${out.done.length} dòng được dán tay vào trang "${SPAM_SHEET}": các dòng này sẽ bị xóa hẳn sau ${SPAM_KEEP_DAYS} ngày.`,
    rac.getParent().getId(),
  );
}
