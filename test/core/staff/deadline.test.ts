import fc from 'fast-check';
import {
  DEFAULT_DEADLINE_DAYS,
  FINAL_STATUSES,
  daysOverdue,
  deadlineDaysFor,
  dueDate,
  formatLocalDate,
  isFinalStatus,
  isOverdue,
  localDateKey,
  parseHolidayList,
} from '../../../src/core/staff/deadline';
import { FEEDBACK_KINDS, FEEDBACK_STATUSES } from '../../../src/shared/types';

/** An instant given as Vietnam local wall time (UTC+7). */
function vn(y: number, m: number, d: number, h = 0, min = 0, s = 0, ms = 0): Date {
  return new Date(Date.UTC(y, m - 1, d, h - 7, min, s, ms));
}
/** ISO string of 23:59:59.999 local on the given day. */
function endVN(y: number, m: number, d: number): string {
  return vn(y, m, d, 23, 59, 59, 999).toISOString();
}

describe('dueDate', () => {
  it('counts working days after the day received, skipping weekends', () => {
    const mon = vn(2025, 3, 3, 10); // Monday
    expect(dueDate(mon, 1, []).toISOString()).toBe(endVN(2025, 3, 4));
    expect(dueDate(mon, 4, []).toISOString()).toBe(endVN(2025, 3, 7));
    expect(dueDate(mon, 5, []).toISOString()).toBe(endVN(2025, 3, 10));
    expect(dueDate(mon, 10, []).toISOString()).toBe(endVN(2025, 3, 17));
    expect(dueDate(mon, 15, []).toISOString()).toBe(endVN(2025, 3, 24));
  });

  it('ends at 23:59:59.999 local, which is 16:59:59.999 UTC', () => {
    expect(dueDate(vn(2025, 3, 3, 10), 1, []).toISOString()).toBe('2025-03-04T16:59:59.999Z');
  });

  it('moves from Friday to Monday', () => {
    expect(dueDate(vn(2025, 3, 7, 9), 1, []).toISOString()).toBe(endVN(2025, 3, 10));
    expect(dueDate(vn(2025, 3, 7, 23, 30), 1, []).toISOString()).toBe(endVN(2025, 3, 10));
  });

  it('treats a receipt on Saturday night or Sunday like one on Friday', () => {
    const satNight = vn(2025, 3, 8, 22, 30);
    expect(dueDate(satNight, 1, []).toISOString()).toBe(endVN(2025, 3, 10));
    expect(dueDate(satNight, 2, []).toISOString()).toBe(endVN(2025, 3, 11));
    expect(dueDate(vn(2025, 3, 9, 23, 59), 1, []).toISOString()).toBe(endVN(2025, 3, 10));
  });

  it('uses the UTC+7 calendar day around midnight, not the UTC one', () => {
    // 17:30 UTC Thursday is 00:30 Friday in Vietnam.
    expect(dueDate(new Date('2025-03-06T17:30:00Z'), 1, []).toISOString()).toBe(endVN(2025, 3, 10));
    // 16:59:59.999 UTC Thursday is still Thursday in Vietnam.
    expect(dueDate(new Date('2025-03-06T16:59:59.999Z'), 1, []).toISOString()).toBe(endVN(2025, 3, 7));
    // 17:00 UTC Saturday is 00:00 Sunday in Vietnam.
    expect(dueDate(new Date('2025-03-08T17:00:00Z'), 1, []).toISOString()).toBe(endVN(2025, 3, 10));
    // 02:00 UTC Monday is 09:00 Monday in Vietnam (UTC date and local date agree here).
    expect(dueDate(new Date('2025-03-10T02:00:00Z'), 1, []).toISOString()).toBe(endVN(2025, 3, 11));
  });

  it('skips a holiday that falls on a Friday (2/9/2022)', () => {
    const holidays = ['2022-09-01', '2022-09-02'];
    expect(dueDate(vn(2022, 8, 31, 14), 1, holidays).toISOString()).toBe(endVN(2022, 9, 5));
    expect(dueDate(vn(2022, 9, 1, 8), 1, ['2022-09-02']).toISOString()).toBe(endVN(2022, 9, 5));
    expect(dueDate(vn(2022, 9, 1, 8), 1, []).toISOString()).toBe(endVN(2022, 9, 2));
  });

  it('skips 30/04 and 01/05', () => {
    const holidays = ['2025-04-30', '2025-05-01'];
    const tue = vn(2025, 4, 29, 15);
    expect(dueDate(tue, 1, holidays).toISOString()).toBe(endVN(2025, 5, 2));
    expect(dueDate(tue, 3, holidays).toISOString()).toBe(endVN(2025, 5, 6));
    expect(dueDate(tue, 3, []).toISOString()).toBe(endVN(2025, 5, 2));
  });

  it('skips a Tết range given as a holiday list', () => {
    const tet = parseHolidayList('25/01/2025 - 02/02/2025');
    expect(tet.problems).toEqual([]);
    expect(tet.dates).toHaveLength(9);
    const fri = vn(2025, 1, 24, 15);
    expect(dueDate(fri, 1, tet.dates).toISOString()).toBe(endVN(2025, 2, 3));
    expect(dueDate(fri, 15, tet.dates).toISOString()).toBe(endVN(2025, 2, 21));
    expect(dueDate(fri, 15, []).toISOString()).toBe(endVN(2025, 2, 14));
    // Received during Tết itself.
    expect(dueDate(vn(2025, 1, 29, 10), 10, tet.dates).toISOString()).toBe(endVN(2025, 2, 14));
  });

  it('ignores malformed holiday strings and trims spaces', () => {
    expect(dueDate(vn(2025, 3, 3, 10), 1, ['nonsense', ' 2025-03-04 ']).toISOString()).toBe(endVN(2025, 3, 5));
  });

  it('gives the end of the day received for 0 working days', () => {
    expect(dueDate(vn(2025, 3, 8, 1), 0, []).toISOString()).toBe(endVN(2025, 3, 8));
  });

  it('rejects bad input', () => {
    expect(() => dueDate(new Date('x'), 1, [])).toThrow(RangeError);
    expect(() => dueDate(vn(2025, 3, 3), -1, [])).toThrow(RangeError);
    expect(() => dueDate(vn(2025, 3, 3), 1.5, [])).toThrow(RangeError);
    expect(() => dueDate(vn(2025, 3, 3), Infinity, [])).toThrow(RangeError);
  });

  it('property: lands on the end of a local working day with exactly N working days after receipt', () => {
    const dayArb = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) });
    const holidayArb = fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 10 });
    fc.assert(
      fc.property(dayArb, fc.integer({ min: 0, max: 40 }), holidayArb, (t, n, offsets) => {
        const received = new Date(t);
        const holidays = offsets.map((o) => localDateKey(new Date(t + o * 86400000)));
        const due = dueDate(received, n, holidays);
        // End of a local day.
        const local = new Date(due.getTime() + 7 * 3600000);
        expect(
          local.getUTCHours() * 3600000 + local.getUTCMinutes() * 60000 + local.getUTCSeconds() * 1000 + local.getUTCMilliseconds(),
        ).toBe(86400000 - 1);
        // Count working days in (received day, due day] by walking local dates.
        const start = new Date(received.getTime() + 7 * 3600000);
        let d = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate());
        const last = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
        let count = 0;
        let lastWasWorking = n === 0;
        while (d < last) {
          d += 86400000;
          const wd = new Date(d).getUTCDay();
          const key = new Date(d).toISOString().slice(0, 10);
          lastWasWorking = wd !== 0 && wd !== 6 && !holidays.includes(key);
          if (lastWasWorking) count++;
        }
        expect(count).toBe(n);
        expect(lastWasWorking).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('deadline settings', () => {
  it('gives defaults for every kind', () => {
    expect(DEFAULT_DEADLINE_DAYS).toEqual({ 'Góp ý': 15, 'Phản ánh': 10, 'Kiến nghị': 15 });
    for (const k of FEEDBACK_KINDS) expect(typeof DEFAULT_DEADLINE_DAYS[k]).toBe('number');
  });

  it('deadlineDaysFor uses overrides, then defaults, then 15', () => {
    expect(deadlineDaysFor('Phản ánh')).toBe(10);
    expect(deadlineDaysFor('Phản ánh', { 'Phản ánh': 7 })).toBe(7);
    expect(deadlineDaysFor('Phản ánh', { 'Phản ánh': -3 })).toBe(10);
    expect(deadlineDaysFor('Phản ánh'.normalize('NFD'))).toBe(10);
    expect(deadlineDaysFor('Khác')).toBe(15);
  });

  it('final statuses are a subset of the staff statuses', () => {
    for (const s of FINAL_STATUSES) expect(FEEDBACK_STATUSES as readonly string[]).toContain(s);
    expect(isFinalStatus('Mới')).toBe(false);
    expect(isFinalStatus('Đang xử lý')).toBe(false);
    expect(isFinalStatus(' Đã trả lời ')).toBe(true);
    expect(isFinalStatus('Trùng lặp'.normalize('NFD'))).toBe(true);
  });
});

describe('isOverdue', () => {
  const due = dueDate(vn(2025, 3, 3, 10), 5, []); // end of Monday 10/03/2025

  it('is not overdue until the local due day is over', () => {
    const r = { status: 'Đang xử lý', dueAt: due };
    expect(isOverdue(r, vn(2025, 3, 10, 23, 59))).toBe(false);
    expect(isOverdue(r, new Date('2025-03-10T16:59:59.999Z'))).toBe(false);
    expect(isOverdue(r, new Date('2025-03-10T17:00:00Z'))).toBe(true);
    expect(daysOverdue(r, vn(2025, 3, 13, 8))).toBe(3);
  });

  it('treats an empty status as new, and final statuses as never overdue', () => {
    const late = vn(2025, 4, 1);
    expect(isOverdue({ status: '', dueAt: due }, late)).toBe(true);
    expect(isOverdue({ status: 'Mới', dueAt: due }, late)).toBe(true);
    for (const s of FINAL_STATUSES) expect(isOverdue({ status: s, dueAt: due }, late)).toBe(false);
  });

  it('is never overdue without a due date', () => {
    expect(isOverdue({ status: 'Mới', dueAt: '' }, vn(2030, 1, 1))).toBe(false);
    expect(isOverdue({ status: 'Mới', dueAt: null }, vn(2030, 1, 1))).toBe(false);
    expect(isOverdue({ status: 'Mới', dueAt: new Date('bad') }, vn(2030, 1, 1))).toBe(false);
  });

  it('allows the whole day when staff typed a bare date (local midnight)', () => {
    const typed = vn(2025, 3, 10); // 00:00 local
    expect(isOverdue({ status: 'Mới', dueAt: typed }, vn(2025, 3, 10, 18))).toBe(false);
    expect(isOverdue({ status: 'Mới', dueAt: typed }, vn(2025, 3, 11, 0, 1))).toBe(true);
  });
});

describe('parseHolidayList', () => {
  it('reads both formats, any separator, and removes duplicates', () => {
    const r = parseHolidayList('30/04/2025, 01/05/2025\n2025-09-02; 2/9/2025\r\n\n 2025-09-01 ');
    expect(r.dates).toEqual(['2025-04-30', '2025-05-01', '2025-09-01', '2025-09-02']);
    expect(r.problems).toEqual([]);
  });

  it('accepts ranges and notes in parentheses', () => {
    const r = parseHolidayList('30/04/2025 (Giải phóng miền Nam)\n27/01/2025 đến 29/01/2025\n2025-01-01 - 2025-01-02');
    expect(r.dates).toEqual(['2025-01-01', '2025-01-02', '2025-01-27', '2025-01-28', '2025-01-29', '2025-04-30']);
    expect(r.problems).toEqual([]);
  });

  it('reports malformed and impossible entries in Vietnamese', () => {
    const r = parseHolidayList('31/02/2025, abc, 2025/04/30, 30-04-2025, 01/05/2025, 29/02/2024, 29/02/2025');
    expect(r.dates).toEqual(['2024-02-29', '2025-05-01']);
    expect(r.problems).toHaveLength(5);
    expect(r.problems[0]).toContain('"31/02/2025"');
    expect(r.problems[0]).toContain('không có trên lịch');
    expect(r.problems[1]).toContain('"abc"');
    expect(r.problems[1]).toContain('dd/MM/yyyy');
    expect(r.problems[4]).toContain('"29/02/2025"');
    for (const p of r.problems) expect(p).toBe(p.normalize('NFC'));
  });

  it('reports reversed and overlong ranges', () => {
    const r = parseHolidayList('05/02/2025 - 01/02/2025\n01/01/2025 - 28/02/2025');
    expect(r.dates).toEqual([]);
    expect(r.problems).toHaveLength(2);
    expect(r.problems[0]).toContain('ngày bắt đầu sau ngày kết thúc');
    expect(r.problems[1]).toContain('dài quá');
  });

  it('gives nothing for an empty list', () => {
    expect(parseHolidayList('')).toEqual({ dates: [], problems: [] });
    expect(parseHolidayList(' ,\n ; ')).toEqual({ dates: [], problems: [] });
  });
});

describe('local date helpers', () => {
  it('format in UTC+7', () => {
    expect(formatLocalDate(new Date('2025-03-31T17:00:00Z'))).toBe('01/04/2025');
    expect(formatLocalDate(new Date('2025-03-31T16:59:59Z'))).toBe('31/03/2025');
    expect(localDateKey(new Date('2024-12-31T17:00:00Z'))).toBe('2025-01-01');
  });
});
