/**
 * The bot-cost challenge's server side in Apps Script: the signing secret and the base difficulty from script
 * properties (cached in the script cache next to the configuration, so serving the page and taking an opinion read
 * them in the same round trip), the secret made once when missing (by setup, or lazily under the script lock), and
 * the digests in plain TypeScript.
 */
import { base64Url, pureChallengeCrypto, type ChallengeCrypto } from '../core/intake/challenge';
import type { ChallengeSettings } from '../core/intake/bot-cost';
import { consoleLogger, executionScriptLock, randomBytes, scriptCache, settingsProperties } from './services';

/** The HMAC key of the challenge tokens. Never logged, never sent to a page. */
export const PROP_CHALLENGE_SECRET = 'CHALLENGE_SECRET';
/**
 * Optional: the bits wanted at normal load (1..24). Unset, the production curve applies (14 bits, up to 21 during a
 * flood); the sandbox sets 1 so the test suites stay fast. Read again after setup, or when the cache forgets (6 h).
 */
export const PROP_CHALLENGE_MIN_BITS = 'CHALLENGE_MIN_BITS';
export const CHALLENGE_CACHE_KEY = 'challenge:v1';
const CACHE_TTL = 21600;
const LOCK_WAIT_MS = 10000;

/**
 * HMAC-SHA-256 and SHA-256 in plain TypeScript (the page's solver hashes with the same code), randomness from
 * Utilities.getUuid: a token costs no call to Utilities beyond that, and the resident's path depends on no other
 * Utilities digest.
 */
export const challengeCrypto: ChallengeCrypto = pureChallengeCrypto(randomBytes);

function parseMinBits(raw: string | null | undefined): number | null {
  if (raw === null || raw === undefined || raw.trim() === '') return null;
  const n = Number(raw.trim());
  return Number.isInteger(n) && n >= 1 && n <= 24 ? n : null;
}

let memo: ChallengeSettings | null = null;

/**
 * The secret and base difficulty for this execution: from the script cache (prefetched with the configuration), else
 * from script properties in one read, making the secret if it is missing.
 */
export function challengeSettings(): ChallengeSettings {
  if (memo) return memo;
  const cache = scriptCache();
  const hit = cache.get(CHALLENGE_CACHE_KEY);
  if (hit) {
    try {
      const parsed = JSON.parse(hit) as Partial<ChallengeSettings>;
      if (typeof parsed.secret === 'string' && parsed.secret) {
        memo = { secret: parsed.secret, minBits: typeof parsed.minBits === 'number' ? parsed.minBits : null };
        return memo;
      }
    } catch {
      // fall through and read the properties
    }
  }
  const props = PropertiesService.getScriptProperties();
  // The configuration's cold read, earlier in this execution, has usually just read them all.
  const all = settingsProperties();
  const secret = all[PROP_CHALLENGE_SECRET] || createSecret(props).secret;
  memo = { secret, minBits: parseMinBits(all[PROP_CHALLENGE_MIN_BITS]) };
  try {
    cache.putLater(CHALLENGE_CACHE_KEY, JSON.stringify(memo), CACHE_TTL);
  } catch (e) {
    consoleLogger.error('challenge.cache-failed', e);
  }
  return memo;
}

/**
 * Makes the secret when it is missing, under the script lock so two executions never make two (a token signed with a
 * secret that lost the race would be refused, and its page would only need to solve again). True when it made one.
 */
function createSecret(props: GoogleAppsScript.Properties.Properties): { secret: string; created: boolean } {
  // The execution's one Lock object: a caller already holding the lock (a submission on a cold cache) keeps it, and
  // it is released only if taken here.
  const lock = executionScriptLock();
  const held = lock.hasLock();
  if (!held && !lock.tryLock(LOCK_WAIT_MS)) throw new Error('challenge: the script lock is busy, the secret could not be made');
  try {
    const existing = props.getProperty(PROP_CHALLENGE_SECRET);
    if (existing) return { secret: existing, created: false };
    const secret = base64Url(randomBytes());
    props.setProperty(PROP_CHALLENGE_SECRET, secret);
    return { secret, created: true };
  } finally {
    if (!held) lock.releaseLock();
  }
}

/** For setup: makes the secret if it is missing, and says so in `changes`. */
export function ensureChallengeSecret(changes: string[]): void {
  const props = PropertiesService.getScriptProperties();
  if (!props.getProperty(PROP_CHALLENGE_SECRET) && createSecret(props).created) {
    changes.push('Tạo khóa bí mật cho bước kiểm tra chống gửi tự động.');
  }
}

/** For setup: forgets the cached settings, so a base difficulty changed in script properties applies at once. */
export function forgetChallengeSettings(): void {
  memo = null;
  scriptCache().remove(CHALLENGE_CACHE_KEY);
}
