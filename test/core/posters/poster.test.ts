import fc from 'fast-check';
import {
  posterBase,
  POSTER_LINK_MISSING,
  RESIDENTS_LINK_REMINDER,
  residentsBase,
  checkLocationCodes,
  LOCATION_CODE_PATTERN,
  POSTER_BOX_TITLE,
  POSTER_QR_INTENDED_CM,
  POSTER_QR_TOLERANCE_CM,
  POSTER_QR_WIDTH_PX,
  posterContent,
  posterUrl,
} from '../../../src/core/posters/poster';

const EXEC = 'https://script.google.com/macros/s/AKfycbExampleDeploymentIdForTestsOnly000000000/exec';
const rows = (...codes: string[]) => codes.map((code, i) => ({ code, name: `Địa điểm ${i + 1}` }));
const isNfc = (s: string) => s === s.normalize('NFC');

describe('LOCATION_CODE_PATTERN', () => {
  test('accepts URL-safe ASCII codes of 1..32 chars only', () => {
    for (const ok of ['TDP01', 'KP-3', 'to_dan_pho_12', 'a', 'A'.repeat(32)]) expect(LOCATION_CODE_PATTERN.test(ok)).toBe(true);
    for (const bad of ['', 'TDP 01', 'TDP-Hòa', 'A'.repeat(33), 'a/b', 'a.b', 'a?b', 'a&b', 'đ']) {
      expect(LOCATION_CODE_PATTERN.test(bad)).toBe(false);
    }
  });
});

describe('checkLocationCodes', () => {
  test('a clean list has no problems', () => {
    expect(checkLocationCodes(rows('TDP01', 'TDP02', 'KP-3', 'cho_ben_thanh'))).toEqual([]);
    expect(checkLocationCodes([])).toEqual([]);
  });

  test('catches a space, and suggests a code without changing the given one', () => {
    const p = checkLocationCodes(rows('TDP01', 'TDP 01'));
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ index: 1, code: 'TDP 01' });
    expect(p[0].problem).toMatch(/dấu cách/);
    expect(p[0].problem).toContain('"TDP-01"');
  });

  test('catches leading/trailing spaces and keeps them in the reported code', () => {
    const p = checkLocationCodes(rows('TDP01 '));
    expect(p).toHaveLength(1);
    expect(p[0].code).toBe('TDP01 ');
    expect(p[0].problem).toMatch(/đầu hoặc cuối/);
  });

  test('catches Vietnamese letters (NFC and NFD input), naming them', () => {
    for (const code of ['TDP-Hòa', 'TDP-Hòa'.normalize('NFD'), 'Đông']) {
      const p = checkLocationCodes(rows(code));
      expect(p).toHaveLength(1);
      expect(p[0].code).toBe(code);
      expect(p[0].problem).toMatch(/tiếng Việt có dấu/);
    }
    const p = checkLocationCodes(rows('TDP-Hòa'));
    expect(p[0].problem).toContain('"ò"');
    expect(p[0].problem).toContain('"TDP-Hoa"');
    expect(checkLocationCodes(rows('Đông'))[0].problem).toContain('"Dong"');
  });

  test('catches other characters, showing invisible ones by code point', () => {
    const p = checkLocationCodes(rows('TDP/01', 'TDP.01?', 'TDP\u200b01', 'TDP\t01'));
    expect(p.map((x) => x.index)).toEqual([0, 1, 2, 3]);
    expect(p[0].problem).toContain('"/"');
    expect(p[1].problem).toContain('"."');
    expect(p[1].problem).toContain('"?"');
    expect(p[2].problem).toContain('U+200B');
    expect(p[3].problem).toMatch(/dấu cách/);
  });

  test('a code with several faults gets one line per fault', () => {
    const p = checkLocationCodes(rows('Tổ 1/2'));
    expect(p).toHaveLength(3);
    expect(p.every((x) => x.code === 'Tổ 1/2' && x.index === 0)).toBe(true);
  });

  test('catches empty and too long codes', () => {
    const p = checkLocationCodes(rows('', '   ', 'A'.repeat(33)));
    expect(p.map((x) => x.index)).toEqual([0, 1, 2]);
    expect(p[0].problem).toMatch(/trống/);
    expect(p[1].problem).toMatch(/trống/);
    expect(p[2].problem).toMatch(/33 ký tự/);
  });

  test('reports both occurrences of a duplicate, and case-only duplicates', () => {
    const p = checkLocationCodes(rows('TDP01', 'TDP02', 'TDP01', 'tdp02', 'TDP03'));
    expect(p.map((x) => [x.index, x.code])).toEqual([
      [0, 'TDP01'],
      [1, 'TDP02'],
      [2, 'TDP01'],
      [3, 'tdp02'],
    ]);
    expect(p[0].problem).toMatch(/trùng với dòng 3/);
    expect(p[2].problem).toMatch(/trùng với dòng 1/);
    expect(p[1].problem).toMatch(/chữ hoa\/thường/);
    const three = checkLocationCodes(rows('X', 'X', 'X'));
    expect(three).toHaveLength(3);
    expect(three[0].problem).toContain('dòng 2, dòng 3');
  });

  test('never alters the input', () => {
    const input = rows('TDP 01', 'TDP-Hòa', 'TDP01', 'TDP01');
    const copy = JSON.parse(JSON.stringify(input));
    checkLocationCodes(input);
    expect(input).toEqual(copy);
  });

  test('a single code has a problem exactly when it does not match the pattern', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[A-Za-z0-9_-]{1,32}$/), fc.string({ unit: 'grapheme' })), (code) => {
        const p = checkLocationCodes([{ code, name: 'x' }]);
        expect(p.length === 0).toBe(LOCATION_CODE_PATTERN.test(code));
        for (const x of p) {
          expect(x.code).toBe(code);
          expect(x.problem.length).toBeGreaterThan(0);
          expect(isNfc(x.problem.replace(code, ''))).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('posterUrl', () => {
  test('adds ?loc= or &loc=', () => {
    expect(posterUrl(EXEC, 'TDP01')).toEqual({ ok: true, url: EXEC + '?loc=TDP01' });
    expect(posterUrl(EXEC + '?lang=vi', 'TDP01')).toEqual({ ok: true, url: EXEC + '?lang=vi&loc=TDP01' });
    expect(posterUrl(EXEC + '?', 'TDP01')).toEqual({ ok: true, url: EXEC + '?loc=TDP01' });
    expect(posterUrl(EXEC + '?a=1&', 'TDP01')).toEqual({ ok: true, url: EXEC + '?a=1&loc=TDP01' });
    expect(posterUrl('  ' + EXEC + '\n', 'KP-3')).toEqual({ ok: true, url: EXEC + '?loc=KP-3' });
  });

  test('refuses an empty base', () => {
    for (const b of ['', '   ']) {
      const r = posterUrl(b, 'TDP01');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/Chưa có địa chỉ/);
    }
  });

  test('refuses http and other non-https bases', () => {
    for (const b of [EXEC.replace('https:', 'http:'), 'script.google.com/macros/s/x/exec', 'ftp://x/exec', 'https://']) {
      const r = posterUrl(b, 'TDP01');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/https:\/\//);
    }
  });

  test('refuses test (/dev) deployments', () => {
    const dev = EXEC.replace(/\/exec$/, '/dev');
    for (const b of [dev, dev + '/', dev + '?x=1', dev.replace('/dev', '/DEV')]) {
      const r = posterUrl(b, 'TDP01');
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.message).toMatch(/\/dev/);
        expect(r.message).toMatch(/\/exec/);
        expect(isNfc(r.message)).toBe(true);
      }
    }
    // "dev" elsewhere in the path is fine.
    expect(posterUrl('https://example.vn/dev/app/exec', 'A').ok).toBe(true);
  });

  test('refuses a base that already has loc=, and a bad code', () => {
    expect(posterUrl(EXEC + '?loc=TDP01', 'TDP02').ok).toBe(false);
    expect(posterUrl(EXEC + '?a=1&LOC=x', 'TDP02').ok).toBe(false);
    expect(posterUrl(EXEC + '?location=x', 'TDP02').ok).toBe(true);
    for (const code of ['TDP 01', 'TDP-Hòa', '', 'a&b=c', 'A'.repeat(33)]) {
      const r = posterUrl(EXEC, code);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/Mã địa điểm/);
    }
  });

  test('any valid code yields base + ?loc=code', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_-]{1,32}$/), (code) => {
        expect(posterUrl(EXEC, code)).toEqual({ ok: true, url: `${EXEC}?loc=${code}` });
      }),
    );
  });
});

describe('posterBase', () => {
  test("the link configured in Cấu hình, never the running app's own address", () => {
    expect(posterBase('https://script.google.com/macros/s/RESIDENTS/exec')).toEqual({
      ok: true,
      base: 'https://script.google.com/macros/s/RESIDENTS/exec',
    });
    expect(posterBase('  https://gopy.hoabinh.example/  ')).toEqual({ ok: true, base: 'https://gopy.hoabinh.example/' });
  });

  test('no link: refused, saying where to fill it in and what to press after', () => {
    for (const empty of ['', '   ', null, undefined]) {
      expect(posterBase(empty)).toEqual({ ok: false, message: POSTER_LINK_MISSING });
    }
    expect(POSTER_LINK_MISSING).toContain('"Đường dẫn cho poster (tùy chọn)"');
    expect(POSTER_LINK_MISSING).toMatch(/trang Cấu hình/);
    expect(POSTER_LINK_MISSING).toMatch(/trang quản trị/);
    expect(POSTER_LINK_MISSING).toMatch(/\/exec/);
    expect(POSTER_LINK_MISSING).toContain('"Tạo poster QR"');
    expect(POSTER_LINK_MISSING).toBe(POSTER_LINK_MISSING.normalize('NFC'));
  });

  test('a link residents cannot open is refused as posterUrl refuses it, with where to change it', () => {
    const dev = posterBase('https://script.google.com/macros/s/RESIDENTS/dev');
    expect(dev.ok).toBe(false);
    if (!dev.ok) {
      expect(dev.message).toMatch(/\/dev/);
      expect(dev.message).toContain('"Đường dẫn cho poster (tùy chọn)"');
    }
    expect(posterBase('http://example.org/exec').ok).toBe(false);
  });
});

describe('residentsBase', () => {
  test('links that leave the box: the configured address, or what the owner must do; never a guess', () => {
    expect(residentsBase(' https://gopy.hoabinh.example/ ')).toEqual({ ok: true, base: 'https://gopy.hoabinh.example/' });
    for (const empty of ['', '  ', null, undefined]) expect(residentsBase(empty)).toEqual({ ok: false, message: RESIDENTS_LINK_REMINDER });
    expect(RESIDENTS_LINK_REMINDER).toMatch(/"Đường dẫn cho poster \(tùy chọn\)" trong trang Cấu hình/);
    expect(RESIDENTS_LINK_REMINDER).toBe(RESIDENTS_LINK_REMINDER.normalize('NFC'));
    const dev = residentsBase('https://script.google.com/macros/s/RESIDENTS/dev');
    expect(dev).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^Mục "Đường dẫn cho poster \(tùy chọn\)" .*chưa dùng được: .*\/dev/),
    });
  });
});

describe('posterContent', () => {
  const input = {
    wardName: 'phường Bến Thành',
    committeeName: 'Ủy ban Mặt trận Tổ quốc Việt Nam',
    locationName: 'Nhà văn hóa khu phố 3',
    url: EXEC + '?loc=KP3',
  };

  test('title, committee, location, URL and instructions', () => {
    const c = posterContent(input);
    expect(c.boxTitle).toBe('Hòm thư số góp ý xây dựng Đảng, xây dựng chính quyền');
    expect(c.boxTitle).toBe(POSTER_BOX_TITLE);
    expect(c.committee).toBe('Ủy ban Mặt trận Tổ quốc Việt Nam phường Bến Thành');
    expect(c.location).toBe('Địa điểm: Nhà văn hóa khu phố 3');
    expect(c.urlText).toBe(EXEC + '?loc=KP3');
    expect(c.instructions[0]).toMatch(/^Quét mã bằng Zalo hoặc camera điện thoại/);
    expect(c.instructions.length).toBeGreaterThanOrEqual(3);
    expect(c.privacy.length).toBeGreaterThan(20);
    expect(c.privacy).toContain(c.committee);
  });

  test('does not repeat the ward already in the committee name', () => {
    const c = posterContent({ ...input, committeeName: 'Ủy ban nhân dân Phường Bến Thành' });
    expect(c.committee).toBe('Ủy ban nhân dân Phường Bến Thành');
    expect(posterContent({ ...input, committeeName: '' }).committee).toBe('phường Bến Thành');
  });

  test('keeps long names whole and normalises to NFC', () => {
    const long = 'Khu vực chợ tạm và bãi giữ xe trước Trường Tiểu học Nguyễn Bỉnh Khiêm, tổ dân phố 14, khu phố Hòa Bình';
    const c = posterContent({ ...input, locationName: long.normalize('NFD'), committeeName: input.committeeName.normalize('NFD') });
    expect(c.location).toBe('Địa điểm: ' + long);
    expect(c.committee).toBe('Ủy ban Mặt trận Tổ quốc Việt Nam phường Bến Thành');
    const texts = [c.boxTitle, c.committee, c.location, c.urlLabel, c.urlText, c.privacy, ...c.instructions];
    for (const t of texts) {
      expect(isNfc(t)).toBe(true);
      expect(t).not.toMatch(/…$/);
    }
  });

  test('retention months appear in the privacy line when given', () => {
    expect(posterContent({ ...input, retentionMonths: 24 }).privacy).toMatch(/24 tháng/);
    expect(posterContent(input).privacy).not.toMatch(/tháng/);
  });

  test('empty location name gives an empty location line', () => {
    expect(posterContent({ ...input, locationName: '  ' }).location).toBe('');
  });
});

test('the QR is meant to print at least 8 cm wide, which its pixel width gives at one point per pixel', () => {
  expect(POSTER_QR_INTENDED_CM).toBeGreaterThanOrEqual(8);
  // What verifyPlatform checks on a real account (docs.qr-printed-width): Docs prints one such pixel as one point.
  expect(Math.abs((POSTER_QR_WIDTH_PX / 72) * 2.54 - POSTER_QR_INTENDED_CM)).toBeLessThanOrEqual(POSTER_QR_TOLERANCE_CM);
});
