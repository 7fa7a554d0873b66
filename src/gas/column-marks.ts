/**
 * Marks many rows of Góp ý at once, by tracking code: one column ("Email ban", "Đã gửi trả lời") of the rows holding
 * the codes is set in one block write, whatever the backlog, so a trigger's calls do not grow with it. The codes and
 * the column are read just before writing; every other cell of the block is written back as read (text as literal
 * text). Staff may sort in between: the column is read back, and any row whose cell no longer holds what it should
 * (a marked row moved, or another row took a mark) is put right one cell at a time.
 */
import { asWritable, cellText, holdsWritten, sameCell, storedValue } from '../core/records/cell-writes';
import { COL, type Cell } from '../core/records/feedback-record';
import { consoleLogger } from './services';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export interface MarkOutcome {
  /** Codes whose cell now holds the mark. */
  done: string[];
  /** Codes no row holds (deleted, or edited), or more than one row holds: left alone. */
  skipped: string[];
  /** Cells put right one at a time after a sort moved rows during the block write. */
  repaired: number;
}

function readColumns(sheet: Sheet, column: number): { codes: string[]; cells: unknown[] } {
  const last = sheet.getLastRow();
  if (last < 1) return { codes: [], cells: [] };
  const codes = sheet
    .getRange(1, COL.trackingCode, last, 1)
    .getValues()
    .map((r) => cellText(r[0]));
  const cells = sheet
    .getRange(1, column, last, 1)
    .getValues()
    .map((r) => r[0]);
  return { codes, cells };
}

/** Sets `column` to `marks.get(code)` for each code's row (see the module comment). */
export function markByCode(sheet: Sheet, column: number, marks: ReadonlyMap<string, Cell>): MarkOutcome {
  const out: MarkOutcome = { done: [], skipped: [], repaired: 0 };
  if (marks.size === 0) return out;
  const before = readColumns(sheet, column);
  const rowsOf = new Map<string, number[]>();
  before.codes.forEach((c, i) => {
    if (c && marks.has(c)) rowsOf.set(c, [...(rowsOf.get(c) ?? []), i + 1]);
  });
  const target = new Map<number, Cell>();
  for (const [code, value] of marks) {
    const rows = rowsOf.get(code) ?? [];
    if (rows.length !== 1) out.skipped.push(code);
    else if (!sameCell(before.cells[rows[0] - 1], storedValue(value))) target.set(rows[0], value);
  }
  if (target.size > 0) {
    let top = Infinity;
    let bottom = -Infinity;
    for (const r of target.keys()) {
      if (r < top) top = r;
      if (r > bottom) bottom = r;
    }
    const values: Cell[][] = [];
    for (let r = top; r <= bottom; r++) values.push([target.has(r) ? target.get(r)! : asWritable(before.cells[r - 1])]);
    sheet.getRange(top, column, values.length, 1).setValues(values);
  }
  // Read back: each code's cell as meant, every other row's cell as it was for that row's code.
  const wasByCode = new Map<string, unknown>();
  before.codes.forEach((c, i) => c && wasByCode.set(c, before.cells[i]));
  const after = readColumns(sheet, column);
  after.codes.forEach((code, i) => {
    if (!code) return;
    const want = marks.has(code) && !out.skipped.includes(code) ? storedValue(marks.get(code)!) : wasByCode.get(code);
    if (want === undefined || holdsWritten(after.cells[i], want)) return;
    const cell: Cell = marks.has(code) ? marks.get(code)! : asWritable(want);
    sheet.getRange(i + 1, column).setValue(cell);
    out.repaired++;
  });
  for (const code of marks.keys()) if (!out.skipped.includes(code)) out.done.push(code);
  if (out.repaired) consoleLogger.warn('marks.repaired', { column, repaired: out.repaired });
  return out;
}
