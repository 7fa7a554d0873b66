/**
 * A script that spends the lookup's minute cap on made-up codes, on the built script: once the hourly refresh has
 * stored the filter of the codes the box holds, a resident's own code is still answered, within the lookup's round
 * trips; made-up codes past the cap read nothing.
 */
import { randomBytes } from 'node:crypto';
import { newBox, payload } from '../../sandbox/box';
import { roundTrips } from '../../sandbox/time-model';
import { makeTrackingCode } from '../../src/core/intake/tracking-code';
import { LOOKUP_MESSAGES } from '../../src/core/lookup/lookup';
import type { LookupResult, SubmitResult } from '../../src/shared/types';

test('a flood of made-up codes does not shut a resident out of the lookup of their own', () => {
  // One minute of the ward's clock, held still: the cap counts per minute.
  const at = Date.UTC(2026, 11, 7, 3, 0, 10);
  const sb = newBox({ now: () => at });
  const sent = sb.run<SubmitResult>('submitFeedback', [
    payload({ content: 'Cống thoát nước đầu ngõ 7 bị tắc, nước tràn lên đường.' }),
  ]).value;
  if (!sent.ok) throw new Error(JSON.stringify(sent));
  expect(sb.fireHandler('refreshPublicResults')[0].value).toMatchObject({ ok: true });

  let reads = 0;
  for (let i = 0; i < 160; i++) {
    const r = sb.run<LookupResult>('lookupFeedback', [makeTrackingCode('HB', randomBytes(32))]);
    reads += r.calls['Range.getValues'] ?? 0;
  }
  const capped = sb.run<LookupResult>('lookupFeedback', [makeTrackingCode('HB', randomBytes(32))]);
  expect(capped.value).toEqual({ found: false, message: LOOKUP_MESSAGES.capped });
  expect(capped.calls['Range.getValues'] ?? 0).toBe(0);
  // The default cap (120 a minute) was spent: one column read each, none past it.
  expect(reads).toBe(120);

  const own = sb.run<LookupResult>('lookupFeedback', [sent.trackingCode]);
  expect(own.value).toMatchObject({ found: true, trackingCode: sent.trackingCode, status: 'Mới' });
  expect(roundTrips(own.calls)).toBeLessThanOrEqual(6);
});
