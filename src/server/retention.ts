/**
 * The nightly run's retention steps beyond the sheet's rows: the box's sent mail past the retention period, and
 * reports and notices past their archive period, each moved to the trash in bounded batches. Called by the nightly
 * handler after the owner guard, each as a piece of its own: a failure is thrown to the nightly run, which names it
 * and still runs the other pieces. Counts go to Nhật ký, never content.
 */
import type { CallBudget } from '../core/privacy/night-budget';
import { retentionCutoff } from '../core/privacy/retention';
import { formatLocalDate } from '../core/staff/deadline';
import type { LoadedConfig } from '../gas/config/load-config';
import { writeLog } from '../gas/log';
import { trashExpiredReports } from '../gas/report-archive';
import { trashExpiredBoxMail } from '../gas/sent-mail';

const MAIL_LOG = 'Xóa thư quá hạn';
const REPORTS_LOG = 'Xóa báo cáo quá hạn lưu';

/**
 * The box's committee emails and replies in Sent mail sent before the retention cutoff go to Gmail's trash (Gmail
 * empties it after 30 days). As many threads as the night's call budget pays for (leaving `keep`); the rest the next
 * nights.
 */
export function trashExpiredSentMail(loaded: LoadedConfig, now: Date, budget: CallBudget, keep: number): string {
  const months = loaded.config.retentionMonths;
  const cutoff = retentionCutoff(now, months);
  const r = trashExpiredBoxMail(cutoff, budget, keep);
  const more = r.more ? ' Còn thư cũ: đêm sau xóa tiếp.' : '';
  const line = `Đã chuyển ${r.trashed} chuỗi thư (email báo ý kiến, thư trả lời) gửi trước ngày ${formatLocalDate(cutoff)} vào thùng rác của Gmail (lưu ${months} tháng).${more}`;
  if (r.trashed > 0 || r.more) writeLog(MAIL_LOG, line);
  return line;
}

/**
 * Reports and notices made before the archive cutoff go to the Drive trash, as many files looked at as the night's
 * call budget pays for; the next nights read on through the folder. Nhật ký hears of nights that trashed some.
 */
export function trashExpiredReportFiles(loaded: LoadedConfig, now: Date, budget: CallBudget): string {
  const months = loaded.config.reportArchiveMonths;
  const cutoff = retentionCutoff(now, months);
  const r = trashExpiredReports(cutoff, budget);
  const more = r.more ? ' Còn tệp chưa xem: đêm sau làm tiếp.' : '';
  const line = `Đã chuyển ${r.trashed} tệp báo cáo, kết quả theo địa điểm lập trước ngày ${formatLocalDate(cutoff)} vào thùng rác (lưu ${months} tháng).${more}`;
  if (r.trashed > 0) writeLog(REPORTS_LOG, line);
  return line;
}
