/**
 * The nightly run on the built script stays within 400 service calls whatever state it finds: the photos of a flood
 * (hundreds of opinions with three photos each, all linked), a photo folder of about a thousand files no row points
 * to, and a purge that expires hundreds of rows with photos while old sent mail and reports wait too. The states are
 * planted in the fakes directly (a submission each would take minutes). Work a night leaves is done by the next ones:
 * every expired row is blanked the first night, and each photo past retention or unlinked is trashed (or linked)
 * exactly once.
 */
import { COMMITTEE, newBox, nthCode } from '../../sandbox/box';
import { FakeBlob, type FakeFile, type FakeFolder } from '../../sandbox/fakes/drive';
import { modelledMs } from '../../sandbox/time-model';
import type { ExecutionResult, Sandbox } from '../../sandbox/vm';
import { NIGHT_CALLS, NIGHT_FIXED_CALLS } from '../../src/core/privacy/night-budget';
import { COL } from '../../src/core/records/feedback-record';
import { structuralJpeg } from '../helpers/jpeg';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 7, 19, 0, 0); // 02:00 in Vietnam
const MAX_CALLS = 400;

interface Box {
  sb: Sandbox;
  setClock(t: number): void;
  photoFolder: FakeFolder;
  /** Appends rows with these codes, received at `at`, their photo cells as given. */
  plantRows(rows: { code: string; at: number; photos: string }[]): void;
  photos(code: string, count: number, at: number): FakeFile[];
}

function box(): Box {
  let clock = NOW;
  const sb = newBox({ now: () => clock, emailQuota: 100_000 });
  const sheet = sb.world.boxSpreadsheet()!.getSheetByName('Góp ý')!;
  const width = sheet.getLastColumn();
  const photoFolder = sb.world.drive.folders().find((f) => f.name === 'Ảnh góp ý (riêng tư)') as FakeFolder;
  const jpeg = structuralJpeg();
  return {
    sb,
    photoFolder,
    setClock: (t) => (clock = t),
    plantRows(rows) {
      const values = rows.map((r) => {
        const row: unknown[] = new Array(width).fill('');
        row[COL.trackingCode - 1] = r.code;
        row[COL.receivedAt - 1] = new Date(r.at);
        row[COL.status - 1] = 'Mới';
        row[COL.content - 1] = 'Đèn đường ngõ 5 bị hỏng.';
        row[COL.name - 1] = 'Nguyễn Văn An';
        row[COL.photos - 1] = r.photos;
        return row;
      });
      sheet.getRange(sheet.getLastRow() + 1, 1, values.length, width).setValues(values);
    },
    photos(code, count, at) {
      const before = clock;
      clock = at;
      const files = Array.from({ length: count }, (_, k) =>
        photoFolder.createFile(new FakeBlob(jpeg, 'image/jpeg', `${code}-${k + 1}.jpg`)),
      );
      clock = before;
      return files;
    },
  };
}

/**
 * One nightly run. The pieces of known size stay within the calls kept for them, whatever the backlog: the rest of
 * the run is what its budget paid for.
 */
function night(b: Box, runs: ExecutionResult[]): ExecutionResult {
  const [run] = b.sb.fireHandler('purgeExpiredPersonalData');
  const backlog = (run.value as { backlogCalls: number }).backlogCalls;
  expect(backlog).toBeLessThanOrEqual(NIGHT_CALLS - NIGHT_FIXED_CALLS);
  expect(run.callCount - backlog).toBeLessThanOrEqual(NIGHT_FIXED_CALLS);
  runs.push(run);
  return run;
}

const links = (files: FakeFile[]) => files.map((f) => f.getUrl()).join('\n');

test('after a photo flood (200 opinions with 3 photos each, all linked) a night makes at most 400 calls', () => {
  const b = box();
  const at = NOW - 2 * DAY;
  const rows = Array.from({ length: 200 }, (_, i) => {
    const code = nthCode(i + 100);
    return { code, at, photos: links(b.photos(code, 3, at)) };
  });
  b.plantRows(rows);
  const runs: ExecutionResult[] = [];
  for (let n = 0; n < 3; n++) {
    b.setClock(NOW + n * DAY);
    night(b, runs);
  }
  for (const r of runs) expect(r.callCount).toBeLessThanOrEqual(MAX_CALLS);
  expect(b.sb.world.drive.files().filter((f) => f.trashed)).toEqual([]);
});

test('a photo folder of about 1,000 files no row points to: each night at most 400 calls, each file linked or trashed once', () => {
  const b = box();
  const at = NOW - 2 * DAY;
  const kept: FakeFile[] = [];
  const orphans: FakeFile[] = [];
  const rows: { code: string; at: number; photos: string }[] = [];
  for (let i = 0; i < 334; i++) {
    const code = nthCode(i + 100);
    const files = b.photos(code, 3, at);
    // Every other code has a row with no photo links (an execution killed after saving them); the rest have none
    // (rows staff deleted).
    if (i % 2 === 0) {
      rows.push({ code, at, photos: '' });
      kept.push(...files);
    } else orphans.push(...files);
  }
  b.plantRows(rows);
  const runs: ExecutionResult[] = [];
  let nights = 0;
  const sheet = b.sb.world.boxSpreadsheet()!.getSheetByName('Góp ý')!;
  // The links in the planted rows, each to a photo of its own row.
  const keptUrls = new Map(kept.map((f) => [f.getUrl(), f.name.slice(0, 10)]));
  const linkedCount = () =>
    sheet
      .getDataRange()
      .getValues()
      .filter((r) => rows.some((p) => p.code === r[COL.trackingCode - 1]))
      .flatMap((r) => (String(r[COL.photos - 1]) ? String(r[COL.photos - 1]).split('\n') : []))
      .filter((url) => {
        expect(keptUrls.has(url)).toBe(true);
        return true;
      }).length;
  while ((orphans.some((f) => !f.trashed) || linkedCount() < kept.length) && nights < 150) {
    b.setClock(NOW + nights * DAY);
    night(b, runs);
    nights++;
  }
  expect(Math.max(...runs.map((r) => r.callCount))).toBeLessThanOrEqual(MAX_CALLS);
  // Each night does some of it: about 9 files a night (README: The nightly run's bound).
  expect(nights).toBeLessThan(150);
  expect(orphans.every((f) => f.trashed)).toBe(true);
  const trashedCount = runs.reduce((n, r) => n + ((r.value as { orphans?: { trashed: number } }).orphans?.trashed ?? 0), 0);
  expect(trashedCount).toBe(orphans.length);
  expect(kept.some((f) => f.trashed)).toBe(false);
  expect(linkedCount()).toBe(kept.length);
  for (const r of sheet.getDataRange().getValues()) {
    for (const url of String(r[COL.photos - 1])
      .split('\n')
      .filter((u) => keptUrls.has(u))) {
      expect(keptUrls.get(url)).toBe(r[COL.trackingCode - 1]);
    }
  }
  for (const r of runs) expect(modelledMs(r)).toBeLessThanOrEqual(60_000);
});

test('a purge expiring 700 rows with 2 photos each, with old sent mail and reports: every run at most 400 calls, the photos gone within a day', () => {
  const b = box();
  const old = NOW - 800 * DAY;
  const photos: FakeFile[] = [];
  const rows = Array.from({ length: 700 }, (_, i) => {
    const code = nthCode(i + 100);
    const mine = b.photos(code, 2, old);
    photos.push(...mine);
    return { code, at: old, photos: links(mine) };
  });
  b.plantRows(rows);
  // 600 committee emails sent 800 days ago, and 700 files in the reports folder, 300 of them past 60 months.
  b.setClock(old);
  for (let i = 0; i < 600; i++) b.sb.world.gmail.send(COMMITTEE, `[Hòm thư góp ý] ${nthCode(i + 100)} – Kiến nghị`, 'Nội dung.');
  const reports = b.sb.world.drive.folders().find((f) => f.name === 'Báo cáo') as FakeFolder;
  const reportFiles: FakeFile[] = [];
  for (let i = 0; i < 700; i++) {
    b.setClock(i < 300 ? NOW - 2000 * DAY : NOW - 30 * DAY);
    reportFiles.push(reports.createFile(new FakeBlob(Buffer.from(`báo cáo ${i}`), 'application/pdf', `Báo cáo ${i}.pdf`)));
  }
  const strangers = b.sb.world.drive.files().filter((f) => !f.trashed && !photos.includes(f) && !reportFiles.includes(f));

  const runs: ExecutionResult[] = [];
  b.setClock(NOW);
  const first = night(b, runs).value as { rows: number; photosLeft: number };
  // Every expired row is blanked the first night; its photos are queued for the trash.
  expect(first.rows).toBe(700);
  const sheet = b.sb.world.boxSpreadsheet()!.getSheetByName('Góp ý')!;
  const planted = new Set(rows.map((r) => r.code));
  const blanked = sheet
    .getDataRange()
    .getValues()
    .filter((r) => planted.has(String(r[COL.trackingCode - 1])));
  expect(blanked).toHaveLength(700);
  expect(blanked.every((r) => r[COL.name - 1] === '' && r[COL.photos - 1] === '')).toBe(true);
  expect(first.photosLeft).toBeGreaterThan(1000);

  // The pending runs of the next day trash the queued photos a slice at a time, each run well within its bounds.
  const pending: ExecutionResult[] = [];
  for (let t = NOW + 15 * 60_000; t < NOW + DAY && photos.some((f) => !f.trashed); t += 15 * 60_000) {
    b.setClock(t);
    pending.push(...b.sb.fireHandler('sendPendingEmails'));
  }
  expect(photos.every((f) => f.trashed)).toBe(true);
  expect(Math.max(...pending.map((r) => r.callCount))).toBeLessThanOrEqual(MAX_CALLS);
  expect(Math.max(...pending.map((r) => modelledMs(r)))).toBeLessThanOrEqual(60_000);
  const trashedByPending = pending.reduce(
    (n, r) => n + Number(/Đã chuyển (\d+) ảnh/.exec((r.value as { lines: string[] }).lines.join('\n'))?.[1] ?? 0),
    0,
  );

  let nights = 1;
  const done = () =>
    photos.every((f) => f.trashed) && reportFiles.every((f, i) => f.trashed === i < 300) && b.sb.world.gmail.sent.every((m) => m.trashed);
  while (!done() && nights < 120) {
    b.setClock(NOW + nights * DAY);
    night(b, runs);
    nights++;
  }
  expect(Math.max(...runs.map((r) => r.callCount))).toBeLessThanOrEqual(MAX_CALLS);
  expect(done()).toBe(true);
  expect(strangers.every((f) => !f.trashed)).toBe(true);
  // Each photo counted once as trashed, by the purge or the sweep.
  const counted = runs.reduce((n, r) => {
    const v = r.value as { photosTrashed: number; orphans?: { trashed: number } };
    return n + v.photosTrashed + (v.orphans?.trashed ?? 0);
  }, trashedByPending);
  expect(counted).toBe(photos.length);
});
