/**
 * The Nhật ký sheet: the box's log for staff, one row per event (time, kind, message).
 */
import { LOG_HEADERS, LOG_SHEET } from '../core/config/config';
import { errorMessage } from '../core/common/ports';

import { literalCell } from '../core/records/sheet-literal';
import { consoleLogger } from './services';
import { openBoxSpreadsheet } from './config/box-spreadsheet';

/** Appends to the Nhật ký sheet: time, kind, message. Never throws (logging must not break a submission). */
export function writeLog(kind: string, message: string, spreadsheetId?: string): void {
  try {
    const ss = openBoxSpreadsheet(spreadsheetId);
    let sheet = ss.getSheetByName(LOG_SHEET);
    if (!sheet) {
      // Made here when something must be logged before setup: with its header, as setup would.
      sheet = ss.insertSheet(LOG_SHEET);
      sheet.appendRow(LOG_HEADERS);
      sheet.setFrozenRows(1);
    }
    sheet.appendRow([new Date(), literalCell(kind), literalCell(message)]);
  } catch (e) {
    consoleLogger.error('log-sheet.failed', e, { kind, message: errorMessage(message) });
  }
}
