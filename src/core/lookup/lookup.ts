/**
 * Status lookup by tracking code. Returns only what a resident may see: never name, contact, address or content, and
 * the public reply as publishable text (personal data masked).
 */
import type { LookupResult } from '../../shared/types';
import type { Clock, FeedbackStore, KeyValueCache, Logger } from '../common/ports';
import { COL, type FeedbackRecord } from '../records/feedback-record';
import { isoVietnam } from '../common/time';
import { normalizeTrackingCode } from '../intake/tracking-code';
import { publishableText, senderOf } from '../privacy/publish';
import { replyKey } from '../privacy/shared-replies';
import { LOOKUP_MESSAGES } from './messages';
import { SHARED_REPLIES_CACHE_KEY, storedSharedReply } from './shared-replies';
import { KNOWN_CODES_CACHE_KEY, mayBeKnownCode } from './known-codes';
import { FEEDBACK_STATUSES } from '../../shared/types';
import { canonicalStatus, isKnownStatus } from '../records/status';

export interface LookupDeps {
  cache: KeyValueCache;
  store: () => Pick<FeedbackStore, 'findByTrackingCode' | 'readColumn'>;
  clock: Clock;
  log: Logger;
  lookupPerMinute: number;
  /** Picks the counter's shard (Math.random when absent). */
  random?: () => number;
}

export { LOOKUP_MESSAGES };

/**
 * Each per-minute counter is kept in this many cache values, one picked at random per lookup, and read as their sum.
 * Lookups are not taken under the lock (it would cost two round trips each), so parallel lookups read the same count
 * and write it back plus one: with one value, 30 at once counted as one; spread over 16, as the number of values they
 * hit (about 14 of 30).
 */
export const LOOKUP_COUNTER_SHARDS = 16;

function shardKeys(name: string, now: Date): string[] {
  const minute = now.toISOString().slice(0, 16);
  return Array.from({ length: LOOKUP_COUNTER_SHARDS }, (_, i) => `rate:${name}:${minute}:${i}`);
}

/** The per-minute counter of lookups, fetched by the server together with the configuration. */
function lookupRateKeys(now: Date): string[] {
  return shardKeys('lookup', now);
}

/** The per-minute counter of lookups answered past the cap, for codes the box holds (a budget of their own). */
function pastCapKeys(now: Date): string[] {
  return shardKeys('lookup-known', now);
}

/** A sharded counter's count: the sum of its values. */
function counted(cached: Record<string, string>, keys: readonly string[]): number {
  return keys.reduce((n, k) => n + (Number(cached[k] ?? 0) || 0), 0);
}

/** One more in one of the counter's values, picked at random. */
function countOne(deps: LookupDeps, cached: Record<string, string>, keys: readonly string[]): void {
  const key = keys[Math.min(keys.length - 1, Math.floor((deps.random ?? Math.random)() * keys.length))];
  deps.cache.putAll({ [key]: String((Number(cached[key] ?? 0) || 0) + 1) }, 120);
}

/**
 * Set by the pending run while the header of Góp ý is not as the box wrote it (a column added or removed): rows are
 * read by column position, so another column, an internal note, may stand where the reply was. Lookups wait.
 */
export const COLUMNS_MOVED_CACHE_KEY = 'responses-columns-moved';

/** Every cache key a lookup reads, in one read: the server fetches them together with the configuration. */
export function lookupCacheKeys(now: Date): string[] {
  return [...lookupRateKeys(now), ...pastCapKeys(now), SHARED_REPLIES_CACHE_KEY, KNOWN_CODES_CACHE_KEY, COLUMNS_MOVED_CACHE_KEY];
}

/**
 * The status as the resident may see it: one of the box's statuses as it is; anything else staff typed there (a
 * note with a name or a number in it) masked like the reply.
 */
function publicStatus(r: FeedbackRecord): string {
  const status = canonicalStatus(r.status) || FEEDBACK_STATUSES[0];
  return isKnownStatus(status) ? status : publishableText(status, senderOf(r)).trim();
}

/** Whether a row other than the one looked up holds this reply too, in any spelling: one read of the reply column. */
function heldByOtherRows(store: Pick<FeedbackStore, 'readColumn'>, reply: string): boolean {
  const key = replyKey(reply);
  if (!key) return false;
  let holders = 0;
  for (const cell of store.readColumn(COL.publicReply)) if (replyKey(cell) === key && ++holders > 1) return true;
  return false;
}

export function lookupFeedback(input: unknown, deps: LookupDeps): LookupResult {
  try {
    const code = normalizeTrackingCode(input);
    if (!code) return { found: false, message: LOOKUP_MESSAGES.invalid };
    const now = deps.clock.now();
    // One read: the rate counters, the replies staff pasted into several rows (masked with all their senders) and
    // the filter of the codes the box holds.
    const cached = deps.cache.getAll(lookupCacheKeys(now));
    if (cached[COLUMNS_MOVED_CACHE_KEY]) return { found: false, message: LOOKUP_MESSAGES.failed };
    const keys = lookupRateKeys(now);
    if (counted(cached, keys) >= deps.lookupPerMinute) {
      // The cap is shared by every visitor: a script spending it on made-up codes must not shut residents out. Past
      // it, a code the box holds is still answered, within a budget of the same size of its own.
      const pastKeys = pastCapKeys(now);
      if (counted(cached, pastKeys) >= deps.lookupPerMinute || !mayBeKnownCode(cached[KNOWN_CODES_CACHE_KEY], code)) {
        return { found: false, message: LOOKUP_MESSAGES.capped };
      }
      countOne(deps, cached, pastKeys);
    } else {
      countOne(deps, cached, keys);
    }
    const store = deps.store();
    const hit = store.findByTrackingCode(code);
    if (!hit) return { found: false, message: LOOKUP_MESSAGES.notFound };
    const r = hit.record;
    const received = r.receivedAt || deps.clock.now();
    const result: LookupResult = {
      found: true,
      trackingCode: r.trackingCode,
      status: publicStatus(r),
      receivedAt: isoVietnam(received),
      updatedAt: isoVietnam(r.updatedAt || received),
    };
    // Staff may paste a phone number or the sender's own details into the reply: it is published text. A reply other
    // rows hold too may name their senders: masked with all of them by the last job that read the sheet, while the
    // row's reply is still that text; masked with this row's sender again, which may have been corrected since.
    const shared = storedSharedReply(cached[SHARED_REPLIES_CACHE_KEY], r.trackingCode, r.publicReply);
    if (shared === null && cached[SHARED_REPLIES_CACHE_KEY] === undefined && heldByOtherRows(store, r.publicReply)) {
      // The cache lost that value (it may drop any entry), and other rows hold this reply: it may name their senders,
      // whom this lookup does not know. Held back until the next run that reads the sheet stores it again.
      result.reply = LOOKUP_MESSAGES.replyUpdating;
      return result;
    }
    const reply = publishableText(shared ?? r.publicReply, senderOf(r)).trim();
    if (reply) result.reply = reply;
    return result;
  } catch (e) {
    deps.log.error('lookup.failed', e);
    return { found: false, message: LOOKUP_MESSAGES.failed };
  }
}
