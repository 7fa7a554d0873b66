/**
 * The public results page's stored summary: per location, the opinions staff ticked "Công khai", each as its month,
 * category, status and public reply, with personal data masked (the record's own contact fields, then every
 * spelling the masking module knows). Never the opinion's own text, never a name, contact or photo, never a row
 * that was not ticked. Built by a trigger from one read of Góp ý; the page reads one stored value per view.
 *
 * Stored values are bounded: Apps Script keeps at most 9 KB per property and 500 KB per store, so each location gets
 * a byte budget and keeps its newest items that fit (the page says how many more there are).
 */
import { FEEDBACK_STATUSES } from '../../shared/types';
import { isValidDate, type FeedbackRecord } from '../records/feedback-record';
import { canonicalStatus, isKnownStatus } from '../records/status';
import { publishableText, senderOf, type SenderContact } from '../privacy/publish';
import { distinctSenders, replyKey } from '../privacy/shared-replies';
import { LOCATION_CODE_PATTERN } from '../posters/poster';
import { localParts } from '../staff/deadline';
import { isJunk } from './report';
import { utf8Length } from '../common/utf8';

/** Version of the stored format: a page never reads a value written in another shape. */
export const RESULTS_FORMAT = 1;

/** Most bytes (UTF-8) of one stored value: under the 9 KB a script property holds, with room for the key. */
export const MAX_VALUE_BYTES = 8 * 1024;
/** Most bytes all locations' values may take together, leaving the rest of the 500 KB store to the box. */
export const TOTAL_BUDGET_BYTES = 200 * 1024;
/** A public reply longer than this is cut with "…" (the full reply stays in the Sheet and the resident's email). */
export const MAX_REPLY_CHARS = 800;

const NEW_STATUS: string = FEEDBACK_STATUSES[0];

/** One published opinion: [month "MM/yyyy", category, status, public reply ('' when none yet)]. */
export type PublicItem = [string, string, string, string];

/** What the page of one location reads. Short keys: every byte counts against the property limit. */
export interface StoredLocation {
  v: number;
  /** Ward and committee names, the residents' web app address, when built (ISO). */
  w: string;
  c: string;
  u: string;
  t: string;
  code: string;
  name: string;
  /** Published opinions in all, and per status (most first). */
  n: number;
  s: [string, number][];
  /** The newest items that fit the budget, newest first. */
  i: PublicItem[];
}

/** What the index page reads: every location with how many opinions it has published. */
export interface StoredIndex {
  v: number;
  w: string;
  c: string;
  u: string;
  t: string;
  /** [code, name, published count]. */
  l: [string, string, number][];
  /** Locations left out for lack of room. */
  more: number;
}

export interface ResultsLocation {
  code: string;
  name: string;
  active: boolean;
}

export interface PublicResultsOptions {
  now: Date;
  wardName: string;
  committeeName: string;
  /** The residents' web app address ('' when unknown). */
  appUrl: string;
  /** The Địa điểm sheet's rows. */
  locations: readonly ResultsLocation[];
}

/** Ticked rows the page cannot show as staff might expect, for Nhật ký. */
export interface PublishProblems {
  /** Tracking codes (or "dòng không mã") of ticked rows with no public reply yet: shown with their status only. */
  noReply: string[];
  /**
   * Ticked rows without a location code (blank, or a place typed where the code goes, which may be someone's home)
   * or without a received time: left out.
   */
  leftOut: string[];
}

export interface PublicResults {
  index: StoredIndex;
  /** By location code, upper case. */
  locations: Map<string, StoredLocation>;
  problems: PublishProblems;
  /** Published opinions in all, and those kept on the pages. */
  published: number;
  shown: number;
}

function clean(s: unknown): string {
  return String(s ?? '')
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Text of a reply kept readable (its line breaks), masked by the identity firewall, cut to MAX_REPLY_CHARS. */
function publicText(text: string, senders: readonly SenderContact[]): string {
  let masked = text.normalize('NFC');
  for (const s of senders) masked = publishableText(masked, s);
  const tidy = masked
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/[ \t\u00a0]+/g, ' ').trim())
    .filter((l, i, all) => l !== '' || (i > 0 && all[i - 1] !== ''))
    .join('\n')
    .trim();
  if (tidy.length <= MAX_REPLY_CHARS) return tidy;
  // Cut at a space near the limit, never inside a placeholder's bracket.
  let cut = tidy.slice(0, MAX_REPLY_CHARS);
  const open = cut.lastIndexOf('[');
  if (open > cut.lastIndexOf(']')) cut = cut.slice(0, open);
  const space = cut.lastIndexOf(' ');
  if (space > MAX_REPLY_CHARS - 80) cut = cut.slice(0, space);
  return cut.trimEnd() + '…';
}

function monthOf(d: Date): string {
  const p = localParts(d);
  return `${String(p.month).padStart(2, '0')}/${p.year}`;
}

function codeKey(code: string): string {
  return code.trim().toUpperCase();
}

/**
 * The per-location byte budget for `count` locations: an equal share of TOTAL_BUDGET_BYTES, so all values together
 * never pass it however many locations publish (a large ward's places then show fewer replies each).
 */
export function locationBudget(count: number): number {
  return Math.min(MAX_VALUE_BYTES, Math.floor(TOTAL_BUDGET_BYTES / Math.max(1, count)));
}

/** Keeps the newest items whose JSON fits `budget` bytes together with the rest of the value. */
function fitItems(base: StoredLocation, items: PublicItem[], budget: number): PublicItem[] {
  let used = utf8Length(JSON.stringify({ ...base, i: [] }));
  const kept: PublicItem[] = [];
  for (const item of items) {
    const size = utf8Length(JSON.stringify(item)) + 1;
    if (used + size > budget) break;
    used += size;
    kept.push(item);
  }
  return kept;
}

/**
 * The summary of every location from all rows of Góp ý. Deterministic: the same rows and options give the same
 * values (items newest first, then by tracking code).
 */
export function buildPublicResults(records: readonly FeedbackRecord[], opts: PublicResultsOptions): PublicResults {
  const problems: PublishProblems = { noReply: [], leftOut: [] };
  const names = new Map<string, string>();
  const order: string[] = [];
  const display = new Map<string, string>();
  for (const l of opts.locations) {
    const key = codeKey(l.code);
    if (!key || names.has(key)) continue;
    names.set(key, clean(l.name));
    display.set(key, l.code.trim());
    if (l.active) order.push(key);
  }
  const byLocation = new Map<string, { at: number; code: string; item: PublicItem }[]>();
  let published = 0;
  // The senders of every row that holds each reply, published or not, in any spelling (replyKey): staff paste one
  // reply into every row of an issue, and a reply naming them all is masked with each of them wherever it is shown.
  const sendersOf = new Map<string, SenderContact[]>();
  for (const r of records) {
    const held = replyKey(r.publicReply);
    if (!held) continue;
    let list = sendersOf.get(held);
    if (!list) sendersOf.set(held, (list = []));
    list.push(senderOf(r));
  }
  // Masked once per reply as written: a reply thousands of rows hold is not masked with all of them for each row.
  const shownReply = new Map<string, string>();
  const replyShown = (r: FeedbackRecord): string => {
    let shown = shownReply.get(r.publicReply);
    if (shown === undefined) {
      const senders = distinctSenders(sendersOf.get(replyKey(r.publicReply)) ?? []);
      // No holder with a contact field: still masked (phones, e-mails typed in it) as any published text.
      shownReply.set(r.publicReply, (shown = publicText(r.publicReply, senders.length ? senders : [senderOf(r)])));
    }
    return shown;
  };
  for (const r of records) {
    // Junk from a flood ("Rác / spam") is never published, even when ticked.
    if (!r.publish || isJunk(r)) continue;
    const label = clean(r.trackingCode) || 'dòng không mã';
    const key = codeKey(r.locationCode);
    if (!LOCATION_CODE_PATTERN.test(key) || !isValidDate(r.receivedAt)) {
      problems.leftOut.push(label);
      continue;
    }
    published++;
    const reply = clean(r.publicReply) ? replyShown(r) : '';
    if (!reply) problems.noReply.push(label);
    // Labels staff typed are masked as the reply is, with the row's own sender: a name typed into one is theirs.
    const sender = senderOf(r);
    const status = canonicalStatus(r.status) || NEW_STATUS;
    const category = clean(r.category) ? clean(publishableText(clean(r.category), sender)) : 'Chưa xác định';
    const item: PublicItem = [
      monthOf(r.receivedAt),
      category,
      isKnownStatus(status) ? status : clean(publishableText(status, sender)),
      reply,
    ];
    let list = byLocation.get(key);
    if (!list) {
      byLocation.set(key, (list = []));
      // A code the Địa điểm sheet no longer lists: the place as typed in the row, masked.
      if (!names.has(key)) {
        names.set(key, clean(publishableText(clean(r.locationName), sender)) || r.locationCode.trim());
        display.set(key, r.locationCode.trim());
      }
      if (!order.includes(key)) order.push(key);
    }
    list.push({ at: r.receivedAt.getTime(), code: clean(r.trackingCode), item });
  }
  const head = { v: RESULTS_FORMAT, w: opts.wardName, c: opts.committeeName, u: opts.appUrl, t: opts.now.toISOString() };
  const budget = locationBudget(order.length);
  const locations = new Map<string, StoredLocation>();
  let shown = 0;
  for (const key of order) {
    const list = (byLocation.get(key) ?? []).sort((a, b) => b.at - a.at || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    const counts = new Map<string, number>();
    for (const { item } of list) counts.set(item[2], (counts.get(item[2]) ?? 0) + 1);
    const s = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const base: StoredLocation = { ...head, code: display.get(key) ?? key, name: names.get(key) ?? key, n: list.length, s, i: [] };
    const value = {
      ...base,
      i: fitItems(
        base,
        list.map((x) => x.item),
        budget,
      ),
    };
    shown += value.i.length;
    locations.set(key, value);
  }
  const index: StoredIndex = { ...head, l: [], more: 0 };
  let used = utf8Length(JSON.stringify(index)) + 16;
  for (const key of order) {
    const entry: [string, string, number] = [locations.get(key)!.code, locations.get(key)!.name, locations.get(key)!.n];
    const size = utf8Length(JSON.stringify(entry)) + 1;
    if (used + size > MAX_VALUE_BYTES) {
      index.more++;
      continue;
    }
    used += size;
    index.l.push(entry);
  }
  return { index, locations, problems, published, shown };
}

/** Lines for Nhật ký after a rebuild. */
export function publishLogLines(results: PublicResults): string[] {
  const lines = [`${results.published} ý kiến được công khai; trang kết quả hiện ${results.shown} ý kiến mới nhất.`];
  const list = (codes: string[]) => codes.slice(0, 10).join(', ') + (codes.length > 10 ? ` và ${codes.length - 10} ý kiến khác` : '');
  if (results.problems.noReply.length) {
    lines.push(
      `${results.problems.noReply.length} ý kiến đánh dấu "Công khai" nhưng chưa có "Trả lời công khai" (trang chỉ hiện trạng thái): ${list(results.problems.noReply)}.`,
    );
  }
  if (results.problems.leftOut.length) {
    lines.push(
      `${results.problems.leftOut.length} ý kiến đánh dấu "Công khai" nhưng thiếu mã địa điểm (hoặc ô mã địa điểm không phải một mã) hoặc thời gian nhận nên không hiện: ${list(results.problems.leftOut)}.`,
    );
  }
  return lines;
}

/** Reads a stored value back; null for anything that is not a value of this format. */
export function parseStored<T extends StoredLocation | StoredIndex>(json: string | null | undefined, kind: 'location' | 'index'): T | null {
  if (!json) return null;
  try {
    const v = JSON.parse(json) as Record<string, unknown>;
    if (!v || typeof v !== 'object' || v.v !== RESULTS_FORMAT) return null;
    if (kind === 'location' && !Array.isArray(v.i)) return null;
    if (kind === 'index' && !Array.isArray(v.l)) return null;
    return v as unknown as T;
  } catch {
    return null;
  }
}
