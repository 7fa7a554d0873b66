/**
 * Which locations need a poster: active Địa điểm rows with a code a QR can carry, and among them those with no poster,
 * an out-of-date one (see posterStamp) or a deleted doc or PDF — or all of them when asked to remake every poster.
 */
import type { LocationRow } from '../config/config';
import { checkLocationCodes } from './poster';
import { NOTE, driveIdFromUrl, posterStamp, stampFromNote, type PosterSettings } from './poster-stamp';

export type PosterMode = 'missing' | 'all';

/** A Địa điểm row as the job reads it: the parsed row, and when its poster was made (ms), if the cell holds a time. */
export interface PosterRow extends LocationRow {
  madeAt: number | null;
}

export type PosterReason = 'new' | 'changed' | 'doc-gone' | 'pdf-gone' | 'all';

export interface PlannedPoster {
  code: string;
  row: number;
  reason: PosterReason;
}

export interface PosterPlan {
  /** Codes of the active rows with a usable code, in sheet order: one page each in the combined document. */
  pages: string[];
  /** Posters to (re)make, in sheet order. */
  todo: PlannedPoster[];
  /** Active rows left out for a bad code, with the line for their Ghi chú. Their code is never changed. */
  skipped: { row: number; code: string; note: string }[];
}

/** Active rows split into those whose code can go on a poster and those that cannot (with why). */
export function usableLocations(rows: readonly PosterRow[]): { usable: PosterRow[]; skipped: PosterPlan['skipped'] } {
  const active = rows.filter((r) => r.active);
  const problems = new Map<number, string[]>();
  for (const p of checkLocationCodes(active)) {
    const list = problems.get(p.index) ?? [];
    // "dòng N" in checkLocationCodes counts the rows it was given: name the sheet row instead.
    list.push(p.problem.replace(/dòng (\d+)/g, (_m, n: string) => `dòng ${active[Number(n) - 1]?.row ?? n}`));
    problems.set(p.index, list);
  }
  const usable: PosterRow[] = [];
  const skipped: PosterPlan['skipped'] = [];
  active.forEach((r, i) => {
    const list = problems.get(i);
    if (list) skipped.push({ row: r.row, code: r.code, note: NOTE.skipped + list.join(' ') });
    else usable.push(r);
  });
  return { usable, skipped };
}

/**
 * Which posters to make. "missing": rows with no poster link, a poster made for another code, name or settings
 * (posterStamp), or a deleted or trashed doc or PDF (fileAlive is asked only for rows that would otherwise be kept,
 * the PDF only when the doc is there). "all": every usable row.
 */
export function planPosters(
  rows: readonly PosterRow[],
  mode: PosterMode,
  settings: PosterSettings,
  fileAlive: (fileId: string) => boolean,
): PosterPlan {
  const { usable, skipped } = usableLocations(rows);
  const todo: PlannedPoster[] = [];
  for (const r of usable) {
    if (mode === 'all') {
      todo.push({ code: r.code, row: r.row, reason: 'all' });
      continue;
    }
    const docId = driveIdFromUrl(r.posterDoc);
    const pdfId = driveIdFromUrl(r.posterPdf);
    if (!docId) todo.push({ code: r.code, row: r.row, reason: 'new' });
    else if (stampFromNote(r.note) !== posterStamp(settings, r.code, r.name)) todo.push({ code: r.code, row: r.row, reason: 'changed' });
    else if (!fileAlive(docId)) todo.push({ code: r.code, row: r.row, reason: 'doc-gone' });
    else if (!pdfId || !fileAlive(pdfId)) todo.push({ code: r.code, row: r.row, reason: 'pdf-gone' });
  }
  return { pages: usable.map((r) => r.code), todo, skipped };
}
