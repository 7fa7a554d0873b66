/**
 * The responses sheet ("Góp ý") as the core's FeedbackStore. Rows are found by reading the one column that names them
 * (tracking code, request id) with getValues — every row, hidden or filtered ones too, wherever the header is — and a
 * row number is used only right after it was read, then checked: staff sort, insert and delete rows at any time.
 */
import type { FeedbackStore } from '../core/common/ports';
import { cellText } from '../core/records/cell-writes';
import { COL, COLUMNS, RESPONSES_SHEET, columnLetter, rowToRecord, type Cell, type FeedbackRecord } from '../core/records/feedback-record';
import { applyRowChanges, type ChangeOutcome, type RowChange } from '../core/records/row-changes';
import { BoxNotSetUpError, openSpreadsheet } from './config/box-spreadsheet';
import { readTable, tableIo } from './sheet-table';
import type { LoadedConfig } from './config/load-config';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** A row found by one column is read again when a sort moved it in between; after this many tries the call fails. */
const FIND_TRIES = 3;

/** The responses sheet ("Góp ý") as the core's FeedbackStore. */
export class FeedbackSheet implements FeedbackStore {
  private constructor(
    private readonly sheet: Sheet,
    private readonly url: string,
    private readonly gid: number,
  ) {}

  static open(loaded: LoadedConfig): FeedbackSheet {
    const sheet = openSpreadsheet(loaded.spreadsheetId).getSheetByName(RESPONSES_SHEET);
    if (!sheet) throw new BoxNotSetUpError();
    return new FeedbackSheet(sheet, loaded.spreadsheetUrl, loaded.responsesGid);
  }

  static fromSheet(sheet: Sheet, url: string): FeedbackSheet {
    return new FeedbackSheet(sheet, url, sheet.getSheetId());
  }

  /** One column, every row from row 1 (an open-ended range: no call to size it). */
  readColumn(column: number): unknown[] {
    const letter = columnLetter(column);
    return this.sheet
      .getRange(`${letter}:${letter}`)
      .getValues()
      .map((r) => r[0]);
  }

  /** The row whose `column` holds `value`, read whole, checked to still hold it (a sort may come between the reads). */
  private find(column: number, value: string): { row: number; record: FeedbackRecord } | null {
    for (let attempt = 0; attempt < FIND_TRIES; attempt++) {
      const i = this.readColumn(column).findIndex((v) => cellText(v) === value);
      if (i < 0) return null;
      const cells = this.sheet.getRange(i + 1, 1, 1, COLUMNS.length).getValues()[0];
      if (cellText(cells[column - 1]) === value) return { row: i + 1, record: rowToRecord(cells) };
    }
    throw new Error('rows kept moving while the box looked for one');
  }

  findRequest(requestId: string) {
    return this.find(COL.requestId, requestId);
  }

  findByTrackingCode(code: string) {
    return this.find(COL.trackingCode, code);
  }

  append(cells: Cell[], trackingCode: string): { row: number; holders: number } {
    this.sheet.appendRow(cells);
    const rows: number[] = [];
    this.readColumn(COL.trackingCode).forEach((v, i) => {
      if (cellText(v) === trackingCode) rows.push(i + 1);
    });
    return { row: rows.length ? rows[rows.length - 1] : 0, holders: rows.length };
  }

  /** Every row from row 1, in one read. */
  table(): unknown[][] {
    return readTable(this.sheet, COLUMNS.length);
  }

  change(changes: RowChange[], initial?: unknown[][]): ChangeOutcome {
    return applyRowChanges(tableIo(this.sheet, COLUMNS.length), changes, { initial, keyColumn: COL.trackingCode });
  }

  /** A link that opens the sheet at this row (at the sheet itself when the row is unknown). */
  rowLink(row: number): string {
    return row >= 1 ? `${this.url}#gid=${this.gid}&range=A${row}` : `${this.url}#gid=${this.gid}`;
  }
}
