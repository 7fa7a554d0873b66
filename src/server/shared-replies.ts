/**
 * The lookup's masked shared replies (and the filter of the codes the box holds, known-codes.ts), stored by the
 * executions that read every row of Góp ý anyway: the hourly results refresh, the edit trigger when a reply changes,
 * and the pending run when the cache has lost the value (see core/lookup/shared-replies.ts). A failure is logged and
 * never stops the job that stores them; while no value is stored, a lookup holds back a reply other rows hold too.
 * Each store reads the value stored before (one cache read, unless the caller has) and writes the new one (one
 * cache write).
 */
import type { FeedbackRecord } from '../core/records/feedback-record';
import {
  SHARED_REPLIES_CACHE_KEY,
  SHARED_REPLIES_TTL_SECONDS,
  buildSharedReplies,
  type SharedReplies,
} from '../core/lookup/shared-replies';
import { KNOWN_CODES_CACHE_KEY, buildKnownCodes } from '../core/lookup/known-codes';
import { consoleLogger, scriptCache } from '../gas/services';

/**
 * Builds and stores the value from these rows (every data row of Góp ý); null when it could not be stored.
 * `before`: the value stored before, when the caller has read it already (null: none is stored).
 */
export function storeSharedReplies(records: readonly FeedbackRecord[], where: string, before?: string | null): SharedReplies | null {
  try {
    const cache = scriptCache();
    // What was stored before: rows whose reply is unchanged keep the masking of rows that held it then.
    const built = buildSharedReplies(records, before === undefined ? cache.get(SHARED_REPLIES_CACHE_KEY) : before);
    // The codes the box holds ride along (known-codes.ts): a lookup past the minute's cap still answers them.
    const codes = buildKnownCodes(records.map((r) => r.trackingCode));
    cache.putAll({ [SHARED_REPLIES_CACHE_KEY]: built.value, [KNOWN_CODES_CACHE_KEY]: codes }, SHARED_REPLIES_TTL_SECONDS);
    // Past the cap, the lookups of the oldest shared replies mask them with their own row's sender only.
    if (built.leftOut > 0) consoleLogger.warn(`${where}.shared-replies-capped`, { stored: built.codes, leftOut: built.leftOut });
    return built;
  } catch (err) {
    consoleLogger.error(`${where}.shared-replies-failed`, err);
    return null;
  }
}
