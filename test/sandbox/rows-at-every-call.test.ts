/**
 * Each write-back of the built script, with one staff action — a sort of the data rows, a row inserted above, an
 * unrelated row deleted — injected before one service call, for every call of the execution in turn (not at random:
 * every position is tried). Afterwards no other row has changed and the row meant holds what it should.
 */
import { ADMIN, logRows, newBox, nthCode } from '../../sandbox/box';
import type { FakeSheet } from '../../sandbox/fakes/spreadsheet';
import type { Sandbox } from '../../sandbox/vm';
import { COL, COLUMNS, rowToRecord, type FeedbackRecord } from '../../src/core/records/feedback-record';
import { recordToCells } from '../../src/core/intake/submit';
import type { AdminResult } from '../../src/shared/types';

const WIDTH = COLUMNS.length;
const HEADER = 'Mã theo dõi';
type Row = unknown[];
const text = (v: unknown) => (v instanceof Date ? `D${v.getTime()}` : String(v ?? ''));

function sheetOf(sb: Sandbox): FakeSheet {
  return sb.world.boxSpreadsheet()!.getSheetByName('Góp ý')!;
}

function rowsOf(sheet: FakeSheet): Row[] {
  const last = sheet.getLastRow();
  return last ? sheet.getRange(1, 1, last, WIDTH).getValues() : [];
}

/** Data rows by tracking code, each as text. */
function byCode(sheet: FakeSheet): Map<string, string> {
  const rows = rowsOf(sheet);
  const h = rows.findIndex((r) => r[0] === HEADER);
  return new Map(
    rows
      .slice(h + 1)
      .filter((r) => r.some((v) => text(v) !== ''))
      .map((r) => [String(r[0]), r.map(text).join('|')]),
  );
}

function rowOf(sheet: FakeSheet, code: string): Row | undefined {
  return rowsOf(sheet).find((r) => r[0] === code);
}

let seq = 0;
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
function act(sheet: FakeSheet, action: Action, keep: ReadonlySet<string>): string | null {
  const rows = rowsOf(sheet);
  const h = rows.findIndex((r) => r[0] === HEADER);
  if (action === 'sort') {
    sheet.getRange(h + 2, 1, rows.length - h - 1, WIDTH).sort({ column: COL.content, ascending: true });
  } else if (action === 'insert') {
    sheet.insertRowsBefore(h + 2, 1);
  } else {
    const i = rows.findIndex((r, k) => k > h && String(r[0]).startsWith('HB-') && !keep.has(String(r[0])));
    if (i < 0) return null;
    sheet.deleteRow(i + 1);
    return String(rows[i][0]);
  }
  return null;
}

interface Scenario {
  /** Plants the rows; returns the codes the execution is meant to change. */
  plant: (sheet: FakeSheet) => string[];
  run: (sb: Sandbox) => unknown;
  /** The meant rows afterwards. */
  check: (sheet: FakeSheet, meant: string[], sb: Sandbox) => void;
}

/** Runs the scenario once per (call position, action); fails with the position and action named. */
function everyCall(s: Scenario): void {
  const probe = fresh(s);
  let total = 0;
  probe.sb.world.faultHook = () => void total++;
  s.run(probe.sb);
  probe.sb.world.faultHook = null;
  for (let k = 0; k < total; k++) {
    for (const action of ACTIONS) {
      const { sb, sheet, meant, before } = fresh(s);
      let n = 0;
      let deleted: string | null = null;
      let what = '';
      sb.world.faultHook = (call) => {
        if (n++ !== k) return;
        what = call;
        deleted = act(sheet, action, new Set(meant));
      };
      try {
        s.run(sb);
        sb.world.faultHook = null;
        const after = byCode(sheet);
        for (const [c, r] of before) {
          if (meant.includes(c)) continue;
          if (c === deleted) {
            if (after.has(c)) throw new Error(`deleted row ${c} is back`);
            continue;
          }
          if (after.get(c) !== r) throw new Error(`unrelated row ${c} changed:\n${r}\n→ ${after.get(c)}`);
        }
        s.check(sheet, meant, sb);
      } catch (err) {
        (err as Error).message = `${action} before call ${k} (${what}): ${(err as Error).message}`;
        throw err;
      }
    }
  }
}

function fresh(s: Scenario) {
  seq = 0;
  const sb = newBox({ emailQuota: 100000, now: () => Date.UTC(2026, 10, 3, 3, 0, 0) });
  const sheet = sheetOf(sb);
  const meant = s.plant(sheet);
  sb.world.script.cache.clear();
  return { sb, sheet, meant, before: byCode(sheet) };
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
