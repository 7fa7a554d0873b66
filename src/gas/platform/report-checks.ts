/**
 * The synthesis report's checks: a report's head, a table and a justified paragraph rendered on a scratch Doc as the
 * box renders them, then read back (page size and margins, borderless head, cell lines, table font, bold header
 * row, alignment); and one chart drawn by the Charts service, whose image must be a valid PNG of the size asked.
 */
import { runCheck, type CheckResult } from '../../core/platform/checks';
import { errorMessage } from '../../core/common/ports';
import { readPng } from '../../core/platform/png-info';
import { unzlib } from '../../core/platform/inflate';
import { fromSignedBytes } from '../../core/posters/png';
import { A4_PAGE, reportBlocks, type DocBlock } from '../../core/reports/report-layout';
import { buildReport } from '../../core/reports/report';
import { CHART_WIDTH, type ChartSpec } from '../../core/reports/report-figures';
import { CHART_SCALE, chartImage } from '../report-charts';
import { renderBlocks } from '../report-doc';
import type { Scratch } from './scratch';

export const REPORT_CHECK_IDS = ['docs.report-layout', 'charts.png-image'] as const;

const near = (a: number | null, b: number) => a !== null && Math.abs(a - b) < 0.6;

/** A report's first blocks (head, title, recipients) with one table and one body paragraph, from an empty period. */
function sampleBlocks(): DocBlock[] {
  const period = { from: new Date(Date.UTC(2025, 2, 1) - 7 * 3600_000), to: new Date(Date.UTC(2025, 3, 1) - 7 * 3600_000) };
  const model = buildReport([], period, new Date(Date.UTC(2025, 3, 3)), { categories: [] });
  const blocks = reportBlocks(model, {
    wardName: 'Phường Hòa Bình',
    committeeName: 'Ủy ban MTTQ Việt Nam phường Hòa Bình',
    generatedText: '',
  });
  return [
    blocks[0],
    {
      kind: 'table',
      rows: [
        ['STT', 'Lĩnh vực'],
        ['1', 'Vệ sinh môi trường'],
      ],
    },
    { kind: 'paragraph', text: 'Đoạn văn căn đều hai bên.', align: 'justify', firstLine: 28.35 },
  ];
}

function layoutCheck(scratch: Scratch): { ok: boolean | null; detail: string } {
  const doc = DocumentApp.create(scratch.name('báo cáo'));
  scratch.keep(doc.getId());
  const body = doc.getBody();
  const blocks = sampleBlocks();
  renderBlocks(body, blocks, A4_PAGE);
  const page = [
    body.getPageWidth(),
    body.getPageHeight(),
    body.getMarginTop(),
    body.getMarginBottom(),
    body.getMarginLeft(),
    body.getMarginRight(),
  ];
  const want = [A4_PAGE.width, A4_PAGE.height, A4_PAGE.top, A4_PAGE.bottom, A4_PAGE.left, A4_PAGE.right];
  const pageOk = page.every((v, i) => near(v, want[i]));
  const tables = body.getTables();
  const head = tables[0];
  const headLines = blocks[0].kind === 'columns' ? blocks[0].rows[0][0].length : 0;
  const borderless = head ? head.getBorderWidth() === 0 : false;
  const cellLines = head ? head.getCell(0, 0).getNumChildren() : 0;
  const ruled = tables[1];
  const font = ruled ? ruled.getCell(1, 1).editAsText().getFontFamily() : null;
  const bold = ruled ? ruled.getCell(0, 1).editAsText().isBold() : null;
  const paras = body.getParagraphs();
  const last = paras[paras.length - 1];
  const justified = last ? String(last.getAlignment()) === String(DocumentApp.HorizontalAlignment.JUSTIFY) : false;
  doc.saveAndClose();
  const ok = pageOk && borderless && cellLines === headLines && font === A4_PAGE.font && bold === true && justified;
  const pt = (v: number | null) => (v === null ? '?' : v.toFixed(1).replace('.', ','));
  return {
    ok,
    detail:
      `Trang ${pt(page[0])} × ${pt(page[1])} pt, lề trên/dưới/trái/phải ${page.slice(2).map(pt).join('/')} pt ` +
      `(cần A4 ${pt(want[0])} × ${pt(want[1])}, lề ${want.slice(2).map(pt).join('/')}); ` +
      `đầu báo cáo ${borderless ? 'không viền' : 'có viền'}, ô trái ${cellLines}/${headLines} dòng; ` +
      `chữ trong bảng: ${font ?? 'không rõ'}, hàng tiêu đề ${bold ? 'đậm' : 'không đậm'}; đoạn thân bài ${justified ? 'căn đều' : 'không căn đều'}.`,
  };
}

function chartCheck(): { ok: boolean | null; detail: string } {
  const spec: ChartSpec = {
    id: 'category',
    type: 'bar',
    title: 'Số ý kiến theo lĩnh vực',
    labelHeader: 'Lĩnh vực',
    valueHeader: 'Số ý kiến',
    labels: ['Vệ sinh môi trường', 'An ninh trật tự', 'Hạ tầng – điện chiếu sáng'],
    values: [12, 7, 3],
    width: CHART_WIDTH,
    height: 136,
  };
  const blob = chartImage(spec, A4_PAGE.font);
  const type = blob.getContentType();
  const bytes = fromSignedBytes(blob.getBytes());
  const w = spec.width * CHART_SCALE;
  const h = spec.height * CHART_SCALE;
  let info;
  try {
    info = readPng(bytes, unzlib);
  } catch (e) {
    return { ok: false, detail: `Ảnh ${type}, ${bytes.length} byte, không phải PNG hợp lệ: ${errorMessage(e)}.` };
  }
  const ok = type === 'image/png' && info.width === w && info.height === h;
  return {
    ok,
    detail: `Ảnh ${type}, PNG hợp lệ ${info.width} × ${info.height} px (cần ${w} × ${h}), màu loại ${info.colorType}, ${info.bitDepth} bit, ${bytes.length} byte.`,
  };
}

export function reportChecks(scratch: Scratch): CheckResult[] {
  return [runCheck('docs.report-layout', () => layoutCheck(scratch)), runCheck('charts.png-image', chartCheck)];
}
