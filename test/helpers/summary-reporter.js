// Prints one plain closing line, "N passed, N failed" (with ", N skipped" when any), after jest's own summary,
// so any reader of the run's last lines sees the count without knowing jest's format.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`;
    // At exit, so it comes after jest's own summary (which jest writes to stderr).
    process.on('exit', () => process.stderr.write(`${line}\n`));
  }
}
module.exports = SummaryReporter;
