/**
 * The tracking codes the box holds, as a Bloom filter in one script-cache value, so a lookup past the minute's cap
 * can still tell a code the box holds (a resident's) from the made-up codes of a script that spends the cap: the cap
 * is shared by every visitor, and no visitor identity exists to count them apart. Built by the jobs that read every row
 * anyway (beside the shared replies); a code sent after the last build is simply not in it, and a lookup past the cap
 * then gets the cap's message, as it would without the filter.
 *
 * Format: "k.m.<bits>": k hash functions, m bits, the bits six to a character of BASE64URL (bit j is bit j % 6 of
 * character ⌊j / 6⌋), so a test reads k characters and decodes nothing. Holds no code in the clear.
 */
import { fnv1a } from '../../shared/fnv';

export const KNOWN_CODES_CACHE_KEY = 'lookup-known-codes';
/** Most characters of the value (the cache takes 100 KB a value; the shared replies sit beside it). */
export const KNOWN_CODES_MAX_CHARS = 60_000;
/** Bits per code while the value has room: a made-up code passes about once in 2,000. */
const BITS_PER_CODE = 16;
const MAX_HASHES = 8;
const MIN_CHARS = 64;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUE_OF: Record<string, number> = {};
for (let i = 0; i < ALPHABET.length; i++) VALUE_OF[ALPHABET[i]] = i;

function positions(code: string, k: number, m: number): number[] {
  // Two FNV-1a lanes (different seeds); the second odd, so the k positions differ.
  const h1 = fnv1a(code, 0x811c9dc5);
  const h2 = (fnv1a(code, 0x050c5d1f) | 1) >>> 0;
  const out: number[] = [];
  for (let i = 0; i < k; i++) out.push(((h1 + Math.imul(i, h2)) >>> 0) % m);
  return out;
}

/** The value to store for these codes (blank ones left out). */
export function buildKnownCodes(codes: readonly string[]): string {
  const list = codes.map((c) => c.trim()).filter(Boolean);
  // At least 64 characters: a box with a handful of codes must not let made-up ones through by chance.
  const m = Math.max(MIN_CHARS * 6, Math.min(KNOWN_CODES_MAX_CHARS * 6, Math.ceil((list.length * BITS_PER_CODE) / 6) * 6));
  const k = Math.max(1, Math.min(MAX_HASHES, Math.round((m / Math.max(1, list.length)) * Math.LN2)));
  const chars = new Uint8Array(m / 6);
  for (const code of list) for (const p of positions(code, k, m)) chars[Math.floor(p / 6)] |= 1 << (p % 6);
  let bits = '';
  for (const v of chars) bits += ALPHABET[v];
  return `${k}.${m}.${bits}`;
}

/** True when the code may be one the box holds; false when it surely is not, or the value is missing or unreadable. */
export function mayBeKnownCode(value: string | null | undefined, code: string): boolean {
  const m = /^(\d+)\.(\d+)\.([A-Za-z0-9_-]+)$/.exec(value ?? '');
  if (!m) return false;
  const k = Number(m[1]);
  const size = Number(m[2]);
  const bits = m[3];
  if (k < 1 || k > MAX_HASHES || size < 6 || size !== bits.length * 6) return false;
  return positions(code, k, size).every((p) => (VALUE_OF[bits[Math.floor(p / 6)]] >> (p % 6)) & 1);
}
