/**
 * Reading and writing cells of the box's sheets safely: what counts as filled, when a cell already holds a value the
 * box means to write, and the writes themselves — one per run of adjacent changed cells of one row, so a write never
 * covers a cell the box did not mean to change (a staff edit, formula or link there survives).
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
 * The writes that give one sheet row these cells (column → value): one per run of adjacent columns, and only for
 * cells whose current content (`current`, the row as read, current[0] = column 1) differs from the new value — in
 * the `exact` columns code unit for code unit (an NFD spelling rewritten in NFC), elsewhere after NFC (sameCell).
 */
export function rowWrites(
  row: number,
  current: readonly unknown[],
  cells: ReadonlyMap<number, Cell>,
  exact: ReadonlySet<number> = new Set(),
): BlockWrite[] {
  const holds = (c: number) =>
    exact.has(c) ? current[c - 1] === storedValue(cells.get(c)!) : sameCell(current[c - 1], storedValue(cells.get(c)!));
  const columns = [...cells.keys()].filter((c) => !holds(c)).sort((a, b) => a - b);
  const out: BlockWrite[] = [];
  for (const c of columns) {
    const last = out[out.length - 1];
    if (last && last.column + last.values[0].length === c) last.values[0].push(cells.get(c)!);
    else out.push({ row, column: c, values: [[cells.get(c)!]] });
  }
  return out;
}
