/**
 * What a sheet keeps besides values: conditional format data, number-format and validation areas, data validation
 * rules with their builder, protections, and the basic filter with its criteria.
 */
import { unwrap } from './counted';

export interface ConditionalRule {
  formula: string;
  background: string;
  ranges: string[];
}

/**
 * A custom-formula condition, as ConditionalFormatRule.getBooleanCondition returns it: the formula exactly as the
 * script gave it (assumptions.ts: sheets.formula-rule).
 */
export class FakeBooleanCondition {
  readonly serviceType = 'BooleanCondition';
  constructor(
    private readonly formula: string,
    private readonly background: string,
  ) {}
  getCriteriaType(): string {
    return 'CUSTOM_FORMULA';
  }
  getCriteriaValues(): unknown[] {
    return [this.formula];
  }
  getBackground(): string | null {
    return this.background || null;
  }
}

/** Cells formatted by one call, 0-based and inclusive; a later area wins over an earlier one. */
export interface FormatArea<T> {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
  value: T;
}

export function addArea<T>(areas: FormatArea<T>[], area: FormatArea<T>): void {
  // Areas the new one covers entirely can never show again.
  for (let i = areas.length - 1; i >= 0; i--) {
    const a = areas[i];
    if (a.r1 >= area.r1 && a.r2 <= area.r2 && a.c1 >= area.c1 && a.c2 <= area.c2) areas.splice(i, 1);
  }
  areas.push(area);
}

export function areaValue<T>(areas: readonly FormatArea<T>[], r: number, c: number): T | undefined {
  for (let i = areas.length - 1; i >= 0; i--) {
    const a = areas[i];
    if (r >= a.r1 && r <= a.r2 && c >= a.c1 && c <= a.c2) return a.value;
  }
  return undefined;
}

export class ValidationRule {
  readonly serviceType = 'DataValidation';
  constructor(
    readonly list: string[],
    readonly allowInvalid: boolean,
    readonly helpText: string,
    readonly checkbox = false,
  ) {}
  getCriteriaValues(): unknown[] {
    return this.checkbox ? [] : [[...this.list], true];
  }
  getCriteriaType(): string {
    return this.checkbox ? 'CHECKBOX' : 'VALUE_IN_LIST';
  }
}

/** A Google account as Apps Script hands it out (Session, Protection.getEditors, Spreadsheet.getOwner). */
export function fakeUser(email: string): { serviceType: string; getEmail(): string } {
  return { serviceType: 'User', getEmail: () => email };
}

/** An email given as a string or as a User object. */
function emailOf(v: unknown): string {
  if (v && typeof v === 'object' && typeof (v as { getEmail?: unknown }).getEmail === 'function') {
    return String((v as { getEmail(): unknown }).getEmail()).toLowerCase();
  }
  return String(v ?? '').toLowerCase();
}

/** What a protection needs from its sheet and spreadsheet (the fakes of those import this file, not the other way). */
export interface ProtectionHost {
  /** The range an A1 notation names on the protected sheet. */
  range(a1: string): unknown;
  /** The whole sheet's A1 notation (a sheet protection covers every cell, however the sheet grows). */
  wholeSheet(): string;
  remove(p: FakeProtection): void;
  /** The spreadsheet's owner: always an editor, never removable. */
  owner(): string;
  /** Editors of the spreadsheet when the protection is made: they start as editors of the protection. */
  spreadsheetEditors(): string[];
  /** Whether the spreadsheet belongs to a Google Workspace domain (never for a gmail.com account). */
  inDomain(): boolean;
}

/**
 * A protected range or sheet. As in Sheets: a new protection starts with every editor of the spreadsheet as its
 * editor; removeEditors never removes the owner; setDomainEdit throws outside a Workspace domain; warning-only
 * protections refuse nobody. Whether a person's edit is refused is `refuses(email)`, used by the sandbox when
 * it plays a person typing in the Sheet (scripts run as the owner, whom no protection refuses).
 */
export class FakeProtection {
  readonly serviceType = 'Protection';
  description = '';
  warningOnly = false;
  domainEdit = false;
  /** Editors besides the owner, lower case. */
  readonly editors = new Set<string>();
  constructor(
    public a1: string,
    readonly type: 'RANGE' | 'SHEET' = 'RANGE',
    private readonly host: ProtectionHost | null = null,
  ) {
    if (host) for (const e of host.spreadsheetEditors()) this.editors.add(e.toLowerCase());
  }
  setDescription(d: string): FakeProtection {
    this.description = String(d);
    return this;
  }
  getDescription(): string {
    return this.description;
  }
  setWarningOnly(w: boolean): FakeProtection {
    this.warningOnly = Boolean(w);
    return this;
  }
  isWarningOnly(): boolean {
    return this.warningOnly;
  }
  getProtectionType(): string {
    return this.type;
  }
  getRange(): unknown {
    if (!this.host) throw new Error('Protection has no sheet.');
    return this.host.range(this.type === 'SHEET' ? this.host.wholeSheet() : this.a1);
  }
  setRange(range: { getA1Notation(): string }): FakeProtection {
    if (this.type === 'SHEET') throw new Error('A sheet protection covers the whole sheet; its range cannot be set.');
    // A range named before rows were deleted, past the grid now, is refused as in Sheets.
    if (this.host) this.host.range(range.getA1Notation());
    this.a1 = range.getA1Notation();
    return this;
  }
  private ownerEmail(): string {
    return (this.host?.owner() ?? '').toLowerCase();
  }
  getEditors(): { serviceType: string; getEmail(): string }[] {
    const owner = this.ownerEmail();
    return [...new Set([owner, ...this.editors].filter(Boolean))].map(fakeUser);
  }
  addEditor(user: unknown): FakeProtection {
    this.editors.add(emailOf(user));
    return this;
  }
  addEditors(users: unknown[]): FakeProtection {
    for (const u of users) this.addEditor(u);
    return this;
  }
  removeEditor(user: unknown): FakeProtection {
    return this.removeEditors([user]);
  }
  removeEditors(users: unknown[]): FakeProtection {
    const owner = this.ownerEmail();
    for (const u of users) {
      const e = emailOf(u);
      if (e !== owner) this.editors.delete(e);
    }
    return this;
  }
  canDomainEdit(): boolean {
    return Boolean(this.host?.inDomain()) && this.domainEdit;
  }
  setDomainEdit(on: boolean): FakeProtection {
    if (!this.host?.inDomain()) throw new Error('This spreadsheet does not belong to a Google Workspace domain.');
    this.domainEdit = Boolean(on);
    return this;
  }
  canEdit(): boolean {
    return true;
  }
  remove(): void {
    this.host?.remove(this);
  }
  /** Whether Sheets refuses `email` typing into a cell this protection covers. */
  refuses(email: string): boolean {
    if (this.warningOnly) return false;
    const e = email.toLowerCase();
    return e !== this.ownerEmail() && !this.editors.has(e);
  }
}

/** SpreadsheetApp.newDataValidation() */
export class FakeDataValidationBuilder {
  readonly serviceType = 'DataValidationBuilder';
  private list: string[] = [];
  private allowInvalid = true;
  private helpText = '';
  private checkbox = false;
  requireValueInList(values: string[], _showDropdown?: boolean): FakeDataValidationBuilder {
    this.list = [...values];
    return this;
  }
  requireCheckbox(): FakeDataValidationBuilder {
    this.checkbox = true;
    return this;
  }
  setAllowInvalid(b: boolean): FakeDataValidationBuilder {
    this.allowInvalid = b;
    return this;
  }
  setHelpText(t: string): FakeDataValidationBuilder {
    this.helpText = t;
    return this;
  }
  build(): ValidationRule {
    return new ValidationRule([...this.list], this.allowInvalid, this.helpText, this.checkbox);
  }
}

/** Filter criteria that hide rows by their displayed value (FilterCriteriaBuilder.setHiddenValues). */
export class FakeFilterCriteria {
  readonly serviceType = 'FilterCriteria';
  constructor(readonly hiddenValues: string[]) {}
  getHiddenValues(): string[] {
    return [...this.hiddenValues];
  }
}

/** SpreadsheetApp.newFilterCriteria() */
export class FakeFilterCriteriaBuilder {
  readonly serviceType = 'FilterCriteriaBuilder';
  private hidden: string[] = [];
  setHiddenValues(values: string[]): FakeFilterCriteriaBuilder {
    this.hidden = values.map(String);
    return this;
  }
  build(): FakeFilterCriteria {
    return new FakeFilterCriteria([...this.hidden]);
  }
}

/** What the basic filter needs of its sheet. */
export interface FilteredSheet<R> {
  filterRange: string;
  /** Hidden values by 1-based column. */
  readonly filterCriteria: Map<number, string[]>;
  getRange(a1: string): R;
  cell(r: number, c: number): { v: unknown } | undefined;
}

/** The sheet's basic filter. */
export class FakeFilter<R> {
  readonly serviceType = 'Filter';
  constructor(
    private readonly sheet: FilteredSheet<R>,
    private readonly a1: string,
  ) {}
  getRange(): R {
    return this.sheet.getRange(this.a1);
  }
  setColumnFilterCriteria(column: number, criteria: FakeFilterCriteria | null): FakeFilter<R> {
    const c = criteria ? unwrap(criteria) : null;
    if (c) this.sheet.filterCriteria.set(column, c.getHiddenValues());
    else this.sheet.filterCriteria.delete(column);
    return this;
  }
  remove(): void {
    if (this.sheet.filterRange === this.a1) {
      this.sheet.filterRange = '';
      this.sheet.filterCriteria.clear();
    }
  }
}

/** A data row of the basic filter (below its header row) whose value in a filtered column is a hidden value. */
export function rowHiddenByFilter(sheet: FilteredSheet<{ getRow(): number; getLastRow(): number }>, row: number): boolean {
  if (!sheet.filterRange || sheet.filterCriteria.size === 0) return false;
  const range = sheet.getRange(sheet.filterRange);
  if (row <= range.getRow() || row > range.getLastRow()) return false;
  for (const [col, hidden] of sheet.filterCriteria) {
    const d = sheet.cell(row - 1, col - 1);
    if (hidden.includes(d && d.v !== '' ? String(d.v) : '')) return true;
  }
  return false;
}

/** "A2:Y1000" ending at row `from` → "A2:Y<to>"; other ranges unchanged. */
/**
 * A range's A1 notation after `n` rows from 1-based row `position` are deleted, as Sheets moves conditional format
 * ranges and protected ranges: rows below move up, a range losing some of its rows shrinks; null when it loses all.
 */
export function shrinkForDelete(a1: string, position: number, n: number): string | null {
  const m = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(a1);
  if (!m) return a1;
  const last = position + n - 1;
  const moved = (r: number, end: boolean) => (r < position ? r : r > last ? r - n : end ? position - 1 : position);
  const r1 = moved(Number(m[2]), false);
  const r2 = moved(Number(m[4]), true);
  return r2 < r1 ? null : `${m[1]}${r1}:${m[3]}${r2}`;
}

export function extendToRow(a1: string, from: number, to: number): string {
  const m = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(a1);
  return m && Number(m[4]) === from ? `${m[1]}${m[2]}:${m[3]}${to}` : a1;
}
