/**
 * Photos through submitFeedback on the built script: type by magic bytes, size and count limits, private Drive
 * files named by tracking code, links in the row and the email, never in the lookup; a retry leaves no second set of
 * files; an execution killed anywhere leaves no photo that the nightly run does not link or trash.
 */
import { ADMIN, logRows, newBox, payload } from '../../sandbox/box';
import { COL } from '../../src/core/records/feedback-record';
import { FakeBlob } from '../../sandbox/fakes/drive';
import { structuralJpeg } from '../helpers/jpeg';
import type { SubmitResult } from '../../src/shared/types';

const jpeg = (size?: number) => structuralJpeg(size);

const photo = (bytes: Buffer, type = 'image/jpeg') => ({ name: 'anh.jpg', type, dataBase64: bytes.toString('base64') });

function sheetRow(sb: ReturnType<typeof newBox>, row = 2) {
  return sb.world.boxSpreadsheet()!.getSheetByName('Góp ý')!.getRange(row, 1, 1, 25).getValues()[0];
}

test('accepted photos are saved privately in the photos folder, linked in the row and the email, never in the lookup', () => {
  const sb = newBox();
  const res = sb.run<{ ok: boolean; trackingCode: string }>('submitFeedback', [payload({ photos: [photo(jpeg()), photo(jpeg(3000))] })]);
  expect(res.value.ok).toBe(true);
  expect(res.value).not.toHaveProperty('warnings');
  const code = res.value.trackingCode;
  const files = sb.world.drive.files().filter((f) => f.name.startsWith(code));
  expect(files.map((f) => f.name).sort()).toEqual([`${code}-1.jpg`, `${code}-2.jpg`]);
  const folder = sb.world.drive.folders().find((f) => f.name === 'Ảnh góp ý (riêng tư)')!;
  expect(folder.getSharingAccess()).toBe('PRIVATE');
  for (const f of files) {
    expect(f.parentId).toBe(folder.id);
    expect(f.getSharingAccess()).toBe('PRIVATE');
    expect(f.mimeType).toBe('image/jpeg');
  }
  const links = String(sheetRow(sb)[13]);
  expect(links.split('\n')).toHaveLength(2);
  expect(sb.world.gmail.sent[0].body).toContain(files[0].getUrl());
  const lookup = JSON.stringify(sb.run('lookupFeedback', [code]).value);
  expect(lookup).not.toContain('drive.google.com');
});

test('a photo reports the sharing of a folder above it, as in Drive (so the privacy checks above can fail)', () => {
  const sb = newBox();
  const code = sb.run<{ trackingCode: string }>('submitFeedback', [payload({ photos: [photo(jpeg())] })]).value.trackingCode;
  const file = sb.world.drive.files().find((f) => f.name.startsWith(code))!;
  const parent = sb.world.drive.get(file.parentId!) as unknown as { parentId: string };
  const grandparent = sb.world.drive.get(parent.parentId) as unknown as { setSharing(a: string, p: string): void };
  grandparent.setSharing('ANYONE_WITH_LINK', 'VIEW');
  expect(file.getSharingAccess()).toBe('ANYONE_WITH_LINK');
});

test('the same requestId retried never leaves a second set of files: the retry trashes the copies it saved', () => {
  const sb = newBox();
  const p = payload({ photos: [photo(jpeg())] });
  const a = sb.run<{ trackingCode: string }>('submitFeedback', [p]).value;
  sb.world.script.cache.clear();
  const b = sb.run<{ trackingCode: string }>('submitFeedback', [p]).value;
  expect(b.trackingCode).toBe(a.trackingCode);
  const kept = sb.world.drive.files().filter((f) => f.mimeType === 'image/jpeg' && !f.trashed);
  expect(kept.map((f) => f.name)).toEqual([`${a.trackingCode}-1.jpg`]);
  expect(String(sheetRow(sb)[13])).toBe(kept[0].getUrl());
});

test('bad photos are refused, and the opinion itself is still accepted', () => {
  const sb = newBox();
  const html = Buffer.from('<html><script>alert(1)</script></html>');
  const truncated = jpeg().subarray(0, 1500);
  const tooBig = jpeg(400 * 1024);
  const cases = [
    [photo(html)], // claims JPEG, holds HTML
    [photo(truncated)],
    [photo(tooBig)],
    [{ name: 'x', type: 'image/jpeg', dataBase64: 'A'.repeat(20 * 1024 * 1024) }], // a 20 MB base64 string
    [{ name: 'x', type: 'image/jpeg', dataBase64: '***not base64***' }],
  ];
  const expected = [
    'Ảnh 1 không phải ảnh JPEG/PNG hợp lệ nên không được lưu.',
    'Ảnh 1 bị hỏng hoặc bị cắt dở nên không được lưu.',
    'Ảnh 1 quá lớn (tối đa 300 KB) nên không được lưu.',
    'Ảnh 1 quá lớn (tối đa 300 KB) nên không được lưu.',
    'Ảnh 1 không phải ảnh JPEG/PNG hợp lệ nên không được lưu.',
  ];
  cases.forEach((photos, i) => {
    const res = sb.run<SubmitResult>('submitFeedback', [payload({ photos })]).value;
    // The opinion is recorded and the resident is told which photo was not kept, and why.
    expect(res).toEqual({
      ok: true,
      trackingCode: expect.any(String),
      warnings: [{ field: 'photos', message: expected[i] }],
      // The challenge for the page's next opinion.
      challenge: { token: expect.stringMatching(/^h1\./), bits: expect.any(Number) },
    });
  });
  expect(sb.world.drive.files().filter((f) => !f.mimeType.includes('google-apps'))).toHaveLength(0);
  const warnings = sb.world.logs
    .filter((l) => l.message.includes('photos-refused'))
    .map((l) => l.message)
    .join('\n');
  expect(warnings).toMatch(/không phải ảnh JPEG\/PNG/);
  expect(warnings).toMatch(/bị hỏng hoặc bị cắt dở/);
  expect(warnings).toMatch(/quá lớn/);
});

test('more than 3 photos: the first 3 are kept and the rest refused', () => {
  const sb = newBox();
  const res = sb.run<{ ok: boolean; trackingCode: string }>('submitFeedback', [
    payload({ photos: [1, 2, 3, 4, 5].map(() => photo(jpeg())) }),
  ]).value;
  expect(res.ok).toBe(true);
  expect((res as SubmitResult & { ok: true }).warnings).toEqual([
    { field: 'photos', message: 'Chỉ nhận tối đa 3 ảnh; các ảnh thừa không được lưu.' },
  ]);
  expect(sb.world.drive.files().filter((f) => f.name.startsWith(res.trackingCode))).toHaveLength(3);
});

test('Drive failing while photos are saved: the opinion is recorded and the resident is told the photos were not', () => {
  const sb = newBox();
  sb.world.faultHook = (call) => {
    if (call === 'Folder.createFile') throw new Error('Service error: Drive');
  };
  const res = sb.run<SubmitResult>('submitFeedback', [payload({ photos: [photo(jpeg())] })]).value;
  sb.world.faultHook = null;
  expect(res.ok).toBe(true);
  if (!res.ok) return;
  expect(res.warnings).toEqual([{ field: 'photos', message: expect.stringMatching(/^Ý kiến đã được ghi nhận nhưng chưa lưu được ảnh/) }]);
  expect(sb.world.gmail.sent).toHaveLength(1);
  expect(sb.world.logs.some((l) => l.message.includes('submit.photos-failed'))).toBe(true);
});

describe('no photo is left behind by an execution killed at any point', () => {
  const photosOf = (sb: ReturnType<typeof newBox>) => sb.world.drive.files().filter((f) => f.mimeType === 'image/jpeg' && !f.trashed);
  const rows = (sb: ReturnType<typeof newBox>) => sb.world.boxSpreadsheet()!.getSheetByName('Góp ý')!.getDataRange().getValues().slice(1);

  test('killed before any service call of a submission with two photos, retried, then the nightly run', () => {
    let clock = Date.UTC(2026, 4, 4, 2);
    const sb = newBox({ now: () => clock });
    sb.afterExecution.push(() => (clock += 1000));
    // How many calls one such submission makes.
    const first = payload({ photos: [photo(jpeg()), photo(jpeg(2500))] });
    const calls = sb.run('submitFeedback', [first]).callCount;
    const requests: string[] = [String(first.requestId)];
    for (let k = 1; k <= calls; k++) {
      const p = payload({ photos: [photo(jpeg()), photo(jpeg(2500))] });
      requests.push(String(p.requestId));
      let n = 0;
      let killed = -1;
      sb.world.faultHook = (_call, exec) => {
        if (exec.id === killed || (killed < 0 && ++n === k)) {
          killed = exec.id;
          throw new Error('Execution killed (simulated)');
        }
      };
      try {
        sb.run('submitFeedback', [p]);
      } catch {
        // The page saw a network error.
      }
      sb.world.faultHook = null;
      const retry = sb.run<SubmitResult>('submitFeedback', [p]).value;
      expect(retry.ok).toBe(true);
    }
    // The nightly runs, each bounded, until one finds nothing left to link or trash.
    for (let night = 0; night < 20; night++) {
      clock += 3600_000;
      const o = (sb.fireHandler('purgeExpiredPersonalData')[0].value as { orphans?: { linkedFiles: number; trashed: number } }).orphans;
      if (!o?.linkedFiles && !o?.trashed) break;
    }
    const all = rows(sb);
    const linked = new Map<string, string>();
    for (const id of requests) {
      const mine = all.filter((r) => r[16] === id);
      expect(mine).toHaveLength(1);
      const links = String(mine[0][13]).split('\n');
      expect(links).toHaveLength(2);
      for (const l of links) linked.set(l, String(mine[0][0]));
    }
    // Every photo left in the folder belongs to one row; every link opens a photo that is there.
    for (const f of photosOf(sb))
      if (!linked.has(f.getUrl()) && !String(all[0][13]).includes(f.getUrl())) throw new Error(`orphan ${f.name}`);
    for (const l of linked.keys()) expect(photosOf(sb).some((f) => f.getUrl() === l)).toBe(true);
  });

  test('a retry completes the photos of a row written without them (Drive failed the first time)', () => {
    const sb = newBox();
    const p = payload({ photos: [photo(jpeg())] });
    sb.world.faultHook = (call) => {
      if (call === 'Folder.createFile') throw new Error('Service error: Drive');
    };
    const first = sb.run<SubmitResult>('submitFeedback', [p]).value;
    sb.world.faultHook = null;
    expect(first.ok && first.warnings?.length).toBe(1);
    expect(String(sheetRow(sb)[13])).toBe('');
    sb.world.script.cache.clear();
    const again = sb.run<SubmitResult>('submitFeedback', [p]).value;
    expect(again).toEqual({ ok: true, trackingCode: first.ok ? first.trackingCode : '' });
    const kept = photosOf(sb);
    expect(kept).toHaveLength(1);
    expect(String(sheetRow(sb)[13])).toBe(kept[0].getUrl());
  });

  test('the nightly run links the photos of a row that has none, trashes those no row has, and says so in Nhật ký', () => {
    let clock = Date.UTC(2026, 4, 4, 2);
    const sb = newBox({ now: () => clock });
    // The second photo fails: the first is saved, the row is written without links.
    let n = 0;
    sb.world.faultHook = (call) => {
      if (call === 'Folder.createFile' && ++n === 2) throw new Error('Service error: Drive');
    };
    const res = sb.run<SubmitResult>('submitFeedback', [payload({ photos: [photo(jpeg()), photo(jpeg(2500))] })]).value;
    sb.world.faultHook = null;
    const code = res.ok ? res.trackingCode : '';
    expect(String(sheetRow(sb)[13])).toBe('');
    // A row staff deleted left its photo behind; a file staff put in the folder is not the box's to touch.
    const folder = sb.world.drive.folders().find((f) => f.name === 'Ảnh góp ý (riêng tư)')!;
    const stray = folder.createFile(new FakeBlob(jpeg(), 'image/jpeg', 'HB-ZZZZZZZ-1.jpg'));
    const theirs = folder.createFile(new FakeBlob(jpeg(), 'image/jpeg', 'anh-to-dan-pho.jpg'));
    // Young files may belong to a submission still running: left for the next night.
    sb.fireHandler('purgeExpiredPersonalData');
    expect(String(sheetRow(sb)[13])).toBe('');
    clock += 3600_000;
    const [run] = sb.fireHandler('purgeExpiredPersonalData');
    expect(run.value).toMatchObject({ orphans: { linkedRows: [code], linkedFiles: 1, trashed: 1 } });
    const saved = sb.world.drive.files().find((f) => f.name === `${code}-1.jpg`)!;
    expect(String(sheetRow(sb)[13])).toBe(saved.getUrl());
    expect(stray.trashed).toBe(true);
    expect(theirs.trashed).toBe(false);
    expect(logRows(sb).filter((l) => l.startsWith('Ảnh góp ý'))).toEqual([
      `Ảnh góp ý | Rà thư mục ảnh: đã gắn 1 ảnh vào 1 ý kiến chưa có đường dẫn ảnh (${code}); đã chuyển 1 ảnh không thuộc ý kiến nào (hoặc lưu trùng) vào thùng rác.`,
    ]);
  });
});

test('a photo folder put in the trash is taken back by the nightly run, with the photos saved into it meanwhile', () => {
  const sb = newBox();
  const folder = sb.world.drive.folders().find((f) => f.name === 'Ảnh góp ý (riêng tư)')!;
  const before = (sb.run<SubmitResult>('submitFeedback', [payload({ photos: [photo(jpeg())] })]).value as { trackingCode: string })
    .trackingCode;
  folder.setTrashed(true);
  const during = (sb.run<SubmitResult>('submitFeedback', [payload({ photos: [photo(jpeg())] })]).value as { trackingCode: string })
    .trackingCode;
  const files = () => sb.world.drive.files().filter((f) => f.name.startsWith(before) || f.name.startsWith(during));
  expect(files()).toHaveLength(2);
  expect(files().every((f) => f.isTrashed())).toBe(true);

  sb.fireHandler('purgeExpiredPersonalData');
  expect(folder.isTrashed()).toBe(false);
  expect(files().every((f) => !f.isTrashed() && f.parentId === folder.id)).toBe(true);
  expect(logRows(sb).join('\n')).toContain('thư mục ảnh đang ở thùng rác nên đã được lấy lại');
  // The next night finds nothing to say about it.
  const lines = logRows(sb).length;
  sb.fireHandler('purgeExpiredPersonalData');
  expect(logRows(sb).slice(lines).join('\n')).not.toContain('thùng rác nên đã được lấy lại');
});

test('an opinion restored from Rác while the nightly run is under way keeps its photo: the sweep reads the links afresh', () => {
  let clock = Date.UTC(2026, 4, 4, 2);
  const sb = newBox({ now: () => clock });
  const res = sb.run<SubmitResult>('submitFeedback', [
    payload({ content: 'Ảnh ổ gà trước cửa nhà văn hóa.', photos: [photo(jpeg())] }),
  ]).value;
  const code = res.ok ? res.trackingCode : '';
  const sheet = sb.world.boxSpreadsheet()!.getSheetByName('Góp ý')!;
  sheet.getRange(2, COL.status).setValue('Rác / spam');
  expect(sb.run<{ moved: number; photos: number }>('moveSpamToTrash', [], { user: ADMIN }).value).toMatchObject({ moved: 1, photos: 1 });
  const file = sb.world.drive.files().find((f) => f.name === `${code}-1.jpg`)!;
  expect(file.trashed).toBe(true);
  clock += 3600_000;
  // The owner restores it after the purge read Góp ý, as the photo sweep starts.
  let restored = false;
  sb.world.faultHook = (call) => {
    if (!restored && call === 'Folder.isTrashed') {
      restored = true;
      sb.world.faultHook = null;
      expect(sb.run<{ moved: number }>('restoreFromTrash', [{ codes: code }], { user: ADMIN }).value.moved).toBe(1);
    }
  };
  const [run] = sb.fireHandler('purgeExpiredPersonalData');
  sb.world.faultHook = null;
  expect(restored).toBe(true);
  expect(run.value).toMatchObject({ orphans: { trashed: 0 } });
  expect(file.trashed).toBe(false);
  expect(String(sheetRow(sb)[COL.photos - 1])).toBe(file.getUrl());
});
