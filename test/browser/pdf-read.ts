/**
 * Reading a PDF Chromium printed, independently of how it was made: each page's text through its fonts' ToUnicode
 * maps, the fonts it embeds, and its images as RGBA pixels (Flate-compressed, 8 bits per component).
 */
import { inflateRawSync } from 'node:zlib';
import { PdfDocument, PdfLexer, isDict, isName, isRef, type PdfDict, type PdfValue } from '../../src/core/platform/pdf-objects';

const inflate = (d: Uint8Array) => new Uint8Array(inflateRawSync(d));

export function openPdf(bytes: Uint8Array): PdfDocument {
  return new PdfDocument(bytes, inflate);
}

/** The page dictionaries in page order. */
function pages(pdf: PdfDocument): PdfDict[] {
  const catalog = pdf
    .objectNumbers()
    .map((n) => pdf.object(n)?.value)
    .find((v): v is PdfDict => isDict(v) && isName(v.v.Type, 'Catalog'));
  if (!catalog) throw new Error('no catalog');
  const out: PdfDict[] = [];
  const walk = (node: PdfDict | undefined) => {
    if (!node) return;
    if (isName(node.v.Type, 'Page')) out.push(node);
    const kids = pdf.resolve(node.v.Kids);
    if (Array.isArray(kids)) kids.forEach((k) => walk(pdf.dict(k)));
  };
  walk(pdf.dict(catalog.v.Pages));
  return out;
}

function hexBytes(h: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < h.length; i += 2) out.push(parseInt(h.slice(i, i + 2), 16));
  return out;
}

function utf16(h: string): string {
  const units: number[] = [];
  for (let i = 0; i < h.length; i += 4) units.push(parseInt(h.slice(i, i + 4), 16));
  return String.fromCharCode(...units);
}

/** A ToUnicode CMap: code (as a latin1 string of its bytes) → text; and the code length in bytes. */
function toUnicode(cmap: string): { map: Map<string, string>; width: number } {
  const map = new Map<string, string>();
  let width = 1;
  const key = (h: string) => String.fromCharCode(...hexBytes(h));
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1].matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]*)>/gi)) {
      width = m[1].length / 2;
      map.set(key(m[1]), utf16(m[2]));
    }
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1].matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*(<[0-9a-f]*>|\[[^\]]*\])/gi)) {
      width = m[1].length / 2;
      const lo = parseInt(m[1], 16);
      const hi = parseInt(m[2], 16);
      const targets = m[3].startsWith('[') ? [...m[3].matchAll(/<([0-9a-f]*)>/gi)].map((t) => utf16(t[1])) : null;
      for (let c = lo; c <= hi; c++) {
        const code = key(c.toString(16).padStart(m[1].length, '0'));
        if (targets) map.set(code, targets[c - lo] ?? '');
        else {
          const base = utf16(m[3].slice(1, -1));
          map.set(code, base.slice(0, -1) + String.fromCharCode(base.charCodeAt(base.length - 1) + (c - lo)));
        }
      }
    }
  }
  return { map, width };
}

/** Each page's text, NFC, runs separated by newlines (reading order within a line, as Chromium writes it). */
export function pdfPageTexts(bytes: Uint8Array): string[] {
  const pdf = openPdf(bytes);
  return pages(pdf).map((page) => {
    const resources = pdf.dict(page.v.Resources);
    const fonts = new Map<string, { map: Map<string, string>; width: number }>();
    const fontDict = pdf.dict(resources?.v.Font);
    for (const [name, ref] of Object.entries(fontDict?.v ?? {})) {
      const font = pdf.dict(ref);
      const cmap = font && pdf.stream(font.v.ToUnicode);
      if (cmap) fonts.set(name, toUnicode(Buffer.from(pdf.decode(cmap)).toString('latin1')));
    }
    const contents = pdf.resolve(page.v.Contents);
    const refs = Array.isArray(contents) ? contents : [page.v.Contents];
    let text = '';
    for (const ref of refs) {
      const s = isRef(ref) ? pdf.stream(ref) : undefined;
      if (!s) continue;
      const lex = new PdfLexer(pdf.decode(s));
      let font: { map: Map<string, string>; width: number } | undefined;
      let operands: PdfValue[] = [];
      const show = (v: PdfValue) => {
        if (!font || typeof v !== 'object' || v === null || Array.isArray(v) || v.t !== 'str') return;
        for (let i = 0; i < v.v.length; i += font.width) text += font.map.get(v.v.slice(i, i + font.width)) ?? '\uFFFD';
      };
      for (let v = lex.value(); v !== undefined; v = lex.value()) {
        if (typeof v !== 'object' || v === null || Array.isArray(v) || v.t !== 'op') {
          operands.push(v);
          continue;
        }
        if (v.v === 'Tf' && isName(operands[0])) font = fonts.get(operands[0].v);
        else if (v.v === 'Tj' || v.v === "'") show(operands[0]);
        else if (v.v === 'TJ' && Array.isArray(operands[0])) operands[0].forEach(show);
        else if (v.v === 'ET') text += '\n';
        operands = [];
      }
    }
    return text.normalize('NFC');
  });
}

/** The base names of the fonts embedded in the PDF (with their glyph data: FontFile, FontFile2 or FontFile3). */
export function embeddedFonts(bytes: Uint8Array): string[] {
  const pdf = openPdf(bytes);
  const names: string[] = [];
  for (const n of pdf.objectNumbers()) {
    const v = pdf.object(n)?.value;
    if (!isDict(v) || !isName(v.v.Type, 'FontDescriptor')) continue;
    const file = v.v.FontFile ?? v.v.FontFile2 ?? v.v.FontFile3;
    if (file && pdf.stream(file) && isName(v.v.FontName)) names.push(v.v.FontName.v);
  }
  return names;
}

export interface PdfImage {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel. */
  rgba: Uint8ClampedArray;
}

/** Every image XObject that is Flate-compressed 8-bit gray or RGB (ICC-based or device), decoded. */
export function pdfImages(bytes: Uint8Array): PdfImage[] {
  const pdf = openPdf(bytes);
  const out: PdfImage[] = [];
  for (const n of pdf.objectNumbers()) {
    const o = pdf.object(n);
    const d = o?.value;
    if (!o?.stream || !isDict(d) || !isName(d.v.Subtype, 'Image') || d.v.BitsPerComponent !== 8) continue;
    const width = d.v.Width as number;
    const height = d.v.Height as number;
    const cs = pdf.resolve(d.v.ColorSpace);
    let comps = 0;
    if (isName(cs, 'DeviceGray')) comps = 1;
    else if (isName(cs, 'DeviceRGB')) comps = 3;
    else if (Array.isArray(cs) && isName(cs[0], 'ICCBased')) comps = pdf.stream(cs[1])?.dict.v.N as number;
    if (comps !== 1 && comps !== 3) continue;
    const raw = pdf.decode(o.stream);
    if (raw.length < width * height * comps) continue;
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < width * height; i++) {
      for (let c = 0; c < 3; c++) rgba[i * 4 + c] = raw[i * comps + (comps === 1 ? 0 : c)];
      rgba[i * 4 + 3] = 255;
    }
    out.push({ width, height, rgba });
  }
  return out;
}
