/**
 * verifyPlatform on the built script, against the fakes: every assumption the fakes make (sandbox/fakes/assumptions.ts)
 * is exactly one reported check, each passes here, the scratch files, keys and mail are cleaned up, two runs at once
 * are kept apart, and a fake that behaved differently would be reported.
 */
import { ADMIN, BOX_TRIGGER_HANDLERS, logRows, newBox, payload } from '../../sandbox/box';
import { ASSUMPTIONS } from '../../sandbox/fakes/assumptions';
import { FakeCache, FakeProperties, FakeScriptState } from '../../sandbox/fakes/script';
import { FakeBlob, FakeFile } from '../../sandbox/fakes/drive';
import { FakeGmailState, FakeGmailThread } from '../../sandbox/fakes/gmail';
import { FakeTextFinder } from '../../sandbox/fakes/sheet-cells';
import { FakeRange, FakeSheet } from '../../sandbox/fakes/spreadsheet';
import { FakeFolder } from '../../sandbox/fakes/drive';
import { FakeTable } from '../../sandbox/fakes/docs-table';
import { FakeChart } from '../../sandbox/fakes/charts';
import { worldSnapshot } from '../../sandbox/snapshot';
import { PLATFORM_BUSY, PLATFORM_CHECK_IDS, REPORT_TITLE, type PlatformReport } from '../../src/core/platform/checks';
import type { Sandbox } from '../../sandbox/vm';

const run = (sb: Sandbox) => sb.run<PlatformReport>('verifyPlatform', [], { user: ADMIN }).value;

const check = (r: PlatformReport, id: string) => r.checks.find((c) => c.id === id)!;

/** Every check passed, but script.lock-at-end, which a run leaves to the admin page's second call. */
const allPassed = (r: PlatformReport) => r.checks.every((c) => (c.id === 'script.lock-at-end' ? c.ok === null : c.ok === true));

describe('on the fakes', () => {
  const sb = newBox();
  const before = {
    files: sb.world.drive.items.size,
    sent: sb.world.gmail.sent.length,
    triggers: sb.world.script.triggers.map((t) => t.uid),
  };
  const report = run(sb);
  // The admin page's second call: the lock the run ended holding must be free in a new execution.
  const second = sb.run<PlatformReport>('verifyPlatform', [{ phase: 'lock-at-end' }], { user: ADMIN }).value;

  test('reports exactly the checks the fakes register, once each, and each passes (the lock at the end in a second call)', () => {
    const ids = report.checks.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ASSUMPTIONS.map((a) => a.id).sort());
    expect((report as PlatformReport & { lockLeftHeld?: boolean }).lockLeftHeld).toBe(true);
    expect(check(report, 'script.lock-at-end').ok).toBeNull();
    const final = report.checks.map((c) => (c.id === 'script.lock-at-end' ? second.checks[0] : c));
    for (const c of final) expect({ id: c.id, ok: c.ok }).toEqual({ id: c.id, ok: true });
    expect(second.checks[0].detail).toMatch(/^Lần chạy trước kết thúc khi đang giữ khóa; lần chạy này lấy được khóa sau \d+ ms\.$/);
    expect(report.title).toBe(`${REPORT_TITLE}: ${ids.length - 1}/${ids.length} đạt, 1 chưa rõ`);
  });

  test('the trigger limit is measured with one-off triggers the check removes again', () => {
    expect(check(report, 'script.trigger-limit').detail).toMatch(
      /^Dự án có sẵn 6 trình kích hoạt; tạo thêm được 14 thì bị từ chối \(tổng 20\): "This script has too many triggers/,
    );
    expect(sb.world.script.triggers.map((t) => t.handler).sort()).toEqual(BOX_TRIGGER_HANDLERS);
  });

  test('one Nhật ký line per check, as returned', () => {
    const lines = logRows(sb).filter((l) => l.startsWith(`${REPORT_TITLE} | `));
    expect(lines).toEqual([...report.lines, ...second.lines].map((l) => `${REPORT_TITLE} | ${l}`));
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
    // What one account cannot see is said, not claimed.
    expect(check(report, 'script.triggers-own-account').detail).toMatch(/^Tài khoản này có 6 trình kích hoạt; .*\(chỉ ghi nhận\)\.$/);
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
    // The scratch trigger is gone; the box's own are as they were.
    expect(sb.world.script.triggers.map((t) => t.uid)).toEqual(before.triggers);
    // The box itself still works.
    expect(sb.run<{ ok: boolean }>('submitFeedback', [payload()]).value.ok).toBe(true);
  });
});

// A box of its own, made after the one above: payload() works against the box made last.
test('a lock that outlived its execution would be reported', () => {
  const other = newBox();
  const realRelease = other.world.script.releaseLockOf.bind(other.world.script);
  other.world.script.releaseLockOf = () => {};
  expect((run(other) as PlatformReport & { lockLeftHeld?: boolean }).lockLeftHeld).toBe(true);
  other.world.script.releaseLockOf = realRelease;
  const probe = other.run<PlatformReport>('verifyPlatform', [{ phase: 'lock-at-end' }], { user: ADMIN }).value;
  expect(probe.checks[0]).toMatchObject({ id: 'script.lock-at-end', ok: false });
  expect(logRows(other).at(-1)).toContain('script.lock-at-end');
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
    expect(allPassed(first)).toBe(true);
    // Afterwards a new run is welcome again.
    expect(allPassed(run(sb))).toBe(true);
  });

  test('a lease left by a run that was killed expires; a live one refuses', () => {
    const sb = newBox();
    const props = sb.world.script.properties;
    props.set('PLATFORM_CHECK_LEASE', JSON.stringify({ token: 'KTNT-OLD', until: Date.now() + 60_000 }));
    const before = worldSnapshot(sb.world);
    expect(() => sb.run('verifyPlatform', [], { user: ADMIN })).toThrow(PLATFORM_BUSY);
    expect(worldSnapshot(sb.world)).toBe(before);
    props.set('PLATFORM_CHECK_LEASE', JSON.stringify({ token: 'KTNT-OLD', until: Date.now() - 1 }));
    expect(allPassed(run(sb))).toBe(true);
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

  test("a trigger list that leaves out the account's own new trigger: script.triggers-own-account fails, and the trigger is deleted", () => {
    const sb = newBox();
    const before = sb.world.script.triggers.map((t) => t.uid);
    const original = FakeScriptState.prototype.triggersOf;
    const restore = patch(FakeScriptState.prototype, 'triggersOf', function (this: FakeScriptState, account: string) {
      return original.call(this, account).filter((t) => before.includes(t.uid));
    });
    try {
      const r = run(sb);
      expect(check(r, 'script.triggers-own-account').ok).toBe(false);
      expect(check(r, 'script.triggers-own-account').detail).toMatch(/KHÔNG có trong danh sách getProjectTriggers/);
    } finally {
      restore();
    }
    expect(sb.world.script.triggers.map((t) => t.uid)).toEqual(before);
  });

  test('table borders that stay: docs.report-layout fails and says so', () => {
    const restore = patch(FakeTable.prototype, 'setBorderWidth', function (this: FakeTable) {
      return this;
    });
    try {
      const r = run(newBox());
      expect(check(r, 'docs.report-layout').ok).toBe(false);
      expect(check(r, 'docs.report-layout').detail).toMatch(/đầu báo cáo có viền/);
    } finally {
      restore();
    }
  });

  test('a chart image cut short: charts.png-image fails, naming the broken chunk', () => {
    const original = FakeChart.prototype.getAs;
    const restore = patch(FakeChart.prototype, 'getAs', function (this: FakeChart, type: string) {
      const blob = original.call(this, type);
      return new FakeBlob(blob.bytes.slice(0, blob.bytes.length - 20), blob.contentType, blob.name);
    });
    try {
      const r = run(newBox());
      expect(check(r, 'charts.png-image').ok).toBe(false);
      expect(check(r, 'charts.png-image').detail).toMatch(/không phải PNG hợp lệ: PNG: /);
    } finally {
      restore();
    }
  });

  test('a setProperties that drops the other keys: properties.limits fails', () => {
    const sb = newBox();
    const restore = patch(FakeProperties.prototype, 'setProperties', function (this: FakeProperties, props: Record<string, string>) {
      // As if deleteAllOthers were always true.
      for (const k of this.getKeys()) this.deleteProperty(k);
      for (const [k, v] of Object.entries(props)) this.setProperty(k, v);
      return this;
    });
    try {
      const r = run(sb);
      expect(check(r, 'properties.limits').ok).toBe(false);
      expect(check(r, 'properties.limits').detail).toMatch(/setProperties nhiều khóa một lần: KHÔNG như mong đợi/);
    } finally {
      restore();
    }
  });

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

  test('two large values refused in one putAll: cache.limits fails (the hourly refresh stores two)', () => {
    const original = FakeCache.prototype.putAll;
    const restore = patch(FakeCache.prototype, 'putAll', function (this: FakeCache, values: Record<string, string>, ttl?: number) {
      const total = Object.values(values).reduce((n, v) => n + v.length, 0);
      if (total > 100 * 1024) throw new Error('Argument too large: values');
      original.call(this, values, ttl);
    });
    try {
      const r = run(newBox());
      expect(check(r, 'cache.limits').ok).toBe(false);
      expect(check(r, 'cache.limits').detail).toMatch(/một putAll: bị từ chối/);
    } finally {
      restore();
    }
  });

  test('sent mail never found: gmail.sent-search fails, the searches after it are not tried, and the test mail is to be deleted by hand', () => {
    const restore = patch(FakeGmailState.prototype, 'search', () => []);
    try {
      const r = run(newBox());
      expect(check(r, 'gmail.sent-search').ok).toBe(false);
      expect(check(r, 'gmail.sent-search').detail).toMatch(/chưa thấy thư vừa gửi/);
      for (const id of ['gmail.date-search', 'gmail.body-search']) expect(check(r, id)).toMatchObject({ ok: null });
      expect(check(r, 'gmail.trashed-not-found').ok).toBeNull();
      expect(check(r, 'gmail.trashed-not-found').detail).toMatch(/xóa thư .* bằng tay/);
    } finally {
      restore();
    }
  });

  test('a date search that ignores before:: gmail.date-search fails', () => {
    const original = FakeGmailState.prototype.search;
    const restore = patch(FakeGmailState.prototype, 'search', function (this: FakeGmailState, q: string) {
      return original.call(this, q.replace(/\b(?:before|after):\d+/g, ''));
    });
    try {
      const r = run(newBox());
      expect(check(r, 'gmail.sent-search').ok).toBe(true);
      expect(check(r, 'gmail.date-search').ok).toBe(false);
      expect(check(r, 'gmail.date-search').detail).toMatch(/trước đó một giờ: VẪN thấy/);
    } finally {
      restore();
    }
  });

  test('a search that reads only subjects: gmail.body-search fails', () => {
    const original = FakeGmailState.prototype.search;
    const restore = patch(FakeGmailState.prototype, 'search', function (this: FakeGmailState, q: string) {
      return original
        .call(this, q)
        .filter((m) => q.includes('subject:') || q.split('"').some((w, i) => i % 2 === 1 && m.subject.includes(w)));
    });
    try {
      const r = run(newBox());
      expect(check(r, 'gmail.sent-search').ok).toBe(true);
      expect(check(r, 'gmail.body-search').ok).toBe(false);
    } finally {
      restore();
    }
  });

  test('trashed threads still found: gmail.trashed-not-found fails', () => {
    const restore = patch(FakeGmailThread.prototype, 'moveToTrash', function (this: FakeGmailThread) {
      return this;
    });
    try {
      const r = run(newBox());
      expect(check(r, 'gmail.trashed-not-found').ok).toBe(false);
      expect(check(r, 'gmail.trashed-not-found').detail).toMatch(/VẪN được tìm thấy/);
    } finally {
      restore();
    }
  });

  test('files that stay in the trash when their folder is taken out: drive.trashed-folder-contents fails', () => {
    const original = FakeFolder.prototype.setTrashed;
    const restore = patch(FakeFolder.prototype, 'setTrashed', function (this: FakeFolder, t: boolean) {
      // Taking a folder back leaves what it holds in the trash.
      if (!t) for (const f of this.drive.files()) if (f.parentId === this.id && this.drive.inTrash(f)) f.trashed = true;
      return original.call(this, t);
    });
    try {
      const r = run(newBox());
      expect(check(r, 'drive.trashed-folder-contents').ok).toBe(false);
      expect(check(r, 'drive.trashed-folder-contents').detail).toMatch(/vẫn ở thùng rác/);
    } finally {
      restore();
    }
  });

  test('a creation date far from when the file was made: drive.date-created fails', () => {
    const restore = patch(FakeFile.prototype, 'getDateCreated', () => new Date(Date.UTC(2020, 0, 1)));
    try {
      const r = run(newBox());
      expect(check(r, 'drive.date-created').ok).toBe(false);
      expect(check(r, 'drive.date-created').detail).toMatch(/lệch/);
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
  test('ranges that stay put when rows inside them are deleted: sheets.deleted-rows-shrink-ranges fails', () => {
    // deleteRows without its range upkeep: the rule and the protected range keep A2:C10.
    const original = FakeSheet.prototype.deleteRows;
    const restore = patch(FakeSheet.prototype, 'deleteRows', function (this: FakeSheet, position: number, howMany: number) {
      const rules = this.conditionalRules.map((r) => [...r.ranges]);
      const protections = this.protections.map((p) => p.a1);
      original.call(this, position, howMany);
      this.conditionalRules.forEach((r, i) => (r.ranges = rules[i]));
      this.protections.forEach((p, i) => (p.a1 = protections[i]));
    });
    try {
      const r = run(newBox());
      expect(check(r, 'sheets.deleted-rows-shrink-ranges')).toMatchObject({
        ok: false,
        detail: 'Sau khi xóa dòng 3–4 trong vùng A2:C10: quy tắc tô màu A2:C10, vùng bảo vệ A2:C10 (mong đợi A2:C8).',
      });
    } finally {
      restore();
    }
  });
  test('a range past the grid written or protected anyway: sheets.stale-range-past-grid fails', () => {
    const restore = patch(FakeRange.prototype, 'checkInGrid', function () {});
    try {
      const r = run(newBox());
      expect(check(r, 'sheets.stale-range-past-grid')).toMatchObject({
        ok: false,
        detail: 'Vùng A1:A1000 đặt trước khi xóa 2 dòng cuối: ghi được chấp nhận, bảo vệ được chấp nhận; còn 998 dòng.',
      });
    } finally {
      restore();
    }
  });
  test('a whole-column read that leaves out hidden rows: sheets.column-read-hidden-rows fails', () => {
    const original = FakeRange.prototype.getValues;
    const restore = patch(FakeRange.prototype, 'getValues', function (this: FakeRange) {
      const rows = original.call(this);
      const sheet = this.getSheet();
      return rows.map((r, i) =>
        sheet.isRowHiddenByFilter(this.getRow() + i) || sheet.isRowHiddenByUser(this.getRow() + i) ? r.map(() => '') : r,
      );
    });
    try {
      const r = run(newBox());
      expect(check(r, 'sheets.column-read-hidden-rows').ok).toBe(false);
      expect(check(r, 'sheets.column-read-hidden-rows').detail).toMatch(
        /^Đọc cả cột A:A hoặc cả bảng A1:B thiếu hoặc lệch KTNT-[0-9A-F]{8}-b, KTNT-[0-9A-F]{8}-c:/,
      );
    } finally {
      restore();
    }
  });

  test('a title search that finds nothing: drive.photo-folder-listing fails and names the search', () => {
    const restore = patch(FakeFolder.prototype, 'searchFiles', function (this: FakeFolder) {
      return this.getFilesByName('');
    });
    try {
      const r = run(newBox());
      expect(check(r, 'drive.photo-folder-listing').ok).toBe(false);
      expect(check(r, 'drive.photo-folder-listing').detail).toMatch(/tìm "title contains 'KTNT-[0-9A-F]{8}-'" không thấy/);
    } finally {
      restore();
    }
  });
});
