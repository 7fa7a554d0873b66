/**
 * Spreadsheets ↔ xlsx: every sheet as a worksheet (values, formulas, dates, text kept as text), read back so edits
 * made in LibreOffice or Excel are picked up.
 *
 * Dates: Sheets shows times in the script's time zone (Asia/Ho_Chi_Minh, UTC+7, no DST) while xlsx has no time
 * zone, so dates are written as Vietnam wall-clock time and read back the same way.
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { GoogleWorld } from '../fakes/world';
import { ValidationRule } from '../fakes/sheet-rules';
import { colLetters, type CellData, type CellValue } from '../fakes/sheet-cells';
import { type FakeSheet, type FakeSpreadsheet } from '../fakes/spreadsheet';
import { VN_OFFSET_MS, DEFAULT_DATE_FMT, type SheetMeta, LocalStateError, isDate, xlsxSheetName } from './local-files';

// ---------------------------------------------------------------------------------------------------------------
// Spreadsheet ↔ xlsx

/** The workbook for one fake spreadsheet, and the metadata that xlsx cannot carry. */
export function spreadsheetToWorkbook(ss: FakeSpreadsheet): {
  workbook: ExcelJS.Workbook;
  sheets: SheetMeta[];
  numFmts: Record<string, string>;
} {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Hòm thư số góp ý – local preview';
  wb.title = ss.name;
  const taken = new Set<string>();
  const numFmts: Record<string, string> = {};
  const metas: SheetMeta[] = [];
  const excelFmt = (fmt: string | undefined, date: boolean): string | undefined => {
    if (fmt) {
      numFmts[fmt] = fmt;
      return fmt;
    }
    if (date) {
      if (!(DEFAULT_DATE_FMT in numFmts)) numFmts[DEFAULT_DATE_FMT] = '';
      return DEFAULT_DATE_FMT;
    }
    return undefined;
  };
  for (const sheet of ss.sheetList) {
    const xlsxName = xlsxSheetName(sheet.name, taken);
    const ws = wb.addWorksheet(xlsxName, {
      views: sheet.frozenRows > 0 ? [{ state: 'frozen', ySplit: sheet.frozenRows }] : [],
    });
    for (const [col, px] of sheet.columnWidths) ws.getColumn(col).width = Math.max(4, Math.round(px / 7));
    for (const [c0, fmt] of sheet.columnFormats) ws.getColumn(c0 + 1).numFmt = fmt;
    sheet.rows.forEach((row, r) => {
      if (!row) return;
      row.forEach((d, c) => {
        if (!d || (d.v === '' && !d.f)) return;
        const cell = ws.getCell(r + 1, c + 1);
        if (d.f) {
          const formula = d.f.replace(/^=/, '');
          // The fakes do not compute formulas ('#ERROR!'): leave no cached result, the spreadsheet program computes it.
          if (d.v === '#ERROR!' || d.v === '') cell.value = { formula } as ExcelJS.CellFormulaValue;
          else cell.value = { formula, result: isDate(d.v) ? new Date(d.v.getTime() + VN_OFFSET_MS) : d.v } as ExcelJS.CellFormulaValue;
        } else if (isDate(d.v)) {
          cell.value = new Date(d.v.getTime() + VN_OFFSET_MS);
        } else {
          cell.value = d.v;
        }
        const fmt = excelFmt(d.fmt, isDate(d.v));
        if (fmt) cell.numFmt = fmt;
      });
    });
    if (sheet.frozenRows > 0) {
      for (let r = 1; r <= sheet.frozenRows; r++) ws.getRow(r).font = { bold: true };
    }
    const firstDataRow = sheet.frozenRows > 0 ? sheet.frozenRows + 1 : 1;
    for (const [col, rule] of sheet.validations) {
      if (rule.checkbox || rule.list.length === 0) continue;
      const list = rule.list.join(',');
      if (rule.list.some((v) => /[,"]/.test(v)) || list.length > 250) continue;
      const letter = colLetters(col);
      // Present at runtime, missing from exceljs's typings.
      (ws as unknown as { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(
        `${letter}${firstDataRow}:${letter}${sheet.maxRows}`,
        {
          type: 'list',
          allowBlank: true,
          formulae: [`"${list}"`],
          showErrorMessage: !rule.allowInvalid,
          showInputMessage: Boolean(rule.helpText),
          prompt: rule.helpText || undefined,
        },
      );
    }
    if (sheet.filterRange) ws.autoFilter = sheet.filterRange;
    metas.push(sheetMeta(sheet, xlsxName));
  }
  return { workbook: wb, sheets: metas, numFmts };
}

export function sheetMeta(sheet: FakeSheet, xlsxName: string): SheetMeta {
  return {
    name: sheet.name,
    xlsxName,
    sheetId: sheet.sheetId,
    maxRows: sheet.maxRows,
    maxColumns: sheet.maxColumns,
    frozenRows: sheet.frozenRows,
    columnWidths: [...sheet.columnWidths.entries()],
    columnFormats: [...sheet.columnFormats.entries()],
    validations: [...sheet.validations.entries()].map(([c, v]) => [
      c,
      { list: [...v.list], allowInvalid: v.allowInvalid, helpText: v.helpText, checkbox: v.checkbox },
    ]),
    conditionalRules: sheet.conditionalRules.map((r) => ({ ...r, ranges: [...r.ranges] })),
    protections: sheet.protections.map((p) => ({
      a1: p.a1,
      description: p.description,
      warningOnly: p.warningOnly,
      type: p.type,
      editors: [...p.editors],
      domainEdit: p.domainEdit,
    })),
    filterRange: sheet.filterRange,
  };
}

interface LoadedSheet {
  xlsxName: string;
  cells: { r: number; c: number; data: CellData }[];
}

function richTextOf(v: unknown): string {
  const parts = (v as { richText?: { text: string }[] }).richText;
  return Array.isArray(parts) ? parts.map((p) => p.text).join('') : String(v ?? '');
}

function fromExcelValue(v: unknown): CellValue {
  if (v === null || v === undefined) return '';
  if (isDate(v)) return new Date(v.getTime() - VN_OFFSET_MS);
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'object' && 'error' in (v as object)) return String((v as { error: unknown }).error);
  if (typeof v === 'object' && 'richText' in (v as object)) return richTextOf(v);
  return String(v);
}

/** Reads the worksheets of an xlsx buffer, in workbook order. Throws LocalStateError naming `file`. */
export async function readWorkbook(buf: Buffer, file: string, numFmts: Record<string, string> = {}): Promise<LoadedSheet[]> {
  const wb = new ExcelJS.Workbook();
  try {
    if (buf.length === 0) throw new Error('the file is empty');
    await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  } catch (e) {
    throw new LocalStateError(file, `not a readable .xlsx workbook (${e instanceof Error ? e.message : String(e)})`);
  }
  if (wb.worksheets.length === 0) throw new LocalStateError(file, 'the workbook has no worksheet');
  // Formats compared without case: LibreOffice may rewrite 'dd/MM/yyyy' as 'DD/MM/YYYY' when it saves.
  const fmtBack = new Map(Object.entries(numFmts).map(([k, v]) => [k.toLowerCase(), v]));
  const sheets: LoadedSheet[] = [];
  for (const ws of wb.worksheets) {
    const cells: LoadedSheet['cells'] = [];
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        const data = cellData(cell, fmtBack);
        if (data) cells.push({ r: r - 1, c: c - 1, data });
      });
    });
    sheets.push({ xlsxName: ws.name, cells });
  }
  return sheets;
}

function cellData(cell: ExcelJS.Cell, fmtBack: Map<string, string>): CellData | null {
  const raw = cell.numFmt;
  let fmt: string | undefined;
  if (raw && raw !== 'General') {
    const known = fmtBack.get(raw.toLowerCase());
    fmt = known === undefined ? raw : known || undefined;
  }
  const withFmt = (d: CellData): CellData => (fmt ? { ...d, fmt } : d);
  switch (cell.type) {
    case ExcelJS.ValueType.Null:
    case ExcelJS.ValueType.Merge:
      return null;
    case ExcelJS.ValueType.Formula: {
      const formula = cell.formula;
      if (!formula) return withFmt({ v: fromExcelValue(cell.result) });
      const result = cell.result;
      return withFmt({ v: result === undefined || result === null ? '#ERROR!' : fromExcelValue(result), f: `=${formula}` });
    }
    case ExcelJS.ValueType.Hyperlink: {
      const text = (cell.value as ExcelJS.CellHyperlinkValue).text;
      return withFmt({ v: typeof text === 'string' ? text : richTextOf(text) });
    }
    case ExcelJS.ValueType.RichText:
      return withFmt({ v: richTextOf(cell.value) });
    default: {
      const v = fromExcelValue(cell.value);
      return v === '' ? null : withFmt({ v });
    }
  }
}

/** Recreates a spreadsheet in `world` from its xlsx sheets and (when known) its saved metadata. */
export function restoreSpreadsheet(
  world: GoogleWorld,
  id: string,
  name: string,
  loaded: LoadedSheet[],
  metas: SheetMeta[],
  notes: string[],
): FakeSpreadsheet {
  const ss = world.sheets.create(name, id);
  const metaByXlsx = new Map(metas.map((m) => [m.xlsxName, m]));
  const plan = loaded.map((l) => ({ loaded: l, meta: metaByXlsx.get(l.xlsxName), sheet: undefined as FakeSheet | undefined }));
  // Sheet ids (the #gid in links) come from the fake's own counter: insert sheets until each saved id comes round
  // again, then drop the stand-ins. Only public methods are used, so the fake keeps counting from the right place.
  const wanted = new Map<number, (typeof plan)[number]>();
  for (const p of plan) if (p.meta) wanted.set(p.meta.sheetId, p);
  const standIns: FakeSheet[] = [];
  for (let tries = 0; wanted.size > 0 && tries < 500; tries++) {
    const s = ss.insertSheet(`__preview_restore_${tries}_${randomUUID()}`);
    const p = wanted.get(s.sheetId);
    if (p) {
      p.sheet = s;
      s.setName(p.meta!.name);
      wanted.delete(s.sheetId);
    } else {
      standIns.push(s);
    }
  }
  if (wanted.size > 0)
    notes.push(
      `Sheet ids of ${[...wanted.values()].map((p) => p.meta!.name).join(', ')} could not be kept; links in old emails may point elsewhere.`,
    );
  for (const p of plan) {
    if (!p.sheet) {
      const nm = p.meta?.name ?? p.loaded.xlsxName;
      p.sheet = ss.insertSheet(`__preview_restore_new_${randomUUID()}`);
      p.sheet.setName(nm);
      // Without any saved metadata (no state.json) every sheet is the xlsx's own: the caller says so once.
      if (!p.meta && metas.length > 0) notes.push(`Sheet "${nm}" is new in the xlsx (added outside the preview).`);
    }
  }
  for (const s of standIns) ss.deleteSheet(s);
  // Worksheet order as in the xlsx.
  ss.sheetList.splice(0, ss.sheetList.length, ...plan.map((p) => p.sheet!));
  for (const p of plan) {
    const sheet = p.sheet!;
    const m = p.meta;
    if (m) {
      sheet.maxRows = m.maxRows;
      sheet.maxColumns = m.maxColumns;
      sheet.frozenRows = m.frozenRows;
      for (const [c, w] of m.columnWidths) sheet.columnWidths.set(c, w);
      for (const [c, f] of m.columnFormats) sheet.columnFormats.set(c, f);
      for (const [c, v] of m.validations) sheet.validations.set(c, new ValidationRule([...v.list], v.allowInvalid, v.helpText, v.checkbox));
      sheet.conditionalRules = m.conditionalRules.map((r) => ({ ...r, ranges: [...r.ranges] }));
      for (const pr of m.protections) {
        const prot = sheet.addProtection(pr.a1, pr.type ?? 'RANGE');
        prot.description = pr.description;
        prot.warningOnly = pr.warningOnly;
        prot.domainEdit = Boolean(pr.domainEdit);
        if (pr.editors) {
          prot.editors.clear();
          for (const e of pr.editors) prot.editors.add(e);
        }
      }
      sheet.filterRange = m.filterRange;
    }
    for (const { r, c, data } of p.loaded.cells) {
      sheet.put(r, c, data);
      if (r + 1 > sheet.maxRows) sheet.maxRows = r + 1;
      if (c + 1 > sheet.maxColumns) sheet.maxColumns = c + 1;
    }
  }
  return ss;
}
