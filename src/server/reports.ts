/**
 * The committee's documents and figures: the weekly digest email, the monthly synthesis report and the per-location
 * notices, as Google Docs and PDFs in the reports folder. No personal data leaves the responses sheet. Each entry point
 * calls requireOwner first (they make Drive files and send mail) and returns what it made for the admin page.
 */
import { errorMessage } from '../core/common/ports';
import { rowToRecord } from '../core/records/feedback-record';
import { digestEmail } from '../core/mail/reply-email';
import { defaultPeriod, isJunk, locationNotice, type Period } from '../core/reports/report';
import {
  PERIOD_PROMPT,
  digestFromRows,
  noticeBlocks,
  noticesName,
  parsePeriodInput,
  synthesisFromRows,
  type ReportHeaderTexts,
} from '../core/reports/report-layout';
import type { BoxConfig } from '../core/config/config';
import { formatVietnam } from '../core/common/time';
import { loadConfig, type LoadedConfig } from '../gas/config/load-config';
import { renderNewVersion } from '../gas/report-versions';
import { DIGEST_DUE_PROPERTY, DIGEST_SENT_PROPERTY, alreadySentMessage, digestWeek } from '../core/mail/digest-week';
import { learnedExhausted, mailShares, mayDigest, probed, spent } from '../core/mail/budget';
import { isQuotaError } from '../core/mail/pending';
import { probeRemaining, readQuota, writeQuota } from '../gas/mail-quota';
import { writeLog } from '../gas/log';
import { renderToReports } from '../gas/report-doc';
import { consoleLogger, gmailMailer } from '../gas/services';
import { readDataBlock, residentsLink, responsesSheet } from '../gas/staff-sheet';
import type { AdminLink, AdminResult, PeriodOptions } from '../shared/types';
import { requireOwner } from './admin/guard';
import { adminResult } from './admin/result';

// ---- Weekly digest ----

export interface DigestOutcome extends AdminResult {
  sent: boolean;
  received: number;
  awaiting: number;
  overdue: number;
}

/**
 * Time trigger (weekly) and owner action: counts for the last 7 days, emailed to the committee. No personal data.
 * Once a week: a second send in the same week is refused. It never eats the recipients kept for replies to residents;
 * held back by the quota, it stays due and the pending trigger sends it when the quota allows.
 */
export function sendWeeklyDigest(e?: unknown): DigestOutcome {
  requireOwner('sendWeeklyDigest', e);
  return sendDigestOnce(new Date());
}

/** The digest, at most once per week (see sendWeeklyDigest). Also called by the pending trigger for a due digest. */
export function sendDigestOnce(now: Date): DigestOutcome {
  const title = 'Tổng hợp tuần';
  const loaded = loadConfig();
  const props = PropertiesService.getScriptProperties();
  // A digest the quota held back is sent for its own week, even when the quota only allows it in the next one: that
  // week's own digest still goes, so no week of opinions is left out of every digest.
  const due = props.getProperty(DIGEST_DUE_PROPERTY);
  const week = due && due < digestWeek(now) ? due : digestWeek(now);
  const zero = { received: 0, awaiting: 0, overdue: 0 };
  if (props.getProperty(DIGEST_SENT_PROPERTY) === week) {
    props.deleteProperty(DIGEST_DUE_PROPERTY);
    return { ...adminResult(title, [alreadySentMessage(week)], { ok: false }), sent: false, ...zero };
  }
  if (loaded.config.recipients.length === 0) {
    writeLog(title, 'Chưa gửi: chưa có "Email nhận ý kiến" trong trang Cấu hình.');
    return {
      ...adminResult(title, ['Chưa gửi: chưa có "Email nhận ý kiến" trong trang Cấu hình.'], { ok: false }),
      sent: false,
      ...zero,
    };
  }
  const shares = mailShares(loaded.config.mailDailyQuota, loaded.config.recipients.length);
  let quota = readQuota(shares, now.getTime(), props);
  const left = probeRemaining();
  if (left !== null) quota = probed(quota, left, now.getTime());
  if (!mayDigest(quota, shares, now.getTime())) {
    props.setProperty(DIGEST_DUE_PROPERTY, week);
    writeQuota(quota, props);
    const line =
      'Chưa gửi tổng hợp tuần: hạn mức email hôm nay đang để dành cho thư trả lời người dân. Hệ thống sẽ tự gửi khi hạn mức cho phép.';
    writeLog(title, line);
    return { ...adminResult(title, [line], { ok: false }), sent: false, ...zero };
  }
  const digest = digestFromRows(readDataBlock(responsesSheet(loaded)), now);
  const counts = { received: digest.received, awaiting: digest.awaiting, overdue: digest.overdue };
  let sent = false;
  try {
    gmailMailer.send(
      digestEmail(digest, { wardName: loaded.config.wardName, recipients: loaded.config.recipients, sheetUrl: loaded.spreadsheetUrl }),
    );
    sent = true;
    quota = spent(quota, loaded.config.recipients.length);
    props.setProperty(DIGEST_SENT_PROPERTY, week);
    props.deleteProperty(DIGEST_DUE_PROPERTY);
  } catch (err) {
    consoleLogger.error('digest.failed', err);
    writeLog(title, `Chưa gửi được: ${errorMessage(err)}`);
    if (isQuotaError(err)) {
      quota = learnedExhausted(quota, now.getTime());
      props.setProperty(DIGEST_DUE_PROPERTY, week);
    }
  }
  writeQuota(quota, props);
  const line = sent
    ? `Đã gửi tổng hợp tuần tới ${loaded.config.recipients.join(', ')}: ${digest.received} ý kiến mới, ${digest.overdue} quá hạn.`
    : 'Chưa gửi được tổng hợp tuần (xem Nhật ký).';
  return { ...adminResult(title, [line], { ok: sent }), sent, ...counts };
}

// ---- Documents ----

/**
 * The period of a document: `e.period` as the owner typed it on the admin page ("MM/yyyy" or "dd/MM/yyyy -
 * dd/MM/yyyy"), last month when empty or not given (the script editor, a trigger). An unreadable one is an error.
 */
function periodOf(e: unknown, now: Date): { period: Period } | { error: string } {
  const given = e && typeof e === 'object' ? (e as PeriodOptions).period : undefined;
  if (typeof given !== 'string' || given.trim() === '') return { period: defaultPeriod(now) };
  const parsed = parsePeriodInput(given, now);
  return 'period' in parsed ? parsed : { error: parsed.error };
}

export interface DocOutcome extends AdminResult {
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
  return { ...adminResult(title, [`Chưa lập được tài liệu: ${errorMessage(err)}`], { ok: false }), error: errorMessage(err) };
}

function badPeriod(title: string, error: string): DocOutcome {
  return { ...adminResult(title, [error, PERIOD_PROMPT], { ok: false }), error: 'period' };
}

function docLinks(doc: { docUrl: string; pdfUrl: string }, pdfLabel = 'Mở bản PDF'): AdminLink[] {
  return [
    { label: 'Mở Google Docs', url: doc.docUrl },
    { label: pdfLabel, url: doc.pdfUrl },
  ];
}

/** The report's head and signature texts from Cấu hình. */
function reportHeader(c: BoxConfig): Partial<ReportHeaderTexts> {
  return {
    issuer: c.reportIssuer,
    symbol: c.reportSymbol,
    place: c.reportPlace,
    authority: c.reportAuthority,
    signerTitle: c.reportSignerTitle,
    signerName: c.reportSignerName,
  };
}

/** The synthesis report of a period from one read of Góp ý, as the owner's action and the monthly trigger build it. */
export function synthesisDocument(loaded: LoadedConfig, period: Period, now: Date) {
  return synthesisFromRows(readDataBlock(responsesSheet(loaded)), period, now, {
    categories: loaded.config.categories,
    wardName: loaded.config.wardName,
    committeeName: loaded.config.committeeName,
    generatedText: formatVietnam(now),
    threshold: loaded.config.groupingThreshold,
    placeNames: loaded.locations.map((l) => l.name),
    header: reportHeader(loaded.config),
  });
}

/**
 * Owner action: the monthly "Báo cáo tổng hợp ý kiến, kiến nghị của Nhân dân" as a Google Doc and PDF in the reports
 * folder, from one read of the responses sheet. Personal data is stripped (buildReport). The links go to Nhật ký and
 * to the admin page. The period comes from the admin page ({period: '03/2025'}), last month when none.
 */
export function buildSynthesisReport(e?: PeriodOptions | unknown): DocOutcome {
  requireOwner('buildSynthesisReport', e);
  const title = 'Báo cáo tổng hợp';
  const now = new Date();
  const chosen = periodOf(e, now);
  if ('error' in chosen) return badPeriod(title, chosen.error);
  const period = chosen.period;
  try {
    const loaded = loadConfig();
    const { model, name: baseName, blocks } = synthesisDocument(loaded, period, now);
    // Each build of a period is a new numbered version beside the earlier ones ("lần 2"…).
    const doc = renderNewVersion(baseName, period, blocks, false);
    const name = doc.name;
    const summary = model.empty ? `Trong ${model.periodLabel} không có ý kiến nào.` : `${model.total} ý kiến trong ${model.periodLabel}.`;
    writeLog(title, `${name}: ${summary} Google Docs: ${doc.docUrl} | PDF: ${doc.pdfUrl}`);
    const result = adminResult(title, [`Đã lập "${name}".`, summary], { links: docLinks(doc) });
    return { ...result, ...doc, name, periodLabel: model.periodLabel, total: model.total, empty: model.empty };
  } catch (err) {
    return failed(title, err);
  }
}

/**
 * Owner action: one printable page per location, "Kết quả tiếp nhận và giải quyết" for the period, in one Doc with
 * page breaks, and its PDF in the reports folder. Active locations, plus any other location code with opinions (not
 * junk) in the period. The period comes from the admin page ({period: '03/2025'}), last month when none.
 */
export function buildLocationNotices(e?: PeriodOptions | unknown): DocOutcome & { locations?: number } {
  requireOwner('buildLocationNotices', e);
  const title = 'Kết quả theo địa điểm';
  const now = new Date();
  const chosen = periodOf(e, now);
  if ('error' in chosen) return badPeriod(title, chosen.error);
  const period = chosen.period;
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
      if (code && at >= from && at < to && !isJunk(r) && !known.has(code.toUpperCase())) {
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
    // Printed for residents: the configured residents' page only, never this run's own address.
    const residents = residentsLink(loaded);
    const base = residents.ok ? residents.url : '';
    const blocks = noticeBlocks(notices, {
      wardName: loaded.config.wardName,
      committeeName: loaded.config.committeeName,
      generatedAt: now,
      lookupUrl: base ? `${base}${base.includes('?') ? '&' : '?'}view=track` : undefined,
      resultsUrl: base ? (code) => `${base}${base.includes('?') ? '&' : '?'}view=results&loc=${encodeURIComponent(code)}` : undefined,
    });
    if (blocks.length === 0) {
      return { ...adminResult(title, ['Chưa có địa điểm nào đang hoạt động trong trang Địa điểm.'], { ok: false }), error: 'no-locations' };
    }
    const doc = renderToReports(name, blocks);
    writeLog(title, `${name}: ${notices.length} địa điểm. Google Docs: ${doc.docUrl} | PDF: ${doc.pdfUrl}`);
    const lines = [`Đã lập "${name}" cho ${notices.length} địa điểm, mỗi địa điểm một trang.`];
    if (!residents.ok) lines.push(`Bản in chưa có đường dẫn tra cứu và trang kết quả công khai. ${residents.message}`);
    const result = adminResult(title, lines, { links: docLinks(doc, 'Mở bản PDF để in') });
    return { ...result, name, periodLabel: notices[0]?.periodLabel, locations: notices.length, ...doc };
  } catch (err) {
    return failed(title, err);
  }
}
