/**
 * The photos of purged rows still to be trashed: Drive ids kept in script properties, in chunks under Apps Script's
 * 9 KB a value, written in the same locked step that blanks their rows, so an execution stopped before it trashed
 * them loses none. The nightly run trashes as many as its call budget pays for; the rest wait in the queue. Past
 * PHOTO_QUEUE_MAX ids, the photo sweep finds them instead (they are linked by no row).
 */

export const PHOTO_QUEUE_PREFIX = 'PURGED_PHOTOS_';
/** Characters of one chunk (a Drive id is about 33): well under the 9 KB a property value may hold. */
export const PHOTO_QUEUE_CHUNK_CHARS = 8000;
/** Ids the queue holds at most (about 100 KB of the properties' 500 KB). */
export const PHOTO_QUEUE_MAX = 3000;

/** A Drive id, as core/privacy/retention.ts finds them in a link. */
const ID = /^[A-Za-z0-9_-]{5,200}$/;

/** The ids queued, oldest first, from all of the script's properties; anything not an id is dropped. */
export function queuedPhotos(props: Readonly<Record<string, string>>): string[] {
  const keys = queueKeys(props);
  return keys.flatMap((k) => String(props[k] ?? '').split(',')).filter((id) => ID.test(id));
}

/** The queue's property keys present, in order. */
export function queueKeys(props: Readonly<Record<string, string>>): string[] {
  return Object.keys(props)
    .filter((k) => k.startsWith(PHOTO_QUEUE_PREFIX) && /^\d+$/.test(k.slice(PHOTO_QUEUE_PREFIX.length)))
    .sort((a, b) => Number(a.slice(PHOTO_QUEUE_PREFIX.length)) - Number(b.slice(PHOTO_QUEUE_PREFIX.length)));
}

export interface QueueWrite {
  /** Properties to set. */
  set: Record<string, string>;
  /** Properties to delete. */
  remove: string[];
}

/** The properties that hold `ids`, replacing the queue now in `props`. */
export function writeQueue(props: Readonly<Record<string, string>>, ids: readonly string[]): QueueWrite {
  const set: Record<string, string> = {};
  let chunk: string[] = [];
  let chars = 0;
  let n = 0;
  for (const id of ids) {
    if (chunk.length && chars + id.length + 1 > PHOTO_QUEUE_CHUNK_CHARS) {
      set[`${PHOTO_QUEUE_PREFIX}${n++}`] = chunk.join(',');
      chunk = [];
      chars = 0;
    }
    chunk.push(id);
    chars += id.length + 1;
  }
  if (chunk.length) set[`${PHOTO_QUEUE_PREFIX}${n++}`] = chunk.join(',');
  for (const k of Object.keys(set)) if (props[k] === set[k]) delete set[k];
  return { set, remove: queueKeys(props).filter((k) => Number(k.slice(PHOTO_QUEUE_PREFIX.length)) >= n) };
}

/** `ids` added after the queue, each once, up to PHOTO_QUEUE_MAX; `dropped` counts those left to the sweep. */
export function enqueue(queue: readonly string[], ids: readonly string[]): { queue: string[]; dropped: number } {
  const have = new Set(queue);
  const out = [...queue];
  let dropped = 0;
  for (const id of ids) {
    if (!ID.test(id) || have.has(id)) continue;
    if (out.length >= PHOTO_QUEUE_MAX) {
      dropped++;
      continue;
    }
    have.add(id);
    out.push(id);
  }
  return { queue: out, dropped };
}
