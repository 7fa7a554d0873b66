import { deflateSync, inflateRawSync } from 'node:zlib';
import {
  IDENTITY,
  largestSquareImage,
  multiply,
  pdfImagePlacements,
  pointsToCm,
  type ImagePlacement,
} from '../../../src/core/platform/pdf-images';
import { PdfLexer, flateDecode } from '../../../src/core/platform/pdf-objects';

const inflateRaw = (d: Uint8Array) => new Uint8Array(inflateRawSync(d));

/** A PDF from object bodies (1-based numbers; null: a number kept in an object stream); a body may be [dict, stream]. */
function pdf(objects: (string | [string, Buffer] | null)[]): Uint8Array {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let at = parts[0].length;
  const offsets: (number | null)[] = [];
  objects.forEach((o, i) => {
    if (o === null) {
      offsets.push(null);
      return;
    }
    offsets.push(at);
    const body =
      typeof o === 'string'
        ? Buffer.from(o, 'latin1')
        : Buffer.concat([
            Buffer.from(`${o[0].replace(/>>\s*$/, '')} /Length ${o[1].length} >>\nstream\r\n`, 'latin1'),
            o[1],
            Buffer.from('\nendstream', 'latin1'),
          ]);
    const chunk = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), body, Buffer.from('\nendobj\n', 'latin1')]);
    parts.push(chunk);
    at += chunk.length;
  });
  let tail = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) tail += off === null ? '0000000000 00000 f \n' : `${String(off).padStart(10, '0')} 00000 n \n`;
  tail += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${at}\n%%EOF\n`;
  parts.push(Buffer.from(tail, 'latin1'));
  return new Uint8Array(Buffer.concat(parts));
}

const image = (w: number, h: number): [string, Buffer] => [
  `<< /Type /XObject /Subtype /Image /Width ${w} /Height ${h} /ColorSpace /DeviceGray /BitsPerComponent 8 >>`,
  Buffer.alloc(w * h, 0xff),
];
const flate = (s: string): [string, Buffer] => ['<< /Filter /FlateDecode >>', deflateSync(Buffer.from(s, 'latin1'))];
const plain = (s: string): [string, Buffer] => ['<< >>', Buffer.from(s, 'latin1')];

const near = (got: number, want: number) => expect(Math.abs(got - want)).toBeLessThan(1e-6);

test('a Skia-style page: flipped y, a scale, nested q/Q, the image in a compressed stream', () => {
  const content = [
    '1 0 0 -1 0 841.89 cm',
    'q .75 0 0 .75 0 0 cm',
    'BT /F1 12 Tf (text \\(with\\) parens) Tj ET',
    'BI /W 2 /H 1 /BPC 8 /CS /G ID \xffQ EI', // an inline image whose data holds a "Q"

    'q 340 0 0 -340 150 400 cm /Im1 Do Q', // 340 × 0.75 = 255 pt
    'Q',
    'q 10 0 0 10 0 0 cm /Im1 Do Q', // after Q: no scale
  ].join('\n');
  const bytes = pdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>',
    flate(content),
    image(450, 450),
  ]);
  const placed = pdfImagePlacements(bytes, inflateRaw);
  expect(placed).toHaveLength(2);
  near(placed[0].widthPt, 255);
  near(placed[0].heightPt, 255);
  expect(placed[0]).toMatchObject({ page: 1, name: 'Im1', pixelWidth: 450, pixelHeight: 450 });
  near(placed[1].widthPt, 10);
  near(pointsToCm(placed[0].widthPt), (255 / 72) * 2.54);
});

test('images inside a form XObject (its /Matrix applies), resources inherited from the page tree, several pages and content arrays', () => {
  const bytes = pdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 /Resources << /XObject << /Fm1 7 0 R /Im2 8 0 R >> >> >>',
    '<< /Type /Page /Parent 2 0 R /Contents [5 0 R 9 0 R] >>',
    '<< /Type /Page /Parent 2 0 R /Contents 6 0 R >>',
    plain('q 2 0 0 2 0 0'),
    plain('q 1 0 0 1 0 0 cm /Im2 Do Q'),
    [
      '<< /Type /XObject /Subtype /Form /BBox [0 0 100 100] /Matrix [0.5 0 0 0.5 10 10] /Resources << /XObject << /Im3 10 0 R >> >> >>',
      Buffer.from('q 100 0 0 50 0 0 cm /Im3 Do Q'),
    ],
    image(2, 2),
    plain(' cm /Fm1 Do Q'), // the page's content split mid-operation across two streams
    image(4, 2),
  ]);
  const placed = pdfImagePlacements(bytes, inflateRaw);
  expect(placed.map((p) => [p.page, p.name, p.widthPt, p.heightPt, p.pixelWidth])).toEqual([
    [1, 'Im3', 100, 50, 4], // 100 × 0.5 × 2
    [2, 'Im2', 1, 1, 2],
  ]);
});

test('objects inside a compressed object stream, and a /Length given by reference', () => {
  const pages = '<< /Type /Pages /Kids [4 0 R] /Count 1 >>';
  const page = '<< /Type /Page /Parent 3 0 R /Resources << /XObject << /X 6 0 R >> >> /Contents 5 0 R >>';
  const header = `3 0 4 ${pages.length + 1} `;
  const objStm = Buffer.from(header + pages + ' ' + page, 'latin1');
  const content = 'q 72 0 0 36 0 0 cm /X Do Q';
  const bytes = pdf([
    '<< /Type /Catalog /Pages 3 0 R >>',
    [`<< /Type /ObjStm /N 2 /First ${header.length} /Filter /FlateDecode >>`, deflateSync(objStm)],
    null,
    null,
    `<< /Length 7 0 R >>\nstream\n${content}\nendstream`,
    image(3, 3),
    String(content.length),
  ]);
  const placed = pdfImagePlacements(bytes, inflateRaw);
  expect(placed.map((p) => [p.name, p.widthPt, p.heightPt])).toEqual([['X', 72, 36]]);
});

test('the lexer: comments, escapes, hex strings, names with #xx, references vs numbers', () => {
  const lex = new PdfLexer(new Uint8Array(Buffer.from('% comment\n/A#20B (a\\(b\\)\\101) <48 69> [1 0 R 2 3] 4 5 RG true null', 'latin1')));
  expect(lex.value()).toEqual({ t: 'name', v: 'A B' });
  expect(lex.value()).toEqual({ t: 'str', v: 'a(b)A' });
  expect(lex.value()).toEqual({ t: 'str', v: 'Hi' });
  expect(lex.value()).toEqual([{ t: 'ref', num: 1, gen: 0 }, 2, 3]);
  expect(lex.value()).toBe(4);
  expect(lex.value()).toBe(5);
  expect(lex.value()).toEqual({ t: 'op', v: 'RG' });
  expect(lex.value()).toBe(true);
  expect(lex.value()).toBe(null);
  expect(lex.value()).toBeUndefined();
});

test('FlateDecode takes zlib streams and bare deflate; other filters and non-PDFs are refused', () => {
  const data = Buffer.from('q 1 0 0 1 0 0 cm Q', 'latin1');
  expect(Buffer.from(flateDecode(new Uint8Array(deflateSync(data)), inflateRaw)).equals(data)).toBe(true);
  expect(() => pdfImagePlacements(new Uint8Array(Buffer.from('hello')), inflateRaw)).toThrow(/%PDF-/);
  const lzw = pdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>',
    ['<< /Filter /LZWDecode >>', Buffer.from('xx')],
  ]);
  expect(() => pdfImagePlacements(lzw, inflateRaw)).toThrow(/LZWDecode/);
});

test('matrices: multiply composes as the cm operator does', () => {
  expect(multiply(IDENTITY, [2, 0, 0, 3, 4, 5])).toEqual([2, 0, 0, 3, 4, 5]);
  // First scale by 2, then translate by (10, 20): a point (1, 1) lands at (12, 22).
  const m = multiply([2, 0, 0, 2, 0, 0], [1, 0, 0, 1, 10, 20]);
  expect([1 * m[0] + 1 * m[2] + m[4], 1 * m[1] + 1 * m[3] + m[5]]).toEqual([12, 22]);
});

test('the QR is the largest image square in pixels and on paper', () => {
  const p = (w: number, h: number, pw: number, ph: number): ImagePlacement => ({
    page: 1,
    name: 'X',
    widthPt: w,
    heightPt: h,
    x: 0,
    y: 0,
    pixelWidth: pw,
    pixelHeight: ph,
  });
  expect(largestSquareImage([p(300, 100, 300, 100), p(255, 255, 450, 450), p(20, 20, 20, 20)])?.widthPt).toBe(255);
  expect(largestSquareImage([p(300, 100, 300, 100)])).toBeNull();
  expect(largestSquareImage([])).toBeNull();
});
