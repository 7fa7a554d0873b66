/**
 * Creates or repairs everything the box needs, changing only what differs, so a second run changes nothing: sheets,
 * headers, frozen rows, column widths (where still at the default), date formats, wrapping, data validation, the
 * filter, the system-column protection, the overdue highlight, the spreadsheet's time zone, Drive folders, triggers.
 * Returns one Vietnamese line per change made.
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
import { CONFIG_HEADERS, PROP_PHOTOS_FOLDER_ID } from './config/load-config';
import { PROP_SPREADSHEET_ID } from './config/box-spreadsheet';

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
const SYSTEM_PROTECTION = 'Cột hệ thống của hòm thư: không sửa tay';

/** The project's recurring triggers: handler name → how to build it. */
export interface TriggerSpec {
  handler: string;
  describe: string;
  create: (ss: Spreadsheet, config: BoxConfig) => void;
}

export const TRIGGERS: TriggerSpec[] = [
  {
    handler: 'sendPendingEmails',
    describe: 'gửi lại email chờ gửi mỗi 15 phút',
    create: () => void ScriptApp.newTrigger('sendPendingEmails').timeBased().everyMinutes(15).create(),
  },
  {
    handler: 'onStaffEdit',
    describe: 'ghi "Cập nhật lúc" và gửi trả lời khi cán bộ sửa bảng tính',
    create: (ss) => void ScriptApp.newTrigger('onStaffEdit').forSpreadsheet(ss).onEdit().create(),
  },
  {
    handler: 'sendWeeklyDigest',
    describe: 'gửi tổng hợp tuần',
    create: (_ss, config) =>
      void ScriptApp.newTrigger('sendWeeklyDigest')
        .timeBased()
        .onWeekDay(ScriptApp.WeekDay[config.digestWeekday as keyof typeof ScriptApp.WeekDay])
        .atHour(config.digestHour)
        .create(),
  },
  {
    handler: 'purgeExpiredPersonalData',
    describe: 'xóa thông tin cá nhân quá hạn lưu mỗi đêm',
    create: () => void ScriptApp.newTrigger('purgeExpiredPersonalData').timeBased().everyDays(1).atHour(2).create(),
  },
];

function sameRow(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => String(v) === String(b[i]));
}

function ensureSheet(ss: Spreadsheet, name: string, changes: string[]): { sheet: Sheet; created: boolean } {
  const existing = ss.getSheetByName(name);
  if (existing) return { sheet: existing, created: false };
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

/** The overdue rule's formula: a deadline before now, on a row whose status is not final. */
export const OVERDUE_FORMULA = `=AND($${columnLetter(COL.dueAt)}2<>"";$${columnLetter(COL.dueAt)}2<NOW();NOT(REGEXMATCH($${columnLetter(COL.status)}2;"Đã trả lời|Không thuộc thẩm quyền|Trùng lặp|Đã chuyển")))`;

/** Formulas compared without spaces, case or the argument separator a locale uses. */
function sameFormula(a: unknown, b: string): boolean {
  const norm = (f: string) => f.replace(/\s+/g, '').replace(/;/g, ',').toUpperCase();
  return typeof a === 'string' && norm(a) === norm(b);
}

function isOverdueRule(rule: GoogleAppsScript.Spreadsheet.ConditionalFormatRule): boolean {
  const condition = rule.getBooleanCondition();
  return (
    condition !== null &&
    String(condition.getCriteriaType()) === 'CUSTOM_FORMULA' &&
    sameFormula(condition.getCriteriaValues()[0], OVERDUE_FORMULA)
  );
}

/**
 * The overdue highlight, found by its formula among the sheet's rules (staff may add their own: they are kept). Made
 * when missing; made again over the whole grid when the sheet has grown past the rows it covers.
 */
function ensureOverdueRule(sheet: Sheet, changes: string[]): void {
  const rules = sheet.getConditionalFormatRules();
  const i = rules.findIndex(isOverdueRule);
  const maxRows = sheet.getMaxRows();
  if (i >= 0) {
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
  changes.push(i >= 0 ? 'Mở rộng vùng tô màu các ý kiến quá hạn ra cả trang Góp ý.' : 'Tô màu các ý kiến quá hạn xử lý.');
}

/** A filter over the header and every column; one that misses columns is made again. */
function ensureFilter(sheet: Sheet, changes: string[]): void {
  const filter = sheet.getFilter();
  if (filter) {
    const r = filter.getRange();
    if (r.getRow() === 1 && r.getColumn() === 1 && r.getLastColumn() >= HEADERS.length) return;
    filter.remove();
  }
  sheet.getRange(1, 1, sheet.getMaxRows(), HEADERS.length).createFilter();
  changes.push(filter ? 'Đặt lại bộ lọc cho đủ các cột trang Góp ý.' : 'Bật bộ lọc cho trang Góp ý.');
}

const DATE_COLUMNS = (['receivedAt', 'dueAt', 'updatedAt', 'replySentAt'] as const).map((k) => COL[k]);
const WRAP_COLUMNS = [COL.content, COL.publicReply];

function setupResponses(ss: Spreadsheet, changes: string[]): Sheet {
  const { sheet } = ensureSheet(ss, RESPONSES_SHEET, changes);
  ensureHeader(sheet, HEADERS, changes);
  ensureFrozen(sheet, changes);
  ensureWidths(
    sheet,
    COLUMNS.map((c, i) => [i + 1, c.width] as const),
    changes,
  );
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
  ensureFilter(sheet, changes);
  const systemCount = COLUMNS.filter((c) => c.system).length;
  const hasProtection = sheet.getProtections(SpreadsheetApp.ProtectionType.RANGE).some((p) => p.getDescription() === SYSTEM_PROTECTION);
  if (!hasProtection) {
    sheet.getRange(1, 1, sheet.getMaxRows(), systemCount).protect().setDescription(SYSTEM_PROTECTION).setWarningOnly(true);
    changes.push('Bảo vệ (cảnh báo) các cột hệ thống.');
  }
  ensureOverdueRule(sheet, changes);
  return sheet;
}

function setupConfig(ss: Spreadsheet, ownerEmail: string, changes: string[]): void {
  const { sheet, created } = ensureSheet(ss, CONFIG_SHEET, changes);
  ensureHeader(sheet, CONFIG_HEADERS, changes);
  ensureFrozen(sheet, changes);
  const defaults: BoxConfig = { ...DEFAULT_CONFIG, recipients: ownerEmail ? [ownerEmail] : [], admins: ownerEmail ? [ownerEmail] : [] };
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
  const { sheet, created } = ensureSheet(ss, LOCATIONS_SHEET, changes);
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
  const { sheet } = ensureSheet(ss, LOG_SHEET, changes);
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
    try {
      const f = DriveApp.getFolderById(id);
      if (!f.isTrashed()) return f;
    } catch {
      // deleted: make it again below
    }
    changes.push(`Thư mục "${name}" đã bị xóa: tạo lại.`);
  } else {
    changes.push(`Tạo thư mục Drive "${name}".`);
  }
  const folder = parent ? parent.createFolder(name) : DriveApp.createFolder(name);
  props.setProperty(key, folder.getId());
  return folder;
}

export function ensureFolders(wardName: string, changes: string[]): void {
  const props = PropertiesService.getScriptProperties();
  const root = ensureFolder(props, PROP_ROOT_FOLDER_ID, `Hòm thư số góp ý – ${wardName}`, null, changes);
  ensureFolder(props, PROP_POSTERS_FOLDER_ID, 'Poster QR', root, changes);
  ensureFolder(props, PROP_REPORTS_FOLDER_ID, 'Báo cáo', root, changes);
  ensureFolder(props, PROP_PHOTOS_FOLDER_ID, 'Ảnh góp ý (riêng tư)', root, changes);
}

export const PROP_DIGEST_SCHEDULE = 'DIGEST_SCHEDULE';

/**
 * Installs each of the project's triggers exactly once. Apps Script cannot tell a trigger's weekday or hour, so the
 * digest's schedule is remembered in a property; when Cấu hình changes it, the digest trigger is made again.
 */
export function ensureTriggers(ss: Spreadsheet, config: BoxConfig, changes: string[]): void {
  const props = PropertiesService.getScriptProperties();
  const triggers = ScriptApp.getProjectTriggers();
  const existing = triggers.map((t) => t.getHandlerFunction());
  const digestSchedule = `${config.digestWeekday}@${config.digestHour}`;
  const recorded = props.getProperty(PROP_DIGEST_SCHEDULE);
  if (existing.includes('sendWeeklyDigest') && recorded !== digestSchedule) {
    for (const t of triggers) if (t.getHandlerFunction() === 'sendWeeklyDigest') ScriptApp.deleteTrigger(t);
    existing.splice(existing.indexOf('sendWeeklyDigest'), 1);
    changes.push('Lịch gửi tổng hợp tuần đã đổi trong Cấu hình: cài lại trình kích hoạt.');
  }
  for (const spec of TRIGGERS) {
    if (existing.includes(spec.handler)) continue;
    spec.create(ss, config);
    changes.push(`Cài trình kích hoạt: ${spec.describe}.`);
  }
  if (recorded !== digestSchedule) props.setProperty(PROP_DIGEST_SCHEDULE, digestSchedule);
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

export function runSetup(ss: Spreadsheet, ownerEmail: string, config: BoxConfig): string[] {
  const changes: string[] = [];
  const props = PropertiesService.getScriptProperties();
  if (props.getProperty(PROP_SPREADSHEET_ID) !== ss.getId()) {
    props.setProperty(PROP_SPREADSHEET_ID, ss.getId());
    changes.push('Ghi nhận bảng tính của hòm thư.');
  }
  ensureTimeZone(ss, changes);
  setupResponses(ss, changes);
  setupConfig(ss, ownerEmail, changes);
  setupLocations(ss, changes);
  setupLog(ss, changes);
  removeEmptyStarterSheet(ss, changes);
  ensureFolders(config.wardName, changes);
  ensureTriggers(ss, config, changes);
  return changes;
}
