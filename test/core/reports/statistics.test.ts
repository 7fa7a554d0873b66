import { rowToRecord, type FeedbackRecord } from '../../../src/core/records/feedback-record';
import { buildStatistics } from '../../../src/core/reports/statistics';
import { localMidnight } from '../../../src/core/staff/deadline';

const NOW = localMidnight(2025, 4, 3);

function rec(over: Partial<FeedbackRecord>): FeedbackRecord {
  return {
    ...rowToRecord([]),
    trackingCode: 'HB-2222222',
    kind: 'Phản ánh',
    status: 'Mới',
    receivedAt: localMidnight(2025, 3, 5),
    ...over,
  };
}

test('labels typed by hand are masked on the sheet as in the report', () => {
  const stats = buildStatistics(
    [
      rec({ locationName: 'Nhà bà Lan 0912345678', category: 'Gọi 0912 345 678' }),
      rec({ locationCode: 'lan@example.com' }),
      rec({ locationName: 'Tổ dân phố 1' }),
    ],
    NOW,
    { categories: [] },
  );
  const text = JSON.stringify(stats.tables.map((t) => t.rows));
  expect(text).not.toMatch(/0912|345 678|lan@example/);
  const location = stats.tables.find((t) => t.id === 'location')!;
  expect(location.rows.map((r) => r[2])).toEqual([1, 1, 1]);
  expect(location.rows.map((r) => r[1])).toContain('Tổ dân phố 1');
});
