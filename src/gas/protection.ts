/**
 * Who may change what in the box's spreadsheet and Drive folders. Cấu hình, Địa điểm, Nhật ký and Thống kê are the owner's
 * alone (a real protection: every other editor removed); in Góp ý only the header row and the columns the box itself
 * writes (tracking code, received time, email status, request id) are the owner's, over whole columns so rows
 * appended later are covered (re-checked at each setup and by the nightly trigger); staff edit every other column.
 * Editors may not share the spreadsheet or the folders further. Each function changes only what differs and says
 * so in one Vietnamese line, so a second run changes nothing.
 */
import { CONFIG_SHEET, LOCATIONS_SHEET, LOG_SHEET } from '../core/config/config';
import { STATS_SHEET } from '../core/reports/statistics';
import { COL, HEADERS, columnLetter, type ColumnKey } from '../core/records/feedback-record';
import { consoleLogger } from './services';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Protection = GoogleAppsScript.Spreadsheet.Protection;
type Range = GoogleAppsScript.Spreadsheet.Range;

/** Every protection the box makes starts with this description, so setup finds its own and leaves staff's alone. */
export const OWNER_ONLY = 'Hòm thư số – chỉ chủ sở hữu sửa';
/** The warning-only protection older versions put on all system columns: dropped, staff edit those columns now. */
export const LEGACY_SYSTEM_PROTECTION = 'Cột hệ thống của hòm thư: không sửa tay';

/** The sheets staff may not change at all. */
export const OWNER_SHEETS = [CONFIG_SHEET, LOCATIONS_SHEET, LOG_SHEET, STATS_SHEET] as const;

/** Góp ý's columns only the box writes; staff type every other column, also for rows they add by hand. */
export const LOCKED_COLUMNS: readonly ColumnKey[] = ['trackingCode', 'receivedAt', 'emailStatus', 'requestId'];

/** The locked columns as runs of neighbouring columns [first, last], e.g. A–B and P–Q. */
export function lockedColumnRuns(): [number, number][] {
  const cols = LOCKED_COLUMNS.map((k) => COL[k]).sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const c of cols) {
    const last = runs[runs.length - 1];
    if (last && last[1] === c - 1) last[1] = c;
    else runs.push([c, c]);
  }
  return runs;
}

function runName(run: [number, number]): string {
  return HEADERS.slice(run[0] - 1, run[1]).join(', ');
}

/**
 * Only the owner (and the spreadsheet's owner, whom nobody can remove) may edit: every other editor removed, the
 * whole domain too where the spreadsheet belongs to a Workspace domain. Returns whether anything changed.
 */
function restrictToOwner(p: Protection, owner: string, spreadsheetOwner: string): boolean {
  let changed = false;
  if (p.isWarningOnly()) {
    p.setWarningOnly(false);
    changed = true;
  }
  const editors = p.getEditors().map((u) => u.getEmail().toLowerCase());
  const me = owner.toLowerCase();
  if (me && !editors.includes(me)) {
    p.addEditor(owner);
    changed = true;
  }
  const others = editors.filter((e) => e && e !== me && e !== spreadsheetOwner.toLowerCase());
  if (others.length) {
    p.removeEditors(others);
    changed = true;
  }
  if (p.canDomainEdit()) {
    p.setDomainEdit(false);
    changed = true;
  }
  return changed;
}

function spreadsheetOwnerOf(ss: Spreadsheet): string {
  try {
    return ss.getOwner()?.getEmail() ?? '';
  } catch {
    return '';
  }
}

/** Whether `actual` is exactly the rows and columns of `wanted` (a range protection made before the sheet grew is not). */
function sameArea(actual: Range, wanted: Range): boolean {
  return (
    actual.getRow() === wanted.getRow() &&
    actual.getColumn() === wanted.getColumn() &&
    actual.getLastRow() === wanted.getLastRow() &&
    actual.getLastColumn() === wanted.getLastColumn()
  );
}

/**
 * A protection is found again by its description: one left without it (Sheets failed in between) would never be
 * found, and the next run would add another beside it. It is removed instead, and the failure goes on.
 */
function describeOrRemove(p: Protection, description: string): void {
  try {
    p.setDescription(description);
  } catch (err) {
    try {
      p.remove();
    } catch (again) {
      consoleLogger.error('protection.undescribed-left', again, { description });
    }
    throw err;
  }
}

/** One owner-only protection over `wanted` (a range) or the whole sheet, found by its description. */
function ensureProtection(
  sheet: Sheet,
  description: string,
  wanted: Range | null,
  owner: string,
  spreadsheetOwner: string,
  what: string,
  changes: string[],
): void {
  const type = wanted ? SpreadsheetApp.ProtectionType.RANGE : SpreadsheetApp.ProtectionType.SHEET;
  const found = sheet.getProtections(type).find((p) => p.getDescription() === description);
  if (!found) {
    const p = wanted ? wanted.protect() : sheet.protect();
    describeOrRemove(p, description);
    restrictToOwner(p, owner, spreadsheetOwner);
    changes.push(`Bảo vệ ${what}: chỉ chủ sở hữu hòm thư được sửa.`);
    return;
  }
  if (wanted && !sameArea(found.getRange(), wanted)) {
    found.setRange(wanted);
    changes.push(`Mở rộng vùng bảo vệ ${what} ra cả các dòng mới.`);
  }
  if (restrictToOwner(found, owner, spreadsheetOwner)) changes.push(`Bảo vệ lại ${what}: chỉ chủ sở hữu hòm thư được sửa.`);
}

/** Cấu hình, Địa điểm, Nhật ký and Thống kê: the owner's alone (the box writes Thống kê). */
export function protectOwnerSheets(ss: Spreadsheet, owner: string, changes: string[]): void {
  const spreadsheetOwner = spreadsheetOwnerOf(ss);
  for (const name of OWNER_SHEETS) {
    const sheet = ss.getSheetByName(name);
    if (sheet) ensureProtection(sheet, `${OWNER_ONLY}: trang ${name}`, null, owner, spreadsheetOwner, `trang "${name}"`, changes);
  }
}

/**
 * Góp ý: the header row and the locked columns over every row of the grid, the legacy warning-only protection
 * removed. Run again whenever the grid may have grown (setup, the nightly trigger).
 */
export function protectResponseColumns(ss: Spreadsheet, sheet: Sheet, owner: string, changes: string[]): void {
  const spreadsheetOwner = spreadsheetOwnerOf(ss);
  for (const p of sheet.getProtections(SpreadsheetApp.ProtectionType.RANGE)) {
    if (p.getDescription() === LEGACY_SYSTEM_PROTECTION) {
      p.remove();
      changes.push(
        'Bỏ cảnh báo ở các cột hệ thống: cán bộ được sửa các cột nội dung, chỉ các cột mã, thời gian nhận, email ban, mã yêu cầu được khóa.',
      );
    }
  }
  ensureProtection(
    sheet,
    `${OWNER_ONLY}: dòng tiêu đề`,
    sheet.getRange(1, 1, 1, HEADERS.length),
    owner,
    spreadsheetOwner,
    'dòng tiêu đề trang "Góp ý"',
    changes,
  );
  const maxRows = sheet.getMaxRows();
  for (const run of lockedColumnRuns()) {
    const letters = `${columnLetter(run[0])}–${columnLetter(run[1])}`;
    ensureProtection(
      sheet,
      `${OWNER_ONLY}: cột ${runName(run)}`,
      sheet.getRange(1, run[0], maxRows, run[1] - run[0] + 1),
      owner,
      spreadsheetOwner,
      `cột ${letters} (${runName(run)}) trang "Góp ý"`,
      changes,
    );
  }
}

/**
 * Editors may not share the box's spreadsheet and folders with others or change who has access. Only the file's
 * owner may change this: for a spreadsheet owned by someone else the line says so.
 */
export function stopResharing(
  items: { name: string; item: GoogleAppsScript.Drive.File | GoogleAppsScript.Drive.Folder }[],
  changes: string[],
): void {
  for (const { name, item } of items) {
    if (!item.isShareableByEditors()) continue;
    try {
      item.setShareableByEditors(false);
      changes.push(`Không cho người được chia sẻ chia sẻ tiếp ${name}.`);
    } catch (e) {
      changes.push(
        `Chưa tắt được việc chia sẻ tiếp ${name} (chỉ người sở hữu tệp làm được): ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }
}
