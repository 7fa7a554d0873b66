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
    id: 'sheets.literal-apostrophe',
    assumption: "A leading apostrophe makes Sheets keep the rest as text ('=1+1, '0912…) and drop the apostrophe.",
    fake: 'sheet-cells.ts interpretInput',
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
    id: 'drive.pdf-export-name',
    assumption: "getAs('application/pdf') names the PDF after the file, the text after its last dot replaced by .pdf.",
    fake: 'drive.ts FakeFile.getAs',
  },
  {
    id: 'drive.trashed-folder-contents',
    assumption: 'A file in a trashed folder reports isTrashed() true.',
    fake: 'drive.ts FakeDrive.inTrash',
  },
  {
    id: 'drive.shareable-by-editors',
    assumption: 'setShareableByEditors(false) holds: isShareableByEditors() reads false.',
    fake: 'drive.ts FakeFile.setShareableByEditors',
  },
  {
    id: 'gmail.sent-search',
    assumption: 'A message just sent is found by the pending trigger\'s search (in:sent subject:"…") within a minute.',
    fake: 'gmail.ts FakeGmailState.search (found at once)',
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
    id: 'cache.limits',
    assumption: 'A cache value of 100 KB (102,400 bytes) round-trips; a longer one, or a key over 250 characters, is refused.',
    fake: 'script.ts FakeCache.put',
  },
  {
    id: 'properties.limits',
    assumption: 'A property value of 9 KB (9,216 bytes) round-trips; a longer one is refused.',
    fake: 'script.ts FakeProperties.setProperty',
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
