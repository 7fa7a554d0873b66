import {
  capMessage,
  checkCaps,
  countOpinion,
  emptyCounters,
  nextWindowStart,
  parseCounters,
  reservePhotos,
  windowKeys,
} from '../../../src/core/intake/caps';

const limits = { perMinute: 3, perHour: 5, perDay: 8 };
// 06/12/2026 21:59:30 in Vietnam.
const t0 = new Date('2026-12-06T14:59:30Z');

function accept(n: number, at: Date, c = emptyCounters()) {
  for (let i = 0; i < n; i++) {
    const d = checkCaps(c, at, limits);
    if (!d.ok) throw new Error(`refused at ${i}`);
    c = countOpinion(c, at);
  }
  return c;
}

test('windows are the ward’s local minute, hour and day', () => {
  expect(windowKeys(t0)).toEqual({ minute: '2026-12-06T21:59', hour: '2026-12-06T21', day: '2026-12-06' });
  expect(nextWindowStart(t0, 'hour').toISOString()).toBe('2026-12-06T15:00:00.000Z');
  expect(nextWindowStart(t0, 'day').toISOString()).toBe('2026-12-06T17:00:00.000Z');
});

test('the minute cap refuses the next opinion until the next minute', () => {
  const c = accept(3, t0);
  const d = checkCaps(c, t0, limits);
  expect(d).toMatchObject({ ok: false, scope: 'minute', count: 3, limit: 3 });
  expect(checkCaps(c, new Date(t0.getTime() + 30_000), limits).ok).toBe(true);
});

test('the hour cap holds across minutes and says when the hour ends', () => {
  let c = accept(3, new Date('2026-12-06T14:10:00Z'));
  c = accept(2, new Date('2026-12-06T14:20:00Z'), c);
  const d = checkCaps(c, new Date('2026-12-06T14:30:00Z'), limits);
  expect(d).toMatchObject({ ok: false, scope: 'hour' });
  if (d.ok) throw new Error();
  expect(capMessage(d, new Date('2026-12-06T14:30:00Z'))).toContain('sau 22:00');
  expect(capMessage(d, new Date('2026-12-06T14:30:00Z'))).toContain('vẫn được giữ trên máy');
});

test('the day cap holds across hours; the message names tomorrow’s date', () => {
  let c = accept(3, new Date('2026-12-06T10:00:00Z'));
  c = accept(2, new Date('2026-12-06T10:05:00Z'), c);
  c = accept(3, new Date('2026-12-06T12:00:00Z'), c);
  const at = new Date('2026-12-06T13:00:00Z');
  const d = checkCaps(c, at, limits);
  expect(d).toMatchObject({ ok: false, scope: 'day' });
  if (d.ok) throw new Error();
  expect(capMessage(d, at)).toBe(
    'Hôm nay hòm thư đã nhận đủ số ý kiến tối đa. Ý kiến của bạn vẫn được giữ trên máy; vui lòng bấm “Gửi lại” sau 00:00 ngày 07/12/2026.',
  );
  expect(checkCaps(c, new Date('2026-12-06T17:00:00Z'), limits).ok).toBe(true);
});

test('counters round-trip through the property text; unreadable text starts from zero', () => {
  const c = accept(2, t0);
  expect(parseCounters(JSON.stringify(c))).toEqual(c);
  expect(parseCounters('garbage')).toEqual(emptyCounters());
  expect(parseCounters(JSON.stringify({ minute: { key: 5, n: -3 } })).minute).toEqual({ key: '', n: 0 });
});

test('photos are reserved in order until the day’s bytes or count run out; a new day starts over', () => {
  const lim = { photoBytesPerDay: 1000, photoCountPerDay: 4 };
  let r = reservePhotos(emptyCounters(), t0, [300, 300, 300], lim);
  expect(r.accepted).toBe(3);
  r = reservePhotos(r.counters, t0, [300, 50], lim);
  expect(r.accepted).toBe(0);
  r = reservePhotos(r.counters, t0, [50, 50], lim);
  expect(r.accepted).toBe(1); // the count budget (4) is reached
  r = reservePhotos(r.counters, new Date(t0.getTime() + 86_400_000), [300], lim);
  expect(r.accepted).toBe(1);
  expect(r.counters.photos).toEqual({ day: '2026-12-07', bytes: 300, count: 1 });
});
