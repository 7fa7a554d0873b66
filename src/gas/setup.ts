/**
 * Creates or repairs everything the box needs, changing only what differs, so a second run changes nothing.
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
} from '../core/config';
import { FEEDBACK_STATUSES } from '../shared/types';
import { COL, COLUMNS, HEADERS, RESPONSES_SHEET, SOURCES } from '../core/records';
import { columnLetter, PROP_PHOTOS_FOLDER_ID, PROP_SPREADSHEET_ID } from './box-sheet';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export const PROP_ROOT_FOLDER_ID = 'ROOT_FOLDER_ID';
export const PROP_POSTERS_FOLDER_ID = 'POSTERS_FOLDER_ID';
export const PROP_REPORTS_FOLDER_ID = 'REPORTS_FOLDER_ID';

const DATE_FORMAT = 'dd/MM/yyyy HH:mm';
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

function sameRow(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => String(v) === String(b[i]));
}

function ensureSheet(ss: Spreadsheet, name: string, changes: string[]): { sheet: Sheet; created: boolean } {
  const existing = ss.getSheetByName(name);
  if (existing) return { sheet: existing, created: false };
  changes.push(`Tạo trang "${name}".`);
  return { sheet: ss.insertSheet(name), created: true };
}

function ensureHeader(sheet: Sheet, headers: string[], changes: string[]): void {
  if (sheet.getMaxColumns() < headers.length) sheet.insertColumnsAfter(sheet.getMaxColumns(), headers.length - sheet.getMaxColumns());
  const range = sheet.getRange(1, 1, 1, headers.length);
  const current = range.getValues()[0];
  if (sameRow(current, headers)) return;
  const edited = current
    .map((v, i) => (String(v) !== headers[i] && String(v) !== '' ? `${columnLetter(i + 1)}1 "${v}" → "${headers[i]}"` : ''))
    .filter(Boolean);
  range.setValues([headers]).setFontWeight('bold').setBackground('#e8f0fe');
  changes.push(edited.length ? `Sửa tiêu đề trang "${sheet.getName()}": ${edited.join('; ')}.` : `Ghi tiêu đề trang "${sheet.getName()}".`);
}

function ensureFrozen(sheet: Sheet, changes: string[]): void {
  if (sheet.getFrozenRows() !== 1) {
    sheet.setFrozenRows(1);
    changes.push(`Cố định dòng tiêu đề trang "${sheet.getName()}".`);
  }
}

function setupResponses(ss: Spreadsheet, changes: string[]): Sheet {
  const { sheet, created } = ensureSheet(ss, RESPONSES_SHEET, changes);
  ensureHeader(sheet, HEADERS, changes);
  ensureFrozen(sheet, changes);
  if (created) {
    COLUMNS.forEach((c, i) => sheet.setColumnWidth(i + 1, c.width));
    const rows = sheet.getMaxRows();
    for (const key of ['receivedAt', 'dueAt', 'updatedAt', 'replySentAt'] as const) {
      sheet.getRange(2, COL[key], rows - 1, 1).setNumberFormat(DATE_FORMAT);
    }
    sheet.getRange(2, COL.content, rows - 1, 1).setWrap(true);
    sheet.getRange(2, COL.publicReply, rows - 1, 1).setWrap(true);
    changes.push('Định dạng cột ngày giờ và nội dung.');
  }
  const statusRange = sheet.getRange(2, COL.status, sheet.getMaxRows() - 1, 1);
  const current = statusRange.getDataValidation();
  const wanted = [...FEEDBACK_STATUSES];
  const currentList = current ? (current.getCriteriaValues()[0] as string[] | undefined) : undefined;
  if (!currentList || !sameRow(currentList, wanted)) {
    statusRange.setDataValidation(
      SpreadsheetApp.newDataValidation()
        .requireValueInList(wanted, true)
        .setAllowInvalid(true)
        .setHelpText('Chọn một trạng thái trong danh sách.')
        .build(),
    );
    sheet.getRange(2, COL.source, sheet.getMaxRows() - 1, 1).setDataValidation(
      SpreadsheetApp.newDataValidation()
        .requireValueInList([...SOURCES], true)
        .setAllowInvalid(true)
        .build(),
    );
    changes.push('Đặt danh sách chọn cho cột Trạng thái và Nguồn.');
  }
  if (!sheet.getFilter()) {
    sheet.getRange(1, 1, sheet.getMaxRows(), HEADERS.length).createFilter();
    changes.push('Bật bộ lọc cho trang Góp ý.');
  }
  const systemCount = COLUMNS.filter((c) => c.system).length;
  const hasProtection = sheet.getProtections(SpreadsheetApp.ProtectionType.RANGE).some((p) => p.getDescription() === SYSTEM_PROTECTION);
  if (!hasProtection) {
    sheet.getRange(1, 1, sheet.getMaxRows(), systemCount).protect().setDescription(SYSTEM_PROTECTION).setWarningOnly(true);
    changes.push('Bảo vệ (cảnh báo) các cột hệ thống.');
  }
  if (sheet.getConditionalFormatRules().length === 0) {
    const due = columnLetter(COL.dueAt);
    const status = columnLetter(COL.status);
    const rule = SpreadsheetApp.newConditionalFormatRule()
      .whenFormulaSatisfied(
        `=AND($${due}2<>"";$${due}2<NOW();NOT(REGEXMATCH($${status}2;"Đã trả lời|Không thuộc thẩm quyền|Trùng lặp|Đã chuyển")))`,
      )
      .setBackground('#fde0dc')
      .setRanges([sheet.getRange(2, 1, sheet.getMaxRows() - 1, HEADERS.length)])
      .build();
    sheet.setConditionalFormatRules([rule]);
    changes.push('Tô màu các ý kiến quá hạn xử lý.');
  }
  return sheet;
}

function setupConfig(ss: Spreadsheet, ownerEmail: string, changes: string[]): void {
  const { sheet, created } = ensureSheet(ss, CONFIG_SHEET, changes);
  ensureHeader(sheet, ['Mục', 'Giá trị', 'Hướng dẫn'], changes);
  ensureFrozen(sheet, changes);
  const defaults: BoxConfig = { ...DEFAULT_CONFIG, recipients: ownerEmail ? [ownerEmail] : [], admins: ownerEmail ? [ownerEmail] : [] };
  const rows = configSheetRows(defaults);
  if (created) {
    sheet.getRange(2, 1, rows.length, 3).setValues(rows.map((r) => r.map((v) => `'${v}`)));
    sheet.setColumnWidth(1, 220);
    sheet.setColumnWidth(2, 360);
    sheet.setColumnWidth(3, 360);
    sheet.getRange(2, 2, rows.length, 2).setWrap(true);
    return;
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
    sheet.getRange(2, 5, sheet.getMaxRows() - 1, 1).setDataValidation(SpreadsheetApp.newDataValidation().requireCheckbox().build());
    sheet.setColumnWidth(2, 320);
    changes.push('Thêm danh sách địa điểm mẫu (hãy thay bằng danh sách của phường).');
  }
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

export function runSetup(ss: Spreadsheet, ownerEmail: string, config: BoxConfig): string[] {
  const changes: string[] = [];
  const props = PropertiesService.getScriptProperties();
  if (props.getProperty(PROP_SPREADSHEET_ID) !== ss.getId()) {
    props.setProperty(PROP_SPREADSHEET_ID, ss.getId());
    changes.push('Ghi nhận bảng tính của hòm thư.');
  }
  setupResponses(ss, changes);
  setupConfig(ss, ownerEmail, changes);
  setupLocations(ss, changes);
  setupLog(ss, changes);
  removeEmptyStarterSheet(ss, changes);
  ensureFolders(config.wardName, changes);
  ensureTriggers(ss, config, changes);
  return changes;
}
