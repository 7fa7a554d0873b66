/**
 * Tracking codes given to citizens, e.g. "GY-7KQ4M2X": a short prefix, a dash and 7 symbols
 * from an alphabet without look-alikes (no 0/O, 1/I/L), so codes read well over the phone.
 */

import { cleanLine } from './text';

export const TRACKING_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const TRACKING_CODE_LENGTH = 7;

/**
 * Random bytes to pass to makeTrackingCode. Rejection sampling discards 8 of 256 byte values,
 * so 7 symbols almost never need more than 8 bytes; with 32, running out has probability about 6e-34.
 */
export const TRACKING_RANDOM_BYTES = 32;

/** Random bytes one v4 UUID yields through bytesFromUuid (its 4 fixed bits and 2 variant-nibble bits are dropped). */
export const BYTES_PER_UUID = 15;

/**
 * How many Utilities.getUuid() values to join for one tracking code: TRACKING_RANDOM_BYTES / BYTES_PER_UUID rounded
 * up, in integer arithmetic (a minifier folds it and drops it from the page, which cannot do so for Math.ceil).
 */
export const TRACKING_UUID_COUNT = ((TRACKING_RANDOM_BYTES + BYTES_PER_UUID - 1) / BYTES_PER_UUID) | 0;

const N = TRACKING_ALPHABET.length; // 31
/** Largest multiple of 31 not above 256: bytes at or above it are rejected, so b % 31 is uniform. */
const ACCEPT_BELOW = 256 - (256 % N); // 248

const PREFIX_RE = /^[A-Z]{1,6}$/;
const CODE_RE = new RegExp(`^[A-Z]{1,6}-[${TRACKING_ALPHABET}]{${TRACKING_CODE_LENGTH}}$`);
const LOOSE_RE = new RegExp(`^([A-Z]{1,6})-?([${TRACKING_ALPHABET}]{${TRACKING_CODE_LENGTH}})$`);

/**
 * Builds `${prefix}-XXXXXXX` from random bytes (values are taken & 0xff, so Java's signed bytes work).
 * Throws if the prefix is not 1–6 letters A–Z (such codes could never be looked up) or if the
 * bytes run out; pass TRACKING_RANDOM_BYTES bytes.
 */
export function makeTrackingCode(prefix: string, randomBytes: ArrayLike<number>): string {
  if (typeof prefix !== 'string' || !PREFIX_RE.test(prefix)) {
    throw new Error(`Tracking code prefix must be 1-6 letters A-Z, got ${JSON.stringify(prefix)}`);
  }
  let code = '';
  let i = 0;
  const len = randomBytes.length;
  while (code.length < TRACKING_CODE_LENGTH) {
    if (i >= len) {
      throw new Error(`Not enough random bytes for a tracking code: got ${len}, pass ${TRACKING_RANDOM_BYTES}`);
    }
    const b = randomBytes[i++] & 0xff;
    if (b < ACCEPT_BELOW) code += TRACKING_ALPHABET.charAt(b % N);
  }
  return `${prefix}-${code}`;
}

/**
 * Bytes from the random hex digits of one or more UUIDs (any separators, dashes optional).
 * In a v4 UUID the version nibble (always 4) and the variant nibble (2 fixed bits) are not random,
 * so both are skipped: each UUID yields BYTES_PER_UUID bytes. Text that is not a UUID is ignored.
 */
export function bytesFromUuid(uuid: string): number[] {
  const bytes: number[] = [];
  if (typeof uuid !== 'string') return bytes;
  const re = /([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})/gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(uuid)) !== null) {
    // Groups 3 and 4 start with the version and variant nibbles.
    const hex = m[1] + m[2] + m[3].slice(1) + m[4].slice(1) + m[5];
    for (let j = 0; j + 1 < hex.length; j += 2) bytes.push(parseInt(hex.slice(j, j + 2), 16));
  }
  return bytes;
}

/**
 * The canonical form of a code someone typed or pasted ("gy 7kq4m2x", "GY–7KQ4M2X"), or '' if it
 * cannot be one. Case, spaces, invisible characters, full-width forms and dash look-alikes are forgiven.
 */
export function normalizeTrackingCode(input: unknown): string {
  if (typeof input !== 'string' || input.length > 200) return '';
  const s = cleanLine(input)
    .normalize('NFKC') // full-width letters and digits to ASCII
    .toUpperCase()
    .replace(/\s+/g, '')
    .replace(/[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g, '-');
  const m = LOOSE_RE.exec(s);
  return m ? `${m[1]}-${m[2]}` : '';
}

/** True only for a code already in canonical form. */
export function isTrackingCode(s: unknown): s is string {
  return typeof s === 'string' && CODE_RE.test(s);
}
