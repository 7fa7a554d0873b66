/**
 * setup() on the built script, as the standalone project runs it: creates the spreadsheet (or adopts one) and
 * everything around it once, and a second run changes nothing.
 */
import { ADMIN, BOX_TRIGGER_HANDLERS, boxSheet, boxSpreadsheet, logRows, newBox, payload, setConfigValue } from '../../sandbox/box';
import { worldSnapshot } from '../../sandbox/snapshot';
import type { FakeHtmlOutput } from '../../sandbox/fakes/script';
import type { FakeFile, FakeFolder } from '../../sandbox/fakes/drive';
import type { Sandbox } from '../../sandbox/vm';
import { COL, HEADERS, columnLetter } from '../../src/core/records/feedback-record';
import { structuralJpeg } from '../helpers/jpeg';

/**
 * The calls of a run that write to the sheets, properties, Drive or triggers. The cache is left out, and so is reading
 * the on-demand code (HtmlService.createHtmlOutputFromFile), a read whose name starts like a write.
 */
function writeCalls(calls: Record<string, number>): string[] {
  return Object.keys(calls).filter(
    (k) => /\.(set|insert|create|append|protect|delete|remove)/.test(k) && !k.startsWith('Cache.') && !k.startsWith('HtmlService.'),
  );
}

const photo = () => ({ name: 'anh.jpg', type: 'image/jpeg', dataBase64: structuralJpeg().toString('base64') });

interface SetupResult {
  title: string;
  ok: boolean;
  lines: string[];
  links?: { label: string; url: string }[];
  changes: string[];
}

const runSetup = (sb: Sandbox, args: unknown[] = []) => sb.run<SetupResult>('setup', args, { user: ADMIN });

test('a fresh setup creates the spreadsheet in the box folder, the sheets, protections and one trigger of each kind', () => {
  const sb = newBox({ bare: true });
  expect(sb.world.sheets.all()).toEqual([]);
  const result = runSetup(sb).value;
  expect(result).toMatchObject({ title: 'Cài đặt / sửa chữa hòm thư', ok: true });
  expect(result.changes.length).toBeGreaterThan(5);
  const ss = boxSpreadsheet(sb);
  expect(sb.world.sheets.all()).toEqual([ss]);
  expect(ss.getName()).toBe('Hòm thư số góp ý – Phường Hòa Bình');
  expect(ss.owner).toBe(ADMIN);
  expect(ss.getSheets().map((s) => s.getName())).toEqual(['Góp ý', 'Cấu hình', 'Địa điểm', 'Nhật ký', 'Thống kê']); // the empty starter sheet is gone
  expect(ss.getSpreadsheetLocale()).toBe('vi_VN');
  expect(ss.getSpreadsheetTimeZone()).toBe('Asia/Ho_Chi_Minh');
  const responses = ss.getSheetByName('Góp ý')!;
  expect(responses.getRange(1, 1, 1, 3).getValues()[0]).toEqual(['Mã theo dõi', 'Thời gian nhận', 'Nguồn']);
  expect(responses.getFrozenRows()).toBe(1);
  // Staff use filter views: no basic filter is made.
  expect(responses.getFilter()).toBeNull();
  expect(responses.conditionalRules).toHaveLength(1);
  const root = sb.world.drive.folders().find((f) => f.name === 'Hòm thư số góp ý – Phường Hòa Bình')!;
  const file = sb.world.drive.get(ss.id) as FakeFile;
  expect(file.parentId).toBe(root.id);
  expect(file.isShareableByEditors()).toBe(false);
  const folders = sb.world.drive.folders().filter((f) => f.id !== 'root');
  expect(folders.map((f) => f.name).sort()).toEqual(
    ['Báo cáo', 'Hòm thư số góp ý – Phường Hòa Bình', 'Poster QR', 'Ảnh góp ý (riêng tư)'].sort(),
  );
  expect(folders.every((f: FakeFolder) => !f.isShareableByEditors())).toBe(true);
  const handlers = sb.world.script.triggers.map((t) => t.handler).sort();
  expect(handlers).toEqual(BOX_TRIGGER_HANDLERS);
  expect(sb.world.script.triggers.find((t) => t.handler === 'onStaffEdit')).toMatchObject({ eventType: 'ON_EDIT', sourceId: ss.id });
  expect(sb.world.script.properties.get('SPREADSHEET_ID')).toBe(ss.id);
  expect(result.links).toEqual(
    expect.arrayContaining([
      { label: 'Mở bảng tính của hòm thư', url: ss.getUrl() },
      { label: 'Thư mục của hòm thư trên Drive', url: root.getUrl() },
    ]),
  );
});

test('running setup twice changes nothing the second time', () => {
  const sb = newBox({ bare: true });
  runSetup(sb);
  const before = worldSnapshot(sb.world);
  const triggers = sb.world.script.triggers.length;
  const second = runSetup(sb);
  expect(second.value.changes).toEqual([]);
  expect(second.value.lines[0]).toBe('Không có gì cần thay đổi: hòm thư đã được cài đặt đầy đủ.');
  expect(second.value.lines.at(-1)).toMatch(/^Hãy dán đường dẫn web app cho người dân .* "Đường dẫn cho poster \(tùy chọn\)"/);
  expect(sb.world.script.triggers.length).toBe(triggers);
  // No write of any kind reached the sheets, properties, Drive or triggers.
  const writes = writeCalls(second.calls);
  expect(writes).toEqual([]);
  const after = JSON.parse(worldSnapshot(sb.world));
  const expected = JSON.parse(before);
  delete after.cache;
  delete expected.cache;
  expect(after).toEqual(expected);
});

test("setup links the residents' page by the configured address only, never the running deployment's", () => {
  const sb = newBox();
  sb.world.script.serviceUrl = 'https://script.google.com/macros/s/ADMIN-DEPLOYMENT/exec';
  const unset = runSetup(sb).value;
  expect(JSON.stringify(unset)).not.toContain('ADMIN-DEPLOYMENT');
  expect(unset.lines.at(-1)).toMatch(/"Đường dẫn cho poster \(tùy chọn\)"/);
  setConfigValue(sb, 'Đường dẫn cho poster (tùy chọn)', 'https://gopy.hoabinh.example/');
  const set = runSetup(sb).value;
  expect(set.links).toContainEqual({ label: 'Trang góp ý cho người dân', url: 'https://gopy.hoabinh.example/' });
  expect(JSON.stringify(set)).not.toContain('ADMIN-DEPLOYMENT');
});

test('setup repairs a deleted sheet, an edited header and a trashed folder, and says so', () => {
  const sb = newBox();
  const ss = sb.world.boxSpreadsheet()!;
  ss.deleteSheet(ss.getSheetByName('Nhật ký')!);
  ss.getSheetByName('Góp ý')!.getRange(1, 6).setValue('Loai sai');
  const reports = sb.world.drive.folders().find((f) => f.name === 'Báo cáo')!;
  reports.setTrashed(true);
  const changes = runSetup(sb).value.changes.join('\n');
  expect(changes).toMatch(/Tạo trang "Nhật ký"/);
  expect(changes).toMatch(/F1 "Loai sai" → "Loại"/);
  expect(changes).toMatch(/"Báo cáo" đang ở thùng rác: đã lấy lại/);
  // Taken back, not replaced: the reports in it keep their links.
  expect(reports.isTrashed()).toBe(false);
  expect(sb.world.drive.folders().filter((f) => f.name === 'Báo cáo')).toHaveLength(1);
  expect(ss.getSheetByName('Góp ý')!.getRange(1, 6).getValue()).toBe('Loại');
});

test('the whole box folder in the trash is taken back with its subfolders and every photo in them', () => {
  const sb = newBox();
  const code = (sb.run<{ trackingCode: string }>('submitFeedback', [payload({ photos: [photo()] })]).value as { trackingCode: string })
    .trackingCode;
  const file = sb.world.drive.files().find((f) => f.name.startsWith(code))!;
  const root = sb.world.drive.folders().find((f) => f.name === 'Hòm thư số góp ý – Phường Hòa Bình')!;
  root.setTrashed(true);
  expect(file.isTrashed()).toBe(true);
  const changes = runSetup(sb).value.changes.join('\n');
  expect(changes).toMatch(/"Hòm thư số góp ý – Phường Hòa Bình" đang ở thùng rác: đã lấy lại/);
  expect(changes).not.toMatch(/tạo lại/);
  expect(file.isTrashed()).toBe(false);
  expect(sb.world.drive.folders().filter((f) => f.name === 'Ảnh góp ý (riêng tư)')).toHaveLength(1);
});

test('a bad value in Cấu hình is reported with its cell, and submissions keep the last good configuration', () => {
  const sb = newBox();
  // A first submission reads (and remembers) the good configuration.
  expect(sb.run<{ ok: boolean }>('submitFeedback', [payload()]).value.ok).toBe(true);
  setConfigValue(sb, 'Email nhận ý kiến', 'not-an-email');
  setConfigValue(sb, 'Lĩnh vực', '');
  runSetup(sb);
  const problems = sb.world.logs.map((l) => l.message).join('\n');
  expect(problems).toMatch(/B\d+: Email nhận ý kiến: email không hợp lệ: not-an-email/);
  expect(problems).toMatch(/B\d+: Lĩnh vực: danh sách lĩnh vực đang trống/);
  const res = sb.run<{ ok: boolean }>('submitFeedback', [payload()]).value;
  expect(res.ok).toBe(true);
  expect(sb.world.gmail.sent.at(-1)!.to).toEqual(['mttq.hoabinh@example.org']);
});

test('an unusable location code is reported with its cell and left out of the form; the others keep working', () => {
  const sb = newBox();
  const loc = sb.world.boxSpreadsheet()!.getSheetByName('Địa điểm')!;
  const row = loc.getLastRow() + 1;
  // Typed in the Sheet: the edit trigger reads the locations again.
  sb.editSheet(sb.world.script.ownerEmail, { sheet: 'Địa điểm', row, column: 1, numColumns: 5 }, [
    ['Chợ 01', 'Chợ phường', 'khác', '', true],
  ]);
  sb.world.script.cache.clear();
  const res = sb.run<{ ok: boolean }>('submitFeedback', [payload({ location: 'Chợ 01' })]).value;
  expect(res.ok).toBe(false);
  expect(sb.run<{ ok: boolean }>('submitFeedback', [payload()]).value.ok).toBe(true);
  const nhatKy = sb.world.boxSpreadsheet()!.getSheetByName('Nhật ký')!.getDataRange().getValues();
  const log = nhatKy.map((r) => r.join(' ')).join('\n');
  expect(log).toContain(`Địa điểm!A${row}: "Chợ 01": Mã có dấu cách`);
  expect(log).toMatch(/"Chợ 01": Mã có chữ tiếng Việt có dấu \("ợ"\)/);
  const boot = JSON.parse(
    /id="boot">([\s\S]*?)<\/script>/.exec(sb.run<FakeHtmlOutput>('doGet', [{ parameter: {} }]).value.getContent())![1],
  );
  expect(boot.locations.map((l: { code: string }) => l.code)).not.toContain('Chợ 01');
});

test('a box with no active location says so to the owner: the form would have no place to send an opinion to', () => {
  const sb = newBox();
  const loc = boxSheet(sb, 'Địa điểm');
  const last = loc.getLastRow();
  // The owner unticks Hoạt động on every row, in the Sheet: the edit trigger reads the locations again.
  sb.editSheet(
    sb.world.script.ownerEmail,
    { sheet: 'Địa điểm', row: 2, column: 5, numRows: last - 1 },
    Array.from({ length: last - 1 }, () => [false]),
  );
  sb.world.script.cache.clear();
  const boot = JSON.parse(
    /id="boot">([\s\S]*?)<\/script>/.exec(sb.run<FakeHtmlOutput>('doGet', [{ parameter: {} }]).value.getContent())![1],
  );
  expect(boot.locations).toEqual([]);
  const noPlace = /Địa điểm: Chưa có địa điểm nào đang hoạt động/;
  expect(logRows(sb).join('\n')).toMatch(noPlace);
  expect(runSetup(sb).value.lines.join('\n')).toMatch(noPlace);

  // One place ticked again: the form has somewhere to send to, and nothing more is said.
  sb.editSheet(sb.world.script.ownerEmail, { sheet: 'Địa điểm', row: 2, column: 5 }, [[true]]);
  expect(runSetup(sb).value.lines.join('\n')).not.toMatch(noPlace);
  expect(sb.run<{ ok: boolean }>('submitFeedback', [payload({ location: String(loc.getRange(2, 1).getValue()) })]).value.ok).toBe(true);
});

test('changing the digest day in Cấu hình and running setup again moves the digest trigger, and only it', () => {
  const sb = newBox();
  const before = sb.world.script.triggers.map((t) => [t.handler, t.uid, t.schedule]);
  setConfigValue(sb, 'Ngày gửi tổng hợp tuần', 'Thứ sáu');
  setConfigValue(sb, 'Giờ gửi tổng hợp tuần', '16');
  const changes = runSetup(sb).value.changes.join('\n');
  expect(changes).toMatch(/Lịch gửi tổng hợp tuần đã đổi/);
  const after = sb.world.script.triggers.map((t) => [t.handler, t.uid, t.schedule]);
  expect(after).toHaveLength(before.length);
  const digest = after.find((t) => t[0] === 'sendWeeklyDigest')!;
  expect(digest[2]).toBe('weekly on FRIDAY at 16h');
  expect(after.filter((t) => t[0] !== 'sendWeeklyDigest')).toEqual(before.filter((t) => t[0] !== 'sendWeeklyDigest'));
  expect(runSetup(sb).value.changes).toEqual([]);
});

test('a sheet staff renamed gets its name back with its rows, instead of an empty one beside it', () => {
  const sb = newBox();
  const code = (sb.run<{ trackingCode: string }>('submitFeedback', [payload()]).value as { trackingCode: string }).trackingCode;
  const ss = boxSpreadsheet(sb);
  ss.getSheetByName('Góp ý')!.setName('Góp ý 2026');
  ss.getSheetByName('Nhật ký')!.setName('Nhật ký cũ');
  const changes = runSetup(sb).value.changes;
  expect(changes).toEqual([
    'Trang "Góp ý 2026" là trang "Góp ý" bị đổi tên: đặt lại tên "Góp ý", dữ liệu giữ nguyên.',
    'Trang "Nhật ký cũ" là trang "Nhật ký" bị đổi tên: đặt lại tên "Nhật ký", dữ liệu giữ nguyên.',
  ]);
  expect(ss.getSheets().map((s) => s.getName())).toEqual(['Góp ý', 'Cấu hình', 'Địa điểm', 'Nhật ký', 'Thống kê']);
  expect(boxSheet(sb, 'Góp ý').getRange(2, 1).getValue()).toBe(code);
  expect(runSetup(sb).value.changes).toEqual([]);
});

test('setup leaves one trigger per job: a duplicate and a trigger of a function the box no longer has are deleted', () => {
  const sb = newBox();
  const triggers = sb.world.script.triggers;
  const pending = triggers.find((t) => t.handler === 'sendPendingEmails')!;
  triggers.push({ ...pending, uid: '1000000000000000001' }, { ...pending, uid: '1000000000000000002', handler: 'sendDigestEmails' });
  const changes = runSetup(sb).value.changes;
  expect(changes).toEqual([
    'Xóa trình kích hoạt trùng (gửi lại email chờ gửi mỗi 15 phút): mỗi việc chỉ cần một trình kích hoạt.',
    'Xóa trình kích hoạt của hàm "sendDigestEmails": hòm thư không còn hàm này.',
  ]);
  expect(triggers.map((t) => t.handler).sort()).toEqual(BOX_TRIGGER_HANDLERS);
  expect(triggers).toContainEqual(pending);
  expect(runSetup(sb).value.changes).toEqual([]);
});

test('a scratch trigger the platform check left behind is deleted as such, not as a function the box no longer has', () => {
  const sb = newBox();
  const triggers = sb.world.script.triggers;
  const pending = triggers.find((t) => t.handler === 'sendPendingEmails')!;
  triggers.push({ ...pending, uid: '1000000000000000003', handler: 'lookupFeedback', eventType: 'CLOCK', schedule: 'after' });
  const changes = runSetup(sb).value.changes;
  expect(changes).toEqual(['Xóa trình kích hoạt tạm còn sót lại của bước "Kiểm tra nền tảng" (hàm "lookupFeedback").']);
  expect(triggers.map((t) => t.handler).sort()).toEqual(BOX_TRIGGER_HANDLERS);
});

test.each(['SpreadsheetApp.create', 'ScriptApp.newTrigger'])(
  'a second setup started while the first is at %s waits its turn: one spreadsheet, one trigger of each kind',
  (at) => {
    const sb = newBox({ bare: true });
    let second: SetupResult | undefined;
    sb.world.faultHook = (call) => {
      if (second || !call.startsWith(at)) return;
      second = runSetup(sb).value;
    };
    const first = runSetup(sb).value;
    sb.world.faultHook = null;
    expect(first.ok).toBe(true);
    expect(second).toMatchObject({ ok: false, changes: [] });
    expect(second!.lines[0]).toMatch(/^Hòm thư đang bận .*: chưa thay đổi gì\.$/);
    expect(sb.world.sheets.all()).toHaveLength(1);
    expect(sb.world.script.triggers.map((t) => t.handler).sort()).toEqual(BOX_TRIGGER_HANDLERS);
    expect(runSetup(sb).value.changes).toEqual([]);
  },
);

describe('adopting an existing spreadsheet', () => {
  test("given by URL: it becomes the box's spreadsheet, is repaired in place (not moved), and a second run changes nothing", () => {
    const sb = newBox({ bare: true });
    const old = sb.world.sheets.create('Sổ góp ý cũ', undefined, ADMIN);
    old.insertSheet('Trang tính1');
    old.setSpreadsheetTimeZone('America/Los_Angeles');
    const first = runSetup(sb, [{ spreadsheet: `  ${old.getUrl()}#gid=0 ` }]).value;
    expect(first.ok).toBe(true);
    expect(first.changes).toContain('Ghi nhận bảng tính "Sổ góp ý cũ" của hòm thư.');
    expect(first.changes).toContain('Đặt múi giờ của bảng tính là giờ Việt Nam (Asia/Ho_Chi_Minh) thay cho "America/Los_Angeles".');
    expect(first.changes).toContain(
      'Đặt ngôn ngữ của bảng tính là tiếng Việt (vi_VN) thay cho "en_US": ngày gõ tay đọc theo ngày/tháng/năm.',
    );
    expect(boxSpreadsheet(sb)).toBe(old);
    expect(sb.world.sheets.all()).toEqual([old]);
    expect((sb.world.drive.get(old.id) as FakeFile).parentId).toBe('root');
    expect(sb.world.script.triggers.find((t) => t.handler === 'onStaffEdit')!.sourceId).toBe(old.id);
    const again = runSetup(sb, [{ spreadsheet: old.id }]);
    expect(again.value.changes).toEqual([]);
    expect(runSetup(sb).value.changes).toEqual([]);
  });

  test('moving the box to another spreadsheet re-makes the edit trigger for it, and only that trigger', () => {
    const sb = newBox();
    const first = boxSpreadsheet(sb);
    const other = sb.world.sheets.create('Bảng tính mới', undefined, ADMIN);
    const before = sb.world.script.triggers.filter((t) => t.handler !== 'onStaffEdit').map((t) => t.uid);
    const changes = runSetup(sb, [{ spreadsheet: other.id }]).value.changes;
    expect(changes).toContain('Trình kích hoạt sửa bảng tính đang gắn với bảng tính khác: cài lại cho bảng tính của hòm thư.');
    expect(boxSpreadsheet(sb)).toBe(other);
    expect(sb.world.script.triggers.filter((t) => t.handler === 'onStaffEdit').map((t) => t.sourceId)).toEqual([other.id]);
    expect(sb.world.script.triggers.filter((t) => t.handler !== 'onStaffEdit').map((t) => t.uid)).toEqual(before);
    expect(first.getSheetByName('Góp ý')).not.toBeNull(); // the old one is left as it was
  });

  test.each([
    ['not an id', 'bảng tính của phường', /"bảng tính của phường" không phải mã hay đường dẫn/],
    ['an id nobody shared', '1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg', /Không mở được bảng tính 1AbCdEfGhIj/],
  ])('%s is refused plainly, before anything changes', (_what, typed, message) => {
    const sb = newBox({ bare: true });
    const before = worldSnapshot(sb.world);
    const res = runSetup(sb, [{ spreadsheet: typed }]).value;
    expect(res.ok).toBe(false);
    expect(res.lines.join('\n')).toMatch(message);
    expect(worldSnapshot(sb.world)).toBe(before);
  });
});

test('an edited header of Góp ý and a bad config value are written to Nhật ký once, and opinions keep flowing', () => {
  const sb = newBox();
  const ss = sb.world.boxSpreadsheet()!;
  ss.getSheetByName('Góp ý')!.getRange(1, 8).setValue('Nội dung ý kiến');
  setConfigValue(sb, 'Email nhận ý kiến', 'ai đó');
  for (let i = 0; i < 3; i++) {
    expect(sb.run<{ ok: boolean }>('submitFeedback', [payload()]).value.ok).toBe(true);
    sb.world.script.cache.clear(); // every execution reloads the configuration
  }
  const log = ss
    .getSheetByName('Nhật ký')!
    .getDataRange()
    .getValues()
    .map((r) => String(r[2]));
  const reports = log.filter((l) => l.startsWith('Cần sửa'));
  expect(reports).toHaveLength(1);
  expect(reports[0]).toMatch(/Góp ý!H1: Tiêu đề cột H là "Nội dung ý kiến", đúng ra là "Nội dung"/);
  expect(reports[0]).toMatch(/B\d+: Email nhận ý kiến: email không hợp lệ/);
  // Fixed: one line says so.
  ss.getSheetByName('Góp ý')!.getRange(1, 8).setValue('Nội dung');
  setConfigValue(sb, 'Email nhận ý kiến', 'mttq.hoabinh@example.org');
  sb.run('submitFeedback', [payload()]);
  const after = ss
    .getSheetByName('Nhật ký')!
    .getDataRange()
    .getValues()
    .map((r) => String(r[2]));
  expect(after.at(-1)).toBe('Cấu hình đã hợp lệ trở lại.');
});

describe('an edited header row, through the edit trigger', () => {
  const headerEdit = (sheet: string, column: number) => ({ sheet, row: 1, column });
  const toasts = (sb: Sandbox) => boxSpreadsheet(sb).toasts.map((t) => t.message);
  /** The cached configuration, read again after the edit; problems are never cached (they go to Nhật ký). */
  const cached = (sb: ReturnType<typeof newBox>) => JSON.parse(sb.world.script.cache.get('config:v1')!.value) as Record<string, unknown>;

  test('a changed or deleted header of Góp ý is logged once and toasted, the cached configuration knows it, opinions keep flowing', () => {
    const sb = newBox();
    const ss = sb.world.boxSpreadsheet()!;
    const responses = ss.getSheetByName('Góp ý')!;
    expect(sb.run<{ ok: boolean }>('submitFeedback', [payload()]).value.ok).toBe(true); // the configuration is cached
    expect(sb.world.script.cache.has('config:v1')).toBe(true);

    responses.getRange(1, COL.content).setValue('Nội dung ý kiến');
    const [changed] = sb.fireEdit(headerEdit('Góp ý', COL.content));
    expect(changed.value).toMatchObject({ headerProblems: 1, configInvalidated: true, stamped: 0 });
    const reports = logRows(sb).filter((l) => l.includes('Cần sửa'));
    expect(reports).toHaveLength(1);
    expect(reports[0]).toContain(
      'Góp ý!H1: Tiêu đề cột H là "Nội dung ý kiến", đúng ra là "Nội dung": hãy sửa lại hoặc chạy "Cài đặt / sửa chữa hòm thư".',
    );
    expect(toasts(sb).at(-1)).toContain('Tiêu đề trang "Góp ý" đã bị thay đổi: ô H1 là "Nội dung ý kiến" (đúng ra là "Nội dung")');
    expect(toasts(sb).at(-1)).toContain('"Cài đặt / sửa chữa hòm thư"');
    // The configuration was read again (and cached again) by the edit trigger.
    expect(cached(sb)).not.toHaveProperty('problems');
    expect(cached(sb).responsesGid).toBe(responses.getSheetId());
    const res = sb.run<{ ok: boolean; trackingCode: string }>('submitFeedback', [
      payload({ content: 'Cống thoát nước trước chợ bị tắc.' }),
    ]);
    expect(res.value.ok).toBe(true);
    expect(responses.getRange(responses.getLastRow(), COL.content).getValue()).toBe('Cống thoát nước trước chợ bị tắc.');
    expect(responses.getRange(responses.getLastRow(), COL.trackingCode).getValue()).toBe(res.value.trackingCode);

    responses.getRange(1, COL.kind).setValue('');
    const [deleted] = sb.fireEdit(headerEdit('Góp ý', COL.kind));
    expect(deleted.value).toMatchObject({ headerProblems: 2 });
    expect(logRows(sb).at(-1)).toContain('Góp ý!F1: Tiêu đề cột F đã bị xóa, đúng ra là "Loại"');
    expect(toasts(sb).at(-1)).toContain('ô F1 bị xóa (đúng ra là "Loại")');
    expect(sb.run<{ ok: boolean }>('submitFeedback', [payload()]).value.ok).toBe(true);

    // Undone: one line says the configuration is fine again, and no warning is shown.
    responses.getRange(1, COL.kind, 1, 3).setValues([['Loại', 'Lĩnh vực', 'Nội dung']]);
    const shown = toasts(sb).length;
    const [fixed] = sb.fireEdit({ sheet: 'Góp ý', row: 1, column: COL.kind, numColumns: 3 });
    expect(fixed.value).toMatchObject({ headerProblems: 0 });
    expect(logRows(sb).at(-1)).toBe('Cấu hình | Cấu hình đã hợp lệ trở lại.');
    expect(toasts(sb)).toHaveLength(shown);
  });

  test('a header edit of Địa điểm or Nhật ký is logged and toasted too; a paste from row 1 still stamps the data rows', () => {
    const sb = newBox();
    const ss = sb.world.boxSpreadsheet()!;
    sb.run('doGet', [{ parameter: {} }]);
    ss.getSheetByName('Địa điểm')!.getRange(1, 2).setValue('Tên');
    const [loc] = sb.fireEdit(headerEdit('Địa điểm', 2));
    expect(loc.value).toMatchObject({ headerProblems: 1, configInvalidated: true });
    expect(logRows(sb).at(-1)).toBe(
      'Tiêu đề bảng tính | Địa điểm!B1: Tiêu đề cột B là "Tên", đúng ra là "Tên địa điểm": hãy sửa lại hoặc chạy "Cài đặt / sửa chữa hòm thư".',
    );
    expect(toasts(sb).at(-1)).toContain('Tiêu đề trang "Địa điểm" đã bị thay đổi');

    ss.getSheetByName('Nhật ký')!
      .getRange(1, 1, 1, 3)
      .setValues([['', '', '']]);
    const [log] = sb.fireEdit({ sheet: 'Nhật ký', row: 1, column: 1, numColumns: 3 });
    expect(log.value).toMatchObject({ headerProblems: 1 });
    expect(toasts(sb).at(-1)).toContain('cả dòng tiêu đề đã bị xóa');

    const responses = ss.getSheetByName('Góp ý')!;
    sb.run<{ ok: boolean }>('submitFeedback', [payload()]);
    const [paste] = sb.fireEdit({ sheet: 'Góp ý', row: 1, column: COL.handler, numRows: 2 });
    expect(paste.value).toMatchObject({ headerProblems: 0, stamped: 1 });
    expect(Object.prototype.toString.call(responses.getRange(2, COL.updatedAt).getValue())).toBe('[object Date]');
  });
});

describe('formats and time zone', () => {
  const DATE_FORMAT = 'dd/MM/yyyy HH:mm';

  test('a fresh setup formats the date columns and wraps the text, for rows written later too', () => {
    const sb = newBox();
    const responses = sb.world.boxSpreadsheet()!.getSheetByName('Góp ý')!;
    for (const key of ['receivedAt', 'dueAt', 'updatedAt', 'replySentAt'] as const) {
      expect(
        new Set(
          responses
            .getRange(2, COL[key], responses.getMaxRows() - 1, 1)
            .getNumberFormats()
            .flat(),
        ),
      ).toEqual(new Set([DATE_FORMAT]));
    }
    expect(
      new Set(
        responses
          .getRange(2, COL.content, responses.getMaxRows() - 1, 1)
          .getWrapStrategies()
          .flat(),
      ),
    ).toEqual(new Set(['WRAP']));
    sb.run('submitFeedback', [payload()]);
    expect(responses.getRange(2, COL.receivedAt).getNumberFormat()).toBe(DATE_FORMAT);
    expect(responses.getColumnWidth(COL.content)).toBe(360);
  });

  test('setup re-applies what went missing on an existing box, keeps what staff chose, and then changes nothing', () => {
    const sb = newBox();
    const ss = sb.world.boxSpreadsheet()!;
    const responses = ss.getSheetByName('Góp ý')!;
    const config = ss.getSheetByName('Cấu hình')!;
    const locations = ss.getSheetByName('Địa điểm')!;
    const staffRule = { formula: '=$R2="Mới"', background: '#fff2cc', ranges: ['R2:R1000'] };
    // What staff and time do to a sheet: paste over formats, clear validation, replace the rules, grow the sheet.
    responses.getRange(2, COL.dueAt, 30, 1).setNumberFormat('0.###############');
    responses.getRange(2, COL.content, 10, 1).setWrap(false);
    responses.getRange(2, COL.source, responses.getMaxRows() - 1, 1).setDataValidation(null);
    responses.setConditionalFormatRules([staffRule]);
    responses.setFrozenRows(0);
    responses.columnWidths.delete(COL.content);
    responses.setColumnWidth(COL.handler, 250);
    responses.insertRowsAfter(responses.getMaxRows(), 500);
    config.columnWidths.clear();
    config.getRange(2, 2, 5, 2).setWrap(false);
    locations.getRange(2, 5, locations.getMaxRows() - 1, 1).setDataValidation(null);

    const changes = runSetup(sb).value.changes.join('\n');
    expect(changes).toContain(`Định dạng ngày giờ ${DATE_FORMAT} cho cột Thời gian nhận, Hạn xử lý, Cập nhật lúc, Đã gửi trả lời.`);
    expect(changes).toContain('Tự xuống dòng trong cột Nội dung, Trả lời công khai.');
    expect(changes).toContain('Đặt danh sách chọn cho cột Nguồn.');
    expect(changes).not.toContain('cột Trạng thái');
    expect(changes).toContain('Tô màu các ý kiến quá hạn xử lý.');
    expect(changes).toContain('Cố định dòng tiêu đề trang "Góp ý".');
    expect(changes).toContain('Mở rộng vùng bảo vệ cột A–B (Mã theo dõi, Thời gian nhận) trang "Góp ý" ra cả các dòng mới.');
    expect(changes).toContain('Đặt độ rộng cột H trang "Góp ý".');
    expect(changes).toContain('Đặt độ rộng cột A, B, C trang "Cấu hình".');
    expect(changes).toContain('Tự xuống dòng trong cột Giá trị, Hướng dẫn trang "Cấu hình".');
    expect(changes).toContain('Đặt hộp kiểm cho cột Hoạt động trang "Địa điểm".');

    const maxRows = responses.getMaxRows();
    expect(
      new Set(
        responses
          .getRange(2, COL.dueAt, maxRows - 1, 1)
          .getNumberFormats()
          .flat(),
      ),
    ).toEqual(new Set([DATE_FORMAT]));
    expect(
      new Set(
        responses
          .getRange(2, COL.content, maxRows - 1, 1)
          .getWrapStrategies()
          .flat(),
      ),
    ).toEqual(new Set(['WRAP']));
    expect(responses.getRange(2, COL.source).getDataValidation()!.getCriteriaValues()[0]).toEqual([
      'QR',
      'Thư giấy',
      'Điện thoại',
      'Hội nghị',
      'Khác',
    ]);
    expect(responses.conditionalRules).toHaveLength(2);
    expect(responses.conditionalRules[0]).toEqual(staffRule);
    expect(responses.conditionalRules[1].ranges).toEqual([`A2:${columnLetter(HEADERS.length)}${maxRows}`]);
    expect(responses.getFrozenRows()).toBe(1);
    expect(responses.getFilter()).toBeNull();
    expect(responses.getColumnWidth(COL.content)).toBe(360);
    expect(responses.getColumnWidth(COL.handler)).toBe(250); // staff's choice stays
    expect(config.getColumnWidth(2)).toBe(360);
    expect(locations.getRange(2, 5).getDataValidation()!.getCriteriaType()).toBe('CHECKBOX');

    const again = runSetup(sb);
    expect(again.value.changes).toEqual([]);
    expect(writeCalls(again.calls)).toEqual([]);
  });

  test('a sheet grown past the overdue rule gets the rule over all its rows again', () => {
    const sb = newBox();
    const responses = sb.world.boxSpreadsheet()!.getSheetByName('Góp ý')!;
    responses.insertRowsAfter(responses.getMaxRows(), 1000);
    const changes = runSetup(sb).value.changes;
    expect(changes).toContain('Mở rộng vùng tô màu các ý kiến quá hạn ra cả trang Góp ý.');
    expect(responses.conditionalRules).toHaveLength(1);
    expect(responses.conditionalRules[0].ranges).toEqual([`A2:${columnLetter(HEADERS.length)}2000`]);
    expect(runSetup(sb).value.changes).toEqual([]);
  });

  test('a box set up by an older version gets the locale-proof overdue formula, the owner-only columns and no warning', () => {
    const sb = newBox();
    const responses = boxSheet(sb, 'Góp ý');
    // What the earlier (Sheets-bound) setup left: the ";" formula, a warning-only protection of all system columns.
    responses.conditionalRules[0].formula =
      '=AND($U2<>"";$U2<NOW();NOT(REGEXMATCH($R2;"Đã trả lời|Không thuộc thẩm quyền|Trùng lặp|Đã chuyển")))';
    for (const p of [...responses.protections]) p.remove();
    responses.addProtection('A1:Q1000', 'RANGE').setDescription('Cột hệ thống của hòm thư: không sửa tay').setWarningOnly(true);
    const changes = runSetup(sb).value.changes;
    expect(changes).toContain('Viết lại công thức tô màu ý kiến quá hạn để không phụ thuộc ngôn ngữ của bảng tính.');
    expect(changes.join('\n')).toMatch(/Bỏ cảnh báo ở các cột hệ thống/);
    expect(responses.conditionalRules).toHaveLength(1);
    const formula = responses.conditionalRules[0].formula;
    // No argument separator at all: the same in every locale.
    expect(formula.replace(/"[^"]*"/g, '""')).not.toMatch(/[,;]/);
    expect(formula).toBe(
      '=($U2<>"")*($U2<NOW())*(TRIM($R2)<>"Đã trả lời")*(TRIM($R2)<>"Không thuộc thẩm quyền")*(TRIM($R2)<>"Trùng lặp")*(TRIM($R2)<>"Đã chuyển cơ quan có thẩm quyền")*(TRIM($R2)<>"Rác / spam")',
    );
    expect(responses.protections.map((p) => p.description).sort()).toEqual([
      'Hòm thư số – chỉ chủ sở hữu sửa: cột Email ban, Mã yêu cầu',
      'Hòm thư số – chỉ chủ sở hữu sửa: cột Mã theo dõi, Thời gian nhận',
      'Hòm thư số – chỉ chủ sở hữu sửa: dòng tiêu đề',
    ]);
    expect(runSetup(sb).value.changes).toEqual([]);
  });
});

test('a box whose highlight compares the status as typed gets the formula that trims it, once; rules staff added stay', () => {
  const sb = newBox();
  const responses = boxSheet(sb, 'Góp ý');
  const current = responses.conditionalRules[0].formula;
  expect(current).toContain('TRIM($R2)<>"Đã trả lời"');
  // What the previous version wrote: " Đã trả lời " (spaces typed around it) was highlighted as overdue.
  responses.conditionalRules[0].formula =
    '=($U2<>"")*($U2<NOW())*($R2<>"Đã chuyển cơ quan có thẩm quyền")*($R2<>"Đã trả lời")*($R2<>"Không thuộc thẩm quyền")*($R2<>"Trùng lặp")*($R2<>"Rác / spam")';
  responses.conditionalRules.push({ formula: '=$B2=""', background: '#ffff00', ranges: ['B2:B10'] });
  const changes = runSetup(sb).value.changes;
  expect(changes).toContain('Cập nhật công thức tô màu ý kiến quá hạn để không tính dấu cách thừa quanh trạng thái.');
  expect(responses.conditionalRules.map((r) => r.formula)).toEqual([current, '=$B2=""']);
  expect(runSetup(sb).value.changes).toEqual([]);
});

test('the cached configuration holds only what executions read: locations as code, name and active, no problems', () => {
  const sb = newBox();
  const locations = boxSheet(sb, 'Địa điểm');
  locations
    .getRange(2, 6, 1, 4)
    .setValues([["'https://docs.google.com/document/d/x/edit", "'https://drive.google.com/file/d/y/view", "'01/01/2025", "'ghi chú"]]);
  sb.world.script.cache.clear();
  sb.run('doGet', [{ parameter: {} }]);
  const cached = JSON.parse(sb.world.script.cache.get('config:v1')!.value) as Record<string, unknown> & { locations: object[] };
  // locationRows: the Địa điểm sheet's last row, by which the pending trigger notices a deleted row.
  expect(Object.keys(cached).sort()).toEqual([
    'config',
    'locationRows',
    'locations',
    'photosFolderId',
    'responsesGid',
    'spreadsheetId',
    'spreadsheetUrl',
  ]);
  expect(cached.locations[0]).toEqual({ code: 'TRUSO', name: expect.any(String), active: true });
  expect(cached.locations.every((l) => Object.keys(l).length === 3)).toBe(true);
});

describe('setup and a header that is not on row 1 as written', () => {
  test('rows inserted above the header, a letter typed into row 1: setup keeps the letter and says where the header is', () => {
    const sb = newBox();
    const sheet = boxSheet(sb, 'Góp ý');
    sheet.insertRowsBefore(1, 2);
    sheet.getRange(1, COL.content, 1, 2).setValues([['Thư tay: đèn đường ngõ 9 hỏng.', 'Bà Lê Thị Hồng']]);
    const res = runSetup(sb).value;
    expect(sheet.getRange(1, COL.content, 1, 2).getValues()[0]).toEqual(['Thư tay: đèn đường ngõ 9 hỏng.', 'Bà Lê Thị Hồng']);
    expect(sheet.getRange(3, 1, 1, HEADERS.length).getValues()[0]).toEqual([...HEADERS]);
    expect(res.changes.join('\n')).toContain('dòng 3');
  });

  test('a column removed: setup does not write the header over the moved columns, and says so', () => {
    const sb = newBox();
    sb.run('submitFeedback', [payload()]);
    const sheet = boxSheet(sb, 'Góp ý');
    const rows = sheet.getRange(1, 1, sheet.getLastRow(), HEADERS.length).getValues();
    const at = COL.forwardedTo;
    sheet.getRange(1, 1, rows.length, HEADERS.length).setValues(rows.map((r) => [...r.slice(0, at - 1), ...r.slice(at), '']));
    const header = sheet.getRange(1, 1, 1, HEADERS.length).getValues()[0];
    const res = runSetup(sb).value;
    expect(sheet.getRange(1, 1, 1, HEADERS.length).getValues()[0]).toEqual(header);
    expect(res.changes.join('\n')).toContain('xê dịch');
  });
});
