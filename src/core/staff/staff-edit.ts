/**
 * Pure decisions for an edit staff make in the responses sheet ("Góp ý"): which rows the edit touched, whether a status
 * typed by staff is one of the box's statuses, which typed dates the box cannot read, and when a reply email is due.
 * The adapters in src/gas and src/server only read the cells, ask these functions, and write what they return.
 */
import { FEEDBACK_STATUSES } from '../../shared/types';
import { cellText, isBlankRow, isFilled } from '../records/cell-writes';
import { checkDateCell, type BadDate } from './date-cells';
import { COL, COLUMNS, isValidDate, rowToRecord, type ColumnKey, type FeedbackRecord } from '../records/feedback-record';
import { foldVietnamese } from './similarity';
import { formatVietnamDate, isDate } from '../common/time';
import { canonicalStatus, isKnownStatus } from '../records/status';

/** Staff columns: from "Trạng thái" to "Công khai" (COLUMNS with system: false). */
const STAFF_COLUMNS = COLUMNS.filter((c) => !c.system).map((c) => COL[c.key]);
export const FIRST_STAFF_COLUMN = STAFF_COLUMNS.reduce((a, b) => Math.min(a, b));
export const LAST_STAFF_COLUMN = STAFF_COLUMNS.reduce((a, b) => Math.max(a, b));

/** The status that sends the reply email. */
export const ANSWERED_STATUS: string = FEEDBACK_STATUSES[3];

const EMAIL = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>"]+$/;

// ---- Edit events ----

/** The edited rectangle of an edit event, as its Range describes it. */
export interface EditRect {
  sheetName: string;
  row: number;
  column: number;
  numRows: number;
  numColumns: number;
}

/** What an edit of the responses sheet asks the trigger to do, over sheet rows firstRow … firstRow+numRows-1. */
export interface StaffEditSpan {
  firstRow: number;
  numRows: number;
  /** Set "Cập nhật lúc" of the non-blank rows. False when staff edited only that column themselves. */
  stamp: boolean;
  /** The edit covers "Trạng thái": check the typed statuses. */
  checkStatus: boolean;
  /** The edit covers "Trạng thái", "Trả lời công khai" or "Đã gửi trả lời": a reply email may now be due. */
  checkReply: boolean;
  /** The edit covers "Trả lời công khai": a reply already sent does not carry what was just typed. */
  replyEdited: boolean;
  /** Date columns the edit covers whose typed values must be dates (see STAFF_DATE_COLUMNS). */
  checkDates: number[];
}

/**
 * Staff columns that hold dates staff may type. "Cập nhật lúc" is checked only when staff typed it alone (otherwise
 * the trigger overwrites it). Text in "Đã gửi trả lời" is allowed (any content means the reply went out), so there
 * only a value written like a date but not a real one is reported.
 */
export const STAFF_DATE_COLUMNS: readonly ColumnKey[] = ['dueAt', 'updatedAt', 'replySentAt'];

function covers(rect: EditRect, col: number): boolean {
  return rect.column <= col && col <= rect.column + rect.numColumns - 1;
}

/**
 * The rows of the responses sheet an edit concerns, or null when it touched no staff column of a data row.
 * `lastRow` is the sheet's last row with data (rows after it are blank); data rows start at `firstDataRow` (the row
 * after the header, which staff may have pushed down by inserting rows above it).
 */
export function staffEditSpan(rect: EditRect, lastRow: number, firstDataRow = 2): StaffEditSpan | null {
  const lastCol = rect.column + rect.numColumns - 1;
  if (lastCol < FIRST_STAFF_COLUMN || rect.column > LAST_STAFF_COLUMN) return null;
  const firstRow = Math.max(firstDataRow, rect.row);
  const last = Math.min(rect.row + rect.numRows - 1, lastRow);
  if (last < firstRow) return null;
  const onlyUpdatedAt = rect.column === COL.updatedAt && lastCol === COL.updatedAt;
  return {
    firstRow,
    numRows: last - firstRow + 1,
    stamp: !onlyUpdatedAt,
    checkStatus: covers(rect, COL.status),
    checkReply: covers(rect, COL.status) || covers(rect, COL.publicReply) || covers(rect, COL.replySentAt),
    replyEdited: covers(rect, COL.publicReply),
    checkDates: STAFF_DATE_COLUMNS.map((k) => COL[k]).filter((c) => covers(rect, c) && (c !== COL.updatedAt || onlyUpdatedAt)),
  };
}

/**
 * Whether a cell still holds what an edit event says was typed there (`e.value`, given for single-cell edits only).
 * A date cell is taken as holding it: Sheets gives such a value in a form that cannot be compared reliably.
 */
export function holdsEditedValue(cell: unknown, value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (isValidDate(cell)) return true;
  if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell).toLowerCase() === cellText(value).toLowerCase();
  return cellText(cell) === cellText(value);
}

/**
 * Where an edit is now. The trigger runs a moment after the edit, and staff may sort or insert rows in between: a
 * single-cell edit with its value is acted on only where that value is — at the event's row, or, if the row moved, at
 * the one data row whose cell holds it (none, or several: null). Other edits (a paste, a fill, a cleared cell) carry
 * no value: they concern the rows now at the event's position. `table` is the sheet from row 1.
 */
export function currentEditRect(
  table: readonly (readonly unknown[])[],
  firstDataRow: number,
  rect: EditRect,
  value: unknown,
): EditRect | null {
  const single = rect.numRows === 1 && rect.numColumns === 1;
  if (!single || value === null || value === undefined) return rect;
  if (holdsEditedValue(table[rect.row - 1]?.[rect.column - 1], value)) return rect;
  const hits: number[] = [];
  for (let r = firstDataRow; r <= table.length; r++) {
    if (cellText(table[r - 1][rect.column - 1]) !== '' && holdsEditedValue(table[r - 1][rect.column - 1], value)) hits.push(r);
  }
  return hits.length === 1 ? { ...rect, row: hits[0] } : null;
}

export type StatusCheck = { ok: true; status: string } | { ok: false; value: string; suggestion: string | null };

/**
 * Whether a status typed by staff is one of FEEDBACK_STATUSES (as canonicalStatus reads it: letter case, spaces and
 * Unicode form do not matter). An empty cell is fine
 * (read as "Mới"). For an unknown one, the status it most likely meant: same letters ignoring case and diacritics,
 * or the only status it is the beginning of.
 */
export function checkStatus(raw: unknown): StatusCheck {
  // A date typed into the column is named the way staff typed it, never in the runtime's English.
  const value = (isDate(raw) ? formatVietnamDate(raw) : cellText(raw)).replace(/\s+/g, ' ');
  if (value === '') return { ok: true, status: '' };
  if (isKnownStatus(value)) return { ok: true, status: canonicalStatus(value) };
  const folded = foldVietnamese(value);
  let suggestion: string | null = FEEDBACK_STATUSES.find((s) => foldVietnamese(s) === folded) ?? null;
  if (!suggestion && folded.length >= 3) {
    const starts = FEEDBACK_STATUSES.filter((s) => foldVietnamese(s).startsWith(folded));
    if (starts.length === 1) suggestion = starts[0];
  }
  return { ok: false, value, suggestion };
}

/** Vietnamese message for an unknown status on a sheet row. */
export function unknownStatusMessage(row: number, check: { value: string; suggestion: string | null }): string {
  const hint = check.suggestion ? ` Có phải là "${check.suggestion}"?` : '';
  return `Dòng ${row}: trạng thái "${check.value.slice(0, 60)}" không có trong danh sách.${hint}`;
}

/** A reply edited after its email went (or while it was going): the resident may have the earlier text. */
export function sentBeforeEditMessage(codes: readonly string[]): string {
  return `Thư trả lời cho ${codes.join(', ')} đã được gửi trước đó, nên nội dung "Trả lời công khai" vừa sửa có thể chưa đến người dân. Nếu cần gửi nội dung mới, hãy xóa ô "Đã gửi trả lời" của dòng đó.`;
}

export const STATUS_LIST_HINT = `Hãy chọn một trong: ${FEEDBACK_STATUSES.join(', ')}.`;

export type ReplyDecision =
  | { due: true; record: FeedbackRecord }
  | { due: false; reason: 'no-code' | 'not-answered' | 'no-reply' | 'no-email' | 'no-consent' | 'bad-email' | 'sent' };

/**
 * A reply email is due when the row has a tracking code, status "Đã trả lời", a non-empty "Trả lời công khai", an email
 * with consent ("Đồng ý liên hệ" = Có), and nothing in "Đã gửi trả lời" (any content there, even text, means sent:
 * staff clear it to send again).
 */
export function replyDecision(row: readonly unknown[]): ReplyDecision {
  const record = rowToRecord(row);
  if (!cellText(record.trackingCode)) return { due: false, reason: 'no-code' };
  if (canonicalStatus(record.status) !== ANSWERED_STATUS) return { due: false, reason: 'not-answered' };
  if (isFilled(row[COL.replySentAt - 1])) return { due: false, reason: 'sent' };
  if (!cellText(record.publicReply)) return { due: false, reason: 'no-reply' };
  const email = cellText(record.email);
  if (!email) return { due: false, reason: 'no-email' };
  if (!record.consent) return { due: false, reason: 'no-consent' };
  if (!EMAIL.test(email)) return { due: false, reason: 'bad-email' };
  return { due: true, record };
}

export interface StaffEditPlan {
  /** Rows whose "Cập nhật lúc" becomes now. */
  stampRows: number[];
  /** Unknown statuses, with their sheet rows. */
  unknownStatuses: { row: number; value: string; suggestion: string | null }[];
  /** Rows whose reply email looks due (to be checked again under the script lock). */
  replyDue: number[];
  /** Rows answered with a reply but an email that cannot receive it. */
  badEmail: number[];
  /** Rows answered, with email and consent, but no public reply yet. */
  replyMissing: number[];
  /** Rows whose "Trả lời công khai" was edited after their reply email went: what was typed is not sent. */
  replySentBefore: number[];
  /** Date cells the box cannot read as dates. */
  badDates: BadDate[];
  /** Known statuses typed in another spelling (case, spaces, Unicode form): to be written back as the box spells them. */
  statusSpellings: StatusSpelling[];
}

/** A status cell that reads as `status` but holds `from`, as typed. */
export interface StatusSpelling {
  row: number;
  from: string;
  status: string;
}

/**
 * Runs of consecutive rows whose typed statuses one edit writes back: each run is one block write, so a run is
 * bounded by these, however the rows are scattered (a fill-down is one run). Statuses left as typed still read as the
 * box's own everywhere, and are written back at their next edit.
 */
export const MAX_STATUS_SPELLING_RUNS = 10;

/** The items (sorted by row) of the first `maxRuns` runs of consecutive rows. */
export function firstRowRuns<T extends { row: number }>(items: readonly T[], maxRuns: number): T[] {
  const sorted = [...items].sort((a, b) => a.row - b.row);
  const out: T[] = [];
  let runs = 0;
  for (const item of sorted) {
    const last = out[out.length - 1];
    if (!last || item.row !== last.row + 1) {
      if (runs >= maxRuns) break;
      runs++;
    }
    out.push(item);
  }
  return out;
}

/** Decides what an edit over `span` asks for. `rows` are the full rows of the span as read, rows[0] = span.firstRow. */
export function planStaffEdit(span: StaffEditSpan, rows: readonly (readonly unknown[])[]): StaffEditPlan {
  const plan: StaffEditPlan = {
    stampRows: [],
    unknownStatuses: [],
    replyDue: [],
    badEmail: [],
    replyMissing: [],
    replySentBefore: [],
    badDates: [],
    statusSpellings: [],
  };
  rows.forEach((cells, i) => {
    const row = span.firstRow + i;
    if (isBlankRow(cells)) return;
    if (span.stamp) plan.stampRows.push(row);
    if (span.checkStatus) {
      const typed = cells[COL.status - 1];
      const check = checkStatus(typed);
      if (!check.ok) plan.unknownStatuses.push({ row, value: check.value, suggestion: check.suggestion });
      else if (check.status && typeof typed === 'string' && typed !== check.status) {
        plan.statusSpellings.push({ row, from: typed, status: check.status });
      }
    }
    for (const column of span.checkDates) {
      const check = checkDateCell(cells[column - 1], column);
      if (!check.ok) plan.badDates.push({ row, column, value: check.value, kind: check.kind });
    }
    if (span.checkReply) {
      const d = replyDecision(cells);
      if (d.due) plan.replyDue.push(row);
      else if (d.reason === 'bad-email') plan.badEmail.push(row);
      else if (d.reason === 'sent' && span.replyEdited) plan.replySentBefore.push(row);
      else if (d.reason === 'no-reply' && cellText(cells[COL.email - 1]) && rowToRecord(cells).consent) plan.replyMissing.push(row);
    }
  });
  return plan;
}
