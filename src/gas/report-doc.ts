/**
 * Renders the staff documents (core/report-layout blocks) with DocumentApp: one Google Doc in the box's reports
 * folder (script property REPORTS_FOLDER_ID, made by setup) and its PDF next to it.
 */
import type { DocBlock } from '../core/reports/report-layout';
import { PROP_REPORTS_FOLDER_ID } from './setup';

export interface RenderedDoc {
  docId: string;
  docUrl: string;
  pdfId: string;
  pdfUrl: string;
}

const FONT = 'Times New Roman';

function renderBlock(body: GoogleAppsScript.Document.Body, b: DocBlock): void {
  const A = DocumentApp.Attribute;
  if (b.kind === 'pagebreak') {
    body.appendPageBreak();
    return;
  }
  if (b.kind === 'table') {
    // One call per table whatever its length: the opinion lists can hold thousands of rows.
    const table = body.appendTable(b.rows);
    b.widths?.forEach((w, i) => table.setColumnWidth(i, w));
    return;
  }
  if (b.kind === 'heading') {
    body
      .appendParagraph(b.text)
      .setHeading(b.level === 1 ? DocumentApp.ParagraphHeading.HEADING2 : DocumentApp.ParagraphHeading.HEADING3)
      .setAttributes({ [A.FONT_FAMILY]: FONT, [A.BOLD]: true });
    return;
  }
  const para = body.appendParagraph(b.text);
  if (b.align && b.align !== 'left') {
    const H = DocumentApp.HorizontalAlignment;
    para.setAlignment(b.align === 'center' ? H.CENTER : b.align === 'right' ? H.RIGHT : H.JUSTIFY);
  }
  const attrs: Record<string, unknown> = { [A.FONT_FAMILY]: FONT, [A.FONT_SIZE]: b.size ?? 12 };
  if (b.bold) attrs[A.BOLD] = true;
  if (b.indent) attrs[A.INDENT_START] = b.indent;
  para.setAttributes(attrs);
}

/** The box's reports folder (script property REPORTS_FOLDER_ID); throws when setup has not made it or it was deleted. */
export function reportsFolder(): GoogleAppsScript.Drive.Folder {
  const id = PropertiesService.getScriptProperties().getProperty(PROP_REPORTS_FOLDER_ID);
  if (id) {
    try {
      const folder = DriveApp.getFolderById(id);
      if (!folder.isTrashed()) return folder;
    } catch {
      // Deleted: fall through.
    }
  }
  throw new Error('Chưa có thư mục "Báo cáo" (hoặc đã bị xóa): quản trị viên hãy chạy lại "Cài đặt / sửa chữa hòm thư".');
}

/** Creates the document, moves it into the reports folder and saves its PDF there. */
export function renderToReports(name: string, blocks: DocBlock[]): RenderedDoc {
  const folder = reportsFolder();
  const doc = DocumentApp.create(name);
  const docId = doc.getId();
  const docUrl = doc.getUrl();
  const body = doc.getBody();
  for (const b of blocks) renderBlock(body, b);
  // The PDF must see every change: flush before converting.
  doc.saveAndClose();
  const file = DriveApp.getFileById(docId);
  file.moveTo(folder);
  const pdf = folder.createFile(file.getAs('application/pdf').setName(`${name}.pdf`));
  return { docId, docUrl, pdfId: pdf.getId(), pdfUrl: pdf.getUrl() };
}
