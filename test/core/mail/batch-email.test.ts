import {
  BODY_LIMIT_BYTES,
  batchEmails,
  batchPartId,
  bodyBytes,
  excerpt,
  makeBatchId,
  type BatchEntry,
} from '../../../src/core/mail/batch-email';
import { isTrackingCode } from '../../../src/core/intake/tracking-code';

function entry(i: number, over: Partial<BatchEntry> = {}): BatchEntry {
  return {
    trackingCode: `HB-${String(i).padStart(7, 'A')}`,
    receivedText: `06/12/2026 ${String(8 + (i % 10)).padStart(2, '0')}:00`,
    locationName: 'Nhà văn hóa khu dân cư số 1',
    locationCode: 'KDC01',
    kind: 'Phản ánh',
    category: 'Vệ sinh môi trường',
    content: `Ý kiến số ${i}: rác thải đổ bừa bãi ở đầu ngõ, đề nghị phường cho thu gom sớm. `.repeat(8),
    photos: '',
    ...over,
  };
}

const opts = {
  recipients: ['mttq@example.org'],
  committeeName: 'Ủy ban MTTQ phường Hòa Bình',
  sheetUrl: 'https://docs.google.com/x',
  batchId: '0612-2215',
};

test('one email lists every opinion oldest first with code, time, place, kind, category, excerpt and photo count', () => {
  const entries = [entry(1, { photos: 'https://a\nhttps://b' }), entry(2), entry(3)];
  const mails = batchEmails(entries, opts);
  expect(mails).toHaveLength(1);
  const m = mails[0];
  expect(m.to).toEqual(['mttq@example.org']);
  expect(m.subject).toContain('3 ý kiến mới');
  expect(m.subject).toContain(batchPartId('0612-2215', 1));
  const at = entries.map((e) => m.text.indexOf(e.trackingCode));
  expect(at.every((i) => i >= 0)).toBe(true);
  expect([...at].sort((a, b) => a - b)).toEqual(at);
  expect(m.text).toContain('2 ảnh');
  expect(m.text).toContain('Nhà văn hóa khu dân cư số 1 (KDC01)');
  expect(m.text).toContain('Phản ánh · Vệ sinh môi trường');
  expect(m.html).toContain('<b>HB-AAAAAA1</b>');
});

test('an opinion without a place reads "Chưa xác định", never an empty pair of brackets', () => {
  const m = batchEmails([entry(1, { locationCode: '', locationName: '' }), entry(2)], opts)[0];
  expect(m.text).toContain('HB-AAAAAA1 – 06/12/2026 09:00 – Chưa xác định\n');
  expect(m.html).toContain('– 06/12/2026 09:00 – Chưa xác định<br>');
  expect(m.text + m.html).not.toContain('()');
  expect(m.text).toContain('Nhà văn hóa khu dân cư số 1 (KDC01)');
});

test('the excerpt is about 300 characters on one line, marked when cut; short text stays whole', () => {
  expect(excerpt('ngắn\n gọn')).toBe('ngắn gọn');
  const long = excerpt('chữ '.repeat(200));
  expect(Array.from(long).length).toBeLessThanOrEqual(301);
  expect(long.endsWith('…')).toBe(true);
});

test('resident text is escaped in the HTML and never carries contact details', () => {
  const m = batchEmails([entry(1, { content: '<script>alert(1)</script> gọi 0912345678' })], opts)[0];
  expect(m.html).not.toContain('<script>');
  expect(m.html).toContain('&lt;script&gt;');
});

test('a flood backlog splits into few emails, each under the 200 KB body limit, in order and without loss', () => {
  const entries = Array.from({ length: 1200 }, (_, i) => entry(i + 1));
  const mails = batchEmails(entries, opts);
  for (const m of mails) expect(bodyBytes(m)).toBeLessThan(BODY_LIMIT_BYTES);
  // As few as fit: every email but the last is more than half full.
  for (const m of mails.slice(0, -1)) expect(bodyBytes(m)).toBeGreaterThan(BODY_LIMIT_BYTES / 2);
  const codes = mails.flatMap((m) => [...m.text.matchAll(/^\d+\. (HB-\w{7})/gm)].map((x) => x[1]));
  expect(codes).toEqual(entries.map((e) => e.trackingCode));
  expect(mails[0].subject).toContain(`(phần 1/${mails.length})`);
  expect(mails.length).toBeGreaterThan(1);
  expect(mails.length).toBeLessThan(12);
});

test('no opinions, no email; a single huge entry still goes alone', () => {
  expect(batchEmails([], opts)).toEqual([]);
  expect(batchEmails([entry(1)], { ...opts, budgetBytes: 100 })).toHaveLength(1);
});

test('batch ids name the run in Vietnam time and never look like a tracking code', () => {
  const id = makeBatchId(new Date('2026-12-06T15:15:00Z'), 'X2');
  expect(id).toBe('0612-2215-X2');
  expect(isTrackingCode(id)).toBe(false);
});
