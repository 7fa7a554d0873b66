/**
 * Fake DocumentApp: documents with a body of paragraphs, inline images, tables and page breaks.
 * Each document is also a Drive file, so DriveApp.getFileById(doc.getId()).getAs('application/pdf') works.
 * The preview renders documents as printable HTML (toHtml); getAs('application/pdf') gives a real PDF (pdf.ts) with
 * the text and every inline image placed at its size. What this fake assumes of Google Docs is listed, with the
 * verifyPlatform check that confirms it on a real account, in assumptions.ts.
 */
import type { WorldState } from './world-state';
import { FakeBlob, FakeFile, type FakeDrive } from './drive';
import { documentPdf, type PdfItem } from './pdf';

/** The world as Docs sees it: the shared state and Drive, where every Doc is a file. */
export type DocsWorld = WorldState & { readonly drive: FakeDrive };

export type DocElement =
  { type: 'paragraph'; p: FakeParagraph } | { type: 'pagebreak' } | { type: 'table'; rows: string[][]; widths?: number[] };

/**
 * A CSS font list for a Docs font: the font, then its metric-compatible Liberation twin (so lines and table cells
 * break where Google's do), then fonts with every Vietnamese letter for the few the Liberation fonts lack.
 */
export function fontStack(family: string): string {
  const f = family.replace(/["'\\;{}<>&]/g, '');
  const serif = /^(times|georgia|cambria|garamond)/i.test(f);
  // Single quotes: the list also goes into style="…" attributes.
  return serif
    ? `'${f}', 'Liberation Serif', 'Noto Serif', 'DejaVu Serif', serif`
    : `'${f}', 'Liberation Sans', 'Noto Sans', 'DejaVu Sans', sans-serif`;
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
      else if (e.type === 'table')
        doc.body.elements.push({ type: 'table', rows: e.rows.map((r) => [...r]), widths: e.widths && [...e.widths] });
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
   * fontStack), paragraphs without extra spacing, tables at their column widths, images at their size. The preview
   * prints this HTML to the PDF it writes (sandbox/preview).
   */
  toHtml(): string {
    const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
    const parts = this.body.elements.map((e) => {
      if (e.type === 'pagebreak') return '<div style="break-after:page"></div>';
      if (e.type === 'table') {
        const widths = e.widths ?? [];
        const cols = widths.some((w) => w > 0)
          ? `<colgroup>${widths.map((w) => (w > 0 ? `<col style="width:${w}pt">` : '<col>')).join('')}</colgroup>`
          : '';
        return `<table${cols ? ' class="fixed"' : ''}>${cols}${e.rows
          .map((r, i) => `<tr>${r.map((c) => (i === 0 ? `<th>${esc(c)}</th>` : `<td>${esc(c)}</td>`)).join('')}</tr>`)
          .join('')}</table>`;
      }
      const p = e.p;
      const style = [`text-align:${p.alignment.toLowerCase()}`];
      if (typeof p.attrs.FONT_FAMILY === 'string') style.push(`font-family:${fontStack(p.attrs.FONT_FAMILY)}`);
      if (p.attrs.FONT_SIZE) style.push(`font-size:${p.attrs.FONT_SIZE}pt`);
      if (p.attrs.BOLD) style.push('font-weight:bold');
      if (p.attrs.ITALIC) style.push('font-style:italic');
      if (typeof p.attrs.INDENT_START === 'number') style.push(`margin-left:${p.attrs.INDENT_START}pt`);
      if (typeof p.attrs.FOREGROUND_COLOR === 'string') style.push(`color:${p.attrs.FOREGROUND_COLOR}`);
      const imgs = p.images
        .map(
          (im) =>
            `<img alt="" width="${im.width}" height="${im.height}" style="width:${im.width}pt;height:${im.height}pt" src="data:${im.blob.contentType};base64,${Buffer.from(im.blob.bytes).toString('base64')}">`,
        )
        .join('');
      return `<p style="${style.join(';')}">${esc(p.text)}${imgs}</p>`;
    });
    const { width: W, height: H } = this.body.page;
    const m = this.body.margins;
    const css =
      `@page{size:${W}pt ${H}pt;margin:${m.top}pt ${m.right}pt ${m.bottom}pt ${m.left}pt}` +
      `body{font-family:${fontStack('Arial')};font-size:11pt;line-height:1.15;max-width:${W - m.left - m.right}pt;margin:24pt auto}` +
      '@media print{body{max-width:none;margin:0}}' +
      'p{margin:0;min-height:1.15em}img{image-rendering:pixelated;vertical-align:bottom}' +
      'table{border-collapse:collapse;width:100%}table.fixed{table-layout:fixed}' +
      'th,td{border:1px solid #000;padding:5pt;vertical-align:top;text-align:left;overflow-wrap:anywhere}';
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
      else if (e.type === 'table') e.rows.forEach((r) => page.push({ kind: 'text', text: r.join(' | '), align: 'LEFT' }));
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
    const el: Extract<DocElement, { type: 'table' }> = { type: 'table', rows: cells.map((r) => r.map(String)) };
    this.elements.push(el);
    return new FakeTable(el);
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
    return this.elements
      .map((e) => (e.type === 'paragraph' ? e.p.text : e.type === 'table' ? e.rows.map((r) => r.join('\t')).join('\n') : ''))
      .join('\n');
  }
  getNumChildren(): number {
    return this.elements.length;
  }
  getImages(): FakeInlineImage[] {
    return this.elements.flatMap((e) => (e.type === 'paragraph' ? e.p.images : []));
  }
  getParagraphs(): FakeParagraph[] {
    return this.elements.flatMap((e) => (e.type === 'paragraph' ? [e.p] : []));
  }
  setMarginTop(v: number): FakeBody {
    this.margins.top = v;
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

/** Attributes of the text itself (not of the paragraph): what setText drops. */
export const CHARACTER_ATTRIBUTES = [
  'BOLD',
  'ITALIC',
  'UNDERLINE',
  'FONT_SIZE',
  'FONT_FAMILY',
  'FOREGROUND_COLOR',
  'BACKGROUND_COLOR',
  'LINK_URL',
];

export class FakeParagraph {
  readonly serviceType = 'Paragraph';
  heading = 'NORMAL';
  alignment = 'LEFT';
  attrs: Record<string, unknown> = {};
  readonly images: FakeInlineImage[] = [];
  constructor(public text: string) {}
  getText(): string {
    return this.text;
  }
  /**
   * Replaces the contents with plain text: inline images go too, paragraph attributes (alignment, heading, spacing)
   * stay, and the character formatting of the old text (bold, size, colour…) is dropped, as Docs may do
   * (assumptions.ts: docs.settext-keeps-format). The box sets the formatting again after setText.
   */
  setText(text: string): void {
    this.text = String(text);
    this.images.length = 0;
    for (const k of CHARACTER_ATTRIBUTES) delete this.attrs[k];
  }
  /**
   * Element.replaceText: `pattern` is a regular expression and the new text takes the formatting of the text it
   * replaces (here, the paragraph's; assumptions.ts: docs.settext-keeps-format). How Google reads `$` and `\` in a
   * replacement is not checked, so the box never passes them and this fake refuses them.
   */
  replaceText(pattern: string, replacement: string): FakeParagraph {
    const rep = String(replacement);
    if (/[$\\]/.test(rep)) throw new Error('Fake Docs: a replacement with $ or \\ has no checked meaning.');
    this.text = this.text.replace(new RegExp(String(pattern), 'g'), () => rep);
    return this;
  }
  /** The paragraph's text with its character formatting (one run here: the paragraph's attributes). */
  editAsText(): FakeText {
    return new FakeText(this);
  }
  getAlignment(): string {
    return this.alignment;
  }
  getAttributes(): Record<string, unknown> {
    return { ...this.attrs, HORIZONTAL_ALIGNMENT: this.alignment, HEADING: this.heading };
  }
  clone(): FakeParagraph {
    const p = new FakeParagraph(this.text);
    p.heading = this.heading;
    p.alignment = this.alignment;
    p.attrs = { ...this.attrs };
    for (const im of this.images) p.images.push(im.clone());
    return p;
  }
  setHeading(h: string): FakeParagraph {
    this.heading = String(h);
    return this;
  }
  setAlignment(a: string): FakeParagraph {
    this.alignment = String(a);
    return this;
  }
  setAttributes(attrs: Record<string, unknown>): FakeParagraph {
    const { HORIZONTAL_ALIGNMENT, HEADING, ...rest } = attrs;
    if (HORIZONTAL_ALIGNMENT !== undefined && HORIZONTAL_ALIGNMENT !== null) this.alignment = String(HORIZONTAL_ALIGNMENT);
    if (HEADING !== undefined && HEADING !== null) this.heading = String(HEADING);
    this.attrs = { ...this.attrs, ...rest };
    return this;
  }
  setSpacingAfter(_n: number): FakeParagraph {
    return this;
  }
  setSpacingBefore(_n: number): FakeParagraph {
    return this;
  }
  appendInlineImage(blob: FakeBlob): FakeInlineImage {
    const type = blob.contentType;
    if (!['image/png', 'image/jpeg', 'image/gif'].includes(type)) {
      throw new Error('Invalid image data.');
    }
    const img = new FakeInlineImage(new FakeBlob(blob.bytes.slice(), type, blob.name));
    this.images.push(img);
    return img;
  }
}

/** Paragraph.editAsText(): reads the character formatting at an offset. Unformatted text is 11 pt, not bold. */
export class FakeText {
  readonly serviceType = 'Text';
  constructor(private readonly p: FakeParagraph) {}
  getText(): string {
    return this.p.text;
  }
  private at(offset: number): void {
    if (!Number.isInteger(offset) || offset < 0 || offset >= this.p.text.length)
      throw new Error('Index (' + offset + ') must be less than the content length.');
  }
  isBold(offset: number): boolean {
    this.at(offset);
    return this.p.attrs.BOLD === true;
  }
  getFontSize(offset: number): number {
    this.at(offset);
    return typeof this.p.attrs.FONT_SIZE === 'number' ? this.p.attrs.FONT_SIZE : 11;
  }
}

/** Table: its cells as text, and the column widths set (points; 0 where none was set). */
export class FakeTable {
  readonly serviceType = 'Table';
  constructor(private readonly el: Extract<DocElement, { type: 'table' }>) {}
  getNumRows(): number {
    return this.el.rows.length;
  }
  setColumnWidth(columnIndex: number, width: number): FakeTable {
    const cols = this.el.rows[0]?.length ?? 0;
    if (!Number.isInteger(columnIndex) || columnIndex < 0 || columnIndex >= cols) throw new Error(`Index (${columnIndex}) out of range.`);
    const widths = (this.el.widths ??= new Array<number>(cols).fill(0));
    widths[columnIndex] = Number(width);
    return this;
  }
  getColumnWidth(columnIndex: number): number | null {
    return this.el.widths?.[columnIndex] || null;
  }
}

export class FakeInlineImage {
  readonly serviceType = 'InlineImage';
  width = 100;
  height = 100;
  constructor(readonly blob: FakeBlob) {}
  setWidth(w: number): FakeInlineImage {
    this.width = w;
    return this;
  }
  setHeight(h: number): FakeInlineImage {
    this.height = h;
    return this;
  }
  getWidth(): number {
    return this.width;
  }
  getHeight(): number {
    return this.height;
  }
  getBlob(): FakeBlob {
    return this.blob;
  }
  /** WIDTH and HEIGHT (points) are the image attributes; others are kept as given. */
  setAttributes(attrs: Record<string, unknown>): FakeInlineImage {
    if (typeof attrs.WIDTH === 'number') this.width = attrs.WIDTH;
    if (typeof attrs.HEIGHT === 'number') this.height = attrs.HEIGHT;
    return this;
  }
  getAttributes(): Record<string, unknown> {
    return { WIDTH: this.width, HEIGHT: this.height };
  }
  clone(): FakeInlineImage {
    const im = new FakeInlineImage(this.blob.copyBlob());
    im.width = this.width;
    im.height = this.height;
    return im;
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
