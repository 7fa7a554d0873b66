/**
 * The identity firewall on the built script: the lookup's public reply and the report carry no personal data, an
 * opinion's text in the report is capped; the nightly run trashes the box's sent mail past the retention period and
 * reports past their archive period; the owner erases or corrects one resident's data by tracking code (row, photos,
 * the box's emails), logged without the data, refused to anyone else.
 */
import { ADMIN, STAFF, logRows, newBox, nthCode, payload, rowOfCode } from '../../sandbox/box';
import { FakeBlob, type FakeFile, type FakeFolder } from '../../sandbox/fakes/drive';
import type { FakeSheet } from '../../sandbox/fakes/spreadsheet';
import { worldSnapshot } from '../../sandbox/snapshot';
import { modelledMs } from '../../sandbox/time-model';
import type { Sandbox } from '../../sandbox/vm';
import { ACCESS_DENIED } from '../../src/core/admin/guard';
import { PLACEHOLDERS } from '../../src/core/privacy/mask';
import { COL } from '../../src/core/records/feedback-record';
import type { AdminResult, LookupResult, SubmitResult } from '../../src/shared/types';
import { structuralJpeg } from '../helpers/jpeg';

const DAY = 24 * 3600 * 1000;

const LAN = {
  name: 'Nguyễn Thị Lan',
  phone: '0912 345 678',
  email: 'lan.nguyen@example.com',
  address: 'Số 12 ngõ 34 Hàng Bông',
};
/** Every spelling of Lan's data this file plants; none may survive an erasure or reach a report. */
const LAN_SECRETS = ['Nguyễn Thị Lan', 'NGUYEN THI LAN', '0912', '345 678', 'lan.nguyen', 'Hàng Bông', '001095012345'];

function responses(sb: Sandbox): FakeSheet {
  return sb.world.boxSpreadsheet()!.getSheetByName('Góp ý')!;
}

function cell(sb: Sandbox, code: string, key: keyof typeof COL): unknown {
  return responses(sb).getRange(rowOfCode(sb, code), COL[key]).getValue();
}

const photo = () => ({ name: 'anh.jpg', type: 'image/jpeg', dataBase64: structuralJpeg().toString('base64') });

/** Lan's opinion through the form, with photos and her data typed into the text too; and the committee email sent. */
function submitLan(sb: Sandbox, over: Record<string, unknown> = {}): string {
  const res = sb.run<SubmitResult & { trackingCode: string }>('submitFeedback', [
    payload({
      ...LAN,
      consent: true,
      content: 'Tôi là NGUYEN THI LAN (CCCD 001095012345), gọi 0912.345.678 giúp. Đèn đường ngõ 15 hỏng từ ngày 12/10.',
      photos: [photo(), photo()],
      ...over,
    }),
  ]);
  expect(res.value.ok).toBe(true);
  return res.value.trackingCode;
}

/** Staff answer it in the Sheet: the reply email goes to the resident. */
function answer(sb: Sandbox, code: string, reply: string): void {
  const row = rowOfCode(sb, code);
  responses(sb).getRange(row, COL.publicReply).setValue(reply);
  const [run] = sb.editSheet(STAFF, { sheet: 'Góp ý', row, column: COL.status }, [['Đã trả lời']]);
  expect(run.value).toMatchObject({ repliesSent: 1 });
}

function mailsAbout(sb: Sandbox, code: string) {
  return sb.world.gmail.sent.filter((m) => m.subject.includes(code) || m.body.includes(`Mã theo dõi: ${code}`));
}

describe('what leaves the inbox carries no personal data', () => {
  test('the lookup shows the public reply with the sender’s own data and any phone masked', () => {
    const sb = newBox();
    const code = submitLan(sb);
    answer(sb, code, 'Chị Nguyễn Thị Lan: đã thay bóng đèn ngày 20/10; cần gì gọi tổ trưởng 0987 654 321.');
    const found = sb.run<LookupResult>('lookupFeedback', [code]).value;
    expect(found).toMatchObject({
      found: true,
      reply: `Chị ${PLACEHOLDERS.name}: đã thay bóng đèn ngày 20/10; cần gì gọi tổ trưởng ${PLACEHOLDERS.phone}.`,
    });
  });

  test('the report masks every spelling and caps a long opinion, ending with where to read it in full', () => {
    const sb = newBox();
    const long = `Tôi là Nguyễn Thị Lan, gọi 0912 345 678. ${'Cống thoát nước ngõ 15 tắc, nước tràn lên đường. '.repeat(70)}`.slice(
      0,
      3900,
    );
    const lan = submitLan(sb);
    const longCode = submitLan(sb, { content: long, photos: [] });
    const now = new Date(Date.now() + 7 * 3600_000);
    const period = `${String(now.getUTCMonth() + 1).padStart(2, '0')}/${now.getUTCFullYear()}`;
    const ok = sb.run<{ ok: boolean }>('buildSynthesisReport', [{ period }], { user: ADMIN });
    expect(ok.value.ok).toBe(true);
    const doc = sb.world.docs.all().find((d) => d.getName().startsWith('Báo cáo tổng hợp'))!;
    const text = doc.text();
    for (const s of LAN_SECRETS) expect(text).not.toContain(s);
    // The report's issues table: one row per issue, its representative text in the second column and the tracking
    // codes (with non-breaking hyphens) in the last.
    const textOf = (code: string) => {
      const printed = code.replace(/-/g, '\u2011');
      const row = text.split('\n').find((l) => l.split('\t').at(-1)!.split(', ').includes(printed));
      return row!.split('\t')[1];
    };
    expect(textOf(lan)).toContain(`Tôi là ${PLACEHOLDERS.name} (CCCD ${PLACEHOLDERS.id}), gọi ${PLACEHOLDERS.phone} giúp.`);
    const content = textOf(longCode);
    expect(content.length).toBeLessThanOrEqual(600);
    expect(content.startsWith(`Tôi là ${PLACEHOLDERS.name}, gọi ${PLACEHOLDERS.phone}. Cống thoát nước`)).toBe(true);
    expect(content.endsWith(`… (xem đầy đủ theo mã ${longCode})`)).toBe(true);
  });
});

describe('the nightly run: a purge over thousands of photos', () => {
  test('trashes a bounded number of photos a night, blanks every row at once, and the later runs trash the rest, each once', () => {
    const sb = newBox();
    const now = Date.now();
    sb.world.setClock(() => now - 800 * DAY);
    const template = responses(sb)
      .getRange(rowOfCode(sb, submitLan(sb, { photos: [] })), 1, 1, responses(sb).getLastColumn())
      .getValues()[0];
    const folder = sb.world.drive.folders().find((f) => f.name === 'Ảnh góp ý (riêng tư)') as FakeFolder;
    // 700 opinions received 800 days ago, two photos each: past the 24 months kept (the owner shortened them).
    const rows: unknown[][] = [];
    const photos: FakeFile[] = [];
    for (let i = 0; i < 700; i++) {
      const code = nthCode(i + 100);
      const mine = [1, 2].map((n) => folder.createFile(new FakeBlob(structuralJpeg(), 'image/jpeg', `${code}-${n}.jpg`)));
      photos.push(...mine);
      const row = [...template];
      row[COL.trackingCode - 1] = code;
      row[COL.photos - 1] = mine.map((f) => f.getUrl()).join('\n');
      rows.push(row);
    }
    responses(sb)
      .getRange(responses(sb).getLastRow() + 1, 1, rows.length, template.length)
      .setValues(rows);
    const mine = new Set(photos.map((f) => f.id));
    const strangers = sb.world.drive.files().filter((f) => !mine.has(f.id) && !f.trashed);
    sb.world.setClock(() => now);

    const [first] = sb.fireHandler('purgeExpiredPersonalData');
    const out = first.value as { rows: number; photosTrashed: number; orphans?: { trashed: number } };
    // Well inside Apps Script's 6 minutes, with the other pieces of the night.
    expect(modelledMs(first)).toBeLessThanOrEqual(300_000);
    expect(out.rows).toBe(701);
    for (const r of rows) expect(cell(sb, String(r[COL.trackingCode - 1]), 'photos')).toBe('');
    expect(out.photosTrashed).toBeGreaterThan(0);
    let trashed = out.photosTrashed + (out.orphans?.trashed ?? 0);
    expect(trashed).toBeLessThan(photos.length);
    expect(photos.filter((f) => f.trashed)).toHaveLength(trashed);
    const line = logRows(sb).find((l) => l.startsWith('Xóa thông tin cá nhân |'))!;
    expect(line).toContain(`đã chuyển ${out.photosTrashed} ảnh vào thùng rác`);
    expect(line).toContain(`còn ${photos.length - out.photosTrashed} ảnh`);
    expect(line.normalize('NFC')).toBe(line);

    // The pending runs (every 15 minutes) trash the queued ones a slice at a time, each counted once; the nights
    // after do the rest, each night bounded too.
    let nights = 1;
    const pendingTrashed = (r: { value: unknown }) =>
      Number(/Đã chuyển (\d+) ảnh của ý kiến hết hạn/.exec((r.value as AdminResult).lines.join('\n'))?.[1] ?? 0);
    while (trashed < photos.length && nights < 10) {
      for (let k = 1; k < 96 && trashed < photos.length; k++) {
        sb.world.setClock(() => now + (nights - 1) * DAY + k * 15 * 60_000);
        for (const r of sb.fireHandler('sendPendingEmails')) {
          expect(r.callCount).toBeLessThanOrEqual(400);
          trashed += pendingTrashed(r);
        }
        expect(photos.filter((f) => f.trashed)).toHaveLength(trashed);
      }
      sb.world.setClock(() => now + nights * DAY);
      const [run] = sb.fireHandler('purgeExpiredPersonalData');
      const o = run.value as { photosTrashed: number; orphans?: { trashed: number } };
      expect(modelledMs(run)).toBeLessThanOrEqual(300_000);
      trashed += o.photosTrashed + (o.orphans?.trashed ?? 0);
      expect(photos.filter((f) => f.trashed)).toHaveLength(trashed);
      nights++;
    }
    expect(trashed).toBe(photos.length);
    expect(photos.every((f) => f.trashed)).toBe(true);
    expect(strangers.every((f) => !f.trashed)).toBe(true);
  });
});

describe('the nightly run: sent mail and reports past their periods', () => {
  test('trashes the box’s committee emails and replies older than the retention period, and nothing else', () => {
    const sb = newBox({ emailQuota: 100000 });
    const now = Date.now();
    sb.world.setClock(() => now - 800 * DAY);
    const old = submitLan(sb, { photos: [] });
    answer(sb, old, 'Đã sửa đèn.');
    sb.run('sendWeeklyDigest', [], { user: ADMIN });
    sb.world.gmail.send(ADMIN, `Re: về ý kiến ${old}`, 'Thư chủ hòm thư tự viết.');
    const oldMails = mailsAbout(sb, old).filter((m) => !m.subject.startsWith('Re:'));
    expect(oldMails.map((m) => m.subject)).toEqual([expect.stringContaining(old), expect.stringMatching(/^Trả lời ý kiến/)]);
    sb.world.setClock(() => now);
    const recent = submitLan(sb, { photos: [] });

    const [night] = sb.fireHandler('purgeExpiredPersonalData');
    const lines = (night.value as AdminResult).lines.join('\n');
    expect(lines).toMatch(
      /Đã chuyển 2 chuỗi thư \(email báo ý kiến, thư trả lời\) gửi trước ngày \d\d\/\d\d\/\d{4} vào thùng rác của Gmail \(lưu 24 tháng\)\./,
    );
    for (const m of sb.world.gmail.sent) {
      const expected = oldMails.includes(m);
      expect({ subject: m.subject, trashed: Boolean(m.trashed) }).toEqual({ subject: m.subject, trashed: expected });
    }
    expect(mailsAbout(sb, recent).every((m) => !m.trashed)).toBe(true);
    expect(logRows(sb).join('\n')).toMatch(/Xóa thư quá hạn \| Đã chuyển 2 chuỗi thư/);

    // The next night has nothing to trash and logs nothing more.
    const logged = logRows(sb).length;
    const [again] = sb.fireHandler('purgeExpiredPersonalData');
    expect((again.value as AdminResult).lines.join('\n')).toMatch(/Đã chuyển 0 chuỗi thư/);
    expect(logRows(sb).filter((l) => l.startsWith('Xóa thư quá hạn'))).toHaveLength(1);
    expect(logRows(sb).length).toBeGreaterThanOrEqual(logged);
  });

  test('past the retention period, the public reply loses the sender’s data with the contact cells, on the results page and in the lookup', () => {
    const sb = newBox();
    const now = Date.now();
    sb.world.setClock(() => now - 800 * DAY);
    const code = submitLan(sb, { photos: [] });
    responses(sb).getRange(rowOfCode(sb, code), COL.publish).setValue(true);
    answer(sb, code, 'Kính gửi bà Lan Nguyễn: ngày 20/10 đã thay bóng đèn trước Số 12 ngõ 34 Hàng Bông.');
    sb.world.setClock(() => now);
    const expected = `Kính gửi bà ${PLACEHOLDERS.name}: ngày 20/10 đã thay bóng đèn trước ${PLACEHOLDERS.address}.`;
    const published = () => {
      sb.run('refreshPublicResults', [], { user: ADMIN });
      const page = sb.run<{ getContent(): string }>('doGet', [{ parameter: { view: 'results', loc: 'KDC01' } }]).value.getContent();
      const found = sb.run<LookupResult>('lookupFeedback', [code]).value;
      return [/<div class="reply">([^<]*)/.exec(page)?.[1], found.found ? found.reply : undefined];
    };
    expect(published()).toEqual([expected, expected]);
    sb.fireHandler('purgeExpiredPersonalData');
    expect(cell(sb, code, 'name')).toBe('');
    expect(published()).toEqual([expected, expected]);
  });

  test('a backlog of old mail is trashed a bounded number per night, and drains over the next nights', () => {
    const sb = newBox({ emailQuota: 100000 });
    const now = Date.now();
    sb.world.setClock(() => now - 900 * DAY);
    for (let i = 0; i < 230; i++) {
      const code = `HB-${String(2222222 + i).replace(/[01]/g, '2')}`;
      sb.world.gmail.send('mttq@example.org', `[Hòm thư góp ý] ${code} – Nhà văn hóa – Vệ sinh môi trường`, `Mã theo dõi: ${code}`);
    }
    sb.world.setClock(() => now);
    const first = sb.fireHandler('purgeExpiredPersonalData')[0];
    const trashed = () => sb.world.gmail.sent.filter((m) => m.trashed).length;
    // As many as the night's call budget pays for, a page of 100 at most per move.
    expect(trashed()).toBeGreaterThanOrEqual(100);
    expect(trashed()).toBeLessThan(230);
    expect(first.calls['GmailApp.moveThreadsToTrash']).toBe(Math.ceil(trashed() / 100));
    expect((first.value as AdminResult).lines.join('\n')).toMatch(/Còn thư cũ: đêm sau xóa tiếp\./);
    sb.fireHandler('purgeExpiredPersonalData');
    expect(trashed()).toBe(230);
  });

  test('trashes reports and notices made before the archive period, keeps the newer ones', () => {
    const sb = newBox();
    const now = Date.now();
    sb.world.setClock(() => now - 61 * 30 * DAY);
    submitLan(sb, { photos: [] });
    expect(sb.run<{ ok: boolean }>('buildLocationNotices', [], { user: ADMIN }).value.ok).toBe(true);
    sb.world.setClock(() => now);
    expect(sb.run<{ ok: boolean }>('buildLocationNotices', [], { user: ADMIN }).value.ok).toBe(true);
    const folder = sb.world.script.properties.get('REPORTS_FOLDER_ID')!;
    const inFolder = () => sb.world.drive.files().filter((f) => f.parentId === folder);
    expect(inFolder()).toHaveLength(4);
    const [night] = sb.fireHandler('purgeExpiredPersonalData');
    expect((night.value as AdminResult).lines.join('\n')).toMatch(
      /Đã chuyển 2 tệp báo cáo, kết quả theo địa điểm lập trước ngày .* \(lưu 60 tháng\)\./,
    );
    const old = inFolder().filter((f) => (f as FakeFile).getDateCreated().getTime() < now - 60 * 30 * DAY);
    expect(old).toHaveLength(2);
    for (const f of inFolder()) expect({ name: f.name, trashed: f.trashed }).toEqual({ name: f.name, trashed: old.includes(f) });
    expect(logRows(sb).join('\n')).toMatch(/Xóa báo cáo quá hạn lưu \| Đã chuyển 2 tệp/);
  });
});

describe('a resident’s request by tracking code (handleResidentRequest)', () => {
  function setUp() {
    const sb = newBox({ emailQuota: 100000 });
    const code = submitLan(sb);
    answer(sb, code, 'Chị Nguyễn Thị Lan: đã thay bóng đèn.');
    const other = submitLan(sb, {
      name: 'Trần Văn Hùng',
      phone: '0988777666',
      email: 'hung@example.com',
      address: '',
      photos: [photo()],
      content: 'Rác ở ngõ 7 chưa thu gom.',
    });
    sb.world.gmail.send(ADMIN, `Re: về ý kiến ${code}`, `Thư chủ hòm thư tự viết về ${code}.`);
    return { sb, code, other };
  }

  test('erasure: contact and photo cells blanked, her data masked in the texts, her photos and the box’s emails trashed, logged without data', () => {
    const { sb, code, other } = setUp();
    const photos = sb.world.drive.files().filter((f) => f.name.startsWith(code));
    expect(photos).toHaveLength(2);
    const mails = mailsAbout(sb, code).filter((m) => !m.subject.startsWith('Re:'));
    expect(mails).toHaveLength(2);
    const otherBefore = responses(sb).getRange(rowOfCode(sb, other), 1, 1, 25).getValues();

    const run = sb.run<AdminResult>('handleResidentRequest', [{ code: ` ${code.toLowerCase()} `, request: 'erase' }], { user: ADMIN });
    expect(run.value.ok).toBe(true);
    expect(run.value.lines[0]).toBe(
      `Ý kiến ${code}: đã xóa họ tên, số điện thoại, email, địa chỉ, ảnh, thông tin cá nhân trong nội dung ý kiến, thông tin cá nhân trong trả lời công khai.`,
    );
    expect(run.value.lines.join('\n')).toContain(
      'Đã chuyển 2 ảnh và 2 chuỗi thư của hòm thư (email báo ý kiến, thư trả lời) vào thùng rác.',
    );
    expect(run.value.lines.join('\n')).toMatch(/lịch sử phiên bản của bảng tính/);

    for (const key of ['name', 'phone', 'email', 'address', 'photos'] as const) expect(cell(sb, code, key)).toBe('');
    expect(cell(sb, code, 'content')).toBe(
      `Tôi là ${PLACEHOLDERS.name} (CCCD ${PLACEHOLDERS.id}), gọi ${PLACEHOLDERS.phone} giúp. Đèn đường ngõ 15 hỏng từ ngày 12/10.`,
    );
    expect(cell(sb, code, 'publicReply')).toBe(`Chị ${PLACEHOLDERS.name}: đã thay bóng đèn.`);
    expect(cell(sb, code, 'status')).toBe('Đã trả lời');
    expect(cell(sb, code, 'consent')).toBe('Có');
    expect(photos.every((f) => f.isTrashed())).toBe(true);
    expect(mails.every((m) => m.trashed)).toBe(true);
    // Everyone else's row, photos and mail, and the owner's own mail, stay.
    expect(responses(sb).getRange(rowOfCode(sb, other), 1, 1, 25).getValues()).toEqual(otherBefore);
    expect(sb.world.drive.files().filter((f) => f.name.startsWith(other) && f.isTrashed())).toHaveLength(0);
    expect(sb.world.gmail.sent.filter((m) => m.trashed)).toHaveLength(2);

    const log = logRows(sb).filter((l) => l.startsWith('Quyền của người gửi'));
    expect(log).toHaveLength(1);
    expect(log[0]).toContain(`Mã ${code}: xóa thông tin cá nhân theo đề nghị của người gửi`);
    for (const s of LAN_SECRETS) expect(logRows(sb).join('\n')).not.toContain(s);
    for (const s of LAN_SECRETS) expect(run.value.lines.join('\n')).not.toContain(s);

    // Asked again: nothing left to erase, nothing written.
    const again = sb.run<AdminResult>('handleResidentRequest', [{ code, request: 'erase' }], { user: ADMIN });
    expect(again.value.lines[0]).toBe(`Ý kiến ${code}: không còn thông tin cá nhân nào trong bảng tính.`);
    expect(again.calls['Range.setValues'] ?? 0).toBe(0);
  });

  test('correction: only the cells that change, as literal text; "-" empties one', () => {
    const { sb, code } = setUp();
    const run = sb.run<AdminResult>(
      'handleResidentRequest',
      [{ code, request: 'correct', name: '=HYPERLINK("http://x","Lan")', phone: '+84 987 654 321', email: '-', address: LAN.address }],
      { user: ADMIN },
    );
    expect(run.value).toMatchObject({ ok: true, lines: [`Ý kiến ${code}: đã sửa họ tên, số điện thoại; đã xóa email.`] });
    expect(cell(sb, code, 'name')).toBe('=HYPERLINK("http://x","Lan")');
    expect(responses(sb).getRange(rowOfCode(sb, code), COL.name).getFormula()).toBe('');
    expect(cell(sb, code, 'phone')).toBe('0987654321');
    expect(cell(sb, code, 'email')).toBe('');
    expect(cell(sb, code, 'address')).toBe(LAN.address);
    // The photos and emails are untouched by a correction.
    expect(sb.world.drive.files().filter((f) => f.name.startsWith(code) && f.isTrashed())).toHaveLength(0);
    expect(sb.world.gmail.sent.some((m) => m.trashed)).toBe(false);
    expect(run.calls['Range.setValues']).toBe(1); // name, phone and email are neighbours: one write; the address is unchanged
    expect(logRows(sb).join('\n')).not.toMatch(/0987|HYPERLINK/);
  });

  test('bad requests are said plainly in Vietnamese and change nothing', () => {
    const { sb, code } = setUp();
    const before = worldSnapshot(sb.world);
    const cases: [unknown, RegExp][] = [
      [{ code: 'HB-12', request: 'erase' }, /Mã theo dõi không đúng dạng/],
      [{ code: 'HB-2222222', request: 'erase' }, /Không tìm thấy ý kiến có mã HB-2222222 trong trang Góp ý\. Không thay đổi gì\./],
      [{ code, request: 'erase', phone: '0912345678' }, /hãy để trống các ô thông tin mới/],
      [{ code, request: 'correct', phone: '12' }, /Số điện thoại mới không hợp lệ/],
      [{ code }, /Hãy chọn "Xóa thông tin cá nhân" hoặc "Sửa thông tin liên hệ"/],
      [undefined, /Mã theo dõi không đúng dạng/],
    ];
    for (const [input, message] of cases) {
      const run = sb.run<AdminResult>('handleResidentRequest', input === undefined ? [] : [input], { user: ADMIN });
      expect(run.value.ok).toBe(false);
      expect(run.value.lines.join('\n')).toMatch(message);
    }
    expect(worldSnapshot(sb.world)).toBe(before);
  });

  test('refused to anyone but the owner, changing nothing', () => {
    const { sb, code } = setUp();
    const before = worldSnapshot(sb.world);
    for (const opts of [{}, { user: 'visitor@example.com' }]) {
      expect(() => sb.run('handleResidentRequest', [{ code, request: 'erase', triggerUid: '42' }], opts)).toThrow(ACCESS_DENIED);
    }
    // A staff member running the project as themselves.
    expect(() => sb.run('handleResidentRequest', [{ code, request: 'erase' }], { user: STAFF, effectiveUser: STAFF })).toThrow(
      /chỉ chủ sở hữu hòm thư/,
    );
    expect(worldSnapshot(sb.world)).toBe(before);
  });
});

describe('the lookup status', () => {
  test('one of the box’s statuses is shown as it is; a note staff typed in its place is masked like the reply', () => {
    const sb = newBox();
    const code = submitLan(sb);
    const row = rowOfCode(sb, code);
    responses(sb).getRange(row, COL.status).setValue('Đang xử lý');
    expect(sb.run<LookupResult>('lookupFeedback', [code]).value).toMatchObject({ found: true, status: 'Đang xử lý' });
    responses(sb).getRange(row, COL.status).setValue('Đã gọi chị Nguyễn Thị Lan, hẹn 0987 654 321');
    const found = sb.run<LookupResult>('lookupFeedback', [code]).value as { status: string };
    expect(found.status).toBe(`Đã gọi chị ${PLACEHOLDERS.name}, hẹn ${PLACEHOLDERS.phone}`);
  });
});
