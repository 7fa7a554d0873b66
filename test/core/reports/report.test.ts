import fc from 'fast-check';
import { rowToRecord, type FeedbackRecord } from '../../../src/core/records/feedback-record';
import { FEEDBACK_KINDS, FEEDBACK_STATUSES } from '../../../src/shared/types';
import {
  OPINION_TEXT_BUDGET,
  OPINION_TEXT_MAX,
  OPINION_TEXT_MIN,
  ReportModel,
  UNSPECIFIED,
  buildDigest,
  buildReport,
  defaultPeriod,
  digestText,
  locationNotice,
  opinionTextCap,
  periodLabel,
} from '../../../src/core/reports/report';
import { PLACEHOLDERS } from '../../../src/core/privacy/mask';

const { email: EMAIL_MASK, name: NAME_MASK, phone: PHONE_MASK } = PLACEHOLDERS;

/** An instant given as Vietnam local wall time (UTC+7). */
function vn(y: number, m: number, d: number, h = 0, min = 0, s = 0, ms = 0): Date {
  return new Date(Date.UTC(y, m - 1, d, h - 7, min, s, ms));
}
function endVN(y: number, m: number, d: number): Date {
  return vn(y, m, d, 23, 59, 59, 999);
}

function rec(p: Partial<FeedbackRecord>): FeedbackRecord {
  // rowToRecord of an empty row is the blank record; only what these tests rely on is filled in.
  return { ...rowToRecord([]), source: 'QR', kind: 'Góp ý', content: 'Nội dung góp ý', status: 'Mới', ...p };
}

const TDP1 = { locationCode: 'TDP1', locationName: 'Tổ dân phố 1' };
const CHO = { locationCode: 'CHO', locationName: 'Chợ Phường' };
const CATEGORIES = ['Môi trường', 'Trật tự đô thị', 'An ninh'];
const MARCH = { from: vn(2025, 3, 1), to: vn(2025, 4, 1) };
const NOW = vn(2025, 4, 3, 10);

// Personal data planted in the records; none of it may reach a report.
const PLANTED = [
  'Nguyễn Văn An',
  '0912345678',
  '0912 345 678',
  'an.nguyen@example.com',
  'Số 12 ngõ 5 Tổ dân phố 1',
  'Trần Thị Bình',
  '+84 987 654 321',
  '987 654 321',
  '84987654321',
  'binh@example.vn',
  'Lê Văn Cường',
  '024 3825 1234',
  '3825 1234',
  'khach@example.org',
  '45 Hàng Bông',
  'Cán bộ Phạm Minh',
  'ghi chú mật',
  'photo-file-id-123',
];

const RECORDS: FeedbackRecord[] = [
  rec({
    trackingCode: 'A1',
    receivedAt: vn(2025, 3, 3, 9),
    ...TDP1,
    kind: 'Phản ánh',
    category: 'Môi trường',
    content: 'Rác thải ùn ứ ở đầu ngõ 5, liên hệ 0912 345 678 hoặc an.nguyen@example.com',
    name: 'Nguyễn Văn An',
    phone: '0912345678',
    email: 'an.nguyen@example.com',
    address: 'Số 12 ngõ 5 Tổ dân phố 1',
    photos: 'photo-file-id-123',
    status: 'Đã trả lời',
    dueAt: endVN(2025, 3, 17),
    replySentAt: vn(2025, 3, 10, 15),
    updatedAt: vn(2025, 3, 25, 8), // a later edit; the reply time counts
    handler: 'Cán bộ Phạm Minh',
    internalNote: 'ghi chú mật',
  }),
  rec({
    trackingCode: 'A2',
    receivedAt: vn(2025, 3, 5, 14),
    ...TDP1,
    kind: 'Góp ý',
    category: 'Môi trường',
    content: 'Tôi là Trần Thị Bình, đề nghị trồng thêm cây xanh. Gọi +84 987 654 321.',
    name: 'Trần Thị Bình',
    phone: '+84 987 654 321',
    email: 'binh@example.vn',
    status: 'Đang xử lý',
    dueAt: endVN(2025, 3, 26),
  }),
  rec({
    trackingCode: 'A3',
    receivedAt: vn(2025, 3, 10, 8),
    ...CHO,
    kind: 'Kiến nghị',
    category: 'Trật tự đô thị',
    content: 'Hàng quán lấn chiếm vỉa hè trước cổng chợ.',
    name: 'Lê Văn Cường',
    address: '45 Hàng Bông',
    status: 'Đã trả lời',
    dueAt: endVN(2025, 3, 31),
    replySentAt: vn(2025, 4, 1, 10),
  }),
  rec({
    trackingCode: 'A4',
    receivedAt: vn(2025, 3, 15, 20),
    ...CHO,
    kind: 'Phản ánh',
    category: 'Giao thông',
    content: 'Xe tải đỗ chắn lối đi.',
    status: '',
  }),
  rec({
    trackingCode: 'A5',
    receivedAt: endVN(2025, 3, 31), // last millisecond of the period
    ...TDP1,
    kind: 'Góp ý',
    category: '',
    content: 'Trùng với ý kiến trước.',
    status: 'Trùng lặp',
    dueAt: endVN(2025, 4, 21),
    updatedAt: vn(2025, 4, 1, 9),
  }),
  rec({
    trackingCode: 'B1',
    receivedAt: vn(2025, 4, 1), // first instant after the period
    ...TDP1,
    category: 'Môi trường',
    content: 'Ngoài kỳ báo cáo.',
  }),
  rec({
    trackingCode: 'B2',
    receivedAt: vn(2025, 2, 28, 23, 59), // before the period, still pending
    ...TDP1,
    category: 'Môi trường',
    content: 'Cống thoát nước bị tắc.',
    status: 'Đang xử lý',
    dueAt: endVN(2025, 3, 14),
  }),
  rec({ trackingCode: 'C1', receivedAt: '', ...TDP1, category: 'Môi trường' }),
  rec({
    trackingCode: 'A6',
    receivedAt: vn(2025, 3, 20, 11),
    ...TDP1,
    kind: 'Phản ánh',
    category: 'Môi trường',
    content: 'Tranh chấp đất đai giữa hai hộ.',
    status: 'Không thuộc thẩm quyền',
    dueAt: endVN(2025, 4, 3),
  }),
  rec({
    trackingCode: 'A7',
    receivedAt: vn(2025, 3, 21, 16),
    ...CHO,
    kind: 'Kiến nghị',
    category: 'Trật tự đô thị',
    content: 'Đề nghị lắp camera an ninh, gọi 024 3825 1234 hoặc khach@example.org',
    email: 'khach@example.org',
    status: 'Đã chuyển cơ quan có thẩm quyền',
    forwardedTo: 'Công an phường',
  }),
];

function counts(rows: { label: string; count: number }[]): Array<[string, number]> {
  return rows.map((r) => [r.label, r.count]);
}

describe('buildReport on a hand-made set', () => {
  const m: ReportModel = buildReport(RECORDS, MARCH, NOW, { categories: CATEGORIES });

  it('counts the records received in [from, to)', () => {
    expect(m.empty).toBe(false);
    expect(m.total).toBe(7);
    expect(m.undated).toBe(1);
    expect(m.periodLabel).toBe('tháng 3/2025');
    expect(m.resolved).toBe(5);
  });

  it('counts by category: configured ones first with zeros, then others', () => {
    expect(counts(m.byCategory)).toEqual([
      ['Môi trường', 3],
      ['Trật tự đô thị', 2],
      ['An ninh', 0],
      [UNSPECIFIED, 1],
      ['Giao thông', 1],
    ]);
  });

  it('counts by location, status and kind', () => {
    expect(counts(m.byLocation)).toEqual([
      ['Tổ dân phố 1', 4],
      ['Chợ Phường', 3],
    ]);
    expect(counts(m.byStatus)).toEqual([
      ['Mới', 1],
      ['Đang xử lý', 1],
      ['Đã chuyển cơ quan có thẩm quyền', 1],
      ['Đã trả lời', 2],
      ['Không thuộc thẩm quyền', 1],
      ['Trùng lặp', 1],
    ]);
    expect(counts(m.byKind)).toEqual([
      ['Góp ý', 2],
      ['Phản ánh', 3],
      ['Kiến nghị', 2],
    ]);
  });

  it('computes the on-time rate among final rows with a due date and a completion time', () => {
    expect(m.onTime).toEqual({ eligible: 3, onTime: 2, late: 1, noCompletionTime: 1, rate: 2 / 3 });
  });

  it('lists overdue items, including ones carried over, most overdue first', () => {
    expect(m.overdue).toEqual([
      {
        trackingCode: 'B2',
        location: 'Tổ dân phố 1',
        category: 'Môi trường',
        status: 'Đang xử lý',
        receivedDate: '28/02/2025',
        dueDate: '14/03/2025',
        daysOverdue: 20,
        carriedOver: true,
      },
      {
        trackingCode: 'A2',
        location: 'Tổ dân phố 1',
        category: 'Môi trường',
        status: 'Đang xử lý',
        receivedDate: '05/03/2025',
        dueDate: '26/03/2025',
        daysOverdue: 8,
        carriedOver: false,
      },
    ]);
  });

  it('groups opinions by category with personal data masked', () => {
    expect(m.opinions.map((g) => [g.category, g.items.map((i) => i.trackingCode)])).toEqual([
      ['Môi trường', ['A1', 'A2', 'A6']],
      ['Trật tự đô thị', ['A3', 'A7']],
      [UNSPECIFIED, ['A5']],
      ['Giao thông', ['A4']],
    ]);
    const a1 = m.opinions[0].items[0];
    expect(a1).toEqual({
      trackingCode: 'A1',
      receivedDate: '03/03/2025',
      location: 'Tổ dân phố 1',
      kind: 'Phản ánh',
      status: 'Đã trả lời',
      content: `Rác thải ùn ứ ở đầu ngõ 5, liên hệ ${PHONE_MASK} hoặc ${EMAIL_MASK}`,
    });
    expect(m.opinions[0].items[1].content).toBe(`Tôi là ${NAME_MASK}, đề nghị trồng thêm cây xanh. Gọi ${PHONE_MASK}.`);
    expect(m.opinions[1].items[1].content).toBe(`Đề nghị lắp camera an ninh, gọi ${PHONE_MASK} hoặc ${EMAIL_MASK}`);
  });

  it('never carries planted personal data', () => {
    const json = JSON.stringify(m);
    for (const p of PLANTED) expect(json).not.toContain(p);
    const keys = new Set<string>();
    JSON.parse(json, (k, v) => {
      keys.add(k);
      return v;
    });
    for (const k of ['name', 'phone', 'email', 'address', 'photos', 'handler', 'internalNote']) expect(keys.has(k)).toBe(false);
  });

  it('does not modify the records', () => {
    const before = JSON.stringify(RECORDS);
    buildReport(RECORDS, MARCH, NOW, { categories: CATEGORIES });
    expect(JSON.stringify(RECORDS)).toBe(before);
  });

  it('matches categories written in NFD or with extra spaces to the configured ones', () => {
    const r = buildReport([rec({ receivedAt: vn(2025, 3, 2), category: ' Môi  trường '.normalize('NFD') })], MARCH, NOW, {
      categories: CATEGORIES,
    });
    expect(counts(r.byCategory)).toEqual([
      ['Môi trường', 1],
      ['Trật tự đô thị', 0],
      ['An ninh', 0],
    ]);
  });
});

describe('buildReport on an empty period', () => {
  it('says empty and still lists configured categories, all statuses and kinds at zero', () => {
    const m = buildReport(RECORDS, { from: vn(2020, 1, 1), to: vn(2020, 2, 1) }, NOW, { categories: CATEGORIES });
    expect(m.empty).toBe(true);
    expect(m.total).toBe(0);
    expect(counts(m.byCategory)).toEqual(CATEGORIES.map((c) => [c, 0]));
    expect(counts(m.byStatus)).toEqual(FEEDBACK_STATUSES.filter((s) => s !== 'Rác / spam').map((s) => [s, 0]));
    expect(counts(m.byKind)).toEqual(FEEDBACK_KINDS.map((k) => [k, 0]));
    expect(m.byLocation).toEqual([]);
    expect(m.opinions).toEqual([]);
    expect(m.overdue).toEqual([]);
    expect(m.onTime.rate).toBeNull();
    expect(m.periodLabel).toBe('tháng 1/2020');
  });

  it('is empty with no records at all', () => {
    expect(buildReport([], MARCH, NOW, { categories: [] }).empty).toBe(true);
  });
});

describe('buildReport properties', () => {
  const from = vn(2025, 3, 1).getTime();
  const to = vn(2025, 4, 1).getTime();
  const recordArb = fc
    .record({
      at: fc.option(fc.integer({ min: from - 20 * 86400000, max: to + 20 * 86400000 }), { nil: undefined }),
      category: fc.constantFrom('Môi trường', 'Trật tự đô thị', 'An ninh', 'Khác lạ', '', ' An ninh '),
      status: fc.constantFrom(...FEEDBACK_STATUSES, '', 'Lạ'),
      kind: fc.constantFrom(...FEEDBACK_KINDS, ''),
      loc: fc.constantFrom('A', 'B', 'C', ''),
      due: fc.option(fc.integer({ min: from, max: to + 40 * 86400000 }), { nil: undefined }),
    })
    .map((x) =>
      rec({
        receivedAt: x.at === undefined ? '' : new Date(x.at),
        category: x.category,
        status: x.status,
        kind: x.kind,
        locationCode: x.loc,
        locationName: x.loc ? 'Địa điểm ' + x.loc : '',
        dueAt: x.due === undefined ? '' : new Date(x.due),
      }),
    );

  it('every breakdown sums to the total, which counts records received in [from, to)', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 60 }), (records) => {
        const m = buildReport(records, { from: new Date(from), to: new Date(to) }, NOW, { categories: CATEGORIES });
        // Rows staff marked "Rác / spam" are no one's opinion: left out.
        const expected = records.filter(
          (r) => r.receivedAt instanceof Date && r.receivedAt.getTime() >= from && r.receivedAt.getTime() < to && r.status !== 'Rác / spam',
        ).length;
        const sum = (rows: { count: number }[]) => rows.reduce((s, r) => s + r.count, 0);
        expect(m.total).toBe(expected);
        expect(sum(m.byCategory)).toBe(m.total);
        expect(sum(m.byLocation)).toBe(m.total);
        expect(sum(m.byStatus)).toBe(m.total);
        expect(sum(m.byKind)).toBe(m.total);
        expect(m.opinions.reduce((s, g) => s + g.items.length, 0)).toBe(m.total);
        expect(m.empty).toBe(m.total === 0);
        expect(m.onTime.onTime + m.onTime.late).toBe(m.onTime.eligible);
        expect(m.onTime.eligible + m.onTime.noCompletionTime).toBeLessThanOrEqual(m.resolved);
        expect(new Set(m.byCategory.map((r) => r.label)).size).toBe(m.byCategory.length);
      }),
      { numRuns: 200 },
    );
  });

  it('handles 10,000 records', () => {
    const many: FeedbackRecord[] = [];
    for (let i = 0; i < 10000; i++) {
      many.push(
        rec({
          trackingCode: 'T' + i,
          receivedAt: new Date(from + (i % 31) * 86400000 + i),
          category: CATEGORIES[i % 4] ?? 'Khác',
          status: FEEDBACK_STATUSES[i % 6],
          locationCode: 'L' + (i % 50),
          locationName: 'Địa điểm ' + (i % 50),
          content: `Ý kiến số ${i}, liên hệ 0912${String(i).padStart(6, '0')}`,
          dueAt: new Date(from + 10 * 86400000),
        }),
      );
    }
    const m = buildReport(many, { from: new Date(from), to: new Date(to) }, NOW, { categories: CATEGORIES });
    expect(m.total).toBe(10000);
    expect(m.byCategory.find((r) => r.label === 'Khác')?.count).toBe(2500);
    expect(m.byLocation).toHaveLength(50);
    expect(m.overdue).toHaveLength(3334); // statuses 'Mới' and 'Đang xử lý' (i % 6 in {0, 1})
    expect(JSON.stringify(m)).not.toMatch(/0912\d{6}/);
  });
});

describe('periods', () => {
  it('defaultPeriod is the previous local calendar month', () => {
    // 00:30 on 1 April in Vietnam is still 31 March in UTC.
    const p = defaultPeriod(new Date('2025-03-31T17:30:00Z'));
    expect(p.from.toISOString()).toBe('2025-02-28T17:00:00.000Z');
    expect(p.to.toISOString()).toBe('2025-03-31T17:00:00.000Z');
    const jan = defaultPeriod(vn(2025, 1, 15, 12));
    expect(jan.from.toISOString()).toBe('2024-11-30T17:00:00.000Z');
    expect(jan.to.toISOString()).toBe('2024-12-31T17:00:00.000Z');
    expect(periodLabel(jan)).toBe('tháng 12/2024');
  });

  it('labels other periods as a date range with an inclusive end', () => {
    expect(periodLabel({ from: vn(2025, 3, 1), to: vn(2025, 3, 16) })).toBe('từ ngày 01/03/2025 đến ngày 15/03/2025');
  });
});

describe('buildDigest and digestText', () => {
  const now = vn(2025, 3, 20, 10);
  const records = [
    rec({
      trackingCode: 'D1',
      receivedAt: vn(2025, 3, 19),
      ...TDP1,
      category: 'Môi trường',
      name: 'Nguyễn Văn An',
      phone: '0912345678',
      content: 'Gọi 0912345678',
    }),
    rec({
      trackingCode: 'D2',
      receivedAt: vn(2025, 3, 14),
      ...CHO,
      category: 'An ninh',
      status: 'Đang xử lý',
      email: 'binh@example.vn',
    }),
    rec({ trackingCode: 'D3', receivedAt: vn(2025, 3, 13, 9), ...TDP1, category: 'Môi trường', status: 'Đã trả lời' }), // 7 days + 1 h ago
    rec({ trackingCode: 'D4', receivedAt: vn(2025, 2, 1), ...TDP1, status: 'Mới', dueAt: endVN(2025, 2, 20) }),
    rec({ trackingCode: 'D5', receivedAt: vn(2025, 2, 2), ...CHO, status: 'Đã trả lời', dueAt: endVN(2025, 2, 20) }),
  ];
  const d = buildDigest(records, now);

  it('counts the last 7 days and the pending rows of any age', () => {
    expect(d.received).toBe(2);
    expect(counts(d.byStatus)).toEqual([
      ['Mới', 1],
      ['Đang xử lý', 1],
    ]);
    expect(counts(d.byCategory)).toEqual([
      ['An ninh', 1],
      ['Môi trường', 1],
    ]);
    expect(counts(d.byLocation)).toEqual([
      ['Chợ Phường', 1],
      ['Tổ dân phố 1', 1],
    ]);
    expect(d.awaiting).toBe(2);
    expect(d.overdue).toBe(1);
  });

  it('writes a Vietnamese plain-text summary without personal data', () => {
    const text = digestText(d, 'Phường Hàng Bông');
    expect(text).toContain('Phường Hàng Bông');
    expect(text).toContain('Ý kiến mới nhận trong 7 ngày qua: 2');
    expect(text).toContain('Ý kiến quá hạn xử lý: 1');
    expect(text).toContain('từ ngày 13/03/2025 đến ngày 20/03/2025');
    expect(text).toContain('  - Tổ dân phố 1: 1');
    expect(text).toBe(text.normalize('NFC'));
    for (const p of ['Nguyễn Văn An', '0912345678', 'binh@example.vn', 'D1', 'D2']) expect(text).not.toContain(p);
  });

  it('says so when nothing came in', () => {
    const text = digestText(buildDigest([], now), 'Phường X');
    expect(text).toContain('Không có ý kiến mới trong 7 ngày qua.');
    expect(text).toContain('Ý kiến mới nhận trong 7 ngày qua: 0');
  });
});

describe('locationNotice', () => {
  it('counts received, answered, in progress and forwarded for one location', () => {
    expect(locationNotice(RECORDS, 'tdp1', MARCH)).toEqual({
      locationCode: 'tdp1',
      locationName: 'Tổ dân phố 1',
      periodLabel: 'tháng 3/2025',
      received: 4,
      answered: 1,
      inProgress: 1,
      forwarded: 0,
      otherClosed: 2,
    });
    expect(locationNotice(RECORDS, 'CHO', MARCH)).toMatchObject({
      locationName: 'Chợ Phường',
      received: 3,
      answered: 1,
      inProgress: 1,
      forwarded: 1,
      otherClosed: 0,
    });
    expect(locationNotice(RECORDS, 'NONE', MARCH)).toMatchObject({ locationName: '', received: 0 });
  });
});

describe('opinion texts in the report are capped', () => {
  const long = (n: number, tag: string) => `${tag} `.padEnd(n, 'đường ngập nước kéo dài, ');

  it('opinionTextCap: the full cap while the texts fit the budget, else the largest cap that fits, never below the least', () => {
    expect(opinionTextCap([])).toBe(OPINION_TEXT_MAX);
    expect(opinionTextCap(Array(400).fill(4000))).toBe(OPINION_TEXT_MAX); // 400 × 600 = 240,000 ≤ budget
    const cap = opinionTextCap(Array(3000).fill(4000));
    expect(cap).toBe(Math.floor(OPINION_TEXT_BUDGET / 3000));
    expect(opinionTextCap(Array(100_000).fill(4000))).toBe(OPINION_TEXT_MIN);
    // Short opinions stay whole: only the long ones are shortened to make room.
    const mixed = [...Array(2000).fill(80), ...Array(1000).fill(4000)];
    const c = opinionTextCap(mixed);
    expect(mixed.reduce((n, l) => n + Math.min(l, c), 0)).toBeLessThanOrEqual(OPINION_TEXT_BUDGET);
    expect(mixed.reduce((n, l) => n + Math.min(l, c + 1), 0)).toBeGreaterThan(OPINION_TEXT_BUDGET);
  });

  it('a long opinion ends with where to read it in full, by its own code; a short one is whole', () => {
    const records = [
      rec({ ...TDP1, trackingCode: 'HB-AAAAAAA', receivedAt: vn(2025, 3, 2), content: long(4000, 'Dài') }),
      rec({ ...TDP1, trackingCode: 'HB-BBBBBBB', receivedAt: vn(2025, 3, 3), content: 'Ngắn, gọi 0912345678.' }),
    ];
    const items = buildReport(records, MARCH, NOW, { categories: [] }).opinions.flatMap((g) => g.items);
    const a = items.find((i) => i.trackingCode === 'HB-AAAAAAA')!;
    expect(a.content.length).toBeLessThanOrEqual(OPINION_TEXT_MAX);
    expect(a.content).toMatch(/^Dài đường ngập nước/);
    expect(a.content.endsWith('… (xem đầy đủ theo mã HB-AAAAAAA)')).toBe(true);
    expect(items.find((i) => i.trackingCode === 'HB-BBBBBBB')!.content).toBe(`Ngắn, gọi ${PHONE_MASK}.`);
  });

  it('3,000 opinions of 4,000 characters: all texts together stay within the budget', () => {
    const records = Array.from({ length: 3000 }, (_, i) =>
      rec({
        ...TDP1,
        trackingCode: `HB-${String(i).padStart(7, '2')}`,
        receivedAt: vn(2025, 3, 1 + (i % 28)),
        content: long(4000, `Ý kiến ${i}`),
      }),
    );
    const items = buildReport(records, MARCH, NOW, { categories: [] }).opinions.flatMap((g) => g.items);
    expect(items).toHaveLength(3000);
    expect(items.reduce((n, i) => n + i.content.length, 0)).toBeLessThanOrEqual(OPINION_TEXT_BUDGET);
  });

  it('bad input: digits only, 4,000 characters of mixed scripts, a one-letter name: no throw, the text not masked whole', () => {
    const digits = '1.2.3 4-5-6 7/8/9 10, 11; 12 (13) 2025 100 000';
    const mixed = 'Đường Γειά Привет 你好 مرحبا 🙂 '.repeat(130).slice(0, 4000);
    const records = [
      rec({ ...TDP1, trackingCode: 'HB-CCCCCCC', receivedAt: vn(2025, 3, 4), content: digits }),
      rec({ ...TDP1, trackingCode: 'HB-DDDDDDD', receivedAt: vn(2025, 3, 5), content: mixed, name: 'A' }),
      rec({ ...TDP1, trackingCode: 'HB-EEEEEEE', receivedAt: vn(2025, 3, 6), content: 'Anh A ở ngõ A báo đèn hỏng.', name: 'A' }),
    ];
    const items = buildReport(records, MARCH, NOW, { categories: [] }).opinions.flatMap((g) => g.items);
    const by = (code: string) => items.find((i) => i.trackingCode === code)!.content;
    expect(by('HB-CCCCCCC')).toBe(digits);
    expect(by('HB-DDDDDDD').startsWith(mixed.slice(0, 300))).toBe(true);
    expect(by('HB-EEEEEEE')).toBe('Anh A ở ngõ A báo đèn hỏng.');
  });
});

describe('labels staff type are published text too', () => {
  it('a location, category or status label holding a phone or an e-mail is masked in the notice, the report and the digest', () => {
    const loc = { locationCode: 'TO5', locationName: 'Tổ 5 (tổ trưởng 0912 345 678)' };
    const records = [rec({ ...loc, trackingCode: 'HB-FFFFFFF', receivedAt: vn(2025, 3, 10), category: 'Môi trường, báo a@b.vn' })];
    expect(locationNotice(records, 'TO5', MARCH).locationName).toBe(`Tổ 5 (tổ trưởng ${PHONE_MASK})`);
    const m = buildReport(records, MARCH, NOW, { categories: [] });
    expect(JSON.stringify(m)).not.toMatch(/0912|a@b\.vn/);
    expect(m.opinions[0].category).toBe(`Môi trường, báo ${EMAIL_MASK}`);
    expect(JSON.stringify(buildDigest(records, vn(2025, 3, 12)))).not.toMatch(/0912|a@b\.vn/);
  });
});
