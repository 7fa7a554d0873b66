/**
 * Sheet access for the staff side: the responses data block in one read (for reports), the edited range of an edit
 * event, the web app URL, and a notice in the Sheet's corner.
 */
import { COLUMNS, RESPONSES_SHEET } from '../core/records/feedback-record';
import { type EditRect } from '../core/staff/staff-edit';
import { BoxNotSetUpError } from './config/box-spreadsheet';
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

/**
 * The sheet and rectangle of an edit event: only the real Range Apps Script passes to the installable edit trigger
 * of a spreadsheet. Anything else (a JSON object from a caller claiming to describe an edit) is no edit at all.
 */
export function editTarget(e: unknown): { sheet: Sheet; rect: EditRect } | null {
  if (!e || typeof e !== 'object') return null;
  const range = (e as { range?: unknown }).range;
  if (!isRange(range)) return null;
  const sheet = range.getSheet();
  return {
    sheet,
    rect: {
      sheetName: sheet.getName(),
      row: range.getRow(),
      column: range.getColumn(),
      numRows: range.getNumRows(),
      numColumns: range.getNumColumns(),
    },
  };
}

export { noteResidentsLinkLeftOut, residentsLink, residentsUrl } from './config/load-config';

/**
 * A note in the corner of the edited spreadsheet for whoever has it open (best effort: a standalone script's
 * trigger may have no one to show it to; Nhật ký keeps what matters).
 */
export function toastOn(ss: Spreadsheet | null, message: string, title = 'Hòm thư số'): void {
  if (!ss) return;
  try {
    ss.toast(message.slice(0, 500), title, 10);
  } catch {
    // No spreadsheet UI here: the log sheet keeps the message.
  }
}
