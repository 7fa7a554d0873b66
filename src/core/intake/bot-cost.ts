/**
 * The bot-cost step of a submission: the payload's proof of work (challenge.ts) is checked after the stored-request
 * lookup and before everything else, with one HMAC and one SHA-256. A refusal is retryable and carries a fresh
 * challenge valid at once, so the page solves it and sends the same requestId again by itself. Nothing is stored and no email is sent for a refused payload.
 *
 * Each token serves one request: an accepted submission remembers, in the same cache write as its tracking code,
 * which requestId its token was used for (`tokenUseKey`), and a token presented again for another requestId is
 * refused as a replay. A retry of the same requestId is never a replay. The mark lives as long as the token is valid
 * (TOKEN_USE_MEMORY_MS). Two payloads with one token arriving in the same instant can both pass (the mark is read
 * with the rest of the cache, before the lock); each still carries its own work for its own requestId, so a replay
 * never saves a bot any work.
 */
import type { ChallengeOffer, SubmitResult } from '../../shared/types';
import type { Logger } from '../common/ports';
import {
  difficultyFor,
  difficultyFromBase,
  issueChallenge,
  verifyChallenge,
  parseToken,
  refusalVerdict,
  workIsDone,
  type ChallengeCrypto,
  type ChallengeRefusal,
  type SubmissionRate,
} from './challenge';
import { payloadField } from './validate';

/** What the server keeps for the challenge: in script properties, cached with the configuration. */
export interface ChallengeSettings {
  /** The HMAC key tokens are signed with. Never logged, never sent. */
  secret: string;
  /** Bits at normal load; null for the production curve (DEFAULT_DIFFICULTY). */
  minBits: number | null;
}

export interface ChallengeDeps {
  settings: () => ChallengeSettings;
  crypto: ChallengeCrypto;
  /**
   * The recent rate of accepted submissions, from whatever counters the box keeps (today the per-minute counter in
   * the cache); difficulty rises with it.
   */
  rate: () => SubmissionRate;
}

/** The cache key remembering which requestId a payload's token was used for; null for a payload without a token. */
export function tokenUseKey(raw: unknown): string | null {
  const parsed = parseToken(payloadField(raw, 'token'));
  // The signature is unique per token (it covers the random salt) and is 43 URL-safe characters.
  return parsed ? `pow:${parsed.signature}` : null;
}

/** The bits the server wants now. */
export function wantedBits(settings: ChallengeSettings, rate: SubmissionRate): number {
  return difficultyFor(rate, difficultyFromBase(settings.minBits));
}

/** A new challenge at the bits wanted now: for the page (valid after a few seconds) or for a refusal (valid at once). */
export function offerChallenge(deps: ChallengeDeps, now: Date, refusal: boolean): ChallengeOffer {
  const settings = deps.settings();
  return issueChallenge(settings.secret, { bits: wantedBits(settings, deps.rate()), now: now.getTime(), refusal }, deps.crypto);
}

/**
 * Refusals of a genuine token that is only stale (too old or too young): when its work is done, at least at the bits
 * the server wants now, the request may already be stored (its cache entry forgotten), so the sheet is asked before
 * refusing. Forged, missing or unsolved payloads never reach the sheet, so junk costs the box no sheet access; nor does
 * old work easier than a flood now asks for. The search only spares the page one more round of work (the refusal's
 * fresh challenge, solved and sent again, finds the stored row under the lock), so the caller may also ration it.
 */
const STALE: ReadonlySet<ChallengeRefusal> = new Set<ChallengeRefusal>(['expired', 'too-young']);

export interface BotCostCheck {
  raw: unknown;
  /** The payload's requestId, already checked to be UUID-shaped. */
  requestId: string;
  now: Date;
  /** The requestId the payload's token was already used for (the `tokenUseKey` cache entry), if any. */
  tokenUsedBy: string | undefined;
  /** The tracking code of a request already stored (one sheet search), asked only for a stale token whose work is done. */
  storedCode: () => string | null;
  log: Logger;
}

/** Null when the payload's work is accepted; otherwise the answer to send back. */
export function checkBotCost(check: BotCostCheck, deps: ChallengeDeps): SubmitResult | null {
  const { raw, requestId, now, storedCode, log } = check;
  const input = { token: payloadField(raw, 'token'), nonce: payloadField(raw, 'nonce'), requestId };
  const settings = deps.settings();
  const bits = wantedBits(settings, deps.rate());
  let verdict = verifyChallenge(input, { secret: settings.secret, now: now.getTime(), wantedBits: bits, crypto: deps.crypto });
  if (verdict.ok && check.tokenUsedBy && check.tokenUsedBy !== requestId) verdict = refusalVerdict('replay');
  if (verdict.ok) return null;
  if (STALE.has(verdict.reason) && (parseToken(input.token)?.bits ?? 0) >= bits && workIsDone(input, deps.crypto)) {
    const code = storedCode();
    if (code) return { ok: true, trackingCode: code };
  }
  log.info('submit.challenge-refused', { reason: verdict.reason, wantedBits: bits });
  // Every refusal carries a challenge valid at once, a too-young token's too: a payload with no token gets one
  // anyway, so holding it back would only make the sender wait (and lock out a client whose clock stands still).
  const challenge = issueChallenge(settings.secret, { bits, now: now.getTime(), refusal: true }, deps.crypto);
  return { ok: false, retryable: true, errors: [{ message: verdict.message }], challenge };
}
