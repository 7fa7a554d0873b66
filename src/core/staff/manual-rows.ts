/**
 * Rows staff type by hand from other channels (paper letters, phone calls, meetings): the tracking code, received
 * time, status, deadline and queued committee email each such row gets.
 */
import { FEEDBACK_STATUSES } from '../../shared/types';
import { cellText, isBlankRow, isDateValue, isFilled } from '../records/cell-writes';
import { dueDate } from './deadline';
import { parseLocalDateTime } from './date-cells';
import { COL, EMAIL_STATUS, type Cell, type ColumnKey } from '../records/feedback-record';
import { literalCell } from '../records/sheet-literal';
import { foldVietnamese } from './similarity';

export const NEW_STATUS: string = FEEDBACK_STATUSES[0];
/** Source given to a row typed by hand whose "Nguồn" is empty. */
export const DEFAULT_MANUAL_SOURCE = 'Khác';

export interface ManualRowsInput {
  /** Full rows as read; rows[0] is sheet row firstRow. */
  rows: readonly (readonly unknown[])[];
  firstRow: number;
  now: Date;
  deadlineDays: Record<string, number>;
  holidays: string[];
  locations: { code: string; name: string }[];
  /** Draws a fresh tracking code (makeTrackingCode with the ward's prefix). */
  drawCode: () => string;
}

export interface ManualRowUpdate {
  row: number;
  trackingCode: string;
  /** Sheet column → new value (already literal where text). */
  cells: Map<number, Cell>;
}

export interface ManualRowsPlan {
  updates: ManualRowUpdate[];
  /** Vietnamese notes for staff (rows left out, values guessed). */
  notes: string[];
}

/** A row staff typed themselves: content, but no tracking code yet. */
export function needsTrackingCode(cells: readonly unknown[]): boolean {
  return !cellText(cells[COL.trackingCode - 1]) && Boolean(cellText(cells[COL.content - 1]));
}

/**
 * Rows staff typed themselves have content but no tracking code. Each gets a unique code, "Thời gian nhận" = now when
 * empty (a typed 'dd/MM/yyyy' text is read as a date), "Nguồn" = Khác when empty, the location name or code from the
 * Địa điểm list when only one is given, "Trạng thái" = Mới when empty, "Hạn xử lý" from the kind's working days
 * when empty, and "Email ban" = chờ gửi so the retry trigger emails the committee.
 */
export function planManualRows(input: ManualRowsInput): ManualRowsPlan {
  const plan: ManualRowsPlan = { updates: [], notes: [] };
  const taken = new Set<string>();
  for (const cells of input.rows) {
    const code = cellText(cells[COL.trackingCode - 1]).toUpperCase();
    if (code) taken.add(code);
  }
  const byCode = new Map(input.locations.map((l) => [l.code.trim().toUpperCase(), l]));
  const byName = new Map(input.locations.map((l) => [foldVietnamese(l.name), l]));
  input.rows.forEach((cells, i) => {
    const row = input.firstRow + i;
    if (cellText(cells[COL.trackingCode - 1])) return;
    const at = (k: ColumnKey) => cells[COL[k] - 1];
    if (!cellText(at('content'))) {
      if (!isBlankRow(cells)) plan.notes.push(`Dòng ${row}: chưa có nội dung ý kiến nên chưa cấp mã.`);
      return;
    }
    let code = '';
    for (let attempt = 0; attempt < 20 && (!code || taken.has(code)); attempt++) code = input.drawCode().toUpperCase();
    if (!code || taken.has(code)) throw new Error('could not draw an unused tracking code');
    taken.add(code);
    const set = new Map<number, Cell>();
    set.set(COL.trackingCode, literalCell(code));

    let received: Date | null = isDateValue(at('receivedAt')) ? (at('receivedAt') as Date) : null;
    if (!received) {
      const typed = cellText(at('receivedAt'));
      received = typed ? parseLocalDateTime(typed) : null;
      if (typed && !received)
        plan.notes.push(`Dòng ${row}: không đọc được "Thời gian nhận" ("${typed.slice(0, 30)}"), đã ghi thời điểm hiện tại.`);
      received = received ?? input.now;
      set.set(COL.receivedAt, received);
    }
    if (!cellText(at('source'))) set.set(COL.source, literalCell(DEFAULT_MANUAL_SOURCE));

    const locCode = cellText(at('locationCode'));
    const locName = cellText(at('locationName'));
    if (locCode && !locName) {
      const hit = byCode.get(locCode.toUpperCase());
      if (hit) set.set(COL.locationName, literalCell(hit.name));
    } else if (locName && !locCode) {
      const hit = byName.get(foldVietnamese(locName));
      if (hit) set.set(COL.locationCode, literalCell(hit.code));
    }
    if (!cellText(at('status'))) set.set(COL.status, literalCell(NEW_STATUS));
    if (!isFilled(at('dueAt'))) {
      const kind = cellText(at('kind'));
      const days = input.deadlineDays[kind] ?? 15;
      set.set(COL.dueAt, dueDate(received, days, input.holidays));
    }
    set.set(COL.emailStatus, literalCell(EMAIL_STATUS.pending));
    plan.updates.push({ row, trackingCode: code, cells: set });
  });
  return plan;
}
