/**
 * Confirms or resends committee emails of rows still "chờ gửi": sent at submission time (the cache mark says so),
 * or not (Gmail error, daily quota used up, an execution killed between writing the row and sending). Sent mail is
 * checked before sending, so a message that went out just before a crash (even one before its row was marked) is
 * never sent twice. Rows are marked "đã gửi" by tracking code (sentMarks), never by the row number they were read at:
 * staff may sort, insert or delete rows while the mail goes out.
 */
import { committeeEmail, committeeSubject } from './committee-email';
import type { Logger, Mailer } from '../common/ports';
import { errorMessage } from '../common/ports';
import { COL, EMAIL_STATUS, type FeedbackRecord } from '../records/feedback-record';
import type { RowChange } from '../records/row-changes';
import { literalCell } from '../records/sheet-literal';

export interface PendingDeps {
  mailer: Mailer;
  /** True when the submission itself recorded that this code's email went out (a cache mark; may be lost). */
  markedSent: (trackingCode: string) => boolean;
  recipients: string[];
  committeeName: string;
  formatTime: (d: Date) => string;
  rowLink: (row: number) => string;
  log: Logger;
  now: Date;
  /** Called as soon as a row's email is known to be sent, with its tracking code (to mark it: see sentMarks). */
  onDone: (trackingCode: string) => void;
}

/**
 * A row younger than this may belong to a submission still sending its own email: without the "mailed" mark it is
 * left for a later run (an execution lasts at most 6 minutes; sent mail is searchable well within this).
 */
export const IN_FLIGHT_MS = 10 * 60 * 1000;

export interface PendingOutcome {
  /** Rows whose email is now known to be sent (sent now, or found in sent mail). */
  done: number[];
  /** Rows left for a later run because their submission may still be sending. */
  young: number;
  failed: number;
  quotaExhausted: boolean;
}

export function isQuotaError(e: unknown): boolean {
  return /too many times for one day|quota/i.test(errorMessage(e));
}

export function resendPending(rows: { row: number; record: FeedbackRecord }[], deps: PendingDeps): PendingOutcome {
  const out: PendingOutcome = { done: [], young: 0, failed: 0, quotaExhausted: false };
  if (deps.recipients.length === 0) return out;
  for (const { row, record } of rows) {
    if (record.emailStatus !== EMAIL_STATUS.pending || !record.trackingCode) continue;
    const done = (): void => {
      out.done.push(row);
      deps.onDone(record.trackingCode);
    };
    try {
      if (deps.markedSent(record.trackingCode)) {
        done();
        continue;
      }
      // Only form submissions send their own email; rows typed by staff have nobody else sending.
      if (record.source === 'QR' && record.receivedAt && deps.now.getTime() - record.receivedAt.getTime() < IN_FLIGHT_MS) {
        out.young++;
        continue;
      }
      if (deps.mailer.wasSent(record.trackingCode)) {
        done();
        continue;
      }
      deps.mailer.send(
        committeeEmail({
          record,
          rowLink: deps.rowLink(row),
          recipients: deps.recipients,
          committeeName: deps.committeeName,
          receivedText: record.receivedAt ? deps.formatTime(record.receivedAt) : '',
        }),
      );
      done();
    } catch (e) {
      if (isQuotaError(e)) {
        out.quotaExhausted = true;
        deps.log.warn('pending.quota', { left: rows.length - out.done.length });
        break;
      }
      out.failed++;
      deps.log.error('pending.failed', e, { trackingCode: record.trackingCode });
    }
  }
  return out;
}

/**
 * The marks of emails known to be sent: "Email ban" from "chờ gửi" to "đã gửi" on the row that holds each tracking
 * code when the change is applied (core/records/row-changes.ts finds it again then). A row deleted meanwhile is
 * reported missing; a row whose status someone changed meanwhile is left as they set it.
 */
export function sentMarks(trackingCodes: readonly string[]): RowChange[] {
  return trackingCodes.map((code) => ({
    ref: { column: COL.trackingCode, value: code },
    label: code,
    cells: [{ column: COL.emailStatus, from: [EMAIL_STATUS.pending], to: literalCell(EMAIL_STATUS.sent) }],
  }));
}

export { committeeSubject };
