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
import type { SenderContact } from './publish';
import { distinctSenders, maskContactOf, replyKey } from './shared-replies';
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

/** The senders of the rows received before `limit` with a contact field, by the key of the reply they hold. */
function expiredReplyHolders(table: readonly (readonly unknown[])[], limit: number): Map<string, SenderContact[]> {
  const out = new Map<string, SenderContact[]>();
  for (let i = headerIndex(table) + 1; i < table.length; i++) {
    const cells = table[i];
    const received = cells[COL.receivedAt - 1];
    if (!isDateValue(received) || received.getTime() >= limit) continue;
    const key = replyKey(cells[COL.publicReply - 1]);
    if (!key) continue;
    const sender = {
      name: cellText(cells[COL.name - 1]),
      address: cellText(cells[COL.address - 1]),
      phone: cellText(cells[COL.phone - 1]),
      email: cellText(cells[COL.email - 1]),
    };
    let list = out.get(key);
    if (!list) out.set(key, (list = []));
    list.push(sender);
  }
  for (const [key, senders] of out) {
    const distinct = distinctSenders(senders);
    if (distinct.length) out.set(key, distinct);
    else out.delete(key);
  }
  return out;
}

/**
 * Rows received before `cutoff` that still hold personal data: a personal column (PERSONAL_COLUMNS) filled, or the
 * opinion text, the public reply or the internal note carrying the sender's own name, address, phone or email, or any
 * phone number or email. Their personal columns are blanked and those values masked inside the three texts; the
 * opinion, status and everything else stay. Rows without a valid "Thời gian nhận" are never touched. `table` is the
 * sheet from row 1 (the header is found by its text); each change names its row by tracking code, or by its cells for
 * a row typed by hand that has none yet. A recent row holding the same public reply as an expired row (staff paste one
 * reply into every row of an issue, naming them) has the expired senders' own contact fields masked in it too.
 */
export function planPurge(table: readonly (readonly unknown[])[], cutoff: Date, isCode: (text: string) => boolean): PurgePlan {
  const limit = cutoff.getTime();
  const problems = new Map(codeProblems(table, isCode).map((p) => [p.row, p]));
  const plan: PurgePlan = { changes: [], photoIds: new Map(), leftAlone: [] };
  const expiredHolders = expiredReplyHolders(table, limit);
  // The same reply in other spellings is masked once per spelling.
  const sharedMasked = new Map<string, string>();
  const withoutExpiredHolders = (reply: string): string => {
    let out = sharedMasked.get(reply);
    if (out === undefined) {
      out = reply;
      for (const s of expiredHolders.get(replyKey(reply)) ?? []) out = maskContactOf(out, s);
      sharedMasked.set(reply, out);
    }
    return out;
  };
  for (let i = headerIndex(table) + 1; i < table.length; i++) {
    const cells = table[i];
    const received = cells[COL.receivedAt - 1];
    if (!isDateValue(received)) continue;
    if (received.getTime() >= limit) {
      // A recent row holding a reply staff pasted into expired rows too: those senders' data goes from it as well.
      const reply = cells[COL.publicReply - 1];
      if (typeof reply !== 'string' || !expiredHolders.has(replyKey(reply))) continue;
      const masked = withoutExpiredHolders(reply);
      if (masked === reply || masked === reply.normalize('NFC') || problems.has(i + 1)) continue;
      const code = cellText(cells[COL.trackingCode - 1]);
      plan.changes.push({
        ref: code ? { column: COL.trackingCode, value: code } : { like: cells },
        label: code || `dòng ${i + 1}`,
        cells: [{ column: COL.publicReply, from: [reply], to: literalCell(masked) }],
      });
      continue;
    }
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
      const shared = k === 'publicReply' && before ? withoutExpiredHolders(before) : before;
      const masked = shared ? maskPersonalData(shared, sender) : shared;
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
