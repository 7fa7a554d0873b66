import fc from 'fast-check';
import { createHash, createHmac, randomBytes as nodeRandomBytes } from 'node:crypto';
import {
  CHALLENGE_MESSAGES,
  DEFAULT_CHALLENGE_CONFIG,
  DEFAULT_DIFFICULTY,
  MAX_BITS,
  TOKEN_USE_MEMORY_MS,
  base64Url,
  constantTimeEqual,
  difficultyFor,
  expectedHashes,
  issueChallenge,
  parseToken,
  pureChallengeCrypto,
  verifyChallenge,
  type ChallengeCrypto,
  type ChallengeRefusal,
  type ChallengeVerdict,
  type VerifyContext,
} from '../../../src/core/intake/challenge';
import { solveSync } from '../../../src/client/challenge/solve';

const SECRET = 'bí mật của hòm thư 🔑';
const T0 = Date.UTC(2025, 5, 1, 3, 0, 0);
const RID = '3f1c2a9e-7b44-4c1d-9a0e-5d2b8c7f6a10';
const OTHER_RID = '9b8e7d6c-5a4b-4c3d-8e2f-1a0b9c8d7e6f';

/** Deterministic "random" bytes for reproducible tokens. */
function counterBytes(seed = 1): () => number[] {
  let n = seed;
  return () => Array.from({ length: 30 }, () => (n = (n * 1103515245 + 12345) >>> 0) >>> 24);
}

const pure = pureChallengeCrypto(counterBytes());

/** Like the Apps Script adapter: Java's signed bytes (-128..127) in plain arrays. */
function signedCrypto(random: () => number[] = counterBytes()): ChallengeCrypto {
  const toSigned = (b: Buffer) => Array.from(b, (x) => (x > 127 ? x - 256 : x));
  return {
    hmacSha256: (message, key) => toSigned(createHmac('sha256', Buffer.from(key, 'utf8')).update(message, 'utf8').digest()),
    sha256: (message) => toSigned(createHash('sha256').update(message, 'utf8').digest()),
    randomBytes: () => random().map((x) => (x > 127 ? x - 256 : x)),
  };
}

function ctx(over: Partial<VerifyContext> = {}): VerifyContext {
  return { secret: SECRET, now: T0 + 60000, wantedBits: 8, crypto: pure, ...over };
}

function refusal(v: ChallengeVerdict): ChallengeRefusal | 'ok' {
  return v.ok ? 'ok' : v.reason;
}

/** A page token issued at T0 with `bits`, solved for RID. */
function solved(bits = 8, opts: { refusal?: boolean; now?: number; requestId?: string } = {}) {
  const offer = issueChallenge(SECRET, { bits, now: opts.now ?? T0, refusal: opts.refusal }, pure);
  const requestId = opts.requestId ?? RID;
  const { nonce } = solveSync({ ...offer, requestId });
  return { ...offer, requestId, nonce };
}

describe('tokens', () => {
  test('format: h1.<ms>.<bits>.<p|r>.<salt>.<signature>, URL-safe, no ":"', () => {
    const page = issueChallenge(SECRET, { bits: 14, now: T0 }, pure);
    expect(page.bits).toBe(14);
    expect(page.token).toMatch(/^h1\.1748746800000\.14\.p\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{43}$/);
    const r = issueChallenge(SECRET, { bits: 20, now: T0, refusal: true }, pure);
    expect(r.token).toMatch(/^h1\.1748746800000\.20\.r\./);
    expect(encodeURIComponent(r.token)).toBe(r.token);
    expect(parseToken(r.token)).toEqual({
      issuedAt: T0,
      bits: 20,
      refusal: true,
      body: r.token.slice(0, r.token.lastIndexOf('.')),
      signature: r.token.slice(-43),
    });
  });

  test('the signature is HMAC-SHA-256 of the body under the UTF-8 secret, base64url', () => {
    const { token } = issueChallenge(SECRET, { bits: 14, now: T0 }, pure);
    const body = token.slice(0, token.lastIndexOf('.'));
    expect(token.slice(body.length + 1)).toBe(createHmac('sha256', Buffer.from(SECRET, 'utf8')).update(body).digest('base64url'));
  });

  test('salts differ between tokens; the same inputs and randomness give the same token on both crypto implementations', () => {
    const a = issueChallenge(SECRET, { bits: 14, now: T0 }, pure);
    const b = issueChallenge(SECRET, { bits: 14, now: T0 }, pure);
    expect(a.token).not.toBe(b.token);
    const p = issueChallenge(SECRET, { bits: 14, now: T0 }, pureChallengeCrypto(counterBytes(7)));
    const s = issueChallenge(SECRET, { bits: 14, now: T0 }, signedCrypto(counterBytes(7)));
    expect(s.token).toBe(p.token);
  });

  test('bits are kept within 1..32; bad secrets, times and randomness throw', () => {
    expect(issueChallenge(SECRET, { bits: 0, now: T0 }, pure).bits).toBe(1);
    expect(issueChallenge(SECRET, { bits: 99, now: T0 }, pure).bits).toBe(MAX_BITS);
    expect(issueChallenge(SECRET, { bits: 14.7, now: T0 }, pure).bits).toBe(14);
    expect(() => issueChallenge('', { bits: 14, now: T0 }, pure)).toThrow();
    expect(() => issueChallenge(SECRET, { bits: 14, now: NaN }, pure)).toThrow();
    expect(() => issueChallenge(SECRET, { bits: 14, now: T0 }, { ...pure, randomBytes: () => [1, 2, 3] })).toThrow();
    expect(() => issueChallenge(SECRET, { bits: 14, now: T0 }, { ...pure, hmacSha256: () => [1, 2] })).toThrow();
  });

  test('parseToken reads without trusting, and rejects anything off the format', () => {
    const { token } = issueChallenge(SECRET, { bits: 14, now: T0 }, pure);
    const forgedBits = token.replace('.14.', '.30.');
    expect(parseToken(forgedBits)?.bits).toBe(30); // parseable, but verify says forged
    for (const bad of [
      undefined,
      null,
      42,
      {},
      '',
      token + 'A',
      token.slice(1),
      token.replace('h1.', 'h2.'),
      token.replace('.14.', '.0.'),
      token.replace('.14.', '.33.'),
      token.replace('.14.', '.014.'),
      token.replace('.p.', '.x.'),
      token.replace(String(T0), '0' + String(T0).slice(1)),
      token.replace(/\.[^.]*$/, '.' + 'A'.repeat(42) + '='),
      token + '.'.repeat(200),
      token.replace('.p.', ':p:'),
    ]) {
      expect(parseToken(bad)).toBeNull();
    }
  });
});

describe('verifyChallenge', () => {
  test('a solved page token passes once it is old enough', () => {
    const s = solved(10);
    expect(verifyChallenge(s, ctx({ wantedBits: 10 }))).toEqual({ ok: true, bits: 10, issuedAt: T0, refusal: false });
    // Harder than wanted is fine.
    expect(verifyChallenge(s, ctx({ wantedBits: 6 })).ok).toBe(true);
  });

  test('works the same with Apps Script-style signed bytes, in both directions', () => {
    const s = solved(10);
    expect(verifyChallenge(s, ctx({ crypto: signedCrypto() })).ok).toBe(true);
    const offer = issueChallenge(SECRET, { bits: 10, now: T0 }, signedCrypto());
    const { nonce } = solveSync({ ...offer, requestId: RID });
    expect(verifyChallenge({ token: offer.token, requestId: RID, nonce }, ctx()).ok).toBe(true);
    expect(verifyChallenge({ token: offer.token, requestId: RID, nonce }, ctx({ crypto: signedCrypto() })).ok).toBe(true);
  });

  test('missing: no token or no nonce (a page opened before the protocol existed)', () => {
    const s = solved();
    for (const input of [
      { requestId: RID, token: undefined, nonce: undefined },
      { requestId: RID, token: '', nonce: s.nonce },
      { requestId: RID, token: null, nonce: s.nonce },
      { requestId: RID, token: s.token, nonce: undefined },
      { requestId: RID, token: s.token, nonce: '' },
    ]) {
      const v = verifyChallenge(input, ctx());
      expect(v).toEqual({ ok: false, reason: 'missing', message: CHALLENGE_MESSAGES.missing });
    }
    expect(CHALLENGE_MESSAGES.missing).toBe('Trang đã cũ. Vui lòng tải lại trang (nội dung bạn đã viết vẫn được giữ).');
  });

  test('malformed: token, nonce or requestId off the format (nothing is hashed)', () => {
    const s = solved();
    let digests = 0;
    const counting: ChallengeCrypto = {
      ...pure,
      hmacSha256: (m, k) => (digests++, pure.hmacSha256(m, k)),
      sha256: (m) => (digests++, pure.sha256(m)),
    };
    for (const input of [
      { ...s, token: 'not a token' },
      { ...s, token: 17 },
      { ...s, nonce: 17 },
      { ...s, nonce: 'có dấu' },
      { ...s, nonce: 'a:b' },
      { ...s, nonce: 'x'.repeat(65) },
      { ...s, requestId: undefined },
      { ...s, requestId: 'short' },
      { ...s, requestId: RID + ':x' },
      { ...s, requestId: 'Ý-kiến-12345678' },
    ]) {
      expect(refusal(verifyChallenge(input, ctx({ crypto: counting })))).toBe('malformed');
    }
    expect(digests).toBe(0);
  });

  test('forged: another secret, edited bits, time, kind or salt, or a bad signature', () => {
    const s = solved(8);
    expect(refusal(verifyChallenge(s, ctx({ secret: 'another secret' })))).toBe('forged');
    const edits = [
      s.token.replace('.8.', '.9.'),
      s.token.replace(String(T0), String(T0 + 1)),
      s.token.replace('.p.', '.r.'),
      s.token.replace(/\.p\.(.)/, (_m, c: string) => `.p.${c === 'A' ? 'B' : 'A'}`),
      s.token.slice(0, -1) + (s.token.endsWith('A') ? 'B' : 'A'),
    ];
    for (const token of edits) {
      expect(token).not.toBe(s.token);
      expect(refusal(verifyChallenge({ ...s, token }, ctx()))).toBe('forged');
    }
  });

  test('expired once its use may be forgotten (6 hours, the longest the cache remembers); too young before the minimum age', () => {
    // A token is accepted only while the server can still remember it was used, so no token serves two requests.
    expect(DEFAULT_CHALLENGE_CONFIG.maxAgeMs).toBe(TOKEN_USE_MEMORY_MS);
    expect(TOKEN_USE_MEMORY_MS).toBeLessThanOrEqual(21600 * 1000);
    const s = solved(8);
    expect(verifyChallenge(s, ctx({ now: T0 + DEFAULT_CHALLENGE_CONFIG.maxAgeMs })).ok).toBe(true);
    const old = verifyChallenge(s, ctx({ now: T0 + DEFAULT_CHALLENGE_CONFIG.maxAgeMs + 1 }));
    expect(old).toMatchObject({ ok: false, reason: 'expired' });

    const young = verifyChallenge(s, ctx({ now: T0 + 1200 }));
    expect(young).toEqual({
      ok: false,
      reason: 'too-young',
      message: CHALLENGE_MESSAGES['too-young'],
      retryAfterMs: 1800,
    });
    expect(verifyChallenge(s, ctx({ now: T0 + 3000 })).ok).toBe(true);
    expect(refusal(verifyChallenge(s, ctx({ now: T0 + 100, config: { minAgeMs: 50, maxAgeMs: 1000 } })))).toBe('ok');
    expect(refusal(verifyChallenge(s, ctx({ now: T0 + 1001, config: { minAgeMs: 50, maxAgeMs: 1000 } })))).toBe('expired');
  });

  test('a challenge issued in a refusal is valid at once', () => {
    const s = solved(8, { refusal: true });
    expect(verifyChallenge(s, ctx({ now: T0 }))).toEqual({ ok: true, bits: 8, issuedAt: T0, refusal: true });
    expect(refusal(verifyChallenge(s, ctx({ now: T0 + DEFAULT_CHALLENGE_CONFIG.maxAgeMs + 1 })))).toBe('expired');
  });

  test('too easy when the server now wants more bits than the token carries', () => {
    const s = solved(8);
    expect(verifyChallenge(s, ctx({ wantedBits: 9 }))).toMatchObject({ ok: false, reason: 'too-easy' });
  });

  test('wrong answer: a bad nonce, or a solution made for another requestId', () => {
    const s = solved(16);
    const digest = (rid: string, nonce: string) => createHash('sha256').update(`${s.token}:${rid}:${nonce}`).digest();
    // The solution for RID does not solve OTHER_RID (checked independently with node:crypto).
    expect(digest(OTHER_RID, s.nonce).readUInt16BE(0)).not.toBe(0);
    expect(verifyChallenge({ ...s, requestId: OTHER_RID }, ctx({ wantedBits: 16 }))).toMatchObject({
      ok: false,
      reason: 'wrong-answer',
    });
    // The same work is accepted for its own requestId.
    expect(verifyChallenge(s, ctx({ wantedBits: 16 })).ok).toBe(true);
    expect(refusal(verifyChallenge({ ...s, nonce: s.nonce + 'x' }, ctx({ wantedBits: 16 })))).toBe(
      digest(RID, s.nonce + 'x').readUInt16BE(0) === 0 ? 'ok' : 'wrong-answer',
    );
    // A solution for another requestId, presented with it, passes.
    const other = solveSync({ token: s.token, bits: 16, requestId: OTHER_RID });
    expect(verifyChallenge({ token: s.token, requestId: OTHER_RID, nonce: other.nonce }, ctx({ wantedBits: 16 })).ok).toBe(true);
  });

  test('the work check is one digest of token:requestId:nonce, and one HMAC checks the signature', () => {
    const s = solved(8);
    const seen: string[] = [];
    const spy: ChallengeCrypto = {
      ...pure,
      hmacSha256: (m, k) => (seen.push(`hmac ${m}`), pure.hmacSha256(m, k)),
      sha256: (m) => (seen.push(`sha ${m}`), pure.sha256(m)),
    };
    expect(verifyChallenge(s, ctx({ crypto: spy })).ok).toBe(true);
    expect(seen).toEqual([`hmac ${s.token.slice(0, s.token.lastIndexOf('.'))}`, `sha ${s.token}:${RID}:${s.nonce}`]);
  });

  test('property: any secret, bits, time and requestId round-trip; any one-character edit of the token is refused', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 0, max: 4e12 }),
        fc.uuid(),
        fc.boolean(),
        fc.nat(),
        fc.integer({ min: 33, max: 126 }),
        (secret, bits, now, requestId, isRefusal, at, code) => {
          const offer = issueChallenge(secret, { bits, now, refusal: isRefusal }, pure);
          const { nonce } = solveSync({ ...offer, requestId });
          const c = { secret, now: now + 5000, wantedBits: bits, crypto: signedCrypto() };
          expect(verifyChallenge({ token: offer.token, requestId, nonce }, c).ok).toBe(true);
          const i = at % offer.token.length;
          const ch = String.fromCharCode(code);
          fc.pre(offer.token[i] !== ch);
          const edited = offer.token.slice(0, i) + ch + offer.token.slice(i + 1);
          expect(['forged', 'malformed']).toContain(refusal(verifyChallenge({ token: edited, requestId, nonce }, c)));
        },
      ),
      { numRuns: 150 },
    );
  });

  test('property: a random nonce passes exactly when node:crypto says the digest has the bits', () => {
    const offer = issueChallenge(SECRET, { bits: 4, now: T0 }, pure);
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9A-Za-z._~-]{1,64}$/), (nonce) => {
        const d = createHash('sha256').update(`${offer.token}:${RID}:${nonce}`).digest();
        const v = verifyChallenge({ token: offer.token, requestId: RID, nonce }, ctx({ wantedBits: 4 }));
        expect(refusal(v)).toBe(d[0] >> 4 === 0 ? 'ok' : 'wrong-answer');
      }),
      { numRuns: 500 },
    );
  });
});

describe('messages', () => {
  test('Vietnamese NFC, one for every refusal, each tells what to do and keeps the draft', () => {
    const reasons: ChallengeRefusal[] = ['missing', 'malformed', 'forged', 'expired', 'too-young', 'too-easy', 'wrong-answer', 'replay'];
    expect(Object.keys(CHALLENGE_MESSAGES).sort()).toEqual([...reasons].sort());
    for (const r of reasons) {
      const m = CHALLENGE_MESSAGES[r];
      expect(m.normalize('NFC')).toBe(m);
      expect(m).toMatch(/[ạảãáàâầấậẩẫăằắặẳẵđêềếệểễôồốộổỗơờớợởỡưừứựửữ]/);
      expect(m).not.toMatch(/token|nonce|hash|bit/i);
      // Too soon after the page opened: the page solves the refusal's challenge and sends again by itself, so the
      // refusal only says nothing was recorded yet (one message, never "press Gửi lại" beside it).
      if (r === 'too-young') {
        expect(m).toBe('Chưa ghi nhận được ý kiến của bạn.');
        continue;
      }
      expect(m).toMatch(/tải lại trang|“Gửi lại”/);
      expect(m).toContain('(nội dung bạn đã viết vẫn được giữ).');
      expect(m).toMatch(/\.$/);
      expect(m).not.toMatch(/token|nonce|hash|bit/i);
    }
  });
});

describe('difficultyFor', () => {
  test('the default curve: 14 bits when calm, +2 per doubling, 21 at the flood', () => {
    const table: [number, number][] = [
      [0, 14],
      [12, 14],
      [13, 15],
      [24, 16],
      [48, 18],
      [96, 20],
      [97, 21],
      [192, 21],
      [1e6, 21],
    ];
    for (const [perHour, bits] of table) expect(difficultyFor({ perHour })).toBe(bits);
    expect(difficultyFor({ perMinute: 4 })).toBe(14);
    expect(difficultyFor({ perMinute: 8 })).toBe(16);
    expect(difficultyFor({ perMinute: 60 })).toBe(21);
    expect(difficultyFor({ perHour: 24, perMinute: 16 })).toBe(18);
    expect(difficultyFor({})).toBe(DEFAULT_DIFFICULTY.minBits);
    expect(difficultyFor({ perHour: NaN, perMinute: -5 })).toBe(14);
    expect(difficultyFor({ perHour: Infinity })).toBe(21);
    expect(expectedHashes(14)).toBe(16384);
  });

  test('property: never falls as the rate rises, stays within minBits..maxBits', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e7, noNaN: true }),
        fc.double({ min: 0, max: 1e7, noNaN: true }),
        fc.double({ min: 0, max: 1e5, noNaN: true }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 1, max: 4 }),
        (a, b, perMinute, minBits, span, step) => {
          const c = { ...DEFAULT_DIFFICULTY, minBits, maxBits: minBits + span, bitsPerDoubling: step };
          const lo = difficultyFor({ perHour: Math.min(a, b), perMinute }, c);
          const hi = difficultyFor({ perHour: Math.max(a, b), perMinute }, c);
          expect(hi).toBeGreaterThanOrEqual(lo);
          expect(Number.isInteger(lo)).toBe(true);
          expect(lo).toBeGreaterThanOrEqual(minBits);
          expect(hi).toBeLessThanOrEqual(minBits + span);
        },
      ),
    );
  });
});

describe('encoding helpers', () => {
  test('base64Url matches node for unsigned and signed bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70 }), (b) => {
        const want = Buffer.from(b).toString('base64url');
        expect(base64Url(b)).toBe(want);
        expect(base64Url(Array.from(b, (x) => (x > 127 ? x - 256 : x)))).toBe(want);
      }),
    );
    expect(base64Url(nodeRandomBytes(32))).toHaveLength(43);
  });

  test('constantTimeEqual', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'ab')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });
});
