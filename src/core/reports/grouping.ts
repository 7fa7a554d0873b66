/**
 * Grouping of a report period's opinions into issues ("vấn đề") and themes, for the synthesis report.
 *
 * 1. Terms. Every opinion becomes a set of terms: its words folded as the duplicate hint folds them (NFC,
 *    diacritics and đ dropped, lower case) without Vietnamese function words, plus each pair of adjacent content
 *    words (word 2-grams: "đèn đường", "ổ gà", "vỉa hè"). Function words are recognised on the accented spelling,
 *    since "tối" (dark) is not "tôi" (I). A term of an opinion weighs ln(1 + N / (1 + m)), where N is the number of
 *    opinions of the period and m the number of those of OTHER categories using it: words every kind of complaint
 *    uses ("xe", "người", "tối") count little, while the word of a frequent problem ("karaoke" in a month of
 *    karaoke complaints) keeps its weight. A term made only of names, place nouns and numbers ("Trần Phú",
 *    "ngõ 21", "cầu") weighs half: it says where a problem is, not what it is.
 * 2. Similarity of two opinions of one category: the cosine of their weighted term sets (0…1). It is computed for
 *    the pairs that share a term only, through an inverted index of terms per category, never over all pairs; a
 *    pair sharing no term has similarity 0.
 * 3. Staff "Trùng lặp" links (`duplicateOf`) join a row to its original(s) before anything else; the joined rows
 *    count at the place and in the category of the earliest original.
 * 4. Issues: within one category and one place, clusters are merged, most similar first, while the similarity of
 *    two clusters is at least the threshold. The similarity of two clusters is the cosine of their centroids
 *    (the mean term vectors of their opinions): the shared wording of a group reinforces itself and each member's
 *    own words average out, and an opinion joins when it is close to the group as a whole, not to one member, so
 *    chains (A ~ B ~ C with A and C apart) do not run together.
 * 5. Themes: the issues of one category are merged the same way across places. A cluster of two or more issues
 *    is a theme listing its places, with one issue per place. Two issues of one place are never merged directly
 *    (step 4 already left them below the threshold), so every theme spans at least two places.
 *
 * The input is put in a canonical order first (received time, tracking code, then every other field) and every
 * tie is broken by that order, so the result does not depend on the order of the input. No randomness. Pure
 * TypeScript: no Apps Script or Node API.
 */

import { foldVietnamese } from '../staff/similarity';
import type { FeedbackRecord } from '../records/feedback-record';
import { FEEDBACK_STATUSES, type FeedbackStatus } from '../../shared/types';

/** One opinion of the period, as the grouping needs it. */
export interface GroupingOpinion {
  trackingCode: string;
  receivedAt: Date;
  locationCode: string;
  locationName: string;
  category: string;
  kind: string;
  content: string;
  /** Staff status; '' counts as 'Mới'. */
  status: string;
  publicReply: string;
  /**
   * Tracking codes of the original(s) this row duplicates, as staff recorded with the status 'Trùng lặp'.
   * Codes that are not in the period merge nothing and are listed in the group's `linkedOutside`.
   */
  duplicateOf: string[];
}

export interface GroupingOptions {
  /** Least similarity (0…1] for opinions, or issues, to be put together. */
  threshold: number;
}

/**
 * Default threshold. On the tuning corpus (test/core/reports/corpus-tuning.ts) every threshold from 0.165 to 0.27
 * gives exactly its six real issues and leaves its 20 unrelated opinions alone; 0.22 is the middle of that range,
 * so wording a little closer or further apart than there moves no group. Lower values start joining opinions that
 * share one ordinary word; higher ones leave out opinions worded in their own way.
 */
export const DEFAULT_GROUPING_THRESHOLD = 0.22;

/** Label for an empty category or location cell (the words the report uses). */
export const GROUPING_UNSPECIFIED = 'Chưa xác định';

export interface PlaceCount {
  code: string;
  name: string;
  /** Opinions of the group counted at this place. */
  count: number;
}

export interface StatusCount {
  status: string;
  count: number;
}

/**
 * Where a group stands.
 * - `headline`: the most advanced status any member reached, in the order Mới < Đang xử lý (and any status the
 *   box does not know) < Đã chuyển cơ quan có thẩm quyền < Không thuộc thẩm quyền < Đã trả lời. One answer to one
 *   opinion answers the issue, and staff usually answer the original and mark the others 'Trùng lặp'.
 *   'Trùng lặp' rows follow their original and are left out of the headline, unless every row is 'Trùng lặp'.
 * - `open`: members still waiting ('Mới', 'Đang xử lý' or an unknown status), so that a report can say
 *   "Đã trả lời; còn 2 ý kiến đang chờ xử lý" and nothing waiting is hidden behind the headline.
 */
export interface StatusSummary {
  headline: string;
  open: number;
  /** Every status of the members: those of FEEDBACK_STATUSES in their order, then others by name; no zeros. */
  counts: StatusCount[];
}

/** The opinion chosen to stand for a group. `content` is the raw text: the caller masks it before showing it. */
export interface Representative {
  trackingCode: string;
  receivedAt: Date;
  /** The row's own location (a row joined by a staff link may have been sent from another place). */
  locationCode: string;
  locationName: string;
  kind: string;
  status: string;
  content: string;
}

/** Why two parts of a group were put together. */
export interface MergeReason {
  /** 'staff': a 'Trùng lặp' link; 'text': similar wording. */
  reason: 'staff' | 'text';
  /** 'staff': the duplicate and its original. 'text': the most similar pair of opinions across the two parts. */
  a: string;
  b: string;
  /** 'text': the similarity of the two parts (≥ the threshold). 'staff': 1. */
  score: number;
  /** The similarity of the opinions a and b themselves. */
  pairScore: number;
  /** The heaviest terms a and b share, most telling first (at most 6), in their accented spelling. */
  shared: string[];
}

export interface OpinionGroup {
  /** 'issue': opinions at one place; 'theme': similar issues at two or more places. */
  type: 'issue' | 'theme';
  category: string;
  /** Opinions, not people: the box is anonymous. */
  count: number;
  /** Most opinions first, then by code. Exactly one place for an issue, two or more for a theme. */
  places: PlaceCount[];
  firstReceived: Date;
  lastReceived: Date;
  status: StatusSummary;
  /** Distinct public replies of the members, oldest opinion first. */
  answers: string[];
  /** The most central member: highest total similarity to the others (ties: earliest, then tracking code). */
  representative: Representative;
  /** Tracking codes of the other members, oldest first. */
  otherCodes: string[];
  /**
   * For a theme, its issues, one per place, ordered like groups (issues of one place that met only through the
   * theme are shown as one; the merge that joined them is among the theme's merges). Empty for an issue.
   */
  issues: OpinionGroup[];
  /** Every merge that built the group: staff links first, then text merges in the order they were made. */
  merges: MergeReason[];
  /** Codes named in the members' staff links that are not in the period (e.g. an original of last month). */
  linkedOutside: string[];
}

export interface GroupingResult {
  /** Themes, and the issues that are not part of a theme: most opinions first, then earliest, then category. */
  groups: OpinionGroup[];
  /** Opinions grouped. */
  total: number;
  /** Rows left out because their received time is not a valid date. */
  undated: number;
  /** The threshold used. */
  threshold: number;
}

export interface PairExplanation {
  a: string;
  b: string;
  /** Similarity of the two texts in the period's weighting; 0 across categories or for an unknown code. */
  score: number;
  /** Shared terms, heaviest first, in their accented spelling. */
  shared: string[];
  /** True when staff links join the two, directly or through other links. */
  staffLinked: boolean;
  sameCategory: boolean;
  samePlace: boolean;
}

// ---- Settings and input ----

const NEW_STATUS: FeedbackStatus = 'Mới';
const DUPLICATE_STATUS: FeedbackStatus = 'Trùng lặp';
const KNOWN_STATUSES: readonly string[] = FEEDBACK_STATUSES;

/** Words read per opinion; longer texts are cut (a 4,000-character opinion has about 900). */
const MAX_WORDS = 600;
/** Shared terms listed in an explanation. */
const MAX_SHARED = 6;
/** Weight factor of a term made only of names, place nouns and numbers: it says where, not what. */
const WHERE_FACTOR = 0.5;

function clean(s: unknown): string {
  return String(s ?? '')
    .normalize('NFC')
    .trim()
    .replace(/\s+/g, ' ');
}

function isDate(v: unknown): v is Date {
  // Not instanceof: Dates may come from another realm (sheet values, test sandboxes).
  return Object.prototype.toString.call(v) === '[object Date]' && !isNaN((v as Date).getTime());
}

function codeKey(code: unknown): string {
  return clean(code).toUpperCase();
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * The threshold of a setting (a number, or text such as "0,14" or "0.14" from Cấu hình): a number in (0, 1],
 * anything else gives DEFAULT_GROUPING_THRESHOLD.
 */
export function groupingThreshold(value: unknown): number {
  if (typeof value !== 'number' && typeof value !== 'string') return DEFAULT_GROUPING_THRESHOLD;
  const n = typeof value === 'number' ? value : value.trim() === '' ? NaN : Number(value.trim().replace(',', '.'));
  return isFinite(n) && n > 0 && n <= 1 ? n : DEFAULT_GROUPING_THRESHOLD;
}

const CODE_IN_TEXT = /\b[A-Z]{1,6}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{7}\b/g;

/**
 * The opinion of a sheet record, or null without a valid received time. The sheet has no column of its own for a
 * "Trùng lặp" link: staff write the original's tracking code in "Ghi chú nội bộ". So when the status is
 * 'Trùng lặp', the tracking codes found in that note are the links. The automatic "Có thể trùng với" hint is not a
 * staff decision and is not used.
 */
export function opinionFromRecord(r: FeedbackRecord): GroupingOpinion | null {
  if (!r || !isDate(r.receivedAt)) return null;
  const status = clean(r.status);
  const links = status === DUPLICATE_STATUS ? (clean(r.internalNote).toUpperCase().match(CODE_IN_TEXT) ?? []) : [];
  return {
    trackingCode: clean(r.trackingCode),
    receivedAt: r.receivedAt,
    locationCode: clean(r.locationCode),
    locationName: clean(r.locationName),
    category: clean(r.category),
    kind: clean(r.kind),
    content: String(r.content ?? ''),
    status,
    publicReply: clean(r.publicReply),
    duplicateOf: Array.from(new Set(links)),
  };
}

// ---- Words and terms ----

/**
 * Vietnamese function words and the formulas of a complaint ("đề nghị phường sớm giải quyết"), spelt with their
 * diacritics, because folding first would lose words that matter: "tối" (dark) folds like "tôi" (I), "đèn" (lamp)
 * like "đến" (to), "chợ" (market) like "cho" (for), "ổ" (hole, of "ổ gà") like "ở" (at).
 */
const STOP_ACCENTED: ReadonlySet<string> = new Set(
  (
    'à ạ ai anh ấy bà bác bạn bên bị các cả cái cạnh càng cần chỉ chị cho chỗ chú chúng chưa có cô của cũng cứ cuối ' +
    'đã đang đây để đề đến đều đi đó đoạn được gần gấp gì giờ giữa hay hãy hết hiện họ hoặc hơn khi không khu kia kính ' +
    'là lại lắm làm lâu lên luôn lúc mà mấy mình mỗi mong một muốn nay này nào nên nếu ngày ngoài người nhà nhé nhiều ' +
    'những như nơi nữa ơi ông ở phía phường quá ra rằng rất rồi sau sẽ số sớm tại thế thì thôi tôi trên trong trước ' +
    'từ tuần và vài vào vẫn về vì việc với vực xin xử lý giải quyết khắc phục kiểm tra gửi nghị dân ủy ban ubnd chính ' +
    'quyền em'
  ).split(' '),
);

/**
 * Folded forms that are function words in one spelling but common content words in another: in a text written
 * without diacritics they stay content words ("toi" may be "tối" dark, "den" "đèn" lamp, "cho" "chợ" market,
 * "o" "ổ" of "ổ gà", "sau" "sâu" deep, "thoi" "thối" stinking, "ban" "bán" selling, "cua" "cửa" shop).
 */
const PLAIN_CONTENT: ReadonlySet<string> = new Set(['toi', 'den', 'cho', 'o', 'sau', 'thoi', 'ban', 'cua']);

/** Function words as written in a text without any diacritics: every folded stop word except PLAIN_CONTENT. */
const STOP_PLAIN: ReadonlySet<string> = new Set(
  Array.from(STOP_ACCENTED)
    .map((w) => foldVietnamese(w))
    .filter((f) => !PLAIN_CONTENT.has(f)),
);

/**
 * Folded nouns that head the name or number of a place ("đường Trần Phú", "ngõ 21", "cầu", "chợ"). Alone or
 * with a name or a number they say where a problem is; with another word they still count in full ("đèn đường",
 * "mặt đường").
 */
const PLACE_NOUNS: ReadonlySet<string> = new Set('duong pho ngo ngach hem kiet cau cho thon xom ap'.split(' '));

interface Word {
  /** Folded spelling. */
  f: string;
  /** Spelling in the text, lower case (the folded part when a written word folds to several). */
  s: string;
  /** A function word. */
  stop: boolean;
  /** Capital initial in the middle of a sentence, in a text not written in capitals. */
  name: boolean;
  /** Lower-case initial, in a text not written in capitals. */
  lower: boolean;
}

/** True when a text carries a Vietnamese diacritic or đ (then a plain word in it is exactly that word). */
function hasDiacritics(s: string): boolean {
  return /[\p{M}đĐ]/u.test(s.normalize('NFD'));
}

interface Folding {
  parts: string[];
  stopAccented: boolean;
  stopPlain: boolean;
}

/** Folding of one written word (lower case), cached per period: a month repeats the same few thousand words. */
function foldWord(lowered: string, cache?: Map<string, Folding>): Folding {
  let f = cache?.get(lowered);
  if (!f) {
    const folded = foldVietnamese(lowered);
    f = { parts: folded ? folded.split(' ') : [], stopAccented: STOP_ACCENTED.has(lowered), stopPlain: STOP_PLAIN.has(lowered) };
    cache?.set(lowered, f);
  }
  return f;
}

const SENTENCE_END = /[.!?…:;]/;
const UPPER_INITIAL = /^\p{Lu}/u;
const LOWER_INITIAL = /^\p{Ll}/u;

/** The words of a text, folded and marked. */
function words(text: string, cache?: Map<string, Folding>): Word[] {
  const out: Word[] = [];
  const src = String(text ?? '').normalize('NFC');
  const accented = hasDiacritics(src);
  const letters = src.replace(/[^\p{L}]/gu, '');
  const shouting = letters.length > 0 && letters.replace(/[^\p{Lu}]/gu, '').length > letters.length / 2;
  let end = 0; // end of the previous word
  for (const match of src.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
    const orig = match[0];
    const at = match.index ?? 0;
    // Mid-sentence: something other than blanks comes before, and the last such character ends no sentence.
    const gap = src.slice(end, at).trim();
    const midSentence = gap ? !SENTENCE_END.test(gap[gap.length - 1]) : end > 0;
    end = at + orig.length;
    const lowered = orig.toLowerCase();
    const folding = foldWord(lowered, cache);
    if (folding.parts.length === 0) continue;
    const stop = accented ? folding.stopAccented : folding.stopPlain;
    const name = !shouting && midSentence && UPPER_INITIAL.test(orig);
    const lower = !shouting && LOWER_INITIAL.test(orig);
    for (const f of folding.parts) {
      out.push({ f, s: folding.parts.length === 1 ? lowered : f, stop, name, lower });
      if (out.length >= MAX_WORDS) return out;
    }
  }
  return out;
}

/**
 * Terms of a text (content words of two letters or more that are not bare numbers, and pairs of adjacent content
 * words), each with its first spelling in the text.
 */
function spelledTerms(ws: Word[]): Map<string, string> {
  const out = new Map<string, string>();
  const add = (t: string, spelt: string): void => {
    if (!out.has(t)) out.set(t, spelt);
  };
  for (let k = 0; k < ws.length; k++) {
    const w = ws[k];
    if (w.stop) continue;
    if (w.f.length > 1 && !/^\d+$/.test(w.f)) add(w.f, w.s);
    const v = ws[k + 1];
    if (v && !v.stop) add(w.f + ' ' + v.f, w.s + ' ' + v.s);
  }
  return out;
}

/** Unique sorted terms of a text. */
function termsOf(ws: Word[]): string[] {
  return Array.from(spelledTerms(ws).keys()).sort();
}

// ---- The period: opinions, weights, sparse similarities ----

interface Doc {
  /** Canonical index. */
  i: number;
  op: GroupingOpinion;
  code: string;
  at: number;
  category: string;
  placeCode: string;
  placeName: string;
  status: string;
  /** Unique terms, sorted. */
  terms: string[];
  /** Squared weight of each term (same order), in the opinion's category. */
  w2: Float64Array;
}

interface Model {
  docs: Doc[];
  n: number;
  undated: number;
  /** Per opinion, the opinions of its category it shares a term with (ascending), and the similarities. */
  nbr: Int32Array[];
  nbrSim: Float64Array[];
}

function canonicalOrder(a: GroupingOpinion, b: GroupingOpinion): number {
  return (
    a.receivedAt.getTime() - b.receivedAt.getTime() ||
    cmp(codeKey(a.trackingCode), codeKey(b.trackingCode)) ||
    cmp(String(a.trackingCode), String(b.trackingCode)) ||
    cmp(String(a.locationCode), String(b.locationCode)) ||
    cmp(String(a.locationName), String(b.locationName)) ||
    cmp(String(a.category), String(b.category)) ||
    cmp(String(a.kind), String(b.kind)) ||
    cmp(String(a.content), String(b.content)) ||
    cmp(String(a.status), String(b.status)) ||
    cmp(String(a.publicReply), String(b.publicReply)) ||
    cmp(JSON.stringify(a.duplicateOf ?? []), JSON.stringify(b.duplicateOf ?? []))
  );
}

function buildModel(input: readonly GroupingOpinion[]): Model {
  const list = (Array.isArray(input) ? input : []).filter((o) => !!o && typeof o === 'object');
  const dated = list.filter((o) => isDate(o.receivedAt));
  const sorted = dated.slice().sort(canonicalOrder);
  const n = sorted.length;
  const cache = new Map<string, Folding>();
  const docWords = sorted.map((op) => words(op.content, cache));

  // A word the period writes as a name (capital initial mid-sentence) at least as often as in lower case.
  const votes = new Map<string, number>();
  for (const ws of docWords) {
    for (const w of ws) {
      if (w.name) votes.set(w.f, (votes.get(w.f) ?? 0) + 1);
      else if (w.lower) votes.set(w.f, (votes.get(w.f) ?? 0) - 1);
    }
  }
  const isWhere = (f: string): boolean => (votes.has(f) && votes.get(f)! >= 0) || PLACE_NOUNS.has(f) || /^\d+$/.test(f);

  // Term ids, and in how many opinions each term occurs.
  const termId = new Map<string, number>();
  const df: number[] = [];
  const where: boolean[] = [];
  const docIds: Int32Array[] = [];
  const docs: Doc[] = sorted.map((op, i) => {
    const placeCode = clean(op.locationCode);
    const terms = termsOf(docWords[i]);
    const ids = new Int32Array(terms.length);
    terms.forEach((t, k) => {
      let id = termId.get(t);
      if (id === undefined) {
        id = df.length;
        termId.set(t, id);
        df.push(0);
        where.push(t.split(' ').every(isWhere));
      }
      df[id]++;
      ids[k] = id;
    });
    docIds.push(ids);
    return {
      i,
      op,
      code: clean(op.trackingCode),
      at: op.receivedAt.getTime(),
      category: clean(op.category) || GROUPING_UNSPECIFIED,
      placeCode: placeCode || clean(op.locationName) || GROUPING_UNSPECIFIED,
      placeName: clean(op.locationName) || placeCode || GROUPING_UNSPECIFIED,
      status: clean(op.status) || NEW_STATUS,
      terms,
      w2: new Float64Array(terms.length),
    };
  });

  const byCategory = new Map<string, Doc[]>();
  for (const d of docs) {
    const l = byCategory.get(d.category);
    if (l) l.push(d);
    else byCategory.set(d.category, [d]);
  }

  // Per category: weights ln(1 + N / (1 + opinions of other categories using the term)), halved for where-terms;
  // then dot products accumulated over an inverted index of the category's terms, so only pairs sharing a term
  // are ever looked at.
  const dfIn = new Int32Array(df.length);
  const acc = new Float64Array(n);
  const seen = new Int32Array(n).fill(-1);
  const touched: number[] = [];
  const pairs: number[] = []; // i, j, repeated
  const pairSims: number[] = [];
  for (const members of byCategory.values()) {
    const used: number[] = [];
    for (const d of members) {
      for (const id of docIds[d.i]) {
        if (dfIn[id] === 0) used.push(id);
        dfIn[id]++;
      }
    }
    const norm = new Map<number, number>();
    for (const d of members) {
      const ids = docIds[d.i];
      let s2 = 0;
      for (let k = 0; k < ids.length; k++) {
        const id = ids[k];
        const w = Math.log(1 + n / (1 + df[id] - dfIn[id])) * (where[id] ? WHERE_FACTOR : 1);
        d.w2[k] = w * w;
        s2 += w * w;
      }
      norm.set(d.i, Math.sqrt(s2));
    }
    const postings = new Map<number, number[]>();
    for (const d of members) {
      for (const id of docIds[d.i]) {
        const p = postings.get(id);
        if (p) p.push(d.i);
        else postings.set(id, [d.i]);
      }
    }
    for (const d of members) {
      const ids = docIds[d.i];
      touched.length = 0;
      for (let k = 0; k < ids.length; k++) {
        const p = postings.get(ids[k])!;
        const w2 = d.w2[k];
        // Postings are in canonical order: the partners after d are at the end.
        for (let q = p.length - 1; q >= 0 && p[q] > d.i; q--) {
          const j = p[q];
          if (seen[j] !== d.i) {
            seen[j] = d.i;
            acc[j] = 0;
            touched.push(j);
          }
          acc[j] += w2;
        }
      }
      touched.sort((x, y) => x - y);
      const nd = norm.get(d.i)!;
      for (const j of touched) {
        const s = acc[j] / (nd * norm.get(j)!);
        if (s > 0) {
          pairs.push(d.i, j);
          pairSims.push(Math.min(1, s));
        }
      }
    }
    for (const id of used) dfIn[id] = 0;
  }

  // Neighbour lists both ways, ascending: pairs come by ascending i, then ascending j.
  const degree = new Int32Array(n);
  for (let k = 0; k < pairs.length; k++) degree[pairs[k]]++;
  const nbr = Array.from(degree, (c) => new Int32Array(c));
  const nbrSim = Array.from(degree, (c) => new Float64Array(c));
  const fill = new Int32Array(n);
  for (let k = 0; k < pairSims.length; k++) {
    const i = pairs[2 * k];
    const j = pairs[2 * k + 1];
    nbr[i][fill[i]] = j;
    nbrSim[i][fill[i]++] = pairSims[k];
    nbr[j][fill[j]] = i;
    nbrSim[j][fill[j]++] = pairSims[k];
  }
  for (let i = 0; i < n; i++) sortNeighbours(nbr[i], nbrSim[i]);
  return { docs, n, undated: list.length - dated.length, nbr, nbrSim };
}

/** Sorts a neighbour list by index, carrying the similarities along (lists are nearly sorted already). */
function sortNeighbours(idx: Int32Array, val: Float64Array): void {
  for (let a = 1; a < idx.length; a++) {
    const i = idx[a];
    const v = val[a];
    let b = a - 1;
    while (b >= 0 && idx[b] > i) {
      idx[b + 1] = idx[b];
      val[b + 1] = val[b];
      b--;
    }
    idx[b + 1] = i;
    val[b + 1] = v;
  }
}

function sim(m: Model, i: number, j: number): number {
  if (i === j) return 1;
  const list = m.nbr[i];
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] === j) return m.nbrSim[i][mid];
    if (list[mid] < j) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}

/**
 * Terms two opinions share, heaviest first, spelt as the first of them spells them (as the second does when the
 * first is written without diacritics).
 */
function sharedTerms(a: Doc, b: Doc): string[] {
  const inB = new Set(b.terms);
  const weight = new Map(a.terms.map((t, k) => [t, a.w2[k]]));
  const [first, second] = hasDiacritics(String(a.op.content ?? '')) ? [a, b] : [b, a];
  const spelling = spelledTerms(words(first.op.content));
  const fallback = spelledTerms(words(second.op.content));
  return a.terms
    .filter((t) => inB.has(t))
    .sort((x, y) => weight.get(y)! - weight.get(x)! || y.length - x.length || cmp(x, y))
    .slice(0, MAX_SHARED)
    .map((t) => spelling.get(t) ?? fallback.get(t) ?? t);
}

// ---- Staff links ----

class UnionFind {
  private readonly parent: Int32Array;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }
  find(x: number): number {
    while (this.parent[x] !== x) {
      this.parent[x] = this.parent[this.parent[x]];
      x = this.parent[x];
    }
    return x;
  }
  /** The earlier opinion's root stays the root. */
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra < rb) this.parent[rb] = ra;
    else if (rb < ra) this.parent[ra] = rb;
  }
}

interface StaffLinks {
  uf: UnionFind;
  /** Per opinion, the opinions of the period it names as its original, in canonical order. */
  links: Map<number, number[]>;
  /** Per opinion, the codes it names that are not in the period. */
  outside: Map<number, string[]>;
}

function staffLinks(m: Model): StaffLinks {
  const byCode = new Map<string, number>();
  for (const d of m.docs) {
    const k = codeKey(d.code);
    if (k && !byCode.has(k)) byCode.set(k, d.i);
  }
  const uf = new UnionFind(m.n);
  const links = new Map<number, number[]>();
  const outside = new Map<number, string[]>();
  for (const d of m.docs) {
    const raw: unknown[] = Array.isArray(d.op.duplicateOf) ? d.op.duplicateOf : [];
    const targets = new Set<number>();
    const away = new Set<string>();
    for (const c of raw) {
      const k = codeKey(c);
      if (!k) continue;
      const t = byCode.get(k);
      if (t === undefined) away.add(k);
      else if (t !== d.i) targets.add(t);
    }
    if (targets.size) {
      const ts = Array.from(targets).sort((x, y) => x - y);
      links.set(d.i, ts);
      for (const t of ts) uf.union(d.i, t);
    }
    if (away.size) outside.set(d.i, Array.from(away).sort());
  }
  return { uf, links, outside };
}

// ---- Clustering ----

interface Cluster {
  members: number[];
  /** Smallest canonical index of the members: the cluster's identity in ties. */
  anchor: number;
  merges: MergeReason[];
}

/** [linkage, anchor x, anchor y, cluster x, cluster y, version x, version y] */
type Candidate = [number, number, number, number, number, number, number];

/** Max-heap of candidate merges: highest linkage first, ties by the anchors (earliest clusters first). */
class CandidateHeap {
  private readonly items: Candidate[] = [];
  get size(): number {
    return this.items.length;
  }
  private static before(x: Candidate, y: Candidate): boolean {
    return x[0] > y[0] || (x[0] === y[0] && (x[1] < y[1] || (x[1] === y[1] && x[2] < y[2])));
  }
  push(item: Candidate): void {
    const a = this.items;
    a.push(item);
    let k = a.length - 1;
    while (k > 0) {
      const p = (k - 1) >> 1;
      if (!CandidateHeap.before(a[k], a[p])) break;
      [a[k], a[p]] = [a[p], a[k]];
      k = p;
    }
  }
  pop(): Candidate | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
    const top = a[0];
    const last = a.pop()!;
    if (a.length) {
      a[0] = last;
      let k = 0;
      for (;;) {
        const l = 2 * k + 1;
        const r = l + 1;
        let b = k;
        if (l < a.length && CandidateHeap.before(a[l], a[b])) b = l;
        if (r < a.length && CandidateHeap.before(a[r], a[b])) b = r;
        if (b === k) break;
        [a[k], a[b]] = [a[b], a[k]];
        k = b;
      }
    }
    return top;
  }
}

/**
 * Merges clusters, best first, while the centroid cosine of two clusters is at least `threshold`. With unit
 * vectors, the centroid cosine of clusters A and B is S(A,B) / sqrt((|A| + 2·S(A)) · (|B| + 2·S(B))), where S(A,B)
 * sums the similarities of the pairs across and S(A) those of the pairs inside: sums of the sparse pairs only.
 */
function mergeClusters(m: Model, start: Cluster[], threshold: number): Cluster[] {
  const k = start.length;
  const clusters = start.map((c) => ({ members: c.members.slice(), anchor: c.anchor, merges: c.merges.slice() }));
  const owner = new Map<number, number>();
  clusters.forEach((c, ci) => c.members.forEach((i) => owner.set(i, ci)));
  const across: Array<Map<number, Link>> = clusters.map(() => new Map<number, Link>());
  const inside = new Float64Array(k);
  for (const [i, ci] of owner) {
    const list = m.nbr[i];
    for (let q = 0; q < list.length; q++) {
      const j = list[q];
      if (j <= i) continue;
      const cj = owner.get(j);
      if (cj === undefined) continue;
      const s = m.nbrSim[i][q];
      if (ci === cj) inside[ci] += s;
      else {
        const link = combine(across[ci].get(cj), { sum: s, s, i, j });
        across[ci].set(cj, link);
        across[cj].set(ci, link);
      }
    }
  }
  const version = new Int32Array(k);
  const alive = new Uint8Array(k).fill(1);
  const heap = new CandidateHeap();
  const offer = (a: number, b: number): void => {
    const sum = across[a].get(b)?.sum ?? 0;
    const value = sum / Math.sqrt((clusters[a].members.length + 2 * inside[a]) * (clusters[b].members.length + 2 * inside[b]));
    if (!(value >= threshold)) return;
    const [x, y] = clusters[a].anchor < clusters[b].anchor ? [a, b] : [b, a];
    heap.push([value, clusters[x].anchor, clusters[y].anchor, x, y, version[x], version[y]]);
  };
  for (let a = 0; a < k; a++) for (const b of across[a].keys()) if (a < b) offer(a, b);

  while (heap.size) {
    const [value, , , x, y, vx, vy] = heap.pop()!;
    if (!alive[x] || !alive[y] || vx !== version[x] || vy !== version[y]) continue;
    // y joins x, the cluster with the earlier anchor.
    const link = across[x].get(y)!;
    clusters[x].merges = clusters[x].merges.concat(clusters[y].merges, {
      reason: 'text',
      a: m.docs[link.i].code,
      b: m.docs[link.j].code,
      score: round(value),
      pairScore: round(link.s),
      shared: sharedTerms(m.docs[link.i], m.docs[link.j]),
    });
    inside[x] += inside[y] + link.sum;
    clusters[x].members = clusters[x].members.concat(clusters[y].members);
    alive[y] = 0;
    version[x]++;
    across[x].delete(y);
    for (const [z, ly] of across[y]) {
      if (z === x) continue;
      const joined = combine(across[x].get(z), ly);
      across[x].set(z, joined);
      across[z].set(x, joined);
      across[z].delete(y);
    }
    across[y].clear();
    for (const z of across[x].keys()) offer(x, z);
  }
  return clusters.filter((_, ci) => alive[ci]).sort((p, q) => p.anchor - q.anchor);
}

/** What joins two clusters: the sum of the similarities across, and the most similar pair (i < j) across. */
interface Link {
  sum: number;
  s: number;
  i: number;
  j: number;
}

/** Two links added up; the strongest pair wins (ties: the earliest pair). A new object: links are shared. */
function combine(a: Link | undefined, b: Link): Link {
  if (!a) return { ...b };
  const best = b.s > a.s || (b.s === a.s && (b.i < a.i || (b.i === a.i && b.j < a.j))) ? b : a;
  return { sum: a.sum + b.sum, s: best.s, i: best.i, j: best.j };
}

// ---- Groups ----

const RANK: Readonly<Record<Exclude<FeedbackStatus, 'Trùng lặp'>, number>> = {
  Mới: 0,
  'Đang xử lý': 1,
  'Đã chuyển cơ quan có thẩm quyền': 2,
  'Không thuộc thẩm quyền': 3,
  'Rác / spam': 3,
  'Đã trả lời': 4,
};
/** Rank of a status the box does not know: still being handled. */
const UNKNOWN_RANK = 1;

function rankOf(status: string): number {
  return (RANK as Record<string, number>)[status] ?? UNKNOWN_RANK;
}

function isOpen(status: string): boolean {
  return status === 'Mới' || status === 'Đang xử lý' || !KNOWN_STATUSES.includes(status);
}

function statusSummary(docs: Doc[]): StatusSummary {
  const counts = new Map<string, number>();
  for (const d of docs) counts.set(d.status, (counts.get(d.status) ?? 0) + 1);
  const ordered = KNOWN_STATUSES.filter((s) => counts.has(s)).concat(
    Array.from(counts.keys())
      .filter((s) => !KNOWN_STATUSES.includes(s))
      .sort(cmp),
  );
  let headline: string = DUPLICATE_STATUS;
  for (const s of ordered) {
    if (s === DUPLICATE_STATUS) continue;
    if (headline === DUPLICATE_STATUS || rankOf(s) > rankOf(headline)) headline = s;
  }
  return {
    headline,
    open: docs.filter((d) => isOpen(d.status)).length,
    counts: ordered.map((status) => ({ status, count: counts.get(status)! })),
  };
}

interface Context {
  m: Model;
  /** Scratch marks for membership tests, with the last stamp used. */
  mark: Int32Array;
  stamp: number;
  /** Per opinion, the opinion whose category and place it counts under (itself unless staff-linked). */
  home: Int32Array;
  outside: Map<number, string[]>;
}

function makeGroup(
  ctx: Context,
  type: OpinionGroup['type'],
  members: number[],
  merges: MergeReason[],
  issues: OpinionGroup[],
): OpinionGroup {
  const { m } = ctx;
  const idx = members.slice().sort((x, y) => x - y);
  const docs = idx.map((i) => m.docs[i]);

  // Most central member: highest total similarity to the others; ties go to the earliest (canonical order).
  const stamp = ++ctx.stamp;
  for (const i of idx) ctx.mark[i] = stamp;
  let rep = idx[0];
  let best = -1;
  for (const i of idx) {
    let total = 0;
    const list = m.nbr[i];
    for (let q = 0; q < list.length; q++) if (ctx.mark[list[q]] === stamp) total += m.nbrSim[i][q];
    if (total > best) {
      rep = i;
      best = total;
    }
  }

  const places = new Map<string, PlaceCount>();
  for (const i of idx) {
    const h = m.docs[ctx.home[i]];
    const p = places.get(h.placeCode);
    if (p) {
      p.count++;
      p.name = h.placeName; // the name of the newest row wins
    } else places.set(h.placeCode, { code: h.placeCode, name: h.placeName, count: 1 });
  }
  const answers = new Set<string>();
  for (const d of docs) {
    const a = clean(d.op.publicReply);
    if (a) answers.add(a);
  }
  const away = new Set<string>();
  for (const i of idx) for (const c of ctx.outside.get(i) ?? []) away.add(c);
  const r = m.docs[rep];
  return {
    type,
    category: m.docs[ctx.home[idx[0]]].category,
    count: idx.length,
    places: Array.from(places.values()).sort((a, b) => b.count - a.count || cmp(a.code, b.code)),
    firstReceived: new Date(docs[0].at),
    lastReceived: new Date(docs[docs.length - 1].at),
    status: statusSummary(docs),
    answers: Array.from(answers),
    representative: {
      trackingCode: r.code,
      receivedAt: new Date(r.at),
      locationCode: clean(r.op.locationCode),
      locationName: clean(r.op.locationName),
      kind: clean(r.op.kind),
      status: r.status,
      content: String(r.op.content ?? ''),
    },
    otherCodes: docs.filter((d) => d.i !== rep).map((d) => d.code),
    issues,
    merges,
    linkedOutside: Array.from(away).sort(),
  };
}

function groupOrder(a: [OpinionGroup, number], b: [OpinionGroup, number]): number {
  return (
    b[0].count - a[0].count ||
    a[0].firstReceived.getTime() - b[0].firstReceived.getTime() ||
    cmp(a[0].category, b[0].category) ||
    a[1] - b[1]
  );
}

/**
 * Groups the opinions of a period into issues and themes. Never throws on bad rows: rows without a valid
 * received time are counted in `undated` and left out; an empty text is an issue of one (unless staff linked it).
 */
export function groupOpinions(opinions: readonly GroupingOpinion[], options?: Partial<GroupingOptions>): GroupingResult {
  const threshold = groupingThreshold(options?.threshold);
  const m = buildModel(opinions);
  const staff = staffLinks(m);

  // Staff components: one starting cluster each, at the place and in the category of the earliest original.
  const components = new Map<number, number[]>();
  for (const d of m.docs) {
    const root = staff.uf.find(d.i);
    const c = components.get(root);
    if (c) c.push(d.i);
    else components.set(root, [d.i]);
  }
  const home = new Int32Array(m.n);
  const byHome = new Map<string, Cluster[]>();
  for (const members of components.values()) {
    const originals = members.filter((i) => !staff.links.has(i));
    const h = originals.length ? originals[0] : members[0];
    for (const i of members) home[i] = h;
    const merges: MergeReason[] = [];
    for (const i of members) {
      for (const t of staff.links.get(i) ?? []) {
        merges.push({ reason: 'staff', a: m.docs[i].code, b: m.docs[t].code, score: 1, pairScore: round(sim(m, i, t)), shared: [] });
      }
    }
    const key = m.docs[h].category + '\u0000' + m.docs[h].placeCode;
    const cluster: Cluster = { members, anchor: members[0], merges };
    const list = byHome.get(key);
    if (list) list.push(cluster);
    else byHome.set(key, [cluster]);
  }
  const ctx: Context = { m, home, outside: staff.outside, mark: new Int32Array(m.n), stamp: 0 };

  // Issues: within one category and one place.
  const issuesByCategory = new Map<string, Cluster[]>();
  for (const key of Array.from(byHome.keys()).sort(cmp)) {
    const category = key.slice(0, key.indexOf('\u0000'));
    const issues = mergeClusters(m, byHome.get(key)!, threshold);
    issuesByCategory.set(category, (issuesByCategory.get(category) ?? []).concat(issues));
  }

  // Themes: the issues of one category, across places.
  const out: Array<[OpinionGroup, number]> = [];
  for (const issues of issuesByCategory.values()) {
    const issueGroup = new Map<number, OpinionGroup>();
    const issueMembers = new Map<number, number[]>();
    const issueOf = new Map<number, number>();
    for (const c of issues) {
      issueGroup.set(c.anchor, makeGroup(ctx, 'issue', c.members, c.merges, []));
      issueMembers.set(c.anchor, c.members);
      for (const i of c.members) issueOf.set(i, c.anchor);
    }
    const start = issues.map((c) => ({ members: c.members, anchor: c.anchor, merges: [] }));
    for (const t of mergeClusters(m, start, threshold)) {
      const anchors = Array.from(new Set(t.members.map((i) => issueOf.get(i)!))).sort((a, b) => a - b);
      if (anchors.length === 1) {
        out.push([issueGroup.get(anchors[0])!, anchors[0]]);
        continue;
      }
      // One issue per place: issues of one place that met only through the theme are shown together.
      const byPlace = new Map<string, number[]>();
      for (const a of anchors) {
        const place = m.docs[home[a]].placeCode;
        const l = byPlace.get(place);
        if (l) l.push(a);
        else byPlace.set(place, [a]);
      }
      const parts: Array<[OpinionGroup, number]> = [];
      for (const list of byPlace.values()) {
        if (list.length === 1) parts.push([issueGroup.get(list[0])!, list[0]]);
        else {
          const members = ([] as number[]).concat(...list.map((a) => issueMembers.get(a)!));
          const merges = ([] as MergeReason[]).concat(...list.map((a) => issueGroup.get(a)!.merges));
          parts.push([makeGroup(ctx, 'issue', members, merges, []), list[0]]);
        }
      }
      parts.sort(groupOrder);
      const merges = anchors.flatMap((a) => issueGroup.get(a)!.merges).concat(t.merges);
      out.push([
        makeGroup(
          ctx,
          'theme',
          t.members,
          merges,
          parts.map(([g]) => g),
        ),
        t.anchor,
      ]);
    }
  }
  out.sort(groupOrder);
  return { groups: out.map(([g]) => g), total: m.n, undated: m.undated, threshold };
}

/**
 * Why two opinions of the period would be grouped, or not: their similarity in the period's weighting (the value
 * the threshold is compared with when both are alone), the terms they share, and whether staff linked them.
 */
export function explainPair(opinions: readonly GroupingOpinion[], codeA: string, codeB: string): PairExplanation {
  const m = buildModel(opinions);
  const find = (c: string): Doc | undefined => m.docs.find((d) => codeKey(d.code) === codeKey(c));
  const a = find(codeA);
  const b = find(codeB);
  if (!a || !b) {
    return { a: clean(codeA), b: clean(codeB), score: 0, shared: [], staffLinked: false, sameCategory: false, samePlace: false };
  }
  const staff = staffLinks(m);
  const sameCategory = a.category === b.category;
  return {
    a: a.code,
    b: b.code,
    score: round(sameCategory ? sim(m, a.i, b.i) : 0),
    shared: sharedTerms(a, b),
    staffLinked: a.i !== b.i && staff.uf.find(a.i) === staff.uf.find(b.i),
    sameCategory,
    samePlace: a.placeCode === b.placeCode,
  };
}
