/**
 * A small proof of work (hashcash) that costs a resident's phone a fraction of a second and a bot much more in
 * total. The protocol is public; anyone may write a client for it:
 *
 *   1. The server hands out a challenge `{ token, bits }`: in the page's boot data, or in a refusal.
 *   2. The client finds a `nonce` such that SHA-256 of the UTF-8 string `token + ":" + requestId + ":" + nonce`
 *      starts with at least `bits` zero bits, and sends `token` (as received) and `nonce` with the payload.
 *   3. The server checks the token's signature and age, that its `bits` is at least what it wants now, and the work
 *      (one digest). Each new requestId needs new work; a retry of the same requestId reuses its nonce.
 *
 * Token (ASCII, URL-safe, no ":"):  h1.<issuedAtMs>.<bits>.<p|r>.<salt>.<signature>
 *   issuedAtMs   decimal milliseconds since the epoch, when the server issued it
 *   bits         decimal 1..32, the work this token asks for
 *   p | r        p = served with the page (valid after `minAgeMs`); r = issued in a refusal (valid at once)
 *   salt         16 base64url characters (12 random bytes)
 *   signature    43 base64url characters: HMAC-SHA-256, under the server's secret, of the UTF-8 string before the
 *                last "." (i.e. "h1.<issuedAtMs>.<bits>.<p|r>.<salt>")
 * A nonce is 1..64 characters of [0-9A-Za-z._~-]; a requestId is a UUID (REQUEST_ID_PATTERN), so every hashed string
 * is ASCII.
 *
 * Pure: no Apps Script globals. The digests come through `ChallengeCrypto`, so Apps Script's Utilities (which return
 * signed bytes -128..127) plug in through an adapter, and `pureChallengeCrypto` serves tests and the sandbox.
 */
import { hmacSha256, leadingZeroBits, sha256Utf8, utf8Encode } from '../../shared/sha256';
import { REQUEST_ID_PATTERN, type ChallengeOffer } from '../../shared/types';

/** What the server sends out: in the boot data as `challenge`, and in refusals that ask for new work. */
export type { ChallengeOffer };

/**
 * The digests the challenge needs. Results may be signed bytes (-128..127) or unsigned; both are read correctly.
 * The server uses pureChallengeCrypto with the randomness of src/gas/services.ts (30 bytes from two UUIDs).
 */
export interface ChallengeCrypto {
  /** HMAC-SHA-256 of the UTF-8 of `message` under the UTF-8 of `key`. */
  hmacSha256(message: string, key: string): ArrayLike<number>;
  /** SHA-256 of the UTF-8 of `message`. */
  sha256(message: string): ArrayLike<number>;
  /** At least 12 random bytes (more are ignored). */
  randomBytes(): ArrayLike<number>;
}

/** The same digests in plain TypeScript (src/shared/sha256), with the caller's randomness. */
export function pureChallengeCrypto(randomBytes: () => ArrayLike<number>): ChallengeCrypto {
  return {
    hmacSha256: (message, key) => hmacSha256(utf8Encode(key), utf8Encode(message)),
    sha256: (message) => sha256Utf8(message),
    randomBytes,
  };
}

export interface ChallengeConfig {
  /** A page token is accepted only this long after it was issued (a person needs longer to write an opinion). */
  minAgeMs: number;
  /** Tokens older than this are refused as expired. */
  maxAgeMs: number;
}

/**
 * How long the server remembers that a token was used (the script cache's longest lifetime, 6 hours). A token is
 * accepted no longer than that, so each token serves one request only; a page left open longer gets a fresh
 * challenge in the refusal and sends again by itself.
 */
export const TOKEN_USE_MEMORY_MS = 6 * 60 * 60 * 1000;

export const DEFAULT_CHALLENGE_CONFIG: ChallengeConfig = {
  minAgeMs: 3000,
  maxAgeMs: TOKEN_USE_MEMORY_MS,
};

/** Bits are kept within 1..32: the solver checks the first digest word, and 32 bits is far beyond any phone. */
export const MAX_BITS = 32;
const SALT_BYTES = 12;
const VERSION = 'h1';
const TOKEN_RE = /^h1\.(\d{1,15})\.(\d{1,2})\.([pr])\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/;
const NONCE_RE = /^[0-9A-Za-z._~-]{1,64}$/;
/** Longest token accepted before any parsing (the format above is at most 84 characters). */
const TOKEN_MAX_CHARS = 100;

// ---- Difficulty ----

export interface DifficultyConfig {
  /** Bits at normal load. */
  minBits: number;
  /** Bits at the worst flood. */
  maxBits: number;
  /** Accepted opinions per hour the ward sees on a busy normal day; at or below it, `minBits`. */
  calmPerHour: number;
  /** Accepted opinions in the current minute that are still normal (a meeting where several people scan at once). */
  calmPerMinute: number;
  /** Bits added each time the rate doubles past calm. */
  bitsPerDoubling: number;
}

/**
 * Defaults, sized from the measured solver (bench/challenge-solve.ts: headless Chromium at 4× CPU slowdown, the
 * stand-in for a low-end phone, about 0.5 M hashes/s on one thread). Solve times are geometric: median ≈ 0.69 ×
 * 2^bits / rate, p95 ≈ 3 × 2^bits / rate.
 *   14 bits (normal):  16 k hashes, median ≈ 15–25 ms, p95 ≈ 0.1 s: not felt.
 *   18 bits (48/h):   262 k hashes, median ≈ 0.5 s, p95 ≈ 2 s.
 *   21 bits (flood):  2.1 M hashes, median ≈ 3 s, p95 ≈ 13 s per opinion. 22 bits would double that (p95 ≈ 25 s
 *                     measured up to 48 s), too long for a resident to wait, and a bot hashes natively far faster
 *                     anyway: the work is a cost, not a wall.
 * Each doubling of the rate past calm adds 2 bits (4× the work): 24/h → 16, 48/h → 18, 96/h → 20, above ~100/h (half
 * the suggested hourly cap) → 21. Solving can start while the resident is still typing (the requestId exists from
 * the first keystroke), which hides most of it.
 */
export const DEFAULT_DIFFICULTY: DifficultyConfig = {
  minBits: 14,
  maxBits: 21,
  calmPerHour: 12,
  calmPerMinute: 4,
  bitsPerDoubling: 2,
};

/**
 * The production curve moved to another base: `minBits` at normal load, the same span (7 bits) above it during a
 * flood. `null` (no base configured) is the production curve itself. The sandbox sets a low base so tests run fast.
 */
export function difficultyFromBase(minBits: number | null): DifficultyConfig {
  if (minBits === null || !Number.isFinite(minBits)) return DEFAULT_DIFFICULTY;
  const lo = clampBits(minBits);
  const span = DEFAULT_DIFFICULTY.maxBits - DEFAULT_DIFFICULTY.minBits;
  return { ...DEFAULT_DIFFICULTY, minBits: lo, maxBits: Math.min(MAX_BITS, lo + span) };
}

/** Recent accepted submissions, as the server counts them (either may be missing). */
export interface SubmissionRate {
  perHour?: number;
  perMinute?: number;
}

function bitsForRate(rate: number | undefined, calm: number, c: DifficultyConfig): number {
  if (typeof rate !== 'number' || !(rate > calm) || !(calm > 0)) return c.minBits;
  if (rate === Infinity) return c.maxBits;
  return c.minBits + Math.ceil(c.bitsPerDoubling * Math.log2(rate / calm) - 1e-9);
}

/** The bits the server wants now: rises with the recent rate (the busier of the hour and the minute), never falls below minBits. */
export function difficultyFor(rate: SubmissionRate, config: DifficultyConfig = DEFAULT_DIFFICULTY): number {
  const lo = clampBits(config.minBits);
  const hi = Math.max(lo, clampBits(config.maxBits));
  const c = { ...config, minBits: lo };
  const want = Math.max(bitsForRate(rate.perHour, config.calmPerHour, c), bitsForRate(rate.perMinute, config.calmPerMinute, c));
  return Math.min(hi, Math.max(lo, want));
}

function clampBits(bits: number): number {
  return Math.min(MAX_BITS, Math.max(1, Math.floor(Number.isFinite(bits) ? bits : 1)));
}

/** Hashes a solver tries on average for `bits`: 2^bits. Solve times are geometric: median ≈ 0.69×, p95 ≈ 3× this. */
export function expectedHashes(bits: number): number {
  return Math.pow(2, bits);
}

// ---- Tokens ----

export interface IssueOptions {
  bits: number;
  /** Milliseconds since the epoch. */
  now: number;
  /** Issued in a refusal: valid at once (no minimum age). */
  refusal?: boolean;
}

/** A new signed challenge. */
export function issueChallenge(secret: string, options: IssueOptions, crypto: ChallengeCrypto): ChallengeOffer {
  if (!secret) throw new Error('challenge: empty secret');
  const bits = clampBits(options.bits);
  const now = Math.floor(options.now);
  if (!(now >= 0) || now > 999999999999999) throw new Error('challenge: bad issue time');
  const random = crypto.randomBytes();
  if (random.length < SALT_BYTES) throw new Error(`challenge: need ${SALT_BYTES} random bytes`);
  const salt = base64Url(Array.prototype.slice.call(random, 0, SALT_BYTES));
  const body = `${VERSION}.${now}.${bits}.${options.refusal ? 'r' : 'p'}.${salt}`;
  return { token: `${body}.${sign(body, secret, crypto)}`, bits };
}

function sign(body: string, secret: string, crypto: ChallengeCrypto): string {
  const mac = crypto.hmacSha256(body, secret);
  if (mac.length !== 32) throw new Error('challenge: HMAC-SHA-256 must give 32 bytes');
  return base64Url(mac);
}

/** What a token says about itself; read without trusting it (the signature is checked separately). */
export interface ParsedToken {
  issuedAt: number;
  bits: number;
  /** True for a token issued in a refusal (valid at once). */
  refusal: boolean;
  /** The signed part: everything before the last ".". */
  body: string;
  signature: string;
}

/** Parses a token's fields without checking its signature; null when it does not have the format. */
export function parseToken(token: unknown): ParsedToken | null {
  if (typeof token !== 'string' || token.length > TOKEN_MAX_CHARS) return null;
  const m = TOKEN_RE.exec(token);
  if (!m) return null;
  const issuedAt = Number(m[1]);
  const bits = Number(m[2]);
  if (bits < 1 || bits > MAX_BITS || String(issuedAt) !== m[1] || String(bits) !== m[2]) return null;
  return { issuedAt, bits, refusal: m[3] === 'r', body: token.slice(0, token.lastIndexOf('.')), signature: m[5] };
}

// ---- Verification ----

/** Why a payload's work was refused. 'replay' (a token already used for another request) is decided by the caller. */
export type ChallengeRefusal = 'missing' | 'malformed' | 'forged' | 'expired' | 'too-young' | 'too-easy' | 'wrong-answer' | 'replay';

export type ChallengeVerdict =
  | { ok: true; bits: number; issuedAt: number; refusal: boolean }
  | {
      ok: false;
      reason: ChallengeRefusal;
      /** Vietnamese, ready to show; the resident's draft is kept in every case. */
      message: string;
      /** For 'too-young': how long until the same token is accepted. */
      retryAfterMs?: number;
    };

export interface VerifyInput {
  token: unknown;
  requestId: unknown;
  nonce: unknown;
}

export interface VerifyContext {
  secret: string;
  /** Milliseconds since the epoch. */
  now: number;
  /** The bits the server wants now (`difficultyFor`). */
  wantedBits: number;
  crypto: ChallengeCrypto;
  config?: ChallengeConfig;
}

/**
 * Vietnamese messages for every refusal, for an elderly resident: what to do, and that the draft is safe.
 * A page that knows the protocol solves a fresh challenge and resends by itself, so these are mostly seen on a page
 * opened before the protocol existed, or when the automatic resend could not finish.
 */
export const CHALLENGE_MESSAGES: Record<ChallengeRefusal, string> = {
  missing: 'Trang đã cũ. Vui lòng tải lại trang (nội dung bạn đã viết vẫn được giữ).',
  malformed: 'Trang chưa được tải đầy đủ. Vui lòng tải lại trang (nội dung bạn đã viết vẫn được giữ).',
  forged: 'Trang này không còn dùng được. Vui lòng tải lại trang (nội dung bạn đã viết vẫn được giữ).',
  expired: 'Trang đã mở quá lâu. Vui lòng bấm “Gửi lại” hoặc tải lại trang (nội dung bạn đã viết vẫn được giữ).',
  // Refused for a send too soon after the page opened: the page solves the refusal's challenge and sends again by
  // itself, so the refusal says only that nothing was recorded yet (the same words as the form's time trap).
  'too-young': 'Chưa ghi nhận được ý kiến của bạn.',
  'too-easy':
    'Hệ thống đang nhận rất nhiều ý kiến nên cần thêm vài giây để kiểm tra. Xin đừng đóng trang; nếu chưa thấy gửi xong, hãy bấm “Gửi lại” (nội dung bạn đã viết vẫn được giữ).',
  'wrong-answer': 'Chưa gửi được vì bước kiểm tra tự động bị lỗi. Vui lòng bấm “Gửi lại” (nội dung bạn đã viết vẫn được giữ).',
  replay: 'Mã kiểm tra của trang đã được dùng cho một ý kiến khác. Vui lòng bấm “Gửi lại” (nội dung bạn đã viết vẫn được giữ).',
};

/** A refusal the verifier itself does not decide (see `ChallengeRefusal`), in the same shape. */
export function refusalVerdict(reason: ChallengeRefusal): ChallengeVerdict {
  return refuse(reason);
}

function refuse(reason: ChallengeRefusal, retryAfterMs?: number): ChallengeVerdict {
  const verdict: ChallengeVerdict = { ok: false, reason, message: CHALLENGE_MESSAGES[reason] };
  if (retryAfterMs !== undefined) verdict.retryAfterMs = retryAfterMs;
  return verdict;
}

/**
 * Checks a payload's token and nonce, cheapest first: format, signature (one HMAC), age, bits, then the work
 * (one SHA-256). Run it after the duplicate-requestId lookup, so a retry of a stored opinion never needs work.
 */
export function verifyChallenge(input: VerifyInput, ctx: VerifyContext): ChallengeVerdict {
  const config = ctx.config ?? DEFAULT_CHALLENGE_CONFIG;
  const { token, requestId, nonce } = input;
  if (token === undefined || token === null || token === '' || nonce === undefined || nonce === null || nonce === '') {
    return refuse('missing');
  }
  const parsed = parseToken(token);
  if (
    !parsed ||
    typeof nonce !== 'string' ||
    !NONCE_RE.test(nonce) ||
    typeof requestId !== 'string' ||
    !REQUEST_ID_PATTERN.test(requestId)
  ) {
    return refuse('malformed');
  }
  if (!constantTimeEqual(sign(parsed.body, ctx.secret, ctx.crypto), parsed.signature)) return refuse('forged');
  const age = ctx.now - parsed.issuedAt;
  if (age > config.maxAgeMs) return refuse('expired');
  if (!parsed.refusal && age < config.minAgeMs) return refuse('too-young', Math.ceil(config.minAgeMs - age));
  if (parsed.bits < clampBits(ctx.wantedBits)) return refuse('too-easy');
  if (leadingZeroBits(ctx.crypto.sha256(`${token}:${requestId}:${nonce}`)) < parsed.bits) return refuse('wrong-answer');
  return { ok: true, bits: parsed.bits, issuedAt: parsed.issuedAt, refusal: parsed.refusal };
}

/**
 * Whether `nonce` does the work its own token asks for (one SHA-256), without looking at the signature or the age.
 * Used only after `verifyChallenge` refused a genuine but stale token, so still one digest per payload.
 */
export function workIsDone(input: VerifyInput, crypto: ChallengeCrypto): boolean {
  const parsed = parseToken(input.token);
  if (!parsed || typeof input.nonce !== 'string' || !NONCE_RE.test(input.nonce)) return false;
  if (typeof input.requestId !== 'string' || !REQUEST_ID_PATTERN.test(input.requestId)) return false;
  return leadingZeroBits(crypto.sha256(`${input.token as string}:${input.requestId}:${input.nonce}`)) >= parsed.bits;
}

// ---- Encoding helpers ----

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Base64url without padding (RFC 4648 §5) of bytes, signed or unsigned. */
export function base64Url(bytes: ArrayLike<number>): string {
  let s = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] & 0xff) << 16) | ((bytes[i + 1] & 0xff) << 8) | (bytes[i + 2] & 0xff);
    s += B64URL[n >>> 18] + B64URL[(n >>> 12) & 63] + B64URL[(n >>> 6) & 63] + B64URL[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = (bytes[i] & 0xff) << 16;
    s += B64URL[n >>> 18] + B64URL[(n >>> 12) & 63];
  } else if (rest === 2) {
    const n = ((bytes[i] & 0xff) << 16) | ((bytes[i + 1] & 0xff) << 8);
    s += B64URL[n >>> 18] + B64URL[(n >>> 12) & 63] + B64URL[(n >>> 6) & 63];
  }
  return s;
}

/** Compares two strings in time that depends only on their lengths (lengths are public here). */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
