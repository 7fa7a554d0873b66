import { rowToRecord, type FeedbackRecord } from '../../../src/core/records/feedback-record';
import { buildReport } from '../../../src/core/reports/report';
import {
  CHART_WIDTH,
  OTHER_LOCATIONS,
  countCharts,
  monthlyTrend,
  topWithOthers,
  trendCharts,
} from '../../../src/core/reports/report-figures';
import { A4_PAGE, headerTexts, headerWidths, reportBlocks, textWidth } from '../../../src/core/reports/report-layout';

const DAY = 86_400_000;
/** Vietnam local time. */
const vn = (y: number, m: number, d: number, h = 9) => new Date(Date.UTC(y, m - 1, d, h - 7));
const MARCH = { from: vn(2025, 3, 1, 0), to: vn(2025, 4, 1, 0) };

function rec(over: Partial<FeedbackRecord>): FeedbackRecord {
  return { ...rowToRecord([]), trackingCode: 'HB-2222222', category: 'Khác', kind: 'Phản ánh', status: 'Mới', ...over };
}

describe('topWithOthers', () => {
  test('the ten largest (ties by label), then one row summing the rest; zeros left out', () => {
    const rows = Array.from({ length: 16 }, (_, i) => ({ label: `KDC${String(i).padStart(2, '0')}`, count: i % 5 }));
    const top = topWithOthers(rows);
    expect(top).toHaveLength(11);
    expect(top.slice(0, 3)).toEqual([
      { label: 'KDC04', count: 4 },
      { label: 'KDC09', count: 4 },
      { label: 'KDC14', count: 4 },
    ]);
    const shown = top.slice(0, 10).reduce((n, r) => n + r.count, 0);
    expect(top[10]).toEqual({ label: OTHER_LOCATIONS, count: rows.reduce((n, r) => n + r.count, 0) - shown });
    expect(top.some((r) => r.count === 0)).toBe(false);
  });

  test('ten or fewer: no "others" row', () => {
    expect(
      topWithOthers([
        { label: 'A', count: 2 },
        { label: 'B', count: 0 },
      ]),
    ).toEqual([{ label: 'A', count: 2 }]);
  });
});

describe('monthlyTrend', () => {
  test('12 months ending with the period, counted in Vietnam time, with the on-time rate as the report counts it', () => {
    const records = [
      // 1 March 00:30 in Vietnam is still 28 February in UTC: March.
      rec({ receivedAt: vn(2025, 3, 1, 0.5) }),
      rec({ receivedAt: vn(2025, 3, 5), status: 'Đã trả lời', dueAt: vn(2025, 3, 15), replySentAt: vn(2025, 3, 10) }),
      rec({ receivedAt: vn(2025, 3, 6), status: 'Đã trả lời', dueAt: vn(2025, 3, 15), replySentAt: vn(2025, 3, 20) }),
      rec({ receivedAt: vn(2025, 3, 7), status: 'Đã trả lời', dueAt: vn(2025, 3, 15) }),
      rec({ receivedAt: vn(2024, 4, 30), status: 'Đã trả lời', dueAt: vn(2024, 5, 5), updatedAt: vn(2024, 5, 5, 23) }),
      // Before the 12 months, after the period, undated: left out.
      rec({ receivedAt: vn(2024, 3, 31) }),
      rec({ receivedAt: vn(2025, 4, 1, 0) }),
      rec({ receivedAt: '' }),
    ];
    const t = monthlyTrend(records, MARCH);
    expect(t.map((m) => m.label)).toEqual([
      '4/2024',
      '5/2024',
      '6/2024',
      '7/2024',
      '8/2024',
      '9/2024',
      '10/2024',
      '11/2024',
      '12/2024',
      '1/2025',
      '2/2025',
      '3/2025',
    ]);
    expect(t[11]).toEqual({ label: '3/2025', received: 4, eligible: 2, onTime: 1, rate: 50 });
    expect(t[0]).toEqual({ label: '4/2024', received: 1, eligible: 1, onTime: 1, rate: 100 });
    expect(t.slice(1, 11).every((m) => m.received === 0 && m.rate === null)).toBe(true);
  });

  test('junk ("Rác / spam") is no opinion of any month', () => {
    const records = [
      rec({ receivedAt: vn(2025, 3, 5) }),
      ...Array.from({ length: 4 }, () =>
        rec({ receivedAt: vn(2025, 3, 6), status: 'Rác / spam', dueAt: vn(2025, 3, 15), updatedAt: vn(2025, 3, 7) }),
      ),
    ];
    expect(monthlyTrend(records, MARCH)[11]).toEqual({ label: '3/2025', received: 1, eligible: 0, onTime: 0, rate: null });
  });

  test('a period of days ends its trend with the month of its last day', () => {
    const t = monthlyTrend([], { from: vn(2025, 3, 20, 0), to: vn(2025, 4, 3, 0) });
    expect(t.at(-1)!.label).toBe('4/2025');
  });
});

describe('charts of the report', () => {
  const records = [
    ...Array.from({ length: 14 }, (_, i) =>
      rec({
        receivedAt: new Date(MARCH.from.getTime() + (i + 1) * DAY),
        locationCode: `K${i}`,
        locationName: `Khu ${i}`,
        category: 'Vệ sinh môi trường',
      }),
    ),
    rec({ receivedAt: new Date(MARCH.from.getTime() + DAY), locationCode: 'K0', locationName: 'Khu 0', category: 'An ninh trật tự' }),
  ];
  const model = buildReport(records, MARCH, vn(2025, 4, 2), { categories: ['An ninh trật tự', 'Vệ sinh môi trường', 'Khác'] });

  test('by category (zeros left out), by location (ten and the others), by status', () => {
    const [category, location, status] = countCharts(model);
    expect([category.id, category.labels, category.values]).toEqual(['category', ['An ninh trật tự', 'Vệ sinh môi trường'], [1, 14]]);
    expect(location.labels).toHaveLength(11);
    expect([location.labels[0], location.values[0], location.labels[10], location.values[10]]).toEqual(['Khu 0', 2, OTHER_LOCATIONS, 4]);
    expect([status.labels, status.values]).toEqual([['Mới'], [15]]);
    for (const c of [category, location, status]) {
      expect(c.type).toBe('bar');
      expect(c.width).toBe(CHART_WIDTH);
      expect(c.width).toBeLessThanOrEqual(textWidth(A4_PAGE));
    }
  });

  test('an empty period has no chart; the trend draws the rate only over months that have one', () => {
    expect(countCharts(buildReport([], MARCH, vn(2025, 4, 2), { categories: [] }))).toEqual([]);
    expect(trendCharts(monthlyTrend([], MARCH))).toEqual([]);
    const t = monthlyTrend(
      [rec({ receivedAt: vn(2025, 1, 5), status: 'Đã trả lời', dueAt: vn(2025, 1, 15), replySentAt: vn(2025, 1, 6) }), ...records],
      MARCH,
    );
    const [trend, ontime] = trendCharts(t);
    expect([trend.type, trend.values.length, trend.values.at(-1)]).toEqual(['column', 12, 15]);
    expect([ontime.type, ontime.labels, ontime.values, ontime.percent]).toEqual(['line', ['1/2025'], [100], true]);
    expect(trendCharts(monthlyTrend(records, MARCH)).map((c) => c.id)).toEqual(['trend']);
  });

  test('the blocks carry the charts after their tables and the trend in section II', () => {
    const blocks = reportBlocks(
      model,
      { wardName: 'Phường Hòa Bình', committeeName: 'Ủy ban MTTQ', generatedText: '' },
      monthlyTrend(records, MARCH),
    );
    const order = blocks.flatMap((b) => (b.kind === 'chart' ? [b.chart.id] : b.kind === 'heading' ? [b.text.slice(0, 3)] : []));
    expect(order).toEqual(['I. ', '1. ', 'category', '2. ', 'location', '3. ', 'status', 'II.', 'trend', 'III', 'IV.']);
  });
});

describe('head and signature texts', () => {
  test('defaults from the committee and ward names; configured texts win', () => {
    const base = { wardName: 'Phường Hòa Bình', committeeName: 'Ủy ban MTTQ Việt Nam phường Hòa Bình', generatedText: '' };
    expect(headerTexts(base)).toEqual({
      issuer: ['ỦY BAN MTTQ VIỆT NAM PHƯỜNG HÒA BÌNH'],
      symbol: 'BC-MTTQ',
      place: 'Hòa Bình',
      authority: 'TM. BAN THƯỜNG TRỰC',
      signerTitle: 'CHỦ TỊCH',
      signerName: '',
    });
    const h = headerTexts({
      ...base,
      header: { issuer: ['Ủy ban MTTQ Việt Nam', ' phường Hòa Bình '], symbol: 'BC-UB', place: 'Hà Nội', authority: '' },
    });
    expect([h.issuer, h.symbol, h.place, h.authority]).toEqual([['ỦY BAN MTTQ VIỆT NAM', 'PHƯỜNG HÒA BÌNH'], 'BC-UB', 'Hà Nội', '']);
    const [l, r] = headerWidths();
    expect(l + r).toBeLessThanOrEqual(textWidth());
    expect(l / (l + r)).toBeCloseTo(0.4, 1);
  });
});
