import { COL, COLUMNS } from '../../../src/core/records/feedback-record';
import {
  MOVED_AT_COL,
  SPAM_STATUS,
  codesText,
  parseCodeList,
  planRestore,
  planSpamExpiry,
  planSpamMove,
  SPAM_STAMP_RUNS_PER_NIGHT,
  unstampedSpamRows,
} from '../../../src/core/staff/spam';
import { FEEDBACK_STATUSES } from '../../../src/shared/types';

function row(code: string, status: string, over: Record<number, unknown> = {}): unknown[] {
  const r: unknown[] = COLUMNS.map(() => '');
  r[COL.trackingCode - 1] = code;
  r[COL.status - 1] = status;
  r[COL.content - 1] = `nội dung ${code}`;
  for (const [c, v] of Object.entries(over)) r[Number(c) - 1] = v;
  return r;
}

const now = new Date('2026-12-06T10:00:00Z');

test('"Rác / spam" is a status staff can choose', () => {
  expect(FEEDBACK_STATUSES).toContain(SPAM_STATUS);
  expect(SPAM_STATUS).toBe('Rác / spam');
});

test('marked rows are appended to Rác with their photos named, and deleted from Góp ý bottom run first', () => {
  const rows = [
    row('HB-AAAAAA2', 'Mới'),
    row('HB-AAAAAA3', SPAM_STATUS, { [COL.photos]: 'https://drive.google.com/file/d/FILE1/view' }),
    row('HB-AAAAAA4', SPAM_STATUS),
    row('HB-AAAAAA5', 'Đang xử lý'),
    row('HB-AAAAAA6', ` ${SPAM_STATUS} `),
    row('', SPAM_STATUS),
  ];
  const plan = planSpamMove(rows, 2, new Set(), now);
  expect(plan.codes).toEqual(['HB-AAAAAA3', 'HB-AAAAAA4', 'HB-AAAAAA6']);
  expect(plan.photoIds).toEqual(['FILE1']);
  expect(plan.deletes).toEqual([
    { row: 6, count: 1, codes: ['HB-AAAAAA6'] },
    { row: 3, count: 2, codes: ['HB-AAAAAA3', 'HB-AAAAAA4'] },
  ]);
  expect(plan.append[0]).toHaveLength(MOVED_AT_COL);
  expect(plan.append[0][MOVED_AT_COL - 1]).toBe(now);
  expect(plan.append[0][COL.content - 1]).toBe("'nội dung HB-AAAAAA3");
});

test('a code Rác already holds (an earlier run stopped half way) is deleted but not appended twice', () => {
  const plan = planSpamMove([row('HB-AAAAAA3', SPAM_STATUS)], 2, new Set(['HB-AAAAAA3']), now);
  expect(plan.append).toEqual([]);
  expect(plan.alreadyMoved).toEqual(['HB-AAAAAA3']);
  expect(plan.deletes).toEqual([{ row: 2, count: 1, codes: ['HB-AAAAAA3'] }]);
});

test('Rác rows older than 30 days expire; younger ones and rows without a time stay', () => {
  const old = new Date(now.getTime() - 31 * 86_400_000);
  const young = new Date(now.getTime() - 29 * 86_400_000);
  const rac = [
    [...row('HB-AAAAAA2', SPAM_STATUS), old],
    [...row('HB-AAAAAA3', SPAM_STATUS), old],
    [...row('HB-AAAAAA4', SPAM_STATUS), young],
    [...row('HB-AAAAAA5', SPAM_STATUS), ''],
    [...row('HB-AAAAAA6', SPAM_STATUS), old],
  ];
  expect(planSpamExpiry(rac, 2, now)).toEqual([
    { row: 6, count: 1, codes: ['HB-AAAAAA6'] },
    { row: 2, count: 2, codes: ['HB-AAAAAA2', 'HB-AAAAAA3'] },
  ]);
});

test('rows pasted into Rác by hand are stamped now, by code (by their cells without one), a bounded number of runs a night', () => {
  const noCode = row('', SPAM_STATUS);
  const rac = [[...row('HB-AAAAAA2', SPAM_STATUS), now], [...row('HB-AAAAAA3', SPAM_STATUS), ''], [...noCode, ''], COLUMNS.map(() => '')];
  const stamps = unstampedSpamRows(rac, 2, now);
  expect(stamps.map((s) => s.ref)).toEqual([{ column: COL.trackingCode, value: 'HB-AAAAAA3' }, { like: [...noCode, ''] }]);
  expect(stamps[0].cells).toEqual([{ column: MOVED_AT_COL, from: [''], to: now }]);
  // Scattered rows: the first runs tonight, the rest the next nights.
  const scattered = Array.from({ length: 40 }, (_, i) =>
    i % 2 ? [...row(`HB-B${i}`, SPAM_STATUS), now] : [...row(`HB-C${i}`, SPAM_STATUS), ''],
  );
  expect(unstampedSpamRows(scattered, 2, now)).toHaveLength(SPAM_STAMP_RUNS_PER_NIGHT);
});

test('restoring brings the row back as "Mới" with its photos, and says which codes Rác does not hold', () => {
  const rac = [
    [...row('HB-AAAAAA2', SPAM_STATUS, { [COL.photos]: 'https://drive.google.com/file/d/FILE2/view' }), now],
    [...row('HB-AAAAAA3', SPAM_STATUS), now],
  ];
  const plan = planRestore(rac, 2, parseCodeList(' hb-aaaaaa2,HB-ZZZZZZZ\nhb-aaaaaa2 '));
  expect(plan.codes).toEqual(['HB-AAAAAA2']);
  expect(plan.append[0]).toHaveLength(COLUMNS.length);
  expect(plan.append[0][COL.status - 1]).toBe('Mới');
  expect(plan.photoIds).toEqual(['FILE2']);
  expect(plan.deletes).toEqual([{ row: 2, count: 1, codes: ['HB-AAAAAA2'] }]);
  expect(plan.notFound).toEqual(['HB-ZZZZZZZ']);
});

test('the log names every code, and only codes', () => {
  const codes = Array.from({ length: 1000 }, (_, i) => `HB-${String(i).padStart(7, 'A')}`);
  expect(codesText(codes).split(', ')).toHaveLength(1000);
  expect(codesText(codes, 100)).toMatch(/… và \d+ mã khác$/);
});
