/**
 * The monthly report that makes itself, on the built script: the daily trigger builds last month's report on the
 * first working day (the holidays of Cấu hình skipped), files it and emails the committee its links; building the same
 * month again makes "lần 2" beside the first, whose file and link stay; a failed email is sent again the next day
 * without a second report; the trigger function refuses anyone but its trigger and the owner.
 */
import { ADMIN, COMMITTEE, STAFF, logRows, newBox, setConfigValue } from '../../sandbox/box';
import type { Sandbox } from '../../sandbox/vm';
import { rowToRecord } from '../../src/core/records/feedback-record';
import { recordToCells } from '../../src/core/intake/submit';
import { ACCESS_DENIED } from '../../src/core/admin/guard';
import { localMidnight } from '../../src/core/staff/deadline';

const HOUR = 3600_000;
/** 06:00 in Vietnam on a day of 2026. */
const at = (month: number, day: number) => localMidnight(2026, month, day).getTime() + 6 * HOUR;

interface Outcome {
  ok: boolean;
  built: boolean;
  mailed: boolean;
  name?: string;
  version?: number;
  docUrl?: string;
  pdfUrl?: string;
  lines: string[];
}

function box(now: { t: number }): Sandbox {
  const sb = newBox({ now: () => now.t });
  // 1 and 2 September 2026 are the National Day holidays: the first working day of September is Thursday the 3rd.
  setConfigValue(sb, 'Ngày nghỉ lễ', '01/09/2026 - 02/09/2026 (Quốc khánh)');
  const sheet = sb.world.boxSpreadsheet()!.getSheetByName('Góp ý')!;
  for (let i = 0; i < 3; i++) {
    sheet.appendRow(
      recordToCells({
        ...rowToRecord([]),
        trackingCode: `HB-MNTH${i + 2}AB`,
        receivedAt: new Date(localMidnight(2026, 8, 10 + i).getTime() + 9 * HOUR),
        source: 'QR',
        locationCode: 'KDC01',
        locationName: 'Nhà văn hóa khu dân cư số 1',
        kind: 'Phản ánh',
        category: 'Vệ sinh môi trường',
        content: `Rác ở đầu ngõ ${i + 3} chưa thu gom`,
        name: 'Đỗ Văn Quang',
        phone: '0915 222 333',
        status: 'Mới',
      }),
    );
  }
  return sb;
}

function daily(sb: Sandbox): Outcome {
  const [run] = sb.fireHandler('buildMonthlyReport');
  return run.value as Outcome;
}

function reportMails(sb: Sandbox) {
  return sb.world.gmail.sent.filter((m) => m.subject.includes('Báo cáo tổng hợp'));
}

test('setup installs the daily trigger; it builds last month on the first working day after the holidays and mails the links', () => {
  const now = { t: at(9, 1) };
  const sb = box(now);
  expect(sb.world.script.triggers.filter((t) => t.handler === 'buildMonthlyReport')).toHaveLength(1);
  // 1 and 2 September: holidays, nothing happens.
  for (const day of [1, 2]) {
    now.t = at(9, day);
    const quiet = daily(sb);
    expect(quiet.built).toBe(false);
    expect(quiet.lines[0]).toMatch(/Chưa đến ngày làm việc đầu tiên của tháng \(03\/09\/2026\)/);
  }
  expect(sb.world.docs.all()).toHaveLength(0);
  now.t = at(9, 3);
  const first = daily(sb);
  expect(first).toMatchObject({ ok: true, built: true, mailed: true, version: 1 });
  expect(first.name).toBe('Báo cáo tổng hợp ý kiến, kiến nghị của Nhân dân – tháng 8/2026');
  const mails = reportMails(sb);
  expect(mails).toHaveLength(1);
  expect(mails[0].to).toEqual([COMMITTEE]);
  expect(mails[0].body).toContain(first.docUrl!);
  expect(mails[0].body).toContain(first.pdfUrl!);
  expect(mails[0].body).toContain('3 ý kiến, kiến nghị trong tháng 8/2026');
  expect(mails[0].body).not.toMatch(/Đỗ Văn Quang|0915 222 333|Rác ở đầu ngõ/);
  const docs = sb.world.docs.all();
  expect(docs).toHaveLength(1);
  const pdf = sb.world.drive.files().find((f) => f.name === `${first.name}.pdf`);
  expect(pdf).toBeDefined();
  expect(logRows(sb).some((l) => l.startsWith('Báo cáo tháng tự động | Đã lập'))).toBe(true);

  // The next days: nothing more.
  now.t = at(9, 4);
  expect(daily(sb).built).toBe(false);
  expect(reportMails(sb)).toHaveLength(1);
  expect(sb.world.docs.all()).toHaveLength(1);
});

test('building the same month again makes "lần 2"; the first file and its link stay as they were', () => {
  const now = { t: at(9, 3) };
  const sb = box(now);
  const first = daily(sb);
  now.t = at(9, 10);
  const second = sb.run<Outcome & { name: string; docUrl: string }>('buildSynthesisReport', [{ period: '08/2026' }], { user: ADMIN }).value;
  expect(second.ok).toBe(true);
  expect(second.name).toBe('Báo cáo tổng hợp ý kiến, kiến nghị của Nhân dân – tháng 8/2026 (lần 2)');
  expect(second.docUrl).not.toBe(first.docUrl);
  const third = sb.run<Outcome & { name: string }>('buildSynthesisReport', [{ period: '08/2026' }], { user: ADMIN }).value;
  expect(third.name).toMatch(/\(lần 3\)$/);
  // Every version is a file of its own, none trashed, the first at its emailed address.
  const docs = sb.world.docs.all();
  expect(docs).toHaveLength(3);
  expect(docs.map((d) => d.getUrl())).toContain(first.docUrl);
  expect(sb.world.drive.files().filter((f) => f.name.startsWith('Báo cáo tổng hợp') && f.trashed)).toHaveLength(0);
  // Another period by hand starts at its own first version.
  const july = sb.run<{ name: string }>('buildSynthesisReport', [{ period: '07/2026' }], { user: ADMIN }).value;
  expect(july.name).toBe('Báo cáo tổng hợp ý kiến, kiến nghị của Nhân dân – tháng 7/2026');
});

test('an email that could not go out is sent the next day, without a second report', () => {
  const now = { t: at(9, 3) };
  const sb = box(now);
  sb.world.gmail.exhaust();
  const first = daily(sb);
  expect(first).toMatchObject({ built: true, mailed: false, ok: false });
  expect(reportMails(sb)).toHaveLength(0);
  now.t = at(9, 4);
  const retry = daily(sb);
  expect(retry).toMatchObject({ built: false, mailed: true, version: 1, docUrl: first.docUrl });
  expect(reportMails(sb)).toHaveLength(1);
  expect(reportMails(sb)[0].body).toContain(first.docUrl!);
  expect(sb.world.docs.all()).toHaveLength(1);
});

test('a run that failed before its file was made is built again the next day', () => {
  const now = { t: at(9, 3) };
  const sb = box(now);
  const folder = sb.world.drive.folders().find((f) => f.id === sb.world.script.properties.get('REPORTS_FOLDER_ID'))!;
  folder.setTrashed(true);
  expect(daily(sb)).toMatchObject({ ok: false, built: false });
  folder.setTrashed(false);
  now.t = at(9, 4);
  const retry = daily(sb);
  expect(retry).toMatchObject({ ok: true, built: true, mailed: true });
  expect(sb.world.docs.all()).toHaveLength(1);
  expect(reportMails(sb)).toHaveLength(1);
});

test('an empty month still gets its report and email; a missed first day is caught up, but not weeks later', () => {
  const now = { t: at(11, 2) }; // Monday 2 November 2026: the first working day
  const sb = box(now);
  now.t = at(11, 4); // the trigger did not run on the 2nd
  const late = daily(sb);
  expect(late).toMatchObject({ built: true, mailed: true });
  expect(reportMails(sb)[0].body).toContain('trong tháng 10/2026 không có ý kiến, kiến nghị nào');
  now.t = at(12, 20);
  expect(daily(sb).built).toBe(false);
});

test('the trigger function refuses visitors, staff and a made-up trigger id', () => {
  const now = { t: at(9, 3) };
  const sb = box(now);
  expect(() => sb.run('buildMonthlyReport', [])).toThrow(ACCESS_DENIED);
  expect(() => sb.run('buildMonthlyReport', [{ triggerUid: 'made-up' }], { user: STAFF })).toThrow();
  const other = sb.world.script.triggers.find((t) => t.handler === 'sendPendingEmails')!;
  expect(() => sb.run('buildMonthlyReport', [{ triggerUid: other.uid }], { triggerUid: other.uid })).toThrow();
  expect(sb.world.docs.all()).toHaveLength(0);
  expect(reportMails(sb)).toHaveLength(0);
});
