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

export {
  DEFAULT_GROUPING_THRESHOLD,
  GROUPING_UNSPECIFIED,
  type GroupingOpinion,
  type GroupingOptions,
  type GroupingResult,
  type MergeReason,
  type OpinionGroup,
  type PairExplanation,
  type PlaceCount,
  type Representative,
  type StatusCount,
  type StatusSummary,
} from './grouping-types';
import { type FeedbackRecord } from '../records/feedback-record';
import { canonicalStatus } from '../records/status';
import { FEEDBACK_STATUSES, type FeedbackStatus } from '../../shared/types';
import {
  DEFAULT_GROUPING_THRESHOLD,
  type GroupingOpinion,
  type GroupingOptions,
  type GroupingResult,
  type MergeReason,
  type OpinionGroup,
  type PairExplanation,
  type PlaceCount,
  type StatusSummary,
} from './grouping-types';
import { clean, cmp, codeKey, isDate, round } from './grouping-text';
import { buildModel, conceptList, sharedConcepts, sharedTerms, sim, type Doc, type Model } from './grouping-model';
import { mergeClusters, staffLinks, type Cluster } from './grouping-clusters';

// ---- Settings and input ----

const DUPLICATE_STATUS: FeedbackStatus = 'Trùng lặp';
const KNOWN_STATUSES: readonly string[] = FEEDBACK_STATUSES;

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
  const status = canonicalStatus(r.status);
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
    const { start, idx: list, sim: sims } = m.all;
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
