/**
 * The pending-email retry: a trigger every 15 minutes, and the owner's "Gửi lại email chờ gửi". Calls requireOwner
 * first: a web-app visitor can call it by name.
 */
import { resendPending } from '../../core/mail/pending';
import { COL, COLUMNS, EMAIL_STATUS, RESPONSES_SHEET, rowToRecord } from '../../core/records/feedback-record';
import { formatVietnam } from '../../core/common/time';
import type { AdminResult } from '../../shared/types';
import { FeedbackSheet } from '../../gas/feedback-sheet';
import { loadConfig } from '../../gas/config/load-config';
import { writeLog } from '../../gas/log';
import { consoleLogger, gmailMailer, scriptCache } from '../../gas/services';
import { cacheKeys } from '../../core/intake/submit';
import { requireOwner } from './guard';
import { adminResult } from './result';

const TITLE = 'Gửi lại email chờ gửi';

export type PendingOutcome = AdminResult & { sent: number; pending: number; quotaExhausted: boolean; busy?: boolean };

/** Trigger (every 15 minutes) and owner action: sends committee emails that are still "chờ gửi". */
export function sendPendingEmails(e?: unknown): PendingOutcome {
  requireOwner('sendPendingEmails', e);
  // The trigger and the owner's button must not run together; the user lock keeps them apart without ever blocking a
  // resident's submission (which takes the script lock).
  const runLock = LockService.getUserLock();
  if (!runLock.tryLock(1000)) {
    const busy = adminResult(TITLE, ['Việc gửi lại email đang chạy (trình kích hoạt mỗi 15 phút). Vui lòng thử lại sau ít phút.'], {
      ok: false,
    });
    return { ...busy, sent: 0, pending: 0, quotaExhausted: false, busy: true };
  }
  try {
    return sendPendingLocked();
  } finally {
    runLock.releaseLock();
  }
}

function nothingPending(): PendingOutcome {
  return { ...adminResult(TITLE, ['Không có email nào đang chờ gửi.']), sent: 0, pending: 0, quotaExhausted: false };
}

function sendPendingLocked(): PendingOutcome {
  const loaded = loadConfig();
  const sheet = SpreadsheetApp.openById(loaded.spreadsheetId).getSheetByName(RESPONSES_SHEET);
  if (!sheet) return nothingPending();
  const last = sheet.getLastRow();
  if (last < 2) return nothingPending();
  const statuses = sheet.getRange(2, COL.emailStatus, last - 1, 1).getValues();
  const pendingRows = statuses.flatMap((r, i) => (String(r[0]) === EMAIL_STATUS.pending ? [i + 2] : []));
  if (pendingRows.length === 0) return nothingPending();
  const store = FeedbackSheet.fromSheet(sheet, loaded.spreadsheetUrl);
  const rows = pendingRows.map((row) => ({ row, record: rowToRecord(sheet.getRange(row, 1, 1, COLUMNS.length).getValues()[0]) }));
  const marks = scriptCache().getAll(rows.map((r) => cacheKeys.mailed(r.record.trackingCode)));
  const outcome = resendPending(rows, {
    markedSent: (code) => marks[cacheKeys.mailed(code)] === '1',
    mailer: gmailMailer,
    recipients: loaded.config.recipients,
    committeeName: loaded.config.committeeName,
    formatTime: formatVietnam,
    rowLink: (row) => store.rowLink(row),
    log: consoleLogger,
    now: new Date(),
    onDone: (row) => store.setCell(row, 'emailStatus', EMAIL_STATUS.sent),
  });
  const left = pendingRows.length - outcome.done.length;
  if (outcome.quotaExhausted) writeLog('Email', `Hết hạn mức gửi email trong ngày; còn ${left} email chờ gửi.`, loaded.spreadsheetId);
  const lines = [`Đã gửi: ${outcome.done.length}. Còn chờ: ${left}.`];
  if (outcome.quotaExhausted) lines.push('Đã hết hạn mức gửi email trong ngày: phần còn lại sẽ được gửi sau khi hạn mức được làm mới.');
  const result = adminResult(TITLE, lines, { ok: !outcome.quotaExhausted });
  return { ...result, sent: outcome.done.length, pending: left, quotaExhausted: outcome.quotaExhausted };
}
