/**
 * Duplicate hints: finds recent opinions from the same location whose wording is close,
 * ignoring Vietnamese diacritics. Only a hint for staff ("Có thể trùng với"); never decides anything.
 */
import { utf8Length } from '../common/utf8';

/** Most shingles kept per fingerprint (the smallest hashes: a bottom-k sketch). */
export const FINGERPRINT_SIZE = 32;
/** Length of one hashed shingle. */
export const SHINGLE_CHARS = 5;
/** Upper bound for the JSON of an index, in UTF-8 bytes (fits a CacheService value). */
export const INDEX_MAX_BYTES = 90 * 1024;

const MAX_CODE_CHARS = 32;
const MAX_LOCATION_CHARS = 64;

// 64 symbols in ASCII order, so fixed-length codes sort like the numbers they encode.
const ALPHABET = '-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';

/** Accent-insensitive form: no diacritics, đ → d, lower case, runs of non-letters/digits → one space. */
export function foldVietnamese(s: string): string {
  return String(s ?? '')
    .normalize('NFC')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** 30-bit FNV-1a of a string, as SHINGLE_CHARS symbols. */
function hashShingle(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h = (h ^ (h >>> 30)) & 0x3fffffff;
  let out = '';
  for (let i = 0; i < SHINGLE_CHARS; i++) {
    out = ALPHABET[h & 63] + out;
    h >>>= 6;
  }
  return out;
}

/**
 * Hashed word 2-gram shingles of the folded text, sorted, unique, at most FINGERPRINT_SIZE
 * (the smallest hashes). A one-word text gives one shingle; an empty text gives [].
 */
export function fingerprint(text: string): string[] {
  const words = foldVietnamese(text).split(' ').filter(Boolean);
  if (words.length === 0) return [];
  const set = new Set<string>();
  if (words.length === 1) set.add(hashShingle(words[0]));
  for (let i = 0; i + 1 < words.length; i++) set.add(hashShingle(words[i] + ' ' + words[i + 1]));
  const all = Array.from(set).sort();
  return all.length > FINGERPRINT_SIZE ? all.slice(0, FINGERPRINT_SIZE) : all;
}

function uniqueSorted(a: readonly string[]): string[] {
  return Array.from(new Set(a)).sort();
}

/**
 * Jaccard similarity (0…1) of two fingerprints. Exact when both are shorter than FINGERPRINT_SIZE
 * (complete shingle sets); otherwise the bottom-k estimate: among the FINGERPRINT_SIZE smallest shingles
 * of the union, the share found in both. Two empty fingerprints give 0.
 */
export function similarity(a: readonly string[], b: readonly string[]): number {
  const A = uniqueSorted(a);
  const B = uniqueSorted(b);
  if (A.length === 0 || B.length === 0) return 0;
  const complete = A.length < FINGERPRINT_SIZE && B.length < FINGERPRINT_SIZE;
  const limit = complete ? Infinity : FINGERPRINT_SIZE;
  let i = 0;
  let j = 0;
  let union = 0;
  let both = 0;
  while (union < limit && (i < A.length || j < B.length)) {
    if (j >= B.length || (i < A.length && A[i] < B[j])) i++;
    else if (i >= A.length || B[j] < A[i]) j++;
    else {
      both++;
      i++;
      j++;
    }
    union++;
  }
  return union === 0 ? 0 : both / union;
}

/** One recent opinion in the index. `at` is epoch milliseconds. */
export interface RecentEntry {
  code: string;
  location: string;
  fp: string[];
  at: number;
}

/** Recent opinions, oldest first. Plain JSON, so it can sit in a cache or a property. */
export interface RecentIndex {
  v: 1;
  entries: RecentEntry[];
  /**
   * Begun by a submission that found no index (the cache forgot it): it lacks the rows before it until the pending
   * trigger completes it from the sheet (completeIndex).
   */
  partial?: true;
}

export function emptyIndex(): RecentIndex {
  return { v: 1, entries: [] };
}

/** Reads an index from JSON; anything malformed gives an empty index, bad entries are dropped. */
export function parseIndex(json: string | null | undefined): RecentIndex {
  if (!json) return emptyIndex();
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return emptyIndex();
  }
  const entries = (raw as { entries?: unknown })?.entries;
  if (!Array.isArray(entries)) return emptyIndex();
  const out: RecentEntry[] = [];
  for (const x of entries) {
    if (isEntry(x) && x.fp.every((s) => typeof s === 'string')) {
      out.push({ code: x.code, location: x.location, fp: x.fp.slice(0, FINGERPRINT_SIZE), at: x.at });
    }
  }
  return (raw as { partial?: unknown }).partial === true ? { v: 1, entries: out, partial: true } : { v: 1, entries: out };
}

/** The index a submission begins when it finds none: its own entry only, to be completed by the pending trigger. */
export function partialIndex(): RecentIndex {
  return { v: 1, entries: [], partial: true };
}

/**
 * A whole index: the entries built from the sheet's newest rows (`fromSheet`, oldest first) and those a partial
 * index gathered since (rows the sheet read may not have had yet), by code, newest `maxEntries` kept.
 */
export function completeIndex(fromSheet: readonly RecentEntry[], partial: RecentIndex | null, maxEntries = 200): RecentIndex {
  const all = [...fromSheet, ...(partial?.entries ?? [])].filter(isEntry);
  all.sort((a, b) => a.at - b.at);
  let index = emptyIndex();
  for (const e of all) index = addToIndex(index, e, maxEntries);
  return index;
}

function sameLocation(a: string, b: string): boolean {
  return (
    a.normalize('NFC').trim().toUpperCase() ===
    String(b ?? '')
      .normalize('NFC')
      .trim()
      .toUpperCase()
  );
}

/** Guards against hand-edited or foreign JSON in a stored index. */
function isEntry(e: unknown): e is RecentEntry {
  const x = e as RecentEntry | null;
  return (
    !!x && typeof x.code === 'string' && typeof x.location === 'string' && typeof x.at === 'number' && isFinite(x.at) && Array.isArray(x.fp)
  );
}

/**
 * Returns a new index with `entry` appended (replacing an entry with the same code), keeping the newest
 * `maxEntries` and, if needed, dropping the oldest until the JSON is within INDEX_MAX_BYTES.
 * Long codes and locations are clipped; the fingerprint is cut to FINGERPRINT_SIZE.
 */
export function addToIndex(
  index: RecentIndex,
  entry: { code: string; location: string; fp: readonly string[]; at: Date | number },
  maxEntries = 200,
): RecentIndex {
  const at = Number(entry.at); // a Date gives its epoch milliseconds
  const item: RecentEntry = {
    code: String(entry.code ?? '').slice(0, MAX_CODE_CHARS),
    location: String(entry.location ?? '')
      .normalize('NFC')
      .trim()
      .slice(0, MAX_LOCATION_CHARS),
    fp: uniqueSorted(entry.fp).slice(0, FINGERPRINT_SIZE),
    at: isFinite(at) ? at : 0,
  };
  const kept = (Array.isArray(index?.entries) ? index.entries : []).filter((e) => isEntry(e) && e.code !== item.code);
  kept.push(item);
  const max = Math.max(1, Math.floor(maxEntries));
  let entries = kept.length > max ? kept.slice(kept.length - max) : kept;
  let size = utf8Length(JSON.stringify({ v: 1, entries }));
  while (size > INDEX_MAX_BYTES && entries.length > 1) {
    size -= utf8Length(JSON.stringify(entries[0])) + 1;
    entries = entries.slice(1);
  }
  return index?.partial ? { v: 1, entries, partial: true } : { v: 1, entries };
}

/**
 * Tracking codes of entries from the same location (codes compared without case), not older than
 * `maxAgeDays` before `now`, whose similarity to `fp` is at least `threshold`; most similar first.
 */
export function findSimilar(
  index: RecentIndex,
  location: string,
  fp: readonly string[],
  threshold = 0.5,
  now: Date = new Date(),
  maxAgeDays = 30,
): string[] {
  if (!index || !Array.isArray(index.entries) || !Array.isArray(fp) || fp.length === 0) return [];
  const oldest = now.getTime() - maxAgeDays * 24 * 60 * 60 * 1000;
  const hits: Array<{ code: string; score: number; at: number }> = [];
  for (const e of index.entries) {
    if (!isEntry(e) || e.at < oldest || !sameLocation(e.location, location)) continue;
    const score = similarity(fp, e.fp);
    if (score >= threshold) hits.push({ code: e.code, score, at: e.at });
  }
  hits.sort((x, y) => y.score - x.score || y.at - x.at);
  return hits.map((h) => h.code);
}
