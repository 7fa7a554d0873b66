/**
 * Photos in the private folder that no row points to: left by an execution killed after saving them, by a retry whose
 * row already had its photos, or by a row staff deleted. Each file is named by its tracking code ("HB-7KQ4M2X-2.jpg");
 * the nightly run links the files of a row that has no photo links yet, and trashes the rest.
 */

/** A photo's name: its tracking code and its number among the opinion's photos. */
export function photoOwner(name: string): { code: string; index: number } | null {
  const m = /^([A-Z]{1,6}-[A-Z0-9]{7})-(\d{1,2})\.(jpg|jpeg|png)$/.exec(String(name));
  return m ? { code: m[1], index: Number(m[2]) } : null;
}

/** Files younger than this may belong to a submission that has not written its row yet: left for the next run. */
export const PHOTO_IN_FLIGHT_MS = 10 * 60 * 1000;

export interface PhotoFile {
  id: string;
  name: string;
  url: string;
  createdAt: number;
}

/** The row of a code as the sweep sees it. */
export type PhotoRow = { photos: string; expired: boolean } | 'none' | 'unclear';

export interface PhotoDecision {
  /** Links to write into the row's empty "Ảnh" cell, in photo order. */
  link: string;
  /** Files to trash. */
  trash: string[];
  /** Nothing decided yet (a file is too young, or the row's code is in doubt). */
  wait: boolean;
}

/**
 * What to do with the files of one tracking code that no row points to (`unlinked`): link them into its row when
 * that row is still within the retention period and has no photo links (one file per photo number, the first saved),
 * else trash them — the row is gone, past retention, or has its photos already.
 */
export function decidePhotos(code: string, unlinked: readonly PhotoFile[], row: PhotoRow, now: number): PhotoDecision {
  const out: PhotoDecision = { link: '', trash: [], wait: false };
  if (unlinked.length === 0) return out;
  if (row === 'unclear' || unlinked.some((f) => now - f.createdAt < PHOTO_IN_FLIGHT_MS)) return { ...out, wait: true };
  if (row === 'none' || row.expired || row.photos.trim() !== '') return { ...out, trash: unlinked.map((f) => f.id) };
  const byIndex = new Map<number, PhotoFile>();
  for (const f of [...unlinked].sort((a, b) => a.createdAt - b.createdAt)) {
    const owner = photoOwner(f.name);
    if (!owner || owner.code !== code) continue;
    if (byIndex.has(owner.index)) out.trash.push(f.id);
    else byIndex.set(owner.index, f);
  }
  out.link = [...byIndex.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([, f]) => f.url)
    .join('\n');
  return out;
}
