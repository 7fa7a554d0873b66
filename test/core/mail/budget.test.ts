import {
  batchAllowance,
  batchSent,
  freshQuota,
  learnedExhausted,
  mailShares,
  mayAnnounceNow,
  mayDigest,
  mayReply,
  parseQuota,
  probed,
  worstCaseAnnouncementMinutes,
} from '../../../src/core/mail/budget';

const HOUR = 3_600_000;

test('a free account (100) with one committee address: replies keep 30, the digest 1, batches one an hour', () => {
  const s = mailShares(100, 1);
  expect(s.replyReserve).toBe(30);
  expect(s.digestReserve).toBe(1);
  expect(s.batchPerDay).toBe(24);
  expect(s.immediatePerDay).toBe(45);
  expect(s.immediatePerHour).toBeGreaterThanOrEqual(5);
  // Everything adds up to the quota, never more.
  expect(s.replyReserve + s.digestReserve + (s.batchPerDay + s.immediatePerDay) * s.perAnnouncement).toBeLessThanOrEqual(100);
  expect(worstCaseAnnouncementMinutes(s)).toBeLessThanOrEqual(120);
});

test('a Workspace account (1,500) sends far more at once; the shares still add up', () => {
  const s = mailShares(1500, 2);
  expect(s.replyReserve).toBe(450);
  expect(s.immediatePerDay).toBeGreaterThan(400);
  expect(s.replyReserve + s.digestReserve + (s.batchPerDay + s.immediatePerDay) * 2).toBeLessThanOrEqual(1500);
});

test('many committee addresses on a free account: no immediate email, batches only', () => {
  const s = mailShares(100, 5);
  expect(s.immediatePerDay).toBe(0);
  expect(s.batchPerDay).toBe(13);
  expect(mayAnnounceNow({ shares: s, quota: freshQuota(s, 0), sentThisHour: 0, sentToday: 0, spentSinceProbe: 0, now: 0 })).toBe(false);
});

test('the immediate email stops at its hourly share, at its daily share, and before it would touch a reserve', () => {
  const s = mailShares(100, 1);
  const q = freshQuota(s, 0);
  const base = { shares: s, quota: q, sentThisHour: 0, sentToday: 0, spentSinceProbe: 0, now: 0 };
  expect(mayAnnounceNow(base)).toBe(true);
  expect(mayAnnounceNow({ ...base, sentThisHour: s.immediatePerHour })).toBe(false);
  expect(mayAnnounceNow({ ...base, sentToday: s.immediatePerDay })).toBe(false);
  // 100 left - 44 spent = 56: one more leaves 55 = 30 + 1 + 24, the reserves exactly.
  expect(mayAnnounceNow({ ...base, spentSinceProbe: 44 })).toBe(true);
  expect(mayAnnounceNow({ ...base, spentSinceProbe: 45 })).toBe(false);
  expect(mayAnnounceNow({ ...base, quota: probed(q, 50, 0) })).toBe(false);
});

test('replies go while anything is left; the digest never eats the reply reserve', () => {
  const s = mailShares(100, 1);
  const q = probed(freshQuota(s, 0), 31, 0);
  expect(mayReply(q, 0)).toBe(true);
  expect(mayDigest(q, s, 0)).toBe(true);
  expect(mayDigest(probed(q, 30, 0), s, 0)).toBe(false);
  expect(mayReply(probed(q, 1, 0), 0)).toBe(true);
  expect(mayReply(probed(q, 0, 0), 0)).toBe(false);
});

test('after Gmail refuses for quota nothing is tried for an hour, unless a probe finds room', () => {
  const s = mailShares(100, 1);
  const q = learnedExhausted(freshQuota(s, 0), 1000);
  expect(mayReply(q, 1000 + HOUR - 1)).toBe(false);
  expect(batchAllowance(q, s, 1000 + HOUR - 1)).toBe(0);
  expect(mayReply(q, 1000 + HOUR)).toBe(false); // remaining is 0 until probed
  expect(mayReply(probed(q, 10, 2000), 2000)).toBe(true);
});

test('batches spend their saved-up share, then about one an hour, never into the reply or digest reserve', () => {
  const s = mailShares(100, 1);
  let q = probed(freshQuota(s, 0), 56, 0); // 55 is exactly every reserve: no spare
  expect(batchAllowance(q, s, 0)).toBe(s.batchBurst);
  q = batchSent(q, s, s.batchBurst, 0);
  expect(q.remaining).toBe(56 - s.batchBurst);
  expect(batchAllowance(q, s, 30 * 60_000)).toBe(0);
  expect(batchAllowance(q, s, HOUR + 1)).toBe(1);
  // Down to the reply and digest reserves: nothing more, however long it waits.
  q = probed(q, 31, HOUR);
  expect(batchAllowance(q, s, 10 * HOUR)).toBe(0);
  q = probed(q, 32, HOUR);
  expect(batchAllowance(q, s, 10 * HOUR)).toBe(1);
});

test('when the quota has room beyond every reserve, batches may use it (the unused immediate share)', () => {
  const s = mailShares(100, 1);
  const q = { ...probed(freshQuota(s, 0), 100, 0), batchTokens: 0, batchAt: 0 };
  expect(batchAllowance(q, s, 0)).toBe(100 - 30 - 1 - 24);
});

test('stored state survives a round trip; garbage starts fresh', () => {
  const s = mailShares(100, 1);
  const q = batchSent(probed(freshQuota(s, 0), 70, 5), s, 2, 10);
  expect(parseQuota(JSON.stringify(q), s, 20)).toEqual(q);
  expect(parseQuota('{not json', s, 20)).toEqual(freshQuota(s, 20));
  expect(parseQuota(null, s, 20).remaining).toBe(100);
});
