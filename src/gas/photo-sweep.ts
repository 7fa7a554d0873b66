/**
 * The nightly sweep of the private photo folder: files no row of Góp ý points to are linked into their row or trashed
 * (see core/privacy/photo-sweep.ts). Bounded work per run: it reads on through the folder from where the last run
 * stopped (a Drive continuation token in script properties) and acts on the codes it found, each file and code paid
 * from the night's call budget (core/privacy/night-budget.ts) before its calls are made.
 */
import { cellText } from '../core/records/cell-writes';
import { COL, isValidDate } from '../core/records/feedback-record';
import { literalCell } from '../core/records/sheet-literal';
import { headerIndex } from '../core/records/responses-rows';
import { driveFileIds } from '../core/privacy/retention';
import { queuedPhotos } from '../core/privacy/photo-queue';
import { decidePhotos, photoOwner, type PhotoFile, type PhotoRow } from '../core/privacy/photo-sweep';
import { isTrackingCode } from '../core/intake/tracking-code';
import { CALL_COST, type CallBudget } from '../core/privacy/night-budget';
import type { ChangeOutcome, RowChange } from '../core/records/row-changes';
import { restoreFolder } from './folders';

export const PROP_PHOTO_SWEEP_TOKEN = 'PHOTO_SWEEP_TOKEN';
/** Files looked at per run at most, whatever the budget. */
export const SWEEP_SCAN = 300;

export interface SweepOutcome {
  scanned: number;
  /** Rows given links, and the files linked. */
  linkedRows: string[];
  linkedFiles: number;
  trashed: number;
  /** The photo folder was in the Drive trash and was taken back out (with the photos in it). */
  restoredFolder?: boolean;
}

/** The rows of each tracking code in `table` (the sheet from row 1): 'unclear' when several rows hold it. */
function rowsByCode(table: readonly (readonly unknown[])[], cutoff: Date): Map<string, PhotoRow> {
  const out = new Map<string, PhotoRow>();
  for (let i = headerIndex(table) + 1; i < table.length; i++) {
    const code = cellText(table[i][COL.trackingCode - 1]);
    if (!isTrackingCode(code)) continue;
    const received = table[i][COL.receivedAt - 1];
    const row: PhotoRow = {
      photos: cellText(table[i][COL.photos - 1]),
      expired: isValidDate(received) && received.getTime() < cutoff.getTime(),
    };
    out.set(code, out.has(code) ? 'unclear' : row);
  }
  return out;
}

type Table = readonly (readonly unknown[])[];

/** Drive ids of the photos the rows of `table` link to. */
function linkedIds(table: Table): Set<string> {
  const linked = new Set<string>();
  for (let i = headerIndex(table) + 1; i < table.length; i++) {
    for (const id of driveFileIds(cellText(table[i][COL.photos - 1]))) linked.add(id);
  }
  return linked;
}

/**
 * Links or trashes the photo files no row points to. `earlier` is Góp ý as read earlier in the run (null when it was
 * not), used only to pass over linked files while scanning; `read` reads Góp ý afresh (under the script lock), and
 * what is linked or trashed is decided from that read alone, taken once the scan found files to act on: a row
 * restored from Rác meanwhile keeps its photos. At most one read. `cutoff` is the retention cutoff, `change` writes
 * rows (FeedbackSheet.change). Each file looked at and each code acted on is paid from `budget` first, leaving
 * `keep` for the pieces after the sweep: the scan stops once the codes it found would use up the rest, so the codes
 * it passed are acted on this night (a code with more files than expected may be left for the next pass).
 */
export function sweepPhotos(
  folderId: string,
  earlier: Table | null,
  read: () => Table,
  cutoff: Date,
  change: (changes: RowChange[]) => ChangeOutcome,
  budget: CallBudget,
  keep = 0,
): SweepOutcome {
  const out: SweepOutcome = { scanned: 0, linkedRows: [], linkedFiles: 0, trashed: 0 };
  const props = PropertiesService.getScriptProperties();
  const folder = DriveApp.getFolderById(folderId);
  // A photo folder someone put in the trash takes every photo with it in 30 days, and new ones are saved into it:
  // taken back at once, every link in the sheet stays good.
  if (folder.isTrashed()) out.restoredFolder = restoreFolder(folder);
  const all = props.getProperties();
  const token = all[PROP_PHOTO_SWEEP_TOKEN] ?? null;
  // Photos of purged rows waiting in the queue are the purge's to trash (gas/photo-queue.ts): passed over like linked ones.
  const queued = new Set(queuedPhotos(all));
  let files: GoogleAppsScript.Drive.FileIterator;
  try {
    files = token ? DriveApp.continueFileIterator(token) : folder.getFiles();
  } catch {
    files = folder.getFiles(); // an old token: start over
  }
  let table = earlier;
  let fresh = false;
  if (!table) {
    table = read();
    fresh = true;
  }
  let linked = linkedIds(table);
  const taken = (id: string) => linked.has(id) || queued.has(id);
  // What acting on a code is expected to cost, from its row as last read: linking searches for all its files.
  let rows = rowsByCode(table, cutoff);
  const actCost = (code: string, n: number) =>
    needsLinks(rows.get(code)) ? linkCost(n) : n * (CALL_COST.sweepDate + CALL_COST.sweepTrash);
  // The unlinked files the scan saw, by code, kept in hand: trashing one needs no second look-up.
  const seen = new Map<string, Seen[]>();
  let planned = 0;
  const canScan = () => budget.take(CALL_COST.sweepScan, keep + planned + linkCost(1));
  while (out.scanned < SWEEP_SCAN && canScan() && files.hasNext()) {
    const f = files.next();
    out.scanned++;
    const id = f.getId();
    if (taken(id)) continue;
    const name = f.getName();
    const owner = photoOwner(name);
    if (!owner || !isTrackingCode(owner.code)) continue;
    const list = seen.get(owner.code) ?? [];
    planned -= list.length ? actCost(owner.code, list.length) : 0;
    list.push({ file: f, id, name });
    seen.set(owner.code, list);
    planned += actCost(owner.code, list.length);
  }
  if (files.hasNext()) props.setProperty(PROP_PHOTO_SWEEP_TOKEN, files.getContinuationToken());
  else props.deleteProperty(PROP_PHOTO_SWEEP_TOKEN);

  if (seen.size && !fresh) {
    table = read();
    linked = linkedIds(table);
    rows = rowsByCode(table, cutoff);
  }
  const now = Date.now();
  for (const [code, files] of seen) {
    const row = rows.get(code) ?? 'none';
    const acted = needsLinks(row)
      ? linkCode(code, row, folder, taken, change, budget, keep, now, out)
      : trashSeen(
          code,
          files.filter((f) => !taken(f.id)),
          row,
          budget,
          keep,
          now,
          out,
        );
    if (!acted) break;
  }
  return out;
}

/** A file the scan saw no row link, with what it read of it. */
interface Seen {
  file: GoogleAppsScript.Drive.File;
  id: string;
  name: string;
}

/** A row within retention with no photo links: its files are linked into it, all of them found first. */
function needsLinks(row: PhotoRow | undefined): boolean {
  return typeof row === 'object' && !row.expired && row.photos.trim() === '';
}

/**
 * What linking a code with `n` files is expected to cost: the search, each file listed, the row written. Only a plan
 * for the scan: each step is paid when it is taken.
 */
function linkCost(n: number): number {
  return CALL_COST.sweepCode + n * CALL_COST.sweepFound + CALL_COST.sweepLink;
}

/** A file as core/privacy/photo-sweep.ts sees it; its link is read only if it is linked. */
function photoFile(f: GoogleAppsScript.Drive.File, id: string, name: string): PhotoFile {
  return {
    id,
    name,
    createdAt: f.getDateCreated().getTime(),
    get url() {
      return f.getUrl();
    },
  };
}

/**
 * Files in hand to the trash, each once (one trashed meanwhile is not counted), each paid first; false when the
 * budget ran out (the rest, still unlinked, are found on a later pass).
 */
function trashFiles(
  ids: readonly string[],
  byId: ReadonlyMap<string, GoogleAppsScript.Drive.File>,
  budget: CallBudget,
  keep: number,
  out: SweepOutcome,
): boolean {
  for (const id of ids) {
    const file = byId.get(id);
    if (!file) continue;
    if (!budget.take(CALL_COST.sweepTrash, keep)) return false;
    try {
      if (!file.isTrashed()) {
        file.setTrashed(true);
        out.trashed++;
      }
    } catch {
      // Gone already.
    }
  }
  return true;
}

/**
 * The files of a code whose row is gone, past retention or linked to its photos already: the ones the scan saw are
 * trashed as they are (files of it elsewhere in the folder, on a later pass). False when the budget ran out.
 */
function trashSeen(
  code: string,
  files: readonly Seen[],
  row: PhotoRow,
  budget: CallBudget,
  keep: number,
  now: number,
  out: SweepOutcome,
): boolean {
  if (!files.length) return true;
  // Each file's creation time is read first (one still being saved waits), then what is trashed.
  if (!budget.take(files.length * CALL_COST.sweepDate, keep + files.length * CALL_COST.sweepTrash)) return false;
  const decision = decidePhotos(
    code,
    files.map((f) => photoFile(f.file, f.id, f.name)),
    row,
    now,
  );
  return trashFiles(decision.trash, new Map(files.map((f) => [f.id, f.file])), budget, keep, out);
}

/**
 * The files of a code whose row has no photo links: all of them found by a title search (the scan saw only its
 * slice of the folder), then linked into the row, duplicates trashed. False when the budget ran out; a code whose
 * files were not all listed is left for a later pass, never decided from part of them.
 */
function linkCode(
  code: string,
  row: PhotoRow,
  folder: GoogleAppsScript.Drive.Folder,
  taken: (id: string) => boolean,
  change: (changes: RowChange[]) => ChangeOutcome,
  budget: CallBudget,
  keep: number,
  now: number,
  out: SweepOutcome,
): boolean {
  if (!budget.take(CALL_COST.sweepCode, keep + CALL_COST.sweepLink)) return false;
  const found = folder.searchFiles(`title contains '${code}-'`);
  const unlinked: PhotoFile[] = [];
  const byId = new Map<string, GoogleAppsScript.Drive.File>();
  while (found.hasNext()) {
    if (!budget.take(CALL_COST.sweepFound, keep + CALL_COST.sweepLink)) return false;
    const f = found.next();
    const id = f.getId();
    const name = f.getName();
    if (taken(id) || photoOwner(name)?.code !== code) continue;
    unlinked.push(photoFile(f, id, name));
    byId.set(id, f);
  }
  const decision = decidePhotos(code, unlinked, row, now);
  let trash = decision.trash;
  if (decision.link) {
    if (!budget.take(CALL_COST.sweepLink, keep)) return false;
    const done = change([
      {
        ref: { column: COL.trackingCode, value: code },
        label: code,
        cells: [{ column: COL.photos, from: [''], to: literalCell(decision.link) }],
      },
    ]);
    if (done.done.length === 1 && done.conflicts.length === 0) {
      out.linkedRows.push(code);
      out.linkedFiles += decision.link.split('\n').length;
    } else if (done.missing.length === 1) {
      trash = unlinked.map((f) => f.id); // the row was deleted meanwhile
    }
  }
  return trashFiles(trash, byId, budget, keep, out);
}
