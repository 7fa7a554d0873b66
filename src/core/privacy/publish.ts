/**
 * Text that may be published: every piece of resident or staff text that leaves the committee's inbox (the synthesis
 * report, location notices, the weekly digest, the public reply in the lookup, a public results page, and whatever is
 * exported from them) goes through `publishableText`, or `publishableExcerpt` where its length is capped. Each call
 * passes the row's sender contact fields, so the sender's own name, phone, e-mail and address are masked in any
 * spelling as well as every phone, ID, account number, e-mail and social link (mask.ts).
 */
import { lazy } from '../common/lazy';
import type { FeedbackRecord } from '../records/feedback-record';
import { canonicalStatus, isKnownStatus } from '../records/status';
import { FEEDBACK_KINDS } from '../../shared/types';
import { PLACEHOLDERS, findPersonalSpans, maskPersonalData, withPlaceholders, type SenderContact } from './mask';

export type { SenderContact } from './mask';

/** The sender contact fields of a row, as the masking module takes them. */
export function senderOf(r: Partial<Pick<FeedbackRecord, 'name' | 'phone' | 'email' | 'address'>>): SenderContact {
  return { name: r.name ?? '', phone: r.phone ?? '', email: r.email ?? '', address: r.address ?? '' };
}

function asText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  return String(v);
}

/**
 * The one function for text that may be published: personal data masked (the sender's own in any spelling, and
 * anyone's phone, ID, account number, e-mail or social link), the rest kept as written, in NFC.
 */
export function publishableText(text: unknown, sender?: SenderContact): string {
  return maskPersonalData(asText(text), sender).normalize('NFC');
}

const KINDS: ReadonlySet<string> = new Set(FEEDBACK_KINDS);

/**
 * A row whose labels typed by hand (the place of a letter staff typed in, a status note, a category or kind) are
 * masked with the row's own sender, as its text is: "Trước nhà ông Trần Văn Hùng" names the sender only to this
 * masking, never to the masking of a label shared by many rows. The box's own statuses and kinds are left as they are.
 * Documents built from the result mask every label again, without a sender, where they count them.
 */
export function withPublishableLabels<R extends FeedbackRecord>(r: R): R {
  if (!r) return r;
  const sender = senderOf(r);
  if (!asText(sender.name).trim() && !asText(sender.phone).trim() && !asText(sender.email).trim() && !asText(sender.address).trim()) {
    return r;
  }
  const label = (v: unknown): unknown => (typeof v === 'string' && v.trim() !== '' ? publishableText(v, sender) : v);
  return {
    ...r,
    locationName: label(r.locationName),
    category: label(r.category),
    kind: typeof r.kind === 'string' && KINDS.has(r.kind.trim()) ? r.kind : label(r.kind),
    status: isKnownStatus(canonicalStatus(r.status)) ? r.status : label(r.status),
  };
}

/** What ends a shortened text: where to read the rest. */
export function moreText(trackingCode: string): string {
  const code = asText(trackingCode).trim();
  return code ? `… (xem đầy đủ theo mã ${code})` : '… (xem đầy đủ trong bảng tính)';
}

/**
 * How far past the cap the text is searched for personal data. A span that starts before the cut is found whole as
 * long as it is shorter than this (the longest e-mail address is 254 characters), so the window's end, where a number
 * or address may be cut in two, never reaches the output.
 */
const LOOK_AHEAD = 400;
/** Below this, a shortened text would hold little more than its ending. */
export const MIN_EXCERPT = 60;
/** A cut moves back to the last space when that loses at most this many characters. */
const WORD_BACKOFF = 40;

/**
 * publishableText shortened to at most `maxChars` characters: when the masked text is longer, it is cut (at a space
 * when one is near, never inside a placeholder or a character) and ends with "… (xem đầy đủ theo mã HB-…)". Only
 * the first `maxChars` + 400 characters are searched, so the cost does not grow with the text's length.
 */
export function publishableExcerpt(text: unknown, sender: SenderContact | undefined, trackingCode: string, maxChars: number): string {
  const t = asText(text);
  const limit = Math.max(MIN_EXCERPT, Math.floor(Number.isFinite(maxChars) ? maxChars : MIN_EXCERPT));
  let windowEnd = Math.min(t.length, limit + LOOK_AHEAD);
  if (windowEnd < t.length && isHighSurrogate(t.charCodeAt(windowEnd - 1))) windowEnd--;
  const whole = windowEnd === t.length;
  const window = whole ? t : t.slice(0, windowEnd);
  const spans = findPersonalSpans(window, sender);
  if (whole) {
    const full = withPlaceholders(window, spans);
    if (full.length <= limit) return full;
  }
  const suffix = moreText(trackingCode);
  const budget = limit - suffix.length;
  // Original text at or past `safeEnd` is never copied: only what lies a full look-ahead before the window's end.
  const safeEnd = whole ? t.length : windowEnd - LOOK_AHEAD;
  let out = '';
  let pos = 0;
  for (let k = 0; k <= spans.length; k++) {
    const sp = k < spans.length ? spans[k] : null;
    const stretchEnd = Math.min(sp ? sp.start : t.length, safeEnd);
    if (stretchEnd > pos) {
      const room = budget - out.length;
      // The text goes on past this stretch but is not copied beyond it: cut it as a shortened text is cut.
      const goesOn = stretchEnd === safeEnd && safeEnd < t.length;
      if (stretchEnd - pos > room || goesOn) {
        out += cutStretch(t, pos, stretchEnd, room);
        break;
      }
      out += t.slice(pos, stretchEnd);
    }
    if (!sp || sp.start >= safeEnd) break;
    const placeholder = PLACEHOLDERS[sp.kind];
    if (out.length + placeholder.length > budget) break;
    out += placeholder;
    pos = sp.end;
  }
  return (out.replace(/[\s,;:.–-]+$/u, '') + suffix).normalize('NFC');
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

const MARK = lazy(() => /\p{M}/u);

/**
 * The first at most `room` code units of the original text's stretch [from, to), followed in the text by more: at a
 * space if one is near, never mid-character, never inside a placeholder the text already held (a row masked before).
 */
function cutStretch(t: string, from: number, to: number, room: number): string {
  if (room <= 0) return '';
  const piece = t.slice(from, to);
  let cut = Math.min(room, piece.length);
  // Never split a surrogate pair or a letter from its combining marks (which may lie past the stretch).
  while (cut > 0 && (isHighSurrogate(piece.charCodeAt(cut - 1)) || MARK().test(t[from + cut] ?? ''))) cut--;
  const space = piece.slice(0, cut).search(/\s\S*$/u);
  if (space > 0 && cut - space <= WORD_BACKOFF) cut = space;
  // Placeholders hold spaces: checked after moving back to one.
  const open = piece.lastIndexOf('[', cut - 1);
  if (open >= 0) {
    const close = t.indexOf(']', from + open);
    if (close < 0 || close >= from + cut) {
      const bracketed = t.slice(from + open, close < 0 ? t.length : close + 1);
      if (Object.values(PLACEHOLDERS).some((p) => bracketed.startsWith(p) || p.startsWith(bracketed))) cut = open;
    }
  }
  return piece.slice(0, cut);
}
