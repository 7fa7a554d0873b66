/**
 * verifyPlatform on the built script, against the fakes: every assumption the fakes make (sandbox/fakes/assumptions.ts)
 * is exactly one reported check, each passes here, the scratch files, keys and mail are cleaned up, two runs at once
 * are kept apart, and a fake that behaved differently would be reported.
 */
import { ADMIN, logRows, newBox, payload } from '../../sandbox/box';
import { ASSUMPTIONS } from '../../sandbox/fakes/assumptions';
import { FakeCache } from '../../sandbox/fakes/script';
import { FakeGmailState } from '../../sandbox/fakes/gmail';
import { FakeTextFinder } from '../../sandbox/fakes/sheet-cells';
import { worldSnapshot } from '../../sandbox/snapshot';
import { PLATFORM_BUSY, PLATFORM_CHECK_IDS, REPORT_TITLE, type PlatformReport } from '../../src/core/platform/checks';
import type { Sandbox } from '../../sandbox/vm';

const run = (sb: Sandbox) => sb.run<PlatformReport>('verifyPlatform', [], { user: ADMIN }).value;

const check = (r: PlatformReport, id: string) => r.checks.find((c) => c.id === id)!;

describe('on the fakes', () => {
  const sb = newBox();
  const before = { files: sb.world.drive.items.size, sent: sb.world.gmail.sent.length };
  const report = run(sb);

  test('reports exactly the checks the fakes register, once each, and each passes', () => {
    const ids = report.checks.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ASSUMPTIONS.map((a) => a.id).sort());
    for (const c of report.checks) expect({ id: c.id, ok: c.ok }).toEqual({ id: c.id, ok: true });
    expect(report.title).toBe(`${REPORT_TITLE}: ${ids.length}/${ids.length} đạt`);
  });

  test('one Nhật ký line per check, as returned', () => {
    const lines = logRows(sb).filter((l) => l.startsWith(`${REPORT_TITLE} | `));
    expect(lines).toEqual(report.lines.map((l) => `${REPORT_TITLE} | ${l}`));
    for (const c of report.checks) expect(report.lines.filter((l) => l.includes(` · ${c.id} · `))).toHaveLength(1);
    for (const l of report.lines) expect(l).toBe(l.normalize('NFC'));
  });

  test('measures: the QR printed 9 cm wide from the PDF, the seconds until the sent mail was found', () => {
    expect(check(report, 'docs.qr-printed-width').detail).toMatch(/^In rộng 9,00 cm × 9,00 cm \(255,0 pt; ảnh \d+ px, đặt 255 px/);
    expect(check(report, 'gmail.sent-search').detail).toMatch(/^Tìm thấy sau \d+,\d giây/);
    expect(check(report, 'mail.remaining-quota').detail).toMatch(
      /^Còn (\d+) người nhận trước khi gửi, \d+ sau khi gửi một thư cho một địa chỉ\.$/,
    );
    expect(check(report, 'utilities.gzip-header').detail).toMatch(/FLG 0x00 \(FNAME không/);
    expect(check(report, 'docs.settext-keeps-format').detail).toMatch(/^setText làm mất định dạng/);
  });

  test('leaves nothing behind: scratch files trashed, mail trashed, no scratch key, no lease, no lock held', () => {
    const made = [...sb.world.drive.items.values()].slice(before.files);
    expect(made.length).toBeGreaterThanOrEqual(4);
    for (const item of made) expect({ name: item.name, trashed: sb.world.drive.inTrash(item) }).toEqual({ name: item.name, trashed: true });
    const mails = sb.world.gmail.sent.slice(before.sent);
    // The sent-mail search's message and the quota probe's.
    expect(mails).toHaveLength(2);
    for (const m of mails) expect({ to: m.to, trashed: m.trashed }).toEqual({ to: [ADMIN], trashed: true });
    expect([...sb.world.script.userCache.keys()]).toEqual([]);
    expect([...sb.world.script.cache.keys()].filter((k) => k.includes('platform'))).toEqual([]);
    expect([...sb.world.script.properties.keys()].filter((k) => /PLATFORM|platform/.test(k))).toEqual([]);
    expect(sb.world.script.lockHolder).toBeNull();
    // The box itself still works.
    expect(sb.run<{ ok: boolean }>('submitFeedback', [payload()]).value.ok).toBe(true);
  });
});

test('every check id is registered by the fakes, and every registered assumption has a check', () => {
  expect([...PLATFORM_CHECK_IDS].sort()).toEqual(ASSUMPTIONS.map((a) => a.id).sort());
  for (const a of ASSUMPTIONS) {
    expect(a.assumption.length).toBeGreaterThan(10);
    expect(a.fake).toMatch(/\.ts\b/);
  }
});

describe('two runs at once', () => {
  test('the second is refused in Vietnamese before it changes anything; the first goes on', () => {
    const sb = newBox();
    let refusal: unknown = null;
    let snapshotBefore = '';
    let snapshotAfter = '';
    sb.world.faultHook = (call) => {
      if (call !== 'DriveApp.createFolder') return;
      sb.world.faultHook = null;
      snapshotBefore = worldSnapshot(sb.world);
      try {
        sb.run('verifyPlatform', [], { user: ADMIN });
      } catch (e) {
        refusal = e;
      }
      snapshotAfter = worldSnapshot(sb.world);
    };
    const first = run(sb);
    expect(String((refusal as Error)?.message)).toBe(PLATFORM_BUSY);
    expect(snapshotAfter).toBe(snapshotBefore);
    expect(first.checks.every((c) => c.ok === true)).toBe(true);
    // Afterwards a new run is welcome again.
    expect(run(sb).checks.every((c) => c.ok === true)).toBe(true);
  });

  test('a lease left by a run that was killed expires; a live one refuses', () => {
    const sb = newBox();
    const props = sb.world.script.properties;
    props.set('PLATFORM_CHECK_LEASE', JSON.stringify({ token: 'KTNT-OLD', until: Date.now() + 60_000 }));
    const before = worldSnapshot(sb.world);
    expect(() => sb.run('verifyPlatform', [], { user: ADMIN })).toThrow(PLATFORM_BUSY);
    expect(worldSnapshot(sb.world)).toBe(before);
    props.set('PLATFORM_CHECK_LEASE', JSON.stringify({ token: 'KTNT-OLD', until: Date.now() - 1 }));
    expect(run(sb).checks.every((c) => c.ok === true)).toBe(true);
    expect(props.has('PLATFORM_CHECK_LEASE')).toBe(false);
  });
});

test('only the owner: a staff member running the project as themselves is refused, changing nothing', () => {
  const sb = newBox();
  const staff = 'can.bo.mttq@example.org';
  const before = worldSnapshot(sb.world);
  expect(() => sb.run('verifyPlatform', [], { user: staff, effectiveUser: staff })).toThrow(/chỉ chủ sở hữu hòm thư/);
  expect(worldSnapshot(sb.world)).toBe(before);
});

describe('a fake that behaved differently from what it registers would be reported', () => {
  const patch = <T extends object, K extends keyof T>(obj: T, key: K, value: T[K]) => {
    const original = obj[key];
    obj[key] = value;
    return () => {
      obj[key] = original;
    };
  };

  test('a larger cache value accepted: cache.limits fails', () => {
    const restore = patch(FakeCache.prototype, 'put', function (this: FakeCache, key: string, value: string) {
      // No size limit at all.
      void key;
      void value;
    });
    try {
      const r = run(newBox());
      expect(check(r, 'cache.limits').ok).toBe(false);
      expect(check(r, 'cache.limits').detail).toMatch(/102401 byte: VẪN lưu được/);
    } finally {
      restore();
    }
  });

  test('sent mail never found: gmail.sent-search fails and says to delete the message by hand', () => {
    const restore = patch(FakeGmailState.prototype, 'search', () => []);
    try {
      const r = run(newBox());
      expect(check(r, 'gmail.sent-search').ok).toBe(false);
      expect(check(r, 'gmail.sent-search').detail).toMatch(/chưa thấy thư vừa gửi.*xóa thư .* bằng tay/);
    } finally {
      restore();
    }
  });

  test('TextFinder skipping hidden rows: recorded, not failed (the box must not rely on it)', () => {
    const original = FakeTextFinder.prototype.findNext;
    const restore = patch(FakeTextFinder.prototype, 'findNext', function (this: FakeTextFinder<unknown>) {
      const hit = original.call(this) as { getRow(): number; getSheet(): { isRowHiddenByFilter(r: number): boolean } } | null;
      return hit && hit.getSheet().isRowHiddenByFilter(hit.getRow()) ? null : hit;
    });
    try {
      const r = run(newBox());
      expect(check(r, 'sheets.textfinder-hidden-rows')).toMatchObject({
        ok: true,
        detail: expect.stringMatching(/^Không: TextFinder bỏ qua/),
      });
    } finally {
      restore();
    }
  });
});
