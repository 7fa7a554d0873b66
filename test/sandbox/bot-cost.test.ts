/**
 * The bot-cost challenge on the built script: doGet hands the page a signed challenge, submitFeedback checks the
 * work (signature, age, difficulty, one request per token) before anything is stored, and every refusal is
 * retryable with a fresh challenge the page solves for the same requestId.
 */
import { createHmac } from 'node:crypto';
import { ADMIN, newBox, payload } from '../../sandbox/box';
import {
  PROP_CHALLENGE_SECRET,
  TEST_MIN_BITS,
  bootChallenge,
  boxWantedBits,
  issueForBox,
  newRequestId,
  solveFor,
} from '../../sandbox/challenge';
import type { Sandbox } from '../../sandbox/vm';
import { base64Url, CHALLENGE_MESSAGES, difficultyFor, difficultyFromBase, TOKEN_USE_MEMORY_MS } from '../../src/core/intake/challenge';
import { leadingZeroBits, sha256Utf8 } from '../../src/shared/sha256';
import type { ChallengeOffer, SubmitResult } from '../../src/shared/types';
import { windowKeys } from '../../src/core/intake/caps';
import { STALE_SEARCHES_PER_MINUTE } from '../../src/core/intake/submit';

const T0 = Date.UTC(2026, 10, 28, 2, 0, 0);
const TOKEN_RE = /^h1\.\d+\.\d+\.[pr]\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{43}$/;

function rows(sb: Sandbox): number {
  return sb.world.boxSpreadsheet()!.getSheetByName('Góp ý')!.getLastRow() - 1;
}

function submit(sb: Sandbox, p: Record<string, unknown>): SubmitResult {
  return sb.run<SubmitResult>('submitFeedback', [p]).value;
}

/** A payload carrying `offer`'s token, solved for its own requestId (as the page does). */
function solved(offer: ChallengeOffer, over: Record<string, unknown> = {}): Record<string, unknown> {
  const p = payload({ requestId: newRequestId(), token: offer.token, nonce: '', ...over });
  return { ...p, nonce: solveFor(offer, String(p.requestId)) };
}

/** The refusal every bad token gets: retryable, one Vietnamese message, a fresh challenge valid at once. */
function expectRefusedWithChallenge(res: SubmitResult, message: string): ChallengeOffer {
  if (res.ok) throw new Error('expected a refusal, got ' + JSON.stringify(res));
  expect(res.retryable).toBe(true);
  expect(res.errors).toEqual([{ message }]);
  expect(res.challenge).toEqual({ token: expect.stringMatching(TOKEN_RE), bits: expect.any(Number) });
  expect(res.challenge!.token.split('.')[3]).toBe('r');
  return res.challenge!;
}

/** A box on a moving clock the test controls. */
function clockedBox(opts: { challengeMinBits?: number | null } = {}) {
  let now = T0;
  const sb = newBox({ now: () => now, ...opts });
  return { sb, advance: (ms: number) => (now += ms), now: () => now };
}

describe('doGet', () => {
  test('hands the page a signed challenge; the secret is made at setup and lives only in script properties', () => {
    const { sb } = clockedBox();
    const secret = sb.world.script.properties.get(PROP_CHALLENGE_SECRET);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{40}$/);
    const html = sb.run<{ getContent(): string }>('doGet', [{ parameter: {} }]).value.getContent();
    expect(html).not.toContain(secret!);
    const c = bootChallenge(sb)!;
    expect(c.token).toMatch(TOKEN_RE);
    expect(c.bits).toBe(TEST_MIN_BITS);
    const [, issued, bits, kind] = c.token.split('.');
    expect([Number(issued), Number(bits), kind]).toEqual([T0, TEST_MIN_BITS, 'p']);
    // Signed with the box's own secret, HMAC-SHA-256 over everything before the last dot.
    const body = c.token.slice(0, c.token.lastIndexOf('.'));
    expect(c.token.slice(body.length + 1)).toBe(base64Url(createHmac('sha256', secret!).update(body).digest()));
    // Every view carries one (the lookup view can switch to the form).
    expect(bootChallenge(sb, { track: 'HB-7K3M9QX' })!.token).toMatch(TOKEN_RE);
  });

  test('on the production curve the page is asked for 14 bits', () => {
    const { sb } = clockedBox({ challengeMinBits: null });
    expect(bootChallenge(sb)!.bits).toBe(14);
  });

  test('a box whose secret was lost makes a new one on the first page', () => {
    const { sb } = clockedBox();
    sb.world.script.properties.delete(PROP_CHALLENGE_SECRET);
    sb.world.script.cache.clear();
    expect(bootChallenge(sb)!.token).toMatch(TOKEN_RE);
    expect(sb.world.script.properties.get(PROP_CHALLENGE_SECRET)).toMatch(/^[A-Za-z0-9_-]{40}$/);
  });
});

describe('the resident path', () => {
  test('the boot challenge solved while typing is accepted, and the answer brings the next opinion its challenge', () => {
    const { sb, advance } = clockedBox({ challengeMinBits: null });
    const boot = bootChallenge(sb)!;
    advance(40_000);
    const p = solved(boot);
    const nonce = String(p.nonce);
    expect(leadingZeroBits(sha256Utf8(`${boot.token}:${String(p.requestId)}:${nonce}`))).toBeGreaterThanOrEqual(14);
    const res = submit(sb, p);
    if (!res.ok) throw new Error(JSON.stringify(res));
    expect(rows(sb)).toBe(1);
    expect(sb.world.gmail.sent).toHaveLength(1);
    expect(res.challenge).toEqual({ token: expect.stringMatching(TOKEN_RE), bits: 14 });
    // A lost answer: the same requestId, token and nonce get the same code back, nothing new is stored.
    sb.world.script.cache.clear();
    expect(submit(sb, p)).toMatchObject({ ok: true, trackingCode: res.trackingCode });
    // The next opinion from the same page, on the challenge the answer brought.
    advance(60_000);
    const second = submit(sb, solved(res.challenge!, { content: 'Đề nghị sửa lại nắp cống trước nhà văn hóa khu dân cư số 1.' }));
    expect(second.ok).toBe(true);
    expect(rows(sb)).toBe(2);
    expect(sb.world.gmail.sent).toHaveLength(2);
  });

  test('a page opened before the challenge existed is told to reload, with its draft kept; nothing is stored', () => {
    const { sb } = clockedBox();
    const old = payload({ token: undefined, nonce: undefined });
    delete old.token;
    delete old.nonce;
    const res = submit(sb, old);
    expectRefusedWithChallenge(res, CHALLENGE_MESSAGES.missing);
    expect(CHALLENGE_MESSAGES.missing).toMatch(/tải lại trang/);
    expect(rows(sb)).toBe(0);
    expect(sb.world.gmail.sent).toHaveLength(0);
  });

  test('a token sent a moment after the page opened is refused with a challenge valid at once, solved and sent again', () => {
    const { sb, advance } = clockedBox();
    const boot = bootChallenge(sb)!;
    advance(1000);
    const p = solved(boot);
    // Refused like a payload with no token at all (which gets a challenge valid at once): the minimum age costs the
    // sender one more round of work, never a wait, and a client whose clock stands still is not locked out.
    const offered = expectRefusedWithChallenge(submit(sb, p), CHALLENGE_MESSAGES['too-young']);
    expect(rows(sb)).toBe(0);
    const again = submit(sb, solved(offered, { requestId: p.requestId }));
    expect(again.ok).toBe(true);
    expect(rows(sb)).toBe(1);
    advance(2500);
    // The page token has not served a request, so it is still good for another opinion once old enough.
    expect(submit(sb, solved(boot)).ok).toBe(true);
    // A refusal's challenge carries no minimum age.
    const fresh = expectRefusedWithChallenge(submit(sb, payload({ token: 'h1.x', nonce: '1' })), CHALLENGE_MESSAGES.malformed);
    expect(submit(sb, solved(fresh)).ok).toBe(true);
  });
});

describe('refused work stores nothing and sends nothing; the page solves the new challenge and succeeds', () => {
  test('replay: a token that served one request is refused for another', () => {
    const { sb, advance } = clockedBox();
    const boot = bootChallenge(sb)!;
    advance(30_000);
    const first = submit(sb, solved(boot));
    expect(first.ok).toBe(true);
    // The same token, with honest work for a new requestId.
    const again = solved(boot, { content: 'Ý kiến thứ hai gửi lại bằng mã kiểm tra của ý kiến đầu tiên.' });
    const offer = expectRefusedWithChallenge(submit(sb, again), CHALLENGE_MESSAGES.replay);
    expect(rows(sb)).toBe(1);
    expect(sb.world.gmail.sent).toHaveLength(1);
    // The page solves the new challenge for the same requestId and sends again by itself.
    const retried = { ...again, token: offer.token, nonce: solveFor(offer, String(again.requestId)) };
    expect(submit(sb, retried).ok).toBe(true);
    expect(rows(sb)).toBe(2);
  });

  test('forged tokens: another secret, edited bits or time, a made-up signature', () => {
    const { sb, advance } = clockedBox();
    const boot = bootChallenge(sb)!;
    advance(30_000);
    const secret = sb.world.script.properties.get(PROP_CHALLENGE_SECRET)!;
    const resign = (body: string) => `${body}.${base64Url(createHmac('sha256', 'not-the-secret').update(body).digest())}`;
    const body = boot.token.slice(0, boot.token.lastIndexOf('.'));
    const [, issued, , kind, salt] = body.split('.');
    const forgeries = [
      resign(body),
      // Fewer bits than issued, re-signed with a guessed key.
      resign(`h1.${issued}.1.${kind}.${salt}`),
      // The original signature on an edited issue time (to dodge the age check).
      `h1.${Number(issued) - 1}.${boot.bits}.${kind}.${salt}.${boot.token.slice(body.length + 1)}`,
      // A refusal token made up from a page token's parts.
      `h1.${issued}.${boot.bits}.r.${salt}.${boot.token.slice(body.length + 1)}`,
      `${body}.${'A'.repeat(43)}`,
    ];
    expect(secret).not.toBe('not-the-secret');
    forgeries.forEach((token, i) => {
      const bits = Number(token.split('.')[2]);
      const p = solved({ token, bits });
      const offer = expectRefusedWithChallenge(submit(sb, p), CHALLENGE_MESSAGES.forged);
      expect(rows(sb)).toBe(i);
      expect(sb.world.gmail.sent).toHaveLength(i);
      // The same requestId, solved for the server's own challenge, goes through.
      const retry = { ...p, token: offer.token, nonce: solveFor(offer, String(p.requestId)) };
      expect(submit(sb, retry).ok).toBe(true);
    });
    expect(rows(sb)).toBe(forgeries.length);
    expect(sb.world.gmail.sent).toHaveLength(forgeries.length);
  });

  test('wrong answers: a bad nonce, or work done for another requestId', () => {
    const { sb, advance } = clockedBox();
    advance(30_000);
    // At 8 bits a random nonce is almost never right; the test box's ceiling is 8.
    const offer = issueForBox(sb, { bits: 8 });
    const p = solved(offer);
    let bad = 'x';
    while (leadingZeroBits(sha256Utf8(`${offer.token}:${String(p.requestId)}:${bad}`)) >= 8) bad += 'x';
    expectRefusedWithChallenge(submit(sb, { ...p, nonce: bad }), CHALLENGE_MESSAGES['wrong-answer']);
    const other = newRequestId();
    const forOther = solveFor(offer, other);
    const stolen = { ...p, nonce: forOther };
    if (leadingZeroBits(sha256Utf8(`${offer.token}:${String(p.requestId)}:${forOther}`)) < 8) {
      expectRefusedWithChallenge(submit(sb, stolen), CHALLENGE_MESSAGES['wrong-answer']);
    }
    expect(rows(sb)).toBe(0);
    expect(sb.world.gmail.sent).toHaveLength(0);
    expect(submit(sb, p).ok).toBe(true);
  });

  test('expired: a page token older than the server remembers tokens gets a fresh challenge', () => {
    const { sb, advance } = clockedBox();
    const boot = bootChallenge(sb)!;
    const p = solved(boot);
    advance(TOKEN_USE_MEMORY_MS + 1000);
    const offer = expectRefusedWithChallenge(submit(sb, p), CHALLENGE_MESSAGES.expired);
    expect(rows(sb)).toBe(0);
    expect(submit(sb, { ...p, token: offer.token, nonce: solveFor(offer, String(p.requestId)) }).ok).toBe(true);
  });

  test('under load the server wants more work: a payload solved at the calm difficulty is refused', () => {
    const { sb, advance, now } = clockedBox();
    const calm = bootChallenge(sb)!;
    expect(calm.bits).toBe(TEST_MIN_BITS);
    advance(30_000);
    // 30 opinions accepted this minute (below the per-minute cap of the test box).
    // As the intake counters mirror them into the cache: 30 this minute, 30 this hour.
    const k = windowKeys(new Date(now()));
    sb.world.script.cache.set('intake:rate', { value: `${k.minute}|30|${k.hour}|30`, expires: now() + 600_000 });
    const busy = difficultyFor({ perMinute: 30, perHour: 30 }, difficultyFromBase(TEST_MIN_BITS));
    expect(busy).toBeGreaterThan(TEST_MIN_BITS);
    expect(boxWantedBits(sb)).toBe(busy);
    expect(bootChallenge(sb)!.bits).toBe(busy);
    const p = solved(calm);
    const offer = expectRefusedWithChallenge(submit(sb, p), CHALLENGE_MESSAGES['too-easy']);
    expect(offer.bits).toBe(busy);
    expect(rows(sb)).toBe(0);
    expect(submit(sb, { ...p, token: offer.token, nonce: solveFor(offer, String(p.requestId)) }).ok).toBe(true);
  });

  test('one old token kept by a script cannot have the sheet read at will: searches for stale work are rationed', () => {
    const { sb, advance } = clockedBox();
    const boot = bootChallenge(sb)!;
    advance(TOKEN_USE_MEMORY_MS + 1000);
    let reads = 0;
    for (let i = 0; i < 50; i++) {
      const run = sb.run<SubmitResult>('submitFeedback', [solved(boot)]);
      expectRefusedWithChallenge(run.value, CHALLENGE_MESSAGES.expired);
      reads += run.calls['Range.getValues'] ?? 0;
    }
    // One column read a search, up to the minute's ration, and none after it.
    expect(STALE_SEARCHES_PER_MINUTE).toBeLessThan(50);
    expect(reads).toBe(STALE_SEARCHES_PER_MINUTE);
    expect(rows(sb)).toBe(0);
  });

  test('a stored request is answered before any token check, even when its token has expired', () => {
    const { sb, advance } = clockedBox();
    const boot = bootChallenge(sb)!;
    advance(30_000);
    const p = solved(boot);
    const res = submit(sb, p);
    if (!res.ok) throw new Error(JSON.stringify(res));
    advance(TOKEN_USE_MEMORY_MS + 1000);
    sb.world.script.cache.clear();
    expect(submit(sb, p)).toMatchObject({ ok: true, trackingCode: res.trackingCode });
    expect(rows(sb)).toBe(1);
    expect(sb.world.gmail.sent).toHaveLength(1);
  });
});

test('setup run again keeps the secret (tokens already handed out stay valid)', () => {
  const { sb, advance } = clockedBox();
  const before = sb.world.script.properties.get(PROP_CHALLENGE_SECRET);
  const boot = bootChallenge(sb)!;
  sb.run('setup', [], { user: ADMIN });
  expect(sb.world.script.properties.get(PROP_CHALLENGE_SECRET)).toBe(before);
  advance(30_000);
  expect(submit(sb, solved(boot)).ok).toBe(true);
});
