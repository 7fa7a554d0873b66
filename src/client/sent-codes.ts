/**
 * The tracking codes this phone sent, kept so the "Xem kết quả" view can list them and look one up in one tap. Only
 * the code, the day it was sent and the place's name are kept, never what was written. Storage can be wiped (Safari
 * clears it after a week without a visit) and phones are shared, so this list is a convenience: the done view still
 * asks the resident to copy or photograph the code.
 */
import { isTrackingCode } from '../core/intake/tracking-code';
import { readItem, writeItem } from './storage';

const KEY = 'homthu.sent.v1';
/** The newest codes kept; older ones drop off the end. */
const MAX_CODES = 20;
const MAX_PLACE_CHARS = 200;

export interface SentCode {
  code: string;
  /** Milliseconds since the epoch, when the box recorded it. */
  sentAt: number;
  /** The place's name as the page showed it ('' when unknown). */
  place: string;
}

function isSentCode(x: unknown): x is SentCode {
  if (!x || typeof x !== 'object') return false;
  const e = x as SentCode;
  return isTrackingCode(e.code) && typeof e.sentAt === 'number' && isFinite(e.sentAt) && typeof e.place === 'string';
}

/** Newest first; an unreadable or tampered list reads as empty entries left out. */
export function loadSentCodes(): SentCode[] {
  try {
    const list: unknown = JSON.parse(readItem(KEY) || '[]');
    if (!Array.isArray(list)) return [];
    return list
      .filter(isSentCode)
      .map((e) => ({ code: e.code, sentAt: e.sentAt, place: e.place.slice(0, MAX_PLACE_CHARS) }))
      .slice(0, MAX_CODES);
  } catch {
    return [];
  }
}

function save(list: SentCode[]): boolean {
  return writeItem(KEY, list.length ? JSON.stringify(list.slice(0, MAX_CODES)) : null);
}

/** Adds a code at the top (once, however often the same code comes back). True when the phone now keeps it. */
export function rememberSentCode(code: string, place: string, sentAt = Date.now()): boolean {
  if (!isTrackingCode(code)) return false;
  const list = loadSentCodes().filter((e) => e.code !== code);
  list.unshift({ code, sentAt, place: String(place || '').slice(0, MAX_PLACE_CHARS) });
  if (!save(list)) return false;
  return loadSentCodes().some((e) => e.code === code);
}

export function forgetSentCode(code: string): void {
  save(loadSentCodes().filter((e) => e.code !== code));
}

export function forgetAllSentCodes(): void {
  writeItem(KEY, null);
}
