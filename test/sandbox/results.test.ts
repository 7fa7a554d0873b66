/**
 * The public results page on the built script: only rows staff ticked "Công khai" appear, with month, category,
 * status and the masked public reply, and nothing of the seeded personal data; the view's service calls with a warm
 * and an expired cache; the bad inputs (a tick without a reply, a location with 500 opinions, nothing published, a
 * made-up location, a caller who is not the box's trigger).
 */
import { gzipSync } from 'node:zlib';
import { ADMIN, STAFF, logRows, newBox, nthCode, setConfigValue } from '../../sandbox/box';
import type { Sandbox } from '../../sandbox/vm';
import type { FakeSheet } from '../../sandbox/fakes/spreadsheet';
import { COL, rowToRecord, type FeedbackRecord } from '../../src/core/records/feedback-record';
import { recordToCells } from '../../src/core/intake/submit';
import { ACCESS_DENIED } from '../../src/core/admin/guard';
import { roundTrips } from '../../bench/sandbox-metrics';

function responses(sb: Sandbox): FakeSheet {
  return sb.world.boxSpreadsheet()!.getSheetByName('Góp ý')!;
}

let seq = 0;
const code = nthCode;

/** Appends a row as the box would have written it; returns its tracking code. */
function plant(sb: Sandbox, over: Partial<FeedbackRecord> = {}): string {
  seq++;
  const r: FeedbackRecord = {
    ...rowToRecord([]),
    trackingCode: code(1000 + seq),
    receivedAt: new Date(Date.UTC(2026, 9, 10, 3) + seq * 60_000),
    source: 'QR',
    locationCode: 'KDC01',
    locationName: 'Nhà văn hóa khu dân cư số 1',
    kind: 'Phản ánh',
    category: 'Vệ sinh môi trường',
    content: 'Rác thải đổ bừa bãi ở đầu ngõ 12 chưa được thu gom.',
    emailStatus: 'đã gửi',
    requestId: `req-results-${seq}`,
    status: 'Mới',
    ...over,
  };
  responses(sb).appendRow(recordToCells(r));
  return r.trackingCode;
}

/** Personal data seeded into the rows: none of it may reach the page. */
const SECRETS = [
  'Nguyễn Văn Khải',
  '0912345678',
  '0912 345 678',
  'khai.nguyen@example.com',
  'Số 8 ngõ 41 phố Hòa Mã',
  'Trần Thị Bích Hạnh',
  '0987 654 321',
  'hanh.tran@example.vn',
  '001085012345',
  'https://drive.google.com/file/d/PHOTO-SECRET/view',
];

const PRIVATE_CONTENT = 'Nhà ông Khải ở cuối ngõ để xe chắn lối đi';
const UNMARKED_REPLY = 'Trả lời này chưa được đánh dấu công khai XYZ-UNMARKED';

function seed(sb: Sandbox) {
  const marked = plant(sb, {
    name: 'Nguyễn Văn Khải',
    phone: '0912345678',
    email: 'khai.nguyen@example.com',
    address: 'Số 8 ngõ 41 phố Hòa Mã',
    photos: 'https://drive.google.com/file/d/PHOTO-SECRET/view',
    content: `${PRIVATE_CONTENT}, gọi tôi 0912 345 678.`,
    status: 'Đã trả lời',
    // The reply repeats the sender's contacts, as staff sometimes write: masked on the page.
    publicReply: 'Đã liên hệ ông Nguyễn Văn Khải (0912 345 678, khai.nguyen@example.com) và cho dọn rác tại Số 8 ngõ 41 phố Hòa Mã.',
    publish: true,
  });
  const second = plant(sb, {
    name: 'Trần Thị Bích Hạnh',
    phone: '0987 654 321',
    email: 'hanh.tran@example.vn',
    category: 'Trật tự đô thị',
    status: 'Đang xử lý',
    publicReply: 'Tổ công tác đang làm việc với chủ hộ, bà Trần Thị Bích Hạnh đã được báo, CCCD 001085012345 đã ghi nhận.',
    publish: true,
  });
  const unmarked = plant(sb, { status: 'Đã trả lời', publicReply: UNMARKED_REPLY, content: 'Nội dung riêng không được đăng ABC-PRIVATE' });
  const noReply = plant(sb, { category: 'An ninh trật tự', status: 'Đang xử lý', publish: true });
  const otherPlace = plant(sb, {
    locationCode: 'KDC02',
    locationName: 'Nhà văn hóa khu dân cư số 2',
    status: 'Đã trả lời',
    publicReply: 'Đã sửa đèn chiếu sáng tại khu dân cư số 2.',
    publish: true,
  });
  return { marked, second, unmarked, noReply, otherPlace };
}

function refresh(sb: Sandbox) {
  const [run] = sb.fireHandler('refreshPublicResults');
  return run as ReturnType<Sandbox['run']> & { value: { ok: boolean; published: number; lines: string[] } };
}

function view(sb: Sandbox, parameter: Record<string, string>) {
  const run = sb.run<{ getContent(): string; getTitle(): string }>('doGet', [{ parameter: { view: 'results', ...parameter } }]);
  return { html: run.value.getContent(), title: run.value.getTitle(), calls: run.calls, callCount: run.callCount };
}

/** The text a reader sees: tags dropped, entities decoded. */
function visible(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

test('setup adds the "Công khai" checkbox column, unticked, that staff may tick', () => {
  const sb = newBox();
  const sheet = responses(sb);
  expect(sheet.getRange(1, COL.publish).getValue()).toBe('Công khai');
  const rule = sheet.getRange(2, COL.publish).getDataValidation();
  expect(String(rule!.getCriteriaType())).toBe('CHECKBOX');
  // A resident's submission leaves it unticked.
  const row = plant(sb);
  void row;
  expect(rowToRecord(sheet.getRange(sheet.getLastRow(), 1, 1, COL.publish).getValues()[0]).publish).toBe(false);
  // Staff tick it (not an owner-only column): the edit trigger stamps the row as for any staff edit.
  const runs = sb.editSheet(STAFF, { sheet: 'Góp ý', row: sheet.getLastRow(), column: COL.publish }, [[true]]);
  expect(runs).toHaveLength(1);
  expect(sheet.getRange(sheet.getLastRow(), COL.publish).getValue()).toBe(true);
  expect(sheet.getRange(sheet.getLastRow(), COL.updatedAt).getValue()).toBeInstanceOf(Object);
});

test('a location shows only its ticked rows, with month, category, status and the masked reply, and no personal data', () => {
  const sb = newBox();
  seed(sb);
  const before = view(sb, { loc: 'KDC01' });
  expect(visible(before.html)).toMatch(/đang được cập nhật/);

  const run = refresh(sb);
  expect(run.value.ok).toBe(true);
  expect(run.value.published).toBe(4);
  const page = view(sb, { loc: 'kdc01' });
  const text = visible(page.html);
  expect(page.title).toBe('Kết quả giải quyết ý kiến – Nhà văn hóa khu dân cư số 1');
  expect(text).toContain('Nhà văn hóa khu dân cư số 1');
  expect(text).toContain('3 ý kiến đã công khai kết quả');
  expect(text).toContain('Tháng 10/2026 · Vệ sinh môi trường · Đã trả lời');
  expect(text).toContain('Tháng 10/2026 · Trật tự đô thị · Đang xử lý');
  expect(text).toContain('Đã liên hệ ông');
  expect(text).toContain('cho dọn rác');
  // Unmarked rows, opinion texts and another location's rows are not there.
  expect(text).not.toContain('XYZ-UNMARKED');
  expect(text).not.toContain('ABC-PRIVATE');
  expect(text).not.toContain(PRIVATE_CONTENT);
  expect(text).not.toContain('Đã sửa đèn chiếu sáng');
  for (const secret of SECRETS) expect(page.html).not.toContain(secret);
  expect(page.html).not.toMatch(/<script|<img|src=/i);
  // No tracking code or photo link either.
  expect(page.html).not.toMatch(/HB-[0-9A-Z]{7}|drive\.google/);

  const other = visible(view(sb, { loc: 'KDC02' }).html);
  expect(other).toContain('Đã sửa đèn chiếu sáng tại khu dân cư số 2.');
  expect(other).not.toContain('cho dọn rác');
});

test('a tick on a row with no public reply shows its status, and Nhật ký says so once', () => {
  const sb = newBox();
  const { noReply } = seed(sb);
  refresh(sb);
  const text = visible(view(sb, { loc: 'KDC01' }).html);
  expect(text).toContain('An ninh trật tự · Đang xử lý');
  expect(text).toContain('Chưa có trả lời công khai.');
  const lines = logRows(sb).filter((l) => l.includes('chưa có "Trả lời công khai"'));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(noReply);
  refresh(sb);
  expect(logRows(sb).filter((l) => l.includes('chưa có "Trả lời công khai"'))).toHaveLength(1);
});

test('a view costs at most five service calls, with a warm and with an expired cache', () => {
  const sb = newBox();
  seed(sb);
  refresh(sb);
  sb.world.script.cache.clear();
  for (const parameter of [{ loc: 'KDC01' }, {}, { loc: 'KHONGCO' }] as Record<string, string>[]) {
    sb.world.script.cache.clear();
    const cold = view(sb, parameter);
    const warm = view(sb, parameter);
    expect(roundTrips(cold.calls)).toBeLessThanOrEqual(5);
    expect(roundTrips(warm.calls)).toBeLessThanOrEqual(5);
    // Nothing but the cache, the one stored value and the page itself: never the spreadsheet.
    expect(
      Object.keys(cold.calls).filter((k) => !/^(Cache|CacheService|Properties|PropertiesService|HtmlService|HtmlOutput)\./.test(k)),
    ).toEqual([]);
    expect(warm.html).toBe(cold.html);
  }
  // The location page is served from the cache once warmed: no property read.
  view(sb, { loc: 'KDC01' });
  const warm = view(sb, { loc: 'KDC01' });
  expect(warm.calls['Properties.getProperty']).toBeUndefined();
});

test('the index lists the locations; a made-up location gets the index with a notice', () => {
  const sb = newBox();
  seed(sb);
  refresh(sb);
  const index = visible(view(sb, {}).html);
  expect(index).toContain('Nhà văn hóa khu dân cư số 1 (3 ý kiến công khai)');
  expect(index).toContain('Nhà văn hóa khu dân cư số 2 (1 ý kiến công khai)');
  expect(index).toContain('Nhà văn hóa khu dân cư số 3 (chưa có)');
  const made = view(sb, { loc: '<script>alert(1)</script>' });
  expect(made.html).not.toContain('<script>alert');
  expect(visible(made.html)).toContain('Không tìm thấy địa điểm');
  const none = visible(view(sb, { loc: 'KHONGCO' }).html);
  expect(none).toContain('Không tìm thấy địa điểm này.');
  // The ward's page never shows text a visitor put into the link.
  expect(none).not.toContain('KHONGCO');
  expect(visible(view(sb, { loc: 'GOI-0900000000' }).html)).not.toContain('0900000000');
});

/** Property reads of one view: Apps Script counts them a day per account, and the web app runs as the owner. */
function propertyReads(calls: Record<string, number>): number {
  return (calls['Properties.getProperty'] ?? 0) + (calls['Properties.getProperties'] ?? 0);
}

test('codes nobody has cost no property read once the index is cached, and are never cached themselves', () => {
  const sb = newBox();
  seed(sb);
  refresh(sb);
  sb.world.script.cache.clear();
  // The first made-up code after the cache expired reads the index (one read) and caches it.
  const first = view(sb, { loc: 'ZZ-001' });
  expect(propertyReads(first.calls)).toBe(1);
  expect(visible(first.html)).toContain('Không tìm thấy địa điểm này.');
  const cachedKeys = () => [...sb.world.script.cache.keys()].sort();
  const before = cachedKeys();
  for (const loc of ['ZZ-002', 'khongco', 'KDC99', '%21', 'x'.repeat(40), '<b>', 'A_B-C']) {
    const made = view(sb, { loc });
    expect(propertyReads(made.calls)).toBe(0);
    expect(visible(made.html)).toContain('Không tìm thấy địa điểm này.');
    expect(roundTrips(made.calls)).toBeLessThanOrEqual(3);
  }
  expect(cachedKeys()).toEqual(before);
  // A real location, typed in any case, still gets its page: one read the first time, none after.
  const known = view(sb, { loc: 'kdc02' });
  expect(propertyReads(known.calls)).toBe(1);
  expect(visible(known.html)).toContain('Đã sửa đèn chiếu sáng tại khu dân cư số 2.');
  expect(propertyReads(view(sb, { loc: 'KDC02' }).calls)).toBe(0);
  // With both the page and the index expired, one read brings both.
  sb.world.script.cache.clear();
  const cold = view(sb, { loc: 'KDC01' });
  expect(propertyReads(cold.calls)).toBe(1);
  expect(propertyReads(view(sb, { loc: 'ZZ-003' }).calls)).toBe(0);
});

test('a location published after the list of codes was cached gets its page once the rebuild has run', () => {
  const sb = newBox();
  seed(sb);
  refresh(sb);
  sb.world.script.cache.clear();
  expect(visible(view(sb, { loc: 'KDC77' }).html)).toContain('Không tìm thấy địa điểm này.');
  // Staff tick a row of KDC77 (a place not in Địa điểm); the rebuild stores its page and forgets the cached list.
  plant(sb, { locationCode: 'KDC77', locationName: 'Nhà văn hóa khu dân cư số 77', publicReply: 'Đã nạo vét cống.', publish: true });
  refresh(sb);
  expect(visible(view(sb, { loc: 'KDC77' }).html)).toContain('Đã nạo vét cống.');
});

test("the page links the configured residents' address, never the address of the run that rebuilt it", () => {
  const sb = newBox();
  seed(sb);
  // The hourly trigger or the admin page's run may see another deployment's address.
  sb.world.script.serviceUrl = 'https://script.google.com/macros/s/ADMIN-DEPLOYMENT/exec';
  refresh(sb);
  expect(view(sb, {}).html).not.toContain('ADMIN-DEPLOYMENT');
  expect(view(sb, { loc: 'KDC01' }).html).not.toContain('ADMIN-DEPLOYMENT');
  const owner = () =>
    sb.run<{ lines: string[]; links?: { label: string; url: string }[] }>('refreshPublicResults', [], { user: ADMIN }).value;
  const unset = owner();
  expect(unset.links ?? []).toEqual([]);
  expect(unset.lines.join('\n')).toMatch(/Đường dẫn cho poster/);
  setConfigValue(sb, 'Đường dẫn cho poster (tùy chọn)', 'https://gopy.hoabinh.example/');
  const set = owner();
  expect(set.links).toEqual([{ label: 'Mở trang kết quả công khai', url: 'https://gopy.hoabinh.example/?view=results' }]);
  expect(set.lines.join('\n')).not.toMatch(/Đường dẫn cho poster/);
  expect(view(sb, { loc: 'KDC01' }).html).toContain('href="https://gopy.hoabinh.example/?view=track"');
});

test('nothing published: every page says so clearly', () => {
  const sb = newBox();
  plant(sb, { publicReply: 'Không công khai', status: 'Đã trả lời' });
  const run = refresh(sb);
  expect(run.value.published).toBe(0);
  expect(visible(view(sb, { loc: 'KDC01' }).html)).toContain('Chưa có ý kiến nào tại địa điểm này được công khai kết quả.');
  expect(visible(view(sb, {}).html)).toContain('(chưa có)');
});

test('a location with 500 published opinions: newest first, within 15 KB gzipped, the count said', () => {
  const sb = newBox();
  const sheet = responses(sb);
  const rows = Array.from({ length: 500 }, (_, i) =>
    recordToCells({
      ...rowToRecord([]),
      trackingCode: code(5000 + i),
      receivedAt: new Date(Date.UTC(2026, 0, 1) + i * 12 * 3600_000),
      source: 'QR',
      locationCode: 'KDC03',
      locationName: 'Nhà văn hóa khu dân cư số 3',
      kind: 'Phản ánh',
      category: ['Vệ sinh môi trường', 'Trật tự đô thị', 'An ninh trật tự'][i % 3],
      content: `Ý kiến số ${i}`,
      name: `Người gửi số ${i}`,
      phone: `0912${String(100000 + i)}`,
      status: i % 4 ? 'Đã trả lời' : 'Đang xử lý',
      publicReply:
        `Trả lời số ${i}: đã kiểm tra hiện trường, giao tổ dân phố phối hợp với công an phường xử lý dứt điểm trong tuần. `.repeat(3),
      publish: true,
    }),
  );
  sheet.maxRows = Math.max(sheet.maxRows, rows.length + 10);
  sheet.getRange(2, 1, rows.length, rows[0].length).setValues(rows);
  const run = refresh(sb);
  expect(run.value.published).toBe(500);
  const page = view(sb, { loc: 'KDC03' });
  const text = visible(page.html);
  expect(text).toContain('500 ý kiến đã công khai kết quả');
  expect(text).toMatch(/Dưới đây là \d+ ý kiến mới nhất/);
  // Newest first: the last opinion (number 499) leads.
  expect(text.indexOf('Trả lời số 499')).toBeGreaterThan(0);
  expect(text.indexOf('Trả lời số 499')).toBeLessThan(text.indexOf('Trả lời số 498'));
  expect(text).not.toContain('Trả lời số 0:');
  expect(gzipSync(page.html, { level: 9 }).length).toBeLessThanOrEqual(15 * 1024);
  for (const p of sb.world.script.properties.values()) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(9 * 1024);
});

test('the rebuild refuses anyone but the owner and its own trigger', () => {
  const sb = newBox();
  seed(sb);
  expect(() => sb.run('refreshPublicResults', [])).toThrow(ACCESS_DENIED);
  expect(() => sb.run('refreshPublicResults', [{ triggerUid: 'made-up' }], { user: STAFF })).toThrow();
  expect(sb.run<{ ok: boolean }>('refreshPublicResults', [], { user: ADMIN }).value.ok).toBe(true);
});

test('a rebuild that changes nothing writes nothing and keeps the cached pages; a new tick shows on the next rebuild', () => {
  const sb = newBox();
  const { unmarked } = seed(sb);
  refresh(sb);
  const before = view(sb, { loc: 'KDC01' }).html;
  const again = refresh(sb);
  expect(again.calls['Properties.setProperties']).toBeUndefined();
  expect(again.calls['Cache.removeAll']).toBeUndefined();
  const warm = view(sb, { loc: 'KDC01' });
  expect(warm.calls['Properties.getProperty']).toBeUndefined();
  expect(warm.html).toBe(before);
  // Staff tick the row that was not public: after the next rebuild its reply is on the page, and only then.
  const sheet = responses(sb);
  const row =
    sheet
      .getDataRange()
      .getValues()
      .findIndex((r) => r[0] === unmarked) + 1;
  sb.editSheet(STAFF, { sheet: 'Góp ý', row, column: COL.publish }, [[true]]);
  expect(visible(view(sb, { loc: 'KDC01' }).html)).not.toContain('XYZ-UNMARKED');
  refresh(sb);
  const after = visible(view(sb, { loc: 'KDC01' }).html);
  expect(after).toContain('XYZ-UNMARKED');
  expect(after).toContain('4 ý kiến đã công khai kết quả');
  expect(visible(view(sb, { loc: 'KDC02' }).html)).toContain('Đã sửa đèn chiếu sáng');
});

test('labels staff typed on a ticked row never publish the sender: a place the Địa điểm sheet lacks, a status, a category', () => {
  const sb = newBox();
  // Typed from paper: the place typed as the sender's home, not a location code.
  const home = plant(sb, {
    source: 'Giấy',
    locationCode: 'Nhà ông Khải',
    locationName: 'Nhà ông Nguyễn Văn Khải, 0912 345 678',
    name: 'Nguyễn Văn Khải',
    phone: '0912345678',
    publicReply: 'Đã xử lý xong.',
    publish: true,
  });
  // A code of a location removed from Địa điểm since: still shown, under the name typed in the row, masked.
  plant(sb, {
    locationCode: 'KDC09',
    locationName: 'Ngõ nhà chị Hạnh 0987 654 321',
    name: 'Trần Thị Bích Hạnh',
    publicReply: 'Đã xử lý.',
    publish: true,
  });
  // Status and category typed with the sender's own name in them.
  plant(sb, {
    name: 'Trần Thị Bích Hạnh',
    status: 'Đã báo bà Bích Hạnh',
    category: 'Hỏi bà Bích Hạnh',
    publicReply: 'Đã xử lý.',
    publish: true,
  });
  refresh(sb);
  const pages = [view(sb, {}).html, view(sb, { loc: 'KDC01' }).html, view(sb, { loc: 'KDC09' }).html].map(visible).join('\n');
  for (const secret of ['Khải', '0912', 'Bích Hạnh', '0987']) expect(pages).not.toContain(secret);
  expect(pages).toContain('Tháng 10/2026');
  expect(pages).toContain('(1 ý kiến công khai)');
  // The row whose place is no location code is left out, and Nhật ký names it.
  expect(logRows(sb).join('\n')).toMatch(new RegExp(`thiếu mã địa điểm.*${home}`));
  for (const [k, v] of sb.world.script.properties.entries()) {
    if (k.startsWith('PUBLIC_RESULTS:')) expect(`${k} ${v}`).not.toMatch(/Khải|0912|Bích Hạnh|0987/);
  }
});
