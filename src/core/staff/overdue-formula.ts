/**
 * The overdue highlight's conditional-format formula, written without argument separators: a product of
 * comparisons. Sheets reads `,` or `;` between arguments depending on the spreadsheet's locale; a formula with no
 * argument list at all means the same in every locale, so the rule is accepted and read back as written.
 */
import { FINAL_STATUSES } from './deadline';

export interface OverdueColumns {
  /** Column letter of "Hạn xử lý". */
  dueAt: string;
  /** Column letter of "Trạng thái". */
  status: string;
}

/**
 * True (non-zero) on a row with a deadline that has passed and a status that is not final, for a rule whose range
 * starts at `firstRow`. Relative rows, absolute columns, as custom-formula rules expect. The status is compared
 * through TRIM (one argument: still no separator), so spaces staff type around a status or twice inside it do not
 * make an answered opinion overdue; Sheets compares text without letter case already.
 */
export function overdueFormula(columns: OverdueColumns, firstRow = 2): string {
  const due = `$${columns.dueAt}${firstRow}`;
  const status = `TRIM($${columns.status}${firstRow})`;
  const quoted = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const notFinal = FINAL_STATUSES.map((s) => `(${status}<>${quoted(s)})`).join('*');
  return `=(${due}<>"")*(${due}<NOW())*${notFinal}`;
}

/** True when a formula has no argument separator outside string literals (so no locale can read it differently). */
export function hasNoArgumentSeparator(formula: string): boolean {
  return !/[,;]/.test(formula.replace(/"(?:[^"]|"")*"/g, '""'));
}
