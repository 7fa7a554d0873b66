/**
 * The period as the grouping sees it: every opinion's concepts and weighted terms, incidental terms, and the
 * sparse similarities of the pairs that share a feature (steps 2–4 in ./grouping.ts).
 */

import { foldVietnamese } from '../staff/similarity';
import type { FeedbackStatus } from '../../shared/types';
import {
  CONCEPT_COUNT,
  aspectWeight,
  conceptLabel,
  isAspect,
  isConditionAspect,
  isLocal,
  matchConcepts,
  type ConceptHit,
} from './concepts';
import { GROUPING_UNSPECIFIED, type GroupingOpinion } from './grouping-types';
import {
  PLACE_NOUNS,
  clean,
  cmp,
  codeKey,
  hasDiacritics,
  isDate,
  spelledTerms,
  termsOf,
  type Folding,
  type Word,
  words,
} from './grouping-text';

export const NEW_STATUS: FeedbackStatus = 'Mới';

/** Shared terms listed in an explanation. */
export const MAX_SHARED = 6;
/**
 * Two opinions that name the same problems (concepts) get CONCEPT_SHARE of their similarity from that, in full
 * when they also share some wording (a term cosine of WORDING_FULL or more), SHARED_PROBLEM_ALONE of it when they
 * share none; the rest of the similarity is their term cosine. So a shared problem alone (0.25) stays below any
 * useful threshold: two welfare requests, or two thefts at two places, are not one issue unless they say something
 * alike. At one place, a shared problem that is a condition of the place (see isLocal in ./concepts.ts: a street
 * light, a rubbish heap, a karaoke) counts in full (SAME_PLACE_PROBLEM_ALONE): "tối om" and "đèn hư hết" at one
 * place are one issue.
 */
export const CONCEPT_SHARE = 0.5;
export const WORDING_FULL = 0.2;
export const SHARED_PROBLEM_ALONE = 0.5;
export const SAME_PLACE_PROBLEM_ALONE = 1;
/** Pair similarities below this are dropped: they could never lift a cluster to the threshold. */
export const PAIR_FLOOR = 0.01;
/** A term is incidental at a place when at least this share of the place's opinions use it… */
export const PLACE_SHARE = 0.2;
/** …and at least this many… */
export const PLACE_MIN_COUNT = 3;
/** …and no single problem covers this share of those opinions. */
export const PLACE_ONE_PROBLEM = 0.7;
/** A term is incidental in the period when at least this many opinions use it… */
export const SPREAD_MIN_COUNT = 4;
/** …and no single problem covers this share of them. */
export const SPREAD_ONE_PROBLEM = 0.5;

// ---- The period: opinions, weights, sparse similarities ----

export interface Doc {
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
export interface Neighbours {
  start: Int32Array;
  idx: Int32Array;
  sim: Float64Array;
  group: Float64Array;
}

export interface Model {
  docs: Doc[];
  n: number;
  undated: number;
  /**
   * Per opinion, the opinions of its category it is similar to (ascending), and the similarities. The merging and
   * the choice of a representative count only the pairs among the opinions they are given, so the issues of one
   * place read these lists as they are: a neighbour at another place is simply not among them.
   */
  all: Neighbours;
  /** Scratch for the clustering: the cluster of each opinion, -1 when it takes no part. */
  owner: Int32Array;
}

/** The canonical order of the input: received time, tracking code, then every other field. */
export function canonicalSort(list: readonly GroupingOpinion[]): GroupingOpinion[] {
  const keyed = list.map((op) => ({ op, at: op.receivedAt.getTime(), code: codeKey(op.trackingCode) }));
  keyed.sort((x, y) => x.at - y.at || cmp(x.code, y.code) || canonicalOrder(x.op, y.op));
  return keyed.map((x) => x.op);
}

export function canonicalOrder(a: GroupingOpinion, b: GroupingOpinion): number {
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
export function placeWords(names: readonly unknown[]): Set<string> {
  const out = new Set<string>();
  for (const name of new Set(names.map((x) => String(x ?? '')))) for (const f of foldVietnamese(name).split(' ')) if (f) out.add(f);
  return out;
}

/**
 * How far the opinions using a term are about one problem: the largest share of them that name one concept (or,
 * counted as one more kind, that name none). "karaoke" at a place of karaoke complaints covers them all; the name
 * of a neighbourhood, used by its street-light, pothole and sidewalk complaints alike, covers a third.
 */
export function coverage(users: readonly Doc[]): number {
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
export function usersOf(docs: readonly Doc[], docIds: Int32Array[]): Map<number, Doc[]> {
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
export function placeIncidental(docs: Doc[], docIds: Int32Array[]): Map<string, Set<number>> {
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
export function periodIncidental(docs: Doc[], docIds: Int32Array[], terms: number): Uint8Array {
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
export function conceptFeatures(hits: readonly ConceptHit[], base: number): { ids: number[]; vals: number[] } {
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
export function combineSimilarity(cosT: number, cosC: number, cosLocal: number, named: number, samePlace: boolean): number {
  if (named === 2) {
    const local = samePlace && cosC > 0 ? Math.min(1, cosLocal / cosC) : 0;
    const alone = SHARED_PROBLEM_ALONE + (SAME_PLACE_PROBLEM_ALONE - SHARED_PROBLEM_ALONE) * local;
    const wording = alone + (1 - alone) * Math.min(1, cosT / WORDING_FULL);
    return cosC * (CONCEPT_SHARE * wording + (1 - CONCEPT_SHARE) * cosT);
  }
  return named === 0 ? cosT : (1 - CONCEPT_SHARE) * cosT;
}

/**
 * Characters of an opinion its grouping reads: what a problem is called is said at the start, and a long letter's
 * remaining pages would only add cost (terms and pair comparisons grow with length) and noise.
 */
export const GROUPING_TEXT_MAX = 800;

export function buildModel(input: readonly GroupingOpinion[], extraPlaceNames?: readonly unknown[]): Model {
  const list = (Array.isArray(input) ? input : []).filter((o) => !!o && typeof o === 'object');
  const dated = list.filter((o) => isDate(o.receivedAt));
  const sorted = canonicalSort(dated);
  const n = sorted.length;
  const cache = new Map<string, Folding>();
  const docWords = sorted.map((op) => words(String(op.content ?? '').slice(0, GROUPING_TEXT_MAX), cache));

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
  const isWhere = (f: string): boolean => (votes.has(f) && votes.get(f)! >= 0) || PLACE_NOUNS().has(f) || places.has(f) || /^\d+$/.test(f);

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
  const localFeature = new Uint8Array(CONCEPT_COUNT * (CONCEPT_COUNT + 1));
  for (let f = 0; f < localFeature.length; f++) {
    // f = problem, or CONCEPT_COUNT · (1 + aspect) + problem (see conceptFeatures).
    const aspect = f < CONCEPT_COUNT ? -1 : Math.floor(f / CONCEPT_COUNT) - 1;
    localFeature[f] = isLocal(f % CONCEPT_COUNT) || (aspect >= 0 && isConditionAspect(aspect)) ? 1 : 0;
  }
  const hasConcepts = new Uint8Array(n);
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
  const scratch: PairScratch = {
    accT: new Float64Array(n),
    accC: new Float64Array(n),
    accL: new Float64Array(n),
    seen: new Int32Array(n).fill(-1),
    order: new Int32Array(n),
    hasConcepts,
    placeOf,
    localFeature,
    localOf,
    conceptBase,
    out,
  };
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

    const index: FeatureIndex = { start, docsOf, valsOf };
    for (const d of members) pairsAfter(scratch, d.i, featIds[d.i], featVals[d.i], index);
    for (const id of used) dfIn[id] = 0;
    for (const id of usedFeatures) localOf[id] = -1;
  }
  const all = neighbourLists(out, n);
  return { docs, n, undated: list.length - dated.length, all, owner: new Int32Array(n).fill(-1) };
}

/** Inverted index of one category's features: the opinions of local feature l (ascending) are docsOf[start[l] .. start[l + 1]). */
interface FeatureIndex {
  start: Int32Array;
  docsOf: Int32Array;
  valsOf: Float64Array;
}

/** What the pair search of a period shares: its settings, the similar pairs found, and scratch per partner. */
interface PairScratch {
  /** Dot products with the current opinion, per partner: terms, concepts, and concepts of a local problem. */
  accT: Float64Array;
  accC: Float64Array;
  accL: Float64Array;
  /** The opinion a partner's dot products were last reset for. */
  seen: Int32Array;
  /** The partners touched, in the order reached. */
  order: Int32Array;
  hasConcepts: Uint8Array;
  placeOf: Int32Array;
  localFeature: Uint8Array;
  /** Per feature id, its local feature in the category's index. */
  localOf: Int32Array;
  conceptBase: number;
  out: PairList;
}

/**
 * The similar pairs (i, j) of opinion i (features fi, values fv) with the opinions j after it in the category's
 * index, added to `s.out` by ascending j. A function of its own, called once per opinion, so that the engine
 * optimises this hot loop early instead of waiting for the whole model to be compiled.
 */
function pairsAfter(s: PairScratch, i: number, fi: Int32Array, fv: Float64Array, index: FeatureIndex): void {
  const { accT, accC, accL, seen, order, localOf, localFeature, conceptBase } = s;
  const { start, docsOf, valsOf } = index;
  let touched = 0;
  for (let k = 0; k < fi.length; k++) {
    const l = localOf[fi[k]];
    const v = fv[k];
    const isConcept = fi[k] >= conceptBase;
    const into = isConcept ? accC : accT;
    const local = isConcept && localFeature[fi[k] - conceptBase] === 1;
    // The partners after i are at the end.
    for (let q = start[l + 1] - 1; q >= start[l] && docsOf[q] > i; q--) {
      const j = docsOf[q];
      if (seen[j] !== i) {
        seen[j] = i;
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
  const { hasConcepts, placeOf, out } = s;
  for (let q = 0; q < partners.length; q++) {
    const j = partners[q];
    const cosT = Math.min(1, accT[j]);
    const cosC = Math.min(1, accC[j]);
    const cosL = Math.min(1, accL[j]);
    const named = hasConcepts[i] + hasConcepts[j];
    const samePlace = placeOf[i] === placeOf[j];
    const pair = combineSimilarity(cosT, cosC, cosL, named, samePlace);
    // Between issues of several opinions each, a local problem counts as it does at one place (see step 7 of the module comment).
    const g = samePlace ? pair : combineSimilarity(cosT, cosC, cosL, named, true);
    if (g >= PAIR_FLOOR) out.push(i, j, pair, g);
  }
}

/** Neighbour lists both ways, ascending, from the similar pairs (which come by ascending i, then ascending j). */
function neighbourLists(out: PairList, n: number): Neighbours {
  const size = out.size;
  const pi = out.i;
  const pj = out.j;
  const ps = out.s;
  const pg = out.g;
  const degree = new Int32Array(n);
  for (let k = 0; k < size; k++) {
    degree[pi[k]]++;
    degree[pj[k]]++;
  }
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = start[i] + degree[i];
  const idx = new Int32Array(start[n]);
  const sim = new Float64Array(start[n]);
  const group = new Float64Array(start[n]);
  const all: Neighbours = { start, idx, sim, group };
  const fill = start.slice(0, n);
  for (let k = 0; k < size; k++) {
    const a = pi[k];
    const b = pj[k];
    let q = fill[a]++;
    idx[q] = b;
    sim[q] = ps[k];
    group[q] = pg[k];
    q = fill[b]++;
    idx[q] = a;
    sim[q] = ps[k];
    group[q] = pg[k];
  }
  return all;
}

/**
 * A growing list of similar pairs (i < j), their similarities and their similarities between issues (see step 7
 * of the module comment).
 */
export class PairList {
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

export function sim(m: Model, i: number, j: number): number {
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
export function sharedTerms(a: Doc, b: Doc): string[] {
  const [first, second] = a.accented ? [a, b] : [b, a];
  // Both lists of terms are sorted and unique (see termsOf): the shared ones are found in one walk.
  const shared: Array<{ t: string; w: number }> = [];
  const at = a.terms;
  const bt = b.terms;
  for (let p = 0, q = 0; p < at.length && q < bt.length;) {
    if (at[p] < bt[q]) p++;
    else if (at[p] > bt[q]) q++;
    else {
      if (a.incidental[p] !== 1) shared.push({ t: at[p], w: a.w2[p] });
      p++;
      q++;
    }
  }
  return shared
    .sort((x, y) => y.w - x.w || y.t.length - x.t.length || cmp(x.t, y.t))
    .slice(0, MAX_SHARED)
    .map(({ t }) => spellingOf(first).get(t) ?? spellingOf(second).get(t) ?? t);
}

/** The first spelling in the text of each term of an opinion (computed once, when an explanation needs it). */
export function spellingOf(d: Doc): Map<string, string> {
  if (!d.spelling) d.spelling = spelledTerms(d.words);
  return d.spelling;
}

/** The label of a concept feature (see conceptFeatures, with base 0). */
export function featureLabel(id: number): string {
  if (id < CONCEPT_COUNT) return conceptLabel(id);
  return conceptLabel(id % CONCEPT_COUNT) + ' – ' + conceptLabel(Math.floor(id / CONCEPT_COUNT) - 1);
}

/** Concept features two opinions share, strongest first (ties: lexicon order), as labels. */
export function sharedConcepts(a: Doc, b: Doc): string[] {
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
export function conceptList(d: Doc): string[] {
  return d.concepts
    .slice()
    .sort((x, y) => y.strength - x.strength || x.concept - y.concept)
    .map((h) => conceptLabel(h.concept) + ' (' + h.cues.join(', ') + ')');
}
