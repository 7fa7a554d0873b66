/**
 * Changing rows of a sheet that staff may sort, insert into and delete from at any moment, between any two calls the
 * box makes. A row number is only a hint: every change names its row by a key (a tracking code, a location code) or,
 * for a row that has no key yet, by the row's other cells.
 *
 * No Sheets call finds a row and writes it in one step, so each round reads the sheet, writes only the cells that must
 * change (one write per run of adjacent cells of one row), and reads the sheet again. Rows are matched across the two
 * reads by key, else by content; a cell of any other row that now holds a value this round wrote is put back as it
 * was, and a change that did not land is written again in the next round. A cell that holds neither the value the
 * change was planned from nor its new value was edited by someone in between: it is left alone.
 */
import { asWritable, cellText, holdsWritten, isFilled, rowWrites, sameCell, storedValue, type BlockWrite } from './cell-writes';
import type { Cell } from './feedback-record';

function errorMessage(e: unknown): string {
  return e && typeof e === 'object' && 'message' in e ? String((e as { message: unknown }).message) : String(e);
}

/** Whether a write that failed was for a row the sheet no longer reaches (English refusal, or a fresh read says so). */
function pastTheEnd(w: BlockWrite, e: unknown, io: TableIo): boolean {
  if (/dimensions of the sheet/i.test(errorMessage(e))) return true;
  return w.row + w.values.length - 1 > io.read().length;
}

/**
 * The row a change is for: the one whose `column` holds `value` (a key), or — for a row with no key yet — the one
 * holding the cells of `like` outside the columns the change writes.
 */
export type RowRef = { column: number; value: string } | { like: readonly unknown[] };

export interface CellChange {
  column: number;
  /** Values (as read) the cell may hold for the change to apply; anything else is someone's edit, left alone. */
  from: unknown[];
  /** The new value, as written (text as literal text). */
  to: Cell;
  /**
   * The cell holds the new value only when its text is exactly it, code unit for code unit: for a spelling written
   * back (an NFD status rewritten in NFC). Otherwise text is compared after NFC (sameCell).
   */
  exact?: boolean;
}

export interface RowChange {
  ref: RowRef;
  /** Names the row in reports: a tracking code, a location code. */
  label: string;
  cells: CellChange[];
}

/** The sheet as the changes see it. */
export interface TableIo {
  /** Every row from sheet row 1 (rows[0]) in one read, at least as wide as any column changed. */
  read(): unknown[][];
  write(w: BlockWrite): void;
}

export interface ChangeOutcome {
  /** Changes now in place (cells edited by someone else in between excepted: see conflicts). */
  done: RowChange[];
  /** Changes whose row is no longer in the sheet. */
  missing: RowChange[];
  /** Changes whose key more than one row holds: left alone. */
  ambiguous: RowChange[];
  /** Cells someone else edited since the change was planned: left alone. */
  conflicts: { change: RowChange; row: number; column: number; value: unknown }[];
  /** Cells still not as they should be when the rounds ran out (a change, or another row put back). */
  unsettled: { label: string; row: number; column: number; value: Cell }[];
  /** Cells of other rows the box wrote into by mistake (a sort or insert in between) and put back. */
  repaired: number;
  /** Rounds of writes made. */
  rounds: number;
  /** The sheet as last read. */
  table: unknown[][];
}

export const MAX_ROUNDS = 8;

interface Pending {
  change: RowChange;
  /** Where the row is to be found now (the change's own ref, until the row must be followed by its cells). */
  ref: RowRef;
  /** Cells still to check or write. */
  cells: CellChange[];
  /** A change the caller asked for (not a repair of another row). */
  own: boolean;
}

interface Written {
  column: number;
  value: unknown;
  /** The row it was meant for, as an index of the read before the round. */
  target: number;
}

function norm(v: unknown): string {
  if (v === null || v === undefined || v === '') return '';
  if (Object.prototype.toString.call(v) === '[object Date]') return `D${Math.floor((v as Date).getTime() / 1000)}`;
  if (typeof v === 'string') return `S${v.normalize('NFC')}`;
  return `${typeof v}:${String(v)}`;
}

function contentId(row: readonly unknown[], skip: ReadonlySet<number>, width: number): string {
  const parts: string[] = [];
  for (let c = 1; c <= width; c++) parts.push(skip.has(c) ? '' : norm(row[c - 1]));
  while (parts.length && parts[parts.length - 1] === '') parts.pop();
  return parts.join('\u0001');
}

function rawText(v: unknown): string {
  return v === null || v === undefined ? '' : String(v).normalize('NFC');
}

function widthOf(table: readonly (readonly unknown[])[]): number {
  return table.reduce((w, r) => Math.max(w, r.length), 0);
}

type Located = { index: number } | { missing: true } | { ambiguous: true };

/** Finds rows in one read of the sheet; rows by their cells are indexed once per set of columns left out. */
class RowFinder {
  private readonly byContent = new Map<string, Map<string, number[]>>();
  private readonly width: number;
  constructor(private readonly table: readonly (readonly unknown[])[]) {
    this.width = widthOf(table);
  }

  private readonly byKey = new Map<number, { raw: Map<string, number[]>; trimmed: Map<string, number[]> }>();

  /** Rows by the text of one column: as written, and trimmed. */
  private keys(column: number): { raw: Map<string, number[]>; trimmed: Map<string, number[]> } {
    let keys = this.byKey.get(column);
    if (!keys) {
      const made = { raw: new Map<string, number[]>(), trimmed: new Map<string, number[]>() };
      const add = (m: Map<string, number[]>, k: string, i: number) => {
        const list = m.get(k);
        if (list) list.push(i);
        else m.set(k, [i]);
      };
      this.table.forEach((r, i) => {
        add(made.raw, rawText(r[column - 1]), i);
        add(made.trimmed, cellText(r[column - 1]), i);
      });
      this.byKey.set(column, made);
      keys = made;
    }
    return keys;
  }

  private index(columns: ReadonlySet<number>): Map<string, number[]> {
    const skip = [...columns].sort((a, b) => a - b).join(',');
    let index = this.byContent.get(skip);
    if (!index) {
      const made = new Map<string, number[]>();
      this.table.forEach((r, i) => {
        const id = contentId(r, columns, this.width);
        const list = made.get(id);
        if (list) list.push(i);
        else made.set(id, [i]);
      });
      this.byContent.set(skip, made);
      index = made;
    }
    return index;
  }

  /**
   * Where a change's row is now. By key; or by its cells: the row exactly as last seen, else one that holds the same
   * cells outside the change and, in each changed cell, a value the change expects or writes. `claimed` rows are
   * taken by other changes of this round.
   */
  locate(ref: RowRef, cells: readonly CellChange[], claimed: ReadonlySet<number>): Located {
    if ('column' in ref) {
      // The key as written (codes are never trimmed), else as read without stray spaces.
      const keys = this.keys(ref.column);
      let hits = keys.raw.get(rawText(ref.value)) ?? [];
      if (hits.length === 0) hits = keys.trimmed.get(cellText(ref.value)) ?? [];
      if (hits.length === 0) return { missing: true };
      return hits.length > 1 ? { ambiguous: true } : { index: hits[0] };
    }
    const free = (i: number) => !claimed.has(i);
    const exact = (this.index(new Set()).get(contentId(ref.like, new Set(), this.width)) ?? []).find(free);
    if (exact !== undefined) return { index: exact };
    const columns = new Set(cells.map((c) => c.column));
    const hit = (this.index(columns).get(contentId(ref.like, columns, this.width)) ?? []).find(
      (i) =>
        free(i) &&
        cells.every(
          (cc) =>
            cc.from.some((v) => sameCell(this.table[i][cc.column - 1], v)) ||
            holdsWritten(this.table[i][cc.column - 1], storedValue(cc.to)),
        ),
    );
    return hit === undefined ? { missing: true } : { index: hit };
  }
}

interface Plan {
  writes: BlockWrite[];
  /** Pending changes that wrote this round, with the index of their row in the table read before. */
  targets: { pending: Pending; index: number }[];
}

function planRound(table: unknown[][], pending: Pending[], out: ChangeOutcome): Plan {
  const plan: Plan = { writes: [], targets: [] };
  const claimed = new Set<number>();
  const finder = new RowFinder(table);
  for (const p of pending) {
    const at = finder.locate(p.ref, p.cells, claimed);
    if (!('index' in at)) {
      if (p.own) ('missing' in at ? out.missing : out.ambiguous).push(p.change);
      continue;
    }
    claimed.add(at.index);
    const row = table[at.index];
    const cells = new Map<number, Cell>();
    const exact = new Set<number>();
    const left: CellChange[] = [];
    for (const cc of p.cells) {
      const cur = row[cc.column - 1];
      if (cc.exact ? cur === storedValue(cc.to) : sameCell(cur, storedValue(cc.to))) continue;
      if (cc.from.some((f) => sameCell(cur, f))) {
        cells.set(cc.column, cc.to);
        if (cc.exact) exact.add(cc.column);
        left.push(cc);
      } else if (holdsWritten(cur, storedValue(cc.to))) {
        continue; // written, and kept to the second
      } else if (p.own) {
        out.conflicts.push({ change: p.change, row: at.index + 1, column: cc.column, value: cur });
      }
    }
    if (left.length === 0) {
      if (p.own) out.done.push(p.change);
      continue;
    }
    plan.writes.push(...rowWrites(at.index + 1, row, cells, exact));
    plan.targets.push({ pending: { ...p, cells: left }, index: at.index });
  }
  plan.writes = stackWrites(plan.writes);
  return plan;
}

/** Writes of the same columns on consecutive rows go as one block: still only the cells meant to change. */
function stackWrites(writes: BlockWrite[]): BlockWrite[] {
  const sorted = [...writes].sort((a, b) => a.column - b.column || a.values[0].length - b.values[0].length || a.row - b.row);
  const out: BlockWrite[] = [];
  for (const w of sorted) {
    const last = out[out.length - 1];
    if (last && last.column === w.column && last.values[0].length === w.values[0].length && last.row + last.values.length === w.row) {
      last.values.push(w.values[0]);
    } else out.push({ row: w.row, column: w.column, values: [[...w.values[0]]] });
  }
  return out;
}

/** True when every filled cell of the row is one this round wrote, holding a value written to that column. */
function onlyOurs(row: readonly unknown[], written: readonly Written[]): boolean {
  return row.every((v, i) => !isFilled(v) || written.some((w) => w.column === i + 1 && holdsWritten(v, w.value)));
}

/**
 * Pairs the rows of the read after a round with those of the read before (-1: a row that was not there, e.g. one
 * staff inserted). Unchanged rows pair by their cells. A changed row pairs with the row it equals once the cells this
 * round may have written are left out; rows that leave one choice go first, so each pairing narrows the next.
 */
function pairRows(before: readonly (readonly unknown[])[], after: readonly (readonly unknown[])[], written: readonly Written[]): number[] {
  const width = Math.max(widthOf(before), widthOf(after));
  const none = new Set<number>();
  const exact = new Map<string, number[]>();
  before.forEach((r, i) => {
    const id = contentId(r, none, width);
    const list = exact.get(id);
    if (list) list.push(i);
    else exact.set(id, [i]);
  });
  const partner = after.map((r) => exact.get(contentId(r, none, width))?.shift() ?? -1);
  const free = new Set<number>();
  for (const list of exact.values()) for (const i of list) free.add(i);
  const open = after.map((_, j) => j).filter((j) => partner[j] < 0);
  const candidates = new Map<number, number[]>();
  /** How little is known of a row: blank rows last (they are alike), then rows with more cells this round wrote. */
  const vagueness = new Map<number, number>();
  for (const j of open) {
    const ours = new Set<number>();
    after[j].forEach((v, c) => {
      if (written.some((w) => w.column === c + 1 && holdsWritten(v, w.value))) ours.add(c + 1);
    });
    const id = contentId(after[j], ours, width);
    candidates.set(
      j,
      [...free].filter((i) => contentId(before[i], ours, width) === id),
    );
    vagueness.set(j, (after[j].some(isFilled) ? 0 : 1000) + ours.size);
  }
  for (;;) {
    const order = [...candidates.entries()]
      .filter(([, c]) => c.length > 0)
      .sort((x, y) => vagueness.get(x[0])! - vagueness.get(y[0])! || x[1].length - y[1].length);
    if (order.length === 0) break;
    const [j, list] = order[0];
    partner[j] = list[0];
    candidates.delete(j);
    for (const c of candidates.values()) {
      const k = c.indexOf(list[0]);
      if (k >= 0) c.splice(k, 1);
    }
  }
  return partner;
}

/**
 * Compares the reads before and after a round's writes: returns what is still to do — the changes that wrote, with
 * repairs of the rows a misplaced write landed in added to them or as changes of their own.
 */
function reconcile(before: unknown[][], after: unknown[][], keyColumn: number, plan: Plan, out: ChangeOutcome): Pending[] {
  const columns = new Set(plan.targets.flatMap((t) => t.pending.cells.map((c) => c.column)));
  const written: Written[] = plan.targets.flatMap((t) =>
    t.pending.cells.map((cc) => ({ column: cc.column, value: storedValue(cc.to), target: t.index })),
  );
  const partner = pairRows(before, after, written);
  const afterOf = new Map<number, number>();
  partner.forEach((i, j) => {
    if (i >= 0) afterOf.set(i, j);
  });
  const next: Pending[] = [];
  const byAfterRow = new Map<number, Pending>();
  for (const t of plan.targets) {
    const p: Pending = { ...t.pending, cells: t.pending.cells.map((c) => ({ ...c, from: [...c.from] })) };
    const j = afterOf.get(t.index);
    if (j !== undefined) {
      byAfterRow.set(j, p);
      // A row named by its cells is followed to where it is now.
      if ('like' in p.ref) p.ref = { like: after[j] };
    }
    next.push(p);
  }
  const keys = after.map((r) => cellText(r[keyColumn - 1]));
  after.forEach((row, j) => {
    const i = partner[j];
    for (const c of columns) {
      const now = row[c - 1];
      if (i >= 0 ? sameCell(now, before[i][c - 1]) : !isFilled(now)) continue;
      const ours = written.filter((w) => w.column === c && holdsWritten(now, w.value));
      if (ours.length === 0) continue; // someone else's edit
      if (i >= 0 && ours.some((w) => w.target === i)) continue; // the row it was meant for
      if (i < 0 && !onlyOurs(row, written)) continue; // a row changed by someone else too: cannot tell what it held
      const was = i >= 0 ? before[i][c - 1] : '';
      out.repaired++;
      const p = byAfterRow.get(j);
      const same = p?.cells.find((cc) => cc.column === c);
      if (same) same.from.push(now);
      else if (p) p.cells.push({ column: c, from: [now], to: asWritable(was) });
      else {
        // Named by its cells: its key may be the very cell being put back.
        const cells = [{ column: c, from: [now], to: asWritable(was) }];
        const repair: Pending = {
          change: { ref: { like: row }, label: keys[j] || `dòng ${j + 1}`, cells },
          ref: { like: row },
          cells,
          own: false,
        };
        byAfterRow.set(j, repair);
        next.push(repair);
      }
    }
  });
  // A row whose key a misplaced write changed is followed by its cells until the key is put back.
  for (const [j, p] of byAfterRow) {
    if ('column' in p.ref && cellText(after[j][p.ref.column - 1]) !== p.ref.value) p.ref = { like: after[j] };
  }
  return next;
}

/**
 * Applies the changes, following rows staff move, skipping rows they deleted, never undoing their edits, and putting
 * back any cell of another row a write landed in. `initial` is the sheet as just read, when the caller has it.
 */
export function applyRowChanges(
  io: TableIo,
  changes: readonly RowChange[],
  /** `initial`: the sheet as just read; `keyColumn`: the column whose text names a row in reports (default A). */
  opts: { initial?: unknown[][]; maxRounds?: number; keyColumn?: number } = {},
): ChangeOutcome {
  const maxRounds = opts.maxRounds ?? MAX_ROUNDS;
  let table = opts.initial ?? io.read();
  const out: ChangeOutcome = { done: [], missing: [], ambiguous: [], conflicts: [], unsettled: [], repaired: 0, rounds: 0, table };
  let pending: Pending[] = changes.map((change) => ({ change, ref: change.ref, cells: change.cells, own: true }));
  for (;;) {
    const plan = planRound(table, pending, out);
    if (plan.writes.length === 0) break;
    if (out.rounds >= maxRounds) {
      for (const t of plan.targets) {
        for (const cc of t.pending.cells)
          out.unsettled.push({ label: t.pending.change.label, row: t.index + 1, column: cc.column, value: cc.to });
      }
      break;
    }
    for (const w of plan.writes) {
      try {
        io.write(w);
      } catch (e) {
        // Rows deleted since the read can leave a planned row past the sheet's end, which Sheets refuses in the
        // account's language: a fresh read tells that refusal from any other, and the next read shows where the row is.
        if (!pastTheEnd(w, e, io)) throw e;
      }
    }
    out.rounds++;
    const after = io.read();
    pending = reconcile(table, after, opts.keyColumn ?? 1, plan, out);
    table = after;
  }
  out.table = table;
  return out;
}
