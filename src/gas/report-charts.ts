/**
 * Draws the report's charts (core/reports/report-figures ChartSpec) with the Charts service, as PNG images for the
 * Doc: black bars and a black line with points on white, so they read the same printed in black and white. About
 * a dozen calls per chart plus one per row of its data.
 */
import type { ChartSpec } from '../core/reports/report-figures';

/** Pixels per printed point: the image is drawn at twice its printed size so it stays sharp on paper. */
export const CHART_SCALE = 2;

type Builder = GoogleAppsScript.Charts.BarChartBuilder;

/** The chart as a PNG blob named "<id>.png", `spec.width × spec.height` points drawn at CHART_SCALE. */
export function chartImage(spec: ChartSpec, font: string): GoogleAppsScript.Base.Blob {
  const data = Charts.newDataTable()
    .addColumn(Charts.ColumnType.STRING, spec.labelHeader)
    .addColumn(Charts.ColumnType.NUMBER, spec.valueHeader);
  for (let i = 0; i < spec.labels.length; i++) data.addRow([spec.labels[i], spec.values[i]]);
  // The three builders share these methods; typed as one to keep a single chain.
  const builder = (spec.type === 'bar'
    ? Charts.newBarChart()
    : spec.type === 'column'
      ? Charts.newColumnChart()
      : Charts.newLineChart()) as unknown as Builder;
  builder
    .setDataTable(data)
    .setTitle(spec.title)
    .setDimensions(Math.round(spec.width * CHART_SCALE), Math.round(spec.height * CHART_SCALE))
    .setColors(['#000000'])
    .setLegendPosition(Charts.Position.NONE)
    .setOption('fontName', font)
    .setOption('fontSize', 11 * CHART_SCALE);
  if (spec.percent) builder.setRange(0, 100);
  if (spec.type === 'line') (builder as unknown as GoogleAppsScript.Charts.LineChartBuilder).setPointStyle(Charts.PointStyle.LARGE);
  return builder.build().getAs('image/png').setName(`${spec.id}.png`);
}
