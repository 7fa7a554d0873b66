/**
 * The synthesis report built by the pushed script, as the committee receives it: the form of Decree 30/2020/NĐ-CP
 * in the Doc and in the preview's HTML, its head and signature texts from Cấu hình, the grouped issues of the
 * tuning corpus (test/core/reports/corpus-tuning.ts: 40 opinions about 6 real issues, worded differently, with and
 * without accents, three of them at two places, and 20 unrelated opinions), its charts as valid PNGs, and bad
 * periods that give clear documents.
 */
import { ADMIN, newBox, setConfigValue, boxSheet } from '../../sandbox/box';
import type { Sandbox } from '../../sandbox/vm';
import type { FakeDocument } from '../../sandbox/fakes/docs';
import type { FakeTable } from '../../sandbox/fakes/docs-table';
import { rowToRecord, type FeedbackRecord } from '../../src/core/records/feedback-record';
import { recordToCells } from '../../src/core/intake/submit';
import { readPng } from '../../src/core/platform/png-info';
import { unzlib } from '../../src/core/platform/inflate';
import { A4_PAGE } from '../../src/core/reports/report-layout';
import { CHART_SCALE } from '../../src/gas/report-charts';
import { TUNING_CORPUS, TUNING_EXPECTED } from './../core/reports/corpus-tuning';

const DAY = 86_400_000;

interface ReportRun {
  ok: boolean;
  empty: boolean;
  total: number;
  charts: number;
  docId: string;
  lines: string[];
}

/** The tuning corpus as rows the box wrote: staff's "Trùng lặp" links in the internal note; answers on time. */
function plantCorpus(sb: Sandbox): void {
  const sheet = boxSheet(sb, 'Góp ý');
  for (const r of TUNING_CORPUS) {
    const answered = r.status === 'Đã trả lời';
    const record: FeedbackRecord = {
      ...rowToRecord([]),
      trackingCode: r.trackingCode,
      receivedAt: r.receivedAt,
      source: 'QR',
      locationCode: r.locationCode,
      locationName: r.locationName,
      category: r.category,
      kind: r.kind,
      content: r.content,
      status: r.status,
      publicReply: r.publicReply,
      internalNote: r.duplicateOf.length ? `Trùng với ${r.duplicateOf.join(', ')}` : '',
      dueAt: new Date(r.receivedAt.getTime() + 10 * DAY),
      replySentAt: answered ? new Date(r.receivedAt.getTime() + 2 * DAY) : '',
      emailStatus: 'đã gửi',
    };
    sheet.appendRow(recordToCells(record));
  }
}

function build(sb: Sandbox, period: string): { run: ReportRun; doc: FakeDocument } {
  const run = sb.run<ReportRun>('buildSynthesisReport', [{ period }], { user: ADMIN }).value;
  expect(run.ok).toBe(true);
  return { run, doc: sb.world.docs.get(run.docId)! };
}

function tables(doc: FakeDocument): FakeTable[] {
  return doc.body.getTables();
}

function issuesTable(doc: FakeDocument): string[][] {
  const t = tables(doc).find((x) => x.texts()[0][1] === 'Vấn đề (ý kiến tiêu biểu)');
  expect(t).toBeDefined();
  return t!.texts().slice(1);
}

function chartPngs(doc: FakeDocument) {
  return doc.body.getImages().map((im) => ({ im, png: readPng(im.getBlob().bytes, unzlib) }));
}

describe('the report of a month, on the built script', () => {
  const sb = newBox();
  plantCorpus(sb);
  setConfigValue(sb, 'Báo cáo: ký hiệu', 'BC-UBMTTQ');
  setConfigValue(sb, 'Báo cáo: cơ quan ban hành', 'Ủy ban MTTQ Việt Nam\nPhường Hòa Bình');
  setConfigValue(sb, 'Báo cáo: họ tên người ký', 'Nguyễn Văn An');
  const { run, doc } = build(sb, '03/2025');

  test('the 40 opinions about 6 real issues make exactly those 6 groups with their counts; the 20 others stand alone', () => {
    expect(run.total).toBe(60);
    const rows = issuesTable(doc);
    const grouped = rows.filter((r) => Number(r[4]) > 1);
    expect(grouped.map((r) => Number(r[4]))).toEqual(TUNING_EXPECTED.map((e) => e.count).sort((a, b) => b - a));
    expect(rows.filter((r) => r[4] === '1')).toHaveLength(TUNING_CORPUS.filter((r) => r.truth === null).length);
    for (const e of TUNING_EXPECTED) {
      const row = grouped.find((r) => {
        const code = r[7].split('\n')[0].replace(/\u2011/g, '-');
        return TUNING_CORPUS.find((c) => c.trackingCode === code)?.truth === e.truth;
      });
      expect(row).toBeDefined();
      const codes = row![7].split('\n').map((c) => c.replace(/\u2011/g, '-'));
      const truths = new Set(codes.map((c) => TUNING_CORPUS.find((x) => x.trackingCode === c)!.truth));
      expect([e.truth, Number(row![4]), codes.length, [...truths], row![3].split('; ').length]).toEqual([
        e.truth,
        e.count,
        e.count,
        [e.truth],
        e.places.length,
      ]);
    }
  });

  test("A4 portrait with Decree 30's margins; a two-column head without borders; the configured texts", () => {
    expect(doc.body.page).toEqual({ width: A4_PAGE.width, height: A4_PAGE.height });
    expect(A4_PAGE.width).toBeCloseTo(595.28, 1);
    expect(A4_PAGE.height).toBeCloseTo(841.89, 1);
    const mm = (pt: number) => Math.round((pt * 25.4) / 72);
    const m = doc.body.margins;
    expect([mm(m.top), mm(m.bottom), mm(m.left), mm(m.right)]).toEqual([20, 20, 30, 15]);
    const head = tables(doc)[0];
    expect(head.borderWidth).toBe(0);
    expect(head.widths.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(A4_PAGE.width - A4_PAGE.left - A4_PAGE.right);
    const [left, right] = head.rows[0].cells;
    expect(left.paragraphs.map((p) => [p.text, p.attrs.BOLD === true])).toEqual([
      ['ỦY BAN MTTQ VIỆT NAM', false],
      ['PHƯỜNG HÒA BÌNH', true],
    ]);
    expect(right.paragraphs.map((p) => p.text)).toEqual(['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc']);
    expect(right.paragraphs.every((p) => p.attrs.BOLD === true && p.alignment === 'CENTER')).toBe(true);
    const [number, date] = head.rows[1].cells;
    expect(number.getText()).toMatch(/^Số: +\/BC-UBMTTQ$/);
    expect(date.getText()).toMatch(/^Hòa Bình, ngày \d\d tháng (0[12]|[3-9]|1[0-2]) năm \d{4}$/);
    expect(date.paragraphs[0].attrs.ITALIC).toBe(true);
    for (const p of doc.body.getParagraphs()) if (p.text) expect(p.attrs.FONT_FAMILY).toBe('Times New Roman');
  });

  test('"BÁO CÁO" and its subject centred in bold; the body justified at 13 pt; tables in Times New Roman with a bold header', () => {
    const paras = doc.body.elements.flatMap((e) => (e.type === 'paragraph' ? [e.p] : []));
    const title = paras.findIndex((p) => p.text === 'BÁO CÁO');
    expect([paras[title].alignment, paras[title].attrs.BOLD]).toEqual(['CENTER', true]);
    expect(paras[title + 1].text).toBe('Tổng hợp ý kiến, kiến nghị của Nhân dân qua Hòm thư số góp ý tháng 3/2025');
    expect([paras[title + 1].alignment, paras[title + 1].attrs.BOLD]).toEqual(['CENTER', true]);
    const body = paras.filter((p) => p.text.startsWith('Tổng số ý kiến') || p.text.startsWith('Tỷ lệ giải quyết đúng hạn'));
    expect(body).toHaveLength(2);
    for (const p of body) expect([p.alignment, p.attrs.FONT_SIZE, typeof p.attrs.INDENT_FIRST_LINE]).toEqual(['JUSTIFY', 13, 'number']);
    for (const t of tables(doc).filter((x) => x.borderWidth > 0)) {
      expect(t.rows[0].cells.every((c) => c.paragraphs[0].attrs.BOLD === true)).toBe(true);
      expect(t.rows.at(-1)!.cells.every((c) => c.paragraphs[0].attrs.FONT_FAMILY === 'Times New Roman')).toBe(true);
    }
  });

  test('"Nơi nhận:" and the signature block end the report', () => {
    const last = tables(doc).at(-1)!;
    expect(doc.body.elements.at(-1)).toEqual({ type: 'table', table: last });
    expect(last.borderWidth).toBe(0);
    const [recipients, signature] = last.rows[0].cells;
    expect(recipients.paragraphs[0]).toMatchObject({ text: 'Nơi nhận:', attrs: expect.objectContaining({ BOLD: true, ITALIC: true }) });
    const lines = signature.paragraphs.map((p) => p.text);
    expect(lines.slice(0, 2)).toEqual(['TM. BAN THƯỜNG TRỰC', 'CHỦ TỊCH']);
    expect(lines.slice(2, -1).every((l) => l === '')).toBe(true);
    expect(lines.slice(2, -1).length).toBeGreaterThanOrEqual(3);
    expect(lines.at(-1)).toBe('Nguyễn Văn An');
  });

  test("the preview's HTML has the same page, fonts, head without borders and alignment", () => {
    const html = doc.toHtml();
    const pt = (v: number) => `${v}pt`;
    expect(html).toContain(
      `@page{size:${pt(A4_PAGE.width)} ${pt(A4_PAGE.height)};margin:${[A4_PAGE.top, A4_PAGE.right, A4_PAGE.bottom, A4_PAGE.left].map(pt).join(' ')}}`,
    );
    expect(html).toMatch(
      /<td style="border:none"><p [^>]*>ỦY BAN MTTQ VIỆT NAM<\/p><p style="text-align:center;font-family:'Times New Roman'[^"]*;font-weight:bold">PHƯỜNG HÒA BÌNH<\/p>/,
    );
    expect(html).toMatch(/font-style:italic">Hòa Bình, ngày/);
    expect(html).toMatch(
      /<p style="text-align:justify;font-family:'Times New Roman'[^"]*;font-size:13pt;text-indent:[\d.]+pt">Tổng số ý kiến/,
    );
    expect(html).toMatch(/<td style="border:1pt solid #000"><p style="[^"]*font-weight:bold">STT<\/p>/);
    expect((html.match(/<img [^>]*src="data:image\/png;base64,/g) ?? []).length).toBe(5);
  });

  test('five charts, each a valid PNG at twice its printed size, placed centred', () => {
    expect(run.charts).toBe(5);
    const charts = chartPngs(doc);
    expect(charts).toHaveLength(5);
    for (const { im, png } of charts) {
      expect(im.getBlob().contentType).toBe('image/png');
      expect([png.width, png.height]).toEqual([im.width * CHART_SCALE, im.height * CHART_SCALE]);
      expect(im.width).toBeLessThanOrEqual(A4_PAGE.width - A4_PAGE.left - A4_PAGE.right);
    }
    const centred = doc.body.getParagraphs().filter((p) => p.images.length);
    expect(centred.every((p) => p.alignment === 'CENTER')).toBe(true);
    expect(centred.map((p) => p.images[0].getBlob().name)).toEqual([
      'category.png',
      'location.png',
      'status.png',
      'trend.png',
      'ontime.png',
    ]);
  });
});

describe('bad periods and a crowded place give clear reports', () => {
  const sb = newBox();
  plantCorpus(sb);

  test('a period with no opinion: the sentence says so, no chart, no throw', () => {
    const { run, doc } = build(sb, '01/2021');
    expect([run.empty, run.total, run.charts]).toEqual([true, 0, 0]);
    expect(doc.text()).toContain('Trong tháng 1/2021, Hòm thư số góp ý không có ý kiến, kiến nghị nào');
    expect(tables(doc).at(-1)!.rows[0].cells[1].getText()).toContain('TM. BAN THƯỜNG TRỰC');
  });

  test("a one-day period: that day's opinions, grouped, with valid charts", () => {
    const day = TUNING_CORPUS[0].receivedAt;
    const vn = new Date(day.getTime() + 7 * 3600_000);
    const typed = `${String(vn.getUTCDate()).padStart(2, '0')}/${String(vn.getUTCMonth() + 1).padStart(2, '0')}/${vn.getUTCFullYear()}`;
    const expected = TUNING_CORPUS.filter(
      (r) => new Date(r.receivedAt.getTime() + 7 * 3600_000).toISOString().slice(0, 10) === vn.toISOString().slice(0, 10),
    ).length;
    const { run, doc } = build(sb, typed);
    expect(run.total).toBe(expected);
    expect(issuesTable(doc).reduce((n, r) => n + Number(r[4]), 0)).toBe(expected);
    for (const { png } of chartPngs(doc)) expect(png.width).toBeGreaterThan(0);
    expect(run.charts).toBe(chartPngs(doc).length);
  });

  test('a location with 500 opinions on two problems: two issues of 250, the report whole, no on-time chart to draw', () => {
    const crowded = newBox();
    const sheet = boxSheet(crowded, 'Góp ý');
    const start = Date.UTC(2025, 4, 1, 2);
    for (let i = 0; i < 500; i++) {
      sheet.appendRow(
        recordToCells({
          ...rowToRecord([]),
          trackingCode: `HB-${(100000 + i).toString(36).toUpperCase()}`,
          receivedAt: new Date(start + i * 3600_000),
          locationCode: 'CHO',
          locationName: 'Chợ Hòa Bình',
          category: 'Vệ sinh môi trường',
          kind: 'Phản ánh',
          content: i % 2 ? 'Rác ở chợ không được thu gom, bốc mùi' : 'Loa karaoke quán đầu chợ mở to đến khuya',
          status: 'Mới',
          emailStatus: 'đã gửi',
        }),
      );
    }
    const { run, doc } = build(crowded, '05/2025');
    expect(run.total).toBe(500);
    expect(issuesTable(doc).map((r) => r[4])).toEqual(['250', '250']);
    const charts = chartPngs(doc);
    expect(charts.map((c) => c.im.getBlob().name)).toEqual(['category.png', 'location.png', 'status.png', 'trend.png']);
    expect(doc.text()).toContain('Chưa tháng nào có ý kiến đã giải quyết xong và có hạn xử lý');
  });

  test("a long public reply is quoted shortened, masked with its row's sender, and points to the row's code", () => {
    const box = newBox();
    const sheet = boxSheet(box, 'Góp ý');
    const at = Date.UTC(2025, 4, 5, 2);
    const reply = `Kính gửi ông Phạm Văn Long, số 0913 222 333: ${'Phường đã cho sửa đèn chiếu sáng ở ngõ 12 và sẽ kiểm tra định kỳ hằng tháng. '.repeat(400)}`;
    for (let i = 0; i < 2; i++) {
      sheet.appendRow(
        recordToCells({
          ...rowToRecord([]),
          trackingCode: `HB-LONG00${i}`,
          receivedAt: new Date(at + i * 3600_000),
          locationCode: 'KDC01',
          locationName: 'Khu dân cư số 1',
          category: 'Hạ tầng',
          kind: 'Phản ánh',
          content: 'Đèn chiếu sáng ở ngõ 12 bị hỏng cả tháng nay, tối đi lại rất nguy hiểm',
          name: 'Phạm Văn Long',
          status: 'Đã trả lời',
          publicReply: reply,
          emailStatus: 'đã gửi',
        }),
      );
    }
    const { doc } = build(box, '05/2025');
    const rows = issuesTable(doc);
    expect(rows).toHaveLength(1);
    const cell = rows[0][6];
    expect(cell.startsWith('Đã trả lời. Kính gửi ông [họ tên], số [số điện thoại]: Phường đã cho sửa đèn')).toBe(true);
    expect(cell).toMatch(/… \(xem đầy đủ theo mã HB-LONG00[01]\)$/);
    expect(cell.length).toBeLessThanOrEqual('Đã trả lời. '.length + 600);
    expect(doc.text()).not.toMatch(/Long|0913/);
    expect(doc.text().length).toBeLessThan(reply.length);
  });
});
