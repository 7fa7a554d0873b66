/**
 * Fake Docs tables: rows of cells, each cell a list of paragraphs (a new cell holds one, with the text it was made
 * with), column widths, a border width, and Text views (editAsText) over a whole table or row that format every
 * paragraph in it. What this assumes of Google Docs is listed in assumptions.ts (docs.report-layout).
 */
import { FakeParagraph } from './docs-paragraph';

/** The formatting of many paragraphs at once, as Table.editAsText() / TableRow.editAsText() give it. */
export class FakeRangeText {
  readonly serviceType = 'Text';
  constructor(private readonly paragraphs: () => FakeParagraph[]) {}
  private set(key: string, value: unknown): FakeRangeText {
    for (const p of this.paragraphs()) p.attrs[key] = value;
    return this;
  }
  getText(): string {
    return this.paragraphs()
      .map((p) => p.text)
      .join('\n');
  }
  setFontFamily(name: string): FakeRangeText {
    return this.set('FONT_FAMILY', String(name));
  }
  setFontSize(size: number): FakeRangeText {
    return this.set('FONT_SIZE', Number(size));
  }
  setBold(bold: boolean): FakeRangeText {
    return this.set('BOLD', Boolean(bold));
  }
  setItalic(italic: boolean): FakeRangeText {
    return this.set('ITALIC', Boolean(italic));
  }
  /** Whether the first character is bold (as Text.isBold() without an offset for text formatted as one). */
  isBold(): boolean | null {
    const ps = this.paragraphs();
    return ps.length ? ps[0].attrs.BOLD === true : null;
  }
  /** The font of the first character (the checks read a cell's text back this way). */
  getFontFamily(): string | null {
    const f = this.paragraphs()[0]?.attrs.FONT_FAMILY;
    return typeof f === 'string' ? f : null;
  }
}

/** The first child of a cell, as Element: asParagraph() is the only conversion the box uses. */
interface CellChild {
  asParagraph(): FakeParagraph;
}

export class FakeTableCell {
  readonly serviceType = 'TableCell';
  constructor(readonly paragraphs: FakeParagraph[]) {}
  getText(): string {
    return this.paragraphs.map((p) => p.text).join('\n');
  }
  getNumChildren(): number {
    return this.paragraphs.length;
  }
  getChild(i: number): CellChild & FakeParagraph {
    const p = this.paragraphs[i];
    if (!p) throw new Error(`Child index (${i}) must be less than the number of child elements (${this.paragraphs.length}).`);
    return p as CellChild & FakeParagraph;
  }
  appendParagraph(text: string): FakeParagraph {
    const p = new FakeParagraph(String(text));
    this.paragraphs.push(p);
    return p;
  }
  editAsText(): FakeRangeText {
    return new FakeRangeText(() => this.paragraphs);
  }
}

export class FakeTableRow {
  readonly serviceType = 'TableRow';
  constructor(readonly cells: FakeTableCell[]) {}
  getNumCells(): number {
    return this.cells.length;
  }
  getCell(i: number): FakeTableCell {
    const c = this.cells[i];
    if (!c) throw new Error(`Index (${i}) out of range.`);
    return c;
  }
  editAsText(): FakeRangeText {
    return new FakeRangeText(() => this.cells.flatMap((c) => c.paragraphs));
  }
}

export class FakeTable {
  readonly serviceType = 'Table';
  readonly rows: FakeTableRow[];
  /** Points per column; 0 where none was set. */
  readonly widths: number[];
  /** Docs draws a new table's borders 1 pt wide. */
  borderWidth = 1;
  constructor(cells: string[][]) {
    const cols = Math.max(0, ...cells.map((r) => r.length));
    // Docs makes every row as wide as the widest, with empty cells.
    this.rows = cells.map(
      (r) => new FakeTableRow(Array.from({ length: cols }, (_, i) => new FakeTableCell([new FakeParagraph(String(r[i] ?? ''))]))),
    );
    this.widths = new Array<number>(cols).fill(0);
  }
  /** The cells' texts (a cell's paragraphs joined by newlines). */
  texts(): string[][] {
    return this.rows.map((r) => r.cells.map((c) => c.getText()));
  }
  getNumRows(): number {
    return this.rows.length;
  }
  getRow(i: number): FakeTableRow {
    const r = this.rows[i];
    if (!r) throw new Error(`Index (${i}) out of range.`);
    return r;
  }
  getCell(row: number, col: number): FakeTableCell {
    return this.getRow(row).getCell(col);
  }
  setBorderWidth(w: number): FakeTable {
    this.borderWidth = Number(w);
    return this;
  }
  getBorderWidth(): number {
    return this.borderWidth;
  }
  setColumnWidth(col: number, width: number): FakeTable {
    if (!Number.isInteger(col) || col < 0 || col >= this.widths.length) throw new Error(`Index (${col}) out of range.`);
    this.widths[col] = Number(width);
    return this;
  }
  getColumnWidth(col: number): number | null {
    return this.widths[col] || null;
  }
  getText(): string {
    return this.texts()
      .map((r) => r.join('\t'))
      .join('\n');
  }
  editAsText(): FakeRangeText {
    return new FakeRangeText(() => this.rows.flatMap((r) => r.cells.flatMap((c) => c.paragraphs)));
  }
  clone(): FakeTable {
    const t = new FakeTable([]);
    t.rows.push(...this.rows.map((r) => new FakeTableRow(r.cells.map((c) => new FakeTableCell(c.paragraphs.map((p) => p.clone()))))));
    t.widths.push(...this.widths);
    t.borderWidth = this.borderWidth;
    return t;
  }
}
