/**
 * Cleaning up after a flood on the built script: rows staff mark "Rác / spam" move to the Rác sheet with their photos
 * trashed, are restored by tracking code, and are deleted after 30 days; Nhật ký names codes, never content.
 */
import { ADMIN, boxSheet, logRows, newBox, payload } from '../../sandbox/box';
import { structuralJpeg } from '../helpers/jpeg';
import { COL } from '../../src/core/records/feedback-record';
import type { SubmitResult } from '../../src/shared/types';

const DAY = 86_400_000;

function codesIn(sb: ReturnType<typeof newBox>, sheet: string): string[] {
  return boxSheet(sb, sheet)
    .getDataRange()
    .getValues()
    .slice(1)
    .map((r) => String(r[0]));
}

test('marked rows move to Rác with their photos trashed, come back as "Mới", and expire after 30 days', () => {
  let clock = Date.UTC(2026, 11, 7, 2, 0, 0);
  const sb = newBox({ now: () => clock });
  const photo = { name: 'a.jpg', type: 'image/jpeg', dataBase64: structuralJpeg(3000).toString('base64') };
  const submit = (content: string, photos: unknown[] = []) =>
    (sb.run<SubmitResult>('submitFeedback', [payload({ content, photos })]).value as { trackingCode: string }).trackingCode;
  const junk1 = submit('Quảng cáo vay tiền nhanh lãi suất thấp, gọi ngay.', [photo]);
  const real = submit('Đèn đường ngõ 5 hỏng đã hai tuần.');
  const junk2 = submit('Quảng cáo bán hàng giảm giá, nhắn tin ngay hôm nay.');
  const sheet = boxSheet(sb, 'Góp ý');
  for (const row of [2, 4]) sheet.getRange(row, COL.status).setValue('Rác / spam');

  const moved = sb.run<{ ok: boolean; moved: number; photos: number }>('moveSpamToTrash', [], { user: ADMIN }).value;
  expect(moved).toMatchObject({ ok: true, moved: 2, photos: 1 });
  expect(codesIn(sb, 'Góp ý')).toEqual([real]);
  expect(codesIn(sb, 'Rác')).toEqual([junk1, junk2]);
  const rac = boxSheet(sb, 'Rác').getDataRange().getValues();
  expect(rac[0].at(-1)).toBe('Chuyển vào Rác lúc');
  expect(rac[1][COL.content - 1]).toContain('vay tiền');
  expect(sb.world.drive.files().find((f) => f.name.startsWith(junk1))!.trashed).toBe(true);
  const log = logRows(sb).filter((l) => l.startsWith('Dọn ý kiến rác'));
  expect(log.join('\n')).toContain(`${junk1}, ${junk2}`);
  expect(log.join('\n')).not.toContain('vay tiền');
  // Nothing marked any more: a second run moves nothing.
  expect(sb.run<{ moved: number }>('moveSpamToTrash', [], { user: ADMIN }).value.moved).toBe(0);

  // A real opinion marked by mistake comes back, as new, with its photo.
  const back = sb.run<{ ok: boolean; moved: number; lines: string[] }>(
    'restoreFromTrash',
    [{ codes: `${junk1.toLowerCase()}, HB-ZZZZZZZ` }],
    {
      user: ADMIN,
    },
  ).value;
  expect(back).toMatchObject({ ok: true, moved: 1 });
  expect(back.lines.join(' ')).toContain('Không có trong trang Rác: HB-ZZZZZZZ');
  expect(codesIn(sb, 'Góp ý')).toEqual([real, junk1]);
  expect(codesIn(sb, 'Rác')).toEqual([junk2]);
  const restored = sheet.getRange(3, 1, 1, 25).getValues()[0];
  expect(restored[COL.status - 1]).toBe('Mới');
  expect(restored[COL.content - 1]).toBe('Quảng cáo vay tiền nhanh lãi suất thấp, gọi ngay.');
  expect(sb.world.drive.files().find((f) => f.name.startsWith(junk1))!.trashed).toBe(false);

  // 29 days on, Rác keeps its row; after 30 the nightly run deletes it.
  clock += 29 * DAY;
  sb.fireHandler('purgeExpiredPersonalData');
  expect(codesIn(sb, 'Rác')).toEqual([junk2]);
  clock += 2 * DAY;
  sb.fireHandler('purgeExpiredPersonalData');
  expect(codesIn(sb, 'Rác')).toEqual([]);
  expect(logRows(sb).join('\n')).toContain(`Đã xóa hẳn 1 dòng ở trang "Rác" đã quá 30 ngày: ${junk2}`);
});

test('a visitor cannot run the clean-up or the restore', () => {
  const sb = newBox();
  expect(() => sb.run('moveSpamToTrash', [])).toThrow();
  expect(() => sb.run('restoreFromTrash', [{ codes: 'HB-AAAAAAA' }])).toThrow();
});

test('a sort just before a row is deleted takes no real opinion with it: the row is put back, the move finishes on a re-run', () => {
  const sb = newBox();
  const submit = (content: string) =>
    (sb.run<SubmitResult>('submitFeedback', [payload({ content })]).value as { trackingCode: string }).trackingCode;
  const real = ['Cống ngõ 3 tắc.', 'Đèn đường ngõ 5 hỏng.', 'Vỉa hè ngõ 7 bị lấn chiếm.'].map(submit);
  const junk = submit('Quảng cáo vay tiền nhanh, gọi ngay.');
  const sheet = boxSheet(sb, 'Góp ý');
  sheet.getRange(5, COL.status).setValue('Rác / spam');
  const before = new Map(
    sheet
      .getDataRange()
      .getValues()
      .map((r) => [String(r[0]), JSON.stringify(r)]),
  );
  // Staff sort by content (descending) in the very moment between the box's check of the row and its deletion.
  let armed = true;
  sb.world.faultHook = (call) => {
    if (!armed || call !== 'Sheet.deleteRows') return;
    armed = false;
    sheet.getRange(2, 1, sheet.getLastRow() - 1, sheet.getLastColumn()).sort({ column: COL.content, ascending: false });
  };
  const first = sb.run<{ ok: boolean }>('moveSpamToTrash', [], { user: ADMIN }).value;
  sb.world.faultHook = null;
  for (const c of real)
    expect(
      JSON.stringify(
        boxSheet(sb, 'Góp ý')
          .getDataRange()
          .getValues()
          .find((r) => r[0] === c),
      ),
    ).toBe(before.get(c));
  expect(codesIn(sb, 'Rác')).toEqual([junk]);
  expect(first.ok).toBe(false);

  expect(sb.run<{ ok: boolean }>('moveSpamToTrash', [], { user: ADMIN }).value.ok).toBe(true);
  expect(codesIn(sb, 'Góp ý').sort()).toEqual([...real].sort());
  expect(codesIn(sb, 'Rác')).toEqual([junk]);
});

test('a move stopped by a sort keeps the photos of the marked rows it left in Góp ý; the re-run trashes them', () => {
  const sb = newBox();
  const photo = { name: 'a.jpg', type: 'image/jpeg', dataBase64: structuralJpeg(3000).toString('base64') };
  const submit = (content: string, photos: unknown[] = []) =>
    (sb.run<SubmitResult>('submitFeedback', [payload({ content, photos })]).value as { trackingCode: string }).trackingCode;
  ['Cống ngõ 3 tắc.', 'Đèn đường ngõ 5 hỏng.'].map((c) => submit(c));
  const junk = submit('Quảng cáo vay tiền nhanh, gọi ngay.', [photo]);
  const sheet = boxSheet(sb, 'Góp ý');
  sheet.getRange(4, COL.status).setValue('Rác / spam');
  let armed = true;
  sb.world.faultHook = (call) => {
    if (!armed || call !== 'Sheet.deleteRows') return;
    armed = false;
    sheet.getRange(2, 1, sheet.getLastRow() - 1, sheet.getLastColumn()).sort({ column: COL.content, ascending: false });
  };
  const first = sb.run<{ ok: boolean; photos: number }>('moveSpamToTrash', [], { user: ADMIN }).value;
  sb.world.faultHook = null;
  expect(first.ok).toBe(false);
  expect(codesIn(sb, 'Góp ý')).toContain(junk);
  const file = () => sb.world.drive.files().find((f) => f.name.startsWith(junk))!;
  expect(file().trashed).toBe(false);
  expect(first.photos).toBe(0);
  const again = sb.run<{ ok: boolean; photos: number }>('moveSpamToTrash', [], { user: ADMIN }).value;
  expect(again).toMatchObject({ ok: true, photos: 1 });
  expect(codesIn(sb, 'Góp ý')).not.toContain(junk);
  expect(file().trashed).toBe(true);
});

test('spam scattered over many rows is moved with one read of the code column per deletion, not of the whole sheet', () => {
  const sb = newBox();
  const submit = (content: string) =>
    (sb.run<SubmitResult>('submitFeedback', [payload({ content })]).value as { trackingCode: string }).trackingCode;
  const codes = Array.from({ length: 12 }, (_, i) => submit(`Ý kiến số ${i + 1} về đường ngõ ${i + 1} trong khu dân cư.`));
  const sheet = boxSheet(sb, 'Góp ý');
  // Every other row: six runs of one row each.
  const junk = codes.filter((_, i) => i % 2 === 0);
  for (let i = 0; i < codes.length; i += 2) sheet.getRange(i + 2, COL.status).setValue('Rác / spam');

  const run = sb.run<{ ok: boolean; moved: number }>('moveSpamToTrash', [], { user: ADMIN });
  expect(run.value).toMatchObject({ ok: true, moved: 6 });
  expect(codesIn(sb, 'Góp ý')).toEqual(codes.filter((_, i) => i % 2 === 1));
  expect(codesIn(sb, 'Rác')).toEqual(junk);
  expect(run.calls['Sheet.deleteRows']).toBe(6);
  // The plan's read and the one kept to put a row back from; each deletion is checked in the code column alone.
  expect(run.calls['Sheet.getDataRange']).toBe(1);
});

test('a row pasted into Rác by hand (no time of its own) gets one from the nightly run and goes 30 days later', () => {
  let clock = Date.UTC(2026, 11, 7, 2, 0, 0);
  const sb = newBox({ now: () => clock });
  const junk = (
    sb.run<SubmitResult>('submitFeedback', [payload({ content: 'Quảng cáo vay tiền nhanh, gọi 0912 345 678.' })]).value as {
      trackingCode: string;
    }
  ).trackingCode;
  boxSheet(sb, 'Góp ý').getRange(2, COL.status).setValue('Rác / spam');
  sb.run('moveSpamToTrash', [], { user: ADMIN });
  // Staff cut another row out of Góp ý and paste it into Rác: it has no "Chuyển vào Rác lúc".
  const goPy = boxSheet(sb, 'Góp ý');
  const other = (
    sb.run<SubmitResult>('submitFeedback', [payload({ content: 'Bán hàng giảm giá, nhắn tin ngay.' })]).value as {
      trackingCode: string;
    }
  ).trackingCode;
  const rac = boxSheet(sb, 'Rác');
  const pasted = goPy.getRange(2, 1, 1, COL.publish).getValues()[0];
  rac.appendRow(pasted);
  goPy.deleteRow(2);
  expect(codesIn(sb, 'Rác')).toEqual([junk, other]);

  sb.fireHandler('purgeExpiredPersonalData');
  const stamped = rac.getDataRange().getValues()[2].at(-1);
  expect(stamped).toBeInstanceOf(Date);
  clock += 31 * DAY;
  sb.fireHandler('purgeExpiredPersonalData');
  expect(codesIn(sb, 'Rác')).toEqual([]);
});
