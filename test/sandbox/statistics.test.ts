/**
 * The "Thống kê" sheet on the built script: the report's figures for last month (by category, by location with the
 * ten most and the others, by status) and the 12-month trend with the on-time rate, as four tables from row 1 with one
 * header row each, native charts over them, no personal data, and charts made again only when a table changes shape.
 */
import { ADMIN, STAFF, newBox } from '../../sandbox/box';
import type { Sandbox } from '../../sandbox/vm';
import { PROTECTED_CELL_MESSAGE } from '../../sandbox/fakes/spreadsheet';
import { rowToRecord, type FeedbackRecord } from '../../src/core/records/feedback-record';
import { recordToCells } from '../../src/core/intake/submit';
import { buildReport, defaultPeriod } from '../../src/core/reports/report';
import { localMidnight } from '../../src/core/staff/deadline';
import { DEFAULT_CATEGORIES } from '../../src/core/config/config';
import { FEEDBACK_STATUSES } from '../../src/shared/types';

const NOW = Date.UTC(2026, 10, 5, 3); // 5 November 2026, 10:00 in Vietnam: the period is October 2026
const DAY = 24 * 3600_000;

function plantAll(sb: Sandbox, records: FeedbackRecord[]) {
  const sheet = sb.world.boxSpreadsheet()!.getSheetByName('Góp ý')!;
  for (const r of records) sheet.appendRow(recordToCells(r));
}

function records(): FeedbackRecord[] {
  const out: FeedbackRecord[] = [];
  let n = 0;
  const add = (over: Partial<FeedbackRecord>) =>
    out.push({
      ...rowToRecord([]),
      trackingCode: `HB-STAT${String(++n).padStart(3, '0')}`.slice(0, 10),
      source: 'QR',
      kind: 'Phản ánh',
      category: 'Vệ sinh môi trường',
      content: 'Nội dung riêng của người gửi',
      name: 'Phạm Thị Thu Hà',
      phone: '0903 111 222',
      email: 'ha.pham@example.com',
      status: 'Mới',
      ...over,
    });
  // October 2026: 12 locations (1..12 opinions), statuses mixed, some answered on time, some late.
  for (let loc = 1; loc <= 12; loc++) {
    for (let k = 0; k < loc; k++) {
      const received = localMidnight(2026, 10, 1 + ((loc + k) % 28)).getTime() + 9 * 3600_000;
      const answered = k % 3 === 0;
      add({
        receivedAt: new Date(received),
        locationCode: `TDP${String(loc).padStart(2, '0')}`,
        locationName: `Tổ dân phố ${loc}`,
        category: ['Vệ sinh môi trường', 'Trật tự đô thị', 'Hạng mục mới của cán bộ'][k % 3],
        status: answered ? 'Đã trả lời' : k % 3 === 1 ? 'Đang xử lý' : 'Mới',
        dueAt: new Date(received + 10 * DAY),
        replySentAt: answered ? new Date(received + (k % 2 ? 3 : 20) * DAY) : '',
      });
    }
  }
  // Earlier months of the trend, and one before it.
  for (let m = 0; m < 13; m++) {
    add({
      receivedAt: new Date(localMidnight(2025, 10 + m, 15).getTime() + 8 * 3600_000),
      locationCode: 'KDC01',
      locationName: 'Nhà văn hóa khu dân cư số 1',
      status: 'Đã trả lời',
      dueAt: new Date(localMidnight(2025, 10 + m, 25).getTime()),
      replySentAt: new Date(localMidnight(2025, 10 + m, 20).getTime()),
    });
  }
  return out;
}

function statsSheet(sb: Sandbox) {
  return sb.world.boxSpreadsheet()!.getSheetByName('Thống kê')!;
}

test('the figures, one header row per table, charts over them, no personal data', () => {
  const sb = newBox({ now: () => NOW });
  const recs = records();
  plantAll(sb, recs);
  const run = sb.run<{ ok: boolean; lines: string[] }>('refreshPublicResults', [], { user: ADMIN });
  expect(run.value.ok).toBe(true);
  expect(run.value.lines.join('\n')).toContain('Trang "Thống kê" đã cập nhật số liệu tháng 10/2026');
  const sheet = statsSheet(sb);
  const values = sheet.getDataRange().getValues();
  expect(values[0].slice(0, 3)).toEqual(['Kỳ', 'Lĩnh vực', 'Số ý kiến']);
  expect(values[0].slice(4, 7)).toEqual(['Kỳ', 'Địa điểm', 'Số ý kiến']);
  expect(values[0].slice(8, 11)).toEqual(['Kỳ', 'Trạng thái', 'Số ý kiến']);
  expect(values[0].slice(12, 17)).toEqual(['Tháng', 'Số ý kiến', 'Đã giải quyết', 'Giải quyết đúng hạn', 'Tỷ lệ đúng hạn']);
  // Nothing but the tables: the columns between them stay empty.
  for (const col of [3, 7, 11]) expect(values.every((r) => r[col] === '')).toBe(true);

  // The same figures as the synthesis report of the period.
  const model = buildReport(recs, defaultPeriod(new Date(NOW)), new Date(NOW), { categories: DEFAULT_CATEGORIES });
  const table = (from: number) =>
    values
      .slice(1)
      .filter((r) => r[from + 1] !== '')
      .map((r) => [r[from + 1], r[from + 2]]);
  const byCategory = Object.fromEntries(table(0));
  for (const row of model.byCategory.filter((r) => r.count > 0)) expect(byCategory[row.label]).toBe(row.count);
  expect(byCategory['Khác']).toBe(0); // configured categories are listed even at zero
  const byStatus = Object.fromEntries(table(8));
  for (const row of model.byStatus) expect(byStatus[row.label]).toBe(row.count);
  const byLocation = table(4);
  expect(byLocation).toHaveLength(11);
  expect(byLocation[0]).toEqual(['Tổ dân phố 12', 12]);
  expect(byLocation[10]).toEqual(['Các địa điểm khác', 2 + 1 + 1]); // Tổ dân phố 2 and 1, and the one of KDC01
  expect(byLocation.reduce((n, r) => n + Number(r[1]), 0)).toBe(model.total);
  expect(values[1][0]).toBe('tháng 10/2026');

  // The trend: 12 months, November 2025 … October 2026, each with its count and on-time rate.
  const trend = values.slice(1, 13).map((r) => r.slice(12, 17));
  expect(trend.map((r) => Object.prototype.toString.call(r[0]))).toEqual(Array(12).fill('[object Date]'));
  expect((trend[0][0] as Date).getTime()).toBe(localMidnight(2025, 11, 1).getTime());
  expect((trend[11][0] as Date).getTime()).toBe(localMidnight(2026, 10, 1).getTime());
  expect(trend[11][1]).toBe(model.total);
  expect(trend[11][2]).toBe(model.resolved);
  expect(trend[0]).toEqual([trend[0][0], 1, 1, 1, 1]);
  const october = model.onTime;
  expect(october.late).toBeGreaterThan(0);
  expect(trend[11][3]).toBe(october.onTime);
  expect(trend[11][4]).toBeCloseTo(october.onTime / october.eligible, 3);

  // No personal data anywhere on the sheet.
  const text = JSON.stringify(values);
  for (const secret of ['Phạm Thị Thu Hà', '0903 111 222', 'ha.pham@example.com', 'Nội dung riêng', 'HB-STAT']) {
    expect(text).not.toContain(secret);
  }

  // Four native charts, each over its table.
  const charts = sheet.getCharts();
  expect(charts.map((c) => c.spec.type)).toEqual(['BAR', 'BAR', 'BAR', 'COMBO']);
  expect(charts.map((c) => c.spec.ranges)).toEqual([
    [`B1:C${1 + DEFAULT_CATEGORIES.length + 1}`],
    ['F1:G12'],
    [`J1:K${1 + FEEDBACK_STATUSES.length}`],
    ['M1:N13', 'Q1:Q13'],
  ]);
  expect(charts[3].spec.options.title).toBe('Ý kiến 12 tháng và tỷ lệ giải quyết đúng hạn – đến tháng 10/2026');
});

test('a refresh keeps the charts while the tables keep their shape; staff cannot type into the sheet', () => {
  let now = NOW;
  const sb = newBox({ now: () => now });
  plantAll(sb, records());
  sb.run('refreshPublicResults', [], { user: ADMIN });
  const ids = statsSheet(sb)
    .getCharts()
    .map((c) => c.chartId);
  sb.run('refreshPublicResults', [], { user: ADMIN });
  expect(
    statsSheet(sb)
      .getCharts()
      .map((c) => c.chartId),
  ).toEqual(ids);
  // A month later the titles and the period change: the charts are made again.
  now = NOW + 31 * DAY;
  sb.run('refreshPublicResults', [], { user: ADMIN });
  const again = statsSheet(sb).getCharts();
  expect(again).toHaveLength(4);
  expect(again.map((c) => c.chartId)).not.toEqual(ids);
  expect(statsSheet(sb).getRange(2, 1).getValue()).toBe('tháng 11/2026');
  expect(() => sb.editSheet(STAFF, { sheet: 'Thống kê', row: 2, column: 3 }, [[99]])).toThrow(PROTECTED_CELL_MESSAGE);
});

test('an empty box: zeros and a full trend, no throw', () => {
  const sb = newBox({ now: () => NOW });
  const run = sb.run<{ ok: boolean }>('refreshPublicResults', [], { user: ADMIN });
  expect(run.value.ok).toBe(true);
  const values = statsSheet(sb).getDataRange().getValues();
  expect(values.slice(1, 13).map((r) => r[13])).toEqual(Array(12).fill(0));
  expect(values.slice(1, 13).map((r) => r[16])).toEqual(Array(12).fill(''));
  expect(values.slice(1).filter((r) => r[5] !== '')).toHaveLength(0);
});

test("labels staff typed with the sender's own name in them reach the sheet masked", () => {
  const sb = newBox({ now: () => NOW });
  const received = new Date(localMidnight(2026, 10, 10).getTime() + 9 * 3600_000);
  plantAll(sb, [
    {
      ...rowToRecord([]),
      trackingCode: 'HB-STATNAM',
      receivedAt: received,
      source: 'Giấy',
      kind: 'Phản ánh',
      content: 'Nội dung riêng của người gửi',
      name: 'Trần Thị Bích Hạnh',
      phone: '0987 654 321',
      locationCode: 'KDC01',
      locationName: 'Trước nhà bà Trần Thị Bích Hạnh',
      category: 'Hỏi bà Bích Hạnh',
      status: 'Đã báo bà Bích Hạnh',
    },
  ]);
  expect(sb.run<{ ok: boolean }>('refreshPublicResults', [], { user: ADMIN }).value.ok).toBe(true);
  const values = statsSheet(sb).getDataRange().getValues();
  expect(values.slice(1).reduce((n, r) => n + Number(r[2] || 0), 0)).toBe(1);
  expect(JSON.stringify(values)).not.toMatch(/Bích Hạnh|0987/);
});
