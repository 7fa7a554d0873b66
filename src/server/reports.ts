/**
 * The committee's documents and figures: the weekly digest email, the monthly synthesis report and the per-location
 * notices, as Google Docs and PDFs in the reports folder. No personal data leaves the responses sheet. Each entry point
 * calls requireAdmin first (owner only: they make Drive files and send mail).
 */
import { escapeHtml } from '../core/common/html';
import { errorMessage } from '../core/common/ports';
import { rowToRecord } from '../core/records/feedback-record';
import { digestEmail } from '../core/mail/reply-email';
import { defaultPeriod, locationNotice, type Period } from '../core/reports/report';
import {
  PERIOD_PROMPT,
  digestFromRows,
  noticeBlocks,
  noticesName,
  parsePeriodInput,
  synthesisFromRows,
} from '../core/reports/report-layout';
import { formatVietnam } from '../core/common/time';
import { loadConfig } from '../gas/config/load-config';
import { writeLog } from '../gas/log';
import { renderToReports } from '../gas/report-doc';
import { consoleLogger, gmailMailer } from '../gas/services';
import { appUrl, readDataBlock, responsesSheet } from '../gas/staff-sheet';
import { requireAdmin } from './admin/guard';
import { notify } from './notify';

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
