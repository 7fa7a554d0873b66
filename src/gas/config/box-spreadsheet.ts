/**
 * The box's spreadsheet: the one setup recorded (else the one the script is bound to), and reading a sheet's header
 * row without ever throwing.
 */

export const PROP_SPREADSHEET_ID = 'SPREADSHEET_ID';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export class BoxNotSetUpError extends Error {
  constructor() {
    super('Hòm thư chưa được cài đặt: quản trị viên cần chạy "Cài đặt / sửa chữa hòm thư" trong bảng tính.');
  }
}

/** The spreadsheet recorded by setup, else the one this script is bound to. */
export function openBoxSpreadsheet(id?: string): Spreadsheet {
  const known = id || PropertiesService.getScriptProperties().getProperty(PROP_SPREADSHEET_ID);
  if (known) return SpreadsheetApp.openById(known);
  const active = SpreadsheetApp.getActiveSpreadsheet();
  if (!active) throw new BoxNotSetUpError();
  return active;
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
