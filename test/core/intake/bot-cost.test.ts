/**
 * The bot-cost step of a submission (bot-cost.ts): what a payload's work gets back, the replay rule, and the
 * difficulty that follows the rate.
 */
import { randomBytes } from 'node:crypto';
import { checkBotCost, offerChallenge, tokenUseKey, wantedBits, type ChallengeDeps } from '../../../src/core/intake/bot-cost';
import {
  CHALLENGE_MESSAGES,
  DEFAULT_DIFFICULTY,
  issueChallenge,
  pureChallengeCrypto,
  type SubmissionRate,
} from '../../../src/core/intake/challenge';
import { solveSync } from '../../../src/client/challenge/solve';
import { leadingZeroBits, sha256Utf8 } from '../../../src/shared/sha256';
import type { Logger } from '../../../src/core/common/ports';
import type { ChallengeOffer, SubmitResult } from '../../../src/shared/types';

const SECRET = 'khóa-thử';
const T0 = Date.UTC(2026, 10, 28, 2, 0, 0);
const RID = '4f1c2a9e-6b7d-4e8f-9a0b-1c2d3e4f5a6b';
const OTHER = '0d6c1a52-93b4-4c1e-8f7a-2b5e6d4c3a10';
const crypto = pureChallengeCrypto(() => randomBytes(12));

interface Logged {
  event: string;
  data?: unknown;
}

function deps(rate: SubmissionRate = {}, minBits: number | null = 4): ChallengeDeps & { digests: number } {
  const counted = {
    digests: 0,
    settings: () => ({ secret: SECRET, minBits }),
    rate: () => rate,
    crypto: {
      ...crypto,
      sha256: (m: string) => {
        counted.digests++;
        return crypto.sha256(m);
      },
    },
  };
  return counted;
}

function logger(into: Logged[]): Logger {
  return {
    info: (event, data) => into.push({ event, data }),
    warn: (event, data) => into.push({ event, data }),
    error: (event, _e, data) => into.push({ event, data }),
  };
}

function work(offer: ChallengeOffer, requestId = RID) {
  return { requestId, token: offer.token, nonce: solveSync({ ...offer, requestId }).nonce };
}

function check(raw: Record<string, unknown>, d: ChallengeDeps, over: Partial<Parameters<typeof checkBotCost>[0]> = {}) {
  const logs: Logged[] = [];
  let searched = 0;
  const result = checkBotCost(
    {
      raw,
      requestId: String(raw.requestId),
      now: new Date(T0 + 60_000),
      tokenUsedBy: undefined,
      storedCode: () => {
        searched++;
        return null;
      },
      log: logger(logs),
      ...over,
    },
    d,
  );
  return { result, logs, searched };
}

function refusal(r: SubmitResult | null): { message: string; challenge?: ChallengeOffer } {
  if (!r || r.ok) throw new Error('expected a refusal, got ' + JSON.stringify(r));
  expect(r.retryable).toBe(true);
  expect(r.errors).toHaveLength(1);
  return { message: r.errors[0].message, challenge: r.challenge };
}

describe('checkBotCost', () => {
  test('honest work passes with one digest and no sheet search', () => {
    const d = deps();
    const offer = issueChallenge(SECRET, { bits: 4, now: T0 }, crypto);
    const { result, searched } = check(work(offer), d);
    expect(result).toBeNull();
    expect(d.digests).toBe(1);
    expect(searched).toBe(0);
  });

  test('a token already used for another request is refused as a replay, with a fresh challenge', () => {
    const offer = issueChallenge(SECRET, { bits: 4, now: T0 }, crypto);
    const r = refusal(check(work(offer), deps(), { tokenUsedBy: OTHER }).result);
    expect(r.message).toBe(CHALLENGE_MESSAGES.replay);
    expect(r.challenge!.token).not.toBe(offer.token);
    expect(r.challenge!.token.split('.')[3]).toBe('r');
    // Its own request again (a retry after a lost answer) is no replay.
    expect(check(work(offer), deps(), { tokenUsedBy: RID }).result).toBeNull();
  });

  test('a replayed token must still be genuine: a forgery is refused as forged, not as a replay', () => {
    const offer = issueChallenge('another-secret', { bits: 4, now: T0 }, crypto);
    expect(refusal(check(work(offer), deps(), { tokenUsedBy: OTHER }).result).message).toBe(CHALLENGE_MESSAGES.forged);
  });

  test('a stale token whose work is done asks the sheet once, and a stored request gets its code back', () => {
    const offer = issueChallenge(SECRET, { bits: 4, now: T0 - 7 * 3600_000 }, crypto);
    const stored = check(work(offer), deps(), { storedCode: () => 'HB-7K3M9QX' });
    expect(stored.result).toEqual({ ok: true, trackingCode: 'HB-7K3M9QX' });
    const fresh = check(work(offer), deps());
    expect(fresh.searched).toBe(1);
    expect(refusal(fresh.result).message).toBe(CHALLENGE_MESSAGES.expired);
  });

  test('a stale token easier than the server now wants never reaches the sheet: a flood makes old work worthless', () => {
    const old = issueChallenge(SECRET, { bits: 4, now: T0 - 7 * 3600_000 }, crypto);
    const busy = check(work(old), deps({ perMinute: 40 }));
    expect(busy.searched).toBe(0);
    expect(refusal(busy.result).challenge!.bits).toBeGreaterThan(4);
    // The same work while the box is calm still asks the sheet once.
    expect(check(work(old), deps()).searched).toBe(1);
  });

  test('junk never reaches the sheet: missing, forged or unsolved payloads are refused without a search', () => {
    const offer = issueChallenge(SECRET, { bits: 12, now: T0 }, crypto);
    let wrong = 'x';
    while (leadingZeroBits(sha256Utf8(`${offer.token}:${RID}:${wrong}`)) >= 12) wrong += 'x';
    const cases: Record<string, unknown>[] = [
      { requestId: RID },
      { ...work(issueChallenge('x', { bits: 4, now: T0 }, crypto)) },
      { requestId: RID, token: offer.token, nonce: wrong },
    ];
    for (const raw of cases) {
      const { result, searched, logs } = check(raw, deps());
      const r = refusal(result);
      expect(r.challenge).toBeDefined();
      expect(searched).toBe(0);
      // Logged without the token, the nonce or the secret.
      expect(JSON.stringify(logs)).not.toMatch(new RegExp(`${SECRET}|${offer.token.slice(-20)}`));
      expect(logs.map((l) => l.event)).toEqual(['submit.challenge-refused']);
    }
  });

  test('a too-young page token is refused with a challenge valid at once, as a payload without a token would be', () => {
    const offer = issueChallenge(SECRET, { bits: 4, now: T0 }, crypto);
    const { result } = check(work(offer), deps(), { now: new Date(T0 + 500) });
    expect(result).toMatchObject({ ok: false, retryable: true, errors: [{ message: CHALLENGE_MESSAGES['too-young'] }] });
    if (!result || result.ok || !result.challenge) throw new Error('expected a refusal with a challenge');
    const fresh = result.challenge;
    expect(fresh.token.split('.')[3]).toBe('r');
    expect(check(work(fresh), deps(), { now: new Date(T0 + 500) }).result).toBeNull();
  });

  test('difficulty follows the rate: the refusal carries what the server wants now', () => {
    const busy = deps({ perMinute: 40 });
    const bits = wantedBits({ secret: SECRET, minBits: 4 }, { perMinute: 40 });
    expect(bits).toBeGreaterThan(4);
    const offer = issueChallenge(SECRET, { bits: 4, now: T0 }, crypto);
    const r = refusal(check(work(offer), busy).result);
    expect(r.message).toBe(CHALLENGE_MESSAGES['too-easy']);
    expect(r.challenge!.bits).toBe(bits);
    expect(check(work(r.challenge!), busy, { now: new Date(T0 + 60_000) }).result).toBeNull();
  });
});

describe('offerChallenge and wantedBits', () => {
  test('production curve: 14 bits when calm, never above 21 in a flood', () => {
    const settings = { secret: SECRET, minBits: null };
    expect(wantedBits(settings, {})).toBe(DEFAULT_DIFFICULTY.minBits);
    expect(DEFAULT_DIFFICULTY.minBits).toBe(14);
    expect(wantedBits(settings, { perMinute: 1e6, perHour: 1e9 })).toBe(21);
    const page = offerChallenge({ ...deps({}, null) }, new Date(T0), false);
    expect(page.bits).toBe(14);
    expect(page.token.split('.').slice(1, 4)).toEqual([String(T0), '14', 'p']);
  });
});

describe('tokenUseKey', () => {
  test('one key per token, from its signature; none without a well-formed token', () => {
    const a = issueChallenge(SECRET, { bits: 4, now: T0 }, crypto);
    const b = issueChallenge(SECRET, { bits: 4, now: T0 }, crypto);
    const ka = tokenUseKey({ token: a.token });
    expect(ka).toBe(`pow:${a.token.slice(a.token.lastIndexOf('.') + 1)}`);
    expect(ka!.length).toBeLessThanOrEqual(250);
    expect(tokenUseKey({ token: b.token })).not.toBe(ka);
    for (const raw of [{}, { token: '' }, { token: 'h1.x' }, { token: 42 }, null, 'text']) expect(tokenUseKey(raw)).toBeNull();
  });
});
