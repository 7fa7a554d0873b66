/**
 * The puzzle solver: finds a nonce such that SHA-256(UTF-8 of `token + ":" + requestId + ":" + nonce`) starts with
 * `bits` zero bits (see src/core/intake/challenge.ts for the protocol).
 *
 * The nonce is a fixed-width, zero-padded base-36 counter ("0"-"9", "a"-"z"). Its width is chosen so that the last
 * 8 digits and SHA-256's padding fit in one 64-byte block after everything else: the prefix (and any leading zeros)
 * is compressed once, and each try costs exactly one block compression. It only uses src/shared/sha256, so the same
 * code runs on the page's main thread and inside the Web Worker (worker.ts).
 */
import { loadBlock, sha256Block, sha256Midstate, utf8Encode } from '../../shared/sha256';

/** Digits that change from try to try; 36^8 ≈ 2.8 × 10^12 tries, far beyond any difficulty. */
const DIGITS = 8;
const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

export interface ChallengeInput {
  token: string;
  requestId: string;
  bits: number;
}

export interface Solver {
  readonly bits: number;
  /** Tries made so far (counting from `start`). */
  readonly tried: number;
  /** Makes up to `maxTries` tries; returns the nonce when found, else null (call again to continue). */
  step(maxTries: number): string | null;
}

/**
 * A solver for one challenge and requestId. `start` skips that many candidates (to continue where another solver
 * stopped, e.g. a Worker that died). Bits above 32 are checked on the whole digest, which the server never asks for.
 */
export function createSolver(input: ChallengeInput, start = 0): Solver {
  const bits = Math.max(0, Math.floor(input.bits));
  const prefix = utf8Encode(`${input.token}:${input.requestId}:`);
  const t = prefix.length % 64;
  // Leading zeros so the changing digits and the padding (1 + 8 bytes) share one block.
  const fill = t + DIGITS + 9 > 64 ? 64 - t : 0;
  const absorbed = new Uint8Array(prefix.length + fill);
  absorbed.set(prefix);
  for (let i = prefix.length; i < absorbed.length; i++) absorbed[i] = 0x30; // '0'
  const mid = sha256Midstate(absorbed);
  const r = mid.tail.length; // ≤ 47 by construction
  const total = absorbed.length + DIGITS;

  // The last block: tail, digits, 0x80, zeros, 64-bit bit length.
  const block = new Uint8Array(64);
  block.set(mid.tail);
  block[r + DIGITS] = 0x80;
  const bitLen = total * 8;
  block[60] = bitLen >>> 24;
  block[61] = (bitLen >>> 16) & 0xff;
  block[62] = (bitLen >>> 8) & 0xff;
  block[63] = bitLen & 0xff;
  block[59] = Math.floor(bitLen / 0x100000000) & 0xff;

  // Counter digits (values 0..35), most significant first.
  const digits = new Uint8Array(DIGITS);
  let n = Math.max(0, Math.floor(start));
  for (let i = DIGITS - 1; i >= 0 && n > 0; i--) {
    digits[i] = n % 36;
    n = Math.floor(n / 36);
  }
  for (let i = 0; i < DIGITS; i++) block[r + i] = ALPHABET.charCodeAt(digits[i]);

  const words = new Int32Array(16);
  loadBlock(words, block, 0);
  const lastWord = (r + DIGITS - 1) >> 2;
  const w = new Int32Array(64);
  const state = new Int32Array(8);
  const midState = mid.state;
  const firstWordBits = Math.min(32, bits);
  let tried = 0;

  const reloadWords = (from: number) => {
    for (let k = from; k <= lastWord; k++) {
      const j = k * 4;
      words[k] = (block[j] << 24) | (block[j + 1] << 16) | (block[j + 2] << 8) | block[j + 3];
    }
  };

  const matches = (): boolean => {
    let need = bits;
    for (let k = 0; k < 8 && need > 0; k++) {
      const z = Math.clz32(state[k]);
      if (z < Math.min(32, need)) return false;
      need -= 32;
    }
    return true;
  };

  const nonce = (): string => {
    let s = '';
    for (let i = 0; i < fill; i++) s += '0';
    for (let i = 0; i < DIGITS; i++) s += ALPHABET[digits[i]];
    return s;
  };

  const increment = () => {
    let i = DIGITS - 1;
    while (i >= 0) {
      const d = digits[i] + 1;
      if (d < 36) {
        digits[i] = d;
        block[r + i] = ALPHABET.charCodeAt(d);
        break;
      }
      digits[i] = 0;
      block[r + i] = 0x30;
      i--;
    }
    if (i < 0) throw new Error('solver: nonce space exhausted');
    reloadWords((r + i) >> 2);
  };

  return {
    bits,
    get tried() {
      return tried;
    },
    step(maxTries: number): string | null {
      for (let k = 0; k < maxTries; k++) {
        w.set(words);
        state.set(midState);
        sha256Block(state, w);
        tried++;
        if (Math.clz32(state[0]) >= firstWordBits && matches()) return nonce();
        increment();
      }
      return null;
    },
  };
}

/**
 * True when `nonce`, written as createSolver writes them, solves the challenge: a solver started at that nonce's
 * counter finds it at its first try. One block compression, with the solver's own code: the page checks a Worker's
 * answer without a second SHA-256 of its own.
 */
export function isSolution(input: ChallengeInput, nonce: string): boolean {
  try {
    return createSolver(input, parseInt(nonce.slice(-DIGITS), 36)).step(1) === nonce;
  } catch {
    return false; // the last counter value, not a solution: nothing left to try
  }
}

/** Solves at once on the calling thread (tests, servers, workers); for the page use `solveChallenge` (runner.ts). */
export function solveSync(input: ChallengeInput, start = 0): { nonce: string; tried: number } {
  const solver = createSolver(input, start);
  for (;;) {
    const nonce = solver.step(1 << 16);
    if (nonce !== null) return { nonce, tried: solver.tried };
  }
}
