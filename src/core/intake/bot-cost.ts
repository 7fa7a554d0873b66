/**
 * The bot-cost step of a submission: the payload's proof of work (challenge.ts) is checked after the stored-request
 * lookup and before everything else, with one HMAC and one SHA-256. A refusal is retryable and, except for a token
 * that is merely too young, carries a fresh challenge valid at once, so the page solves it and sends the same
 * requestId again by itself. Nothing is stored and no email is sent for a refused payload.
 */
import type { ChallengeOffer, SubmitResult } from '../../shared/types';
import type { Logger } from '../common/ports';
import {
  difficultyFor,
  difficultyFromBase,
  issueChallenge,
  verifyChallenge,
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
 * Refusals of a genuine token that is only stale (too old, too young, or easier than the server now wants): when its
 * work is done, the request may already be stored (its cache entry forgotten), so the sheet is asked before refusing.
 * Forged, missing or unsolved payloads never reach the sheet, so junk costs the box no sheet access.
 */
const STALE: ReadonlySet<ChallengeRefusal> = new Set<ChallengeRefusal>(['expired', 'too-young', 'too-easy']);

/**
 * Null when the payload's work is accepted; otherwise the answer to send back. `storedCode` finds the tracking code
 * of a request already stored (one sheet search), asked only for a stale token whose work is done.
 */
export function checkBotCost(
  raw: unknown,
  requestId: string,
  now: Date,
  deps: ChallengeDeps,
  storedCode: () => string | null,
  log: Logger,
): SubmitResult | null {
  const input = { token: payloadField(raw, 'token'), nonce: payloadField(raw, 'nonce'), requestId };
  const settings = deps.settings();
  const bits = wantedBits(settings, deps.rate());
  const verdict = verifyChallenge(input, { secret: settings.secret, now: now.getTime(), wantedBits: bits, crypto: deps.crypto });
  if (verdict.ok) return null;
  if (STALE.has(verdict.reason) && workIsDone(input, deps.crypto)) {
    const code = storedCode();
    if (code) return { ok: true, trackingCode: code };
  }
  log.info('submit.challenge-refused', { reason: verdict.reason, wantedBits: bits });
  const result: SubmitResult = { ok: false, retryable: true, errors: [{ message: verdict.message }] };
  if (verdict.freshChallenge) {
    result.challenge = issueChallenge(settings.secret, { bits, now: now.getTime(), refusal: true }, deps.crypto);
  }
  return result;
}
