/**
 * Renders the staff documents (core/report-layout blocks) with DocumentApp: one Google Doc in the box's reports
 * folder (script property REPORTS_FOLDER_ID, made by setup) and its PDF next to it, on the page of Decree
 * 30/2020/NĐ-CP (core A4_PAGE: A4, its margins, Times New Roman). Charts are drawn by ./report-charts.ts.
 */
import { errorMessage } from '../core/common/ports';
import { A4_PAGE, type DocBlock, type DocLine, type DocPage } from '../core/reports/report-layout';
import { chartImage } from './report-charts';
import { PROP_REPORTS_FOLDER_ID } from './folders';

export interface RenderedDoc {
  docId: string;
  docUrl: string;
  pdfId: string;
  pdfUrl: string;
  /** Chart images placed in the document. */
  charts: number;
}

type Body = GoogleAppsScript.Document.Body;
type Paragraph = GoogleAppsScript.Document.Paragraph;

/** Page size and margins first: everything after is laid out on them. */
export function setupReportPage(body: Body, page: DocPage): void {
  body
    .setPageWidth(page.width)
    .setPageHeight(page.height)
    .setMarginTop(page.top)
    .setMarginBottom(page.bottom)
    .setMarginLeft(page.left)
    .setMarginRight(page.right);
}

function alignment(a: DocLine['align']): GoogleAppsScript.Document.HorizontalAlignment {
  const H = DocumentApp.HorizontalAlignment;
  return a === 'center' ? H.CENTER : a === 'right' ? H.RIGHT : a === 'justify' ? H.JUSTIFY : H.LEFT;
}

/** Alignment and character format of a paragraph: two calls (one when left-aligned). */
function format(para: Paragraph, line: DocLine & { firstLine?: number; indent?: number }, page: DocPage): void {
  const A = DocumentApp.Attribute;
  if (line.align && line.align !== 'left') para.setAlignment(alignment(line.align));
  const attrs: Record<string, unknown> = { [A.FONT_FAMILY]: page.font, [A.FONT_SIZE]: line.size ?? page.size };
  if (line.bold) attrs[A.BOLD] = true;
  if (line.italic) attrs[A.ITALIC] = true;
  if (line.firstLine) attrs[A.INDENT_FIRST_LINE] = line.firstLine;
  if (line.indent) attrs[A.INDENT_START] = line.indent;
  para.setAttributes(attrs);
}

/**
 * A ruled table: one call for all its cells whatever its length (the issues and overdue lists can hold thousands of
 * rows), its column widths, then its font and a bold header row.
 */
function renderTable(body: Body, rows: string[][], widths: readonly number[] | undefined, page: DocPage): void {
  const table = body.appendTable(rows);
  widths?.forEach((w, i) => table.setColumnWidth(i, w));
  table.editAsText().setFontFamily(page.font).setFontSize(page.tableSize);
  if (rows.length > 0) table.getRow(0).editAsText().setBold(true);
}

/** A borderless table for layout: each cell's lines as its own paragraphs (a new cell holds one empty paragraph). */
function renderColumns(body: Body, b: Extract<DocBlock, { kind: 'columns' }>, page: DocPage): void {
  const table = body.appendTable(b.rows.map((r) => r.map((cell) => cell[0]?.text ?? '')));
  table.setBorderWidth(0);
  b.widths.forEach((w, i) => table.setColumnWidth(i, w));
  b.rows.forEach((r, ri) =>
    r.forEach((lines, ci) => {
      if (lines.length === 0) return;
      const cell = table.getCell(ri, ci);
      lines.forEach((line, li) => format(li === 0 ? cell.getChild(0).asParagraph() : cell.appendParagraph(line.text), line, page));
    }),
  );
}

/** Renders one block; returns how many chart images it placed. */
function renderBlock(body: Body, b: DocBlock, page: DocPage): number {
  const A = DocumentApp.Attribute;
  switch (b.kind) {
    case 'pagebreak':
      body.appendPageBreak();
      return 0;
    case 'table':
      renderTable(body, b.rows, b.widths, page);
      return 0;
    case 'columns':
      renderColumns(body, b, page);
      return 0;
    case 'chart': {
      const para = body.appendParagraph('');
      para.setAlignment(DocumentApp.HorizontalAlignment.CENTER);
      para.appendInlineImage(chartImage(b.chart, page.font)).setWidth(b.chart.width).setHeight(b.chart.height);
      return 1;
    }
    case 'heading':
      // Headings in the body's font and size, black: Docs' heading styles would bring their own.
      body
        .appendParagraph(b.text)
        .setHeading(b.level === 1 ? DocumentApp.ParagraphHeading.HEADING2 : DocumentApp.ParagraphHeading.HEADING3)
        .setAttributes({ [A.FONT_FAMILY]: page.font, [A.FONT_SIZE]: page.size, [A.BOLD]: true, [A.FOREGROUND_COLOR]: '#000000' });
      return 0;
    default:
      format(body.appendParagraph(b.text), b, page);
      return 0;
  }
}

/** Lays the page out and renders every block; returns how many chart images were placed. */
export function renderBlocks(body: Body, blocks: readonly DocBlock[], page: DocPage = A4_PAGE): number {
  setupReportPage(body, page);
  let charts = 0;
  for (const b of blocks) charts += renderBlock(body, b, page);
  return charts;
}

/**
 * The box's reports folder (script property REPORTS_FOLDER_ID). Throws, saying which case it is: setup has not made
 * it, it is in the trash, or Drive would not open it (its error kept: a passing service error is not a deleted folder).
 */
export function reportsFolder(): GoogleAppsScript.Drive.Folder {
  const id = PropertiesService.getScriptProperties().getProperty(PROP_REPORTS_FOLDER_ID);
  const repair = 'quản trị viên hãy chạy lại "Cài đặt / sửa chữa hòm thư".';
  if (!id) throw new Error(`Chưa có thư mục "Báo cáo": ${repair}`);
  let folder: GoogleAppsScript.Drive.Folder | null = null;
  let driveError = '';
  try {
    folder = DriveApp.getFolderById(id);
  } catch (e) {
    driveError = errorMessage(e);
  }
  if (!folder) {
    throw new Error(
      `Không mở được thư mục "Báo cáo" (${driveError}). Nếu Google đang lỗi, lần chạy sau sẽ thử lại; nếu thư mục đã bị xóa hẳn, ${repair}`,
    );
  }
  if (folder.isTrashed()) throw new Error(`Thư mục "Báo cáo" đang ở thùng rác: ${repair}`);
  return folder;
}

/** Creates the document, moves it into the reports folder and saves its PDF there. */
export function renderToReports(name: string, blocks: DocBlock[], page: DocPage = A4_PAGE): RenderedDoc {
  const folder = reportsFolder();
  const doc = DocumentApp.create(name);
  const docId = doc.getId();
  const docUrl = doc.getUrl();
  const body = doc.getBody();
  const charts = renderBlocks(body, blocks, page);
  // The PDF must see every change: flush before converting.
  doc.saveAndClose();
  const file = DriveApp.getFileById(docId);
  file.moveTo(folder);
  const pdf = folder.createFile(file.getAs('application/pdf').setName(`${name}.pdf`));
  return { docId, docUrl, pdfId: pdf.getId(), pdfUrl: pdf.getUrl(), charts };
}
