/**
 * The retention period: which rows have kept personal data longer than the months set in Cấu hình, and the changes
 * that blank their personal columns and mask those values inside the opinion text, the public reply and the internal
 * note. The opinion and its handling stay.
 */
import { DAY_MS, localMidnight, localParts } from '../staff/deadline';
import { cellText, isDateValue, isFilled } from '../records/cell-writes';
import { codeProblems, headerIndex, type RowProblem } from '../records/responses-rows';
import type { CellChange, RowChange } from '../records/row-changes';
import { maskPersonalData } from './mask';
import { COL, PERSONAL_COLUMNS, type ColumnKey } from '../records/feedback-record';
import { literalCell } from '../records/sheet-literal';

/** The texts of a row that may hold the sender's data, masked when the contact cells are blanked. */
const TEXT_COLUMNS = ['content', 'publicReply', 'internalNote'] as const;

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
  /** One change per row received before the cutoff that still holds personal data. */
  changes: RowChange[];
  /** Drive ids of the photos of those rows, by the change's label. */
  photoIds: Map<string, string[]>;
  /** Rows due but left alone: their tracking code was edited, cleared or is held by more than one row. */
  leftAlone: RowProblem[];
}

/**
 * Rows received before `cutoff` that still hold personal data: a personal column (PERSONAL_COLUMNS) filled, or the
 * opinion text, the public reply or the internal note carrying the sender's own name, address, phone or email, or any
 * phone number or email. Their personal columns are blanked and those values masked inside the three texts; the
 * opinion, status and everything else stay. Rows without a valid "Thời gian nhận" are never touched. `table` is the
 * sheet from row 1 (the header is found by its text); each change names its row by tracking code, or by its cells for
 * a row typed by hand that has none yet.
 */
export function planPurge(table: readonly (readonly unknown[])[], cutoff: Date, isCode: (text: string) => boolean): PurgePlan {
  const limit = cutoff.getTime();
  const problems = new Map(codeProblems(table, isCode).map((p) => [p.row, p]));
  const plan: PurgePlan = { changes: [], photoIds: new Map(), leftAlone: [] };
  for (let i = headerIndex(table) + 1; i < table.length; i++) {
    const cells = table[i];
    const received = cells[COL.receivedAt - 1];
    if (!isDateValue(received) || received.getTime() >= limit) continue;
    const at = (k: ColumnKey) => cells[COL[k] - 1];
    const sender = {
      name: cellText(at('name')),
      address: cellText(at('address')),
      phone: cellText(at('phone')),
      email: cellText(at('email')),
    };
    // The public reply too: once the contact cells are blank, the sender's name in "Kính gửi bà …" is no longer
    // recognised by the masking of the results page, the lookup and the reports.
    const texts: CellChange[] = [];
    for (const k of TEXT_COLUMNS) {
      const before = String(at(k) ?? '');
      const masked = before ? maskPersonalData(before, sender) : before;
      if (masked !== before) texts.push({ column: COL[k], from: [before], to: literalCell(masked.normalize('NFC')) });
    }
    const personal = PERSONAL_COLUMNS.filter((k) => isFilled(at(k)));
    if (personal.length === 0 && texts.length === 0) continue;
    const problem = problems.get(i + 1);
    if (problem) {
      plan.leftAlone.push(problem);
      continue;
    }
    const change: CellChange[] = personal.map((k) => ({ column: COL[k], from: [at(k)], to: '' }));
    change.push(...texts);
    const code = cellText(at('trackingCode'));
    const label = code || `dòng ${i + 1}`;
    plan.changes.push({ ref: code ? { column: COL.trackingCode, value: code } : { like: cells }, label, cells: change });
    const ids = driveFileIds(String(at('photos') ?? ''));
    if (ids.length) plan.photoIds.set(label, ids);
  }
  return plan;
}
