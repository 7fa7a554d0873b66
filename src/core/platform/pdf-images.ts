/**
 * Where a PDF places its images, read from the page content streams: the transformation matrix (`cm`, saved and
 * restored by `q`/`Q`) in force when an image XObject is painted (`Do`), also through form XObjects. An image
 * fills the unit square of that matrix, so its printed size is the length of the matrix's two axes, in points.
 */
import { PdfDocument, PdfLexer, isDict, isName, isRef, type InflateRaw, type PdfDict, type PdfValue } from './pdf-objects';

export type { InflateRaw } from './pdf-objects';

/** [a b c d e f] as in the `cm` operator. */
export type Matrix = [number, number, number, number, number, number];

export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

export interface ImagePlacement {
  /** 1-based page number. */
  page: number;
  /** The XObject's resource name, e.g. "Im3". */
  name: string;
  /** Printed size in points (1/72 inch). */
  widthPt: number;
  heightPt: number;
  /** Lower-left corner on the page, in points. */
  x: number;
  y: number;
  /** The image's own size in pixels (/Width, /Height). */
  pixelWidth: number;
  pixelHeight: number;
}

/** m × n: first m, then n (PDF's row-vector convention). */
export function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[1] * n[2],
    m[0] * n[1] + m[1] * n[3],
    m[2] * n[0] + m[3] * n[2],
    m[2] * n[1] + m[3] * n[3],
    m[4] * n[0] + m[5] * n[2] + n[4],
    m[4] * n[1] + m[5] * n[3] + n[5],
  ];
}

export const CM_PER_POINT = 2.54 / 72;

export function pointsToCm(pt: number): number {
  return pt * CM_PER_POINT;
}

const MAX_FORM_DEPTH = 8;

/** Every image XObject painted on every page, in painting order. Throws when the PDF cannot be read. */
export function pdfImagePlacements(bytes: Uint8Array, inflateRaw: InflateRaw): ImagePlacement[] {
  const pdf = new PdfDocument(bytes, inflateRaw);
  const out: ImagePlacement[] = [];
  pagesOf(pdf).forEach((page, i) => {
    const resources = inherited(pdf, page, 'Resources');
    const contents = pdf.resolve(page.dict.v.Contents);
    const refs = Array.isArray(contents) ? contents : page.dict.v.Contents !== undefined ? [page.dict.v.Contents] : [];
    const parts: Uint8Array[] = [];
    for (const ref of refs) {
      const s = pdf.stream(ref);
      if (s) parts.push(pdf.decode(s));
    }
    // Content streams of one page are one stream split anywhere between tokens: joined with a space.
    const joined = join(parts);
    runContent(pdf, joined, pdf.dict(resources), IDENTITY, i + 1, out, 0);
  });
  return out;
}

interface PageNode {
  dict: PdfDict;
  parents: PdfDict[];
}

function pagesOf(pdf: PdfDocument): PageNode[] {
  let catalog: PdfDict | undefined;
  for (const num of pdf.objectNumbers()) {
    const v = safe(() => pdf.object(num)?.value);
    if (isDict(v) && isName(v.v.Type, 'Catalog')) {
      catalog = v;
      break;
    }
  }
  if (!catalog) throw new Error('PDF: no document catalog');
  const pages: PageNode[] = [];
  const seen = new Set<PdfDict>();
  const walk = (node: PdfDict | undefined, parents: PdfDict[]) => {
    if (!node || seen.has(node) || parents.length > 64) return;
    seen.add(node);
    if (isName(node.v.Type, 'Page') || (node.v.Kids === undefined && node.v.Contents !== undefined)) {
      pages.push({ dict: node, parents });
      return;
    }
    const kids = pdf.resolve(node.v.Kids);
    if (Array.isArray(kids)) for (const k of kids) walk(pdf.dict(k), [node, ...parents]);
  };
  walk(pdf.dict(catalog.v.Pages), []);
  return pages;
}

/** An inheritable page attribute (Resources, MediaBox…): from the page or its nearest ancestor. */
function inherited(pdf: PdfDocument, page: PageNode, key: string): PdfValue | undefined {
  if (page.dict.v[key] !== undefined) return page.dict.v[key];
  for (const p of page.parents) if (p.v[key] !== undefined) return pdf.resolve(p.v[key]);
  return undefined;
}

function runContent(
  pdf: PdfDocument,
  content: Uint8Array,
  resources: PdfDict | undefined,
  start: Matrix,
  page: number,
  out: ImagePlacement[],
  depth: number,
): void {
  const lex = new PdfLexer(content);
  const stack: Matrix[] = [];
  let ctm = start;
  let operands: PdfValue[] = [];
  for (;;) {
    const v = lex.value();
    if (v === undefined) break;
    if (typeof v !== 'object' || v === null || Array.isArray(v) || v.t !== 'op') {
      operands.push(v);
      continue;
    }
    const op = v.v;
    if (op === 'q') stack.push(ctm);
    else if (op === 'Q') ctm = stack.pop() ?? start;
    else if (op === 'cm') {
      const m = operands.slice(-6);
      if (m.length === 6 && m.every((x) => typeof x === 'number')) ctm = multiply(m as Matrix, ctm);
    } else if (op === 'BI') skipInlineImage(lex);
    else if (op === 'Do') {
      const name = operands[operands.length - 1];
      if (isName(name)) placeXObject(pdf, name.v, resources, ctm, page, out, depth);
    }
    operands = [];
  }
}

function placeXObject(
  pdf: PdfDocument,
  name: string,
  resources: PdfDict | undefined,
  ctm: Matrix,
  page: number,
  out: ImagePlacement[],
  depth: number,
): void {
  const xobjects = pdf.dict(resources?.v.XObject);
  const ref = xobjects?.v[name];
  if (!isRef(ref)) return;
  const s = pdf.stream(ref);
  if (!s) return;
  const subtype = pdf.resolve(s.dict.v.Subtype);
  if (isName(subtype, 'Image')) {
    const w = pdf.resolve(s.dict.v.Width);
    const h = pdf.resolve(s.dict.v.Height);
    out.push({
      page,
      name,
      widthPt: Math.hypot(ctm[0], ctm[1]),
      heightPt: Math.hypot(ctm[2], ctm[3]),
      x: ctm[4],
      y: ctm[5],
      pixelWidth: typeof w === 'number' ? w : 0,
      pixelHeight: typeof h === 'number' ? h : 0,
    });
  } else if (isName(subtype, 'Form') && depth < MAX_FORM_DEPTH) {
    const matrix = pdf.resolve(s.dict.v.Matrix);
    const m: Matrix =
      Array.isArray(matrix) && matrix.length === 6 && matrix.every((x) => typeof x === 'number') ? (matrix as Matrix) : IDENTITY;
    const own = pdf.dict(s.dict.v.Resources);
    runContent(pdf, pdf.decode(s), own ?? resources, multiply(m, ctm), page, out, depth + 1);
  }
}

/** Skips `BI … ID <data> EI`: the data is binary, so it is scanned for "EI" after white space. */
function skipInlineImage(lex: PdfLexer): void {
  const b = lex.bytes;
  let i = lex.pos;
  while (i + 1 < b.length && !(b[i] === 0x49 && b[i + 1] === 0x44)) i++; // "ID"
  i += 3;
  while (i + 2 < b.length && !(isSpace(b[i - 1]) && b[i] === 0x45 && b[i + 1] === 0x49 && (isSpace(b[i + 2]) || i + 2 === b.length))) i++;
  lex.pos = Math.min(b.length, i + 2);
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
}

function join(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length + 1;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    out[at + p.length] = 0x20;
    at += p.length + 1;
  }
  return out;
}

function safe<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

/** The poster's QR among a PDF's images: the largest one that is square in pixels (and nearly so on paper). */
export function largestSquareImage(placements: readonly ImagePlacement[]): ImagePlacement | null {
  let best: ImagePlacement | null = null;
  for (const p of placements) {
    const squarePixels = p.pixelWidth > 0 && p.pixelWidth === p.pixelHeight;
    const squarePrint = p.widthPt > 0 && Math.abs(p.widthPt - p.heightPt) <= 0.02 * p.widthPt;
    if (!squarePixels || !squarePrint) continue;
    if (!best || p.widthPt * p.heightPt > best.widthPt * best.heightPt) best = p;
  }
  return best;
}
