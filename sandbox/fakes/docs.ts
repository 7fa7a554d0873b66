/**
 * Fake DocumentApp: documents with a body of paragraphs, inline images, tables and page breaks.
 * Each document is also a Drive file, so DriveApp.getFileById(doc.getId()).getAs('application/pdf') works.
 * The preview renders documents as printable HTML (toHtml); getAs('application/pdf') gives a real PDF (pdf.ts) with
 * the text and every inline image placed at its size. What this fake assumes of Google Docs is listed, with the
 * verifyPlatform check that confirms it on a real account, in assumptions.ts.
 */
import type { WorldState } from './world-state';
import { FakeBlob, FakeFile, type FakeDrive } from './drive';
import { FakeInlineImage, FakeParagraph } from './docs-paragraph';
import { FakeTable } from './docs-table';

import { documentPdf, type PdfItem } from './pdf';

export { CHARACTER_ATTRIBUTES, FakeInlineImage, FakeParagraph, FakeText } from './docs-paragraph';
export { FakeTable } from './docs-table';

/** The world as Docs sees it: the shared state and Drive, where every Doc is a file. */
export type DocsWorld = WorldState & { readonly drive: FakeDrive };

export type DocElement = { type: 'paragraph'; p: FakeParagraph } | { type: 'pagebreak' } | { type: 'table'; table: FakeTable };

/**
 * A CSS font list for a Docs font: the font, then its metric-compatible Liberation twin (so lines and table cells
 * break where Google's do), then fonts with every Vietnamese letter for the few the Liberation fonts lack. Single
 * quotes: the list also goes into style="…" attributes.
 */
export function fontStack(family: string): string {
  const f = family.replace(/["'\\;{}<>&]/g, '');
  const serif = /^(times|georgia|cambria|garamond)/i.test(f);
  return serif
    ? `'${f}', 'Liberation Serif', 'Noto Serif', 'DejaVu Serif', serif`
    : `'${f}', 'Liberation Sans', 'Noto Sans', 'DejaVu Sans', sans-serif`;
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** One paragraph as HTML: alignment, font, size, bold, italic, indents, colour, and its images. */
function paragraphHtml(p: FakeParagraph): string {
  const style = [`text-align:${p.alignment.toLowerCase()}`];
  if (typeof p.attrs.FONT_FAMILY === 'string') style.push(`font-family:${fontStack(p.attrs.FONT_FAMILY)}`);
  if (p.attrs.FONT_SIZE) style.push(`font-size:${p.attrs.FONT_SIZE}pt`);
  if (p.attrs.BOLD) style.push('font-weight:bold');
  if (p.attrs.ITALIC) style.push('font-style:italic');
  if (typeof p.attrs.INDENT_START === 'number') style.push(`margin-left:${p.attrs.INDENT_START}pt`);
  if (typeof p.attrs.INDENT_FIRST_LINE === 'number') style.push(`text-indent:${p.attrs.INDENT_FIRST_LINE}pt`);
  if (typeof p.attrs.FOREGROUND_COLOR === 'string') style.push(`color:${p.attrs.FOREGROUND_COLOR}`);
  const imgs = p.images
    .map(
      (im) =>
        `<img alt="" width="${im.width}" height="${im.height}" style="width:${im.width}pt;height:${im.height}pt" src="data:${im.blob.contentType};base64,${Buffer.from(im.blob.bytes).toString('base64')}">`,
    )
    .join('');
  // A line break typed in the text (a table cell listing one code a line) shows as one.
  return `<p style="${style.join(';')}">${esc(p.text).replace(/\n/g, '<br>')}${imgs}</p>`;
}

/** A table as HTML: its column widths, its borders (none at width 0), each cell's paragraphs. */
function tableHtml(t: FakeTable): string {
  const cols = t.widths.some((w) => w > 0)
    ? `<colgroup>${t.widths.map((w) => (w > 0 ? `<col style="width:${w}pt">` : '<col>')).join('')}</colgroup>`
    : '';
  const border = t.borderWidth > 0 ? `${t.borderWidth}pt solid #000` : 'none';
  const rows = t.rows
    .map((r) => `<tr>${r.cells.map((c) => `<td style="border:${border}">${c.paragraphs.map(paragraphHtml).join('')}</td>`).join('')}</tr>`)
    .join('');
  return `<table${cols ? ' class="fixed"' : ''}>${cols}${rows}</table>`;
}

export const DOC_MIME = 'application/vnd.google-apps.document';

export class FakeDocs {
  private readonly byId = new Map<string, FakeDocument>();
  constructor(readonly world: DocsWorld) {}
  create(name: string): FakeDocument {
    const drive = this.world.drive;
    const id = drive.nextId('doc');
    const doc = new FakeDocument(this.world, id, String(name));
    // A new Google Doc is not empty: its body holds one empty paragraph.
    doc.body.appendParagraph('');
    this.byId.set(id, doc);
    drive.add(new FakeFile(drive, id, String(name), DOC_MIME, new Uint8Array(0), drive.root.id));
    return doc;
  }
  /** A copy of a document's body under a new id (File.makeCopy of a Google Doc). */
  copy(srcId: string, name: string, parentId: string): FakeDocument {
    const src = this.byId.get(srcId);
    if (!src) throw new Error("Document is missing (perhaps it was deleted, or you don't have read access?)");
    const drive = this.world.drive;
    const id = drive.nextId('doc');
    const doc = new FakeDocument(this.world, id, String(name));
    Object.assign(doc.body.margins, src.body.margins);
    Object.assign(doc.body.page, src.body.page);
    for (const e of src.body.elements) {
      if (e.type === 'paragraph') doc.body.elements.push({ type: 'paragraph', p: e.p.clone() });
      else if (e.type === 'table') doc.body.elements.push({ type: 'table', table: e.table.clone() });
      else doc.body.elements.push({ type: 'pagebreak' });
    }
    this.byId.set(id, doc);
    drive.add(new FakeFile(drive, id, String(name), DOC_MIME, new Uint8Array(0), parentId));
    return doc;
  }
  get(id: string): FakeDocument | undefined {
    const file = this.world.drive.get(id);
    if (file && file.trashed) return undefined;
    return this.byId.get(id);
  }
  all(): FakeDocument[] {
    return [...this.byId.values()];
  }
}

export class FakeDocument {
  readonly serviceType = 'Document';
  readonly body: FakeBody;
  constructor(
    readonly world: DocsWorld,
    readonly id: string,
    public name: string,
  ) {
    this.body = new FakeBody(this);
  }
  getId(): string {
    return this.id;
  }
  getName(): string {
    return this.name;
  }
  setName(n: string): FakeDocument {
    this.name = n;
    return this;
  }
  getUrl(): string {
    return `https://docs.google.com/document/d/${this.id}/edit`;
  }
  getBody(): FakeBody {
    return this.body;
  }
  saveAndClose(): void {
    const f = this.world.drive.get(this.id);
    if (f) this.world.drive.changed(f);
  }
  /** Plain text of the body, paragraphs separated by newlines (like Body.getText). */
  text(): string {
    return this.body.getText();
  }
  /**
   * The document as a printable page: the body's page size and margins (@page), Docs' default Arial 11 pt (see
   * fontStack) unless a paragraph names its font, paragraphs without extra spacing in their size, alignment and
   * indents, tables at their column widths with their borders (none at width 0), images at their size. The preview
   * serves this HTML and prints it to the PDF it writes (sandbox/preview).
   */
  toHtml(): string {
    const parts = this.body.elements.map((e) => {
      if (e.type === 'pagebreak') return '<div style="break-after:page"></div>';
      if (e.type === 'table') return tableHtml(e.table);
      return paragraphHtml(e.p);
    });
    const { width: W, height: H } = this.body.page;
    const m = this.body.margins;
    const css =
      `@page{size:${W}pt ${H}pt;margin:${m.top}pt ${m.right}pt ${m.bottom}pt ${m.left}pt}` +
      `body{font-family:${fontStack('Arial')};font-size:11pt;line-height:1.15;max-width:${Math.round((W - m.left - m.right) * 100) / 100}pt;margin:24pt auto}` +
      '@media print{body{max-width:none;margin:0}}' +
      'p{margin:0;min-height:1.15em}img{image-rendering:pixelated;vertical-align:bottom}' +
      'table{border-collapse:collapse;width:100%}table.fixed{table-layout:fixed}' +
      'td{padding:5pt;vertical-align:top;text-align:left;overflow-wrap:anywhere}';
    return `<!doctype html><html lang="vi"><meta charset="utf-8"><title>${esc(this.name)}</title><style>${css}</style><body>${parts.join('\n')}</body></html>`;
  }
  /**
   * The PDF export: one page per page break, the page size and margins of the body, text in Helvetica (letters
   * outside Latin-1 folded), and every inline image placed at its width and height, one image pixel printing as one
   * point (assumptions.ts: docs.qr-printed-width).
   */
  toPdf(): Uint8Array {
    const pages: PdfItem[][] = [[]];
    for (const e of this.body.elements) {
      const page = pages[pages.length - 1];
      if (e.type === 'pagebreak') pages.push([]);
      else if (e.type === 'table')
        e.table.texts().forEach((r) => page.push({ kind: 'text', text: r.join(' | ').replace(/\n/g, ' '), align: 'LEFT' }));
      else {
        if (e.p.text || !e.p.images.length) page.push({ kind: 'text', text: e.p.text, align: e.p.alignment });
        for (const im of e.p.images) page.push({ kind: 'image', blob: im.blob, width: im.width, height: im.height, align: e.p.alignment });
      }
    }
    return documentPdf(pages, this.body.page, this.body.margins);
  }
}

export class FakeBody {
  readonly serviceType = 'Body';
  readonly elements: DocElement[] = [];
  readonly margins = { top: 72, bottom: 72, left: 72, right: 72 };
  /** Page size in points (Letter until set, as for a US account). */
  readonly page = { width: 612, height: 792 };
  constructor(readonly doc: FakeDocument) {}
  appendParagraph(text: string): FakeParagraph {
    const p = new FakeParagraph(String(text));
    this.elements.push({ type: 'paragraph', p });
    return p;
  }
  appendImage(blob: FakeBlob): FakeInlineImage {
    const p = this.appendParagraph('');
    return p.appendInlineImage(blob);
  }
  appendPageBreak(): void {
    this.elements.push({ type: 'pagebreak' });
  }
  appendTable(cells: string[][]): FakeTable {
    if (!Array.isArray(cells) || cells.some((r) => !Array.isArray(r))) throw new Error('Invalid argument: cells');
    const table = new FakeTable(cells.map((r) => r.map(String)));
    this.elements.push({ type: 'table', table });
    return table;
  }
  /** The tables of the body, in order (Body.getTables). */
  getTables(): FakeTable[] {
    return this.elements.flatMap((e) => (e.type === 'table' ? [e.table] : []));
  }
  clear(): FakeBody {
    this.elements.length = 0;
    return this;
  }
  /** Body.replaceText: in every paragraph, as Paragraph.replaceText. */
  replaceText(pattern: string, replacement: string): FakeBody {
    for (const p of this.getParagraphs()) p.replaceText(pattern, replacement);
    return this;
  }
  getText(): string {
    return this.elements.map((e) => (e.type === 'paragraph' ? e.p.text : e.type === 'table' ? e.table.getText() : '')).join('\n');
  }
  getNumChildren(): number {
    return this.elements.length;
  }
  getImages(): FakeInlineImage[] {
    return this.elements.flatMap((e) => (e.type === 'paragraph' ? e.p.images : []));
  }
  /** Every paragraph, those in table cells too (as Body.getParagraphs). */
  getParagraphs(): FakeParagraph[] {
    return this.elements.flatMap((e) =>
      e.type === 'paragraph' ? [e.p] : e.type === 'table' ? e.table.rows.flatMap((r) => r.cells.flatMap((c) => c.paragraphs)) : [],
    );
  }
  setMarginTop(v: number): FakeBody {
    this.margins.top = Number(v);
    return this;
  }
  setMarginBottom(v: number): FakeBody {
    this.margins.bottom = v;
    return this;
  }
  setMarginLeft(v: number): FakeBody {
    this.margins.left = v;
    return this;
  }
  setMarginRight(v: number): FakeBody {
    this.margins.right = v;
    return this;
  }
  getMarginTop(): number {
    return this.margins.top;
  }
  getMarginBottom(): number {
    return this.margins.bottom;
  }
  getMarginLeft(): number {
    return this.margins.left;
  }
  getMarginRight(): number {
    return this.margins.right;
  }
  setPageWidth(v: number): FakeBody {
    this.page.width = Number(v);
    return this;
  }
  setPageHeight(v: number): FakeBody {
    this.page.height = Number(v);
    return this;
  }
  getPageWidth(): number {
    return this.page.width;
  }
  getPageHeight(): number {
    return this.page.height;
  }
}

export class FakeDocumentApp {
  readonly serviceType = 'DocumentApp';
  readonly ParagraphHeading = { TITLE: 'TITLE', HEADING1: 'HEADING1', HEADING2: 'HEADING2', HEADING3: 'HEADING3', NORMAL: 'NORMAL' };
  readonly HorizontalAlignment = { LEFT: 'LEFT', CENTER: 'CENTER', RIGHT: 'RIGHT', JUSTIFY: 'JUSTIFY' };
  readonly Attribute = Object.fromEntries(
    [
      'BACKGROUND_COLOR',
      'BOLD',
      'FONT_FAMILY',
      'FONT_SIZE',
      'FOREGROUND_COLOR',
      'HEADING',
      'HEIGHT',
      'HORIZONTAL_ALIGNMENT',
      'INDENT_FIRST_LINE',
      'INDENT_START',
      'ITALIC',
      'LINE_SPACING',
      'LINK_URL',
      'SPACING_AFTER',
      'SPACING_BEFORE',
      'UNDERLINE',
      'WIDTH',
    ].map((k) => [k, k]),
  ) as Record<string, string>;
  constructor(private readonly docs: FakeDocs) {}
  create(name: string): FakeDocument {
    return this.docs.create(name);
  }
  openById(id: string): FakeDocument {
    const d = this.docs.get(String(id));
    if (!d) throw new Error("Document is missing (perhaps it was deleted, or you don't have read access?)");
    return d;
  }
}
