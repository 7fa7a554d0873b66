/**
 * The fake Docs export's PDF: a real, small PDF 1.4 file laid out the way Google's export is read back by the box's
 * platform check. Each page's content stream is FlateDecode-compressed and starts by flipping the y axis to a top-left
 * origin (as Skia-made PDFs do); every inline image is an image XObject painted with `q w 0 0 -h x y cm /ImN Do Q`,
 * so its printed size is w × h points. PNG images are embedded as they are (their IDAT data with the PNG predictor).
 */
import { deflateSync } from 'node:zlib';

export type PdfItem =
  | { kind: 'text'; text: string; align: string }
  | { kind: 'image'; blob: { bytes: Uint8Array; contentType: string }; width: number; height: number; align: string };

const LINE = 14;
const FONT_SIZE = 11;

function pdfText(s: string): string {
  const folded = s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]/g, '?');
  return folded.replace(/[\\()]/g, (c) => '\\' + c);
}

interface PngImage {
  width: number;
  height: number;
  bitDepth: number;
  colors: number;
  idat: Buffer;
}

/** A PNG the PDF can carry as it is: grayscale or RGB, not interlaced, 8 bits or fewer. */
function readPng(bytes: Uint8Array): PngImage | null {
  const b = Buffer.from(bytes);
  if (b.length < 33 || b.readUInt32BE(0) !== 0x89504e47) return null;
  let pos = 8;
  let head: Omit<PngImage, 'idat'> | null = null;
  let interlaced = false;
  const idat: Buffer[] = [];
  while (pos + 8 <= b.length) {
    const len = b.readUInt32BE(pos);
    const type = b.toString('latin1', pos + 4, pos + 8);
    const data = b.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      const colorType = data[9];
      if (colorType !== 0 && colorType !== 2) return null;
      head = { width: data.readUInt32BE(0), height: data.readUInt32BE(4), bitDepth: data[8], colors: colorType === 0 ? 1 : 3 };
      interlaced = data[12] !== 0;
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    pos += 12 + len;
  }
  if (!head || interlaced || head.bitDepth > 8 || idat.length === 0) return null;
  return { ...head, idat: Buffer.concat(idat) };
}

/** The image XObject of a blob: the PNG itself, or a 1×1 gray placeholder for other images. */
function imageObject(blob: { bytes: Uint8Array; contentType: string }): { dict: string; data: Buffer } {
  const png = blob.contentType === 'image/png' ? readPng(blob.bytes) : null;
  if (png) {
    const cs = png.colors === 1 ? '/DeviceGray' : '/DeviceRGB';
    return {
      dict:
        `/Type /XObject /Subtype /Image /Width ${png.width} /Height ${png.height} /ColorSpace ${cs} ` +
        `/BitsPerComponent ${png.bitDepth} /Filter /FlateDecode ` +
        `/DecodeParms << /Predictor 15 /Colors ${png.colors} /BitsPerComponent ${png.bitDepth} /Columns ${png.width} >>`,
      data: png.idat,
    };
  }
  return {
    dict: '/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode',
    data: deflateSync(Buffer.from([0x80])),
  };
}

function num(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(3).replace(/0+$/, '').replace(/\.$/, '');
}

/** The PDF of a document's pages. */
export function documentPdf(
  pages: PdfItem[][],
  size: { width: number; height: number },
  margins: { top: number; bottom: number; left: number; right: number },
): Uint8Array {
  const objects: (Buffer | null)[] = [null];
  const add = (body: Buffer | null = null): number => {
    objects.push(body);
    return objects.length - 1;
  };
  const dictObject = (dict: string) => Buffer.from(`<< ${dict} >>`, 'latin1');
  const streamObject = (dict: string, data: Buffer) =>
    Buffer.concat([Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]);

  const catalog = add();
  const pagesId = add();
  const font = add(dictObject('/Type /Font /Subtype /Type1 /BaseFont /Helvetica'));
  const pageIds: number[] = [];
  const { width: W, height: H } = size;
  const textWidth = W - margins.left - margins.right;
  for (const items of pages) {
    const ops: string[] = [`q 1 0 0 -1 0 ${num(H)} cm`];
    const xobjects: string[] = [];
    let y = margins.top;
    for (const item of items) {
      if (item.kind === 'text') {
        const lines = item.text ? (item.text.match(/.{1,90}(\s|$)|\S+/g) ?? ['']).map((x) => x.trim()) : [''];
        for (const line of lines) {
          y += LINE;
          const estimate = line.length * FONT_SIZE * 0.5;
          const x = item.align === 'CENTER' ? margins.left + Math.max(0, (textWidth - estimate) / 2) : margins.left;
          if (line) ops.push(`BT /F1 ${FONT_SIZE} Tf 1 0 0 -1 ${num(x)} ${num(y)} Tm (${pdfText(line)}) Tj ET`);
        }
      } else {
        const img = imageObject(item.blob);
        const id = add(streamObject(img.dict, img.data));
        const name = `Im${id}`;
        xobjects.push(`/${name} ${id} 0 R`);
        const x = item.align === 'CENTER' ? margins.left + Math.max(0, (textWidth - item.width) / 2) : margins.left;
        ops.push(`q ${num(item.width)} 0 0 ${num(-item.height)} ${num(x)} ${num(y + item.height)} cm /${name} Do Q`);
        y += item.height;
      }
    }
    ops.push('Q');
    const content = add(streamObject('/Filter /FlateDecode', deflateSync(Buffer.from(ops.join('\n'), 'latin1'))));
    const resources = `/Resources << /Font << /F1 ${font} 0 R >>${xobjects.length ? ` /XObject << ${xobjects.join(' ')} >>` : ''} >>`;
    pageIds.push(
      add(dictObject(`/Type /Page /Parent ${pagesId} 0 R /MediaBox [0 0 ${num(W)} ${num(H)}] ${resources} /Contents ${content} 0 R`)),
    );
  }
  objects[catalog] = dictObject(`/Type /Catalog /Pages ${pagesId} 0 R`);
  objects[pagesId] = dictObject(`/Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageIds.length}`);

  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let length = parts[0].length;
  const offsets: number[] = [];
  for (let i = 1; i < objects.length; i++) {
    offsets[i] = length;
    const chunk = Buffer.concat([Buffer.from(`${i} 0 obj\n`, 'latin1'), objects[i]!, Buffer.from('\nendobj\n', 'latin1')]);
    parts.push(chunk);
    length += chunk.length;
  }
  let tail = `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let i = 1; i < objects.length; i++) tail += `${String(offsets[i]).padStart(10, '0')} 00000 n \n`;
  tail += `trailer\n<< /Size ${objects.length} /Root ${catalog} 0 R >>\nstartxref\n${length}\n%%EOF\n`;
  parts.push(Buffer.from(tail, 'latin1'));
  return new Uint8Array(Buffer.concat(parts));
}
