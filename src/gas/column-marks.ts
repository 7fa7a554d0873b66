/**
 * Marks many rows of Góp ý at once, by tracking code: one column ("Email ban", "Đã gửi trả lời") of the rows holding
 * the codes is set in one block write, whatever the backlog, so a trigger's calls do not grow with it. The codes and
 * the column are read just before writing (one read of the rows); every other cell of the block is written back as
 * read (text as literal text). Staff may sort or insert rows in between: the rows are read back, and the cells that no
 * longer hold what they should (a marked row moved, another row took a mark, a blank row came in between) are put
 * right the same way — other rows' cells only when rows moved, since otherwise a cell that differs was edited by staff
 * after the write and is theirs — in one block write per round: a sort at the wrong moment can misplace every cell of the block,
 * and one write per cell would make a run's calls grow with the sheet.
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
  /** Codes whose cell still did not hold the mark after the last repair round (staff kept moving rows): try again later. */
  unsettled: string[];
  /** Cells put right after a sort moved rows during a block write (one block write per round). */
  repaired: number;
  /** Every row as last read back (from row 1), for what the caller checks after the write. */
  rows: unknown[][];
}

/** Every row from the top, all the box's columns: codes, the column's cells, and the rows themselves. */
function readColumns(sheet: Sheet, column: number): { codes: string[]; cells: unknown[]; rows: unknown[][] } {
  // One call that cannot go out of bounds: a row deleted between getLastRow and getRange would.
  const width = Math.max(COLUMNS.length, column, COL.trackingCode);
  const rows = sheet
    .getDataRange()
    .getValues()
    .map((r) => (r.length >= width ? r : [...r, ...Array.from({ length: width - r.length }, () => '')]));
  return { codes: rows.map((r) => cellText(r[COL.trackingCode - 1])), cells: rows.map((r) => r[column - 1]), rows };
}

/** A row without a code, told apart by its other cells (the marked column left out). */
function otherCells(row: readonly unknown[], column: number): string {
  return JSON.stringify(row.map((v, i) => (i === column - 1 ? null : v instanceof Date ? v.getTime() : v)));
}

/**
 * One setValues over the rows from the first to the last of `target` (sheet row → value): the other cells of the block
 * get back what `cells` (the column as just read, cells[0] = row 1) holds for them.
 */
function writeBlock(sheet: Sheet, column: number, target: ReadonlyMap<number, Cell>, cells: readonly unknown[]): void {
  if (target.size === 0) return;
  let top = Infinity;
  let bottom = -Infinity;
  for (const r of target.keys()) {
    if (r < top) top = r;
    if (r > bottom) bottom = r;
  }
  const values: Cell[][] = [];
  for (let r = top; r <= bottom; r++) values.push([target.has(r) ? target.get(r)! : asWritable(cells[r - 1])]);
  sheet.getRange(top, column, values.length, 1).setValues(values);
}

/** Sets `column` to `marks.get(code)` for each code's row (see the module comment). */
export function markByCode(sheet: Sheet, column: number, marks: ReadonlyMap<string, Cell>): MarkOutcome {
  const out: MarkOutcome = { done: [], skipped: [], missing: [], ambiguous: [], unsettled: [], repaired: 0, rows: [] };
  if (marks.size === 0) return out;
  let before = readColumns(sheet, column);
  // A row inserted between naming the range and reading it pushes the last rows out of the read: a code not seen is
  // looked for again before it counts as deleted (a deleted row's mark would be dropped, a sent reply sent again).
  for (let retry = 0; retry < UNSEEN_REREADS; retry++) {
    const seen = new Set(before.codes);
    if ([...marks.keys()].every((c) => seen.has(c))) break;
    before = readColumns(sheet, column);
  }
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
  writeBlock(sheet, column, target, before.cells);
  // Read back: each code's cell as meant, every other row's cell as it was for that row's code. A repair can land in
  // another row too (staff sorting on): read back again, up to MAX_ROUNDS times.
  const wasByCode = new Map<string, unknown>();
  before.codes.forEach((c, i) => c && wasByCode.set(c, before.cells[i]));
  let fixes: { row: number; code: string; cell: Cell }[];
  let unseen: string[];
  for (let round = 0; ; round++) {
    const after = readColumns(sheet, column);
    out.rows = after.rows;
    // Rows in the order they were read: every cell of the block went to its own row, so another row's cell that differs
    // now was changed since by staff, and is theirs. Only rows that moved are put back as they were read.
    const moved = after.codes.length !== before.codes.length || after.codes.some((c, i) => c !== before.codes[i]);
    fixes = repairs(
      after,
      before,
      column,
      (code) =>
        marks.has(code) && !out.skipped.includes(code)
          ? marks.get(code)!
          : moved && wasByCode.has(code)
            ? asWritable(wasByCode.get(code))
            : undefined,
      moved,
    );
    // A row inserted between naming the range and reading it pushes the last rows out of the read: read again.
    const seen = new Set(after.codes);
    unseen = [...marks.keys()].filter((c) => !out.skipped.includes(c) && !seen.has(c));
    if ((fixes.length === 0 && unseen.length === 0) || round === MAX_ROUNDS) break;
    writeBlock(sheet, column, new Map(fixes.map((f) => [f.row, f.cell])), after.cells);
    out.repaired += fixes.length;
  }
  // Staff kept moving rows through every round: the codes whose cells were still wrong (or not read) at the last read
  // are not done.
  const unsettled = new Set([...fixes.map((f) => f.code).filter((c) => c && marks.has(c)), ...unseen]);
  for (const code of marks.keys()) {
    if (out.skipped.includes(code)) continue;
    if (unsettled.has(code)) out.unsettled.push(code);
    else out.done.push(code);
  }
  if (out.repaired) consoleLogger.warn('marks.repaired', { column, repaired: out.repaired });
  if (out.unsettled.length) consoleLogger.warn('marks.unsettled', { column, codes: out.unsettled });
  return out;
}

const MAX_ROUNDS = 8;
/** Reads more of the rows when a code was not in the first one, before that code counts as deleted. */
const UNSEEN_REREADS = 2;

/**
 * The cells of the column that do not hold what they should: a coded row's from `want` (undefined: not the box's to
 * say), a row without a code (blank, or typed by hand) as it was, found again by its other cells; a blank row that came
 * in between goes back to empty.
 */
function repairs(
  after: { codes: string[]; cells: unknown[]; rows: unknown[][] },
  before: { codes: string[]; cells: unknown[]; rows: unknown[][] },
  column: number,
  want: (code: string) => Cell | undefined,
  moved: boolean,
): { row: number; code: string; cell: Cell }[] {
  const codeless = new Map<string, unknown[]>();
  before.codes.forEach((c, i) => {
    if (c) return;
    const key = otherCells(before.rows[i], column);
    codeless.set(key, [...(codeless.get(key) ?? []), before.cells[i]]);
  });
  const held = new Map<string, number>();
  for (const c of after.codes) if (c) held.set(c, (held.get(c) ?? 0) + 1);
  const out: { row: number; code: string; cell: Cell }[] = [];
  after.codes.forEach((code, i) => {
    let cell: Cell | undefined;
    // A code several rows hold now is left alone in every one of them.
    if (code) cell = held.get(code)! > 1 ? undefined : want(code);
    else if (moved) {
      const queue = codeless.get(otherCells(after.rows[i], column));
      const blank = after.rows[i].every((v, j) => j === column - 1 || cellText(v) === '');
      cell = queue && queue.length ? asWritable(queue.shift()) : blank ? '' : undefined;
    }
    if (cell === undefined || holdsWritten(after.cells[i], storedValue(cell))) return;
    out.push({ row: i + 1, code, cell });
  });
  return out;
}
