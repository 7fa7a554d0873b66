import fc from 'fast-check';
import {
  FAMILY_NAMES_FOLDED,
  FAMILY_NAMES_WRITTEN,
  FOLDED_TITLES,
  NAME_TITLES,
  findPersonalSpans,
  maskPersonalData,
  PLACEHOLDERS,
  type SenderContact,
} from '../../../src/core/privacy/mask';
import { CORPUS } from './mask-corpus';

const P = PLACEHOLDERS.phone;
const E = PLACEHOLDERS.email;

describe('corpus of opinions as residents type them', () => {
  it('has at least 150 cases, at least half must-mask and half must-keep', () => {
    const masks = CORPUS.filter((c) => c.kind === 'mask').length;
    const keeps = CORPUS.filter((c) => c.kind === 'keep').length;
    expect(CORPUS.length).toBeGreaterThanOrEqual(150);
    expect(masks).toBeGreaterThanOrEqual(75);
    expect(keeps).toBeGreaterThanOrEqual(75);
    for (const c of CORPUS) {
      if (c.kind === 'mask') expect(c.expected).not.toBe(c.text);
      else expect(c.expected).toBe(c.text);
    }
  });

  it.each(CORPUS.map((c) => [c.kind, JSON.stringify(c.text).slice(0, 120), c] as const))('%s: %s', (_kind, _text, c) => {
    expect(maskPersonalData(c.text, c.sender)).toBe(c.expected);
  });

  it('masks each corpus text only once: masking the output again changes nothing', () => {
    for (const c of CORPUS) expect(maskPersonalData(c.expected, c.sender)).toBe(c.expected);
  });
});

describe('placeholders', () => {
  it('are NFC and never masked themselves', () => {
    for (const p of Object.values(PLACEHOLDERS)) {
      expect(p.normalize('NFC')).toBe(p);
      expect(maskPersonalData(`Trước ${p} sau`)).toBe(`Trước ${p} sau`);
    }
  });

  it('keep a sender whose name or address spells a placeholder from masking it', () => {
    const text = `Đã ẩn ${PLACEHOLDERS.name} và ${PLACEHOLDERS.account}.`;
    expect(maskPersonalData(text, { name: 'Họ Tên', address: 'số tài khoản' })).toBe(text);
  });
});

describe('findPersonalSpans', () => {
  it('returns sorted original offsets and kinds', () => {
    const text = 'Gọi ０９１２３４５６７８ hoặc a＠b.vn, CCCD 001095012345';
    const spans = findPersonalSpans(text);
    expect(spans.map((s) => [text.slice(s.start, s.end), s.kind])).toEqual([
      ['０９１２３４５６７８', 'phone'],
      ['a＠b.vn', 'email'],
      ['001095012345', 'id'],
    ]);
  });

  it('maps offsets back through decomposed accents and dropped invisible characters', () => {
    const text = 'Tôi là Nguyễn Thị Lan, số 0912\u200b345\u200b678.'.normalize('NFD');
    const spans = findPersonalSpans(text, { name: 'Nguyễn Thị Lan' });
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['Nguyễn Thị Lan'.normalize('NFD'), '0912\u200b345\u200b678']);
    expect(maskPersonalData(text, { name: 'Nguyễn Thị Lan' })).toBe(
      `${'Tôi là '.normalize('NFD')}[họ tên]${', số '.normalize('NFD')}${P}.`,
    );
  });

  it('handles compatibility characters that expand when folded', () => {
    // "ﬁ" folds to two letters; the span still covers the whole original character.
    const text = 'thư ﬁlan@gmail.com nhé';
    expect(maskPersonalData(text)).toBe(`thư ${E} nhé`);
  });
});

describe('bad input', () => {
  it('copes with empty and non-string input', () => {
    expect(maskPersonalData('')).toBe('');
    expect(maskPersonalData(undefined as unknown as string)).toBe('');
    expect(maskPersonalData(null as unknown as string)).toBe('');
    expect(maskPersonalData(12345 as unknown as string)).toBe('');
    expect(findPersonalSpans(undefined as unknown as string)).toEqual([]);
    expect(maskPersonalData('abc', null as unknown as SenderContact)).toBe('abc');
    expect(maskPersonalData('abc', { name: 5, phone: {}, email: [], address: null } as unknown as SenderContact)).toBe('abc');
  });

  it('does not mask a whole text made only of digits and separators', () => {
    const texts = [
      '1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20',
      '1234 5678 9012 3456 7890 1234 5678 9012 3456 7890',
      '1.000.000.000.000.000.000.000.000',
      '12/12/12/12/12/12/12/12/12/12/12/12',
      '111111111111111111111111111111111111111111111111111111111111',
      '-'.repeat(100) + '9'.repeat(100),
      Array.from({ length: 400 }, (_, i) => String(i % 10)).join(' '),
      Array.from({ length: 300 }, (_, i) => String(1000 + i)).join('.'),
    ];
    for (const t of texts) {
      const out = maskPersonalData(t);
      expect(typeof out).toBe('string');
      expect(/\d/.test(out)).toBe(true);
      const masked = findPersonalSpans(t).reduce((n, s) => n + s.end - s.start, 0);
      expect(masked).toBeLessThan(t.length / 2);
    }
  });

  it('copes with 4,000 characters of mixed scripts', () => {
    const pieces = [
      'Đường',
      ' 日本語',
      ' 한국어',
      ' русский',
      ' العربية',
      ' हिन्दी',
      ' ไทย',
      ' 😀👍🏽',
      ' ０１２３',
      ' ＠',
      ' ﬁ',
      ' e\u0301',
      '\u200b',
      ' (at) ',
      ' chấm ',
    ];
    let text = '';
    for (let i = 0; text.length < 4000; i++) text += pieces[(i * 7) % pieces.length];
    text = text.slice(0, 4000);
    const out = maskPersonalData(text, { name: 'Nguyễn Thị Lan', address: 'Số 12 ngõ 34 Hàng Bông', phone: '0912345678', email: 'a@b.vn' });
    expect(out).toBe(text);
  });

  it('a single-letter or one-syllable name field masks nothing', () => {
    const text = 'Bà A ở tổ 3, chị Lan và anh An nói an toàn là trên hết.';
    expect(maskPersonalData(text, { name: 'A' })).toBe(text);
    expect(maskPersonalData(text, { name: 'Lan' })).toBe(text);
    expect(maskPersonalData(text, { name: 'an' })).toBe(text);
    expect(maskPersonalData(text, { name: '  ' })).toBe(text);
  });
});

// --- Property tests ----------------------------------------------------------------------------------------------

const plainWord = fc.constantFrom(
  'Tôi',
  'phản ánh',
  'đường',
  'ngõ',
  'hỏng',
  'đề nghị',
  'phường',
  'xử lý',
  'nhé',
  'ĐÈN',
  'cống',
  'rác',
  'Ủy ban',
  'cảm ơn',
  'vỉa hè',
  'lấn chiếm',
  'tiếng ồn',
  'khu dân cư',
);
const sentence = fc.array(plainWord, { minLength: 1, maxLength: 6 }).map((ws) => ws.join(' '));
const mobile = fc.tuple(fc.constantFrom('3', '5', '7', '8', '9'), fc.stringMatching(/^\d{8}$/)).map(([p, rest]) => p + rest);
const phoneFormat = fc.constantFrom<(n: string) => string>(
  (n) => '0' + n,
  (n) => `0${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`,
  (n) => `0${n.slice(0, 3)}.${n.slice(3, 6)}.${n.slice(6)}`,
  (n) => `0${n.slice(0, 3)}-${n.slice(3, 6)}-${n.slice(6)}`,
  (n) => `0${n.slice(0, 2)} ${n.slice(2, 5)} ${n.slice(5)}`,
  (n) => `0${n.slice(0, 3)}_${n.slice(3, 6)}_${n.slice(6)}`,
  (n) => `(+84) ${n.slice(0, 3)}-${n.slice(3, 6)}-${n.slice(6)}`,
  (n) => `+84 ${n.slice(0, 2)} ${n.slice(2, 5)} ${n.slice(5)}`,
  (n) => `84 ${n}`,
  (n) => `84${n}`,
  (n) => `0${n}`.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))),
);
const personal = fc.oneof(
  fc.tuple(mobile, phoneFormat).map(([n, f]) => [f(n), P] as const),
  fc.stringMatching(/^0\d{11}$/).map((d) => [`${d.slice(0, 4)} ${d.slice(4, 8)} ${d.slice(8)}`, PLACEHOLDERS.id] as const),
  fc
    .tuple(fc.stringMatching(/^[a-z][a-z0-9.]{1,12}[a-z0-9]$/), fc.constantFrom('@', ' @ ', ' (a) ', ' [at] ', '＠'))
    .filter(([l]) => !l.includes('..'))
    .map(([l, at]) => [`${l}${at}${at === '@' || at === '＠' ? 'gmail.com' : 'gmail chấm com'}`, E] as const),
);
const neighbourSep = fc.constantFrom(' ', ', ', ': ', ' (', ') ', '\n', ' - ', '; ');

/** Text of any kind: words, numbers, separators, keywords, placeholders and arbitrary unicode. */
const soup = fc
  .array(
    fc.oneof(
      plainWord,
      fc.stringMatching(/^[\d .\-/_,()+]{1,16}$/),
      fc.constantFrom(
        ' ',
        '@',
        '＠',
        ' (a) ',
        ' at ',
        ' chấm ',
        ' dot ',
        '.com',
        'gmail',
        'CCCD ',
        'CMND: ',
        'STK ',
        'số tài khoản ',
        'hộ chiếu ',
        'zalo: ',
        'fb.com/',
        'facebook ',
        '+84',
        '(0)',
        '[',
        ']',
        'Nguyễn Thị Lan',
        'thi lan',
        'HB-7KQ4M2X',
        '12/10/2024',
        '1.500.000 đồng',
        ...Object.values(PLACEHOLDERS),
      ),
      fc.string({ maxLength: 6, unit: 'binary' }),
    ),
    { maxLength: 24 },
  )
  .map((parts) => parts.join(''));
const senderArb = fc.option(
  fc.record(
    {
      name: fc.oneof(fc.constantFrom('Nguyễn Thị Lan', 'A', 'Lan', 'Thị Lan', ''), fc.string({ maxLength: 12 })),
      phone: fc.oneof(fc.constantFrom('0912345678', '+84 912 345 678', '123'), fc.string({ maxLength: 12 })),
      email: fc.oneof(fc.constantFrom('lan@gmail.com', '@', 'a@b'), fc.string({ maxLength: 12 })),
      address: fc.oneof(fc.constantFrom('Số 12 ngõ 34 Hàng Bông', 'tổ 5'), fc.string({ maxLength: 12 })),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);

describe('properties', () => {
  it('masking twice equals masking once', () => {
    fc.assert(
      fc.property(soup, senderArb, (text, sender) => {
        const once = maskPersonalData(text, sender);
        expect(maskPersonalData(once, sender)).toBe(once);
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws on arbitrary strings and senders, and keeps the text outside the spans', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80, unit: 'binary' }), senderArb, (text, sender) => {
        const spans = findPersonalSpans(text, sender);
        let rebuilt = '';
        let pos = 0;
        for (const s of spans) {
          expect(s.start).toBeGreaterThanOrEqual(pos);
          expect(s.end).toBeGreaterThan(s.start);
          rebuilt += text.slice(pos, s.start) + PLACEHOLDERS[s.kind];
          pos = s.end;
        }
        expect(maskPersonalData(text, sender)).toBe(rebuilt + text.slice(pos));
      }),
      { numRuns: 2000 },
    );
  });

  it('masks personal data between words without reaching into them: the neighbours stay byte-identical', () => {
    fc.assert(
      fc.property(sentence, neighbourSep, personal, neighbourSep, sentence, (a, s1, [value, placeholder], s2, b) => {
        expect(maskPersonalData(`${a}${s1}${value}${s2}${b}`)).toBe(`${a}${s1}${placeholder}${s2}${b}`);
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps numbers that sit next to a masked phone number', () => {
    const number = fc.constantFrom('12/10/2024', 'năm 2025', '1.500.000 đồng', 'ngõ 34', 'HB-7KQ4M2X', '19:45', '7h30', 'tổ 5', '95%');
    fc.assert(
      fc.property(number, fc.constantFrom(' ', ', ', ' - ', '; '), mobile, fc.constantFrom(' ', ', ', '. '), number, (x, s1, n, s2, y) => {
        const phone = `0${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`;
        expect(maskPersonalData(`${x}${s1}${phone}${s2}${y}`)).toBe(`${x}${s1}${P}${s2}${y}`);
      }),
      { numRuns: 500 },
    );
  });

  it("masks every run of two or more consecutive syllables of the sender's name, in any spelling, and no single one", () => {
    const names = ['Nguyễn Văn An', 'Trần Thị Thu Hằng', 'Lê Hoàng', 'Tôn Nữ Thanh Tâm', 'Phạm Đức Minh Khôi'];
    const spelling = fc.constantFrom<(w: string) => string>(
      (w) => w,
      (w) => w.toUpperCase(),
      (w) => w.toLowerCase(),
      (w) => w.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd'),
      (w) => w.normalize('NFD'),
    );
    const gap = fc.constantFrom(' ', '  ', '_', '.', '');
    const run = fc.tuple(fc.constantFrom(...names), fc.nat(), fc.nat()).map(([name, a, b]) => {
      const syl = name.split(' ');
      const from = a % (syl.length - 1);
      const to = from + 2 + (b % (syl.length - from - 1));
      return { name, words: syl.slice(from, to) };
    });
    fc.assert(
      fc.property(sentence, run, spelling, gap, sentence, (a, { name, words }, spell, g, b) => {
        const typed = spell(words.join(g));
        expect(maskPersonalData(`${a} ${typed} ${b}`, { name })).toBe(`${a} ${PLACEHOLDERS.name} ${b}`);
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(sentence, fc.constantFrom(...names), fc.nat(), spelling, sentence, (a, name, k, spell, b) => {
        const syl = name.split(' ');
        const text = `${a} ${spell(syl[k % syl.length])} ${b}`;
        expect(maskPersonalData(text, { name })).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('leaves text with no digits, no @, no keywords and no sender fields unchanged', () => {
    const noDigitsOrAt = fc
      .string({ maxLength: 10, unit: 'binary' })
      .filter((s) => !/[\p{N}@＠a-z]/iu.test(s.normalize('NFKD')) && !/[\u{1F100}-\u{1F1FF}]/u.test(s));
    const text = fc
      .array(fc.oneof(plainWord, noDigitsOrAt, fc.constantFrom(' ', ', ', '. ', '\n', '(', ')', '[', ']', '-', '/')), { maxLength: 20 })
      .map((p) => p.join(''));
    fc.assert(
      fc.property(text, (t) => {
        expect(maskPersonalData(t)).toBe(t);
      }),
      { numRuns: 2000 },
    );
  });
});

test('the folded titles are the titles folded, so a title is never skipped by the cheap first test', () => {
  const folded = [...NAME_TITLES].map((t) => t.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd'));
  expect(new Set(folded)).toEqual(FOLDED_TITLES);
});

test('every family name has its written form, and every written form folds to one', () => {
  const folded = [...FAMILY_NAMES_WRITTEN].map((t) => t.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd'));
  expect(new Set(folded)).toEqual(FAMILY_NAMES_FOLDED);
});
