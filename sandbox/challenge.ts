/**
 * The bot-cost challenge for tests, the preview and the benchmark, done as a page would do it: read the challenge
 * from doGet's boot data, or issue one with the box's own secret (as the server would have), and solve it for a
 * requestId. Test boxes set a low base difficulty (TEST_MIN_BITS, the script property CHALLENGE_MIN_BITS), so
 * solving costs a few hundred hashes and the suites stay fast; the production curve starts at 14 bits.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { solveSync } from '../src/client/challenge/solve';
import { wantedBits, type ChallengeSettings } from '../src/core/intake/bot-cost';
import { difficultyFromBase, issueChallenge, pureChallengeCrypto } from '../src/core/intake/challenge';
import { recentSubmissionRate } from '../src/core/intake/submit';
import type { ChallengeOffer } from '../src/shared/types';
import type { Sandbox } from './vm';

/** The script properties the box reads (src/gas/challenge.ts). */
export const PROP_CHALLENGE_SECRET = 'CHALLENGE_SECRET';
export const PROP_CHALLENGE_MIN_BITS = 'CHALLENGE_MIN_BITS';
/** The base difficulty of test boxes: 1 bit at normal load, at most 8 during a flood. */
export const TEST_MIN_BITS = 1;

export const testCrypto = pureChallengeCrypto(() => randomBytes(12));

/** A UUID, as the page makes request ids. */
export const newRequestId = (): string => randomUUID();

/** The box's secret and base difficulty as the server reads them (null before anything made the secret). */
export function boxChallengeSettings(sb: Sandbox): ChallengeSettings | null {
  const props = sb.world.script.properties;
  const secret = props.get(PROP_CHALLENGE_SECRET);
  if (!secret) return null;
  const raw = props.get(PROP_CHALLENGE_MIN_BITS);
  const n = raw === undefined ? NaN : Number(raw);
  return { secret, minBits: Number.isInteger(n) && n >= 1 && n <= 24 ? n : null };
}

/** The bits the box wants right now (from its per-minute counters, read without an execution). */
export function boxWantedBits(sb: Sandbox): number {
  const settings = boxChallengeSettings(sb);
  if (!settings) throw new Error('the box has no challenge secret yet: run setup or doGet');
  const cache = sb.world.script.cache;
  const now = sb.world.now();
  const view = {
    getAll(keys: string[]) {
      const out: Record<string, string> = {};
      for (const k of keys) {
        const e = cache.get(k);
        if (e && e.expires > now) out[k] = e.value;
      }
      return out;
    },
  };
  return wantedBits(settings, recentSubmissionRate(view, new Date(now)));
}

/**
 * The bits a test payload is solved at: the most the box can ever want when that is cheap (test boxes: 8), so a
 * payload made before a burst still passes; for a box on the production curve, what it wants now.
 */
export function payloadBits(sb: Sandbox): number {
  const settings = boxChallengeSettings(sb);
  if (!settings) return 1;
  const most = difficultyFromBase(settings.minBits).maxBits;
  return most <= 12 ? most : boxWantedBits(sb);
}

/**
 * A challenge signed with the box's secret, as doGet would have issued it `ageMs` ago (a page opened a minute ago by
 * default), or as a refusal issues it (`refusal`: valid at once).
 */
export function issueForBox(sb: Sandbox, opts: { bits?: number; ageMs?: number; refusal?: boolean; now?: number } = {}): ChallengeOffer {
  const settings = boxChallengeSettings(sb);
  if (!settings) throw new Error('the box has no challenge secret yet: run setup or doGet');
  const now = opts.now ?? sb.world.now() - (opts.ageMs ?? 60000);
  return issueChallenge(settings.secret, { bits: opts.bits ?? payloadBits(sb), now, refusal: opts.refusal }, testCrypto);
}

/** The nonce for a challenge and requestId. */
export function solveFor(offer: ChallengeOffer, requestId: string): string {
  return solveSync({ token: offer.token, requestId, bits: offer.bits }).nonce;
}

/** `payload` with `token` and `nonce` for `offer` (or a fresh one from the box), solved for its requestId. */
export function withWork<T extends Record<string, unknown>>(sb: Sandbox, payload: T, offer?: ChallengeOffer): T {
  const c = offer ?? issueForBox(sb);
  return { ...payload, token: c.token, nonce: solveFor(c, String(payload.requestId)) };
}

/** The challenge in the page doGet serves (its boot data), as the page reads it. */
export function bootChallenge(sb: Sandbox, parameter: Record<string, string> = {}): ChallengeOffer | null {
  const html = sb.run<{ getContent(): string }>('doGet', [{ parameter }]).value.getContent();
  const m = /<script[^>]*id="boot"[^>]*>([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error('no boot data in the page');
  return (JSON.parse(m[1]) as { challenge: ChallengeOffer | null }).challenge;
}
