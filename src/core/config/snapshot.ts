/**
 * The configuration snapshot: what every execution needs of the configuration (the parsed Cấu hình, the locations,
 * the spreadsheet's ids), kept in script properties beside the script cache. The cache forgets at least every
 * 6 hours; the snapshot does not, so an execution that misses the cache reads it with the one property read it makes
 * anyway instead of reading three sheets. Rebuilt from the sheets by setup, by the edit trigger when staff edit Cấu
 * hình or Địa điểm, and by the pending trigger when it is older than SNAPSHOT_REFRESH_MS (edits that fire no trigger),
 * when the Địa điểm sheet's last row moved (a row deleted) or when the cache holds another configuration (one written
 * back over a newer one). Deleted when it cannot be written.
 */

/** The property of the snapshot's first part; more parts follow as `${key}:1`, `${key}:2`… */
export const SNAPSHOT_PROPERTY = 'CONFIG_SNAPSHOT';

/** A property holds 9 KB; the parts stay well under it (UTF-8 bytes, Vietnamese letters take two or three). */
export const SNAPSHOT_PART_BYTES = 8000;

/** Parts of one snapshot at most: 40 KB of JSON, far above a ward's configuration. */
export const SNAPSHOT_MAX_PARTS = 5;

/** The pending trigger rebuilds a snapshot older than this (the script cache's own limit is 6 hours). */
export const SNAPSHOT_REFRESH_MS = 5 * 3600_000;

/** Past this age an execution no longer trusts the snapshot (the triggers have stopped) and reads the sheets. */
export const SNAPSHOT_MAX_AGE_MS = 24 * 3600_000;

import { utf8Length } from '../common/utf8';

interface Envelope<T> {
  v: 1;
  /** When it was read from the sheets (ms). */
  at: number;
  data: T;
}

/** Splits `text` into pieces of at most `maxBytes` UTF-8 bytes, never inside a surrogate pair. */
export function splitByBytes(text: string, maxBytes: number): string[] {
  const parts: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = start;
    let bytes = 0;
    while (end < text.length) {
      const c = text.charCodeAt(end);
      const width = c >= 0xd800 && c < 0xdc00 ? 2 : 1;
      const b = utf8Length(text.slice(end, end + width));
      if (bytes + b > maxBytes) break;
      bytes += b;
      end += width;
    }
    if (end === start) throw new Error('splitByBytes: a character is wider than the part size');
    parts.push(text.slice(start, end));
    start = end;
  }
  return parts.length ? parts : [''];
}

/**
 * The properties to write for a snapshot of `data` read at `at`, in one setProperties call. Each part carries the
 * write's id and the first part the number of parts, so a reader never joins parts of two different writes; parts a
 * longer, older snapshot left behind are simply not read. Throws when it would need more than SNAPSHOT_MAX_PARTS.
 */
export function snapshotProperties<T>(data: T, at: number): Record<string, string> {
  const env: Envelope<T> = { v: 1, at, data };
  const id = at.toString(36);
  const parts = splitByBytes(JSON.stringify(env), SNAPSHOT_PART_BYTES - 32);
  if (parts.length > SNAPSHOT_MAX_PARTS) throw new Error(`the configuration snapshot needs ${parts.length} parts`);
  const set: Record<string, string> = {};
  parts.forEach((p, i) => (set[partKey(i)] = i === 0 ? `${parts.length}|${id}|${p}` : `${id}|${p}`));
  return set;
}

function partKey(i: number): string {
  return i === 0 ? SNAPSHOT_PROPERTY : `${SNAPSHOT_PROPERTY}:${i}`;
}

/**
 * The snapshot in `props` (all script properties), or null when there is none or it cannot be read whole: parts
 * missing or from another write, or JSON that does not parse.
 */
export function readSnapshot<T>(props: Readonly<Record<string, string | undefined>>): { at: number; data: T } | null {
  const m = /^(\d)\|([0-9a-z]+)\|/.exec(props[SNAPSHOT_PROPERTY] ?? '');
  if (!m) return null;
  const count = Number(m[1]);
  const id = m[2];
  if (count < 1 || count > SNAPSHOT_MAX_PARTS) return null;
  let text = props[SNAPSHOT_PROPERTY]!.slice(m[0].length);
  for (let i = 1; i < count; i++) {
    const part = props[partKey(i)] ?? '';
    if (!part.startsWith(`${id}|`)) return null;
    text += part.slice(id.length + 1);
  }
  try {
    const env = JSON.parse(text) as Envelope<T>;
    if (!env || env.v !== 1 || typeof env.at !== 'number' || env.data === undefined || env.data === null) return null;
    return { at: env.at, data: env.data };
  } catch {
    return null;
  }
}
