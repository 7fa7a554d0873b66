import fc from 'fast-check';
import {
  FINGERPRINT_SIZE,
  INDEX_MAX_BYTES,
  RecentIndex,
  addToIndex,
  completeIndex,
  partialIndex,
  emptyIndex,
  findSimilar,
  fingerprint,
  foldVietnamese,
  parseIndex,
  similarity,
} from '../../../src/core/staff/similarity';

const DAY = 86400000;

function utf8Bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8'); // test-only; core code does not use Buffer
}

describe('foldVietnamese', () => {
  it('strips diacritics, maps đ, lowercases and collapses punctuation', () => {
    expect(foldVietnamese('Đèn đường hỏng ở ngõ 5!')).toBe('den duong hong o ngo 5');
    expect(foldVietnamese('  Phường BẾN NGHÉ -- Quận 1 ')).toBe('phuong ben nghe quan 1');
    expect(foldVietnamese('Người ƯỚC MƠ, ỗ gà!!!')).toBe('nguoi uoc mo o ga');
    expect(foldVietnamese('ĐĐđđ')).toBe('dddd');
  });

  it('gives the same result for NFC and NFD input', () => {
    const s = 'Cống thoát nước bị tắc, đề nghị nạo vét';
    expect(foldVietnamese(s.normalize('NFD'))).toBe(foldVietnamese(s.normalize('NFC')));
    expect(foldVietnamese(s)).toBe('cong thoat nuoc bi tac de nghi nao vet');
  });

  it('is empty for text without letters or digits', () => {
    expect(foldVietnamese(' ... !!! ')).toBe('');
    expect(foldVietnamese('')).toBe('');
  });
});

describe('fingerprint and similarity', () => {
  it('is accent-insensitive', () => {
    const a = fingerprint('Đèn đường hỏng ở ngõ 5');
    const b = fingerprint('den duong hong o ngo 5');
    expect(a).toEqual(b);
    expect(a).toHaveLength(5);
    expect(similarity(a, b)).toBe(1);
  });

  it('uses short, sorted, unique shingles', () => {
    const fp = fingerprint('rác rác rác rác thải thải ở đầu ngõ ngõ');
    expect(fp).toEqual([...new Set(fp)].sort());
    for (const s of fp) expect(s).toMatch(/^[-0-9A-Za-z_]{5}$/);
    expect(fingerprint('')).toEqual([]);
    expect(fingerprint('!!!')).toEqual([]);
    expect(fingerprint('Rác')).toHaveLength(1);
  });

  it('gives a middle score for partly overlapping texts and a low one for unrelated texts', () => {
    const a = fingerprint('Đèn đường ở ngõ 5 phố Hàng Bông bị hỏng đã một tuần');
    const b = fingerprint('Đèn đường ở ngõ 5 phố Hàng Bông bị hỏng, đề nghị sửa gấp');
    const c = fingerprint('Rác thải ùn ứ ở chợ, bốc mùi hôi thối');
    const ab = similarity(a, b);
    expect(ab).toBeGreaterThan(0.5);
    expect(ab).toBeLessThan(1);
    expect(similarity(a, c)).toBeLessThan(0.1);
  });

  it('computes exact Jaccard for small sets', () => {
    expect(similarity(['a', 'b', 'c'], ['b', 'c', 'd'])).toBeCloseTo(2 / 4);
    expect(similarity(['a'], ['b'])).toBe(0);
    expect(similarity([], [])).toBe(0);
    expect(similarity(['a', 'a', 'b'], ['a', 'b'])).toBe(1);
  });

  it('caps long texts and still finds a copy with a small change', () => {
    const words = Array.from({ length: 400 }, (_, i) => `tu${i}`);
    const long = words.join(' ');
    const fp = fingerprint(long);
    expect(fp).toHaveLength(FINGERPRINT_SIZE);
    expect(similarity(fp, fingerprint(long))).toBe(1);
    const edited = words.slice(0, 380).join(' ') + ' thêm vài chữ cuối';
    expect(similarity(fp, fingerprint(edited))).toBeGreaterThan(0.6);
    const other = Array.from({ length: 400 }, (_, i) => `khac${i}`).join(' ');
    expect(similarity(fp, fingerprint(other))).toBeLessThan(0.1);
  });

  it('property: symmetric, within [0, 1], and 1 on itself', () => {
    const text = fc.array(fc.constantFrom('đèn', 'đường', 'hỏng', 'ngõ', '5', 'rác', 'chợ', 'nước', 'cống', 'tắc'), {
      minLength: 1,
      maxLength: 80,
    });
    fc.assert(
      fc.property(text, text, (x, y) => {
        const a = fingerprint(x.join(' '));
        const b = fingerprint(y.join(' '));
        const s = similarity(a, b);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(similarity(b, a)).toBe(s);
        expect(similarity(a, a)).toBe(1);
      }),
    );
  });
});

describe('RecentIndex', () => {
  const now = new Date('2025-03-20T03:00:00Z');

  function indexWith(...entries: Array<[string, string, string, number]>): RecentIndex {
    let idx = emptyIndex();
    for (const [code, location, text, daysAgo] of entries) {
      idx = addToIndex(idx, { code, location, fp: fingerprint(text), at: new Date(now.getTime() - daysAgo * DAY) });
    }
    return idx;
  }

  it('finds a similar opinion from the same location only, accent-insensitively', () => {
    const idx = indexWith(
      ['GY-AAA1', 'TDP01', 'Đèn đường hỏng ở ngõ 5', 2],
      ['GY-AAA2', 'TDP02', 'Đèn đường hỏng ở ngõ 5', 2],
      ['GY-AAA3', 'TDP01', 'Rác thải ùn ứ ở đầu chợ', 1],
    );
    const fp = fingerprint('den duong hong o ngo 5');
    expect(findSimilar(idx, 'TDP01', fp, 0.5, now)).toEqual(['GY-AAA1']);
    expect(findSimilar(idx, 'tdp01 ', fp, 0.5, now)).toEqual(['GY-AAA1']);
    expect(findSimilar(idx, 'TDP02', fp, 0.5, now)).toEqual(['GY-AAA2']);
    expect(findSimilar(idx, 'TDP03', fp, 0.5, now)).toEqual([]);
  });

  it('ignores entries older than maxAgeDays and respects the threshold', () => {
    const idx = indexWith(['OLD', 'L1', 'Cống thoát nước bị tắc ở ngõ 7', 31], ['NEW', 'L1', 'Cống thoát nước bị tắc ở ngõ 7', 29]);
    const fp = fingerprint('Cống thoát nước bị tắc ở ngõ 7');
    expect(findSimilar(idx, 'L1', fp, 0.5, now)).toEqual(['NEW']);
    expect(findSimilar(idx, 'L1', fp, 0.5, now, 60)).toEqual(['NEW', 'OLD']);
    const half = fingerprint('Cống thoát nước bị tắc nhiều ngày nay');
    const s = similarity(half, fp);
    expect(s).toBeGreaterThan(0);
    expect(findSimilar(idx, 'L1', half, s, now)).toEqual(['NEW']);
    expect(findSimilar(idx, 'L1', half, s + 0.01, now)).toEqual([]);
  });

  it('orders hits by similarity, then newest', () => {
    const idx = indexWith(
      ['A', 'L', 'Đèn đường hỏng ở ngõ 5 phố Huế', 3],
      ['B', 'L', 'Đèn đường hỏng ở ngõ 5', 2],
      ['C', 'L', 'Đèn đường hỏng ở ngõ 5', 1],
    );
    expect(findSimilar(idx, 'L', fingerprint('Đèn đường hỏng ở ngõ 5'), 0.5, now)).toEqual(['C', 'B', 'A']);
  });

  it('keeps the newest maxEntries and replaces an entry with the same code', () => {
    let idx = emptyIndex();
    for (let i = 0; i < 250; i++) idx = addToIndex(idx, { code: `C${i}`, location: 'L', fp: ['aaaaa'], at: i });
    expect(idx.entries).toHaveLength(200);
    expect(idx.entries[0].code).toBe('C50');
    expect(idx.entries[199].code).toBe('C249');
    idx = addToIndex(idx, { code: 'C100', location: 'L', fp: ['bbbbb'], at: 999 });
    expect(idx.entries).toHaveLength(200);
    expect(idx.entries.filter((e) => e.code === 'C100')).toEqual([{ code: 'C100', location: 'L', fp: ['bbbbb'], at: 999 }]);
    expect(idx.entries[199].code).toBe('C100');
    expect(addToIndex(emptyIndex(), { code: 'x', location: 'L', fp: [], at: 1 }, 5).entries).toHaveLength(1);
  });

  it('does not change the index it is given', () => {
    const idx = indexWith(['A', 'L', 'một hai ba', 1]);
    const before = JSON.stringify(idx);
    addToIndex(idx, { code: 'B', location: 'L', fp: ['x'], at: 1 });
    expect(JSON.stringify(idx)).toBe(before);
  });

  it('stays within 90 KB of JSON for 200 long opinions', () => {
    const vocab = 'đèn đường hỏng ngõ rác thải cống nước tắc chợ vỉa hè lấn chiếm tiếng ồn karaoke cây xanh đổ'.split(' ');
    let idx = emptyIndex();
    for (let i = 0; i < 200; i++) {
      const words = Array.from({ length: 900 }, (_, k) => vocab[(k * 7 + i * 13 + ((k * k) % 11)) % vocab.length] + (k % 50));
      idx = addToIndex(idx, {
        code: `HT-2025-${String(i).padStart(6, '0')}`,
        location: 'TDP-ĐÔNG-NGẠC-05',
        fp: fingerprint(words.join(' ')),
        at: Date.now(),
      });
    }
    expect(idx.entries).toHaveLength(200);
    expect(utf8Bytes(JSON.stringify(idx))).toBeLessThanOrEqual(90 * 1024);
  });

  it('drops the oldest entries when long fields would break the byte budget', () => {
    let idx = emptyIndex();
    const fp = Array.from({ length: 40 }, (_, i) => `x${String(i).padStart(4, '0')}`);
    for (let i = 0; i < 200; i++) {
      idx = addToIndex(idx, {
        code: `Mã-đặc-biệt-rất-dài-${i}-`.repeat(5),
        location: 'Địa điểm ngoài ý muốn '.repeat(10),
        fp,
        at: i,
      });
    }
    expect(utf8Bytes(JSON.stringify(idx))).toBeLessThanOrEqual(INDEX_MAX_BYTES);
    expect(idx.entries.length).toBeGreaterThan(50);
    expect(idx.entries[idx.entries.length - 1].at).toBe(199);
    for (const e of idx.entries) expect(e.fp.length).toBeLessThanOrEqual(FINGERPRINT_SIZE);
  });

  it('round-trips through JSON and survives garbage', () => {
    const idx = indexWith(['A', 'L', 'một hai ba bốn', 1]);
    expect(parseIndex(JSON.stringify(idx))).toEqual(idx);
    expect(parseIndex(null)).toEqual(emptyIndex());
    expect(parseIndex('{not json')).toEqual(emptyIndex());
    expect(parseIndex('{"entries": 5}')).toEqual(emptyIndex());
    const mixed = JSON.stringify({
      v: 1,
      entries: [{ code: 'A', location: 'L', fp: ['abcde'], at: 1 }, { code: 2 }, null],
    });
    expect(parseIndex(mixed).entries).toEqual([{ code: 'A', location: 'L', fp: ['abcde'], at: 1 }]);
  });

  it('skips malformed entries of an index parsed elsewhere', () => {
    const fp = fingerprint('Đèn đường hỏng ở ngõ 5');
    const raw = {
      entries: [{ code: 'X' }, null, { code: 'OK', location: 'L', fp, at: now.getTime() }],
    } as unknown as RecentIndex;
    expect(findSimilar(raw, 'L', fp, 0.5, now)).toEqual(['OK']);
    expect(addToIndex(raw, { code: 'N', location: 'L', fp, at: now }).entries.map((e) => e.code)).toEqual(['OK', 'N']);
  });

  it('finds nothing for an empty fingerprint or index', () => {
    const idx = indexWith(['A', 'L', 'một hai ba', 1]);
    expect(findSimilar(idx, 'L', [], 0.5, now)).toEqual([]);
    expect(findSimilar(emptyIndex(), 'L', fingerprint('một hai ba'), 0.5, now)).toEqual([]);
  });
});

describe('a partial index (begun when the cache had forgotten it)', () => {
  const entry = (code: string, at: number) => ({ code, location: 'KDC01', fp: fingerprint(`cống ngõ ${code} bị tắc`), at });

  test('stays partial through the cache and new entries, and completeIndex makes it whole', () => {
    let idx = addToIndex(partialIndex(), entry('HB-C', 3000));
    idx = parseIndex(JSON.stringify(idx));
    expect(idx.partial).toBe(true);
    expect(addToIndex(idx, entry('HB-D', 4000)).partial).toBe(true);
    expect(parseIndex(JSON.stringify(emptyIndex())).partial).toBeUndefined();

    // From the sheet: A, B and a row also in the partial index (C); the partial index adds D the sheet read missed.
    const whole = completeIndex([entry('HB-A', 1000), entry('HB-B', 2000), entry('HB-C', 3000)], addToIndex(idx, entry('HB-D', 4000)));
    expect(whole.partial).toBeUndefined();
    expect(whole.entries.map((e) => e.code)).toEqual(['HB-A', 'HB-B', 'HB-C', 'HB-D']);
    expect(completeIndex([entry('HB-A', 1000), entry('HB-B', 2000)], null, 1).entries.map((e) => e.code)).toEqual(['HB-B']);
  });
});
