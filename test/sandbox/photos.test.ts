/**
 * Photos through submitFeedback on the built script: type by magic bytes, size and count limits, private Drive
 * files named by tracking code, links in the row and the email, never in the lookup; a retry makes no new files.
 */
import { newBox, payload } from '../../sandbox/box';

/** A small but structurally whole JPEG: SOI, a JFIF APP0 segment, filler, EOI. */
function jpeg(size = 2000): Buffer {
  const b = Buffer.alloc(size, 0x11);
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]).copy(b, 0);
  b[size - 2] = 0xff;
  b[size - 1] = 0xd9;
  return b;
}

const photo = (bytes: Buffer, type = 'image/jpeg') => ({ name: 'anh.jpg', type, dataBase64: bytes.toString('base64') });

function sheetRow(sb: ReturnType<typeof newBox>, row = 2) {
  return sb.world.sheets.bound()!.getSheetByName('Góp ý')!.getRange(row, 1, 1, 25).getValues()[0];
}

test('accepted photos are saved privately in the photos folder, linked in the row and the email, never in the lookup', () => {
  const sb = newBox();
  const res = sb.run<{ ok: boolean; trackingCode: string }>('submitFeedback', [payload({ photos: [photo(jpeg()), photo(jpeg(3000))] })]);
  expect(res.value.ok).toBe(true);
  const code = res.value.trackingCode;
  const files = sb.world.drive.files().filter((f) => f.name.startsWith(code));
  expect(files.map((f) => f.name).sort()).toEqual([`${code}-1.jpg`, `${code}-2.jpg`]);
  const folder = sb.world.drive.folders().find((f) => f.name === 'Ảnh góp ý (riêng tư)')!;
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

test('the same requestId retried never makes a second set of files', () => {
  const sb = newBox();
  const p = payload({ photos: [photo(jpeg())] });
  const a = sb.run<{ trackingCode: string }>('submitFeedback', [p]).value;
  sb.world.script.cache.clear();
  const b = sb.run<{ trackingCode: string }>('submitFeedback', [p]).value;
  expect(b.trackingCode).toBe(a.trackingCode);
  expect(sb.world.drive.files().filter((f) => f.mimeType === 'image/jpeg')).toHaveLength(1);
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
  for (const photos of cases) {
    const res = sb.run<{ ok: boolean }>('submitFeedback', [payload({ photos })]).value;
    expect(res.ok).toBe(true);
  }
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
  expect(sb.world.drive.files().filter((f) => f.name.startsWith(res.trackingCode))).toHaveLength(3);
});
