import {
  MAX_REPLY_CHARS,
  MAX_VALUE_BYTES,
  TOTAL_BUDGET_BYTES,
  buildPublicResults,
  locationBudget,
  parseStored,
} from '../../../src/core/reports/public-results';
import { resultsLocationHtml } from '../../../src/core/reports/results-page';
import { rowToRecord, type FeedbackRecord } from '../../../src/core/records/feedback-record';

const rec = (over: Partial<FeedbackRecord>): FeedbackRecord => ({
  ...rowToRecord([]),
  trackingCode: 'HB-AAAAAAA',
  receivedAt: new Date(Date.UTC(2026, 9, 1, 3)),
  locationCode: 'KDC01',
  locationName: 'Nhà văn hóa số 1',
  category: 'Vệ sinh môi trường',
  status: 'Đã trả lời',
  publicReply: 'Đã xử lý.',
  publish: true,
  ...over,
});

const opts = { now: new Date(Date.UTC(2026, 10, 1)), wardName: 'Phường Hòa Bình', committeeName: 'Ủy ban MTTQ', appUrl: '', locations: [] };

test('only ticked rows; a row typed over its checkbox as TRUE counts, FALSE and blank do not', () => {
  expect(
    rowToRecord(
      Array(26)
        .fill('')
        .map((v, i) => (i === 25 ? 'TRUE' : v)),
    ).publish,
  ).toBe(true);
  expect(
    rowToRecord(
      Array(26)
        .fill('')
        .map((v, i) => (i === 25 ? false : v)),
    ).publish,
  ).toBe(false);
  expect(rowToRecord([]).publish).toBe(false);
  const r = buildPublicResults([rec({}), rec({ publish: false, publicReply: 'riêng' })], opts);
  expect(r.published).toBe(1);
  expect(JSON.stringify([...r.locations.values()])).not.toContain('riêng');
});

test('a long reply is cut, never inside a placeholder; the sender contacts are masked', () => {
  const long = 'Đã kiểm tra. '.repeat(100) + 'Gọi 0912345678.';
  const r = buildPublicResults([rec({ publicReply: long, phone: '0912345678' })], opts);
  const reply = r.locations.get('KDC01')!.i[0][3];
  expect(reply.length).toBeLessThanOrEqual(MAX_REPLY_CHARS + 1);
  expect(reply.endsWith('…')).toBe(true);
  const short = buildPublicResults([rec({ publicReply: 'Ông Lê Văn Tám, 0912345678, đã được liên hệ.', name: 'Lê Văn Tám' })], opts);
  expect(short.locations.get('KDC01')!.i[0][3]).not.toMatch(/Lê Văn Tám|0912345678/);
});

test('each stored value fits its budget, newest first; unreadable values are refused', () => {
  const many = Array.from({ length: 300 }, (_, i) =>
    rec({ trackingCode: `HB-${i}`, receivedAt: new Date(Date.UTC(2026, 0, 1) + i * 3600_000), publicReply: `Trả lời ${i} `.repeat(20) }),
  );
  const r = buildPublicResults(many, opts);
  const loc = r.locations.get('KDC01')!;
  expect(Buffer.byteLength(JSON.stringify(loc))).toBeLessThanOrEqual(locationBudget(1));
  expect(locationBudget(1)).toBe(MAX_VALUE_BYTES);
  expect(loc.n).toBe(300);
  expect(loc.i[0][3]).toMatch(/^Trả lời 299 /);
  expect(resultsLocationHtml(loc).html).toContain(`Dưới đây là ${loc.i.length} ý kiến mới nhất.`);
  expect(parseStored(JSON.stringify(loc), 'location')).toEqual(loc);
  expect(parseStored('{"v":99,"i":[]}', 'location')).toBeNull();
  expect(parseStored('nope', 'index')).toBeNull();
  // Deterministic.
  expect(JSON.stringify([...buildPublicResults(many, opts).locations])).toBe(JSON.stringify([...r.locations]));
});

test('ticked rows with no reply, no location or no date are named for Nhật ký', () => {
  const r = buildPublicResults(
    [
      rec({ trackingCode: 'HB-NOREPLY', publicReply: '' }),
      rec({ trackingCode: 'HB-NOLOC', locationCode: '' }),
      rec({ trackingCode: 'HB-NODATE', receivedAt: '' }),
    ],
    opts,
  );
  expect(r.problems).toEqual({ noReply: ['HB-NOREPLY'], leftOut: ['HB-NOLOC', 'HB-NODATE'] });
});

test('however many locations publish, their stored values together stay within the budget the property store leaves', () => {
  // A large ward: 300 places, each with 20 published replies (Apps Script keeps at most 500 KB of properties in all).
  const rows = Array.from({ length: 300 * 20 }, (_, i) =>
    rec({
      trackingCode: `HB-${i}`,
      locationCode: `TDP${Math.floor(i / 20)}`,
      locationName: `Tổ dân phố số ${Math.floor(i / 20)}`,
      receivedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000),
      publicReply: `Đã kiểm tra hiện trường và giao tổ dân phố xử lý dứt điểm, trả lời số ${i}.`,
    }),
  );
  const r = buildPublicResults(rows, opts);
  expect(r.locations.size).toBe(300);
  const total = [...r.locations.values()].reduce((n, v) => n + Buffer.byteLength(JSON.stringify(v)), 0);
  expect(total).toBeLessThanOrEqual(TOTAL_BUDGET_BYTES);
  // Every place still shows its newest replies, and says how many it has.
  for (const v of r.locations.values()) {
    expect(v.n).toBe(20);
    expect(v.i.length).toBeGreaterThan(0);
  }
});

test('a reply pasted into several published rows is masked with the sender of each', () => {
  const reply = 'Kính gửi bà Trần Thị Bích và ông Lê Văn Hải: phường đã thu gom rác.';
  const r = buildPublicResults(
    [
      rec({ trackingCode: 'HB-AAAAAAA', name: 'Trần Thị Bích', publicReply: reply }),
      rec({ trackingCode: 'HB-BBBBBBB', name: 'Lê Văn Hải', publicReply: reply }),
    ],
    opts,
  );
  const replies = r.locations.get('KDC01')!.i.map((item) => item[3]);
  expect(replies).toEqual([
    'Kính gửi bà [họ tên] và ông [họ tên]: phường đã thu gom rác.',
    'Kính gửi bà [họ tên] và ông [họ tên]: phường đã thu gom rác.',
  ]);
});
