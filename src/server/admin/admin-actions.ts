/**
 * The pending-email retry: a trigger every 15 minutes, and the owner's "Gửi lại email chờ gửi". Calls requireOwner
 * first: a web-app visitor can call it by name.
 */
import { resendPending, sentMarks } from '../../core/mail/pending';
import { COL, EMAIL_STATUS, RESPONSES_SHEET, columnLetter, rowToRecord, type FeedbackRecord } from '../../core/records/feedback-record';
import { cellText } from '../../core/records/cell-writes';
import { codeProblems, headerIndex } from '../../core/records/responses-rows';
import { isTrackingCode } from '../../core/intake/tracking-code';
import { formatVietnam } from '../../core/common/time';
import type { AdminResult } from '../../shared/types';
import { FeedbackSheet } from '../../gas/feedback-sheet';
import { loadConfig } from '../../gas/config/load-config';
import { writeLog } from '../../gas/log';
import { reportChangeOutcome, reportRowProblems } from '../../gas/row-report';
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
  // The usual case costs one read of the status column (every row, hidden or filtered ones too).
  const letter = columnLetter(COL.emailStatus);
  const statuses = sheet.getRange(`${letter}:${letter}`).getValues();
  if (!statuses.some((r) => cellText(r[0]) === EMAIL_STATUS.pending)) return nothingPending();
  const store = FeedbackSheet.fromSheet(sheet, loaded.spreadsheetUrl);
  // Then one read of every row, wherever the header is; rows are named by tracking code from here on.
  const table = store.table();
  const problems = codeProblems(table, isTrackingCode);
  const leftAlone = new Set(problems.map((p) => p.row));
  const rows: { row: number; record: FeedbackRecord }[] = [];
  for (let i = headerIndex(table) + 1; i < table.length; i++) {
    if (cellText(table[i][COL.emailStatus - 1]) !== EMAIL_STATUS.pending || leftAlone.has(i + 1)) continue;
    rows.push({ row: i + 1, record: rowToRecord(table[i]) });
  }
  reportRowProblems(
    problems.filter((p) => cellText(table[p.row - 1][COL.emailStatus - 1]) === EMAIL_STATUS.pending),
    loaded.spreadsheetId,
  );
  if (rows.length === 0) return nothingPending();
  const marks = scriptCache().getAll(rows.map((r) => cacheKeys.mailed(r.record.trackingCode)));
  const sent: string[] = [];
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
      onDone: (code) => sent.push(code),
    });
  } finally {
    // Marked by tracking code once the mail is out, the rows found again then: staff may have sorted meanwhile. Should
    // this execution die before, the next run finds each email in sent mail (or the cache mark) and only marks it.
    if (sent.length) {
      reportChangeOutcome(store.change(sentMarks(sent)), 'ghi "đã gửi" cho email báo ý kiến', RESPONSES_SHEET, loaded.spreadsheetId);
    }
  }
  const left = rows.length - outcome.done.length;
  if (outcome.quotaExhausted) writeLog('Email', `Hết hạn mức gửi email trong ngày; còn ${left} email chờ gửi.`, loaded.spreadsheetId);
  const lines = [`Đã gửi: ${outcome.done.length}. Còn chờ: ${left}.`];
  if (outcome.quotaExhausted) lines.push('Đã hết hạn mức gửi email trong ngày: phần còn lại sẽ được gửi sau khi hạn mức được làm mới.');
  const result = adminResult(TITLE, lines, { ok: !outcome.quotaExhausted });
  return { ...result, sent: outcome.done.length, pending: left, quotaExhausted: outcome.quotaExhausted };
}
