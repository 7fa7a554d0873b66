/**
 * Staff type the status column by hand: a status that differs from one of the box's statuses only by letter case,
 * spaces or Unicode form is that status everywhere the box reads it; anything else stays unknown.
 */
import { canonicalStatus, isKnownStatus } from '../../../src/core/records/status';
import { COLUMNS, rowToRecord, type FeedbackRecord } from '../../../src/core/records/feedback-record';
import { FEEDBACK_STATUSES } from '../../../src/shared/types';
import { buildReport, buildDigest } from '../../../src/core/reports/report';
import { buildStatistics } from '../../../src/core/reports/statistics';
import { buildPublicResults } from '../../../src/core/reports/public-results';
import { reportIssues } from '../../../src/core/reports/report-issues';
import { isJunk } from '../../../src/core/reports/junk';
import { lookupFeedback } from '../../../src/core/lookup/lookup';
import { daysOverdue, isFinalStatus } from '../../../src/core/staff/deadline';
import { checkStatus, replyDecision } from '../../../src/core/staff/staff-edit';
import { isSpam } from '../../../src/core/staff/spam';
import { recordToCells } from '../../../src/core/intake/submit';

const ANSWERED = 'Đã trả lời';
/** "Đã trả lời" as staff type it: lower case, capitals, spaces around and inside, decomposed, a no-break space. */
const TYPED_ANSWERED = [
  'đã trả lời',
  ' ĐÃ TRẢ LỜI ',
  'Đã  Trả   Lời',
  ANSWERED.normalize('NFD'),
  ' đã Trả lời '.normalize('NFD'),
  'Đã\u00a0trả lời',
  'Đã trả lời\t',
];
const TYPED_SPAM = ['rác / spam', 'RÁC / SPAM', ' Rác/spam ', 'Rác / Spam'.normalize('NFD')];

// March 2025 in Vietnam time, and a day in April to build the March report and figures.
const MARCH = { from: new Date(Date.UTC(2025, 1, 28, 17)), to: new Date(Date.UTC(2025, 2, 31, 17)) };
const NOW = new Date(Date.UTC(2025, 3, 2, 3));

function record(i: number, status: string, extra: Partial<FeedbackRecord> = {}): FeedbackRecord {
  const receivedAt = new Date(Date.UTC(2025, 2, 3 + (i % 20), 3));
  return {
    ...rowToRecord([]),
    trackingCode: `HB-${String(3000000 + i)}`,
    receivedAt,
    locationCode: 'KDC01',
    locationName: 'Khu dân cư số 1',
    category: 'Hạ tầng',
    kind: 'Phản ánh',
    content: `Đèn đường ở ngõ ${i} bị hỏng, tối đi lại nguy hiểm`,
    status,
    dueAt: new Date(receivedAt.getTime() + 10 * 86_400_000),
    replySentAt: new Date(receivedAt.getTime() + 2 * 86_400_000),
    publicReply: 'Phường đã cho sửa đèn.',
    publish: true,
    ...extra,
  };
}

describe('canonicalStatus', () => {
  test('a status typed in another case, with other spaces or decomposed is the box status', () => {
    for (const typed of TYPED_ANSWERED) expect([typed, canonicalStatus(typed)]).toEqual([typed, ANSWERED]);
    for (const typed of TYPED_SPAM) expect([typed, canonicalStatus(typed)]).toEqual([typed, 'Rác / spam']);
    for (const s of FEEDBACK_STATUSES) {
      expect(canonicalStatus(s)).toBe(s);
      expect(canonicalStatus(s.toUpperCase().normalize('NFD'))).toBe(s);
      expect(isKnownStatus(` ${s.toLowerCase()} `)).toBe(true);
    }
  });

  test('anything else stays unknown, cleaned only: no letter dropped, no diacritic guessed', () => {
    expect(canonicalStatus('Da tra loi')).toBe('Da tra loi');
    expect(canonicalStatus('  Đã xử   lý ')).toBe('Đã xử lý');
    expect(canonicalStatus('Đã trả lời rồi')).toBe('Đã trả lời rồi');
    expect(canonicalStatus('Gọi 0912 345 678'.normalize('NFD'))).toBe('Gọi 0912 345 678');
    expect(canonicalStatus('')).toBe('');
    expect(canonicalStatus(null)).toBe('');
    expect(canonicalStatus(undefined)).toBe('');
    expect(isKnownStatus('Da tra loi')).toBe(false);
    expect(isKnownStatus('')).toBe(false);
  });

  test('a sheet row is read with the box status', () => {
    for (const typed of TYPED_ANSWERED) {
      const row: unknown[] = COLUMNS.map(() => '');
      row[COLUMNS.findIndex((c) => c.key === 'status')] = typed;
      expect(rowToRecord(row).status).toBe(ANSWERED);
    }
  });
});

describe('every reader of the status column reads the box status', () => {
  // Records made by hand (as a test or a future reader may): each reader compares through canonicalStatus itself.
  const typed = TYPED_ANSWERED.map((s, i) => record(i, s));
  const exact = TYPED_ANSWERED.map((_, i) => record(i, ANSWERED));

  test('the synthesis report and the digest: counted as answered and resolved, never as an unknown status', () => {
    const a = buildReport(typed, MARCH, NOW, { categories: [] });
    const b = buildReport(exact, MARCH, NOW, { categories: [] });
    expect(a.byStatus).toEqual(b.byStatus);
    expect(a.resolved).toBe(typed.length);
    expect(a.onTime).toEqual(b.onTime);
    expect(a.opinions).toEqual(b.opinions);
    const late = (rs: FeedbackRecord[]) => rs.map((r) => ({ ...r, dueAt: new Date(Date.UTC(2025, 2, 10)), replySentAt: '' as const }));
    expect(buildReport(late(typed), MARCH, NOW, { categories: [] }).overdue).toEqual([]);
    expect(buildDigest(typed, new Date(Date.UTC(2025, 2, 25))).byStatus).toEqual(
      buildDigest(exact, new Date(Date.UTC(2025, 2, 25))).byStatus,
    );
    expect(reportIssues(typed, MARCH).map((i) => i.status)).toEqual(reportIssues(exact, MARCH).map((i) => i.status));
  });

  test('Thống kê: the status table and the on-time trend', () => {
    const a = buildStatistics(typed, NOW, { categories: [] });
    const b = buildStatistics(exact, NOW, { categories: [] });
    expect(a).toEqual(b);
  });

  test('the public results page', () => {
    const opts = { now: NOW, wardName: 'Phường Hòa Bình', committeeName: 'Ủy ban MTTQ', appUrl: '', locations: [] };
    const a = buildPublicResults(typed, opts);
    const b = buildPublicResults(exact, opts);
    expect(JSON.stringify([...a.locations.values()].map((l) => [l.s, l.i]))).toBe(
      JSON.stringify([...b.locations.values()].map((l) => [l.s, l.i])),
    );
  });

  test('the lookup shows the box status', () => {
    for (const r of typed) {
      const res = lookupFeedback('HB-ABCD234', {
        cache: { getAll: () => ({}), putAll: () => undefined, remove: () => undefined },
        store: () => ({ findByTrackingCode: () => ({ row: 2, record: r }), readColumn: () => [] }),
        clock: { now: () => NOW },
        lookupPerMinute: 100,
        log: { error: () => undefined, warn: () => undefined, info: () => undefined },
      } as unknown as Parameters<typeof lookupFeedback>[1]);
      expect(res).toMatchObject({ found: true, status: ANSWERED });
    }
  });

  test('deadlines: a typed final status is final, never overdue', () => {
    const due = new Date(Date.UTC(2025, 2, 1));
    for (const s of TYPED_ANSWERED) {
      expect(isFinalStatus(s)).toBe(true);
      expect(daysOverdue({ status: s, dueAt: due }, NOW)).toBe(0);
    }
    expect(daysOverdue({ status: 'Đã xử lý', dueAt: due }, NOW)).toBeGreaterThan(0);
  });

  test('staff tools: the status check, the reply email, junk and the Rác clean-up', () => {
    for (const s of TYPED_ANSWERED) expect(checkStatus(s)).toEqual({ ok: true, status: ANSWERED });
    expect(checkStatus('Đã xử lý')).toMatchObject({ ok: false });
    for (const s of TYPED_ANSWERED) {
      const cells = recordToCells(record(1, ANSWERED, { email: 'dan@example.com', consent: true, replySentAt: '' }));
      cells[COLUMNS.findIndex((c) => c.key === 'status')] = s;
      expect(replyDecision(cells)).toMatchObject({ due: true });
    }
    for (const s of TYPED_SPAM) {
      expect(isSpam(s)).toBe(true);
      expect(isJunk({ status: s })).toBe(true);
    }
    expect(isSpam('spam')).toBe(false);
  });

  test('a truly unknown status is still unknown: masked, counted apart, not final', () => {
    const odd = [record(0, 'Gọi 0912 345 678'), record(1, 'Đã xử lý')];
    const stats = buildStatistics(odd, NOW, { categories: [] });
    const statusRows = stats.tables.find((t) => t.id === 'status')!.rows.map((r) => [r[1], r[2]]);
    expect(statusRows).toEqual(
      expect.arrayContaining([
        ['Gọi [số điện thoại]', 1],
        ['Đã xử lý', 1],
      ]),
    );
    expect(buildReport(odd, MARCH, NOW, { categories: [] }).resolved).toBe(0);
  });
});
