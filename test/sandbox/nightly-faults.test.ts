/**
 * The nightly run on the built script when one Google call fails part-way (a "Service error: Drive", a quota). Each
 * piece of the night (the retention purge of the rows, the photo sweep, old mail, old reports, Góp ý's upkeep, Rác
 * past 30 days) runs in a guard of its own: a failing piece is logged with its name, the others still run, Nhật ký
 * gets one line naming what was not done, and the execution ends as failed so Apps Script's failure notice reaches
 * the owner. The next night does what this one left.
 */
import { ADMIN, boxSheet, logRows, newBox, payload } from '../../sandbox/box';
import type { Sandbox } from '../../sandbox/vm';
import { COL } from '../../src/core/records/feedback-record';
import type { AdminResult, SubmitResult } from '../../src/shared/types';

const DAY = 86_400_000;
const NIGHTLY_LOG = 'Việc hằng đêm';
const CONTACT = {
  name: 'Nguyễn Thị Lan',
  phone: '0912 345 678',
  email: 'lan.nguyen@example.com',
  address: 'Số 12 ngõ 34 Hàng Bông',
  consent: true,
};

interface Night {
  sb: Sandbox;
  /** An opinion received 800 days ago, with contact data: past the 24 months kept. */
  old: string;
  /** A junk opinion moved to Rác 40 days ago: past the 30 days Rác keeps it. */
  junk: string;
}

/** A box with something for each piece of the night to do. */
function nightScene(): Night {
  const now = Date.UTC(2026, 11, 7, 19, 0, 0); // 02:00 in Vietnam
  let clock = now;
  const sb = newBox({ now: () => clock });
  const submit = (over: Record<string, unknown>) =>
    (sb.run<SubmitResult>('submitFeedback', [payload(over)]).value as { trackingCode: string }).trackingCode;
  clock = now - 800 * DAY;
  const old = submit(CONTACT);
  clock = now - 40 * DAY;
  const junk = submit({ content: 'Quảng cáo vay tiền nhanh lãi suất thấp, gọi ngay.' });
  const sheet = boxSheet(sb, 'Góp ý');
  sheet.getRange(rowOf(sb, 'Góp ý', junk), COL.status).setValue('Rác / spam');
  expect(sb.run<{ moved: number }>('moveSpamToTrash', [], { user: ADMIN }).value.moved).toBe(1);
  clock = now;
  return { sb, old, junk };
}

function rowOf(sb: Sandbox, sheet: string, code: string): number {
  const i = boxSheet(sb, sheet)
    .getDataRange()
    .getValues()
    .findIndex((r) => r[0] === code);
  return i + 1;
}

/** What each piece of the night did. */
function done(night: Night) {
  const { sb, old, junk } = night;
  const row = boxSheet(sb, 'Góp ý')
    .getRange(rowOf(sb, 'Góp ý', old), 1, 1, 25)
    .getValues()[0];
  return {
    contactBlanked: [COL.name, COL.phone, COL.email, COL.address].every((c) => row[c - 1] === ''),
    oldMailTrashed: sb.world.gmail.sent.filter((m) => m.subject.includes(old)).every((m) => m.trashed),
    racExpired: rowOf(sb, 'Rác', junk) === 0,
  };
}

const ALL_DONE = { contactBlanked: true, oldMailTrashed: true, racExpired: true };

function summaryLines(sb: Sandbox): string[] {
  return logRows(sb).filter((l) => l.startsWith(`${NIGHTLY_LOG} |`));
}

function pieceFailures(sb: Sandbox): { step: string; error: string }[] {
  return sb.world.logs
    .filter((l) => l.level === 'error' && l.message.includes('"event":"nightly.step-failed"'))
    .map((l) => JSON.parse(l.message) as { step: string; error: string });
}

const night = (sb: Sandbox) => sb.fireHandler('purgeExpiredPersonalData');

/** Makes the first `call` of the nightly run throw, once. Returns a function telling whether it fired. */
function failOnce(sb: Sandbox, call: string, message = `Service error: ${call}`): () => boolean {
  let fired = false;
  sb.world.faultHook = (name) => {
    if (!fired && name === call) {
      fired = true;
      throw new Error(message);
    }
  };
  return () => fired;
}

test('a night with nothing failing does every piece, writes no summary line and ends well', () => {
  const scene = nightScene();
  const [run] = night(scene.sb);
  expect((run.value as AdminResult).ok).toBe(true);
  expect(done(scene)).toEqual(ALL_DONE);
  expect(summaryLines(scene.sb)).toEqual([]);
  expect(pieceFailures(scene.sb)).toEqual([]);
});

test('Drive failing all night: the purge still blanks the expired row, one Nhật ký line names what failed, the run fails', () => {
  const scene = nightScene();
  const { sb } = scene;
  sb.world.faultHook = (call) => {
    if (/^(DriveApp|Folder|File|FileIterator)\./.test(call)) throw new Error('Service error: Drive');
  };
  expect(() => night(sb)).toThrow(/Rà thư mục ảnh.*Service error: Drive/s);
  sb.world.faultHook = null;
  expect(done(scene)).toEqual(ALL_DONE);
  const lines = summaryLines(sb);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain('Rà thư mục ảnh: Service error: Drive');
  // The reports folder that cannot be opened says why: Drive's own error, not a folder said to be missing.
  expect(lines[0]).toContain('Xóa báo cáo quá hạn lưu: Không mở được thư mục "Báo cáo" (Service error: Drive)');
  expect(lines[0]).not.toContain('Chưa có thư mục');
  expect(lines[0].normalize('NFC')).toBe(lines[0]);
  expect(pieceFailures(sb).map((f) => f.step)).toEqual([
    'Lấy bảng tính của hòm thư ra khỏi thùng rác',
    'Rà thư mục ảnh',
    'Xóa báo cáo quá hạn lưu',
  ]);

  // The next night, with Drive back, finishes and says nothing more.
  const [again] = night(sb);
  expect((again.value as AdminResult).ok).toBe(true);
  expect(summaryLines(sb)).toHaveLength(1);
});

test('Sheets failing while the expired rows are blanked: old mail and Rác past 30 days still go; the next night blanks the rows', () => {
  const scene = nightScene();
  const { sb } = scene;
  const fired = failOnce(sb, 'Range.setValues', 'Service error: Spreadsheets');
  expect(() => night(sb)).toThrow(/Xóa thông tin cá nhân quá hạn.*Service error: Spreadsheets/s);
  sb.world.faultHook = null;
  expect(fired()).toBe(true);
  expect(done(scene)).toEqual({ ...ALL_DONE, contactBlanked: false });
  expect(summaryLines(sb)).toEqual([expect.stringContaining('Xóa thông tin cá nhân quá hạn: Service error: Spreadsheets')]);
  night(sb);
  expect(done(scene)).toEqual(ALL_DONE);
  expect(summaryLines(sb)).toHaveLength(1);
});

describe('one piece failing: it is named, the others still run, the run fails', () => {
  test.each([
    ['Folder.isTrashed', 'Rà thư mục ảnh', {}],
    ['GmailApp.search', 'Xóa thư quá hạn', { oldMailTrashed: false }],
    ['Range.getDataValidations', 'Danh sách chọn Trạng thái và Nguồn', {}],
    ['Sheet.getConditionalFormatRules', 'Tô màu ý kiến quá hạn', {}],
    ['Sheet.deleteRows', 'Xóa dòng quá 30 ngày ở trang Rác', { racExpired: false }],
  ] as const)('%s throws once', (call, piece, notDone) => {
    const scene = nightScene();
    const { sb } = scene;
    const fired = failOnce(sb, call);
    expect(() => night(sb)).toThrow(piece);
    sb.world.faultHook = null;
    expect(fired()).toBe(true);
    expect(done(scene)).toEqual({ ...ALL_DONE, ...notDone });
    expect(summaryLines(sb)).toEqual([expect.stringContaining(`${piece}: Service error: ${call}`)]);
    expect(pieceFailures(sb)).toEqual([expect.objectContaining({ step: piece, error: `Service error: ${call}` })]);
  });
});

test('pressed on the admin page: the pieces not done are named in the result, which is not ok; nothing is thrown', () => {
  const scene = nightScene();
  const { sb } = scene;
  failOnce(sb, 'GmailApp.search');
  const res = sb.run<AdminResult>('purgeExpiredPersonalData', [], { user: ADMIN }).value;
  sb.world.faultHook = null;
  expect(res.ok).toBe(false);
  expect(res.lines.join('\n')).toContain('Xóa thư quá hạn: Service error: GmailApp.search');
  expect(done(scene)).toEqual({ ...ALL_DONE, oldMailTrashed: false });
});

test('the script lock held all night (a submission being written): no row is written, the run fails and says so once', () => {
  const scene = nightScene();
  const { sb } = scene;
  const rac = boxSheet(sb, 'Rác');
  sb.world.script.lockHolder = 99999;
  expect(() => night(sb)).toThrow(/Xóa thông tin cá nhân quá hạn[^;]*: Hệ thống đang bận/);
  expect(done(scene)).toEqual({ ...ALL_DONE, contactBlanked: false, racExpired: false });
  expect(rac.getLastRow()).toBe(2);
  const lines = summaryLines(sb);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain('Xóa dòng quá 30 ngày ở trang Rác');
  // The busy purge is named in that one line, not in a line of its own besides.
  expect(logRows(sb).filter((l) => l.includes('bận'))).toEqual(lines);

  // Pressed on the admin page while the lock is held: the same, in the result.
  const res = sb.run<AdminResult & { busy?: boolean }>('purgeExpiredPersonalData', [], { user: ADMIN }).value;
  expect(res.ok).toBe(false);
  expect(res.busy).toBe(true);
  expect(res.lines.join('\n')).toMatch(/• Xóa thông tin cá nhân quá hạn[^\n]*: Hệ thống đang bận/);

  sb.world.script.lockHolder = null;
  const [again] = night(sb);
  expect((again.value as AdminResult).ok).toBe(true);
  expect(done(scene)).toEqual(ALL_DONE);
});

test('Góp ý renamed by staff: Rác rows past 30 days still go; the one line names the cause once', () => {
  const scene = nightScene();
  const { sb } = scene;
  boxSheet(sb, 'Góp ý').setName('Góp ý cũ');
  expect(() => night(sb)).toThrow(/Xóa thông tin cá nhân quá hạn/);
  expect(rowOf(sb, 'Rác', scene.junk)).toBe(0);
  const lines = summaryLines(sb);
  expect(lines).toHaveLength(1);
  expect(lines[0].split('Hòm thư chưa được cài đặt')).toHaveLength(2);
  expect(lines[0]).toContain('Xóa thông tin cá nhân quá hạn');
  expect(lines[0]).toContain('Tô màu ý kiến quá hạn');
  expect(lines[0]).not.toContain('Xóa dòng quá 30 ngày ở trang Rác');
});

test('a box spreadsheet someone put in the trash (Drive deletes it for good after 30 days) is taken back by the night, and Nhật ký says so', () => {
  const scene = nightScene();
  const { sb } = scene;
  const ss = sb.world.boxSpreadsheet()!;
  const file = sb.world.drive.get(ss.id) as { trashed: boolean };
  file.trashed = true;
  const [run] = night(sb);
  expect((run.value as AdminResult).ok).toBe(true);
  expect(file.trashed).toBe(false);
  expect(done(scene)).toEqual(ALL_DONE);
  const said = logRows(sb).filter((l) => l.includes('Bảng tính của hòm thư đang nằm trong thùng rác'));
  expect(said).toHaveLength(1);
  expect(said[0].normalize('NFC')).toBe(said[0]);
  // A night with the spreadsheet where it belongs says nothing more.
  night(sb);
  expect(logRows(sb).filter((l) => l.includes('Bảng tính của hòm thư đang nằm trong thùng rác'))).toHaveLength(1);
});
