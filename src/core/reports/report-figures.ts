/**
 * The synthesis report's charts as data: opinions by category, by location (the ten with most and the others), by
 * status, and the 12-month trend of opinions received with the on-time rate. Pure: src/gas/report-charts.ts draws
 * each ChartSpec with the Charts service. Only labels (already masked by the report) and numbers: no personal data.
 */
import { isValidDate, type FeedbackRecord } from '../records/feedback-record';
import { isFinalStatus, localDayNumber, localMidnight, localParts } from '../staff/deadline';
import type { CountRow, Period, ReportModel } from './report';
import { isJunk } from './junk';

/** Locations shown one by one in the location chart; the rest are summed as OTHER_LOCATIONS. */
export const TOP_LOCATIONS = 10;
export const OTHER_LOCATIONS = 'Các địa điểm khác';
export const TREND_MONTHS = 12;

/** One month of the trend: opinions received in it, and how many of those were completed on time. */
export interface MonthFigure {
  /** "6/2026". */
  label: string;
  received: number;
  /** Received in the month, final, with a due day and a completion time. */
  eligible: number;
  onTime: number;
  /** onTime / eligible in percent (one decimal), null when nothing is eligible. */
  rate: number | null;
}

/**
 * A chart to draw. Bars and columns are drawn in black, lines in black with points: readable when printed in black
 * and white. `width` × `height` is the printed size in points; the image is drawn at twice that in pixels.
 */
export interface ChartSpec {
  id: 'category' | 'location' | 'status' | 'trend' | 'ontime';
  type: 'bar' | 'column' | 'line';
  title: string;
  /** Heading of the label column (the data table's first column). */
  labelHeader: string;
  /** Heading of the value column. */
  valueHeader: string;
  labels: string[];
  values: number[];
  /** Values are percentages (axis 0–100). */
  percent?: boolean;
  width: number;
  height: number;
}

/** The printed width of a chart: the text width of the report's A4 page (595 − 85 − 43 pt), rounded down. */
export const CHART_WIDTH = 460;

/** The `n` largest rows (ties by label), then one row summing the rest when there is a rest. Zeros are left out. */
export function topWithOthers(rows: readonly CountRow[], n = TOP_LOCATIONS, othersLabel = OTHER_LOCATIONS): CountRow[] {
  const shown = rows.filter((r) => r.count > 0).sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  if (shown.length <= n) return shown;
  const rest = shown.slice(n).reduce((s, r) => s + r.count, 0);
  return [...shown.slice(0, n), { label: othersLabel, count: rest }];
}

/**
 * The `months` calendar months (Vietnam time) ending with the one the period ends in, oldest first: opinions
 * received in each (junk left out) and the on-time rate, counted as the report counts them (a final status with a due day,
 * completed — reply sent, else last update — on or before the due day).
 */
export function monthlyTrend(records: readonly FeedbackRecord[], period: Period, months = TREND_MONTHS): MonthFigure[] {
  const last = localParts(new Date(period.to.getTime() - 1));
  const starts: number[] = [];
  for (let i = months - 1; i >= 0; i--) starts.push(localMidnight(last.year, last.month - i, 1).getTime());
  const end = localMidnight(last.year, last.month + 1, 1).getTime();
  const out: MonthFigure[] = starts.map((s) => {
    const p = localParts(new Date(s));
    return { label: `${p.month}/${p.year}`, received: 0, eligible: 0, onTime: 0, rate: null };
  });
  for (const r of records) {
    if (!isValidDate(r.receivedAt) || isJunk(r)) continue;
    const at = r.receivedAt.getTime();
    if (at < starts[0] || at >= end) continue;
    let i = starts.length - 1;
    while (starts[i] > at) i--;
    const m = out[i];
    m.received++;
    if (!isFinalStatus(String(r.status ?? '')) || !isValidDate(r.dueAt)) continue;
    const done = isValidDate(r.replySentAt) ? r.replySentAt : isValidDate(r.updatedAt) ? r.updatedAt : null;
    if (!done) continue;
    m.eligible++;
    if (localDayNumber(done) <= localDayNumber(r.dueAt)) m.onTime++;
  }
  for (const m of out) m.rate = m.eligible ? Math.round((m.onTime / m.eligible) * 1000) / 10 : null;
  return out;
}

function countChart(id: ChartSpec['id'], title: string, labelHeader: string, rows: readonly CountRow[]): ChartSpec {
  // Horizontal bars: long Vietnamese labels stay readable; one bar is about 22 pt high.
  return {
    id,
    type: 'bar',
    title,
    labelHeader,
    valueHeader: 'Số ý kiến',
    labels: rows.map((r) => r.label),
    values: rows.map((r) => r.count),
    width: CHART_WIDTH,
    height: Math.min(340, 70 + 22 * Math.max(1, rows.length)),
  };
}

/** The charts of section I (by category, location, status), each only when it has something to show. */
export function countCharts(model: ReportModel): ChartSpec[] {
  if (model.empty) return [];
  const nonZero = (rows: readonly CountRow[]) => rows.filter((r) => r.count > 0);
  return [
    countChart('category', 'Số ý kiến theo lĩnh vực', 'Lĩnh vực', nonZero(model.byCategory)),
    countChart('location', `Số ý kiến theo địa điểm (${TOP_LOCATIONS} địa điểm nhiều nhất)`, 'Địa điểm', topWithOthers(model.byLocation)),
    countChart('status', 'Số ý kiến theo tình trạng xử lý', 'Tình trạng', nonZero(model.byStatus)),
  ].filter((c) => c.values.length > 0);
}

/**
 * The trend charts of section II: opinions received per month (columns), and the on-time rate per month (a line
 * over the months that have one; none when no month has).
 */
export function trendCharts(trend: readonly MonthFigure[]): ChartSpec[] {
  if (trend.length === 0 || trend.every((m) => m.received === 0)) return [];
  const out: ChartSpec[] = [
    {
      id: 'trend',
      type: 'column',
      title: `Số ý kiến tiếp nhận trong ${trend.length} tháng`,
      labelHeader: 'Tháng',
      valueHeader: 'Số ý kiến',
      labels: trend.map((m) => m.label),
      values: trend.map((m) => m.received),
      width: CHART_WIDTH,
      height: 220,
    },
  ];
  const rated = trend.filter((m) => m.rate !== null);
  if (rated.length > 0) {
    out.push({
      id: 'ontime',
      type: 'line',
      title: 'Tỷ lệ giải quyết đúng hạn theo tháng (%)',
      labelHeader: 'Tháng',
      valueHeader: 'Tỷ lệ đúng hạn (%)',
      labels: rated.map((m) => m.label),
      values: rated.map((m) => m.rate as number),
      percent: true,
      width: CHART_WIDTH,
      height: 220,
    });
  }
  return out;
}
