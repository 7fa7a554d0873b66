import fc from 'fast-check';
import { ADDRESS_MASK, EMAIL_MASK, NAME_MASK, PHONE_MASK, redactKnownValues, stripPersonalData } from '../../../src/core/privacy/pii';

const P = PHONE_MASK;
const E = EMAIL_MASK;

describe('stripPersonalData: phone numbers', () => {
  const cases: Array<[string, string]> = [
    ['Gọi cho tôi theo số 0912345678 nhé.', `Gọi cho tôi theo số ${P} nhé.`],
    ['Số điện thoại: 0912 345 678, cảm ơn cán bộ phường.', `Số điện thoại: ${P}, cảm ơn cán bộ phường.`],
    ['SĐT 0912.345.678 (gọi buổi tối)', `SĐT ${P} (gọi buổi tối)`],
    ['Liên hệ 0912-345-678.', `Liên hệ ${P}.`],
    ['Liên hệ +84 912 345 678 nếu cần thêm thông tin', `Liên hệ ${P} nếu cần thêm thông tin`],
    ['Zalo +84912345678', `Zalo ${P}`],
    ['Số 84912345678 là của tôi', `Số ${P} là của tôi`],
    ['Gọi (+84) 912-345-678', `Gọi ${P}`],
    ['Gọi +84 (0) 912 345 678', `Gọi ${P}`],
    ['Gọi 0084 912 345 678', `Gọi ${P}`],
    ['Máy bàn 024 3825 1234 giờ hành chính', `Máy bàn ${P} giờ hành chính`],
    ['Máy bàn (024) 3825 1234', `Máy bàn ${P}`],
    ['Máy bàn 02438251234', `Máy bàn ${P}`],
    ['Máy bàn 028.3829.1234', `Máy bàn ${P}`],
    ['Số cũ 0383 456 789 và số mới 0777 888 999', `Số cũ ${P} và số mới ${P}`],
    ['0912345678/0987654321', `${P}/${P}`],
    ['0912345678 - 0987654321 gọi 2 lần', `${P} - ${P} gọi 2 lần`],
    ['Năm 2025 tôi đổi số sang 0912 345 678', `Năm 2025 tôi đổi số sang ${P}`],
    ['sđt0912345678nhé', `sđt${P}nhé`],
    ['Điện thoại:0988777666.', `Điện thoại:${P}.`],
    ['Dòng 1\n0912345678\nDòng 3', `Dòng 1\n${P}\nDòng 3`],
    ['Số 0912\u00A0345\u00A0678', `Số ${P}`],
  ];
  it.each(cases)('%s', (input, expected) => {
    expect(stripPersonalData(input)).toBe(expected);
  });
});

describe('stripPersonalData: e-mail addresses', () => {
  const cases: Array<[string, string]> = [
    ['Email của tôi là nguyenvana@gmail.com.', `Email của tôi là ${E}.`],
    ['Gửi về tran.thi-b_99@phuong.hanoi.gov.vn giúp tôi', `Gửi về ${E} giúp tôi`],
    ['Thư: abc+gopy@yahoo.com.vn, xin cảm ơn', `Thư: ${E}, xin cảm ơn`],
    ['liên hệ abc (at) gmail.com', `liên hệ ${E}`],
    ['liên hệ abc[at]gmail.com', `liên hệ ${E}`],
    ['liên hệ abc @ gmail.com', `liên hệ ${E}`],
    ['liên hệ abc@gmail', `liên hệ ${E}`],
    ['Email: Nguyen.Van.A@Example.COM', `Email: ${E}`],
    ['email nguyen0912345678@gmail.com', `email ${E}`],
  ];
  it.each(cases)('%s', (input, expected) => {
    expect(stripPersonalData(input)).toBe(expected);
  });

  it('handles a phone and an e-mail in the same sentence', () => {
    expect(stripPersonalData('Gọi 0912345678 hoặc gửi a@b.vn')).toBe(`Gọi ${P} hoặc gửi ${E}`);
  });
});

describe('stripPersonalData: ordinary numbers survive', () => {
  const keep = [
    'Năm 2025 đường này đã sửa hai lần.',
    'Tôi đã nộp 500.000 đồng tiền vệ sinh.',
    'Phí gửi xe tăng lên 1.500.000đ mỗi năm, gần 12.000.000 đồng.',
    'Nhà tôi ở số 12 ngõ 34 phố Hàng Bông.',
    'Sự việc xảy ra ngày 12/03/2025 lúc 08:30.',
    'Từ 2025-03-12 đến 2025-03-15 không có nước.',
    'Ngày 05.03.2025 có 3 hộ bị ngập.',
    'Đoạn km 12+500 quốc lộ 1A bị sụt lún.',
    'Đường dây nóng 1900 1234 và 1800 1090 không ai nghe.',
    'Gọi 113, 114, 115 khi khẩn cấp.',
    'Tổ dân phố 5 có 120 hộ, 450 nhân khẩu, tỷ lệ 95%.',
    'Diện tích 0,5 ha, chiều dài 1.200 m.',
    'Lô đất 2.345.678 m2 ở thửa số 123, tờ bản đồ số 45.',
    'Kiến nghị số 07/2025 và công văn 1234/UBND-VP.',
    'Tôi @ phường hôm qua.',
    'Mức phạt từ 2.000.000 đến 3.000.000 đồng.',
  ];
  it.each(keep)('%s', (s) => {
    expect(stripPersonalData(s)).toBe(s);
  });

  it('returns NFC', () => {
    const nfd = 'Đường ngập nước, gọi 0912345678'.normalize('NFD');
    expect(stripPersonalData(nfd)).toBe(`Đường ngập nước, gọi ${P}`.normalize('NFC'));
  });

  it('copes with empty and odd input', () => {
    expect(stripPersonalData('')).toBe('');
    expect(stripPersonalData(undefined as unknown as string)).toBe('');
  });
});

describe('stripPersonalData: properties', () => {
  const word = fc.constantFrom('Tôi', 'phản ánh', 'đường', 'ngõ', 'hỏng', 'đề nghị', 'phường', 'xử lý', 'nhé');
  const sentence = fc.array(word, { minLength: 1, maxLength: 6 }).map((ws) => ws.join(' '));
  const mobile = fc.tuple(fc.constantFrom('3', '5', '7', '8', '9'), fc.stringMatching(/^\d{8}$/)).map(([p, rest]) => p + rest); // 9 digits after the leading 0
  const format = fc.constantFrom<(n: string) => string>(
    (n) => '0' + n,
    (n) => `0${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`,
    (n) => `0${n.slice(0, 3)}.${n.slice(3, 6)}.${n.slice(6)}`,
    (n) => `0${n.slice(0, 3)}-${n.slice(3, 6)}-${n.slice(6)}`,
    (n) => `+84 ${n.slice(0, 2)} ${n.slice(2, 5)} ${n.slice(5)}`,
    (n) => `+84${n}`,
    (n) => `84${n}`,
  );

  it('masks any mobile number written inside a sentence', () => {
    fc.assert(
      fc.property(sentence, mobile, format, sentence, (a, n, f, b) => {
        expect(stripPersonalData(`${a} ${f(n)} ${b}`)).toBe(`${a} ${P} ${b}`);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps years, amounts and small numbers', () => {
    const year = fc.integer({ min: 1900, max: 2100 }).map(String);
    const money = fc.integer({ min: 1, max: 999 }).map((k) => `${k}.000 đồng`);
    const bigMoney = fc.integer({ min: 1, max: 99 }).map((m) => `${m}.000.000 đồng`);
    const small = fc.integer({ min: 0, max: 999 }).map(String);
    const date = fc
      .tuple(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 2000, max: 2099 }))
      .map(([d, m, y]) => `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`);
    // Each number is followed by a word: numbers typed side by side can legitimately form a phone number.
    const token = fc.tuple(fc.oneof(year, money, bigMoney, small, date), word).map(([n, w]) => `${n} ${w}`);
    fc.assert(
      fc.property(word, fc.array(token, { minLength: 1, maxLength: 8 }), (w, ts) => {
        const s = w + ' ' + ts.join(', ');
        expect(stripPersonalData(s)).toBe(s);
      }),
      { numRuns: 500 },
    );
  });
});

describe('redactKnownValues', () => {
  it('masks the sender’s own name, address, phone and e-mail, ignoring case', () => {
    const text = 'Tôi là NGUYỄN VĂN AN, ở Số 12 ngõ 34 Hàng Bông. Gọi 0912345678 hoặc an@x.vn.';
    const out = redactKnownValues(text, {
      name: 'Nguyễn Văn An',
      address: 'số 12 ngõ 34 Hàng Bông',
      phone: '0912345678',
      email: 'an@x.vn',
    });
    expect(out).toBe(`Tôi là ${NAME_MASK}, ở ${ADDRESS_MASK}. Gọi ${P} hoặc ${E}.`);
  });

  it('does not mask short values inside ordinary words', () => {
    expect(redactKnownValues('Vấn đề an toàn giao thông', { name: 'An' })).toBe('Vấn đề an toàn giao thông');
    expect(redactKnownValues('Bác Hà đến', { name: 'Hà' })).toBe('Bác Hà đến');
  });

  it('matches across NFD input and extra spaces', () => {
    const out = redactKnownValues('Tôi là Trần  Thị Bình.'.normalize('NFD'), { name: 'Trần Thị Bình' });
    expect(out).toBe(`Tôi là ${NAME_MASK}.`);
  });

  it('does not mask a name that is only part of a longer word', () => {
    expect(redactKnownValues('Phường Bình Thuận', { name: 'Bình Thu' })).toBe('Phường Bình Thuận');
  });
});

describe('identity-card numbers', () => {
  test.each([
    ['Tôi là Lan, CCCD 001203004567, ở tổ 5.', 'Tôi là Lan, CCCD [đã ẩn số giấy tờ], ở tổ 5.'],
    ['số CMND: 012345678 cấp năm 2010', 'số CMND: [đã ẩn số giấy tờ] cấp năm 2010'],
    ['Căn cước công dân số 079187654321.', 'Căn cước công dân số [đã ẩn số giấy tờ].'],
    ['mã định danh cá nhân là 034090001234', 'mã định danh cá nhân là [đã ẩn số giấy tờ]'],
    ['gửi kèm bản sao 001099012345 và đơn', 'gửi kèm bản sao [đã ẩn số giấy tờ] và đơn'],
  ])('%s', (input, expected) => {
    expect(stripPersonalData(input)).toBe(expected);
  });

  test.each(['Hỗ trợ 500.000.000 đồng năm 2025', 'Quyết định số 123/QĐ-UBND ngày 12/03/2025', 'Tổ dân phố số 12, ngõ 34'])(
    'keeps %s',
    (input) => {
      expect(stripPersonalData(input)).toBe(input);
    },
  );
});
