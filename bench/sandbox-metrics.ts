/**
 * Figures measured on the built script in the sandbox: service calls per operation, bundle size and load time.
 */
import vm from 'node:vm';
import { performance } from 'node:perf_hooks';
import { newBox, payload, setConfigValue } from '../sandbox/box';
import type { Sandbox } from '../sandbox/vm';
import { ROOT, makeContext, pushedFileList } from '../sandbox/vm';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { GoogleWorld } from '../sandbox/fakes/world';
import { COLUMNS } from '../src/core/records';

/**
 * Calls that do not leave the Apps Script runtime: getting a service handle, configuring a builder, naming a range,
 * making a UUID. Everything else is a round trip to a Google backend (~30–100 ms each).
 */
const LOCAL_CALLS = new Set([
  'CacheService.getScriptCache',
  'LockService.getScriptLock',
  'PropertiesService.getScriptProperties',
  'Utilities.getUuid',
  'Sheet.getRange',
  'Spreadsheet.getRange',
  'Range.getRow',
  'Sheet.createTextFinder',
  'Range.createTextFinder',
  'Range.getColumn',
  'TextFinder.useRegularExpression',
  'TextFinder.matchEntireCell',
  'HtmlService.createHtmlOutput',
]);

export function roundTrips(calls: Record<string, number>): number {
  return Object.entries(calls).reduce((n, [k, v]) => n + (LOCAL_CALLS.has(k) ? 0 : v), 0);
}

/** Fills the responses sheet with n plausible rows without going through the script (fast). */
export function fillRows(sb: Sandbox, n: number): void {
  const sheet = sb.world.sheets.bound()!.getSheetByName('Góp ý')!;
  const base = Date.UTC(2026, 0, 1);
  const start = sheet.dataHeight();
  sheet.maxRows = Math.max(sheet.maxRows, start + n + 10);
  for (let i = 0; i < n; i++) {
    const row = COLUMNS.map((c) => {
      switch (c.key) {
        case 'trackingCode':
          return { v: `HB-${(i + 100000).toString(36).toUpperCase().replace(/[01OIL]/g, 'Z').padStart(7, 'X').slice(-7)}` };
        case 'receivedAt':
          return { v: new Date(base + i * 3600_000) };
        case 'requestId':
          return { v: `seed-${i}` };
        case 'content':
          return { v: `Ý kiến mẫu số ${i}: đề nghị sửa đèn đường ở ngõ ${i % 40}, liên hệ 0912${String(i).padStart(6, '0')}.` };
        case 'status':
          return { v: ['Mới', 'Đang xử lý', 'Đã trả lời'][i % 3] };
        case 'category':
          return { v: ['Vệ sinh môi trường', 'Trật tự đô thị', 'An ninh trật tự'][i % 3] };
        case 'locationCode':
          return { v: `KDC0${(i % 3) + 1}` };
        case 'locationName':
          return { v: `Nhà văn hóa khu dân cư số ${(i % 3) + 1}` };
        case 'emailStatus':
          return { v: 'đã gửi' };
        case 'name':
          return { v: i % 2 ? `Người dân ${i}` : '' };
        case 'dueAt':
          return { v: new Date(base + i * 3600_000 + 15 * 86400_000) };
        default:
          return { v: '' };
      }
    });
    row.forEach((d, c) => sheet.put(start + i, c, d));
  }
}

export interface CallFigures {
  total: number;
  roundTrips: number;
  calls: Record<string, number>;
}

function figures(r: { calls: Record<string, number>; callCount: number }): CallFigures {
  return { total: r.callCount, roundTrips: roundTrips(r.calls), calls: r.calls };
}

/** Calls of one accepted submission (warm cache, as every submission but the first after a config change). */
export function submissionCalls(existingRows: number): CallFigures {
  const sb = newBox({ emailQuota: 100000 });
  setConfigValue(sb, 'Giới hạn ý kiến mỗi phút', '1000');
  fillRows(sb, existingRows);
  sb.run('submitFeedback', [payload()]); // warms the configuration cache
  const r = sb.run<{ ok: boolean }>('submitFeedback', [payload()]);
  if (!r.value.ok) throw new Error('bench submission was refused');
  return figures(r);
}

export function lookupCalls(existingRows: number): CallFigures {
  const sb = newBox();
  fillRows(sb, existingRows);
  const code = sb.run<{ trackingCode: string }>('submitFeedback', [payload()]).value.trackingCode;
  sb.run('lookupFeedback', [code]);
  const r = sb.run<{ found: boolean }>('lookupFeedback', [code]);
  if (!r.value.found) throw new Error('bench lookup found nothing');
  return figures(r);
}

export function pageCalls(): CallFigures {
  const sb = newBox();
  sb.run('doGet', [{ parameter: { loc: 'KDC01' } }]);
  return figures(sb.run('doGet', [{ parameter: { loc: 'KDC01' } }]));
}

/** Whether any call touched whole-sheet reads (getDataRange or a getValues of many rows). */
export function readsWholeSheet(calls: Record<string, number>): boolean {
  return 'Sheet.getDataRange' in calls;
}

export function bundleFigures(runs = 30): { bytes: number; loadMsMedian: number } {
  const files = pushedFileList().filter((f) => f.endsWith('.js'));
  const sources = files.map((f) => readFileSync(path.join(ROOT, f), 'utf8'));
  const world = new GoogleWorld();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const ctx = makeContext(world, { id: i + 1, user: '', ui: false, wrappers: new WeakMap(), alerts: [] });
    const t0 = performance.now();
    // Compile and run from source each time: Apps Script loads the whole project on every execution.
    for (const [j, src] of sources.entries()) new vm.Script(src, { filename: files[j] }).runInContext(ctx);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { bytes: sources.reduce((n, s) => n + Buffer.byteLength(s), 0), loadMsMedian: times[Math.floor(times.length / 2)] };
}
