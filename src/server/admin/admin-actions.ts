/**
 * Admin and trigger entry points. Each one calls requireAdmin first: a web-app visitor can call any of them by name.
 */
import { DEFAULT_CONFIG } from '../../core/config/config';
import { resendPending } from '../../core/mail/pending';
import { COL, EMAIL_STATUS, RESPONSES_SHEET, rowToRecord, type FeedbackRecord } from '../../core/records/feedback-record';
import { cellText } from '../../core/records/cell-writes';
import { codeProblems, headerIndex } from '../../core/records/responses-rows';
import { literalCell } from '../../core/records/sheet-literal';
import { isTrackingCode } from '../../core/intake/tracking-code';
import { reportChangeOutcome, reportRowProblems } from '../../gas/row-report';
import { formatVietnam } from '../../core/common/time';
import { FeedbackSheet } from '../../gas/feedback-sheet';
import { invalidateConfig, loadConfig } from '../../gas/config/load-config';
import { openBoxSpreadsheet } from '../../gas/config/box-spreadsheet';
import { writeLog } from '../../gas/log';
import { consoleLogger, gmailMailer, scriptCache } from '../../gas/services';
import { cacheKeys } from '../../core/intake/submit';
import { runSetup } from '../../gas/setup';
import { AccessDeniedError, PROP_OWNER_EMAIL, requireAdmin } from './guard';
import { notify } from '../notify';

/** The Sheet menu. Only the UI can show it, so a web-app caller gets nothing (getUi throws there). */
export const MENU_ITEMS: [string, string][] = [
  ['Tạo poster QR', 'generatePosters'],
  ['Tạo lại toàn bộ poster QR', 'regenerateAllPosters'],
  ['Cấp mã cho ý kiến nhập tay', 'assignCodesToManualRows'],
  ['Lập báo cáo tổng hợp', 'buildSynthesisReport'],
  ['In kết quả tiếp nhận theo địa điểm', 'buildLocationNotices'],
  ['Gửi tổng hợp tuần ngay', 'sendWeeklyDigest'],
  ['Xóa thông tin cá nhân quá hạn', 'purgeExpiredPersonalData'],
  ['Gửi lại email chờ gửi', 'sendPendingEmails'],
  ['Cài đặt / sửa chữa hòm thư', 'setup'],
  ['Nhận bàn giao hòm thư', 'takeOverBox'],
];

export function onOpen(_e?: unknown): void {
  let ui: GoogleAppsScript.Base.Ui;
  try {
    ui = SpreadsheetApp.getUi();
  } catch {
    return;
  }
  const menu = ui.createMenu('Hòm thư số');
  for (const [caption, fn] of MENU_ITEMS) menu.addItem(caption, fn);
  menu.addToUi();
}

/** Creates or repairs the sheets, folders and triggers. Idempotent: a second run reports no change. */
export function setup(e?: unknown): string[] {
  requireAdmin('setup', e, { setup: true, ownerOnly: true });
  const props = PropertiesService.getScriptProperties();
  const changes: string[] = [];
  let owner = props.getProperty(PROP_OWNER_EMAIL);
  if (!owner) {
    owner = Session.getActiveUser().getEmail();
    props.setProperty(PROP_OWNER_EMAIL, owner);
    changes.push(`Ghi nhận quản trị viên chính: ${owner}.`);
  }
  const ss = SpreadsheetApp.getActiveSpreadsheet() ?? openBoxSpreadsheet();
  let config: typeof DEFAULT_CONFIG;
  try {
    // Read-only: before the repair, missing sheets are expected and not worth a log line.
    config = loadConfig({ persist: false }).config;
  } catch {
    config = DEFAULT_CONFIG;
  }
  changes.push(...runSetup(ss, owner, config));
  invalidateConfig();
  const problems = loadConfig().problems;
  const lines = changes.length ? changes : ['Không có gì cần thay đổi: hòm thư đã được cài đặt đầy đủ.'];
  if (problems.length) lines.push('', 'Cấu hình cần sửa:', ...problems.map((p) => `• ${p.cell}: ${p.message}`));
  notify('Cài đặt hòm thư', lines);
  return changes;
}

/**
 * Handing the box over: an admin listed in Cấu hình, acting as themselves (Sheet menu or script editor), becomes the
 * owner. The old owner's triggers keep running under their account until removed; the next setup installs the new
 * owner's, and the old owner is no longer an admin unless Cấu hình lists them.
 */
export function takeOverBox(e?: unknown): string {
  requireAdmin('takeOverBox', e);
  const active = Session.getActiveUser().getEmail();
  const effective = Session.getEffectiveUser().getEmail();
  if (!active || active.toLowerCase() !== effective.toLowerCase()) throw new AccessDeniedError();
  const props = PropertiesService.getScriptProperties();
  const previous = props.getProperty(PROP_OWNER_EMAIL) ?? '';
  if (previous.toLowerCase() === active.toLowerCase()) {
    notify('Nhận bàn giao hòm thư', [`Bạn (${active}) đã là chủ sở hữu hòm thư.`]);
    return active;
  }
  props.setProperty(PROP_OWNER_EMAIL, active);
  invalidateConfig();
  writeLog('Bàn giao', `Chủ sở hữu hòm thư: ${previous || '(chưa ghi)'} → ${active}.`);
  notify('Nhận bàn giao hòm thư', [
    `Từ nay ${active} là chủ sở hữu hòm thư.`,
    '1. Chạy "Cài đặt / sửa chữa hòm thư" để cài trình kích hoạt dưới tài khoản của bạn.',
    `2. Nhờ ${previous || 'chủ cũ'} xóa các trình kích hoạt của họ (trang Trình kích hoạt trong trình soạn thảo Apps Script).`,
    '3. Chạy npm run deploy bằng tài khoản clasp của bạn để web app chạy dưới tài khoản của bạn (đường dẫn không đổi).',
  ]);
  return active;
}

/** Trigger (every 15 minutes) and menu item: sends committee emails that are still "chờ gửi". */
export function sendPendingEmails(e?: unknown): { sent: number; pending: number; quotaExhausted: boolean; busy?: boolean } {
  requireAdmin('sendPendingEmails', e, { ownerOnly: true });
  // The trigger and the menu item must not run together; the user lock keeps them apart without ever blocking a
  // resident's submission (which takes the script lock).
  const runLock = LockService.getUserLock();
  if (!runLock.tryLock(1000)) return { sent: 0, pending: 0, quotaExhausted: false, busy: true };
  try {
    return sendPendingLocked();
  } finally {
    runLock.releaseLock();
  }
}

function sendPendingLocked(): { sent: number; pending: number; quotaExhausted: boolean } {
  const loaded = loadConfig();
  const sheet = SpreadsheetApp.openById(loaded.spreadsheetId).getSheetByName(RESPONSES_SHEET);
  if (!sheet) return { sent: 0, pending: 0, quotaExhausted: false };
  const store = FeedbackSheet.fromSheet(sheet, loaded.spreadsheetUrl);
  // One read of every row (hidden and filtered ones too, wherever the header is); rows are then named by code.
  const table = store.table();
  const problems = codeProblems(table, isTrackingCode);
  const leftAlone = new Set(problems.map((p) => p.row));
  const rows: { row: number; record: FeedbackRecord }[] = [];
  for (let i = headerIndex(table) + 1; i < table.length; i++) {
    if (cellText(table[i][COL.emailStatus - 1]) !== EMAIL_STATUS.pending) continue;
    if (leftAlone.has(i + 1)) continue;
    rows.push({ row: i + 1, record: rowToRecord(table[i]) });
  }
  reportRowProblems(
    problems.filter((p) => cellText(table[p.row - 1][COL.emailStatus - 1]) === EMAIL_STATUS.pending),
    loaded.spreadsheetId,
  );
  if (rows.length === 0) return { sent: 0, pending: 0, quotaExhausted: false };
  const marks = scriptCache().getAll(rows.map((r) => cacheKeys.mailed(r.record.trackingCode)));
  const codeAt = new Map(rows.map((r) => [r.row, r.record.trackingCode]));
  const done: string[] = [];
  let outcome: ReturnType<typeof resendPending>;
  try {
    outcome = resendPending(rows, {
      markedSent: (code) => marks[cacheKeys.mailed(code)] === '1',
      mailer: gmailMailer,
      recipients: loaded.config.recipients,
      committeeName: loaded.config.committeeName,
      formatTime: formatVietnam,
      rowLink: (row) => store.rowLink(row),
      log: consoleLogger,
      now: new Date(),
      onDone: (row) => done.push(codeAt.get(row)!),
    });
  } finally {
    // Marked by code at the end, rows being re-read first: staff may have sorted while the mail went out. Should this
    // execution die before, the next run finds each email in sent mail (or the cache mark) and only marks it.
    if (done.length) {
      const marked = store.change(
        done.map((code) => ({
          ref: { column: COL.trackingCode, value: code },
          label: code,
          cells: [{ column: COL.emailStatus, from: [EMAIL_STATUS.pending], to: literalCell(EMAIL_STATUS.sent) }],
        })),
      );
      reportChangeOutcome(marked, 'ghi "đã gửi" cho email báo ý kiến', RESPONSES_SHEET, loaded.spreadsheetId);
    }
  }
  const left = rows.length - outcome.done.length;
  if (outcome.quotaExhausted) writeLog('Email', `Hết hạn mức gửi email trong ngày; còn ${left} email chờ gửi.`, loaded.spreadsheetId);
  notify('Gửi lại email', [`Đã gửi: ${outcome.done.length}. Còn chờ: ${left}.`], { quiet: true });
  return { sent: outcome.done.length, pending: left, quotaExhausted: outcome.quotaExhausted };
}
