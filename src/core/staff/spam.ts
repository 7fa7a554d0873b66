/**
 * Cleaning up after a flood: staff mark junk rows "Rác / spam"; the owner's action moves those rows (and trashes their
 * photos) to the "Rác" sheet, where they stay 30 days so a real opinion marked by mistake can be restored, then are
 * deleted by the nightly run. Nhật ký names the tracking codes only, never the content.
 */
import { cellText, asWritable } from '../records/cell-writes';
import { canonicalStatus } from '../records/status';
import { COL, COLUMNS, HEADERS, isValidDate, type Cell } from '../records/feedback-record';
import { driveFileIds } from '../privacy/retention';
import type { RowChange } from '../records/row-changes';
import { FEEDBACK_STATUSES } from '../../shared/types';

export const SPAM_STATUS: string = FEEDBACK_STATUSES[FEEDBACK_STATUSES.length - 1];
export const SPAM_SHEET = 'Rác';
export const SPAM_KEEP_DAYS = 30;
/** The Rác sheet: the Góp ý columns, then when the row was moved. */
export const SPAM_HEADERS: string[] = [...HEADERS, 'Chuyển vào Rác lúc'];
export const MOVED_AT_COL = COLUMNS.length + 1;
/** A restored opinion starts over as new, so staff look at it again. */
export const RESTORED_STATUS: string = FEEDBACK_STATUSES[0];

export interface SpamRow {
  /** Sheet row in Góp ý. */
  row: number;
  code: string;
}

/** A run of adjacent rows to delete, bottom run first, with the codes they must still hold. */
export interface DeleteRun {
  row: number;
  count: number;
  codes: string[];
}

export interface SpamMovePlan {
  /** Rows to append to Rác (Góp ý's cells as read, made literal, then the moved time). */
  append: Cell[][];
  codes: string[];
  photoIds: string[];
  /** The photo ids of each code in `codes` and `alreadyMoved`. */
  photosOf: Record<string, string[]>;
  /** Góp ý rows to delete afterwards, in runs from the bottom up so earlier row numbers stay true. */
  deletes: DeleteRun[];
  /** Codes already in Rác (an earlier run stopped after appending): deleted from Góp ý, not appended again. */
  alreadyMoved: string[];
}

export function isSpam(status: unknown): boolean {
  return canonicalStatus(status) === SPAM_STATUS;
}

/**
 * The move of every Góp ý row marked "Rác / spam": `rows` are the data rows as read (rows[0] is sheet row
 * `firstRow`); `inRac` the codes Rác already holds. A row without a tracking code is left alone (staff give it one
 * first), so every moved row can be named and restored.
 */
export function planSpamMove(rows: readonly (readonly unknown[])[], firstRow: number, inRac: ReadonlySet<string>, now: Date): SpamMovePlan {
  const plan: SpamMovePlan = { append: [], codes: [], photoIds: [], photosOf: {}, deletes: [], alreadyMoved: [] };
  const marked: SpamRow[] = [];
  rows.forEach((r, i) => {
    if (!isSpam(r[COL.status - 1])) return;
    const code = cellText(r[COL.trackingCode - 1]);
    if (!code) return;
    marked.push({ row: firstRow + i, code });
    // Its photos are trashed once the row has left Góp ý, by this run or by an earlier one that stopped part-way.
    const ids = driveFileIds(cellText(r[COL.photos - 1]));
    plan.photosOf[code] = ids;
    for (const id of ids) plan.photoIds.push(id);
    if (inRac.has(code)) {
      plan.alreadyMoved.push(code);
      return;
    }
    const cells: Cell[] = [];
    for (let c = 0; c < COLUMNS.length; c++) cells.push(asWritable(r[c]));
    cells.push(now);
    plan.append.push(cells);
    plan.codes.push(code);
  });
  // Runs of adjacent rows, the lowest run first in `deletes` order reversed: delete from the bottom up.
  for (const m of marked) {
    const last = plan.deletes[plan.deletes.length - 1];
    if (last && last.row + last.count === m.row) {
      last.count++;
      last.codes.push(m.code);
    } else plan.deletes.push({ row: m.row, count: 1, codes: [m.code] });
  }
  plan.deletes.reverse();
  return plan;
}

/** Rác rows (rows[0] is sheet row `firstRow`) moved more than 30 days ago, as delete runs from the bottom up. */
/** Rác rows stamped a night at most (their runs of neighbouring rows): each run is one write. */
export const SPAM_STAMP_RUNS_PER_NIGHT = 10;

/**
 * Rác rows without a valid "Chuyển vào Rác lúc" (pasted there by hand, or the time cleared): given `now`, so they too
 * are deleted SPAM_KEEP_DAYS later instead of keeping their personal data for ever. Rows are named by tracking code
 * (by their cells when they have none); at most SPAM_STAMP_RUNS_PER_NIGHT runs of neighbouring rows, the rest the
 * next nights.
 */
export function unstampedSpamRows(rows: readonly (readonly unknown[])[], firstRow: number, now: Date): RowChange[] {
  const out: RowChange[] = [];
  let runs = 0;
  let lastRow = -2;
  rows.forEach((r, i) => {
    if (isValidDate(r[MOVED_AT_COL - 1]) || r.every((v) => cellText(v) === '')) return;
    const row = firstRow + i;
    if (row !== lastRow + 1 && ++runs > SPAM_STAMP_RUNS_PER_NIGHT) return;
    lastRow = row;
    const code = cellText(r[COL.trackingCode - 1]);
    out.push({
      ref: code ? { column: COL.trackingCode, value: code } : { like: r },
      label: code || `dòng ${row}`,
      cells: [{ column: MOVED_AT_COL, from: [r[MOVED_AT_COL - 1]], to: now }],
    });
  });
  return out;
}

export function planSpamExpiry(rows: readonly (readonly unknown[])[], firstRow: number, now: Date): DeleteRun[] {
  const cutoff = now.getTime() - SPAM_KEEP_DAYS * 86_400_000;
  const runs: DeleteRun[] = [];
  rows.forEach((r, i) => {
    const moved = r[MOVED_AT_COL - 1];
    if (!isValidDate(moved) || moved.getTime() >= cutoff) return;
    const row = firstRow + i;
    const code = cellText(r[COL.trackingCode - 1]);
    const last = runs[runs.length - 1];
    if (last && last.row + last.count === row) {
      last.count++;
      last.codes.push(code);
    } else runs.push({ row, count: 1, codes: [code] });
  });
  return runs.reverse();
}

export interface RestorePlan {
  /** Rows to append back to Góp ý, status "Mới". */
  append: Cell[][];
  codes: string[];
  photoIds: string[];
  /** Rác rows to delete afterwards. */
  deletes: DeleteRun[];
  /** Codes asked for that Rác does not hold. */
  notFound: string[];
}

/** Tracking codes typed by the owner: separated by spaces, commas, semicolons or lines; upper case. */
export function parseCodeList(input: unknown): string[] {
  const list = String(input ?? '')
    .toUpperCase()
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  return [...new Set(list)];
}

/** Restoring these codes from Rác (rows[0] is sheet row `firstRow`). */
export function planRestore(rows: readonly (readonly unknown[])[], firstRow: number, codes: readonly string[]): RestorePlan {
  const wanted = new Set(codes);
  const plan: RestorePlan = { append: [], codes: [], photoIds: [], deletes: [], notFound: [] };
  const found = new Set<string>();
  rows.forEach((r, i) => {
    const code = cellText(r[COL.trackingCode - 1]);
    if (!wanted.has(code) || found.has(code)) return;
    found.add(code);
    const cells: Cell[] = [];
    for (let c = 0; c < COLUMNS.length; c++) cells.push(c === COL.status - 1 ? RESTORED_STATUS : asWritable(r[c]));
    plan.append.push(cells);
    plan.codes.push(code);
    for (const id of driveFileIds(cellText(r[COL.photos - 1]))) plan.photoIds.push(id);
    const row = firstRow + i;
    const last = plan.deletes[plan.deletes.length - 1];
    if (last && last.row + last.count === row) {
      last.count++;
      last.codes.push(code);
    } else plan.deletes.push({ row, count: 1, codes: [code] });
  });
  plan.deletes.reverse();
  plan.notFound = codes.filter((c) => !found.has(c));
  return plan;
}

/** Nhật ký text for a list of codes: all of them, in lines the log cell can hold. */
export function codesText(codes: readonly string[], max = 45000): string {
  const shown: string[] = [];
  let len = 0;
  for (const c of codes) {
    if (len + c.length + 2 > max) {
      shown.push(`… và ${codes.length - shown.length} mã khác`);
      break;
    }
    shown.push(c);
    len += c.length + 2;
  }
  return shown.join(', ');
}
