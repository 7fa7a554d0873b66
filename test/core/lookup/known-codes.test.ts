/**
 * The filter of the codes the box holds (known-codes.ts) and the lookup past its minute's cap: a script that spends
 * the cap on made-up codes must not shut residents out of their own.
 */
import { randomBytes } from 'node:crypto';
import { KNOWN_CODES_CACHE_KEY, KNOWN_CODES_MAX_CHARS, buildKnownCodes, mayBeKnownCode } from '../../../src/core/lookup/known-codes';
import { LOOKUP_MESSAGES, lookupFeedback, type LookupDeps } from '../../../src/core/lookup/lookup';
import { makeTrackingCode } from '../../../src/core/intake/tracking-code';
import type { FeedbackRecord } from '../../../src/core/records/feedback-record';

const codes = (n: number) => Array.from({ length: n }, () => makeTrackingCode('HB', randomBytes(32)));

describe('the filter', () => {
  test('every code it was built from is in it; made-up codes almost never are', () => {
    const held = codes(10_000);
    const value = buildKnownCodes(held);
    expect(held.every((c) => mayBeKnownCode(value, c))).toBe(true);
    const made = codes(20_000).filter((c) => !held.includes(c));
    const passed = made.filter((c) => mayBeKnownCode(value, c)).length;
    expect(passed / made.length).toBeLessThan(0.005);
    expect(value).not.toContain(held[0].slice(3));
  });

  test('stays within its share of a cache value however many rows, and still turns most made-up codes away', () => {
    const held = codes(60_000);
    const value = buildKnownCodes(held);
    expect(value.length).toBeLessThanOrEqual(KNOWN_CODES_MAX_CHARS + 20);
    expect(held.slice(0, 2000).every((c) => mayBeKnownCode(value, c))).toBe(true);
    const made = codes(5_000);
    expect(made.filter((c) => mayBeKnownCode(value, c)).length / made.length).toBeLessThan(0.2);
  });

  test('a missing, empty-box or damaged value lets nothing through', () => {
    const code = codes(1)[0];
    expect(mayBeKnownCode(undefined, code)).toBe(false);
    expect(mayBeKnownCode('', code)).toBe(false);
    expect(mayBeKnownCode(buildKnownCodes([]), code)).toBe(false);
    const value = buildKnownCodes([code]);
    expect(mayBeKnownCode(value, code)).toBe(true);
    expect(mayBeKnownCode(value.replace(/\.\d+\./, '.7.'), code)).toBe(false);
    expect(mayBeKnownCode(`${value}!`, code)).toBe(false);
  });
});

describe('a lookup past the minute’s cap', () => {
  const NOW = new Date(Date.UTC(2026, 11, 7, 3, 0, 0));

  function box(held: string[]) {
    const store = new Map<string, string>();
    let reads = 0;
    const deps: LookupDeps = {
      cache: {
        getAll: (keys) => Object.fromEntries(keys.filter((k) => store.has(k)).map((k) => [k, store.get(k)!])),
        putAll: (values) => Object.entries(values).forEach(([k, v]) => store.set(k, v)),
        remove: (k) => void store.delete(k),
      },
      store: () => ({
        findByTrackingCode: (code: string) => {
          reads++;
          if (!held.includes(code)) return null;
          const record = { trackingCode: code, status: 'Mới', receivedAt: NOW, updatedAt: NOW, publicReply: '' };
          return { row: 2, record: record as unknown as FeedbackRecord };
        },
        readColumn: () => [],
      }),
      clock: { now: () => NOW },
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      lookupPerMinute: 10,
    };
    return { deps, store, reads: () => reads };
  }

  test('made-up codes spend the cap; a code the box holds is still answered, within a budget of its own', () => {
    const held = codes(50);
    const b = box(held);
    const filter = buildKnownCodes(held);
    b.store.set(KNOWN_CODES_CACHE_KEY, filter);
    // Made-up codes the filter turns away (about one in 2,000 would pass it, as a code the box holds).
    const madeUp = codes(40).filter((c) => !mayBeKnownCode(filter, c));
    for (const c of madeUp.slice(0, 30)) lookupFeedback(c, b.deps);
    expect(b.reads()).toBe(10);
    expect(lookupFeedback(madeUp[30], b.deps)).toEqual({ found: false, message: LOOKUP_MESSAGES.capped });
    expect(lookupFeedback(held[0], b.deps)).toMatchObject({ found: true, trackingCode: held[0] });
    // The budget past the cap is bounded too: a script using real codes cannot read the sheet without end.
    for (let i = 0; i < 20; i++) lookupFeedback(held[i % held.length], b.deps);
    expect(b.reads()).toBe(20);
    expect(lookupFeedback(held[1], b.deps)).toEqual({ found: false, message: LOOKUP_MESSAGES.capped });
  });

  test('without the filter (the cache forgot it) the cap holds for every code, as before', () => {
    const held = codes(5);
    const b = box(held);
    for (const c of codes(10)) lookupFeedback(c, b.deps);
    expect(lookupFeedback(held[0], b.deps)).toEqual({ found: false, message: LOOKUP_MESSAGES.capped });
    expect(b.reads()).toBe(10);
  });
});
