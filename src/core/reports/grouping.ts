/**
 * Grouping of a report period's opinions into issues ("vấn đề") and themes, for the synthesis report.
 *
 * 1. Words. Every opinion's words are folded as the duplicate hint folds them (NFC, diacritics and đ dropped, lower
 *    case), after mending common typing (a held-down key, chat short forms such as "ko" and "nc", a Telex tone key
 *    left at the end). Function words and the formulas of a complaint ("kính gửi", "đề nghị", "phản ánh", "bà con",
 *    "xin cảm ơn") are recognised on the accented spelling, since "tối" (dark) is not "tôi" (I), and on the folded
 *    one among words typed without diacritics.
 * 2. Problems. A small lexicon of the problems wards receive (./concepts.ts: street lighting, rubbish, flooding,
 *    drains, noise, karaoke, road surface, sidewalks, parking, water, power, theft, dogs, trees, building work,
 *    smoke, procedures, schools, health…, and two aspects: a fault, a request for something new) gives every
 *    opinion a set of concepts with strengths, read on accented and unaccented spellings alike.
 * 3. Terms. The content words and pairs of adjacent content words ("đèn đường", "ổ gà") weigh
 *    ln(1 + N / (1 + m)), N the opinions of the period and m those of OTHER categories using the term, and nothing
 *    when they are incidental: names, place nouns and numbers ("đường Trần Phú", "ngõ 21"); words of the period's
 *    place names (passed in, and the rows' own); terms a large share of one place's opinions use about different
 *    problems (a neighbourhood's name: "khu tái định cư"); terms the period uses about many different problems
 *    ("nguy hiểm", "xe máy"). So two opinions about different problems never meet on where they are.
 * 4. Similarity of two opinions of one category, from the cosine of their concept vectors (cosC) and of their
 *    weighted terms (cosT): cosC · (½ · w + ½ · cosT) when both name concepts, where w goes from ½ (no shared
 *    wording) to 1 (a term cosine of 0.2 or more), and is 1 at one place for a problem that is a condition of the
 *    place (a street light, a rubbish heap; not a benefit or a procedure). The concepts scale everything: wording
 *    shared by opinions about different problems counts as far as their problems overlap, and across places a
 *    shared problem alone gives 0.25, below any useful threshold. Without concepts on either side, cosT; on one
 *    side only, ½ · cosT. It is computed for the pairs that share a feature only, through an inverted index per
 *    category, never over all pairs.
 * 5. Staff "Trùng lặp" links (`duplicateOf`) join a row to its original(s) before anything else; the joined rows
 *    count at the place and in the category of the earliest original.
 * 6. Issues: within one category and one place, clusters are merged, most similar first, while the similarity of
 *    two clusters is at least the threshold: the sum of the similarities across, divided by
 *    sqrt((|A| + 2·S(A)) · (|B| + 2·S(B))) with S(A) the sum inside A (the cosine of the centroids when the
 *    similarities are inner products). An opinion joins when it is close to the group as a whole, not to one
 *    member, so chains (A ~ B ~ C with A and C apart) do not run together.
 * 7. Themes: the issues of one category are merged the same way across places. Between two issues of two opinions
 *    or more each, a shared problem that is a condition of a place counts as it does at one place (the same local
 *    problem reported at several places is a widespread one); an issue of one opinion joins only with shared
 *    wording too, so two lone opinions about theft at two places stay apart. A cluster of two or more issues is a
 *    theme listing its places, with one issue per place. Two issues of one place are never merged directly (step 6
 *    already left them below the threshold), so every theme spans at least two places.
 *
 * The input is put in a canonical order first (received time, tracking code, then every other field) and every
 * tie is broken by that order, so the result does not depend on the order of the input. No randomness. Pure
 * TypeScript: no Apps Script or Node API.
 */

import { foldVietnamese } from '../staff/similarity';
import {
  CONCEPT_COUNT,
  CUE_WORDS,
  type ConceptHit,
  aspectWeight,
  conceptLabel,
  isAspect,
  isConditionAspect,
  isLocal,
  matchConcepts,
} from './concepts';
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
  /**
   * Names of the ward's places (the "Địa điểm" sheet) besides those of the period's rows, whose words say where and
   * never what ("Chợ Đồng Xa", "Khu tái định cư Đồng Tâm"). The rows' own location names and codes always count.
   */
  placeNames: readonly string[];
}

/**
 * Default threshold. On the tuning, development and five held-out corpora (test/core/reports/corpus-*.ts; the
 * second to fifth held-out ones were each measured first and then used to improve the lexicon, see their headers),
 * as written, with every diacritic stripped, in capitals, half stripped, and wrapped in formal phrases ("Kính
 * gửi…", "Xin cảm ơn"), the thresholds 0.40 and 0.41 give exactly their six real issues each and leave their
 * unrelated opinions alone; each corpus alone allows a wider range (0.25–0.60 for the first ones, 0.39–0.45 for
 * the later). 0.41 is kept. Lower values join a question about a procedure to complaints about waiting at the desk
 * that handles it, or two personal requests of one place that share a word; higher ones leave out an opinion that
 * names its problem among others (a broken lamp whose wires hang out, waiting at the desk told as "phải chờ cả
 * buổi, chỉ có 1 người tiếp dân"). Across places a shared problem alone scores 0.25, so no threshold in that range
 * makes a theme of two lone opinions on their problem alone.
 */
export const DEFAULT_GROUPING_THRESHOLD = 0.41;

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
  /** The problems of the lexicon a and b both name, strongest first (see PairExplanation.sharedConcepts). */
  concepts: string[];
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
  /** Shared terms, heaviest first, in their accented spelling (incidental terms left out). */
  shared: string[];
  /** Problems of the lexicon both name, strongest first ("chiếu sáng công cộng", "chiếu sáng công cộng – hư hỏng"). */
  sharedConcepts: string[];
  /** The problems and aspects each names, strongest first, with the words that named them. */
  conceptsA: string[];
  conceptsB: string[];
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
/**
 * Two opinions that name the same problems (concepts) get CONCEPT_SHARE of their similarity from that, in full
 * when they also share some wording (a term cosine of WORDING_FULL or more), SHARED_PROBLEM_ALONE of it when they
 * share none; the rest of the similarity is their term cosine. So a shared problem alone (0.25) stays below any
 * useful threshold: two welfare requests, or two thefts at two places, are not one issue unless they say something
 * alike. At one place, a shared problem that is a condition of the place (see isLocal in ./concepts.ts: a street
 * light, a rubbish heap, a karaoke) counts in full (SAME_PLACE_PROBLEM_ALONE): "tối om" and "đèn hư hết" at one
 * place are one issue.
 */
const CONCEPT_SHARE = 0.5;
const WORDING_FULL = 0.2;
const SHARED_PROBLEM_ALONE = 0.5;
const SAME_PLACE_PROBLEM_ALONE = 1;
/** Pair similarities below this are dropped: they could never lift a cluster to the threshold. */
const PAIR_FLOOR = 0.01;
/** A term is incidental at a place when at least this share of the place's opinions use it… */
const PLACE_SHARE = 0.2;
/** …and at least this many… */
const PLACE_MIN_COUNT = 3;
/** …and no single problem covers this share of those opinions. */
const PLACE_ONE_PROBLEM = 0.7;
/** A term is incidental in the period when at least this many opinions use it… */
const SPREAD_MIN_COUNT = 4;
/** …and no single problem covers this share of them. */
const SPREAD_ONE_PROBLEM = 0.5;

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
    'quyền em phản tình trạng thường xuyên hôm tháng năm con bảo kêu mãi hoài chẳng chả đâu sao thật vậy bữa hổm rày đợt ' +
    'dạo tụi bọn thằng ổng bả mọi lãnh đạo chí kính cháu cụ thấy biết nói quan tâm trân trọng xem xét chỉ nhân cấp tuổi ' +
    'cảm ơn cám ơn nhận'
  ).split(' '),
);

/**
 * Folded forms that are function words in one spelling but common content words in another: in a text written
 * without diacritics they stay content words ("toi" may be "tối" dark, "den" "đèn" lamp, "cho" "chợ" market,
 * "o" "ổ" of "ổ gà", "sau" "sâu" deep, "thoi" "thối" stinking, "ban" "bán" selling, "cua" "cửa" shop, "bao" "bão"
 * storm, "mai" "mái" roof, "vay" "vay" borrow, "con" "cơn" of rain, "thang" "thang" lift, "tui" "túi" bag, "dot"
 * "đốt" burn, "thay" "thay" replace, "dong" "đọng" stagnant).
 */
const PLAIN_CONTENT: ReadonlySet<string> = new Set('toi den cho o sau thoi ban cua bao mai vay con thang tui dot thay dong on'.split(' '));

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
  /** Among words written without diacritics (see PLAIN_WINDOW): a bare word here may stand for an accented one. */
  plain: boolean;
}

/** True when a text carries a Vietnamese diacritic or đ (then a plain word in it is exactly that word). */
function hasDiacritics(s: string): boolean {
  return /[\p{M}đĐ]/u.test(s.normalize('NFD'));
}

interface Folding {
  /** The written word (lower case), repaired (see repairWord). */
  lowered: string;
  parts: string[];
  stopAccented: boolean;
  stopPlain: boolean;
}

/**
 * Short forms of chat and quick typing, as written (lower case): "ko" is "không", "dc" "được", "nc" "nước".
 * Only forms that stand for one word and mean nothing else in a complaint.
 */
const SHORT_FORMS: ReadonlyMap<string, string> = new Map(
  (
    'ko=không k=không kg=không khg=không hok=không hông=không dc=được đc=được dk=được đk=được ng=người ngta=người ' +
    'nc=nước vs=với r=rồi j=gì wa=quá qa=quá bik=biết bít=biết cx=cũng cg=cũng trc=trước ns=nói mk=mình mik=mình ' +
    'z=vậy v=vậy bh=bao giờ lm=làm ck=chồng vk=vợ nhg=nhưng nma=nhưng'
  )
    .split(' ')
    .map((e) => e.split('=') as [string, string]),
);

/**
 * A written word (lower case) put right where typing went wrong in a common way, or as written:
 * - a letter held down ("quáaaa", "tối ommm", "ồnnnn"): a run of three or more letters that fold alike keeps its
 *   first (Vietnamese never writes three alike in a row);
 * - a short form of SHORT_FORMS;
 * - a Telex tone key left at the end ("racs", "ngapj", "denf"): no Vietnamese syllable ends in s, f, r, x or j, so
 *   when the word without it is a word of the lexicon and the word itself is not, it is dropped.
 */
function repairWord(lowered: string): string {
  let w = lowered;
  if (w.length >= 3 && /(.)\1\1/.test(foldVietnamese(w))) {
    const chars = Array.from(w);
    const base = chars.map((c) => foldVietnamese(c));
    const kept: string[] = [];
    for (let k = 0; k < chars.length; k++) {
      let run = 1;
      while (k + run < chars.length && base[k + run] === base[k] && base[k] !== '') run++;
      kept.push(chars[k]);
      if (run >= 3) k += run - 1;
      else if (run === 2) {
        kept.push(chars[k + 1]);
        k++;
      }
    }
    w = kept.join('');
  }
  const short = SHORT_FORMS.get(w);
  if (short) return short;
  if (/^[a-z]{3,}[sfrxj]$/.test(w) && !CUE_WORDS.has(w) && CUE_WORDS.has(w.slice(0, -1))) return w.slice(0, -1);
  return w;
}

/** Folding of one written word (lower case), cached per period: a month repeats the same few thousand words. */
function foldWord(written: string, cache?: Map<string, Folding>): Folding {
  let f = cache?.get(written);
  if (!f) {
    const lowered = repairWord(written);
    const folded = foldVietnamese(lowered);
    f = {
      lowered,
      parts: folded ? folded.split(' ') : [],
      stopAccented: STOP_ACCENTED.has(lowered),
      stopPlain: STOP_PLAIN.has(lowered),
    };
    cache?.set(written, f);
  }
  return f;
}

const SENTENCE_END = /[.!?…:;]/;
const UPPER_INITIAL = /^\p{Lu}/u;
const LOWER_INITIAL = /^\p{Ll}/u;
const ALL_CAPS = /^\p{Lu}[\p{Lu}\p{M}\p{N}]*\p{Lu}[\p{Lu}\p{M}\p{N}]*$/u;

/**
 * A word is read among words written without diacritics when, of the PLAIN_WINDOW words on either side of it and
 * itself (numbers aside), fewer than PLAIN_SHARE carry any. So an opinion typed without diacritics inside a
 * formal frame ("Kính gửi Ủy ban… den duong hong… Xin cảm ơn.") is read as such where it is.
 */
const PLAIN_WINDOW = 4;
const PLAIN_SHARE = 0.3;

/** The words of a text, folded and marked. */
function words(text: string, cache?: Map<string, Folding>): Word[] {
  const out: Word[] = [];
  const marked: boolean[] = [];
  const folds: Folding[] = [];
  const clause: number[] = [];
  let clauseNo = 0;
  const src = String(text ?? '').normalize('NFC');
  const letters = src.replace(/[^\p{L}]/gu, '');
  const shouting = letters.length > 0 && letters.replace(/[^\p{Lu}]/gu, '').length > letters.length / 2;
  let end = 0; // end of the previous word
  for (const match of src.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
    const orig = match[0];
    const at = match.index ?? 0;
    // Mid-sentence: something other than blanks comes before, and the last such character ends no sentence.
    let last = '';
    for (let c = at - 1; c >= end; c--) {
      if (!/\s/.test(src[c])) {
        last = src[c];
        break;
      }
    }
    const midSentence = last ? !SENTENCE_END.test(last) : end > 0;
    if (last && SENTENCE_END.test(src.slice(end, at))) clauseNo++;
    end = at + orig.length;
    const folding = foldWord(orig.toLowerCase(), cache);
    const lowered = folding.lowered;
    if (folding.parts.length === 0) continue;
    // A name is written with a capital initial and small letters after it ("Lê Lợi", "C3"); a word all in
    // capitals in a text that is not is emphasis ("ĐÈN ĐƯỜNG HỎNG" followed by "Mong các cấp…").
    const name = !shouting && midSentence && UPPER_INITIAL.test(orig) && !ALL_CAPS.test(orig);
    const lower = !shouting && LOWER_INITIAL.test(orig);
    for (const f of folding.parts) {
      const s = folding.parts.length === 1 ? lowered : f;
      out.push({ f, s, stop: false, name, lower, plain: false });
      marked.push(s !== f);
      clause.push(clauseNo);
      folds.push(folding);
      if (out.length >= MAX_WORDS) break;
    }
    if (out.length >= MAX_WORDS) break;
  }
  // Plain context, from running counts of lettered and marked words.
  const lettered = new Int32Array(out.length + 1);
  const withMarks = new Int32Array(out.length + 1);
  for (let k = 0; k < out.length; k++) {
    const isNumber = /^\d+$/.test(out[k].f);
    lettered[k + 1] = lettered[k] + (isNumber ? 0 : 1);
    withMarks[k + 1] = withMarks[k] + (marked[k] ? 1 : 0);
  }
  for (let k = 0; k < out.length; k++) {
    let from = Math.max(0, k - PLAIN_WINDOW);
    let to = Math.min(out.length, k + PLAIN_WINDOW + 1);
    while (clause[from] !== clause[k]) from++;
    while (clause[to - 1] !== clause[k]) to--;
    const w = out[k];
    w.plain = withMarks[to] - withMarks[from] < PLAIN_SHARE * (lettered[to] - lettered[from]);
    // Function words are recognised on the accented spelling, or on the folded one among plain words.
    w.stop = marked[k] || !w.plain ? folds[k].stopAccented : folds[k].stopPlain;
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
  /** The public reply, cleaned. */
  reply: string;
  /** Written with diacritics. */
  accented: boolean;
  /** Concepts of the lexicon the text names, by concept. */
  concepts: ConceptHit[];
  /** The strongest concept (ties: the first in the lexicon), or -1 when the text names none. */
  dominant: number;
  /** Unique terms, sorted. */
  terms: string[];
  /** Squared weight of each term (same order), in the opinion's category and at its place. */
  w2: Float64Array;
  /** 1 for a term (same order) that is incidental: it weighs nothing. */
  incidental: Uint8Array;
  /** The words of the text. */
  words: Word[];
  /** See spellingOf. */
  spelling?: Map<string, string>;
}

/**
 * Neighbour lists in flat arrays: the neighbours of opinion i are idx[start[i] .. start[i + 1]), ascending, with
 * their similarities (sim) and their similarities between issues of several opinions each (group, see step 7 of
 * the module comment).
 */
interface Neighbours {
  start: Int32Array;
  idx: Int32Array;
  sim: Float64Array;
  group: Float64Array;
}

interface Model {
  docs: Doc[];
  n: number;
  undated: number;
  /** Per opinion, the opinions of its category it is similar to (ascending), and the similarities. */
  all: Neighbours;
  /** The part of those whose issues are at the same place (see placeLists; until then, all of them). */
  here: Neighbours;
  /** Scratch for the clustering: the cluster of each opinion, -1 when it takes no part. */
  owner: Int32Array;
}

/** The canonical order of the input: received time, tracking code, then every other field. */
function canonicalSort(list: readonly GroupingOpinion[]): GroupingOpinion[] {
  const keyed = list.map((op) => ({ op, at: op.receivedAt.getTime(), code: codeKey(op.trackingCode) }));
  keyed.sort((x, y) => x.at - y.at || cmp(x.code, y.code) || canonicalOrder(x.op, y.op));
  return keyed.map((x) => x.op);
}

function canonicalOrder(a: GroupingOpinion, b: GroupingOpinion): number {
  return (
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

/** Folded words of place names and codes ("Nhà văn hóa khu dân cư số 1", "KDC01", "Chợ Đồng Xa"). */
function placeWords(names: readonly unknown[]): Set<string> {
  const out = new Set<string>();
  for (const name of new Set(names.map((x) => String(x ?? '')))) for (const f of foldVietnamese(name).split(' ')) if (f) out.add(f);
  return out;
}

/**
 * How far the opinions using a term are about one problem: the largest share of them that name one concept (or,
 * counted as one more kind, that name none). "karaoke" at a place of karaoke complaints covers them all; the name
 * of a neighbourhood, used by its street-light, pothole and sidewalk complaints alike, covers a third.
 */
function coverage(users: readonly Doc[]): number {
  const byConcept = new Map<number, number>();
  let none = 0;
  for (const d of users) {
    let named = false;
    for (const h of d.concepts) {
      if (isAspect(h.concept)) continue;
      named = true;
      byConcept.set(h.concept, (byConcept.get(h.concept) ?? 0) + 1);
    }
    if (!named) none++;
  }
  let top = none;
  for (const c of byConcept.values()) top = Math.max(top, c);
  return users.length ? top / users.length : 1;
}

/** Per term, the opinions using it (in the given order). */
function usersOf(docs: readonly Doc[], docIds: Int32Array[]): Map<number, Doc[]> {
  const out = new Map<number, Doc[]>();
  for (const d of docs) {
    for (const id of docIds[d.i]) {
      const l = out.get(id);
      if (l) l.push(d);
      else out.set(id, [d]);
    }
  }
  return out;
}

/**
 * Terms that are incidental at one place: used by a large share of the place's opinions (at least PLACE_SHARE of
 * them, and PLACE_MIN_COUNT) that are about different problems (coverage below PLACE_ONE_PROBLEM). A
 * neighbourhood's name ("khu tái định cư", "ngõ 21") is like that; the word of a problem that fills a place's month
 * ("karaoke" at a place of karaoke complaints) is not.
 */
function placeIncidental(docs: Doc[], docIds: Int32Array[]): Map<string, Set<number>> {
  const byPlace = new Map<string, Doc[]>();
  for (const d of docs) {
    const l = byPlace.get(d.placeCode);
    if (l) l.push(d);
    else byPlace.set(d.placeCode, [d]);
  }
  const out = new Map<string, Set<number>>();
  for (const [place, members] of byPlace) {
    const least = Math.max(PLACE_MIN_COUNT, PLACE_SHARE * members.length);
    if (members.length < least) continue;
    const set = new Set<number>();
    for (const [id, users] of usersOf(members, docIds)) {
      if (users.length >= least && coverage(users) < PLACE_ONE_PROBLEM) set.add(id);
    }
    if (set.size) out.set(place, set);
  }
  return out;
}

/**
 * Terms that are incidental in the whole period: used by at least SPREAD_MIN_COUNT opinions about different
 * problems (coverage below SPREAD_ONE_PROBLEM): "nguy hiểm", "xe máy", "đường", "bà con".
 */
function periodIncidental(docs: Doc[], docIds: Int32Array[], terms: number): Uint8Array {
  const out = new Uint8Array(terms);
  for (const [id, users] of usersOf(docs, docIds)) {
    if (users.length >= SPREAD_MIN_COUNT && coverage(users) < SPREAD_ONE_PROBLEM) out[id] = 1;
  }
  return out;
}

/**
 * The concept features of an opinion: one per problem concept (its strength), and one per problem concept and
 * aspect of the same text (ASPECT_WEIGHT times the smaller strength), so "đèn … hỏng" and "ổ gà … hỏng" share no
 * feature, while "lắp thêm đèn" and "đèn hỏng" share the street lighting only.
 */
function conceptFeatures(hits: readonly ConceptHit[], base: number): { ids: number[]; vals: number[] } {
  const ids: number[] = [];
  const vals: number[] = [];
  const problems = hits.filter((h) => !isAspect(h.concept));
  const aspects = hits.filter((h) => isAspect(h.concept));
  for (const p of problems) {
    ids.push(base + p.concept);
    vals.push(p.strength);
  }
  for (const a of aspects) {
    for (const p of problems) {
      ids.push(base + CONCEPT_COUNT * (1 + a.concept) + p.concept);
      vals.push(aspectWeight(a.concept) * Math.min(a.strength, p.strength));
    }
  }
  return { ids, vals };
}

/**
 * The similarity of two opinions from the cosine of their terms and that of their concepts; `named` is how many
 * of the two name a concept. Both: the concepts scale everything, so shared wording counts only as far as the two
 * are about the same problems, and a shared problem alone gives CONCEPT_SHARE at most. Neither: the terms' cosine.
 * One: the terms' cosine, discounted as if the missing concepts were different ones.
 */
function combineSimilarity(cosT: number, cosC: number, cosLocal: number, named: number, samePlace: boolean): number {
  if (named === 2) {
    const local = samePlace && cosC > 0 ? Math.min(1, cosLocal / cosC) : 0;
    const alone = SHARED_PROBLEM_ALONE + (SAME_PLACE_PROBLEM_ALONE - SHARED_PROBLEM_ALONE) * local;
    const wording = alone + (1 - alone) * Math.min(1, cosT / WORDING_FULL);
    return cosC * (CONCEPT_SHARE * wording + (1 - CONCEPT_SHARE) * cosT);
  }
  return named === 0 ? cosT : (1 - CONCEPT_SHARE) * cosT;
}

function buildModel(input: readonly GroupingOpinion[], extraPlaceNames?: readonly unknown[]): Model {
  const list = (Array.isArray(input) ? input : []).filter((o) => !!o && typeof o === 'object');
  const dated = list.filter((o) => isDate(o.receivedAt));
  const sorted = canonicalSort(dated);
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
  const places = placeWords([
    ...sorted.map((o) => o.locationName),
    ...sorted.map((o) => o.locationCode),
    ...(Array.isArray(extraPlaceNames) ? extraPlaceNames : []),
  ]);
  const isWhere = (f: string): boolean => (votes.has(f) && votes.get(f)! >= 0) || PLACE_NOUNS.has(f) || places.has(f) || /^\d+$/.test(f);

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
    const accented = hasDiacritics(String(op.content ?? ''));
    // Names say where, not what: "Lạc Long Quân" has no fault in it, "Lò Đúc" no kiln. A capitalised word that
    // cannot be told from its place (at the start of a sentence, in a text written in capitals) is a name when
    // the period writes it as one elsewhere.
    const concepts = matchConcepts(
      docWords[i].map((w) => (w.name || (!w.lower && (votes.get(w.f) ?? 0) > 0) ? { f: '', s: '', plain: false } : w)),
    );
    let dominant = -1;
    let strongest = 0;
    for (const h of concepts) {
      if (!isAspect(h.concept) && h.strength > strongest) {
        strongest = h.strength;
        dominant = h.concept;
      }
    }
    return {
      i,
      op,
      code: clean(op.trackingCode),
      at: op.receivedAt.getTime(),
      category: clean(op.category) || GROUPING_UNSPECIFIED,
      placeCode: placeCode || clean(op.locationName) || GROUPING_UNSPECIFIED,
      placeName: clean(op.locationName) || placeCode || GROUPING_UNSPECIFIED,
      status: clean(op.status) || NEW_STATUS,
      reply: clean(op.publicReply),
      accented,
      concepts,
      dominant,
      terms,
      w2: new Float64Array(terms.length),
      incidental: new Uint8Array(terms.length),
      words: docWords[i],
    };
  });
  const atPlace = placeIncidental(docs, docIds);
  const inPeriod = periodIncidental(docs, docIds, df.length);

  const byCategory = new Map<string, Doc[]>();
  for (const d of docs) {
    const l = byCategory.get(d.category);
    if (l) l.push(d);
    else byCategory.set(d.category, [d]);
  }

  // Per category: term weights ln(1 + N / (1 + opinions of other categories using the term)), 0 for a term that
  // says where or nothing; each opinion's terms and concepts as two unit vectors. Dot products are accumulated over
  // an inverted index of the category's features, so only pairs sharing a feature are ever looked at.
  const conceptBase = df.length; // feature id of concept k: conceptBase + k (see conceptFeatures)
  const features = conceptBase + CONCEPT_COUNT * (CONCEPT_COUNT + 1);
  const dfIn = new Int32Array(df.length);
  const accT = new Float64Array(n);
  const accC = new Float64Array(n);
  const accL = new Float64Array(n);
  const localFeature = new Uint8Array(CONCEPT_COUNT * (CONCEPT_COUNT + 1));
  for (let f = 0; f < localFeature.length; f++) {
    // f = problem, or CONCEPT_COUNT · (1 + aspect) + problem (see conceptFeatures).
    const aspect = f < CONCEPT_COUNT ? -1 : Math.floor(f / CONCEPT_COUNT) - 1;
    localFeature[f] = isLocal(f % CONCEPT_COUNT) || (aspect >= 0 && isConditionAspect(aspect)) ? 1 : 0;
  }
  const hasConcepts = new Uint8Array(n);
  const order = new Int32Array(n);
  const seen = new Int32Array(n).fill(-1);
  const localOf = new Int32Array(features).fill(-1);
  const featIds: Int32Array[] = new Array<Int32Array>(n);
  const featVals: Float64Array[] = new Array<Float64Array>(n);
  const out = new PairList();
  const placeIds = new Map<string, number>();
  const placeOf = Int32Array.from(docs, (d) => {
    let p = placeIds.get(d.placeCode);
    if (p === undefined) placeIds.set(d.placeCode, (p = placeIds.size));
    return p;
  });
  for (const members of byCategory.values()) {
    const used: number[] = [];
    for (const d of members) {
      for (const id of docIds[d.i]) {
        if (dfIn[id] === 0) used.push(id);
        dfIn[id]++;
      }
    }
    for (const d of members) {
      const ids = docIds[d.i];
      const local = atPlace.get(d.placeCode);
      let t2 = 0;
      for (let k = 0; k < ids.length; k++) {
        const id = ids[k];
        const incidental = where[id] || inPeriod[id] === 1 || (local !== undefined && local.has(id));
        d.incidental[k] = incidental ? 1 : 0;
        const w = incidental ? 0 : Math.log(1 + n / (1 + df[id] - dfIn[id]));
        d.w2[k] = w * w;
        t2 += w * w;
      }
      const cf = conceptFeatures(d.concepts, conceptBase);
      let c2 = 0;
      for (const v of cf.vals) c2 += v * v;
      hasConcepts[d.i] = c2 > 0 ? 1 : 0;
      // Both parts to unit length: the terms' cosine and the concepts' cosine are combined per pair. Incidental
      // terms weigh nothing and are left out.
      const tScale = t2 > 0 ? 1 / Math.sqrt(t2) : 0;
      const cScale = c2 > 0 ? 1 / Math.sqrt(c2) : 0;
      const fi: number[] = [];
      const fv: number[] = [];
      for (let k = 0; k < ids.length; k++) {
        if (d.w2[k] === 0) continue;
        fi.push(ids[k]);
        fv.push(Math.sqrt(d.w2[k]) * tScale);
      }
      cf.ids.forEach((id, k) => {
        fi.push(id);
        fv.push(cf.vals[k] * cScale);
      });
      featIds[d.i] = Int32Array.from(fi);
      featVals[d.i] = Float64Array.from(fv);
    }

    // Inverted index of the category's features, as flat arrays: the opinions of feature l (ascending, canonical
    // order) are docsOf[start[l] .. start[l + 1]).
    const usedFeatures: number[] = [];
    const count: number[] = [];
    for (const d of members) {
      for (const id of featIds[d.i]) {
        let l = localOf[id];
        if (l < 0) {
          l = localOf[id] = usedFeatures.length;
          usedFeatures.push(id);
          count.push(0);
        }
        count[l]++;
      }
    }
    const start = new Int32Array(usedFeatures.length + 1);
    for (let l = 0; l < count.length; l++) start[l + 1] = start[l] + count[l];
    const next = start.slice(0, usedFeatures.length);
    const docsOf = new Int32Array(start[usedFeatures.length]);
    const valsOf = new Float64Array(start[usedFeatures.length]);
    for (const d of members) {
      const fi = featIds[d.i];
      const fv = featVals[d.i];
      for (let k = 0; k < fi.length; k++) {
        const l = localOf[fi[k]];
        docsOf[next[l]] = d.i;
        valsOf[next[l]++] = fv[k];
      }
    }

    for (const d of members) {
      const fi = featIds[d.i];
      const fv = featVals[d.i];
      let touched = 0;
      for (let k = 0; k < fi.length; k++) {
        const l = localOf[fi[k]];
        const v = fv[k];
        const isConcept = fi[k] >= conceptBase;
        const into = isConcept ? accC : accT;
        const local = isConcept && localFeature[fi[k] - conceptBase] === 1;
        // The partners after d are at the end.
        for (let q = start[l + 1] - 1; q >= start[l] && docsOf[q] > d.i; q--) {
          const j = docsOf[q];
          if (seen[j] !== d.i) {
            seen[j] = d.i;
            accT[j] = 0;
            accC[j] = 0;
            accL[j] = 0;
            order[touched++] = j;
          }
          into[j] += v * valsOf[q];
          if (local) accL[j] += v * valsOf[q];
        }
      }
      const partners = order.subarray(0, touched).sort();
      for (let q = 0; q < partners.length; q++) {
        const j = partners[q];
        const cosT = Math.min(1, accT[j]);
        const cosC = Math.min(1, accC[j]);
        const cosL = Math.min(1, accL[j]);
        const named = hasConcepts[d.i] + hasConcepts[j];
        const samePlace = placeOf[d.i] === placeOf[j];
        const s = combineSimilarity(cosT, cosC, cosL, named, samePlace);
        // Between issues of several opinions each, a local problem counts as it does at one place (see step 7 of the module comment).
        const g = samePlace ? s : combineSimilarity(cosT, cosC, cosL, named, true);
        if (g >= PAIR_FLOOR) out.push(d.i, j, s, g);
      }
    }
    for (const id of used) dfIn[id] = 0;
    for (const id of usedFeatures) localOf[id] = -1;
  }
  // Neighbour lists both ways, ascending: pairs come by ascending i, then ascending j.
  const degree = new Int32Array(n);
  for (let k = 0; k < out.size; k++) {
    degree[out.i[k]]++;
    degree[out.j[k]]++;
  }
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = start[i] + degree[i];
  const all: Neighbours = {
    start,
    idx: new Int32Array(start[n]),
    sim: new Float64Array(start[n]),
    group: new Float64Array(start[n]),
  };
  const fill = start.slice(0, n);
  const put = (a: number, b: number, k: number): void => {
    const q = fill[a]++;
    all.idx[q] = b;
    all.sim[q] = out.s[k];
    all.group[q] = out.g[k];
  };
  for (let k = 0; k < out.size; k++) {
    put(out.i[k], out.j[k], k);
    put(out.j[k], out.i[k], k);
  }
  return { docs, n, undated: list.length - dated.length, all, here: all, owner: new Int32Array(n).fill(-1) };
}

/**
 * Keeps, for the issues of one place, the part of each neighbour list (in the same order) whose opinions count at
 * the same place (`placeOf`: the place each opinion counts at, after staff links).
 */
function placeLists(m: Model, placeOf: readonly string[]): void {
  const { start, idx, sim, group } = m.all;
  const keep = (i: number, q: number): boolean => placeOf[idx[q]] === placeOf[i];
  const hStart = new Int32Array(m.n + 1);
  for (let i = 0; i < m.n; i++) {
    let c = 0;
    for (let q = start[i]; q < start[i + 1]; q++) if (keep(i, q)) c++;
    hStart[i + 1] = hStart[i] + c;
  }
  const here: Neighbours = {
    start: hStart,
    idx: new Int32Array(hStart[m.n]),
    sim: new Float64Array(hStart[m.n]),
    group: new Float64Array(hStart[m.n]),
  };
  for (let i = 0, w = 0; i < m.n; i++) {
    for (let q = start[i]; q < start[i + 1]; q++) {
      if (!keep(i, q)) continue;
      here.idx[w] = idx[q];
      here.sim[w] = sim[q];
      here.group[w++] = group[q];
    }
  }
  m.here = here;
}

/**
 * A growing list of similar pairs (i < j), their similarities and their similarities between issues (see step 7
 * of the module comment).
 */
class PairList {
  i = new Int32Array(1024);
  j = new Int32Array(1024);
  s = new Float64Array(1024);
  g = new Float64Array(1024);
  size = 0;
  push(i: number, j: number, s: number, g: number): void {
    if (this.size === this.i.length) {
      const grow = <T extends Int32Array | Float64Array>(a: T, b: T): T => {
        b.set(a);
        return b;
      };
      this.i = grow(this.i, new Int32Array(this.size * 2));
      this.j = grow(this.j, new Int32Array(this.size * 2));
      this.s = grow(this.s, new Float64Array(this.size * 2));
      this.g = grow(this.g, new Float64Array(this.size * 2));
    }
    this.i[this.size] = i;
    this.j[this.size] = j;
    this.g[this.size] = g;
    this.s[this.size++] = s;
  }
}

function sim(m: Model, i: number, j: number): number {
  if (i === j) return 1;
  const { start, idx } = m.all;
  let lo = start[i];
  let hi = start[i + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (idx[mid] === j) return m.all.sim[mid];
    if (idx[mid] < j) lo = mid + 1;
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
  const [first, second] = a.accented ? [a, b] : [b, a];
  return a.terms
    .map((t, k) => ({ t, w: a.w2[k], incidental: a.incidental[k] === 1 }))
    .filter((x) => !x.incidental && inB.has(x.t))
    .sort((x, y) => y.w - x.w || y.t.length - x.t.length || cmp(x.t, y.t))
    .slice(0, MAX_SHARED)
    .map(({ t }) => spellingOf(first).get(t) ?? spellingOf(second).get(t) ?? t);
}

/** The first spelling in the text of each term of an opinion (computed once, when an explanation needs it). */
function spellingOf(d: Doc): Map<string, string> {
  if (!d.spelling) d.spelling = spelledTerms(d.words);
  return d.spelling;
}

/** The label of a concept feature (see conceptFeatures, with base 0). */
function featureLabel(id: number): string {
  if (id < CONCEPT_COUNT) return conceptLabel(id);
  return conceptLabel(id % CONCEPT_COUNT) + ' – ' + conceptLabel(Math.floor(id / CONCEPT_COUNT) - 1);
}

/** Concept features two opinions share, strongest first (ties: lexicon order), as labels. */
function sharedConcepts(a: Doc, b: Doc): string[] {
  const fa = conceptFeatures(a.concepts, 0);
  const fb = conceptFeatures(b.concepts, 0);
  const inB = new Map(fb.ids.map((id, k) => [id, fb.vals[k]]));
  return fa.ids
    .map((id, k) => [id, fa.vals[k] * (inB.get(id) ?? 0)] as const)
    .filter(([, v]) => v > 0)
    .sort((x, y) => y[1] - x[1] || x[0] - y[0])
    .map(([id]) => featureLabel(id));
}

/** The concepts of an opinion, strongest first: "chiếu sáng công cộng (đèn đường, tối om)". */
function conceptList(d: Doc): string[] {
  return d.concepts
    .slice()
    .sort((x, y) => y.strength - x.strength || x.concept - y.concept)
    .map((h) => conceptLabel(h.concept) + ' (' + h.cues.join(', ') + ')');
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

/** A candidate merge: linkage, anchors of the two clusters, the clusters and their versions when offered. */
interface Candidate {
  value: number;
  ax: number;
  ay: number;
  x: number;
  y: number;
  vx: number;
  vy: number;
}

/**
 * Max-heap of candidate merges: highest linkage first, ties by the anchors (earliest clusters first). Kept in flat
 * arrays, one per field, so that offering a candidate allocates nothing.
 */
class CandidateHeap {
  private value = new Float64Array(64);
  private ints = new Int32Array(64 * 6);
  size = 0;
  private before(p: number, q: number): boolean {
    const v = this.value;
    const a = this.ints;
    return v[p] > v[q] || (v[p] === v[q] && (a[6 * p] < a[6 * q] || (a[6 * p] === a[6 * q] && a[6 * p + 1] < a[6 * q + 1])));
  }
  private swap(p: number, q: number): void {
    const v = this.value;
    const a = this.ints;
    const tv = v[p];
    v[p] = v[q];
    v[q] = tv;
    for (let f = 0; f < 6; f++) {
      const ta = a[6 * p + f];
      a[6 * p + f] = a[6 * q + f];
      a[6 * q + f] = ta;
    }
  }
  push(c: Candidate): void {
    if (this.size === this.value.length) {
      const v = new Float64Array(this.size * 2);
      v.set(this.value);
      const a = new Int32Array(this.size * 12);
      a.set(this.ints);
      this.value = v;
      this.ints = a;
    }
    let k = this.size++;
    this.value[k] = c.value;
    const a = this.ints;
    a[6 * k] = c.ax;
    a[6 * k + 1] = c.ay;
    a[6 * k + 2] = c.x;
    a[6 * k + 3] = c.y;
    a[6 * k + 4] = c.vx;
    a[6 * k + 5] = c.vy;
    while (k > 0) {
      const p = (k - 1) >> 1;
      if (!this.before(k, p)) break;
      this.swap(k, p);
      k = p;
    }
  }
  /** Removes the first candidate and writes it into `out`; false when empty. */
  pop(out: Candidate): boolean {
    if (this.size === 0) return false;
    const a = this.ints;
    out.value = this.value[0];
    out.ax = a[0];
    out.ay = a[1];
    out.x = a[2];
    out.y = a[3];
    out.vx = a[4];
    out.vy = a[5];
    const last = --this.size;
    if (last > 0) {
      this.swap(0, last);
      let k = 0;
      for (;;) {
        const l = 2 * k + 1;
        const r = l + 1;
        let b = k;
        if (l < last && this.before(l, b)) b = l;
        if (r < last && this.before(r, b)) b = r;
        if (b === k) break;
        this.swap(k, b);
        k = b;
      }
    }
    return true;
  }
}

/**
 * Merges clusters, best first, while the linkage of two clusters is at least `threshold`: S(A,B) / sqrt((|A| +
 * 2·S(A)) · (|B| + 2·S(B))), where S(A,B) sums the similarities of the pairs across and S(A) those of the pairs
 * inside (sums of the sparse pairs only); with unit vectors and inner products, the cosine of the centroids.
 * With `themes`, two clusters of two opinions or more each are compared with the similarities between issues
 * (Neighbours.group, see step 7 of the module comment); a cluster of one opinion always with the plain ones.
 */
function mergeClusters(m: Model, start: Cluster[], threshold: number, themes = false): Cluster[] {
  const k = start.length;
  const clusters = start.map((c) => ({ members: c.members.slice(), anchor: c.anchor, merges: c.merges.slice() }));
  const owner = m.owner; // -1 outside these clusters
  clusters.forEach((c, ci) => c.members.forEach((i) => (owner[i] = ci)));
  const across: Array<Map<number, Link>> = clusters.map(() => new Map<number, Link>());
  const inside = new Float64Array(k);
  const insideG = new Float64Array(k);
  // Sums across, and the most similar pair across, per pair of clusters (from the cluster listed first).
  const sum = new Float64Array(k);
  const sumG = new Float64Array(k);
  const best = new Float64Array(k);
  const bestI = new Int32Array(k);
  const bestJ = new Int32Array(k);
  const seenBy = new Int32Array(k).fill(-1);
  const reached: number[] = [];
  for (let ci = 0; ci < k; ci++) {
    reached.length = 0;
    for (const i of clusters[ci].members) {
      // Issues of one place need the neighbours there only; themes all of them.
      const { start, idx: list, sim: sims, group } = themes ? m.all : m.here;
      for (let q = start[i]; q < start[i + 1]; q++) {
        const j = list[q];
        const cj = owner[j];
        if (cj < ci) continue;
        const s = sims[q];
        if (cj === ci) {
          if (j > i) {
            inside[ci] += s;
            insideG[ci] += group[q];
          }
          continue;
        }
        const a = i < j ? i : j;
        const b = i < j ? j : i;
        if (seenBy[cj] !== ci) {
          seenBy[cj] = ci;
          sum[cj] = 0;
          sumG[cj] = 0;
          best[cj] = -1;
          reached.push(cj);
        }
        sum[cj] += s;
        sumG[cj] += group[q];
        if (s > best[cj] || (s === best[cj] && (a < bestI[cj] || (a === bestI[cj] && b < bestJ[cj])))) {
          best[cj] = s;
          bestI[cj] = a;
          bestJ[cj] = b;
        }
      }
    }
    for (const cj of reached) {
      const link: Link = { sum: sum[cj], sumG: sumG[cj], s: best[cj], i: bestI[cj], j: bestJ[cj] };
      across[ci].set(cj, link);
      across[cj].set(ci, link);
    }
  }
  clusters.forEach((c) => c.members.forEach((i) => (owner[i] = -1)));
  const version = new Int32Array(k);
  const alive = new Uint8Array(k).fill(1);
  const heap = new CandidateHeap();
  const offer = (a: number, b: number): void => {
    const link = across[a].get(b);
    const na = clusters[a].members.length;
    const nb = clusters[b].members.length;
    const value =
      themes && na > 1 && nb > 1
        ? (link?.sumG ?? 0) / Math.sqrt((na + 2 * insideG[a]) * (nb + 2 * insideG[b]))
        : (link?.sum ?? 0) / Math.sqrt((na + 2 * inside[a]) * (nb + 2 * inside[b]));
    if (!(value >= threshold)) return;
    const [x, y] = clusters[a].anchor < clusters[b].anchor ? [a, b] : [b, a];
    heap.push({ value, ax: clusters[x].anchor, ay: clusters[y].anchor, x, y, vx: version[x], vy: version[y] });
  };
  for (let a = 0; a < k; a++) for (const b of across[a].keys()) if (a < b) offer(a, b);

  const top: Candidate = { value: 0, ax: 0, ay: 0, x: 0, y: 0, vx: 0, vy: 0 };
  while (heap.pop(top)) {
    const { value, x, y, vx, vy } = top;
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
      concepts: sharedConcepts(m.docs[link.i], m.docs[link.j]),
    });
    inside[x] += inside[y] + link.sum;
    insideG[x] += insideG[y] + link.sumG;
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

/**
 * What joins two clusters: the sums of the similarities across (plain and between issues), and the most similar
 * pair (i < j) across.
 */
interface Link {
  sum: number;
  sumG: number;
  s: number;
  i: number;
  j: number;
}

/** Two links added up; the strongest pair wins (ties: the earliest pair). A new object: links are shared. */
function combine(a: Link | undefined, b: Link): Link {
  if (!a) return { ...b };
  const best = b.s > a.s || (b.s === a.s && (b.i < a.i || (b.i === a.i && b.j < a.j))) ? b : a;
  return { sum: a.sum + b.sum, sumG: a.sumG + b.sumG, s: best.s, i: best.i, j: best.j };
}

// ---- Groups ----

const RANK: Readonly<Record<Exclude<FeedbackStatus, 'Trùng lặp'>, number>> = {
  Mới: 0,
  'Đang xử lý': 1,
  'Đã chuyển cơ quan có thẩm quyền': 2,
  'Không thuộc thẩm quyền': 3,
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
    const { start, idx: list, sim: sims } = type === 'issue' ? m.here : m.all;
    for (let q = start[i]; q < start[i + 1]; q++) if (ctx.mark[list[q]] === stamp) total += sims[q];
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
    const a = d.reply;
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
  const m = buildModel(opinions, options?.placeNames);
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
        merges.push({
          reason: 'staff',
          a: m.docs[i].code,
          b: m.docs[t].code,
          score: 1,
          pairScore: round(sim(m, i, t)),
          shared: [],
          concepts: [],
        });
      }
    }
    const key = m.docs[h].category + '\u0000' + m.docs[h].placeCode;
    const cluster: Cluster = { members, anchor: members[0], merges };
    const list = byHome.get(key);
    if (list) list.push(cluster);
    else byHome.set(key, [cluster]);
  }
  placeLists(
    m,
    Array.from(home, (h) => m.docs[h].placeCode),
  );
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
    for (const t of mergeClusters(m, start, threshold, true)) {
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
export function explainPair(
  opinions: readonly GroupingOpinion[],
  codeA: string,
  codeB: string,
  options?: Partial<Pick<GroupingOptions, 'placeNames'>>,
): PairExplanation {
  const m = buildModel(opinions, options?.placeNames);
  const find = (c: string): Doc | undefined => m.docs.find((d) => codeKey(d.code) === codeKey(c));
  const a = find(codeA);
  const b = find(codeB);
  if (!a || !b) {
    return {
      a: clean(codeA),
      b: clean(codeB),
      score: 0,
      shared: [],
      sharedConcepts: [],
      conceptsA: [],
      conceptsB: [],
      staffLinked: false,
      sameCategory: false,
      samePlace: false,
    };
  }
  const staff = staffLinks(m);
  const sameCategory = a.category === b.category;
  return {
    a: a.code,
    b: b.code,
    score: round(sameCategory ? sim(m, a.i, b.i) : 0),
    shared: sharedTerms(a, b),
    sharedConcepts: sharedConcepts(a, b),
    conceptsA: conceptList(a),
    conceptsB: conceptList(b),
    staffLinked: a.i !== b.i && staff.uf.find(a.i) === staff.uf.find(b.i),
    sameCategory,
    samePlace: a.placeCode === b.placeCode,
  };
}
