/**
 * Setting the box up and handing it over: the owner's "Cài đặt / sửa chữa hòm thư" (also the very first run, which
 * records the owner) and a successor's "Nhận bàn giao hòm thư". Both return what they did for the admin page.
 */
import { DEFAULT_CONFIG, type BoxConfig } from '../../core/config/config';
import { errorMessage } from '../../core/common/ports';
import { sameEmail } from '../../core/admin/guard';
import type { AdminLink, AdminResult, SetupOptions } from '../../shared/types';
import { PROP_OWNER_EMAIL, PROP_SPREADSHEET_ID, parseSpreadsheetId } from '../../gas/config/box-spreadsheet';
import { PROP_RESIDENTS_LINK_NOTED, invalidateConfig, loadConfig, residentsLink } from '../../gas/config/load-config';
import { writeLog } from '../../gas/log';
import { consoleLogger } from '../../gas/services';
import { PROP_ROOT_FOLDER_ID } from '../../gas/folders';
import { runSetup, type SetupOutcome } from '../../gas/setup';
import { AccessDeniedError, requireOwner } from './guard';
import { adminResult } from './result';

const SETUP_TITLE = 'Cài đặt / sửa chữa hòm thư';
/** How long a second setup waits for one already running before it says so. */
const SETUP_LOCK_WAIT_MS = 30000;

/** A text option the admin page passed (google.script.run sends the object as JSON). */
export function optionText(e: unknown, key: string): string {
  const v = e && typeof e === 'object' ? (e as Record<string, unknown>)[key] : undefined;
  return typeof v === 'string' ? v.trim().slice(0, 500) : '';
}

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

type Choice = { spreadsheet: Spreadsheet | null } | { problem: string[] } | { unopened: string; error: unknown };

/**
 * The spreadsheet setup works on: the one the owner named, else the recorded one, else null (one is made). A problem
 * with what the owner typed is said as it is; the recorded one not opening stops setup at its first step.
 */
function chooseSpreadsheet(typed: string): Choice {
  if (typed) {
    const id = parseSpreadsheetId(typed);
    if (!id) {
      return {
        problem: [
          `"${typed.slice(0, 100)}" không phải mã hay đường dẫn của một bảng tính Google.`,
          'Dán đường dẫn dạng https://docs.google.com/spreadsheets/d/…/edit, hoặc để trống ô này.',
        ],
      };
    }
    try {
      return { spreadsheet: SpreadsheetApp.openById(id) };
    } catch (err) {
      return {
        problem: [
          `Không mở được bảng tính ${id}: ${errorMessage(err)}`,
          'Kiểm tra lại mã, và chia sẻ bảng tính với tài khoản của hòm thư (quyền chỉnh sửa), tốt nhất là chuyển quyền sở hữu cho tài khoản đó.',
        ],
      };
    }
  }
  const recorded = PropertiesService.getScriptProperties().getProperty(PROP_SPREADSHEET_ID);
  if (!recorded) return { spreadsheet: null };
  try {
    return { spreadsheet: SpreadsheetApp.openById(recorded) };
  } catch (err) {
    // Google failing for a moment, or the spreadsheet deleted.
    return {
      error: err,
      unopened: `Không mở được bảng tính của hòm thư (${recorded}): ${errorMessage(err)} Nếu bảng tính đã bị xóa, hãy khôi phục nó từ thùng rác của Google Drive, hoặc nhập mã của bảng tính khác vào ô bên cạnh.`,
    };
  }
}

function folderLink(): AdminLink[] {
  const id = PropertiesService.getScriptProperties().getProperty(PROP_ROOT_FOLDER_ID);
  if (!id) return [];
  try {
    return [{ label: 'Thư mục của hòm thư trên Drive', url: DriveApp.getFolderById(id).getUrl() }];
  } catch {
    return [];
  }
}

/**
 * Creates the box's spreadsheet (or adopts the one `e.spreadsheet` names, by id or URL), then creates or repairs the
 * sheets, folders, triggers, formats and protections (gas/setup.ts). The very first run records who runs it as the
 * owner. Idempotent: a second run changes nothing and says so, and a run that stopped part-way (a Google call failed)
 * is finished by the next. Anything wrong with the spreadsheet named is said before anything changes.
 */
export function setup(e?: SetupOptions | unknown): SetupResult {
  requireOwner('setup', e, { setup: true });
  // Two setups at once (a double press, the admin page and the editor) would both find no spreadsheet or no trigger
  // and both make one. The owner's user lock keeps them apart without ever making a resident wait (submissions take
  // the script lock); the second run, once the first is done, finds everything in place.
  const runLock = LockService.getUserLock();
  if (!runLock.tryLock(SETUP_LOCK_WAIT_MS)) {
    const busy = [
      'Hòm thư đang bận với một việc khác chạy dưới tài khoản của bạn (một lần cài đặt khác, hoặc việc gửi email): chưa thay đổi gì.',
      `Hãy chờ một phút rồi bấm lại "${SETUP_TITLE}".`,
    ];
    return { ...adminResult(SETUP_TITLE, busy, { ok: false }), changes: [], notDone: [] };
  }
  try {
    return setupLocked(e);
  } finally {
    releaseQuietly(runLock);
  }
}

/** Apps Script releases the lock when the execution ends anyway: a failing release must not hide what setup did. */
function releaseQuietly(lock: GoogleAppsScript.Lock.Lock): void {
  try {
    lock.releaseLock();
  } catch (err) {
    consoleLogger.error('setup.unlock-failed', err);
  }
}

/** What setup returns: the admin page's result, the lines of what changed, and the names of the steps not done. */
export type SetupResult = AdminResult & { changes: string[]; notDone: string[] };

/** The configuration of the spreadsheet about to be set up (its ward name, digest schedule), defaults for a new one. */
function configOf(spreadsheet: Spreadsheet | null): BoxConfig {
  if (!spreadsheet) return DEFAULT_CONFIG;
  try {
    // Read-only: before the repair, missing sheets are expected and not worth a log line.
    return loadConfig({ persist: false, spreadsheetId: spreadsheet.getId() }).config;
  } catch {
    return DEFAULT_CONFIG;
  }
}

/** The first step, before gas/setup.ts's: reading which spreadsheet the box has (the script properties may fail). */
const FIND_STEP = 'Tìm bảng tính của hòm thư';

function setupLocked(e: unknown): SetupResult {
  let chosen: Choice;
  try {
    chosen = chooseSpreadsheet(optionText(e, 'spreadsheet'));
  } catch (err) {
    return stoppedFinding(err, errorMessage(err));
  }
  if ('unopened' in chosen) return stoppedFinding(chosen.error, chosen.unopened);
  if ('problem' in chosen) return { ...adminResult(SETUP_TITLE, chosen.problem, { ok: false }), changes: [], notDone: [] };
  return setupResult(runSetup(chosen.spreadsheet, configOf(chosen.spreadsheet)));
}

function stoppedFinding(err: unknown, message: string): SetupResult {
  consoleLogger.error('setup.step-failed', err, { step: FIND_STEP });
  return setupResult({ changes: [], notDone: [{ step: FIND_STEP, error: message }], stopped: true, reloaded: null });
}

function setupResult(outcome: SetupOutcome): SetupResult {
  const result = adminResult(SETUP_TITLE, setupLines(outcome), { ok: outcome.notDone.length === 0, links: setupLinks(outcome) });
  return { ...result, changes: outcome.changes, notDone: outcome.notDone.map((f) => f.step) };
}

/** What changed, what was not done and why, then what the owner should fix in Cấu hình. */
function setupLines(outcome: SetupOutcome): string[] {
  const { changes, notDone, reloaded } = outcome;
  if (outcome.stopped) {
    const { step, error } = notDone[0];
    return [
      ...changes,
      `Cài đặt dừng ở bước "${step}": ${error}`,
      `Những việc ở trên đã làm xong và được giữ lại. Hãy bấm lại "${SETUP_TITLE}" (sau ít phút nếu Google báo lỗi dịch vụ): lần chạy sau làm tiếp phần còn lại.`,
    ];
  }
  const lines = changes.length || notDone.length ? [...changes] : ['Không có gì cần thay đổi: hòm thư đã được cài đặt đầy đủ.'];
  if (notDone.length) {
    lines.push(
      `Chưa làm được ${notDone.length} việc phụ dưới đây; hòm thư vẫn nhận ý kiến bình thường. Hãy bấm lại "${SETUP_TITLE}" (sau ít phút nếu Google báo lỗi dịch vụ) để làm nốt:`,
      ...notDone.map((f) => `• ${f.step}: ${f.error}`),
    );
  }
  if (!reloaded) return lines;
  if (reloaded.problems.length) lines.push('Cấu hình cần sửa:', ...reloaded.problems.map((p) => `• ${p.cell}: ${p.message}`));
  const residents = residentsLink(reloaded.loaded);
  if (!residents.ok) lines.push(residents.message);
  return lines;
}

function setupLinks(outcome: SetupOutcome): AdminLink[] {
  if (!outcome.reloaded) return folderLink();
  const links: AdminLink[] = [{ label: 'Mở bảng tính của hòm thư', url: outcome.reloaded.loaded.spreadsheetUrl }, ...folderLink()];
  // The configured address only: this run's own deployment is the admin page's.
  const residents = residentsLink(outcome.reloaded.loaded);
  if (residents.ok) {
    links.push({ label: 'Trang góp ý cho người dân', url: residents.url });
    // A link missing again later is said again in Nhật ký.
    const props = PropertiesService.getScriptProperties();
    if (props.getProperty(PROP_RESIDENTS_LINK_NOTED) !== null) props.deleteProperty(PROP_RESIDENTS_LINK_NOTED);
  }
  return links;
}

/**
 * Handing the box over: someone running the project as themselves (the admin page of a deployment of their own, or
 * the script editor) who already owns the box's spreadsheet (the old owner transferred it) becomes the owner. Their
 * next setup installs their triggers. The old owner's triggers still fire as the old account: the first of them to
 * fire does nothing and deletes them all (requireOwner), within 15 minutes (the pending trigger's interval).
 */
export function takeOverBox(_e?: unknown): AdminResult {
  const title = 'Nhận bàn giao hòm thư';
  const active = Session.getActiveUser().getEmail();
  if (!active || !sameEmail(active, Session.getEffectiveUser().getEmail())) throw new AccessDeniedError();
  const props = PropertiesService.getScriptProperties();
  const previous = props.getProperty(PROP_OWNER_EMAIL) ?? '';
  if (sameEmail(previous, active)) return adminResult(title, [`Bạn (${active}) đã là chủ sở hữu hòm thư.`]);
  const spreadsheetId = props.getProperty(PROP_SPREADSHEET_ID);
  if (!spreadsheetId)
    throw new AccessDeniedError('Hòm thư chưa được cài đặt: chưa có gì để bàn giao. Hãy bấm "Cài đặt / sửa chữa hòm thư".');
  let spreadsheetOwner: string;
  try {
    spreadsheetOwner = DriveApp.getFileById(spreadsheetId).getOwner()?.getEmail() ?? '';
  } catch {
    spreadsheetOwner = '';
  }
  if (!sameEmail(spreadsheetOwner, active)) {
    throw new AccessDeniedError(
      `Chưa nhận bàn giao được: bạn (${active}) chưa sở hữu bảng tính của hòm thư. Hãy nhờ ${previous || 'chủ sở hữu cũ'} chuyển quyền sở hữu bảng tính và thư mục của hòm thư cho bạn trước.`,
    );
  }
  props.setProperty(PROP_OWNER_EMAIL, active);
  invalidateConfig();
  writeLog('Bàn giao', `Chủ sở hữu hòm thư: ${previous || '(chưa ghi)'} → ${active}.`);
  return adminResult(title, [
    `Từ nay ${active} là chủ sở hữu hòm thư.`,
    '1. Bấm ngay "Cài đặt / sửa chữa hòm thư" để cài trình kích hoạt dưới tài khoản của bạn: cho đến lúc đó không có việc tự động nào chạy (gửi email, cập nhật trang kết quả, xóa dữ liệu quá hạn).',
    `2. Các trình kích hoạt của ${previous || 'chủ cũ'} tự dừng và tự xóa ở lần chạy kế tiếp (trong vòng khoảng 15 phút), không làm việc gì: không cần nhờ ai xóa. Tài khoản cũ có thể nhận một thư báo lỗi của Google về lần chạy đó.`,
    '3. Nếu chưa làm: chạy npm run deploy bằng tài khoản clasp của bạn để cả hai web app chạy dưới tài khoản của bạn (đường dẫn không đổi).',
  ]);
}
