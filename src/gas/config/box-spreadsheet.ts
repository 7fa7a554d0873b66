/**
 * The box's spreadsheet: the one setup recorded (the script is standalone, bound to no spreadsheet), reading what an
 * owner typed to name one, and reading a sheet's header row without ever throwing.
 */

export const PROP_SPREADSHEET_ID = 'SPREADSHEET_ID';
/** The box's owner: the account that ran the first setup (or took the box over). */
export const PROP_OWNER_EMAIL = 'OWNER_EMAIL';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export class BoxNotSetUpError extends Error {
  constructor() {
    super('Hòm thư chưa được cài đặt: chủ sở hữu cần bấm "Cài đặt / sửa chữa hòm thư" trên trang quản trị.');
  }
}

const opened = new Map<string, Spreadsheet>();

/** SpreadsheetApp.openById, once per spreadsheet in this execution (the configuration's read and the row's write share it). */
export function openSpreadsheet(id: string): Spreadsheet {
  let ss = opened.get(id);
  if (!ss) {
    ss = SpreadsheetApp.openById(id);
    opened.set(id, ss);
  }
  return ss;
}

/** The spreadsheet `id`, else the one recorded by setup. */
export function openBoxSpreadsheet(id?: string): Spreadsheet {
  const known = id || PropertiesService.getScriptProperties().getProperty(PROP_SPREADSHEET_ID);
  if (!known) throw new BoxNotSetUpError();
  return openSpreadsheet(known);
}

/**
 * The spreadsheet id in what an owner typed: a Sheets URL (…/spreadsheets/d/<id>/edit…) or the id itself. null when
 * it is neither.
 */
export function parseSpreadsheetId(typed: string): string | null {
  const text = typed.trim();
  const inUrl = /\/spreadsheets\/d\/([A-Za-z0-9_-]{10,})/.exec(text);
  if (inUrl) return inUrl[1];
  return /^[A-Za-z0-9_-]{10,}$/.test(text) ? text : null;
}

/**
 * The first `width` cells of row 1, in one read; '' for columns the sheet no longer has (staff may delete columns:
 * reading past the sheet's edge would throw, and a header check must never stop a submission).
 */
export function readHeaderRow(sheet: Sheet, width: number): unknown[] {
  let values: unknown[];
  try {
    values = sheet.getRange(1, 1, 1, width).getValues()[0];
  } catch {
    const have = Math.min(width, sheet.getMaxColumns());
    values = have > 0 ? sheet.getRange(1, 1, 1, have).getValues()[0] : [];
  }
  return Array.from({ length: width }, (_, i) => (i < values.length ? values[i] : ''));
}
