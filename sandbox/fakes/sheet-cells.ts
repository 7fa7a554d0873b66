/**
 * Cells of the fake spreadsheet: how Sheets reads a string a script writes (formula, number, date, text), column
 * letters, and searching cells as a TextFinder does.
 */
import { columnLetter } from '../../src/core/records/feedback-record';

export type CellValue = string | number | boolean | Date;

export interface CellData {
  /** The value getValues returns ('' when empty). */
  v: CellValue;
  /** The formula, when the written string was taken as one. */
  f?: string;
  /** Number format ('@' is plain text). */
  fmt?: string;
}

const FORMULA_START = /^[=+\-@＝＋－＠]/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
export const DMY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

export function isDate(v: unknown): v is Date {
  return Object.prototype.toString.call(v) === '[object Date]';
}

/** What Sheets stores when a script writes `input` into a cell with number format `fmt`. */
export function interpretInput(input: unknown, fmt?: string): CellData {
  if (input === null || input === undefined || input === '') return { v: '' };
  if (isDate(input)) return { v: new Date((input as Date).getTime()) };
  if (typeof input === 'number' || typeof input === 'boolean') return { v: input };
  const s = String(input);
  // In a plain-text cell everything is kept as typed, a leading apostrophe included.
  if (fmt === '@') return { v: s };
  // A leading apostrophe keeps the rest as text and is dropped (assumptions.ts: sheets.literal-apostrophe).
  if (s.startsWith("'")) return { v: s.slice(1) };
  const t = s.trim();
  if (NUMBER.test(t)) return { v: Number(t) };
  if (FORMULA_START.test(s)) return { v: '#ERROR!', f: s.startsWith('=') ? s : '=' + s };
  if (/^(true|false)$/i.test(t)) return { v: t.toLowerCase() === 'true' };
  const dmy = DMY.exec(t);
  if (dmy) {
    const [d, m, y] = [Number(dmy[1]), Number(dmy[2]), Number(dmy[3])];
    const date = new Date(y, m - 1, d);
    // An impossible day (30/2/2025) is not a date to Sheets: it stays text.
    if (date.getFullYear() === y && date.getMonth() === m - 1 && date.getDate() === d) return { v: date };
  }
  return { v: s };
}

export function copyValue(v: CellValue): CellValue {
  return isDate(v) ? new Date((v as Date).getTime()) : v;
}

export function colNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** The same column letters the script uses. */
export const colLetters = columnLetter;

/** A rectangle of cells, 1-based and inclusive. */
export interface CellRect {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

/** The rectangle of an A1 notation as getA1Notation writes it ("B2", "A1:Y1000"). */
export function rectOfA1(a1: string): CellRect {
  const m = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/.exec(a1.toUpperCase());
  if (!m) throw new Error(`Not an A1 range: ${a1}`);
  const r1 = Number(m[2]);
  const c1 = colNumber(m[1]);
  return { r1, c1, r2: m[4] ? Number(m[4]) : r1, c2: m[3] ? colNumber(m[3]) : c1 };
}

export function rectsMeet(a: CellRect, b: CellRect): boolean {
  return a.r1 <= b.r2 && b.r1 <= a.r2 && a.c1 <= b.c2 && b.c1 <= a.c2;
}

/** The cells a TextFinder searches: the sheet's rows and one cell's data. */
export interface SearchedCells {
  readonly rows: { length: number };
  cell(r: number, c: number): CellData | undefined;
}

/**
 * Range.createTextFinder / Sheet.createTextFinder; `rangeAt` makes the range of a matching cell. Every row is
 * searched, rows hidden by a basic filter too (assumptions.ts: sheets.textfinder-hidden-rows).
 */
export class FakeTextFinder<R> {
  readonly serviceType = 'TextFinder';
  private entire = false;
  private caseSensitive = false;
  private regex = false;
  private cursor = -1;
  constructor(
    readonly sheet: SearchedCells,
    readonly row: number,
    readonly col: number,
    readonly numRows: number,
    readonly numCols: number,
    readonly text: string,
    private readonly rangeAt: (row: number, col: number) => R,
  ) {}
  matchEntireCell(b: boolean): FakeTextFinder<R> {
    this.entire = b;
    return this;
  }
  useRegularExpression(b: boolean): FakeTextFinder<R> {
    this.regex = b;
    return this;
  }
  matchCase(b: boolean): FakeTextFinder<R> {
    this.caseSensitive = b;
    return this;
  }
  private matches(): R[] {
    const out: R[] = [];
    const want = this.caseSensitive ? this.text : this.text.toLowerCase();
    const re = this.regex ? new RegExp(this.entire ? `^(?:${this.text})$` : this.text, this.caseSensitive ? '' : 'i') : null;
    const lastRow = Math.min(this.row + this.numRows - 1, this.sheet.rows.length);
    for (let r = this.row - 1; r < lastRow; r++) {
      for (let c = this.col - 1; c < this.col - 1 + this.numCols; c++) {
        const d = this.sheet.cell(r, c);
        if (!d || d.v === '') continue;
        const raw = isDate(d.v) ? (d.v as Date).toISOString() : String(d.v);
        const got = this.caseSensitive ? raw : raw.toLowerCase();
        const hit = re ? re.test(raw) : this.entire ? got === want : got.includes(want);
        if (hit) out.push(this.rangeAt(r + 1, c + 1));
      }
    }
    return out;
  }
  findNext(): R | null {
    const all = this.matches();
    this.cursor++;
    return all[this.cursor] ?? null;
  }
  findAll(): R[] {
    return this.matches();
  }
}
