import { COL, COLUMNS, HEADERS, type ColumnKey } from '../../../src/core/records/feedback-record';
import { driveFileIds, planPurge, retentionCutoff } from '../../../src/core/privacy/retention';
import {
  NAMED_AGAIN_MS,
  NAMED_KEEP,
  expiredRowsElsewhere,
  hasResponsesLayout,
  parseNamedSheets,
  sheetsToName,
} from '../../../src/core/privacy/other-sheets';
import { PLACEHOLDERS } from '../../../src/core/privacy/mask';

const { email: EMAIL_MASK, name: NAME_MASK, phone: PHONE_MASK } = PLACEHOLDERS;

/** An instant given as Vietnam local wall time (UTC+7). */
function vn(y: number, m: number, d: number, h = 0, min = 0): Date {
  return new Date(Date.UTC(y, m - 1, d, h - 7, min));
}

/** A sheet row (as getValues returns it) with the given cells; everything else ''. */
function row(cells: Partial<Record<ColumnKey, unknown>> = {}): unknown[] {
  return COLUMNS.map((c) => (c.key in cells ? cells[c.key] : ''));
}

describe('retention', () => {
  test('retentionCutoff counts calendar months back from the local day', () => {
    expect(retentionCutoff(vn(2025, 3, 15, 10), 24)).toEqual(vn(2023, 3, 15));
    expect(retentionCutoff(vn(2025, 3, 31, 1), 1)).toEqual(vn(2025, 2, 28));
    expect(retentionCutoff(vn(2024, 3, 31, 1), 1)).toEqual(vn(2024, 2, 29));
    expect(retentionCutoff(vn(2025, 1, 10), 13)).toEqual(vn(2023, 12, 10));
    // 23:30 UTC on 14/3 is already 15/3 in Vietnam.
    expect(retentionCutoff(new Date(Date.UTC(2025, 2, 14, 23, 30)), 12)).toEqual(vn(2024, 3, 15));
  });

  test('driveFileIds reads ids from the Ảnh column links', () => {
    expect(
      driveFileIds(
        'https://drive.google.com/file/d/1AbC_d-EfGhIjK/view\nhttps://drive.google.com/open?id=2XyZ0987654 ,https://drive.google.com/file/d/1AbC_d-EfGhIjK/view',
      ),
    ).toEqual(['1AbC_d-EfGhIjK', '2XyZ0987654']);
    expect(driveFileIds('')).toEqual([]);
    expect(driveFileIds('ảnh đã gửi qua Zalo')).toEqual([]);
  });

  test('planPurge blanks personal data of old rows only, masks it in the text, names each row by its code', () => {
    const cutoff = vn(2023, 3, 15);
    const personal = {
      name: 'Nguyễn Văn An',
      phone: '0912345678',
      email: 'an@example.com',
      address: 'Số 5 ngõ 7',
      consent: 'Có',
      photos: 'https://drive.google.com/file/d/PHOTO123456/view',
      content: 'Tôi là Nguyễn Văn An, gọi 0912 345 678 hoặc an@example.com: ngõ 7 ngập nước.',
      status: 'Đã trả lời',
    };
    const table = [
      [],
      COLUMNS.map((c) => c.header), // a row inserted above the header by mistake
      row({ ...personal, trackingCode: 'HB-AAAAAAA', receivedAt: vn(2023, 3, 14, 23) }),
      row({ trackingCode: 'HB-BBBBBBB', receivedAt: vn(2022, 1, 1), content: 'Không có thông tin cá nhân.', name: '' }),
      row({ ...personal, trackingCode: 'HB-CCCCCCC', receivedAt: vn(2023, 3, 15) }),
      row({ ...personal, trackingCode: 'HB-DDDDDDD', receivedAt: 'không rõ' }),
      row({ receivedAt: vn(2022, 6, 1), content: 'Liên hệ tổ trưởng 0987 654 321.' }),
      row({ ...personal, trackingCode: 'HB-12', receivedAt: vn(2022, 6, 1) }),
    ];
    const plan = planPurge(table, cutoff, (t) => /^HB-[A-Z2-9]{7}$/.test(t));
    expect(plan.changes.map((c) => [c.label, c.ref])).toEqual([
      ['HB-AAAAAAA', { column: COL.trackingCode, value: 'HB-AAAAAAA' }],
      ['dòng 7', { like: table[6] }],
    ]);
    expect(plan.photoIds).toEqual(new Map([['HB-AAAAAAA', ['PHOTO123456']]]));
    expect(plan.leftAlone).toEqual([{ row: 8, kind: 'edited', value: 'HB-12' }]);
    const cells = Object.fromEntries(plan.changes[0].cells.map((c) => [c.column, c]));
    expect(cells[COL.content].to).toBe(`'Tôi là ${NAME_MASK}, gọi ${PHONE_MASK} hoặc ${EMAIL_MASK}: ngõ 7 ngập nước.`);
    expect(cells[COL.content].from).toEqual([personal.content]);
    for (const k of ['name', 'phone', 'email', 'address', 'photos'] as const)
      expect(cells[COL[k]]).toEqual({ column: COL[k], from: [personal[k]], to: '' });
    expect(cells[COL.consent]).toBeUndefined();
    expect(plan.changes[1].cells).toEqual([
      { column: COL.content, from: ['Liên hệ tổ trưởng 0987 654 321.'], to: `'Liên hệ tổ trưởng ${PHONE_MASK}.` },
    ]);

    // Once purged, nothing is left to do.
    const after = table.map((r) => [...r]);
    for (const [i, change] of [
      [2, plan.changes[0]],
      [6, plan.changes[1]],
    ] as const) {
      for (const c of change.cells) after[i][c.column - 1] = String(c.to).replace(/^'/, '');
    }
    expect(planPurge(after, cutoff, (t) => /^HB-[A-Z2-9]{7}$/.test(t)).changes).toEqual([]);
  });
  test('planPurge masks the sender inside the public reply and the internal note too, and keeps their ordinary text', () => {
    const cutoff = vn(2023, 3, 15);
    const reply = 'Kính gửi bà Lan Nguyễn: ngày 12/10/2022 phường đã sửa đèn trước nhà bà ở Số 12 ngõ 34 Hàng Bông, tổ dân phố 5.';
    const note = 'Đã gọi chị Lan lúc 9h, hẹn thứ Hai. Trùng với HB-AAAAAAA';
    const table = [
      COLUMNS.map((c) => c.header),
      row({
        trackingCode: 'HB-BBBBBBB',
        receivedAt: vn(2022, 10, 10),
        name: 'Nguyễn Thị Lan',
        address: 'Số 12 ngõ 34 Hàng Bông',
        content: 'Đèn đường ngõ 34 hỏng.',
        publicReply: reply,
        internalNote: `${note}, bà Nguyễn Thị Lan.`,
      }),
      // Staff wrote the reply in another program (NFD): nothing to mask, so nothing is rewritten night after night.
      row({ trackingCode: 'HB-CCCCCCC', receivedAt: vn(2022, 10, 11), publicReply: 'Đã sửa đèn, tổ dân phố 5.'.normalize('NFD') }),
    ];
    const plan = planPurge(table, cutoff, (t) => /^HB-[A-Z2-9]{7}$/.test(t));
    expect(plan.changes.map((c) => c.label)).toEqual(['HB-BBBBBBB']);
    const cells = Object.fromEntries(plan.changes[0].cells.map((c) => [c.column, c.to]));
    expect(cells[COL.publicReply]).toBe(
      `'Kính gửi bà ${NAME_MASK}: ngày 12/10/2022 phường đã sửa đèn trước nhà bà ở ${PLACEHOLDERS.address}, tổ dân phố 5.`,
    );
    expect(cells[COL.internalNote]).toBe(`'${note}, bà ${NAME_MASK}.`);
    expect(cells[COL.content]).toBeUndefined();
  });
});

describe('retention and a reply several rows hold', () => {
  test('a purged sender is masked in the same reply a recent row holds, and nothing else of that row changes', () => {
    const cutoff = vn(2025, 3, 15);
    const reply =
      'Đã sửa đèn theo phản ánh của ông Nguyễn Văn An và bà Trần Thị Lan (0987 654 321). Cần gì xin gọi tổ trưởng 0243 826 1234.';
    const lan = { name: 'Trần Thị Lan', phone: '0987 654 321', email: 'lan@example.vn', consent: 'Có', status: 'Đã trả lời' };
    const an = { name: 'Nguyễn Văn An', phone: '0912 345 678', email: 'an@example.com', consent: 'Có', status: 'Đã trả lời' };
    const table = [
      COLUMNS.map((c) => c.header),
      row({ ...lan, trackingCode: 'HB-AAAAAAA', receivedAt: vn(2025, 3, 1), publicReply: reply }),
      row({ ...an, trackingCode: 'HB-BBBBBBB', receivedAt: vn(2025, 3, 20), publicReply: reply.toUpperCase() }),
      row({ ...an, trackingCode: 'HB-CCCCCCC', receivedAt: vn(2025, 3, 21), publicReply: 'Kính gửi ông Nguyễn Văn An.' }),
    ];
    const plan = planPurge(table, cutoff, (t) => /^HB-[A-Z2-9]{7}$/.test(t));
    expect(plan.changes.map((c) => c.label)).toEqual(['HB-AAAAAAA', 'HB-BBBBBBB']);
    const recent = plan.changes[1];
    expect(recent.cells.map((c) => c.column)).toEqual([COL.publicReply]);
    const to = String(recent.cells[0].to);
    expect(to).not.toContain('TRẦN THỊ LAN');
    expect(to).not.toContain('0987 654 321');
    expect(to).toContain('ÔNG NGUYỄN VĂN AN');
    expect(to).toContain('0243 826 1234');
  });
});

describe('sheets staff made in the box spreadsheet', () => {
  const isCode = (t: string) => /^HB-[A-Z0-9]{7}$/.test(t);
  const cutoff = vn(2023, 3, 15);
  const old = vn(2022, 1, 5);
  const recent = vn(2023, 6, 1);

  test('only a sheet whose header row is all of Góp ý’s, above its rows, has Góp ý’s layout', () => {
    expect(hasResponsesLayout([HEADERS, row({ trackingCode: 'HB-AAAAAAA' })])).toBe(true);
    expect(hasResponsesLayout([['Ghi chú'], [], HEADERS, row()])).toBe(true);
    expect(hasResponsesLayout([[...HEADERS, 'Cột riêng của tổ']])).toBe(true);
    // A header with one title changed, cut short, or not the first row naming the code column: not known.
    expect(hasResponsesLayout([HEADERS.map((h, i) => (i === COL.name - 1 ? 'Tên' : h))])).toBe(false);
    expect(hasResponsesLayout([HEADERS.slice(0, COL.phone)])).toBe(false);
    expect(hasResponsesLayout([[HEADERS[0], 'Ngày'], HEADERS])).toBe(false);
    expect(hasResponsesLayout([])).toBe(false);
  });

  test('elsewhere, rows with a tracking code, a date before the cutoff and personal data are named', () => {
    const table = [
      ['Mã', 'Ngày', 'Ghi chú'],
      ['HB-AAAAAAA', old, 'Đã gọi chị Hương 0913 222 333'],
      ['HB-BBBBBBB', old, 'Đã chuyển tổ dân phố'],
      ['HB-CCCCCCC', recent, 'Gọi lại 0913 222 333'],
      ['', old, 'Gửi huong.pham@example.com'],
      [old, 'Email: huong.pham@example.com', ' HB-DDDDDDD '],
    ];
    expect(expiredRowsElsewhere(table, cutoff, isCode)).toEqual([2, 6]);
  });
});

describe('which sheets Nhật ký names', () => {
  const T = 1_800_000_000_000;
  const said = (m: Record<string, string>) => new Map(Object.entries(m));

  test('a sheet is named when what is said of it changes or a week has passed, and forgotten once clean', () => {
    let r = sheetsToName({}, said({ A: '"A" (dòng 2)', B: '"B" (dòng 4)' }), T);
    expect(r.texts).toEqual(['"A" (dòng 2)', '"B" (dòng 4)']);
    const first = r.store;
    r = sheetsToName(first, said({ A: '"A" (dòng 2)' }), T + 3600_000);
    expect(r.texts).toEqual([]);
    expect(r.store).toEqual(first);
    expect(sheetsToName(first, said({ A: '"A" (dòng 2, 3)' }), T + 3600_000).texts).toEqual(['"A" (dòng 2, 3)']);
    expect(sheetsToName(first, said({ A: '"A" (dòng 2)' }), T + NAMED_AGAIN_MS).texts).toEqual(['"A" (dòng 2)']);
    r = sheetsToName(first, said({ A: '' }), T + 3600_000);
    expect(Object.keys(r.store)).toEqual(['B']);
    expect(sheetsToName(r.store, said({ A: '"A" (dòng 2)' }), T + 7200_000).texts).toEqual(['"A" (dòng 2)']);
  });

  test('the store keeps the newest sheets only, and reads back what it wrote; anything else reads as empty', () => {
    const many = said(Object.fromEntries(Array.from({ length: NAMED_KEEP + 10 }, (_, i) => [`Trang ${i}`, `"Trang ${i}" (dòng 2)`])));
    const { store } = sheetsToName({}, many, T);
    expect(Object.keys(store)).toHaveLength(NAMED_KEEP);
    expect(JSON.stringify(store).length).toBeLessThan(9 * 1024);
    expect(parseNamedSheets(JSON.stringify(store))).toEqual(store);
    for (const bad of [null, '', '[]', '{"A": 3}', 'không phải JSON']) expect(parseNamedSheets(bad)).toEqual({});
  });
});
