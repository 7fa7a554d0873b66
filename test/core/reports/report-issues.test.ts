import { rowToRecord, type FeedbackRecord } from '../../../src/core/records/feedback-record';
import { MAX_GROUPED, reportIssues } from '../../../src/core/reports/report-issues';
import { buildReport } from '../../../src/core/reports/report';
import { reportBlocks } from '../../../src/core/reports/report-layout';
import { TUNING_CORPUS, TUNING_EXPECTED } from './corpus-tuning';

const MARCH = { from: new Date(Date.UTC(2025, 1, 28, 17)), to: new Date(Date.UTC(2025, 2, 31, 17)) };
const NOW = new Date(Date.UTC(2025, 3, 2, 3));

/** The tuning corpus as sheet records: staff links written in the internal note, as staff do. */
function records(): FeedbackRecord[] {
  return TUNING_CORPUS.map((r) => ({
    ...rowToRecord([]),
    trackingCode: r.trackingCode,
    receivedAt: r.receivedAt,
    locationCode: r.locationCode,
    locationName: r.locationName,
    category: r.category,
    kind: r.kind,
    content: r.content,
    status: r.status,
    publicReply: r.publicReply,
    internalNote: r.duplicateOf.length ? `Trùng với ${r.duplicateOf.join(', ')}` : '',
  }));
}

/** An answered opinion about rubbish at the market, the i-th of March, with the given code number. */
function answeredAtMarket(code: number, i: number, extra: Partial<FeedbackRecord> = {}): FeedbackRecord {
  return {
    ...rowToRecord([]),
    trackingCode: `HB-${String(code)}`,
    receivedAt: new Date(MARCH.from.getTime() + (i + 1) * 60000),
    locationCode: 'CHO',
    locationName: 'Chợ',
    category: 'Vệ sinh môi trường',
    kind: 'Phản ánh',
    content: 'Rác ở chợ không được thu gom, bốc mùi cả tuần nay',
    status: 'Đã trả lời',
    ...extra,
  };
}

describe('issues of the report', () => {
  it('groups the period into its real issues with their counts, most first, and the unrelated opinions alone', () => {
    const issues = reportIssues(records(), MARCH);
    const counts = issues.filter((i) => i.count > 1).map((i) => i.count);
    expect(counts).toEqual(TUNING_EXPECTED.map((e) => e.count).sort((a, b) => b - a));
    expect(issues.filter((i) => i.count === 1)).toHaveLength(TUNING_CORPUS.filter((r) => r.truth === null).length);
    for (const e of TUNING_EXPECTED) {
      const found = issues.find((i) => TUNING_CORPUS.find((r) => r.trackingCode === i.trackingCode)!.truth === e.truth)!;
      expect([e.truth, found.type, found.count, found.places.length]).toEqual([
        e.truth,
        e.places.length > 1 ? 'theme' : 'issue',
        e.count,
        e.places.length,
      ]);
      expect(found.otherCodes).toHaveLength(e.count - 1);
    }
  });

  it("masks the representative text with the sender's own contact and any phone or e-mail in it", () => {
    const base = records();
    const planted = base.map((r, i) =>
      i === 0 ? { ...r, name: 'Trần Thị Bích', phone: '0912345678', content: `${r.content} Tôi là Trần Thị Bích, gọi 0912 345 678.` } : r,
    );
    const issues = reportIssues(planted, MARCH);
    const all = JSON.stringify(issues);
    expect(all).not.toMatch(/Bích|0912/);
  });

  it("masks each public reply with its own row's sender, grouped or listed one by one", () => {
    const reply = (name: string) => `Kính gửi bà ${name}: phường đã cho thu gom rác ngày 12/3/2025, gọi 0987 654 321 nếu còn.`;
    const row = (i: number, extra: Partial<FeedbackRecord> = {}) => answeredAtMarket(1000000 + i, i, extra);
    const bich = { name: 'Trần Thị Bích', publicReply: reply('Trần Thị Bích') };
    const hoa = { name: 'Lê Thị Hoa', publicReply: reply('Lê Thị Hoa') };
    const expected = ['Kính gửi bà [họ tên]: phường đã cho thu gom rác ngày 12/3/2025, gọi [số điện thoại] nếu còn.'];
    const grouped = reportIssues([row(0, bich), row(1, hoa), row(2)], MARCH);
    expect(grouped.map((i) => i.answers)).toEqual([expected]);
    const many = Array.from({ length: MAX_GROUPED + 1 }, (_, i) => row(i, i === 0 ? bich : i === 1 ? hoa : {}));
    const listed = reportIssues(many, MARCH).filter((i) => i.answers.length > 0);
    expect(listed.map((i) => i.answers)).toEqual([expected, expected]);
  });

  it('masks a reply pasted into several rows with the sender of every row that holds it', () => {
    const row = (i: number, extra: Partial<FeedbackRecord> = {}) => answeredAtMarket(3000000 + i, i, extra);
    const reply = 'Kính gửi bà Trần Thị Bích (0912 345 678) và ông Lê Văn Hải (hai.le@example.com): phường đã thu gom rác.';
    const bich = { name: 'Trần Thị Bích', phone: '0912345678', publicReply: reply };
    const hai = { name: 'Lê Văn Hải', email: 'hai.le@example.com', publicReply: reply };
    const expected = ['Kính gửi bà [họ tên] ([số điện thoại]) và ông [họ tên] ([email]): phường đã thu gom rác.'];
    const grouped = reportIssues([row(0, bich), row(1, hai), row(2)], MARCH);
    expect(grouped.map((i) => i.answers)).toEqual([expected]);
    const many = Array.from({ length: MAX_GROUPED + 1 }, (_, i) => row(i, i === 0 ? bich : i === 1 ? hai : {}));
    const listed = reportIssues(many, MARCH).filter((i) => i.answers.length > 0);
    expect(listed.map((i) => i.answers)).toEqual([expected, expected]);
  });

  it('caps each public reply like the representative text: masked first, cut at a word, never inside a placeholder', () => {
    const row = (i: number, extra: Partial<FeedbackRecord> = {}) => answeredAtMarket(2000000 + i, i, extra);
    const sentence = 'Phường đã giao tổ vệ sinh môi trường thu gom rác ở chợ mỗi sáng và kiểm tra lại vào buổi chiều. ';
    const long = `Kính gửi bà Trần Thị Bích: ${sentence.repeat(60)}`;
    const grouped = reportIssues(
      [row(0, { name: 'Trần Thị Bích', publicReply: long }), row(1, { name: 'Trần Thị Bích', publicReply: long }), row(2)],
      MARCH,
    );
    expect(grouped).toHaveLength(1);
    const [answer] = grouped[0].answers;
    expect(grouped[0].answers).toHaveLength(1);
    expect(answer.length).toBeLessThanOrEqual(600);
    expect(answer).toMatch(/^Kính gửi bà \[họ tên\]: Phường đã giao/);
    expect(answer).toMatch(/[^\s]… \(xem đầy đủ theo mã HB-200000[01]\)$/);
    // Cut at a word: what is kept before the ending is whole words of the reply.
    const kept = answer.replace(/… \(xem đầy đủ theo mã HB-\d+\)$/, '').replace('[họ tên]', 'Trần Thị Bích');
    expect(long.startsWith(kept)).toBe(true);
    expect(long[kept.length]).toMatch(/[\s.,]/);

    // A phone number wherever the cut falls: masked whole or left out, never a piece of it or of its placeholder.
    for (let pad = 0; pad < 40; pad++) {
      const text = `${'x'.repeat(pad)} ${'Phường đã trả lời, '.repeat(28)}gọi 0912 345 678 hoặc email bich.tran@example.com để biết thêm. ${sentence.repeat(10)}`;
      const [a] = reportIssues([row(0, { publicReply: text })], MARCH, { textCap: 600 })[0].answers;
      expect(a.length).toBeLessThanOrEqual(600);
      const body = a.replace(/… \(xem đầy đủ theo mã HB-\d+\)$/, '');
      expect(body).not.toMatch(/\d|bich|example/);
      expect(body).not.toMatch(/\[[^\]]*$/);
    }

    // The period's cap (a month with many long opinions has a smaller one) holds for the replies too, listed one by one.
    const many = Array.from({ length: MAX_GROUPED + 1 }, (_, i) => row(i, i === 0 ? { publicReply: long } : {}));
    const listed = reportIssues(many, MARCH, { textCap: 200 }).filter((i) => i.answers.length > 0);
    expect(listed).toHaveLength(1);
    expect(listed[0].answers[0].length).toBeLessThanOrEqual(200);
    expect(listed[0].answers[0]).toMatch(/… \(xem đầy đủ theo mã HB-2000000\)$/);
  });

  it('uses the threshold of Cấu hình: 1 leaves every opinion alone but staff links', () => {
    const issues = reportIssues(records(), MARCH, { threshold: 1 });
    expect(issues.length).toBeGreaterThan(50);
    expect(reportIssues(records(), MARCH, { threshold: 'abc' })).toEqual(reportIssues(records(), MARCH));
  });

  it('leaves junk ("Rác / spam") out: a flood of it is no issue of the period', () => {
    const junk = Array.from({ length: 6 }, (_, i) => ({
      ...rowToRecord([]),
      trackingCode: `HB-SPAM00${i}`,
      receivedAt: new Date(MARCH.from.getTime() + 86_400_000),
      locationCode: 'KDC01',
      category: 'Khác',
      kind: 'Góp ý',
      content: 'Bán thuốc giảm cân giá rẻ, liên hệ ngay để được ưu đãi',
      status: 'Rác / spam',
    }));
    const issues = reportIssues([...records(), ...junk], MARCH);
    expect(issues).toEqual(reportIssues(records(), MARCH));
    expect(buildReport([...records(), ...junk], MARCH, NOW, { categories: [] }).issues.some((i) => /giảm cân/.test(i.text))).toBe(false);
  });

  it('an empty period, a one-day period and a place with 500 opinions', () => {
    expect(reportIssues(records(), { from: new Date(Date.UTC(2024, 0, 1)), to: new Date(Date.UTC(2024, 1, 1)) })).toEqual([]);
    const day = TUNING_CORPUS[0].receivedAt;
    const oneDay = { from: new Date(day.getTime() - 3600000), to: new Date(day.getTime() + 3600000) };
    expect(reportIssues(records(), oneDay).reduce((n, i) => n + i.count, 0)).toBe(1);
    const many: FeedbackRecord[] = Array.from({ length: 500 }, (_, i) => ({
      ...rowToRecord([]),
      trackingCode: `HB-${String(100000 + i)}`,
      receivedAt: new Date(MARCH.from.getTime() + (i + 1) * 3600000),
      locationCode: 'CHO',
      locationName: 'Chợ',
      category: 'Vệ sinh môi trường',
      kind: 'Phản ánh',
      content: i % 2 ? 'Rác ở chợ không được thu gom, bốc mùi' : 'Loa karaoke quán đầu chợ mở to đến khuya',
      status: 'Mới',
    }));
    const issues = reportIssues(many, MARCH);
    expect(issues.map((i) => i.count)).toEqual([250, 250]);
  });

  it('the report prints one row per issue instead of every opinion', () => {
    const model = buildReport(records(), MARCH, NOW, { categories: [] });
    const blocks = reportBlocks(model, { wardName: 'Phường Hòa Bình', committeeName: 'Ủy ban MTTQ', generatedText: '02/04/2025 10:00' });
    const table = blocks.find((b) => b.kind === 'table' && b.rows[0][1] === 'Vấn đề (ý kiến tiêu biểu)');
    expect(table && table.kind === 'table' && table.rows.length - 1).toBe(model.issues.length);
    expect(model.issues.reduce((n, i) => n + i.count, 0)).toBe(model.total);
  });
});
