import {
  DEFAULT_CONFIG,
  configSheetRows,
  noActiveLocationProblem,
  parseConfigRows,
  parseLocationRows,
} from '../../../src/core/config/config';

const good = () => configSheetRows({ ...DEFAULT_CONFIG, recipients: ['mttq@example.org'] }).map((r) => [r[0], r[1]]);

test('the rows setup writes parse back to the same configuration, with no problem', () => {
  const { config, problems } = parseConfigRows(good());
  expect(problems).toEqual([]);
  expect(config).toEqual({ ...DEFAULT_CONFIG, recipients: ['mttq@example.org'] });
});

test('a leftover "Email quản trị" row of an older box is reported as no longer used and changes nothing else', () => {
  const rows = [...good(), ['Email quản trị', 'not an email, pho.chu.tich@example.org']];
  const { config, problems, retired } = parseConfigRows(rows);
  expect(problems).toEqual([]);
  expect(config).toEqual({ ...DEFAULT_CONFIG, recipients: ['mttq@example.org'] });
  expect(retired).toEqual([{ cell: `A${rows.length + 1}`, message: expect.stringContaining('không còn dùng') }]);
  expect(retired[0].message).toMatch(/^Email quản trị: .*chỉ chủ sở hữu hòm thư/);
  expect(configSheetRows(DEFAULT_CONFIG).map((r) => r[0])).not.toContain('Email quản trị');
});

test('each bad value is reported with its cell and falls back to the last good value', () => {
  const rows = good();
  const at = (label: string) => rows.findIndex((r) => r[0] === label);
  rows[at('Email nhận ý kiến')][1] = 'ban-mttq, x@y';
  rows[at('Lĩnh vực')][1] = '   ';
  rows[at('Số tháng lưu thông tin cá nhân')][1] = 'mười hai';
  rows[at('Tiền tố mã theo dõi')][1] = 'hb1';
  const lastGood = { ...DEFAULT_CONFIG, recipients: ['old@example.org'] };
  const { config, problems } = parseConfigRows(rows, lastGood);
  expect(problems.map((p) => p.cell)).toEqual([
    `B${at('Tiền tố mã theo dõi') + 2}`,
    `B${at('Email nhận ý kiến') + 2}`,
    `B${at('Lĩnh vực') + 2}`,
    `B${at('Số tháng lưu thông tin cá nhân') + 2}`,
  ]);
  expect(problems[1].message).toMatch(/email không hợp lệ: ban-mttq/);
  expect(problems[2].message).toMatch(/danh sách lĩnh vực đang trống/);
  expect(config.recipients).toEqual(['old@example.org']);
  expect(config.categories).toEqual(DEFAULT_CONFIG.categories);
  expect(config.retentionMonths).toBe(24);
});

test("the poster link: an https address, or the local preview's own http://localhost address; nothing else", () => {
  const withLink = (link: string) => {
    const rows = good();
    rows[rows.findIndex((r) => r[0] === 'Đường dẫn cho poster (tùy chọn)')][1] = link;
    return parseConfigRows(rows);
  };
  for (const ok of ['https://script.google.com/macros/s/RESIDENTS/exec', 'http://localhost:8080/exec', 'http://127.0.0.1:43719/exec', '']) {
    expect([ok, withLink(ok).problems, withLink(ok).config.posterUrl]).toEqual([ok, [], ok]);
  }
  for (const bad of ['http://example.org/exec', 'script.google.com/macros/s/X/exec', 'https://a b.example']) {
    expect([bad, withLink(bad).problems.map((p) => p.message)]).toEqual([bad, [expect.stringContaining('https://')]]);
  }
  const help = configSheetRows(DEFAULT_CONFIG).find((r) => r[0] === 'Đường dẫn cho poster (tùy chọn)')![2];
  expect(help).toMatch(/poster/);
  expect(help).not.toMatch(/Để trống/);
});

test('a missing row is reported, values are NFC and lists are split by lines', () => {
  const rows = good().filter((r) => r[0] !== 'Giờ gửi tổng hợp tuần');
  const i = rows.findIndex((r) => r[0] === 'Lĩnh vực');
  rows[i][1] = 'Môi trươ\u0300ng\nGiao thông\nMôi trường';
  const { config, problems } = parseConfigRows(rows);
  expect(problems).toEqual([{ cell: 'A:A', message: expect.stringContaining('Giờ gửi tổng hợp tuần') }]);
  expect(config.categories).toEqual(['Môi trường', 'Giao thông']);
});

test('deadlines, holidays and weekday parse, and a bad one names the problem', () => {
  const rows = good();
  const set = (label: string, v: string) => (rows[rows.findIndex((r) => r[0] === label)][1] = v);
  set('Hạn xử lý (ngày làm việc)', 'Phản ánh: 7; Góp ý: 20');
  set('Ngày nghỉ lễ', '30/04/2026\n01/05/2026, 2026-09-02');
  set('Ngày gửi tổng hợp tuần', 'Thứ sáu');
  const { config, problems } = parseConfigRows(rows);
  expect(problems).toEqual([]);
  expect(config.deadlineDays).toEqual({ 'Góp ý': 20, 'Phản ánh': 7, 'Kiến nghị': 15 });
  expect(config.holidays).toEqual(['2026-04-30', '2026-05-01', '2026-09-02']);
  expect(config.digestWeekday).toBe('FRIDAY');
  set('Ngày nghỉ lễ', '31/02/2026');
  expect(parseConfigRows(rows).problems[0].message).toMatch(/"31\/02\/2026" không có trên lịch/);
});

test('holidays: a date typed as a Date cell, a range and a note are understood', () => {
  const rows: unknown[][] = good();
  const i = rows.findIndex((r) => r[0] === 'Ngày nghỉ lễ');
  // Sheets gives a date-only cell as local midnight in Asia/Ho_Chi_Minh: 17:00 UTC the day before.
  rows[i][1] = new Date(Date.UTC(2026, 3, 29, 17, 0, 0));
  expect(parseConfigRows(rows).config.holidays).toEqual(['2026-04-30']);
  rows[i][1] = '16/02/2026 - 20/02/2026 (Tết)\n02/09/2026 (Quốc khánh)';
  expect(parseConfigRows(rows).config.holidays).toEqual([
    '2026-02-16',
    '2026-02-17',
    '2026-02-18',
    '2026-02-19',
    '2026-02-20',
    '2026-09-02',
  ]);
});

test('location rows: blank rows skipped, active read from checkbox or text', () => {
  const rows = parseLocationRows([
    ['TRUSO', 'Trụ sở', 'trụ sở', '', true],
    ['', '', '', '', ''],
    ['KDC01', 'Nhà văn hóa 1', '', '', 'FALSE'],
    ['KDC02', 'Nhà văn hóa 2', '', '', 'có'],
  ]);
  expect(rows.map((r) => [r.code, r.active, r.row])).toEqual([
    ['TRUSO', true, 2],
    ['KDC01', false, 4],
    ['KDC02', true, 5],
  ]);
});

test('location rows: a code is kept exactly as typed for the poster job; the form gets only usable codes', () => {
  const input = [
    ['TRUSO', 'Trụ sở', 'trụ sở', '', true],
    [' KDC05 ', 'Nhà văn hóa 5', '', '', true],
    ['KDC06\u00a0', 'Nhà văn hóa 6', '', '', true],
    ['Chợ01', 'Chợ', '', '', true],
    ['   ', 'Chưa có mã', '', '', true],
    ['\u00a0', '', '', '', true],
    ['KDC07', 'Nhà văn hóa 7', '', '', false],
  ];
  // The poster job: every row, codes never trimmed (only an all-space cell counts as empty), so it can report them.
  expect(parseLocationRows(input, 2, true).map((r) => [r.code, r.row])).toEqual([
    ['TRUSO', 2],
    [' KDC05 ', 3],
    ['KDC06\u00a0', 4],
    ['Chợ01', 5],
    ['', 6],
    ['KDC07', 8],
  ]);
  // The form and submissions: a code no QR can carry is neither offered nor accepted, and never silently fixed.
  expect(parseLocationRows(input).map((r) => [r.code, r.row])).toEqual([
    ['TRUSO', 2],
    ['KDC07', 8],
  ]);
});

test('no active place is a problem of the Địa điểm sheet; one active place with a code is enough', () => {
  const rows = parseLocationRows([
    ['TRUSO', 'Trụ sở', '', '', false],
    ['KDC01', 'Nhà văn hóa 1', '', '', 'FALSE'],
  ]);
  expect(noActiveLocationProblem(rows)).toMatchObject({
    cell: 'Địa điểm',
    message: expect.stringMatching(/^Chưa có địa điểm nào đang hoạt động.*không kèm địa điểm/),
  });
  expect(noActiveLocationProblem([])).not.toBeNull();
  expect(noActiveLocationProblem([{ code: '', active: true }])).not.toBeNull();
  expect(noActiveLocationProblem([...rows, { code: 'KDC02', active: true }])).toBeNull();
});
