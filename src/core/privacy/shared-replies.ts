/**
 * Replies staff paste into many rows. Staff often write one public reply for every row of an issue, and it may name
 * several residents ("… theo phản ánh của ông Nguyễn Văn An và bà Trần Thị Lan"). Wherever such a reply is shown, it
 * is masked with the contact fields of every row that holds it, not only the row it is shown for: published (the
 * lookup, the results page, reports) with each holder's sender; in a resident's reply email, only the other
 * holders' own contact fields, so the email keeps the resident's own name and the numbers staff wrote for them.
 */
import type { FeedbackRecord } from '../records/feedback-record';
import { findPersonalSpans, withPlaceholders, type PersonalSpan } from './mask';
import { publishableText, senderOf, type SenderContact } from './publish';

/** One row holding a reply: its tracking code (as typed) and its sender's contact fields. */
export interface ReplyHolder {
  trackingCode: string;
  sender: SenderContact;
}

/**
 * The key under which two rows hold the same reply: the text in NFKC (full-width digits and other compatibility
 * forms plain), without invisible format characters (zero-width spaces, soft hyphens, byte-order marks a paste from
 * a chat app or a document leaves), spacing and case aside. '' for no reply.
 */
export function replyKey(reply: unknown): string {
  if (typeof reply !== 'string') return '';
  return reply
    .normalize('NFKC')
    .replace(/\p{Cf}+/gu, '')
    .replace(/\s+/gu, ' ')
    .trim()
    .toLowerCase();
}

/** The rows holding each reply, by replyKey, in the order of `records`. */
export function replyHolders(records: readonly FeedbackRecord[]): Map<string, ReplyHolder[]> {
  const out = new Map<string, ReplyHolder[]>();
  for (const r of records) {
    if (!r) continue;
    const key = replyKey(r.publicReply);
    if (!key) continue;
    let list = out.get(key);
    if (!list) out.set(key, (list = []));
    list.push({ trackingCode: String(r.trackingCode ?? '').trim(), sender: senderOf(r) });
  }
  return out;
}

function hasContact(s: SenderContact): boolean {
  return [s.name, s.phone, s.email, s.address].some((v) => typeof v === 'string' && v.trim() !== '');
}

/** Each distinct sender with a contact field once: a resident who wrote twice is masked once. */
export function distinctSenders(senders: readonly SenderContact[]): SenderContact[] {
  const seen = new Set<string>();
  const out: SenderContact[] = [];
  for (const s of senders) {
    if (!hasContact(s)) continue;
    const key = JSON.stringify([s.name, s.phone, s.email, s.address]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(s);
  }
  return out;
}

/** A reply as it may be published: masked with each of `senders` (every row holding it), in NFC, trimmed. */
export function publishableSharedReply(reply: string, senders: readonly SenderContact[]): string {
  const distinct = distinctSenders(senders);
  let text = distinct.length ? reply : publishableText(reply);
  for (const s of distinct) text = publishableText(text, s);
  return text.trim();
}

/** Folded for comparing contact fields: NFKC, no accents, lower case, spacing removed. */
function foldField(v: unknown): string {
  return typeof v === 'string' ? v.normalize('NFKD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/\s+/gu, '') : '';
}

/**
 * An e-mail address as written, folded for comparing: the words and brackets written for "@" and "." ("a còng",
 * "(a)", "[at]", " at ", "chấm", "dot") read as the signs, then folded as foldField.
 */
function emailCanon(v: unknown): string {
  if (typeof v !== 'string') return '';
  const plain = v.normalize('NFKD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
  return plain
    .replace(/[([{]\s*(?:a|at|@)\s*[)\]}]|(?<![\p{L}\p{N}])(?:a\s*cong|at)(?![\p{L}\p{N}])/gu, '@')
    .replace(/[([{]\s*(?:\.|dot|cham)\s*[)\]}]|(?<![\p{L}\p{N}])(?:cham|dot)(?![\p{L}\p{N}])/gu, '.')
    .replace(/\s+/gu, '');
}

/** The last nine digits of a phone number: the number without its 0, 84 or +84 in front. */
function phoneTail(v: unknown): string {
  const d = foldField(v).replace(/\D+/g, '');
  return d.length >= 9 ? d.slice(-9) : '';
}

/**
 * The spans of `text` that are `other`'s own contact fields: what masking with their fields finds beyond the generic
 * search (their name, their address, their number or address written oddly), and the phone numbers and e-mail
 * addresses the generic search finds that are theirs.
 */
function contactSpans(text: string, other: SenderContact, generic: readonly PersonalSpan[]): PersonalSpan[] {
  const same = new Set(generic.map((g) => `${g.start}:${g.end}`));
  const phone = phoneTail(other.phone);
  const email = emailCanon(other.email);
  const local = email.includes('@') ? email.slice(0, email.lastIndexOf('@')) : '';
  const name = foldField(other.name);
  return findPersonalSpans(text, other).filter((sp) => {
    if (!same.has(`${sp.start}:${sp.end}`)) return true;
    const piece = foldField(text.slice(sp.start, sp.end));
    if (sp.kind === 'phone') return phone !== '' && piece.replace(/\D+/g, '').includes(phone);
    // A name found without their fields (after "ông", "bà", "tôi là"…) that is their name, holds it or is part of it.
    if (sp.kind === 'name') return name.length >= 4 && (piece.includes(name) || (piece.length >= 6 && name.includes(piece)));
    if (sp.kind === 'email') {
      // Their whole address in any spelling, however short its local part; or their local part at another domain.
      const written = emailCanon(text.slice(sp.start, sp.end));
      return (email.includes('@') && written.includes(email)) || (local.length >= 3 && written.includes(local));
    }
    return false;
  });
}

/** `text` with `sender`'s own contact fields masked, and nothing else: other phone numbers and addresses stay. */
export function maskContactOf(text: string, sender: SenderContact): string {
  const spans = contactSpans(text, sender, findPersonalSpans(text)).sort((a, b) => a.start - b.start || b.end - a.end);
  return withPlaceholders(text, spans);
}

/**
 * The public reply as the reply email to this row's resident carries it: written as staff wrote it, but a reply other
 * rows hold too has those rows' senders' own contact fields masked (a field equal to this resident's own is theirs
 * and is kept). `holders` is replyHolders of the sheet's rows.
 */
export function replyForResident(record: FeedbackRecord, holders: ReadonlyMap<string, readonly ReplyHolder[]>): string {
  const reply = typeof record.publicReply === 'string' ? record.publicReply : String(record.publicReply ?? '');
  const own = senderOf(record);
  const code = String(record.trackingCode ?? '').trim();
  const others = (holders.get(replyKey(reply)) ?? []).filter((h) => h.trackingCode !== code).map((h) => h.sender);
  const mine = (field: keyof SenderContact, v: unknown) => foldField(v) !== '' && foldField(v) === foldField(own[field]);
  const foreign = distinctSenders(
    others.map((s) => ({
      name: mine('name', s.name) ? '' : s.name,
      phone: mine('phone', s.phone) || (phoneTail(s.phone) !== '' && phoneTail(s.phone) === phoneTail(own.phone)) ? '' : s.phone,
      email: mine('email', s.email) ? '' : s.email,
      address: mine('address', s.address) ? '' : s.address,
    })),
  );
  if (foreign.length === 0) return reply;
  const generic = findPersonalSpans(reply);
  const spans = foreign.flatMap((s) => contactSpans(reply, s, generic)).sort((a, b) => a.start - b.start || b.end - a.end);
  return withPlaceholders(reply, spans);
}
