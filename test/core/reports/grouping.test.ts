import {
  DEFAULT_GROUPING_THRESHOLD,
  type GroupingOpinion,
  type GroupingResult,
  type OpinionGroup,
  explainPair,
  groupOpinions,
  groupingThreshold,
  opinionFromRecord,
} from '../../../src/core/reports/grouping';
import type { FeedbackRecord } from '../../../src/core/records/feedback-record';
import { CAT, type CorpusRow, type ExpectedGroup, codeOf } from './corpus';
import { TUNING_CORPUS, TUNING_EXPECTED } from './corpus-tuning';
import { DEV_CORPUS, DEV_EXPECTED } from './corpus-dev';
import { HELDOUT_CORPUS, HELDOUT_EXPECTED } from './corpus-heldout';
import { HELDOUT2_CORPUS, HELDOUT2_EXPECTED } from './corpus-heldout2';
import { HELDOUT3_CORPUS, HELDOUT3_EXPECTED } from './corpus-heldout3';
import { HELDOUT4_CORPUS, HELDOUT4_EXPECTED } from './corpus-heldout4';
import { HELDOUT5_CORPUS, HELDOUT5_EXPECTED } from './corpus-heldout5';
import { HELDOUT6_CORPUS, HELDOUT6_EXPECTED } from './corpus-heldout6';
import { HELDOUT7_CORPUS, HELDOUT7_EXPECTED } from './corpus-heldout7';

const DAY = 86400000;

function codesOf(g: OpinionGroup): string[] {
  return [g.representative.trackingCode, ...g.otherCodes];
}

/** A deterministic shuffle (a small LCG), so failures can be replayed. */
function shuffled<T>(list: readonly T[], seed: number): T[] {
  const out = list.slice();
  let x = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

interface Scored {
  /** Real issues found exactly: same members, same places, issue vs theme right. */
  exact: string[];
  /** Pairs of opinions put together although they are about different things (or about nothing shared). */
  wrongPairs: number;
  /** Pairs of opinions about one real issue left apart. */
  missedPairs: number;
  /** Groups of two or more that contain an unrelated opinion. */
  unrelatedGrouped: number;
}

function score(corpus: CorpusRow[], expected: ExpectedGroup[], result: GroupingResult): Scored {
  const truth = new Map(corpus.map((r) => [r.trackingCode, r.truth]));
  const groupOf = new Map<string, number>();
  result.groups.forEach((g, k) => codesOf(g).forEach((c) => groupOf.set(c, k)));
  let wrongPairs = 0;
  let missedPairs = 0;
  for (let i = 0; i < corpus.length; i++) {
    for (let j = i + 1; j < corpus.length; j++) {
      const same = corpus[i].truth !== null && corpus[i].truth === corpus[j].truth;
      const together = groupOf.get(corpus[i].trackingCode) === groupOf.get(corpus[j].trackingCode);
      if (together && !same) wrongPairs++;
      if (!together && same) missedPairs++;
    }
  }
  const exact: string[] = [];
  for (const e of expected) {
    const members = corpus.filter((r) => r.truth === e.truth).map((r) => r.trackingCode);
    const g = result.groups.find((x) => codesOf(x).includes(members[0]));
    if (!g) continue;
    const sameMembers = JSON.stringify(codesOf(g).sort()) === JSON.stringify(members.sort());
    const samePlaces = JSON.stringify(g.places.map((p) => p.code).sort()) === JSON.stringify(e.places.slice().sort());
    const type = e.places.length > 1 ? 'theme' : 'issue';
    if (sameMembers && samePlaces && g.type === type && g.count === e.count && g.category === e.category) exact.push(e.truth);
  }
  const unrelatedGrouped = result.groups.filter((g) => g.count > 1 && codesOf(g).some((c) => truth.get(c) === null)).length;
  return { exact, wrongPairs, missedPairs, unrelatedGrouped };
}

/** Asserts that the result is exactly the expected real issues, every other opinion an issue of one. */
function expectExactly(corpus: CorpusRow[], expected: ExpectedGroup[], result: GroupingResult): void {
  const truth = new Map(corpus.map((r) => [r.trackingCode, r.truth]));
  const found = result.groups
    .filter((g) => g.count > 1)
    .map((g) => ({
      truth: Array.from(new Set(codesOf(g).map((c) => truth.get(c)))).join(','),
      type: g.type,
      count: g.count,
      places: g.places.map((p) => p.code).sort(),
    }))
    .sort((a, b) => cmp(a.truth, b.truth));
  const wanted = expected
    .map((e) => ({ truth: e.truth, type: e.places.length > 1 ? 'theme' : 'issue', count: e.count, places: e.places.slice().sort() }))
    .sort((a, b) => cmp(a.truth, b.truth));
  expect(found).toEqual(wanted);
  expect(result.groups).toHaveLength(expected.length + corpus.filter((r) => r.truth === null).length);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

describe('tuning corpus in detail', () => {
  const result = groupOpinions(TUNING_CORPUS);

  it('finds exactly the six real issues with their counts, places and kind', () => {
    expectExactly(TUNING_CORPUS, TUNING_EXPECTED, result);
    const s = score(TUNING_CORPUS, TUNING_EXPECTED, result);
    expect(s).toEqual({ exact: TUNING_EXPECTED.map((e) => e.truth), wrongPairs: 0, missedPairs: 0, unrelatedGrouped: 0 });
    expect(result.groups.filter((g) => g.count > 1)).toHaveLength(6);
    expect(result.groups).toHaveLength(6 + 20);
    expect(result.total).toBe(60);
    expect(result.threshold).toBe(DEFAULT_GROUPING_THRESHOLD);
  });

  it('gives a theme only across places and lists them; an issue has exactly one place', () => {
    for (const g of result.groups) {
      if (g.type === 'theme') {
        expect(g.places.length).toBeGreaterThanOrEqual(2);
        expect(g.issues.length).toBeGreaterThanOrEqual(2);
        expect(g.issues.reduce((n, i) => n + i.count, 0)).toBe(g.count);
        for (const i of g.issues) expect(i.places).toHaveLength(1);
      } else {
        expect(g.places).toHaveLength(1);
        expect(g.issues).toEqual([]);
      }
      expect(g.places.reduce((n, p) => n + p.count, 0)).toBe(g.count);
    }
    const light = result.groups.find((g) => g.count === 8)!;
    expect(light.type).toBe('theme');
    expect(light.places.map((p) => [p.code, p.count])).toEqual([
      ['KDC01', 5],
      ['KDC03', 3],
    ]);
    expect(light.places[0].name).toBe('Nhà văn hóa khu dân cư số 1');
    expect(light.issues.map((i) => i.count)).toEqual([5, 3]);
  });

  it('orders groups by count, most first, and every single opinion is an issue of one', () => {
    const counts = result.groups.map((g) => g.count);
    expect(counts).toEqual(counts.slice().sort((a, b) => b - a));
    const singles = result.groups.filter((g) => g.count === 1);
    expect(singles).toHaveLength(20);
    for (const g of singles) {
      expect(g.type).toBe('issue');
      expect(g.otherCodes).toEqual([]);
      expect(g.merges).toEqual([]);
      expect(g.firstReceived).toEqual(g.lastReceived);
    }
  });

  it('summarises status, answers, dates and the rest of the codes', () => {
    const rubbish = result.groups.find((g) => g.category === CAT.env && g.count === 7)!;
    expect(rubbish.type).toBe('issue');
    expect(rubbish.status.headline).toBe('Đã trả lời');
    expect(rubbish.status.counts).toEqual([
      { status: 'Mới', count: 4 },
      { status: 'Đang xử lý', count: 1 },
      { status: 'Đã trả lời', count: 1 },
      { status: 'Trùng lặp', count: 1 },
    ]);
    expect(rubbish.status.open).toBe(5);
    expect(rubbish.answers).toEqual([TUNING_CORPUS[8].publicReply]);
    const rows = TUNING_CORPUS.filter((r) => r.truth === 'rubbish').sort((a, b) => +a.receivedAt - +b.receivedAt);
    expect(rubbish.firstReceived).toEqual(rows[0].receivedAt);
    expect(rubbish.lastReceived).toEqual(rows[rows.length - 1].receivedAt);
    expect(rubbish.otherCodes).toEqual(rows.map((r) => r.trackingCode).filter((c) => c !== rubbish.representative.trackingCode));
    expect(rubbish.merges.filter((m) => m.reason === 'staff')).toEqual([
      expect.objectContaining({ a: TUNING_CORPUS[9].trackingCode, b: TUNING_CORPUS[8].trackingCode, score: 1 }),
    ]);
  });

  it('explains every text merge with its score and the shared terms in their accented spelling', () => {
    for (const g of result.groups) {
      for (const m of g.merges.filter((x) => x.reason === 'text')) {
        expect(m.score).toBeGreaterThanOrEqual(result.threshold);
        expect(m.shared.length + m.concepts.length).toBeGreaterThan(0);
        expect(codesOf(g)).toEqual(expect.arrayContaining([m.a, m.b]));
      }
      expect(g.merges.length).toBe(g.count - 1 + staffCycles(g));
    }
    const light = result.groups.find((g) => g.count === 8)!;
    expect(light.merges.flatMap((m) => m.shared)).toContain('đèn đường');
    const [a, b] = [TUNING_CORPUS[0], TUNING_CORPUS[3]]; // accented and capitals
    const why = explainPair(TUNING_CORPUS, a.trackingCode, b.trackingCode);
    expect(why.score).toBeGreaterThan(0.3);
    expect(why.shared).toEqual(expect.arrayContaining(['đèn đường', 'hỏng']));
    expect(why).toMatchObject({ staffLinked: false, sameCategory: true, samePlace: true });
  });

  it('picks the most central opinion as the representative', () => {
    const karaoke = result.groups.find((g) => g.category === CAT.security && g.count === 6)!;
    const codes = codesOf(karaoke);
    const total = (c: string): number => codes.filter((d) => d !== c).reduce((s, d) => s + explainPair(TUNING_CORPUS, c, d).score, 0);
    const best = Math.max(...codes.map(total));
    expect(total(karaoke.representative.trackingCode)).toBeCloseTo(best, 2);
    expect(karaoke.representative.content).toBe(TUNING_CORPUS.find((r) => r.trackingCode === karaoke.representative.trackingCode)!.content);
  });
});

/** Text merges that a staff link made unnecessary are not recorded, so count the links that closed a cycle. */
function staffCycles(g: OpinionGroup): number {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    while (parent.has(x) && parent.get(x) !== x) x = parent.get(x)!;
    return x;
  };
  let cycles = 0;
  for (const m of g.merges.filter((x) => x.reason === 'staff')) {
    const [ra, rb] = [find(m.a), find(m.b)];
    if (ra === rb) cycles++;
    else parent.set(ra, rb);
  }
  return cycles;
}

/** Every corpus the grouping was built on, in the order they were written. */
const CORPORA: Array<[string, CorpusRow[], ExpectedGroup[]]> = [
  ['tuning', TUNING_CORPUS, TUNING_EXPECTED],
  ['development', DEV_CORPUS, DEV_EXPECTED],
  ['held-out', HELDOUT_CORPUS, HELDOUT_EXPECTED],
  ['second held-out', HELDOUT2_CORPUS, HELDOUT2_EXPECTED],
  ['third held-out', HELDOUT3_CORPUS, HELDOUT3_EXPECTED],
  ['fourth held-out', HELDOUT4_CORPUS, HELDOUT4_EXPECTED],
  ['fifth held-out', HELDOUT5_CORPUS, HELDOUT5_EXPECTED],
  ['sixth held-out', HELDOUT6_CORPUS, HELDOUT6_EXPECTED],
];
/** Corpora whose rewritten forms (REWRITES) give the same groups; the sixth does as written only (see below). */
const REWRITTEN = CORPORA.slice(0, 6);

const strip = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
const FRAMES: Array<[string, string]> = [
  ['Kính gửi Ủy ban nhân dân phường, tôi xin phản ánh việc sau: ', ' Mong các cấp sớm giải quyết. Xin cảm ơn.'],
  ['Tôi là người dân ở tổ dân phố, năm nay đã 70 tuổi. ', ' Trân trọng cảm ơn!'],
  ['', ' Đề nghị các đồng chí lãnh đạo quan tâm.'],
];
/** The same opinions written otherwise: the grouping must not notice. */
const REWRITES: Array<[string, (r: CorpusRow, i: number) => string]> = [
  ['without diacritics', (r) => strip(r.content)],
  ['in capitals', (r) => r.content.toUpperCase()],
  ['every other one without diacritics', (r, i) => (i % 2 ? strip(r.content) : r.content)],
  ['in a formal frame', (r, i) => FRAMES[i % 3][0] + r.content + FRAMES[i % 3][1]],
];

describe.each(CORPORA)('%s corpus', (_name, corpus, expected) => {
  const result = groupOpinions(corpus);

  it('gives exactly its six real issues with their counts, places and kind; its 20 unrelated opinions stay alone', () => {
    expectExactly(corpus, expected, result);
    const s = score(corpus, expected, result);
    expect(s).toEqual({ exact: expected.map((e) => e.truth), wrongPairs: 0, missedPairs: 0, unrelatedGrouped: 0 });
    expect(result.groups.filter((g) => g.count === 1)).toHaveLength(20);
  });
});

describe.each(REWRITTEN)('%s corpus rewritten', (_name, corpus, expected) => {
  it.each(REWRITES)('gives the same groups written %s', (_how, rewrite) => {
    const rewritten = corpus.map((r, i) => ({ ...r, content: rewrite(r, i) }));
    expectExactly(rewritten, expected, groupOpinions(rewritten));
  });
});

describe('sixth corpus rewritten (known limits of text typed without diacritics)', () => {
  // Stripped of diacritics, "Xưởng sắt … rất ồn" is "xuong sat … rat on" (a workshop, or going down; loud, or
  // fine), "tối om" is "toi om" (dark, or I am ill), and a broken bench in the park meets the dark park on "cong
  // vien" and "gay" (broken, or cause). Measured as it is; these opinions stay alone or meet the wrong one.
  it.each([
    ['without diacritics', ['rubbish', 'flood', 'market']],
    ['in capitals', ['rubbish', 'lamps', 'workshop', 'flood', 'market', 'dogs']],
    ['every other one without diacritics', ['rubbish', 'workshop', 'flood', 'market']],
    ['in a formal frame', ['rubbish', 'lamps', 'flood', 'market', 'dogs']],
  ])('written %s, finds exactly %j', (how, exact) => {
    const rewrite = REWRITES.find(([h]) => h === how)![1];
    const rewritten = HELDOUT6_CORPUS.map((r, i) => ({ ...r, content: rewrite(r, i) }));
    expect(score(rewritten, HELDOUT6_EXPECTED, groupOpinions(rewritten)).exact).toEqual(exact);
  });
});

describe('the default threshold', () => {
  it('sits in the range where every corpus gives exactly its issues, and the edges fail', () => {
    for (const t of [0.39, 0.4, 0.41, 0.42]) {
      for (const [name, corpus, expected] of CORPORA) {
        expect([name, t, score(corpus, expected, groupOpinions(corpus, { threshold: t })).exact.length]).toEqual([name, t, 6]);
      }
    }
    expect(DEFAULT_GROUPING_THRESHOLD).toBe(0.41);
    // Lower: a question about a birth certificate joins the complaints about waiting at the one-stop desk.
    expect(score(HELDOUT4_CORPUS, HELDOUT4_EXPECTED, groupOpinions(HELDOUT4_CORPUS, { threshold: 0.38 })).wrongPairs).toBeGreaterThan(0);
    // Higher: a broken lamp whose wires hang out is left out of the street lights.
    expect(score(HELDOUT5_CORPUS, HELDOUT5_EXPECTED, groupOpinions(HELDOUT5_CORPUS, { threshold: 0.43 })).missedPairs).toBeGreaterThan(0);
  });
});

describe('seventh held-out corpus (committed before the last change, never used to change anything)', () => {
  // Measured once, as it is: three of its six issues exact. A request to "tổ chức phun hóa chất diệt muỗi" reads as
  // asking for something new and stays apart from the dengue complaints; the loudspeaker too loud at dawn at KDC04
  // and one broken loudspeaker at KDC01 make a theme, while "Cái loa … ồn ghê gớm" stays apart; "bui qua" typed
  // without diacritics is not read as dust. These are the grouping's known limits on new wording, kept visible here.
  it('finds the water main theme, the building materials and the thefts theme exactly', () => {
    const s = score(HELDOUT7_CORPUS, HELDOUT7_EXPECTED, groupOpinions(HELDOUT7_CORPUS));
    expect(s).toEqual({ exact: ['pipe', 'materials', 'theft'], wrongPairs: 5, missedPairs: 17, unrelatedGrouped: 1 });
  });
});

describe('problems and incidental words', () => {
  it('keeps street lights and potholes of one neighbourhood apart: its name counts for nothing', () => {
    const lights = HELDOUT_CORPUS.filter((r) => r.truth === 'light' && r.locationCode === 'KDC03');
    const potholes = HELDOUT_CORPUS.filter((r) => r.truth === 'pothole');
    for (const a of lights) {
      for (const b of potholes) {
        const why = explainPair(HELDOUT_CORPUS, a.trackingCode, b.trackingCode);
        expect(why.score).toBeLessThan(0.1);
        expect(why.sharedConcepts).toEqual([]);
        expect(why.shared.join(' ')).not.toMatch(/tái|định|cư|khu/);
      }
    }
  });

  it('explains a pair with the problems each names and those they share', () => {
    const [a, b] = [HELDOUT2_CORPUS[19], HELDOUT2_CORPUS[21]]; // "den duong ngo 15 tat ngum…", "toi di lam ve khuya ngo toi om…"
    const why = explainPair(HELDOUT2_CORPUS, a.trackingCode, b.trackingCode);
    expect(why.score).toBeGreaterThanOrEqual(DEFAULT_GROUPING_THRESHOLD);
    expect(why.sharedConcepts[0]).toBe('chiếu sáng công cộng');
    expect(why.conceptsA[0]).toMatch(/^chiếu sáng công cộng \(den duong/);
    expect(why.conceptsB.join('; ')).toMatch(/chiếu sáng công cộng/);
    const merges = groupOpinions(HELDOUT2_CORPUS).groups.flatMap((g) => g.merges);
    expect(merges.filter((m) => m.reason === 'text').every((m) => m.concepts.length > 0)).toBe(true);
  });

  it('tells a request for something new from a complaint that something fails', () => {
    const lights = DEV_CORPUS.filter((r) => r.truth === 'light');
    const garden = DEV_CORPUS[54]; // "Đề nghị lắp thêm đèn chiếu sáng ở vườn hoa…"
    expect(garden.truth).toBeNull();
    const why = explainPair(DEV_CORPUS, lights[0].trackingCode, garden.trackingCode);
    expect(why.sharedConcepts).toEqual(['chiếu sáng công cộng']);
    expect(why.conceptsB.join('; ')).toMatch(/lắp thêm/);
    expect(why.score).toBeLessThan(DEFAULT_GROUPING_THRESHOLD);
  });

  it('counts the words of the place names passed in for nothing', () => {
    const row = (n: number, loc: string, content: string, category: string = CAT.infra): GroupingOpinion => ({
      trackingCode: codeOf('HB', 6000 + n),
      receivedAt: new Date(Date.UTC(2025, 2, 1 + n)),
      locationCode: loc,
      locationName: '',
      category,
      kind: 'Phản ánh',
      content,
      status: 'Mới',
      publicReply: '',
      duplicateOf: [],
    });
    const rows = [
      row(1, 'KDC01', 'Cây xanh ở khu đô thị Sông Hồng nghiêng sắp đổ.'),
      row(2, 'KDC02', 'Khu đô thị Sông Hồng mất điện cả buổi chiều.'),
    ];
    const without = explainPair(rows, rows[0].trackingCode, rows[1].trackingCode);
    const withNames = explainPair(rows, rows[0].trackingCode, rows[1].trackingCode, { placeNames: ['Khu đô thị Sông Hồng'] });
    expect(without.shared.length).toBeGreaterThan(withNames.shared.length);
    expect(withNames.shared).toEqual([]);
    expect(withNames.score).toBe(0);
    expect(groupOpinions(rows, { placeNames: ['Khu đô thị Sông Hồng'] }).groups).toHaveLength(2);
  });
});

describe('staff "Trùng lặp" links', () => {
  const original = TUNING_CORPUS[8]; // rubbish, KDC02
  const vague: CorpusRow = {
    ...TUNING_CORPUS[8],
    truth: 'rubbish',
    trackingCode: codeOf('HB', 900),
    receivedAt: new Date(original.receivedAt.getTime() + 3 * DAY),
    locationCode: 'KDC01', // sent from another poster
    locationName: 'Nhà văn hóa khu dân cư số 1',
    content: 'Tôi gửi lại lần nữa vì ý kiến hôm trước vẫn chưa thấy ai trả lời.',
    status: 'Trùng lặp',
    publicReply: '',
    duplicateOf: [original.trackingCode.toLowerCase(), 'HB-ZZZZZZZ'],
  };

  it('merge a row that text similarity alone would not, at the place of the original', () => {
    const without = groupOpinions([...TUNING_CORPUS, { ...vague, duplicateOf: [] }]);
    const alone = without.groups.find((g) => codesOf(g).includes(vague.trackingCode))!;
    expect(alone.count).toBe(1);
    expect(explainPair([...TUNING_CORPUS, vague], vague.trackingCode, original.trackingCode)).toMatchObject({
      score: 0,
      staffLinked: true,
    });

    const withLink = groupOpinions([...TUNING_CORPUS, vague]);
    const g = withLink.groups.find((x) => codesOf(x).includes(vague.trackingCode))!;
    expect(g.count).toBe(8);
    expect(g.type).toBe('issue');
    expect(g.places).toEqual([{ code: 'KDC02', name: 'Nhà văn hóa khu dân cư số 2', count: 8 }]);
    expect(g.merges).toContainEqual(expect.objectContaining({ reason: 'staff', a: vague.trackingCode, b: original.trackingCode }));
    expect(g.linkedOutside).toEqual(['HB-ZZZZZZZ']);
    expect(g.status.counts).toContainEqual({ status: 'Trùng lặp', count: 2 });
  });

  it('join across categories and through chains, and a link to itself or to nothing changes nothing', () => {
    const other: CorpusRow = { ...vague, trackingCode: codeOf('HB', 901), category: CAT.other, duplicateOf: [vague.trackingCode] };
    const self: CorpusRow = {
      ...vague,
      trackingCode: codeOf('HB', 902),
      content: 'Nội dung khác hẳn',
      duplicateOf: [codeOf('HB', 902), ''],
    };
    const r = groupOpinions([...TUNING_CORPUS, vague, other, self]);
    const g = r.groups.find((x) => codesOf(x).includes(other.trackingCode))!;
    expect(g.count).toBe(9);
    expect(g.category).toBe(CAT.env);
    expect(r.groups.find((x) => codesOf(x).includes(self.trackingCode))!.count).toBe(1);
  });
});

describe('determinism', () => {
  it('gives the same result for any order of the input', () => {
    for (const corpus of [TUNING_CORPUS, DEV_CORPUS, HELDOUT_CORPUS, HELDOUT2_CORPUS, HELDOUT6_CORPUS]) {
      const base = JSON.stringify(groupOpinions(corpus));
      for (const seed of [1, 7, 42, 2025, 99991]) {
        expect(JSON.stringify(groupOpinions(shuffled(corpus, seed)))).toBe(base);
      }
      expect(JSON.stringify(groupOpinions(corpus.slice().reverse()))).toBe(base);
    }
  });

  it('gives the same result for identical rows in any order and does not change its input', () => {
    const twin = TUNING_CORPUS.slice(0, 10).map((r) => ({ ...r }));
    const rows = [...twin, ...twin.map((r) => ({ ...r, duplicateOf: [...r.duplicateOf] }))];
    const before = JSON.stringify(rows);
    const a = JSON.stringify(groupOpinions(rows));
    expect(JSON.stringify(groupOpinions(shuffled(rows, 3)))).toBe(a);
    expect(JSON.stringify(rows)).toBe(before);
  });
});

describe('bad input', () => {
  it('an empty period gives no group', () => {
    expect(groupOpinions([])).toEqual({ groups: [], total: 0, undated: 0, threshold: DEFAULT_GROUPING_THRESHOLD });
    expect(groupOpinions(undefined as unknown as GroupingOpinion[]).groups).toEqual([]);
  });

  it('a period of one day works like any other', () => {
    const day = Date.UTC(2025, 2, 10, 2);
    const oneDay = TUNING_CORPUS.map((r, i) => ({ ...r, receivedAt: new Date(day + i * 60000) }));
    const s = score(oneDay, TUNING_EXPECTED, groupOpinions(oneDay));
    expect(s.exact).toHaveLength(6);
    const sameInstant = TUNING_CORPUS.map((r) => ({ ...r, receivedAt: new Date(day) }));
    const r = groupOpinions(sameInstant);
    expect(score(sameInstant, TUNING_EXPECTED, r).exact).toHaveLength(6);
    expect(JSON.stringify(groupOpinions(shuffled(sameInstant, 5)))).toBe(JSON.stringify(r));
  });

  it('a location with 500 opinions is grouped without error', () => {
    const texts = [
      'Đèn đường ngõ 3 bị hỏng, buổi tối rất tối',
      'Rác thải không được thu gom ở đầu ngõ 3',
      'Ngõ 3 ngập nước mỗi khi mưa to',
      'Quán karaoke hát ồn ào đến khuya',
      'Đường vào ngõ 3 có nhiều ổ gà',
    ];
    const rows: GroupingOpinion[] = Array.from({ length: 500 }, (_, i) => ({
      trackingCode: codeOf('HB', 5000 + i),
      receivedAt: new Date(Date.UTC(2025, 2, 1) + i * 3600000),
      locationCode: 'KDC09',
      locationName: 'Nhà văn hóa khu dân cư số 9',
      category: CAT.infra,
      kind: 'Phản ánh',
      content: texts[i % 5] + (i % 3 === 0 ? '' : i % 3 === 1 ? ', đề nghị phường xử lý' : ' mấy hôm nay ' + (i % 17)),
      status: 'Mới',
      publicReply: '',
      duplicateOf: [],
    }));
    const r = groupOpinions(rows);
    expect(r.groups).toHaveLength(5);
    expect(r.total).toBe(500);
    expect(r.groups.map((g) => g.count)).toEqual([100, 100, 100, 100, 100]);
    for (const g of r.groups) expect(g.type).toBe('issue');
  });

  it('an opinion with empty or odd content is an issue of one; undated rows are counted and left out', () => {
    const base = TUNING_CORPUS[0];
    const odd: GroupingOpinion[] = [
      { ...base, trackingCode: codeOf('HB', 700), content: '' },
      { ...base, trackingCode: codeOf('HB', 701), content: ' ... !!! ' },
      { ...base, trackingCode: codeOf('HB', 702), content: null as unknown as string },
      { ...base, trackingCode: codeOf('HB', 703), content: 'đèn' },
      { ...base, trackingCode: '', category: '', locationCode: '', locationName: '', status: '', content: 'x' },
      { ...base, trackingCode: codeOf('HB', 704), receivedAt: new Date('nope') },
      { ...base, trackingCode: codeOf('HB', 705), receivedAt: '' as unknown as Date },
      { ...base, trackingCode: codeOf('HB', 706), duplicateOf: 'HB-2' as unknown as string[] },
      null as unknown as GroupingOpinion,
    ];
    const r = groupOpinions(odd);
    expect(r.undated).toBe(2);
    expect(r.total).toBe(6);
    const byCode = (c: string): OpinionGroup => r.groups.find((g) => codesOf(g).includes(c))!;
    for (const n of [700, 701, 702]) expect(byCode(codeOf('HB', n)).count).toBe(1);
    const unnamed = byCode('');
    expect(unnamed).toMatchObject({ category: 'Chưa xác định', places: [{ code: 'Chưa xác định', name: 'Chưa xác định', count: 1 }] });
    expect(unnamed.status.headline).toBe('Mới');
  });

  it('a bad threshold falls back to the default', () => {
    for (const bad of [NaN, -1, 0, 2, Infinity, '', 'abc', null, undefined, true, {}])
      expect(groupingThreshold(bad)).toBe(DEFAULT_GROUPING_THRESHOLD);
    expect(groupingThreshold('0,3')).toBe(0.3);
    expect(groupingThreshold(' 0.25 ')).toBe(0.25);
    expect(groupingThreshold(1)).toBe(1);
    expect(groupOpinions(TUNING_CORPUS, { threshold: -5 }).threshold).toBe(DEFAULT_GROUPING_THRESHOLD);
    // Threshold 1: only identical wording would join; the two staff links still do.
    expect(groupOpinions(TUNING_CORPUS, { threshold: 1 }).groups).toHaveLength(60 - 2);
  });
});

describe('status summary', () => {
  const row = (n: number, status: string, reply = ''): GroupingOpinion => ({
    ...TUNING_CORPUS[0],
    trackingCode: codeOf('HB', 800 + n),
    receivedAt: new Date(Date.UTC(2025, 2, 1 + n)),
    content: 'Đèn đường ngõ 12 hỏng',
    status,
    publicReply: reply,
    duplicateOf: [],
  });

  it('shows the most advanced status, leaves Trùng lặp out of it and counts what still waits', () => {
    const g = groupOpinions([row(1, 'Mới'), row(2, 'Đang xử lý'), row(3, 'Đã chuyển cơ quan có thẩm quyền'), row(4, 'Trùng lặp')])
      .groups[0];
    expect(g.count).toBe(4);
    expect(g.status).toEqual({
      headline: 'Đã chuyển cơ quan có thẩm quyền',
      open: 2,
      counts: [
        { status: 'Mới', count: 1 },
        { status: 'Đang xử lý', count: 1 },
        { status: 'Đã chuyển cơ quan có thẩm quyền', count: 1 },
        { status: 'Trùng lặp', count: 1 },
      ],
    });
    const answered = groupOpinions([
      row(1, 'Không thuộc thẩm quyền', 'Việc này do Công ty điện lực giải quyết.'),
      row(2, 'Đã trả lời', 'Đã thay bóng.'),
      row(3, 'Đã trả lời', 'Đã thay bóng.'),
    ]).groups[0];
    expect(answered.status.headline).toBe('Đã trả lời');
    expect(answered.status.open).toBe(0);
    expect(answered.answers).toEqual(['Việc này do Công ty điện lực giải quyết.', 'Đã thay bóng.']);
    expect(groupOpinions([row(1, 'Trùng lặp'), row(2, 'Trùng lặp')]).groups[0].status.headline).toBe('Trùng lặp');
    const unknown = groupOpinions([row(1, ''), row(2, 'Chờ họp tổ')]).groups[0].status;
    expect(unknown).toEqual({
      headline: 'Chờ họp tổ',
      open: 2,
      counts: [
        { status: 'Mới', count: 1 },
        { status: 'Chờ họp tổ', count: 1 },
      ],
    });
  });
});

describe('opinionFromRecord', () => {
  const record = (over: Partial<FeedbackRecord>): FeedbackRecord =>
    ({
      trackingCode: 'HB-ABCDEFG',
      receivedAt: new Date(Date.UTC(2025, 2, 3)),
      source: 'QR',
      locationCode: ' KDC01 ',
      locationName: 'Nhà văn hóa khu dân cư số 1',
      kind: 'Phản ánh',
      category: CAT.env,
      content: 'Rác ở đầu ngõ',
      name: 'Nguyễn Văn A',
      phone: '0912345678',
      email: '',
      address: '',
      consent: false,
      photos: '',
      possibleDuplicates: 'HB-HHHHHHH',
      emailStatus: 'đã gửi',
      requestId: 'r',
      status: 'Trùng lặp',
      handler: '',
      forwardedTo: '',
      dueAt: '',
      publicReply: '',
      internalNote: 'Trùng với hb-2345678 và HB-3456789; xem thêm HB-ILO0000',
      updatedAt: '',
      replySentAt: '',
      ...over,
    }) as FeedbackRecord;

  it('reads the staff links from the internal note of a Trùng lặp row only, and no personal data', () => {
    const op = opinionFromRecord(record({}))!;
    expect(op.duplicateOf).toEqual(['HB-2345678', 'HB-3456789']);
    expect(op.locationCode).toBe('KDC01');
    expect(Object.keys(op).sort()).toEqual(
      [
        'category',
        'content',
        'duplicateOf',
        'kind',
        'locationCode',
        'locationName',
        'publicReply',
        'receivedAt',
        'status',
        'trackingCode',
      ].sort(),
    );
    expect(opinionFromRecord(record({ status: 'Đã trả lời' }))!.duplicateOf).toEqual([]);
    expect(opinionFromRecord(record({ receivedAt: '' }))).toBeNull();
  });
});

describe('scale', () => {
  it('groups a month of 3,000 opinions, each exactly once', () => {
    const topics = [
      ['đèn đường', 'bị hỏng', 'không sáng', 'tối om'],
      ['rác thải', 'không được thu gom', 'bốc mùi', 'ùn ứ'],
      ['ngập nước', 'sau mưa', 'cống tắc', 'nước tràn'],
      ['karaoke', 'ồn ào', 'đến khuya', 'mất ngủ'],
      ['ổ gà', 'mặt đường', 'xe máy ngã', 'hư hỏng'],
      ['lấn chiếm vỉa hè', 'bán hàng', 'để xe', 'người đi bộ'],
      ['cây xanh', 'nghiêng', 'sắp đổ', 'cành khô'],
      ['trộm cắp', 'mất xe', 'ban đêm', 'tuần tra'],
      ['thủ tục', 'chờ lâu', 'một cửa', 'hồ sơ'],
      ['trợ cấp', 'hộ nghèo', 'chưa nhận', 'người cao tuổi'],
    ];
    const filler = 'mấy hôm nay, đề nghị phường, rất bức xúc, nhiều người, gần nhà tôi, sáng nay, cả tuần, chưa thấy ai'.split(', ');
    let x = 12345;
    const rnd = (n: number): number => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return (x >>> 8) % n;
    };
    const categories = Object.values(CAT);
    const rows: GroupingOpinion[] = Array.from({ length: 3000 }, (_, i) => {
      const t = topics[rnd(topics.length)];
      const words = [t[0], t[1 + rnd(3)], filler[rnd(filler.length)], 'ngõ ' + (1 + rnd(40)), t[1 + rnd(3)], filler[rnd(filler.length)]];
      return {
        trackingCode: codeOf('HB', 10000 + i),
        receivedAt: new Date(Date.UTC(2025, 2, 1) + rnd(31 * 24) * 3600000),
        locationCode: 'KDC' + String(1 + rnd(20)).padStart(2, '0'),
        locationName: '',
        category: categories[topics.indexOf(t) % categories.length],
        kind: 'Phản ánh',
        content: words.join(' ') + (rnd(4) === 0 ? ' ' + 'và nhiều chuyện khác nữa trong khu phố'.repeat(1 + rnd(5)) : ''),
        status: ['Mới', 'Đang xử lý', 'Đã trả lời'][rnd(3)],
        publicReply: '',
        duplicateOf: rnd(50) === 0 ? [codeOf('HB', 10000 + rnd(3000))] : [],
      };
    });
    const r = groupOpinions(rows);
    expect(r.total).toBe(3000);
    expect(r.groups.reduce((n, g) => n + g.count, 0)).toBe(3000);
  });
});
