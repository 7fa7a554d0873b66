/**
 * The nightly piece for sheets staff made in the box's spreadsheet: rows of Góp ý cut or copied into them (or a copy
 * of the whole sheet) would keep personal data past its date. A sheet with Góp ý's header row is purged like Góp ý,
 * each row named by its tracking code in that sheet; on any other sheet, and for rows there with no tracking code, the
 * expired rows that carry personal data are named in Nhật ký for staff, since nothing there can be taken for a
 * personal column. Each sheet's name, read and writes are paid from the night's call budget (CALL_COST) before their
 * calls; a night stops where the budget ends and the next night starts from there.
 */
import { errorMessage } from '../core/common/ports';
import { isTrackingCode } from '../core/intake/tracking-code';
import type { CallBudget } from '../core/privacy/night-budget';
import { CALL_COST, NIGHT_KEEP } from '../core/privacy/night-budget';
import { expiredRowsElsewhere, hasResponsesLayout, parseNamedSheets, sheetsToName } from '../core/privacy/other-sheets';
import { planPurge } from '../core/privacy/retention';
import { COL, COLUMNS } from '../core/records/feedback-record';
import type { LoadedConfig } from '../gas/config/load-config';
import { FeedbackSheet } from '../gas/feedback-sheet';
import { writeLog } from '../gas/log';
import { queuePurgedPhotos } from '../gas/photo-queue';
import { reportChangeOutcome } from '../gas/row-report';
import { consoleLogger } from '../gas/services';
import { BOX_SHEETS } from '../gas/setup-sheets';
import { trimTable } from '../gas/sheet-table';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

/** Where the last night stopped: the position of the next sheet to read in the spreadsheet's list. */
export const PROP_OTHER_SHEETS_NEXT = 'OTHER_SHEETS_NEXT';
/** What Nhật ký last said of each sheet with data to clear by hand (core/privacy/other-sheets.ts). */
export const PROP_OTHER_SHEETS_NAMED = 'OTHER_SHEETS_NAMED';

/** What the piece needs of the night (server/privacy.ts). */
export interface OtherSheetsNight {
  readonly loaded: LoadedConfig;
  readonly now: Date;
  readonly cutoff: Date;
  readonly budget: CallBudget;
  readonly lines: string[];
  readonly out: { before: string; busy?: boolean };
  readonly spreadsheet: Spreadsheet;
  /** Photo ids the purge of Góp ý queued tonight (trashed since, some of them): not queued again. */
  readonly purgedPhotoIds: ReadonlySet<string>;
  photosDropped: number;
  locked<T>(write: () => T): T;
}

export function purgeOtherSheets(night: OtherSheetsNight): void {
  const { budget } = night;
  const keep = NIGHT_KEEP.afterOtherSheets;
  const props = PropertiesService.getScriptProperties();
  const saved = props.getProperties();
  const sheets = night.spreadsheet.getSheets();
  const start = Math.max(0, Math.floor(Number(saved[PROP_OTHER_SHEETS_NEXT]) || 0)) % Math.max(1, sheets.length);
  const purged: string[] = [];
  const tonight = new Map<string, string>();
  let next = -1;
  for (let k = 0; k < sheets.length && next < 0; k++) {
    const i = (start + k) % sheets.length;
    if (!budget.take(CALL_COST.sheetName, keep)) {
      next = i;
      break;
    }
    const name = sheets[i].getName();
    if (BOX_SHEETS.includes(name)) continue;
    if (!budget.take(CALL_COST.otherSheet, keep)) {
      next = i;
      break;
    }
    try {
      const r = purgeSheet(night, sheets[i], name, keep);
      tonight.set(name, r.named);
      if (r.purged) purged.push(`${r.purged} dòng ở trang "${name}"`);
      if (!r.done) next = i;
    } catch (e) {
      // A lock held elsewhere stops the night's writing pieces; any other failure is this sheet's alone.
      if (night.out.busy) throw e;
      consoleLogger.error('nightly.other-sheet-failed', e, { sheet: name });
      tonight.set(name, `"${name}" (hệ thống không đọc hoặc không ghi được trang này: ${errorMessage(e)})`);
    }
  }
  const more = next >= 0 ? ' Còn trang chưa xem hết: đêm sau làm tiếp.' : '';
  if (String(next >= 0 ? next : '') !== (saved[PROP_OTHER_SHEETS_NEXT] ?? '')) {
    if (next >= 0) props.setProperty(PROP_OTHER_SHEETS_NEXT, String(next));
    else props.deleteProperty(PROP_OTHER_SHEETS_NEXT);
  }
  if (purged.length) {
    const line = `Đã xóa thông tin cá nhân của ý kiến nhận trước ngày ${night.out.before} trong ${purged.join(', ')} (trang do cán bộ tạo, có dòng tiêu đề của trang Góp ý).${more}`;
    writeLog('Xóa thông tin cá nhân', line);
    night.lines.push(line);
  } else if (more) night.lines.push(more.trim());
  const named = sheetsToName(parseNamedSheets(saved[PROP_OTHER_SHEETS_NAMED]), tonight, night.now.getTime());
  if (named.texts.length) {
    const line = `Các trang sau còn giữ thông tin cá nhân của ý kiến nhận trước ngày ${night.out.before} (quá thời hạn lưu) mà hệ thống không tự xóa được: ${named.texts.join('; ')}. Hãy xóa họ tên, điện thoại, email, địa chỉ ở các dòng đó (hoặc xóa các dòng); ở trang có đủ dòng tiêu đề của trang Góp ý, dòng có mã theo dõi được hệ thống tự xóa.`;
    writeLog('Xóa thông tin cá nhân', line);
    night.lines.push(line);
  }
  // Remembered once Nhật ký has the line: a failed write names the sheets again the next night.
  const store = JSON.stringify(named.store);
  if (store !== (saved[PROP_OTHER_SHEETS_NAMED] ?? '{}')) props.setProperty(PROP_OTHER_SHEETS_NAMED, store);
}

/**
 * One sheet: read outside the script lock, written under it. `named`: what Nhật ký is to say of it ('' for nothing);
 * `done`: false when the budget left rows for the next night.
 */
function purgeSheet(night: OtherSheetsNight, sheet: Sheet, name: string, keep: number): { named: string; purged: number; done: boolean } {
  const { budget, cutoff, loaded } = night;
  const full = sheet.getDataRange().getValues();
  if (!hasResponsesLayout(full)) {
    const rows = expiredRowsElsewhere(full, cutoff, isTrackingCode);
    return { named: rows.length ? `"${name}" (${rowList(rows)})` : '', purged: 0, done: true };
  }
  const table = trimTable(full.map((row) => row.slice(0, COLUMNS.length)));
  const plan = planPurge(table, cutoff, isTrackingCode);
  // Only rows named by their tracking code: a row with none, in a sheet of staff's own, may be anything of theirs.
  const byCode = plan.changes.filter((c) => 'column' in c.ref && c.ref.column === COL.trackingCode);
  const left = [
    ...plan.leftAlone.map((p) => p.row),
    ...plan.changes.filter((c) => !byCode.includes(c)).map((c) => Number(/\d+$/.exec(c.label)?.[0] ?? 0)),
  ].sort((a, b) => a - b);
  const named = left.length ? `"${name}" (${rowList(left)}: không có mã theo dõi, hoặc mã bị sửa, bị xóa hoặc trùng)` : '';
  if (byCode.length === 0) return { named, purged: 0, done: true };
  if (!budget.take(CALL_COST.otherSheetWrite, keep)) return { named, purged: 0, done: false };
  const changes = byCode.slice(0, budget.fits(CALL_COST.otherSheetRow, keep));
  budget.take(changes.length * CALL_COST.otherSheetRow);
  if (changes.length === 0) {
    budget.refund(CALL_COST.otherSheetWrite);
    return { named, purged: 0, done: false };
  }
  const done = night.locked(() => {
    // Read again under the lock: rows staff sorted since are found by their code.
    const outcome = FeedbackSheet.fromSheet(sheet, loaded.spreadsheetUrl).change(changes);
    reportChangeOutcome(outcome, 'xóa thông tin cá nhân quá hạn', name, loaded.spreadsheetId);
    // Queued in the step that blanked their rows, as the purge of Góp ý does (the queue is edited under the lock).
    const photos = outcome.done.flatMap((c) => plan.photoIds.get(c.label) ?? []).filter((id) => !night.purgedPhotoIds.has(id));
    night.photosDropped += queuePurgedPhotos(photos);
    return outcome.done.length;
  });
  return { named, purged: done, done: changes.length === byCode.length };
}

/** "dòng 3, 5, 8" (the first 20, then how many more). */
function rowList(rows: readonly number[]): string {
  const shown = rows.slice(0, 20).join(', ');
  return rows.length > 20 ? `dòng ${shown} và ${rows.length - 20} dòng khác` : `dòng ${shown}`;
}
