/**
 * The Apps Script side of the QR poster job's documents: poster pages in Google Docs (DocumentApp) and their PDFs in
 * the posters folder (DriveApp). The sheet columns, the job's state and its continuation are in poster-store.ts.
 *
 * Each location's poster is a copy of a template made once per job (one Drive call instead of ~25 Docs calls), with
 * the location line, the link text and the QR image filled in: about 15 service calls per poster.
 */
import { toSignedBytes } from '../../core/posters/png';
import { POSTER_QR_WIDTH_PX, type PosterContent } from '../../core/posters/poster';
import { type MadePoster } from '../../core/posters/poster-job';
import { qrPng } from '../../core/posters/qr-png';
import { consoleLogger } from '../services';
import { ensureFolders, fileAlive, PROP_POSTERS_FOLDER_ID } from '../folders';

type Body = GoogleAppsScript.Document.Body;
type Document = GoogleAppsScript.Document.Document;
type Paragraph = GoogleAppsScript.Document.Paragraph;
type Blob = GoogleAppsScript.Base.Blob;
type Folder = GoogleAppsScript.Drive.Folder;
type File = GoogleAppsScript.Drive.File;

const PDF = 'application/pdf';

/** A4 portrait in points, 1.5 cm margins. */
export const A4_WIDTH_PT = 595.28;
export const A4_HEIGHT_PT = 841.89;
export const PAGE_MARGIN_PT = 42.52;

export const TEMPLATE_NAME = 'Mẫu poster QR (tạm thời, sẽ tự xóa)';

// ---------------------------------------------------------------------------------------------------------------
// Page layout

export interface PartStyle {
  size: number;
  bold?: boolean;
  italic?: boolean;
  color?: string;
  align: 'center' | 'left';
  before?: number;
  after?: number;
}

interface Part {
  key: 'committee' | 'title' | 'location' | 'qr' | 'instruction' | 'urlLabel' | 'url' | 'privacy';
  text: string;
  style: PartStyle;
}

/** The paragraphs of one poster page, top to bottom. Every part is always present so their positions are fixed. */
export function posterParts(c: PosterContent): Part[] {
  return [
    { key: 'committee', text: c.committee, style: { size: 13, bold: true, align: 'center', after: 6 } },
    { key: 'title', text: c.boxTitle, style: { size: 24, bold: true, color: '#b71c1c', align: 'center', after: 10 } },
    { key: 'location', text: c.location, style: { size: 18, bold: true, align: 'center', after: 6 } },
    { key: 'qr', text: '', style: { size: 11, align: 'center', before: 4, after: 8 } },
    ...c.instructions.map((t, i): Part => ({ key: 'instruction', text: `${i + 1}. ${t}`, style: { size: 13, align: 'left', after: 4 } })),
    { key: 'urlLabel', text: c.urlLabel, style: { size: 11, align: 'center', before: 8, after: 0 } },
    { key: 'url', text: c.urlText, style: { size: 11, bold: true, align: 'center', after: 10 } },
    { key: 'privacy', text: c.privacy, style: { size: 9, italic: true, color: '#555555', align: 'center' } },
  ];
}

/** Where a poster's per-location paragraphs are, in Body.getParagraphs() order. */
export function partIndexes(c: PosterContent): { location: number; qr: number; url: number; count: number } {
  const parts = posterParts(c);
  const at = (k: Part['key']) => parts.findIndex((p) => p.key === k);
  return { location: at('location'), qr: at('qr'), url: at('url'), count: parts.length };
}

export function styleAttributes(s: PartStyle): Record<string, unknown> {
  const A = DocumentApp.Attribute;
  const H = DocumentApp.HorizontalAlignment;
  const out: Record<string, unknown> = {
    [A.HORIZONTAL_ALIGNMENT]: s.align === 'center' ? H.CENTER : H.LEFT,
    [A.FONT_SIZE]: s.size,
    [A.BOLD]: Boolean(s.bold),
    [A.ITALIC]: Boolean(s.italic),
    [A.FOREGROUND_COLOR]: s.color ?? '#000000',
    [A.SPACING_BEFORE]: s.before ?? 0,
    [A.SPACING_AFTER]: s.after ?? 0,
  };
  return out;
}

/** A4 portrait with the poster margins. */
export function setupPage(body: Body): void {
  body
    .setPageWidth(A4_WIDTH_PT)
    .setPageHeight(A4_HEIGHT_PT)
    .setMarginTop(PAGE_MARGIN_PT)
    .setMarginBottom(PAGE_MARGIN_PT)
    .setMarginLeft(PAGE_MARGIN_PT)
    .setMarginRight(PAGE_MARGIN_PT);
}

/** The QR of `url` as a PNG blob (Docs takes PNG, not SVG): error correction M, 4-module quiet zone. */
export function qrBlob(url: string, name: string): Blob {
  const { png } = qrPng(url, { level: 'M', quietZone: 4 });
  return Utilities.newBlob(toSignedBytes(png), 'image/png', name);
}

/**
 * Puts the QR into its (centred) paragraph, POSTER_QR_WIDTH_PX pixels wide and high: Docs sizes inline images in
 * pixels, and how wide that prints is what verifyPlatform measures in an exported PDF. One call sets both sides.
 */
export function placeQr(p: Paragraph, blob: Blob): void {
  const A = DocumentApp.Attribute;
  p.appendInlineImage(blob).setAttributes({ [A.WIDTH]: POSTER_QR_WIDTH_PX, [A.HEIGHT]: POSTER_QR_WIDTH_PX });
}

/**
 * Sets a paragraph's text, then its style: Docs' setText may drop the character formatting (bold, size, colour)
 * the paragraph had, so the style is always set after it.
 */
export function setPartText(p: Paragraph, text: string, style: PartStyle): void {
  p.setText(text); // returns nothing: the paragraph stays the same object
  p.setAttributes(styleAttributes(style));
}

/**
 * Puts `text` in place of a template paragraph's whole (non-empty) text in one call, keeping its formatting:
 * replaceText's new text takes the formatting of the text it replaces, where setText may drop it. A replacement
 * reads `$` and `\` specially, so a text with either is set with setPartText instead.
 */
export function replaceParagraphText(p: Paragraph, text: string, style: PartStyle): void {
  if (/[$\\]/.test(text)) setPartText(p, text, style);
  else p.replaceText('^.+$', text);
}

/**
 * Appends one poster page: two calls per paragraph (append, style). `reuse` is the empty paragraph a new Google Doc
 * starts with, used for the first part so the page does not open with a blank line.
 */
export function appendPosterPage(body: Body, content: PosterContent, qr: Blob | null, reuse: Paragraph | null): void {
  let spare = reuse;
  for (const part of posterParts(content)) {
    let p: Paragraph;
    if (spare) {
      setPartText(spare, part.text, part.style);
      p = spare;
      spare = null;
    } else {
      p = body.appendParagraph(part.text);
      p.setAttributes(styleAttributes(part.style));
    }
    if (part.key === 'qr' && qr) placeQr(p, qr);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Posters folder and files

/**
 * The posters folder: taken back out of the trash with the posters in it (and any other box folder with it), or made
 * again when it was deleted for good — then `recreated`, and the posters made so far are gone with it.
 */
export function postersFolder(wardName: string): { folder: Folder; recreated: boolean } {
  const props = PropertiesService.getScriptProperties();
  const id = props.getProperty(PROP_POSTERS_FOLDER_ID);
  if (id) {
    try {
      const f = DriveApp.getFolderById(id);
      if (!f.isTrashed()) return { folder: f, recreated: false };
    } catch {
      // Deleted for good: made again below.
    }
  }
  ensureFolders(wardName, []);
  const fresh = props.getProperty(PROP_POSTERS_FOLDER_ID);
  if (!fresh) throw new Error('Không tạo được thư mục "Poster QR".');
  return { folder: DriveApp.getFolderById(fresh), recreated: fresh !== id };
}

/** Moves files to the trash; returns the ids Drive would not trash (ids already gone count as trashed). */
export function trashFiles(ids: readonly string[]): string[] {
  const failed: string[] = [];
  for (const id of ids) {
    if (!id) continue;
    let file: File;
    try {
      file = DriveApp.getFileById(id);
    } catch {
      continue; // Deleted for good, or not ours to see.
    }
    try {
      file.setTrashed(true);
    } catch (e) {
      consoleLogger.error('posters.trash-failed', e, { id });
      failed.push(id);
    }
  }
  return failed;
}

/** What the template's location and link paragraphs hold until a copy replaces it (never empty: see makePosterDoc). */
export const TEMPLATE_FILLER = '…';

/** Trashes a document a step failed to finish making; the error that matters is the one the caller rethrows. */
function discardHalfMade(id: string): void {
  try {
    DriveApp.getFileById(id).setTrashed(true);
  } catch {
    // Best effort: a leftover template goes with trashTemplates at the end of the job.
  }
}

/**
 * The poster template: one page with the job's shared texts; location, link and QR are filled in per copy. It goes
 * into the posters folder first, so one left by a killed execution is found there by trashTemplates; one whose making
 * fails is trashed at once.
 */
export function createTemplate(folder: Folder, content: PosterContent): { id: string; file: File } {
  const doc = DocumentApp.create(TEMPLATE_NAME);
  const id = doc.getId();
  try {
    const file = DriveApp.getFileById(id);
    file.moveTo(folder);
    const body = doc.getBody();
    setupPage(body);
    const filled = { ...content, location: content.location || TEMPLATE_FILLER, urlText: content.urlText || TEMPLATE_FILLER };
    appendPosterPage(body, filled, null, body.getParagraphs()[0] ?? null);
    doc.saveAndClose();
    return { id, file };
  } catch (e) {
    discardHalfMade(id);
    throw e;
  }
}

/**
 * Trashes every poster template in the folder: a finished job needs none, and a killed execution may have left one.
 * Those already in the trash (Drive may list them too) are skipped.
 */
export function trashTemplates(folder: Folder): void {
  const it = folder.getFilesByName(TEMPLATE_NAME);
  while (it.hasNext()) {
    const f = it.next();
    if (!f.isTrashed()) f.setTrashed(true);
  }
}

/**
 * One location's poster: a copy of the template in the posters folder, filled in, and its PDF next to it.
 * When a step fails, what was made is trashed before the error goes on, so a retry leaves no duplicate.
 */
export function makePosterDoc(
  template: File,
  folder: Folder,
  p: { code: string; fileName: string; content: PosterContent; url: string },
): MadePoster {
  let copy: File | null = null;
  let pdf: File | null = null;
  try {
    copy = template.makeCopy(p.fileName, folder);
    const docId = copy.getId();
    const doc = DocumentApp.openById(docId);
    const paras = doc.getBody().getParagraphs();
    const at = partIndexes(p.content);
    if (paras.length < at.count) throw new Error(`Mẫu poster không đúng (${paras.length}/${at.count} đoạn).`);
    // The template's paragraphs carry the formatting; replacing their text keeps it (setText may not).
    const parts = posterParts(p.content);
    replaceParagraphText(paras[at.location], p.content.location, parts[at.location].style);
    replaceParagraphText(paras[at.url], p.content.urlText, parts[at.url].style);
    placeQr(paras[at.qr], qrBlob(p.url, `QR ${p.code}.png`));
    // The PDF must see every change: flush before converting.
    doc.saveAndClose();
    pdf = folder.createFile(copy.getAs(PDF));
    return { docId, pdfId: pdf.getId() };
  } catch (e) {
    for (const f of [pdf, copy]) {
      if (!f) continue;
      try {
        f.setTrashed(true);
      } catch {
        // Best effort: the error that matters is the one rethrown.
      }
    }
    throw e;
  }
}

/** The combined document (every poster on its own page), built a page at a time across executions. */
export class CombinedDoc {
  private doc: Document | null = null;
  private body: Body | null = null;
  private spare: Paragraph | null = null;

  constructor(
    private readonly folder: () => Folder,
    private readonly name: string,
  ) {}

  /** A new document, set up for its first page; trashed at once when that fails (the job has no record of it yet). */
  create(): string {
    const doc = DocumentApp.create(this.name);
    const id = doc.getId();
    try {
      DriveApp.getFileById(id).moveTo(this.folder());
      this.doc = doc;
      this.body = doc.getBody();
      setupPage(this.body);
      this.spare = this.body.getParagraphs()[0] ?? null;
      return id;
    } catch (e) {
      this.doc = null;
      this.body = null;
      discardHalfMade(id);
      throw e;
    }
  }

  open(id: string): number | null {
    try {
      if (!fileAlive(id)) return null;
      this.doc = DocumentApp.openById(id);
      this.body = this.doc.getBody();
      this.spare = null;
      return this.body.getNumChildren();
    } catch {
      return null;
    }
  }

  appendPage(content: PosterContent, url: string, code: string, first: boolean): void {
    const body = this.body;
    if (!body) throw new Error('Tài liệu in chung chưa được mở.');
    if (!first) body.appendPageBreak();
    appendPosterPage(body, content, qrBlob(url, `QR ${code}.png`), first ? this.spare : null);
    if (first) this.spare = null;
  }

  /** Saves what is there and counts the body's children, for the next run to check nothing was half-written. */
  checkpoint(): number {
    if (!this.doc || !this.body) return 0;
    const n = this.body.getNumChildren();
    this.doc.saveAndClose();
    this.doc = null;
    this.body = null;
    return n;
  }

  finish(id: string): { pdfId: string } {
    if (this.doc) this.doc.saveAndClose();
    this.doc = null;
    this.body = null;
    const folder = this.folder();
    const pdf = folder.createFile(DriveApp.getFileById(id).getAs(PDF));
    return { pdfId: pdf.getId() };
  }
}
