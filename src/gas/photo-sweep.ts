/**
 * The nightly sweep of the private photo folder: files no row of Góp ý points to are linked into their row or trashed
 * (see core/privacy/photo-sweep.ts). Bounded work per run: it reads on through the folder from where the last run
 * stopped (a Drive continuation token in script properties) and acts on a few tracking codes at a time.
 */
import { cellText } from '../core/records/cell-writes';
import { COL, isValidDate } from '../core/records/feedback-record';
import { literalCell } from '../core/records/sheet-literal';
import { headerIndex } from '../core/records/responses-rows';
import { driveFileIds } from '../core/privacy/retention';
import { decidePhotos, photoOwner, type PhotoFile, type PhotoRow } from '../core/privacy/photo-sweep';
import { isTrackingCode } from '../core/intake/tracking-code';
import type { ChangeOutcome, RowChange } from '../core/records/row-changes';
import { restoreFolder } from './folders';
import { inPhotoFolder } from './photos';

export const PROP_PHOTO_SWEEP_TOKEN = 'PHOTO_SWEEP_TOKEN';
/** Files looked at per run, and tracking codes acted on per run. */
export const SWEEP_SCAN = 300;
export const SWEEP_CODES = 20;

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

function fileOf(f: GoogleAppsScript.Drive.File): PhotoFile {
  return { id: f.getId(), name: f.getName(), url: f.getUrl(), createdAt: f.getDateCreated().getTime() };
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
 * rows (FeedbackSheet.change), `maxCodes` the tracking codes acted on in this run.
 */
export function sweepPhotos(
  folderId: string,
  earlier: Table | null,
  read: () => Table,
  cutoff: Date,
  change: (changes: RowChange[]) => ChangeOutcome,
  maxCodes = SWEEP_CODES,
): SweepOutcome {
  const out: SweepOutcome = { scanned: 0, linkedRows: [], linkedFiles: 0, trashed: 0 };
  const props = PropertiesService.getScriptProperties();
  const folder = DriveApp.getFolderById(folderId);
  // A photo folder someone put in the trash takes every photo with it in 30 days, and new ones are saved into it:
  // taken back at once, every link in the sheet stays good.
  if (folder.isTrashed()) out.restoredFolder = restoreFolder(folder);
  const token = props.getProperty(PROP_PHOTO_SWEEP_TOKEN);
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
  const codes = new Set<string>();
  while (out.scanned < SWEEP_SCAN && codes.size < maxCodes && files.hasNext()) {
    const f = files.next();
    out.scanned++;
    if (linked.has(f.getId())) continue;
    const owner = photoOwner(f.getName());
    if (owner && isTrackingCode(owner.code)) codes.add(owner.code);
  }
  if (files.hasNext()) props.setProperty(PROP_PHOTO_SWEEP_TOKEN, files.getContinuationToken());
  else props.deleteProperty(PROP_PHOTO_SWEEP_TOKEN);

  if (codes.size && !fresh) {
    table = read();
    linked = linkedIds(table);
  }
  const rows = rowsByCode(table, cutoff);
  const now = Date.now();
  for (const code of codes) {
    const found = folder.searchFiles(`title contains '${code}-'`);
    const unlinked: PhotoFile[] = [];
    while (found.hasNext()) {
      const f = found.next();
      if (!linked.has(f.getId()) && photoOwner(f.getName())?.code === code) unlinked.push(fileOf(f));
    }
    const decision = decidePhotos(code, unlinked, rows.get(code) ?? 'none', now);
    let trash = decision.trash;
    if (decision.link) {
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
    for (const id of trash) {
      try {
        const file = DriveApp.getFileById(id);
        if (inPhotoFolder(file, folderId) && !file.isTrashed()) {
          file.setTrashed(true);
          out.trashed++;
        }
      } catch {
        // Gone already.
      }
    }
  }
  return out;
}
