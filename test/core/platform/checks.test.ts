import {
  PLATFORM_CHECKS,
  PLATFORM_CHECK_IDS,
  PLATFORM_LEASE_MS,
  SHA256_ABC_HEX,
  checkLine,
  cmText,
  hexOfBytes,
  leaseBlocks,
  parseLease,
  platformReport,
  runCheck,
  secondsText,
  signedByteRange,
} from '../../../src/core/platform/checks';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';

test('stable, unique ids with a Vietnamese title each', () => {
  expect(new Set(PLATFORM_CHECK_IDS).size).toBe(PLATFORM_CHECKS.length);
  for (const c of PLATFORM_CHECKS) {
    expect(c.id).toMatch(/^[a-z]+\.[a-z0-9-]+$/);
    expect(c.title).toBe(c.title.normalize('NFC'));
  }
});

test('the report: the checks in their fixed order, a missing one undecided, a count in the title', () => {
  const r = platformReport([
    { id: 'cache.limits', ok: false, detail: 'x' },
    { id: 'sheets.formula-rule', ok: true, detail: 'y' },
  ]);
  expect(r.checks.map((c) => c.id)).toEqual(PLATFORM_CHECK_IDS);
  expect(r.checks[0]).toEqual({ id: 'sheets.formula-rule', ok: true, detail: 'y' });
  expect(r.checks.find((c) => c.id === 'gmail.sent-search')).toMatchObject({ ok: null, detail: expect.stringMatching(/Không chạy được/) });
  expect(r.title).toBe(`Kiểm tra nền tảng: 1/${PLATFORM_CHECKS.length} đạt, 1 không đạt, ${PLATFORM_CHECKS.length - 2} chưa rõ`);
  expect(r.lines).toHaveLength(PLATFORM_CHECKS.length);
  expect(r.lines[0]).toBe('ĐẠT · sheets.formula-rule · Công thức tô màu quá hạn được nhận và đọc lại nguyên văn: y');
  expect(checkLine({ id: 'cache.limits', ok: false, detail: 'z' })).toMatch(/^KHÔNG ĐẠT · cache\.limits · /);
  expect(checkLine({ id: 'cache.limits', ok: null, detail: 'z' })).toMatch(/^CHƯA RÕ · /);
});

test('a check that throws is undecided, with the error', () => {
  expect(
    runCheck('script.lock', () => {
      throw new Error('Service unavailable');
    }),
  ).toEqual({ id: 'script.lock', ok: null, detail: 'Không kiểm tra được: Service unavailable' });
  expect(runCheck('script.lock', () => ({ ok: true, detail: 'd' }))).toEqual({ id: 'script.lock', ok: true, detail: 'd' });
});

test('signed bytes: the SHA-256 test vector read back through & 0xff', () => {
  const signed = [...createHash('sha256').update('abc').digest()].map((b) => (b > 127 ? b - 256 : b));
  expect(hexOfBytes(signed)).toBe(SHA256_ABC_HEX);
  expect(signedByteRange(signed)).toEqual({ allInRange: true, anyNegative: true });
  expect(signedByteRange([0, 200])).toEqual({ allInRange: false, anyNegative: false });
});

test('the lease: a live one blocks, an expired, missing or unreadable one does not', () => {
  const now = 1_000_000;
  const raw = JSON.stringify({ token: 'KTNT-1', until: now + PLATFORM_LEASE_MS });
  expect(parseLease(raw)).toEqual({ token: 'KTNT-1', until: now + PLATFORM_LEASE_MS });
  expect(leaseBlocks(raw, now)).toBe(true);
  expect(leaseBlocks(raw, now + PLATFORM_LEASE_MS)).toBe(false);
  expect(leaseBlocks(null, now)).toBe(false);
  expect(leaseBlocks('{not json', now)).toBe(false);
  expect(leaseBlocks(JSON.stringify({ token: 1 }), now)).toBe(false);
});

test('numbers as Vietnamese writes them', () => {
  expect(cmText(8.99583)).toBe('9,00 cm');
  expect(cmText(9, 0)).toBe('9 cm');
  expect(secondsText(2345)).toBe('2,3 giây');
});

test("the README's table of the platform self-check names every check", () => {
  const readme = readFileSync(path.join(__dirname, '../../../README.md'), 'utf8');
  const rows = new Set([...readme.matchAll(/^\| `([a-z]+\.[a-z0-9-]+)` +\|/gm)].map((m) => m[1]));
  expect(PLATFORM_CHECKS.map((c) => c.id).filter((id) => !rows.has(id))).toEqual([]);
});
