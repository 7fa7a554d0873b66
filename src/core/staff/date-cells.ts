/**
 * Dates staff type into the responses sheet: which date cells the box cannot read, the message naming the cell, and
 * reading 'dd/MM/yyyy [HH:mm]' typed as text as Vietnam local time.
 */
import { VN_OFFSET_MS } from './deadline';
import { cellText, isDateValue, isFilled } from '../records/cell-writes';
import { COL, COLUMNS, columnLetter } from '../records/feedback-record';

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
  const value = cellText(raw).replace(/\s+/g, ' ');
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

/** 'dd/MM/yyyy' or 'dd/MM/yyyy HH:mm[:ss]' as Vietnam local time; null when it is not a real date. */
export function parseLocalDateTime(s: string): Date | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(cellText(s));
  if (!m) return null;
  const [d, mo, y, h, mi, se] = [+m[1], +m[2], +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 59 || y < 1970 || y > 2100) return null;
  const utc = Date.UTC(y, mo - 1, d, h, mi, se);
  const check = new Date(utc);
  if (check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1) return null;
  return new Date(utc - VN_OFFSET_MS);
}
