/**
 * A public reply staff paste into the rows of several residents, naming them all, on the built script: each
 * resident's lookup shows it without the others' names and contacts (from the edit trigger's masking, and after the
 * cache has expired from the hourly refresh's), still in at most 6 round trips and without reading the whole sheet;
 * each resident's reply email carries their own details and the rest of the reply, but none of the others'.
 */
import { ADMIN, STAFF, boxSheet, newBox, payload, rowOfCode } from '../../sandbox/box';
import type { Sandbox } from '../../sandbox/vm';
import { roundTrips } from '../../sandbox/time-model';
import { SHARED_REPLIES_CACHE_KEY } from '../../src/core/lookup/shared-replies';
import { LOOKUP_MESSAGES } from '../../src/core/lookup/messages';
import { REPLY_SUBJECT_MARK } from '../../src/core/mail/reply-email';
import { COL } from '../../src/core/records/feedback-record';
import type { LookupResult, SubmitResult } from '../../src/shared/types';

const AN = { name: 'Nguyễn Văn An', phone: '0912 345 678', email: 'an.nguyen@example.com', address: '' };
const LAN = { name: 'Trần Thị Lan', phone: '0987 654 321', email: 'lan.tran@example.vn', address: '' };
const REPLY =
  'Đã sửa đèn theo phản ánh của ông Nguyễn Văn An và bà Trần Thị Lan (0987 654 321, lan.tran@example.vn). Cần gì xin gọi tổ trưởng 0243 826 1234.';
const AN_SECRETS = ['Nguyễn Văn An', 'NGUYEN VAN AN', '0912 345 678', '912345678', 'an.nguyen'];
const LAN_SECRETS = ['Trần Thị Lan', '0987 654 321', '987654321', 'lan.tran'];

function submit(sb: Sandbox, who: typeof AN): string {
  const res = sb.run<SubmitResult & { trackingCode: string }>('submitFeedback', [
    payload({ ...who, consent: true, content: 'Đèn đường đầu ngõ 15 hỏng đã một tuần, buổi tối rất tối.' }),
  ]);
  expect(res.value.ok).toBe(true);
  return res.value.trackingCode;
}

/** Staff paste the reply into each row, then mark each answered: one edit at a time, as in the Sheet. */
function answerAll(sb: Sandbox, codes: string[], reply: string): void {
  for (const code of codes) sb.editSheet(STAFF, { sheet: 'Góp ý', row: rowOfCode(sb, code), column: COL.publicReply }, [[reply]]);
  for (const code of codes) sb.editSheet(STAFF, { sheet: 'Góp ý', row: rowOfCode(sb, code), column: COL.status }, [['Đã trả lời']]);
}

function lookup(sb: Sandbox, code: string) {
  const r = sb.run<LookupResult>('lookupFeedback', [code]);
  expect(r.value.found).toBe(true);
  return { reply: r.value.found ? (r.value.reply ?? '') : '', calls: r.calls };
}

function expectNone(text: string, secrets: string[]): void {
  for (const s of secrets) expect(text).not.toContain(s);
}

describe('a reply pasted into several residents’ rows', () => {
  test('each lookup hides the other residents, within the lookup’s round trips, also after the cache expired', () => {
    const sb = newBox();
    const an = submit(sb, AN);
    const lan = submit(sb, LAN);
    answerAll(sb, [an, lan], REPLY);

    const forAn = lookup(sb, an);
    expect(forAn.reply).toContain('Đã sửa đèn theo phản ánh của ông');
    expect(forAn.reply).toContain('Cần gì xin gọi tổ trưởng');
    expectNone(forAn.reply, [...LAN_SECRETS, ...AN_SECRETS]);
    expectNone(lookup(sb, lan).reply, [...LAN_SECRETS, ...AN_SECRETS]);
    // Counted on a lookup whose configuration is cached, as every lookup but the first after a change.
    const again = lookup(sb, an);
    expect(again.reply).toBe(forAn.reply);
    expect(roundTrips(again.calls)).toBeLessThanOrEqual(6);
    expect(again.calls['Sheet.getDataRange'] ?? 0).toBe(0);
    expect(again.calls['Range.getValues'] ?? 0).toBe(2); // the code column and the row

    // Seven hours on, the cache has forgotten everything; the hourly refresh stores the masked replies again.
    const later = Date.now() + 7 * 3600_000;
    sb.world.setClock(() => later);
    const stored = sb.world.script.cache.get(SHARED_REPLIES_CACHE_KEY);
    expect(stored === undefined || stored.expires <= later).toBe(true);
    expect(sb.fireHandler('refreshPublicResults')[0].value).toMatchObject({ ok: true });
    const refreshed = sb.world.script.cache.get(SHARED_REPLIES_CACHE_KEY)!.value;
    expectNone(refreshed, [...LAN_SECRETS, ...AN_SECRETS]);
    const afterRefresh = lookup(sb, an);
    expect(afterRefresh.reply).toBe(forAn.reply);
    expect(roundTrips(afterRefresh.calls)).toBeLessThanOrEqual(6);
    expect(afterRefresh.calls['Sheet.getDataRange'] ?? 0).toBe(0);
  });

  test('with the stored masking lost from the cache, a shared reply is held back until the pending run stores it again', () => {
    const sb = newBox();
    const an = submit(sb, AN);
    const lan = submit(sb, LAN);
    const binh = submit(sb, { name: 'Lê Văn Bình', phone: '0903 111 222', email: '', address: '' });
    // Names with no title before them: only the masking with every holder's sender hides them.
    answerAll(sb, [an, lan], 'Đã làm việc với Nguyễn Văn An và Trần Thị Lan, đèn đã sửa.');
    sb.editSheet(STAFF, { sheet: 'Góp ý', row: rowOfCode(sb, binh), column: COL.publicReply }, [
      ['Kính gửi ông Lê Văn Bình (0903 111 222): đèn đã sửa xong.'],
    ]);
    const masked = lookup(sb, an).reply;
    expect(masked).toBe('Đã làm việc với [họ tên] và [họ tên], đèn đã sửa.');

    // CacheService may drop any value at any time.
    sb.world.script.cache.delete(SHARED_REPLIES_CACHE_KEY);
    for (const code of [an, lan]) {
      const held = lookup(sb, code);
      expect(held.reply).toBe(LOOKUP_MESSAGES.replyUpdating);
      // One more read, of the reply column: never the whole sheet.
      expect(held.calls['Range.getValues'] ?? 0).toBe(3);
      expect(held.calls['Sheet.getDataRange'] ?? 0).toBe(0);
    }
    // A reply only its own row holds names no one else: shown, masked with its sender.
    expect(lookup(sb, binh).reply).toBe('Kính gửi ông [họ tên] ([số điện thoại]): đèn đã sửa xong.');

    // The next pending run reads every row anyway and stores the masking again.
    expect(sb.fireHandler('sendPendingEmails')[0].value).toMatchObject({ ok: true });
    expect(sb.world.script.cache.get(SHARED_REPLIES_CACHE_KEY)).toBeDefined();
    const again = lookup(sb, an);
    expect(again.reply).toBe(masked);
    expect(again.calls['Range.getValues'] ?? 0).toBe(2);
    expectNone(lookup(sb, lan).reply, [...LAN_SECRETS, ...AN_SECRETS]);
  });

  test('a reply changed in one row afterwards is that row’s own again, masked with its sender as before', () => {
    const sb = newBox();
    const an = submit(sb, AN);
    const lan = submit(sb, LAN);
    answerAll(sb, [an, lan], REPLY);
    sb.editSheet(STAFF, { sheet: 'Góp ý', row: rowOfCode(sb, an), column: COL.publicReply }, [
      ['Kính gửi ông Nguyễn Văn An: đèn đã sửa xong.'],
    ]);
    expect(lookup(sb, an).reply).toBe('Kính gửi ông [họ tên]: đèn đã sửa xong.');
    expectNone(lookup(sb, lan).reply, [...LAN_SECRETS, ...AN_SECRETS]);
  });

  test('each reply email keeps the resident’s own details and the rest of the reply, none of the others’', () => {
    const sb = newBox();
    const an = submit(sb, AN);
    const lan = submit(sb, LAN);
    answerAll(sb, [an, lan], REPLY);
    const replyTo = (email: string) => {
      const mails = sb.world.gmail.sent.filter((m) => m.subject.startsWith(REPLY_SUBJECT_MARK) && m.to.includes(email));
      expect(mails).toHaveLength(1);
      return `${mails[0].body}\n${mails[0].htmlBody ?? ''}`;
    };
    const toAn = replyTo(AN.email);
    expect(toAn).toContain('Đã sửa đèn theo phản ánh của ông Nguyễn Văn An và bà [họ tên]');
    expect(toAn).toContain('tổ trưởng 0243 826 1234');
    expectNone(toAn, LAN_SECRETS);
    const toLan = replyTo(LAN.email);
    expect(toLan).toContain('bà Trần Thị Lan (0987 654 321, lan.tran@example.vn)');
    expectNone(toLan, AN_SECRETS);
    expect(an).not.toBe(lan);
  });
});

describe('a shared reply on the public results page', () => {
  test('a published row’s reply hides the residents of the rows holding it that are not published, in any spelling', () => {
    const sb = newBox();
    const an = submit(sb, AN);
    const lan = submit(sb, LAN);
    answerAll(sb, [an, lan], REPLY);
    // Lan's copy was retouched: capitals at the start. Only An's row is ticked "Công khai".
    sb.editSheet(STAFF, { sheet: 'Góp ý', row: rowOfCode(sb, lan), column: COL.publicReply }, [[REPLY.replace('Đã sửa', 'ĐÃ SỬA')]]);
    sb.editSheet(STAFF, { sheet: 'Góp ý', row: rowOfCode(sb, an), column: COL.publish }, [[true]]);
    expect(sb.run('refreshPublicResults', [], { user: ADMIN }).value).toMatchObject({ ok: true });
    const page = sb.run<{ getContent(): string }>('doGet', [{ parameter: { view: 'results', loc: 'KDC01' } }]).value.getContent();
    const shown = /<div class="reply">([^<]*)/.exec(page)?.[1] ?? '';
    expect(shown).toContain('Đã sửa đèn theo phản ánh của ông');
    expectNone(shown, [...LAN_SECRETS, ...AN_SECRETS]);
  });
});

describe('a resident erased by their request', () => {
  test('is masked in the reply the other rows hold, so no lookup shows them once the cache has forgotten', () => {
    const sb = newBox();
    const an = submit(sb, AN);
    const lan = submit(sb, LAN);
    answerAll(sb, [an, lan], REPLY);
    const erased = sb.run<{ ok: boolean }>('handleResidentRequest', [{ code: lan, request: 'erase' }], { user: ADMIN });
    expect(erased.value.ok).not.toBe(false);
    // The cache may drop the stored masking at any time; the sheet itself must no longer name her anywhere.
    const later = Date.now() + 7 * 3600_000;
    sb.world.setClock(() => later);
    expect(sb.fireHandler('refreshPublicResults')[0].value).toMatchObject({ ok: true });
    const forAn = lookup(sb, an).reply;
    expect(forAn).toContain('Đã sửa đèn theo phản ánh của ông');
    expectNone(forAn, [...LAN_SECRETS, ...AN_SECRETS]);
    const anReply = String(boxSheet(sb, 'Góp ý').getRange(rowOfCode(sb, an), COL.publicReply).getValue());
    expect(anReply).toContain('ông Nguyễn Văn An');
    expect(anReply).toContain('tổ trưởng 0243 826 1234');
    expectNone(anReply, LAN_SECRETS);
  });
});
