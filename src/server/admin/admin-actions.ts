/**
 * The pending-mail trigger (every 15 minutes) and the owner's "Gửi lại email chờ gửi". Calls requireOwner first: a
 * web-app visitor can call it by name. One run, bounded whatever the backlog:
 *
 * 1. probes what is left of the day's email recipients (mail/budget shares it out: replies first);
 * 2. reads Góp ý once; due replies to residents (answered rows with no "Đã gửi trả lời": the sheet is the retry
 *    queue) go first, at most 15;
 * 3. rows still "chờ gửi" that the submission already emailed are confirmed; every other one is announced in the
 *    batched email, oldest first, in as few emails as the body limit allows, as many as the quota's share allows;
 * 4. marks the rows by tracking code in one block write per column; sends a digest the quota held back.
 */
import { batchEmails, makeBatchId, type BatchEntry } from '../../core/mail/batch-email';
import {
  MAIL_QUOTA_PROPERTY,
  batchAllowance,
  batchSent,
  learnedExhausted,
  mailShares,
  mayDigest,
  mayReply,
  parseQuota,
  probed,
  spent,
  type MailShares,
  type QuotaState,
} from '../../core/mail/budget';
import {
  MAX_BATCH_EMAILS_PER_RUN,
  OWED_MARKS_PROPERTY,
  REPLY_RETRY_PROPERTY,
  nextOwedMarks,
  nextRetries,
  parseOwedMarks,
  parseRetries,
  planMail,
  type PendingRow,
} from '../../core/mail/announce';
import { DIGEST_DUE_PROPERTY } from '../../core/mail/digest-week';
import { isQuotaError } from '../../core/mail/pending';
import { lookupLink, replyEmail } from '../../core/mail/reply-email';
import { replyForResident, replyHolders } from '../../core/privacy/shared-replies';
import { COL, EMAIL_STATUS, RESPONSES_SHEET, rowToRecord, type Cell } from '../../core/records/feedback-record';
import { repliesHeldMessage, responsesHeaderProblems, type HeaderProblem } from '../../core/staff/header-check';
import { sentBeforeEditMessage } from '../../core/staff/staff-edit';
import { COLUMNS_MOVED_CACHE_KEY } from '../../core/lookup/lookup';
import { SHARED_REPLIES_CACHE_KEY } from '../../core/lookup/shared-replies';
import { storeSharedReplies } from '../shared-replies';
import { publishableText, senderOf } from '../../core/privacy/publish';
import { completeIndex, parseIndex } from '../../core/staff/similarity';
import { cellText } from '../../core/records/cell-writes';
import { codeProblems, headerIndex } from '../../core/records/responses-rows';
import { isTrackingCode } from '../../core/intake/tracking-code';
import { literalCell } from '../../core/records/sheet-literal';
import { errorMessage } from '../../core/common/ports';
import { formatVietnam } from '../../core/common/time';
import type { AdminResult } from '../../shared/types';
import { FeedbackSheet } from '../../gas/feedback-sheet';
import { loadConfig, refreshConfigIfOld, type LoadedConfig } from '../../gas/config/load-config';
import { openSpreadsheet } from '../../gas/config/box-spreadsheet';
import { markByCode } from '../../gas/column-marks';
import { writeLog } from '../../gas/log';
import { reportRowProblems, reportSkippedCodes } from '../../gas/row-report';
import { probeRemaining } from '../../gas/mail-quota';
import { consoleLogger, gmailMailer, scriptCache, settingsProperties } from '../../gas/services';
import { noteResidentsLinkLeftOut, residentsUrl } from '../../gas/staff-sheet';
import { cacheKeys, indexEntries, MAILED, RECENT_INDEX_ROWS } from '../../core/intake/submit';
import { INTAKE_COUNTERS_PROPERTY, mailedCodes, parseCounters } from '../../core/intake/caps';
import { sendDigestOnce } from '../reports';
import { trashQueuedPhotosSlice } from '../purged-photos';
import { requireOwner } from './guard';
import { adminResult } from './result';

const TITLE = 'Gửi lại email chờ gửi';

/** Set while a batch is being sent: which parts, so a run that stops between sending and marking is finished later. */
export const BATCH_INFLIGHT_PROPERTY = 'BATCH_INFLIGHT';
/** Rows without the submission's mark looked up in sent mail per run (a lost cache mark), at most. */
const SENT_SEARCHES_PER_RUN = 20;

export type PendingOutcome = AdminResult & {
  /** Opinions now "đã gửi": announced in this run's batch, or confirmed as emailed at submission. */
  sent: number;
  /** Opinions still "chờ gửi" after this run. */
  pending: number;
  /** Batched emails and replies sent by this run. */
  emails: number;
  replies: number;
  quotaExhausted: boolean;
  busy?: boolean;
};

/** Trigger (every 15 minutes) and owner action: replies, announcements and a held-back digest, within the quota. */
export function sendPendingEmails(e?: unknown): PendingOutcome {
  requireOwner('sendPendingEmails', e);
  // The trigger and the owner's button must not run together; the user lock keeps them apart without ever blocking a
  // resident's submission (which takes the script lock). The edit trigger takes it too while it sends replies.
  const runLock = LockService.getUserLock();
  if (!runLock.tryLock(1000)) {
    const busy = adminResult(TITLE, ['Việc gửi lại email đang chạy (trình kích hoạt mỗi 15 phút). Vui lòng thử lại sau ít phút.'], {
      ok: false,
    });
    return { ...busy, sent: 0, pending: 0, emails: 0, replies: 0, quotaExhausted: false, busy: true };
  }
  try {
    const out = pendingRun(new Date());
    // A slice of the purged rows' photos still queued for the trash (none queued: no call).
    const photos = trashQueuedPhotosSlice(settingsProperties());
    if (photos?.trashed) out.lines.push(`Đã chuyển ${photos.trashed} ảnh của ý kiến hết hạn lưu vào thùng rác; còn ${photos.left} ảnh.`);
    return out;
  } finally {
    runLock.releaseLock();
  }
}

interface Inflight {
  batchId: string;
  parts: { partId: string; cacheKey: string }[];
}

function parseInflight(raw: string | undefined): Inflight | null {
  if (!raw) return null;
  try {
    const o = JSON.parse(raw) as Inflight;
    if (o && typeof o.batchId === 'string' && Array.isArray(o.parts)) return o;
  } catch {
    // reported below
  }
  consoleLogger.error('batch.inflight-unreadable', new Error('BATCH_INFLIGHT is not what a run wrote'), { raw: raw.slice(0, 200) });
  return null;
}

function pendingRun(now: Date): PendingOutcome {
  // Edits no edit trigger saw reach the form within hours: the configuration's snapshot is rebuilt when old.
  try {
    refreshConfigIfOld(now.getTime());
  } catch (e) {
    consoleLogger.error('sendPendingEmails.config-refresh-failed', e);
  }
  const loaded = loadConfig();
  const config = loaded.config;
  const propsService = PropertiesService.getScriptProperties();
  // The properties refreshConfigIfOld has just read (with any snapshot it wrote): no second read.
  const props = settingsProperties();
  const shares = mailShares(config.mailDailyQuota, config.recipients.length);
  let quota = parseQuota(props[MAIL_QUOTA_PROPERTY], shares, now.getTime());
  const left = probeRemaining();
  if (left !== null) quota = probed(quota, left, now.getTime());
  const wasBlocked = quota.blockedUntil > now.getTime() || quota.remaining === 0;

  // Opened once: refreshConfigIfOld has just opened it to look at Địa điểm.
  const sheet = openSpreadsheet(loaded.spreadsheetId).getSheetByName(RESPONSES_SHEET);
  if (!sheet) return finish(loaded, quota, props, { sent: 0, pending: 0, emails: 0, replies: 0, lines: [] }, now);
  const statusMarks = new Map<string, Cell>();
  const sentMark = literalCell(EMAIL_STATUS.sent);
  // Announced or confirmed by an earlier run that could not write the mark: written first, never announced again.
  const owed = parseOwedMarks(props[OWED_MARKS_PROPERTY]);
  for (const code of Object.keys(owed)) statusMarks.set(code, sentMark);

  // A run that stopped after sending a batch and before marking its rows: its parts found in sent mail are marked now.
  const inflight = parseInflight(props[BATCH_INFLIGHT_PROPERTY]);
  if (inflight) {
    const lists = scriptCache().getAll(inflight.parts.map((p) => p.cacheKey));
    const recovered: Record<string, number> = {};
    for (const part of inflight.parts) {
      const codes = lists[part.cacheKey];
      if (codes && gmailMailer.wasSent(part.partId)) {
        for (const c of codes.split(',')) {
          statusMarks.set(c, sentMark);
          if (!(c in owed)) recovered[c] = now.getTime();
        }
      }
    }
    // Owed at once: this run replaces BATCH_INFLIGHT with its own batch, and may stop before its marks are written.
    if (Object.keys(recovered).length) {
      propsService.setProperty(
        OWED_MARKS_PROPERTY,
        JSON.stringify(nextOwedMarks({ ...owed, ...recovered }, [...Object.keys(owed), ...Object.keys(recovered)], [], now.getTime())),
      );
    }
  }

  // One read of every row (hidden or filtered ones too), wherever the header is; rows are named by tracking code.
  const fullTable = FeedbackSheet.fromSheet(sheet, loaded.spreadsheetUrl).table();
  const firstData = headerIndex(fullTable) + 1;
  // Rows whose code was edited or cleared are left alone (no mark, no email, no reply) until the code is put right;
  // codes held by several rows are left alone too (planMail's ambiguous list).
  const problems = codeProblems(fullTable, isTrackingCode);
  reportRowProblems(
    problems.filter((p) => cellText(fullTable[p.row - 1][COL.emailStatus - 1]) === EMAIL_STATUS.pending),
    loaded.spreadsheetId,
  );
  const leftAlone = new Set(problems.filter((p) => p.kind !== 'duplicate').map((p) => p.row));
  const table = fullTable.map((r, i) => (leftAlone.has(i + 1) ? [] : r));
  const pendingCodes: string[] = [];
  for (let i = firstData; i < table.length; i++) {
    const code = cellText(table[i][COL.trackingCode - 1]);
    if (cellText(table[i][COL.emailStatus - 1]) === EMAIL_STATUS.pending && code) pendingCodes.push(code);
  }
  // The submissions' marks and the duplicate-hint index, in one cache read.
  const marks = scriptCache().getAll([
    ...pendingCodes.map((c) => cacheKeys.mailed(c)),
    cacheKeys.recent,
    COLUMNS_MOVED_CACHE_KEY,
    SHARED_REPLIES_CACHE_KEY,
  ]);
  completeRecentIndex(marks[cacheKeys.recent], fullTable, firstData);
  const retries = parseRetries(props[REPLY_RETRY_PROPERTY]);
  const setOut = mailedCodes(parseCounters(props[INTAKE_COUNTERS_PROPERTY]));
  const plan = planMail(
    table,
    firstData,
    (code) => (statusMarks.has(code) ? MAILED.sent : marks[cacheKeys.mailed(code)]),
    now,
    (code) => (retries[code]?.next ?? 0) > now.getTime(),
    (code) => setOut.has(code),
  );
  const lines: string[] = [];
  // Rows are read by column position: with the header no longer as the box wrote it (a column added or removed),
  // another column, an internal note, may stand where the reply was. No reply goes until it is right again.
  const headerHeld = responsesHeaderProblems(fullTable);
  const replies = headerHeld.length ? [] : plan.replies;
  if (headerHeld.length && plan.replies.length) noteRepliesHeld(loaded, headerHeld, now);
  // The lookup reads rows by position too: it waits while this is so, and again answers once the header is right.
  if (headerHeld.length) scriptCache().put(COLUMNS_MOVED_CACHE_KEY, '1', 6 * 3600);
  else if (marks[COLUMNS_MOVED_CACHE_KEY]) scriptCache().remove(COLUMNS_MOVED_CACHE_KEY);
  // The cache may drop any value: the lookup holds back replies several rows hold until one is stored again, from
  // this run's read rather than the next hourly refresh.
  if (!headerHeld.length && marks[SHARED_REPLIES_CACHE_KEY] === undefined) {
    storeSharedReplies(fullTable.slice(firstData).map(rowToRecord), 'sendPendingEmails', null);
  }

  // Replies first: they have the first claim on the quota.
  const replyMarks = new Map<string, Cell>();
  const failedReplies: string[] = [];
  // The configured residents' page only: this run's own address may be another deployment's.
  const base = residentsUrl(loaded);
  // A reply other rows hold too reaches each resident without the other senders' contact fields.
  const holders = replies.length ? replyHolders(fullTable.slice(firstData).map(rowToRecord)) : new Map();
  for (const p of replies) {
    if (!mayReply(quota, now.getTime())) break;
    const code = p.record.trackingCode;
    const mail = replyEmail({
      record: { ...p.record, publicReply: replyForResident(p.record, holders) },
      wardName: config.wardName,
      committeeName: config.committeeName,
      lookupUrl: lookupLink(base, code) || undefined,
    });
    if (config.recipients.length) mail.replyTo = config.recipients[0];
    try {
      gmailMailer.send(mail);
      quota = spent(quota, 1);
      replyMarks.set(code, new Date());
    } catch (err) {
      if (isQuotaError(err)) {
        quota = learnedExhausted(quota, now.getTime());
        break;
      }
      consoleLogger.error('reply.retry-failed', err, { trackingCode: code });
      failedReplies.push(code);
      writeLog(
        'Email trả lời',
        `Chưa gửi được thư trả lời cho ${code}: ${errorMessage(err)}. Hệ thống sẽ thử lại sau.`,
        loaded.spreadsheetId,
      );
    }
  }

  // Marked before anything else is tried: a run that stops later must not leave a sent reply to be sent again.
  if (replyMarks.size) {
    const replied = markByCode(sheet, COL.replySentAt, replyMarks);
    // A reply staff edited while this run sent it: the resident has the text read before, as the edit trigger says
    // when the edit comes after the email (that trigger waited for this run's lock, and finds the reply sent).
    const sentText = new Map(replies.map((p) => [p.record.trackingCode, cellText(p.record.publicReply)]));
    const editedMeanwhile = replied.done.filter((code) => {
      const row = replied.rows.find((r) => cellText(r[COL.trackingCode - 1]) === code);
      return row !== undefined && cellText(row[COL.publicReply - 1]) !== sentText.get(code);
    });
    if (editedMeanwhile.length) writeLog('Email trả lời', sentBeforeEditMessage(editedMeanwhile), loaded.spreadsheetId);
    reportSkippedCodes(replied.missing, replied.ambiguous, 'ghi "Đã gửi trả lời"', RESPONSES_SHEET, loaded.spreadsheetId);
    if (replied.unsettled.length) consoleLogger.warn('reply.marks-unsettled', { codes: replied.unsettled });
    writeLog('Email trả lời', `Đã gửi thư trả lời cho người dân: ${[...replyMarks.keys()].join(', ')}.`, loaded.spreadsheetId);
    if (!base) noteResidentsLinkLeftOut(loaded, 'Email trả lời', 'Thư trả lời vừa gửi');
  }

  // Committee announcements: rows already emailed at submission are only confirmed.
  for (const code of plan.confirm) statusMarks.set(code, sentMark);
  const announce = [...plan.announce, ...confirmFromSentMail(plan.check, statusMarks, sentMark)];
  let emails = 0;
  let announced = 0;
  if (announce.length && config.recipients.length) {
    const sent = sendBatches(loaded, shares, quota, announce, now, propsService);
    quota = sent.quota;
    emails = sent.emails;
    for (const c of sent.codes) statusMarks.set(c, sentMark);
    announced = sent.codes.length;
    if (sent.error) lines.push(sent.error);
  }

  const marked = underScriptLock(() => markByCode(sheet, COL.emailStatus, statusMarks));
  // Codes still owed from an earlier run were reported then: one line in Nhật ký per code, not one per run.
  const fresh = (codes: string[]) => codes.filter((c) => !(c in owed));
  reportSkippedCodes(
    fresh(marked.missing),
    fresh(marked.ambiguous),
    'ghi "đã gửi" cho email báo ý kiến',
    RESPONSES_SHEET,
    loaded.spreadsheetId,
  );
  // Codes several rows hold are left alone (plan.ambiguous); reportRowProblems above said so in Nhật ký, once.
  // A retry entry lives while its reply is still due: sent, answered elsewhere, purged or deleted rows drop out.
  const stillDue = new Set([...plan.replies.map((p) => p.record.trackingCode), ...plan.waiting].filter((c) => !replyMarks.has(c)));
  const retryState = nextRetries(retries, failedReplies, [...replyMarks.keys()], stillDue, now.getTime());

  const done = marked.done.length;
  const pending = Math.max(0, pendingCodes.length - done);
  const exhausted = quota.blockedUntil > now.getTime() || quota.remaining < shares.perAnnouncement;
  if (exhausted && !wasBlocked && pending > 0) {
    writeLog('Email', `Hết hạn mức gửi email; còn ${pending} ý kiến chờ báo, sẽ gửi khi hạn mức được làm mới.`, loaded.spreadsheetId);
  }
  lines.unshift(
    `Đã báo ${done} ý kiến (${announced} trong ${emails} email gộp). Còn chờ: ${pending}. Đã gửi ${replyMarks.size} thư trả lời.`,
  );
  if (exhausted) lines.push('Hạn mức gửi email đang hết hoặc đang để dành cho thư trả lời: phần còn lại sẽ được gửi sau.');
  const owedAfter = nextOwedMarks(owed, statusMarks.keys(), marked.done, now.getTime());
  propsService.setProperties({
    [REPLY_RETRY_PROPERTY]: JSON.stringify(retryState),
    [OWED_MARKS_PROPERTY]: JSON.stringify(owedAfter),
  });
  propsService.deleteProperty(BATCH_INFLIGHT_PROPERTY);
  return finish(loaded, quota, props, { sent: done, pending, emails, replies: replyMarks.size, lines }, now, exhausted);
}

/**
 * Rows a submission set out to email but left no mark for: each is looked up in sent mail (at most
 * SENT_SEARCHES_PER_RUN a run; the rest wait for the next), confirmed if found, announced if not.
 */
function confirmFromSentMail(rows: PendingRow[], statusMarks: Map<string, Cell>, sentMark: Cell): PendingRow[] {
  const out: PendingRow[] = [];
  for (const p of rows.slice(0, SENT_SEARCHES_PER_RUN)) {
    const code = p.record.trackingCode;
    if (statusMarks.has(code)) continue;
    if (gmailMailer.wasSent(code)) statusMarks.set(code, sentMark);
    else out.push(p);
  }
  return out;
}

/** The batched emails this run may send, oldest opinions first; the parts are recorded before they go. */
function sendBatches(
  loaded: LoadedConfig,
  shares: MailShares,
  quotaIn: QuotaState,
  rows: PendingRow[],
  now: Date,
  props: GoogleAppsScript.Properties.Properties,
): { quota: QuotaState; emails: number; codes: string[]; error?: string } {
  let quota = quotaIn;
  const allowance = Math.min(MAX_BATCH_EMAILS_PER_RUN, batchAllowance(quota, shares, now.getTime()));
  if (allowance <= 0) return { quota, emails: 0, codes: [] };
  const entries: BatchEntry[] = rows.map((p) => ({
    trackingCode: p.record.trackingCode,
    receivedText: p.record.receivedAt ? formatVietnam(p.record.receivedAt) : '',
    locationName: p.record.locationName,
    locationCode: p.record.locationCode,
    kind: p.record.kind,
    category: p.record.category,
    // The start of the text, with the sender's details and every spelling of personal data masked: the contact
    // details stay in the sheet.
    content: publishableText(p.record.content, senderOf(p.record)),
    photos: p.record.photos,
  }));
  const batchId = makeBatchId(now, Utilities.getUuid().slice(0, 4).toUpperCase());
  const mails = batchEmails(entries, {
    recipients: loaded.config.recipients,
    committeeName: loaded.config.committeeName,
    sheetUrl: loaded.spreadsheetUrl,
    batchId,
  }).slice(0, allowance);
  const inflight: Inflight = { batchId, parts: mails.map((m) => ({ partId: m.partId, cacheKey: `batch:${m.partId}` })) };
  scriptCache().putAll(Object.fromEntries(mails.map((m, i) => [inflight.parts[i].cacheKey, m.codes.join(',')])), 21600);
  props.setProperty(BATCH_INFLIGHT_PROPERTY, JSON.stringify(inflight));
  const codes: string[] = [];
  let emails = 0;
  for (const mail of mails) {
    try {
      gmailMailer.send(mail);
    } catch (err) {
      if (isQuotaError(err)) {
        quota = learnedExhausted(quota, now.getTime());
        return { quota, emails, codes };
      }
      consoleLogger.error('batch.failed', err, { partId: mail.partId });
      return { quota, emails, codes, error: `Chưa gửi được email gộp: ${errorMessage(err)}` };
    }
    emails++;
    quota = batchSent(quota, shares, 1, now.getTime());
    codes.push(...mail.codes);
  }
  return { quota, emails, codes };
}

/**
 * The duplicate-hint index, when the cache forgot it or a submission began it partial: built again from the newest
 * rows of the table this run read (rows staff typed too), with the entries a partial index gathered, and cached.
 */
function completeRecentIndex(cached: string | undefined, table: readonly (readonly unknown[])[], firstData: number): void {
  const index = cached ? parseIndex(cached) : null;
  if (index && !index.partial) return;
  try {
    const from = Math.max(firstData, table.length - RECENT_INDEX_ROWS);
    const records = table
      .slice(from)
      .filter((r) => r.length > 0)
      .map((r) => rowToRecord(r));
    scriptCache().put(cacheKeys.recent, JSON.stringify(completeIndex(indexEntries(records), index)), 21600);
  } catch (e) {
    consoleLogger.error('sendPendingEmails.recent-index-failed', e);
  }
}

function finish(
  loaded: LoadedConfig,
  quota: QuotaState,
  props: Record<string, string>,
  out: { sent: number; pending: number; emails: number; replies: number; lines: string[] },
  now: Date,
  exhausted = false,
): PendingOutcome {
  PropertiesService.getScriptProperties().setProperty(MAIL_QUOTA_PROPERTY, JSON.stringify(quota));
  const lines = [...out.lines];
  // A weekly digest the quota held back goes as soon as it leaves the reply reserve whole.
  if (props[DIGEST_DUE_PROPERTY]) {
    const shares = mailShares(loaded.config.mailDailyQuota, loaded.config.recipients.length);
    if (mayDigest(quota, shares, now.getTime())) lines.push(...sendDigestOnce(now).lines);
  }
  const result = adminResult(TITLE, lines.length ? lines : ['Không có email nào đang chờ gửi.'], { ok: !exhausted });
  return { ...result, ...out, quotaExhausted: exhausted };
}

/** Says in Nhật ký why replies are held, once a day while the header stays wrong (the trigger runs every 15 minutes). */
export function noteRepliesHeld(loaded: LoadedConfig, problems: readonly HeaderProblem[], now: Date): void {
  const key = `replies-held:${formatVietnam(now).slice(0, 10)}`;
  const cache = scriptCache();
  if (cache.get(key)) return;
  writeLog('Email trả lời', repliesHeldMessage(RESPONSES_SHEET, problems), loaded.spreadsheetId);
  consoleLogger.warn('reply.held-header', { problems: problems.length });
  cache.put(key, '1', 86400);
}

/** How long the marks wait for the script lock before they are written without it (as before it existed). */
const MARK_LOCK_WAIT_MS = 10000;

/**
 * Runs `write` under the script lock, the one a row typed by hand takes to get its code and "chờ gửi": a block write
 * of "Email ban" read before that row was coded would put its empty cell back, and the row would never be announced.
 * Submissions hold that lock only briefly; should it stay busy, the marks are written anyway.
 */
function underScriptLock<T>(write: () => T): T {
  const lock = LockService.getScriptLock();
  let held = false;
  try {
    held = lock.tryLock(MARK_LOCK_WAIT_MS);
  } catch (e) {
    consoleLogger.warn('marks.lock-failed', { error: errorMessage(e) });
  }
  if (!held) consoleLogger.warn('marks.without-lock', {});
  try {
    return write();
  } finally {
    if (held) lock.releaseLock();
  }
}
