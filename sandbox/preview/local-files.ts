/**
 * The preview folder (`.local/` by default): where each thing goes, the shape of state.json, safe file names, and
 * atomic writes. A file that cannot be read is reported as a LocalStateError, never replaced.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { writeFile, rename, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type ConditionalRule } from '../fakes/sheet-rules';
import { FakeFile } from '../fakes/drive';
import { DOC_MIME } from '../fakes/docs';
import { SHEET_MIME } from '../fakes/spreadsheet';
import type { SentMessage } from '../fakes/gmail';
import type { TriggerRecord } from '../fakes/script';

export const STATE_VERSION = 1;
/** Asia/Ho_Chi_Minh: UTC+7 all year. */
export const VN_OFFSET_MS = 7 * 3600_000;
/** Number format given to dates that have none, so spreadsheet programs show them as dates. */
export const DEFAULT_DATE_FMT = 'yyyy-mm-dd hh:mm:ss';
export const MAX_LOGS = 500;

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

export interface SheetMeta {
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
  protections: {
    a1: string;
    description: string;
    warningOnly: boolean;
    /** Older state files have range protections only and no editor lists. */
    type?: 'RANGE' | 'SHEET';
    editors?: string[];
    domainEdit?: boolean;
  }[];
  filterRange: string;
}

export interface SpreadsheetMeta {
  id: string;
  name: string;
  /** Relative to the preview folder. */
  file: string;
  sheets: SheetMeta[];
  /** Number formats as written to the xlsx → the Sheets format they stand for ('' for none). */
  numFmts: Record<string, string>;
  /** sha256 of the xlsx as the preview last wrote it: a different file was edited outside the preview. */
  sha256: string;
  /** Spreadsheet settings and sharing (absent in older state files). */
  owner?: string;
  editors?: string[];
  locale?: string;
  timeZone?: string;
}

export interface DriveItemJson {
  kind: 'folder' | 'file';
  id: string;
  name: string;
  parentId: string | null;
  trashed: boolean;
  mimeType?: string;
  sharing?: string;
  shareableByEditors?: boolean;
  owner?: string;
  /** When the file was made, ms since the epoch (files only). */
  created?: number;
  /** The copy on disk, relative to the preview folder (files only). */
  file?: string;
  size?: number;
  /** A PDF exported from a Doc that the preview could not make (no Chromium): why. */
  pdfNotMade?: string;
}

export interface ParagraphJson {
  text: string;
  heading: string;
  alignment: string;
  attrs: Record<string, unknown>;
  images: { contentType: string; name: string; base64: string; width: number; height: number }[];
}

export type DocElementJson =
  | ({ type: 'paragraph' } & ParagraphJson)
  | { type: 'pagebreak' }
  /** `rows`: the cells' texts; `cells`, `widths`, `border`: their paragraphs and the table's format (when saved). */
  | { type: 'table'; rows: string[][]; cells?: ParagraphJson[][][]; widths?: number[]; border?: number };

export interface DocJson {
  id: string;
  name: string;
  margins: { top: number; bottom: number; left: number; right: number };
  /** Page size in points, when the fake keeps one. */
  page?: { width: number; height: number };
  elements: DocElementJson[];
}

/** Optional parts of the Docs fake, read and set only when present (the fakes grow while the app does). */
export type BodyExtras = {
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
    /** `owner` is missing from states saved before triggers recorded their creator. */
    triggers: (Omit<TriggerRecord, 'owner'> & { owner?: string })[];
    /** People the script project is shared with as viewers. */
    viewers?: string[];
  };
  /** The box's own spreadsheet is the one in spreadsheet.xlsx (script property SPREADSHEET_ID names it). */
  sheets: { spreadsheets: SpreadsheetMeta[] };
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

export function isDate(v: unknown): v is Date {
  return Object.prototype.toString.call(v) === '[object Date]';
}

export function sha256(buf: Uint8Array): string {
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

/** Google types whose content the preview keeps elsewhere (Docs as HTML, spreadsheets as xlsx), not as bytes. */
export function isGoogleType(file: FakeFile): boolean {
  return file.mimeType === DOC_MIME || file.mimeType === SHEET_MIME;
}

/** Where a Drive file lives on disk, relative to the preview folder (a spreadsheet: see xlsxFileOf). */
export function driveFilePathOf(file: FakeFile): string {
  let base = `${safeFileName(file.id, 60)}_${safeFileName(file.name)}`;
  if (file.mimeType === DOC_MIME) base += '.html';
  else if (!path.extname(file.name) && MIME_EXT[file.mimeType]) base += MIME_EXT[file.mimeType];
  return `drive/${base}`;
}

/** Writes through a temporary file and a rename, so a crash never leaves half a file behind. */
export async function writeAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${randomUUID().slice(0, 8)}`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}

/** Excel's rules for worksheet names: no []:*?/\, at most 31 characters, unique regardless of case. */
export function xlsxSheetName(name: string, taken: Set<string>): string {
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

/** The .eml files in outbox/, newest first. */
export function listOutbox(dir: string): string[] {
  const p = localPaths(dir);
  if (!existsSync(p.outbox)) return [];
  return readdirSync(p.outbox)
    .filter((f) => f.endsWith('.eml') && statSync(path.join(p.outbox, f)).isFile())
    .sort()
    .reverse();
}
