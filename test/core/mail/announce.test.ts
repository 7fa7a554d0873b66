import { nextOwedMarks, nextRetries, parseOwedMarks, planMail, underBytes, type ReplyRetry } from '../../../src/core/mail/announce';
import { recordMailed, mailedCodes, emptyCounters } from '../../../src/core/intake/caps';
import { COLUMNS, rowToRecord, type FeedbackRecord } from '../../../src/core/records/feedback-record';
import { recordToCells } from '../../../src/core/intake/submit';

const NOW = new Date('2026-12-07T03:00:00Z');
const HOUR = 3600_000;

function row(over: Partial<FeedbackRecord>): unknown[] {
  const r: FeedbackRecord = {
    ...rowToRecord([]),
    trackingCode: 'HB-AAAAAAA',
    receivedAt: new Date(NOW.getTime() - 2 * HOUR),
    source: 'Thư giấy',
    locationCode: 'KDC01',
    kind: 'Phản ánh',
    content: 'Đèn đường ngõ 5 hỏng.',
    emailStatus: 'chờ gửi',
    status: 'Mới',
    ...over,
  };
  return recordToCells(r).map((v) => (typeof v === 'string' ? v.replace(/^'/, '') : v));
}

const header = COLUMNS.map((c) => c.header);

describe('the mail plan', () => {
  test('a "chờ gửi" row staff marked "Rác / spam" before the batch went is never announced', () => {
    const plan = planMail(
      [header, row({ trackingCode: 'HB-AAAAAAA' }), row({ trackingCode: 'HB-BBBBBBB', status: 'Rác / spam' })],
      1,
      () => undefined,
      NOW,
    );
    expect(plan.announce.map((p) => p.record.trackingCode)).toEqual(['HB-AAAAAAA']);
    expect(plan.junk).toBe(1);
  });

  test('a due reply waiting after a failure is listed as waiting, not due', () => {
    const answered = { status: 'Đã trả lời', publicReply: 'Đã sửa.', email: 'dan@example.com', consent: true, emailStatus: 'đã gửi' };
    const plan = planMail(
      [header, row({ trackingCode: 'HB-CCCCCCC', ...answered }), row({ trackingCode: 'HB-DDDDDDD', ...answered })],
      1,
      () => undefined,
      NOW,
      (code) => code === 'HB-DDDDDDD',
    );
    expect(plan.replies.map((p) => p.record.trackingCode)).toEqual(['HB-CCCCCCC']);
    expect(plan.waiting).toEqual(['HB-DDDDDDD']);
  });
});

describe('state kept in script properties stays under 9 KB', () => {
  test('reply retries: entries no longer due are dropped; a failure is pushed back', () => {
    const before: Record<string, ReplyRetry> = {
      'HB-GONE222': { tries: 1, next: 0 },
      'HB-WAIT333': { tries: 2, next: NOW.getTime() + HOUR },
    };
    const after = nextRetries(before, ['HB-FAIL444'], [], new Set(['HB-WAIT333', 'HB-FAIL444']), NOW.getTime());
    expect(Object.keys(after).sort()).toEqual(['HB-FAIL444', 'HB-WAIT333']);
    expect(after['HB-FAIL444'].tries).toBe(1);
  });

  test('a thousand failures with a long code prefix keep the soonest retries within the budget', () => {
    const failed = Array.from({ length: 1000 }, (_, i) => `PHUONG-${String(i).padStart(7, '0')}`);
    const after = nextRetries({}, failed, [], new Set(failed), NOW.getTime());
    expect(JSON.stringify(after).length).toBeLessThanOrEqual(8000);
    expect(Object.keys(after).length).toBeGreaterThan(100);
  });

  test('owed marks: the newest kept within the budget, none older than a week', () => {
    const codes = Array.from({ length: 800 }, (_, i) => `PHUONG-${String(i).padStart(7, '0')}`);
    const before = Object.fromEntries(codes.map((c, i) => [c, NOW.getTime() - i * 60_000]));
    before['HB-OLD2222'] = NOW.getTime() - 8 * 24 * HOUR;
    const after = nextOwedMarks(before, [...codes, 'HB-OLD2222'], [codes[0]], NOW.getTime());
    const raw = JSON.stringify(after);
    expect(raw.length).toBeLessThanOrEqual(8000);
    expect(after).not.toHaveProperty(codes[0]);
    expect(after).not.toHaveProperty('HB-OLD2222');
    expect(after).toHaveProperty(codes[1]);
    expect(parseOwedMarks(raw)).toEqual(after);
  });

  test('underBytes counts UTF-8 bytes, not characters', () => {
    const out = underBytes(Array.from({ length: 2000 }, (_, i) => [`Đ${i}`, 'ấ'] as [string, string]));
    expect(Buffer.byteLength(JSON.stringify(out))).toBeLessThanOrEqual(8000);
  });

  test('codes emailed at submission are kept a day, the oldest hours dropped first when they crowd the property', () => {
    let c = emptyCounters();
    for (let h = 0; h < 30; h++) c = recordMailed(c, new Date(NOW.getTime() + h * HOUR), `HB-H${String(h).padStart(6, '0')}`);
    const kept = mailedCodes(c);
    expect(kept.has('HB-H000029')).toBe(true);
    expect(kept.has('HB-H000006')).toBe(true); // 23 hours before the last
    expect(kept.has('HB-H000005')).toBe(false);
    let busy = emptyCounters();
    for (let i = 0; i < 2000; i++)
      busy = recordMailed(busy, new Date(NOW.getTime() + Math.floor(i / 100) * HOUR), `HB-${String(i).padStart(7, '0')}`);
    expect(JSON.stringify(busy.mailed).length).toBeLessThanOrEqual(6000);
    expect(mailedCodes(busy).has('HB-0001999')).toBe(true);
  });
});
