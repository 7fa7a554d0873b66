/**
 * What the QR poster job keeps between executions: the poster columns of the Địa điểm sheet, the job's state, lease
 * and combined document's record in script properties, and the one-off trigger that continues a job.
 */
import { LOCATION_HEADERS, LOCATIONS_SHEET, parseLocationRows } from '../../core/config/config';
import { decodeJob, encodeJob, parseLease, takeLease, type PosterJob } from '../../core/posters/poster-job-state';
import { type RowUpdate } from '../../core/posters/poster-job';
import { type PosterRow } from '../../core/posters/poster-plan';
import { literalCell } from '../../core/records/sheet-literal';
import type { Cell } from '../../core/records/feedback-record';
import { headerIndex } from '../../core/records/responses-rows';
import { applyRowChanges, type CellChange, type RowChange } from '../../core/records/row-changes';
import { isDate } from '../../core/common/time';
import { readTable, tableIo } from '../sheet-table';
import { reportChangeOutcome } from '../row-report';
import { consoleLogger } from '../services';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

// ---------------------------------------------------------------------------------------------------------------
// The Địa điểm sheet

function timeOf(v: unknown): number | null {
  if (isDate(v)) return (v as Date).getTime();
  if (typeof v === 'string' && v.trim()) {
    const t = Date.parse(v);
    return Number.isNaN(t) ? null : t;
  }
  return null;
}

/** Columns of the poster links, time and note (F–I). */
const DOC_COL = 6;
const PDF_COL = 7;
const MADE_COL = 8;
const NOTE_COL = 9;

/**
 * The poster columns (F–I) of Địa điểm. Rows are read once per execution and then named by location code: each write
 * changes only the cells of that row that differ, at the row holding the code at that moment (staff may sort or insert
 * rows meanwhile), and the sheet is read back to check it. A row deleted meanwhile is skipped.
 */
export class LocationsSheet {
  /** The sheet from row 1, as last read (before a write, after it). */
  private table: unknown[][] = [];
  /** The rows the job was given, by row number: code, and cells as read (by which a row with no code is found). */
  private readonly given = new Map<number, { code: string; cells: unknown[] }>();

  private constructor(private readonly sheet: Sheet) {}

  static open(spreadsheetId: string): LocationsSheet {
    const sheet = SpreadsheetApp.openById(spreadsheetId).getSheetByName(LOCATIONS_SHEET);
    if (!sheet) throw new Error(`Không thấy trang "${LOCATIONS_SHEET}": hãy chạy "Cài đặt / sửa chữa hòm thư".`);
    return new LocationsSheet(sheet);
  }

  read(): PosterRow[] {
    this.table = readTable(this.sheet, LOCATION_HEADERS.length);
    const first = headerIndex(this.table, 1, LOCATION_HEADERS[0]) + 1;
    // Every row, bad codes as typed: the job reports them in Ghi chú and never changes them.
    const rows = parseLocationRows(this.table.slice(first), first + 1, true).map((r) => ({
      ...r,
      madeAt: timeOf(this.table[r.row - 1][MADE_COL - 1]),
    }));
    this.given.clear();
    for (const r of rows) this.given.set(r.row, { code: r.code, cells: this.table[r.row - 1] });
    return rows;
  }

  write(updates: readonly RowUpdate[]): void {
    const changes: RowChange[] = [];
    for (const u of updates) {
      const row = this.given.get(u.row);
      if (!row) continue;
      const { code } = row;
      // The row as it is in the last read (rows may have moved since the job read them).
      const cur = code ? (this.table.find((r) => String(r[0] ?? '').normalize('NFC') === code) ?? []) : row.cells;
      const cells: CellChange[] = [];
      const set = (column: number, to: Cell) => cells.push({ column, from: [cur[column - 1]], to });
      if (u.docUrl !== undefined) set(DOC_COL, literalCell(u.docUrl));
      if (u.pdfUrl !== undefined) set(PDF_COL, literalCell(u.pdfUrl));
      if (u.madeAt !== undefined) set(MADE_COL, new Date(u.madeAt));
      set(NOTE_COL, literalCell(u.note));
      changes.push({ ref: code ? { column: 1, value: code } : { like: row.cells }, label: code || `dòng ${u.row}`, cells });
    }
    if (changes.length === 0) return;
    // The last read is the starting point: one read per poster, the one that checks the write.
    const out = applyRowChanges(tableIo(this.sheet, LOCATION_HEADERS.length), changes, { initial: this.table });
    this.table = out.table;
    reportChangeOutcome(out, 'ghi đường dẫn poster', LOCATIONS_SHEET);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Job state, lease and the combined document's record, in script properties

const PROP_JOB_PARTS = 'POSTER_JOB_PARTS';
const PROP_JOB_PART = 'POSTER_JOB_';
export const PROP_POSTER_LEASE = 'POSTER_LEASE';
/** Optional: the work budget of one execution in ms (default 4.5 minutes). */
export const PROP_POSTER_BUDGET = 'POSTER_BUDGET_MS';
export const PROP_POSTER_COMBINED = 'POSTER_COMBINED';

export interface CombinedRecord {
  docId: string;
  pdfId: string;
  fingerprint: string;
}

export class PosterStore {
  private readonly props = PropertiesService.getScriptProperties();
  private all: Record<string, string> = {};

  /** Reads every script property in one call; the getters below answer from it. */
  refresh(): this {
    this.all = this.props.getProperties();
    return this;
  }

  job(): PosterJob | null {
    const n = Number(this.all[PROP_JOB_PARTS]);
    if (!Number.isInteger(n) || n < 1) return null;
    return decodeJob(Array.from({ length: n }, (_, i) => this.all[PROP_JOB_PART + i]));
  }

  saveJob(job: PosterJob): void {
    const parts = encodeJob(job);
    const values: Record<string, string> = { [PROP_JOB_PARTS]: String(parts.length) };
    parts.forEach((p, i) => (values[PROP_JOB_PART + i] = p));
    this.props.setProperties(values);
    for (const k of Object.keys(this.all)) {
      if (k.startsWith(PROP_JOB_PART) && !(k in values)) this.props.deleteProperty(k);
    }
    this.all = { ...this.all, ...values };
  }

  clearJob(): void {
    for (const k of Object.keys(this.all)) {
      if (k === PROP_JOB_PARTS || k.startsWith(PROP_JOB_PART)) {
        this.props.deleteProperty(k);
        delete this.all[k];
      }
    }
  }

  budgetMs(fallback: number): number {
    const n = Number(this.all[PROP_POSTER_BUDGET]);
    return Number.isFinite(n) && n > 0 ? Math.min(n, 330_000) : fallback;
  }

  combined(): CombinedRecord | null {
    try {
      const r = JSON.parse(this.all[PROP_POSTER_COMBINED] ?? 'null') as CombinedRecord | null;
      return r && typeof r.docId === 'string' ? r : null;
    } catch {
      return null;
    }
  }

  setCombined(r: CombinedRecord): void {
    const v = JSON.stringify(r);
    this.props.setProperty(PROP_POSTER_COMBINED, v);
    this.all[PROP_POSTER_COMBINED] = v;
  }
}

/**
 * Claims the job for this execution. The script lock is held only for the read-and-write of the lease (submissions
 * wait on the same lock), never for the minutes the job runs. A second runner finds a live lease and stops.
 */
export function acquireLease(token: string, now: number): { ok: true } | { ok: false; since: number } {
  const lock = LockService.getScriptLock();
  if (!lock.tryLock(10_000)) return { ok: false, since: 0 };
  try {
    const props = PropertiesService.getScriptProperties();
    const current = parseLease(props.getProperty(PROP_POSTER_LEASE));
    const next = takeLease(current, token, now);
    if (!next) return { ok: false, since: current?.since ?? 0 };
    props.setProperty(PROP_POSTER_LEASE, JSON.stringify(next));
    return { ok: true };
  } finally {
    lock.releaseLock();
  }
}

export function releaseLease(token: string): void {
  const lock = LockService.getScriptLock();
  if (!lock.tryLock(10_000)) return; // the lease runs out by itself (LEASE_MS)
  try {
    const props = PropertiesService.getScriptProperties();
    if (parseLease(props.getProperty(PROP_POSTER_LEASE))?.token === token) props.deleteProperty(PROP_POSTER_LEASE);
  } finally {
    lock.releaseLock();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The one-off trigger that continues a job

export const CONTINUE_HANDLER = 'continuePosters';
export const CONTINUE_AFTER_MS = 60 * 1000;

/** Deletes the continuation triggers (only the one with this uid, when given). */
export function deleteContinuations(onlyUid?: string): void {
  for (const t of ScriptApp.getProjectTriggers()) {
    if (t.getHandlerFunction() !== CONTINUE_HANDLER) continue;
    if (onlyUid && t.getUniqueId() !== onlyUid) continue;
    ScriptApp.deleteTrigger(t);
  }
}

/**
 * Exactly one continuation, a minute from now (or `afterMs`): null when it is set, else why Apps Script refused it
 * (most often every one of the account's 20 triggers for this script is taken), logged. The job's state is left as
 * it is, so "Tạo poster QR" can go on with it.
 */
export function scheduleContinuation(afterMs = CONTINUE_AFTER_MS): { error: unknown } | null {
  deleteContinuations();
  try {
    ScriptApp.newTrigger(CONTINUE_HANDLER).timeBased().after(afterMs).create();
    return null;
  } catch (error) {
    consoleLogger.error('posters.continuation-failed', error, { afterMs });
    return { error };
  }
}
