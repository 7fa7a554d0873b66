/**
 * What a sheet keeps besides values: conditional format data, number-format and validation areas, data validation
 * rules with their builder, and protections.
 */

export interface ConditionalRule {
  formula: string;
  background: string;
  ranges: string[];
}

/** A custom-formula condition, as ConditionalFormatRule.getBooleanCondition returns it. */
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

export class FakeProtection {
  readonly serviceType = 'Protection';
  description = '';
  warningOnly = false;
  constructor(readonly a1: string) {}
  setDescription(d: string): FakeProtection {
    this.description = d;
    return this;
  }
  getDescription(): string {
    return this.description;
  }
  setWarningOnly(w: boolean): FakeProtection {
    this.warningOnly = w;
    return this;
  }
  isWarningOnly(): boolean {
    return this.warningOnly;
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
