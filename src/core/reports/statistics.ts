/**
 * The "Thống kê" sheet's figures: the report's counts for the last whole month (by category, by location — the ten
 * with most opinions and "Các địa điểm khác" — and by status) and the 12-month trend with the on-time rate, counted
 * as the synthesis report counts them. No personal data: only labels and numbers.
 *
 * Laid out as a Looker Studio source: four tables side by side, each starting on row 1 with one header row and one
 * empty column between them, so each is a range of its own (e.g. A1:C12) with nothing above or beside its header.
 */
import { FEEDBACK_STATUSES } from '../../shared/types';
import { canonicalStatus, isKnownStatus } from '../records/status';
import { isValidDate, type FeedbackRecord } from '../records/feedback-record';
import { publishableText, senderOf } from '../privacy/publish';
import { isFinalStatus, localDayNumber, localMidnight, localParts } from '../staff/deadline';
import { UNSPECIFIED, defaultPeriod, isJunk, periodLabel, type Period } from './report';
import { OTHER_LOCATIONS, TOP_LOCATIONS, TREND_MONTHS } from './report-figures';

export const STATS_SHEET = 'Thống kê';
/** The same cut as the report's charts: ten locations one by one, the rest summed; twelve months of trend. */
export { OTHER_LOCATIONS, TOP_LOCATIONS, TREND_MONTHS };

export type StatCell = string | number | Date;

export interface StatTable {
  /** Stable id, also the chart's key. */
  id: 'category' | 'location' | 'status' | 'trend';
  /** The chart's title. */
  title: string;
  /** 1-based first column of the table on the sheet. */
  column: number;
  header: string[];
  rows: StatCell[][];
}

export interface Statistics {
  period: Period;
  periodLabel: string;
  tables: StatTable[];
}

const NEW_STATUS: string = FEEDBACK_STATUSES[0];

function clean(s: unknown): string {
  return String(s ?? '')
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Counts with a fixed head (kept at zero) followed by the others, most first. */
function counted(head: readonly string[], counts: Map<string, number>): [string, number][] {
  const heads = [...new Set(head.map(clean).filter(Boolean))];
  const rest = [...counts].filter(([k]) => !heads.includes(k)).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return [...heads.map((h): [string, number] => [h, counts.get(h) ?? 0]), ...rest];
}

function add(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

interface MonthFigures {
  received: number;
  resolved: number;
  eligible: number;
  onTime: number;
}

/** The month a time falls in, as "yyyy-MM" of Vietnam time. */
function monthKey(d: Date): string {
  const p = localParts(d);
  return `${p.year}-${String(p.month).padStart(2, '0')}`;
}

/**
 * The figures of the period `defaultPeriod(now)` (last whole month) and the 12 months ending with it. On time as in
 * the report: a final status with a due date, completed (reply sent, else last update) on or before the due day.
 */
export function buildStatistics(records: readonly FeedbackRecord[], now: Date, opts: { categories: readonly string[] }): Statistics {
  const period = defaultPeriod(now);
  const from = period.from.getTime();
  const to = period.to.getTime();
  const end = localParts(period.from);
  const months: { key: string; start: Date }[] = [];
  for (let i = TREND_MONTHS - 1; i >= 0; i--) {
    const start = localMidnight(end.year, end.month - i, 1);
    months.push({ key: monthKey(start), start });
  }
  const trend = new Map<string, MonthFigures>(months.map((m) => [m.key, { received: 0, resolved: 0, eligible: 0, onTime: 0 }]));
  const byCategory = new Map<string, number>();
  const byLocation = new Map<string, number>();
  const byStatus = new Map<string, number>();
  for (const r of records) {
    // Junk from a flood ("Rác / spam") is no one's opinion, as in the reports.
    if (!isValidDate(r.receivedAt) || isJunk(r)) continue;
    const at = r.receivedAt.getTime();
    const status = canonicalStatus(r.status) || NEW_STATUS;
    const month = trend.get(monthKey(r.receivedAt));
    if (month && at < to) {
      month.received++;
      if (isFinalStatus(status)) {
        month.resolved++;
        const done = isValidDate(r.replySentAt) ? r.replySentAt : isValidDate(r.updatedAt) ? r.updatedAt : null;
        if (isValidDate(r.dueAt) && done) {
          month.eligible++;
          if (localDayNumber(done) <= localDayNumber(r.dueAt)) month.onTime++;
        }
      }
    }
    if (at < from || at >= to) continue;
    // Labels staff may type are masked as published text, with the row's own sender: a name or a phone typed into
    // one never reaches the sheet.
    const sender = senderOf(r);
    const masked = (label: string) => clean(publishableText(label, sender));
    add(byCategory, clean(r.category) ? masked(clean(r.category)) : UNSPECIFIED);
    const location = clean(r.locationName) || clean(r.locationCode);
    add(byLocation, location ? masked(location) : UNSPECIFIED);
    add(byStatus, isKnownStatus(status) ? status : masked(status));
  }
  const label = periodLabel(period);
  const locations = counted([], byLocation);
  const top = locations.slice(0, TOP_LOCATIONS);
  const others = locations.slice(TOP_LOCATIONS).reduce((n, [, c]) => n + c, 0);
  if (locations.length > TOP_LOCATIONS) top.push([OTHER_LOCATIONS, others]);
  const withPeriod = (rows: [string, number][]) => rows.map(([k, n]): StatCell[] => [label, k, n]);
  const tables: StatTable[] = [
    {
      id: 'category',
      title: `Ý kiến theo lĩnh vực – ${label}`,
      column: 1,
      header: ['Kỳ', 'Lĩnh vực', 'Số ý kiến'],
      rows: withPeriod(counted(opts.categories, byCategory)),
    },
    {
      id: 'location',
      title: `Ý kiến theo địa điểm (${TOP_LOCATIONS} nơi nhiều nhất) – ${label}`,
      column: 5,
      header: ['Kỳ', 'Địa điểm', 'Số ý kiến'],
      rows: withPeriod(top),
    },
    {
      id: 'status',
      title: `Ý kiến theo trạng thái – ${label}`,
      column: 9,
      header: ['Kỳ', 'Trạng thái', 'Số ý kiến'],
      rows: withPeriod(counted(FEEDBACK_STATUSES, byStatus)),
    },
    {
      id: 'trend',
      title: `Ý kiến 12 tháng và tỷ lệ giải quyết đúng hạn – đến ${label}`,
      column: 13,
      header: ['Tháng', 'Số ý kiến', 'Đã giải quyết', 'Giải quyết đúng hạn', 'Tỷ lệ đúng hạn'],
      rows: months.map(({ key, start }) => {
        const m = trend.get(key)!;
        return [start, m.received, m.resolved, m.onTime, m.eligible ? Math.round((m.onTime / m.eligible) * 1000) / 1000 : ''];
      }),
    },
  ];
  return { period, periodLabel: label, tables };
}

/** The 1-based last column of a table. */
export function lastColumn(t: StatTable): number {
  return t.column + t.header.length - 1;
}

/**
 * All tables as one block of rows from A1, `height` rows tall (at least the tallest table plus its header): cells
 * outside every table are '' so one write also clears what an earlier, longer table left.
 */
export function statisticsGrid(stats: Statistics, height = 0): StatCell[][] {
  const width = stats.tables.map(lastColumn).reduce((a, b) => Math.max(a, b), -Infinity);
  const rows = stats.tables.reduce((a, t) => Math.max(a, t.rows.length + 1), height);
  const grid: StatCell[][] = Array.from({ length: rows }, () => Array.from({ length: width }, (): StatCell => ''));
  for (const t of stats.tables) {
    [t.header, ...t.rows].forEach((line, r) => line.forEach((v, c) => (grid[r][t.column - 1 + c] = v)));
  }
  return grid;
}

/** What decides the charts (ranges and titles): when it changes, the charts are made again. */
export function statisticsLayout(stats: Statistics): string {
  return stats.tables.map((t) => `${t.id}:${t.column}:${t.header.length}x${t.rows.length + 1}:${t.title}`).join(';');
}
