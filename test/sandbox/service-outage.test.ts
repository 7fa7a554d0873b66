/**
 * Google's services fail now and then ("Service error: …"). CacheService can fail ("Service error: CacheService"). The cache only saves work — the sheets and the script
 * properties hold the truth — so on the built script, with every cache call failing, a resident still gets the form,
 * sends an opinion (one row, one code, one committee email, a retry finds its row), looks it up and sees the public
 * results; each failure is logged. The triggers keep failing loudly instead (row-faults.test.ts).
 */
import { ADMIN, logRows, newBox, payload } from '../../sandbox/box';
import type { Sandbox } from '../../sandbox/vm';
import type { FakeHtmlOutput } from '../../sandbox/fakes/script';
import type { LookupResult, SubmitResult } from '../../src/shared/types';

function cacheDown(sb: Sandbox, only?: string): void {
  sb.world.faultHook = (call) => {
    if (call.startsWith('Cache.') && (!only || call === only)) throw new Error('Service error: CacheService');
  };
}

function cacheFailures(sb: Sandbox): string[] {
  return sb.world.logs
    .filter((l) => l.level === 'error' && /"event":"cache\.(read|write|remove)-failed"/.test(l.message))
    .map((l) => JSON.parse(l.message).event as string);
}

function responses(sb: Sandbox) {
  return sb.world.boxSpreadsheet()!.getSheetByName('Góp ý')!;
}

describe('the resident path while CacheService fails', () => {
  test('the page is served with its form and challenge', () => {
    const sb = newBox();
    cacheDown(sb);
    const html = sb.run<FakeHtmlOutput>('doGet', [{ parameter: { loc: 'KDC01' } }]).value.getContent();
    const boot = JSON.parse(/id="boot">([\s\S]*?)<\/script>/.exec(html)![1]);
    expect(boot.view).toBe('form');
    expect(boot.location.code).toBe('KDC01');
    expect(boot.challenge).toBeTruthy();
    expect(cacheFailures(sb)).toContain('cache.read-failed');
  });

  test('an opinion makes one row and one email; its retry gets the same code; the lookup finds it', () => {
    const sb = newBox();
    cacheDown(sb);
    const p = payload();
    const first = sb.run<SubmitResult>('submitFeedback', [p]).value;
    expect(first.ok).toBe(true);
    const code = (first as { trackingCode: string }).trackingCode;
    expect(responses(sb).getLastRow()).toBe(2);
    expect(responses(sb).getRange(2, 1).getValue()).toBe(code);
    expect(sb.world.gmail.sent).toHaveLength(1);

    const retry = sb.run<SubmitResult>('submitFeedback', [p]).value;
    expect(retry).toMatchObject({ ok: true, trackingCode: code });
    expect(responses(sb).getLastRow()).toBe(2);
    expect(sb.world.gmail.sent).toHaveLength(1);

    const found = sb.run<LookupResult>('lookupFeedback', [code]).value;
    expect(found).toMatchObject({ found: true, trackingCode: code, status: 'Mới' });
    expect(cacheFailures(sb)).toEqual(expect.arrayContaining(['cache.read-failed', 'cache.write-failed']));
  });

  test('a cache that reads but cannot write loses nothing either', () => {
    const sb = newBox();
    cacheDown(sb, 'Cache.putAll');
    const res = sb.run<SubmitResult>('submitFeedback', [payload()]).value;
    expect(res.ok).toBe(true);
    const code = (res as { trackingCode: string }).trackingCode;
    expect(sb.run<LookupResult>('lookupFeedback', [code]).value).toMatchObject({ found: true, trackingCode: code });
    expect(cacheFailures(sb)).toContain('cache.write-failed');
    expect(cacheFailures(sb)).not.toContain('cache.read-failed');
  });

  test.each([undefined, 'Cache.put'])('refused bots cannot fill Nhật ký while the cache cannot count them (%s failing)', (only) => {
    const sb = newBox();
    cacheDown(sb, only);
    for (let i = 0; i < 12; i++) {
      expect(sb.run<SubmitResult>('submitFeedback', [payload({ website: 'http://spam.example' })]).value.ok).toBe(false);
    }
    expect(logRows(sb).filter((r) => r.startsWith('Từ chối ý kiến'))).toEqual([]);
    // Each refusal is still in the execution log.
    expect(sb.world.logs.filter((l) => l.message.includes('"event":"submit.rejected"'))).toHaveLength(12);
    expect(responses(sb).getLastRow()).toBe(1);
  });

  test('the public results page is rendered from its stored summary', () => {
    const sb = newBox();
    expect(sb.run<{ ok: boolean }>('refreshPublicResults', [], { user: ADMIN }).value.ok).toBe(true);
    cacheDown(sb);
    const html = sb.run<FakeHtmlOutput>('doGet', [{ parameter: { view: 'results' } }]).value.getContent();
    expect(html).toContain('KDC01');
    expect(html).not.toContain('đang được cập nhật');
    expect(cacheFailures(sb)).toContain('cache.read-failed');
  });

  test('the pending trigger still fails loudly: it is retried at its next run', () => {
    const sb = newBox();
    sb.run('submitFeedback', [payload()]);
    cacheDown(sb);
    expect(() => sb.fireHandler('sendPendingEmails')).toThrow(/CacheService/);
  });
});

describe('the page when the box cannot be read', () => {
  const page = (sb: Sandbox) =>
    sb
      .run<FakeHtmlOutput>('doGet', [{ parameter: { loc: 'KDC01' } }])
      .value.getContent()
      .replace(/<[^>]+>/g, '');

  test('a box nobody has set up says it is being set up', () => {
    expect(page(newBox({ bare: true }))).toBe('Hòm thư số góp ý đang được cài đặt. Vui lòng quay lại sau.');
  });

  test('a failing PropertiesService asks for a reload in a few minutes, and is logged', () => {
    const sb = newBox();
    sb.world.script.cache.clear();
    sb.world.faultHook = (call) => {
      if (call === 'Properties.getProperties') throw new Error('Service error: PropertiesService');
    };
    expect(page(sb)).toBe('Hòm thư số góp ý tạm thời chưa mở được. Vui lòng tải lại trang sau ít phút.');
    expect(sb.world.logs.some((l) => l.level === 'error' && l.message.includes('doGet.config-failed'))).toBe(true);
  });
});

describe('the resident path when CacheService cannot even be opened', () => {
  test('the page, an opinion (one row, its retry the same code) and the lookup work, each failure logged', () => {
    const sb = newBox();
    sb.world.faultHook = (call) => {
      if (call === 'CacheService.getScriptCache') throw new Error('Service error: CacheService');
    };
    const html = sb.run<FakeHtmlOutput>('doGet', [{ parameter: { loc: 'KDC01' } }]).value.getContent();
    expect(html).toContain('id="boot"');
    const p = payload();
    const first = sb.run<SubmitResult>('submitFeedback', [p]).value;
    expect(first.ok).toBe(true);
    const code = (first as { trackingCode: string }).trackingCode;
    expect(sb.run<SubmitResult>('submitFeedback', [p]).value).toMatchObject({ ok: true, trackingCode: code });
    expect(responses(sb).getLastRow()).toBe(2);
    expect(sb.run<LookupResult>('lookupFeedback', [code]).value).toMatchObject({ found: true, trackingCode: code });
    expect(cacheFailures(sb)).toEqual(expect.arrayContaining(['cache.read-failed', 'cache.write-failed']));
  });
});

test('LockService failing: the opinion is refused as busy (to send again), no row is written, the failure is logged, not thrown', () => {
  const sb = newBox();
  sb.world.faultHook = (call) => {
    if (call === 'LockService.getScriptLock') throw new Error('Service error: LockService');
  };
  const r = sb.run<SubmitResult>('submitFeedback', [payload()]).value;
  expect(r).toMatchObject({ ok: false, retryable: true });
  expect(responses(sb).getLastRow()).toBe(1);
  expect(sb.world.logs.some((l) => l.level === 'error' && /Service error: LockService/.test(l.message))).toBe(true);
});

test("the page's challenge and an opinion's proof of work need no Utilities digest (only getUuid for randomness)", () => {
  const sb = newBox();
  sb.world.faultHook = (call) => {
    if (call === 'Utilities.computeHmacSha256Signature' || call === 'Utilities.computeDigest') throw new Error('Service error: Utilities');
  };
  const html = sb.run<FakeHtmlOutput>('doGet', [{ parameter: { loc: 'KDC01' } }]).value.getContent();
  const boot = JSON.parse(/id="boot">([\s\S]*?)<\/script>/.exec(html)![1]);
  expect(boot.challenge).toBeTruthy();
  const r = sb.run<SubmitResult>('submitFeedback', [payload()]).value;
  expect(r.ok).toBe(true);
  expect(responses(sb).getLastRow()).toBe(2);
});
