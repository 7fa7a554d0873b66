/**
 * What the fakes assume about Google, one entry per assumption. Each id is the id of the verifyPlatform check that
 * confirms it on a real account (src/core/platform/checks.ts), and test/sandbox/platform.test.ts runs verifyPlatform
 * against these fakes and requires the reported check ids to be exactly these. A feature that makes a fake behave
 * in a new way Google has not confirmed adds its entry here and its check there.
 */
export interface Assumption {
  /** The verifyPlatform check id. */
  id: string;
  /** What Google is assumed to do, in one line. */
  assumption: string;
  /** Where the fakes model it. */
  fake: string;
}

export const ASSUMPTIONS: readonly Assumption[] = [
  {
    id: 'sheets.formula-rule',
    assumption: 'A custom-formula conditional-format rule without argument separators is accepted and read back as written.',
    fake: 'sheet-rules.ts FakeBooleanCondition',
  },
  {
    id: 'sheets.appended-row-keeps-rules',
    assumption: 'A row appended past the grid keeps the column validation and the conditional-format rule over the whole grid.',
    fake: 'spreadsheet.ts FakeSheet.appendRow, FakeRange.setDataValidation (per column)',
  },
  {
    id: 'sheets.textfinder-hidden-rows',
    assumption: 'TextFinder searches rows a basic filter hides (recorded only; the box must not rely on it).',
    fake: 'sheet-cells.ts FakeTextFinder, spreadsheet.ts FakeFilter',
  },
  {
    id: 'sheets.column-read-hidden-rows',
    assumption:
      'getValues of a whole column ("A:A") or of every row from row 1 ("A1:Y") returns every row at its own row number, rows hidden by hand or by a basic filter too: the box finds rows this way.',
    fake: 'spreadsheet.ts FakeRange.getValues (hidden rows are flags only), sheet-rows.ts',
  },
  {
    id: 'sheets.literal-apostrophe',
    assumption: "A leading apostrophe makes Sheets keep the rest as text ('=1+1, '0912…) and drop the apostrophe.",
    fake: 'sheet-cells.ts interpretInput',
  },
  {
    id: 'sheets.embedded-chart',
    assumption: 'A chart inserted over a range is listed by getCharts() with that range, and removeChart removes it.',
    fake: 'sheet-charts.ts FakeEmbeddedChartBuilder, spreadsheet.ts FakeSheet.insertChart/getCharts/removeChart',
  },
  {
    id: 'sheets.deleted-rows-shrink-ranges',
    assumption:
      "Rows deleted inside a conditional-format rule's range or a protected range shrink that range with them (A2:C10 less rows 3–4 is A2:C8).",
    fake: 'spreadsheet.ts FakeSheet.deleteRows, sheet-rules.ts shrinkForDelete',
  },
  {
    id: 'sheets.stale-range-past-grid',
    assumption:
      'A range named before rows were deleted, which now reaches past the grid, is refused by setValues and protect with "The coordinates of the range are outside the dimensions of the sheet."',
    fake: 'spreadsheet.ts FakeRange.setValues/protect (checkInGrid), sheet-rules.ts FakeProtection.setRange',
  },
  {
    id: 'docs.settext-keeps-format',
    assumption:
      'Paragraph.setText may drop bold and size; setting the attributes after it, or replaceText on a placeholder, gives the intended format.',
    fake: 'docs.ts FakeParagraph.setText, FakeParagraph.replaceText',
  },
  {
    id: 'docs.new-doc-empty-paragraph',
    assumption: 'A new Google Doc has exactly one child: an empty paragraph.',
    fake: 'docs.ts FakeDocs.create',
  },
  {
    id: 'docs.qr-printed-width',
    assumption: "An inline image's WIDTH in pixels prints as that many points in the PDF export: the poster QR prints 9 cm wide.",
    fake: 'docs.ts FakeDocument.toPdf, pdf.ts documentPdf',
  },
  {
    id: 'docs.report-layout',
    assumption:
      "Body.setPageWidth/Height and setMargin* take points and read back (A4, Decree 30's margins); a table made by appendTable has one paragraph per cell, more can be appended, and setBorderWidth(0) removes its borders; Table/TableRow.editAsText() set the font and bold of every cell; setAlignment(JUSTIFY) reads back.",
    fake: 'docs.ts FakeBody (page, margins, getTables), docs-table.ts FakeTable, FakeTableCell, FakeRangeText',
  },
  {
    id: 'charts.png-image',
    assumption:
      "Charts.newBarChart/newColumnChart/newLineChart with a data table built row by row, setDimensions(w, h), build().getAs('image/png') give a valid PNG (signature, IHDR, image data that inflates) of w × h pixels, content type image/png.",
    fake: 'charts.ts FakeChart.getAs',
  },
  {
    id: 'drive.pdf-export-name',
    assumption: "getAs('application/pdf') names the PDF after the file, the text after its last dot replaced by .pdf.",
    fake: 'drive.ts FakeFile.getAs',
  },
  {
    id: 'drive.trashed-folder-contents',
    assumption:
      'A file in a trashed folder reports isTrashed() true; once the folder is taken out of the trash (setTrashed(false)) the file reports false again.',
    fake: 'drive.ts FakeDrive.inTrash',
  },
  {
    id: 'drive.photo-folder-listing',
    assumption:
      "Folder.searchFiles(\"title contains 'CODE-'\") finds the files whose name starts with CODE-; a folder's getFiles resumes from getContinuationToken via DriveApp.continueFileIterator; getDateCreated is the creation time.",
    fake: 'drive.ts FakeFolder.searchFiles, folderFiles, FakeDriveApp.continueFileIterator, FakeFile.getDateCreated',
  },
  {
    id: 'drive.shareable-by-editors',
    assumption: 'setShareableByEditors(false) holds: isShareableByEditors() reads false.',
    fake: 'drive.ts FakeFile.setShareableByEditors',
  },
  {
    id: 'drive.date-created',
    assumption:
      'File.getDateCreated() gives the moment the file was made (the nightly run trashes reports past their archive period by it).',
    fake: 'drive.ts FakeFile.getDateCreated',
  },
  {
    id: 'gmail.sent-search',
    assumption: 'A message just sent is found by the pending trigger\'s search (in:sent subject:"…") within a minute.',
    fake: 'gmail.ts FakeGmailState.search (found at once)',
  },
  {
    id: 'gmail.date-search',
    assumption:
      'GmailApp.search takes before:/after: as epoch seconds (exact, whatever the time zone): the nightly run finds sent mail older than the retention period by it.',
    fake: 'gmail.ts FakeGmailState.search (before:, after:, older_than:)',
  },
  {
    id: 'gmail.body-search',
    assumption:
      'A quoted word of a sent message\'s body is found by in:sent "…" (the reply email carries the tracking code only in its body).',
    fake: 'gmail.ts FakeGmailState.search (plain and quoted words: subject or body)',
  },
  {
    id: 'gmail.trashed-not-found',
    assumption: 'A thread moved to the trash (GmailApp.moveThreadsToTrash, at most 100 at once) is no longer found by an in:sent search.',
    fake: 'gmail.ts FakeGmailApp.moveThreadsToTrash, FakeGmailState.search',
  },
  {
    id: 'mail.remaining-quota',
    assumption:
      'MailApp.getRemainingDailyQuota() counts the recipients GmailApp.sendEmail uses: it drops by one after a message to one address.',
    fake: 'globals.ts MailApp, gmail.ts FakeGmailState.remaining',
  },
  {
    id: 'script.lock',
    assumption: 'The script lock is taken by tryLock and given back by releaseLock.',
    fake: 'script.ts FakeLock',
  },
  {
    id: 'script.trigger-limit',
    assumption:
      'A script holds at most 20 triggers per user: ScriptApp.newTrigger(…).create() beyond them throws ("too many triggers"), and deleting one frees its place.',
    fake: 'script.ts FakeTriggerBuilder.create (TRIGGER_LIMIT, counted per user)',
  },
  {
    id: 'script.lock-at-end',
    assumption:
      'A script lock an execution still holds when it ends is released then: the next execution takes it at once (an execution stopped before it gave the lock back, as at the 6-minute limit, leaves no lock behind).',
    fake: 'vm.ts Sandbox.execute, script.ts FakeScriptState.releaseLockOf',
  },
  {
    id: 'script.on-demand-code',
    assumption:
      "HtmlService.createHtmlOutputFromFile(name).getContent() gives a pushed .html file's text as pushed (the same characters, Vietnamese included; Code.js forgives only a byte-order mark, Windows line endings and trailing whitespace), new Function evaluates it, and its stack frames carry the name its //# sourceURL comment gives (Code.js reads the server code only rarer runs need from OnDemand.html this way).",
    fake: 'globals.ts HtmlService.createHtmlOutputFromFile; the frames are V8 itself in the sandbox',
  },
  {
    id: 'script.triggers-own-account',
    assumption:
      "A trigger runs as the account that created it, and ScriptApp.getProjectTriggers() lists only that account's triggers of the project (Google: 'the current project and current user'): a trigger just created is listed and deleteTrigger removes it. That another account's triggers (an old owner's, after a hand-over) are left out cannot be observed from one account: recorded only.",
    fake: 'script.ts TriggerRecord.owner, FakeScriptState.triggersOf, FakeTriggerBuilder.create; globals.ts ScriptApp.getProjectTriggers, deleteTrigger; vm.ts Sandbox.fireTrigger, fireEdit',
  },
  {
    id: 'cache.limits',
    assumption: 'A cache value of 100 KB (102,400 bytes) round-trips; a longer one, or a key over 250 characters, is refused.',
    fake: 'script.ts FakeCache.put',
  },
  {
    id: 'properties.limits',
    assumption:
      'A property value of 9 KB (9,216 bytes) round-trips; a longer one is refused. setProperties(values, false) writes several keys in one call and leaves the others as they were.',
    fake: 'script.ts FakeProperties.setProperty, FakeProperties.setProperties',
  },
  {
    id: 'utilities.signed-bytes',
    assumption: 'Utilities and Blob bytes are Java signed bytes (-128..127): computeDigest, newBlob, getBytes, base64Decode.',
    fake: 'script.ts FakeUtilities, drive.ts toSigned',
  },
  {
    id: 'utilities.gzip-header',
    assumption:
      'Utilities.gzip writes one RFC 1952 member whose deflate data rewraps as zlib; the fake writes no optional header field (FLG 0), the check records the real flags.',
    fake: 'script.ts javaGzip',
  },
];
