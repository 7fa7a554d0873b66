/**
 * Each write-back of the built script, with one staff action — a sort of the data rows, a row inserted above, an
 * unrelated row deleted — injected before one service call, for every call of the execution in turn (not at random:
 * every position is tried). Afterwards no other row has changed and the row meant holds what it should.
 * Only the calls on Sheets objects are tried by default: nothing between a Drive, Gmail, cache, property or lock call
 * and the next Sheets call sees the sheet, so staff acting before the one is the same run as staff acting before the
 * other. ROWS_EVERY_CALL_FULL=1 tries every call, of the longer runs too (the purge's night, the posters); AT_CALL=k
 * and AT_ACTION=sort|insert|delete replay one case and print the run's logs.
 */
import { ADMIN, SERVICE_URL, logRows, newBox, nthCode, payload, setConfigValue } from '../../sandbox/box';
import { structuralJpeg } from '../helpers/jpeg';
import type { FakeSheet } from '../../sandbox/fakes/spreadsheet';
import { FakeUtilities } from '../../sandbox/fakes/script';
import crypto from 'node:crypto';
import type { Sandbox } from '../../sandbox/vm';
import { COL, COLUMNS, rowToRecord, type FeedbackRecord } from '../../src/core/records/feedback-record';
import { recordToCells } from '../../src/core/intake/submit';
import type { AdminResult } from '../../src/shared/types';

type Row = unknown[];
/** ROWS_EVERY_CALL_FULL=1: before every call of every scenario, not only the calls a scenario names. */
const FULL = process.env.ROWS_EVERY_CALL_FULL === '1';
/** Calls on the objects that read or change a sheet (builders only prepare what a Sheet or Range call applies). */
const SHEETS_CALL = /^(SpreadsheetApp|Spreadsheet|Sheet|Range|Protection|TextFinder|Filter)\./;
const text = (v: unknown) => (v instanceof Date ? `D${v.getTime()}` : String(v ?? ''));

/** The sheet staff work in: its header (in column A), width, the column they sort by, the rows they may delete. */
interface Target {
  name: string;
  header: string;
  width: number;
  sortColumn: number;
  deletable: (key: string) => boolean;
}

const RESPONSES: Target = {
  name: 'Góp ý',
  header: 'Mã theo dõi',
  width: COLUMNS.length,
  sortColumn: COL.content,
  deletable: (k) => k.startsWith('HB-'),
};

function sheetOf(sb: Sandbox, t: Target = RESPONSES): FakeSheet {
  return sb.world.boxSpreadsheet()!.getSheetByName(t.name)!;
}

function rowsOf(sheet: FakeSheet, t: Target = RESPONSES): Row[] {
  const last = sheet.getLastRow();
  return last ? sheet.getRange(1, 1, last, t.width).getValues() : [];
}

/** Data rows by key (tracking code, location code), each as text. */
function byCode(sheet: FakeSheet, t: Target = RESPONSES): Map<string, string> {
  const rows = rowsOf(sheet, t);
  const h = rows.findIndex((r) => r[0] === t.header);
  return new Map(
    rows
      .slice(h + 1)
      .filter((r) => r.some((v) => text(v) !== ''))
      .map((r) => [keyOf(r), r.map(text).join('|')]),
  );
}

/** A row's name in these tests: its code, or its content while it has none. */
function keyOf(r: Row): string {
  return String(r[0]) || `content:${String(r[COL.content - 1])}`;
}

function rowOf(sheet: FakeSheet, code: string): Row | undefined {
  return rowsOf(sheet).find((r) => r[0] === code);
}

let seq = 0;
/** Column A of Rác, row by row: the codes of the rows moved there. */
function racCodes(sb: Sandbox): string[] {
  return sb.world
    .boxSpreadsheet()!
    .getSheetByName('Rác')!
    .getDataRange()
    .getValues()
    .map((r) => String(r[0]));
}

/** Four rows of other residents, none meant to change. */
function fourRows(sheet: FakeSheet): string[] {
  [0, 1, 2, 3].forEach(() => plant(sheet, {}));
  return [];
}

/** Two small JPEGs as the page sends them. */
function twoPhotos(seed: number) {
  return [0, 1].map((k) => ({ name: `anh${k}.jpg`, type: 'image/jpeg', dataBase64: structuralJpeg(seed + k).toString('base64') }));
}

/** The one row of this request, holding the content sent. */
function onlyRowOf(sheet: FakeSheet, requestId: string, content: string): FeedbackRecord {
  const rows = rowsOf(sheet).filter((r) => r[COL.requestId - 1] === requestId);
  expect(rows).toHaveLength(1);
  const r = rowToRecord(rows[0]);
  expect(r.content).toBe(content);
  return r;
}

/** Each link opens a photo in Drive, outside the trash, named after `code`: the row's own. */
function expectOwnPhotos(sb: Sandbox, links: string[], code: string): void {
  for (const l of links) {
    const f = sb.world.drive.files().find((x) => x.getUrl() === l);
    expect(f && !f.trashed && f.name.startsWith(`${code}-`)).toBe(true);
  }
}

function plant(sheet: FakeSheet, over: Partial<FeedbackRecord>): FeedbackRecord {
  seq++;
  const r: FeedbackRecord = {
    ...rowToRecord([]),
    trackingCode: nthCode(seq * 13 + 300),
    receivedAt: new Date(Date.UTC(2026, 9, 1) + seq * 60_000),
    source: 'QR',
    locationCode: 'KDC01',
    locationName: 'Nhà văn hóa khu dân cư số 1',
    kind: 'Phản ánh',
    category: 'Vệ sinh môi trường',
    // Contents sorted the other way round from the codes: a sort by content reverses the rows.
    content: `Ý kiến ${String(1000 - seq).padStart(4, '0')}: ngõ ${seq} có ổ gà.`,
    name: `Người dân số ${seq}`,
    phone: `0912${String(100000 + seq)}`,
    email: `dan${seq}@example.com`,
    consent: true,
    emailStatus: 'đã gửi',
    requestId: `planted-${seq}`,
    status: 'Đang xử lý',
    ...over,
  };
  sheet.appendRow(recordToCells(r));
  return r;
}

type Action = 'sort' | 'insert' | 'delete';
const ACTIONS: Action[] = ['sort', 'insert', 'delete'];

/** The staff action, once, on the rows other than `keep` (a deletion takes an unrelated row). */
function act(sheet: FakeSheet, action: Action, keep: ReadonlySet<string>, t: Target): string | null {
  const rows = rowsOf(sheet, t);
  const h = rows.findIndex((r) => r[0] === t.header);
  if (action === 'sort') {
    sheet.getRange(h + 2, 1, rows.length - h - 1, t.width).sort({ column: t.sortColumn, ascending: true });
  } else if (action === 'insert') {
    sheet.insertRowsBefore(h + 2, 1);
  } else {
    const i = rows.findIndex((r, k) => k > h && t.deletable(String(r[0])) && !keep.has(String(r[0])));
    if (i < 0) return null;
    sheet.deleteRow(i + 1);
    return String(rows[i][0]);
  }
  return null;
}

interface Scenario {
  /** The sheet staff work in (default Góp ý). */
  target?: Target;
  /** Plants the rows; returns the codes the execution is meant to change. */
  plant: (sheet: FakeSheet) => string[];
  run: (sb: Sandbox) => unknown;
  /** Only before calls whose name matches (default: every call on a Sheets object). */
  calls?: RegExp;
  /** After the faulty run, before the checks (a later trigger run, say). */
  beforeCheck?: (sb: Sandbox) => void;
  /** The meant rows afterwards. */
  check: (sheet: FakeSheet, meant: string[], sb: Sandbox) => void;
}

/** Runs the scenario once per (call position, action); fails with the position and action named. */
function everyCall(s: Scenario): void {
  const probe = fresh(s);
  const names: string[] = [];
  probe.sb.world.faultHook = (call) => void names.push(call);
  s.run(probe.sb);
  probe.sb.world.faultHook = null;
  const only = process.env.AT_CALL ? Number(process.env.AT_CALL) : -1;
  for (let k = 0; k < names.length; k++) {
    if (only >= 0 ? k !== only : !FULL && !(s.calls ?? SHEETS_CALL).test(names[k])) continue;
    for (const action of ACTIONS) {
      if (process.env.AT_ACTION && action !== process.env.AT_ACTION) continue;
      const { sb, sheet, meant, before } = fresh(s);
      let n = 0;
      let deleted: string | null = null;
      let what = '';
      sb.world.faultHook = (call) => {
        if (n++ !== k) return;
        what = call;
        deleted = act(sheet, action, new Set(meant), s.target ?? RESPONSES);
      };
      try {
        s.run(sb);
        sb.world.faultHook = null;
        if (s.beforeCheck) s.beforeCheck(sb);
        const after = byCode(sheet, s.target);
        for (const [c, r] of before) {
          if (meant.includes(c)) continue;
          if (c === deleted) {
            // Put back only when the box cannot tell it from a row its own deletion took, and then said in Nhật ký.
            const said = logRows(sb).some((l) => l.includes('đã được ghi lại') && l.includes(c));
            if (after.has(c) && !said) throw new Error(`deleted row ${c} is back`);
            continue;
          }
          if (after.get(c) !== r) throw new Error(`unrelated row ${c} changed:\n${r}\n→ ${after.get(c)}`);
        }
        s.check(sheet, meant, sb);
        if (only >= 0) console.log(sb.world.logs.map((l) => l.message).join('\n'), logRows(sb).join('\n'));
      } catch (err) {
        if (only >= 0)
          console.log(
            sb.world.logs.map((l) => l.message).join('\n'),
            logRows(sb).join('\n'),
            JSON.stringify(sb.world.script.properties.get('MAIL_MARKS_OWED')),
          );
        const e = new Error(`${action} before call ${k} (${what}): ${(err as Error).message}`);
        e.stack = `${e.message}\n${(err as Error).stack ?? ''}`;
        throw e;
      }
    }
  }
}

function fresh(s: Scenario) {
  seq = 0;
  const sb = newBox({ emailQuota: 100000, now: () => Date.UTC(2026, 10, 3, 3, 0, 0) });
  const sheet = sheetOf(sb, s.target);
  const meant = s.plant(sheet);
  sb.world.script.cache.clear();
  return { sb, sheet, meant, before: byCode(sheet, s.target) };
}

describe('a resident’s request, with staff sorting or deleting rows at any moment', () => {
  const plantFive = (sheet: FakeSheet) => {
    const rows = [0, 1, 2, 3, 4].map(() => plant(sheet, {}));
    return [rows[1].trackingCode];
  };

  test('erasure empties the meant row’s contacts and only them', () => {
    everyCall({
      plant: plantFive,
      run: (sb) => sb.run<AdminResult>('handleResidentRequest', [{ code: nthCode(2 * 13 + 300), request: 'erase' }], { user: ADMIN }),
      check: (sheet, [code]) => {
        const r = rowToRecord(rowOf(sheet, code)!);
        expect([r.name, r.phone, r.email]).toEqual(['', '', '']);
        expect(r.content).toBe('Ý kiến 0998: ngõ 2 có ổ gà.');
      },
    });
  });

  test('correction writes the new phone into the meant row only', () => {
    everyCall({
      plant: plantFive,
      run: (sb) =>
        sb.run<AdminResult>('handleResidentRequest', [{ code: nthCode(2 * 13 + 300), request: 'correct', phone: '0987654321' }], {
          user: ADMIN,
        }),
      check: (sheet, [code]) => {
        const r = rowToRecord(rowOf(sheet, code)!);
        expect(String(r.phone)).toBe('0987654321');
        expect(r.name).toBe('Người dân số 2');
      },
    });
  });
});

test('erasure of a row staff deleted after the box read it: nothing written anywhere, one line in Nhật ký', () => {
  const { sb, sheet, before } = fresh({ plant: (s) => [0, 1, 2].map(() => plant(s, {}).trackingCode), run: () => 0, check: () => 0 });
  const code = nthCode(2 * 13 + 300);
  let reads = 0;
  sb.world.faultHook = (call) => {
    if (call === 'Range.getValues' && ++reads === 2) sheet.deleteRow(rowsOf(sheet).findIndex((r) => r[0] === code) + 1);
  };
  const run = sb.run<AdminResult>('handleResidentRequest', [{ code, request: 'erase' }], { user: ADMIN });
  sb.world.faultHook = null;
  expect(run.value).toMatchObject({ ok: false, lines: [`Không tìm thấy ý kiến có mã ${code} trong trang Góp ý. Không thay đổi gì.`] });
  const after = byCode(sheet);
  for (const [c, r] of before) if (c !== code) expect(after.get(c)).toBe(r);
  expect(sb.world.drive.files().some((f) => f.isTrashed())).toBe(false);
  expect(logRows(sb).filter((l) => l.startsWith('Dòng đã bị xóa'))).toEqual([
    `Dòng đã bị xóa | ${code}: không còn dòng nào giữ mã này trên trang Góp ý; bỏ qua việc xử lý yêu cầu của người gửi về thông tin cá nhân.`,
  ]);
});

/** Whether a committee email announces this code: in its subject (its own email) or listed in a batched one. */
function announces(m: { subject: string; body: string }, code: string): boolean {
  if (/ ý kiến mới.* – đợt /.test(m.subject)) return [...m.body.matchAll(/^\d+\. (HB-[A-Z0-9]{7}) /gm)].some((x) => x[1] === code);
  return m.subject.includes(code);
}

const HOUR_AGO = new Date(Date.UTC(2026, 10, 3, 2, 0, 0));

describe('the pending-mail trigger', () => {
  test('announcements and a due reply: each sent once, each mark on its own row', () => {
    everyCall({
      plant: (sheet) => {
        const rows = [0, 1, 2, 3, 4, 5].map((i) =>
          plant(sheet, i === 1 || i === 4 ? { receivedAt: HOUR_AGO, emailStatus: 'chờ gửi', email: '', consent: false } : {}),
        );
        const reply = plant(sheet, { status: 'Đã trả lời', publicReply: 'Đã lấp ổ gà.', email: 'tra.loi@example.com' });
        return [rows[1].trackingCode, rows[4].trackingCode, reply.trackingCode];
      },
      run: (sb) => sb.fireHandler('sendPendingEmails'),
      // A mark left owed is written by the next run, never announced again.
      beforeCheck: (sb) => void sb.fireHandler('sendPendingEmails'),
      check: (sheet, [a, b, reply], sb) => {
        for (const c of [a, b]) {
          expect(rowToRecord(rowOf(sheet, c)!).emailStatus).toBe('đã gửi');
          expect(sb.world.gmail.sent.filter((m) => announces(m, c))).toHaveLength(1);
        }
        expect(rowToRecord(rowOf(sheet, reply)!).replySentAt).toBeInstanceOf(Date);
        expect(sb.world.gmail.sent.filter((m) => m.to.includes('tra.loi@example.com'))).toHaveLength(1);
      },
    });
  });
});

describe('the edit trigger', () => {
  test('a reply typed by staff: sent once, stamped and marked on its own row', () => {
    let code = '';
    everyCall({
      plant: (sheet) => {
        const rows = [0, 1, 2, 3, 4].map(() => plant(sheet, {}));
        code = rows[2].trackingCode;
        const at = rowsOf(sheet).findIndex((r) => r[0] === code) + 1;
        sheet.getRange(at, COL.status).setValue('Đã trả lời');
        sheet.getRange(at, COL.publicReply).setValue('Đã lấp ổ gà ngõ 3.');
        return [code];
      },
      run: (sb) => {
        const sheet = sheetOf(sb);
        sb.fireEdit({ sheet: 'Góp ý', row: rowsOf(sheet).findIndex((r) => r[0] === code) + 1, column: COL.publicReply });
      },
      beforeCheck: (sb) => void sb.fireHandler('sendPendingEmails'),
      check: (sheet, [c], sb) => {
        const r = rowToRecord(rowOf(sheet, c)!);
        expect([r.status, r.publicReply, r.content]).toEqual(['Đã trả lời', 'Đã lấp ổ gà ngõ 3.', 'Ý kiến 0997: ngõ 3 có ổ gà.']);
        expect(r.replySentAt).toBeInstanceOf(Date);
        expect(sb.world.gmail.sent.filter((m) => m.to.includes(r.email))).toHaveLength(1);
      },
    });
  });
});

describe('the owner’s actions and the nightly run', () => {
  test('codes for typed rows: one code each, on its own row', () => {
    const typed = ['Thư tay: đề nghị lắp đèn ngõ 9.', 'Thư tay: đề nghị nạo vét cống ngõ 2.'];
    everyCall({
      plant: (sheet) => {
        [0, 1, 2].forEach(() => plant(sheet, {}));
        for (const t of typed) {
          const cells = COLUMNS.map(
            (col) => ({ source: 'Thư giấy', locationCode: 'KDC02', kind: 'Kiến nghị', content: t })[col.key as string] ?? '',
          );
          sheet.appendRow(cells.map((v) => (v ? `'${v}` : '')));
        }
        plant(sheet, {});
        return typed.map((t) => `content:${t}`);
      },
      run: (sb) => sb.run('assignCodesToManualRows', [], { user: ADMIN }),
      check: (sheet) => {
        const rows = rowsOf(sheet);
        for (const t of typed) {
          const holding = rows.filter((r) => r[COL.content - 1] === t);
          expect(holding).toHaveLength(1);
          expect(String(holding[0][0])).toMatch(/^HB-[23456789A-HJKMNP-Z]{7}$/);
        }
      },
    });
  });

  test('the retention purge: the expired rows lose their contacts, no other row changes', () => {
    everyCall({
      plant: (sheet) => {
        const old = new Date(Date.UTC(2024, 0, 5));
        const rows = [0, 1, 2, 3, 4].map((i) => plant(sheet, i % 2 ? { receivedAt: old } : {}));
        return [rows[1].trackingCode, rows[3].trackingCode];
      },
      run: (sb) => {
        try {
          sb.fireHandler('purgeExpiredPersonalData');
        } catch {
          // A piece of the night failing on a sheet shrunk under it is named and redone the next night.
        }
      },
      // Before each Sheets call (not the Drive, lock and property calls of the night's other pieces).
      calls: /^(Range|Sheet|Protection)\./,
      // The night after: every piece done, whatever the faulty night left.
      beforeCheck: (sb) => void sb.fireHandler('purgeExpiredPersonalData'),
      check: (sheet, meant) => {
        for (const c of meant) {
          const r = rowToRecord(rowOf(sheet, c)!);
          expect([r.name, r.phone, r.email]).toEqual(['', '', '']);
        }
      },
    });
  });

  test('moving rows marked "Rác / spam" to Rác: only they go', () => {
    everyCall({
      plant: (sheet) => {
        const rows = [0, 1, 2, 3, 4, 5].map((i) => plant(sheet, i === 1 || i === 4 ? { status: 'Rác / spam' } : {}));
        return [rows[1].trackingCode, rows[4].trackingCode];
      },
      run: (sb) => sb.run('moveSpamToTrash', [], { user: ADMIN }),
      beforeCheck: (sb) => void sb.run('moveSpamToTrash', [], { user: ADMIN }),
      check: (sheet, meant, sb) => {
        const inRac = racCodes(sb);
        for (const c of meant) {
          expect(rowOf(sheet, c)).toBeUndefined();
          expect(inRac.filter((x) => x === c)).toHaveLength(1);
        }
        expect(inRac.filter((x) => x.startsWith('HB-'))).toHaveLength(meant.length);
      },
    });
  });
});

describe('a resident’s submission with photos', () => {
  test('the new row holds its own content and links its own photos; retries of the same request give the same code', () => {
    let sent: Record<string, unknown> = {};
    everyCall({
      plant: fourRows,
      run: (sb) => {
        sent = payload({
          content: 'Cống ngõ 21 bị tắc, nước tràn lên đường.',
          photos: twoPhotos(1500),
        });
        // As the page does: the same request again until it gets its code.
        for (let i = 0; i < 3; i++) if (sb.run<{ ok: boolean }>('submitFeedback', [sent]).value.ok) break;
      },
      check: (sheet, _meant, sb) => {
        const r = onlyRowOf(sheet, String(sent.requestId), 'Cống ngõ 21 bị tắc, nước tràn lên đường.');
        const again = sb.run<{ ok: boolean; trackingCode: string }>('submitFeedback', [sent]).value;
        expect(again).toMatchObject({ ok: true, trackingCode: r.trackingCode });
        const links = rowToRecord(rowOf(sheet, r.trackingCode)!).photos.split('\n');
        expect(links).toHaveLength(2);
        expectOwnPhotos(sb, links, r.trackingCode);
      },
    });
  });
});

describe('a retry whose first attempt could not save its photos', () => {
  test('the retry’s photos are linked into the row of its request, found by its code at that moment', () => {
    let sent: Record<string, unknown> = {};
    everyCall({
      plant: fourRows,
      run: (sb) => {
        const hook = sb.world.faultHook;
        sent = payload({
          content: 'Đèn đường ngõ 30 tắt cả tuần.',
          photos: twoPhotos(1700),
        });
        // Drive fails for the first attempt: the opinion is kept without its photos.
        sb.world.faultHook = (call) => {
          if (call === 'Folder.createFile') throw new Error('Service Drive failed');
        };
        const first = sb.run<{ ok: boolean }>('submitFeedback', [sent]).value;
        expect(first.ok).toBe(true);
        // The answer was lost: the page sends the same request again, with its photos.
        sb.world.script.cache.clear();
        sb.world.faultHook = hook;
        sb.run('submitFeedback', [sent]);
      },
      check: (sheet, _meant, sb) => {
        const r = onlyRowOf(sheet, String(sent.requestId), 'Đèn đường ngõ 30 tắt cả tuần.');
        const links = r.photos ? r.photos.split('\n') : [];
        // Linked by this retry, or (its row moving through every round) by the nightly sweep: never into another row.
        if (links.length === 0) sb.fireHandler('purgeExpiredPersonalData');
        const after = rowToRecord(rowOf(sheet, r.trackingCode)!).photos.split('\n');
        expect(after).toHaveLength(2);
        expectOwnPhotos(sb, after, r.trackingCode);
      },
    });
  });
});

describe('restoring rows from Rác', () => {
  test('the rows named come back once; no other row changes', () => {
    everyCall({
      plant: (sheet) => {
        const rows = [0, 1, 2, 3, 4, 5].map((i) => plant(sheet, i === 1 || i === 4 ? { status: 'Rác / spam' } : {}));
        return [rows[1].trackingCode, rows[4].trackingCode];
      },
      run: (sb) => {
        if (!sb.world.boxSpreadsheet()!.getSheetByName('Rác')) {
          const hook = sb.world.faultHook;
          sb.world.faultHook = null;
          sb.run('moveSpamToTrash', [], { user: ADMIN });
          sb.world.faultHook = hook;
        }
        sb.run('restoreFromTrash', [{ codes: `${nthCode(2 * 13 + 300)}, ${nthCode(5 * 13 + 300)}` }], { user: ADMIN });
      },
      beforeCheck: (sb) =>
        void sb.run('restoreFromTrash', [{ codes: `${nthCode(2 * 13 + 300)}, ${nthCode(5 * 13 + 300)}` }], { user: ADMIN }),
      check: (sheet, meant, sb) => {
        const inRac = racCodes(sb);
        for (const c of meant) {
          expect(rowsOf(sheet).filter((r) => r[0] === c)).toHaveLength(1);
          expect(rowToRecord(rowOf(sheet, c)!).status).toBe('Mới');
          expect(inRac).not.toContain(c);
        }
      },
    });
  });
});

describe('posters', () => {
  test('each active place gets its own poster links on its own row; old places stay as they were', () => {
    const places: Target = { name: 'Địa điểm', header: 'Mã', width: 9, sortColumn: 2, deletable: (k) => /^CU\d\d$/.test(k) };
    everyCall({
      target: places,
      plant: (sheet) => {
        sheet.appendRow(["'CU01", "'Điểm cũ 1", "'khác", '', false]);
        sheet.appendRow(["'CU02", "'Điểm cũ 2", "'khác", '', false]);
        return rowsOf(sheet, places)
          .filter((r) => r[4] === true)
          .map((r) => String(r[0]));
      },
      run: (sb) => {
        setConfigValue(sb, 'Đường dẫn cho poster (tùy chọn)', SERVICE_URL);
        sb.run('generatePosters', [], { user: ADMIN });
      },
      // Before the reads and writes of the sheet (not each call that builds a poster).
      calls: /^Range\.(getValues|setValues|setValue)$/,
      check: (sheet, meant, sb) => {
        expect(meant).toHaveLength(4);
        for (const r of rowsOf(sheet, places)) {
          if (!meant.includes(String(r[0]))) continue;
          const id = /\/d\/([^/]+)/.exec(String(r[5]))?.[1];
          const d = id ? sb.world.docs.get(id) : undefined;
          expect(d?.name).toContain(` ${String(r[0])} `);
        }
      },
    });
  });
});

test('erasure while a staff member edits the row: their edit stays, the owner is told to check and run it again', () => {
  const { sb, sheet } = fresh({ plant: (s) => [0, 1, 2].map(() => plant(s, {}).trackingCode), run: () => 0, check: () => 0 });
  const code = nthCode(2 * 13 + 300);
  let reads = 0;
  sb.world.faultHook = (call) => {
    if (call === 'Range.getValues' && ++reads === 2) {
      const at = rowsOf(sheet).findIndex((r) => r[0] === code) + 1;
      sheet.getRange(at, COL.phone).setValue("'0900000000");
    }
  };
  const run = sb.run<AdminResult>('handleResidentRequest', [{ code, request: 'erase' }], { user: ADMIN });
  sb.world.faultHook = null;
  expect(run.value.ok).toBe(false);
  expect(run.value.lines.join('\n')).toMatch(/vừa được sửa .* Hãy kiểm tra dòng rồi làm lại; chưa xóa ảnh và thư\./);
  expect(String(rowToRecord(rowOf(sheet, code)!).phone)).toBe('0900000000');
  // Run again: the row as it is now is erased.
  expect(sb.run<AdminResult>('handleResidentRequest', [{ code, request: 'erase' }], { user: ADMIN }).value.ok).toBe(true);
  const r = rowToRecord(rowOf(sheet, code)!);
  expect([r.name, r.phone, r.email]).toEqual(['', '', '']);
});

test('erasure of a code two rows hold: nothing written, the owner is told to leave the code on one row', () => {
  const { sb, sheet } = fresh({ plant: (s) => [0, 1, 2].map(() => plant(s, {}).trackingCode), run: () => 0, check: () => 0 });
  const code = nthCode(2 * 13 + 300);
  const other = rowsOf(sheet).findIndex((r) => r[0] === nthCode(3 * 13 + 300)) + 1;
  sheet.getRange(other, 1).setValue(code);
  const snapshot = rowsOf(sheet).map((r) => r.map(text).join('|'));
  const run = sb.run<AdminResult>('handleResidentRequest', [{ code, request: 'erase' }], { user: ADMIN });
  expect(run.value).toMatchObject({
    ok: false,
    lines: [`Mã ${code} có ở nhiều dòng trong trang Góp ý: hãy sửa để chỉ một dòng giữ mã này rồi làm lại. Không thay đổi gì.`],
  });
  expect(rowsOf(sheet).map((r) => r.map(text).join('|'))).toEqual(snapshot);
});

test('a drawn code another row already has: the new row gets a fresh one, and its photos are named after it', () => {
  const sb = newBox({ emailQuota: 100000 });
  const sheet = sheetOf(sb);
  const uuids = ['1b4e28ba-2fa1-41d2-883f-0016d3cca427', '6fa459ea-ee8a-4ca4-894e-db77e160355e'];
  const spy = jest.spyOn(FakeUtilities.prototype, 'getUuid');
  try {
    spy.mockImplementation(() => uuids[(spy.mock.calls.length - 1) % 2]);
    const first = sb.run<{ trackingCode: string }>('submitFeedback', [payload()]).value.trackingCode;
    // The first run's UUIDs again, in the same order: the same code is drawn; the next draw gives a fresh one.
    const used = spy.mock.calls.length;
    spy.mockImplementation(() => {
      const k = spy.mock.calls.length - used;
      return k <= used ? uuids[(k - 1) % 2] : crypto.randomUUID();
    });
    const photos = [{ name: 'anh.jpg', type: 'image/jpeg', dataBase64: structuralJpeg(1600).toString('base64') }];
    const second = sb.run<{ trackingCode: string }>('submitFeedback', [payload({ content: 'Ổ gà ngõ 5 sâu.', photos })]).value.trackingCode;
    expect(second).not.toBe(first);
    // Saved under the code drawn first (the other opinion's), the photo no longer carries it.
    expect(sb.world.drive.files().some((f) => f.name.startsWith(`${first}-`))).toBe(false);
    const links = rowToRecord(rowOf(sheet, second)!).photos.split('\n');
    expect(links).toHaveLength(1);
    expect(sb.world.drive.files().find((f) => f.getUrl() === links[0])!.name).toBe(`${second}-1.jpg`);
  } finally {
    spy.mockRestore();
  }
});
