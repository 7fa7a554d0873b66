/**
 * What staff do to whole rows of a sheet, as the fake spreadsheet models it: inserting and deleting rows, sorting a
 * range, hiding rows (by hand or by a filter). A row's cells keep their own number format and its hidden state when
 * it moves; number-format and wrap areas grow and shrink with inserted and deleted rows, as Sheets' formatting does.
 */
import { isDate, type CellData, type CellValue } from './sheet-cells';
import type { FormatArea } from './sheet-rules';

/** Why a row is hidden: hideRows, or a basic filter's criteria. */
export interface RowFlags {
  hiddenByUser?: boolean;
  hiddenByFilter?: boolean;
}

/** The parts of a sheet that move when rows are inserted, deleted or sorted. */
export interface RowGrid {
  readonly rows: (CellData | undefined)[][];
  readonly flags: (RowFlags | undefined)[];
  maxRows: number;
  readonly formatAreas: FormatArea<string>[];
  readonly wrapAreas: FormatArea<boolean>[];
}

function shiftAreasForInsert<T>(areas: FormatArea<T>[], at: number, n: number): void {
  for (const a of areas) {
    if (a.r1 >= at) {
      a.r1 += n;
      a.r2 += n;
    } else if (a.r2 >= at) {
      a.r2 += n; // inserted inside the area: the new rows take its format
    }
  }
}

function shiftAreasForDelete<T>(areas: FormatArea<T>[], at: number, n: number): void {
  const end = at + n - 1;
  for (let i = areas.length - 1; i >= 0; i--) {
    const a = areas[i];
    const r1 = a.r1 < at ? a.r1 : a.r1 > end ? a.r1 - n : at;
    const r2 = a.r2 < at ? a.r2 : a.r2 > end ? a.r2 - n : at - 1;
    if (r2 < r1) areas.splice(i, 1);
    else {
      a.r1 = r1;
      a.r2 = r2;
    }
  }
}

/** Inserts `n` blank rows before 1-based row `position`. */
export function insertRows(grid: RowGrid, position: number, n: number): void {
  if (!Number.isInteger(position) || position < 1 || position > grid.maxRows + 1 || !Number.isInteger(n) || n < 1) {
    throw new Error('Those rows are out of bounds.');
  }
  const at = position - 1;
  if (at < grid.rows.length) grid.rows.splice(at, 0, ...Array.from({ length: n }, () => [] as (CellData | undefined)[]));
  if (at < grid.flags.length) grid.flags.splice(at, 0, ...Array.from({ length: n }, () => undefined));
  grid.maxRows += n;
  shiftAreasForInsert(grid.formatAreas, at, n);
  shiftAreasForInsert(grid.wrapAreas, at, n);
}

/** Deletes `n` rows from 1-based row `position`; Sheets refuses to delete every row of a sheet. */
export function deleteRows(grid: RowGrid, position: number, n: number): void {
  if (!Number.isInteger(position) || position < 1 || !Number.isInteger(n) || n < 1 || position + n - 1 > grid.maxRows) {
    throw new Error('Those rows are out of bounds.');
  }
  if (n >= grid.maxRows) throw new Error("You can't delete all the rows on the sheet.");
  const at = position - 1;
  grid.rows.splice(at, n);
  grid.flags.splice(at, n);
  grid.maxRows -= n;
  shiftAreasForDelete(grid.formatAreas, at, n);
  shiftAreasForDelete(grid.wrapAreas, at, n);
}

/** Sheets' sort order: numbers and dates by value, then booleans, then text; empty cells always last. */
function compareCells(a: CellValue | undefined, b: CellValue | undefined, ascending: boolean): number {
  const empty = (v: CellValue | undefined) => v === undefined || v === '';
  if (empty(a) || empty(b)) return empty(a) === empty(b) ? 0 : empty(a) ? 1 : -1;
  const rank = (v: CellValue) => (typeof v === 'number' || isDate(v) ? 0 : typeof v === 'boolean' ? 1 : 2);
  const num = (v: CellValue) => (isDate(v) ? (v as Date).getTime() : Number(v));
  const ra = rank(a!);
  const rb = rank(b!);
  let d: number;
  if (ra !== rb) d = ra - rb;
  else if (ra === 2) d = String(a).localeCompare(String(b), 'vi');
  else d = num(a!) - num(b!);
  return ascending ? d : -d;
}

export interface SortSpec {
  /** 1-based sheet column. */
  column: number;
  ascending?: boolean;
}

/** Range.sort: the cells of rows firstRow…lastRow between columns firstCol…lastCol are reordered, stably. */
export function sortRange(
  grid: RowGrid,
  area: { firstRow: number; numRows: number; firstCol: number; numCols: number },
  specs: SortSpec[],
): void {
  const r0 = area.firstRow - 1;
  const c0 = area.firstCol - 1;
  const lines = Array.from({ length: area.numRows }, (_, i) => ({
    cells: Array.from({ length: area.numCols }, (_, j) => grid.rows[r0 + i]?.[c0 + j]),
    flags: grid.flags[r0 + i],
    index: i,
  }));
  lines.sort((x, y) => {
    for (const s of specs) {
      const d = compareCells(x.cells[s.column - area.firstCol]?.v, y.cells[s.column - area.firstCol]?.v, s.ascending !== false);
      if (d !== 0) return d;
    }
    return x.index - y.index;
  });
  lines.forEach((line, i) => {
    const r = r0 + i;
    while (grid.rows.length <= r) grid.rows.push([]);
    line.cells.forEach((cell, j) => {
      if (cell) grid.rows[r][c0 + j] = cell;
      else if (grid.rows[r][c0 + j]) grid.rows[r][c0 + j] = undefined;
    });
    while (grid.flags.length <= r) grid.flags.push(undefined);
    grid.flags[r] = line.flags;
  });
}

/** Sets or clears one hidden flag on rows firstRow…firstRow+n-1 (1-based). */
export function setHidden(grid: RowGrid, firstRow: number, n: number, flag: keyof RowFlags, hidden: boolean): void {
  for (let r = firstRow - 1; r < firstRow - 1 + n; r++) {
    while (grid.flags.length <= r) grid.flags.push(undefined);
    grid.flags[r] = { ...grid.flags[r], [flag]: hidden };
  }
}

export function isHidden(grid: RowGrid, row: number): boolean {
  const f = grid.flags[row - 1];
  return Boolean(f && (f.hiddenByUser || f.hiddenByFilter));
}
