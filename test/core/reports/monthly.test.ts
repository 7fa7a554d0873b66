import {
  CATCH_UP_DAYS,
  KEPT_PERIODS,
  firstWorkingDay,
  monthlyDecision,
  monthlyReportEmail,
  parseVersionRecord,
  periodKey,
  reserveVersion,
  updateVersion,
  versionedName,
} from '../../../src/core/reports/monthly';
import { dayNumberToKey, localMidnight } from '../../../src/core/staff/deadline';

const vn = (y: number, m: number, d: number, h = 6) => new Date(localMidnight(y, m, d).getTime() + h * 3600_000);

describe('firstWorkingDay', () => {
  test.each([
    [2026, 11, [], '2026-11-02'], // 1 November is a Sunday
    [2026, 8, [], '2026-08-03'], // a Saturday and a Sunday first
    [2026, 9, [], '2026-09-01'],
    [2026, 9, ['2026-09-01', '2026-09-02'], '2026-09-03'], // National Day
    [2027, 1, ['2027-01-01'], '2027-01-04'], // New Year on a Friday, then the weekend
  ])('%i-%i with %j → %s', (y, m, holidays, want) => {
    expect(dayNumberToKey(firstWorkingDay(y, m, holidays as string[]))).toBe(want);
  });
});

test('periodKey: a whole month, or its two days', () => {
  expect(periodKey({ from: localMidnight(2026, 10, 1), to: localMidnight(2026, 11, 1) })).toBe('2026-10');
  expect(periodKey({ from: localMidnight(2026, 10, 1), to: localMidnight(2026, 10, 16) })).toBe('2026-10-01..2026-10-15');
  expect(periodKey({ from: localMidnight(2026, 10, 5), to: localMidnight(2026, 10, 6) })).toBe('2026-10-05..2026-10-05');
});

describe('monthlyDecision', () => {
  test('before, on, within the catch-up days and after the first working day', () => {
    expect(monthlyDecision(vn(2026, 9, 2), ['2026-09-01', '2026-09-02'], {}).build).toBe(false);
    const on = monthlyDecision(vn(2026, 9, 3), ['2026-09-01', '2026-09-02'], {});
    expect(on).toMatchObject({ build: true, key: '2026-08', retryMailOnly: false });
    // Without holidays the first working day is 1 September: the run may catch up until CATCH_UP_DAYS after it.
    expect(monthlyDecision(vn(2026, 9, 1 + CATCH_UP_DAYS), [], {}).build).toBe(true);
    expect(monthlyDecision(vn(2026, 9, 2 + CATCH_UP_DAYS), [], {}).build).toBe(false);
  });
  test('an automatic version already made: nothing, or only its email again', () => {
    const at = vn(2026, 9, 1);
    const made = { '2026-08': [{ v: 1, auto: true, at: '', docUrl: 'd', pdfUrl: 'p', mailed: true }] };
    expect(monthlyDecision(at, [], made).build).toBe(false);
    const unmailed = { '2026-08': [{ v: 1, auto: true, at: '', docUrl: 'd', pdfUrl: 'p' }] };
    expect(monthlyDecision(at, [], unmailed)).toMatchObject({ build: true, retryMailOnly: true, version: { v: 1 } });
    // A version the owner made by hand does not stand in for the committee's email.
    const byHand = { '2026-08': [{ v: 1, auto: false, at: '', docUrl: 'd', pdfUrl: 'p' }] };
    expect(monthlyDecision(at, [], byHand)).toMatchObject({ build: true, retryMailOnly: false });
  });
  test('a version reserved but never filed (the run failed while rendering) is built again', () => {
    const failed = { '2026-08': [{ v: 1, auto: true, at: '' }] };
    expect(monthlyDecision(vn(2026, 9, 2), [], failed)).toMatchObject({ build: true, key: '2026-08', retryMailOnly: false });
  });
});

test('versions are numbered per period; the record keeps the latest periods only', () => {
  let record = parseVersionRecord('not json');
  expect(record).toEqual({});
  const now = new Date(Date.UTC(2026, 8, 3));
  const a = reserveVersion(record, '2026-08', true, now);
  const b = reserveVersion(a.record, '2026-08', false, now);
  expect([a.version.v, b.version.v]).toEqual([1, 2]);
  record = updateVersion(b.record, '2026-08', 1, { docUrl: 'x' });
  expect(record['2026-08'][0].docUrl).toBe('x');
  for (let i = 0; i < KEPT_PERIODS + 5; i++)
    record = reserveVersion(record, `p${i}`, false, new Date(now.getTime() + (i + 1) * 1000)).record;
  expect(Object.keys(record)).toHaveLength(KEPT_PERIODS);
  expect(record['2026-08']).toBeUndefined();
  expect(JSON.stringify(record).length).toBeLessThan(9 * 1024);
  expect(parseVersionRecord(JSON.stringify(record))).toEqual(record);
  expect(versionedName('Báo cáo – tháng 8/2026', 1)).toBe('Báo cáo – tháng 8/2026');
  expect(versionedName('Báo cáo – tháng 8/2026', 2)).toBe('Báo cáo – tháng 8/2026 (lần 2)');
});

test('the email carries the links and escapes what it shows', () => {
  const mail = monthlyReportEmail({
    recipients: ['a@example.org'],
    wardName: 'Phường <Hòa Bình>',
    committeeName: 'Ủy ban MTTQ',
    name: 'Báo cáo – tháng 8/2026 (lần 2)',
    periodLabel: 'tháng 8/2026',
    total: 3,
    docUrl: 'https://docs.google.com/document/d/abc/edit',
    pdfUrl: 'https://drive.google.com/file/d/def/view',
    version: 2,
  });
  expect(mail.subject).toBe('[Hòm thư số] Báo cáo – tháng 8/2026 (lần 2)');
  expect(mail.text).toContain('bản lần 2');
  expect(mail.html).toContain('<a href="https://docs.google.com/document/d/abc/edit">');
  expect(mail.html).not.toContain('<Hòa Bình>');
});
