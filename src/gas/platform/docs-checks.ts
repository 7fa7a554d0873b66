/**
 * The Docs checks: what a new document holds, what Paragraph.setText does to formatting (and that the box's ways
 * of setting text keep it), and a poster-like page exported to PDF, whose QR image's printed width is read from the
 * PDF's own image placement.
 */
import { cmText, runCheck, type CheckResult } from '../../core/platform/checks';
import { largestSquareImage, pdfImagePlacements, pointsToCm } from '../../core/platform/pdf-images';
import { fromSignedBytes } from '../../core/posters/png';
import {
  POSTER_QR_INTENDED_CM,
  POSTER_QR_TOLERANCE_CM,
  POSTER_QR_WIDTH_PX,
  posterContent,
  type PosterContent,
} from '../../core/posters/poster';
import {
  TEMPLATE_FILLER,
  appendPosterPage,
  partIndexes,
  posterParts,
  qrBlob,
  replaceParagraphText,
  setPartText,
  setupPage,
  styleAttributes,
  type PartStyle,
} from '../posters/poster-docs';
import { inflateRaw } from '../../core/platform/inflate';
import type { Scratch } from './scratch';

type Paragraph = GoogleAppsScript.Document.Paragraph;

const SAMPLE_URL = 'https://script.google.com/macros/s/KIEM-TRA-NEN-TANG/exec?loc=KDC01';

/** A poster's content for a sample location (built when a check runs, not at every load of the bundle). */
function sampleContent(): PosterContent {
  return posterContent({
    wardName: 'Phường Hòa Bình',
    committeeName: 'Ủy ban Mặt trận Tổ quốc Việt Nam phường Hòa Bình',
    locationName: 'Nhà văn hóa khu dân cư số 1',
    url: SAMPLE_URL,
    retentionMonths: 24,
  });
}

/** The location line's style: bold, 18 pt. */
function locationStyle(): PartStyle {
  const sample = sampleContent();
  return posterParts(sample)[partIndexes(sample).location].style;
}

function styled(p: Paragraph, style: PartStyle): { bold: boolean | null; size: number | null; ok: boolean } {
  const text = p.editAsText();
  const bold = text.isBold(0);
  const size = text.getFontSize(0);
  return { bold, size, ok: bold === Boolean(style.bold) && size === style.size };
}

function describe(s: { bold: boolean | null; size: number | null }): string {
  return `${s.bold ? 'đậm' : 'không đậm'}, cỡ ${s.size ?? '?'}`;
}

function setTextFormat(body: GoogleAppsScript.Document.Body): { ok: boolean | null; detail: string } {
  const style = locationStyle();
  const want = `đậm, cỡ ${style.size}`;
  const plain = body.appendParagraph('Địa điểm: trước setText');
  plain.setAttributes(styleAttributes(style));
  plain.setText('Địa điểm: sau setText');
  const kept = styled(plain, style);
  // The box's two ways: style set again after setText (poster pages), replaceText on a template line (poster copies).
  const again = body.appendParagraph('Địa điểm: trước');
  setPartText(again, 'Địa điểm: đặt lại định dạng', style);
  const reapplied = styled(again, style);
  const template = body.appendParagraph(TEMPLATE_FILLER);
  template.setAttributes(styleAttributes(style));
  const filled = 'Địa điểm: Nhà văn hóa khu dân cư số 1';
  replaceParagraphText(template, filled, style);
  const replaced = styled(template, style);
  const replacedText = template.getText() === filled;
  const ok = reapplied.ok && replaced.ok && replacedText;
  return {
    ok,
    detail:
      `setText ${kept.ok ? 'giữ' : 'làm mất'} định dạng (${describe(kept)}; cần ${want}); ` +
      `đặt lại định dạng sau setText: ${reapplied.ok ? 'đúng' : `sai (${describe(reapplied)})`}; ` +
      `replaceText trên dòng mẫu: ${replaced.ok && replacedText ? 'giữ định dạng' : `sai (${describe(replaced)}, chữ "${template.getText()}")`}.`,
  };
}

export const DOCS_CHECK_IDS = [
  'docs.new-doc-empty-paragraph',
  'docs.settext-keeps-format',
  'docs.qr-printed-width',
  'drive.pdf-export-name',
] as const;

/** The Docs checks and the PDF name (the same export). */
export function docsChecks(scratch: Scratch): CheckResult[] {
  const doc = DocumentApp.create(scratch.name('tài liệu'));
  scratch.keep(doc.getId());
  const body = doc.getBody();
  const results: CheckResult[] = [
    runCheck('docs.new-doc-empty-paragraph', () => {
      const children = body.getNumChildren();
      const paras = body.getParagraphs();
      const first = paras.length ? paras[0].getText() : null;
      const ok = children === 1 && paras.length === 1 && first === '';
      return {
        ok,
        detail: ok
          ? 'Tài liệu mới có đúng 1 đoạn trống.'
          : `Tài liệu mới có ${children} phần tử, ${paras.length} đoạn; đoạn đầu: ${JSON.stringify(first)}.`,
      };
    }),
    runCheck('docs.settext-keeps-format', () => setTextFormat(body)),
  ];
  doc.saveAndClose();
  results.push(...qrPdfChecks(scratch));
  return results;
}

/** A poster page as the box makes it, exported to PDF: the QR's printed width, and the PDF's name. */
function qrPdfChecks(scratch: Scratch): CheckResult[] {
  // A dot in the name: the export treats what follows the last one as an extension.
  const stem = scratch.name('poster');
  const poster = DocumentApp.create(`${stem}.thu`);
  const id = poster.getId();
  scratch.keep(id);
  const body = poster.getBody();
  setupPage(body);
  appendPosterPage(body, sampleContent(), qrBlob(SAMPLE_URL, 'QR kiểm tra.png'), body.getParagraphs()[0] ?? null);
  poster.saveAndClose();
  const pdf = DriveApp.getFileById(id).getAs('application/pdf');
  const name = runCheck('drive.pdf-export-name', () => {
    const got = pdf.getName();
    const expected = `${stem}.pdf`;
    return got === expected
      ? { ok: true, detail: `Tài liệu "${stem}.thu" xuất ra "${got}".` }
      : { ok: false, detail: `Tài liệu "${stem}.thu" xuất ra "${got}"; bản mô phỏng đoán "${expected}".` };
  });
  const width = runCheck('docs.qr-printed-width', () => {
    const placements = pdfImagePlacements(fromSignedBytes(pdf.getBytes()), inflateRaw);
    const qr = largestSquareImage(placements);
    if (!qr) return { ok: null, detail: `Không thấy ảnh QR trong PDF (${placements.length} ảnh).` };
    const cm = pointsToCm(qr.widthPt);
    const ok = Math.abs(cm - POSTER_QR_INTENDED_CM) <= POSTER_QR_TOLERANCE_CM;
    const advice = ok
      ? ''
      : ` Muốn in ${cmText(POSTER_QR_INTENDED_CM, 0)} thì đặt khoảng ${Math.round((POSTER_QR_WIDTH_PX * POSTER_QR_INTENDED_CM) / cm)} px.`;
    return {
      ok,
      detail:
        `In rộng ${cmText(cm)} × ${cmText(pointsToCm(qr.heightPt))} (${qr.widthPt.toFixed(1).replace('.', ',')} pt; ảnh ${qr.pixelWidth} px, ` +
        `đặt ${POSTER_QR_WIDTH_PX} px trong Docs); cần ${cmText(POSTER_QR_INTENDED_CM, 0)} ± ${cmText(POSTER_QR_TOLERANCE_CM)}.${advice}`,
    };
  });
  return [width, name];
}
