/**
 * Staff sort, insert and delete rows while the box works. On the built script, before any service call of any
 * execution — submissions with photos, pending emails, replies through the edit trigger, codes for typed rows (by the
 * edit trigger and by the owner's action), the retention purge, posters — a fault hook may sort the data rows of Góp ý
 * or Địa điểm by a random column, insert blank rows (above the header too), hide rows as a filter does, or delete a
 * random other row. Afterwards no cell of
 * an unrelated row has changed, every opinion keeps its own content, contacts, photos and status, every email went
 * out exactly once, every expired row is purged and no recent one is.
 *
 * ROW_FAULT_SEEDS sets how many seeds run (default 20; 200 or more for the full run), ROW_FAULT_SEED replays one.
 */
import { ADMIN, COMMITTEE, SERVICE_URL, STAFF, logRows, newBox, payload, nthCode, setConfigValue } from '../../sandbox/box';
import { mulberry32 } from '../../sandbox/concurrency';
import type { Sandbox } from '../../sandbox/vm';
import type { FakeSheet } from '../../sandbox/fakes/spreadsheet';
import { FakeBlob, type FakeFolder } from '../../sandbox/fakes/drive';
import { FakeUtilities } from '../../sandbox/fakes/script';
import crypto from 'node:crypto';
import { COL, COLUMNS, rowToRecord, type FeedbackRecord } from '../../src/core/records/feedback-record';
import { recordToCells } from '../../src/core/intake/submit';
import { structuralJpeg } from '../helpers/jpeg';

/** Whether a committee email announces this code: in its subject (its own email) or listed in a batched one. */
function announces(m: { subject: string; body: string }, code: string): boolean {
  if (/ ý kiến mới.* – đợt /.test(m.subject)) return [...m.body.matchAll(/^\d+\. (HB-[A-Z0-9]{7}) /gm)].some((x) => x[1] === code);
  return m.subject.includes(code);
}

const SEEDS = process.env.ROW_FAULT_SEED
  ? [Number(process.env.ROW_FAULT_SEED)]
  : Array.from({ length: Number(process.env.ROW_FAULT_SEEDS || 20) }, (_, i) => 9001 + i * 7919);

const DAY = 86400_000;
const HEADER = 'Mã theo dõi';
const WIDTH = COLUMNS.length;

type Row = unknown[];

const text = (v: unknown) => (v instanceof Date ? `D${v.getTime()}` : String(v ?? ''));
const sameRow = (a: Row, b: Row) => a.length === b.length && a.every((v, i) => text(v) === text(b[i]));

function sheetOf(sb: Sandbox, name: string): FakeSheet {
  return sb.world.boxSpreadsheet()!.getSheetByName(name)!;
}

function rowsOf(sheet: FakeSheet, width: number): Row[] {
  const last = sheet.getLastRow();
  return last ? sheet.getRange(1, 1, last, width).getValues() : [];
}

let seq = 0;
const code = nthCode;

/** A row as the box would have written it. */
function plant(sheet: FakeSheet, over: Partial<FeedbackRecord>): FeedbackRecord {
  seq++;
  const r: FeedbackRecord = {
    ...rowToRecord([]),
    trackingCode: code(seq * 7 + 100),
    receivedAt: new Date(),
    source: 'QR',
    locationCode: 'KDC01',
    locationName: 'Nhà văn hóa khu dân cư số 1',
    kind: 'Phản ánh',
    category: 'Vệ sinh môi trường',
    content: `Ý kiến nền số ${seq}: vỉa hè ngõ ${seq} bị lấn chiếm.`,
    emailStatus: 'đã gửi',
    requestId: `planted-${seq}`,
    status: ['Mới', 'Đang xử lý', 'Đã chuyển'][seq % 3],
    ...over,
  };
  sheet.appendRow(recordToCells(r));
  return r;
}

interface Client {
  requestId: string;
  content: string;
  email: string;
  name: string;
  phone: string;
  photos: number;
  code?: string;
  replied?: string;
}

/** One seed: the whole day of the box with staff working the sheet at random moments. */
function day(seed: number): void {
  const rnd = mulberry32(seed);
  // Everything the fakes draw (file and document ids) comes from the seed too, so a seed replays exactly.
  const ids = mulberry32(seed ^ 0x5eed);
  const random = jest.spyOn(Math, 'random').mockImplementation(ids);
  seq = 0;
  try {
    dayWith(seed, rnd);
  } finally {
    random.mockRestore();
  }
}

function dayWith(seed: number, rnd: () => number): void {
  let clock = Date.UTC(2026, 10, 3, 2, 0, 0);
  const sb = newBox({ now: () => clock, emailQuota: 100000 });
  // The residents' address, as the owner pastes it: posters print nothing else.
  setConfigValue(sb, 'Đường dẫn cho poster (tùy chọn)', SERVICE_URL);
  sb.afterExecution.push(() => (clock += 2000));
  const responses = sheetOf(sb, 'Góp ý');
  const places = sheetOf(sb, 'Địa điểm');
  const photosFolder = sb.world.drive.get(sb.world.script.properties.get('PHOTOS_FOLDER_ID')!) as FakeFolder;

  // Rows nobody works on today (some of them are deleted by staff during the day), and expired ones for the purge.
  const unrelated = new Map<string, Row>();
  for (let i = 0; i < 10; i++) {
    const r = plant(responses, {
      name: i % 2 ? `Người dân ${i}` : '',
      phone: i % 3 ? '' : `09120000${10 + i}`,
      receivedAt: new Date(clock - (i + 1) * 3 * DAY),
      publicReply: i % 4 === 0 ? `Đã tiếp nhận ${i}.` : '',
      status: i % 4 === 0 ? 'Đã trả lời' : 'Đang xử lý',
    });
    unrelated.set(
      r.trackingCode,
      recordToCells(r).map((v) => (typeof v === 'string' ? v.replace(/^'/, '') : v)),
    );
  }
  const expired = new Map<string, { fileIds: string[] }>();
  for (let i = 0; i < 4; i++) {
    const c = code(5000 + seq + i);
    const files = [0, 1]
      .slice(0, i % 2 ? 2 : 1)
      .map((k) => photosFolder.createFile(new FakeBlob(structuralJpeg(1200), 'image/jpeg', `${c}-${k + 1}.jpg`)));
    plant(responses, {
      trackingCode: c,
      receivedAt: new Date(clock - (800 + i) * DAY),
      // A name of two syllables or more: the masker never masks a single syllable (privacy/mask.ts).
      name: `Bà Lê Thị Cũ ${i}`,
      phone: `098765432${i}`,
      email: `cu${i}@example.com`,
      address: `Số ${i} ngõ cũ`,
      consent: true,
      content: `Tôi là Bà Lê Thị Cũ ${i}, số 098765432${i}: cống ngõ cũ ${i} tắc.`,
      photos: files.map((f) => f.getUrl()).join('\n'),
    });
    expired.set(c, { fileIds: files.map((f) => f.id) });
  }
  // Rows inserted above the header by mistake, and rows hidden by a filter.
  responses.insertRowsBefore(1, 2);
  responses.filterRows(6, 3, true);
  responses.hideRows(10, 2);
  // Places: the four sample locations and two old, inactive ones.
  places.appendRow(["'CU01", "'Điểm cũ 1", "'khác", '', false]);
  places.appendRow(["'CU02", "'Điểm cũ 2", "'khác", '', false]);
  sb.world.script.cache.clear();

  // Staff at work: before any service call, maybe.
  const deleted = new Set<string>();
  const faults: Record<string, number> = {};
  const note = (k: string) => (faults[k] = (faults[k] ?? 0) + 1);
  const headerRow = (sheet: FakeSheet, col: number, h: string) => rowsOf(sheet, col).findIndex((r) => r[col - 1] === h) + 1;
  const disturb = (sheet: FakeSheet, width: number, keyCol: number, header: string, others: (key: string) => boolean) => {
    const h = headerRow(sheet, keyCol, header);
    const last = sheet.getLastRow();
    const r = rnd();
    if (r < 0.45) {
      if (last - h < 2) return;
      sheet.getRange(h + 1, 1, last - h, width).sort({ column: 1 + Math.floor(rnd() * width), ascending: rnd() < 0.5 });
      note(`sort ${sheet.name}`);
    } else if (r < 0.8) {
      sheet.insertRowsBefore(1 + Math.floor(rnd() * (last + 1)), 1 + Math.floor(rnd() * 2));
      note(`insert ${sheet.name}`);
    } else if (r < 0.9) {
      if (last > h) sheet.filterRows(h + 1 + Math.floor(rnd() * (last - h)), 1, rnd() < 0.7);
      note(`filter ${sheet.name}`);
    } else {
      const rows = rowsOf(sheet, width);
      const candidates = rows.map((row, i) => [String(row[keyCol - 1]), i] as const).filter(([k, i]) => i >= h && others(k));
      if (candidates.length === 0) return;
      const [key, i] = candidates[Math.floor(rnd() * candidates.length)];
      sheet.deleteRow(i + 1);
      deleted.add(key);
      note(`delete ${sheet.name}`);
    }
  };
  const RATE = 0.07;
  sb.world.faultHook = () => {
    if (rnd() >= RATE) return;
    if (rnd() < 0.8) disturb(responses, WIDTH, COL.trackingCode, HEADER, (k) => unrelated.has(k) && !deleted.has(k));
    else disturb(places, 9, 1, 'Mã', (k) => /^CU\d\d$/.test(k));
  };

  const context = () => `seed ${seed} (replay: ROW_FAULT_SEED=${seed} npx jest test/sandbox/row-faults); faults ${JSON.stringify(faults)}`;
  const clients: Client[] = [];
  try {
    // Residents send opinions, some with photos, some with an email and consent for a reply.
    for (let i = 0; i < 8; i++) {
      const c: Client = {
        // UUID-shaped, as the page makes them (the server refuses other ids), and the same for a replayed seed.
        requestId: `00000000-0000-4000-8000-${String(seed).padStart(9, '0').slice(-9)}${String(i).padStart(3, '0')}`,
        content: `Ý kiến hôm nay số ${i}: đèn đường ngõ ${40 + i} hỏng, đề nghị sửa.`,
        email: i % 2 ? `dan${i}@example.com` : '',
        name: i % 2 ? `Anh Dân ${i}` : '',
        phone: i % 3 === 0 ? `09130000${10 + i}` : '',
        photos: i % 3 === 1 ? 2 : i % 3 === 2 ? 1 : 0,
      };
      clients.push(c);
      if (i % 4 === 3) sb.world.gmail.exhaust(); // the committee email of this one waits for the trigger
      const p = payload({
        requestId: c.requestId,
        content: c.content,
        name: c.name,
        email: c.email,
        phone: c.phone,
        consent: Boolean(c.email || c.phone),
        elapsedMs: 20000,
        photos: Array.from({ length: c.photos }, (_, k) => ({
          name: `anh${k}.jpg`,
          type: 'image/jpeg',
          dataBase64: structuralJpeg(1500 + k).toString('base64'),
        })),
      });
      for (let attempt = 0; attempt < 5 && !c.code; attempt++) {
        const r = sb.run<{ ok: boolean; trackingCode?: string }>('submitFeedback', [p]).value;
        if (r.ok) c.code = r.trackingCode;
      }
      sb.world.gmail.restore();
      if (!c.code) throw new Error(`${c.requestId} got no code`);
    }

    // The trigger confirms or sends the committee emails, a quarter of an hour later.
    clock += 15 * 60_000;
    sb.fireHandler('sendPendingEmails');

    // Staff answer those who left an email, one edit of "Trả lời công khai" each (the status was set before).
    for (const c of clients.filter((x) => x.email)) {
      const rows = rowsOf(responses, WIDTH);
      const at = rows.findIndex((r) => r[0] === c.code);
      c.replied = `Đã sửa đèn ngõ cho ${c.code}.`;
      responses.getRange(at + 1, COL.status).setValue('Đã trả lời');
      responses.getRange(at + 1, COL.publicReply).setValue(c.replied);
      sb.fireEdit({ sheet: 'Góp ý', row: at + 1, column: COL.publicReply });
      // The same answer typed again where the row is now: never sent twice.
      const again = rowsOf(responses, WIDTH).findIndex((r) => r[0] === c.code);
      responses.getRange(again + 1, COL.publicReply).setValue(c.replied);
      sb.fireEdit({ sheet: 'Góp ý', row: again + 1, column: COL.publicReply });
    }

    // Paper letters typed by staff get their codes; the trigger emails the committee about them.
    const letters = [0, 1, 2].map((i) => `Thư tay số ${i} (${seed}): đề nghị lắp biển báo ở ngã ba ${i}.`);
    for (const l of letters) {
      const cells = COLUMNS.map(
        (col) => ({ source: 'Thư giấy', locationCode: 'KDC02', kind: 'Kiến nghị', content: l })[col.key as string] ?? '',
      );
      responses.appendRow(cells.map((v) => (v ? `'${v}` : '')));
    }
    // One more typed by a staff member in the Sheet: the edit trigger gives it its code (or, should a sort move it
    // away before the trigger reads the sheet, the owner's action below does).
    const typedInSheet = `Thư tay số 3 (${seed}): đề nghị sửa mương thoát nước.`;
    sb.editSheet(STAFF, { sheet: 'Góp ý', row: responses.getLastRow() + 1, column: COL.source, numColumns: COL.content - COL.source + 1 }, [
      ['Thư giấy', 'KDC02', '', 'Kiến nghị', '', typedInSheet],
    ]);
    sb.run('assignCodesToManualRows', [], { user: ADMIN });
    clock += 60_000;
    sb.fireHandler('sendPendingEmails');
    sb.fireHandler('sendPendingEmails');

    // The nightly purge; then posters. Góp ý's upkeep reads the grid's size, then a range of it: rows deleted between
    // the two fail that piece as in Sheets; it is named and the next night does it. No other piece may fail.
    try {
      sb.fireHandler('purgeExpiredPersonalData');
    } catch (err) {
      const failed = sb.world.logs
        .filter((l) => l.message.includes('"event":"nightly.step-failed"'))
        .map((l) => JSON.parse(l.message) as { step: string; error: string });
      if (!failed.length) throw err;
      // The run's own error names every failed piece.
      const other = failed.some(
        (f) => !/trang "Góp ý"|Danh sách chọn|Hộp kiểm|Tô màu/.test(f.step) || !/outside the dimensions/.test(f.error),
      );
      if (other) throw err;
    }
    sb.run('generatePosters', [], { user: ADMIN });
  } finally {
    sb.world.faultHook = null;
  }

  const fail = (what: string) => {
    throw new Error(`${what}; ${context()}`);
  };
  const rows = rowsOf(responses, WIDTH);
  const h = rows.findIndex((r) => r[0] === HEADER);
  if (h < 0) fail('the header row is gone');
  const data = rows.slice(h + 1).filter((r) => r.some((v) => text(v) !== ''));
  const byCode = new Map<string, Row[]>();
  for (const r of data) byCode.set(String(r[0]), [...(byCode.get(String(r[0])) ?? []), r]);
  for (const [c, list] of byCode) if (list.length > 1 || !c) fail(`${list.length} rows hold code "${c}"`);
  // Blank rows (inserted by staff) stay blank, above the header too.
  for (const r of rows.slice(0, h)) if (r.some((v) => text(v) !== '')) fail(`a row above the header holds ${JSON.stringify(r)}`);

  // Unrelated rows: every cell as it was (or deleted by staff).
  for (const [c, before] of unrelated) {
    const now = byCode.get(c)?.[0];
    if (!now) {
      if (!deleted.has(c)) fail(`unrelated row ${c} vanished`);
      continue;
    }
    if (!sameRow(now, before)) fail(`unrelated row ${c} changed: ${JSON.stringify(before)} → ${JSON.stringify(now)}`);
  }
  // Expired rows: personal data gone, photos trashed, the rest as it was.
  for (const [c, { fileIds }] of expired) {
    const r = byCode.get(c)?.[0];
    if (!r) fail(`expired row ${c} vanished`);
    for (const k of ['name', 'phone', 'email', 'address', 'photos'] as const)
      if (text(r![COL[k] - 1]) !== '') fail(`expired row ${c} kept ${k}`);
    if (/Lê Thị Cũ|098765432/.test(String(r![COL.content - 1]))) fail(`expired row ${c} kept personal data in its text`);
    for (const id of fileIds) if (!sb.world.drive.get(id)!.trashed) fail(`photo ${id} of expired row ${c} not trashed`);
  }
  // Today's opinions: their own content, contacts, photos, status, one committee email, one reply.
  const sentTo = (addr: string) => sb.world.gmail.sent.filter((m) => m.to.includes(addr));
  const committee = sentTo(COMMITTEE);
  for (const c of clients) {
    const r = byCode.get(c.code!)?.[0];
    if (!r) fail(`opinion ${c.code} has no row`);
    const rec = rowToRecord(r!);
    if (rec.content !== c.content || rec.requestId !== c.requestId) fail(`opinion ${c.code} holds ${rec.content} / ${rec.requestId}`);
    if (rec.name !== c.name || rec.email !== c.email || String(rec.phone) !== c.phone) fail(`opinion ${c.code} contacts changed`);
    const links = rec.photos ? rec.photos.split('\n') : [];
    if (links.length !== c.photos) fail(`opinion ${c.code} has ${links.length} photo links, sent ${c.photos}`);
    for (const l of links) {
      const f = sb.world.drive.files().find((x) => x.getUrl() === l);
      if (!f || f.trashed || !f.name.startsWith(`${c.code}-`)) fail(`opinion ${c.code} links a photo that is not its own: ${f?.name}`);
    }
    if (rec.emailStatus !== 'đã gửi') fail(`opinion ${c.code} email status ${rec.emailStatus}`);
    const mails = committee.filter((m) => announces(m, c.code!)).length;
    if (mails !== 1) fail(`opinion ${c.code} emailed to the committee ${mails} times`);
    if (c.replied) {
      if (rec.status !== 'Đã trả lời' || rec.publicReply !== c.replied) fail(`opinion ${c.code} reply changed`);
      if (!rec.replySentAt) fail(`opinion ${c.code} reply not marked sent`);
      const replies = sentTo(c.email).length;
      if (replies !== 1) fail(`opinion ${c.code} got ${replies} replies`);
    } else if (rec.status !== 'Mới' || rec.replySentAt) fail(`opinion ${c.code} status ${rec.status}`);
  }
  // Typed letters: one code each, their text kept, one committee email each.
  const typed = data.filter((r) => String(r[COL.content - 1]).startsWith('Thư tay số'));
  if (typed.length !== 4) fail(`${typed.length} typed letters`);
  for (const r of typed) {
    const c = String(r[0]);
    if (!/^HB-[23456789A-HJKMNP-Z]{7}$/.test(c)) fail(`typed letter without a code: ${JSON.stringify(r)}`);
    if (committee.filter((m) => announces(m, c)).length !== 1) fail(`typed letter ${c} not emailed exactly once`);
  }
  // Nothing else: every row is one of those.
  const known = data.length - typed.length - clients.length - expired.size - [...unrelated.keys()].filter((c) => !deleted.has(c)).length;
  if (known !== 0) fail(`${known} rows nobody made`);
  // Posters: each active place has its own, on its own row; old places and blank rows have none.
  const placeRows = rowsOf(places, 9);
  const ph = placeRows.findIndex((r) => r[0] === 'Mã');
  for (const r of placeRows.slice(ph + 1)) {
    const active = r[4] === true;
    const doc = String(r[5]);
    if (!active) {
      if (r.slice(5).some((v) => text(v) !== '')) fail(`place row ${JSON.stringify(r)} got poster cells`);
      continue;
    }
    const id = /\/d\/([^/]+)/.exec(doc)?.[1];
    const d = id ? sb.world.docs.get(id) : undefined;
    if (!d || !d.name.includes(` ${String(r[0])} `)) fail(`place ${r[0]} links poster ${d?.name ?? doc}`);
  }
  // And nothing was left for staff to check by hand.
  const log = rowsOf(sheetOf(sb, 'Nhật ký'), 3).map((r) => `${r[1]} | ${r[2]}`);
  const left = log.filter((l) => /^Ghi bảng tính/.test(l));
  if (left.length) fail(`cells left unsettled: ${left.join(' / ')}`);
}

describe('staff sort, insert, filter and delete rows between any two service calls', () => {
  test.each(SEEDS)('seed %i', (seed) => day(seed));
});

/** A box with rows planted as the box would have written them; `key` finds a row's sheet row now. */
function plantedBox() {
  const sb = newBox({ emailQuota: 100000 });
  const sheet = sheetOf(sb, 'Góp ý');
  const rowOf = (c: string) => rowsOf(sheet, WIDTH).findIndex((r) => r[0] === c) + 1;
  const snapshot = () => new Map(rowsOf(sheet, WIDTH).map((r) => [String(r[0]), r.map(text).join('|')]));
  const unchangedBut = (before: Map<string, string>, except: string[]) => {
    const after = snapshot();
    for (const [c, r] of before) if (!except.includes(c) && after.get(c) !== r) throw new Error(`row ${c} changed`);
  };
  return { sb, sheet, rowOf, snapshot, unchangedBut };
}

describe('a row staff deleted while the box was writing it is skipped, with one line in Nhật ký', () => {
  test('sendPendingEmails: the email goes out once; the mark is written nowhere', () => {
    const { sb, sheet, rowOf, snapshot, unchangedBut } = plantedBox();
    const old = new Date(Date.now() - 3600_000);
    for (let i = 0; i < 4; i++) plant(sheet, { receivedAt: old });
    const gone = plant(sheet, { receivedAt: old, emailStatus: 'chờ gửi' }).trackingCode;
    const before = snapshot();
    let sent = false;
    sb.world.faultHook = (call) => {
      if (call === 'GmailApp.sendEmail') sent = true;
      else if (sent && rowOf(gone)) sheet.deleteRow(rowOf(gone)); // staff deleted it while the mail went out
    };
    sb.fireHandler('sendPendingEmails');
    sb.world.faultHook = null;
    // Announced in a batched email: the code is in its body.
    expect(sb.world.gmail.sent.filter((m) => announces(m, gone))).toHaveLength(1);
    unchangedBut(before, [gone]);
    expect(logRows(sb).filter((l) => l.includes(gone))).toEqual([
      `Dòng đã bị xóa | ${gone}: không còn dòng nào giữ mã này trên trang Góp ý; bỏ qua việc ghi "đã gửi" cho email báo ý kiến.`,
    ]);
  });

  test('purge: the deleted row is skipped and no other row is touched', () => {
    const { sb, sheet, rowOf, snapshot, unchangedBut } = plantedBox();
    const expired = new Date(Date.now() - 900 * DAY);
    const kept = plant(sheet, { receivedAt: expired, name: 'Ông Giữ', phone: '0912345678' }).trackingCode;
    const gone = plant(sheet, { receivedAt: expired, name: 'Bà Xóa', phone: '0987654321' }).trackingCode;
    for (let i = 0; i < 3; i++) plant(sheet, { name: `Người ${i}` });
    const before = snapshot();
    let locked = false;
    let read = false;
    sb.world.faultHook = (call) => {
      if (call === 'Lock.tryLock') locked = true;
      else if (locked && call === 'Range.getValues') read = true;
      else if (read && rowOf(gone)) sheet.deleteRow(rowOf(gone)); // right after the purge read the sheet
    };
    sb.fireHandler('purgeExpiredPersonalData');
    sb.world.faultHook = null;
    unchangedBut(before, [kept, gone]);
    expect(rowOf(gone)).toBe(0);
    expect(sheet.getRange(rowOf(kept), COL.name).getValue()).toBe('');
    expect(logRows(sb).filter((l) => l.startsWith('Dòng đã bị xóa'))).toEqual([
      `Dòng đã bị xóa | ${gone}: không còn dòng nào giữ mã này trên trang Góp ý; bỏ qua việc xóa thông tin cá nhân quá hạn.`,
    ]);
  });

  test('a reply: sent once; "Đã gửi trả lời" is written nowhere once its row is gone', () => {
    const { sb, sheet, rowOf, snapshot, unchangedBut } = plantedBox();
    for (let i = 0; i < 3; i++)
      plant(sheet, {
        status: 'Đã trả lời',
        publicReply: `Trả lời ${i}`,
        email: `a${i}@example.com`,
        consent: true,
        replySentAt: new Date(),
      });
    const r = plant(sheet, { email: 'dan@example.com', consent: true, status: 'Đã trả lời', publicReply: 'Đã sửa xong.' });
    const before = snapshot();
    let sent = false;
    sb.world.faultHook = (call) => {
      if (call === 'GmailApp.sendEmail') sent = true;
      else if (sent && rowOf(r.trackingCode)) sheet.deleteRow(rowOf(r.trackingCode));
    };
    sb.fireEdit({ sheet: 'Góp ý', row: rowOf(r.trackingCode), column: COL.publicReply });
    sb.world.faultHook = null;
    expect(sb.world.gmail.sent.filter((m) => m.to.includes('dan@example.com'))).toHaveLength(1);
    unchangedBut(before, [r.trackingCode]);
    expect(logRows(sb).filter((l) => l.startsWith('Dòng đã bị xóa'))).toEqual([
      `Dòng đã bị xóa | ${r.trackingCode}: không còn dòng nào giữ mã này trên trang Góp ý; bỏ qua việc ghi "Đã gửi trả lời".`,
    ]);
  });
});

describe('a sort during the block write of a mark', () => {
  test('the misplaced cells are put back in one block write per round, not one write per row', () => {
    const { sb, sheet, rowOf, snapshot, unchangedBut } = plantedBox();
    const sentAt = (i: number) => new Date(Date.UTC(2026, 10, 1) + i * 3600_000);
    // Two replies due, above and below 200 answered rows: the block write spans them all.
    const first = plant(sheet, { email: 'mai@example.com', consent: true, status: 'Đã trả lời', publicReply: 'Đã thu gom.' });
    for (let i = 0; i < 200; i++)
      plant(sheet, {
        status: 'Đã trả lời',
        publicReply: `Trả lời ${i}`,
        email: `a${i}@example.com`,
        consent: true,
        replySentAt: sentAt(i),
      });
    const due = plant(sheet, { email: 'dan@example.com', consent: true, status: 'Đã trả lời', publicReply: 'Đã sửa xong.' });
    const before = snapshot();
    let sent = false;
    let writes = 0;
    sb.world.faultHook = (call) => {
      if (call === 'GmailApp.sendEmail') sent = true;
      else if (sent && call === 'Range.setValues') {
        // Staff sort by content right before the box writes "Đã gửi trả lời": every cell of the block lands elsewhere.
        sent = false;
        sheet.getRange(2, 1, sheet.getLastRow() - 1, WIDTH).sort({ column: COL.content, ascending: false });
      }
      if (/^Range\.setValues?$/.test(call)) writes++;
    };
    const [run] = sb.fireHandler('sendPendingEmails');
    sb.world.faultHook = null;
    expect(writes).toBeLessThanOrEqual(3);
    expect(run.callCount).toBeLessThan(100);
    unchangedBut(before, [first.trackingCode, due.trackingCode]);
    for (const r of [first, due]) {
      expect(sheet.getRange(rowOf(r.trackingCode), COL.replySentAt).getValue()).toBeInstanceOf(Date);
      expect(sb.world.gmail.sent.filter((m) => m.to.includes(r.email))).toHaveLength(1);
    }
  });
});

describe('marks that cannot be written in one run are owed, never announced again', () => {
  test('rows inserted above before every read of the mark step: the batch goes once, the next run writes the marks', () => {
    const { sb, sheet, rowOf } = plantedBox();
    const old = new Date(Date.now() - 3600_000);
    const codes = [0, 1, 2].map(() => plant(sheet, { receivedAt: old, emailStatus: 'chờ gửi' }).trackingCode);
    let sent = false;
    sb.world.faultHook = (call) => {
      if (call === 'GmailApp.sendEmail') sent = true;
      // Staff keep inserting a row at the top before every read: each read misses the last rows of the sheet.
      else if (sent && call === 'Range.getValues') sheet.insertRowsBefore(1, 1);
    };
    sb.fireHandler('sendPendingEmails');
    sb.world.faultHook = null;
    const status = () => codes.map((c) => sheet.getRange(rowOf(c), COL.emailStatus).getValue());
    expect(sb.world.gmail.sent.filter((m) => codes.some((c) => announces(m, c)))).toHaveLength(1);
    expect(status()).toContain('chờ gửi');
    expect(JSON.parse(sb.world.script.properties.get('MAIL_MARKS_OWED')!)).toEqual(
      Object.fromEntries(status().flatMap((s, i) => (s === 'chờ gửi' ? [[codes[i], expect.any(Number)]] : []))),
    );

    sb.fireHandler('sendPendingEmails');
    expect(sb.world.gmail.sent.filter((m) => codes.some((c) => announces(m, c)))).toHaveLength(1);
    expect(status()).toEqual(['đã gửi', 'đã gửi', 'đã gửi']);
    expect(JSON.parse(sb.world.script.properties.get('MAIL_MARKS_OWED')!)).toEqual({});
  });

  test('a run that stops after sending replies has marked them: the next run does not send them again', () => {
    const { sb, sheet, rowOf } = plantedBox();
    const answered = plant(sheet, {
      status: 'Đã trả lời',
      publicReply: 'Đã sửa đèn ngõ 3.',
      email: 'dan.ba@example.com',
      consent: true,
    }).trackingCode;
    plant(sheet, { receivedAt: new Date(Date.now() - 3600_000), emailStatus: 'chờ gửi' });
    // The run dies on its way to the batched announcement (a cache failure, the time limit).
    sb.world.faultHook = (call) => {
      if (call === 'Cache.putAll') throw new Error('Service Cache failed');
    };
    expect(() => sb.fireHandler('sendPendingEmails')).toThrow(/Cache failed/);
    sb.world.faultHook = null;
    expect(sheet.getRange(rowOf(answered), COL.replySentAt).getValue()).toBeInstanceOf(Date);
    sb.fireHandler('sendPendingEmails');
    expect(sb.world.gmail.sent.filter((m) => m.to.includes('dan.ba@example.com'))).toHaveLength(1);
  });

  test('two runs in a row that stop after sending their batch: no opinion is announced twice', () => {
    const { sb, sheet, rowOf } = plantedBox();
    const old = new Date(Date.now() - 3600_000);
    const dieAfterSending = () => {
      let sent = false;
      sb.world.faultHook = (call) => {
        if (call === 'GmailApp.sendEmail') sent = true;
        else if (sent && call === 'Sheet.getDataRange') throw new Error('Service Spreadsheets timed out');
      };
    };
    const first = plant(sheet, { receivedAt: old, emailStatus: 'chờ gửi' }).trackingCode;
    dieAfterSending();
    expect(() => sb.fireHandler('sendPendingEmails')).toThrow(/timed out/);
    const second = plant(sheet, { receivedAt: old, emailStatus: 'chờ gửi' }).trackingCode;
    dieAfterSending();
    expect(() => sb.fireHandler('sendPendingEmails')).toThrow(/timed out/);
    sb.world.faultHook = null;
    sb.fireHandler('sendPendingEmails');
    for (const code of [first, second]) {
      expect(sb.world.gmail.sent.filter((m) => announces(m, code))).toHaveLength(1);
      expect(sheet.getRange(rowOf(code), COL.emailStatus).getValue()).toBe('đã gửi');
    }
  });

  test('Gmail refusing the day’s quota in the account’s language is still known as the quota', () => {
    const sb = newBox();
    sb.world.gmail.quotaMessage = 'Dịch vụ bị gọi quá nhiều lần trong một ngày: email.';
    sb.world.gmail.exhaust();
    const r = sb.run<{ ok: boolean }>('submitFeedback', [payload()]).value;
    expect(r.ok).toBe(true);
    // The submission learned the quota is gone, so the next ones do not try Gmail again.
    expect(sb.world.script.cache.has('mail:blocked')).toBe(true);
  });

  test('a deleted row is reported once, not at every run', () => {
    const { sb, sheet, rowOf } = plantedBox();
    const gone = plant(sheet, { receivedAt: new Date(Date.now() - 3600_000), emailStatus: 'chờ gửi' }).trackingCode;
    sb.world.faultHook = (call) => {
      if (call === 'GmailApp.sendEmail' && rowOf(gone)) sheet.deleteRow(rowOf(gone));
    };
    sb.fireHandler('sendPendingEmails');
    sb.world.faultHook = null;
    sb.fireHandler('sendPendingEmails');
    sb.fireHandler('sendPendingEmails');
    expect(logRows(sb).filter((l) => l.includes(gone))).toHaveLength(1);
    expect(sb.world.gmail.sent.filter((m) => announces(m, gone))).toHaveLength(1);
  });
});

describe('a code found on two rows at the moment of writing: nothing is written to either, one line in Nhật ký', () => {
  test('sendPendingEmails: the email goes out once; neither row is marked', () => {
    const { sb, sheet, rowOf } = plantedBox();
    const old = new Date(Date.now() - 3600_000);
    const other = plant(sheet, { receivedAt: old }).trackingCode;
    const pending = plant(sheet, { receivedAt: old, emailStatus: 'chờ gửi' }).trackingCode;
    let sent = false;
    let copied = false;
    sb.world.faultHook = (call) => {
      if (call === 'GmailApp.sendEmail') sent = true;
      else if (sent && !copied) {
        copied = true;
        sheet.getRange(rowOf(other), 1).setValue(pending); // a staff member pastes the code onto another row
      }
    };
    sb.fireHandler('sendPendingEmails');
    sb.world.faultHook = null;
    // Announced in a batched email: the code is in its body.
    expect(sb.world.gmail.sent.filter((m) => announces(m, pending))).toHaveLength(1);
    const rows = rowsOf(sheet, WIDTH).filter((r) => r[0] === pending);
    // The row the code was pasted onto keeps its own status; the opinion's row stays "chờ gửi" (its mail is found in
    // sent mail next time, once the code is put right, and only marked).
    expect(rows.map((r) => r[COL.emailStatus - 1])).toEqual(['đã gửi', 'chờ gửi']);
    expect(logRows(sb).filter((l) => l.includes('có ở nhiều dòng'))).toEqual([
      `Mã theo dõi | ${pending}: mã này có ở nhiều dòng trên trang Góp ý; bỏ qua việc ghi "đã gửi" cho email báo ý kiến, không ghi vào dòng nào cho tới khi chỉ còn một dòng giữ mã.`,
    ]);
  });
});

describe('a row whose tracking code staff edited, cleared or copied is reported with its cell and left alone', () => {
  test('pending email, purge and codes for typed rows leave such rows as they are; each is reported once', () => {
    const { sb, sheet, rowOf, snapshot, unchangedBut } = plantedBox();
    const expired = new Date(Date.now() - 900 * DAY);
    const edited = plant(sheet, { receivedAt: new Date(Date.now() - 3600_000), emailStatus: 'chờ gửi' });
    sheet.getRange(rowOf(edited.trackingCode), 1).setValue('HB-12');
    const cleared = plant(sheet, { receivedAt: expired, name: 'Bà Xóa Mã', requestId: 'req-cleared-1' });
    sheet.getRange(rowOf(cleared.trackingCode), 1).setValue('');
    const twin = plant(sheet, { receivedAt: expired, name: 'Ông Trùng' });
    plant(sheet, { ...twin, name: 'Ông Trùng', requestId: 'req-twin-2' });
    const before = snapshot();
    for (let i = 0; i < 2; i++) {
      sb.fireHandler('sendPendingEmails');
      sb.fireHandler('purgeExpiredPersonalData');
      sb.run('assignCodesToManualRows', [], { user: ADMIN });
    }
    unchangedBut(before, []);
    expect(sb.world.gmail.sent).toHaveLength(0);
    const lines = logRows(sb).filter((l) => l.startsWith('Mã theo dõi'));
    const editedRow = rowsOf(sheet, WIDTH).findIndex((r) => r[0] === 'HB-12') + 1;
    const clearedRow = rowsOf(sheet, WIDTH).findIndex((r) => r[COL.requestId - 1] === 'req-cleared-1') + 1;
    const text = lines.join('\n');
    expect(text).toContain(`Góp ý!A${editedRow}: mã theo dõi "HB-12" không đúng dạng`);
    expect(text).toContain(`Góp ý!A${clearedRow}: ô mã theo dõi của ý kiến gửi qua mạng (mã yêu cầu req-cleared-1) đã bị xóa`);
    expect(text).toContain(`mã theo dõi ${twin.trackingCode} có ở nhiều dòng`);
    // Reported once, not on every run.
    for (const needle of ['"HB-12"', 'req-cleared-1']) expect(lines.filter((l) => l.includes(needle))).toHaveLength(1);
  });
});

describe('the web form’s rows, found by request id and code in one column read each', () => {
  test('a drawn code another row already has is replaced at once, on the new row only', () => {
    const { sb, sheet, rowOf, snapshot, unchangedBut } = plantedBox();
    const uuids = ['1b4e28ba-2fa1-41d2-883f-0016d3cca427', '6fa459ea-ee8a-4ca4-894e-db77e160355e'];
    const spy = jest.spyOn(FakeUtilities.prototype, 'getUuid');
    spy.mockImplementation(() => uuids[(spy.mock.calls.length - 1) % 2]);
    let first: string;
    try {
      first = sb.run<{ trackingCode: string }>('submitFeedback', [payload({ content: 'Ý kiến thứ nhất về cống ngõ 3.' })]).value
        .trackingCode;
      const before = snapshot();
      // The same two UUIDs again: the same code is drawn; the next draw (other UUIDs) gives the fresh one.
      spy.mockImplementation(() => (spy.mock.calls.length <= 4 ? uuids[(spy.mock.calls.length - 1) % 2] : crypto.randomUUID()));
      const second = sb.run<{ trackingCode: string }>('submitFeedback', [payload({ content: 'Ý kiến thứ hai về đèn ngõ 9.' })]).value
        .trackingCode;
      expect(second).not.toBe(first);
      unchangedBut(before, [second]);
      expect(sheet.getRange(rowOf(second), COL.content).getValue()).toBe('Ý kiến thứ hai về đèn ngõ 9.');
      expect(sheet.getRange(rowOf(first), COL.content).getValue()).toBe('Ý kiến thứ nhất về cống ngõ 3.');
      expect(sb.world.gmail.sent.at(-1)!.subject).toContain(second);
    } finally {
      spy.mockRestore();
    }
  });

  test('a retry whose row lost its code is told the opinion is recorded, and staff read why in Nhật ký', () => {
    const { sb, sheet, rowOf } = plantedBox();
    const p = payload();
    const code = sb.run<{ trackingCode: string }>('submitFeedback', [p]).value.trackingCode;
    const row = rowOf(code);
    sheet.getRange(row, 1).setValue('');
    sb.world.script.cache.clear();
    const again = sb.run<{ ok: boolean; errors?: { message: string }[] }>('submitFeedback', [p]).value;
    expect(again).toEqual({ ok: false, retryable: false, errors: [{ message: expect.stringMatching(/^Ý kiến này đã được ghi nhận/) }] });
    expect(rowsOf(sheet, WIDTH).filter((r) => r[COL.requestId - 1] === p.requestId)).toHaveLength(1);
    expect(logRows(sb).filter((l) => l.startsWith('Mã theo dõi'))).toEqual([
      `Mã theo dõi | Góp ý!A${row}: ô mã theo dõi của ý kiến gửi qua mạng (mã yêu cầu ${p.requestId}) đã bị xóa; hệ thống không ghi vào dòng này cho tới khi mã được nhập lại.`,
    ]);
  });
});
