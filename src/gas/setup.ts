/**
 * Creates or repairs everything the box needs, changing only what differs, so a second run changes nothing. Two lists
 * of steps (see setup-steps.ts), each step named as the admin page shows it when it was not done:
 * - the essentials, in an order where the box is usable at every point: the owner; the spreadsheet; its sheets with
 *   their header rows, Cấu hình and Địa điểm with their defaults; the bot-cost challenge's secret; the box's folder and
 *   the photo folder; only then is the spreadsheet recorded as the box's (before that, residents are told the box is
 *   being set up); the triggers; the configuration read again. A failure here stops setup.
 * - the secondary steps: the spreadsheet's locale and time zone, frozen header rows, column widths, spare rows, date
 *   formats, wrapping, dropdowns and checkboxes, the overdue highlight, protections, the empty starter sheet removed,
 *   the Poster QR and Báo cáo folders, a new spreadsheet filed in the box's folder, no re-sharing by editors. A
 *   failure here is named, and the steps after it still run.
 * Returns one Vietnamese line per change, and the steps not done.
 */
import { CONFIG_SHEET, LOCATIONS_SHEET, LOG_SHEET, type BoxConfig, type ConfigProblem } from '../core/config/config';
import { RESPONSES_SHEET } from '../core/records/feedback-record';
import { STATS_SHEET } from '../core/reports/statistics';
import { reloadConfig, type LoadedConfig } from './config/load-config';
import { PROP_OWNER_EMAIL, PROP_SPREADSHEET_ID } from './config/box-spreadsheet';
import { protectOwnerSheets, protectResponseColumns, stopResharing } from './protection';
import { ensureTriggers } from './triggers';
import { ensureChallengeSecret, forgetChallengeSettings } from './challenge';
import { PHOTOS_FOLDER, POSTERS_FOLDER, REPORTS_FOLDER, ensureFolder, fileAlive, inTrash, rememberOrTrash, rootFolder } from './folders';
import { runSteps, type SetupStep, type StepFailure } from './setup-steps';
import {
  ensureActiveCheckbox,
  ensureColumnWidths,
  ensureConfigSheet,
  ensureFrozen,
  ensureLocationsSheet,
  ensureLogSheet,
  ensureOverdueRule,
  ensurePublishCheckbox,
  ensureResponseDropdowns,
  ensureResponsesSheet,
  ensureSheet,
  ensureSpareRows,
  formatResponseDates,
  wrapConfigText,
  wrapResponseText,
  type BoxSheet,
} from './setup-sheets';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Folder = GoogleAppsScript.Drive.Folder;

/**
 * A spreadsheet setup made and has not yet filed in the box's folder: a setup stopped before recording it carries on
 * with it rather than making another, and the next run files it.
 */
export const PROP_NEW_SPREADSHEET_ID = 'NEW_SPREADSHEET_ID';

export const VIETNAM_TIME_ZONE = 'Asia/Ho_Chi_Minh';
/** Dates typed as 03/02/2025 read day first, numbers with a decimal comma. */
export const VIETNAM_LOCALE = 'vi_VN';

/** What the steps of one setup share; the essential steps fill it in as they go. */
class SetupBox {
  readonly changes: string[] = [];
  owner = '';
  private spreadsheet: Spreadsheet | null = null;
  readonly sheets = new Map<string, BoxSheet>();
  readonly folders: { name: string; folder: Folder }[] = [];
  reloaded: { loaded: LoadedConfig; problems: ConfigProblem[] } | null = null;
  /** What to tell the owner about the triggers that could not be made (the account's limit full); null: none. */
  triggersMissing: string | null = null;

  constructor(
    /** The spreadsheet the owner named or the one recorded; null: the one an unfinished setup made, or a new one. */
    readonly chosen: Spreadsheet | null,
    readonly config: BoxConfig,
  ) {}

  get ss(): Spreadsheet {
    if (!this.spreadsheet) throw new Error('setup: no spreadsheet yet');
    return this.spreadsheet;
  }

  set ss(ss: Spreadsheet) {
    this.spreadsheet = ss;
  }

  sheet(name: string): BoxSheet {
    const found = this.sheets.get(name);
    if (!found) throw new Error(`setup: no sheet ${name} yet`);
    return found;
  }

  get responses(): Sheet {
    return this.sheet(RESPONSES_SHEET).sheet;
  }
}

type Step = SetupStep<SetupBox>;

/**
 * In this order, so the box is usable at every point: the residents' page serves the form only once the spreadsheet
 * is recorded, and by then its sheets, the places, the secret and the photo folder are in place. A failure stops setup.
 */
const ESSENTIAL_STEPS: readonly Step[] = [
  { name: 'Ghi nhận chủ sở hữu hòm thư', run: recordOwner },
  { name: 'Mở hoặc tạo bảng tính', run: openSpreadsheet },
  { name: 'Trang "Góp ý" và dòng tiêu đề', run: (b) => b.sheets.set(RESPONSES_SHEET, ensureResponsesSheet(b.ss, b.changes)) },
  { name: 'Trang "Cấu hình" và các mục mặc định', run: (b) => b.sheets.set(CONFIG_SHEET, ensureConfigSheet(b.ss, b.owner, b.changes)) },
  { name: 'Trang "Địa điểm" và các địa điểm mẫu', run: (b) => b.sheets.set(LOCATIONS_SHEET, ensureLocationsSheet(b.ss, b.changes)) },
  { name: 'Trang "Nhật ký" và "Thống kê"', run: ensureLogAndStatsSheets },
  { name: 'Khóa bí mật của bước chống gửi tự động', run: (b) => ensureChallengeSecret(b.changes) },
  { name: 'Thư mục của hòm thư và thư mục ảnh góp ý', run: ensureResidentFolders },
  { name: 'Ghi nhận bảng tính của hòm thư', run: recordSpreadsheet },
  { name: 'Trình kích hoạt', run: (b) => (b.triggersMissing = ensureTriggers(b.ss.getId(), b.config, b.changes)) },
  { name: 'Đọc lại cấu hình', run: readConfigAgain },
];

const HEADED_SHEETS = [RESPONSES_SHEET, CONFIG_SHEET, LOCATIONS_SHEET, LOG_SHEET];

/** Each in a guard of its own: a failure is named and the next step still runs. Spare rows come before what covers them. */
const SECONDARY_STEPS: readonly Step[] = [
  // The triggers the essential step could not make (it made the others): not done, said with what to do.
  {
    name: 'Cài đủ trình kích hoạt',
    run: (b) => {
      if (b.triggersMissing) throw new Error(b.triggersMissing);
    },
  },
  { name: 'Ngôn ngữ của bảng tính', run: ensureLocale },
  { name: 'Múi giờ của bảng tính', run: ensureTimeZone },
  { name: 'Cố định dòng tiêu đề', run: (b) => HEADED_SHEETS.forEach((name) => ensureFrozen(b.sheet(name).sheet, b.changes)) },
  { name: 'Độ rộng cột', run: (b) => ensureColumnWidths(b.responses, b.sheet(CONFIG_SHEET), b.sheet(LOCATIONS_SHEET), b.changes) },
  { name: 'Dòng trống dự phòng trang "Góp ý"', run: (b) => ensureSpareRows(b.responses, b.changes) },
  { name: 'Định dạng ngày giờ trang "Góp ý"', run: (b) => formatResponseDates(b.responses, b.changes) },
  {
    name: 'Tự xuống dòng',
    run: (b) => {
      wrapResponseText(b.responses, b.changes);
      wrapConfigText(b.sheet(CONFIG_SHEET), b.changes);
    },
  },
  { name: 'Danh sách chọn Trạng thái và Nguồn', run: (b) => ensureResponseDropdowns(b.responses, b.changes) },
  {
    name: 'Hộp kiểm Công khai và Hoạt động',
    run: (b) => {
      ensurePublishCheckbox(b.responses, b.changes);
      ensureActiveCheckbox(b.sheet(LOCATIONS_SHEET), b.changes);
    },
  },
  { name: 'Tô màu ý kiến quá hạn', run: (b) => ensureOverdueRule(b.responses, b.changes) },
  {
    name: 'Bảo vệ dòng tiêu đề và các cột hệ thống trang "Góp ý"',
    run: (b) => {
      if (b.owner) protectResponseColumns(b.ss, b.responses, b.owner, b.changes);
    },
  },
  { name: 'Bảo vệ các trang chỉ chủ sở hữu sửa', run: (b) => protectOwnerSheets(b.ss, b.owner, b.changes) },
  { name: 'Xóa trang trống của bảng tính mới', run: removeEmptyStarterSheet },
  { name: 'Thư mục "Poster QR" và "Báo cáo"', run: ensureStaffFolders },
  { name: 'Đưa bảng tính vào thư mục của hòm thư', run: fileNewSpreadsheet },
  { name: 'Chặn việc chia sẻ tiếp bảng tính và thư mục', run: stopResharingAll },
  { name: 'Làm mới cài đặt chống gửi tự động', run: () => forgetChallengeSettings() },
];

export interface SetupOutcome {
  changes: string[];
  /** The steps not done: the essential step setup stopped at, or the secondary steps that failed. */
  notDone: StepFailure[];
  /** True when an essential step failed and setup stopped there. */
  stopped: boolean;
  /** The configuration read again at the end of the essentials; null when setup stopped before. */
  reloaded: { loaded: LoadedConfig; problems: ConfigProblem[] } | null;
}

/**
 * Sets up or repairs the box around `chosen` (the spreadsheet the owner named or the one recorded; null: a new one)
 * with `config` (the wardName names what is made, the digest's schedule its trigger).
 */
export function runSetup(chosen: Spreadsheet | null, config: BoxConfig): SetupOutcome {
  const box = new SetupBox(chosen, config);
  const { failed, stopped } = runSteps(box, ESSENTIAL_STEPS, SECONDARY_STEPS);
  return { changes: box.changes, notDone: failed, stopped, reloaded: box.reloaded };
}

/** The owner recorded by the first setup; the very first run records who runs it. */
function recordOwner(box: SetupBox): void {
  const props = PropertiesService.getScriptProperties();
  const recorded = props.getProperty(PROP_OWNER_EMAIL);
  if (recorded) {
    box.owner = recorded;
    return;
  }
  box.owner = Session.getActiveUser().getEmail();
  props.setProperty(PROP_OWNER_EMAIL, box.owner);
  box.changes.push(`Ghi nhận chủ sở hữu hòm thư: ${box.owner}.`);
}

/** The spreadsheet chosen, else the one an unfinished setup made, else a new one (remembered until it is filed). */
function openSpreadsheet(box: SetupBox): void {
  if (box.chosen) {
    box.ss = box.chosen;
    return;
  }
  const props = PropertiesService.getScriptProperties();
  const unfinished = props.getProperty(PROP_NEW_SPREADSHEET_ID);
  // One the owner put in the trash since is left there (openById opens a trashed file): a new one is made.
  if (unfinished && !inTrash(unfinished)) {
    try {
      box.ss = SpreadsheetApp.openById(unfinished);
      return;
    } catch (err) {
      // Made again only when Drive no longer has it (deleted, or in the trash). Any other failure (a passing "Service
      // error") stops setup here: the next run opens it, and no second spreadsheet is left in the owner's Drive.
      if (fileAlive(unfinished)) throw err;
    }
  }
  const ss = SpreadsheetApp.create(`Hòm thư số góp ý – ${box.config.wardName}`);
  rememberOrTrash({ setTrashed: (trashed: boolean) => DriveApp.getFileById(ss.getId()).setTrashed(trashed) }, () =>
    props.setProperty(PROP_NEW_SPREADSHEET_ID, ss.getId()),
  );
  box.ss = ss;
  box.changes.push(`Tạo bảng tính "${ss.getName()}" cho hòm thư.`);
}

function ensureLogAndStatsSheets(box: SetupBox): void {
  box.sheets.set(LOG_SHEET, ensureLogSheet(box.ss, box.changes));
  box.sheets.set(STATS_SHEET, ensureSheet(box.ss, STATS_SHEET, box.changes));
}

/** The box's folder and the photo folder a resident's photos go to. */
function ensureResidentFolders(box: SetupBox): void {
  const top = rootFolder(box.config.wardName);
  const root = ensureFolder(top, null, box.changes);
  box.folders.push({ name: top.name, folder: root });
  box.folders.push({ name: PHOTOS_FOLDER.name, folder: ensureFolder(PHOTOS_FOLDER, root, box.changes) });
}

/** From here on the residents' page serves the form: everything it needs is in place. */
function recordSpreadsheet(box: SetupBox): void {
  const props = PropertiesService.getScriptProperties();
  const id = box.ss.getId();
  if (props.getProperty(PROP_SPREADSHEET_ID) === id) return;
  props.setProperty(PROP_SPREADSHEET_ID, id);
  if (props.getProperty(PROP_NEW_SPREADSHEET_ID) !== id) box.changes.push(`Ghi nhận bảng tính "${box.ss.getName()}" của hòm thư.`);
}

/** The configuration as the box now is, cached for the executions that follow, with the problems found in it. */
function readConfigAgain(box: SetupBox): void {
  box.reloaded = reloadConfig();
}

/** Sheets reads what staff type (dates, decimals) by the spreadsheet's locale: pinned to Vietnamese. */
function ensureLocale(box: SetupBox): void {
  const current = box.ss.getSpreadsheetLocale();
  if (current === VIETNAM_LOCALE) return;
  box.ss.setSpreadsheetLocale(VIETNAM_LOCALE);
  box.changes.push(
    `Đặt ngôn ngữ của bảng tính là tiếng Việt (${VIETNAM_LOCALE}) thay cho "${current}": ngày gõ tay đọc theo ngày/tháng/năm.`,
  );
}

/**
 * The spreadsheet's own time zone decides how Sheets shows the times the box writes: a spreadsheet created in another
 * zone would show every received time shifted. The instants stored do not change.
 */
function ensureTimeZone(box: SetupBox): void {
  const current = box.ss.getSpreadsheetTimeZone();
  if (current === VIETNAM_TIME_ZONE) return;
  box.ss.setSpreadsheetTimeZone(VIETNAM_TIME_ZONE);
  box.changes.push(`Đặt múi giờ của bảng tính là giờ Việt Nam (${VIETNAM_TIME_ZONE}) thay cho "${current}".`);
}

/** A new spreadsheet starts with an empty "Sheet1" ("Trang tính1" in Vietnamese); staff need not wonder what it is for. */
function removeEmptyStarterSheet(box: SetupBox): void {
  for (const name of ['Trang tính1', 'Sheet1']) {
    const sheet = box.ss.getSheetByName(name);
    if (sheet && sheet.getLastRow() === 0 && box.ss.getSheets().length > 1) {
      box.ss.deleteSheet(sheet);
      box.changes.push(`Xóa trang trống "${name}" có sẵn của bảng tính mới.`);
    }
  }
}

function ensureStaffFolders(box: SetupBox): void {
  const root = box.folders[0].folder;
  for (const sub of [POSTERS_FOLDER, REPORTS_FOLDER]) box.folders.push({ name: sub.name, folder: ensureFolder(sub, root, box.changes) });
}

/** The spreadsheet setup made goes into the box's folder (one the owner named stays where it is). */
function fileNewSpreadsheet(box: SetupBox): void {
  const props = PropertiesService.getScriptProperties();
  const made = props.getProperty(PROP_NEW_SPREADSHEET_ID);
  if (!made) return;
  if (made === box.ss.getId()) {
    const root = box.folders[0].folder;
    DriveApp.getFileById(made).moveTo(root);
    box.changes.push(`Đưa bảng tính vào thư mục "${root.getName()}".`);
  }
  props.deleteProperty(PROP_NEW_SPREADSHEET_ID);
}

function stopResharingAll(box: SetupBox): void {
  const file = DriveApp.getFileById(box.ss.getId());
  const items = [
    { name: 'bảng tính của hòm thư', item: file },
    ...box.folders.map((f) => ({ name: `thư mục "${f.name}"`, item: f.folder })),
  ];
  stopResharing(items, box.changes);
}
