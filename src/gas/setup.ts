/**
 * Creates or repairs everything the box needs, changing only what differs, so a second run changes nothing: the
 * spreadsheet's locale and time zone, sheets, headers, frozen rows, column widths (where still at the default), date
 * formats, wrapping, data validation, the overdue highlight, spare rows, protections, Drive folders (with a new
 * spreadsheet filed in the box's folder), no re-sharing by editors, triggers, the bot-cost challenge's secret. Returns
 * one Vietnamese line per change.
 * maintainResponses re-checks what must cover rows appended later; the nightly trigger runs it too.
 */
import {
  CONFIG_FIELDS,
  CONFIG_SHEET,
  DEFAULT_CONFIG,
  LOCATION_HEADERS,
  LOCATIONS_SHEET,
  LOG_HEADERS,
  LOG_SHEET,
  SAMPLE_LOCATIONS,
  configSheetRows,
  type BoxConfig,
} from '../core/config/config';
import { FEEDBACK_STATUSES } from '../shared/types';
import { COL, COLUMNS, HEADERS, RESPONSES_SHEET, SOURCES, columnLetter } from '../core/records/feedback-record';
import { headerProblems } from '../core/staff/header-check';
import { overdueFormula } from '../core/staff/overdue-formula';
import { STATS_SHEET } from '../core/reports/statistics';
import { SPAM_SHEET } from '../core/staff/spam';
import { CONFIG_HEADERS, PROP_PHOTOS_FOLDER_ID } from './config/load-config';
import { PROP_SPREADSHEET_ID } from './config/box-spreadsheet';
import { protectOwnerSheets, protectResponseColumns, stopResharing } from './protection';
import { ensureTriggers } from './triggers';
import { ensureChallengeSecret } from './challenge';
import { restoreFolder } from './folders';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export const PROP_ROOT_FOLDER_ID = 'ROOT_FOLDER_ID';
export const PROP_POSTERS_FOLDER_ID = 'POSTERS_FOLDER_ID';
export const PROP_REPORTS_FOLDER_ID = 'REPORTS_FOLDER_ID';

const DATE_FORMAT = 'dd/MM/yyyy HH:mm';
/** Sheets' width of a column nobody has resized. */
const DEFAULT_COLUMN_WIDTH = 100;
/** "Hoạt động" in Địa điểm: a checkbox. */
const LOCATION_ACTIVE_COLUMN = 5;
export const VIETNAM_TIME_ZONE = 'Asia/Ho_Chi_Minh';
/** Dates typed as 03/02/2025 read day first, numbers with a decimal comma. */
export const VIETNAM_LOCALE = 'vi_VN';
/** Góp ý keeps at least this many empty rows below the last one, so rows appended today are inside every rule. */
export const SPARE_ROWS_MIN = 500;
const SPARE_ROWS_ADDED = 1000;

function sameRow(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => String(v) === String(b[i]));
}

/** The names of the box's own sheets: none of them is ever taken for another one renamed. */
const BOX_SHEETS: readonly string[] = [RESPONSES_SHEET, CONFIG_SHEET, LOCATIONS_SHEET, LOG_SHEET, STATS_SHEET, SPAM_SHEET];

/** The one sheet under another name whose header row is exactly `headers`, or null (none, or more than one). */
function renamedSheet(ss: Spreadsheet, headers: readonly string[]): Sheet | null {
  const found = ss
    .getSheets()
    .filter(
      (sheet) =>
        !BOX_SHEETS.includes(sheet.getName()) &&
        sheet.getMaxColumns() >= headers.length &&
        headerProblems(sheet.getRange(1, 1, 1, headers.length).getValues()[0], headers).length === 0,
    );
  return found.length === 1 ? found[0] : null;
}

/**
 * The sheet `name`, made when missing. A sheet staff renamed (its header row still the box's) gets its name back with
 * every row in it, rather than an empty sheet beside it that new opinions would go to.
 */
function ensureSheet(ss: Spreadsheet, name: string, changes: string[], headers?: readonly string[]): { sheet: Sheet; created: boolean } {
  const existing = ss.getSheetByName(name);
  if (existing) return { sheet: existing, created: false };
  const renamed = headers ? renamedSheet(ss, headers) : null;
  if (renamed) {
    const was = renamed.getName();
    renamed.setName(name);
    changes.push(`Trang "${was}" là trang "${name}" bị đổi tên: đặt lại tên "${name}", dữ liệu giữ nguyên.`);
    return { sheet: renamed, created: false };
  }
  changes.push(`Tạo trang "${name}".`);
  return { sheet: ss.insertSheet(name), created: true };
}

function ensureHeader(sheet: Sheet, headers: readonly string[], changes: string[]): void {
  if (sheet.getMaxColumns() < headers.length) sheet.insertColumnsAfter(sheet.getMaxColumns(), headers.length - sheet.getMaxColumns());
  const range = sheet.getRange(1, 1, 1, headers.length);
  const current = range.getValues()[0];
  if (headerProblems(current, headers).length === 0) return;
  const edited = current
    .map((v, i) => (String(v) !== headers[i] && String(v) !== '' ? `${columnLetter(i + 1)}1 "${v}" → "${headers[i]}"` : ''))
    .filter(Boolean);
  range
    .setValues([[...headers]])
    .setFontWeight('bold')
    .setBackground('#e8f0fe');
  changes.push(edited.length ? `Sửa tiêu đề trang "${sheet.getName()}": ${edited.join('; ')}.` : `Ghi tiêu đề trang "${sheet.getName()}".`);
}

function ensureFrozen(sheet: Sheet, changes: string[]): void {
  if (sheet.getFrozenRows() !== 1) {
    sheet.setFrozenRows(1);
    changes.push(`Cố định dòng tiêu đề trang "${sheet.getName()}".`);
  }
}

/**
 * Sets the widths of columns still at Sheets' default width: a width staff chose is never changed, and a sheet made
 * without widths (by hand, or by an older setup) gets them.
 */
function ensureWidths(sheet: Sheet, widths: readonly (readonly [number, number])[], changes: string[]): void {
  const set: number[] = [];
  for (const [column, width] of widths) {
    if (width === DEFAULT_COLUMN_WIDTH || sheet.getColumnWidth(column) !== DEFAULT_COLUMN_WIDTH) continue;
    sheet.setColumnWidth(column, width);
    set.push(column);
  }
  if (set.length === widths.length && set.length > 3) changes.push(`Đặt độ rộng các cột trang "${sheet.getName()}".`);
  else if (set.length) changes.push(`Đặt độ rộng cột ${set.map(columnLetter).join(', ')} trang "${sheet.getName()}".`);
}

/** Data rows 2 … last row of the grid of one column, or null when the sheet has no data row. */
function dataColumn(sheet: Sheet, column: number, lastRow = sheet.getMaxRows()): GoogleAppsScript.Spreadsheet.Range | null {
  return lastRow >= 2 ? sheet.getRange(2, column, lastRow - 1, 1) : null;
}

/** Gives every data cell of `columns` the number format `format`; returns the headers of the columns changed. */
function ensureNumberFormat(sheet: Sheet, columns: readonly number[], format: string, headers: readonly string[]): string[] {
  const changed: string[] = [];
  for (const column of columns) {
    const range = dataColumn(sheet, column);
    if (!range || range.getNumberFormats().every((r) => r[0] === format)) continue;
    range.setNumberFormat(format);
    changed.push(headers[column - 1]);
  }
  return changed;
}

/** Wraps the text of every data cell of `columns` (rows 2 … lastRow); returns the headers of the columns changed. */
function ensureWrap(sheet: Sheet, columns: readonly number[], headers: readonly string[], lastRow = sheet.getMaxRows()): string[] {
  const changed: string[] = [];
  for (const column of columns) {
    const range = dataColumn(sheet, column, lastRow);
    // Enums print as their names: 'WRAP'.
    if (!range || range.getWrapStrategies().every((r) => String(r[0]) === 'WRAP')) continue;
    range.setWrap(true);
    changed.push(headers[column - 1]);
  }
  return changed;
}

/** True when every cell of the range has a validation rule for which `same` holds. */
function hasValidation(range: GoogleAppsScript.Spreadsheet.Range, same: (rule: GoogleAppsScript.Spreadsheet.DataValidation) => boolean) {
  return range.getDataValidations().every((r) => r[0] !== null && same(r[0]));
}

function isListRule(list: readonly string[]) {
  return (rule: GoogleAppsScript.Spreadsheet.DataValidation) =>
    String(rule.getCriteriaType()) === 'VALUE_IN_LIST' && sameRow((rule.getCriteriaValues()[0] as unknown[] | undefined) ?? [], list);
}

function isCheckboxRule(rule: GoogleAppsScript.Spreadsheet.DataValidation): boolean {
  return String(rule.getCriteriaType()) === 'CHECKBOX';
}

/**
 * The overdue rule's formula: a deadline before now, on a row whose status (trimmed) is not final. A product of
 * comparisons, with no argument separator at all, so it reads the same whatever the spreadsheet's locale (`,` or `;`).
 */
export const OVERDUE_FORMULA = overdueFormula({ dueAt: columnLetter(COL.dueAt), status: columnLetter(COL.status) });

/** Formulas older versions wrote, newest first, and what setup says when it replaces one. */
export const OLDER_OVERDUE_FORMULAS: readonly { formula: string; change: string }[] = (() => {
  const due = `$${columnLetter(COL.dueAt)}2`;
  const status = `$${columnLetter(COL.status)}2`;
  const previousOrder = FEEDBACK_STATUSES.filter((st) => st !== 'Mới' && st !== 'Đang xử lý');
  return [
    {
      // The status as typed: " Đã trả lời " was highlighted as overdue.
      formula: `=(${due}<>"")*(${due}<NOW())${previousOrder.map((st) => `*(${status}<>"${st}")`).join('')}`,
      change: 'Cập nhật công thức tô màu ý kiến quá hạn để không tính dấu cách thừa quanh trạng thái.',
    },
    {
      // In the `;` syntax of some locales.
      formula: `=AND(${due}<>"";${due}<NOW();NOT(REGEXMATCH(${status};"Đã trả lời|Không thuộc thẩm quyền|Trùng lặp|Đã chuyển")))`,
      change: 'Viết lại công thức tô màu ý kiến quá hạn để không phụ thuộc ngôn ngữ của bảng tính.',
    },
  ];
})();

/** Formulas compared without spaces, case or the argument separator a locale uses. */
function sameFormula(a: unknown, b: string): boolean {
  const norm = (f: string) => f.replace(/\s+/g, '').replace(/;/g, ',').toUpperCase();
  return typeof a === 'string' && norm(a) === norm(b);
}

/** The overdue rule's formula, current or older (its index in OLDER_OVERDUE_FORMULAS), or null for another rule. */
function overdueFormulaOf(rule: GoogleAppsScript.Spreadsheet.ConditionalFormatRule): 'current' | number | null {
  const condition = rule.getBooleanCondition();
  if (condition === null || String(condition.getCriteriaType()) !== 'CUSTOM_FORMULA') return null;
  const formula = condition.getCriteriaValues()[0];
  if (sameFormula(formula, OVERDUE_FORMULA)) return 'current';
  const older = OLDER_OVERDUE_FORMULAS.findIndex((o) => sameFormula(formula, o.formula));
  return older >= 0 ? older : null;
}

/**
 * The overdue highlight, found by its formula among the sheet's rules (staff may add their own: they are kept). Made
 * when missing; made again over the whole grid when the sheet has grown past the rows it covers, or when it still has
 * an older formula (OLDER_OVERDUE_FORMULAS).
 */
function ensureOverdueRule(sheet: Sheet, changes: string[]): void {
  const rules = sheet.getConditionalFormatRules();
  const kinds = rules.map(overdueFormulaOf);
  const i = kinds.findIndex((k) => k !== null);
  const maxRows = sheet.getMaxRows();
  if (i >= 0 && kinds[i] === 'current') {
    const covered = rules[i]
      .getRanges()
      .some((r) => r.getRow() <= 2 && r.getLastRow() >= maxRows && r.getColumn() === 1 && r.getLastColumn() >= HEADERS.length);
    if (covered) return;
  }
  const rule = SpreadsheetApp.newConditionalFormatRule()
    .whenFormulaSatisfied(OVERDUE_FORMULA)
    .setBackground('#fde0dc')
    .setRanges([sheet.getRange(2, 1, maxRows - 1, HEADERS.length)])
    .build();
  sheet.setConditionalFormatRules(i >= 0 ? rules.map((r, j) => (j === i ? rule : r)) : [...rules, rule]);
  const kind = i >= 0 ? kinds[i] : null;
  changes.push(
    kind === null
      ? 'Tô màu các ý kiến quá hạn xử lý.'
      : kind === 'current'
        ? 'Mở rộng vùng tô màu các ý kiến quá hạn ra cả trang Góp ý.'
        : OLDER_OVERDUE_FORMULAS[kind].change,
  );
}

/** Empty rows below the last one, so validation, the highlight and the protections cover what is appended next. */
function ensureSpareRows(sheet: Sheet, changes: string[]): void {
  const spare = sheet.getMaxRows() - sheet.getLastRow();
  if (spare >= SPARE_ROWS_MIN) return;
  sheet.insertRowsAfter(sheet.getMaxRows(), SPARE_ROWS_ADDED);
  changes.push(`Thêm ${SPARE_ROWS_ADDED} dòng trống vào trang "${sheet.getName()}" để định dạng và bảo vệ có sẵn cho các ý kiến mới.`);
}

const DATE_COLUMNS = (['receivedAt', 'dueAt', 'updatedAt', 'replySentAt'] as const).map((k) => COL[k]);
const WRAP_COLUMNS = [COL.content, COL.publicReply];

function setupResponses(ss: Spreadsheet, owner: string, changes: string[]): Sheet {
  const { sheet } = ensureSheet(ss, RESPONSES_SHEET, changes, HEADERS);
  ensureHeader(sheet, HEADERS, changes);
  ensureFrozen(sheet, changes);
  ensureWidths(
    sheet,
    COLUMNS.map((c, i) => [i + 1, c.width] as const),
    changes,
  );
  maintainResponses(ss, sheet, owner, changes);
  return sheet;
}

/**
 * What must cover every row of Góp ý, including rows appended since the last run: spare rows, date formats, wrapping,
 * the dropdowns, the overdue highlight and the owner-only columns. Setup and the nightly trigger run it.
 */
export function maintainResponses(ss: Spreadsheet, sheet: Sheet, owner: string, changes: string[]): void {
  ensureSpareRows(sheet, changes);
  const dated = ensureNumberFormat(sheet, DATE_COLUMNS, DATE_FORMAT, HEADERS);
  if (dated.length) changes.push(`Định dạng ngày giờ ${DATE_FORMAT} cho cột ${dated.join(', ')}.`);
  const wrapped = ensureWrap(sheet, WRAP_COLUMNS, HEADERS);
  if (wrapped.length) changes.push(`Tự xuống dòng trong cột ${wrapped.join(', ')}.`);

  const statusRange = dataColumn(sheet, COL.status);
  if (statusRange && !hasValidation(statusRange, isListRule(FEEDBACK_STATUSES))) {
    statusRange.setDataValidation(
      SpreadsheetApp.newDataValidation()
        .requireValueInList([...FEEDBACK_STATUSES], true)
        .setAllowInvalid(true)
        .setHelpText('Chọn một trạng thái trong danh sách.')
        .build(),
    );
    changes.push('Đặt danh sách chọn cho cột Trạng thái.');
  }
  const sourceRange = dataColumn(sheet, COL.source);
  if (sourceRange && !hasValidation(sourceRange, isListRule(SOURCES))) {
    sourceRange.setDataValidation(
      SpreadsheetApp.newDataValidation()
        .requireValueInList([...SOURCES], true)
        .setAllowInvalid(true)
        .build(),
    );
    changes.push('Đặt danh sách chọn cho cột Nguồn.');
  }
  const publishRange = dataColumn(sheet, COL.publish);
  if (publishRange && !hasValidation(publishRange, isCheckboxRule)) {
    publishRange.setDataValidation(SpreadsheetApp.newDataValidation().requireCheckbox().build());
    changes.push('Đặt hộp kiểm cho cột Công khai (đánh dấu để đưa trả lời lên trang kết quả công khai).');
  }
  ensureOverdueRule(sheet, changes);
  if (owner) protectResponseColumns(ss, sheet, owner, changes);
}

function setupConfig(ss: Spreadsheet, ownerEmail: string, changes: string[]): void {
  const { sheet, created } = ensureSheet(ss, CONFIG_SHEET, changes, CONFIG_HEADERS);
  ensureHeader(sheet, CONFIG_HEADERS, changes);
  ensureFrozen(sheet, changes);
  const defaults: BoxConfig = { ...DEFAULT_CONFIG, recipients: ownerEmail ? [ownerEmail] : [] };
  const rows = configSheetRows(defaults);
  if (created) {
    sheet.getRange(2, 1, rows.length, 3).setValues(rows.map((r) => r.map((v) => `'${v}`)));
  } else {
    // Add only the labels that are missing; never overwrite what the ward typed.
    const last = sheet.getLastRow();
    const labels =
      last >= 2
        ? sheet
            .getRange(2, 1, last - 1, 1)
            .getValues()
            .map((r) => String(r[0]).trim())
        : [];
    const missing = rows.filter((r) => !labels.includes(r[0]));
    if (missing.length) {
      sheet.getRange(Math.max(last, 1) + 1, 1, missing.length, 3).setValues(missing.map((r) => r.map((v) => `'${v}`)));
      changes.push(`Thêm mục cấu hình còn thiếu: ${missing.map((r) => r[0]).join(', ')}.`);
    }
  }
  ensureWidths(
    sheet,
    [
      [1, 220],
      [2, 360],
      [3, 360],
    ],
    created ? [] : changes,
  );
  const wrapped = ensureWrap(sheet, [2, 3], CONFIG_HEADERS, sheet.getLastRow());
  if (wrapped.length && !created) changes.push(`Tự xuống dòng trong cột ${wrapped.join(', ')} trang "${CONFIG_SHEET}".`);
  void CONFIG_FIELDS;
}

function setupLocations(ss: Spreadsheet, changes: string[]): void {
  const { sheet, created } = ensureSheet(ss, LOCATIONS_SHEET, changes, LOCATION_HEADERS);
  ensureHeader(sheet, LOCATION_HEADERS, changes);
  ensureFrozen(sheet, changes);
  if (created) {
    sheet
      .getRange(2, 1, SAMPLE_LOCATIONS.length, 5)
      .setValues(SAMPLE_LOCATIONS.map((r) => r.map((v, i) => (i === 4 ? v === 'TRUE' : `'${v}`))));
    changes.push('Thêm danh sách địa điểm mẫu (hãy thay bằng danh sách của phường).');
  }
  const active = dataColumn(sheet, LOCATION_ACTIVE_COLUMN);
  if (active && !hasValidation(active, isCheckboxRule)) {
    active.setDataValidation(SpreadsheetApp.newDataValidation().requireCheckbox().build());
    if (!created) changes.push(`Đặt hộp kiểm cho cột ${LOCATION_HEADERS[LOCATION_ACTIVE_COLUMN - 1]} trang "${LOCATIONS_SHEET}".`);
  }
  ensureWidths(sheet, [[2, 320]], created ? [] : changes);
}

function setupLog(ss: Spreadsheet, changes: string[]): void {
  const { sheet } = ensureSheet(ss, LOG_SHEET, changes, LOG_HEADERS);
  ensureHeader(sheet, LOG_HEADERS, changes);
  ensureFrozen(sheet, changes);
}

function ensureFolder(
  props: GoogleAppsScript.Properties.Properties,
  key: string,
  name: string,
  parent: GoogleAppsScript.Drive.Folder | null,
  changes: string[],
) {
  const id = props.getProperty(key);
  if (id) {
    let found: GoogleAppsScript.Drive.Folder | null = null;
    try {
      found = DriveApp.getFolderById(id);
    } catch {
      // deleted for good: made again below
    }
    if (found && !found.isTrashed()) return found;
    // In the trash, it still holds every photo, poster and report the sheets link to: taken back, not replaced (a
    // new folder would leave them to be emptied from the trash after 30 days).
    if (found && restoreFolder(found)) {
      changes.push(`Thư mục "${name}" đang ở thùng rác: đã lấy lại, các tệp trong đó giữ nguyên đường dẫn.`);
      return found;
    }
    changes.push(`Thư mục "${name}" đã bị xóa: tạo lại.`);
  } else {
    changes.push(`Tạo thư mục Drive "${name}".`);
  }
  const folder = parent ? parent.createFolder(name) : DriveApp.createFolder(name);
  props.setProperty(key, folder.getId());
  return folder;
}

type Folder = GoogleAppsScript.Drive.Folder;

/** The box's folder and its three subfolders. */
export function ensureFolders(wardName: string, changes: string[]): { root: Folder; all: { name: string; folder: Folder }[] } {
  const props = PropertiesService.getScriptProperties();
  const rootName = `Hòm thư số góp ý – ${wardName}`;
  const root = ensureFolder(props, PROP_ROOT_FOLDER_ID, rootName, null, changes);
  const subfolders: [string, string][] = [
    [PROP_POSTERS_FOLDER_ID, 'Poster QR'],
    [PROP_REPORTS_FOLDER_ID, 'Báo cáo'],
    [PROP_PHOTOS_FOLDER_ID, 'Ảnh góp ý (riêng tư)'],
  ];
  const all = [{ name: rootName, folder: root }];
  for (const [key, name] of subfolders) all.push({ name, folder: ensureFolder(props, key, name, root, changes) });
  return { root, all };
}

/** A new spreadsheet starts with an empty "Sheet1" ("Trang tính1" in Vietnamese); staff need not wonder what it is for. */
function removeEmptyStarterSheet(ss: Spreadsheet, changes: string[]): void {
  for (const name of ['Trang tính1', 'Sheet1']) {
    const sheet = ss.getSheetByName(name);
    if (sheet && sheet.getLastRow() === 0 && ss.getSheets().length > 1) {
      ss.deleteSheet(sheet);
      changes.push(`Xóa trang trống "${name}" có sẵn của bảng tính mới.`);
    }
  }
}

/**
 * The spreadsheet's own time zone decides how Sheets shows the times the box writes: a spreadsheet created in another
 * zone would show every received time shifted. The instants stored do not change.
 */
function ensureTimeZone(ss: Spreadsheet, changes: string[]): void {
  const current = ss.getSpreadsheetTimeZone();
  if (current === VIETNAM_TIME_ZONE) return;
  ss.setSpreadsheetTimeZone(VIETNAM_TIME_ZONE);
  changes.push(`Đặt múi giờ của bảng tính là giờ Việt Nam (${VIETNAM_TIME_ZONE}) thay cho "${current}".`);
}

/** Sheets reads what staff type (dates, decimals) by the spreadsheet's locale: pinned to Vietnamese. */
function ensureLocale(ss: Spreadsheet, changes: string[]): void {
  const current = ss.getSpreadsheetLocale();
  if (current === VIETNAM_LOCALE) return;
  ss.setSpreadsheetLocale(VIETNAM_LOCALE);
  changes.push(`Đặt ngôn ngữ của bảng tính là tiếng Việt (${VIETNAM_LOCALE}) thay cho "${current}": ngày gõ tay đọc theo ngày/tháng/năm.`);
}

export interface SetupTarget {
  spreadsheet: Spreadsheet;
  /** Made by this setup (SpreadsheetApp.create): filed in the box's Drive folder. */
  created: boolean;
}

/**
 * Sets up or repairs the box around `target`: records it, then everything in the file comment. `owner` is the box's
 * owner, the only editor of what is protected.
 */
export function runSetup(target: SetupTarget, owner: string, config: BoxConfig): string[] {
  const ss = target.spreadsheet;
  const changes: string[] = [];
  const props = PropertiesService.getScriptProperties();
  if (props.getProperty(PROP_SPREADSHEET_ID) !== ss.getId()) {
    props.setProperty(PROP_SPREADSHEET_ID, ss.getId());
    changes.push(target.created ? `Tạo bảng tính "${ss.getName()}" cho hòm thư.` : `Ghi nhận bảng tính "${ss.getName()}" của hòm thư.`);
  }
  ensureLocale(ss, changes);
  ensureTimeZone(ss, changes);
  setupResponses(ss, owner, changes);
  setupConfig(ss, owner, changes);
  setupLocations(ss, changes);
  setupLog(ss, changes);
  ensureSheet(ss, STATS_SHEET, changes);
  removeEmptyStarterSheet(ss, changes);
  protectOwnerSheets(ss, owner, changes);
  const folders = ensureFolders(config.wardName, changes);
  const file = DriveApp.getFileById(ss.getId());
  if (target.created) {
    file.moveTo(folders.root);
    changes.push(`Đưa bảng tính vào thư mục "${folders.root.getName()}".`);
  }
  stopResharing(
    [{ name: 'bảng tính của hòm thư', item: file }, ...folders.all.map((f) => ({ name: `thư mục "${f.name}"`, item: f.folder }))],
    changes,
  );
  ensureTriggers(ss.getId(), config, changes);
  ensureChallengeSecret(changes);
  return changes;
}

/** The nightly re-check of Góp ý (see maintainResponses); quiet when nothing changed. */
export function maintainBoxSheets(ss: Spreadsheet, owner: string): string[] {
  const changes: string[] = [];
  const sheet = ss.getSheetByName(RESPONSES_SHEET);
  if (sheet) maintainResponses(ss, sheet, owner, changes);
  return changes;
}
