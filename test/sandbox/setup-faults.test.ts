/**
 * setup() on the built script when one Google call fails part-way (a "Service error", a quota, a member Google
 * changed). The essentials come first, in an order where the box is usable at every point: a failure among them stops
 * setup with the step named, and the residents' page says the box is being set up rather than serving a form nobody
 * can send. Every other step runs in a guard of its own: its failure is logged and named in the result, the steps
 * after it still run, and the box takes opinions. Either way the next setup finishes the job.
 */
import { ADMIN, newBox, payload } from '../../sandbox/box';
import type { FakeHtmlOutput } from '../../sandbox/fakes/script';
import type { FakeFile } from '../../sandbox/fakes/drive';
import type { Sandbox } from '../../sandbox/vm';
import { COL } from '../../src/core/records/feedback-record';

interface SetupResult {
  title: string;
  ok: boolean;
  lines: string[];
  changes: string[];
  notDone: string[];
}

const SETTING_UP = 'Hòm thư số góp ý đang được cài đặt. Vui lòng quay lại sau.';

const runSetup = (sb: Sandbox) => sb.run<SetupResult>('setup', [], { user: ADMIN }).value;

/**
 * Makes the first `call` (e.g. "Range.setDataValidation") after setup has taken its lock throw, once. Returns a
 * function telling whether it fired.
 */
function failOnce(sb: Sandbox, call: string): () => boolean {
  let armed = false;
  let fired = false;
  sb.world.faultHook = (name) => {
    if (name === 'Lock.tryLock') armed = true;
    if (armed && !fired && name === call) {
      fired = true;
      throw new Error(`Service error: ${call}`);
    }
  };
  return () => fired;
}

/** What the residents' page is after a setup: the "being set up" page, or a form with its places. */
function residentsPage(sb: Sandbox): { settingUp: true } | { settingUp: false; places: string[] } {
  sb.world.script.cache.clear();
  const html = sb.run<FakeHtmlOutput>('doGet', [{ parameter: {} }]).value.getContent();
  const boot = /id="boot">([\s\S]*?)<\/script>/.exec(html);
  if (!boot) {
    expect(html.replace(/<[^>]+>/g, '')).toBe(SETTING_UP);
    return { settingUp: true };
  }
  const data = JSON.parse(boot[1]) as { view: string; locations: { code: string }[] };
  expect(data.view).toBe('form');
  return { settingUp: false, places: data.locations.map((l) => l.code) };
}

/** The box takes an opinion: the form has places, a submission to the first one gets a tracking code. */
function expectTakesOpinions(sb: Sandbox): void {
  const page = residentsPage(sb);
  if (page.settingUp) throw new Error('the residents are told the box is being set up');
  expect(page.places.length).toBeGreaterThan(0);
  const res = sb.run<{ ok: boolean; trackingCode?: string }>('submitFeedback', [payload({ location: page.places[0] })]).value;
  expect(res).toMatchObject({ ok: true, trackingCode: expect.stringMatching(/^HB-[A-Z0-9]{7}$/) });
}

function stepFailures(sb: Sandbox): { step: string; error: string }[] {
  return sb.world.logs
    .filter((l) => l.level === 'error' && l.message.includes('"event":"setup.step-failed"'))
    .map((l) => JSON.parse(l.message) as { step: string; error: string });
}

/**
 * Everything setup makes, without ids, secrets, times or what a submission adds: two boxes set up by different
 * paths have the same shape when they ended up with the same spreadsheet, sheets, formats, rules, protections,
 * folders, triggers and settings.
 */
function boxShape(sb: Sandbox): unknown {
  const ss = sb.world.boxSpreadsheet()!;
  const drive = [...sb.world.drive.items.values()];
  const nameOf = (id: string | null | undefined) => drive.find((i) => i.id === id)?.name ?? String(id);
  return {
    locale: ss.getSpreadsheetLocale(),
    timeZone: ss.getSpreadsheetTimeZone(),
    sheets: ss.sheetList.map((s) => {
      const last = s.maxRows - 1;
      const columns = Array.from({ length: s.maxColumns }, (_, c) => c);
      const keepRows = s.name === 'Cấu hình' || s.name === 'Địa điểm' ? s.rows.length : 1;
      return {
        name: s.name,
        rows: s.rows.slice(0, keepRows).map((r) => (r ?? []).map((c) => (c ? String(c.v) : ''))),
        frozen: s.frozenRows,
        maxRows: s.maxRows,
        widths: [...s.columnWidths.entries()].sort((a, b) => a[0] - b[0]),
        formats: columns.map((c) => s.formatAt(last, c) ?? ''),
        wraps: columns.map((c) => s.wrapAt(last, c) || s.wrapAt(1, c)),
        validations: [...s.validations.entries()].sort((a, b) => a[0] - b[0]).map(([c, v]) => [c, JSON.stringify(v)]),
        protections: s.protections
          .map((p) => [p.type, p.a1, p.description, p.warningOnly, p.domainEdit, [...p.editors].sort()].join('|'))
          .sort(),
        rules: JSON.stringify(s.conditionalRules),
      };
    }),
    // What is in the trash is left out: the trash is where setup puts what it made and could not remember.
    drive: drive
      .filter((i) => !i.trashed && (i.id === ss.id || sb.world.drive.folders().some((f) => f.id === i.id)))
      .map((i) => [i.name, i.trashed, nameOf(i.parentId), i.shareableByEditors].join('|'))
      .sort(),
    triggers: sb.world.script.triggers.map((t) => [t.handler, t.schedule, t.sourceId === ss.id, t.owner].join('|')).sort(),
    // Without the configuration's snapshot (it holds times) and the counters a submission keeps.
    properties: [...sb.world.script.properties.keys()].filter((k) => !/^(CONFIG_SNAPSHOT|INTAKE_)/.test(k)).sort(),
  };
}

let cleanShape: unknown;
beforeAll(() => {
  const sb = newBox({ bare: true });
  expect(runSetup(sb).ok).toBe(true);
  cleanShape = boxShape(sb);
});

/**
 * The next setup finishes what was left: the box is as a setup that never failed leaves it (`shape`, a fresh box's
 * by default), and one more run changes nothing.
 */
function expectFinishedByNextRun(sb: Sandbox, shape = cleanShape): void {
  const again = runSetup(sb);
  expect(again).toMatchObject({ ok: true, notDone: [] });
  // One spreadsheet: a second one made by the next run, or one nobody remembers, would be left behind in Drive.
  expect(sb.world.sheets.all().filter((ss) => !sb.world.drive.get(ss.id)!.trashed)).toHaveLength(1);
  expect(boxShape(sb)).toEqual(shape);
  expect(runSetup(sb).changes).toEqual([]);
}

describe('a secondary step that fails is named, the others still run, the box takes opinions', () => {
  test.each([
    ['Sheet.setConditionalFormatRules', /^Tô màu ý kiến quá hạn$/],
    ['Range.setDataValidation', /^Danh sách chọn/],
    ['Range.protect', /^Bảo vệ .*"Góp ý"/],
    ['Sheet.protect', /^Bảo vệ các trang/],
    ['Sheet.setColumnWidth', /^Độ rộng cột$/],
    ['Range.setNumberFormat', /^Định dạng ngày giờ/],
    ['Spreadsheet.deleteSheet', /^Xóa trang trống/],
    ['File.moveTo', /^Đưa bảng tính vào thư mục/],
    ['Cache.remove', /chống gửi tự động/],
  ])('%s throws once', (call, step) => {
    const sb = newBox({ bare: true });
    const fired = failOnce(sb, call);
    const res = runSetup(sb);
    sb.world.faultHook = null;
    expect(fired()).toBe(true);
    expect(res.ok).toBe(false);
    expect(res.notDone).toEqual([expect.stringMatching(step)]);
    const said = res.lines.join('\n');
    expect(said).toContain(`${res.notDone[0]}: Service error: ${call}`);
    expect(said).toMatch(/vẫn nhận ý kiến/);
    expect(said).toContain('bấm lại "Cài đặt / sửa chữa hòm thư"');
    expect(stepFailures(sb)).toEqual([expect.objectContaining({ step: res.notDone[0], error: `Service error: ${call}` })]);
    // The steps after it ran: the triggers are in place, and so is the last secondary step's work.
    expect(sb.world.script.triggers).toHaveLength(6);
    expectTakesOpinions(sb);
    expectFinishedByNextRun(sb);
  });

  test('the spreadsheet a failed setup made is filed in the box folder by the next run', () => {
    const sb = newBox({ bare: true });
    failOnce(sb, 'File.moveTo');
    runSetup(sb);
    sb.world.faultHook = null;
    const file = sb.world.drive.get(sb.world.boxSpreadsheet()!.id) as FakeFile;
    expect(file.parentId).toBe('root');
    expect(runSetup(sb).changes).toContain('Đưa bảng tính vào thư mục "Hòm thư số góp ý – Phường Hòa Bình".');
    const root = sb.world.drive.folders().find((f) => f.name === 'Hòm thư số góp ý – Phường Hòa Bình')!;
    expect(file.parentId).toBe(root.id);
  });
});

describe('an essential step that fails stops setup with the step named; the next run finishes everything', () => {
  test('before the box is usable: the residents are told it is being set up, and the next run keeps the same spreadsheet', () => {
    const sb = newBox({ bare: true });
    failOnce(sb, 'Spreadsheet.insertSheet');
    const res = runSetup(sb);
    sb.world.faultHook = null;
    expect(res.ok).toBe(false);
    expect(res.notDone).toEqual(['Trang "Góp ý" và dòng tiêu đề']);
    const said = res.lines.join('\n');
    expect(said).toContain('Cài đặt dừng ở bước "Trang "Góp ý" và dòng tiêu đề": Service error: Spreadsheet.insertSheet');
    expect(said).toContain('bấm lại "Cài đặt / sửa chữa hòm thư"');
    expect(res.changes).toContainEqual(expect.stringMatching(/^Tạo bảng tính "Hòm thư số góp ý – Phường Hòa Bình"/));
    expect(stepFailures(sb)).toEqual([expect.objectContaining({ step: 'Trang "Góp ý" và dòng tiêu đề' })]);
    expect(residentsPage(sb)).toEqual({ settingUp: true });
    expect(sb.world.script.triggers).toEqual([]);
    expectFinishedByNextRun(sb);
    expectTakesOpinions(sb);
  });

  test('the spreadsheet an unfinished setup made, failing to open for a moment, is not replaced by a second one', () => {
    const sb = newBox({ bare: true });
    failOnce(sb, 'Spreadsheet.insertSheet');
    runSetup(sb);
    const made = sb.world.sheets.all().map((ss) => ss.id);
    expect(made).toHaveLength(1);
    // The next run cannot open it this once (a "Service error"): the spreadsheet is still there, in Drive.
    failOnce(sb, 'SpreadsheetApp.openById');
    const res = runSetup(sb);
    sb.world.faultHook = null;
    expect(sb.world.sheets.all().map((ss) => ss.id)).toEqual(made);
    expect(res).toMatchObject({ ok: false, notDone: ['Mở hoặc tạo bảng tính'] });
    expect(res.lines.join('\n')).toContain('Service error: SpreadsheetApp.openById');
    expectFinishedByNextRun(sb);
    expect(sb.world.boxSpreadsheet()!.id).toBe(made[0]);
  });

  test('the spreadsheet an unfinished setup made and the owner deleted since is made again', () => {
    const sb = newBox({ bare: true });
    failOnce(sb, 'Spreadsheet.insertSheet');
    runSetup(sb);
    sb.world.faultHook = null;
    const [gone] = sb.world.sheets.all();
    sb.world.sheets.deleteForever(gone.id);
    expect(sb.world.sheets.all()).toHaveLength(0);
    expectFinishedByNextRun(sb);
    expect(sb.world.boxSpreadsheet()!.id).not.toBe(gone.id);
  });

  test('the spreadsheet an unfinished setup made and the owner put in the trash since stays there; a new one is made', () => {
    const sb = newBox({ bare: true });
    failOnce(sb, 'Spreadsheet.insertSheet');
    runSetup(sb);
    sb.world.faultHook = null;
    const [binned] = sb.world.sheets.all();
    (sb.world.drive.get(binned.id) as FakeFile).setTrashed(true);
    expectFinishedByNextRun(sb);
    expect(sb.world.boxSpreadsheet()!.id).not.toBe(binned.id);
    expect((sb.world.drive.get(binned.id) as FakeFile).isTrashed()).toBe(true);
    expectTakesOpinions(sb);
  });

  test('at the triggers: the box already takes opinions, and the next run installs them', () => {
    const sb = newBox({ bare: true });
    failOnce(sb, 'ScriptApp.getProjectTriggers');
    const res = runSetup(sb);
    sb.world.faultHook = null;
    expect(res.ok).toBe(false);
    expect(res.notDone).toEqual(['Trình kích hoạt']);
    expect(res.lines.join('\n')).toContain('Cài đặt dừng ở bước "Trình kích hoạt": Service error: ScriptApp.getProjectTriggers');
    expectTakesOpinions(sb);
    expectFinishedByNextRun(sb);
  });
});

describe('a trigger the account cannot add', () => {
  test('the 20-trigger limit full: a step not done, with the advice to delete this account’s unused triggers', () => {
    const sb = newBox();
    const triggers = sb.world.script.triggers;
    const digest = triggers.findIndex((t) => t.handler === 'sendWeeklyDigest');
    const template = triggers[digest];
    triggers.splice(digest, 1);
    // A poster job's continuation triggers (setup leaves them be) fill the account's 20.
    for (let i = 0; triggers.length < 20; i++) triggers.push({ ...template, handler: 'continuePosters', uid: String(9000 + i) });
    const res = runSetup(sb);
    expect(res.ok).toBe(false);
    expect(res.notDone).toEqual(['Cài đủ trình kích hoạt']);
    const said = res.lines.join('\n');
    expect(said).toContain('Cài đủ trình kích hoạt: Chưa cài được trình kích hoạt (gửi tổng hợp tuần)');
    expect(said).toContain('hãy xóa các trình kích hoạt không dùng của tài khoản này ở trang Trình kích hoạt');
    expect(said).toContain('bấm lại "Cài đặt / sửa chữa hòm thư"');
    expect(said.normalize('NFC')).toBe(said);
    expect(res.changes.join('\n')).not.toContain('Chưa cài được');
    expect(stepFailures(sb)).toEqual([expect.objectContaining({ step: 'Cài đủ trình kích hoạt' })]);
    // One freed: the next setup installs the digest's trigger and has nothing left to do.
    triggers.splice(
      triggers.findIndex((t) => t.handler === 'continuePosters'),
      1,
    );
    expect(runSetup(sb)).toMatchObject({ ok: true, notDone: [] });
    expect(triggers.filter((t) => t.handler === 'sendWeeklyDigest')).toHaveLength(1);
  });
});

/** A box set up long ago, and what staff and time did to it since: setup has something to repair everywhere. */
function damagedBox(): Sandbox {
  const sb = newBox();
  const ss = sb.world.boxSpreadsheet()!;
  ss.deleteSheet(ss.getSheetByName('Nhật ký')!);
  ss.setSpreadsheetLocale('en_US');
  const responses = ss.getSheetByName('Góp ý')!;
  responses.setFrozenRows(0);
  responses.setConditionalFormatRules([]);
  responses.getRange(2, COL.status, responses.getMaxRows() - 1, 1).setDataValidation(null);
  responses.getRange(2, COL.dueAt, 50, 1).setNumberFormat('0.###');
  for (const p of [...responses.protections]) p.remove();
  responses.columnWidths.clear();
  sb.world.drive
    .folders()
    .find((f) => f.name === 'Báo cáo')!
    .setTrashed(true);
  sb.world.script.triggers.splice(0, 1);
  return sb;
}

/** The distinct calls setup makes on `sb` once it holds its lock, in the order of their first use. */
function setupCalls(sb: Sandbox): string[] {
  const calls: string[] = [];
  let armed = false;
  sb.world.faultHook = (name) => {
    if (name === 'Lock.tryLock') armed = true;
    else if (armed && !calls.includes(name)) calls.push(name);
  };
  runSetup(sb);
  sb.world.faultHook = null;
  return calls;
}

/**
 * Each distinct call setup makes on a box `make()` returns, failing once at its first use: setup never throws, names
 * what it did not do, never leaves a form nobody can send, and the next run finishes the box (`shape`). Returns what
 * went wrong, by call.
 */
function sweep(make: () => Sandbox, shape: unknown): string[] {
  const calls = setupCalls(make());
  expect(calls.length).toBeGreaterThan(50);
  const problems: string[] = [];
  for (const call of calls) {
    try {
      const sb = make();
      failOnce(sb, call);
      const res = runSetup(sb);
      sb.world.faultHook = null;
      if (!res.ok) {
        expect(res.notDone.length).toBeGreaterThan(0);
        for (const step of res.notDone) expect(res.lines.join('\n')).toContain(step);
        expect(stepFailures(sb).map((f) => f.step)).toEqual(res.notDone);
      }
      if (!residentsPage(sb).settingUp) expectTakesOpinions(sb);
      expectFinishedByNextRun(sb, shape);
    } catch (e) {
      problems.push(`${call}: ${e instanceof Error ? e.message.split('\n').slice(0, 8).join(' ') : String(e)}`);
    }
  }
  return problems;
}

describe('a fault at each call of setup in turn', () => {
  test('on a fresh box', () => {
    expect(sweep(() => newBox({ bare: true }), cleanShape)).toEqual([]);
  });

  test('on a box setup repairs', () => {
    const reference = damagedBox();
    expect(runSetup(reference).ok).toBe(true);
    expect(sweep(damagedBox, boxShape(reference))).toEqual([]);
  });
});
