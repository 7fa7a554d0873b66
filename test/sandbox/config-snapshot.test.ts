/**
 * The configuration as executions find it when the script cache has forgotten it: the snapshot in script properties,
 * rebuilt by setup, by the edit trigger and by the pending trigger when old, so no resident waits for three sheets.
 */
import { boxSheet, logRows, newBox, payload } from '../../sandbox/box';
import type { FakeHtmlOutput } from '../../sandbox/fakes/script';
import { SNAPSHOT_PROPERTY, readSnapshot } from '../../src/core/config/snapshot';

const T0 = Date.UTC(2026, 11, 7, 2, 0, 0);
const HOUR = 3600_000;

function clockedBox() {
  let now = T0;
  const sb = newBox({ now: () => now });
  return { sb, advance: (ms: number) => (now += ms) };
}

function snapshotAt(sb: ReturnType<typeof newBox>): number {
  const snap = readSnapshot(Object.fromEntries(sb.world.script.properties));
  if (!snap) throw new Error('no configuration snapshot');
  return snap.at;
}

/** Sheets an execution opened by name: the configuration's own sheets mean it read the sheets. */
/** The sheet row whose first cell holds `code`. */
function sheetRowOf(sheet: ReturnType<typeof boxSheet>, code: string): number {
  return (
    sheet
      .getDataRange()
      .getValues()
      .findIndex((r) => r[0] === code) + 1
  );
}

function readsConfigSheets(calls: Record<string, number>): boolean {
  return (calls['Spreadsheet.getSheetByName'] ?? 0) > 1;
}

/** Writes Tên phường without any trigger firing (as the Sheets API or another script would). */
function renameWardQuietly(sb: ReturnType<typeof newBox>, name: string): void {
  const sheet = boxSheet(sb, 'Cấu hình');
  const row = sheet
    .getDataRange()
    .getValues()
    .findIndex((r) => r[0] === 'Tên phường');
  sheet.getRange(row + 1, 2).setValue(name);
}

test('setup leaves a snapshot; a cold cache is served from it with no sheet read and one cache write', () => {
  const sb = newBox();
  expect(sb.world.script.properties.get(SNAPSHOT_PROPERTY)).toBeTruthy();
  sb.world.script.cache.clear();
  const page = sb.run<FakeHtmlOutput>('doGet', [{ parameter: {} }]);
  expect(page.value.getTitle()).toBe('Hòm thư số góp ý – Phường Hòa Bình');
  expect(readsConfigSheets(page.calls)).toBe(false);
  expect(page.calls['Spreadsheet.getSheetByName'] ?? 0).toBe(0);
  // The configuration and the challenge settings go back into the cache together, at the end.
  expect(page.calls['Cache.putAll']).toBe(1);
  expect(page.calls['Cache.put'] ?? 0).toBe(0);
  expect(sb.world.script.cache.has('config:v1')).toBe(true);

  sb.world.script.cache.clear();
  const sent = sb.run<{ ok: boolean }>('submitFeedback', [payload()]);
  expect(sent.value.ok).toBe(true);
  expect(sent.calls['Spreadsheet.getSheetByName']).toBe(1); // Góp ý only
  expect(sent.calls['Cache.putAll']).toBe(1);
  expect(sent.calls['Cache.put'] ?? 0).toBe(0);
});

test('an edit no trigger saw reaches the form when the pending trigger finds the snapshot old', () => {
  const { sb, advance } = clockedBox();
  const built = snapshotAt(sb);
  renameWardQuietly(sb, 'Phường Đổi Tên');
  sb.world.script.cache.clear();
  expect(sb.run<FakeHtmlOutput>('doGet', [{ parameter: {} }]).value.getTitle()).toContain('Phường Hòa Bình');

  advance(HOUR);
  sb.fireHandler('sendPendingEmails');
  expect(snapshotAt(sb)).toBe(built); // young: left alone

  advance(5 * HOUR);
  sb.fireHandler('sendPendingEmails');
  expect(snapshotAt(sb)).toBe(T0 + 6 * HOUR);
  sb.world.script.cache.clear();
  const page = sb.run<FakeHtmlOutput>('doGet', [{ parameter: {} }]);
  expect(page.value.getTitle()).toBe('Hòm thư số góp ý – Phường Đổi Tên');
  expect(readsConfigSheets(page.calls)).toBe(false);
});

test('a snapshot a day old (the triggers stopped) is not trusted: the sheets are read and the snapshot renewed', () => {
  const { sb, advance } = clockedBox();
  renameWardQuietly(sb, 'Phường Đổi Tên');
  advance(25 * HOUR);
  sb.world.script.cache.clear();
  const page = sb.run<FakeHtmlOutput>('doGet', [{ parameter: {} }]);
  expect(page.value.getTitle()).toBe('Hòm thư số góp ý – Phường Đổi Tên');
  expect(readsConfigSheets(page.calls)).toBe(true);
  expect(snapshotAt(sb)).toBe(T0 + 25 * HOUR);
});

test('a damaged snapshot is read around: the sheets are read and it is written again', () => {
  const sb = newBox();
  sb.world.script.properties.set(SNAPSHOT_PROPERTY, '2|zz|{"v":1');
  sb.world.script.cache.clear();
  const sent = sb.run<{ ok: boolean }>('submitFeedback', [payload()]);
  expect(sent.value.ok).toBe(true);
  expect(readsConfigSheets(sent.calls)).toBe(true);
  expect(readSnapshot(Object.fromEntries(sb.world.script.properties))).not.toBeNull();
});

test('a resident who read the configuration just before staff deactivated a place cannot keep it open: the next pending run puts the cache right', () => {
  const sb = newBox();
  const places = boxSheet(sb, 'Địa điểm');
  const row = sheetRowOf(places, 'KDC01');
  // The cache is cold; while the resident's opinion is being written, staff untick KDC01 and the edit trigger runs.
  sb.world.script.cache.clear();
  sb.world.faultHook = (call) => {
    if (call !== 'Sheet.appendRow') return;
    sb.world.faultHook = null;
    sb.editSheet(sb.world.script.ownerEmail, { sheet: 'Địa điểm', row, column: 5 }, [[false]]);
  };
  expect(sb.run<{ ok: boolean }>('submitFeedback', [payload()]).value.ok).toBe(true);
  expect(sb.world.faultHook).toBeNull();
  // What the resident's execution read is written back at its end, over the edit trigger's entry.
  const cached = JSON.parse(sb.world.script.cache.get('config:v1')!.value) as { locations: { code: string; active: boolean }[] };
  expect(cached.locations.find((l) => l.code === 'KDC01')!.active).toBe(true);

  sb.fireHandler('sendPendingEmails');
  const refused = sb.run<{ ok: boolean; errors?: { field?: string }[] }>('submitFeedback', [payload()]).value;
  expect(refused.ok).toBe(false);
  expect(refused.errors![0].field).toBe('location');
  const page = sb.run<FakeHtmlOutput>('doGet', [{ parameter: { loc: 'KDC01' } }]);
  expect(page.value.getContent()).toContain('"unknownLocation":true');
});

test('a configuration too large for its snapshot is never served from an older one: a place added since is on the form', () => {
  const sb = newBox();
  const places = boxSheet(sb, 'Địa điểm');
  const n = 400;
  const rows = Array.from({ length: n }, (_, i) => [
    `TDP${String(i + 1).padStart(3, '0')}`,
    `Nhà văn hóa tổ dân phố số ${i + 1} – khu phố Đông Hòa, đường Nguyễn Thị Minh Khai`,
    'nhà văn hóa',
    '',
    true,
  ]);
  sb.editSheet(sb.world.script.ownerEmail, { sheet: 'Địa điểm', row: places.getLastRow() + 1, column: 1, numRows: n, numColumns: 5 }, rows);
  expect(sb.world.logs.some((l) => l.level === 'error' && l.message.includes('"event":"config.snapshot-failed"'))).toBe(true);
  sb.world.script.cache.clear();
  const page = sb.run<FakeHtmlOutput>('doGet', [{ parameter: { loc: 'TDP400' } }]);
  expect(page.value.getContent()).toContain('"unknownLocation":false');
  expect(readsConfigSheets(page.calls)).toBe(true);
});

test('an edit of Địa điểm whose trigger fails to read the sheets is not lost: the next opinion reads the sheets', () => {
  const sb = newBox();
  const places = boxSheet(sb, 'Địa điểm');
  const row = sheetRowOf(places, 'KDC01');
  let reads = 0;
  sb.world.faultHook = (call) => {
    // The trigger's second read is the Địa điểm sheet's.
    if (call === 'Range.getValues' && ++reads === 2) throw new Error('Service Spreadsheets failed while accessing document with id 1x.');
  };
  const [run] = sb.editSheet(sb.world.script.ownerEmail, { sheet: 'Địa điểm', row, column: 5 }, [[false]]);
  sb.world.faultHook = null;
  expect(reads).toBeGreaterThanOrEqual(2);
  expect((run.value as { configInvalidated: boolean }).configInvalidated).toBe(false);
  expect(logRows(sb).at(-1)).toContain('Service Spreadsheets failed');

  const refused = sb.run<{ ok: boolean; errors?: { field?: string }[] }>('submitFeedback', [payload()]);
  expect(refused.value.ok).toBe(false);
  expect(refused.value.errors![0].field).toBe('location');
  expect(readsConfigSheets(refused.calls)).toBe(true);
  expect(readSnapshot(Object.fromEntries(sb.world.script.properties))).not.toBeNull();
});

test('a place whose row is deleted (no edit trigger fires) leaves the form at the next pending run, not hours later', () => {
  const { sb, advance } = clockedBox();
  const places = boxSheet(sb, 'Địa điểm');
  const built = snapshotAt(sb);
  // Nothing changed: the pending run leaves the young snapshot alone.
  advance(15 * 60_000);
  sb.fireHandler('sendPendingEmails');
  expect(snapshotAt(sb)).toBe(built);
  expect(sb.run<FakeHtmlOutput>('doGet', [{ parameter: { loc: 'KDC01' } }]).value.getContent()).toContain('"unknownLocation":false');

  // Deleting a row fires no edit trigger.
  places.deleteRows(sheetRowOf(places, 'KDC01'), 1);
  advance(15 * 60_000);
  sb.fireHandler('sendPendingEmails');
  expect(snapshotAt(sb)).toBe(built + 30 * 60_000);
  expect(sb.run<FakeHtmlOutput>('doGet', [{ parameter: { loc: 'KDC01' } }]).value.getContent()).toContain('"unknownLocation":true');
  const refused = sb.run<{ ok: boolean; errors?: { field?: string }[] }>('submitFeedback', [payload()]).value;
  expect(refused.ok).toBe(false);
  expect(refused.errors![0].field).toBe('location');
});

test("the resident's path reads nothing more for it: a warm page and a submission open no configuration sheet", () => {
  const sb = newBox();
  const page = sb.run<FakeHtmlOutput>('doGet', [{ parameter: {} }]);
  expect(page.calls['Spreadsheet.getSheetByName'] ?? 0).toBe(0);
  expect(page.calls['Sheet.getLastRow'] ?? 0).toBe(0);
  const sent = sb.run<{ ok: boolean }>('submitFeedback', [payload()]);
  expect(sent.value.ok).toBe(true);
  expect(sent.calls['Spreadsheet.getSheetByName']).toBe(1); // Góp ý only
});
