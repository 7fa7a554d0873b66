/**
 * Pure decisions for the staff side of the responses sheet ("Góp ý"): which rows an edit touched, whether a status
 * typed by staff is one of the box's statuses, when a reply email is due, which rows typed by hand need a tracking
 * code, and which rows have passed the retention period. The adapters in src/gas and src/server only read the cells,
 * ask these functions, and write what they return.
 */
import { FEEDBACK_STATUSES } from '../shared/types';
import { DAY_MS, VN_OFFSET_MS, dueDate, localMidnight, localParts } from './deadline';
import { redactKnownValues, stripPersonalData } from './pii';
import {
  COL,
  COLUMNS,
  EMAIL_STATUS,
  PERSONAL_COLUMNS,
  columnLetter,
  isValidDate,
  rowToRecord,
  type Cell,
  type ColumnKey,
  type FeedbackRecord,
} from './records';
import { literalCell } from './sheet-literal';
import { foldVietnamese } from './similarity';

/** Staff columns: from "Trạng thái" to "Đã gửi trả lời" (COLUMNS with system: false). */
export const FIRST_STAFF_COLUMN = Math.min(...COLUMNS.filter((c) => !c.system).map((c) => COL[c.key]));
export const LAST_STAFF_COLUMN = Math.max(...COLUMNS.filter((c) => !c.system).map((c) => COL[c.key]));

/** The status that sends the reply email. */
export const ANSWERED_STATUS: string = FEEDBACK_STATUSES[3];
export const NEW_STATUS: string = FEEDBACK_STATUSES[0];
/** Source given to a row typed by hand whose "Nguồn" is empty. */
export const DEFAULT_MANUAL_SOURCE = 'Khác';

const EMAIL = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>"]+$/;

// ---- Cells ----

/** True for a valid Date from any realm (sheet values reach the sandbox from another realm). */
export const isDateValue = isValidDate;

function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  return String(v).normalize('NFC').trim();
}

/** True when the cell holds anything (a Date, a number, a boolean, or non-blank text). */
export function isFilled(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') return v.trim() !== '';
  return true;
}

export function isBlankRow(row: readonly unknown[]): boolean {
  return !row.some(isFilled);
}

/** A value read with getValues, made safe to write back with setValues unchanged: text stays literal text. */
export function asWritable(v: unknown): Cell {
  if (v === null || v === undefined) return '';
  if (isDateValue(v)) return v;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  return literalCell(String(v));
}

/** One setValues: the top-left cell and the values. */
export interface BlockWrite {
  row: number;
  column: number;
  values: Cell[][];
}

/**
 * The smallest block of whole rows covering every update, over columns fromCol..toCol (1-based, inclusive), for one
 * setValues. Updated cells take their new value; every other cell is written back as read (see asWritable).
 * `rows` are full rows as read, rows[0] being sheet row `firstRow`; `updates` maps sheet row → column → value.
 */
export function patchBlock(
  rows: readonly (readonly unknown[])[],
  firstRow: number,
  fromCol: number,
  toCol: number,
  updates: ReadonlyMap<number, ReadonlyMap<number, Cell>>,
): BlockWrite | null {
  const keys = [...updates.keys()].filter((r) => updates.get(r)!.size > 0);
  if (keys.length === 0) return null;
  const top = Math.min(...keys);
  const bottom = Math.max(...keys);
  const values: Cell[][] = [];
  for (let row = top; row <= bottom; row++) {
    const read = rows[row - firstRow] ?? [];
    const patch = updates.get(row);
    const line: Cell[] = [];
    for (let col = fromCol; col <= toCol; col++) {
      line.push(patch && patch.has(col) ? patch.get(col)! : asWritable(read[col - 1]));
    }
    values.push(line);
  }
  return { row: top, column: fromCol, values };
}

// ---- Edit events ----

/** The edited rectangle of an edit event, as the sandbox or a real Range describes it. */
export interface EditRect {
  sheetName: string;
  row: number;
  column: number;
  numRows: number;
  numColumns: number;
}

const MAX_EDIT_ROWS = 100000;
const MAX_EDIT_COLUMNS = 18278;

function positiveInt(v: unknown, max: number): number | null {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= max ? n : null;
}

/**
 * Reads the JSON description of an edited range, {sheet, row, column, numRows?, numColumns?}, as tests and the
 * sandbox pass it (a real Range cannot cross into the script as JSON). numRows/numColumns default to 1.
 * Returns null when anything is missing or out of bounds.
 */
export function parseEditRect(v: unknown): EditRect | null {
  if (!v || typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  const sheetName = typeof o.sheet === 'string' ? o.sheet : typeof o.sheetName === 'string' ? o.sheetName : '';
  const row = positiveInt(o.row, MAX_EDIT_ROWS);
  const column = positiveInt(o.column, MAX_EDIT_COLUMNS);
  const numRows = o.numRows === undefined || o.numRows === null ? 1 : positiveInt(o.numRows, MAX_EDIT_ROWS);
  const numColumns = o.numColumns === undefined || o.numColumns === null ? 1 : positiveInt(o.numColumns, MAX_EDIT_COLUMNS);
  if (!sheetName || row === null || column === null || numRows === null || numColumns === null) return null;
  return { sheetName, row, column, numRows, numColumns };
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
 * `lastRow` is the sheet's last row with data (rows after it are blank).
 */
export function staffEditSpan(rect: EditRect, lastRow: number): StaffEditSpan | null {
  const lastCol = rect.column + rect.numColumns - 1;
  if (lastCol < FIRST_STAFF_COLUMN || rect.column > LAST_STAFF_COLUMN) return null;
  const firstRow = Math.max(2, rect.row);
  const last = Math.min(rect.row + rect.numRows - 1, lastRow);
  if (last < firstRow) return null;
  const onlyUpdatedAt = rect.column === COL.updatedAt && lastCol === COL.updatedAt;
  return {
    firstRow,
    numRows: last - firstRow + 1,
    stamp: !onlyUpdatedAt,
    checkStatus: covers(rect, COL.status),
    checkReply: covers(rect, COL.status) || covers(rect, COL.publicReply) || covers(rect, COL.replySentAt),
    checkDates: STAFF_DATE_COLUMNS.map((k) => COL[k]).filter((c) => covers(rect, c) && (c !== COL.updatedAt || onlyUpdatedAt)),
  };
}

export type StatusCheck = { ok: true; status: string } | { ok: false; value: string; suggestion: string | null };

/**
 * Whether a status typed by staff is one of FEEDBACK_STATUSES (after NFC and trimming). An empty cell is fine
 * (read as "Mới"). For an unknown one, the status it most likely meant: same letters ignoring case and diacritics,
 * or the only status it is the beginning of.
 */
export function checkStatus(raw: unknown): StatusCheck {
  const value = text(raw).replace(/\s+/g, ' ');
  if (value === '') return { ok: true, status: '' };
  const exact = FEEDBACK_STATUSES.find((s) => s === value);
  if (exact) return { ok: true, status: exact };
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

export const STATUS_LIST_HINT = `Hãy chọn một trong: ${FEEDBACK_STATUSES.join(', ')}.`;

/** A value in a date column that the box cannot read as a date. */
export interface BadDate {
  row: number;
  column: number;
  /** What the cell shows, as text. */
  value: string;
  /** 'text': a real date written as text (the box reads only date cells); 'invalid': not a date at all. */
  kind: 'text' | 'invalid';
}

/** Something typed like a date: digits separated by / . or - (a time may follow). */
const DATE_LIKE = /^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}(?:\s|T|$)/;

/**
 * Whether the value of a staff date column reads as a date: an empty cell or a Date is fine. Anything else is
 * reported, except free text in "Đã gửi trả lời" (allowed there: it means sent), unless it is written like a date.
 */
export function checkDateCell(raw: unknown, column: number): { ok: true } | { ok: false; value: string; kind: BadDate['kind'] } {
  if (!isFilled(raw) || isDateValue(raw)) return { ok: true };
  const value = text(raw).replace(/\s+/g, ' ');
  if (column === COL.replySentAt && !DATE_LIKE.test(value)) return { ok: true };
  return { ok: false, value, kind: parseLocalDateTime(value) ? 'text' : 'invalid' };
}

/** Vietnamese message for a date cell the box cannot read, naming the row, the cell and the column. */
export function badDateMessage(b: BadDate): string {
  const header = COLUMNS[b.column - 1].header;
  const where = `Dòng ${b.row}, ô ${columnLetter(b.column)}${b.row} (${header})`;
  const value = b.value.length > 40 ? `${b.value.slice(0, 40)}…` : b.value;
  return b.kind === 'text'
    ? `${where}: "${value}" được lưu dưới dạng chữ, không phải ngày: hãy xóa ô rồi nhập lại ngày.`
    : `${where}: "${value}" không phải ngày hợp lệ.`;
}

export const DATE_HINT =
  'Hãy nhập ngày dạng dd/MM/yyyy (ví dụ 15/03/2025), có thể kèm giờ HH:mm. Khi "Hạn xử lý" không phải ngày, ý kiến quá hạn sẽ không được tô màu.';

// ---- Header row ----

/** A header cell that differs from what the box expects; column 0 means the whole header row is empty. */
export interface HeaderProblem {
  column: number;
  found: string;
  expected: string;
}

/**
 * Compares a sheet's header row as read with the headers the box expects (text after NFC; anything else, spaces
 * included, counts as a change). A wholly empty header row is one problem, not one per column.
 */
export function headerProblems(current: readonly unknown[], expected: readonly string[]): HeaderProblem[] {
  const found = expected.map((_, i) => {
    const v = current[i];
    return v === null || v === undefined ? '' : isDateValue(v) ? v.toISOString() : String(v).normalize('NFC');
  });
  if (found.every((v) => v.trim() === '')) return [{ column: 0, found: '', expected: expected.join(', ') }];
  return expected.flatMap((want, i) => (found[i] === want.normalize('NFC') ? [] : [{ column: i + 1, found: found[i], expected: want }]));
}

/** The cell of a header problem, e.g. "Góp ý!H1", or "Góp ý!1:1" for the whole row. */
export function headerProblemCell(sheetName: string, p: HeaderProblem): string {
  return p.column === 0 ? `${sheetName}!1:1` : `${sheetName}!${columnLetter(p.column)}1`;
}

const REPAIR_HINT = 'hãy sửa lại hoặc chạy "Cài đặt / sửa chữa hòm thư"';

/** The message of a header problem, for Nhật ký and setup's summary. */
export function headerProblemMessage(p: HeaderProblem): string {
  if (p.column === 0) return `Dòng tiêu đề đã bị xóa: ${REPAIR_HINT}.`;
  const letter = columnLetter(p.column);
  return p.found.trim() === ''
    ? `Tiêu đề cột ${letter} đã bị xóa, đúng ra là "${p.expected}": ${REPAIR_HINT}.`
    : `Tiêu đề cột ${letter} là "${p.found.slice(0, 60)}", đúng ra là "${p.expected}": ${REPAIR_HINT}.`;
}

/** The toast shown to the staff member who changed or deleted a header. */
export function headerEditNotice(sheetName: string, problems: readonly HeaderProblem[]): string {
  const parts = problems.slice(0, 3).map((p) => {
    if (p.column === 0) return 'cả dòng tiêu đề đã bị xóa';
    const cell = `${columnLetter(p.column)}1`;
    return p.found.trim() === ''
      ? `ô ${cell} bị xóa (đúng ra là "${p.expected}")`
      : `ô ${cell} là "${p.found.slice(0, 40)}" (đúng ra là "${p.expected}")`;
  });
  if (problems.length > 3) parts.push(`và ${problems.length - 3} ô khác`);
  return (
    `Tiêu đề trang "${sheetName}" đã bị thay đổi: ${parts.join('; ')}. ` +
    'Hãy hoàn tác (Ctrl+Z) hoặc chọn menu Hòm thư số → "Cài đặt / sửa chữa hòm thư". Ý kiến mới vẫn được ghi nhận.'
  );
}

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
  if (!text(record.trackingCode)) return { due: false, reason: 'no-code' };
  if (text(record.status) !== ANSWERED_STATUS) return { due: false, reason: 'not-answered' };
  if (isFilled(row[COL.replySentAt - 1])) return { due: false, reason: 'sent' };
  if (!text(record.publicReply)) return { due: false, reason: 'no-reply' };
  const email = text(record.email);
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
  /** Date cells the box cannot read as dates. */
  badDates: BadDate[];
}

/** Decides what an edit over `span` asks for. `rows` are the full rows of the span as read, rows[0] = span.firstRow. */
export function planStaffEdit(span: StaffEditSpan, rows: readonly (readonly unknown[])[]): StaffEditPlan {
  const plan: StaffEditPlan = { stampRows: [], unknownStatuses: [], replyDue: [], badEmail: [], replyMissing: [], badDates: [] };
  rows.forEach((cells, i) => {
    const row = span.firstRow + i;
    if (isBlankRow(cells)) return;
    if (span.stamp) plan.stampRows.push(row);
    if (span.checkStatus) {
      const check = checkStatus(cells[COL.status - 1]);
      if (!check.ok) plan.unknownStatuses.push({ row, value: check.value, suggestion: check.suggestion });
    }
    for (const column of span.checkDates) {
      const check = checkDateCell(cells[column - 1], column);
      if (!check.ok) plan.badDates.push({ row, column, value: check.value, kind: check.kind });
    }
    if (span.checkReply) {
      const d = replyDecision(cells);
      if (d.due) plan.replyDue.push(row);
      else if (d.reason === 'bad-email') plan.badEmail.push(row);
      else if (d.reason === 'no-reply' && text(cells[COL.email - 1]) && rowToRecord(cells).consent) plan.replyMissing.push(row);
    }
  });
  return plan;
}

// ---- Rows typed by hand (paper letters, phone calls, meetings) ----

/** 'dd/MM/yyyy' or 'dd/MM/yyyy HH:mm[:ss]' as Vietnam local time; null when it is not a real date. */
export function parseLocalDateTime(s: string): Date | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text(s));
  if (!m) return null;
  const [d, mo, y, h, mi, se] = [+m[1], +m[2], +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 59 || y < 1970 || y > 2100) return null;
  const utc = Date.UTC(y, mo - 1, d, h, mi, se);
  const check = new Date(utc);
  if (check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1) return null;
  return new Date(utc - VN_OFFSET_MS);
}

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
    const code = text(cells[COL.trackingCode - 1]).toUpperCase();
    if (code) taken.add(code);
  }
  const byCode = new Map(input.locations.map((l) => [l.code.trim().toUpperCase(), l]));
  const byName = new Map(input.locations.map((l) => [foldVietnamese(l.name), l]));
  input.rows.forEach((cells, i) => {
    const row = input.firstRow + i;
    if (text(cells[COL.trackingCode - 1])) return;
    const at = (k: ColumnKey) => cells[COL[k] - 1];
    if (!text(at('content'))) {
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
      const typed = text(at('receivedAt'));
      received = typed ? parseLocalDateTime(typed) : null;
      if (typed && !received)
        plan.notes.push(`Dòng ${row}: không đọc được "Thời gian nhận" ("${typed.slice(0, 30)}"), đã ghi thời điểm hiện tại.`);
      received = received ?? input.now;
      set.set(COL.receivedAt, received);
    }
    if (!text(at('source'))) set.set(COL.source, literalCell(DEFAULT_MANUAL_SOURCE));

    const locCode = text(at('locationCode'));
    const locName = text(at('locationName'));
    if (locCode && !locName) {
      const hit = byCode.get(locCode.toUpperCase());
      if (hit) set.set(COL.locationName, literalCell(hit.name));
    } else if (locName && !locCode) {
      const hit = byName.get(foldVietnamese(locName));
      if (hit) set.set(COL.locationCode, literalCell(hit.code));
    }
    if (!text(at('status'))) set.set(COL.status, literalCell(NEW_STATUS));
    if (!isFilled(at('dueAt'))) {
      const kind = text(at('kind'));
      const days = input.deadlineDays[kind] ?? 15;
      set.set(COL.dueAt, dueDate(received, days, input.holidays));
    }
    set.set(COL.emailStatus, literalCell(EMAIL_STATUS.pending));
    plan.updates.push({ row, trackingCode: code, cells: set });
  });
  return plan;
}

/**
 * Groups updates into runs of consecutive rows, each written as at most one block per column group, so rows in
 * between are never rewritten. `groups` are [fromCol, toCol] ranges covering every column any update sets.
 */
export function runWrites(
  rows: readonly (readonly unknown[])[],
  firstRow: number,
  updates: { row: number; cells: ReadonlyMap<number, Cell> }[],
  groups: [number, number][],
): BlockWrite[] {
  const sorted = [...updates].sort((a, b) => a.row - b.row);
  const runs: { row: number; cells: ReadonlyMap<number, Cell> }[][] = [];
  for (const u of sorted) {
    const run = runs[runs.length - 1];
    if (run && run[run.length - 1].row === u.row - 1) run.push(u);
    else runs.push([u]);
  }
  const out: BlockWrite[] = [];
  for (const run of runs) {
    for (const [from, to] of groups) {
      const map = new Map<number, Map<number, Cell>>();
      for (const u of run) {
        const inGroup = new Map([...u.cells].filter(([c]) => c >= from && c <= to));
        map.set(u.row, inGroup);
      }
      if (![...map.values()].some((m) => m.size > 0)) continue;
      // Keep the run's full height so one write covers it even when the first row has nothing in this group.
      const top = run[0].row;
      const bottom = run[run.length - 1].row;
      const values: Cell[][] = [];
      for (let row = top; row <= bottom; row++) {
        const read = rows[row - firstRow] ?? [];
        const patch = map.get(row);
        const line: Cell[] = [];
        for (let col = from; col <= to; col++) line.push(patch && patch.has(col) ? patch.get(col)! : asWritable(read[col - 1]));
        values.push(line);
      }
      out.push({ row: top, column: from, values });
    }
  }
  return out;
}

// ---- Retention ----

/** Local midnight `months` calendar months before the local day of `now` (the 31st falls back to the month's end). */
export function retentionCutoff(now: Date, months: number): Date {
  const p = localParts(now);
  const first = localParts(localMidnight(p.year, p.month - months, 1));
  const daysInMonth = localParts(new Date(localMidnight(first.year, first.month + 1, 1).getTime() - DAY_MS)).day;
  return localMidnight(first.year, first.month, Math.min(p.day, daysInMonth));
}

/** Drive file ids in the "Ảnh" column's links (…/file/d/<id>/…, …?id=<id>), in order, without repeats. */
export function driveFileIds(links: string): string[] {
  const ids: string[] = [];
  for (const part of String(links ?? '').split(/[\s,;]+/)) {
    const m = /\/d\/([A-Za-z0-9_-]{5,})/.exec(part) ?? /[?&]id=([A-Za-z0-9_-]{5,})/.exec(part);
    if (m && !ids.includes(m[1])) ids.push(m[1]);
  }
  return ids;
}

export interface PurgePlan {
  /** Sheet rows whose personal data is removed. */
  rows: number[];
  /** Drive ids of the photos of those rows. */
  photoIds: string[];
  /** One write over "Nội dung" … "Ảnh" of the rows concerned, or null when nothing is due. */
  write: BlockWrite | null;
}

/** First and last column of the block the purge rewrites: "Nội dung" through "Ảnh". */
export const PURGE_FROM_COL = Math.min(COL.content, ...PERSONAL_COLUMNS.map((k) => COL[k]));
export const PURGE_TO_COL = Math.max(COL.content, ...PERSONAL_COLUMNS.map((k) => COL[k]));

/**
 * Rows received before `cutoff` that still hold personal data: a personal column (PERSONAL_COLUMNS) filled, or
 * the opinion text carrying the sender's own name, address, phone or email, or any phone number or email.
 * Their personal columns are blanked and those values masked inside the text; the opinion, status and everything
 * else stay. Rows without a valid "Thời gian nhận" are never touched.
 */
export function planPurge(rows: readonly (readonly unknown[])[], firstRow: number, cutoff: Date): PurgePlan {
  const limit = cutoff.getTime();
  const updates = new Map<number, Map<number, Cell>>();
  const photoIds: string[] = [];
  const purged: number[] = [];
  rows.forEach((cells, i) => {
    const received = cells[COL.receivedAt - 1];
    if (!isDateValue(received) || received.getTime() >= limit) return;
    const at = (k: ColumnKey) => cells[COL[k] - 1];
    const content = String(at('content') ?? '');
    const masked = content
      ? stripPersonalData(
          redactKnownValues(content, {
            name: text(at('name')),
            address: text(at('address')),
            phone: text(at('phone')),
            email: text(at('email')),
          }),
        )
      : content;
    const personal = PERSONAL_COLUMNS.filter((k) => isFilled(at(k)));
    if (personal.length === 0 && masked === content.normalize('NFC')) return;
    const set = new Map<number, Cell>();
    for (const k of personal) set.set(COL[k], '');
    if (masked !== content.normalize('NFC')) set.set(COL.content, literalCell(masked));
    const row = firstRow + i;
    updates.set(row, set);
    purged.push(row);
    for (const id of driveFileIds(String(at('photos') ?? ''))) if (!photoIds.includes(id)) photoIds.push(id);
  });
  return { rows: purged, photoIds, write: patchBlock(rows, firstRow, PURGE_FROM_COL, PURGE_TO_COL, updates) };
}
