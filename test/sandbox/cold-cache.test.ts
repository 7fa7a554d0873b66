/**
 * A submission on a cold cache (the script cache emptied, as Apps Script does at least every 6 hours and the box does
 * after a configuration edit) reads the settings from the script properties. It takes the script lock before that
 * read, so the same read gives the caps their counters: one property read, with the caps still counted under the
 * lock, and a refusal on the way still gives the lock back.
 */
import { newBox, payload, setConfigValue } from '../../sandbox/box';
import type { Sandbox } from '../../sandbox/vm';
import { structuralJpeg } from '../helpers/jpeg';
import { FakeLock } from '../../sandbox/fakes/script';

type Submit = { ok: boolean; trackingCode?: string; retryable?: boolean; errors?: { message: string }[] };

function rows(sb: Sandbox): number {
  return sb.world.boxSpreadsheet()!.getSheetByName('Góp ý')!.getDataRange().getValues().length - 1;
}

describe('a submission on a cold cache', () => {
  test('reads the script properties once, under the lock, and writes its row', () => {
    const sb = newBox();
    sb.run('submitFeedback', [payload()]);
    sb.world.script.cache.clear();
    const before = rows(sb);
    const r = sb.run<Submit>('submitFeedback', [payload()]);
    expect(r.value.ok).toBe(true);
    expect(rows(sb)).toBe(before + 1);
    expect(r.calls['Properties.getProperties']).toBe(1);
    expect(r.calls['Lock.tryLock']).toBe(1);
    expect(r.calls['Lock.releaseLock']).toBe(1);
    // The counters it wrote count this opinion on top of the first.
    const counters = JSON.parse(sb.world.script.properties.get('INTAKE_COUNTERS')!) as { minute: { n: number } };
    expect(counters.minute.n).toBe(2);
  });

  test('the caps hold: the counters come from the read taken under the lock', () => {
    const sb = newBox();
    setConfigValue(sb, 'Giới hạn ý kiến mỗi phút', '2');
    expect(sb.run<Submit>('submitFeedback', [payload()]).value.ok).toBe(true);
    expect(sb.run<Submit>('submitFeedback', [payload()]).value.ok).toBe(true);
    sb.world.script.cache.clear();
    const before = rows(sb);
    const third = sb.run<Submit>('submitFeedback', [payload()]);
    expect(third.value.ok).toBe(false);
    expect(third.value.retryable).toBe(true);
    expect(rows(sb)).toBe(before);
    expect(third.calls['Lock.releaseLock']).toBe(1);
  });

  test('a refusal before the row gives the lock back', () => {
    const sb = newBox();
    sb.world.script.cache.clear();
    const r = sb.run<Submit>('submitFeedback', [payload({ content: '' })]);
    expect(r.value.ok).toBe(false);
    expect(r.calls['Lock.tryLock']).toBe(1);
    expect(r.calls['Lock.releaseLock']).toBe(1);
  });

  test('a lock another execution keeps: the resident is asked to send again, nothing is written', () => {
    const sb = newBox();
    sb.world.script.cache.clear();
    const before = rows(sb);
    sb.world.script.lockHolder = 999_999;
    const r = sb.run<Submit>('submitFeedback', [payload()]);
    expect(r.value).toMatchObject({ ok: false, retryable: true });
    expect(r.value.errors![0].message).toMatch(/Gửi lại/);
    expect(rows(sb)).toBe(before);
    expect(r.calls['Properties.getProperties'] ?? 0).toBe(0);
    sb.world.script.lockHolder = null;
    expect(sb.run<Submit>('submitFeedback', [payload()]).value.ok).toBe(true);
  });
});

describe('photos on a cold cache', () => {
  test('are saved to Drive with the lock free: a submission arriving meanwhile is taken, and the caps still hold', () => {
    const sb = newBox();
    sb.run('submitFeedback', [payload()]);
    sb.world.script.cache.clear();
    const photo = { name: 'anh.jpg', type: 'image/jpeg', dataBase64: structuralJpeg().toString('base64') };
    let heldWhileSaving: boolean | null = null;
    let meanwhile: Submit | null = null;
    sb.world.faultHook = (call, exec) => {
      if (call !== 'Folder.createFile' || heldWhileSaving !== null) return;
      heldWhileSaving = sb.world.script.lockHolder === exec.id;
      sb.world.faultHook = null;
      meanwhile = sb.run<Submit>('submitFeedback', [payload()]).value;
    };
    const before = rows(sb);
    const r = sb.run<Submit>('submitFeedback', [payload({ photos: [photo] })]);
    sb.world.faultHook = null;
    expect(heldWhileSaving).toBe(false);
    expect(meanwhile).toMatchObject({ ok: true });
    expect(r.value.ok).toBe(true);
    expect(r.value.errors).toBeUndefined();
    expect(rows(sb)).toBe(before + 2);
    // Both counted: the photo's submission read the counters again under the lock, after the one that came meanwhile.
    const counters = JSON.parse(sb.world.script.properties.get('INTAKE_COUNTERS')!) as { minute: { n: number } };
    expect(counters.minute.n).toBe(3);
    expect(sb.world.script.lockHolder).toBeNull();
  });
});

describe('a challenge secret made on a cold cache', () => {
  /**
   * Apps Script documents hasLock() for the Lock object it is called on: false "if tryLock or waitLock were never
   * called" on it. The fake answers for the execution; here it answers for the object, as documented.
   */
  function hasLockPerObject(): () => void {
    const took = new WeakSet<FakeLock>();
    const proto = FakeLock.prototype;
    const { tryLock, releaseLock, hasLock } = proto;
    proto.tryLock = function (this: FakeLock, ms: number) {
      const got = tryLock.call(this, ms);
      if (got) took.add(this);
      return got;
    };
    proto.releaseLock = function (this: FakeLock) {
      took.delete(this);
      releaseLock.call(this);
    };
    proto.hasLock = function (this: FakeLock) {
      return took.has(this) && hasLock.call(this);
    };
    return () => Object.assign(proto, { tryLock, releaseLock, hasLock });
  }

  test('is made under the lock the submission holds, which nothing gives back before the submission does', () => {
    const sb = newBox();
    sb.world.script.properties.delete('CHALLENGE_SECRET');
    sb.world.script.cache.clear();
    const heldAtRelease: boolean[] = [];
    sb.world.faultHook = (call, exec) => {
      if (call === 'Lock.releaseLock') heldAtRelease.push(sb.world.script.lockHolder === exec.id);
    };
    const restore = hasLockPerObject();
    let r: { value: Submit; calls: Record<string, number> };
    try {
      // Sent from a page opened before the secret existed: no work, refused with a challenge made with the new secret.
      r = sb.run<Submit>('submitFeedback', [payload({ token: '', nonce: '' })]);
    } finally {
      restore();
      sb.world.faultHook = null;
    }
    expect(r.value.ok).toBe(false);
    expect(sb.world.script.properties.get('CHALLENGE_SECRET')).toBeTruthy();
    expect(heldAtRelease).toEqual([true]);
    expect(sb.world.script.lockHolder).toBeNull();
    expect(sb.run<Submit>('submitFeedback', [payload()]).value.ok).toBe(true);
  });
});
