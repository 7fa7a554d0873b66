import fc from 'fast-check';
import { literalCell, looksLikeFormula } from '../../../src/core/records/sheet-literal';

/**
 * A model of how Sheets stores a string given to setValues: a leading apostrophe means
 * "text" and is dropped; otherwise formulas, numbers and booleans are parsed.
 */
function sheetsStores(v: string): string | number | boolean | { formula: string } {
  if (v.startsWith("'")) return v.slice(1);
  if (looksLikeFormula(v)) return { formula: v };
  if (/^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i.test(v)) return Number(v);
  if (/^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  return v;
}

const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '=IMPORTXML("http://x","//a")',
    '+1+1',
    '-2',
    '@SUM(A1)',
    '＝1+1',
    '＋1',
    '－1',
    '＠x',
    '0912345678',
    "'quoted",
    "''",
    'TRUE',
    '1/2/2025',
    '50%',
    ' =1',
  ),
);

describe('looksLikeFormula', () => {
  test('detects formula starts, ASCII and full-width', () => {
    for (const s of ['=1+1', '+1', '-1', '@A1', '＝1', '＋1', '－1', '＠A1', ' =HYPERLINK("x")', '\t=1']) {
      expect(looksLikeFormula(s)).toBe(true);
    }
    for (const s of ['', 'a=1', '1+1', 'Phường', "'=1", '0912345678']) {
      expect(looksLikeFormula(s)).toBe(false);
    }
  });
});

describe('literalCell', () => {
  test('examples', () => {
    expect(literalCell('')).toBe('');
    expect(literalCell('=IMPORTXML("http://x","//a")')).toBe('\'=IMPORTXML("http://x","//a")');
    expect(literalCell('0912345678')).toBe("'0912345678");
    expect(literalCell("'already")).toBe("''already");
    expect(literalCell('Phường Hòa Bình')).toBe("'Phường Hòa Bình");
  });

  test('the model Sheets stores exactly the input text, never a formula or number', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const cell = literalCell(s);
        const stored = sheetsStores(cell);
        expect(stored).toBe(s);
        expect(looksLikeFormula(cell)).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  test('without literalCell the model would have altered these (so the model is meaningful)', () => {
    expect(sheetsStores('0912345678')).toBe(912345678);
    expect(sheetsStores('=1+1')).toEqual({ formula: '=1+1' });
    expect(sheetsStores("'x")).toBe('x');
  });
});
