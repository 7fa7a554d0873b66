/**
 * Sheet access for the staff side: the responses data block in one read (for reports), the edited range of an edit
 * event, the web app URL, and a notice in the Sheet's corner.
 */
import { COLUMNS, RESPONSES_SHEET } from '../core/records/feedback-record';
import { parseEditRect, type EditRect } from '../core/staff/staff-edit';
import { BoxNotSetUpError, openBoxSpreadsheet } from './config/box-spreadsheet';
import { type LoadedConfig } from './config/load-config';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

/** The data rows start here (row 1 is the header). */
export const FIRST_DATA_ROW = 2;

export function responsesSheet(loaded: LoadedConfig): Sheet {
  const sheet = SpreadsheetApp.openById(loaded.spreadsheetId).getSheetByName(RESPONSES_SHEET);
  if (!sheet) throw new BoxNotSetUpError();
  return sheet;
}

/**
 * Every data row of the responses sheet, COLUMNS.length wide, in one getValues (plus getLastRow): the whole cost
 * of reading for the report, the digest and the purge, however many rows there are.
 */
export function readDataBlock(sheet: Sheet): unknown[][] {
  const last = sheet.getLastRow();
  if (last < FIRST_DATA_ROW) return [];
  return sheet.getRange(FIRST_DATA_ROW, 1, last - FIRST_DATA_ROW + 1, COLUMNS.length).getValues();
}

function isRange(v: unknown): v is GoogleAppsScript.Spreadsheet.Range {
  return (
    Boolean(v) && typeof (v as { getSheet?: unknown }).getSheet === 'function' && typeof (v as { getRow?: unknown }).getRow === 'function'
  );
}

function isSpreadsheet(v: unknown): v is Spreadsheet {
  return Boolean(v) && typeof (v as { getSheetByName?: unknown }).getSheetByName === 'function';
}

/**
 * The sheet and rectangle an edit event concerns. `e.range` is either the real Range Apps Script passes to the
 * installable edit trigger, or a JSON description {sheet, row, column, numRows?, numColumns?} (the sandbox and
 * tests pass events as JSON, so a Range object cannot cross; the sheet is then looked up by name in `e.source`, or
 * in the box's spreadsheet). Only admins and the project's own triggers get this far (requireAdmin runs first).
 */
export function editTarget(e: unknown): { sheet: Sheet; rect: EditRect } | null {
  if (!e || typeof e !== 'object') return null;
  const ev = e as { range?: unknown; source?: unknown };
  if (isRange(ev.range)) {
    const r = ev.range;
    const sheet = r.getSheet();
    return {
      sheet,
      rect: { sheetName: sheet.getName(), row: r.getRow(), column: r.getColumn(), numRows: r.getNumRows(), numColumns: r.getNumColumns() },
    };
  }
  const rect = parseEditRect(ev.range);
  if (!rect) return null;
  const ss = isSpreadsheet(ev.source) ? ev.source : openBoxSpreadsheet();
  const sheet = ss.getSheetByName(rect.sheetName);
  return sheet ? { sheet, rect } : null;
}

export { appUrl } from './config/load-config';

/** A note in the corner of the Sheet that was edited; silent where there is no Sheet UI. */
export function toastOn(ss: Spreadsheet | null, message: string, title = 'Hòm thư số'): void {
  try {
    (ss ?? SpreadsheetApp.getActiveSpreadsheet())?.toast(message.slice(0, 500), title, 10);
  } catch {
    // No spreadsheet UI here: the log sheet keeps the message.
  }
}
