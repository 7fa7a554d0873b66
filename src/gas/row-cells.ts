/**
 * Writing a few cells of one row of Góp ý, found by its tracking code just before: only the cells that change, each
 * run of neighbouring columns in one setValues, so a staff member's edit of another cell of the row is never
 * overwritten with an older value.
 */
import { COL, type Cell, type ColumnKey } from '../core/records/feedback-record';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export function writeRowCells(sheet: Sheet, row: number, cells: Partial<Record<ColumnKey, Cell>>): number {
  const cols = (Object.keys(cells) as ColumnKey[]).map((k) => [COL[k], cells[k] as Cell] as const).sort((a, b) => a[0] - b[0]);
  let writes = 0;
  for (let i = 0; i < cols.length;) {
    let j = i + 1;
    while (j < cols.length && cols[j][0] === cols[j - 1][0] + 1) j++;
    sheet.getRange(row, cols[i][0], 1, j - i).setValues([cols.slice(i, j).map((c) => c[1])]);
    writes++;
    i = j;
  }
  return writes;
}
