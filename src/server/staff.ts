/**
 * The staff side's entry points: the installable edit trigger, codes for rows typed by hand, the weekly digest,
 * the synthesis report, the per-location notices and the retention purge. Each calls requireAdmin first: any
 * web-app visitor can call a top-level function by name. Staff errors are logged in Nhật ký and shown in the Sheet,
 * never thrown at a resident's submission.
 */
import { CONFIG_SHEET, LOCATIONS_SHEET } from '../core/config/config';
import { formatLocalDate } from '../core/staff/deadline';
import { escapeHtml } from '../core/common/html';
import { isQuotaError } from '../core/mail/pending';
import { errorMessage } from '../core/common/ports';
import { COL, COLUMNS, RESPONSES_SHEET, rowToRecord, type Cell } from '../core/records/feedback-record';
import { digestEmail, lookupLink, replyEmail } from '../core/mail/reply-email';
import { defaultPeriod, locationNotice, type Period } from '../core/reports/report';
import {
  PERIOD_PROMPT,
  digestFromRows,
  noticeBlocks,
  noticesName,
  parsePeriodInput,
  synthesisFromRows,
} from '../core/reports/report-layout';
import { DATE_HINT, badDateMessage } from '../core/staff/date-cells';
import {
  STATUS_LIST_HINT,
  planStaffEdit,
  replyDecision,
  staffEditSpan,
  unknownStatusMessage,
  type EditRect,
} from '../core/staff/staff-edit';
import { headerEditNotice, headerProblemCell, headerProblemMessage, headerProblems, type HeaderProblem } from '../core/staff/header-check';
import { patchBlock, runWrites } from '../core/records/cell-writes';
import { planManualRows } from '../core/staff/manual-rows';
import { planPurge, retentionCutoff } from '../core/privacy/retention';
import { formatVietnam } from '../core/common/time';
import { makeTrackingCode } from '../core/intake/tracking-code';
import { BOX_SHEET_HEADERS, invalidateConfig, loadConfig, readHeaderRow, writeLog } from '../gas/box-sheet';
import { PROP_PHOTOS_FOLDER_ID } from '../gas/photos';
import { renderToReports } from '../gas/report-doc';
import { consoleLogger, gmailMailer, randomBytes } from '../gas/services';
import { FIRST_DATA_ROW, appUrl, editTarget, readDataBlock, responsesSheet, toastOn, writeBlock } from '../gas/staff-sheet';
import { requireAdmin } from './guard';
import { notify } from './notify';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

const LOCK_WAIT_MS = 20000;

// ---- Edit trigger ----

export interface StaffEditOutcome {
  stamped: number;
  unknownStatuses: number;
  /** Date cells staff typed that the box cannot read as dates. */
  badDates: number;
  /** Header cells of the edited sheet that differ from what the box expects (after a row-1 edit). */
  headerProblems: number;
  repliesSent: number;
  configInvalidated: boolean;
}

/**
 * Installable edit trigger of the box's spreadsheet. On "Góp ý", for edits in the staff columns: "Cập nhật lúc" = now
 * for the edited rows (one write), unknown statuses and unreadable dates reported, and the reply emailed to the
 * resident once a row is "Đã trả lời" with a public reply, an email and consent (sent once: "Đã gửi trả lời" is
 * checked and written under the script lock). Edits to Cấu hình or Địa điểm forget the cached configuration. An
 * edit of the header row of any of the box's sheets is checked against the expected headers, reported, and the
 * cached configuration rebuilt so the next submission sees it. Never throws after the guard.
 *
 * `e.range` is the real Range, or in the sandbox a JSON {sheet, row, column, numRows, numColumns} (see editTarget).
 */
export function onStaffEdit(e?: unknown): StaffEditOutcome {
  requireAdmin('onStaffEdit', e);
  const out: StaffEditOutcome = {
    stamped: 0,
    unknownStatuses: 0,
    badDates: 0,
    headerProblems: 0,
    repliesSent: 0,
    configInvalidated: false,
  };
  let ss: Spreadsheet | null = null;
  const notes: string[] = [];
  try {
    const target = editTarget(e);
    if (!target) return out;
    const { sheet, rect } = target;
    ss = sheet.getParent();
    if (rect.row === 1 && BOX_SHEET_HEADERS[rect.sheetName]) {
      out.configInvalidated = true;
      const problems = checkEditedHeader(sheet, rect.sheetName);
      out.headerProblems = problems.length;
      if (problems.length) notes.push(headerEditNotice(rect.sheetName, problems));
    }
    if (rect.sheetName === CONFIG_SHEET || rect.sheetName === LOCATIONS_SHEET) {
      invalidateConfig();
      out.configInvalidated = true;
    }
    if (rect.sheetName === RESPONSES_SHEET) handleResponsesEdit(sheet, rect, out, notes);
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
  invalidateConfig();
  const expected = BOX_SHEET_HEADERS[sheetName];
  const problems = headerProblems(readHeaderRow(sheet, expected.length), expected);
  if (sheetName === RESPONSES_SHEET) {
    loadConfig();
  } else if (problems.length) {
    const lines = problems.map((p) => `${headerProblemCell(sheetName, p)}: ${headerProblemMessage(p)}`);
    writeLog('Tiêu đề bảng tính', lines.join('\n'));
  }
  return problems;
}

/** The "Góp ý" part of the edit trigger: stamps, checks and reply emails for the edited data rows. */
function handleResponsesEdit(sheet: Sheet, rect: EditRect, out: StaffEditOutcome, notes: string[]): void {
  const span = staffEditSpan(rect, sheet.getLastRow());
  if (!span) return;
  const rows = sheet.getRange(span.firstRow, 1, span.numRows, COLUMNS.length).getValues();
  const plan = planStaffEdit(span, rows);
  const now = new Date();
  const stamp = patchBlock(
    rows,
    span.firstRow,
    COL.updatedAt,
    COL.updatedAt,
    new Map(plan.stampRows.map((r) => [r, new Map<number, Cell>([[COL.updatedAt, now]])])),
  );
  if (stamp) writeBlock(sheet, stamp);
  out.stamped = plan.stampRows.length;

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
  if (plan.replyDue.length) {
    const sent = sendDueReplies(sheet, plan.replyDue);
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
 * Sends the due replies under a lock, checking "Đã gửi trả lời" again there, and records the send times. The edit
 * trigger runs as the owner, so the owner's user lock keeps two firings apart; it is not the script lock, so sending
 * many replies never makes residents wait.
 */
function sendDueReplies(sheet: Sheet, rows: number[]): { codes: string[]; problems: string[] } {
  const codes: string[] = [];
  const problems: string[] = [];
  const lock = LockService.getUserLock();
  if (!lock.tryLock(LOCK_WAIT_MS)) {
    problems.push(
      `Hệ thống đang bận nên chưa gửi thư trả lời (dòng ${rows.join(', ')}). Hãy chọn lại trạng thái "Đã trả lời" sau ít phút.`,
    );
    return { codes, problems };
  }
  try {
    const loaded = loadConfig();
    const base = appUrl(loaded);
    const top = Math.min(...rows);
    const bottom = Math.max(...rows);
    const fresh = sheet.getRange(top, 1, bottom - top + 1, COLUMNS.length).getValues();
    const sentAt = new Map<number, Map<number, Cell>>();
    try {
      for (const row of rows) {
        const decision = replyDecision(fresh[row - top]);
        if (!decision.due) continue;
        const code = decision.record.trackingCode;
        const mail = replyEmail({
          record: decision.record,
          wardName: loaded.config.wardName,
          committeeName: loaded.config.committeeName,
          lookupUrl: lookupLink(base, code) || undefined,
        });
        if (loaded.config.recipients.length) mail.replyTo = loaded.config.recipients[0];
        try {
          gmailMailer.send(mail);
          sentAt.set(row, new Map<number, Cell>([[COL.replySentAt, new Date()]]));
          codes.push(code);
        } catch (err) {
          consoleLogger.error('reply.failed', err, { trackingCode: code });
          if (isQuotaError(err)) {
            problems.push(
              'Đã hết hạn mức gửi email trong ngày: thư trả lời chưa gửi được. Hãy chọn lại trạng thái "Đã trả lời" vào ngày mai.',
            );
            break;
          }
          problems.push(`Chưa gửi được thư trả lời cho ${code}: ${errorMessage(err)}.`);
        }
      }
    } finally {
      const block = patchBlock(fresh, top, COL.replySentAt, COL.replySentAt, sentAt);
      if (block) writeBlock(sheet, block);
      SpreadsheetApp.flush();
    }
  } finally {
    lock.releaseLock();
  }
  return { codes, problems };
}

// ---- Rows typed by hand ----

export interface ManualRowsOutcome {
  assigned: { row: number; trackingCode: string }[];
  notes: string[];
  busy?: boolean;
}

/**
 * Menu action: rows staff typed from other channels (Thư giấy, Điện thoại, Hội nghị…) get a tracking code, a received
 * time and status when empty, a deadline, and are queued ("chờ gửi") for the committee email the sendPendingEmails
 * trigger sends.
 */
export function assignCodesToManualRows(e?: unknown): ManualRowsOutcome {
  requireAdmin('assignCodesToManualRows', e);
  const title = 'Cấp mã cho ý kiến nhập tay';
  const loaded = loadConfig();
  const sheet = responsesSheet(loaded);
  const lock = LockService.getScriptLock();
  if (!lock.tryLock(LOCK_WAIT_MS)) {
    notify(title, ['Hệ thống đang bận. Vui lòng thử lại sau ít phút.']);
    return { assigned: [], notes: [], busy: true };
  }
  let outcome: ManualRowsOutcome;
  try {
    const rows = readDataBlock(sheet);
    const plan = planManualRows({
      rows,
      firstRow: FIRST_DATA_ROW,
      now: new Date(),
      deadlineDays: loaded.config.deadlineDays,
      holidays: loaded.config.holidays,
      locations: loaded.locations,
      drawCode: () => makeTrackingCode(loaded.config.trackingPrefix, randomBytes()),
    });
    const writes = runWrites(rows, FIRST_DATA_ROW, plan.updates, [
      [COL.trackingCode, COL.locationName],
      [COL.emailStatus, COL.dueAt],
    ]);
    for (const w of writes) writeBlock(sheet, w);
    SpreadsheetApp.flush();
    outcome = { assigned: plan.updates.map((u) => ({ row: u.row, trackingCode: u.trackingCode })), notes: plan.notes };
  } finally {
    lock.releaseLock();
  }
  const lines: string[] = [];
  if (outcome.assigned.length === 0) lines.push('Không có dòng nhập tay nào cần cấp mã (dòng có nội dung nhưng chưa có mã theo dõi).');
  else {
    const list = outcome.assigned.map((a) => `dòng ${a.row}: ${a.trackingCode}`);
    lines.push(`Đã cấp mã cho ${outcome.assigned.length} ý kiến: ${list.slice(0, 30).join('; ')}${list.length > 30 ? '; …' : ''}.`);
    lines.push('Email báo ý kiến sẽ được gửi tới địa chỉ nhận ý kiến trong vòng 15 phút.');
    writeLog('Ý kiến nhập tay', `Đã cấp mã: ${outcome.assigned.map((a) => a.trackingCode).join(', ')}.`);
  }
  lines.push(...outcome.notes.slice(0, 10));
  notify(title, lines);
  return outcome;
}

// ---- Weekly digest ----

export interface DigestOutcome {
  sent: boolean;
  received: number;
  awaiting: number;
  overdue: number;
}

/** Time trigger (weekly) and menu action: counts for the last 7 days, emailed to the committee. No personal data. */
export function sendWeeklyDigest(e?: unknown): DigestOutcome {
  requireAdmin('sendWeeklyDigest', e, { ownerOnly: true });
  const loaded = loadConfig();
  const digest = digestFromRows(readDataBlock(responsesSheet(loaded)), new Date());
  const out: DigestOutcome = { sent: false, received: digest.received, awaiting: digest.awaiting, overdue: digest.overdue };
  if (loaded.config.recipients.length === 0) {
    writeLog('Tổng hợp tuần', 'Chưa gửi: chưa có "Email nhận ý kiến" trong trang Cấu hình.');
    notify('Tổng hợp tuần', ['Chưa có "Email nhận ý kiến" trong trang Cấu hình.']);
    return out;
  }
  try {
    gmailMailer.send(
      digestEmail(digest, { wardName: loaded.config.wardName, recipients: loaded.config.recipients, sheetUrl: loaded.spreadsheetUrl }),
    );
    out.sent = true;
  } catch (err) {
    consoleLogger.error('digest.failed', err);
    writeLog('Tổng hợp tuần', `Chưa gửi được: ${errorMessage(err)}`);
  }
  notify(
    'Tổng hợp tuần',
    [
      out.sent
        ? `Đã gửi tổng hợp tuần: ${digest.received} ý kiến mới, ${digest.overdue} quá hạn.`
        : 'Chưa gửi được tổng hợp tuần (xem Nhật ký).',
    ],
    {
      quiet: true,
    },
  );
  return out;
}

// ---- Documents ----

/**
 * The period of a document: `e.period` when an admin passes one ("MM/yyyy" or "dd/MM/yyyy - dd/MM/yyyy"), else
 * asked with Ui.prompt, else (no UI: script editor, trigger) last month. null when cancelled or unreadable.
 */
function askPeriod(title: string, e: unknown, now: Date): Period | null {
  const given = e && typeof e === 'object' ? (e as { period?: unknown }).period : undefined;
  if (typeof given === 'string') {
    const parsed = parsePeriodInput(given, now);
    if ('period' in parsed) return parsed.period;
    notify(title, [parsed.error, PERIOD_PROMPT]);
    return null;
  }
  let ui: GoogleAppsScript.Base.Ui;
  try {
    ui = SpreadsheetApp.getUi();
  } catch {
    return defaultPeriod(now);
  }
  let message = PERIOD_PROMPT;
  for (let attempt = 0; attempt < 3; attempt++) {
    const res = ui.prompt(title, message, ui.ButtonSet.OK_CANCEL);
    if (res.getSelectedButton() !== ui.Button.OK) return null;
    const parsed = parsePeriodInput(res.getResponseText(), now);
    if ('period' in parsed) return parsed.period;
    message = `${parsed.error}\n${PERIOD_PROMPT}`;
  }
  ui.alert(title, 'Chưa nhập được kỳ báo cáo. Vui lòng chạy lại.', ui.ButtonSet.OK);
  return null;
}

/** A dialog with clickable links when run from the Sheet; the execution log otherwise. */
function showLinks(title: string, lines: string[], links: { label: string; url: string }[]): void {
  console.info(`${title}: ${lines.join(' ')} ${links.map((l) => l.url).join(' ')}`);
  try {
    const ui = SpreadsheetApp.getUi();
    const html = [
      '<div style="font:14px Arial,sans-serif;line-height:1.5">',
      ...lines.map((l) => `<p>${escapeHtml(l)}</p>`),
      `<p>${links.map((l) => `<a href="${escapeHtml(l.url)}" target="_blank" rel="noopener">${escapeHtml(l.label)}</a>`).join(' &nbsp;·&nbsp; ')}</p>`,
      '</div>',
    ].join('');
    ui.showModalDialog(HtmlService.createHtmlOutput(html), title);
  } catch {
    // No UI (trigger, script editor): the log line above and Nhật ký hold the links.
  }
}

export interface DocOutcome {
  ok: boolean;
  cancelled?: boolean;
  error?: string;
  name?: string;
  periodLabel?: string;
  total?: number;
  empty?: boolean;
  docId?: string;
  docUrl?: string;
  pdfId?: string;
  pdfUrl?: string;
}

function failed(title: string, err: unknown): DocOutcome {
  consoleLogger.error('document.failed', err, { title });
  writeLog(title, `Lỗi: ${errorMessage(err)}`);
  notify(title, [`Chưa lập được tài liệu: ${errorMessage(err)}`]);
  return { ok: false, error: errorMessage(err) };
}

/**
 * Menu action: the monthly "Báo cáo tổng hợp ý kiến, kiến nghị của Nhân dân" as a Google Doc and PDF in the reports
 * folder, from one read of the responses sheet. Personal data is stripped (buildReport). The links go to Nhật ký and
 * to a dialog. An admin may pass {period: '03/2025'}.
 */
export function buildSynthesisReport(e?: unknown): DocOutcome {
  requireAdmin('buildSynthesisReport', e, { ownerOnly: true });
  const title = 'Báo cáo tổng hợp';
  const now = new Date();
  const period = askPeriod(title, e, now);
  if (!period) return { ok: false, cancelled: true };
  try {
    const loaded = loadConfig();
    const { model, name, blocks } = synthesisFromRows(readDataBlock(responsesSheet(loaded)), period, now, {
      categories: loaded.config.categories,
      wardName: loaded.config.wardName,
      committeeName: loaded.config.committeeName,
      generatedText: formatVietnam(now),
    });
    const doc = renderToReports(name, blocks);
    const summary = model.empty ? `Trong ${model.periodLabel} không có ý kiến nào.` : `${model.total} ý kiến trong ${model.periodLabel}.`;
    writeLog(title, `${name}: ${summary} Google Docs: ${doc.docUrl} | PDF: ${doc.pdfUrl}`);
    showLinks(
      title,
      [`Đã lập "${name}".`, summary],
      [
        { label: 'Mở Google Docs', url: doc.docUrl },
        { label: 'Mở bản PDF', url: doc.pdfUrl },
      ],
    );
    return { ok: true, name, periodLabel: model.periodLabel, total: model.total, empty: model.empty, ...doc };
  } catch (err) {
    return failed(title, err);
  }
}

/**
 * Menu action: one printable page per location, "Kết quả tiếp nhận và giải quyết" for the period, in one Doc with
 * page breaks, and its PDF in the reports folder. Active locations, plus any other location code with opinions in
 * the period. An admin may pass {period: '03/2025'}.
 */
export function buildLocationNotices(e?: unknown): DocOutcome & { locations?: number } {
  requireAdmin('buildLocationNotices', e, { ownerOnly: true });
  const title = 'Kết quả theo địa điểm';
  const now = new Date();
  const period = askPeriod(title, e, now);
  if (!period) return { ok: false, cancelled: true };
  try {
    const loaded = loadConfig();
    const records = readDataBlock(responsesSheet(loaded)).map(rowToRecord);
    const codes: string[] = loaded.locations.filter((l) => l.active && l.code).map((l) => l.code);
    const known = new Set(codes.map((c) => c.toUpperCase()));
    const from = period.from.getTime();
    const to = period.to.getTime();
    for (const r of records) {
      const code = r.locationCode.trim();
      const at = r.receivedAt ? r.receivedAt.getTime() : NaN;
      if (code && at >= from && at < to && !known.has(code.toUpperCase())) {
        known.add(code.toUpperCase());
        codes.push(code);
      }
    }
    const names = new Map(loaded.locations.map((l) => [l.code.toUpperCase(), l.name]));
    const notices = codes.map((code) => {
      const n = locationNotice(records, code, period);
      return { ...n, locationName: n.locationName || names.get(code.toUpperCase()) || '' };
    });
    const name = noticesName(period);
    const base = appUrl(loaded);
    const blocks = noticeBlocks(notices, {
      wardName: loaded.config.wardName,
      committeeName: loaded.config.committeeName,
      generatedAt: now,
      lookupUrl: base ? `${base}${base.includes('?') ? '&' : '?'}view=track` : undefined,
    });
    if (blocks.length === 0) {
      notify(title, ['Chưa có địa điểm nào đang hoạt động trong trang Địa điểm.']);
      return { ok: false, error: 'no-locations' };
    }
    const doc = renderToReports(name, blocks);
    writeLog(title, `${name}: ${notices.length} địa điểm. Google Docs: ${doc.docUrl} | PDF: ${doc.pdfUrl}`);
    showLinks(
      title,
      [`Đã lập "${name}" cho ${notices.length} địa điểm, mỗi địa điểm một trang.`],
      [
        { label: 'Mở Google Docs', url: doc.docUrl },
        { label: 'Mở bản PDF để in', url: doc.pdfUrl },
      ],
    );
    return { ok: true, name, periodLabel: notices[0]?.periodLabel, locations: notices.length, ...doc };
  } catch (err) {
    return failed(title, err);
  }
}

// ---- Retention ----

export interface PurgeOutcome {
  rows: number;
  photosTrashed: number;
  photosSkipped: number;
  /** 'dd/MM/yyyy': rows received before this local day were purged. */
  before: string;
  busy?: boolean;
}

/** True when the file sits in the box's private photo folder (never trash a file the box did not make). */
function inPhotoFolder(file: GoogleAppsScript.Drive.File, folderId: string | null): boolean {
  if (!folderId) return false;
  const parents = file.getParents();
  while (parents.hasNext()) if (parents.next().getId() === folderId) return true;
  return false;
}

/**
 * Daily trigger: rows received more than "Số tháng lưu thông tin cá nhân" months ago lose their personal data (name,
 * phone, email, address, photo links, and those values inside the text); their photos go to the Drive trash. The
 * opinion and its handling stay for the statistics. One read, one write; counts go to Nhật ký.
 */
export function purgeExpiredPersonalData(e?: unknown): PurgeOutcome {
  requireAdmin('purgeExpiredPersonalData', e, { ownerOnly: true });
  const loaded = loadConfig();
  const sheet = responsesSheet(loaded);
  const cutoff = retentionCutoff(new Date(), loaded.config.retentionMonths);
  const out: PurgeOutcome = { rows: 0, photosTrashed: 0, photosSkipped: 0, before: formatLocalDate(cutoff) };
  const lock = LockService.getScriptLock();
  if (!lock.tryLock(LOCK_WAIT_MS)) {
    writeLog('Xóa thông tin cá nhân', 'Hệ thống đang bận, sẽ chạy lại vào đêm mai.');
    return { ...out, busy: true };
  }
  let photoIds: string[];
  try {
    const plan = planPurge(readDataBlock(sheet), FIRST_DATA_ROW, cutoff);
    if (plan.write) writeBlock(sheet, plan.write);
    SpreadsheetApp.flush();
    out.rows = plan.rows.length;
    photoIds = plan.photoIds;
  } finally {
    lock.releaseLock();
  }
  const folderId = photoIds.length ? PropertiesService.getScriptProperties().getProperty(PROP_PHOTOS_FOLDER_ID) : null;
  for (const id of photoIds) {
    try {
      const file = DriveApp.getFileById(id);
      if (!inPhotoFolder(file, folderId)) {
        out.photosSkipped++;
        continue;
      }
      if (!file.isTrashed()) file.setTrashed(true);
      out.photosTrashed++;
    } catch {
      // Already deleted, or not ours to see.
      out.photosSkipped++;
    }
  }
  if (out.rows > 0 || out.photosSkipped > 0) {
    const skipped = out.photosSkipped ? `; ${out.photosSkipped} ảnh không còn trong thư mục ảnh của hòm thư nên không xóa` : '';
    writeLog(
      'Xóa thông tin cá nhân',
      `Đã xóa thông tin cá nhân của ${out.rows} ý kiến nhận trước ngày ${out.before} (lưu ${loaded.config.retentionMonths} tháng); đã chuyển ${out.photosTrashed} ảnh vào thùng rác${skipped}.`,
    );
  }
  notify(
    'Xóa thông tin cá nhân quá hạn',
    [`Đã xóa thông tin cá nhân của ${out.rows} ý kiến nhận trước ngày ${out.before}; đã chuyển ${out.photosTrashed} ảnh vào thùng rác.`],
    {
      quiet: true,
    },
  );
  return out;
}
