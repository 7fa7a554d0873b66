import { COL, COLUMNS, type ColumnKey } from '../../../src/core/records/feedback-record';
import { PURGE_FROM_COL, PURGE_TO_COL, driveFileIds, planPurge, retentionCutoff } from '../../../src/core/privacy/retention';
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

  test('planPurge blanks personal data of old rows only, masks it in the text, keeps the rest, in one block', () => {
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
    const rows = [
      row({ ...personal, receivedAt: vn(2023, 3, 14, 23) }),
      row({ receivedAt: vn(2022, 1, 1), content: 'Không có thông tin cá nhân.', name: '' }),
      row({ ...personal, receivedAt: vn(2023, 3, 15) }),
      row({ ...personal, receivedAt: 'không rõ' }),
      row({ receivedAt: vn(2022, 6, 1), content: 'Liên hệ tổ trưởng 0987 654 321.' }),
    ];
    const plan = planPurge(rows, 2, cutoff);
    expect(plan.rows).toEqual([2, 6]);
    expect(plan.photoIds).toEqual(['PHOTO123456']);
    expect(plan.write).not.toBeNull();
    const w = plan.write!;
    expect([w.row, w.column, w.values.length, w.values[0].length]).toEqual([2, PURGE_FROM_COL, 5, PURGE_TO_COL - PURGE_FROM_COL + 1]);
    const at = (r: number, k: ColumnKey) => w.values[r][COL[k] - PURGE_FROM_COL];
    expect(at(0, 'content')).toBe(`'Tôi là ${NAME_MASK}, gọi ${PHONE_MASK} hoặc ${EMAIL_MASK}: ngõ 7 ngập nước.`);
    for (const k of ['name', 'phone', 'email', 'address', 'photos'] as const) expect(at(0, k)).toBe('');
    expect(at(0, 'consent')).toBe("'Có");
    expect(at(1, 'content')).toBe("'Không có thông tin cá nhân.");
    expect(at(2, 'name')).toBe("'Nguyễn Văn An");
    expect(at(4, 'content')).toBe(`'Liên hệ tổ trưởng ${PHONE_MASK}.`);

    // Once purged, nothing is left to do.
    const after = rows.map((r, i) =>
      plan.rows.includes(i + 2)
        ? r.map((v, c) =>
            c + 1 >= w.column && c + 1 < w.column + w.values[0].length ? String(w.values[i][c + 1 - w.column]).replace(/^'/, '') : v,
          )
        : r,
    );
    expect(planPurge(after, 2, cutoff)).toEqual({ rows: [], photoIds: [], write: null });
  });
});
