/**
 * Rebuilding what the public results page shows: `refreshPublicResults` (an hourly trigger, and an owner action)
 * rebuilds the stored summary from one read of Góp ý; the same read refreshes the "Thống kê" sheet and its charts, and
 * the lookup's shared replies (shared-replies.ts).
 * The page itself is served by results.ts.
 */
import { errorMessage } from '../core/common/ports';
import { rowToRecord } from '../core/records/feedback-record';
import { buildPublicResults, publishLogLines, type PublicResults } from '../core/reports/public-results';
import { STATS_SHEET, buildStatistics } from '../core/reports/statistics';
import { statisticsSheet, writeStatistics } from '../gas/statistics-sheet';
import { loadConfig, noteResidentsLinkLeftOut, residentsLink, residentsUrl, type LoadedConfig } from '../gas/config/load-config';
import { writeLog } from '../gas/log';
import { saveResults } from '../gas/results-store';
import { consoleLogger } from '../gas/services';
import { readDataBlock, responsesSheet } from '../gas/staff-sheet';
import type { AdminResult } from '../shared/types';
import { requireOwner } from './admin/guard';
import { storeSharedReplies } from './shared-replies';
import { adminResult } from './admin/result';

/** The summary from the configuration and the rows as read (one getValues of Góp ý). */
export function publicResultsFrom(loaded: LoadedConfig, rows: readonly (readonly unknown[])[], now: Date): PublicResults {
  return buildPublicResults(rows.map(rowToRecord), {
    now,
    wardName: loaded.config.wardName,
    committeeName: loaded.config.committeeName,
    // Built by a trigger or the admin page, whose own address is not the residents' page: the configured one only.
    appUrl: residentsUrl(loaded),
    locations: loaded.locations,
  });
}

/**
 * The "Thống kê" sheet from the same rows, under the script lock (two refreshes must not both replace the charts).
 * Its failure is logged and said, never a reason to lose the results page's rebuild.
 */
function refreshStatistics(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  rows: readonly (readonly unknown[])[],
  now: Date,
  categories: string[],
): string {
  const lock = LockService.getScriptLock();
  if (!lock.tryLock(STATS_LOCK_MS)) return 'Trang Thống kê chưa cập nhật lần này vì hệ thống đang bận; lần chạy sau sẽ cập nhật.';
  try {
    const stats = buildStatistics(rows.map(rowToRecord), now, { categories });
    writeStatistics(statisticsSheet(ss), stats);
    return `Trang "${STATS_SHEET}" đã cập nhật số liệu ${stats.periodLabel} và 12 tháng gần nhất.`;
  } catch (err) {
    consoleLogger.error('statistics.failed', err);
    writeLog('Thống kê', `Lỗi khi cập nhật trang "${STATS_SHEET}": ${errorMessage(err)}`);
    return `Chưa cập nhật được trang "${STATS_SHEET}": ${errorMessage(err)}`;
  } finally {
    lock.releaseLock();
  }
}

const STATS_LOCK_MS = 10000;

/** What was last written to Nhật ký about ticked rows, so an hourly run says a problem once, not every hour. */
const PROP_LAST_NOTE = 'PUBLIC_RESULTS_NOTE';

export interface RefreshOutcome extends AdminResult {
  published?: number;
  shown?: number;
  locations?: number;
  error?: string;
}

/**
 * Hourly trigger and owner action: rebuilds the public results page's stored summary. Only rows ticked "Công khai"
 * are read into it, with month, category, status and the masked public reply; ticked rows without a reply or a
 * location are said in Nhật ký (once until they change).
 */
export function refreshPublicResults(e?: unknown): RefreshOutcome {
  requireOwner('refreshPublicResults', e);
  const title = 'Cập nhật trang kết quả công khai';
  try {
    const loaded = loadConfig();
    const sheet = responsesSheet(loaded);
    const rows = readDataBlock(sheet);
    const now = new Date();
    const results = publicResultsFrom(loaded, rows, now);
    saveResults(results);
    // The same read gives the lookup its shared replies masked with every holder's sender, for the next 6 hours.
    storeSharedReplies(rows.map(rowToRecord), 'results.refresh');
    const lines = publishLogLines(results);
    lines.push(refreshStatistics(sheet.getParent(), rows, now, loaded.config.categories));
    const props = PropertiesService.getScriptProperties();
    const note = lines.slice(1, -1).join('\n').slice(0, 4000);
    if (note !== (props.getProperty(PROP_LAST_NOTE) ?? '')) {
      if (note) writeLog(title, lines.slice(0, -1).join('\n'));
      props.setProperty(PROP_LAST_NOTE, note);
    }
    const residents = residentsLink(loaded);
    const links = residents.ok
      ? [{ label: 'Mở trang kết quả công khai', url: `${residents.url}${residents.url.includes('?') ? '&' : '?'}view=results` }]
      : [];
    if (!residents.ok) {
      noteResidentsLinkLeftOut(loaded, title, 'Trang kết quả công khai vừa cập nhật');
      lines.push(`Các liên kết trên trang kết quả công khai chưa có địa chỉ trang góp ý. ${residents.message}`);
    }
    return {
      ...adminResult(title, lines, { links }),
      published: results.published,
      shown: results.shown,
      locations: results.locations.size,
    };
  } catch (err) {
    consoleLogger.error('results.refresh-failed', err);
    writeLog(title, `Lỗi: ${errorMessage(err)}`);
    return { ...adminResult(title, [`Chưa cập nhật được: ${errorMessage(err)}`], { ok: false }), error: errorMessage(err) };
  }
}
