/**
 * Writes the "Thống kê" sheet: the figures in one setValues from A1, their number formats, and four native Sheets
 * charts over the tables (live: they read the cells). The charts are made again only when a table's size or title
 * changed (recorded in a script property); otherwise a refresh writes values alone.
 */
import { literalCell } from '../core/records/sheet-literal';
import {
  STATS_SHEET,
  lastColumn,
  statisticsGrid,
  statisticsLayout,
  type StatCell,
  type StatTable,
  type Statistics,
} from '../core/reports/statistics';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export const PROP_STATS_LAYOUT = 'STATS_LAYOUT';
/** The charts sit below the tables, two per row of charts. */
const CHART_TOP_ROW = 20;
const CHART_ROWS = 20;

function writable(v: StatCell): string | number | Date {
  return typeof v === 'string' ? literalCell(v) : v;
}

function tableRange(sheet: Sheet, t: StatTable, fromColumn = t.column, toColumn = lastColumn(t)): GoogleAppsScript.Spreadsheet.Range {
  return sheet.getRange(1, fromColumn, t.rows.length + 1, toColumn - fromColumn + 1);
}

function buildChart(sheet: Sheet, t: StatTable, i: number): GoogleAppsScript.Spreadsheet.EmbeddedChart {
  const T = Charts.ChartType;
  const builder = sheet
    .newChart()
    .setPosition(CHART_TOP_ROW + Math.floor(i / 2) * CHART_ROWS, 1 + (i % 2) * 8, 0, 0)
    .setNumHeaders(1)
    .setOption('title', t.title)
    .setOption('legend', { position: t.id === 'trend' ? 'bottom' : 'none' });
  if (t.id === 'trend') {
    // Opinions as columns on the left axis, the on-time rate as a line on the right one.
    return builder
      .setChartType(T.COMBO)
      .addRange(tableRange(sheet, t, t.column, t.column + 1))
      .addRange(tableRange(sheet, t, lastColumn(t), lastColumn(t)))
      .setOption('seriesType', 'bars')
      .setOption('series', { 1: { type: 'line', targetAxisIndex: 1, pointSize: 5 } })
      .setOption('vAxes', { 1: { format: 'percent', viewWindow: { min: 0, max: 1 } } })
      .build();
  }
  // Label and count (the Kỳ column is left out of the chart).
  return builder
    .setChartType(T.BAR)
    .addRange(tableRange(sheet, t, t.column + 1, lastColumn(t)))
    .build();
}

export function statisticsSheet(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): Sheet {
  return ss.getSheetByName(STATS_SHEET) ?? ss.insertSheet(STATS_SHEET);
}

/** Writes the figures; returns how many charts were made (0 when the layout was unchanged). */
export function writeStatistics(sheet: Sheet, stats: Statistics): number {
  const grid = statisticsGrid(stats, sheet.getLastRow()).map((r) => r.map(writable));
  sheet.getRange(1, 1, grid.length, grid[0].length).setValues(grid);
  const trend = stats.tables.find((t) => t.id === 'trend')!;
  sheet.getRange(2, trend.column, grid.length - 1, 1).setNumberFormat('MM/yyyy');
  sheet.getRange(2, lastColumn(trend), grid.length - 1, 1).setNumberFormat('0.0%');
  const props = PropertiesService.getScriptProperties();
  const layout = statisticsLayout(stats);
  const charts = sheet.getCharts();
  if (props.getProperty(PROP_STATS_LAYOUT) === layout && charts.length === stats.tables.length) return 0;
  for (const c of charts) sheet.removeChart(c);
  stats.tables.forEach((t, i) => sheet.insertChart(buildChart(sheet, t, i)));
  if (sheet.getFrozenRows() !== 1) sheet.setFrozenRows(1);
  props.setProperty(PROP_STATS_LAYOUT, layout);
  return stats.tables.length;
}
