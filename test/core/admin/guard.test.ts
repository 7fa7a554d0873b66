import { claimedTriggerUid, decideAccess, isLeftoverTrigger } from '../../../src/core/admin/guard';

const OWNER = 'box@x.org';

test('anonymous callers are refused, whatever else they claim', () => {
  expect(decideAccess({ activeUser: '', effectiveUser: OWNER, owner: OWNER })).toEqual({ allowed: false, reason: 'anonymous' });
  expect(decideAccess({ activeUser: '', effectiveUser: OWNER, owner: null, setup: true }).allowed).toBe(false);
  expect(decideAccess({ activeUser: '', effectiveUser: OWNER, owner: OWNER, triggerUid: '42', projectTriggerUids: ['41'] }).allowed).toBe(
    false,
  );
});

test('a trigger of this project for the function, or the owner acting as themselves (any case), pass', () => {
  expect(decideAccess({ activeUser: '', effectiveUser: OWNER, owner: OWNER, triggerUid: '42', projectTriggerUids: ['41', '42'] })).toEqual({
    allowed: true,
    as: 'trigger',
  });
  expect(decideAccess({ activeUser: 'Box@X.org ', effectiveUser: OWNER, owner: OWNER })).toEqual({ allowed: true, as: 'owner' });
});

test('a signed-in web-app visitor is never let through: the script acts as the deployer, not as them', () => {
  // A staff member signed in to the public web app (Workspace domains show their email).
  expect(decideAccess({ activeUser: 'staff@x.org', effectiveUser: OWNER, owner: OWNER })).toEqual({ allowed: false, reason: 'visitor' });
  // The same before the first setup: no first setup through someone else's web app.
  expect(decideAccess({ activeUser: 'staff@x.org', effectiveUser: OWNER, owner: null, setup: true })).toEqual({
    allowed: false,
    reason: 'visitor',
  });
});

test('someone running the project as themselves is refused unless owner; only setup runs before an owner is recorded', () => {
  expect(decideAccess({ activeUser: 'other@x.org', effectiveUser: 'other@x.org', owner: OWNER })).toEqual({
    allowed: false,
    reason: 'not-owner',
  });
  expect(decideAccess({ activeUser: 'other@x.org', effectiveUser: 'other@x.org', owner: OWNER, setup: true }).allowed).toBe(false);
  expect(decideAccess({ activeUser: OWNER, effectiveUser: OWNER, owner: null, setup: true })).toEqual({ allowed: true, as: 'first-setup' });
  expect(decideAccess({ activeUser: OWNER, effectiveUser: OWNER, owner: null })).toEqual({ allowed: false, reason: 'no-owner' });
});

test('claimed trigger uids are read only from strings and numbers', () => {
  expect(claimedTriggerUid({ triggerUid: '123' })).toBe('123');
  expect(claimedTriggerUid({ triggerUid: 123 })).toBe('123');
  expect(claimedTriggerUid({ triggerUid: { toString: () => '1' } })).toBeUndefined();
  expect(claimedTriggerUid(null)).toBeUndefined();
  expect(claimedTriggerUid('triggerUid')).toBeUndefined();
});

test("a trigger acting as another account than the owner is a previous owner's leftover; unknown on either side decides nothing", () => {
  expect(isLeftoverTrigger('old@x.org', OWNER)).toBe(true);
  expect(isLeftoverTrigger(OWNER, OWNER)).toBe(false);
  expect(isLeftoverTrigger(' BOX@X.org ', OWNER)).toBe(false);
  expect(isLeftoverTrigger('', OWNER)).toBe(false);
  expect(isLeftoverTrigger('old@x.org', null)).toBe(false);
  expect(isLeftoverTrigger('old@x.org', '  ')).toBe(false);
});
