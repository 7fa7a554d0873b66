import { claimedTriggerUid, decideAccess } from '../../../src/core/admin/guard';

test('anonymous callers are refused, whatever else they claim', () => {
  expect(decideAccess({ activeUser: '', admins: ['a@x.org'] })).toEqual({ allowed: false, reason: 'anonymous' });
  expect(decideAccess({ activeUser: '', admins: [], firstSetup: true }).allowed).toBe(false);
  expect(decideAccess({ activeUser: '', admins: [], triggerUid: '42', projectTriggerUids: ['41'] }).allowed).toBe(false);
});

test('a trigger of this project, an admin (any case), or the very first setup pass', () => {
  expect(decideAccess({ activeUser: '', admins: [], triggerUid: '42', projectTriggerUids: ['41', '42'] })).toEqual({
    allowed: true,
    as: 'trigger',
  });
  expect(decideAccess({ activeUser: 'A@X.org ', admins: ['a@x.org'] })).toEqual({ allowed: true, as: 'admin' });
  expect(decideAccess({ activeUser: 'b@x.org', admins: ['a@x.org'] })).toEqual({ allowed: false, reason: 'not-admin' });
  expect(decideAccess({ activeUser: 'b@x.org', admins: [], firstSetup: true })).toEqual({ allowed: true, as: 'first-setup' });
});

test('claimed trigger uids are read only from strings and numbers', () => {
  expect(claimedTriggerUid({ triggerUid: '123' })).toBe('123');
  expect(claimedTriggerUid({ triggerUid: 123 })).toBe('123');
  expect(claimedTriggerUid({ triggerUid: { toString: () => '1' } })).toBeUndefined();
  expect(claimedTriggerUid(null)).toBeUndefined();
  expect(claimedTriggerUid('triggerUid')).toBeUndefined();
});
