import fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { posterUrl } from '../../../src/core/posters/poster';
import { qrMatrix, utf8Bytes } from '../../../src/core/posters/qr';
import { DEFAULT_QUIET_ZONE, qrPng } from '../../../src/core/posters/qr-png';
import { readGray as readPng, resample, scanGray as scan, type Gray } from '../../helpers/qr-images';

const BASE = 'https://script.google.com/macros/s/AKfycbExampleDeploymentIdForTestsOnly0000000000000000000000000000/exec';

/** PNG → jsQR, at full size and downscaled to 295×295 px (2.5 cm at 300 dpi). */
function expectDecodes(text: string, png: Uint8Array): void {
  const full = readPng(png);
  const want = Array.from(Buffer.from(text, 'utf8'));
  const a = scan(full);
  expect(a?.data).toBe(text);
  expect(a?.bytes).toEqual(want);
  const small = scan(resample(full, 295, 295));
  expect(small?.data).toBe(text);
  expect(small?.bytes).toEqual(want);
}

describe('test helpers', () => {
  test('resample keeps the mean and maps pure black/white areas exactly', () => {
    const src: Gray = { w: 570, h: 570, px: new Float64Array(570 * 570) };
    for (let i = 0; i < src.px.length; i++) src.px[i] = i % 570 < 285 ? 0 : 255;
    const out = resample(src, 295, 295);
    const mean = (g: Gray) => g.px.reduce((a, b) => a + b, 0) / g.px.length;
    expect(mean(out)).toBeCloseTo(mean(src), 6);
    expect(out.px[0]).toBe(0);
    expect(out.px[294]).toBeCloseTo(255, 9);
    expect(out.px[147]).toBeCloseTo(255 * (1 - (285 - 147 * (570 / 295)) / (570 / 295)), 9);
  });
});

describe('utf8Bytes', () => {
  const same = (s: string) => expect(Buffer.from(utf8Bytes(s)).equals(Buffer.from(s, 'utf8'))).toBe(true);

  test('known cases', () => {
    expect(Array.from(utf8Bytes(''))).toEqual([]);
    expect(Array.from(utf8Bytes('A'))).toEqual([0x41]);
    expect(Array.from(utf8Bytes('ò'))).toEqual([0xc3, 0xb2]);
    expect(Array.from(utf8Bytes('Đ'))).toEqual([0xc4, 0x90]);
    expect(Array.from(utf8Bytes('ự'))).toEqual([0xe1, 0xbb, 0xb1]);
    expect(Array.from(utf8Bytes('😀'))).toEqual([0xf0, 0x9f, 0x98, 0x80]);
    expect(Array.from(utf8Bytes('\ud800'))).toEqual([0xef, 0xbf, 0xbd]);
    expect(Array.from(utf8Bytes('\udc00x\ud83d'))).toEqual([0xef, 0xbf, 0xbd, 0x78, 0xef, 0xbf, 0xbd]);
    for (const s of ['\u007f', '\u0080', '\u07ff', '\u0800', '\uffff', '\u{10000}', '\u{10ffff}', 'Hòm thư số góp ý']) same(s);
  });

  test('matches Buffer.from(s, "utf8") on arbitrary strings (astral chars, lone surrogates)', () => {
    const unit16 = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
    fc.assert(fc.property(fc.string({ unit: 'binary' }), same), { numRuns: 500 });
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), same), { numRuns: 300 });
    fc.assert(fc.property(fc.string({ unit: unit16 }), same), { numRuns: 500 });
  });
});

describe('qrMatrix', () => {
  test('has the standard size and finder patterns', () => {
    const m = qrMatrix('https://example.com/?loc=TDP01');
    expect(m.size).toBe(4 * m.version + 17);
    expect(m.dark.length).toBe(m.size * m.size);
    expect(Array.from(m.dark).every((v) => v === 0 || v === 1)).toBe(true);
    const at = (x: number, y: number) => m.dark[y * m.size + x];
    for (const [ox, oy] of [
      [0, 0],
      [m.size - 7, 0],
      [0, m.size - 7],
    ]) {
      for (let i = 0; i < 7; i++) {
        expect(at(ox + i, oy)).toBe(1);
        expect(at(ox + i, oy + 6)).toBe(1);
        expect(at(ox, oy + i)).toBe(1);
      }
      expect(at(ox + 1, oy + 1)).toBe(0);
      expect(at(ox + 3, oy + 3)).toBe(1);
    }
  });

  test('higher error correction needs at least as many modules', () => {
    const t = BASE + '?loc=TDP01';
    const sizes = (['L', 'M', 'Q', 'H'] as const).map((l) => qrMatrix(t, l).size);
    for (let i = 1; i < sizes.length; i++) expect(sizes[i]).toBeGreaterThanOrEqual(sizes[i - 1]);
    expect(sizes[3]).toBeGreaterThan(sizes[0]);
  });

  test('refuses empty and oversize text', () => {
    expect(() => qrMatrix('')).toThrow();
    expect(() => qrMatrix('x'.repeat(3000), 'H')).toThrow();
  });

  test('works without TextEncoder (as in Apps Script)', () => {
    const g = globalThis as { TextEncoder?: unknown };
    const saved = g.TextEncoder;
    g.TextEncoder = function () {
      throw new Error('TextEncoder is not available');
    };
    try {
      const text = 'Góp ý: Đường tổ 5 bị ngập 🌧';
      expectDecodes(text, qrPng(text).png);
    } finally {
      g.TextEncoder = saved;
    }
  });
});

describe('qrPng', () => {
  test('geometry: quiet zone, pixels per module, square image', () => {
    const text = BASE + '?loc=TDP01';
    const m = qrMatrix(text);
    const r = qrPng(text);
    expect(r.modules).toBe(m.size + 2 * DEFAULT_QUIET_ZONE);
    expect(r.widthPx).toBe(r.modules * 10);
    const g = readPng(r.png);
    expect([g.w, g.h]).toEqual([r.widthPx, r.widthPx]);
    // Quiet zone is white, the first finder module is black, pixel values are pure black/white.
    const q = 40; // quiet zone in px
    let wrong = 0;
    for (let y = 0; y < g.h; y++) {
      for (let x = 0; x < g.w; x++) {
        const mx = Math.floor((x - q) / 10);
        const my = Math.floor((y - q) / 10);
        const inside = mx >= 0 && my >= 0 && mx < m.size && my < m.size;
        const want = inside && m.dark[my * m.size + mx] ? 0 : 255;
        if (g.px[y * g.w + x] !== want) wrong++;
      }
    }
    expect(wrong).toBe(0);
    expect(g.px[q * g.w + q]).toBe(0); // top-left finder corner
    const small = qrPng(text, { pixelsPerModule: 3, quietZone: 2, level: 'H' });
    expect(small.modules).toBe(qrMatrix(text, 'H').size + 4);
    expect(small.widthPx).toBe(small.modules * 3);
  });

  test('refuses bad options', () => {
    expect(() => qrPng('x', { pixelsPerModule: 0 })).toThrow();
    expect(() => qrPng('x', { pixelsPerModule: 2.5 })).toThrow();
    expect(() => qrPng('x', { quietZone: -1 })).toThrow();
  });

  test('decodes to the exact ASCII URL, full size and at 295×295 px', () => {
    for (const text of [BASE + '?loc=TDP01', BASE + '?loc=KP-12_Cho_Ben_Thanh_Nha_Van_Hoa', 'https://a.vn/?loc=X']) {
      expectDecodes(text, qrPng(text).png);
    }
  });

  test('decodes to the exact Vietnamese text, full size and at 295×295 px', () => {
    for (const text of [
      'Hòm thư số góp ý xây dựng Đảng, xây dựng chính quyền',
      'Ủy ban Mặt trận Tổ quốc Việt Nam phường Bến Thành — Tổ dân phố 12, khu phố Hòa Bình',
      'Nhà văn hóa khu phố 3 ✓ 😀',
    ]) {
      expectDecodes(text, qrPng(text).png);
    }
  });

  test('decodes at every error correction level', () => {
    const text = BASE + '?loc=TDP-Hoa-Binh_07';
    for (const level of ['L', 'M', 'Q', 'H'] as const) expectDecodes(text, qrPng(text, { level }).png);
  });

  test('95 location URLs all decode exactly, full size and at 295×295 px', () => {
    const codes = Array.from({ length: 95 }, (_, i) => {
      const n = String(i + 1).padStart(2, '0');
      return ['TDP' + n, 'KP-' + n, 'to_dan_pho_' + n + '_khu-pho-Hoa-Binh', 'X' + n][i % 4];
    });
    expect(new Set(codes).size).toBe(95);
    for (const code of codes) {
      const u = posterUrl(BASE, code);
      if (!u.ok) throw new Error(u.message);
      expect(u.url).toBe(BASE + '?loc=' + code);
      expectDecodes(u.url, qrPng(u.url).png);
    }
  });

  test('the decoding check can fail: a damaged code does not decode', () => {
    const text = BASE + '?loc=TDP01';
    const g = readPng(qrPng(text).png);
    // Paint a white band through the middle third: far beyond level M's 15% recovery.
    for (let y = Math.floor(g.h / 3); y < Math.floor((2 * g.h) / 3); y++) {
      for (let x = 0; x < g.w; x++) g.px[y * g.w + x] = 255;
    }
    expect(scan(g)?.data).not.toBe(text);
    // And a different text does not pass for the intended one.
    expect(scan(readPng(qrPng(text + 'x').png))?.data).not.toBe(text);
  });
});

describe('source rules for bundled core code', () => {
  test('no Node/browser-only globals in qr, png, qr-png, poster and the web-address rule poster uses', () => {
    for (const f of ['posters/qr.ts', 'posters/png.ts', 'posters/qr-png.ts', 'posters/poster.ts', 'common/web-address.ts']) {
      const src = fs
        .readFileSync(path.join(__dirname, '../../../src/core', f), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '')
        // The one require allowed: qr.ts loads the encoder on first use, and the bundler resolves it (the build
        // refuses a Code.js with require left in it).
        .replace("require('qrcode/lib/core/qrcode')", '');
      expect(src).not.toMatch(
        /\b(TextEncoder|TextDecoder|Buffer|URL|URLSearchParams|setTimeout|fetch|atob|btoa|structuredClone|require)\b/,
      );
      const imports = Array.from(src.matchAll(/from\s+'([^']+)'/g), (m) => m[1]);
      const allowed = ['qrcode/lib/core/qrcode', '../common/web-address'];
      for (const i of imports) expect(allowed.includes(i) || i.startsWith('./')).toBe(true);
    }
  });
});
