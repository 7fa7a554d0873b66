/**
 * Any web-app visitor can call any top-level function by name through google.script.run, signed in or not.
 * Every function but the three public ones must refuse such a caller with no side effect at all: an anonymous
 * visitor, a staff member (an editor of the Sheet, a viewer of the script) signed in to the web app, and someone
 * running the project as themselves who is not the owner. The list of functions is read from the pushed script, so
 * a new function cannot be forgotten. Only the owner and the project's own triggers get through.
 */
import { ADMIN, STAFF, boxSheet, boxSpreadsheet, newBox, payload, setConfigValue } from '../../sandbox/box';
import { worldSnapshot } from '../../sandbox/snapshot';
import type { FakeHtmlOutput } from '../../sandbox/fakes/script';
import type { Sandbox } from '../../sandbox/vm';
import { COL } from '../../src/core/records/feedback-record';

const PUBLIC = ['doGet', 'submitFeedback', 'lookupFeedback'];
const REFUSED = /Không có quyền|chỉ chủ sở hữu hòm thư|Chưa nhận bàn giao/;
const OTHER = 'nguoi.khac@example.org';

function prepared() {
  const sb = newBox();
  // Some state for functions to act on: a pending email, a location, a row.
  sb.world.gmail.exhaust();
  sb.run('submitFeedback', [payload()]);
  sb.world.gmail.restore();
  return sb;
}

const guarded = newBox({ bare: true })
  .topLevelFunctions()
  .filter((n) => !PUBLIC.includes(n))
  .sort();

test('the script has owner and trigger functions to guard, and no Sheet menu any more', () => {
  expect(guarded).toEqual(expect.arrayContaining(['setup', 'sendPendingEmails', 'onStaffEdit', 'takeOverBox']));
  expect(guarded).not.toContain('onOpen');
});

const callers: [string, unknown[], { user?: string; effectiveUser?: string }][] = [
  ['an anonymous visitor', [], {}],
  ['an anonymous visitor forging a trigger event', [{ triggerUid: '1000001', authMode: 'FULL' }], {}],
  ['an anonymous visitor passing an edit event as JSON', [{ range: { sheet: 'Góp ý', row: 2, column: 18 }, value: 'Đã trả lời' }], {}],
  ['a staff editor signed in to the web app', [], { user: STAFF }],
  ['a staff editor passing answers', [{ spreadsheet: 'ss-1-abcdefgh', period: '01/2020' }], { user: STAFF }],
  ['a staff editor running the project as themselves', [], { user: STAFF, effectiveUser: STAFF }],
  ['another account running the project as itself', [{ spreadsheet: '' }], { user: OTHER, effectiveUser: OTHER }],
];

describe.each(guarded)('%s', (fn) => {
  test.each(callers)('refuses %s, changing nothing', (_who, args, opts) => {
    const sb = prepared();
    const before = worldSnapshot(sb.world);
    const sentBefore = sb.world.gmail.sent.length;
    expect(() => sb.run(fn, args, opts)).toThrow(REFUSED);
    expect(worldSnapshot(sb.world)).toBe(before);
    expect(sb.world.gmail.sent.length).toBe(sentBefore);
  });
});

test.each(guarded)(
  '%s refuses a visitor, anonymous or signed in, before reading the code it runs on demand, whatever trigger the call claims',
  (fn) => {
    const sb = prepared();
    const reads = () => sb.world.calls.counts.get('HtmlService.createHtmlOutputFromFile') ?? 0;
    const before = reads();
    const otherTrigger = sb.world.script.triggers.find((t) => t.handler !== fn)!.uid;
    for (const opts of [{}, { user: STAFF }]) {
      for (const event of [undefined, { parameter: {} }, { triggerUid: '1000001', authMode: 'FULL' }, { triggerUid: otherTrigger }]) {
        expect(() => sb.run(fn, event ? [event] : [], opts)).toThrow('Không có quyền thực hiện chức năng này.');
      }
    }
    expect(reads()).toBe(before);
  },
);

test("the project's own trigger gets through the early refusal to the code read on demand", () => {
  const sb = prepared();
  const reads = () => sb.world.calls.counts.get('HtmlService.createHtmlOutputFromFile') ?? 0;
  const uid = sb.world.script.triggers.find((t) => t.handler === 'sendPendingEmails')!.uid;
  const before = reads();
  expect(() => sb.fireTrigger(uid)).not.toThrow();
  expect(reads()).toBe(before + 1);
  // The pending email of prepared() went out.
  expect(sb.world.gmail.sent.length).toBeGreaterThan(0);
});

test('a claimed trigger while the trigger list cannot be read is refused like a visitor, before the read', () => {
  const sb = prepared();
  const reads = () => sb.world.calls.counts.get('HtmlService.createHtmlOutputFromFile') ?? 0;
  const uid = sb.world.script.triggers.find((t) => t.handler === 'sendPendingEmails')!.uid;
  sb.world.script.triggersOf = () => {
    throw new Error('Service unavailable: Script');
  };
  const before = reads();
  expect(() => sb.run('sendPendingEmails', [{ triggerUid: uid }])).toThrow('Không có quyền thực hiện chức năng này.');
  expect(reads()).toBe(before);
});

test('the real trigger and the owner are let through', () => {
  const sb = prepared();
  const uid = sb.world.script.triggers.find((t) => t.handler === 'sendPendingEmails')!.uid;
  expect(() => sb.fireTrigger(uid)).not.toThrow();
  expect(() => sb.run('sendPendingEmails', [], { user: ADMIN })).not.toThrow();
  expect(() => sb.run('sendPendingEmails', [], { user: ADMIN.toUpperCase() })).not.toThrow();
});

test.each(guarded.filter((f) => f !== 'takeOverBox'))('%s refuses a real trigger uid that belongs to another function', (fn) => {
  const sb = prepared();
  const other = sb.world.script.triggers.find((t) => t.handler !== fn)!;
  const before = worldSnapshot(sb.world);
  expect(() => sb.run(fn, [{ triggerUid: other.uid }])).toThrow(REFUSED);
  expect(worldSnapshot(sb.world)).toBe(before);
});

test('a refusal says plainly, in Vietnamese, who may act', () => {
  const sb = prepared();
  expect(() => sb.run('generatePosters', [], { user: STAFF })).toThrow(
    'Không có quyền thực hiện chức năng này. Chỉ chủ sở hữu hòm thư được chạy chức năng quản trị.',
  );
  // Someone who can reach the project (the script editor) is told who the owner is.
  expect(() => sb.run('setup', [], { user: OTHER, effectiveUser: OTHER })).toThrow(
    /^Chức năng này chỉ chủ sở hữu hòm thư \(admin@example\.org\) chạy được/,
  );
});

test('a person listed in an old "Email quản trị" row gains nothing', () => {
  const sb = prepared();
  const config = boxSheet(sb, 'Cấu hình');
  config.getRange(config.getLastRow() + 1, 1, 1, 2).setValues([['Email quản trị', `${ADMIN}, ${STAFF}`]]);
  sb.world.script.cache.clear();
  const before = worldSnapshot(sb.world);
  expect(() => sb.run('assignCodesToManualRows', [], { user: STAFF })).toThrow(REFUSED);
  expect(() => sb.run('assignCodesToManualRows', [], { user: STAFF, effectiveUser: STAFF })).toThrow(REFUSED);
  expect(worldSnapshot(sb.world)).toBe(before);
});

describe('the first setup', () => {
  test('cannot be claimed through the web app by a signed-in visitor', () => {
    const sb = newBox({ bare: true });
    const before = worldSnapshot(sb.world);
    // A signed-in visitor of the web app: the script acts as the deployer, not as them.
    expect(() => sb.run('setup', [], { user: 'visitor@example.org' })).toThrow(REFUSED);
    expect(worldSnapshot(sb.world)).toBe(before);
    expect(sb.world.sheets.all()).toEqual([]);
  });

  test('records whoever runs it as themselves as the owner; after that only the owner runs it', () => {
    const sb = newBox({ bare: true });
    sb.run('setup', [], { user: ADMIN });
    expect(sb.world.script.properties.get('OWNER_EMAIL')).toBe(ADMIN);
    const before = worldSnapshot(sb.world);
    expect(() => sb.run('setup', [], { user: OTHER, effectiveUser: OTHER })).toThrow(/chỉ chủ sở hữu hòm thư \(admin@example\.org\)/);
    expect(worldSnapshot(sb.world)).toBe(before);
  });
});

describe('handing the box over', () => {
  /** What the old owner does first: the spreadsheet (a Drive file) transferred to the successor. */
  function transferSpreadsheet(sb: Sandbox, to: string) {
    const ss = boxSpreadsheet(sb);
    ss.owner = to;
    (sb.world.drive.get(ss.id) as { owner: string }).owner = to;
  }

  test('a successor who owns the spreadsheet takes over, then runs setup as the new owner; the old owner is refused', () => {
    const sb = prepared();
    transferSpreadsheet(sb, STAFF);
    const res = sb.run<{ ok: boolean; lines: string[] }>('takeOverBox', [], { user: STAFF, effectiveUser: STAFF }).value;
    expect(res.ok).toBe(true);
    expect(res.lines[0]).toBe(`Từ nay ${STAFF} là chủ sở hữu hòm thư.`);
    expect(sb.world.script.properties.get('OWNER_EMAIL')).toBe(STAFF);
    expect(() => sb.run('setup', [], { user: STAFF, effectiveUser: STAFF })).not.toThrow();
    const before = worldSnapshot(sb.world);
    expect(() => sb.run('sendPendingEmails', [], { user: ADMIN, effectiveUser: ADMIN })).toThrow(/chỉ chủ sở hữu hòm thư \(can\.bo/);
    expect(worldSnapshot(sb.world)).toBe(before);
  });

  /** The whole hand-over: the spreadsheet transferred, the successor takes over and runs setup as themselves. */
  function handOver(sb: Sandbox, to: string) {
    transferSpreadsheet(sb, to);
    sb.run('takeOverBox', [], { user: to, effectiveUser: to });
    sb.run('setup', [], { user: to, effectiveUser: to });
  }

  /** The world as it is now, but without `owner`'s triggers. */
  function snapshotWithout(sb: Sandbox, owner: string): string {
    const triggers = sb.world.script.triggers;
    const all = [...triggers];
    triggers.splice(0, triggers.length, ...all.filter((t) => t.owner !== owner));
    const snap = worldSnapshot(sb.world);
    triggers.splice(0, triggers.length, ...all);
    return snap;
  }

  const handlersOf = (sb: Sandbox, owner: string) =>
    sb.world.script.triggers
      .filter((t) => t.owner === owner)
      .map((t) => t.handler)
      .sort();

  test("the old owner's trigger, firing after the hand-over, does none of its work and deletes that account's triggers; the new owner's work", () => {
    const sb = prepared(); // a committee email waits for the pending trigger
    handOver(sb, STAFF);
    // Each account's setup installed its own triggers; both sets fire.
    expect(handlersOf(sb, ADMIN)).toEqual(handlersOf(sb, STAFF));
    expect(handlersOf(sb, STAFF)).toContain('sendPendingEmails');
    const expected = snapshotWithout(sb, ADMIN);
    const sent = sb.world.gmail.sent.length;
    const old = sb.world.script.triggers.find((t) => t.owner === ADMIN && t.handler === 'sendPendingEmails')!;

    expect(() => sb.fireTrigger(old.uid)).toThrow(
      `Trình kích hoạt này chạy dưới tài khoản ${ADMIN}, không phải chủ hòm thư (${STAFF}): có thể là của chủ cũ sau khi bàn giao`,
    );
    expect(sb.world.gmail.sent.length).toBe(sent);
    expect(worldSnapshot(sb.world)).toBe(expected);
    expect(handlersOf(sb, ADMIN)).toEqual([]);
    const warned = sb.world.logs.filter((l) => l.level === 'warn' && l.message.includes('"event":"guard.leftover-trigger"'));
    expect(warned).toHaveLength(1);
    expect(warned[0].message).toContain('"removed":6');

    // The new owner's pending trigger sends the waiting email.
    sb.fireHandler('sendPendingEmails');
    expect(sb.world.gmail.sent.length).toBe(sent + 1);
  });

  test("a staff edit fires both accounts' edit triggers: the old owner's stops and removes its account's triggers, the new owner's stamps the row", () => {
    const sb = prepared();
    handOver(sb, STAFF);
    const sheet = boxSheet(sb, 'Góp ý');
    const row = sheet.getLastRow();
    const [statusCol, updatedCol] = [COL.status, COL.updatedAt];
    expect(sheet.getRange(row, updatedCol).getValue()).toBe('');
    expect(() => sb.editSheet(STAFF, { sheet: 'Góp ý', row, column: statusCol }, [['Đang xử lý']])).toThrow(/không phải chủ hòm thư/);
    expect(handlersOf(sb, ADMIN)).toEqual([]);
    expect(handlersOf(sb, STAFF)).toHaveLength(6);
    expect(sheet.getRange(row, updatedCol).getValue()).not.toBe('');
    // The next edit fires the new owner's trigger only.
    const runs = sb.editSheet(STAFF, { sheet: 'Góp ý', row, column: statusCol }, [['Đã trả lời']]);
    expect(runs).toHaveLength(1);
    expect(runs[0].exec.effectiveUser).toBe(STAFF);
  });

  test("an edit trigger a project editor made under their own account stops itself and removes only that account's triggers", () => {
    const sb = prepared();
    const sheet = boxSheet(sb, 'Góp ý');
    const row = sheet.getLastRow();
    const own = sb.world.script.triggers.find((t) => t.owner === ADMIN && t.handler === 'onStaffEdit')!;
    // Someone with the script project open (not the owner, no hand-over) adds an edit trigger of the box's handler.
    sb.world.script.triggers.push({ ...own, uid: '1000000000000000099', owner: OTHER });
    expect(() => sb.editSheet(STAFF, { sheet: 'Góp ý', row, column: COL.status }, [['Đang xử lý']])).toThrow(/không phải chủ hòm thư/);
    expect(handlersOf(sb, OTHER)).toEqual([]);
    expect(handlersOf(sb, ADMIN)).toHaveLength(6);
    // The owner's own edit trigger did its work.
    expect(sheet.getRange(row, COL.updatedAt).getValue()).not.toBe('');
  });

  test('a trigger of the owner acting as the owner does its work: no leftover check stops it', () => {
    const sb = prepared();
    const sent = sb.world.gmail.sent.length;
    sb.fireHandler('sendPendingEmails');
    expect(sb.world.gmail.sent.length).toBe(sent + 1);
    expect(sb.world.logs.some((l) => l.message.includes('guard.leftover-trigger'))).toBe(false);
    expect(handlersOf(sb, ADMIN)).toHaveLength(6);
  });

  test('someone who does not own the spreadsheet yet is told what to do, and nothing changes', () => {
    const sb = prepared();
    const before = worldSnapshot(sb.world);
    expect(() => sb.run('takeOverBox', [], { user: OTHER, effectiveUser: OTHER })).toThrow(
      /Chưa nhận bàn giao được: bạn \(nguoi\.khac@example\.org\) chưa sở hữu bảng tính của hòm thư/,
    );
    expect(worldSnapshot(sb.world)).toBe(before);
  });
});

describe('the admin page (doGet ?view=admin)', () => {
  const adminGet = (sb: Sandbox, opts: { user?: string; effectiveUser?: string }) =>
    sb.run<FakeHtmlOutput>('doGet', [{ parameter: { view: 'admin' } }], opts).value.getContent();

  test.each([
    ['an anonymous visitor', {}],
    ['a staff editor signed in to the public web app', { user: STAFF }],
  ])('is refused to %s before anything is read, with no data and no side effect', (_who, opts) => {
    const sb = prepared();
    const before = worldSnapshot(sb.world);
    const run = sb.run<FakeHtmlOutput>('doGet', [{ parameter: { view: 'admin' } }], opts);
    expect(run.value.getContent()).toContain('Trang này chỉ dành cho chủ sở hữu hòm thư.');
    expect(run.value.getContent()).not.toContain('Phường Hòa Bình');
    // Who is asking, then the refusal page: no property, sheet, Drive or cache read.
    expect(Object.keys(run.calls).filter((k) => !/^(Session|User|HtmlService|HtmlOutput)\./.test(k))).toEqual([]);
    expect(worldSnapshot(sb.world)).toBe(before);
  });

  test('is served to the owner, with every action and the box links', () => {
    const sb = prepared();
    const html = adminGet(sb, { user: ADMIN });
    const boot = JSON.parse(/id="boot">([\s\S]*?)<\/script>/.exec(html)![1]);
    expect(boot).toMatchObject({ wardName: 'Phường Hòa Bình', owner: ADMIN, isOwner: true, setUp: true });
    expect(boot.links[0]).toEqual({ label: 'Bảng tính của hòm thư', url: boxSpreadsheet(sb).getUrl() });
    expect(boot.defaultPeriod).toMatch(/^\d\d\/\d{4}$/);
    // Two web apps: the residents' address must be configured, and the page says so until it is.
    expect(boot.reminders.join('\n')).toMatch(/Đường dẫn cho poster/);
    setConfigValue(sb, 'Đường dẫn cho poster (tùy chọn)', 'https://script.google.com/macros/s/RESIDENTS/exec');
    const again = JSON.parse(/id="boot">([\s\S]*?)<\/script>/.exec(adminGet(sb, { user: ADMIN }))![1]);
    expect(again.reminders).toEqual([]);
  });

  test("links to the residents' page only by the configured address, never the admin deployment's own; says why when it is unusable", () => {
    const sb = prepared();
    const bootOf = () => JSON.parse(/id="boot">([\s\S]*?)<\/script>/.exec(adminGet(sb, { user: ADMIN }))![1]);
    const residentsLink = (boot: { links: { label: string; url: string }[] }) =>
      boot.links.filter((l) => l.label === 'Trang góp ý cho người dân');
    // The running deployment's address is the admin page's: never offered as the residents' page.
    sb.world.script.serviceUrl = 'https://script.google.com/macros/s/ADMIN-DEPLOYMENT/exec';
    const unset = bootOf();
    expect(residentsLink(unset)).toEqual([]);
    expect(JSON.stringify(unset)).not.toContain('ADMIN-DEPLOYMENT');
    expect(unset.reminders.join('\n')).toMatch(/Đường dẫn cho poster/);
    setConfigValue(sb, 'Đường dẫn cho poster (tùy chọn)', 'https://script.google.com/macros/s/RESIDENTS/dev');
    const dev = bootOf();
    expect(residentsLink(dev)).toEqual([]);
    expect(dev.reminders.join('\n')).toMatch(/\/dev.*Đường dẫn cho poster/);
    setConfigValue(sb, 'Đường dẫn cho poster (tùy chọn)', 'https://script.google.com/macros/s/RESIDENTS/exec');
    const set = bootOf();
    expect(residentsLink(set)).toEqual([{ label: 'Trang góp ý cho người dân', url: 'https://script.google.com/macros/s/RESIDENTS/exec' }]);
    expect(set.reminders).toEqual([]);
  });

  test('shows a successor who runs their own deployment nothing of the box but the hand-over', () => {
    const sb = prepared();
    const html = adminGet(sb, { user: OTHER, effectiveUser: OTHER });
    const boot = JSON.parse(/id="boot">([\s\S]*?)<\/script>/.exec(html)![1]);
    expect(boot).toMatchObject({ isOwner: false, setUp: false, links: [], wardName: '' });
  });
});
