/**
 * The Sheets checks, on one scratch spreadsheet: the overdue rule's formula, a row appended past the grid, TextFinder
 * and a basic filter, reading a whole column with rows hidden (how the box finds rows), the leading apostrophe the box
 * writes before every text, a chart over a range, and ranges shrinking with deleted rows.
 */
import { runCheck, type CheckResult } from '../../core/platform/checks';
import { errorMessage } from '../../core/common/ports';
import { COL, HEADERS, columnLetter } from '../../core/records/feedback-record';
import { literalCell } from '../../core/records/sheet-literal';
import { overdueFormula } from '../../core/staff/overdue-formula';
import { FEEDBACK_STATUSES } from '../../shared/types';
import type { Scratch } from './scratch';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

const OVERDUE_BACKGROUND = '#fde0dc';

/** The overdue rule's formula for the Góp ý columns. */
export function boxOverdueFormula(): string {
  return overdueFormula({ dueAt: columnLetter(COL.dueAt), status: columnLetter(COL.status) });
}

/** The overdue rule over every data row of the grid, as setup lays it. */
function setOverdueRule(sheet: Sheet, formula: string): void {
  const rule = SpreadsheetApp.newConditionalFormatRule()
    .whenFormulaSatisfied(formula)
    .setBackground(OVERDUE_BACKGROUND)
    .setRanges([sheet.getRange(2, 1, sheet.getMaxRows() - 1, HEADERS.length)])
    .build();
  sheet.setConditionalFormatRules([rule]);
}

function formulaOf(rule: GoogleAppsScript.Spreadsheet.ConditionalFormatRule): unknown {
  const condition = rule.getBooleanCondition();
  return condition ? condition.getCriteriaValues()[0] : undefined;
}

function formulaRule(sheet: Sheet): { ok: boolean | null; detail: string } {
  const formula = boxOverdueFormula();
  sheet.getRange(1, 1, 1, HEADERS.length).setValues([HEADERS]);
  try {
    setOverdueRule(sheet, formula);
  } catch (e) {
    return { ok: false, detail: `Quy tắc bị từ chối: ${errorMessage(e)} (công thức: ${formula})` };
  }
  const back = sheet.getConditionalFormatRules().map(formulaOf);
  if (back.includes(formula)) return { ok: true, detail: `Đọc lại đúng nguyên văn: ${formula}` };
  return { ok: false, detail: `Đọc lại khác: ${back.map((f) => String(f)).join(' | ') || '(không có quy tắc)'} — đã ghi: ${formula}` };
}

function appendedRow(sheet: Sheet, token: string): { ok: boolean | null; detail: string } {
  const formula = boxOverdueFormula();
  const gridRows = sheet.getMaxRows();
  sheet.getRange(1, 1, 1, HEADERS.length).setValues([HEADERS]);
  sheet.getRange(2, COL.status, gridRows - 1, 1).setDataValidation(
    SpreadsheetApp.newDataValidation()
      .requireValueInList([...FEEDBACK_STATUSES], true)
      .setAllowInvalid(true)
      .build(),
  );
  setOverdueRule(sheet, formula);
  // The grid's last row gets content, so the next appendRow has to grow the grid.
  sheet.getRange(gridRows, 1).setValue(literalCell(`${token}-cuoi-luoi`));
  const row: string[] = HEADERS.map(() => '');
  row[COL.trackingCode - 1] = literalCell(`${token}-moi`);
  row[COL.status - 1] = literalCell(FEEDBACK_STATUSES[0]);
  sheet.appendRow(row);
  const newRow = sheet.getLastRow();
  const grid = sheet.getMaxRows();
  if (newRow !== gridRows + 1 || grid < newRow) {
    return {
      ok: null,
      detail: `Dòng thêm vào là dòng ${newRow}, lưới ${grid} dòng (trước đó ${gridRows}): không thử được dòng vượt lưới.`,
    };
  }
  const validation = sheet.getRange(newRow, COL.status).getDataValidation();
  const ranges = sheet
    .getConditionalFormatRules()
    .filter((r) => formulaOf(r) === formula)
    .flatMap((r) => r.getRanges());
  const covered = ranges.some(
    (r) => r.getRow() <= newRow && r.getLastRow() >= newRow && r.getColumn() <= COL.status && r.getLastColumn() >= COL.status,
  );
  const ok = validation !== null && covered;
  return {
    ok,
    detail:
      `Dòng ${newRow} (lưới trước đó ${gridRows} dòng): danh sách chọn ${validation ? 'vẫn có' : 'KHÔNG có'}; ` +
      `quy tắc tô màu ${covered ? 'phủ cả dòng mới' : `KHÔNG phủ dòng mới (vùng: ${ranges.map((r) => r.getA1Notation()).join(', ') || 'không còn'})`}.` +
      (ok ? '' : ' Cần đặt lại danh sách chọn và quy tắc cho cả lưới khi trang lớn thêm.'),
  };
}

function textFinderHiddenRow(sheet: Sheet, token: string): { ok: boolean | null; detail: string } {
  const codes = [`${token}-1`, `${token}-2`, `${token}-3`];
  const range = sheet.getRange(1, 1, 4, 2);
  range.setValues([
    ['Mã', 'Lọc'],
    [codes[0], 'hiện'],
    [codes[1], 'ẩn'],
    [codes[2], 'hiện'],
  ]);
  range.createFilter().setColumnFilterCriteria(2, SpreadsheetApp.newFilterCriteria().setHiddenValues(['ẩn']).build());
  if (!sheet.isRowHiddenByFilter(3)) return { ok: null, detail: 'Bộ lọc không ẩn được dòng thử: không kết luận được.' };
  // The same search the box uses to find a row by its code.
  const hit = sheet.getRange('A:A').createTextFinder(codes[1]).matchEntireCell(true).findNext();
  const found = hit !== null && hit.getRow() === 3;
  return {
    ok: true,
    detail: found
      ? 'Có: TextFinder tìm thấy dòng bị bộ lọc ẩn (như bản mô phỏng).'
      : 'Không: TextFinder bỏ qua dòng bị bộ lọc ẩn (khác bản mô phỏng); việc tìm dòng theo mã không được dựa vào TextFinder khi trang có bộ lọc đang ẩn dòng.',
  };
}

/**
 * How the box finds a row: one getValues of a whole column (an open-ended range such as "A:A"), which must hold every
 * row — rows hidden by hand and rows a basic filter hides too — at its own row number.
 */
function columnReadHiddenRows(sheet: Sheet, token: string): { ok: boolean | null; detail: string } {
  const codes = [`${token}-a`, `${token}-b`, `${token}-c`, `${token}-d`];
  sheet.getRange(1, 1, 5, 2).setValues([
    ['Mã', 'Lọc'],
    [codes[0], 'hiện'],
    [codes[1], 'ẩn'],
    [codes[2], 'hiện'],
    [codes[3], 'hiện'],
  ]);
  sheet
    .getRange(1, 1, 5, 2)
    .createFilter()
    .setColumnFilterCriteria(2, SpreadsheetApp.newFilterCriteria().setHiddenValues(['ẩn']).build());
  sheet.hideRows(4);
  if (!sheet.isRowHiddenByFilter(3) || !sheet.isRowHiddenByUser(4)) {
    return { ok: null, detail: 'Không ẩn được dòng thử (bằng bộ lọc và bằng tay): không kết luận được.' };
  }
  // Both forms the box uses: one column ("A:A"), and every row from row 1 ("A1:B", the whole table).
  const column = sheet
    .getRange('A:A')
    .getValues()
    .map((r) => String(r[0]));
  const table = sheet
    .getRange('A1:B')
    .getValues()
    .map((r) => String(r[0]));
  const wrong = codes.filter((c, i) => column[i + 1] !== c || table[i + 1] !== c);
  return wrong.length === 0
    ? {
        ok: true,
        detail: `Đọc cả cột A:A và cả bảng A1:B (${column.length} dòng) thấy đủ 4 mã ở đúng dòng, kể cả dòng bị bộ lọc ẩn và dòng ẩn bằng tay.`,
      }
    : {
        ok: false,
        detail: `Đọc cả cột A:A hoặc cả bảng A1:B thiếu hoặc lệch ${wrong.join(', ')}: việc tìm dòng theo mã phải đọc theo cách khác khi trang có dòng bị ẩn.`,
      };
}

/** Texts Sheets would otherwise read as a formula, a number without its 0, a date, and a text's own apostrophe. */
const LITERALS = ['=1+1', '0912345678', '1/2', "'nháy"];

function literalApostrophe(sheet: Sheet): { ok: boolean | null; detail: string } {
  const cells = LITERALS.map(literalCell);
  sheet.getRange(1, 1, 1, cells.length).setValues([cells]);
  sheet.appendRow(cells);
  const range = sheet.getRange(1, 1, 2, cells.length);
  const values = range.getValues();
  const formulas = range.getFormulas();
  const wrong: string[] = [];
  values.forEach((row, r) =>
    row.forEach((v, c) => {
      if (v !== LITERALS[c] || formulas[r][c] !== '') {
        wrong.push(
          `${r === 0 ? 'setValues' : 'appendRow'} "${LITERALS[c]}" → ${JSON.stringify(v)}${formulas[r][c] ? ` (công thức ${formulas[r][c]})` : ''}`,
        );
      }
    }),
  );
  return wrong.length
    ? { ok: false, detail: `Không giữ nguyên văn: ${wrong.join('; ')}.` }
    : { ok: true, detail: `Giữ nguyên văn ${LITERALS.map((t) => `"${t}"`).join(', ')} khi ghi bằng setValues và appendRow.` };
}

/**
 * The "Thống kê" sheet's charts: a chart inserted over a table is listed by getCharts() with that range, and
 * removeChart removes it (a refresh replaces the box's charts by removing and inserting them).
 */
function embeddedChart(sheet: Sheet): { ok: boolean | null; detail: string } {
  sheet.getRange(1, 1, 3, 2).setValues([
    ['Lĩnh vực', 'Số ý kiến'],
    ["'Vệ sinh môi trường", 3],
    ["'Trật tự đô thị", 1],
  ]);
  const chart = sheet
    .newChart()
    .setChartType(Charts.ChartType.BAR)
    .addRange(sheet.getRange(1, 1, 3, 2))
    .setNumHeaders(1)
    .setPosition(5, 1, 0, 0)
    .setOption('title', 'Kiểm tra')
    .build();
  sheet.insertChart(chart);
  const listed = sheet.getCharts();
  const ranges = listed.length === 1 ? listed[0].getRanges().map((r) => r.getA1Notation()) : [];
  for (const c of listed) sheet.removeChart(c);
  const left = sheet.getCharts().length;
  const ok = listed.length === 1 && ranges.join(',') === 'A1:B3' && left === 0;
  return {
    ok,
    detail: `Sau insertChart: ${listed.length} biểu đồ, vùng ${ranges.join(', ') || '(không có)'}; sau removeChart còn ${left}.`,
  };
}

/**
 * Rows deleted inside a conditional-format rule's range and a protected range: both shrink with them, as the nightly
 * upkeep of Góp ý expects when staff delete rows (it reads the grid again rather than trusting old ranges).
 */
function deletedRowsShrinkRanges(sheet: Sheet): { ok: boolean | null; detail: string } {
  const rule = SpreadsheetApp.newConditionalFormatRule()
    .whenFormulaSatisfied('=$A2<>""')
    .setBackground(OVERDUE_BACKGROUND)
    .setRanges([sheet.getRange('A2:C10')])
    .build();
  sheet.setConditionalFormatRules([rule]);
  sheet.getRange('A2:C10').protect().setWarningOnly(true);
  sheet.deleteRows(3, 2);
  const ruleRanges = sheet
    .getConditionalFormatRules()
    .flatMap((r) => r.getRanges())
    .map((r) => r.getA1Notation());
  const protectedRanges = sheet.getProtections(SpreadsheetApp.ProtectionType.RANGE).map((p) => p.getRange().getA1Notation());
  const ok = ruleRanges.join(',') === 'A2:C8' && protectedRanges.join(',') === 'A2:C8';
  return {
    ok,
    detail: `Sau khi xóa dòng 3–4 trong vùng A2:C10: quy tắc tô màu ${ruleRanges.join(', ') || '(không có)'}, vùng bảo vệ ${protectedRanges.join(', ') || '(không có)'} (mong đợi A2:C8).`,
  };
}

/**
 * A range named before staff deleted rows can reach past the grid: writing or protecting it is refused (the row
 * changes then read the sheet again; the nightly upkeep redoes the protection the next night), never written past the
 * sheet's end.
 */
function staleRangePastGrid(sheet: Sheet): { ok: boolean | null; detail: string } {
  const rows = sheet.getMaxRows();
  const whole = sheet.getRange(1, 1, rows, 1);
  sheet.deleteRows(rows - 1, 2);
  const refusal = (act: () => unknown): string => {
    try {
      act();
      return '';
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  };
  const write = refusal(() => whole.setValues(Array.from({ length: rows }, () => ['x'])));
  const protect = refusal(() => whole.protect());
  const ok = write !== '' && protect !== '';
  const said = (m: string) => (m ? `bị từ chối ("${m.slice(0, 100)}")` : 'được chấp nhận');
  return {
    ok,
    detail: `Vùng A1:A${rows} đặt trước khi xóa 2 dòng cuối: ghi ${said(write)}, bảo vệ ${said(protect)}; còn ${sheet.getMaxRows()} dòng.`,
  };
}

export const SHEET_CHECK_IDS = [
  'sheets.formula-rule',
  'sheets.appended-row-keeps-rules',
  'sheets.textfinder-hidden-rows',
  'sheets.column-read-hidden-rows',
  'sheets.literal-apostrophe',
  'sheets.embedded-chart',
  'sheets.deleted-rows-shrink-ranges',
  'sheets.stale-range-past-grid',
] as const;

/** The Sheets checks; returns their results and the scratch spreadsheet's id. */
export function sheetChecks(scratch: Scratch): { results: CheckResult[]; spreadsheetId: string } {
  const ss = SpreadsheetApp.create(scratch.name('bảng tính'));
  const spreadsheetId = ss.getId();
  scratch.keep(spreadsheetId);
  const first = ss.getSheets()[0];
  return {
    spreadsheetId,
    results: [
      runCheck('sheets.formula-rule', () => formulaRule(first)),
      runCheck('sheets.appended-row-keeps-rules', () => appendedRow(ss.insertSheet('Dòng thêm'), scratch.token)),
      runCheck('sheets.textfinder-hidden-rows', () => textFinderHiddenRow(ss.insertSheet('Bộ lọc'), scratch.token)),
      runCheck('sheets.column-read-hidden-rows', () => columnReadHiddenRows(ss.insertSheet('Dòng ẩn'), scratch.token)),
      runCheck('sheets.literal-apostrophe', () => literalApostrophe(ss.insertSheet('Văn bản'))),
      runCheck('sheets.embedded-chart', () => embeddedChart(ss.insertSheet('Biểu đồ'))),
      runCheck('sheets.deleted-rows-shrink-ranges', () => deletedRowsShrinkRanges(ss.insertSheet('Xóa dòng'))),
      runCheck('sheets.stale-range-past-grid', () => staleRangePastGrid(ss.insertSheet('Vùng cũ'))),
    ],
  };
}
