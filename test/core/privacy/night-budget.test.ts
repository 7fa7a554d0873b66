import { CALL_COST, CallBudget, NIGHT_CALLS, NIGHT_FIXED_CALLS, NIGHT_KEEP } from '../../../src/core/privacy/night-budget';
import {
  PHOTO_QUEUE_CHUNK_CHARS,
  PHOTO_QUEUE_MAX,
  PHOTO_QUEUE_PREFIX,
  enqueue,
  queuedPhotos,
  writeQueue,
} from '../../../src/core/privacy/photo-queue';

describe('the night’s call budget', () => {
  test('pays a unit only when it leaves what later pieces keep, and never goes below zero', () => {
    const b = new CallBudget(20);
    expect(b.take(7, 10)).toBe(true);
    expect(b.take(7, 10)).toBe(false);
    expect(b.left).toBe(13);
    expect(b.take(13)).toBe(true);
    expect(b.take(1)).toBe(false);
    expect(b.used).toBe(20);
    b.refund(5);
    expect(b.left).toBe(5);
    expect(b.fits(2, 1)).toBe(2);
    expect(b.fits(7)).toBe(0);
    expect(b.take(-1)).toBe(false);
  });

  test('the backlog share is what is left of 400 once the fixed pieces are kept, and each keep fits in it', () => {
    expect(new CallBudget().total).toBe(NIGHT_CALLS - NIGHT_FIXED_CALLS);
    expect(NIGHT_CALLS).toBe(400);
    expect(NIGHT_KEEP.afterPurgePhotos).toBeLessThan(NIGHT_CALLS - NIGHT_FIXED_CALLS);
    expect(NIGHT_KEEP.afterOtherSheets).toBeLessThan(NIGHT_KEEP.afterPurgePhotos);
    expect(NIGHT_KEEP.afterSweep).toBeLessThanOrEqual(NIGHT_KEEP.afterOtherSheets);
    expect(NIGHT_KEEP.afterMail).toBeLessThan(NIGHT_KEEP.afterSweep);
    expect(CALL_COST.purgePhoto).toBeGreaterThanOrEqual(7);
  });
});

describe('the queue of purged photos', () => {
  const ids = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `1AbC-${String(i + from).padStart(28, '0')}`);

  test('written in chunks under 9 KB, read back in order; a shorter queue deletes the chunks it no longer needs', () => {
    const all = ids(1000);
    const w = writeQueue({}, all);
    const keys = Object.keys(w.set);
    expect(keys.length).toBeGreaterThan(3);
    for (const v of Object.values(w.set)) expect(v.length).toBeLessThanOrEqual(PHOTO_QUEUE_CHUNK_CHARS);
    const props: Record<string, string> = { OTHER: 'x', ...w.set };
    expect(queuedPhotos(props)).toEqual(all);
    const shorter = writeQueue(props, all.slice(990));
    expect(Object.keys(shorter.set)).toEqual([`${PHOTO_QUEUE_PREFIX}0`]);
    expect(shorter.remove.sort()).toEqual(keys.filter((k) => k !== `${PHOTO_QUEUE_PREFIX}0`).sort());
    const after: Record<string, string> = { ...props, ...shorter.set };
    for (const k of shorter.remove) delete after[k];
    expect(queuedPhotos(after)).toEqual(all.slice(990));
    expect(after.OTHER).toBe('x');
  });

  test('each id once, up to the cap; the rest counted as left to the sweep; junk in a property is dropped', () => {
    const first = enqueue([], [...ids(3), ids(1)[0], 'not an id!']);
    expect(first).toEqual({ queue: ids(3), dropped: 0 });
    const full = enqueue(ids(PHOTO_QUEUE_MAX - 1), ids(5, PHOTO_QUEUE_MAX));
    expect(full.queue).toHaveLength(PHOTO_QUEUE_MAX);
    expect(full.dropped).toBe(4);
    expect(queuedPhotos({ [`${PHOTO_QUEUE_PREFIX}0`]: `${ids(1)[0]},,<b>,` })).toEqual(ids(1));
  });
});
