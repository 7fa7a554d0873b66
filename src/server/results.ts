/**
 * The public results page: what staff ticked "Công khai" in Góp ý, per location, for anyone. `resultsPage` serves it
 * from the script cache, or from the one script property it needs when the cache expired; `refreshPublicResults`
 * (an hourly trigger, and an owner action) rebuilds the stored summary from one read of Góp ý, so editing the Sheet
 * never costs a resident's view anything; the same read refreshes the "Thống kê" sheet and its charts.
 */
import { errorMessage } from '../core/common/ports';
import { rowToRecord } from '../core/records/feedback-record';
import { LOCATION_CODE_PATTERN } from '../core/posters/poster';
import {
  buildPublicResults,
  parseStored,
  publishLogLines,
  type PublicResults,
  type StoredIndex,
  type StoredLocation,
} from '../core/reports/public-results';
import { resultsIndexHtml, resultsLocationHtml, resultsUnavailableHtml } from '../core/reports/results-page';
import { STATS_SHEET, buildStatistics } from '../core/reports/statistics';
import { statisticsSheet, writeStatistics } from '../gas/statistics-sheet';
import { loadConfig, noteResidentsLinkLeftOut, residentsLink, residentsUrl, type LoadedConfig } from '../gas/config/load-config';
import { writeLog } from '../gas/log';
import { RESULTS_CACHE_SECONDS, RESULTS_INDEX, resultsCacheKey, resultsKey, resultsPropertyKey, saveResults } from '../gas/results-store';
import { consoleLogger, visitorCache } from '../gas/services';
import { readDataBlock, responsesSheet } from '../gas/staff-sheet';
import type { AdminResult } from '../shared/types';
import { requireOwner } from './admin/guard';
import { adminResult } from './admin/result';

type Rendered = { title: string; html: string };

/** The cached form: the title on the first line, then the page. */
function packPage(p: Rendered): string {
  return `${p.title.replace(/\n/g, ' ')}\n${p.html}`;
}

function unpackPage(s: string): Rendered | null {
  const nl = s.indexOf('\n');
  return nl > 0 ? { title: s.slice(0, nl), html: s.slice(nl + 1) } : null;
}

/** The page for `?view=results` (loc '' = the index). Never throws: a failure shows "being updated" and is logged. */
function renderResults(loc: string): Rendered {
  const typed = loc.trim();
  // Text that cannot be a location code is never looked up: it gets the index with a notice.
  const key = typed && LOCATION_CODE_PATTERN.test(typed) ? resultsKey(typed) : RESULTS_INDEX;
  const cache = visitorCache();
  if (!typed || key !== RESULTS_INDEX) {
    const hit = cache.get(resultsCacheKey(key));
    const cached = hit ? unpackPage(hit) : null;
    if (cached) return cached;
  }
  const props = PropertiesService.getScriptProperties();
  let page: Rendered | null = null;
  if (key !== RESULTS_INDEX) {
    const stored = parseStored<StoredLocation>(props.getProperty(resultsPropertyKey(key)), 'location');
    if (stored) page = resultsLocationHtml(stored);
  }
  if (!page) {
    const index = parseStored<StoredIndex>(props.getProperty(resultsPropertyKey(RESULTS_INDEX)), 'index');
    if (!index) return resultsUnavailableHtml();
    // A code nobody has (mistyped, or a removed location) is answered with the index, and not cached: made-up
    // codes must not fill the cache.
    if (typed) return resultsIndexHtml(index, `Không tìm thấy địa điểm "${typed.slice(0, 40)}". Hãy chọn trong danh sách dưới đây.`);
    page = resultsIndexHtml(index);
  }
  cache.put(resultsCacheKey(key), packPage(page), RESULTS_CACHE_SECONDS);
  return page;
}

/** doGet's answer for `?view=results`: at most five service calls, also when the cache has expired. */
export function resultsPage(loc: string): GoogleAppsScript.HTML.HtmlOutput {
  let page: Rendered;
  try {
    page = renderResults(loc);
  } catch (err) {
    consoleLogger.error('results.view-failed', err);
    page = resultsUnavailableHtml();
  }
  return HtmlService.createHtmlOutput(page.html).setTitle(page.title).addMetaTag('viewport', 'width=device-width, initial-scale=1');
}

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
