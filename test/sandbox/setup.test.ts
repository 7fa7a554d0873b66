/**
 * setup() on the built script: creates everything once, and a second run changes nothing.
 */
import { ADMIN, newBox, payload, setConfigValue } from '../../sandbox/box';
import { worldSnapshot } from '../../sandbox/snapshot';

test('a fresh setup creates the sheets, folders and one trigger of each kind', () => {
  const sb = newBox({ bare: true });
  const changes = sb.run<string[]>('setup', [], { user: ADMIN }).value;
  expect(changes.length).toBeGreaterThan(5);
  const ss = sb.world.sheets.bound()!;
  expect(ss.getSheets().map((s) => s.getName())).toEqual(['Góp ý', 'Cấu hình', 'Địa điểm', 'Nhật ký']); // the empty starter sheet is gone
  const responses = ss.getSheetByName('Góp ý')!;
  expect(responses.getRange(1, 1, 1, 3).getValues()[0]).toEqual(['Mã theo dõi', 'Thời gian nhận', 'Nguồn']);
  expect(responses.getFrozenRows()).toBe(1);
  expect(responses.getFilter()).not.toBeNull();
  expect(responses.conditionalRules).toHaveLength(1);
  expect(responses.protections[0].isWarningOnly()).toBe(true);
  const handlers = sb.world.script.triggers.map((t) => t.handler).sort();
  expect(handlers).toEqual(['onStaffEdit', 'purgeExpiredPersonalData', 'sendPendingEmails', 'sendWeeklyDigest']);
  const folders = sb.world.drive.folders().map((f) => f.name);
  expect(folders).toEqual(expect.arrayContaining(['Hòm thư số góp ý – Phường Hòa Bình', 'Poster QR', 'Báo cáo', 'Ảnh góp ý (riêng tư)']));
  expect(sb.world.script.properties.get('SPREADSHEET_ID')).toBe(ss.id);
});

test('running setup twice changes nothing the second time', () => {
  const sb = newBox({ bare: true });
  sb.run('setup', [], { user: ADMIN });
  const before = worldSnapshot(sb.world);
  const triggers = sb.world.script.triggers.length;
  const second = sb.run<string[]>('setup', [], { user: ADMIN });
  expect(second.value).toEqual([]);
  expect(sb.world.script.triggers.length).toBe(triggers);
  // No write of any kind reached the sheets, properties, Drive or triggers.
  const writes = Object.keys(second.calls).filter((k) => /\.(set|insert|create|append|protect|delete)/.test(k) && !k.startsWith('Cache.'));
  expect(writes).toEqual([]);
  const after = JSON.parse(worldSnapshot(sb.world));
  const expected = JSON.parse(before);
  delete after.cache;
  delete expected.cache;
  expect(after).toEqual(expected);
});

test('setup repairs a deleted sheet, an edited header and a trashed folder, and says so', () => {
  const sb = newBox();
  const ss = sb.world.sheets.bound()!;
  ss.deleteSheet(ss.getSheetByName('Nhật ký')!);
  ss.getSheetByName('Góp ý')!.getRange(1, 6).setValue('Loai sai');
  const reports = sb.world.drive.folders().find((f) => f.name === 'Báo cáo')!;
  reports.setTrashed(true);
  const changes = sb.run<string[]>('setup', [], { user: ADMIN }).value.join('\n');
  expect(changes).toMatch(/Tạo trang "Nhật ký"/);
  expect(changes).toMatch(/F1 "Loai sai" → "Loại"/);
  expect(changes).toMatch(/"Báo cáo" đã bị xóa/);
  expect(ss.getSheetByName('Góp ý')!.getRange(1, 6).getValue()).toBe('Loại');
});

test('a bad value in Cấu hình is reported with its cell, and submissions keep the last good configuration', () => {
  const sb = newBox();
  // A first submission reads (and remembers) the good configuration.
  expect(sb.run<{ ok: boolean }>('submitFeedback', [payload()]).value.ok).toBe(true);
  setConfigValue(sb, 'Email nhận ý kiến', 'not-an-email');
  setConfigValue(sb, 'Lĩnh vực', '');
  const changes = sb.run<string[]>('setup', [], { user: ADMIN });
  void changes;
  const problems = sb.world.logs.map((l) => l.message).join('\n');
  expect(problems).toMatch(/B\d+: Email nhận ý kiến: email không hợp lệ: not-an-email/);
  expect(problems).toMatch(/B\d+: Lĩnh vực: danh sách lĩnh vực đang trống/);
  const res = sb.run<{ ok: boolean }>('submitFeedback', [payload()]).value;
  expect(res.ok).toBe(true);
  expect(sb.world.gmail.sent.at(-1)!.to).toEqual(['mttq.hoabinh@example.org']);
});

test('changing the digest day in Cấu hình and running setup again moves the digest trigger, and only it', () => {
  const sb = newBox();
  const before = sb.world.script.triggers.map((t) => [t.handler, t.uid, t.schedule]);
  setConfigValue(sb, 'Ngày gửi tổng hợp tuần', 'Thứ sáu');
  setConfigValue(sb, 'Giờ gửi tổng hợp tuần', '16');
  const changes = sb.run<string[]>('setup', [], { user: ADMIN }).value.join('\n');
  expect(changes).toMatch(/Lịch gửi tổng hợp tuần đã đổi/);
  const after = sb.world.script.triggers.map((t) => [t.handler, t.uid, t.schedule]);
  expect(after).toHaveLength(before.length);
  const digest = after.find((t) => t[0] === 'sendWeeklyDigest')!;
  expect(digest[2]).toBe('weekly on FRIDAY at 16h');
  expect(after.filter((t) => t[0] !== 'sendWeeklyDigest')).toEqual(before.filter((t) => t[0] !== 'sendWeeklyDigest'));
  expect(sb.run<string[]>('setup', [], { user: ADMIN }).value).toEqual([]);
});

test('the Sheet menu lists only functions the pushed script has, and shows only with a UI', () => {
  const sb = newBox();
  sb.run('onOpen', [], { user: ADMIN, ui: true });
  const items = sb.world.script.menus.get('Hòm thư số')!;
  expect(items.length).toBeGreaterThanOrEqual(8);
  const fns = sb.topLevelFunctions();
  for (const item of items) expect(fns).toContain(item.fn);
  expect(items.map((i) => i.fn)).toEqual(
    expect.arrayContaining(['setup', 'generatePosters', 'buildSynthesisReport', 'assignCodesToManualRows']),
  );
});

test('an edited header of Góp ý and a bad config value are written to Nhật ký once, and opinions keep flowing', () => {
  const sb = newBox();
  const ss = sb.world.sheets.bound()!;
  ss.getSheetByName('Góp ý')!.getRange(1, 8).setValue('Nội dung ý kiến');
  setConfigValue(sb, 'Email quản trị', 'ai đó');
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
  expect(reports[0]).toMatch(/B\d+: Email quản trị: email không hợp lệ/);
  // Fixed: one line says so.
  ss.getSheetByName('Góp ý')!.getRange(1, 8).setValue('Nội dung');
  setConfigValue(sb, 'Email quản trị', ADMIN);
  sb.run('submitFeedback', [payload()]);
  const after = ss
    .getSheetByName('Nhật ký')!
    .getDataRange()
    .getValues()
    .map((r) => String(r[2]));
  expect(after.at(-1)).toBe('Cấu hình đã hợp lệ trở lại.');
});
