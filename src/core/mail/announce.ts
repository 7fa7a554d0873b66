/**
 * What one run of the pending trigger does with mail, planned from one read of the responses sheet: which "chờ gửi"
 * rows were already emailed at submission (confirmed from the submission's mark), which may still be sending, and
 * which the batched announcement lists, oldest first; and which replies to residents are due (the sheet is the reply
 * queue: an answered row with no "Đã gửi trả lời" is retried until it goes). The work per run is bounded; a backlog
 * drains over several runs.
 */
import { cellText } from '../records/cell-writes';
import { COL, EMAIL_STATUS, isValidDate, rowToRecord, type FeedbackRecord } from '../records/feedback-record';
import { isJunk } from '../reports/report';
import { replyDecision } from '../staff/staff-edit';
import { utf8Length } from '../common/utf8';

/**
 * A form row younger than this may belong to a submission still sending its own email: without the submission's
 * mark it is left for a later run (an execution lasts at most 6 minutes).
 */
export const IN_FLIGHT_MS = 10 * 60 * 1000;

/** Replies one run sends at most, and batched emails: together they keep a run well inside a minute. */
export const MAX_REPLIES_PER_RUN = 15;
export const MAX_BATCH_EMAILS_PER_RUN = 8;

/** The submission's mark for a code, from the cache: '1' emailed, 'batch' left for the batch, undefined unknown. */
export type MailMark = string | undefined;

export interface PendingRow {
  /** Sheet row as read (a hint only: rows are written back by tracking code). */
  row: number;
  record: FeedbackRecord;
}

export interface MailPlan {
  /** Codes whose committee email went out at submission: only their status changes. */
  confirm: string[];
  /** Rows the batched announcement lists, oldest first. */
  announce: PendingRow[];
  /** Form rows so young their submission may still be sending. */
  young: number;
  /**
   * Rows whose submission set out to email them but left no mark (the cache forgot, or the execution stopped): looked
   * up in sent mail before they are announced, so none is announced twice.
   */
  check: PendingRow[];
  /** Answered rows whose reply is due, oldest answer first (at most MAX_REPLIES_PER_RUN). */
  replies: PendingRow[];
  /** Due replies left for later runs. */
  repliesLeft: number;
  /** Codes whose reply is due but waits after a failure (skipReplies): their retry entry is kept. */
  waiting: string[];
  /** "chờ gửi" rows staff marked "Rác / spam" before they were announced: never announced. */
  junk: number;
  /** Codes more than one row holds (a row copied by hand): left alone until staff fix them, so none is mailed twice. */
  ambiguous: string[];
}

function receivedMs(r: FeedbackRecord): number {
  return isValidDate(r.receivedAt) ? r.receivedAt.getTime() : Number.MAX_SAFE_INTEGER;
}

/** Codes held by more than one data row. */
export function duplicateCodes(table: readonly (readonly unknown[])[], firstData: number): Set<string> {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (let i = firstData; i < table.length; i++) {
    const code = cellText(table[i][COL.trackingCode - 1]);
    if (!code) continue;
    if (seen.has(code)) dup.add(code);
    seen.add(code);
  }
  return dup;
}

/** The "chờ gửi" rows with a tracking code, from `table` (sheet row 1 first; data from index `firstData`). */
export function pendingRows(table: readonly (readonly unknown[])[], firstData: number): PendingRow[] {
  const out: PendingRow[] = [];
  for (let i = firstData; i < table.length; i++) {
    if (cellText(table[i][COL.emailStatus - 1]) !== EMAIL_STATUS.pending) continue;
    if (!cellText(table[i][COL.trackingCode - 1])) continue;
    out.push({ row: i + 1, record: rowToRecord(table[i]) });
  }
  return out;
}

/**
 * The run's mail plan. `marks` are the submissions' cache marks by code; `skipReplies` codes whose reply failed
 * lately and waits (see ReplyRetry).
 */
export function planMail(
  table: readonly (readonly unknown[])[],
  firstData: number,
  marks: (code: string) => MailMark,
  now: Date,
  skipReplies: (code: string) => boolean = () => false,
  /** Codes a submission set out to email (IntakeCounters.mailed). */
  setOut: (code: string) => boolean = () => true,
): MailPlan {
  const plan: MailPlan = {
    confirm: [],
    announce: [],
    young: 0,
    check: [],
    replies: [],
    repliesLeft: 0,
    waiting: [],
    junk: 0,
    ambiguous: [],
  };
  const dup = duplicateCodes(table, firstData);
  plan.ambiguous = [...dup];
  for (const p of pendingRows(table, firstData)) {
    if (dup.has(p.record.trackingCode)) continue;
    const mark = marks(p.record.trackingCode);
    if (mark === '1') {
      plan.confirm.push(p.record.trackingCode);
      continue;
    }
    // Junk a flood left: staff marked it before the batch went, so the committee is not told of it.
    if (isJunk(p.record)) {
      plan.junk++;
      continue;
    }
    if (mark === 'batch' || p.record.source !== 'QR') {
      plan.announce.push(p);
      continue;
    }
    // No mark: its submission may still be sending (only form submissions send their own email).
    const age = now.getTime() - receivedMs(p.record);
    if (age >= 0 && age < IN_FLIGHT_MS) plan.young++;
    else if (setOut(p.record.trackingCode)) plan.check.push(p);
    else plan.announce.push(p);
  }
  plan.announce.sort((a, b) => receivedMs(a.record) - receivedMs(b.record) || a.row - b.row);
  const due: PendingRow[] = [];
  for (let i = firstData; i < table.length; i++) {
    const d = replyDecision(table[i]);
    if (!d.due || dup.has(d.record.trackingCode)) continue;
    if (skipReplies(d.record.trackingCode)) plan.waiting.push(d.record.trackingCode);
    else due.push({ row: i + 1, record: d.record });
  }
  const answered = (p: PendingRow) => (isValidDate(p.record.updatedAt) ? p.record.updatedAt.getTime() : 0);
  due.sort((a, b) => answered(a) - answered(b) || a.row - b.row);
  plan.replies = due.slice(0, MAX_REPLIES_PER_RUN);
  plan.repliesLeft = due.length - plan.replies.length;
  return plan;
}

/**
 * Replies that failed (not for quota) wait before the next try, longer each time, so an address Gmail refuses is not
 * retried every 15 minutes; staff see the failure in Nhật ký. Kept in a script property, codes → {tries, next}.
 */
export interface ReplyRetry {
  tries: number;
  /** Not before (ms). */
  next: number;
}

export const REPLY_RETRY_PROPERTY = 'REPLY_RETRY';
/** The wait after the nth failure: 15 minutes doubled each time, at most a day. */
export function retryDelayMs(tries: number): number {
  return Math.min(24 * 3600_000, 15 * 60_000 * 2 ** Math.max(0, tries - 1));
}

export function parseRetries(raw: string | null | undefined): Record<string, ReplyRetry> {
  if (!raw) return {};
  try {
    const o = JSON.parse(raw) as Record<string, ReplyRetry>;
    const out: Record<string, ReplyRetry> = {};
    for (const [k, v] of Object.entries(o)) {
      if (v && typeof v.tries === 'number' && typeof v.next === 'number') out[k] = { tries: v.tries, next: v.next };
    }
    return out;
  } catch {
    return {};
  }
}

/** The retries after this run: failures pushed back, sent codes and codes no longer due dropped; as many as a property holds. */
export function nextRetries(
  before: Record<string, ReplyRetry>,
  failed: readonly string[],
  sent: readonly string[],
  stillDue: ReadonlySet<string>,
  now: number,
): Record<string, ReplyRetry> {
  const out: Record<string, ReplyRetry> = {};
  for (const [code, r] of Object.entries(before)) if (stillDue.has(code) && !sent.includes(code)) out[code] = r;
  for (const code of failed) {
    const tries = (out[code]?.tries ?? 0) + 1;
    out[code] = { tries, next: now + retryDelayMs(tries) };
  }
  return underBytes(Object.entries(out).sort((a, b) => a[1].next - b[1].next));
}

/**
 * A script property holds 9 KB: the entries, in the order given, as many as fit in PROPERTY_BUDGET bytes of JSON
 * (codes may carry a longer prefix than "HB", so a count alone would not do).
 */
const PROPERTY_BUDGET = 8000;
export function underBytes<T>(entries: [string, T][]): Record<string, T> {
  const out: Record<string, T> = {};
  let bytes = 2;
  for (const [k, v] of entries) {
    const size = utf8Length(JSON.stringify(k)) + utf8Length(JSON.stringify(v)) + 2;
    if (bytes + size > PROPERTY_BUDGET) break;
    out[k] = v;
    bytes += size;
  }
  return out;
}

/**
 * Rows whose committee email went out but whose "đã gửi" could not be written (the row was gone, held by two rows, or
 * staff kept moving rows through every repair): tracking code → when first owed. The next runs write the mark before
 * anything else, so the opinion is never announced twice; an entry is dropped once marked, after OWED_MARK_DAYS (the
 * row is gone for good), or when more are owed than a property holds (the oldest go first).
 */
export const OWED_MARKS_PROPERTY = 'MAIL_MARKS_OWED';
const OWED_MARK_DAYS = 7;

export function parseOwedMarks(raw: string | null | undefined): Record<string, number> {
  if (!raw) return {};
  try {
    const o = JSON.parse(raw) as Record<string, unknown>;
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(o)) if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
    return out;
  } catch {
    return {};
  }
}

/** The marks still owed after a run that meant to mark `meant` and marked `done`. */
export function nextOwedMarks(
  before: Record<string, number>,
  meant: Iterable<string>,
  done: readonly string[],
  now: number,
): Record<string, number> {
  const marked = new Set(done);
  const out: Record<string, number> = {};
  for (const code of meant) {
    if (marked.has(code)) continue;
    const since = before[code] ?? now;
    if (now - since < OWED_MARK_DAYS * 86400_000) out[code] = since;
  }
  return underBytes(Object.entries(out).sort((a, b) => b[1] - a[1]));
}
