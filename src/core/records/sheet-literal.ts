/**
 * Making Google Sheets store text exactly as given.
 * setValues/appendRow parse strings like typed input: "=…", "+…", "-…", "@…" (and their full-width
 * forms) become formulas, "0912345678" a number without its 0, "1/2" a date, "TRUE" a boolean.
 * A leading apostrophe makes Sheets store the rest as plain text and drop the apostrophe itself.
 */

/** Strings Sheets would try to read as a formula (also used in tests). Leading whitespace is ignored, as Sheets may. */
export function looksLikeFormula(s: string): boolean {
  return typeof s === 'string' && /^\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/.test(s);
}

/**
 * A cell value that Sheets stores as exactly the text s. Every non-empty string is prefixed,
 * not only formula-like ones: numbers, dates, percentages and a text's own leading apostrophe
 * would otherwise all be altered.
 */
export function literalCell(s: string): string {
  if (typeof s !== 'string' || s === '') return '';
  return "'" + s;
}
