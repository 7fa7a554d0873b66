/**
 * Any web-app visitor can call any top-level function by name through google.script.run.
 * Every function but the three public ones must refuse such a caller with no side effect at all.
 * The list of functions is read from the pushed script, so a new function cannot be forgotten.
 */
import { ADMIN, newBox, payload } from '../../sandbox/box';
import { worldSnapshot } from '../../sandbox/snapshot';

const PUBLIC = ['doGet', 'submitFeedback', 'lookupFeedback'];
const DENIED = /Không có quyền/;

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

test('the script has admin and trigger functions to guard', () => {
  expect(guarded).toEqual(expect.arrayContaining(['setup', 'sendPendingEmails', 'onOpen']));
});

describe.each(guarded)('%s', (fn) => {
  const callers: [string, unknown[], { user?: string }][] = [
    ['an anonymous visitor', [], {}],
    ['an anonymous visitor forging a trigger event', [{ triggerUid: '1000001', authMode: 'FULL' }], {}],
    ['an anonymous visitor passing junk', [{ range: { sheet: 'Góp ý', row: 2, column: 18 }, value: 'Đã trả lời' }], {}],
    ['a signed-in user who is not an admin', [], { user: 'stranger@example.com' }],
  ];
  test.each(callers)('refuses %s, changing nothing', (_who, args, opts) => {
    const sb = prepared();
    const before = worldSnapshot(sb.world);
    const sentBefore = sb.world.gmail.sent.length;
    let threw: unknown = null;
    try {
      sb.run(fn, args, opts);
    } catch (e) {
      threw = e;
    }
    if (fn === 'onOpen') {
      // onOpen only builds a menu, and there is no UI in a web-app call: it must do nothing.
      expect(threw).toBeNull();
    } else {
      expect(String((threw as Error)?.message)).toMatch(DENIED);
    }
    expect(worldSnapshot(sb.world)).toBe(before);
    expect(sb.world.gmail.sent.length).toBe(sentBefore);
  });
});

test('the real trigger and the admin are let through', () => {
  const sb = prepared();
  const uid = sb.world.script.triggers.find((t) => t.handler === 'sendPendingEmails')!.uid;
  expect(() => sb.fireTrigger(uid)).not.toThrow();
  expect(() => sb.run('sendPendingEmails', [], { user: ADMIN })).not.toThrow();
  expect(() => sb.run('sendPendingEmails', [], { user: ADMIN.toUpperCase() })).not.toThrow();
});

test('an admin added in the Cấu hình sheet is let through; a removed one is not', () => {
  const sb = prepared();
  const other = 'pho.chu.tich@example.org';
  expect(() => sb.run('sendPendingEmails', [], { user: other })).toThrow(DENIED);
  const { setConfigValue } = jest.requireActual('../../sandbox/box') as typeof import('../../sandbox/box');
  setConfigValue(sb, 'Email quản trị', `${ADMIN}, ${other}`);
  expect(() => sb.run('sendPendingEmails', [], { user: other })).not.toThrow();
});

test.each(guarded.filter((f) => f !== 'onOpen'))('%s refuses a real trigger uid that belongs to another function', (fn) => {
  const sb = prepared();
  const other = sb.world.script.triggers.find((t) => t.handler !== fn)!;
  const before = worldSnapshot(sb.world);
  expect(() => sb.run(fn, [{ triggerUid: other.uid }])).toThrow(DENIED);
  expect(worldSnapshot(sb.world)).toBe(before);
});

describe('owner-only actions', () => {
  const STAFF = 'can.bo.mttq@example.org';
  const ownerOnly = [
    'setup',
    'sendPendingEmails',
    'generatePosters',
    'regenerateAllPosters',
    'sendWeeklyDigest',
    'buildSynthesisReport',
    'buildLocationNotices',
    'purgeExpiredPersonalData',
    'verifyPlatform',
  ];

  function withStaffAdmin() {
    const sb = prepared();
    const { setConfigValue } = jest.requireActual('../../sandbox/box') as typeof import('../../sandbox/box');
    setConfigValue(sb, 'Email quản trị', `${ADMIN}, ${STAFF}`);
    return sb;
  }

  test.each(ownerOnly)('%s run by a staff admin from the Sheet menu is refused, naming the owner, changing nothing', (fn) => {
    const sb = withStaffAdmin();
    const before = worldSnapshot(sb.world);
    expect(() => sb.run(fn, [], { user: STAFF, ui: true })).toThrow(/chỉ chủ sở hữu hòm thư \(admin@example\.org\)/);
    expect(worldSnapshot(sb.world)).toBe(before);
  });

  test('a staff admin may give codes to typed rows (sheet only)', () => {
    const sb = withStaffAdmin();
    expect(() => sb.run('assignCodesToManualRows', [], { user: STAFF, ui: true })).not.toThrow();
  });

  test('the first setup cannot be claimed through the web app', () => {
    const sb = newBox({ bare: true });
    const before = worldSnapshot(sb.world);
    // A signed-in visitor of the web app: the script acts as the deployer, not as them.
    expect(() => sb.run('setup', [], { user: 'visitor@example.org' })).toThrow(DENIED);
    expect(worldSnapshot(sb.world)).toBe(before);
  });

  test('handing over: a staff admin takes over, then runs setup as the new owner; the old owner is no longer an admin', () => {
    const sb = withStaffAdmin();
    sb.run('takeOverBox', [], { user: STAFF, ui: true });
    expect(sb.world.script.properties.get('OWNER_EMAIL')).toBe(STAFF);
    expect(() => sb.run('setup', [], { user: STAFF, ui: true })).not.toThrow();
    const { setConfigValue } = jest.requireActual('../../sandbox/box') as typeof import('../../sandbox/box');
    setConfigValue(sb, 'Email quản trị', STAFF);
    expect(() => sb.run('sendPendingEmails', [], { user: ADMIN, ui: true, effectiveUser: ADMIN })).toThrow(DENIED);
  });

  test('a stranger cannot take over', () => {
    const sb = prepared();
    const before = worldSnapshot(sb.world);
    expect(() => sb.run('takeOverBox', [], { user: 'stranger@example.org', ui: true })).toThrow(DENIED);
    expect(worldSnapshot(sb.world)).toBe(before);
  });
});
