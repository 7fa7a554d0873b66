import vm from 'node:vm';
import { COL, COLUMNS, columnLetter, rowToRecord, type ColumnKey } from '../../../src/core/records/feedback-record';
import { DATE_HINT, badDateMessage, checkDateCell, parseLocalDateTime } from '../../../src/core/staff/date-cells';
import {
  FIRST_STAFF_COLUMN,
  LAST_STAFF_COLUMN,
  checkStatus,
  firstRowRuns,
  currentEditRect,
  holdsEditedValue,
  planStaffEdit,
  replyDecision,
  staffEditSpan,
  unknownStatusMessage,
  type EditRect,
} from '../../../src/core/staff/staff-edit';
import { asWritable } from '../../../src/core/records/cell-writes';
import { headerEditNotice, headerProblemCell, headerProblemMessage, headerProblems } from '../../../src/core/staff/header-check';
import { planManualRows } from '../../../src/core/staff/manual-rows';

/** An instant given as Vietnam local wall time (UTC+7). */
function vn(y: number, m: number, d: number, h = 0, min = 0): Date {
  return new Date(Date.UTC(y, m - 1, d, h - 7, min));
}

/** A sheet row (as getValues returns it) with the given cells; everything else ''. */
function row(cells: Partial<Record<ColumnKey, unknown>> = {}): unknown[] {
  return COLUMNS.map((c) => (c.key in cells ? cells[c.key] : ''));
}

const answered = (over: Partial<Record<ColumnKey, unknown>> = {}) =>
  row({
    trackingCode: 'HB-7K3M9QX',
    receivedAt: vn(2025, 3, 2, 9),
    content: 'Đèn đường hỏng',
    email: 'dan@example.com',
    consent: 'Có',
    status: 'Đã trả lời',
    publicReply: 'Đã thay bóng đèn.',
    ...over,
  });

const rect = (over: Partial<EditRect> = {}): EditRect => ({
  sheetName: 'Góp ý',
  row: 2,
  column: COL.status,
  numRows: 1,
  numColumns: 1,
  ...over,
});

describe('staff columns', () => {
  test('run from "Trạng thái" to "Công khai"', () => {
    expect(FIRST_STAFF_COLUMN).toBe(COL.status);
    expect(LAST_STAFF_COLUMN).toBe(COL.publish);
    expect(LAST_STAFF_COLUMN).toBe(COLUMNS.length);
  });
});

describe('staffEditSpan', () => {
  test('a single status edit: stamp, check status and reply', () => {
    expect(staffEditSpan(rect({ row: 4 }), 10)).toEqual({
      firstRow: 4,
      numRows: 1,
      stamp: true,
      checkStatus: true,
      checkReply: true,
      replyEdited: false,
      checkDates: [],
    });
  });

  test('edits only in system columns concern nobody', () => {
    expect(staffEditSpan(rect({ column: COL.content }), 10)).toBeNull();
    expect(staffEditSpan(rect({ column: 1, numColumns: FIRST_STAFF_COLUMN - 1 }), 10)).toBeNull();
  });

  test('a paste across system and staff columns counts; the header row and rows past the data are left out', () => {
    expect(staffEditSpan(rect({ row: 1, column: COL.content, numColumns: 15, numRows: 20 }), 6)).toEqual({
      firstRow: 2,
      numRows: 5,
      stamp: true,
      checkStatus: true,
      checkReply: true,
      replyEdited: true,
      checkDates: [COL.dueAt],
    });
    expect(staffEditSpan(rect({ row: 1 }), 10)).toBeNull();
    expect(staffEditSpan(rect({ row: 12 }), 10)).toBeNull();
  });

  test('staff typing "Cập nhật lúc" themselves is left alone; a handler edit does not check the reply', () => {
    expect(staffEditSpan(rect({ column: COL.updatedAt }), 10)).toMatchObject({ stamp: false, checkReply: false });
    expect(staffEditSpan(rect({ column: COL.handler }), 10)).toMatchObject({ stamp: true, checkStatus: false, checkReply: false });
    expect(staffEditSpan(rect({ column: COL.publicReply }), 10)).toMatchObject({ checkStatus: false, checkReply: true, replyEdited: true });
    expect(staffEditSpan(rect({ column: COL.replySentAt }), 10)).toMatchObject({ checkReply: true, replyEdited: false });
  });

  test('date columns are checked when the edit covers them; "Cập nhật lúc" only when typed alone (else it is stamped)', () => {
    expect(staffEditSpan(rect({ column: COL.dueAt }), 10)).toMatchObject({ checkDates: [COL.dueAt] });
    expect(staffEditSpan(rect({ column: COL.updatedAt }), 10)).toMatchObject({ checkDates: [COL.updatedAt] });
    expect(staffEditSpan(rect({ column: COL.dueAt, numColumns: 4 }), 10)).toMatchObject({ checkDates: [COL.dueAt] });
    expect(staffEditSpan(rect({ column: COL.handler }), 10)).toMatchObject({ checkDates: [] });
  });
});

describe('checkStatus', () => {
  test('accepts the listed statuses in any letter case, an empty cell, NFD and extra spaces', () => {
    expect(checkStatus('Đã trả lời')).toEqual({ ok: true, status: 'Đã trả lời' });
    expect(checkStatus('đã trả lời')).toEqual({ ok: true, status: 'Đã trả lời' });
    expect(checkStatus(' ĐANG XỬ LÝ ')).toEqual({ ok: true, status: 'Đang xử lý' });
    expect(checkStatus('  Đang   xử lý ')).toEqual({ ok: true, status: 'Đang xử lý' });
    expect(checkStatus('Đã chuyển cơ quan có thẩm quyền'.normalize('NFD'))).toEqual({
      ok: true,
      status: 'Đã chuyển cơ quan có thẩm quyền',
    });
    expect(checkStatus('')).toEqual({ ok: true, status: '' });
    expect(checkStatus(null)).toEqual({ ok: true, status: '' });
  });

  test('refuses others, suggesting the status meant when it is clear', () => {
    expect(checkStatus('Da tra loi')).toEqual({ ok: false, value: 'Da tra loi', suggestion: 'Đã trả lời' });
    expect(checkStatus('da tra loi')).toMatchObject({ ok: false, suggestion: 'Đã trả lời' });
    expect(checkStatus('Đã chuyển')).toMatchObject({ ok: false, suggestion: 'Đã chuyển cơ quan có thẩm quyền' });
    expect(checkStatus('Xong')).toEqual({ ok: false, value: 'Xong', suggestion: null });
    expect(checkStatus('Đ')).toMatchObject({ ok: false, suggestion: null });
    expect(checkStatus(42)).toMatchObject({ ok: false, value: '42' });
    // A date typed into the column (the Sheet made it a date) is named as staff typed it, not in English.
    expect(checkStatus(new Date(Date.UTC(2026, 1, 1, 3)))).toMatchObject({ ok: false, value: '01/02/2026' });
  });

  test('the message names the row and the suggestion', () => {
    expect(unknownStatusMessage(7, { value: 'da tra loi', suggestion: 'Đã trả lời' })).toBe(
      'Dòng 7: trạng thái "da tra loi" không có trong danh sách. Có phải là "Đã trả lời"?',
    );
  });
});

describe('replyDecision', () => {
  test('due with status "Đã trả lời", a reply, an email and consent, nothing sent yet', () => {
    const d = replyDecision(answered());
    expect(d.due).toBe(true);
    if (d.due) expect(d.record).toMatchObject({ trackingCode: 'HB-7K3M9QX', publicReply: 'Đã thay bóng đèn.', email: 'dan@example.com' });
    expect(replyDecision(answered({ consent: true })).due).toBe(true);
    expect(replyDecision(answered({ status: ' đã TRẢ lời ' })).due).toBe(true);
  });

  test.each<[Partial<Record<ColumnKey, unknown>>, string]>([
    [{ trackingCode: '' }, 'no-code'],
    [{ status: 'Đang xử lý' }, 'not-answered'],
    [{ status: 'da tra loi' }, 'not-answered'],
    [{ publicReply: '   ' }, 'no-reply'],
    [{ email: '' }, 'no-email'],
    [{ consent: 'Không' }, 'no-consent'],
    [{ consent: false }, 'no-consent'],
    [{ email: 'dan@example' }, 'bad-email'],
    [{ email: 'a@b.c, d@e.f' }, 'bad-email'],
    [{ replySentAt: vn(2025, 3, 5) }, 'sent'],
    [{ replySentAt: 'đã gọi điện' }, 'sent'],
  ])('not due with %p: %s', (over, reason) => {
    expect(replyDecision(answered(over))).toEqual({ due: false, reason });
  });
});

describe('planStaffEdit', () => {
  test('stamps non-blank rows, reports unknown statuses, finds due replies and missing ones', () => {
    const span = { firstRow: 5, numRows: 5, stamp: true, checkStatus: true, checkReply: true, replyEdited: false, checkDates: [] };
    const rows = [answered(), row(), answered({ status: 'Xong' }), answered({ email: 'sai-email' }), answered({ publicReply: '' })];
    expect(planStaffEdit(span, rows)).toEqual({
      stampRows: [5, 7, 8, 9],
      unknownStatuses: [{ row: 7, value: 'Xong', suggestion: null }],
      replyDue: [5],
      badEmail: [8],
      replyMissing: [9],
      replySentBefore: [],
      badDates: [],
      statusSpellings: [],
    });
  });

  test('a known status typed in another spelling is to be written back as the box spells it', () => {
    const span = { firstRow: 3, numRows: 6, stamp: true, checkStatus: true, checkReply: false, replyEdited: false, checkDates: [] };
    const nfd = 'Đã chuyển cơ quan có thẩm quyền'.normalize('NFD');
    const rows = [
      answered({ status: ' đã TRẢ  lời ' }),
      answered({ status: 'Đang xử lý' }),
      answered({ status: nfd }),
      answered({ status: 'Xong' }),
      answered({ status: '' }),
      row({ status: 'mới' }),
    ];
    expect(planStaffEdit(span, rows).statusSpellings).toEqual([
      { row: 3, from: ' đã TRẢ  lời ', status: 'Đã trả lời' },
      { row: 5, from: nfd, status: 'Đã chuyển cơ quan có thẩm quyền' },
      { row: 8, from: 'mới', status: 'Mới' },
    ]);
    // Only when the edit covers the status column.
    expect(planStaffEdit({ ...span, checkStatus: false }, rows).statusSpellings).toEqual([]);
  });

  test('does only what the span asks', () => {
    const span = { firstRow: 2, numRows: 1, stamp: false, checkStatus: false, checkReply: false, replyEdited: false, checkDates: [] };
    expect(planStaffEdit(span, [answered({ status: 'Xong', dueAt: '30/2/2025' })])).toEqual({
      stampRows: [],
      unknownStatuses: [],
      replyDue: [],
      badEmail: [],
      replyMissing: [],
      replySentBefore: [],
      badDates: [],
      statusSpellings: [],
    });
  });

  test('a reply edited after its email went is reported; a status edit on such a row is not', () => {
    const sent = answered({ replySentAt: vn(2025, 3, 5) });
    const reply = { firstRow: 4, numRows: 2, stamp: true, checkStatus: false, checkReply: true, replyEdited: true, checkDates: [] };
    expect(planStaffEdit(reply, [sent, answered()])).toMatchObject({ replyDue: [5], replySentBefore: [4] });
    expect(planStaffEdit({ ...reply, replyEdited: false }, [sent, answered()])).toMatchObject({ replyDue: [5], replySentBefore: [] });
    expect(planStaffEdit(reply, [sent, answered({ status: 'Đang xử lý', replySentAt: vn(2025, 3, 5) })]).replySentBefore).toEqual([4]);
  });

  test('reports date cells that are not dates, with row and column; empty cells and real dates are fine', () => {
    const span = {
      firstRow: 3,
      numRows: 5,
      stamp: true,
      checkStatus: false,
      checkReply: false,
      replyEdited: false,
      checkDates: [COL.dueAt, COL.replySentAt],
    };
    const rows = [
      answered({ dueAt: '30/2/2025' }),
      answered({ dueAt: vn(2025, 3, 15), replySentAt: 'đã gọi điện' }),
      answered({ dueAt: '15/03/2025', replySentAt: '31/04/2025' }),
      answered({ dueAt: 'tuần sau' }),
      row({ dueAt: '' }),
    ];
    expect(planStaffEdit(span, rows).badDates).toEqual([
      { row: 3, column: COL.dueAt, value: '30/2/2025', kind: 'invalid' },
      { row: 5, column: COL.dueAt, value: '15/03/2025', kind: 'text' },
      { row: 5, column: COL.replySentAt, value: '31/04/2025', kind: 'invalid' },
      { row: 6, column: COL.dueAt, value: 'tuần sau', kind: 'invalid' },
    ]);
  });
});

describe('firstRowRuns', () => {
  test('keeps the items of the first runs of consecutive rows, so each run is one block write', () => {
    const at = (...rows: number[]) => rows.map((row) => ({ row }));
    expect(firstRowRuns(at(2, 3, 4, 9, 11, 12, 20), 2)).toEqual(at(2, 3, 4, 9));
    expect(firstRowRuns(at(2, 3, 4, 9, 11, 12, 20), 3)).toEqual(at(2, 3, 4, 9, 11, 12));
    expect(firstRowRuns(at(...Array.from({ length: 500 }, (_, i) => i + 2)), 1)).toHaveLength(500);
    expect(firstRowRuns(at(12, 11, 5), 1)).toEqual(at(5));
    expect(firstRowRuns([], 3)).toEqual([]);
  });
});

describe('date cells', () => {
  test('checkDateCell: dates of any realm and empty cells pass; text, numbers and impossible days do not', () => {
    const foreign = vm.runInNewContext('new Date(Date.UTC(2025, 2, 1, 2))') as Date;
    expect(checkDateCell(foreign, COL.dueAt)).toEqual({ ok: true });
    expect(checkDateCell('', COL.dueAt)).toEqual({ ok: true });
    expect(checkDateCell('  ', COL.dueAt)).toEqual({ ok: true });
    expect(checkDateCell(null, COL.dueAt)).toEqual({ ok: true });
    expect(checkDateCell('30/2/2025', COL.dueAt)).toEqual({ ok: false, value: '30/2/2025', kind: 'invalid' });
    expect(checkDateCell('15/03/2025 08:30', COL.dueAt)).toEqual({ ok: false, value: '15/03/2025 08:30', kind: 'text' });
    expect(checkDateCell(45000, COL.dueAt)).toMatchObject({ ok: false, value: '45000', kind: 'invalid' });
    expect(checkDateCell(new Date(NaN), COL.updatedAt)).toMatchObject({ ok: false });
    // "Đã gửi trả lời" may hold a note; only something written as a date must be one.
    expect(checkDateCell('đã gửi qua Zalo', COL.replySentAt)).toEqual({ ok: true });
    expect(checkDateCell('32/01/2025', COL.replySentAt)).toMatchObject({ ok: false, kind: 'invalid' });
  });

  test('the message names the row, the cell and the column, in Vietnamese', () => {
    expect(badDateMessage({ row: 7, column: COL.dueAt, value: '30/2/2025', kind: 'invalid' })).toBe(
      `Dòng 7, ô ${columnLetter(COL.dueAt)}7 (Hạn xử lý): "30/2/2025" không phải ngày hợp lệ.`,
    );
    expect(badDateMessage({ row: 9, column: COL.dueAt, value: '15/03/2025', kind: 'text' })).toBe(
      `Dòng 9, ô ${columnLetter(COL.dueAt)}9 (Hạn xử lý): "15/03/2025" được lưu dưới dạng chữ, không phải ngày: hãy xóa ô rồi nhập lại ngày.`,
    );
    expect(DATE_HINT).toContain('dd/MM/yyyy');
  });
});

describe('header row', () => {
  const expected = ['Mã', 'Tên địa điểm', 'Loại'];

  test('the expected headers (also in NFD) are fine', () => {
    expect(headerProblems(['Mã', 'Tên địa điểm', 'Loại'], expected)).toEqual([]);
    expect(headerProblems(['Mã', 'Tên địa điểm'.normalize('NFD'), 'Loại', 'extra'], expected)).toEqual([]);
  });

  test('a changed, a deleted and a missing cell are each a problem; an empty row is one problem', () => {
    expect(headerProblems(['Mã', '', 'Loai'], expected)).toEqual([
      { column: 2, found: '', expected: 'Tên địa điểm' },
      { column: 3, found: 'Loai', expected: 'Loại' },
    ]);
    expect(headerProblems(['Mã'], expected)).toEqual([
      { column: 2, found: '', expected: 'Tên địa điểm' },
      { column: 3, found: '', expected: 'Loại' },
    ]);
    expect(headerProblems(['', ' ', ''], expected)).toEqual([{ column: 0, found: '', expected: 'Mã, Tên địa điểm, Loại' }]);
  });

  test('messages name the cell and say how to repair', () => {
    const [deleted, changed] = headerProblems(['Mã', '', 'Loai'], expected);
    expect(headerProblemCell('Địa điểm', changed)).toBe('Địa điểm!C1');
    expect(headerProblemCell('Địa điểm', { column: 0, found: '', expected: '' })).toBe('Địa điểm!1:1');
    expect(headerProblemMessage(changed)).toBe(
      'Tiêu đề cột C là "Loai", đúng ra là "Loại": hãy sửa lại hoặc chạy "Cài đặt / sửa chữa hòm thư".',
    );
    expect(headerProblemMessage(deleted)).toBe(
      'Tiêu đề cột B đã bị xóa, đúng ra là "Tên địa điểm": hãy sửa lại hoặc chạy "Cài đặt / sửa chữa hòm thư".',
    );
    const notice = headerEditNotice('Địa điểm', [deleted, changed]);
    expect(notice).toContain('Tiêu đề trang "Địa điểm" đã bị thay đổi: ô B1 bị xóa (đúng ra là "Tên địa điểm"); ô C1 là "Loai"');
    expect(notice).toContain('Cài đặt / sửa chữa hòm thư');
    expect(notice).toContain('hoàn tác');
  });
});

describe('rowToRecord', () => {
  test('keeps Dates made in another realm (sheet values in the sandbox)', () => {
    const foreign = vm.runInNewContext('new Date(Date.UTC(2025, 2, 1, 2))') as Date;
    expect(foreign instanceof Date).toBe(false);
    const cells = row({ receivedAt: foreign, dueAt: foreign, updatedAt: foreign, replySentAt: foreign, consent: true });
    const r = rowToRecord(cells);
    for (const k of ['receivedAt', 'dueAt', 'updatedAt', 'replySentAt'] as const) expect((r[k] as Date).getTime()).toBe(foreign.getTime());
    expect(r.consent).toBe(true);
    expect(rowToRecord(row({ receivedAt: new Date(NaN) })).receivedAt).toBe('');
  });
});

describe('currentEditRect', () => {
  const table = [
    COLUMNS.map((c) => c.header),
    answered({ trackingCode: 'HB-AAAAAAA', publicReply: 'Đã sửa cống.' }),
    answered({ trackingCode: 'HB-BBBBBBB', publicReply: 'Đã thay bóng đèn.' }),
    answered({ trackingCode: 'HB-CCCCCCC', publicReply: 'Đã thay bóng đèn.' }),
  ];
  const at = (r: number) => rect({ row: r, column: COL.publicReply });

  test('a single-cell edit is acted on where its value still is, following a row that moved', () => {
    expect(currentEditRect(table, 2, at(2), 'Đã sửa cống.')).toEqual(at(2));
    // Sorted since: the value is now on row 2, typed on row 4.
    expect(currentEditRect(table, 2, at(4), 'Đã sửa cống.')).toEqual(at(2));
    // Nowhere, or on several rows: nothing is acted on.
    expect(currentEditRect(table, 2, at(2), 'Đã trả lời qua điện thoại.')).toBeNull();
    expect(currentEditRect(table, 2, at(2), 'Đã thay bóng đèn.')).toBeNull();
  });

  test('edits without a value (a paste, a cleared cell) concern the rows now at the event position', () => {
    expect(currentEditRect(table, 2, rect({ row: 2, numRows: 3 }), undefined)).toEqual(rect({ row: 2, numRows: 3 }));
    expect(currentEditRect(table, 2, at(3), null)).toEqual(at(3));
  });

  test('holdsEditedValue compares text after NFC and trimming, numbers as typed, dates leniently', () => {
    expect(holdsEditedValue(' Đã xong ', 'Đã xong'.normalize('NFD'))).toBe(true);
    expect(holdsEditedValue(15, '15')).toBe(true);
    expect(holdsEditedValue(vn(2025, 1, 1), '45658')).toBe(true);
    expect(holdsEditedValue('Mới', 'Đang xử lý')).toBe(false);
  });
});

describe('asWritable', () => {
  test('text read back stays literal; dates, numbers, booleans stay as they are', () => {
    const d = vn(2025, 1, 1);
    expect(asWritable('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(asWritable('0912345678')).toBe("'0912345678");
    expect(asWritable('')).toBe('');
    expect(asWritable(null)).toBe('');
    expect(asWritable(d)).toBe(d);
    expect(asWritable(3)).toBe(3);
    expect(asWritable(false)).toBe(false);
  });
});

describe('planManualRows', () => {
  const NOW = vn(2025, 3, 7, 10); // a Friday
  const locations = [
    { code: 'KDC01', name: 'Nhà văn hóa khu dân cư số 1' },
    { code: 'TRUSO', name: 'Trụ sở phường' },
  ];
  const base = {
    firstRow: 2,
    now: NOW,
    deadlineDays: { 'Góp ý': 15, 'Phản ánh': 10, 'Kiến nghị': 15 },
    holidays: ['2025-03-10'],
    locations,
  };

  test('gives codes, times, status, source, location, deadline and queues the committee email', () => {
    const codes = ['HB-AAAAAAA', 'HB-BBBBBBB', 'HB-CCCCCCC'];
    const rows = [
      row({ trackingCode: 'HB-AAAAAAA', content: 'Đã có mã' }),
      row({ source: 'Thư giấy', locationCode: 'kdc01', kind: 'Phản ánh', content: 'Thư tay: cống ngập.', name: 'Bà Năm' }),
      row({
        receivedAt: '03/03/2025 08:15',
        locationName: 'trụ sở phường',
        content: 'Gọi điện phản ánh.',
        status: 'Đang xử lý',
        dueAt: vn(2025, 3, 20),
      }),
      row({ source: 'Hội nghị', name: 'Ông Bảy' }),
      row(),
    ];
    const plan = planManualRows({ ...base, rows, drawCode: () => codes.shift()! });
    expect(plan.updates.map((u) => [u.row, u.trackingCode])).toEqual([
      [3, 'HB-BBBBBBB'],
      [4, 'HB-CCCCCCC'],
    ]);
    expect(plan.notes).toEqual(['Dòng 5: chưa có nội dung ý kiến nên chưa cấp mã.']);
    const [letter, call] = plan.updates.map((u) => Object.fromEntries(u.cells));
    expect(letter).toEqual({
      [COL.trackingCode]: "'HB-BBBBBBB",
      [COL.receivedAt]: NOW,
      [COL.locationName]: "'Nhà văn hóa khu dân cư số 1",
      [COL.status]: "'Mới",
      // 10 working days after Friday 7/3, skipping weekends and the holiday on Monday 10/3.
      [COL.dueAt]: new Date(vn(2025, 3, 24).getTime() + 24 * 3600 * 1000 - 1),
      [COL.emailStatus]: "'chờ gửi",
    });
    expect(call).toEqual({
      [COL.trackingCode]: "'HB-CCCCCCC",
      [COL.receivedAt]: vn(2025, 3, 3, 8, 15),
      [COL.source]: "'Khác",
      [COL.locationCode]: "'TRUSO",
      [COL.emailStatus]: "'chờ gửi",
    });
  });

  test('a row the web form made whose code was cleared is not a typed row: no new code', () => {
    const rows = [row({ content: 'Gửi qua mạng', requestId: 'req-12345678' }), row({ content: 'Thư tay' })];
    const plan = planManualRows({ ...base, rows, drawCode: () => 'HB-EEEEEEE' });
    expect(plan.updates.map((u) => u.row)).toEqual([3]);
  });

  test('never gives a code already used, and says so when a typed time cannot be read', () => {
    const draws = ['HB-AAAAAAA', 'HB-AAAAAAA', 'HB-DDDDDDD'];
    const rows = [row({ trackingCode: 'HB-AAAAAAA', content: 'x' }), row({ content: 'Nội dung', receivedAt: 'hôm qua' })];
    const plan = planManualRows({ ...base, rows, drawCode: () => draws.shift()! });
    expect(plan.updates[0].trackingCode).toBe('HB-DDDDDDD');
    expect(plan.updates[0].cells.get(COL.receivedAt)).toEqual(NOW);
    expect(plan.notes[0]).toContain('Dòng 3: không đọc được "Thời gian nhận" ("hôm qua")');
    expect(() => planManualRows({ ...base, rows, drawCode: () => 'HB-AAAAAAA' })).toThrow(/unused tracking code/);
  });

  test('parseLocalDateTime reads Vietnamese dates as local time and refuses impossible ones', () => {
    expect(parseLocalDateTime('3/3/2025')).toEqual(vn(2025, 3, 3));
    expect(parseLocalDateTime('03/03/2025 23:59:30')).toEqual(new Date(vn(2025, 3, 3, 23, 59).getTime() + 30000));
    for (const bad of ['31/02/2025', '12/13/2025', '2025-03-03', '03/03/2025 24:00', '']) expect(parseLocalDateTime(bad)).toBeNull();
  });
});
