/**
 * The staff edit trigger (installed by setup with forSpreadsheet(id).onEdit(), so it runs as the owner for edits by
 * any staff member who can view the script): stamps "Cập nhật lúc", writes a status typed in another spelling back as
 * the box spells it, gives a code to a row typed by hand, reports unknown statuses, unreadable dates and changed
 * headers, and emails the reply to a resident once a row is answered.
 * Calls requireOwner first: any web-app visitor can call a top-level function by name. Staff errors are logged in
 * Nhật ký and shown in the Sheet, never thrown.
 */
import { CONFIG_SHEET, LOCATIONS_SHEET } from '../../core/config/config';
import { isQuotaError } from '../../core/mail/pending';
import { MAX_REPLIES_PER_RUN } from '../../core/mail/announce';
import { learnedExhausted, mailShares, mayReply, probed, spent } from '../../core/mail/budget';
import { probeRemaining, readQuota, writeQuota } from '../../gas/mail-quota';
import { errorMessage } from '../../core/common/ports';
import { COL, RESPONSES_SHEET, rowToRecord, type Cell } from '../../core/records/feedback-record';
import { cellText } from '../../core/records/cell-writes';
import { codeProblems, headerIndex, type RowProblem } from '../../core/records/responses-rows';
import type { CellChange, RowChange } from '../../core/records/row-changes';
import { literalCell } from '../../core/records/sheet-literal';
import { isTrackingCode } from '../../core/intake/tracking-code';
import { lookupLink, replyEmail } from '../../core/mail/reply-email';
import { replyForResident, replyHolders } from '../../core/privacy/shared-replies';
import { DATE_HINT, badDateMessage } from '../../core/staff/date-cells';
import { needsTrackingCode } from '../../core/staff/manual-rows';
import {
  MAX_STATUS_SPELLING_RUNS,
  STATUS_LIST_HINT,
  currentEditRect,
  firstRowRuns,
  planStaffEdit,
  replyDecision,
  staffEditSpan,
  sentBeforeEditMessage,
  unknownStatusMessage,
  type EditRect,
} from '../../core/staff/staff-edit';
import {
  headerEditNotice,
  headerProblemCell,
  headerProblemMessage,
  headerProblems,
  repliesHeldMessage,
  responsesHeaderProblems,
  writesHeldMessage,
  type HeaderProblem,
} from '../../core/staff/header-check';
import { BOX_SHEET_HEADERS, invalidateConfig, loadConfig, reloadConfig } from '../../gas/config/load-config';
import { readHeaderRow } from '../../gas/config/box-spreadsheet';
import { writeLog } from '../../gas/log';
import { consoleLogger, gmailMailer, scriptCache } from '../../gas/services';
import { COLUMNS_MOVED_CACHE_KEY } from '../../core/lookup/lookup';
import { FeedbackSheet } from '../../gas/feedback-sheet';
import { reportChangeOutcome, reportRowProblems } from '../../gas/row-report';
import { editTarget, noteResidentsLinkLeftOut, residentsUrl, toastOn } from '../../gas/staff-sheet';
import { requireOwner } from '../admin/guard';
import { storeSharedReplies } from '../shared-replies';
import { noteRepliesHeld } from '../admin/admin-actions';
import { assignTypedRows } from './manual-rows';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

const LOCK_WAIT_MS = 20000;

/** A reply the quota holds back stays due: the pending trigger sends it as soon as the quota allows. */
const QUOTA_WAIT =
  'Hạn mức gửi email hôm nay đã hết nên thư trả lời chưa gửi được; hệ thống sẽ tự gửi lại khi hạn mức được làm mới (không cần chọn lại trạng thái).';

/**
 * A reply edited after its email went, or while the pending trigger was sending it: the resident may have the text as
 * it was before. Said in Nhật ký and in the note, so staff know the new text may not have gone.
 */

/** Replies of an edit past MAX_REPLIES_PER_RUN (a status filled down many rows) go with the pending trigger. */
const LEFT_FOR_TRIGGER = (n: number) =>
  `Còn ${n} thư trả lời nữa sẽ được hệ thống tự gửi trong những lượt gửi email tiếp theo (mỗi 15 phút), không cần chọn lại trạng thái.`;

export interface StaffEditOutcome {
  stamped: number;
  unknownStatuses: number;
  /** Date cells staff typed that the box cannot read as dates. */
  badDates: number;
  /** Header cells of the edited sheet that differ from what the box expects (after a row-1 edit). */
  headerProblems: number;
  repliesSent: number;
  /** Rows typed by hand that got their tracking code from this edit. */
  codesAssigned: number;
  configInvalidated: boolean;
}

/**
 * Installable edit trigger of the box's spreadsheet. On "Góp ý", for edits in the staff columns: "Cập nhật lúc" = now
 * for the edited rows (with a status typed as " đã TRẢ LỜI " written back as "Đã trả lời" in the same write, for at
 * most MAX_STATUS_SPELLING_RUNS runs of rows), unknown statuses and unreadable dates reported, and the reply emailed to the resident once a
 * row is "Đã trả lời" with a public reply, an email and consent (sent once: "Đã gửi trả lời" is checked and written
 * under the owner's lock). A row with content but no tracking code (typed from a letter, a call, a meeting) gets its
 * code, received time, deadline and queued committee email. The trigger runs a moment after the edit and staff may
 * sort in between: a single-cell edit is acted on only where its value is now (see currentEditRect), and every write
 * names its row by tracking code (rows without a usable code are reported and left alone). Edits to Cấu hình or Địa
 * điểm forget the cached configuration. An edit of the header row of any of the box's sheets is checked against the
 * expected headers, reported, and the cached configuration rebuilt so the next submission sees it. Never throws after
 * the guard. Only a real edit event counts: `e.range` must be the Range Apps Script passes (see editTarget).
 */
export function onStaffEdit(e?: unknown): StaffEditOutcome {
  requireOwner('onStaffEdit', e);
  const out: StaffEditOutcome = {
    stamped: 0,
    unknownStatuses: 0,
    badDates: 0,
    headerProblems: 0,
    repliesSent: 0,
    codesAssigned: 0,
    configInvalidated: false,
  };
  let ss: Spreadsheet | null = null;
  const notes: string[] = [];
  try {
    const target = editTarget(e);
    if (!target) {
      consoleLogger.warn('onStaffEdit.no-range', {});
      return out;
    }
    const { sheet, rect } = target;
    ss = sheet.getParent();
    if (rect.row === 1 && BOX_SHEET_HEADERS[rect.sheetName]) {
      out.configInvalidated = true;
      const problems = checkEditedHeader(sheet, rect.sheetName);
      out.headerProblems = problems.length;
      if (problems.length) notes.push(headerEditNotice(rect.sheetName, problems));
    }
    if (rect.sheetName === CONFIG_SHEET || rect.sheetName === LOCATIONS_SHEET) {
      // Read again now, in the trigger, so no resident waits for the sheets to be read.
      reloadAfterEdit();
      out.configInvalidated = true;
    }
    if (rect.sheetName === RESPONSES_SHEET) handleResponsesEdit(sheet, rect, (e as { value?: unknown }).value, out, notes);
  } catch (err) {
    consoleLogger.error('onStaffEdit.failed', err);
    writeLog('Lỗi khi cán bộ sửa bảng tính', errorMessage(err));
    notes.push(`Có lỗi khi xử lý chỉnh sửa: ${errorMessage(err)}`);
  }
  if (notes.length) toastOn(ss, notes.join('\n'), 'Hòm thư số');
  return out;
}

/**
 * After an edit of row 1 of one of the box's sheets: the header cells that differ from the expected ones. For "Góp ý"
 * (whose header the configuration checks) the cached configuration is rebuilt now, which writes the problem to
 * Nhật ký once and lets the next submission see it; submissions never depend on the header, so they keep working.
 * For the other sheets the problem is written to Nhật ký here.
 */
function checkEditedHeader(sheet: Sheet, sheetName: string): HeaderProblem[] {
  const expected = BOX_SHEET_HEADERS[sheetName];
  const problems = headerProblems(readHeaderRow(sheet, expected.length), expected);
  if (sheetName === RESPONSES_SHEET) {
    // The lookup reads rows by column position: it waits from this edit on, not from the next pending run, while the
    // header is not as the box wrote it. For 20 minutes: the pending run, which reads the whole sheet, keeps it or
    // ends it, should rows inserted above the header have made row 1 look wrong. A cache that fails only costs that.
    try {
      if (problems.length) scriptCache().put(COLUMNS_MOVED_CACHE_KEY, '1', 20 * 60);
      else scriptCache().remove(COLUMNS_MOVED_CACHE_KEY);
    } catch (e) {
      consoleLogger.error('onStaffEdit.columns-moved-mark-failed', e);
    }
    reloadAfterEdit();
  } else if (problems.length) {
    const lines = problems.map((p) => `${headerProblemCell(sheetName, p)}: ${headerProblemMessage(p)}`);
    writeLog('Tiêu đề bảng tính', lines.join('\n'));
  }
  return problems;
}

/**
 * reloadConfig after an edit of a sheet the configuration reads. When it fails (a Sheets call failing for a moment),
 * the cached configuration and its snapshot are forgotten before the error is reported: the next execution reads the
 * sheets, instead of serving for hours what staff have just changed (a place they deactivated).
 */
function reloadAfterEdit(): void {
  try {
    reloadConfig();
  } catch (err) {
    try {
      invalidateConfig();
    } catch (e) {
      consoleLogger.error('onStaffEdit.invalidate-failed', e);
    }
    throw err;
  }
}

/** The "Góp ý" part of the edit trigger: stamps, codes for typed rows, checks and reply emails for the edited rows. */
function handleResponsesEdit(sheet: Sheet, event: EditRect, value: unknown, out: StaffEditOutcome, notes: string[]): void {
  const store = FeedbackSheet.fromSheet(sheet, '');
  // One read of every row: the edited rows are found where they are now, and written by tracking code.
  const table = store.table();
  // Rows are written by column position: with a column added or removed, a stamp would land in another column.
  const moved = responsesHeaderProblems(table);
  if (moved.length) {
    notes.push(writesHeldMessage(RESPONSES_SHEET, moved, 'Chưa ghi "Cập nhật lúc", chưa cấp mã và chưa gửi thư trả lời'));
    // Nhật ký says once a day why no reply goes, as the pending run does.
    noteRepliesHeld(loadConfig(), moved, new Date());
    return;
  }
  const first = headerIndex(table) + 2;
  const rect = currentEditRect(table, first, event, value);
  if (!rect) return; // the edited cell no longer holds what was typed, anywhere: nothing to act on
  const top = Math.max(first, rect.row);
  const bottom = Math.min(rect.row + rect.numRows - 1, table.length);
  if (bottom < top) return;
  const problems = new Map(codeProblems(table, isTrackingCode).map((p) => [p.row, p]));
  // A code staff edited, cleared or copied in the edited rows: reported once, with its cell; the row is left alone.
  const edited = [...problems.values()].filter((p) => p.row >= top && p.row <= bottom);
  if (edited.length) reportRowProblems(edited);
  const span = staffEditSpan(rect, table.length, first);
  // A reply typed or pasted: the lookup's shared replies are stored again from this read, not an hour later.
  if (span?.replyEdited) storeSharedReplies(table.slice(first - 1).map(rowToRecord), 'onStaffEdit');
  if (span) handleStaffColumns(store, table, problems, span, out, notes);
  if (table.slice(top - 1, bottom).some(needsTrackingCode)) codeTypedRows(sheet, out, notes);
}

/** Rows typed by hand get their code now, as the owner's "Cấp mã cho ý kiến nhập tay" would give it. */
function codeTypedRows(sheet: Sheet, out: StaffEditOutcome, notes: string[]): void {
  const typed = assignTypedRows(loadConfig(), sheet);
  if (typed.busy) {
    notes.push('Hệ thống đang bận nên chưa cấp mã cho dòng nhập tay; mã sẽ được cấp ở lần sửa tiếp theo.');
    return;
  }
  out.codesAssigned = typed.assigned.length;
  if (typed.assigned.length) {
    notes.push(`Đã cấp mã theo dõi: ${typed.assigned.map((a) => `dòng ${a.row}: ${a.trackingCode}`).join('; ')}.`);
  }
  notes.push(...typed.notes.slice(0, 3));
}

function handleStaffColumns(
  store: FeedbackSheet,
  table: unknown[][],
  problems: ReadonlyMap<number, RowProblem>,
  span: NonNullable<ReturnType<typeof staffEditSpan>>,
  out: StaffEditOutcome,
  notes: string[],
): void {
  const rows = table.slice(span.firstRow - 1, span.firstRow - 1 + span.numRows);
  const plan = planStaffEdit(span, rows);
  const codeOf = (row: number): string | null => {
    const code = cellText(table[row - 1][COL.trackingCode - 1]);
    return problems.has(row) || !isTrackingCode(code) ? null : code;
  };
  const now = new Date();
  // A known status typed in another spelling is written back as the box spells it, in the same change as the row's
  // stamp: planned from the text as read, so a status staff choose again meanwhile is theirs (a conflict, left alone).
  const spellings = new Map(
    firstRowRuns(
      plan.statusSpellings.filter((s) => codeOf(s.row)),
      MAX_STATUS_SPELLING_RUNS,
    ).map((s) => [s.row, s]),
  );
  // Rows typed by hand that have no code yet are not stamped: nothing names them once staff sort.
  const stamps: RowChange[] = plan.stampRows.flatMap((r) => {
    const code = codeOf(r);
    if (!code) return [];
    const cells: CellChange[] = [{ column: COL.updatedAt, from: [table[r - 1][COL.updatedAt - 1]], to: now as Cell }];
    const spelling = spellings.get(r);
    if (spelling) cells.unshift({ column: COL.status, from: [spelling.from], to: literalCell(spelling.status), exact: true });
    return [{ ref: { column: COL.trackingCode, value: code }, label: code, cells }];
  });
  if (stamps.length) {
    const stamped = store.change(stamps, table);
    reportChangeOutcome(stamped, spellings.size ? 'ghi "Cập nhật lúc" và "Trạng thái"' : 'ghi "Cập nhật lúc"', RESPONSES_SHEET);
    out.stamped = stamped.done.length;
  }

  if (plan.unknownStatuses.length) {
    out.unknownStatuses = plan.unknownStatuses.length;
    const lines = plan.unknownStatuses.slice(0, 20).map((u) => unknownStatusMessage(u.row, u));
    if (plan.unknownStatuses.length > 20) lines.push(`… và ${plan.unknownStatuses.length - 20} dòng khác.`);
    writeLog('Trạng thái không hợp lệ', `${lines.join(' ')} ${STATUS_LIST_HINT}`);
    notes.push(...lines.slice(0, 3), STATUS_LIST_HINT);
  }
  if (plan.badDates.length) {
    out.badDates = plan.badDates.length;
    const lines = plan.badDates.slice(0, 20).map(badDateMessage);
    if (plan.badDates.length > 20) lines.push(`… và ${plan.badDates.length - 20} ô khác.`);
    writeLog('Ngày không hợp lệ', `${lines.join(' ')} ${DATE_HINT}`);
    notes.push(...lines.slice(0, 3), DATE_HINT);
  }
  if (plan.badEmail.length) {
    const msg = `Dòng ${plan.badEmail.join(', ')}: email người gửi không hợp lệ nên không gửi được thư trả lời.`;
    writeLog('Email trả lời', msg);
    notes.push(msg);
  }
  if (plan.replyMissing.length) {
    notes.push(`Dòng ${plan.replyMissing.join(', ')}: hãy ghi "Trả lời công khai" để hệ thống gửi thư trả lời cho người dân.`);
  }
  const sentBefore = plan.replySentBefore.flatMap((r) => codeOf(r) ?? []);
  if (sentBefore.length) {
    writeLog('Email trả lời', sentBeforeEditMessage(sentBefore));
    notes.push(sentBeforeEditMessage(sentBefore));
  }
  const allDue = plan.replyDue.flatMap((r) => codeOf(r) ?? []);
  // Bounded like the pending trigger's run: every send before the marks are written is a reply sent twice should the
  // execution be stopped at its time limit; the rest stay due and the pending trigger sends them.
  const due = allDue.slice(0, MAX_REPLIES_PER_RUN);
  if (allDue.length > due.length) notes.push(LEFT_FOR_TRIGGER(allDue.length - due.length));
  if (due.length) {
    const sent = sendDueReplies(store, due, span.replyEdited);
    out.repliesSent = sent.codes.length;
    if (sent.codes.length) {
      writeLog('Email trả lời', `Đã gửi thư trả lời cho người dân: ${sent.codes.join(', ')}.`);
      notes.push(`Đã gửi thư trả lời cho người dân: ${sent.codes.join(', ')}.`);
    }
    if (sent.problems.length) {
      writeLog('Email trả lời', sent.problems.join(' '));
      notes.push(...sent.problems);
    }
  }
}

/**
 * Sends the due replies under a lock, reading the rows again there and checking "Đã gửi trả lời", and records the
 * send times by tracking code. The edit trigger runs as the owner, so the owner's user lock keeps two firings apart;
 * it is not the script lock, so sending many replies never makes residents wait.
 */
function sendDueReplies(store: FeedbackSheet, codes: string[], replyEdited: boolean): { codes: string[]; problems: string[] } {
  const sentCodes: string[] = [];
  // Replies another run sent between this edit and the read under the lock (the pending trigger, sending the text
  // it had read before the edit).
  const sentMeanwhile: string[] = [];
  const problems: string[] = [];
  const lock = LockService.getUserLock();
  if (!lock.tryLock(LOCK_WAIT_MS)) {
    // The owner's lock is held by the pending run (or another firing), which sends every due reply itself.
    problems.push(
      `Hệ thống đang bận nên chưa gửi ngay thư trả lời (${codes.join(', ')}); thư sẽ được tự gửi trong lượt gửi email tiếp theo (mỗi 15 phút), không cần chọn lại trạng thái.`,
    );
    return { codes: sentCodes, problems };
  }
  try {
    const loaded = loadConfig();
    // The configured residents' page only: this trigger's own address may be another deployment's.
    const base = residentsUrl(loaded);
    const fresh = store.table();
    // Rows are read by column position: with the header no longer as the box wrote it (a column added or removed),
    // another column may stand where the reply was. No reply goes until it is right again.
    const held = responsesHeaderProblems(fresh);
    if (held.length) {
      problems.push(repliesHeldMessage(RESPONSES_SHEET, held));
      return { codes: sentCodes, problems };
    }
    // A reply other rows hold too reaches this resident without the other senders' contact fields.
    const holders = replyHolders(fresh.slice(headerIndex(fresh) + 1).map(rowToRecord));
    const sentAt: RowChange[] = [];
    const shares = mailShares(loaded.config.mailDailyQuota, loaded.config.recipients.length);
    let quota = readQuota(shares, Date.now());
    const left = probeRemaining();
    if (left !== null) quota = probed(quota, left, Date.now());
    try {
      for (const code of codes) {
        const rows = fresh.filter((r) => cellText(r[COL.trackingCode - 1]) === code);
        if (rows.length !== 1) continue;
        const decision = replyDecision(rows[0]);
        if (!decision.due && decision.reason === 'sent' && replyEdited) sentMeanwhile.push(code);
        if (!decision.due) continue;
        const mail = replyEmail({
          record: { ...decision.record, publicReply: replyForResident(decision.record, holders) },
          wardName: loaded.config.wardName,
          committeeName: loaded.config.committeeName,
          lookupUrl: lookupLink(base, code) || undefined,
        });
        if (loaded.config.recipients.length) mail.replyTo = loaded.config.recipients[0];
        // Replies have the first claim on the day's quota; while it is used up the pending trigger retries them.
        if (!mayReply(quota, Date.now())) {
          problems.push(QUOTA_WAIT);
          break;
        }
        try {
          gmailMailer.send(mail);
          quota = spent(quota, 1);
          sentAt.push({
            ref: { column: COL.trackingCode, value: code },
            label: code,
            cells: [{ column: COL.replySentAt, from: [''], to: new Date() }],
          });
          sentCodes.push(code);
        } catch (err) {
          consoleLogger.error('reply.failed', err, { trackingCode: code });
          if (isQuotaError(err)) {
            quota = learnedExhausted(quota, Date.now());
            problems.push(QUOTA_WAIT);
            break;
          }
          problems.push(`Chưa gửi được thư trả lời cho ${code}: ${errorMessage(err)}. Hệ thống sẽ tự thử gửi lại sau.`);
        }
      }
    } finally {
      if (sentAt.length) reportChangeOutcome(store.change(sentAt), 'ghi "Đã gửi trả lời"', RESPONSES_SHEET);
      if (sentCodes.length && !base) noteResidentsLinkLeftOut(loaded, 'Email trả lời', 'Thư trả lời vừa gửi');
      writeQuota(quota);
      if (sentMeanwhile.length) problems.push(sentBeforeEditMessage(sentMeanwhile));
    }
  } finally {
    lock.releaseLock();
  }
  return { codes: sentCodes, problems };
}
