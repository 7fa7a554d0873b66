/**
 * Tells the person who ran an action what happened: a dialog when run from the Sheet menu,
 * the execution log otherwise (triggers, script editor).
 */
export function notify(title: string, lines: string[], opts: { quiet?: boolean } = {}): void {
  const text = lines.join('\n');
  console.info(`${title}: ${text}`);
  try {
    const ui = SpreadsheetApp.getUi();
    if (opts.quiet) {
      SpreadsheetApp.getActiveSpreadsheet()?.toast(text, title, 10);
    } else {
      ui.alert(title, text, ui.ButtonSet.OK);
    }
  } catch {
    // No UI in triggers and web-app calls: the log line above is the report.
  }
}

/** A short progress note in the Sheet's corner while a long action runs. */
export function toast(message: string, title = 'Hòm thư số'): void {
  try {
    SpreadsheetApp.getActiveSpreadsheet()?.toast(message, title, 5);
  } catch {
    // Not in a spreadsheet UI.
  }
}
