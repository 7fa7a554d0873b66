/**
 * Fake Docs paragraphs, their text view and inline images (docs.ts holds the document and body). What this
 * assumes of Google Docs is listed in assumptions.ts.
 */
import { FakeBlob } from './drive';

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
  /** Element.asParagraph(): a paragraph is one already. */
  asParagraph(): FakeParagraph {
    return this;
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
