import { PLACEHOLDERS } from '../../../src/core/privacy/mask';
import { CLEAR_FIELD, RIGHTS_MESSAGES, parseResidentRequest, planCorrection, planErasure } from '../../../src/core/privacy/resident-rights';
import { rowToRecord, type FeedbackRecord } from '../../../src/core/records/feedback-record';

const CODE = 'HB-7KQ4M2X';

function record(over: Partial<FeedbackRecord> = {}): FeedbackRecord {
  return {
    ...rowToRecord([]),
    trackingCode: CODE,
    receivedAt: new Date(Date.UTC(2026, 2, 1)),
    content: 'Tôi là Nguyễn Thị Lan, gọi 0912 345 678. Đèn ngõ 12 hỏng từ ngày 05/03.',
    name: 'Nguyễn Thị Lan',
    phone: '0912345678',
    email: 'lan.nguyen@gmail.com',
    address: 'Số 12 ngõ 34 Hàng Bông',
    consent: true,
    photos:
      'https://drive.google.com/file/d/1AbCdEfGhIjKlMnOpQrStUvWxYz012345/view\nhttps://drive.google.com/file/d/1ZyXwVuTsRqPoNmLkJiHgFeDcBa987654/view',
    status: 'Đã trả lời',
    publicReply: 'Chị Nguyễn Thị Lan: tổ điện lực đã thay bóng đèn ngày 10/03.',
    internalNote: 'Đã gọi lại cho chị Lan theo số 0912.345.678',
    ...over,
  };
}

describe('parseResidentRequest', () => {
  it('reads an erasure with the code in any case and spacing', () => {
    expect(parseResidentRequest({ code: ' hb-7kq4m2x ', request: 'erase' })).toEqual({ request: { kind: 'erase', code: CODE } });
  });

  it('reads a correction: new values cleaned and validated, "-" empties a field, empty fields are left alone', () => {
    expect(
      parseResidentRequest({
        code: CODE,
        request: 'correct',
        name: '  Nguyễn  Thị Lan ',
        phone: '+84 987 654 321',
        email: ' LAN@Example.VN ',
        address: CLEAR_FIELD,
      }),
    ).toEqual({
      request: {
        kind: 'correct',
        code: CODE,
        changes: { name: 'Nguyễn Thị Lan', phone: '0987654321', email: 'lan@example.vn', address: '' },
      },
    });
  });

  it.each([
    [{}, RIGHTS_MESSAGES.code],
    [{ code: 'HB-12', request: 'erase' }, RIGHTS_MESSAGES.code],
    [{ code: CODE }, RIGHTS_MESSAGES.request],
    [{ code: CODE, request: 'delete' }, RIGHTS_MESSAGES.request],
    [{ code: CODE, request: 'erase', phone: '0912345678' }, RIGHTS_MESSAGES.eraseWithValues],
    [{ code: CODE, request: 'correct' }, RIGHTS_MESSAGES.nothingToCorrect],
    [{ code: CODE, request: 'correct', phone: '12345' }, RIGHTS_MESSAGES.phone],
    [{ code: CODE, request: 'correct', email: 'lan(a)gmail' }, RIGHTS_MESSAGES.email],
    [{ code: CODE, request: 'correct', name: 'x'.repeat(500) }, RIGHTS_MESSAGES.name],
    [{ code: CODE, request: 'correct', address: 'y'.repeat(2000) }, RIGHTS_MESSAGES.address],
  ])('refuses %j in Vietnamese', (input, message) => {
    expect(parseResidentRequest(input)).toEqual({ error: message });
  });

  it('copes with odd input', () => {
    for (const bad of [null, undefined, 42, 'HB-7KQ4M2X', [], { code: { toString: () => CODE }, request: 'erase' }]) {
      expect(parseResidentRequest(bad)).toHaveProperty('error');
    }
    // Inherited properties are not the owner's input.
    const proto = Object.create({ code: CODE, request: 'erase' }) as object;
    expect(parseResidentRequest(proto)).toEqual({ error: RIGHTS_MESSAGES.code });
  });
});

describe('planErasure', () => {
  it('blanks the contact and photo cells, masks the sender inside the texts, keeps the opinion, handling and consent', () => {
    const plan = planErasure(record());
    expect(plan.cells).toEqual({
      name: '',
      phone: '',
      email: '',
      address: '',
      photos: '',
      content: `'Tôi là ${PLACEHOLDERS.name}, gọi ${PLACEHOLDERS.phone}. Đèn ngõ 12 hỏng từ ngày 05/03.`,
      publicReply: `'Chị ${PLACEHOLDERS.name}: tổ điện lực đã thay bóng đèn ngày 10/03.`,
      internalNote: `'Đã gọi lại cho chị Lan theo số ${PLACEHOLDERS.phone}`,
    });
    expect(plan.photoIds).toEqual(['1AbCdEfGhIjKlMnOpQrStUvWxYz012345', '1ZyXwVuTsRqPoNmLkJiHgFeDcBa987654']);
    expect(plan.erased).toEqual([
      'họ tên',
      'số điện thoại',
      'email',
      'địa chỉ',
      'ảnh',
      'thông tin cá nhân trong nội dung ý kiến',
      'thông tin cá nhân trong trả lời công khai',
      'thông tin cá nhân trong ghi chú nội bộ',
    ]);
    // What is logged names kinds, never the data.
    expect(plan.erased.join(' ')).not.toMatch(/Lan|0912|gmail|Hàng Bông/);
  });

  it('erasing an erased row changes nothing', () => {
    const first = planErasure(record());
    const after = record({
      name: '',
      phone: '',
      email: '',
      address: '',
      photos: '',
      content: first.cells.content!.slice(1),
      publicReply: first.cells.publicReply!.slice(1),
      internalNote: first.cells.internalNote!.slice(1),
    });
    expect(planErasure(after)).toEqual({ cells: {}, photoIds: [], erased: [] });
  });

  it('a row without contact keeps its texts when they hold nothing personal', () => {
    const plan = planErasure(
      record({ name: '', phone: '', email: '', address: '', photos: '', content: 'Đèn ngõ 12 hỏng.', publicReply: '', internalNote: '' }),
    );
    expect(plan).toEqual({ cells: {}, photoIds: [], erased: [] });
  });

  it('a text starting with = is written back as literal text', () => {
    const plan = planErasure(record({ content: '=HYPERLINK("x") gọi 0912345678', name: '' }));
    expect(plan.cells.content).toBe(`'=HYPERLINK("x") gọi ${PLACEHOLDERS.phone}`);
  });
});

describe('planCorrection', () => {
  it('writes only the values that change, as literal text, and says which by label', () => {
    const plan = planCorrection(record(), { name: 'Nguyễn Thị Lan', phone: '0987654321', address: '', email: '=cmd' });
    expect(plan.cells).toEqual({ phone: "'0987654321", email: "'=cmd", address: '' });
    expect(plan.corrected).toEqual(['số điện thoại', 'email']);
    expect(plan.cleared).toEqual(['địa chỉ']);
  });

  it('a correction that changes nothing writes nothing', () => {
    expect(planCorrection(record(), { name: 'Nguyễn Thị Lan' })).toEqual({ cells: {}, corrected: [], cleared: [] });
  });
});
