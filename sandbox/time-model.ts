/**
 * How long an execution would take on Apps Script, modelled from what the fakes counted: each service call that
 * leaves the runtime is a round trip (~30–100 ms: 100 is used), sending an email and searching Gmail cost more, and
 * big reads and writes cost by their cells. Used by the flood test (a trigger run stays well inside a minute) and by
 * `npm run bench` (trigger minutes a day against the free account's 90). A model, not a measurement.
 */
export const TIME_MODEL = {
  roundTripMs: 100,
  sendEmailMs: 1000,
  gmailSearchMs: 500,
  /** Per 1,000 cells read or written. */
  thousandCellsMs: 20,
} as const;

/**
 * Calls that do not leave the Apps Script runtime: getting a service handle, configuring a builder, naming a range on
 * a sheet already in hand, making a UUID, computing a digest or an HMAC (the bot-cost challenge). Everything else is a round trip to a Google backend — including
 * Spreadsheet.getRange("'Sheet'!A1"), which has to find the sheet by name.
 */
export const LOCAL_CALLS = new Set([
  'CacheService.getScriptCache',
  'LockService.getScriptLock',
  'PropertiesService.getScriptProperties',
  'Utilities.getUuid',
  'Utilities.computeDigest',
  'Sheet.getRange',
  'Range.getRow',
  'Sheet.createTextFinder',
  'Range.createTextFinder',
  'Range.getColumn',
  'TextFinder.useRegularExpression',
  'TextFinder.matchEntireCell',
  'HtmlService.createHtmlOutput',
]);

/** Calls of the Charts service: the service, its data table and chart builders, and the charts. */
export const CHART_CALL = /^(Charts|DataTableBuilder|DataTable|BarChartBuilder|ColumnChartBuilder|LineChartBuilder|Chart)\./;

/**
 * Charts calls that stay inside the Apps Script runtime: making and configuring a builder and its data table. A
 * chart's build() and its getAs('image/png') (the drawing) are counted as round trips.
 */
function localChartCall(k: string): boolean {
  return CHART_CALL.test(k) && !/^((Bar|Column|Line)ChartBuilder\.build|Chart\.getAs)$/.test(k);
}

function isLocal(k: string): boolean {
  return LOCAL_CALLS.has(k) || localChartCall(k);
}

export function roundTrips(calls: Record<string, number>): number {
  return Object.entries(calls).reduce((n, [k, v]) => n + (isLocal(k) ? 0 : v), 0);
}

/** Modelled milliseconds of one execution from its calls and cells (ExecutionResult). */
export function modelledMs(r: { calls: Record<string, number>; cells: number }): number {
  let ms = 0;
  for (const [k, v] of Object.entries(r.calls)) {
    if (isLocal(k)) continue;
    if (k === 'GmailApp.sendEmail') ms += v * TIME_MODEL.sendEmailMs;
    else if (k === 'GmailApp.search') ms += v * TIME_MODEL.gmailSearchMs;
    else ms += v * TIME_MODEL.roundTripMs;
  }
  return ms + (r.cells / 1000) * TIME_MODEL.thousandCellsMs;
}
