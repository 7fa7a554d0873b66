/**
 * Marks many rows of Góp ý at once, by tracking code: one column ("Email ban", "Đã gửi trả lời") of the rows holding
 * the codes is set in one block write, whatever the backlog, so a trigger's calls do not grow with it. The codes and
 * the column are read just before writing (one read of the rows); every other cell of the block is written back as
 * read (text as literal text). Staff may sort or insert rows in between: the rows are read back, and any row whose
 * cell no longer holds what it should (a marked row moved, another row took a mark, a blank row came in between) is
 * put right one cell at a time.
 */
import { asWritable, cellText, holdsWritten, sameCell, storedValue } from '../core/records/cell-writes';
import { COL, COLUMNS, type Cell } from '../core/records/feedback-record';
import { consoleLogger } from './services';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export interface MarkOutcome {
  /** Codes whose cell now holds the mark. */
  done: string[];
  /** Codes no row holds (deleted, or edited), or more than one row holds: left alone. */
  skipped: string[];
  /** The skipped codes no row holds. */
  missing: string[];
  /** The skipped codes more than one row holds. */
  ambiguous: string[];
  /** Cells put right one at a time after a sort moved rows during the block write. */
  repaired: number;
}

/** Every row from the top, all the box's columns: codes, the column's cells, and the rows themselves. */
function readColumns(sheet: Sheet, column: number): { codes: string[]; cells: unknown[]; rows: unknown[][] } {
  const last = sheet.getLastRow();
  if (last < 1) return { codes: [], cells: [], rows: [] };
  const rows = sheet.getRange(1, 1, last, Math.max(COLUMNS.length, column, COL.trackingCode)).getValues();
  return { codes: rows.map((r) => cellText(r[COL.trackingCode - 1])), cells: rows.map((r) => r[column - 1]), rows };
}

/** A row without a code, told apart by its other cells (the marked column left out). */
function otherCells(row: readonly unknown[], column: number): string {
  return JSON.stringify(row.map((v, i) => (i === column - 1 ? null : v instanceof Date ? v.getTime() : v)));
}

/** Sets `column` to `marks.get(code)` for each code's row (see the module comment). */
export function markByCode(sheet: Sheet, column: number, marks: ReadonlyMap<string, Cell>): MarkOutcome {
  const out: MarkOutcome = { done: [], skipped: [], missing: [], ambiguous: [], repaired: 0 };
  if (marks.size === 0) return out;
  const before = readColumns(sheet, column);
  const rowsOf = new Map<string, number[]>();
  before.codes.forEach((c, i) => {
    if (c && marks.has(c)) rowsOf.set(c, [...(rowsOf.get(c) ?? []), i + 1]);
  });
  const target = new Map<number, Cell>();
  for (const [code, value] of marks) {
    const rows = rowsOf.get(code) ?? [];
    if (rows.length !== 1) {
      out.skipped.push(code);
      (rows.length === 0 ? out.missing : out.ambiguous).push(code);
    } else if (!sameCell(before.cells[rows[0] - 1], storedValue(value))) target.set(rows[0], value);
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
  // Rows without a code (blank rows, rows typed by hand) keep their cell: each is found again by its other cells, and
  // a row that came in between (blank) goes back to empty if the block write put a value into it.
  const codeless = new Map<string, unknown[]>();
  before.codes.forEach((c, i) => {
    if (c) return;
    const key = otherCells(before.rows[i], column);
    codeless.set(key, [...(codeless.get(key) ?? []), before.cells[i]]);
  });
  after.codes.forEach((code, i) => {
    if (!code) {
      const queue = codeless.get(otherCells(after.rows[i], column));
      const blank = after.rows[i].every((v, j) => j === column - 1 || cellText(v) === '');
      const want = queue && queue.length ? queue.shift() : blank ? '' : undefined;
      if (want === undefined || holdsWritten(after.cells[i], want)) return;
      sheet.getRange(i + 1, column).setValue(asWritable(want));
      out.repaired++;
      return;
    }
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
