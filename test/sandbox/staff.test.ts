/**
 * The staff side on the built script: the edit trigger, rows typed by hand, the weekly digest, the synthesis report,
 * the per-location notices and the retention purge, each run as Apps Script would run it.
 */
import { ADMIN, COMMITTEE, STAFF, boxSpreadsheet, logRows, newBox, payload, nthCode, setConfigValue } from '../../sandbox/box';
import { PROTECTED_CELL_MESSAGE } from '../../sandbox/fakes/spreadsheet';
import type { Sandbox } from '../../sandbox/vm';
import { FakeBlob, type FakeFolder } from '../../sandbox/fakes/drive';
import type { FakeSheet } from '../../sandbox/fakes/spreadsheet';
import { COL, COLUMNS, columnLetter, rowToRecord, type FeedbackRecord } from '../../src/core/records/feedback-record';
import { defaultPeriod } from '../../src/core/reports/report';
import { recordToCells } from '../../src/core/intake/submit';
import { ACCESS_DENIED } from '../../src/core/admin/guard';
import type { LookupResult } from '../../src/shared/types';
import { MAX_STATUS_SPELLING_RUNS } from '../../src/core/staff/staff-edit';
import { NIGHT_CALLS } from '../../src/core/privacy/night-budget';
import { queuedPhotos } from '../../src/core/privacy/photo-queue';

const DAY = 24 * 3600 * 1000;

function responses(sb: Sandbox): FakeSheet {
  return sb.world.boxSpreadsheet()!.getSheetByName('Góp ý')!;
}

function cell(sb: Sandbox, row: number, key: keyof typeof COL) {
  return responses(sb).getRange(row, COL[key]).getValue();
}

function setCell(sb: Sandbox, row: number, key: keyof typeof COL, value: unknown) {
  responses(sb).getRange(row, COL[key]).setValue(value);
}

let planted = 0;
const plantedCode = nthCode;
/** Appends a row as the box would have written it, and returns its sheet row. */
function plant(sb: Sandbox, over: Partial<FeedbackRecord> = {}): number {
  planted++;
  const r: FeedbackRecord = {
    ...rowToRecord([]),
    trackingCode: plantedCode(planted),
    receivedAt: new Date(),
    source: 'QR',
    locationCode: 'KDC01',
    locationName: 'Nhà văn hóa khu dân cư số 1',
    kind: 'Phản ánh',
    category: 'Vệ sinh môi trường',
    content: 'Rác thải đổ bừa bãi ở đầu ngõ 12 chưa được thu gom.',
    emailStatus: 'đã gửi',
    requestId: `req-${planted}`,
    status: 'Mới',
    ...over,
  };
  const sheet = responses(sb);
  sheet.appendRow(recordToCells(r));
  return sheet.getLastRow();
}

/** The cells of an edit in the Sheet, for sb.fireEdit / sb.editSheet. */
function editAt(row: number, key: keyof typeof COL, numRows = 1, numColumns = 1, sheet = 'Góp ý') {
  return { sheet, row, column: COL[key], numRows, numColumns };
}

/** Everything a denied call must leave alone. */
function snapshot(sb: Sandbox): string {
  const ss = sb.world.boxSpreadsheet()!;
  return JSON.stringify({
    sheets: ss.getSheets().map((s) => [s.getName(), s.getDataRange().getValues()]),
    mail: sb.world.gmail.sent.length,
    docs: sb.world.docs.all().length,
    files: sb.world.drive.files().map((f) => [f.id, f.trashed]),
    props: [...sb.world.script.properties.entries()],
    cache: [...sb.world.script.cache.keys()],
  });
}

function docByName(sb: Sandbox, prefix: string) {
  const docs = sb.world.docs.all().filter((d) => d.getName().startsWith(prefix));
  expect(docs).toHaveLength(1);
  return docs[0];
}

function reportsFolderId(sb: Sandbox): string {
  return sb.world.script.properties.get('REPORTS_FOLDER_ID')!;
}

describe('onStaffEdit', () => {
  test('an edit in a staff column sets "Cập nhật lúc" of the edited rows only, in one write, read back once', () => {
    const sb = newBox();
    const a = plant(sb);
    const b = plant(sb);
    const c = plant(sb);
    setCell(sb, a, 'status', 'Đang xử lý');
    setCell(sb, b, 'handler', 'Chị Lan');
    const before = Date.now();
    const [run] = sb.fireEdit(editAt(a, 'status', 2, 3));
    expect(run.value).toMatchObject({ stamped: 2, unknownStatuses: 0 });
    for (const row of [a, b]) {
      const at = cell(sb, row, 'updatedAt') as Date;
      expect(Object.prototype.toString.call(at)).toBe('[object Date]');
      expect(at.getTime()).toBeGreaterThanOrEqual(before - 1000);
    }
    expect(cell(sb, c, 'updatedAt')).toBe('');
    // Only those cells: one column of two consecutive rows.
    expect(run.calls['Range.setValues']).toBe(1);
    // The whole sheet once to find the rows, once to check the writes landed where they were meant to.
    expect(run.calls['Range.getValues']).toBe(2);

    // System columns and the header are not staff edits.
    const [sys] = sb.fireEdit(editAt(c, 'content'));
    expect(sys.value).toMatchObject({ stamped: 0 });
    const [head] = sb.fireEdit(editAt(1, 'status'));
    expect(head.value).toMatchObject({ stamped: 0 });
    expect(cell(sb, c, 'updatedAt')).toBe('');
  });

  test('only a real edit event counts: a range given as JSON, even by the owner, stamps nothing and sends nothing', () => {
    const sb = newBox();
    sb.run('submitFeedback', [payload({ email: 'mai.le@example.com', consent: true })]);
    setCell(sb, 2, 'publicReply', "'Đã xử lý.");
    setCell(sb, 2, 'status', 'Đã trả lời');
    const sent = sb.world.gmail.sent.length;
    const forged = { range: { sheet: 'Góp ý', row: 2, column: COL.status, getRow: 2 }, value: 'Đã trả lời' };
    const run = sb.run<{ stamped: number; repliesSent: number }>('onStaffEdit', [forged], { user: ADMIN });
    expect(run.value).toMatchObject({ stamped: 0, repliesSent: 0 });
    expect(cell(sb, 2, 'updatedAt')).toBe('');
    expect(sb.world.gmail.sent).toHaveLength(sent);
  });

  test('the reply is emailed once, with code and public reply but no internal note, even if the trigger fires twice', () => {
    const sb = newBox();
    const p = payload({ name: 'Lê Thị Mai', email: 'mai.le@example.com', consent: true });
    const { trackingCode } = sb.run<{ trackingCode: string }>('submitFeedback', [p]).value;
    const row = 2;
    setCell(sb, row, 'publicReply', "'Tổ vệ sinh đã thu gom rác ngày 05/3. <b>Cảm ơn</b> ông/bà & gia đình.");
    setCell(sb, row, 'internalNote', 'Ghi chú nội bộ: nhắc tổ trưởng khu 1');
    setCell(sb, row, 'status', 'Đã trả lời');
    const event = editAt(row, 'status');
    sb.fireEdit(event);
    sb.fireEdit(event);
    sb.fireEdit(editAt(row, 'publicReply'));
    const toResident = sb.world.gmail.sent.filter((m) => m.to.includes('mai.le@example.com'));
    expect(toResident).toHaveLength(1);
    const mail = toResident[0];
    expect(mail.body).toContain(trackingCode);
    expect(mail.body).toContain('Tổ vệ sinh đã thu gom rác ngày 05/3.');
    expect(mail.body).toContain('Kính gửi ông/bà Lê Thị Mai');
    expect(mail.body).not.toContain('Ghi chú nội bộ');
    expect(mail.htmlBody).not.toContain('nhắc tổ trưởng');
    expect(mail.htmlBody).toContain('&lt;b&gt;Cảm ơn&lt;/b&gt;');
    expect(mail.htmlBody).not.toContain('<b>Cảm ơn');
    expect(mail.replyTo).toBe(COMMITTEE);
    expect(mail.subject).not.toContain(trackingCode);
    const sentAt = cell(sb, row, 'replySentAt');
    expect(Object.prototype.toString.call(sentAt)).toBe('[object Date]');
    expect(logRows(sb).join('\n')).toContain(`Đã gửi thư trả lời cho người dân: ${trackingCode}`);

    // The committee's pending-email retry does not mistake the reply for its own copy.
    setCell(sb, row, 'emailStatus', 'chờ gửi');
    const committeeBefore = sb.world.gmail.sent.filter((m) => m.to.includes(COMMITTEE)).length;
    expect(sb.world.gmail.search(`in:sent subject:"${trackingCode}"`).length).toBe(committeeBefore);
  });

  test('a reply the quota holds back is queued: the pending trigger sends it once the quota is back, once', () => {
    let clock = Date.UTC(2026, 11, 7, 2, 0, 0);
    const sb = newBox({ now: () => clock });
    const { trackingCode } = sb.run<{ trackingCode: string }>('submitFeedback', [
      payload({ name: 'Lê Thị Mai', email: 'mai.le@example.com', consent: true }),
    ]).value;
    sb.world.gmail.exhaust();
    setCell(sb, 2, 'publicReply', "'Đã thu gom rác.");
    setCell(sb, 2, 'status', 'Đã trả lời');
    sb.fireEdit(editAt(2, 'status'));
    const toResident = () => sb.world.gmail.sent.filter((m) => m.to.includes('mai.le@example.com'));
    expect(toResident()).toHaveLength(0);
    expect(cell(sb, 2, 'replySentAt')).toBe('');
    expect(boxSpreadsheet(sb).toasts.at(-1)!.message).toContain('hệ thống sẽ tự gửi lại');
    // Every run while the quota is used up sends nothing and tries nothing (no retry storm).
    clock += 15 * 60_000;
    const before = sb.world.calls.counts.get('GmailApp.sendEmail') ?? 0;
    sb.fireHandler('sendPendingEmails');
    expect(sb.world.calls.counts.get('GmailApp.sendEmail') ?? 0).toBe(before);
    // 24 hours after the quota's first use it is back: the trigger sends the reply, and records it.
    clock += 24 * 3600_000;
    sb.fireHandler('sendPendingEmails');
    sb.fireHandler('sendPendingEmails');
    expect(toResident()).toHaveLength(1);
    expect(toResident()[0].body).toContain(trackingCode);
    expect(Object.prototype.toString.call(cell(sb, 2, 'replySentAt'))).toBe('[object Date]');
  });

  test('a status filled down many answered rows sends a bounded number of replies; the pending trigger sends the rest, each once', () => {
    const sb = newBox({ emailQuota: 1500 });
    const rows = Array.from({ length: 40 }, (_, i) =>
      plant(sb, { email: `dan${i}@example.com`, consent: true, status: 'Đang xử lý', publicReply: `Trả lời ${i}.` }),
    );
    const fill = Array.from({ length: rows.length }, () => ['Đã trả lời']);
    const [run] = sb.editSheet(STAFF, editAt(rows[0], 'status', rows.length), fill);
    // One execution's work does not grow with the fill (Apps Script stops an execution at 6 minutes, marks unwritten).
    expect(run.calls['GmailApp.sendEmail']).toBe(15);
    expect(boxSpreadsheet(sb).toasts.at(-1)!.message).toContain('Còn 25 thư trả lời nữa sẽ được hệ thống tự gửi');
    sb.fireHandler('sendPendingEmails');
    sb.fireHandler('sendPendingEmails');
    sb.fireHandler('sendPendingEmails');
    rows.forEach((_, i) => expect(sb.world.gmail.sent.filter((m) => m.to.includes(`dan${i}@example.com`))).toHaveLength(1));
  });

  test('no reply email without consent, without a public reply, or while another execution holds the lock', () => {
    const sb = newBox();
    const noConsent = plant(sb, { email: 'a.nguyen@example.com', consent: false, status: 'Đã trả lời', publicReply: 'Đã xử lý.' });
    const noReply = plant(sb, { email: 'b.tran@example.com', consent: true, status: 'Đã trả lời' });
    sb.fireEdit(editAt(noConsent, 'status', 2));
    expect(sb.world.gmail.sent).toHaveLength(0);
    expect(cell(sb, noConsent, 'replySentAt')).toBe('');
    const toasts = sb.world
      .boxSpreadsheet()!
      .toasts.map((t) => t.message)
      .join('\n');
    expect(toasts).toContain(`Dòng ${noReply}: hãy ghi "Trả lời công khai"`);

    setCell(sb, noReply, 'publicReply', 'Đã cử cán bộ kiểm tra.');
    sb.world.script.userLockHolder = 99999; // another firing of the trigger
    sb.fireEdit(editAt(noReply, 'publicReply'));
    expect(sb.world.gmail.sent).toHaveLength(0);
    expect(logRows(sb).join('\n')).toContain('đang bận');
    // The holder is the pending run, which sends every due reply itself: nothing for staff to do again.
    expect(logRows(sb).join('\n')).toContain('không cần chọn lại trạng thái');
    sb.world.script.userLockHolder = null;
    sb.fireHandler('sendPendingEmails');
    expect(sb.world.gmail.sent.map((m) => m.to[0])).toEqual(['b.tran@example.com']);
    sb.fireEdit(editAt(noReply, 'publicReply'));
    expect(sb.world.gmail.sent).toHaveLength(1);
  });

  test('an unknown status is reported in Nhật ký and a toast, and new submissions still work', () => {
    const sb = newBox();
    const row = plant(sb);
    setCell(sb, row, 'status', 'đã trả lời xong');
    const other = plant(sb);
    setCell(sb, other, 'status', 'da tra loi');
    const [run] = sb.fireEdit(editAt(row, 'status', 2));
    expect(run.value).toMatchObject({ unknownStatuses: 2, stamped: 2 });
    const log = logRows(sb).join('\n');
    expect(log).toContain(`Dòng ${row}: trạng thái "đã trả lời xong" không có trong danh sách.`);
    expect(log).toContain(`Dòng ${other}: trạng thái "da tra loi" không có trong danh sách. Có phải là "Đã trả lời"?`);
    expect(sb.world.boxSpreadsheet()!.toasts.some((t) => t.message.includes('đã trả lời xong'))).toBe(true);
    expect(sb.world.gmail.sent).toHaveLength(0);
    const res = sb.run<{ ok: boolean }>('submitFeedback', [payload()]).value;
    expect(res.ok).toBe(true);
    expect(responses(sb).getLastRow()).toBe(other + 1);
  });

  test('a malformed "Hạn xử lý" is reported in Nhật ký and a toast naming the cell, and new submissions still work', () => {
    const sb = newBox();
    const impossible = plant(sb);
    const words = plant(sb);
    const fine = plant(sb);
    setCell(sb, impossible, 'dueAt', '30/2/2025'); // no such day: Sheets keeps it as text
    setCell(sb, words, 'dueAt', 'cuối tháng');
    setCell(sb, fine, 'dueAt', '15/03/2025'); // a real date
    expect(typeof cell(sb, impossible, 'dueAt')).toBe('string');
    const due = columnLetter(COL.dueAt);
    const [run] = sb.fireEdit(editAt(impossible, 'dueAt', 3));
    expect(run.value).toMatchObject({ badDates: 2, stamped: 3 });
    const log = logRows(sb).join('\n');
    expect(log).toContain(`Ngày không hợp lệ | Dòng ${impossible}, ô ${due}${impossible} (Hạn xử lý): "30/2/2025" không phải ngày hợp lệ.`);
    expect(log).toContain(`Dòng ${words}, ô ${due}${words} (Hạn xử lý): "cuối tháng" không phải ngày hợp lệ.`);
    expect(log).not.toContain(`ô ${due}${fine}`);
    expect(log).toContain('dd/MM/yyyy');
    const toast = sb.world.boxSpreadsheet()!.toasts.at(-1)!.message;
    expect(toast).toContain(`ô ${due}${impossible} (Hạn xử lý): "30/2/2025"`);
    expect(toast).toContain('dd/MM/yyyy');

    // Text in "Đã gửi trả lời" is a note (sent); a date written wrong there is reported. Other columns are not checked.
    setCell(sb, fine, 'replySentAt', 'đã gọi điện báo');
    setCell(sb, words, 'replySentAt', '31/4/2025');
    const [sent] = sb.fireEdit(editAt(words, 'replySentAt', 2));
    expect(sent.value).toMatchObject({ badDates: 1 });
    expect(logRows(sb).at(-1)).toContain(
      `ô ${columnLetter(COL.replySentAt)}${words} (Đã gửi trả lời): "31/4/2025" không phải ngày hợp lệ.`,
    );
    const [handler] = sb.fireEdit(editAt(impossible, 'handler'));
    expect(handler.value).toMatchObject({ badDates: 0, stamped: 1 });

    const res = sb.run<{ ok: boolean }>('submitFeedback', [payload()]).value;
    expect(res.ok).toBe(true);
    expect(responses(sb).getLastRow()).toBe(fine + 1);
  });

  test('an event without a real Range (even under the real trigger id) is no edit; an edit of Cấu hình reads the configuration again at once', () => {
    const sb = newBox();
    const row = plant(sb);
    const before = snapshot(sb);
    for (const ev of [
      {},
      { range: null },
      { range: { sheet: 'Góp ý', row, column: COL.status } },
      { range: { sheet: 'Góp ý', row, column: COL.status, getSheet: 'x', getRow: 1 } },
    ]) {
      expect(sb.fireHandler('onStaffEdit', ev)[0].value).toMatchObject({ stamped: 0, codesAssigned: 0 });
    }
    expect(snapshot(sb)).toBe(before);
    sb.run('doGet', [{ parameter: {} }]); // fills the cache
    expect(sb.world.script.cache.has('config:v1')).toBe(true);
    // Row 2 is "Tên phường": the trigger reads the configuration again at once, so no resident waits for it.
    const [run] = sb.editSheet(sb.world.script.ownerEmail, { sheet: 'Cấu hình', row: 2, column: 2 }, [['Phường Sửa Đổi']]);
    expect(run.value).toMatchObject({ configInvalidated: true });
    expect(JSON.parse(sb.world.script.cache.get('config:v1')!.value).config.wardName).toBe('Phường Sửa Đổi');
    sb.world.script.cache.clear();
    expect(sb.run<GoogleAppsScript.HTML.HtmlOutput>('doGet', [{ parameter: {} }]).value.getTitle()).toContain('Phường Sửa Đổi');

    sb.world.faultHook = (call) => {
      if (call === 'Range.setValues') throw new Error('Service Spreadsheets failed');
    };
    const [broken] = sb.fireEdit(editAt(2, 'status'));
    sb.world.faultHook = null;
    expect(broken.value).toMatchObject({ stamped: 0 });
    expect(logRows(sb).join('\n')).toContain('Service Spreadsheets failed');
  });
});

describe('a staff member working in the Sheet (an editor of it, a viewer of the script)', () => {
  test('choosing "Đã trả lời" fires the trigger, which emails the reply and stamps the row', () => {
    const sb = newBox();
    const row = plant(sb, { email: 'd.vo@example.com', consent: true, publicReply: 'Đã sửa đèn đường ngõ 7.' });
    const runs = sb.editSheet(STAFF, editAt(row, 'status'), [['Đã trả lời']]);
    expect(runs).toHaveLength(1);
    expect(runs[0].value).toMatchObject({ stamped: 1, repliesSent: 1 });
    expect(sb.world.gmail.sent.map((m) => m.to[0])).toEqual(['d.vo@example.com']);
    expect(Object.prototype.toString.call(cell(sb, row, 'replySentAt'))).toBe('[object Date]');
  });

  test('a status typed in another case or with extra spaces is that status: the reply goes, the lookup shows it', () => {
    const sb = newBox();
    const row = plant(sb, { email: 'd.vo@example.com', consent: true, publicReply: 'Đã sửa đèn đường ngõ 7.' });
    const runs = sb.editSheet(STAFF, editAt(row, 'status'), [[' đã TRẢ  lời '.normalize('NFD')]]);
    expect(runs).toHaveLength(1);
    expect(runs[0].value).toMatchObject({ stamped: 1, repliesSent: 1, unknownStatuses: 0 });
    expect(sb.world.gmail.sent.map((m) => m.to[0])).toEqual(['d.vo@example.com']);
    expect(logRows(sb).join('\n')).not.toContain('không có trong danh sách');
    const code = String(cell(sb, row, 'trackingCode'));
    const found = sb.run<Record<string, unknown>>('lookupFeedback', [code]).value;
    expect(found).toMatchObject({ found: true, status: 'Đã trả lời' });
    // The cell now reads as the box spells it (the dropdown, the highlight and staff's filters see it).
    expect(cell(sb, row, 'status')).toBe('Đã trả lời');
  });

  test('a row typed by hand gets its tracking code from the edit trigger, with no menu and no admin', () => {
    const sb = newBox();
    plant(sb);
    const row = responses(sb).getLastRow() + 1;
    // Staff type the source, then the content: the code comes with the content.
    const first = sb.editSheet(STAFF, editAt(row, 'source'), [['Điện thoại']]);
    expect(first[0].value).toMatchObject({ codesAssigned: 0 });
    expect(cell(sb, row, 'trackingCode')).toBe('');
    const [typed] = sb.editSheet(STAFF, editAt(row, 'kind', 1, 3), [
      ['Phản ánh', 'Hạ tầng – điện chiếu sáng – thoát nước', 'Đèn đường ngõ 9 hỏng.'],
    ]);
    expect(typed.value).toMatchObject({ codesAssigned: 1 });
    const code = String(cell(sb, row, 'trackingCode'));
    expect(code).toMatch(/^HB-[23456789A-HJKMNP-Z]{7}$/);
    expect(cell(sb, row, 'emailStatus')).toBe('chờ gửi');
    expect(cell(sb, row, 'status')).toBe('Mới');
    expect(Object.prototype.toString.call(cell(sb, row, 'receivedAt'))).toBe('[object Date]');
    expect(logRows(sb).join('\n')).toContain(`Đã cấp mã: ${code}`);
    expect(boxSpreadsheet(sb).toasts.at(-1)!.message).toContain(`dòng ${row}: ${code}`);
    // The committee hears of it from the pending-email trigger, as for any typed row.
    const [send] = sb.fireHandler('sendPendingEmails');
    expect(send.value).toMatchObject({ sent: 1, pending: 0 });
    // Typing on in the row keeps its code.
    sb.editSheet(STAFF, editAt(row, 'name'), [['Ông Năm']]);
    expect(cell(sb, row, 'trackingCode')).toBe(code);
  });

  test('the code, received time, email status and request id columns and the header refuse staff; the rest is theirs', () => {
    const sb = newBox();
    const row = plant(sb);
    const before = snapshot(sb);
    for (const key of ['trackingCode', 'receivedAt', 'emailStatus', 'requestId'] as const) {
      expect(() => sb.editSheet(STAFF, editAt(row, key), [['sửa tay']])).toThrow(PROTECTED_CELL_MESSAGE);
    }
    expect(() => sb.editSheet(STAFF, editAt(1, 'status'), [['Tình trạng']])).toThrow(PROTECTED_CELL_MESSAGE);
    // A paste over a locked column is refused as a whole.
    expect(() => sb.editSheet(STAFF, editAt(row, 'possibleDuplicates', 1, 3), [['', 'x', 'Mới']])).toThrow(PROTECTED_CELL_MESSAGE);
    for (const sheet of ['Cấu hình', 'Địa điểm', 'Nhật ký']) {
      expect(() => sb.editSheet(STAFF, { sheet, row: 2, column: 2 }, [['x']])).toThrow(PROTECTED_CELL_MESSAGE);
    }
    expect(snapshot(sb)).toBe(before);
    // Content columns stay editable, for rows typed by hand and for corrections.
    for (const key of ['source', 'locationCode', 'kind', 'category', 'content', 'name', 'status', 'handler', 'internalNote'] as const) {
      expect(() => sb.editSheet(STAFF, editAt(row, key), [[String(cell(sb, row, key))]])).not.toThrow();
    }
    // The owner types anywhere (Sheets never locks the owner out).
    expect(() => sb.editSheet(ADMIN, editAt(row, 'trackingCode'), [[String(cell(sb, row, 'trackingCode'))]])).not.toThrow();
  });

  test('edits by someone the script is not shared with do not fire the trigger (view access is needed): nothing happens', () => {
    const sb = newBox();
    const other = 'can.bo.moi@example.org';
    boxSpreadsheet(sb).addEditor(other);
    const row = plant(sb, { email: 'e.ha@example.com', consent: true, publicReply: 'Đã xử lý.' });
    expect(sb.editSheet(other, editAt(row, 'status'), [['Đã trả lời']])).toEqual([]);
    expect(sb.world.gmail.sent).toHaveLength(0);
    expect(cell(sb, row, 'updatedAt')).toBe('');
    // Shared with them as a viewer of the script project: choosing the status again sends the reply.
    sb.world.script.viewers.add(other);
    expect(sb.editSheet(other, editAt(row, 'status'), [['Đã trả lời']])[0].value).toMatchObject({ stamped: 1, repliesSent: 1 });
  });

  test('rows appended past the grid are covered again by the nightly run: protections, dropdowns, highlight', () => {
    const sb = newBox();
    const sheet = responses(sb);
    const max = sheet.getMaxRows();
    for (let i = sheet.getLastRow(); i < max + 3; i++) plant(sb);
    expect(sheet.getMaxRows()).toBe(max + 3);
    const last = sheet.getLastRow();
    // Before: the last row is outside the protected columns made for the old grid.
    expect(() => sb.editSheet(STAFF, editAt(last, 'trackingCode'), [['HB-SUATAY1']])).not.toThrow();
    sb.editSheet(ADMIN, editAt(last, 'trackingCode'), [[plantedCode(9999)]]);
    const [night] = sb.fireHandler('purgeExpiredPersonalData');
    expect((night.value as { lines: string[] }).lines.join('\n')).toMatch(/Thêm 1000 dòng trống/);
    expect(() => sb.editSheet(STAFF, editAt(last, 'trackingCode'), [['HB-SUATAY1']])).toThrow(PROTECTED_CELL_MESSAGE);
    expect(sheet.getMaxRows()).toBe(max + 1003);
    expect(sheet.conditionalRules[0].ranges).toEqual([`A2:${columnLetter(COLUMNS.length)}${max + 1003}`]);
    expect(logRows(sb).join('\n')).toMatch(/Bảo trì bảng tính \| .*Mở rộng vùng bảo vệ cột A–B/);
    // The next night finds nothing to extend.
    const [again] = sb.fireHandler('purgeExpiredPersonalData');
    const lines = (again.value as { lines: string[] }).lines;
    expect(lines.join('\n')).toMatch(/Đã xóa thông tin cá nhân của 0 ý kiến/);
    expect(lines.join('\n')).not.toMatch(/Thêm \d+ dòng trống|vùng bảo vệ/);
  });
});

describe('assignCodesToManualRows', () => {
  test('rows typed by staff get a tracking code, received time, status, deadline, and the committee email via sendPendingEmails', () => {
    const sb = newBox();
    plant(sb);
    const sheet = responses(sb);
    const typed = (over: Record<string, unknown>) => {
      const line = COLUMNS.map((c) => over[c.key] ?? '');
      sheet.appendRow(line);
      return sheet.getLastRow();
    };
    const letter = typed({
      source: 'Thư giấy',
      locationCode: 'KDC02',
      kind: 'Kiến nghị',
      category: 'Trật tự đô thị',
      content: 'Đề nghị lắp biển cấm đỗ xe trước cổng trường. Nhà bà Trần Thị Lan, SĐT 0912 345 678, bị chắn cổng.',
      name: 'Ông Tư',
    });
    const call = typed({
      source: 'Điện thoại',
      receivedAt: "'03/02/2025 09:30",
      content: 'Đèn đường ngõ 7 bị hỏng.',
      status: 'Đang xử lý',
    });
    const empty = typed({ source: 'Hội nghị' });
    sb.run('doGet', [{ parameter: {} }]); // configuration cached, as it is between executions
    const run = sb.run<{ assigned: { row: number; trackingCode: string }[]; notes: string[] }>('assignCodesToManualRows', [], {
      user: ADMIN,
    });
    expect(run.value.assigned.map((a) => a.row)).toEqual([letter, call]);
    expect(run.value.notes.join('\n')).toContain(`Dòng ${empty}: chưa có nội dung`);
    const codes = run.value.assigned.map((a) => a.trackingCode);
    for (const [i, row] of [letter, call].entries()) {
      expect(cell(sb, row, 'trackingCode')).toBe(codes[i]);
      expect(codes[i]).toMatch(/^HB-[23456789A-HJKMNP-Z]{7}$/);
      expect(cell(sb, row, 'emailStatus')).toBe('chờ gửi');
      expect(Object.prototype.toString.call(cell(sb, row, 'dueAt'))).toBe('[object Date]');
    }
    expect(cell(sb, letter, 'status')).toBe('Mới');
    expect(cell(sb, letter, 'locationName')).toBe('Nhà văn hóa khu dân cư số 2');
    expect(cell(sb, letter, 'source')).toBe('Thư giấy');
    expect(cell(sb, letter, 'name')).toBe('Ông Tư');
    expect(cell(sb, call, 'status')).toBe('Đang xử lý');
    expect((cell(sb, call, 'receivedAt') as Date).toISOString()).toBe('2025-02-03T02:30:00.000Z');
    expect(cell(sb, empty, 'trackingCode')).toBe('');
    // Read once, written, read back once to check every row holds what was meant for it.
    expect(run.calls['Range.getValues']).toBe(2);

    // A second run finds nothing left to do.
    expect(sb.run<{ assigned: unknown[] }>('assignCodesToManualRows', [], { user: ADMIN }).value.assigned).toEqual([]);

    const [send] = sb.fireHandler('sendPendingEmails');
    expect(send.value).toMatchObject({ sent: 2, pending: 0, emails: 1 });
    // One batched announcement lists both, oldest first (the call of 03/02/2025 before today's letter).
    const mails = sb.world.gmail.sent.filter((m) => m.to.includes(COMMITTEE));
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toContain('2 ý kiến mới');
    expect(mails[0].body.indexOf(codes[1])).toBeGreaterThan(0);
    expect(mails[0].body.indexOf(codes[1])).toBeLessThan(mails[0].body.indexOf(codes[0]));
    // The start of each text, with personal data masked: the contact details stay in the sheet.
    expect(mails[0].body).toContain('Nhà bà [họ tên], SĐT [số điện thoại], bị chắn cổng.');
    expect(mails[0].body).not.toContain('0912 345 678');
    expect(mails[0].body).not.toContain('Trần Thị Lan');
    expect(cell(sb, letter, 'emailStatus')).toBe('đã gửi');
  });
});

const SECRETS = {
  name: 'Phạm Thị Thu Hương',
  phone: '0913222333',
  email: 'huong.pham@example.com',
  address: 'Số 18 ngõ 44 phố Hòa Bình',
};
const SECRETS_IN_TEXT = [
  '0987.654.321',
  '0987654321',
  'tu.nguyen@gmail.com',
  'Phạm Thị Thu Hương',
  '0913 222 333',
  SECRETS.email,
  SECRETS.address,
];

function plantWithSecrets(sb: Sandbox, at: Date, over: Partial<FeedbackRecord> = {}): number {
  return plant(sb, {
    ...SECRETS,
    consent: true,
    receivedAt: at,
    content: `Tôi là ${SECRETS.name}, ở ${SECRETS.address}, số 0913 222 333. Đèn đường ngõ 44 hỏng, liên hệ anh Tú 0987.654.321 hoặc tu.nguyen@gmail.com.`,
    internalNote: 'Nội bộ: đã gọi điện cho chị Hương',
    ...over,
  });
}

describe('sendWeeklyDigest', () => {
  test('emails counts of the week to the committee, with no personal data, from one read', () => {
    const sb = newBox();
    const now = Date.now();
    plantWithSecrets(sb, new Date(now - 2 * DAY));
    plantWithSecrets(sb, new Date(now - 3 * DAY), {
      category: 'An ninh trật tự',
      locationCode: 'KDC02',
      locationName: 'Nhà văn hóa khu dân cư số 2',
      status: 'Đang xử lý',
    });
    plantWithSecrets(sb, new Date(now - 40 * DAY), { dueAt: new Date(now - 20 * DAY) });
    sb.run('doGet', [{ parameter: {} }]); // configuration cached, as it is between executions
    const [run] = sb.fireHandler('sendWeeklyDigest');
    expect(run.value).toMatchObject({ sent: true, received: 2, overdue: 1 });
    expect(run.calls['Range.getValues']).toBe(1);
    const mail = sb.world.gmail.sent.at(-1)!;
    expect(mail.to).toEqual([COMMITTEE]);
    expect(mail.subject).toContain('Tóm tắt tuần');
    expect(mail.body).toContain('Ý kiến mới nhận trong 7 ngày qua: 2');
    expect(mail.body).toContain('Ý kiến quá hạn xử lý: 1');
    expect(mail.body).toContain('An ninh trật tự: 1');
    for (const secret of [...SECRETS_IN_TEXT, 'Đèn đường', 'Nội bộ']) {
      expect(mail.body).not.toContain(secret);
      expect(mail.htmlBody).not.toContain(secret);
    }
  });
});

describe('sendWeeklyDigest, once a week and after replies', () => {
  test('a second send in the same week is refused and sends nothing', () => {
    const sb = newBox();
    const [first] = sb.fireHandler('sendWeeklyDigest');
    expect(first.value).toMatchObject({ sent: true });
    const sent = sb.world.gmail.sent.length;
    const again = sb.run<{ sent: boolean; ok: boolean; lines: string[] }>('sendWeeklyDigest', [], { user: ADMIN }).value;
    expect(again).toMatchObject({ sent: false, ok: false });
    expect(again.lines.join(' ')).toContain('mỗi tuần chỉ gửi một lần');
    expect(sb.world.gmail.sent).toHaveLength(sent);
  });

  test('the digest never eats the recipients kept for replies: held back, it goes once the quota allows', () => {
    const sb = newBox({ emailQuota: 100 });
    // 70 recipients used elsewhere today: 30 left, exactly the reply reserve.
    for (let i = 0; i < 70; i++) sb.world.gmail.send('someone@example.org', `thư ${i}`, 'x');
    const [held] = sb.fireHandler('sendWeeklyDigest');
    expect(held.value).toMatchObject({ sent: false });
    expect(sb.world.gmail.sent.filter((m) => m.subject.includes('Tóm tắt tuần'))).toHaveLength(0);
    expect(logRows(sb).some((l) => l.includes('để dành cho thư trả lời'))).toBe(true);
    // The quota comes back 24 hours after its first use; the pending trigger sends the digest that is due.
    const start = Date.now();
    sb.world.setClock(() => start + 24 * 3600_000 + 60_000);
    sb.fireHandler('sendPendingEmails');
    expect(sb.world.gmail.sent.filter((m) => m.subject.includes('Tóm tắt tuần'))).toHaveLength(1);
  });

  test('a digest held back on Sunday and sent on Monday leaves that new week its own digest', () => {
    const sunday = Date.UTC(2026, 10, 29, 16); // Sunday 29 November 2026, 23:00 in Vietnam
    const clock = { t: sunday };
    const sb = newBox({ emailQuota: 100, now: () => clock.t });
    for (let i = 0; i < 70; i++) sb.world.gmail.send('someone@example.org', `thư ${i}`, 'x');
    const digests = () => sb.world.gmail.sent.filter((m) => m.subject.includes('Tóm tắt tuần'));
    expect(sb.run<{ sent: boolean }>('sendWeeklyDigest', [], { user: ADMIN }).value.sent).toBe(false);
    clock.t = sunday + 24 * 3600_000 + 60_000; // Monday 30 November, the quota back
    sb.run('sendPendingEmails', [], { user: ADMIN });
    expect(digests()).toHaveLength(1);
    clock.t = sunday + 7 * 24 * 3600_000; // Sunday 6 December: the week of 30 November has its own digest
    expect(sb.run<{ sent: boolean }>('sendWeeklyDigest', [], { user: ADMIN }).value.sent).toBe(true);
    expect(digests()).toHaveLength(2);
    expect(sb.run<{ sent: boolean }>('sendWeeklyDigest', [], { user: ADMIN }).value.sent).toBe(false);
  });
});

describe('buildSynthesisReport', () => {
  test('a Google Doc and PDF with the right totals and no personal data, linked in Nhật ký, from one sheet read', () => {
    const sb = newBox();
    const period = defaultPeriod(new Date());
    const inPeriod = (d: number) => new Date(period.from.getTime() + d * DAY + 3 * 3600 * 1000);
    plantWithSecrets(sb, inPeriod(1));
    plantWithSecrets(sb, inPeriod(2), { category: 'An ninh trật tự', status: 'Đã trả lời', dueAt: inPeriod(10), replySentAt: inPeriod(3) });
    plant(sb, {
      receivedAt: inPeriod(3),
      locationCode: 'KDC02',
      locationName: 'Nhà văn hóa khu dân cư số 2',
      kind: 'Góp ý',
      content: 'Góp ý: nên có thêm thùng rác công cộng, gọi +84 912 345 678.',
    });
    plant(sb, { receivedAt: new Date(period.from.getTime() - 5 * DAY), content: 'Ý kiến tháng trước nữa, không thuộc kỳ.' });
    plant(sb, { receivedAt: new Date(period.to.getTime() + 60 * 1000), content: 'Ý kiến tháng này, không thuộc kỳ.' });
    sb.run('doGet', [{ parameter: {} }]);
    const run = sb.run<{ ok: boolean; total: number; name: string; docUrl: string; pdfUrl: string; pdfId: string; docId: string }>(
      'buildSynthesisReport',
      [],
      { user: ADMIN },
    );
    expect(run.value).toMatchObject({ ok: true, total: 3 });
    expect(run.calls['Range.getValues']).toBe(1);
    const sheetReads = Object.entries(run.calls).filter(([k]) => /^(Sheet|Range)\.(get)/.test(k) && !/getRange$/.test(k));
    expect(sheetReads.reduce((n, [, v]) => n + v, 0)).toBeLessThanOrEqual(3);

    const doc = docByName(sb, 'Báo cáo tổng hợp ý kiến, kiến nghị của Nhân dân – tháng ');
    expect(run.value.name).toBe(doc.getName());
    const text = doc.text();
    expect(text).toContain('Tổng số ý kiến, kiến nghị tiếp nhận: 3 (Góp ý: 1; Phản ánh: 2)');
    expect(text).toContain('Vệ sinh môi trường\t2\t66,7%');
    expect(text).toContain('An ninh trật tự\t1\t33,3%');
    expect(text).toContain('Nhà văn hóa khu dân cư số 2\t1');
    expect(text).toContain('Đã trả lời\t1');
    expect(text).toContain('Tỷ lệ giải quyết đúng hạn: 100% (1/1');
    expect(text).toContain('Đèn đường ngõ 44 hỏng');
    expect(text).toContain('[số điện thoại]');
    expect(text).not.toContain('không thuộc kỳ');
    for (const secret of [...SECRETS_IN_TEXT, '912 345 678', 'Nội bộ']) expect(text).not.toContain(secret);

    const pdf = sb.world.drive.get(run.value.pdfId)!;
    expect(pdf.parentId).toBe(reportsFolderId(sb));
    expect((pdf as { mimeType: string }).mimeType).toBe('application/pdf');
    expect(sb.world.drive.get(run.value.docId)!.parentId).toBe(reportsFolderId(sb));
    const log = logRows(sb).join('\n');
    expect(log).toContain(run.value.docUrl);
    expect(log).toContain(run.value.pdfUrl);
  });

  test('a period with no opinion gives a clear "không có ý kiến" document, not an error', () => {
    const sb = newBox();
    plant(sb);
    const run = sb.run<{ ok: boolean; empty: boolean; total: number }>('buildSynthesisReport', [{ period: '01/2021' }], { user: ADMIN });
    expect(run.value).toMatchObject({ ok: true, empty: true, total: 0 });
    const doc = docByName(sb, 'Báo cáo tổng hợp ý kiến, kiến nghị của Nhân dân – tháng 1/2021');
    expect(doc.text()).toContain('Trong tháng 1/2021, Hòm thư số góp ý không có ý kiến, kiến nghị nào');
    expect(doc.text()).not.toContain('III. NỘI DUNG');
  });

  test('the period typed on the admin page reaches the report; an unreadable one is said plainly and makes nothing', () => {
    const sb = newBox();
    plant(sb, { receivedAt: new Date(Date.UTC(2024, 4, 10, 3)) });
    const bad = sb.run<{ ok: boolean; lines: string[] }>('buildSynthesisReport', [{ period: '13/2024' }], { user: ADMIN });
    expect(bad.value.ok).toBe(false);
    expect(bad.value.lines.join('\n')).toMatch(/MM\/yyyy/);
    expect(sb.world.docs.all()).toHaveLength(0);
    const run = sb.run<{
      ok: boolean;
      total: number;
      periodLabel: string;
      title: string;
      lines: string[];
      links: { label: string; url: string }[];
    }>('buildSynthesisReport', [{ period: '01/05/2024 - 31/05/2024' }], { user: ADMIN });
    expect(run.value).toMatchObject({ ok: true, total: 1, periodLabel: 'tháng 5/2024', title: 'Báo cáo tổng hợp' });
    const doc = sb.world.docs.all()[0];
    expect(run.value.links).toEqual([
      { label: 'Mở Google Docs', url: doc.getUrl() },
      { label: 'Mở bản PDF', url: expect.stringMatching(/^https:\/\/drive\.google\.com\/file\/d\//) },
    ]);
    // Lines are text for the page: no markup, no raw URL to click.
    expect(run.value.lines.join('\n')).not.toMatch(/<|https?:/);
  });
});

describe('buildLocationNotices', () => {
  test('one printable page per active location, in one Doc and PDF', () => {
    const sb = newBox();
    const period = defaultPeriod(new Date());
    const at = new Date(period.from.getTime() + 2 * DAY);
    plant(sb, { receivedAt: at, status: 'Đã trả lời' });
    plant(sb, { receivedAt: at, status: 'Đang xử lý' });
    plant(sb, {
      receivedAt: at,
      locationCode: 'KDC03',
      locationName: 'Nhà văn hóa khu dân cư số 3',
      status: 'Đã chuyển cơ quan có thẩm quyền',
    });
    const run = sb.run<{ ok: boolean; locations: number; pdfId: string }>('buildLocationNotices', [], { user: ADMIN });
    expect(run.value).toMatchObject({ ok: true, locations: 4 });
    const doc = docByName(sb, 'Kết quả tiếp nhận và giải quyết – tháng ');
    expect(doc.body.elements.filter((e) => e.type === 'pagebreak')).toHaveLength(3);
    const pages = doc.text().split('KẾT QUẢ TIẾP NHẬN VÀ GIẢI QUYẾT').slice(1);
    expect(pages).toHaveLength(4);
    const kdc1 = pages.find((p) => p.includes('Nhà văn hóa khu dân cư số 1'))!;
    expect(kdc1).toContain('Tổng số ý kiến tiếp nhận\t2');
    expect(kdc1).toContain('Đã trả lời\t1');
    expect(kdc1).toContain('Đang xem xét, giải quyết\t1');
    expect(pages.find((p) => p.includes('(KDC03)'))).toContain('Đã chuyển cơ quan có thẩm quyền\t1');
    expect(pages.find((p) => p.includes('(TRUSO)'))).toContain('không có ý kiến');
    expect(sb.world.drive.get(run.value.pdfId)!.parentId).toBe(reportsFolderId(sb));
  });

  test('a location code met only on junk rows gets no page', () => {
    const sb = newBox();
    const at = new Date(defaultPeriod(new Date()).from.getTime() + 2 * DAY);
    const notices = () => sb.run<{ ok: boolean; locations: number; docId: string }>('buildLocationNotices', [], { user: ADMIN }).value;
    const active = notices().locations;
    plant(sb, { receivedAt: at, locationCode: 'CU01', locationName: 'Điểm cũ', status: 'Rác / spam' });
    const run = notices();
    expect(run).toMatchObject({ ok: true, locations: active });
    expect(sb.world.docs.get(run.docId)!.text()).not.toMatch(/Điểm cũ|CU01/);
  });
});

describe('purgeExpiredPersonalData', () => {
  test('blanks personal data of rows older than the retention period only, and trashes their photos', () => {
    const sb = newBox();
    const photos = sb.world.drive.get(sb.world.script.properties.get('PHOTOS_FOLDER_ID')!) as FakeFolder;
    const photo = (name: string) => photos.createFile(new FakeBlob(new Uint8Array([0xff, 0xd8, 0xff]), 'image/jpeg', name));
    const oldPhotos = [photo('old-1.jpg'), photo('old-2.jpg')];
    const newPhoto = photo('new-1.jpg');
    const elsewhere = sb.world.drive.root.createFile(new FakeBlob(new Uint8Array([1]), 'application/pdf', 'Quyết định quan trọng.pdf'));
    const now = Date.now();
    const old = plantWithSecrets(sb, new Date(now - 800 * DAY), {
      status: 'Đã trả lời',
      publicReply: 'Đã sửa đèn.',
      photos: `${oldPhotos[0].getUrl()}\n${oldPhotos[1].getUrl()}\n${elsewhere.getUrl()}`,
    });
    const recent = plantWithSecrets(sb, new Date(now - 30 * DAY), { photos: newPhoto.getUrl() });
    const oldNoContact = plant(sb, { receivedAt: new Date(now - 900 * DAY), content: 'Ý kiến cũ không có thông tin cá nhân.' });
    const before = responses(sb).getRange(oldNoContact, 1, 1, COLUMNS.length).getValues();
    sb.run('doGet', [{ parameter: {} }]);

    const [run] = sb.fireHandler('purgeExpiredPersonalData');
    expect(run.value).toMatchObject({ rows: 1, photosTrashed: 2, photosSkipped: 1 });
    expect(run.calls['Range.getValues']).toBe(2);
    // Only the cells that change: "Nội dung" to "Địa chỉ", then "Ảnh" ("Đồng ý liên hệ" between them stays as it is).
    expect(run.calls['Range.setValues']).toBe(2);
    for (const key of ['name', 'phone', 'email', 'address', 'photos'] as const) expect(cell(sb, old, key)).toBe('');
    const content = String(cell(sb, old, 'content'));
    expect(content).toContain('Đèn đường ngõ 44 hỏng');
    for (const secret of SECRETS_IN_TEXT) expect(content).not.toContain(secret);
    expect(cell(sb, old, 'status')).toBe('Đã trả lời');
    expect(cell(sb, old, 'publicReply')).toBe('Đã sửa đèn.');
    expect(oldPhotos.every((f) => f.isTrashed())).toBe(true);
    expect(elsewhere.isTrashed()).toBe(false);

    expect(cell(sb, recent, 'name')).toBe(SECRETS.name);
    expect(cell(sb, recent, 'phone')).toBe(SECRETS.phone);
    expect(String(cell(sb, recent, 'content'))).toContain('0913 222 333');
    expect(newPhoto.isTrashed()).toBe(false);
    expect(responses(sb).getRange(oldNoContact, 1, 1, COLUMNS.length).getValues()).toEqual(before);
    expect(logRows(sb).join('\n')).toMatch(
      /Xóa thông tin cá nhân \| Đã xóa thông tin cá nhân của 1 ý kiến nhận trước ngày \d\d\/\d\d\/\d{4} \(lưu 24 tháng\); đã chuyển 2 ảnh/,
    );

    // The next night finds nothing more to do and writes nothing.
    const [again] = sb.fireHandler('purgeExpiredPersonalData');
    expect(again.value).toMatchObject({ rows: 0, photosTrashed: 0 });
    expect(again.calls['Range.setValues'] ?? 0).toBe(0);
  });
});

describe('purgeExpiredPersonalData in sheets staff made', () => {
  /** A new sheet in the box's spreadsheet holding `rows` from A1. */
  function sheetOf(sb: Sandbox, name: string, rows: unknown[][]): FakeSheet {
    const sheet = boxSpreadsheet(sb).insertSheet(name);
    const width = Math.max(...rows.map((r) => r.length));
    sheet.getRange(1, 1, rows.length, width).setValues(rows.map((r) => [...r, ...Array(width - r.length).fill('')]));
    return sheet;
  }
  const rowOf = (sb: Sandbox, row: number) => responses(sb).getRange(row, 1, 1, COLUMNS.length).getValues()[0];
  const personal = (r: unknown[]) => [COL.name, COL.phone, COL.email, COL.address, COL.photos].map((c) => r[c - 1]);

  test('a copy of Góp ý and rows cut with its header are purged like Góp ý; other sheets with expired data are named', () => {
    const sb = newBox();
    const photos = sb.world.drive.get(sb.world.script.properties.get('PHOTOS_FOLDER_ID')!) as FakeFolder;
    const cutPhoto = photos.createFile(new FakeBlob(new Uint8Array([0xff, 0xd8, 0xff]), 'image/jpeg', 'cut-1.jpg'));
    const now = Date.now();
    const old = plantWithSecrets(sb, new Date(now - 800 * DAY));
    const recent = plantWithSecrets(sb, new Date(now - 30 * DAY));
    const cut = plantWithSecrets(sb, new Date(now - 900 * DAY), { photos: cutPhoto.getUrl() });
    const header = rowOf(sb, 1);
    const [oldRow, recentRow, cutRow] = [rowOf(sb, old), rowOf(sb, recent), rowOf(sb, cut)];
    // Staff duplicate Góp ý, and cut one old row with the header into a sheet of their own.
    const copy = sheetOf(sb, 'Bản sao của Góp ý', [header, oldRow, recentRow]);
    const kept = sheetOf(sb, 'Lưu riêng', [['Ghi chú của tổ'], header, cutRow]);
    responses(sb).deleteRow(cut);
    // Their own notes: a code, an old date and a phone number; an old row with no personal data; a recent one.
    const code = String(oldRow[COL.trackingCode - 1]);
    const notes = sheetOf(sb, 'Theo dõi', [
      ['Mã', 'Ngày', 'Ghi chú'],
      [code, new Date(now - 800 * DAY), 'Đã gọi chị Hương 0913 222 333'],
      [code, new Date(now - 800 * DAY), 'Đã chuyển tổ dân phố'],
      [String(recentRow[COL.trackingCode - 1]), new Date(now - 30 * DAY), 'Gọi lại 0913 222 333'],
    ]);
    const notesBefore = notes.getDataRange().getValues();

    const [run] = sb.fireHandler('purgeExpiredPersonalData');
    expect(run.value).toMatchObject({ ok: true, rows: 1 });
    for (const [sheet, row] of [
      [copy, 2],
      [kept, 3],
    ] as const) {
      const cells = sheet.getRange(row, 1, 1, COLUMNS.length).getValues()[0];
      expect(personal(cells)).toEqual(['', '', '', '', '']);
      for (const secret of SECRETS_IN_TEXT) expect(String(cells[COL.content - 1])).not.toContain(secret);
      expect(cells[COL.status - 1]).toBe('Mới');
    }
    expect(kept.getRange(1, 1).getValue()).toBe('Ghi chú của tổ');
    // The recent row of the copy keeps its data (the phone, written back as values, became a number there).
    expect(personal(copy.getRange(3, 1, 1, COLUMNS.length).getValues()[0]).slice(0, 4)).toEqual([
      SECRETS.name,
      Number(SECRETS.phone),
      SECRETS.email,
      SECRETS.address,
    ]);
    expect(notes.getDataRange().getValues()).toEqual(notesBefore);
    const log = logRows(sb).join('\n');
    expect(log).toMatch(
      /Đã xóa thông tin cá nhân của ý kiến nhận trước ngày [\d/]+ trong 1 dòng ở trang "Bản sao của Góp ý", 1 dòng ở trang "Lưu riêng"/,
    );
    expect(log).toContain('mà hệ thống không tự xóa được: "Theo dõi" (dòng 2).');

    // The cut row's photo was queued with it: the next night trashes it, and finds nothing more to write. Nhật ký
    // names the same sheet again only when its rows change or a week later.
    expect(cutPhoto.isTrashed()).toBe(false);
    const named = () => logRows(sb).filter((l) => l.includes('mà hệ thống không tự xóa được')).length;
    const [again] = sb.fireHandler('purgeExpiredPersonalData');
    expect(cutPhoto.isTrashed()).toBe(true);
    expect(again.calls['Range.setValues'] ?? 0).toBe(0);
    expect(named()).toBe(1);
    notes.getRange(3, 3).setValue('Số mới 0987 111 222');
    sb.fireHandler('purgeExpiredPersonalData');
    expect(named()).toBe(2);
    expect(logRows(sb).at(-1)).toContain('"Theo dõi" (dòng 2, 3).');
  });
});

describe('purgeExpiredPersonalData in many sheets staff made, or in one it cannot read', () => {
  const header = () => COLUMNS.map((c) => c.header);
  /** A sheet of staff's own with Góp ý's header row and one expired row of secrets; that row's code. */
  function copiedSheet(sb: Sandbox, name: string, over: Partial<FeedbackRecord> = {}): { sheet: FakeSheet; code: string } {
    const row = plantWithSecrets(sb, new Date(Date.now() - 800 * DAY), over);
    const cells = responses(sb).getRange(row, 1, 1, COLUMNS.length).getValues()[0];
    responses(sb).deleteRow(row);
    const sheet = boxSpreadsheet(sb).insertSheet(name);
    sheet.getRange(1, 1, 2, COLUMNS.length).setValues([header(), cells]);
    return { sheet, code: String(cells[0]) };
  }
  const blanked = (sheet: FakeSheet, row = 2) => sheet.getRange(row, COL.name).getValue() === '';

  test('40 sheets: each night reads on from where the last one stopped, and every night stays within its calls', () => {
    const sb = newBox();
    const sheets = Array.from({ length: 40 }, (_, i) => copiedSheet(sb, `Tổ ${i + 1}`).sheet);
    const nights: number[] = [];
    for (let night = 0; night < 12 && !sheets.every((sh) => blanked(sh)); night++) {
      const [run] = sb.fireHandler('purgeExpiredPersonalData');
      expect(run.callCount).toBeLessThanOrEqual(NIGHT_CALLS);
      nights.push(sheets.filter((sh) => blanked(sh)).length);
    }
    expect(sheets.every((sh) => blanked(sh))).toBe(true);
    // More than one night was needed, and each night added sheets.
    expect(nights.length).toBeGreaterThan(1);
    for (let i = 1; i < nights.length; i++) expect(nights[i]).toBeGreaterThan(nights[i - 1]);
    expect(logRows(sb).filter((l) => l.includes('Còn trang chưa xem hết')).length).toBeGreaterThanOrEqual(nights.length - 1);
  });

  test('a sheet that cannot be read is named, the others are still purged, and the night ends well', () => {
    const sb = newBox();
    const broken = copiedSheet(sb, 'Hỏng').sheet;
    const fine = copiedSheet(sb, 'Tốt').sheet;
    broken.getDataRange = () => {
      throw new Error('Service Spreadsheets failed while accessing document');
    };
    const [run] = sb.fireHandler('purgeExpiredPersonalData');
    expect(run.value).toMatchObject({ ok: true });
    expect(blanked(fine)).toBe(true);
    expect(logRows(sb).join('\n')).toContain('"Hỏng" (hệ thống không đọc hoặc không ghi được trang này: Service Spreadsheets failed');
  });

  test('a row without a tracking code in such a sheet is left as staff wrote it, and named', () => {
    const sb = newBox();
    const { sheet } = copiedSheet(sb, 'Tổng hợp');
    const own = COLUMNS.map((c) =>
      c.key === 'receivedAt'
        ? new Date(Date.now() - 800 * DAY)
        : c.key === 'name'
          ? 'Tổ trưởng Nguyễn Văn Bình'
          : c.key === 'content'
            ? 'Tổng hợp quý'
            : '',
    );
    sheet.getRange(3, 1, 1, COLUMNS.length).setValues([own]);
    sb.fireHandler('purgeExpiredPersonalData');
    expect(blanked(sheet)).toBe(true);
    expect(sheet.getRange(3, 1, 1, COLUMNS.length).getValues()[0]).toEqual(own);
    expect(logRows(sb).join('\n')).toContain('"Tổng hợp" (dòng 3: không có mã theo dõi');
  });

  test('photos the purge of Góp ý queued are not queued again from a copy of its row', () => {
    const sb = newBox();
    const photos = sb.world.drive.get(sb.world.script.properties.get('PHOTOS_FOLDER_ID')!) as FakeFolder;
    const files = Array.from({ length: 30 }, (_, i) =>
      photos.createFile(new FakeBlob(new Uint8Array([0xff, 0xd8, 0xff]), 'image/jpeg', `p${i}.jpg`)),
    );
    const links = files.map((f) => f.getUrl()).join('\n');
    const row = plantWithSecrets(sb, new Date(Date.now() - 800 * DAY), { photos: links });
    const cells = responses(sb).getRange(row, 1, 1, COLUMNS.length).getValues()[0];
    boxSpreadsheet(sb).insertSheet('Bản sao').getRange(1, 1, 2, COLUMNS.length).setValues([header(), cells]);
    const queued = () => queuedPhotos(Object.fromEntries(sb.world.script.properties.entries())).length;
    const [run] = sb.fireHandler('purgeExpiredPersonalData');
    const left = (run.value as { photosLeft: number }).photosLeft;
    expect(left).toBeGreaterThan(0);
    expect(queued()).toBe(left);
  });
});

describe('access', () => {
  const FUNCTIONS = [
    'onStaffEdit',
    'assignCodesToManualRows',
    'sendWeeklyDigest',
    'buildSynthesisReport',
    'buildLocationNotices',
    'purgeExpiredPersonalData',
  ];

  test.each(FUNCTIONS)('%s refuses anonymous visitors, non-admins and forged trigger ids, and changes nothing', (fn) => {
    const sb = newBox();
    const row = plantWithSecrets(sb, new Date(Date.now() - 900 * DAY), { status: 'Đã trả lời', publicReply: 'Đã xử lý.' });
    responses(sb).appendRow(COLUMNS.map((c) => (c.key === 'content' ? 'Ý kiến nhập tay chưa có mã.' : '')));
    const before = snapshot(sb);
    const attempts: [unknown[], { user?: string }][] = [
      [[], {}],
      [[{ range: { sheet: 'Góp ý', row, column: COL.status } }], {}],
      [[{ triggerUid: '4242424242', range: { sheet: 'Góp ý', row, column: COL.status } }], {}],
      [[{ triggerUid: '999', period: '01/2020' }], { user: 'visitor@example.com' }],
    ];
    for (const [args, opts] of attempts) {
      expect(() => sb.run(fn, args, opts)).toThrow(ACCESS_DENIED);
    }
    expect(snapshot(sb)).toBe(before);
  });
});

test('a reply is sent even while a submission holds the script lock (replies never make residents wait)', () => {
  const sb = newBox();
  const row = plant(sb, { email: 'c.le@example.com', consent: true, publicReply: 'Đã sửa xong đèn đường.' });
  setCell(sb, row, 'status', 'Đã trả lời');
  sb.world.script.lockHolder = 99999; // a resident's submission in progress
  sb.fireEdit(editAt(row, 'status'));
  sb.world.script.lockHolder = null;
  expect(sb.world.gmail.sent.map((m) => m.to[0])).toEqual(['c.le@example.com']);
});

describe('a reply edited after its email went', () => {
  /** An opinion whose sender gave an e-mail and consent, so a reply goes to them; its tracking code. */
  const submitWithEmail = (sb: Sandbox) =>
    sb.run<{ trackingCode: string }>('submitFeedback', [payload({ email: 'mai.le@example.com', consent: true })]).value.trackingCode;
  const said = (sb: Sandbox, code: string) =>
    logRows(sb).some((l) => l.includes(`Thư trả lời cho ${code} đã được gửi trước đó`) && l.includes('"Đã gửi trả lời"'));

  test('is not sent again, and Nhật ký and the note say the new text may not have reached the resident', () => {
    const sb = newBox();
    const trackingCode = submitWithEmail(sb);
    setCell(sb, 2, 'publicReply', "'Bản nháp sai.");
    setCell(sb, 2, 'status', 'Đã trả lời');
    sb.fireEdit(editAt(2, 'status'));
    const toResident = () => sb.world.gmail.sent.filter((m) => m.to.includes('mai.le@example.com'));
    expect(toResident()).toHaveLength(1);
    expect(said(sb, trackingCode)).toBe(false);

    setCell(sb, 2, 'publicReply', "'Tổ vệ sinh đã thu gom rác sáng nay.");
    sb.fireEdit(editAt(2, 'publicReply'));
    expect(toResident()).toHaveLength(1);
    expect(said(sb, trackingCode)).toBe(true);
    expect(boxSpreadsheet(sb).toasts.at(-1)!.message).toContain(`Thư trả lời cho ${trackingCode} đã được gửi trước đó`);
  });

  test('is reported too when the pending trigger sent it between the edit and the edit trigger', () => {
    const sb = newBox();
    const trackingCode = submitWithEmail(sb);
    setCell(sb, 2, 'status', 'Đã trả lời');
    setCell(sb, 2, 'publicReply', "'Tổ vệ sinh đã thu gom rác sáng nay.");
    // The edit trigger finds the reply due; before it reads again under the lock, the pending run sends and marks it.
    let armed = true;
    sb.world.faultHook = (call) => {
      if (!armed || call !== 'Lock.tryLock') return;
      armed = false;
      sb.fireHandler('sendPendingEmails');
    };
    sb.fireEdit(editAt(2, 'publicReply'));
    sb.world.faultHook = null;
    expect(sb.world.gmail.sent.filter((m) => m.to.includes('mai.le@example.com'))).toHaveLength(1);
    expect(said(sb, trackingCode)).toBe(true);
  });

  test('is reported by the pending run too when staff edit it while that run is sending it', () => {
    const sb = newBox();
    const trackingCode = submitWithEmail(sb);
    setCell(sb, 2, 'status', 'Đã trả lời');
    setCell(sb, 2, 'publicReply', "'Bản nháp sai.");
    // The run has read the row and is sending the draft; staff correct it at that moment (their edit trigger waits
    // for the owner's lock the run holds, and finds the reply sent).
    sb.world.faultHook = (call) => {
      if (call !== 'GmailApp.sendEmail') return;
      sb.world.faultHook = null;
      setCell(sb, 2, 'publicReply', "'Tổ vệ sinh đã thu gom rác sáng nay.");
    };
    sb.fireHandler('sendPendingEmails');
    sb.world.faultHook = null;
    expect(sb.world.gmail.sent.filter((m) => m.to.includes('mai.le@example.com'))).toHaveLength(1);
    expect(said(sb, trackingCode)).toBe(true);
  });

  test('a status edit on a row whose reply went says nothing of the kind', () => {
    const sb = newBox();
    const trackingCode = submitWithEmail(sb);
    setCell(sb, 2, 'publicReply', "'Đã xử lý.");
    setCell(sb, 2, 'status', 'Đã trả lời');
    sb.fireEdit(editAt(2, 'status'));
    sb.fireEdit(editAt(2, 'status'));
    expect(said(sb, trackingCode)).toBe(false);
  });
});

describe('statuses typed in another spelling', () => {
  /** The row holding `code` now, wherever a sort moved it. */
  const rowByCode = (sb: Sandbox, code: string) =>
    responses(sb)
      .getDataRange()
      .getValues()
      .find((r) => r[COL.trackingCode - 1] === code)!;

  const content = (i: number) => `Ý kiến số ${i}: đèn đường ngõ ${10 + i} hỏng.`;

  test('are written back as the box spells them, with the stamp, in one block write per run of rows; unknown ones stay', () => {
    const sb = newBox();
    const rows = [0, 1, 2, 3, 4, 5].map((i) => plant(sb, { content: content(i) }));
    const typed = [' đang xử lý ', 'ĐANG XỬ LÝ', 'Đang xử lý', 'xong', 'đang  xử lý'.normalize('NFD'), 'mới'];
    rows.forEach((r, i) => setCell(sb, r, 'status', typed[i]));
    const [run] = sb.fireEdit(editAt(rows[0], 'status', 5));
    expect(run.value).toMatchObject({ stamped: 5, unknownStatuses: 1 });
    expect(rows.map((r) => cell(sb, r, 'status'))).toEqual(['Đang xử lý', 'Đang xử lý', 'Đang xử lý', 'xong', 'Đang xử lý', 'mới']);
    // "Trạng thái" of rows 1-2, of row 5, and "Cập nhật lúc" of rows 1-5; the sheet read once more to check them.
    expect(run.calls['Range.setValues']).toBe(3);
    expect(run.calls['Range.getValues']).toBe(2);
  });

  test('a status staff choose again while the trigger works is theirs: a write that missed its row is not made again over it', () => {
    const sb = newBox();
    const rows = [0, 1, 2, 3].map((i) => plant(sb, { content: content(i) }));
    const codes = rows.map((r) => String(cell(sb, r, 'trackingCode')));
    ['đã trả lời', 'ĐÃ TRẢ LỜI', 'trùng lặp', 'Mới'].forEach((v, i) => setCell(sb, rows[i], 'status', v));
    const sheet = responses(sb);
    let disturbed = false;
    sb.world.faultHook = (call) => {
      if (disturbed || call !== 'Range.setValues') return;
      disturbed = true;
      // Right before the box's first write: the rows sorted (the first one goes last), and its status chosen again.
      sheet.getRange(2, 1, sheet.getLastRow() - 1, COLUMNS.length).sort({ column: COL.content, ascending: false });
      sheet.getRange(sheet.getLastRow(), COL.status).setValue('Đang xử lý');
    };
    sb.fireEdit(editAt(rows[0], 'status', 4));
    sb.world.faultHook = null;
    expect(disturbed).toBe(true);
    expect(codes.map((c) => rowByCode(sb, c)[COL.status - 1])).toEqual(['Đang xử lý', 'Đã trả lời', 'Trùng lặp', 'Mới']);
    codes.forEach((c, i) => expect(rowByCode(sb, c)[COL.content - 1]).toBe(content(i)));
  });

  test('rows sorted between the read and the write: each spelling lands on its own row, nothing on another', () => {
    const sb = newBox();
    const rows = [0, 1, 2, 3].map((i) => plant(sb, { content: content(i) }));
    const codes = rows.map((r) => String(cell(sb, r, 'trackingCode')));
    ['đã trả lời', 'Đang xử lý', ' trùng lặp', 'Mới'].forEach((v, i) => setCell(sb, rows[i], 'status', v));
    const sheet = responses(sb);
    let sorted = false;
    sb.world.faultHook = (call) => {
      if (sorted || call !== 'Range.setValues') return;
      sorted = true;
      sheet.getRange(2, 1, sheet.getLastRow() - 1, COLUMNS.length).sort({ column: COL.content, ascending: false });
    };
    sb.fireEdit(editAt(rows[0], 'status', 4));
    sb.world.faultHook = null;
    expect(sorted).toBe(true);
    expect(codes.map((c) => rowByCode(sb, c)[COL.status - 1])).toEqual(['Đã trả lời', 'Đang xử lý', 'Trùng lặp', 'Mới']);
    codes.forEach((c, i) => expect(rowByCode(sb, c)[COL.content - 1]).toBe(content(i)));
  });

  test('scattered over many rows: a bounded number of block writes in one run', () => {
    const sb = newBox();
    const rows = Array.from({ length: 60 }, (_, i) => plant(sb, { content: content(i), status: i % 2 ? 'Đang xử lý' : 'đang xử lý' }));
    const [run] = sb.fireEdit(editAt(rows[0], 'status', rows.length));
    expect(run.value).toMatchObject({ stamped: 60, unknownStatuses: 0 });
    // Each typed spelling is its own run of rows: the first runs are written, the others still read as "Đang xử lý".
    expect(run.calls['Range.setValues']).toBe(MAX_STATUS_SPELLING_RUNS + 1);
    const statuses = rows.map((r) => cell(sb, r, 'status'));
    expect(statuses.filter((v) => v === 'đang xử lý')).toHaveLength(30 - MAX_STATUS_SPELLING_RUNS);
    expect(statuses.slice(0, 2 * MAX_STATUS_SPELLING_RUNS).every((v) => v === 'Đang xử lý')).toBe(true);
  });
});

describe("links to the residents' page in what the box sends", () => {
  const RESIDENTS = 'https://gopy.hoabinh.example/';
  const OTHER_DEPLOYMENT = 'https://script.google.com/macros/s/ADMIN-DEPLOYMENT/exec';
  const answer = (sb: Sandbox, email: string, status = 'Đang xử lý') =>
    plant(sb, { email, consent: true, status, publicReply: 'Đã sửa đèn đường ngõ 7.' });
  const mailTo = (sb: Sandbox, email: string) => sb.world.gmail.sent.filter((m) => m.to.includes(email));

  test('a reply carries the configured address only; without it, no link, a sentence that reads well, and Nhật ký says so once', () => {
    const sb = newBox();
    // A trigger's run may see another deployment's address (the admin page's): it must never reach a resident.
    sb.world.script.serviceUrl = OTHER_DEPLOYMENT;
    const first = answer(sb, 'a@example.com');
    sb.editSheet(STAFF, editAt(first, 'status'), [['Đã trả lời']]);
    // The pending trigger's replies too.
    answer(sb, 'b@example.com', 'Đã trả lời');
    sb.fireHandler('sendPendingEmails');
    for (const email of ['a@example.com', 'b@example.com']) {
      const [mail] = mailTo(sb, email);
      expect(mail).toBeDefined();
      expect(`${mail.body}\n${mail.htmlBody}`).not.toMatch(/ADMIN-DEPLOYMENT|track=|https?:/);
      expect(mail.body).toContain('Ông/bà có thể tra cứu lại kết quả bằng mã theo dõi trên trang Hòm thư số góp ý.');
    }
    const said = () => logRows(sb).filter((l) => /Đường dẫn cho poster/.test(l));
    expect(said()).toHaveLength(1);
    expect(said()[0]).toMatch(/^Email trả lời \| .*không kèm đường dẫn/);

    setConfigValue(sb, 'Đường dẫn cho poster (tùy chọn)', RESIDENTS);
    const third = answer(sb, 'c@example.com');
    sb.editSheet(STAFF, editAt(third, 'status'), [['Đã trả lời']]);
    const [mail] = mailTo(sb, 'c@example.com');
    expect(mail.body).toContain(`${RESIDENTS}?track=${cell(sb, third, 'trackingCode')}`);
    expect(mail.body).not.toContain('ADMIN-DEPLOYMENT');
    expect(said()).toHaveLength(1);
  });

  test('the printed notices link the configured address only, and the owner is told when there is none', () => {
    const sb = newBox();
    sb.world.script.serviceUrl = OTHER_DEPLOYMENT;
    plant(sb, { receivedAt: new Date(defaultPeriod(new Date()).from.getTime() + 2 * DAY) });
    const notices = () => sb.run<{ ok: boolean; docId: string; lines: string[] }>('buildLocationNotices', [], { user: ADMIN }).value;
    const unset = notices();
    expect(unset.ok).toBe(true);
    const text = sb.world.docs.get(unset.docId)!.text();
    expect(text).not.toMatch(/ADMIN-DEPLOYMENT|https?:/);
    expect(text).toContain('trên trang Hòm thư số góp ý (quét mã QR tại đây)');
    expect(unset.lines.join('\n')).toMatch(/Đường dẫn cho poster/);
    setConfigValue(sb, 'Đường dẫn cho poster (tùy chọn)', RESIDENTS);
    const set = notices();
    const again = sb.world.docs.get(set.docId)!.text();
    expect(again).toContain(`${RESIDENTS}?view=track`);
    expect(again).toContain(`${RESIDENTS}?view=results&loc=KDC01`);
    expect(set.lines.join('\n')).not.toMatch(/Đường dẫn cho poster/);
  });
});

describe('the pending run marking rows while staff work in the same column', () => {
  test('a staff edit made once the marks are written is kept: only rows that moved are put right', () => {
    const sb = newBox();
    const answered = { status: 'Đã trả lời', consent: true, email: 'dan@example.com', publicReply: 'Đã lấp ổ gà.' };
    const first = plant(sb, answered);
    const corrected = plant(sb, { ...answered, publicReply: 'Bản nháp sai.', replySentAt: new Date(Date.now() - DAY) });
    const code = String(cell(sb, corrected, 'trackingCode'));
    let written = false;
    sb.world.faultHook = (call) => {
      // The run has written its marks and reads them back: staff clear "Đã gửi trả lời" at that moment, as the note
      // in the Sheet tells them to, so the corrected reply is sent.
      if (call === 'Range.setValues') written = true;
      else if (written && call === 'Range.getValues') {
        sb.world.faultHook = null;
        setCell(sb, corrected, 'publicReply', 'Bản đúng: đã lấp ổ gà ở ngõ 5.');
        setCell(sb, corrected, 'replySentAt', '');
      }
    };
    sb.fireHandler('sendPendingEmails');
    sb.world.faultHook = null;
    expect(written).toBe(true);
    expect(cell(sb, first, 'replySentAt')).toBeInstanceOf(Date);
    expect(String(cell(sb, corrected, 'trackingCode'))).toBe(code);
    expect(cell(sb, corrected, 'replySentAt')).toBe('');
    sb.fireHandler('sendPendingEmails');
    const bodies = sb.world.gmail.sent.filter((m) => m.to.includes('dan@example.com')).map((m) => m.body);
    expect(bodies.filter((b) => b.includes('Bản đúng: đã lấp ổ gà ở ngõ 5.'))).toHaveLength(1);
  });
});

describe('a column added or removed in Góp ý', () => {
  /** The owner deletes column "Chuyển đến": every cell right of it, header included, moves one column left. */
  function deleteColumn(sb: Sandbox, column: number): void {
    const sheet = responses(sb);
    const rows = sheet.getRange(1, 1, sheet.getLastRow(), COLUMNS.length).getValues();
    const shifted = rows.map((r) => [...r.slice(0, column - 1), ...r.slice(column), '']);
    sheet.getRange(1, 1, shifted.length, COLUMNS.length).setValues(shifted);
  }

  test('holds every reply, so no resident is sent another column (an internal note) as the reply; Nhật ký says why', () => {
    const sb = newBox();
    const row = plant(sb, {
      status: 'Đã trả lời',
      consent: true,
      email: 'dan@example.com',
      publicReply: 'Đã lấp ổ gà ở ngõ 5.',
      internalNote: 'NỘI BỘ: không công khai.',
    });
    expect(row).toBeGreaterThan(1);
    deleteColumn(sb, COL.forwardedTo);
    sb.fireHandler('sendPendingEmails');
    sb.fireHandler('sendPendingEmails');
    expect(sb.world.gmail.sent.filter((m) => m.to.includes('dan@example.com'))).toHaveLength(0);
    const held = logRows(sb).filter((l) => /Chưa gửi thư trả lời/.test(l));
    expect(held).toHaveLength(1);
    expect(held[0]).toContain('Góp ý');
  });

  test('nothing is written into the rows by position: no stamp from a staff edit, no purge, no photo sweep', () => {
    const sb = newBox();
    const photos = sb.world.drive.get(sb.world.script.properties.get('PHOTOS_FOLDER_ID')!) as FakeFolder;
    const file = photos.createFile(new FakeBlob(new Uint8Array([0xff, 0xd8, 0xff]), 'image/jpeg', 'HB-anh.jpg'));
    const old = plantWithSecrets(sb, new Date(Date.now() - 800 * DAY), { photos: file.getUrl() });
    const fresh = plant(sb, { internalNote: 'NỘI BỘ: giữ nguyên.' });
    sb.run('doGet', [{ parameter: {} }]);
    deleteColumn(sb, COL.forwardedTo);
    // A letter typed by hand, without a code.
    responses(sb).appendRow(
      COLUMNS.map((c) => (c.key === 'content' ? 'Thư tay: đề nghị sửa cống.' : c.key === 'source' ? 'Thư giấy' : '')),
    );
    const before = responses(sb).getRange(1, 1, responses(sb).getLastRow(), COLUMNS.length).getValues();
    // The owner's "Cấp mã cho ý kiến nhập tay": no code written by position.
    const coded = sb.run<{ assigned: unknown[]; notes: string[] }>('assignCodesToManualRows', [], { user: ADMIN });
    expect(coded.value.assigned).toEqual([]);
    expect(coded.value.notes.join('\n')).toContain('Chưa cấp mã cho ý kiến nhập tay');
    // A staff edit of a status: no "Cập nhật lúc" stamped into whatever column now stands there.
    const statusNow = COL.status - (COL.status > COL.forwardedTo ? 1 : 0);
    sb.editSheet(STAFF, { sheet: 'Góp ý', row: fresh, column: statusNow }, [['Đang xử lý']]);
    // The night: no personal data blanked by position (it would blank other columns), no photo taken for no row's.
    const [night] = sb.fireHandler('purgeExpiredPersonalData');
    expect(night.value).toMatchObject({ rows: 0 });
    const after = responses(sb).getRange(1, 1, responses(sb).getLastRow(), COLUMNS.length).getValues();
    after[fresh - 1][statusNow - 1] = before[fresh - 1][statusNow - 1];
    expect(after).toEqual(before);
    expect(file.isTrashed()).toBe(false);
    expect(logRows(sb).filter((l) => /Chưa xóa thông tin cá nhân quá hạn: tiêu đề trang "Góp ý"/.test(l))).toHaveLength(1);
    expect(old).toBeGreaterThan(1);
  });

  /**
   * An opinion answered with a public reply and an internal note, then column "Chuyển đến" deleted (the internal note
   * now stands where the reply was); Góp ý's first two rows as they were before.
   */
  function answeredThenShifted() {
    const sb = newBox();
    const { trackingCode } = sb.run<{ trackingCode: string }>('submitFeedback', [payload()]).value;
    setCell(sb, 2, 'publicReply', "'Đã lấp ổ gà ở ngõ 5.");
    setCell(sb, 2, 'internalNote', "'NỘI BỘ: không công khai.");
    const before = responses(sb).getRange(1, 1, 2, COLUMNS.length).getValues();
    deleteColumn(sb, COL.forwardedTo);
    return { sb, trackingCode, before };
  }

  test('the lookup stops showing the reply once the pending run has seen the header, and shows it again when it is right', () => {
    const { sb, trackingCode, before } = answeredThenShifted();
    sb.fireHandler('sendPendingEmails');
    const shifted = sb.run<LookupResult>('lookupFeedback', [trackingCode]).value;
    expect(JSON.stringify(shifted)).not.toContain('NỘI BỘ');
    expect(shifted.found).toBe(false);
    // Undone: the next run sees the header right again, and the lookup shows the reply.
    responses(sb).getRange(1, 1, 2, COLUMNS.length).setValues(before);
    sb.fireHandler('sendPendingEmails');
    expect(sb.run<LookupResult>('lookupFeedback', [trackingCode]).value).toMatchObject({ found: true, reply: 'Đã lấp ổ gà ở ngõ 5.' });
  });

  test('the lookup waits from the moment the header row is edited, not from the next pending run', () => {
    const { sb, trackingCode, before } = answeredThenShifted();
    // The owner (the header row is protected for the owner alone) titles the column left empty at the end.
    const last = columnLetter(COLUMNS.length);
    sb.editSheet(ADMIN, { sheet: 'Góp ý', row: 1, column: COLUMNS.length, numRows: 1, numColumns: 1 }, [['Cột mới']]);
    expect(responses(sb).getRange(`${last}1`).getValue()).toBe('Cột mới');
    const shifted = sb.run<LookupResult>('lookupFeedback', [trackingCode]).value;
    expect(JSON.stringify(shifted)).not.toContain('NỘI BỘ');
    expect(shifted.found).toBe(false);
    // Put right, with an edit of the header row: the lookup shows the reply at once.
    responses(sb).getRange(1, 1, 2, COLUMNS.length).setValues(before);
    sb.editSheet(ADMIN, { sheet: 'Góp ý', row: 1, column: COL.status, numRows: 1, numColumns: 1 }, [['Trạng thái']]);
    expect(sb.run<LookupResult>('lookupFeedback', [trackingCode]).value).toMatchObject({ found: true, reply: 'Đã lấp ổ gà ở ngõ 5.' });
  });

  test('a cache that fails while the header row is edited costs only the early wait: the edit is still handled', () => {
    const sb = newBox();
    const { trackingCode } = sb.run<{ trackingCode: string }>('submitFeedback', [payload()]).value;
    deleteColumn(sb, COL.forwardedTo);
    sb.world.faultHook = (call) => {
      if (call === 'Cache.put' || call === 'Cache.remove') throw new Error('Service error: CacheService');
    };
    const [run] = sb.editSheet(ADMIN, { sheet: 'Góp ý', row: 1, column: COLUMNS.length, numRows: 1, numColumns: 1 }, [['Cột mới']]);
    sb.world.faultHook = null;
    expect(run.value).toMatchObject({ headerProblems: expect.any(Number) });
    expect((run.value as { headerProblems: number }).headerProblems).toBeGreaterThan(0);
    // The pending run still makes the lookup wait.
    sb.fireHandler('sendPendingEmails');
    expect(sb.run<LookupResult>('lookupFeedback', [trackingCode]).value.found).toBe(false);
  });

  test('the edit trigger holds the reply too, and tells the staff member why', () => {
    const sb = newBox();
    const row = plant(sb, { consent: true, email: 'dan@example.com', publicReply: 'Đã lấp ổ gà ở ngõ 5.', internalNote: 'NỘI BỘ.' });
    deleteColumn(sb, COL.forwardedTo);
    sb.editSheet(STAFF, editAt(row, 'status'), [['Đã trả lời']]);
    expect(sb.world.gmail.sent.filter((m) => m.to.includes('dan@example.com'))).toHaveLength(0);
    expect(logRows(sb).filter((l) => /Chưa gửi thư trả lời/.test(l))).toHaveLength(1);
  });
});

describe('a row typed by hand while the pending run marks its block', () => {
  test('its code and "chờ gửi" are never written over: it reaches the committee', () => {
    const sb = newBox();
    const hourAgo = new Date(Date.now() - 3600_000);
    plant(sb, { receivedAt: hourAgo, emailStatus: 'chờ gửi', source: 'Thư giấy' });
    const second = plant(sb, { receivedAt: hourAgo, emailStatus: 'chờ gửi', source: 'Thư giấy' });
    const sheet = responses(sb);
    // Staff insert a row between the two and, once the run has announced them, type a letter into it: the edit
    // trigger gives it a code while the run is about to write its marks.
    sheet.insertRowsBefore(second, 1);
    const letter = 'Thư tay: đề nghị lắp đèn ngõ 9.';
    let announced = false;
    sb.world.faultHook = (call) => {
      if (call === 'GmailApp.sendEmail') announced = true;
      else if (announced && call === 'Range.setValues') {
        sb.world.faultHook = null;
        sheet.getRange(second, COL.source, 1, 6).setValues([['Thư giấy', 'KDC02', '', 'Kiến nghị', '', letter]]);
        sb.fireEdit(editAt(second, 'source', 1, 6));
      }
    };
    sb.fireHandler('sendPendingEmails');
    sb.world.faultHook = null;
    // A code it did not get now (the box was busy) comes with the owner's "Cấp mã cho ý kiến nhập tay".
    sb.run('assignCodesToManualRows', [], { user: ADMIN });
    sb.fireHandler('sendPendingEmails');
    const row = sheet
      .getDataRange()
      .getValues()
      .find((r) => r[COL.content - 1] === letter)!;
    const code = String(row[COL.trackingCode - 1]);
    expect(code).toMatch(/^HB-/);
    expect(row[COL.emailStatus - 1]).toBe('đã gửi');
    expect(sb.world.gmail.sent.some((m) => m.to.includes(COMMITTEE) && (m.subject + m.body).includes(code))).toBe(true);
  });
});
