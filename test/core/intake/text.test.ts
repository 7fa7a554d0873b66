import fc from 'fast-check';
import { charCount, cleanLine, cleanMultiline } from '../../../src/core/intake/text';

/** Characters the cleaners must remove (lone surrogates are checked separately). */
const FORBIDDEN =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\u2800\u3164\uFEFF\uFFA0\u2028\u2029]/;
/** Invisible characters that are combining or Jamo (a character class would misread them). */
const INVISIBLE_MARKS = ['\u034F', '\u115F', '\u1160', '\u17B4', '\u17B5'];

function hasLoneSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
      else return true;
    } else if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}

/** Strings rich in what the cleaners care about: controls, invisibles, bidi, surrogates, marks, spaces. */
const special = fc.constantFrom(
  '\u0000',
  '\u0007',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '\u000B',
  '\u000C',
  '\u001B',
  '\u007F',
  '\u0085',
  '\u009F',
  '\u200B',
  '\u200C',
  '\u200D',
  '\u2060',
  '\uFEFF',
  '\u180E',
  '\u202A',
  '\u202B',
  '\u202C',
  '\u202D',
  '\u202E',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200E',
  '\u200F',
  '\u061C',
  '\u00AD',
  '\u034F',
  '\u115F',
  '\u3164',
  '\uFFA0',
  '\u2061',
  '\u2064',
  '\u2800',
  '\uD800',
  '\uDFFF',
  '\uD83D',
  '\uDE00',
  '\uD83D\uDE00',
  '\u0300',
  '\u0301',
  '\u0303',
  '\u0309',
  '\u0323',
  '\u031B',
  '\u0302',
  '\u0306',
  ' ',
  '  ',
  '\u00A0',
  '\u3000',
  '\u2028',
  '\u2029',
  'a',
  'o',
  'u',
  'e',
  'A',
  'ư',
  'Ư',
  'đ',
  'Ｈ',
  '＝',
  '１',
);
const unit = fc.oneof(
  { weight: 3, arbitrary: special },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 4 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
);
const messy = fc.array(unit, { maxLength: 40 }).map((parts) => parts.join(''));
/** Few distinct characters, many line breaks and spaces: exercises the line rules. */
const linesy = fc
  .array(fc.constantFrom('\n', '\r\n', '\r', ' ', '\t', '\u3000', '\u200B', 'x', 'ư'), { maxLength: 30 })
  .map((parts) => parts.join(''));

const NFC_NAME = 'Phường Hòa Bình';
const NFD_NAME = NFC_NAME.normalize('NFD');

describe('cleanMultiline examples', () => {
  test('non-strings become empty', () => {
    for (const v of [undefined, null, 0, 42, true, {}, [], ['a'], Symbol('x')]) {
      expect(cleanMultiline(v)).toBe('');
      expect(cleanLine(v)).toBe('');
    }
  });

  test('NFD Vietnamese becomes NFC', () => {
    expect(NFD_NAME).not.toBe(NFC_NAME); // the input really is decomposed
    expect(cleanMultiline(NFD_NAME)).toBe(NFC_NAME);
    expect(cleanLine(NFD_NAME)).toBe(NFC_NAME);
  });

  test('a mark split from its base by an invisible character still composes', () => {
    expect(cleanMultiline('Hoa\u200B\u0300')).toBe('Hoà');
    expect(cleanLine('Bi\u202E\u0301nh')).toBe('Bính');
  });

  test('line endings, tabs and controls', () => {
    expect(cleanMultiline('a\r\nb\rc\nd')).toBe('a\nb\nc\nd');
    expect(cleanMultiline('a\tb')).toBe('a b');
    expect(cleanMultiline('a\u0000b\u0007c\u001Bd\u007Fe\u0085f\u009Fg')).toBe('abcdefg');
    expect(cleanMultiline('a\u000Bb\u000Cc')).toBe('abc');
    expect(cleanMultiline('a\u2028b\u2029c')).toBe('a\nb\nc');
  });

  test('zero-width and bidi characters are removed', () => {
    expect(cleanMultiline('\uFEFFđường\u200B \u200Csố\u200D 1\u2060\u180E')).toBe('đường số 1');
    expect(cleanMultiline('abc\u202Egnp.exe\u202C')).toBe('abcgnp.exe');
    expect(cleanMultiline('\u2066x\u2067y\u2068z\u2069\u200E\u200F\u061C\u202A\u202B\u202D')).toBe('xyz');
  });

  test('blank-looking fillers and invisible operators are removed; a Braille blank is a space', () => {
    expect(cleanMultiline('\u3164'.repeat(10))).toBe('');
    expect(cleanMultiline('\u2800'.repeat(10))).toBe('');
    expect(cleanMultiline('đèn\u00AD đường\u115F\u1160 hỏng\u2061\u2062\u2063\u2064\uFFA0\u034F\u17B4\u17B5')).toBe('đèn đường hỏng');
    expect(cleanLine('Ngõ\u28003')).toBe('Ngõ 3');
  });

  test('lone surrogates are removed, pairs kept', () => {
    expect(cleanMultiline('a\uD800b\uDC00c')).toBe('abc');
    expect(cleanMultiline('\uDE00\uD83D')).toBe('');
    expect(cleanMultiline('ok 😀 \uD83D')).toBe('ok 😀');
    expect(cleanMultiline('\uD83D\uD83D\uDE00')).toBe('😀');
  });

  test('trailing spaces, blank lines and trimming', () => {
    expect(cleanMultiline('  dòng 1   \n  dòng 2\t \n')).toBe('dòng 1\n  dòng 2');
    expect(cleanMultiline('a\n\n\n\n\nb')).toBe('a\n\nb');
    expect(cleanMultiline('a\n  \n \t \n\u3000\nb')).toBe('a\n\nb');
    expect(cleanMultiline('a\n\nb')).toBe('a\n\nb');
    expect(cleanMultiline('a\n\n\nb')).toBe('a\n\nb');
    expect(cleanMultiline('a\r\n\r\n\r\nb')).toBe('a\n\nb');
    expect(cleanMultiline('\n\n  \n  x  \n\n\n')).toBe('x');
  });

  test('full-width characters are kept (NFC, not NFKC)', () => {
    expect(cleanMultiline('＝ＳＵＭ（１）')).toBe('＝ＳＵＭ（１）');
    expect(cleanLine(' Ｈà　Nội ')).toBe('Ｈà Nội');
  });

  test('long runs of spaces are handled in linear time', () => {
    const s = ' '.repeat(500_000) + 'x' + ' '.repeat(500_000) + '\n';
    const started = Date.now();
    expect(cleanMultiline(s)).toBe('x');
    expect(cleanLine(s)).toBe('x');
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('cleanLine examples', () => {
  test('collapses all whitespace, newlines included', () => {
    expect(cleanLine('  Nguyễn \n\n Văn\t\tA \r\n')).toBe('Nguyễn Văn A');
    expect(cleanLine('a\u00A0\u00A0b\u2028c')).toBe('a b c');
  });
});

describe('charCount', () => {
  test('counts code points', () => {
    expect(charCount('')).toBe(0);
    expect(charCount('Phường')).toBe(6);
    expect(charCount(NFD_NAME)).toBe(NFD_NAME.length); // combining marks are code points of their own
    expect(charCount('😀')).toBe(1);
    expect(charCount('a😀b')).toBe(3);
    expect(charCount('\uD800x\uDC00')).toBe(3); // lone surrogates count one each
  });

  test('matches Array.from for any string', () => {
    fc.assert(
      fc.property(messy, (s) => {
        expect(charCount(s)).toBe(Array.from(s).length);
      }),
    );
  });
});

describe('cleaning properties', () => {
  test('idempotent', () => {
    fc.assert(
      fc.property(fc.oneof(messy, linesy), (s) => {
        const once = cleanMultiline(s);
        expect(cleanMultiline(once)).toBe(once);
        const line = cleanLine(s);
        expect(cleanLine(line)).toBe(line);
      }),
      { numRuns: 2000 },
    );
  });

  test('output is NFC with no control, zero-width, bidi or lone surrogate characters', () => {
    fc.assert(
      fc.property(messy, (s) => {
        for (const out of [cleanMultiline(s), cleanLine(s)]) {
          expect(out.normalize('NFC')).toBe(out);
          expect(FORBIDDEN.test(out)).toBe(false);
          for (const mark of INVISIBLE_MARKS) expect(out.includes(mark)).toBe(false);
          expect(out.includes('\r')).toBe(false);
          expect(out.includes('\t')).toBe(false);
          expect(hasLoneSurrogate(out)).toBe(false);
          expect(out).toBe(out.trim());
        }
      }),
      { numRuns: 2000 },
    );
  });

  test('multiline shape: no trailing spaces on a line, never two blank lines in a row', () => {
    fc.assert(
      fc.property(fc.oneof(messy, linesy), (s) => {
        const out = cleanMultiline(s);
        for (const line of out.split('\n')) expect(line).toBe(line.trimEnd());
        expect(out.includes('\n\n\n')).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  test('cleanLine is one line with single spaces, and agrees with cleanMultiline', () => {
    fc.assert(
      fc.property(messy, (s) => {
        const out = cleanLine(s);
        expect(/\s\s|[\n\u2028\u2029]/.test(out)).toBe(false);
        expect(cleanLine(cleanMultiline(s))).toBe(out);
      }),
      { numRuns: 1000 },
    );
  });

  test('NFD and NFC inputs clean to the same text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (s) => {
        expect(cleanMultiline(s.normalize('NFD'))).toBe(cleanMultiline(s.normalize('NFC')));
      }),
    );
  });

  test('text without anything to clean is unchanged', () => {
    const safe = fc
      .string({ unit: fc.constantFrom(...'abc xyzăâđêôơưÀÁẢÃẠ0123456789.,!?\n'.split('')), maxLength: 50 })
      .filter((s) => s === s.trim() && !/ \n| $|\n\n\n/.test(s));
    fc.assert(
      fc.property(safe, (s) => {
        expect(cleanMultiline(s)).toBe(s);
      }),
    );
  });
});
