/**
 * A sheet as a table of rows for the core's row changes (core/records/row-changes.ts): every row from row 1 in one
 * read, whatever rows are hidden or filtered, and one write per run of cells.
 */
import { columnLetter, type Cell } from '../core/records/feedback-record';
import type { TableIo } from '../core/records/row-changes';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** Every row of a sheet from row 1, `width` columns, in one read; trailing blank rows dropped. */
export function readTable(sheet: Sheet, width: number): unknown[][] {
  return trimTable(sheet.getRange(`A1:${columnLetter(width)}`).getValues());
}

/** The rows up to the last one with a cell filled. */
export function trimTable(rows: unknown[][]): unknown[][] {
  let last = rows.length;
  while (last > 0 && rows[last - 1].every((v) => v === '' || v === null)) last--;
  return rows.slice(0, last);
}

/** The sheet as applyRowChanges reads and writes it. */
export function tableIo(sheet: Sheet, width: number): TableIo {
  return {
    read: () => readTable(sheet, width),
    write: (w: { row: number; column: number; values: Cell[][] }) =>
      sheet.getRange(w.row, w.column, w.values.length, w.values[0].length).setValues(w.values),
  };
}
