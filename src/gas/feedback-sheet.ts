/**
 * The responses sheet ("Góp ý") as the core's FeedbackStore: finding a row by request id or tracking code, the newest
 * rows, appending one row, and setting a cell as literal text.
 */
import type { FeedbackStore } from '../core/common/ports';
import { COL, COLUMNS, RESPONSES_SHEET, columnLetter, rowToRecord, type Cell, type FeedbackRecord } from '../core/records/feedback-record';

import { literalCell } from '../core/records/sheet-literal';
import { BoxNotSetUpError } from './config/box-spreadsheet';
import type { LoadedConfig } from './config/load-config';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** The responses sheet ("Góp ý") as the core's FeedbackStore. */
export class FeedbackSheet implements FeedbackStore {
  private constructor(
    private readonly sheet: Sheet,
    private readonly url: string,
    private readonly gid: number,
  ) {}

  static open(loaded: LoadedConfig): FeedbackSheet {
    const sheet = SpreadsheetApp.openById(loaded.spreadsheetId).getSheetByName(RESPONSES_SHEET);
    if (!sheet) throw new BoxNotSetUpError();
    return new FeedbackSheet(sheet, loaded.spreadsheetUrl, loaded.responsesGid);
  }

  static fromSheet(sheet: Sheet, url: string): FeedbackSheet {
    return new FeedbackSheet(sheet, url, sheet.getSheetId());
  }

  private findRow(columnKey: 'requestId' | 'trackingCode', value: string): number | null {
    const letter = columnLetter(COL[columnKey]);
    const hit = this.sheet.getRange(`${letter}:${letter}`).createTextFinder(value).matchEntireCell(true).findNext();
    return hit ? hit.getRow() : null;
  }

  findExisting(requestId: string, candidateCode: string) {
    // Both values are [A-Za-z0-9-] only (checked before), so they are safe inside the pattern.
    const hits = this.sheet.createTextFinder(`^(${requestId}|${candidateCode})$`).useRegularExpression(true).findAll();
    let existingCode: string | null = null;
    let codeTaken = false;
    for (const hit of hits) {
      const col = hit.getColumn();
      if (col === COL.requestId && existingCode === null) {
        existingCode = String(this.sheet.getRange(hit.getRow(), COL.trackingCode).getValue());
      } else if (col === COL.trackingCode) {
        codeTaken = true;
      }
    }
    return { existingCode, codeTaken };
  }

  findByTrackingCode(code: string) {
    const row = this.findRow('trackingCode', code);
    if (row === null || row < 2) return null;
    const values = this.sheet.getRange(row, 1, 1, COLUMNS.length).getValues()[0];
    return { row, record: rowToRecord(values) };
  }

  recent(limit: number): FeedbackRecord[] {
    const last = this.sheet.getLastRow();
    if (last < 2 || limit < 1) return [];
    const first = Math.max(2, last - limit + 1);
    return this.sheet
      .getRange(first, 1, last - first + 1, COLUMNS.length)
      .getValues()
      .map((r) => rowToRecord(r));
  }

  append(cells: Cell[]): number {
    this.sheet.appendRow(cells);
    return this.sheet.getLastRow();
  }

  setCell(row: number, key: 'emailStatus' | 'photos', value: string): void {
    this.sheet.getRange(row, COL[key]).setValue(literalCell(value));
  }

  rowLink(row: number): string {
    return `${this.url}#gid=${this.gid}&range=A${row}`;
  }
}
