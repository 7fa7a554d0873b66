import fc from 'fast-check';
import { PLACEHOLDERS } from '../../../src/core/privacy/mask';
import {
  MIN_EXCERPT,
  moreText,
  publishableExcerpt,
  publishableText,
  senderOf,
  withPublishableLabels,
} from '../../../src/core/privacy/publish';
import { rowToRecord } from '../../../src/core/records/feedback-record';
import { CORPUS } from './mask-corpus';

const PHONE_MASK = PLACEHOLDERS.phone;
const EMAIL_MASK = PLACEHOLDERS.email;
const NAME_MASK = PLACEHOLDERS.name;
const ADDRESS_MASK = PLACEHOLDERS.address;

const P = PHONE_MASK;
const E = EMAIL_MASK;

describe('publishableText: phone numbers', () => {
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
    expect(publishableText(input)).toBe(expected);
  });
});

describe('publishableText: e-mail addresses', () => {
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
    expect(publishableText(input)).toBe(expected);
  });

  it('handles a phone and an e-mail in the same sentence', () => {
    expect(publishableText('Gọi 0912345678 hoặc gửi a@b.vn')).toBe(`Gọi ${P} hoặc gửi ${E}`);
  });
});

describe('publishableText: ordinary numbers survive', () => {
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
    expect(publishableText(s)).toBe(s);
  });

  it('returns NFC', () => {
    const nfd = 'Đường ngập nước, gọi 0912345678'.normalize('NFD');
    expect(publishableText(nfd)).toBe(`Đường ngập nước, gọi ${P}`.normalize('NFC'));
  });

  it('copes with empty and odd input', () => {
    expect(publishableText('')).toBe('');
    expect(publishableText(undefined as unknown as string)).toBe('');
  });
});

describe('publishableText: properties', () => {
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
        expect(publishableText(`${a} ${f(n)} ${b}`)).toBe(`${a} ${P} ${b}`);
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
        expect(publishableText(s)).toBe(s);
      }),
      { numRuns: 500 },
    );
  });
});

describe("publishableText: the sender's own data", () => {
  it('masks the sender’s own name, address, phone and e-mail, ignoring case', () => {
    const text = 'Tôi là NGUYỄN VĂN AN, ở Số 12 ngõ 34 Hàng Bông. Gọi 0912345678 hoặc an@x.vn.';
    const out = publishableText(text, {
      name: 'Nguyễn Văn An',
      address: 'số 12 ngõ 34 Hàng Bông',
      phone: '0912345678',
      email: 'an@x.vn',
    });
    expect(out).toBe(`Tôi là ${NAME_MASK}, ở ${ADDRESS_MASK}. Gọi ${P} hoặc ${E}.`);
  });

  it('does not mask short values inside ordinary words', () => {
    expect(publishableText('Vấn đề an toàn giao thông', { name: 'An' })).toBe('Vấn đề an toàn giao thông');
    expect(publishableText('Bác Hà đến', { name: 'Hà' })).toBe('Bác Hà đến');
  });

  it('matches across NFD input and extra spaces', () => {
    const out = publishableText('Tôi là Trần  Thị Bình.'.normalize('NFD'), { name: 'Trần Thị Bình' });
    expect(out).toBe(`Tôi là ${NAME_MASK}.`);
  });

  it('does not mask a name that is only part of a longer word', () => {
    expect(publishableText('Phường Bình Thuận', { name: 'Bình Thu' })).toBe('Phường Bình Thuận');
  });
});

describe('identity-card numbers', () => {
  test.each([
    ['Tôi là Lan, CCCD 001203004567, ở tổ 5.', `Tôi là Lan, CCCD ${PLACEHOLDERS.id}, ở tổ 5.`],
    ['số CMND: 012345678 cấp năm 2010', `số CMND: ${PLACEHOLDERS.id} cấp năm 2010`],
    ['Căn cước công dân số 079187654321.', `Căn cước công dân số ${PLACEHOLDERS.id}.`],
    ['mã định danh cá nhân là 034090001234', `mã định danh cá nhân là ${PLACEHOLDERS.id}`],
    ['gửi kèm bản sao 001099012345 và đơn', `gửi kèm bản sao ${PLACEHOLDERS.id} và đơn`],
  ])('%s', (input, expected) => {
    expect(publishableText(input)).toBe(expected);
  });

  test.each(['Hỗ trợ 500.000.000 đồng năm 2025', 'Quyết định số 123/QĐ-UBND ngày 12/03/2025', 'Tổ dân phố số 12, ngõ 34'])(
    'keeps %s',
    (input) => {
      expect(publishableText(input)).toBe(input);
    },
  );
});

describe('publishableExcerpt: capped text for the report', () => {
  const code = 'HB-7KQ4M2X';
  const long = (n: number) => Array.from({ length: n }, (_, i) => `đoạn ${i} đường ngập nước`).join(', ');

  it('keeps a short text whole, masked, without an ending', () => {
    expect(publishableExcerpt('Gọi 0912 345 678 giúp tôi.', undefined, code, 600)).toBe(`Gọi ${P} giúp tôi.`);
    expect(publishableExcerpt('', undefined, code, 600)).toBe('');
  });

  it('cuts a long text at a space and ends with where to read the rest, using the real code', () => {
    const out = publishableExcerpt(long(200), undefined, code, 600);
    expect(out.length).toBeLessThanOrEqual(600);
    expect(out.endsWith(`… (xem đầy đủ theo mã ${code})`)).toBe(true);
    const body = out.slice(0, -moreText(code).length);
    expect(long(200).startsWith(body)).toBe(true);
    expect(long(200)[body.length]).toMatch(/[\s,]/);
    expect(publishableExcerpt(long(200), undefined, '', 300)).toMatch(/… \(xem đầy đủ trong bảng tính\)$/);
  });

  it('masks before cutting: no number is cut in two and left readable, no placeholder is cut', () => {
    for (let pad = 500; pad < 620; pad++) {
      // A row masked before already holds a placeholder: it is never cut either.
      const text = 'x'.repeat(pad) + ' gọi 0912 345 678 hoặc lan.nguyen (a) gmail chấm com ' + P + ' ' + long(40);
      const out = publishableExcerpt(text, undefined, code, 600);
      expect(out.length).toBeLessThanOrEqual(600);
      expect(out).not.toMatch(/\d{3}/);
      expect(out).not.toMatch(/lan|nguyen|gmail/);
      // The only brackets are whole placeholders.
      expect(Object.values(PLACEHOLDERS).reduce((t, ph) => t.split(ph).join(''), out)).not.toMatch(/[[\]]/);
    }
  });

  it("masks the sender's own data in any spelling and keeps the text outside, for every corpus case", () => {
    for (const c of CORPUS) {
      const out = publishableExcerpt(c.text, c.sender, code, 600);
      const whole = c.expected.normalize('NFC');
      if (whole.length <= 600) expect(out).toBe(whole);
      else expect(out.length).toBeLessThanOrEqual(600);
    }
  });

  it('never grows with the text: a 4,000-character text searches only a window past the cap', () => {
    const text = long(10) + ' Tôi là Nguyễn Thị Lan ' + long(300);
    const out = publishableExcerpt(text, senderOf({ name: 'Nguyễn Thị Lan' }), code, 200);
    expect(out).not.toMatch(/Lan/);
    expect(out.length).toBeLessThanOrEqual(200);
  });

  it('takes a sensible least cap, and copes with odd input', () => {
    expect(publishableExcerpt(long(50), undefined, code, 5).length).toBeLessThanOrEqual(MIN_EXCERPT);
    expect(publishableExcerpt(long(50), undefined, code, NaN).length).toBeLessThanOrEqual(MIN_EXCERPT);
    expect(publishableExcerpt(undefined, undefined, code, 600)).toBe('');
    expect(publishableExcerpt(12345, undefined, code, 600)).toBe('12345');
  });

  it('never splits a character: emoji and decomposed letters at the cut', () => {
    const emoji = '😀'.repeat(400);
    const out = publishableExcerpt(emoji, undefined, code, 301);
    expect(out.endsWith(moreText(code))).toBe(true);
    expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(out)).toBe(false);
    const nfd = 'ả'.normalize('NFD').repeat(400);
    const cut = publishableExcerpt(nfd, undefined, code, 301);
    expect(cut.slice(0, -moreText(code).length)).toMatch(/^ả+$/);
  });

  it('property: never longer than the cap, and no 9 digits in a row survive', () => {
    const piece = fc.constantFrom(
      'đường',
      ' ',
      '0912 345 678',
      ', ',
      'CCCD 001095012345',
      'a@b.vn',
      '😀',
      '1.500.000 đồng',
      '\n',
      'ngõ 12',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 400 }), fc.integer({ min: 60, max: 800 }), (parts, cap) => {
        const out = publishableExcerpt(parts.join(' '), undefined, code, cap);
        expect(out.length).toBeLessThanOrEqual(cap);
        expect(out.replace(/\D/g, ' ')).not.toMatch(/\d{9}/);
      }),
      { numRuns: 300 },
    );
  });
});

describe('withPublishableLabels', () => {
  const row = {
    ...rowToRecord([]),
    locationCode: 'NHA25',
    locationName: 'Trước nhà ông TRAN VAN HUNG, 25 Lê Lợi, tổ 7',
    kind: 'Kiến nghị',
    category: 'Ông Trần Văn Hùng gọi 0988 777 666',
    status: 'Đã gọi lại cho ông Văn Hùng',
    name: 'Trần Văn Hùng',
    phone: '+84 988 777 666',
    address: '25 Lê Lợi, tổ 7',
  };

  it('masks a row’s hand-typed labels with its own sender, and leaves the box’s own words and the code', () => {
    const out = withPublishableLabels(row);
    expect(out.locationName).toBe(`Trước nhà ông ${NAME_MASK}, ${ADDRESS_MASK}`);
    expect(out.category).toBe(`Ông ${NAME_MASK} gọi ${P}`);
    expect(out.status).toBe(`Đã gọi lại cho ông ${NAME_MASK}`);
    expect(out.kind).toBe('Kiến nghị');
    expect(out.locationCode).toBe('NHA25');
    expect(out.content).toBe(row.content);
    expect(withPublishableLabels({ ...row, status: 'Đã trả lời' }).status).toBe('Đã trả lời');
  });

  it('returns a row without sender fields as it is', () => {
    const plain = { ...row, name: '', phone: '', email: '', address: '' };
    expect(withPublishableLabels(plain)).toBe(plain);
  });
});
