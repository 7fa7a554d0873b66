/**
 * The box's sheets as setup makes and repairs them, each piece changing only what differs and saying so in one
 * Vietnamese line: a sheet and its header row (a sheet staff renamed gets its name back), the defaults of Cấu hình
 * and Địa điểm, and the comforts staff work with: frozen header rows, column widths (where still at the default),
 * date formats, wrapping, dropdowns and checkboxes, the overdue highlight and spare rows.
 * RESPONSES_UPKEEP re-checks, piece by piece, what must cover rows appended later; the nightly trigger runs it.
 */
import {
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
import { CONFIG_HEADERS } from './config/load-config';
import { protectResponseColumns } from './protection';
import type { SetupStep } from './setup-steps';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Range = GoogleAppsScript.Spreadsheet.Range;
type DataValidation = GoogleAppsScript.Spreadsheet.DataValidation;

/** A sheet found or made, and whether this run made it (a new sheet's defaults need no line of their own). */
export interface BoxSheet {
  sheet: Sheet;
  created: boolean;
}

const DATE_FORMAT = 'dd/MM/yyyy HH:mm';
/** Sheets' width of a column nobody has resized. */
const DEFAULT_COLUMN_WIDTH = 100;
/** "Hoạt động" in Địa điểm: a checkbox. */
const LOCATION_ACTIVE_COLUMN = 5;
/** Góp ý keeps at least this many empty rows below the last one, so rows appended today are inside every rule. */
export const SPARE_ROWS_MIN = 500;
const SPARE_ROWS_ADDED = 1000;

const DATE_COLUMNS = (['receivedAt', 'dueAt', 'updatedAt', 'replySentAt'] as const).map((k) => COL[k]);
const WRAP_COLUMNS = [COL.content, COL.publicReply];
type Widths = readonly (readonly [number, number])[];
const RESPONSE_WIDTHS: Widths = COLUMNS.map((c, i) => [i + 1, c.width] as const);
const CONFIG_WIDTHS: Widths = [
  [1, 220],
  [2, 360],
  [3, 360],
];
const LOCATION_WIDTHS: Widths = [[2, 320]];

function sameRow(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => String(v) === String(b[i]));
}

/** The names of the box's own sheets: none of them is ever taken for another one renamed. */
export const BOX_SHEETS: readonly string[] = [RESPONSES_SHEET, CONFIG_SHEET, LOCATIONS_SHEET, LOG_SHEET, STATS_SHEET, SPAM_SHEET];

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
export function ensureSheet(ss: Spreadsheet, name: string, changes: string[], headers?: readonly string[]): BoxSheet {
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
  // Row 1 is written only when it is the header row, edited or cleared: never over a row of data nor over columns
  // that moved, which the header would then mislabel.
  const misplaced = misplacedHeader(sheet, current, headers);
  if (misplaced) {
    changes.push(misplaced);
    return;
  }
  const edited = current
    .map((v, i) => (String(v) !== headers[i] && String(v) !== '' ? `${columnLetter(i + 1)}1 "${v}" → "${headers[i]}"` : ''))
    .filter(Boolean);
  range
    .setValues([[...headers]])
    .setFontWeight('bold')
    .setBackground('#e8f0fe');
  changes.push(edited.length ? `Sửa tiêu đề trang "${sheet.getName()}": ${edited.join('; ')}.` : `Ghi tiêu đề trang "${sheet.getName()}".`);
}

/** Rows below row 1 where a header row moved down (rows inserted above it, a sort) is looked for. */
const HEADER_SEARCH_ROWS = 50;

/**
 * Why row 1 must not be written with the headers, or null: the whole header row stands lower (rows were inserted above
 * it, or it was sorted down), or row 1 holds the headers shifted (a column added or removed: the data moved with it).
 */
function misplacedHeader(sheet: Sheet, current: readonly unknown[], headers: readonly string[]): string | null {
  const name = sheet.getName();
  const rows = Math.min(HEADER_SEARCH_ROWS, Math.max(0, sheet.getLastRow() - 1));
  if (rows > 0) {
    const below = sheet.getRange(2, 1, rows, headers.length).getValues();
    const at = below.findIndex((r) => headerProblems(r, headers).length === 0);
    if (at >= 0) {
      return `Dòng tiêu đề trang "${name}" đang ở dòng ${at + 2}, không phải dòng 1: không ghi đè dòng 1 để không mất dữ liệu. Hãy xóa các dòng đã chèn phía trên dòng tiêu đề (hoặc hoàn tác việc sắp xếp) rồi chạy lại cài đặt.`;
    }
  }
  const moved = current.filter((v, i) => {
    const j = headers.indexOf(String(v ?? '').normalize('NFC'));
    return j >= 0 && j !== i;
  }).length;
  if (moved >= 2) {
    return `Các cột của trang "${name}" đã bị xê dịch (có cột bị thêm hoặc xóa): không ghi lại tiêu đề, vì dữ liệu đã dịch theo cột. Hãy hoàn tác việc thêm, xóa cột (Ctrl+Z hoặc Lịch sử phiên bản) rồi chạy lại cài đặt.${name === RESPONSES_SHEET ? ' Trong lúc đó hệ thống không gửi thư trả lời.' : ''}`;
  }
  return null;
}

/** The sheet `name` with its header row. */
function headedSheet(ss: Spreadsheet, name: string, headers: readonly string[], changes: string[]): BoxSheet {
  const made = ensureSheet(ss, name, changes, headers);
  ensureHeader(made.sheet, headers, changes);
  return made;
}

export function ensureResponsesSheet(ss: Spreadsheet, changes: string[]): BoxSheet {
  return headedSheet(ss, RESPONSES_SHEET, HEADERS, changes);
}

export function ensureLogSheet(ss: Spreadsheet, changes: string[]): BoxSheet {
  return headedSheet(ss, LOG_SHEET, LOG_HEADERS, changes);
}

/** Cấu hình with every setting: all of them on a new sheet, only the labels missing on one the ward has filled in. */
export function ensureConfigSheet(ss: Spreadsheet, ownerEmail: string, changes: string[]): BoxSheet {
  const made = headedSheet(ss, CONFIG_SHEET, CONFIG_HEADERS, changes);
  const sheet = made.sheet;
  const defaults: BoxConfig = { ...DEFAULT_CONFIG, recipients: ownerEmail ? [ownerEmail] : [] };
  const rows = configSheetRows(defaults);
  if (made.created) {
    sheet.getRange(2, 1, rows.length, 3).setValues(rows.map((r) => r.map((v) => `'${v}`)));
    return made;
  }
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
  return made;
}

/** Địa điểm, with the sample places on a new sheet. */
export function ensureLocationsSheet(ss: Spreadsheet, changes: string[]): BoxSheet {
  const made = headedSheet(ss, LOCATIONS_SHEET, LOCATION_HEADERS, changes);
  if (made.created) {
    made.sheet
      .getRange(2, 1, SAMPLE_LOCATIONS.length, 5)
      .setValues(SAMPLE_LOCATIONS.map((r) => r.map((v, i) => (i === 4 ? v === 'TRUE' : `'${v}`))));
    changes.push('Thêm danh sách địa điểm mẫu (hãy thay bằng danh sách của phường).');
  }
  return made;
}

export function ensureFrozen(sheet: Sheet, changes: string[]): void {
  if (sheet.getFrozenRows() !== 1) {
    sheet.setFrozenRows(1);
    changes.push(`Cố định dòng tiêu đề trang "${sheet.getName()}".`);
  }
}

/**
 * Sets the widths of columns still at Sheets' default width: a width staff chose is never changed, and a sheet made
 * without widths (by hand, or by an older setup) gets them.
 */
function ensureWidths(sheet: Sheet, widths: Widths, changes: string[]): void {
  const set: number[] = [];
  for (const [column, width] of widths) {
    if (width === DEFAULT_COLUMN_WIDTH || sheet.getColumnWidth(column) !== DEFAULT_COLUMN_WIDTH) continue;
    sheet.setColumnWidth(column, width);
    set.push(column);
  }
  if (set.length === widths.length && set.length > 3) changes.push(`Đặt độ rộng các cột trang "${sheet.getName()}".`);
  else if (set.length) changes.push(`Đặt độ rộng cột ${set.map(columnLetter).join(', ')} trang "${sheet.getName()}".`);
}

/** The widths of Góp ý, Cấu hình and Địa điểm; a sheet this run made gets them without a line. */
export function ensureColumnWidths(responses: Sheet, config: BoxSheet, locations: BoxSheet, changes: string[]): void {
  ensureWidths(responses, RESPONSE_WIDTHS, changes);
  ensureWidths(config.sheet, CONFIG_WIDTHS, config.created ? [] : changes);
  ensureWidths(locations.sheet, LOCATION_WIDTHS, locations.created ? [] : changes);
}

/** Data rows 2 … last row of the grid of one column, or null when the sheet has no data row. */
function dataColumn(sheet: Sheet, column: number, lastRow = sheet.getMaxRows()): Range | null {
  return lastRow >= 2 ? sheet.getRange(2, column, lastRow - 1, 1) : null;
}

/** Gives every data cell of Góp ý's date columns the date format. */
export function formatResponseDates(sheet: Sheet, changes: string[]): void {
  const changed: string[] = [];
  for (const column of DATE_COLUMNS) {
    const range = dataColumn(sheet, column);
    if (!range || range.getNumberFormats().every((r) => r[0] === DATE_FORMAT)) continue;
    range.setNumberFormat(DATE_FORMAT);
    changed.push(HEADERS[column - 1]);
  }
  if (changed.length) changes.push(`Định dạng ngày giờ ${DATE_FORMAT} cho cột ${changed.join(', ')}.`);
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

/** The long texts of Góp ý (content, public reply) wrapped, for rows appended later too. */
export function wrapResponseText(sheet: Sheet, changes: string[]): void {
  const wrapped = ensureWrap(sheet, WRAP_COLUMNS, HEADERS);
  if (wrapped.length) changes.push(`Tự xuống dòng trong cột ${wrapped.join(', ')}.`);
}

/** The values and explanations of Cấu hình wrapped; quietly on a sheet this run made. */
export function wrapConfigText(config: BoxSheet, changes: string[]): void {
  const wrapped = ensureWrap(config.sheet, [2, 3], CONFIG_HEADERS, config.sheet.getLastRow());
  if (wrapped.length && !config.created) changes.push(`Tự xuống dòng trong cột ${wrapped.join(', ')} trang "${CONFIG_SHEET}".`);
}

/** True when every cell of the range has a validation rule for which `same` holds. */
function hasValidation(range: Range, same: (rule: DataValidation) => boolean) {
  return range.getDataValidations().every((r) => r[0] !== null && same(r[0]));
}

function isListRule(list: readonly string[]) {
  return (rule: DataValidation) =>
    String(rule.getCriteriaType()) === 'VALUE_IN_LIST' && sameRow((rule.getCriteriaValues()[0] as unknown[] | undefined) ?? [], list);
}

function isCheckboxRule(rule: DataValidation): boolean {
  return String(rule.getCriteriaType()) === 'CHECKBOX';
}

/** The dropdowns of Góp ý's Trạng thái and Nguồn columns (other values allowed, with a warning mark). */
export function ensureResponseDropdowns(sheet: Sheet, changes: string[]): void {
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
}

/** Góp ý's Công khai column as checkboxes. */
export function ensurePublishCheckbox(sheet: Sheet, changes: string[]): void {
  const publishRange = dataColumn(sheet, COL.publish);
  if (publishRange && !hasValidation(publishRange, isCheckboxRule)) {
    publishRange.setDataValidation(SpreadsheetApp.newDataValidation().requireCheckbox().build());
    changes.push('Đặt hộp kiểm cho cột Công khai (đánh dấu để đưa trả lời lên trang kết quả công khai).');
  }
}

/** Địa điểm's Hoạt động column as checkboxes; quietly on a sheet this run made. */
export function ensureActiveCheckbox(locations: BoxSheet, changes: string[]): void {
  const active = dataColumn(locations.sheet, LOCATION_ACTIVE_COLUMN);
  if (active && !hasValidation(active, isCheckboxRule)) {
    active.setDataValidation(SpreadsheetApp.newDataValidation().requireCheckbox().build());
    if (!locations.created)
      changes.push(`Đặt hộp kiểm cho cột ${LOCATION_HEADERS[LOCATION_ACTIVE_COLUMN - 1]} trang "${LOCATIONS_SHEET}".`);
  }
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
export function ensureOverdueRule(sheet: Sheet, changes: string[]): void {
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
export function ensureSpareRows(sheet: Sheet, changes: string[]): void {
  const spare = sheet.getMaxRows() - sheet.getLastRow();
  if (spare >= SPARE_ROWS_MIN) return;
  sheet.insertRowsAfter(sheet.getMaxRows(), SPARE_ROWS_ADDED);
  changes.push(`Thêm ${SPARE_ROWS_ADDED} dòng trống vào trang "${sheet.getName()}" để định dạng và bảo vệ có sẵn cho các ý kiến mới.`);
}

/** What the upkeep of Góp ý works on: the spreadsheet, its Góp ý sheet, the owner, and the lines of what changed. */
export interface ResponsesUpkeep {
  ss: Spreadsheet;
  sheet: Sheet;
  owner: string;
  changes: string[];
}

/**
 * What must cover every row of Góp ý, including rows appended since the last run, as steps each guarded on its own
 * (setup-steps.ts): spare rows, date formats, wrapping, the dropdowns, the checkbox, the overdue highlight and the
 * owner-only columns. The nightly trigger runs them; setup runs the same pieces among its own steps. Spare rows come
 * before what covers them.
 */
export const RESPONSES_UPKEEP: readonly SetupStep<ResponsesUpkeep>[] = [
  { name: 'Dòng trống dự phòng trang "Góp ý"', run: (u) => ensureSpareRows(u.sheet, u.changes) },
  { name: 'Định dạng ngày giờ trang "Góp ý"', run: (u) => formatResponseDates(u.sheet, u.changes) },
  { name: 'Tự xuống dòng trang "Góp ý"', run: (u) => wrapResponseText(u.sheet, u.changes) },
  { name: 'Danh sách chọn Trạng thái và Nguồn', run: (u) => ensureResponseDropdowns(u.sheet, u.changes) },
  { name: 'Hộp kiểm Công khai', run: (u) => ensurePublishCheckbox(u.sheet, u.changes) },
  { name: 'Tô màu ý kiến quá hạn', run: (u) => ensureOverdueRule(u.sheet, u.changes) },
  {
    name: 'Bảo vệ dòng tiêu đề và các cột hệ thống trang "Góp ý"',
    run: (u) => {
      if (u.owner) protectResponseColumns(u.ss, u.sheet, u.owner, u.changes);
    },
  },
];
