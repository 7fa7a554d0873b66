import { alreadySentMessage, digestWeek } from '../../../src/core/mail/digest-week';

test('the week is Monday to Sunday in Vietnam time', () => {
  // Monday 30/11/2026 07:00 in Vietnam is 00:00 UTC.
  expect(digestWeek(new Date('2026-11-30T00:00:00Z'))).toBe('2026-11-30');
  // Sunday 06/12/2026 23:59 in Vietnam.
  expect(digestWeek(new Date('2026-12-06T16:59:00Z'))).toBe('2026-11-30');
  // Monday 07/12/2026 00:00 in Vietnam is Sunday 17:00 UTC.
  expect(digestWeek(new Date('2026-12-06T17:00:00Z'))).toBe('2026-12-07');
  expect(alreadySentMessage('2026-11-30')).toContain('30/11/2026');
});
