import { COLUMNS, type ColumnKey } from '../../../src/core/records/feedback-record';
import { defaultPeriod } from '../../../src/core/reports/report';
import {
  digestFromRows,
  MAX_TABLE_ROWS,
  noticeBlocks,
  parsePeriodInput,
  percent,
  percentShares,
  reportName,
  synthesisFromRows,
  TABLE_WIDTH,
  type DocBlock,
} from '../../../src/core/reports/report-layout';
import { digestEmail, lookupLink, replyEmail } from '../../../src/core/mail/reply-email';

function vn(y: number, m: number, d: number, h = 0): Date {
  return new Date(Date.UTC(y, m - 1, d, h - 7));
}
function row(cells: Partial<Record<ColumnKey, unknown>>): unknown[] {
  return COLUMNS.map((c) => (c.key in cells ? cells[c.key] : ''));
}
function text(blocks: DocBlock[]): string {
  return blocks
    .map((b) => {
      if (b.kind === 'table') return b.rows.map((r) => r.join('\t')).join('\n');
      if (b.kind === 'columns') return b.rows.map((r) => r.map((cell) => cell.map((l) => l.text).join('\n')).join('\t')).join('\n');
      if (b.kind === 'chart') return `[${b.chart.title}]`;
      return b.kind === 'pagebreak' ? '---' : b.text;
    })
    .join('\n');
}
const NOW = vn(2025, 4, 3, 10);
const OPTS = {
  wardName: 'Phường Hòa Bình',
  committeeName: 'Ủy ban MTTQ Việt Nam phường Hòa Bình',
  generatedText: '03/04/2025 10:00',
  categories: ['An ninh trật tự', 'Vệ sinh môi trường'],
};

describe('parsePeriodInput', () => {
  test.each<[string, Date, Date]>([
    ['', vn(2025, 3, 1), vn(2025, 4, 1)],
    ['03/2025', vn(2025, 3, 1), vn(2025, 4, 1)],
    ['3/2025', vn(2025, 3, 1), vn(2025, 4, 1)],
    ['tháng 12/2024', vn(2024, 12, 1), vn(2025, 1, 1)],
    ['01/03/2025 - 15/03/2025', vn(2025, 3, 1), vn(2025, 3, 16)],
    ['1/3/2025–15/3/2025', vn(2025, 3, 1), vn(2025, 3, 16)],
    ['từ ngày 28/02/2025 đến ngày 02/03/2025', vn(2025, 2, 28), vn(2025, 3, 3)],
    ['31/03/2025', vn(2025, 3, 31), vn(2025, 4, 1)],
  ])('%p', (input, from, to) => {
    expect(parsePeriodInput(input, NOW)).toEqual({ period: { from, to } });
  });

  test.each([
    ['13/2025', 'không hợp lệ'],
    ['30/02/2025 - 03/03/2025', 'không có trên lịch'],
    ['15/03/2025 - 01/03/2025', 'trước ngày kết thúc'],
    ['05/2025', 'chưa bắt đầu'],
    ['tháng trước', 'Không hiểu'],
  ])('refuses %p', (input, message) => {
    const r = parsePeriodInput(input, NOW);
    expect('error' in r && r.error).toContain(message);
  });

  test('the default is last month', () => {
    expect(parsePeriodInput('  ', NOW)).toEqual({ period: defaultPeriod(NOW) });
  });
});

describe('synthesis report layout', () => {
  const period = { from: vn(2025, 3, 1), to: vn(2025, 4, 1) };

  test('totals, tables, on-time rate, overdue and opinions without personal data', () => {
    const rows = [
      row({
        trackingCode: 'HB-AAAAAAA',
        receivedAt: vn(2025, 3, 2),
        kind: 'Phản ánh',
        category: 'Vệ sinh môi trường',
        locationName: 'KDC 1',
        content: 'Tôi là Lê Văn Tám, gọi 0912345678: rác ngõ 3.',
        name: 'Lê Văn Tám',
        status: 'Mới',
        dueAt: vn(2025, 3, 14),
      }),
      row({
        trackingCode: 'HB-BBBBBBB',
        receivedAt: vn(2025, 3, 5),
        kind: 'Góp ý',
        category: 'An ninh trật tự',
        locationName: 'KDC 2',
        content: 'Tăng tuần tra.',
        status: 'Đã trả lời',
        dueAt: vn(2025, 3, 20),
        replySentAt: vn(2025, 3, 18),
      }),
      row({
        trackingCode: 'HB-CCCCCCC',
        receivedAt: vn(2025, 2, 5),
        category: 'Khác',
        content: 'Tháng trước.',
        status: 'Đang xử lý',
        dueAt: vn(2025, 2, 20),
      }),
    ];
    const { model, name, blocks } = synthesisFromRows(rows, period, NOW, OPTS);
    expect(name).toBe('Báo cáo tổng hợp ý kiến, kiến nghị của Nhân dân – tháng 3/2025');
    expect(model.total).toBe(2);
    const t = text(blocks);
    expect(t).toContain('ỦY BAN MTTQ VIỆT NAM PHƯỜNG HÒA BÌNH');
    expect(t).toContain('Hòa Bình, ngày 03 tháng 4 năm 2025');
    // The recipients one under the other: each on its own line, at the same indent.
    const at = blocks.findIndex((b) => b.kind === 'paragraph' && b.text === 'Kính gửi:');
    expect(blocks.slice(at + 1, at + 3)).toEqual([
      { kind: 'paragraph', text: '– Ban Thường vụ Đảng ủy phường Hòa Bình;', indent: 144 },
      { kind: 'paragraph', text: '– Ủy ban nhân dân phường Hòa Bình.', indent: 144 },
    ]);
    // Every table fits the page; codes keep a non-breaking hyphen and a column wide enough for them, locations get room.
    const tables = blocks.filter((b): b is Extract<DocBlock, { kind: 'table' }> => b.kind === 'table');
    for (const table of tables) {
      expect(table.widths).toHaveLength(table.rows[0].length);
      expect(table.widths!.reduce((a, b) => a + b, 0)).toBe(TABLE_WIDTH);
      const code = table.rows[0].indexOf('Mã theo dõi');
      if (code >= 0) {
        expect(table.widths![code]).toBeGreaterThanOrEqual(88);
        for (const r of table.rows.slice(1)) for (const c of r[code].split('\n')) expect(c).toMatch(/^HB\u2011[A-Z]{7}$/);
      }
      // A location's name is wider than anything but the code and the opinion (or the issue's text) itself.
      const head = table.rows[0];
      const place = head.indexOf('Địa điểm');
      head.forEach((h, i) => {
        if (place >= 0 && i !== place && !['Nội dung', 'Vấn đề (ý kiến tiêu biểu)', 'Mã theo dõi'].includes(h))
          expect(table.widths![place]).toBeGreaterThan(table.widths![i]);
      });
    }
    expect(tables.some((x) => x.rows[0].includes('Mã theo dõi'))).toBe(true);
    expect(t).toContain('Tổng số ý kiến, kiến nghị tiếp nhận: 2 (Góp ý: 1; Phản ánh: 1).');
    expect(t).toContain('1\tAn ninh trật tự\t1\t50%');
    expect(t).toContain('\tTổng cộng\t2\t100%');
    expect(t).toContain('Tỷ lệ giải quyết đúng hạn: 100% (1/1');
    expect(t).toContain('HB\u2011CCCCCCC\tChưa xác định\tKhác\tĐang xử lý\t05/02/2025 (kỳ trước)\t20/02/2025');
    // One row per issue: its representative text masked, category, places, count, dates, status, codes.
    expect(t).toContain(
      '1\tTôi là [họ tên], gọi [số điện thoại]: rác ngõ 3.\tVệ sinh môi trường\tKDC 1 (1)\t1\t02/03/2025\tMới\tHB\u2011AAAAAAA',
    );
    expect(t).toContain('2 ý kiến được tổng hợp thành 2 vấn đề.');
    expect(t).not.toMatch(/Lê Văn Tám|0912345678|Tháng trước\./);
  });

  test('a long code widens its column, taken from the issue text: the table still fits the page', () => {
    const rows = [row({ trackingCode: 'HB-WWWWWWW', receivedAt: vn(2025, 3, 2, 9), content: 'Ngõ 3 tối.', category: 'Khác' })];
    const issues = synthesisFromRows(rows, period, NOW, OPTS).blocks.find(
      (b): b is Extract<DocBlock, { kind: 'table' }> => b.kind === 'table' && b.rows[0][1] === 'Vấn đề (ý kiến tiêu biểu)',
    )!;
    // H, B, the hyphen and seven W in 11 pt Arial are 91.6 pt, and the cell's padding 10 pt.
    expect(issues.widths![7]).toBeGreaterThanOrEqual(102);
    expect(issues.widths!.reduce((a, b) => a + b, 0)).toBe(TABLE_WIDTH);
    expect(issues.widths![1]).toBeLessThan(104);
  });

  test('an empty period says so plainly, and still lists what is overdue from before', () => {
    const rows = [row({ trackingCode: 'HB-CCCCCCC', receivedAt: vn(2025, 2, 5), content: 'Cũ.', status: 'Mới', dueAt: vn(2025, 2, 20) })];
    const { model, blocks } = synthesisFromRows(rows, period, NOW, OPTS);
    expect(model.empty).toBe(true);
    const t = text(blocks);
    expect(t).toContain('Trong tháng 3/2025, Hòm thư số góp ý không có ý kiến, kiến nghị nào của Nhân dân được gửi đến.');
    expect(t).toContain('HB\u2011CCCCCCC');
    expect(t).not.toContain('I. TÌNH HÌNH TIẾP NHẬN');
    expect(text(synthesisFromRows([], period, NOW, OPTS).blocks)).toContain('không có ý kiến');
  });

  test('percent uses the Vietnamese decimal comma', () => {
    expect(percent(1, 3)).toBe('33,3%');
    expect(percent(2, 3)).toBe('66,7%');
    expect(percent(0, 0)).toBe('—');
  });

  test('a period of 8,000 opinions, all overdue, stays a Doc Google can hold: each table cut at MAX_TABLE_ROWS', () => {
    const n = 8000;
    const rows = Array.from({ length: n }, (_, i) =>
      row({
        trackingCode: `HB-${String(i).padStart(7, '0')}`,
        receivedAt: new Date(vn(2025, 3, 1).getTime() + i * 300_000),
        locationCode: `KDC${i % 30}`,
        locationName: `Nhà văn hóa khu dân cư số ${i % 30}`,
        category: 'Vệ sinh môi trường',
        kind: 'Phản ánh',
        content: `Ý kiến số ${i}: rác thải ở đầu ngõ ${i % 90} chưa được thu gom nhiều ngày, đề nghị phường cho người kiểm tra và xử lý sớm giúp bà con.`,
        status: 'Mới',
        dueAt: vn(2025, 3, 2),
      }),
    );
    const { model, blocks } = synthesisFromRows(rows, period, NOW, OPTS);
    expect([model.total, model.overdue.length]).toEqual([n, n]);
    expect(text(blocks).length).toBeLessThan(1_000_000);
    const tables = blocks.filter((b): b is Extract<DocBlock, { kind: 'table' }> => b.kind === 'table');
    expect(tables.filter((t) => t.rows.length === MAX_TABLE_ROWS + 1)).toHaveLength(2);
    expect(text(blocks)).toContain(`còn ${(n - MAX_TABLE_ROWS).toLocaleString('de-DE')} dòng khác, xem trong bảng tính theo dõi`);
  });

  test("a table's shares add up to the 100% of its total row", () => {
    expect(percentShares([1, 1, 1], 3)).toEqual(['33,4%', '33,3%', '33,3%']);
    expect(percentShares([0, 2, 1], 3)).toEqual(['0%', '66,7%', '33,3%']);
    const rows = ['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((c, i) =>
      row({
        trackingCode: `HB-${c}AAAAAA`,
        receivedAt: vn(2025, 3, 2 + i),
        content: `Ý kiến số ${i} về ngõ ${c}.`,
        category: `Lĩnh vực ${c}`,
      }),
    );
    const tables = synthesisFromRows(rows, period, NOW, OPTS).blocks.filter(
      (b): b is Extract<DocBlock, { kind: 'table' }> => b.kind === 'table' && b.rows[0][3] === 'Tỷ lệ',
    );
    expect(tables).toHaveLength(3);
    for (const t of tables) {
      const tenths = t.rows.slice(1, -1).map((r) => Math.round(Number(r[3].replace('%', '').replace(',', '.')) * 10));
      expect(tenths.reduce((a, b) => a + b, 0)).toBe(1000);
    }
  });

  test('reportName follows the period label', () => {
    expect(reportName({ from: vn(2025, 3, 1), to: vn(2025, 3, 16) })).toBe(
      'Báo cáo tổng hợp ý kiến, kiến nghị của Nhân dân – từ ngày 01/03/2025 đến ngày 15/03/2025',
    );
  });
});

describe('location notices', () => {
  test('one page per location, separated by page breaks', () => {
    const notice = (code: string, received: number) => ({
      locationCode: code,
      locationName: `Khu ${code}`,
      periodLabel: 'tháng 3/2025',
      received,
      answered: received,
      inProgress: 0,
      forwarded: 0,
      otherClosed: 0,
    });
    const blocks = noticeBlocks([notice('A', 2), notice('B', 0)], {
      wardName: 'Phường Hòa Bình',
      committeeName: 'UB',
      generatedAt: NOW,
      lookupUrl: 'https://x.example/exec?view=track',
    });
    expect(blocks.filter((b) => b.kind === 'pagebreak')).toHaveLength(1);
    const [a, b] = text(blocks).split('---');
    expect(a).toContain('Địa điểm: Khu A (A)');
    expect(a).toContain('Tổng số ý kiến tiếp nhận\t2');
    expect(a).toContain('https://x.example/exec?view=track');
    expect(b).toContain('tại địa điểm này không có ý kiến');
  });
});

describe('emails', () => {
  const record = {
    trackingCode: 'HB-7K3M9QX',
    receivedAt: vn(2025, 3, 2, 9),
    category: 'Vệ sinh môi trường',
    locationName: 'Nhà văn hóa khu dân cư số 1',
    name: 'Trần <Thị> Hoa',
    email: 'hoa@example.com',
    publicReply: 'Đã thu gom.\n<script>alert(1)</script>',
    status: 'Đã trả lời',
  };

  test('the reply carries the code and the public reply, escaped, to the resident only', () => {
    const mail = replyEmail({
      record,
      wardName: 'Phường Hòa Bình',
      committeeName: 'UB MTTQ phường Hòa Bình',
      lookupUrl: lookupLink('https://x.example/exec', 'HB-7K3M9QX'),
    });
    expect(mail.to).toEqual(['hoa@example.com']);
    expect(mail.subject).toBe('Trả lời ý kiến của ông/bà – Hòm thư số góp ý Phường Hòa Bình');
    // A name with markup in it is no name: the greeting leaves it out, in the text and the HTML.
    expect(mail.text).toContain('Kính gửi ông/bà,\n');
    expect(mail.text).not.toContain('<Thị>');
    expect(mail.text).toContain('Mã theo dõi: HB-7K3M9QX');
    expect(mail.text).toContain('Ngày gửi: 02/03/2025');
    expect(mail.text).toContain('Đã thu gom.\n<script>alert(1)</script>');
    expect(mail.text).toContain('https://x.example/exec?track=HB-7K3M9QX');
    expect(mail.html).not.toContain('Thị&gt;');
    expect(mail.html).toContain('Đã thu gom.<br>&lt;script&gt;');
    expect(mail.html).not.toContain('<script>');
    // The code never breaks across lines, in the table and in the lookup sentence.
    expect(mail.html).toContain('<td style="white-space:nowrap">HB-7K3M9QX</td>');
    expect(mail.html).toContain('<b style="white-space:nowrap">HB-7K3M9QX</b>');
    // The footer names this box's committee, whatever the ward or commune.
    expect(mail.text).toContain('liên hệ trực tiếp UB MTTQ phường Hòa Bình.');
    const commune = replyEmail({ record, wardName: 'Xã Tân Lập', committeeName: 'Ủy ban MTTQ Việt Nam xã Tân Lập', lookupUrl: '' });
    expect(commune.text).toContain('liên hệ trực tiếp Ủy ban MTTQ Việt Nam xã Tân Lập.');
    expect(commune.text).not.toMatch(/phường/);
  });

  test('the greeting names the sender only when the name reads as a name', () => {
    const greeting = (name: string) => replyEmail({ record: { ...record, name }, wardName: 'P', committeeName: 'UB' }).text.split('\n')[0];
    for (const name of ['Trần Thị Hoa', 'Nguyễn V. An', "Ka'Sô H'Hen", 'Lê-Văn Tám', 'Y Moan Niê', 'Nguyễn Văn  Bình ']) {
      expect(greeting(name)).toBe(`Kính gửi ông/bà ${name.replace(/\s+/g, ' ').trim()},`);
    }
    // Decomposed accents (NFD) are written composed.
    expect(greeting('Trần Thị Hoa'.normalize('NFD'))).toBe('Kính gửi ông/bà Trần Thị Hoa,');
    for (const name of [
      '',
      'Nhận thưởng tại bit.ly/qua-tang',
      'Anh Ba 0912345678',
      'Liên hệ ngay: nhanqua@example.com',
      'Quý khách trúng thưởng xin vui lòng gọi lại ngay',
      'https://example.com',
      'Trần <b>Hoa</b>',
      'A'.repeat(51),
    ]) {
      expect(greeting(name)).toBe('Kính gửi ông/bà,');
    }
  });

  test('lookupLink only for https app URLs, and the local preview on this computer', () => {
    expect(lookupLink('https://a.example/exec?loc=X', 'HB-1')).toBe('https://a.example/exec?loc=X&track=HB-1');
    expect(lookupLink('', 'HB-1')).toBe('');
    expect(lookupLink('javascript:alert(1)', 'HB-1')).toBe('');
    expect(lookupLink('http://a.example/exec', 'HB-1')).toBe('');
    expect(lookupLink('http://localhost:8080/exec', 'HB-1')).toBe('http://localhost:8080/exec?track=HB-1');
    expect(lookupLink('http://127.0.0.1:8080/exec', 'HB-1')).toBe('http://127.0.0.1:8080/exec?track=HB-1');
    expect(lookupLink('http://localhost.evil.example/exec', 'HB-1')).toBe('');
  });

  test('the digest email holds counts only', () => {
    const rows = [
      row({
        receivedAt: new Date(NOW.getTime() - 86400000),
        name: 'Lê Văn Tám',
        phone: '0912345678',
        content: 'Bí mật',
        category: 'An ninh trật tự',
      }),
    ];
    const mail = digestEmail(digestFromRows(rows, NOW), {
      wardName: 'Phường Hòa Bình',
      recipients: ['a@example.org'],
      sheetUrl: 'https://docs.google.com/spreadsheets/d/x/edit',
    });
    expect(mail.subject).toBe('[Hòm thư góp ý] Tóm tắt tuần 27/03/2025 – 03/04/2025');
    expect(mail.text).toContain('Ý kiến mới nhận trong 7 ngày qua: 1');
    expect(mail.text).toContain('An ninh trật tự: 1');
    expect(mail.text + mail.html).not.toMatch(/Lê Văn Tám|0912345678|Bí mật/);
    // The link is inside the message's font: before it, the div that sets the font is still open.
    expect(mail.html).toMatch(/^<div style="font-family:Arial,sans-serif;font-size:14px[^"]*">/);
    const beforeLink = mail.html.slice(0, mail.html.indexOf('<a href='));
    expect((beforeLink.match(/<div\b/g) ?? []).length).toBeGreaterThan((beforeLink.match(/<\/div>/g) ?? []).length);
  });
});
