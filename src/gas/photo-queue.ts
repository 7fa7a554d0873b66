/**
 * The queue of purged rows' photos still to be trashed (core/privacy/photo-queue.ts) in script properties. Every
 * read and write of it happens under the script lock its caller holds: ids taken out are this execution's alone to
 * trash, so no photo is trashed (or counted) twice; one taken by an execution stopped before trashing it is found by
 * the photo sweep later.
 */
import { enqueue, queuedPhotos, writeQueue } from '../core/privacy/photo-queue';

/** Reads the queue, lets `edit` change it, writes back what changed; `edit`'s result. Call under the script lock. */
function editQueue<T>(edit: (queue: string[]) => { queue: string[]; result: T }): T {
  const props = PropertiesService.getScriptProperties();
  const all = props.getProperties();
  const { queue, result } = edit(queuedPhotos(all));
  const w = writeQueue(all, queue);
  if (Object.keys(w.set).length) props.setProperties(w.set);
  for (const k of w.remove) props.deleteProperty(k);
  return result;
}

/** Adds the photos of rows just purged; how many the queue had no room for (left to the photo sweep). */
export function queuePurgedPhotos(ids: readonly string[]): number {
  if (!ids.length) return 0;
  return editQueue((queue) => {
    const r = enqueue(queue, ids);
    return { queue: r.queue, result: r.dropped };
  });
}

/** Takes up to `max` ids out of the queue (oldest first) for this execution to trash; and how many stay queued. */
export function takeQueuedPhotos(max: number): { ids: string[]; left: number } {
  return editQueue((queue) => {
    const n = Math.max(0, Math.min(max, queue.length));
    return { queue: queue.slice(n), result: { ids: queue.slice(0, n), left: queue.length - n } };
  });
}
