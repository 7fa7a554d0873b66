/**
 * The retention period: which rows have kept personal data longer than the months set in Cấu hình, and the one write
 * that blanks their personal columns and masks those values inside the opinion text. The opinion and its handling stay.
 */
import { DAY_MS, localMidnight, localParts } from '../staff/deadline';
import { cellText, isDateValue, isFilled, patchBlock, type BlockWrite } from '../records/cell-writes';
import { redactKnownValues, stripPersonalData } from './pii';
import { COL, PERSONAL_COLUMNS, type Cell, type ColumnKey } from '../records/feedback-record';
import { literalCell } from '../records/sheet-literal';

/** Local midnight `months` calendar months before the local day of `now` (the 31st falls back to the month's end). */
export function retentionCutoff(now: Date, months: number): Date {
  const p = localParts(now);
  const first = localParts(localMidnight(p.year, p.month - months, 1));
  const daysInMonth = localParts(new Date(localMidnight(first.year, first.month + 1, 1).getTime() - DAY_MS)).day;
  return localMidnight(first.year, first.month, Math.min(p.day, daysInMonth));
}

/** Drive file ids in the "Ảnh" column's links (…/file/d/<id>/…, …?id=<id>), in order, without repeats. */
export function driveFileIds(links: string): string[] {
  const ids: string[] = [];
  for (const part of String(links ?? '').split(/[\s,;]+/)) {
    const m = /\/d\/([A-Za-z0-9_-]{5,})/.exec(part) ?? /[?&]id=([A-Za-z0-9_-]{5,})/.exec(part);
    if (m && !ids.includes(m[1])) ids.push(m[1]);
  }
  return ids;
}

export interface PurgePlan {
  /** Sheet rows whose personal data is removed. */
  rows: number[];
  /** Drive ids of the photos of those rows. */
  photoIds: string[];
  /** One write over "Nội dung" … "Ảnh" of the rows concerned, or null when nothing is due. */
  write: BlockWrite | null;
}

/** First and last column of the block the purge rewrites: "Nội dung" through "Ảnh". */
export const PURGE_FROM_COL = PERSONAL_COLUMNS.reduce((a, k) => Math.min(a, COL[k]), COL.content);
export const PURGE_TO_COL = PERSONAL_COLUMNS.reduce((a, k) => Math.max(a, COL[k]), COL.content);

/**
 * Rows received before `cutoff` that still hold personal data: a personal column (PERSONAL_COLUMNS) filled, or
 * the opinion text carrying the sender's own name, address, phone or email, or any phone number or email.
 * Their personal columns are blanked and those values masked inside the text; the opinion, status and everything
 * else stay. Rows without a valid "Thời gian nhận" are never touched.
 */
export function planPurge(rows: readonly (readonly unknown[])[], firstRow: number, cutoff: Date): PurgePlan {
  const limit = cutoff.getTime();
  const updates = new Map<number, Map<number, Cell>>();
  const photoIds: string[] = [];
  const purged: number[] = [];
  rows.forEach((cells, i) => {
    const received = cells[COL.receivedAt - 1];
    if (!isDateValue(received) || received.getTime() >= limit) return;
    const at = (k: ColumnKey) => cells[COL[k] - 1];
    const content = String(at('content') ?? '');
    const masked = content
      ? stripPersonalData(
          redactKnownValues(content, {
            name: cellText(at('name')),
            address: cellText(at('address')),
            phone: cellText(at('phone')),
            email: cellText(at('email')),
          }),
        )
      : content;
    const personal = PERSONAL_COLUMNS.filter((k) => isFilled(at(k)));
    if (personal.length === 0 && masked === content.normalize('NFC')) return;
    const set = new Map<number, Cell>();
    for (const k of personal) set.set(COL[k], '');
    if (masked !== content.normalize('NFC')) set.set(COL.content, literalCell(masked));
    const row = firstRow + i;
    updates.set(row, set);
    purged.push(row);
    for (const id of driveFileIds(String(at('photos') ?? ''))) if (!photoIds.includes(id)) photoIds.push(id);
  });
  return { rows: purged, photoIds, write: patchBlock(rows, firstRow, PURGE_FROM_COL, PURGE_TO_COL, updates) };
}
