/**
 * Rows typed by hand from other channels (paper letters, phone calls, meetings): each gets a tracking code and is
 * queued for the committee email. The edit trigger does it as soon as staff type such a row; the owner's "Cấp mã cho
 * ý kiến nhập tay" does it for every row still without a code. Calls requireOwner first.
 */
import { RESPONSES_SHEET } from '../../core/records/feedback-record';
import { responsesHeaderProblems, writesHeldMessage } from '../../core/staff/header-check';
import { codeProblems, headerIndex } from '../../core/records/responses-rows';
import type { RowChange } from '../../core/records/row-changes';
import { planManualRows } from '../../core/staff/manual-rows';
import { isTrackingCode, makeTrackingCode } from '../../core/intake/tracking-code';
import type { AdminResult } from '../../shared/types';
import { loadConfig, type LoadedConfig } from '../../gas/config/load-config';
import { FeedbackSheet } from '../../gas/feedback-sheet';
import { writeLog } from '../../gas/log';
import { reportRowProblems } from '../../gas/row-report';
import { randomBytes } from '../../gas/services';
import { responsesSheet } from '../../gas/staff-sheet';
import { requireOwner } from '../admin/guard';
import { adminResult } from '../admin/result';

const LOCK_WAIT_MS = 20000;

export interface ManualRowsOutcome {
  assigned: { row: number; trackingCode: string }[];
  notes: string[];
  /** Nothing done: Góp ý's header is not as the box wrote it (notes say why). */
  held?: boolean;
  busy?: boolean;
}

/**
 * Rows staff typed from other channels (Thư giấy, Điện thoại, Hội nghị…) get a tracking code, a received time and
 * status when empty, a deadline, and are queued ("chờ gửi") for the committee email the sendPendingEmails trigger
 * sends. Under the script lock, from one read of the sheet. Each row is named by its cells when written (it has no
 * code yet), so a sort or insert in between is followed; rows from the web form whose code was cleared are reported,
 * not given a new one.
 */
export function assignTypedRows(loaded: LoadedConfig, sheet: GoogleAppsScript.Spreadsheet.Sheet): ManualRowsOutcome {
  const lock = LockService.getScriptLock();
  if (!lock.tryLock(LOCK_WAIT_MS)) return { assigned: [], notes: [], busy: true };
  let outcome: ManualRowsOutcome;
  try {
    // One read of every row from row 1 (the header is found by its text); each row is then named by its cells, so a
    // sort or insert between the read and the writes is followed, never written over.
    const store = FeedbackSheet.fromSheet(sheet, loaded.spreadsheetUrl);
    const table = store.table();
    // Rows are written by column position: with a column added or removed, a code would land in another column.
    const moved = responsesHeaderProblems(table);
    if (moved.length) {
      return { assigned: [], notes: [writesHeldMessage(RESPONSES_SHEET, moved, 'Chưa cấp mã cho ý kiến nhập tay')], held: true };
    }
    const header = headerIndex(table);
    reportRowProblems(
      codeProblems(table, isTrackingCode).filter((p) => p.kind !== 'duplicate'),
      loaded.spreadsheetId,
    );
    const plan = planManualRows({
      rows: table.slice(header + 1),
      firstRow: header + 2,
      now: new Date(),
      deadlineDays: loaded.config.deadlineDays,
      holidays: loaded.config.holidays,
      locations: loaded.locations,
      drawCode: () => makeTrackingCode(loaded.config.trackingPrefix, randomBytes()),
    });
    const changes: RowChange[] = plan.updates.map((u) => ({
      ref: { like: table[u.row - 1] },
      label: u.trackingCode,
      cells: [...u.cells].map(([column, to]) => ({ column, from: [table[u.row - 1][column - 1]], to })),
    }));
    const done = new Set<RowChange>(changes.length ? store.change(changes, table).done : []);
    outcome = {
      assigned: plan.updates.filter((_, i) => done.has(changes[i])).map((u) => ({ row: u.row, trackingCode: u.trackingCode })),
      notes: plan.notes,
    };
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
  if (outcome.held) return { ...adminResult(title, outcome.notes, { ok: false }), ...outcome };
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
