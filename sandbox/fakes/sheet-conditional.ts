/**
 * Conditional format rules of the fake spreadsheet: the rule as the script sees it (the sheet keeps only its data,
 * ConditionalRule) and SpreadsheetApp.newConditionalFormatRule().
 */
import { unwrap } from './counted';
import { type ConditionalRule, FakeBooleanCondition } from './sheet-rules';

/** What a rule needs of its sheet and ranges (the fake Sheet and Range have these). */
interface RuleSheet<R> {
  getRange(a1: string): R;
}
interface RuleRange {
  getA1Notation(): string;
}

/** A conditional format rule as the script sees it; the sheet keeps only its data (ConditionalRule). */
export class FakeConditionalFormatRule<R = unknown> implements ConditionalRule {
  readonly serviceType = 'ConditionalFormatRule';
  constructor(
    public formula: string,
    public background: string,
    public ranges: string[],
    private readonly sheet: RuleSheet<R> | null,
  ) {}
  getBooleanCondition(): FakeBooleanCondition | null {
    return this.formula ? new FakeBooleanCondition(this.formula, this.background) : null;
  }
  getRanges(): R[] {
    const sheet = this.sheet;
    return sheet ? this.ranges.map((a1) => sheet.getRange(a1)) : [];
  }
}

/** SpreadsheetApp.newConditionalFormatRule() */
export class FakeConditionalFormatRuleBuilder {
  readonly serviceType = 'ConditionalFormatRuleBuilder';
  private rule: ConditionalRule = { formula: '', background: '', ranges: [] };
  private sheet: RuleSheet<unknown> | null = null;
  whenFormulaSatisfied(f: string): FakeConditionalFormatRuleBuilder {
    this.rule.formula = f;
    return this;
  }
  setBackground(c: string): FakeConditionalFormatRuleBuilder {
    this.rule.background = c;
    return this;
  }
  setRanges(ranges: RuleRange[]): FakeConditionalFormatRuleBuilder {
    this.rule.ranges = ranges.map((r) => r.getA1Notation());
    this.sheet = ranges.length ? (unwrap(ranges[0]) as RuleRange & { sheet: RuleSheet<unknown> }).sheet : null;
    return this;
  }
  build(): FakeConditionalFormatRule {
    return new FakeConditionalFormatRule(this.rule.formula, this.rule.background, [...this.rule.ranges], this.sheet);
  }
}
