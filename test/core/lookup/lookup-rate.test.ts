/**
 * The lookup's minute cap under parallel lookups: no lock is taken, so lookups running at once read the same counts
 * before any of them writes. Simulated with waves of 30 lookups that all read the cache as it was at the wave's start.
 */
import { mulberry32 } from '../../../sandbox/concurrency';
import { LOOKUP_COUNTER_SHARDS, lookupFeedback, type LookupDeps } from '../../../src/core/lookup/lookup';

const NOW = new Date(Date.UTC(2026, 11, 8, 3, 0, 10));
const CAP = 120;

/** Lookups in waves of `parallel`, each wave reading the cache as it was when the wave began. */
function flood(parallel: number, waves: number): { answered: number; capped: number } {
  const live = new Map<string, string>();
  let snapshot = new Map(live);
  let answered = 0;
  let capped = 0;
  const deps: LookupDeps = {
    cache: {
      getAll: (keys) => Object.fromEntries(keys.filter((k) => snapshot.has(k)).map((k) => [k, snapshot.get(k)!])),
      putAll: (values) => Object.entries(values).forEach(([k, v]) => live.set(k, v)),
      remove: (k) => void live.delete(k),
    },
    store: () => ({
      findByTrackingCode: () => {
        answered++;
        return null;
      },
      readColumn: () => [],
    }),
    clock: { now: () => NOW },
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    lookupPerMinute: CAP,
    random: mulberry32(7),
  };
  for (let w = 0; w < waves; w++) {
    snapshot = new Map(live);
    for (let i = 0; i < parallel; i++) {
      const r = lookupFeedback('HB-ABCD234', deps);
      if (!r.found && r.message?.startsWith('Đang có quá nhiều')) capped++;
    }
  }
  return { answered, capped };
}

test('one lookup at a time: the cap is exact', () => {
  expect(flood(1, 200)).toEqual({ answered: CAP, capped: 80 });
});

test('30 lookups at a time spend the cap in a handful of waves, not one wave per count', () => {
  expect(LOOKUP_COUNTER_SHARDS).toBeGreaterThanOrEqual(16);
  const { answered } = flood(30, 120);
  // A single counter would count each wave as one: all 3,600 lookups read the sheet. Spread over the shards, the
  // cap is reached within a few waves of it.
  expect(answered).toBeGreaterThanOrEqual(CAP);
  expect(answered).toBeLessThanOrEqual(CAP * 2.5);
});
