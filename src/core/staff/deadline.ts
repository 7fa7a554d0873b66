/**
 * Handling deadlines in working days, in Vietnam local time.
 * The ward is in Asia/Ho_Chi_Minh: a fixed UTC+7 with no DST, so local dates are computed by shifting
 * epoch milliseconds by 7 hours. Intl time zones are not used.
 */

import { canonicalStatus } from '../records/status';
import type { FeedbackKind } from '../../shared/types';
import { lazy } from '../common/lazy';

export const VN_OFFSET_MS = 7 * 60 * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;

/** Longest deadline accepted, in working days (guards against runaway loops on bad settings). */
export const MAX_WORKING_DAYS = 3660;

/** Working days given to each kind of opinion when no other setting says otherwise. */
export const DEFAULT_DEADLINE_DAYS: Readonly<Record<FeedbackKind, number>> = {
  'Góp ý': 15,
  'Phản ánh': 10,
  'Kiến nghị': 15,
};

/** Statuses after which an opinion is no longer waiting for the ward. */
export const FINAL_STATUSES = [
  'Đã trả lời',
  'Không thuộc thẩm quyền',
  'Trùng lặp',
  'Đã chuyển cơ quan có thẩm quyền',
  'Rác / spam',
] as const;

const FINAL_SET: ReadonlySet<string> = new Set(FINAL_STATUSES);

// ---- Local calendar helpers (UTC+7) ----

/** Days since 1970-01-01 of the local (UTC+7) calendar day containing `d`. */
export function localDayNumber(d: Date): number {
  return Math.floor((d.getTime() + VN_OFFSET_MS) / DAY_MS);
}

/** Day of week of a local day number: 0 = Sunday … 6 = Saturday. */
export function weekdayOfDayNumber(day: number): number {
  // 1970-01-01 was a Thursday (4).
  return (((day + 4) % 7) + 7) % 7;
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/** Local calendar parts of `d`: year, month 1–12, day 1–31. */
export function localParts(d: Date): { year: number; month: number; day: number } {
  const shifted = new Date(d.getTime() + VN_OFFSET_MS);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** 'yyyy-MM-dd' of a local day number. */
export function dayNumberToKey(day: number): string {
  const d = new Date(day * DAY_MS);
  return d.getUTCFullYear() + '-' + pad2(d.getUTCMonth() + 1) + '-' + pad2(d.getUTCDate());
}

/** 'yyyy-MM-dd' of the local day containing `d`. */
export function localDateKey(d: Date): string {
  return dayNumberToKey(localDayNumber(d));
}

/** 'dd/MM/yyyy' of the local day containing `d`, as Vietnamese readers expect. */
export function formatLocalDate(d: Date): string {
  const p = localParts(d);
  return pad2(p.day) + '/' + pad2(p.month) + '/' + p.year;
}

/** The instant of local midnight starting the given local date (month 1–12; overflow rolls over). */
export function localMidnight(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, day) - VN_OFFSET_MS);
}

/** The last millisecond (23:59:59.999 local) of a local day number. */
export function endOfLocalDay(day: number): Date {
  return new Date((day + 1) * DAY_MS - VN_OFFSET_MS - 1);
}

function isValidDate(d: unknown): d is Date {
  // Not instanceof: Dates may come from another realm (sheet values, test sandboxes).
  return Object.prototype.toString.call(d) === '[object Date]' && !isNaN((d as Date).getTime());
}

// ---- Deadlines ----

/**
 * End (23:59:59.999 local) of the Nth working day after the local day of `receivedAt`.
 * Saturdays, Sundays and the listed holidays ('yyyy-MM-dd', local) are not working days; malformed
 * holiday strings are ignored (parseHolidayList reports them). The day of receipt never counts, even
 * when it is a working day; workingDays = 0 gives the end of the day of receipt.
 */
export function dueDate(receivedAt: Date, workingDays: number, holidays: string[]): Date {
  if (!isValidDate(receivedAt)) throw new RangeError('dueDate: receivedAt is not a valid date');
  if (!Number.isInteger(workingDays) || workingDays < 0 || workingDays > MAX_WORKING_DAYS) {
    throw new RangeError('dueDate: workingDays must be an integer from 0 to ' + MAX_WORKING_DAYS);
  }
  const off = new Set<string>();
  for (const h of holidays) {
    if (typeof h === 'string') off.add(h.trim());
  }
  let day = localDayNumber(receivedAt);
  let left = workingDays;
  while (left > 0) {
    day++;
    const wd = weekdayOfDayNumber(day);
    if (wd === 0 || wd === 6) continue;
    if (off.size > 0 && off.has(dayNumberToKey(day))) continue;
    left--;
  }
  return endOfLocalDay(day);
}

/** Working days for a kind, from `overrides` when given there, else the defaults; unknown kinds get 15. */
export function deadlineDaysFor(kind: string, overrides?: Partial<Record<string, number>>): number {
  const k = String(kind ?? '')
    .normalize('NFC')
    .trim();
  const o = overrides?.[k];
  if (typeof o === 'number' && Number.isInteger(o) && o >= 0 && o <= MAX_WORKING_DAYS) return o;
  const d = (DEFAULT_DEADLINE_DAYS as Record<string, number>)[k];
  return typeof d === 'number' ? d : 15;
}

/** True for statuses that end the ward's handling (read as canonicalStatus reads them). */
export function isFinalStatus(status: string): boolean {
  return FINAL_SET.has(canonicalStatus(status));
}

/** The part of a record isOverdue needs. */
export interface DeadlineInfo {
  status: string;
  dueAt: Date | '' | null | undefined;
}

/**
 * True when the opinion is not final and `now` falls on a local day after the local day of `dueAt`.
 * Compared by local day, so a due date typed by staff as a bare date (local midnight) still allows
 * the whole of that day. Rows without a valid due date are never overdue.
 */
export function isOverdue(record: DeadlineInfo, now: Date): boolean {
  return daysOverdue(record, now) > 0;
}

/** Whole local days past the due day (0 when not overdue, final, or without a due date). */
export function daysOverdue(record: DeadlineInfo, now: Date): number {
  if (!isValidDate(record.dueAt) || !isValidDate(now)) return 0;
  if (isFinalStatus(record.status)) return 0;
  const late = localDayNumber(now) - localDayNumber(record.dueAt);
  return late > 0 ? late : 0;
}

// ---- Holiday list ----

/** Longest range accepted in a holiday list ("27/01/2025 - 31/01/2025"). */
export const MAX_HOLIDAY_RANGE_DAYS = 31;

const DMY = '(\\d{1,2})\\/(\\d{1,2})\\/(\\d{4})';
const YMD = '(\\d{4})-(\\d{1,2})-(\\d{1,2})';
// Made when a holiday list is read, not at every load of the bundle.
const ONE_DATE = lazy(() => new RegExp('^(?:' + DMY + '|' + YMD + ')$'));
const RANGE = lazy(() => new RegExp('^(' + DMY + '|' + YMD + ')\\s*(?:-|–|—|đến)\\s*(' + DMY + '|' + YMD + ')$', 'i'));

function quote(raw: string): string {
  return '"' + (raw.length > 40 ? raw.slice(0, 40) + '…' : raw) + '"';
}

/** Local day number of a calendar date, or null when the date does not exist. */
function calendarDay(y: number, m: number, d: number): number | null {
  if (y < 1970 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const t = Date.UTC(y, m - 1, d);
  const back = new Date(t);
  if (back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) return null;
  return t / DAY_MS;
}

/** Parses one date string in either format; `undefined` = wrong shape, `null` = no such day. */
function parseOne(s: string): number | null | undefined {
  const m = ONE_DATE().exec(s);
  if (!m) return undefined;
  if (m[1] !== undefined) return calendarDay(+m[3], +m[2], +m[1]);
  return calendarDay(+m[4], +m[5], +m[6]);
}

/**
 * Reads a holiday list typed by staff: dates as 'dd/MM/yyyy' (or 'd/M/yyyy') or 'yyyy-MM-dd', separated
 * by commas, semicolons or new lines. Also accepts a range "27/01/2025 - 31/01/2025" (or "… đến …",
 * at most 31 days) and a note in parentheses after an entry: "30/04/2025 (Giải phóng miền Nam)".
 * Returns sorted unique 'yyyy-MM-dd' dates and one Vietnamese message per entry it could not read.
 */
export function parseHolidayList(text: string): { dates: string[]; problems: string[] } {
  const days = new Set<number>();
  const problems: string[] = [];
  const src = String(text ?? '').normalize('NFC');
  for (const part of src.split(/[,;\n\r]+/)) {
    const raw = part.trim();
    if (!raw) continue;
    const entry = raw.replace(/\s*\([^()]*\)\s*$/, '').trim();
    if (!entry) continue;
    const one = parseOne(entry);
    if (one === null) {
      problems.push('Ngày ' + quote(raw) + ' không có trên lịch, vui lòng kiểm tra lại.');
      continue;
    }
    if (one !== undefined) {
      days.add(one);
      continue;
    }
    const r = RANGE().exec(entry);
    if (r) {
      const a = parseOne(r[1]);
      const b = parseOne(r[8]);
      if (a == null || b == null) {
        problems.push('Khoảng ngày ' + quote(raw) + ' có ngày không có trên lịch, vui lòng kiểm tra lại.');
      } else if (a > b) {
        problems.push('Khoảng ngày ' + quote(raw) + ' có ngày bắt đầu sau ngày kết thúc.');
      } else if (b - a + 1 > MAX_HOLIDAY_RANGE_DAYS) {
        problems.push('Khoảng ngày ' + quote(raw) + ' dài quá ' + MAX_HOLIDAY_RANGE_DAYS + ' ngày.');
      } else {
        for (let d = a; d <= b; d++) days.add(d);
      }
      continue;
    }
    problems.push('Không đọc được ' + quote(raw) + ': hãy ghi ngày theo dạng dd/MM/yyyy (ví dụ 30/04/2025) hoặc yyyy-MM-dd.');
  }
  const dates = Array.from(days)
    .sort((x, y) => x - y)
    .map(dayNumberToKey);
  return { dates, problems };
}
