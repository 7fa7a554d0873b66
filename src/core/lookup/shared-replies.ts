/**
 * The lookup's masked shared replies. A lookup reads one row, so it knows only that row's sender; a reply staff pasted
 * into several rows may name the senders of the others. The jobs that read the whole sheet anyway (the hourly results
 * refresh, the edit trigger when a reply changes) store, in one script-cache value, every reply held by two or more
 * rows masked with all their senders, by tracking code; the lookup reads it with its other cache keys and uses it
 * while the row's reply is still the text it was built from (a digest of code and reply says so). Each build starts
 * from the value stored before, so a reply keeps the masking of rows that held it once and no longer do (staff
 * rewrote theirs) for as long as the cache keeps the value; the hourly refresh writes it again well within its life.
 *
 * The value holds only masked text, tracking codes and digests: never a name, phone, e-mail or address. It is capped
 * at SHARED_REPLIES_MAX_BYTES (the cache takes 100 KB a value; about 2,400 rows): the replies last active are kept
 * first; a reply too big to store whole (a template pasted into thousands of rows) then keeps as many of its rows as
 * the room left takes, its last active first. Rows left out are counted; their lookups mask the reply with the row's
 * own sender only, as before.
 */
import type { FeedbackRecord } from '../records/feedback-record';
import { isValidDate } from '../records/feedback-record';
import { normalizeTrackingCode } from '../intake/tracking-code';
import { publishableSharedReply, replyKey } from '../privacy/shared-replies';
import { senderOf, type SenderContact } from '../privacy/publish';
import { sha256Utf8, toHex } from '../../shared/sha256';
import { utf8Length } from '../common/utf8';

/** The script-cache key of the stored value. */
export const SHARED_REPLIES_CACHE_KEY = 'lookup-shared-replies';
/** The cache's longest life; the hourly refresh writes the value again long before it ends. */
export const SHARED_REPLIES_TTL_SECONDS = 6 * 3600;
/** Most bytes (UTF-8) of the stored value, under the cache's 100 KB a value. */
export const SHARED_REPLIES_MAX_BYTES = 90_000;

const FORMAT = 1;

interface Stored {
  v: number;
  /** The masked replies. */
  t: string[];
  /** Tracking code → [index into t, digest of code and the reply as read]. */
  c: Record<string, [number, string]>;
}

export interface SharedReplies {
  /** What to store under SHARED_REPLIES_CACHE_KEY. */
  value: string;
  /** Rows (by tracking code) answered from the value. */
  codes: number;
  /** Distinct shared replies stored. */
  replies: number;
  /** Rows holding a shared reply that the cap left out. */
  leftOut: number;
}

/** The digest that ties a stored reply to the text it was masked from: 16 hex digits of SHA-256 of code and reply. */
function replyDigest(code: string, reply: string): string {
  return toHex(sha256Utf8(`${code}\n${reply}`)).slice(0, 16);
}

function lastActive(r: FeedbackRecord): number {
  let t = 0;
  if (isValidDate(r.receivedAt)) t = r.receivedAt.getTime();
  if (isValidDate(r.updatedAt)) t = Math.max(t, r.updatedAt.getTime());
  return t;
}

/** A row's entry: its tracking code, the digest of code and reply, and when the row was last active (ms). */
type Entry = [string, string, number];

interface Group {
  rows: FeedbackRecord[];
  senders: SenderContact[];
  active: number;
  key: string;
  /** The text stored for this reply before, when a row still holds the reply it was masked from. */
  before: string | null;
}

function parseStored(value: string | null | undefined): Stored | null {
  if (!value) return null;
  let stored: Partial<Stored> | null;
  try {
    stored = JSON.parse(value) as Partial<Stored> | null;
  } catch {
    return null;
  }
  if (
    !stored ||
    typeof stored !== 'object' ||
    stored.v !== FORMAT ||
    !Array.isArray(stored.t) ||
    !stored.c ||
    typeof stored.c !== 'object'
  ) {
    return null;
  }
  return stored as Stored;
}

/** The stored text for this code, if its entry was made from exactly this reply. */
function storedText(stored: Stored | null, code: string, reply: unknown): string | null {
  if (!stored || !code) return null;
  const entry = Object.prototype.hasOwnProperty.call(stored.c, code) ? stored.c[code] : null;
  if (!Array.isArray(entry) || entry[1] !== replyDigest(code, typeof reply === 'string' ? reply : '')) return null;
  const text = stored.t[entry[0]];
  return typeof text === 'string' ? text : null;
}

/**
 * The value to store for these rows (every row of Góp ý; rows without a reply or a code are fine). `previous` is the
 * value stored before, if the cache still holds it: a row whose reply has not changed since keeps its masking even
 * when the other rows no longer hold that reply (staff rewrote theirs), so the names of those rows' senders stay
 * masked; the rows that hold it now are masked on top.
 */
export function buildSharedReplies(
  records: readonly FeedbackRecord[],
  previous?: string | null,
  maxBytes = SHARED_REPLIES_MAX_BYTES,
): SharedReplies {
  const before = parseStored(previous);
  const groups = new Map<string, Group>();
  for (const r of records) {
    if (!r) continue;
    const key = replyKey(r.publicReply);
    if (!key) continue;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { rows: [], senders: [], active: 0, key, before: null }));
    g.rows.push(r);
    g.senders.push(senderOf(r));
    g.active = Math.max(g.active, lastActive(r));
    g.before ??= storedText(before, normalizeTrackingCode(r.trackingCode), r.publicReply);
  }
  const shared = [...groups.values()]
    .filter((g) => g.rows.length >= 2 || g.before !== null)
    .sort((a, b) => b.active - a.active || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const stored: Stored = { v: FORMAT, t: [], c: {} };
  let bytes = utf8Length(JSON.stringify(stored));
  let codes = 0;
  let leftOut = 0;
  /** Bytes of one entry in the value, with the comma before it. */
  const entryBytes = (index: number, [code, digest]: Entry) => utf8Length(JSON.stringify({ [code]: [index, digest] })) - 1;
  const store = (text: string, entries: readonly Entry[]) => {
    const index = stored.t.length;
    stored.t.push(text);
    for (const [code, digest] of entries) stored.c[code] = [index, digest];
    codes += entries.length;
  };
  const tooBig: { text: string; entries: Entry[] }[] = [];
  for (const g of shared) {
    const seen = new Set<string>();
    const entries: Entry[] = [];
    for (const r of g.rows) {
      const code = normalizeTrackingCode(r.trackingCode);
      if (!code || code in stored.c || seen.has(code)) continue;
      seen.add(code);
      entries.push([code, replyDigest(code, r.publicReply), lastActive(r)]);
    }
    if (entries.length === 0) continue;
    const text = publishableSharedReply(g.before ?? g.rows[0].publicReply, g.senders);
    const index = stored.t.length;
    // A comma before the text and each entry but the first of their list, at most.
    const cost = utf8Length(JSON.stringify(text)) + 1 + entries.reduce((n, e) => n + entryBytes(index, e), 0);
    if (bytes + cost > maxBytes) {
      tooBig.push({ text, entries });
      continue;
    }
    bytes += cost;
    store(text, entries);
  }
  // The room left goes to the replies too big to store whole (a template pasted into thousands of rows): each keeps
  // as many of its rows as fit, the last active first.
  for (const { text, entries } of tooBig) {
    const index = stored.t.length;
    let cost = utf8Length(JSON.stringify(text)) + 1;
    const kept: Entry[] = [];
    for (const e of [...entries].sort((x, y) => y[2] - x[2])) {
      // A code another row holds too (typed twice) keeps the entry stored first.
      if (e[0] in stored.c) continue;
      const more = entryBytes(index, e);
      if (bytes + cost + more > maxBytes) break;
      cost += more;
      kept.push(e);
    }
    if (kept.length > 0) {
      bytes += cost;
      store(text, kept);
    }
    leftOut += entries.length - kept.length;
  }
  return { value: JSON.stringify(stored), codes, replies: stored.t.length, leftOut };
}

/**
 * The stored masked reply of this row, if the value holds one for its code and the row's reply is still the text it
 * was masked from; null otherwise (no value, another format, a reply changed since, a code not held).
 */
export function storedSharedReply(value: string | null | undefined, trackingCode: string, reply: string): string | null {
  return storedText(parseStored(value), normalizeTrackingCode(trackingCode), reply);
}
