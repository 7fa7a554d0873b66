/**
 * The preview's persistence: the fake Google world saved to and loaded from a folder (`.local/` by default).
 *
 *   spreadsheet.xlsx        the bound spreadsheet, one worksheet per sheet: values, formulas, dates, text
 *   spreadsheets/<id>.xlsx  any other spreadsheet the script created
 *   outbox/*.eml            every email the script sent, as a real RFC 5322 message (never sent anywhere)
 *   drive/<id>_<name>       Drive files: images and PDFs as they are, Docs rendered as printable .html
 *   state.json              what xlsx cannot hold: script properties, cache, triggers, sheet metadata,
 *                           the Drive index, Docs structure, sent-mail records, recent logs
 *
 * Loading reads cell values from the xlsx (so edits made in LibreOffice or Excel are picked up) and everything
 * else from state.json. A file that cannot be read is reported, never replaced.
 *
 * Dates: Sheets shows times in the script's time zone (Asia/Ho_Chi_Minh, UTC+7, no DST) while xlsx has no time
 * zone, so dates are written as Vietnam wall-clock time and read back the same way.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { writeFile, rename, mkdir } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { GoogleWorld } from '../fakes/world';
import {
  FakeProtection,
  ValidationRule,
  colLetters,
  type CellData,
  type CellValue,
  type ConditionalRule,
  type FakeSheet,
  type FakeSpreadsheet,
} from '../fakes/spreadsheet';
import { FakeBlob, FakeFile, FakeFolder, type DriveItem } from '../fakes/drive';
import { DOC_MIME, type FakeDocument } from '../fakes/docs';
import type { SentMessage } from '../fakes/gmail';
import type { TriggerRecord } from '../fakes/script';

// nodemailer ships CommonJS under dist/cjs; this path is exported for require().
const MailComposer = require('nodemailer/lib/mail-composer') as typeof import('nodemailer/lib/mail-composer').default;

export const STATE_VERSION = 1;
/** Asia/Ho_Chi_Minh: UTC+7 all year. */
export const VN_OFFSET_MS = 7 * 3600_000;
/** Number format given to dates that have none, so spreadsheet programs show them as dates. */
const DEFAULT_DATE_FMT = 'yyyy-mm-dd hh:mm:ss';
const MAX_LOGS = 500;

export interface LocalPaths {
  dir: string;
  xlsx: string;
  state: string;
  outbox: string;
  drive: string;
  spreadsheets: string;
}

export function localPaths(dir: string): LocalPaths {
  const d = path.resolve(dir);
  return {
    dir: d,
    xlsx: path.join(d, 'spreadsheet.xlsx'),
    state: path.join(d, 'state.json'),
    outbox: path.join(d, 'outbox'),
    drive: path.join(d, 'drive'),
    spreadsheets: path.join(d, 'spreadsheets'),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// state.json

interface SheetMeta {
  name: string;
  /** The worksheet's name in the xlsx (Excel forbids some characters and names over 31 characters). */
  xlsxName: string;
  sheetId: number;
  maxRows: number;
  maxColumns: number;
  frozenRows: number;
  columnWidths: [number, number][];
  columnFormats: [number, string][];
  validations: [number, { list: string[]; allowInvalid: boolean; helpText: string; checkbox: boolean }][];
  conditionalRules: ConditionalRule[];
  protections: { a1: string; description: string; warningOnly: boolean }[];
  filterRange: string;
}

interface SpreadsheetMeta {
  id: string;
  name: string;
  /** Relative to the preview folder. */
  file: string;
  sheets: SheetMeta[];
  /** Number formats as written to the xlsx → the Sheets format they stand for ('' for none). */
  numFmts: Record<string, string>;
  /** sha256 of the xlsx as the preview last wrote it: a different file was edited outside the preview. */
  sha256: string;
}

interface DriveItemJson {
  kind: 'folder' | 'file';
  id: string;
  name: string;
  parentId: string | null;
  trashed: boolean;
  mimeType?: string;
  sharing?: string;
  /** The copy on disk, relative to the preview folder (files only). */
  file?: string;
  size?: number;
}

type DocElementJson =
  | {
      type: 'paragraph';
      text: string;
      heading: string;
      alignment: string;
      attrs: Record<string, unknown>;
      images: { contentType: string; name: string; base64: string; width: number; height: number }[];
    }
  | { type: 'pagebreak' }
  | { type: 'table'; rows: string[][] };

interface DocJson {
  id: string;
  name: string;
  margins: { top: number; bottom: number; left: number; right: number };
  /** Page size in points, when the fake keeps one. */
  page?: { width: number; height: number };
  elements: DocElementJson[];
}

/** Optional parts of the Docs fake, read and set only when present (the fakes grow while the app does). */
type BodyExtras = {
  page?: { width: number; height: number };
  setPageWidth?: (v: number) => unknown;
  setPageHeight?: (v: number) => unknown;
};

interface SentJson extends Omit<SentMessage, 'htmlBody' | 'replyTo' | 'name'> {
  htmlBody?: string;
  replyTo?: string;
  name?: string;
  /** The .eml in outbox/. */
  file?: string;
}

export interface StateJson {
  version: number;
  savedAt: string;
  script: {
    ownerEmail: string;
    properties: Record<string, string>;
    userProperties: Record<string, string>;
    cache: { key: string; value: string; expires: number }[];
    triggers: TriggerRecord[];
    menus: Record<string, { caption: string; fn: string }[]>;
  };
  sheets: { boundId: string; spreadsheets: SpreadsheetMeta[] };
  drive: { seq: number; items: DriveItemJson[] };
  docs: DocJson[];
  gmail: { sent: SentJson[] };
  logs: { level: string; message: string; exec: number }[];
}

/** A file of the preview folder that cannot be used as it is. The message says which file and what to do. */
export class LocalStateError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    const repair = file.endsWith('.xlsx')
      ? 'to keep your data, repair it (open it in LibreOffice or Excel and save it as .xlsx again).'
      : 'to keep your data, repair it by hand (it is JSON).';
    super(
      `Không đọc được ${file} / cannot read ${file}: ${detail}\n` +
        `The preview does not replace it. To start fresh, move it away (e.g. mv "${file}" "${file}.bad") and start again; ${repair}`,
    );
    this.name = 'LocalStateError';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Small helpers

function isDate(v: unknown): v is Date {
  return Object.prototype.toString.call(v) === '[object Date]';
}

function sha256(buf: Uint8Array): string {
  return createHash('sha256').update(buf).digest('hex');
}

/** A name that is safe as one path segment on Linux, macOS and Windows, readable where possible. */
export function safeFileName(name: string, max = 100): string {
  const cleaned = String(name)
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '_')
    .replace(/[. ]+$/, '');
  const cut = Array.from(cleaned).slice(0, max).join('');
  return cut || 'untitled';
}

const MIME_EXT: Record<string, string> = {
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'image/gif': '.gif',
  'image/webp': '.webp',
  'application/pdf': '.pdf',
  'text/plain': '.txt',
  'text/html': '.html',
  'text/csv': '.csv',
  'application/json': '.json',
};

/** Where a Drive file lives on disk, relative to the preview folder. */
export function driveFilePathOf(file: FakeFile): string {
  let base = `${safeFileName(file.id, 60)}_${safeFileName(file.name)}`;
  if (file.mimeType === DOC_MIME) base += '.html';
  else if (!path.extname(file.name) && MIME_EXT[file.mimeType]) base += MIME_EXT[file.mimeType];
  return `drive/${base}`;
}

/** Writes through a temporary file and a rename, so a crash never leaves half a file behind. */
async function writeAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${randomUUID().slice(0, 8)}`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}

/** Excel's rules for worksheet names: no []:*?/\, at most 31 characters, unique regardless of case. */
function xlsxSheetName(name: string, taken: Set<string>): string {
  let base = name.replace(/[[\]:*?/\\]/g, '_').replace(/^'+|'+$/g, '');
  base = Array.from(base).slice(0, 31).join('') || 'Sheet';
  let candidate = base;
  for (let i = 2; taken.has(candidate.toLowerCase()); i++) {
    const suffix = ` (${i})`;
    candidate =
      Array.from(base)
        .slice(0, 31 - suffix.length)
        .join('') + suffix;
  }
  taken.add(candidate.toLowerCase());
  return candidate;
}

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

function sheetMeta(sheet: FakeSheet, xlsxName: string): SheetMeta {
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
    protections: sheet.protections.map((p) => ({ a1: p.a1, description: p.description, warningOnly: p.warningOnly })),
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
function restoreSpreadsheet(
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
      if (!p.meta) notes.push(`Sheet "${nm}" is new in the xlsx (added outside the preview).`);
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
        const prot = new FakeProtection(pr.a1);
        prot.description = pr.description;
        prot.warningOnly = pr.warningOnly;
        sheet.protections.push(prot);
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

// ---------------------------------------------------------------------------------------------------------------
// Drive and Docs

function docToJson(doc: FakeDocument): DocJson {
  return {
    id: doc.id,
    name: doc.name,
    margins: { ...doc.body.margins },
    page: (doc.body as BodyExtras).page ? { ...(doc.body as BodyExtras).page! } : undefined,
    elements: doc.body.elements.map((e): DocElementJson => {
      if (e.type === 'pagebreak') return { type: 'pagebreak' };
      if (e.type === 'table') return { type: 'table', rows: e.rows.map((r) => [...r]) };
      const p = e.p;
      return {
        type: 'paragraph',
        text: p.text,
        heading: p.heading,
        alignment: p.alignment,
        attrs: { ...p.attrs },
        images: p.images.map((im) => ({
          contentType: im.blob.contentType,
          name: im.blob.name,
          base64: Buffer.from(im.blob.bytes).toString('base64'),
          width: im.width,
          height: im.height,
        })),
      };
    }),
  };
}

/**
 * Recreates a Document under its saved id. FakeDocs offers no way to register a document with a given id, so the
 * drive's id source is pointed at the saved id for the one create() call (see the report: a FakeDocs.restore hook
 * would make this unnecessary).
 */
function restoreDocument(world: GoogleWorld, d: DocJson): void {
  const drive = world.drive;
  drive.nextId = () => d.id;
  let doc: FakeDocument;
  try {
    doc = world.docs.create(d.name);
  } finally {
    Reflect.deleteProperty(drive, 'nextId');
  }
  const body = doc.body;
  body.setMarginTop(d.margins.top).setMarginBottom(d.margins.bottom).setMarginLeft(d.margins.left).setMarginRight(d.margins.right);
  const extras = body as BodyExtras;
  if (d.page && extras.setPageWidth && extras.setPageHeight) {
    extras.setPageWidth.call(body, d.page.width);
    extras.setPageHeight.call(body, d.page.height);
  }
  for (const e of d.elements) {
    if (e.type === 'pagebreak') body.appendPageBreak();
    else if (e.type === 'table') body.appendTable(e.rows);
    else {
      const p = body.appendParagraph(e.text).setHeading(e.heading).setAlignment(e.alignment).setAttributes(e.attrs);
      for (const im of e.images) {
        p.appendInlineImage(new FakeBlob(new Uint8Array(Buffer.from(im.base64, 'base64')), im.contentType, im.name))
          .setWidth(im.width)
          .setHeight(im.height);
      }
    }
  }
}

function seqOfId(id: string): number {
  const m = /^[a-z]+-(\d+)-/.exec(id);
  return m ? Number(m[1]) : 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Loading

export interface LoadResult {
  world: GoogleWorld;
  /** True when nothing was saved yet (no spreadsheet.xlsx): the caller sets up a new box. */
  fresh: boolean;
  /** Whether a state.json was found alongside the xlsx. */
  hadState: boolean;
  /** Things worth telling the person starting the preview. */
  notes: string[];
  /** Sent messages → their .eml in outbox/. */
  emlFiles: Map<string, string>;
  /** Per spreadsheet id: the number formats its xlsx was written with, and each sheet's worksheet name there. */
  books: Map<string, { numFmts: Record<string, string>; xlsxNames: Map<number, string> }>;
}

export interface LoadOptions {
  htmlFiles: Record<string, string>;
  serviceUrl?: string;
}

function readStateJson(file: string): StateJson {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new LocalStateError(file, `not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const s = parsed as Partial<StateJson>;
  if (!s || typeof s !== 'object' || s.version !== STATE_VERSION || !s.script || !s.sheets) {
    throw new LocalStateError(file, `not a preview state file of version ${STATE_VERSION}`);
  }
  return s as StateJson;
}

/**
 * Loads the world saved in `dir`. Returns `fresh: true` with an empty world when there is no spreadsheet.xlsx yet.
 * Throws LocalStateError for a file that exists but cannot be read.
 */
export async function loadWorld(dir: string, opts: LoadOptions): Promise<LoadResult> {
  const p = localPaths(dir);
  const world = new GoogleWorld({ serviceUrl: opts.serviceUrl ?? '', htmlFiles: opts.htmlFiles });
  const notes: string[] = [];
  const emlFiles = new Map<string, string>();
  const books: LoadResult['books'] = new Map();
  if (!existsSync(p.xlsx)) {
    if (existsSync(p.state))
      notes.push(`${p.xlsx} is missing: starting a new box (the old ${path.basename(p.state)} will be overwritten).`);
    return { world, fresh: true, hadState: false, notes, emlFiles, books: new Map() };
  }
  const state = existsSync(p.state) ? readStateJson(p.state) : null;
  if (existsSync(path.join(p.dir, '.~lock.spreadsheet.xlsx#'))) {
    notes.push('spreadsheet.xlsx looks open in LibreOffice: close it there first, or saving it will undo what the preview writes.');
  }
  if (!state) notes.push(`No ${p.state}: using ${p.xlsx} as the box's spreadsheet; setup will run as the admin.`);

  // Spreadsheets.
  const metas: SpreadsheetMeta[] = state?.sheets.spreadsheets.length
    ? state.sheets.spreadsheets
    : [
        {
          id: `ss-preview-${randomUUID().slice(0, 8)}`,
          name: 'Hòm thư số góp ý',
          file: 'spreadsheet.xlsx',
          sheets: [],
          numFmts: {},
          sha256: '',
        },
      ];
  let editedOutside = false;
  for (const m of metas) {
    const file = path.join(p.dir, m.file);
    if (!existsSync(file)) {
      notes.push(`${file} is missing: spreadsheet "${m.name}" is left out.`);
      continue;
    }
    const buf = readFileSync(file);
    const loaded = await readWorkbook(buf, file, m.numFmts);
    if (state && m.sha256 && sha256(buf) !== m.sha256) {
      editedOutside = true;
      notes.push(`${file} was edited outside the preview: its values are used.`);
    }
    const ss = restoreSpreadsheet(world, m.id, m.name, loaded, m.sheets, notes);
    books.set(ss.id, { numFmts: { ...m.numFmts }, xlsxNames: new Map(ss.sheetList.map((sh, i) => [sh.sheetId, loaded[i].xlsxName])) });
  }
  const bound = state?.sheets.boundId && world.sheets.get(state.sheets.boundId) ? state.sheets.boundId : metas[0].id;
  world.sheets.boundId = world.sheets.get(bound) ? bound : '';
  if (!world.sheets.boundId) throw new LocalStateError(p.xlsx, 'the bound spreadsheet could not be restored');

  if (state) {
    // Script state.
    const sc = world.script;
    sc.ownerEmail = state.script.ownerEmail || sc.ownerEmail;
    for (const [k, v] of Object.entries(state.script.properties ?? {})) sc.properties.set(k, v);
    for (const [k, v] of Object.entries(state.script.userProperties ?? {})) sc.userProperties.set(k, v);
    const now = world.now();
    if (!editedOutside) {
      for (const e of state.script.cache ?? []) if (e.expires > now) sc.cache.set(e.key, { value: e.value, expires: e.expires });
    } else {
      // Like a staff edit in Sheets: nothing cached from the old values (the configuration above all) may be served.
      notes.push('Script cache cleared, so the edited values are read again.');
    }
    for (const t of state.script.triggers ?? []) sc.triggers.push({ ...t });
    for (const [caption, items] of Object.entries(state.script.menus ?? {}))
      sc.menus.set(
        caption,
        items.map((i) => ({ ...i })),
      );

    // Drive: first bring the id counter back to where it was, then the items.
    const drive = world.drive;
    const maxSeq = Math.max(
      state.drive?.seq ?? 0,
      ...(state.drive?.items ?? []).map((i) => seqOfId(i.id)),
      ...(state.docs ?? []).map((d) => seqOfId(d.id)),
    );
    for (let n = 0; n < 100000; n++) {
      if (seqOfId(drive.nextId('seq')) >= maxSeq) break;
    }
    for (const d of state.docs ?? []) restoreDocument(world, d);
    for (const it of state.drive?.items ?? []) {
      if (it.id === drive.root.id) continue;
      if (it.kind === 'folder') {
        const f = new FakeFolder(drive, it.id, it.name, it.parentId);
        f.trashed = it.trashed;
        drive.items.set(it.id, f);
        continue;
      }
      const existing = drive.get(it.id);
      if (existing instanceof FakeFile && it.mimeType === DOC_MIME) {
        existing.name = it.name;
        existing.parentId = it.parentId;
        existing.trashed = it.trashed;
        existing.sharing = it.sharing ?? existing.sharing;
        continue;
      }
      let bytes = new Uint8Array(0);
      if (it.file && it.mimeType !== DOC_MIME) {
        const full = path.join(p.dir, it.file);
        if (existsSync(full)) bytes = new Uint8Array(readFileSync(full));
        else notes.push(`Drive file ${it.file} is missing: "${it.name}" is empty now.`);
      }
      const f = new FakeFile(drive, it.id, it.name, it.mimeType ?? 'application/octet-stream', bytes, it.parentId);
      f.trashed = it.trashed;
      f.sharing = it.sharing ?? f.sharing;
      drive.items.set(it.id, f);
    }

    // Mail already sent (GmailApp.search looks there) and the recent logs.
    for (const m of state.gmail?.sent ?? []) {
      const { file, ...msg } = m;
      world.gmail.sent.push({ ...msg, to: [...msg.to] });
      if (file) emlFiles.set(msg.id, file);
    }
    world.logs.push(...(state.logs ?? []));
  }
  return { world, fresh: false, hadState: Boolean(state), notes, emlFiles, books };
}

// ---------------------------------------------------------------------------------------------------------------
// Saving

/** An RFC 5322 message for one sent email, as Gmail would have sent it from the script owner's account. */
export function composeEml(msg: SentMessage, ownerEmail: string): Promise<Buffer> {
  const composer = new MailComposer({
    from: { name: msg.name ?? '', address: ownerEmail },
    to: msg.to,
    replyTo: msg.replyTo,
    subject: msg.subject,
    text: msg.body,
    html: msg.htmlBody,
    date: new Date(msg.at),
    messageId: `<${msg.id}.${msg.at}@preview.invalid>`,
    // RFC 5322 lines end in CRLF, in the bodies too.
    newline: 'windows',
    headers: { 'X-Preview': 'Hom thu so gop y local preview: this message was not sent' },
  });
  return new Promise((resolve, reject) => {
    composer.compile().build((err: Error | null, message: Buffer) => (err ? reject(err) : resolve(message)));
  });
}

function emlName(msg: SentMessage): string {
  const at = new Date(msg.at).toISOString().replace(/[:.]/g, '-');
  return `${at}_${safeFileName(msg.id, 40)}.eml`;
}

export interface SaveReport {
  wroteXlsx: boolean;
  emails: number;
  driveFiles: number;
}

/**
 * Keeps `dir` in step with a world: call save() after each execution (saves are serialised and coalesced;
 * each one writes a consistent snapshot taken when it starts).
 */
export class Persister {
  readonly paths: LocalPaths;
  /** Sent message id → .eml file name in outbox/. */
  readonly emlFiles: Map<string, string>;
  private pendingMail: SentMessage[] = [];
  private dirtyDrive = new Set<string>();
  /** Drive id → path written on disk and, for Docs, the HTML written. */
  private written = new Map<string, { file: string; html?: string }>();
  private lastSheetsKey = new Map<string, string>();
  private lastSha = new Map<string, string>();
  /** The metadata saved with each workbook, reused while the workbook does not change. */
  private lastMeta = new Map<string, SpreadsheetMeta>();
  private lastStateText = '';
  private running: Promise<SaveReport> | null = null;
  private queued: Promise<SaveReport> | null = null;
  private readonly unsubscribe: (() => void)[] = [];
  lastError: Error | null = null;

  constructor(
    readonly world: GoogleWorld,
    dir: string,
    emlFiles: Map<string, string> = new Map(),
  ) {
    this.paths = localPaths(dir);
    this.emlFiles = emlFiles;
    // What is on disk already (from loading) counts as written.
    for (const f of world.drive.files()) {
      const file = driveFilePathOf(f);
      if (existsSync(path.join(this.paths.dir, file))) this.written.set(f.id, { file });
      else this.dirtyDrive.add(f.id);
    }
    for (const m of world.gmail.sent) {
      const file = this.emlFiles.get(m.id);
      if (!file || !existsSync(path.join(this.paths.outbox, file))) this.pendingMail.push(m);
    }
  }

  /** Listens to the world: mail sent and Drive items changed are written at the next save. */
  attach(): void {
    const onSend = (m: SentMessage) => void this.pendingMail.push(m);
    const onChange = (item: DriveItem) => void this.dirtyDrive.add(item.id);
    this.world.gmail.onSend.push(onSend);
    this.world.drive.onChange.push(onChange);
    this.unsubscribe.push(
      () => remove(this.world.gmail.onSend, onSend),
      () => remove(this.world.drive.onChange, onChange),
    );
  }

  detach(): void {
    for (const u of this.unsubscribe.splice(0)) u();
  }

  /** Saves now, or right after the save in progress. Never rejects: a failure is logged and kept in lastError. */
  save(): Promise<SaveReport> {
    if (!this.running) return this.start();
    if (!this.queued) {
      this.queued = this.running.then(() => {
        this.queued = null;
        return this.start();
      });
    }
    return this.queued;
  }

  /** Resolves when every save asked for so far is on disk. */
  async idle(): Promise<void> {
    while (this.running || this.queued) await (this.queued ?? this.running);
  }

  private start(): Promise<SaveReport> {
    const p = this.saveSnapshot()
      .then((r) => {
        this.lastError = null;
        return r;
      })
      .catch((e: unknown) => {
        this.lastError = e instanceof Error ? e : new Error(String(e));
        console.error(`[preview] could not save to ${this.paths.dir}: ${this.lastError.message}`);
        return { wroteXlsx: false, emails: 0, driveFiles: 0 };
      })
      .finally(() => {
        if (this.running === p) this.running = null;
      });
    this.running = p;
    return p;
  }

  /** Takes the whole snapshot synchronously, then writes it. */
  private async saveSnapshot(): Promise<SaveReport> {
    const world = this.world;
    const p = this.paths;
    const report: SaveReport = { wroteXlsx: false, emails: 0, driveFiles: 0 };

    // Mail.
    const mails = this.pendingMail.splice(0).map((m) => {
      let file = this.emlFiles.get(m.id) ?? emlName(m);
      const names = new Set(this.emlFiles.values());
      for (let i = 2; !this.emlFiles.has(m.id) && names.has(file); i++) file = emlName(m).replace(/\.eml$/, `-${i}.eml`);
      this.emlFiles.set(m.id, file);
      return { msg: { ...m, to: [...m.to] }, file };
    });
    const owner = world.script.ownerEmail;

    // Drive.
    const driveWrites: { file: string; data: Uint8Array | string; old?: string }[] = [];
    for (const f of world.drive.files()) {
      const file = driveFilePathOf(f);
      const prev = this.written.get(f.id);
      if (f.mimeType === DOC_MIME) {
        const doc = world.docs.all().find((d) => d.id === f.id);
        if (!doc) continue;
        const html = doc.toHtml();
        if (prev && prev.file === file && prev.html === html && !this.dirtyDrive.has(f.id)) continue;
        driveWrites.push({ file, data: html, old: prev && prev.file !== file ? prev.file : undefined });
        this.written.set(f.id, { file, html });
      } else {
        if (prev && prev.file === file && !this.dirtyDrive.has(f.id)) continue;
        driveWrites.push({ file, data: f.bytes.slice(), old: prev && prev.file !== file ? prev.file : undefined });
        this.written.set(f.id, { file });
      }
    }
    this.dirtyDrive.clear();

    // Spreadsheets.
    const books: { meta: SpreadsheetMeta; workbook: ExcelJS.Workbook | null }[] = [];
    for (const ss of world.sheets.all()) {
      const file = xlsxFileOf(ss, world);
      const key = sheetsKey(ss);
      const unchanged = this.lastSheetsKey.get(ss.id) === key && this.lastMeta.has(ss.id) && existsSync(path.join(p.dir, file));
      if (unchanged) {
        books.push({ meta: { ...this.lastMeta.get(ss.id)!, name: ss.name, file }, workbook: null });
        continue;
      }
      const { workbook, sheets, numFmts } = spreadsheetToWorkbook(ss);
      const meta = { id: ss.id, name: ss.name, file, sheets, numFmts, sha256: this.lastSha.get(ss.id) ?? '' };
      books.push({ meta, workbook });
      this.lastSheetsKey.set(ss.id, key);
      this.lastMeta.set(ss.id, meta);
    }

    const driveIndex: DriveItemJson[] = [...world.drive.items.values()]
      .filter((i) => i.id !== world.drive.root.id)
      .map((i) =>
        i instanceof FakeFile
          ? {
              kind: 'file' as const,
              id: i.id,
              name: i.name,
              parentId: i.parentId,
              trashed: i.trashed,
              mimeType: i.mimeType,
              sharing: i.sharing,
              file: driveFilePathOf(i),
              size: i.mimeType === DOC_MIME ? undefined : i.bytes.length,
            }
          : { kind: 'folder' as const, id: i.id, name: i.name, parentId: i.parentId, trashed: i.trashed },
      );
    const stateBase: Omit<StateJson, 'savedAt' | 'sheets'> = {
      version: STATE_VERSION,
      script: {
        ownerEmail: owner,
        properties: Object.fromEntries(world.script.properties),
        userProperties: Object.fromEntries(world.script.userProperties),
        cache: [...world.script.cache.entries()].map(([key, e]) => ({ key, value: e.value, expires: e.expires })),
        triggers: world.script.triggers.map((t) => ({ ...t })),
        menus: Object.fromEntries([...world.script.menus.entries()].map(([k, v]) => [k, v.map((i) => ({ ...i }))])),
      },
      drive: { seq: Math.max(0, ...[...world.drive.items.keys()].map(seqOfId)), items: driveIndex },
      docs: world.docs.all().map(docToJson),
      gmail: {
        sent: world.gmail.sent.map((m) => ({ ...m, to: [...m.to], file: this.emlFiles.get(m.id) })),
      },
      logs: world.logs.slice(-MAX_LOGS),
    };

    // ---- writes (async from here on) ----
    for (const { msg, file } of mails) {
      await writeAtomic(path.join(p.outbox, file), await composeEml(msg, owner));
      report.emails++;
    }
    for (const w of driveWrites) {
      await writeAtomic(path.join(p.dir, w.file), w.data);
      if (w.old) rmSync(path.join(p.dir, w.old), { force: true });
      report.driveFiles++;
    }
    for (const b of books) {
      if (!b.workbook) continue;
      const buf = Buffer.from(await b.workbook.xlsx.writeBuffer());
      await writeAtomic(path.join(p.dir, b.meta.file), buf);
      b.meta.sha256 = sha256(buf);
      this.lastMeta.set(b.meta.id, b.meta);
      this.lastSha.set(b.meta.id, b.meta.sha256);
      report.wroteXlsx = true;
    }
    const body = { ...stateBase, sheets: { boundId: world.sheets.boundId, spreadsheets: books.map((b) => b.meta) } };
    const text = JSON.stringify(body, null, 1);
    if (text !== this.lastStateText || !existsSync(p.state)) {
      await writeAtomic(p.state, JSON.stringify({ ...body, savedAt: new Date().toISOString() }, null, 1));
      this.lastStateText = text;
    }
    return report;
  }

  /**
   * Takes the workbooks just loaded as already saved, so they are not rewritten until something changes
   * (an xlsx edited in LibreOffice keeps its own formatting until the box writes to it).
   */
  adoptLoaded(loaded: LoadResult['books']): void {
    for (const ss of this.world.sheets.all()) {
      const file = path.join(this.paths.dir, xlsxFileOf(ss, this.world));
      if (!existsSync(file)) continue;
      const sha = sha256(readFileSync(file));
      this.lastSha.set(ss.id, sha);
      this.lastSheetsKey.set(ss.id, sheetsKey(ss));
      // The metadata of the file as it is: its own worksheet names and the number formats it was written with.
      const book = loaded.get(ss.id);
      const sheets = ss.sheetList.map((sh) => sheetMeta(sh, book?.xlsxNames.get(sh.sheetId) ?? sh.name));
      this.lastMeta.set(ss.id, {
        id: ss.id,
        name: ss.name,
        file: xlsxFileOf(ss, this.world),
        sheets,
        numFmts: { ...book?.numFmts },
        sha256: sha,
      });
    }
  }
}

/** The workbook of a spreadsheet, relative to the preview folder. */
export function xlsxFileOf(ss: FakeSpreadsheet, world: GoogleWorld): string {
  return ss.id === world.sheets.boundId ? 'spreadsheet.xlsx' : `spreadsheets/${safeFileName(ss.id, 80)}.xlsx`;
}

function remove<T>(list: T[], item: T): void {
  const i = list.indexOf(item);
  if (i >= 0) list.splice(i, 1);
}

/** A cheap fingerprint of everything the xlsx holds for one spreadsheet. */
function sheetsKey(ss: FakeSpreadsheet): string {
  return JSON.stringify([
    ss.name,
    ss.sheetList.map((s) => [
      s.name,
      s.sheetId,
      s.frozenRows,
      s.maxRows,
      s.maxColumns,
      [...s.columnWidths],
      [...s.columnFormats],
      [...s.validations.entries()].map(([c, v]) => [c, v.list, v.allowInvalid, v.helpText, v.checkbox]),
      s.filterRange,
      s.rows.map((r) => (r ?? []).map((c) => (c ? [isDate(c.v) ? `D${c.v.getTime()}` : c.v, c.f ?? '', c.fmt ?? ''] : 0))),
    ]),
  ]);
}

/** The .eml files in outbox/, newest first. */
export function listOutbox(dir: string): string[] {
  const p = localPaths(dir);
  if (!existsSync(p.outbox)) return [];
  return readdirSync(p.outbox)
    .filter((f) => f.endsWith('.eml') && statSync(path.join(p.outbox, f)).isFile())
    .sort()
    .reverse();
}
