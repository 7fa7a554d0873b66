/**
 * Reading and writing cells of the responses sheet ("Góp ý") safely: what counts as filled, and the block writes that
 * put values back exactly as read (text stays literal text) so one setValues never changes a cell it did not mean to.
 */
import { isValidDate, type Cell } from './feedback-record';
import { literalCell } from './sheet-literal';

/** True for a valid Date from any realm (sheet values reach the sandbox from another realm). */
export const isDateValue = isValidDate;

/** A cell read as text: NFC, trimmed; '' for an empty cell. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  return String(v).normalize('NFC').trim();
}

/** True when the cell holds anything (a Date, a number, a boolean, or non-blank text). */
export function isFilled(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') return v.trim() !== '';
  return true;
}

export function isBlankRow(row: readonly unknown[]): boolean {
  return !row.some(isFilled);
}

/** A value read with getValues, made safe to write back with setValues unchanged: text stays literal text. */
export function asWritable(v: unknown): Cell {
  if (v === null || v === undefined) return '';
  if (isDateValue(v)) return v;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  return literalCell(String(v));
}

/** What getValues returns after the box writes `cell`: literal text loses its apostrophe. */
export function storedValue(cell: Cell): unknown {
  return typeof cell === 'string' && cell.startsWith("'") ? cell.slice(1) : cell;
}

/** Whether two values read from a sheet are the same cell content: text after NFC, an empty cell equal to ''. */
export function sameCell(a: unknown, b: unknown): boolean {
  const x = a === null || a === undefined ? '' : a;
  const y = b === null || b === undefined ? '' : b;
  if (isDateValue(x) || isDateValue(y)) return isDateValue(x) && isDateValue(y) && x.getTime() === y.getTime();
  if (typeof x === 'string' && typeof y === 'string') return x.normalize('NFC') === y.normalize('NFC');
  return x === y;
}

/** Whether a cell holds what the box wrote there (`written`, as getValues returns it): a time may come back to the second. */
export function holdsWritten(cell: unknown, written: unknown): boolean {
  if (sameCell(cell, written)) return true;
  return isDateValue(cell) && isDateValue(written) && Math.floor(cell.getTime() / 1000) === Math.floor(written.getTime() / 1000);
}

/** One setValues: the top-left cell and the values. */
export interface BlockWrite {
  row: number;
  column: number;
  values: Cell[][];
}

/**
 * The smallest block of whole rows covering every update, over columns fromCol..toCol (1-based, inclusive), for one
 * setValues. Updated cells take their new value; every other cell is written back as read (see asWritable).
 * `rows` are full rows as read, rows[0] being sheet row `firstRow`; `updates` maps sheet row → column → value.
 */
export function patchBlock(
  rows: readonly (readonly unknown[])[],
  firstRow: number,
  fromCol: number,
  toCol: number,
  updates: ReadonlyMap<number, ReadonlyMap<number, Cell>>,
): BlockWrite | null {
  const keys = [...updates.keys()].filter((r) => updates.get(r)!.size > 0);
  if (keys.length === 0) return null;
  // A loop, not Math.min(...keys): spreading an unbounded array overflows the call stack.
  let top = keys[0];
  let bottom = keys[0];
  for (const k of keys) {
    if (k < top) top = k;
    if (k > bottom) bottom = k;
  }
  const values: Cell[][] = [];
  for (let row = top; row <= bottom; row++) {
    const read = rows[row - firstRow] ?? [];
    const patch = updates.get(row);
    const line: Cell[] = [];
    for (let col = fromCol; col <= toCol; col++) {
      line.push(patch && patch.has(col) ? patch.get(col)! : asWritable(read[col - 1]));
    }
    values.push(line);
  }
  return { row: top, column: fromCol, values };
}

/**
 * Groups updates into runs of consecutive rows, each written as at most one block per column group, so rows in
 * between are never rewritten. `groups` are [fromCol, toCol] ranges covering every column any update sets.
 */
export function runWrites(
  rows: readonly (readonly unknown[])[],
  firstRow: number,
  updates: { row: number; cells: ReadonlyMap<number, Cell> }[],
  groups: [number, number][],
): BlockWrite[] {
  const sorted = [...updates].sort((a, b) => a.row - b.row);
  const runs: { row: number; cells: ReadonlyMap<number, Cell> }[][] = [];
  for (const u of sorted) {
    const run = runs[runs.length - 1];
    if (run && run[run.length - 1].row === u.row - 1) run.push(u);
    else runs.push([u]);
  }
  const out: BlockWrite[] = [];
  for (const run of runs) {
    for (const [from, to] of groups) {
      const map = new Map<number, Map<number, Cell>>();
      for (const u of run) {
        const inGroup = new Map([...u.cells].filter(([c]) => c >= from && c <= to));
        map.set(u.row, inGroup);
      }
      if (![...map.values()].some((m) => m.size > 0)) continue;
      // Keep the run's full height so one write covers it even when the first row has nothing in this group.
      const top = run[0].row;
      const bottom = run[run.length - 1].row;
      const values: Cell[][] = [];
      for (let row = top; row <= bottom; row++) {
        const read = rows[row - firstRow] ?? [];
        const patch = map.get(row);
        const line: Cell[] = [];
        for (let col = from; col <= to; col++) line.push(patch && patch.has(col) ? patch.get(col)! : asWritable(read[col - 1]));
        values.push(line);
      }
      out.push({ row: top, column: from, values });
    }
  }
  return out;
}
