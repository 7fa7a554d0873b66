/**
 * A stateful fake of SpreadsheetApp: spreadsheets keep their cells, tell formulas from text the way Sheets does
 * when a script writes strings, grow on appendRow, and refuse ranges outside the sheet with Apps Script's message.
 * Each spreadsheet is a Drive file too (it can be moved, and re-sharing by editors turned off), has an owner and
 * editors, and its protections say whom they refuse. There is no bound spreadsheet: the box's script is standalone.
 * What it assumes of Sheets (rules kept by appended rows, formulas read back as written, TextFinder and filters, the
 * leading apostrophe) is listed, with the verifyPlatform check for each, in assumptions.ts.
 */
import type { WorldState } from './world-state';
import { unwrap } from './counted';
import {
  type CellValue,
  type CellData,
  type CellRect,
  isDate,
  interpretInput,
  copyValue,
  colNumber,
  colLetters,
  rectOfA1,
  rectsMeet,
  FakeTextFinder,
} from './sheet-cells';
import { FakeConditionalFormatRule } from './sheet-conditional';
import { type RowFlags, type SortSpec, deleteRows, insertRows, isHidden, setHidden, sortRange } from './sheet-rows';
import { FakeFile, type FakeDrive } from './drive';
import {
  type ConditionalRule,
  type FormatArea,
  addArea,
  areaValue,
  ValidationRule,
  FakeProtection,
  FakeFilter,
  extendToRow,
  shrinkForDelete,
  rowHiddenByFilter,
  fakeUser,
  type ProtectionHost,
} from './sheet-rules';
import { FakeEmbeddedChart, FakeEmbeddedChartBuilder } from './sheet-charts';

export const SHEET_MIME = 'application/vnd.google-apps.spreadsheet';

/** Sheets' answer to a person typing into a protected cell. */
export const PROTECTED_CELL_MESSAGE =
  'You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if you need to edit.';

/** The world as spreadsheets see it: the shared state and Drive (where each spreadsheet is a file). */
export type SheetsWorld = WorldState & { readonly drive: FakeDrive };

export class FakeSpreadsheetStore {
  private readonly byId = new Map<string, FakeSpreadsheet>();
  private seq = 0;
  constructor(readonly world: SheetsWorld) {}

  /** A new spreadsheet owned by `owner`, filed in the root of Drive. */
  create(name: string, id?: string, owner = ''): FakeSpreadsheet {
    const ss = new FakeSpreadsheet(this.world, id ?? `ss-${++this.seq}-${Math.random().toString(36).slice(2, 10)}`, name);
    ss.owner = owner;
    this.byId.set(ss.id, ss);
    const drive = this.world.drive;
    const file = new FakeFile(drive, ss.id, String(name), SHEET_MIME, new Uint8Array(0), drive.root.id);
    file.owner = owner;
    drive.add(file);
    return ss;
  }
  get(id: string): FakeSpreadsheet | undefined {
    return this.byId.get(id);
  }
  all(): FakeSpreadsheet[] {
    return [...this.byId.values()];
  }
  /** For tests: the spreadsheet deleted forever (emptied from the trash), its Drive file with it. */
  deleteForever(id: string): void {
    this.byId.delete(id);
    this.world.drive.items.delete(id);
  }
}

export class FakeSpreadsheet {
  readonly serviceType = 'Spreadsheet';
  readonly sheetList: FakeSheet[] = [];
  readonly toasts: { message: string; title: string }[] = [];
  /** The spreadsheet's own time zone (File → Settings); a new one takes its creator's. */
  timeZone = 'Asia/Ho_Chi_Minh';
  /** File → Settings → Locale: a new spreadsheet takes its creator's (en_US here). */
  locale = 'en_US';
  /** The owning account ('' for the world's own account). */
  owner = '';
  /** People the spreadsheet is shared with as editors, lower case. */
  readonly editors = new Set<string>();
  /** Whether the spreadsheet belongs to a Google Workspace domain (a gmail.com box never does). */
  inDomain = false;
  private sheetSeq = 0;
  constructor(
    readonly world: WorldState,
    readonly id: string,
    public name: string,
  ) {}

  /** Whether `email` may edit the spreadsheet at all (before protections). */
  canBeEditedBy(email: string): boolean {
    const e = email.toLowerCase();
    return Boolean(e) && (e === this.owner.toLowerCase() || this.editors.has(e));
  }
  getOwner(): { serviceType: string; getEmail(): string } | null {
    return this.owner ? fakeUser(this.owner) : null;
  }
  getEditors(): { serviceType: string; getEmail(): string }[] {
    return [this.owner, ...this.editors].filter(Boolean).map(fakeUser);
  }
  addEditor(email: string): FakeSpreadsheet {
    this.editors.add(String(email).toLowerCase());
    return this;
  }
  removeEditor(email: string): FakeSpreadsheet {
    this.editors.delete(String(email).toLowerCase());
    return this;
  }
  getSpreadsheetLocale(): string {
    return this.locale;
  }
  setSpreadsheetLocale(locale: string): void {
    if (!/^[a-z]{2,3}(_[A-Z]{2})?$/.test(String(locale))) throw new Error('Invalid argument: locale');
    this.locale = String(locale);
  }

  getId(): string {
    return this.id;
  }
  getName(): string {
    return this.name;
  }
  getUrl(): string {
    return `https://docs.google.com/spreadsheets/d/${this.id}/edit`;
  }
  getSheets(): FakeSheet[] {
    return [...this.sheetList];
  }
  getSheetByName(name: string): FakeSheet | null {
    return this.sheetList.find((s) => s.name === name) ?? null;
  }
  getSheetById(id: number): FakeSheet | null {
    return this.sheetList.find((s) => s.sheetId === id) ?? null;
  }
  insertSheet(name?: string): FakeSheet {
    const n = name ?? `Sheet${this.sheetList.length + 1}`;
    if (this.getSheetByName(n)) {
      throw new Error(`A sheet with the name "${n}" already exists. Please enter another name.`);
    }
    const sheet = new FakeSheet(this, n, this.sheetSeq++ === 0 ? 0 : 100000 + this.sheetSeq);
    this.sheetList.push(sheet);
    return sheet;
  }
  deleteSheet(sheet: FakeSheet): void {
    const i = this.sheetList.findIndex((s) => s.sheetId === sheet.sheetId);
    if (i >= 0) this.sheetList.splice(i, 1);
  }
  /** A1 notation with a sheet name, e.g. "'Góp ý'!A:A" or "Sheet1!B2:C3". */
  getRange(a1: string): FakeRange {
    const m = /^(?:'((?:[^']|'')+)'|([^!]+))!(.+)$/.exec(String(a1));
    if (!m) throw new Error('Range not found');
    const sheet = this.getSheetByName(m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2]);
    if (!sheet) throw new Error('Range not found');
    return sheet.getRange(m[3]);
  }
  toast(message: string, title?: string): void {
    this.toasts.push({ message: String(message), title: String(title ?? '') });
  }
  getSpreadsheetTimeZone(): string {
    return this.timeZone;
  }
  setSpreadsheetTimeZone(timezone: string): void {
    try {
      new Intl.DateTimeFormat('en', { timeZone: String(timezone) });
    } catch {
      throw new Error(`Invalid argument: timezone`);
    }
    this.timeZone = String(timezone);
  }
}

export class FakeSheet {
  readonly serviceType = 'Sheet';
  /** rows[r][c] with 0-based indexes. */
  readonly rows: (CellData | undefined)[][] = [];
  /** Per row (moving with it): hidden by hand or by a filter. */
  readonly flags: (RowFlags | undefined)[] = [];
  maxRows = 1000;
  maxColumns = 26;
  frozenRows = 0;
  readonly columnWidths = new Map<number, number>();
  readonly columnFormats = new Map<number, string>();
  readonly validations = new Map<number, ValidationRule>();
  conditionalRules: ConditionalRule[] = [];
  readonly protections: FakeProtection[] = [];
  filterRange = '';
  /** Hidden values of the basic filter, by 1-based column. */
  readonly filterCriteria = new Map<number, string[]>();
  /** Number formats given to ranges, for cells written later (a written cell keeps its own `fmt`). */
  readonly formatAreas: FormatArea<string>[] = [];
  /** Text wrapping given to ranges (Sheets' default is overflow). */
  readonly wrapAreas: FormatArea<boolean>[] = [];
  /** Embedded charts, in the order inserted. */
  charts: FakeEmbeddedChart[] = [];
  constructor(
    readonly spreadsheet: FakeSpreadsheet,
    public name: string,
    readonly sheetId: number,
  ) {}

  // ---- internal helpers (not Apps Script methods) ----
  cell(r: number, c: number): CellData | undefined {
    return this.rows[r]?.[c];
  }
  put(r: number, c: number, data: CellData): void {
    while (this.rows.length <= r) this.rows.push([]);
    this.rows[r][c] = data;
  }
  dataHeight(): number {
    for (let r = this.rows.length - 1; r >= 0; r--) {
      const row = this.rows[r];
      if (row && row.some((d) => d && d.v !== '')) return r + 1;
    }
    return 0;
  }
  dataWidth(): number {
    let w = 0;
    for (const row of this.rows) {
      if (!row) continue;
      for (let c = row.length - 1; c >= w; c--) {
        if (row[c] && row[c]!.v !== '') {
          w = c + 1;
          break;
        }
      }
    }
    return w;
  }
  formatAt(r: number, c: number): string | undefined {
    return this.rows[r]?.[c]?.fmt ?? areaValue(this.formatAreas, r, c) ?? this.columnFormats.get(c);
  }
  wrapAt(r: number, c: number): boolean {
    return areaValue(this.wrapAreas, r, c) ?? false;
  }

  // ---- Apps Script methods ----
  getName(): string {
    return this.name;
  }
  setName(name: string): FakeSheet {
    this.name = name;
    return this;
  }
  getSheetId(): number {
    return this.sheetId;
  }
  getParent(): FakeSpreadsheet {
    return this.spreadsheet;
  }
  getLastRow(): number {
    return this.dataHeight();
  }
  getLastColumn(): number {
    return this.dataWidth();
  }
  getMaxRows(): number {
    return this.maxRows;
  }
  getMaxColumns(): number {
    return this.maxColumns;
  }
  insertRowsBefore(before: number, howMany: number): FakeSheet {
    insertRows(this, before, howMany);
    return this;
  }
  insertRowsAfter(after: number, howMany: number): FakeSheet {
    insertRows(this, after + 1, howMany);
    return this;
  }
  insertRowBefore(before: number): FakeSheet {
    return this.insertRowsBefore(before, 1);
  }
  insertRowAfter(after: number): FakeSheet {
    return this.insertRowsAfter(after, 1);
  }
  deleteRows(position: number, howMany: number): void {
    deleteRows(this, position, howMany);
    this.shrinkRangesForDelete(position, howMany);
  }
  deleteRow(position: number): FakeSheet {
    this.deleteRows(position, 1);
    return this;
  }
  /** Conditional format ranges and protected ranges move up and shrink with deleted rows, as in Sheets. */
  private shrinkRangesForDelete(position: number, howMany: number): void {
    for (const rule of this.conditionalRules) {
      rule.ranges = rule.ranges.flatMap((a1) => shrinkForDelete(a1, position, howMany) ?? []);
    }
    for (const p of this.protections) {
      if (p.type === 'RANGE') p.a1 = shrinkForDelete(p.a1, position, howMany) ?? p.a1;
    }
  }
  hideRows(row: number, howMany = 1): void {
    setHidden(this, row, howMany, 'hiddenByUser', true);
  }
  showRows(row: number, howMany = 1): void {
    setHidden(this, row, howMany, 'hiddenByUser', false);
  }
  isRowHiddenByUser(row: number): boolean {
    return Boolean(this.flags[row - 1]?.hiddenByUser);
  }
  /** Test helper: a basic filter's criteria hiding (or showing) these rows. */
  filterRows(row: number, howMany: number, hidden: boolean): void {
    setHidden(this, row, howMany, 'hiddenByFilter', hidden);
  }
  /** Hidden by hand or by a filter (1-based row). */
  rowHidden(row: number): boolean {
    return isHidden(this, row);
  }
  insertColumnsAfter(_after: number, howMany: number): FakeSheet {
    this.maxColumns += howMany;
    return this;
  }
  getRange(a: number | string, column?: number, numRows = 1, numColumns = 1): FakeRange {
    if (typeof a === 'string') return this.rangeFromA1(a);
    const row = a;
    const col = column ?? 1;
    if (!Number.isInteger(row) || !Number.isInteger(col) || row < 1 || col < 1 || numRows < 1 || numColumns < 1) {
      throw new Error('The coordinates of the range are outside the dimensions of the sheet.');
    }
    if (row + numRows - 1 > this.maxRows || col + numColumns - 1 > this.maxColumns) {
      throw new Error('The coordinates of the range are outside the dimensions of the sheet.');
    }
    return new FakeRange(this, row, col, numRows, numColumns);
  }
  private rangeFromA1(a1: string): FakeRange {
    const m = /^([A-Z]+)(\d*)(?::([A-Z]+)(\d*))?$/.exec(a1.toUpperCase());
    if (!m) throw new Error(`Range not found`);
    const c1 = colNumber(m[1]);
    const r1 = m[2] ? Number(m[2]) : 1;
    const c2 = m[3] ? colNumber(m[3]) : c1;
    const r2 = m[4] ? Number(m[4]) : m[2] && !m[3] ? r1 : this.maxRows;
    return this.getRange(r1, c1, r2 - r1 + 1, c2 - c1 + 1);
  }
  getDataRange(): FakeRange {
    return new FakeRange(this, 1, 1, Math.max(1, this.dataHeight()), Math.max(1, this.dataWidth()));
  }
  /**
   * Writes after the last row with content. When that is past the grid, the grid grows by the row, and conditional
   * format ranges that reached the old last row grow with it; validation here is per column, so the new row has it
   * too (assumptions.ts: sheets.appended-row-keeps-rules).
   */
  appendRow(values: unknown[]): FakeSheet {
    const r = this.dataHeight();
    if (r + 1 > this.maxRows) {
      const old = this.maxRows;
      this.maxRows = r + 1;
      for (const rule of this.conditionalRules) rule.ranges = rule.ranges.map((a1) => extendToRow(a1, old, this.maxRows));
    }
    if (values.length > this.maxColumns) this.maxColumns = values.length;
    values.forEach((v, c) => this.put(r, c, { ...interpretInput(v, this.formatAt(r, c)), fmt: this.formatAt(r, c) }));
    return this;
  }
  setFrozenRows(n: number): void {
    this.frozenRows = n;
  }
  getFrozenRows(): number {
    return this.frozenRows;
  }
  setColumnWidth(column: number, width: number): FakeSheet {
    this.columnWidths.set(column, width);
    return this;
  }
  getColumnWidth(column: number): number {
    return this.columnWidths.get(column) ?? 100;
  }
  createTextFinder(text: string): FakeTextFinder<FakeRange> {
    return new FakeTextFinder(this, 1, 1, this.maxRows, this.maxColumns, String(text), (r, c) => new FakeRange(this, r, c, 1, 1));
  }
  /**
   * A data row of the basic filter whose value in a filtered column is one of that column's hidden values, or a row
   * a test hid as a filter (view) does (filterRows).
   */
  isRowHiddenByFilter(row: number): boolean {
    return Boolean(this.flags[row - 1]?.hiddenByFilter) || rowHiddenByFilter(this, row);
  }
  setConditionalFormatRules(rules: ConditionalRule[]): void {
    this.conditionalRules = rules.map((rule) => {
      const r = unwrap(rule);
      return { formula: r.formula, background: r.background, ranges: [...r.ranges] };
    });
  }
  getConditionalFormatRules(): FakeConditionalFormatRule[] {
    return this.conditionalRules.map((r) => new FakeConditionalFormatRule(r.formula, r.background, [...r.ranges], this));
  }
  getFilter(): FakeFilter<FakeRange> | null {
    return this.filterRange ? new FakeFilter(this, this.filterRange) : null;
  }
  // ---- embedded charts (sheet-charts.ts) ----
  newChart(): FakeEmbeddedChartBuilder {
    return new FakeEmbeddedChartBuilder(this);
  }
  insertChart(chart: FakeEmbeddedChart): void {
    this.charts.push(unwrap(chart));
  }
  getCharts(): FakeEmbeddedChart[] {
    return [...this.charts];
  }
  removeChart(chart: FakeEmbeddedChart): void {
    const c = unwrap(chart);
    this.charts = this.charts.filter((x) => x !== c);
  }
  updateChart(chart: FakeEmbeddedChart): void {
    const c = unwrap(chart);
    const i = this.charts.findIndex((x) => x.chartId === c.chartId);
    if (i < 0) throw new Error('The chart is not on this sheet.');
    this.charts[i] = c;
  }

  getProtections(type?: string): FakeProtection[] {
    return this.protections.filter((p) => !type || p.type === String(type));
  }
  /** Sheet.protect(): protects the whole sheet, however it grows. */
  protect(): FakeProtection {
    return this.addProtection(`A1:${colLetters(this.maxColumns)}${this.maxRows}`, 'SHEET');
  }
  addProtection(a1: string, type: 'RANGE' | 'SHEET'): FakeProtection {
    const p = new FakeProtection(a1, type, this.protectionHost());
    this.protections.push(p);
    return p;
  }
  private protectionHost(): ProtectionHost {
    const ss = this.spreadsheet;
    return {
      range: (a1) => this.getRange(a1),
      wholeSheet: () => `A1:${colLetters(this.maxColumns)}${this.maxRows}`,
      remove: (p) => {
        const i = this.protections.indexOf(p);
        if (i >= 0) this.protections.splice(i, 1);
      },
      owner: () => ss.owner,
      spreadsheetEditors: () => [...ss.editors],
      inDomain: () => ss.inDomain,
    };
  }
  /** The protections that refuse `email` typing anywhere in `rect` (Sheets refuses the whole edit then). */
  protectionsRefusing(email: string, rect: CellRect): FakeProtection[] {
    return this.protections.filter((p) => (p.type === 'SHEET' || rectsMeet(rectOfA1(p.a1), rect)) && p.refuses(email));
  }
}

export class FakeRange {
  readonly serviceType = 'Range';
  constructor(
    readonly sheet: FakeSheet,
    readonly row: number,
    readonly col: number,
    readonly numRows: number,
    readonly numCols: number,
  ) {}

  getRow(): number {
    return this.row;
  }
  getColumn(): number {
    return this.col;
  }
  getLastRow(): number {
    return this.row + this.numRows - 1;
  }
  getLastColumn(): number {
    return this.col + this.numCols - 1;
  }
  getNumRows(): number {
    return this.numRows;
  }
  getNumColumns(): number {
    return this.numCols;
  }
  getSheet(): FakeSheet {
    return this.sheet;
  }
  getA1Notation(): string {
    const a = `${colLetters(this.col)}${this.row}`;
    if (this.numRows === 1 && this.numCols === 1) return a;
    return `${a}:${colLetters(this.getLastColumn())}${this.getLastRow()}`;
  }
  private each<T>(fn: (r: number, c: number) => T): T[][] {
    const out: T[][] = [];
    for (let i = 0; i < this.numRows; i++) {
      const line: T[] = [];
      for (let j = 0; j < this.numCols; j++) line.push(fn(this.row - 1 + i, this.col - 1 + j));
      out.push(line);
    }
    return out;
  }
  getValues(): CellValue[][] {
    return this.each((r, c) => {
      const d = this.sheet.cell(r, c);
      return d ? copyValue(d.v) : '';
    });
  }
  getValue(): CellValue {
    return this.getValues()[0][0];
  }
  getDisplayValues(): string[][] {
    return this.each((r, c) => {
      const d = this.sheet.cell(r, c);
      if (!d || d.v === '') return '';
      return isDate(d.v) ? (d.v as Date).toISOString() : String(d.v);
    });
  }
  getFormulas(): string[][] {
    return this.each((r, c) => this.sheet.cell(r, c)?.f ?? '');
  }
  getFormula(): string {
    return this.getFormulas()[0][0];
  }
  /**
   * A range named before rows were deleted can reach past the grid now: writing or protecting it fails as in Sheets
   * (reads of it are not checked here).
   */
  checkInGrid(): void {
    if (this.getLastRow() > this.sheet.getMaxRows() || this.getLastColumn() > this.sheet.getMaxColumns()) {
      throw new Error('The coordinates of the range are outside the dimensions of the sheet.');
    }
  }
  setValues(values: unknown[][]): FakeRange {
    this.checkInGrid();
    if (
      !Array.isArray(values) ||
      values.length !== this.numRows ||
      values.some((row) => !Array.isArray(row) || row.length !== this.numCols)
    ) {
      const got = Array.isArray(values) ? values.length : 0;
      throw new Error(
        `The number of rows in the data does not match the number of rows in the range. The data has ${got} but the range has ${this.numRows}.`,
      );
    }
    values.forEach((line, i) =>
      line.forEach((v, j) => {
        const r = this.row - 1 + i;
        const c = this.col - 1 + j;
        const fmt = this.sheet.formatAt(r, c);
        this.sheet.put(r, c, { ...interpretInput(v, fmt), fmt });
      }),
    );
    return this;
  }
  setValue(value: unknown): FakeRange {
    return this.setValues(this.each(() => value));
  }
  clearContent(): FakeRange {
    this.each((r, c) => {
      const fmt = this.sheet.formatAt(r, c);
      if (this.sheet.cell(r, c)) this.sheet.put(r, c, { v: '', fmt });
    });
    return this;
  }
  private area<T>(value: T): FormatArea<T> {
    return { r1: this.row - 1, c1: this.col - 1, r2: this.row + this.numRows - 2, c2: this.col + this.numCols - 2, value };
  }
  setNumberFormat(fmt: string): FakeRange {
    const wholeColumns = this.row === 1 && this.numRows >= this.sheet.maxRows;
    for (let j = 0; j < this.numCols; j++) {
      if (wholeColumns) this.sheet.columnFormats.set(this.col - 1 + j, fmt);
    }
    addArea(this.sheet.formatAreas, this.area(fmt));
    this.each((r, c) => {
      const d = this.sheet.cell(r, c);
      if (d) d.fmt = fmt;
    });
    return this;
  }
  getNumberFormat(): string {
    return this.sheet.formatAt(this.row - 1, this.col - 1) ?? 'General';
  }
  getNumberFormats(): string[][] {
    return this.each((r, c) => this.sheet.formatAt(r, c) ?? 'General');
  }
  setDataValidation(rule: ValidationRule | null): FakeRange {
    for (let j = 0; j < this.numCols; j++) {
      if (rule) this.sheet.validations.set(this.col + j, unwrap(rule));
      else this.sheet.validations.delete(this.col + j);
    }
    return this;
  }
  getDataValidation(): ValidationRule | null {
    return this.sheet.validations.get(this.col) ?? null;
  }
  getDataValidations(): (ValidationRule | null)[][] {
    return this.each((_r, c) => this.sheet.validations.get(c + 1) ?? null);
  }
  setFontWeight(_w: string): FakeRange {
    return this;
  }
  setWrap(w: boolean): FakeRange {
    addArea(this.sheet.wrapAreas, this.area(Boolean(w)));
    return this;
  }
  getWrap(): boolean {
    return this.sheet.wrapAt(this.row - 1, this.col - 1);
  }
  /** WrapStrategy names: Sheets' default is OVERFLOW. */
  getWrapStrategies(): string[][] {
    return this.each((r, c) => (this.sheet.wrapAt(r, c) ? 'WRAP' : 'OVERFLOW'));
  }
  setBackground(_c: string): FakeRange {
    return this;
  }
  setFontColor(_c: string): FakeRange {
    return this;
  }
  setVerticalAlignment(_a: string): FakeRange {
    return this;
  }
  setHorizontalAlignment(_a: string): FakeRange {
    return this;
  }
  createFilter(): FakeFilter<FakeRange> {
    if (this.sheet.filterRange) throw new Error("You can't create a filter in a sheet that already has a filter.");
    this.sheet.filterRange = this.getA1Notation();
    this.sheet.filterCriteria.clear();
    return new FakeFilter(this.sheet, this.sheet.filterRange);
  }
  createTextFinder(text: string): FakeTextFinder<FakeRange> {
    const sheet = this.sheet;
    return new FakeTextFinder(
      sheet,
      this.row,
      this.col,
      this.numRows,
      this.numCols,
      String(text),
      (r, c) => new FakeRange(sheet, r, c, 1, 1),
    );
  }
  /** Range.sort(column), Range.sort({column, ascending}) or an array of those. */
  sort(spec: number | SortSpec | (number | SortSpec)[]): FakeRange {
    const list = (Array.isArray(spec) ? spec : [spec]).map((s) => (typeof s === 'number' ? { column: s } : s));
    for (const s of list) {
      if (s.column < this.col || s.column > this.getLastColumn()) throw new Error('The column to sort by is outside the range.');
    }
    sortRange(this.sheet, { firstRow: this.row, numRows: this.numRows, firstCol: this.col, numCols: this.numCols }, list);
    return this;
  }
  protect(): FakeProtection {
    this.checkInGrid();
    return this.sheet.addProtection(this.getA1Notation(), 'RANGE');
  }
}
