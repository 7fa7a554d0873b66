/**
 * Rows typed by hand from other channels (paper letters, phone calls, meetings): each gets a tracking code and is
 * queued for the committee email. The edit trigger does it as soon as staff type such a row; the owner's "Cấp mã cho
 * ý kiến nhập tay" does it for every row still without a code. Calls requireOwner first.
 */
import { COL } from '../../core/records/feedback-record';
import { runWrites } from '../../core/records/cell-writes';
import { planManualRows } from '../../core/staff/manual-rows';
import { makeTrackingCode } from '../../core/intake/tracking-code';
import type { AdminResult } from '../../shared/types';
import { loadConfig, type LoadedConfig } from '../../gas/config/load-config';
import { writeLog } from '../../gas/log';
import { randomBytes } from '../../gas/services';
import { FIRST_DATA_ROW, readDataBlock, responsesSheet, writeBlock } from '../../gas/staff-sheet';
import { requireOwner } from '../admin/guard';
import { adminResult } from '../admin/result';

const LOCK_WAIT_MS = 20000;

export interface ManualRowsOutcome {
  assigned: { row: number; trackingCode: string }[];
  notes: string[];
  busy?: boolean;
}

/**
 * Rows staff typed from other channels (Thư giấy, Điện thoại, Hội nghị…) get a tracking code, a received time and
 * status when empty, a deadline, and are queued ("chờ gửi") for the committee email the sendPendingEmails trigger
 * sends. Under the script lock, from one read of the sheet.
 */
export function assignTypedRows(loaded: LoadedConfig, sheet: GoogleAppsScript.Spreadsheet.Sheet): ManualRowsOutcome {
  const lock = LockService.getScriptLock();
  if (!lock.tryLock(LOCK_WAIT_MS)) return { assigned: [], notes: [], busy: true };
  let outcome: ManualRowsOutcome;
  try {
    const rows = readDataBlock(sheet);
    const plan = planManualRows({
      rows,
      firstRow: FIRST_DATA_ROW,
      now: new Date(),
      deadlineDays: loaded.config.deadlineDays,
      holidays: loaded.config.holidays,
      locations: loaded.locations,
      drawCode: () => makeTrackingCode(loaded.config.trackingPrefix, randomBytes()),
    });
    const writes = runWrites(rows, FIRST_DATA_ROW, plan.updates, [
      [COL.trackingCode, COL.locationName],
      [COL.emailStatus, COL.dueAt],
    ]);
    for (const w of writes) writeBlock(sheet, w);
    SpreadsheetApp.flush();
    outcome = { assigned: plan.updates.map((u) => ({ row: u.row, trackingCode: u.trackingCode })), notes: plan.notes };
  } finally {
    lock.releaseLock();
  }
  if (outcome.assigned.length) writeLog('Ý kiến nhập tay', `Đã cấp mã: ${outcome.assigned.map((a) => a.trackingCode).join(', ')}.`);
  return outcome;
}

/** The owner's "Cấp mã cho ý kiến nhập tay": every typed row still without a code. */
export function assignCodesToManualRows(e?: unknown): AdminResult & ManualRowsOutcome {
  requireOwner('assignCodesToManualRows', e);
  const title = 'Cấp mã cho ý kiến nhập tay';
  const loaded = loadConfig();
  const outcome = assignTypedRows(loaded, responsesSheet(loaded));
  if (outcome.busy) return { ...adminResult(title, ['Hệ thống đang bận. Vui lòng thử lại sau ít phút.'], { ok: false }), ...outcome };
  const lines: string[] = [];
  if (outcome.assigned.length === 0) lines.push('Không có dòng nhập tay nào cần cấp mã (dòng có nội dung nhưng chưa có mã theo dõi).');
  else {
    const list = outcome.assigned.map((a) => `dòng ${a.row}: ${a.trackingCode}`);
    lines.push(`Đã cấp mã cho ${outcome.assigned.length} ý kiến: ${list.slice(0, 30).join('; ')}${list.length > 30 ? '; …' : ''}.`);
    lines.push('Email báo ý kiến sẽ được gửi tới địa chỉ nhận ý kiến trong vòng 15 phút.');
  }
  lines.push(...outcome.notes.slice(0, 10));
  return { ...adminResult(title, lines), ...outcome };
}
