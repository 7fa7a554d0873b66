/**
 * The monthly report that makes itself: a daily trigger that, on the first working day of a month (or within a few
 * days after it, when that run failed), builds last month's synthesis report with the same builder as the owner's
 * action, files it as a new numbered version and emails the committee its links. Refuses anyone but its own trigger
 * and the owner.
 */
import { errorMessage } from '../core/common/ports';
import { monthlyDecision, monthlyReportEmail, versionedName } from '../core/reports/monthly';
import { periodLabel } from '../core/reports/report';
import { reportName } from '../core/reports/report-layout';
import { loadConfig } from '../gas/config/load-config';
import { writeLog } from '../gas/log';
import { markVersion, readVersions, renderNewVersion } from '../gas/report-versions';
import { consoleLogger, gmailMailer } from '../gas/services';
import type { AdminResult } from '../shared/types';
import { requireOwner } from './admin/guard';
import { adminResult } from './admin/result';
import { synthesisDocument } from './reports';

export interface MonthlyOutcome extends AdminResult {
  built: boolean;
  mailed: boolean;
  name?: string;
  version?: number;
  docUrl?: string;
  pdfUrl?: string;
  error?: string;
}

const TITLE = 'Báo cáo tháng tự động';

/**
 * Daily trigger (installed by setup). Quiet on the days it has nothing to do; otherwise one line in Nhật ký with the
 * links. A failed email is tried again on the next day's run, without building the report again.
 */
export function buildMonthlyReport(e?: unknown): MonthlyOutcome {
  requireOwner('buildMonthlyReport', e);
  const now = new Date();
  try {
    const loaded = loadConfig();
    const decision = monthlyDecision(now, loaded.config.holidays, readVersions());
    if (!decision.build) return { ...adminResult(TITLE, [decision.reason]), built: false, mailed: false };
    let made: { name: string; version: number; docUrl: string; pdfUrl: string; total: number; periodLabel: string };
    if (decision.retryMailOnly) {
      // The report was built; only its email is sent again, with what was recorded when it was built.
      const v = decision.version;
      made = {
        name: v.name ?? versionedName(reportName(decision.period), v.v),
        version: v.v,
        docUrl: v.docUrl ?? '',
        pdfUrl: v.pdfUrl ?? '',
        total: v.total ?? 0,
        periodLabel: periodLabel(decision.period),
      };
    } else {
      const { model, name, blocks } = synthesisDocument(loaded, decision.period, now);
      const doc = renderNewVersion(name, decision.period, blocks, true, { total: model.total });
      made = {
        name: doc.name,
        version: doc.version,
        docUrl: doc.docUrl,
        pdfUrl: doc.pdfUrl,
        total: model.total,
        periodLabel: model.periodLabel,
      };
    }
    const links = [
      { label: 'Mở Google Docs', url: made.docUrl },
      { label: 'Mở bản PDF', url: made.pdfUrl },
    ];
    const recipients = loaded.config.recipients;
    if (recipients.length === 0) {
      const line = `Đã lập "${made.name}" nhưng chưa gửi email: chưa có "Email nhận ý kiến" trong trang Cấu hình.`;
      writeLog(TITLE, `${line} Google Docs: ${made.docUrl} | PDF: ${made.pdfUrl}`);
      return { ...adminResult(TITLE, [line], { ok: false, links }), built: !decision.retryMailOnly, mailed: false, ...made };
    }
    let mailed = false;
    try {
      gmailMailer.send(
        monthlyReportEmail({ recipients, wardName: loaded.config.wardName, committeeName: loaded.config.committeeName, ...made }),
      );
      mailed = true;
      markVersion(decision.key, made.version, { mailed: true });
    } catch (err) {
      consoleLogger.error('monthly.mail-failed', err);
    }
    const line = mailed
      ? `Đã lập "${made.name}" và gửi đường dẫn tới ${recipients.join(', ')}.`
      : `Đã lập "${made.name}" nhưng chưa gửi được email (sẽ thử lại ở lần chạy ngày mai).`;
    writeLog(TITLE, `${line} Google Docs: ${made.docUrl} | PDF: ${made.pdfUrl}`);
    return { ...adminResult(TITLE, [line], { ok: mailed, links }), built: !decision.retryMailOnly, mailed, ...made };
  } catch (err) {
    consoleLogger.error('monthly.failed', err);
    writeLog(TITLE, `Lỗi: ${errorMessage(err)}`);
    return {
      ...adminResult(TITLE, [`Chưa lập được báo cáo tháng: ${errorMessage(err)}`], { ok: false }),
      built: false,
      mailed: false,
      error: errorMessage(err),
    };
  }
}
