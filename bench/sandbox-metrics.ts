/**
 * Figures measured on the built script in the sandbox: service calls per operation, bundle size and load time.
 */
import { SNAPSHOT_PROPERTY } from '../src/core/config/snapshot';
import vm from 'node:vm';
import { performance } from 'node:perf_hooks';
import { ADMIN, SERVICE_URL, newBox, payload, setConfigValue } from '../sandbox/box';
import { DEFAULT_CATEGORIES } from '../src/core/config/config';
import { digestFromRows, synthesisFromRows } from '../src/core/reports/report-layout';
import type { Sandbox } from '../sandbox/vm';
import { ROOT, makeContext, pushedFileList } from '../sandbox/vm';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { GoogleWorld } from '../sandbox/fakes/world';
import { COLUMNS, rowToRecord } from '../src/core/records/feedback-record';
import { groupOpinions, opinionFromRecord, type GroupingOpinion } from '../src/core/reports/grouping';
import { maskPersonalData } from '../src/core/privacy/mask';
import { buildSharedReplies } from '../src/core/lookup/shared-replies';
import { structuralJpeg } from '../test/helpers/jpeg';
import { CHART_CALL, roundTrips } from '../sandbox/time-model';

export { roundTrips };

/** The i-th tracking code of a bench sheet: distinct, and in the codes' alphabet (no 0, 1, O, I, L). */
function benchCode(i: number): string {
  const tail = (i + 100000)
    .toString(36)
    .toUpperCase()
    .replace(/[01OIL]/g, 'Z')
    .padStart(7, 'X')
    .slice(-7);
  return `HB-${tail}`;
}

/** Fills the responses sheet with n plausible rows without going through the script (fast). */
export function fillRows(sb: Sandbox, n: number): void {
  const sheet = sb.world.boxSpreadsheet()!.getSheetByName('Góp ý')!;
  const base = Date.UTC(2026, 0, 1);
  const start = sheet.dataHeight();
  sheet.maxRows = Math.max(sheet.maxRows, start + n + 10);
  for (let i = 0; i < n; i++) {
    const row = COLUMNS.map((c) => {
      switch (c.key) {
        case 'trackingCode':
          return { v: benchCode(i) };
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
  /** Cells read and written. */
  cells: number;
}

function figures(r: { calls: Record<string, number>; callCount: number; cells: number }): CallFigures {
  return { total: r.callCount, roundTrips: roundTrips(r.calls), calls: r.calls, cells: r.cells };
}

/**
 * Calls of one accepted submission: warm cache (as every submission but the first after a configuration change or an
 * eviction), with the committee email sent at once unless `batched` (the day's quota set so low that no immediate share
 * is left: the pending trigger's batch announces it), or `cold` (the script cache emptied first, as Apps Script does
 * at least every 6 hours).
 */
export function submissionCalls(existingRows: number, opts: { batched?: boolean; cold?: boolean; fromSheets?: boolean } = {}): CallFigures {
  const sb = newBox({ emailQuota: 100000 });
  setConfigValue(sb, 'Giới hạn ý kiến mỗi phút', '1000');
  if (opts.batched) setConfigValue(sb, 'Hạn mức email mỗi ngày', '1');
  fillRows(sb, existingRows);
  sb.run('submitFeedback', [payload()]); // warms the configuration cache
  if (opts.cold || opts.fromSheets) sb.world.script.cache.clear();
  // No configuration snapshot either (a box upgraded from a release without one, or one whose triggers stopped a day).
  if (opts.fromSheets)
    for (const k of [...sb.world.script.properties.keys()]) if (k.startsWith(SNAPSHOT_PROPERTY)) sb.world.script.properties.delete(k);
  const sent = sb.world.gmail.sent.length;
  const r = sb.run<{ ok: boolean }>('submitFeedback', [payload()]);
  if (!r.value.ok) throw new Error('bench submission was refused');
  const emailed = sb.world.gmail.sent.length > sent;
  if (emailed === Boolean(opts.batched)) throw new Error(`bench submission ${emailed ? 'sent' : 'did not send'} its email`);
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

/** Calls of doGet; `posterUrl`: the residents' address pasted into Cấu hình after deploying, as the README asks. */
export function pageCalls(posterUrl = ''): CallFigures {
  const sb = newBox();
  if (posterUrl) setConfigValue(sb, 'Đường dẫn cho poster (tùy chọn)', posterUrl);
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
    const ctx = makeContext(world, { id: i + 1, user: '', wrappers: new WeakMap() });
    const t0 = performance.now();
    // Compile and run from source each time: Apps Script loads the whole project on every execution.
    for (const [j, src] of sources.entries()) new vm.Script(src, { filename: files[j] }).runInContext(ctx);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { bytes: sources.reduce((n, s) => n + Buffer.byteLength(s), 0), loadMsMedian: times[Math.floor(times.length / 2)] };
}

/**
 * The same load, once, in a fresh Node process each time (no compile cache, cold code paths): closer to an Apps
 * Script execution that starts from nothing. Median of `runs` processes. The context is a bare one with no fakes:
 * loading must not call any Google service. `onDemand`: then also call a function whose code is in OnDemand.html, so
 * Code.js reads (a stand-in HtmlService), checks and evaluates the file (src/server/on-demand.ts): the time those
 * executions add.
 */
export function freshProcessLoadMs(runs = 9, onDemand = false): number {
  const files = pushedFileList()
    .filter((f) => f.endsWith('.js'))
    .map((f) => path.join(ROOT, f));
  const onDemandFile = onDemandPath();
  const script = `
    const vm = require('node:vm');
    const fs = require('node:fs');
    const sources = ${JSON.stringify(files)}.map((f) => [f, fs.readFileSync(f, 'utf8')]);
    const more = ${onDemand} ? fs.readFileSync(${JSON.stringify(onDemandFile)}, 'utf8') : '';
    const ctx = vm.createContext({});
    const t0 = performance.now();
    for (const [f, src] of sources) new vm.Script(src, { filename: f }).runInContext(ctx);
    const t1 = performance.now();
    if (more) {
      // Code.js's own loader (src/server/on-demand.ts): read the file, check its digest, evaluate it. setup() then
      // stops at its first service call, the owner check (no Session here).
      ctx.HtmlService = { createHtmlOutputFromFile: () => ({ getContent: () => more }) };
      try {
        vm.runInContext('setup()', ctx);
        throw new Error('setup ran without Session');
      } catch (e) {
        if (!/Session is not defined/.test(String(e))) throw e;
      }
    }
    process.stdout.write(String(more ? performance.now() - t1 : t1 - t0));`;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })));
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** Size of the on-demand file clasp pushes next to Code.js (KB). */
export function onDemandBytes(): number {
  return Buffer.byteLength(readFileSync(onDemandPath(), 'utf8'));
}

/** OnDemand.html of the build the sandbox runs (build/, or BOX_BUILD_DIR), next to the Code.js it measures. */
function onDemandPath(): string {
  const file = pushedFileList().find((f) => path.basename(f) === 'OnDemand.html');
  if (!file) throw new Error('the build has no OnDemand.html: run npm run build');
  return path.join(ROOT, file);
}

/** Posters: calls for one poster (template copy → sheet write), per combined page, and in all per location. */
export function posterFigures(locations = 20): { perPoster: number; perPage: number; perLocation: number; total: number } {
  const sb = newBox();
  // The residents' address, as the owner pastes it: posters print nothing else.
  setConfigValue(sb, 'Đường dẫn cho poster (tùy chọn)', SERVICE_URL);
  const sheet = sb.world.boxSpreadsheet()!.getSheetByName('Địa điểm')!;
  const extra = locations - (sheet.getLastRow() - 1);
  const start = sheet.getLastRow() + 1;
  sheet
    .getRange(start, 1, extra, 5)
    .setValues(
      Array.from({ length: extra }, (_, i) => [
        `'TDP${String(i + 1).padStart(2, '0')}`,
        `'Nhà văn hóa tổ dân phố ${i + 1}`,
        "'nhà văn hóa",
        '',
        true,
      ]),
    );
  sb.world.script.cache.clear();
  const log: string[] = [];
  sb.world.faultHook = (call) => void log.push(call);
  const run = sb.run<{ made: number }>('generatePosters', [], { user: ADMIN });
  sb.world.faultHook = null;
  if (run.value.made !== locations) throw new Error(`bench made ${run.value.made} posters, expected ${locations}`);
  const segments: number[] = [];
  let from = -1;
  log.forEach((c, i) => {
    if (c === 'File.makeCopy') from = i;
    else if (c === 'Range.setValues' && from >= 0) {
      segments.push(i - from + 1);
      from = -1;
    }
  });
  const breaks = log.map((c, i) => (c === 'Body.appendPageBreak' ? i : -1)).filter((i) => i >= 0);
  const pages = breaks.slice(1).map((i, j) => i - breaks[j]);
  const most = (xs: number[]) => xs.reduce((a, b) => Math.max(a, b), 0);
  return { perPoster: most(segments), perPage: most(pages), perLocation: run.callCount / locations, total: run.callCount };
}

/** The synthesis report and the weekly digest over n rows: sheet reads in the sandbox and pure computation time. */
export function reportFigures(n = 10000): { reportReads: number; digestReads: number; reportComputeMs: number; digestComputeMs: number } {
  const sb = newBox();
  fillRows(sb, n);
  const reads = (calls: Record<string, number>) =>
    Object.entries(calls)
      .filter(([k]) => /^(Range\.getValues|Range\.getDisplayValues|Sheet\.getDataRange|Range\.getFormulas)$/.test(k))
      .reduce((a, [, v]) => a + v, 0);
  sb.run('sendPendingEmails', [], { user: ADMIN }); // warms the configuration cache
  const report = sb.run('buildSynthesisReport', [{ period: '06/2026' }], { user: ADMIN });
  const digest = sb.run('sendWeeklyDigest', [], { user: ADMIN });
  const rows = sb.world.boxSpreadsheet()!.getSheetByName('Góp ý')!.getDataRange().getValues().slice(1);
  const period = { from: new Date(Date.UTC(2026, 5, 1) - 7 * 3600_000), to: new Date(Date.UTC(2026, 6, 1) - 7 * 3600_000) };
  const now = new Date(Date.UTC(2026, 6, 5));
  // One warm-up run, then the median of 9: on a shared machine a few runs are slowed by others' work.
  const time = (fn: () => void) => {
    fn();
    const t: number[] = [];
    for (let i = 0; i < 9; i++) {
      const t0 = performance.now();
      fn();
      t.push(performance.now() - t0);
    }
    return t.sort((a, b) => a - b)[4];
  };
  return {
    reportReads: reads(report.calls),
    digestReads: reads(digest.calls),
    reportComputeMs: time(() =>
      synthesisFromRows(rows, period, now, {
        categories: DEFAULT_CATEGORIES,
        wardName: 'Phường Hòa Bình',
        committeeName: 'Ủy ban MTTQ',
        generatedText: '05/07/2026 07:00',
      }),
    ),
    digestComputeMs: time(() => digestFromRows(rows, now)),
  };
}

/** An opinion of about 4,000 characters, with personal data typed into it in everyday spellings. */
function longOpinion(i: number): string {
  const head =
    `Ý kiến số ${i}. Tôi là Nguyễn Thị Lan ở số 12 ngõ 34 Hàng Bông, gọi 0912 345 ${String(i % 1000).padStart(3, '0')} ` +
    'hoặc lan.nguyen (a) gmail chấm com, CCCD 0010 9501 2345. ';
  const body =
    'Đèn đường ngõ 15 hỏng từ ngày 12/10/2024, tối 19:45 rất tối, đã có 2 vụ ngã xe; tổ dân phố 5 có 120 hộ đã góp ' +
    '1.500.000 đồng sửa nhưng chưa thấy làm. ';
  let text = head;
  while (text.length < 4000) text += body;
  return text.slice(0, 4000);
}

/**
 * The synthesis report for a month of n opinions of 4,000 characters each, on the built script: the document's
 * characters, the service calls of the whole execution, the pure computation time (rows to document blocks, with
 * the masking), and the longest opinion text in the document.
 */
export function largeReportFigures(n = 3000): {
  docChars: number;
  calls: number;
  roundTrips: number;
  computeMs: number;
  executionMs: number;
  longestOpinion: number;
  leaks: number;
  charts: number;
  chartCalls: number;
  chartRoundTrips: number;
  groupingMs: number;
  groups: number;
} {
  const sb = newBox();
  const sheet = sb.world.boxSpreadsheet()!.getSheetByName('Góp ý')!;
  const start = sheet.dataHeight();
  sheet.maxRows = Math.max(sheet.maxRows, start + n + 10);
  const base = Date.UTC(2026, 5, 1);
  for (let i = 0; i < n; i++) {
    const row = COLUMNS.map((c) => {
      switch (c.key) {
        case 'trackingCode':
          return { v: benchCode(i) };
        case 'receivedAt':
          return { v: new Date(base + Math.floor((i * 29 * 86400_000) / n)) };
        case 'content':
          return { v: longOpinion(i) };
        case 'name':
          return { v: 'Nguyễn Thị Lan' };
        case 'phone':
          return { v: `0912345${String(i % 1000).padStart(3, '0')}` };
        case 'status':
          return { v: ['Mới', 'Đang xử lý', 'Đã trả lời'][i % 3] };
        case 'category':
          return { v: ['Vệ sinh môi trường', 'Trật tự đô thị', 'An ninh trật tự'][i % 3] };
        case 'locationCode':
          return { v: `KDC0${(i % 3) + 1}` };
        case 'locationName':
          return { v: `Nhà văn hóa khu dân cư số ${(i % 3) + 1}` };
        case 'kind':
          return { v: 'Phản ánh' };
        case 'emailStatus':
          return { v: 'đã gửi' };
        default:
          return { v: '' };
      }
    });
    row.forEach((d, c) => sheet.put(start + i, c, d));
  }
  sb.run('sendPendingEmails', [], { user: ADMIN }); // warms the configuration cache
  const t0 = performance.now();
  const run = sb.run('buildSynthesisReport', [{ period: '06/2026' }], { user: ADMIN });
  const executionMs = performance.now() - t0;
  const doc = sb.world.docs.all().find((d) => d.getName().startsWith('Báo cáo tổng hợp'))!;
  const text = doc.text();
  // The issues table: one row per issue, its representative text in the second column.
  const issues = doc.body.getTables().find((t) => t.texts()[0]?.[1] === 'Vấn đề (ý kiến tiêu biểu)');
  const longest = Math.max(0, ...(issues?.texts().slice(1) ?? []).map((r) => r[1].length));
  const chartCalls = Object.entries(run.calls).filter(([k]) => CHART_CALL.test(k));
  const leaks = (text.match(/0912|Nguyễn Thị Lan|gmail|9501/g) ?? []).length;
  const rows = sheet.getDataRange().getValues().slice(1);
  const period = { from: new Date(Date.UTC(2026, 5, 1) - 7 * 3600_000), to: new Date(Date.UTC(2026, 6, 1) - 7 * 3600_000) };
  const now = new Date(Date.UTC(2026, 6, 5));
  const opts = {
    categories: DEFAULT_CATEGORIES,
    wardName: 'Phường Hòa Bình',
    committeeName: 'Ủy ban MTTQ',
    generatedText: '05/07/2026 07:00',
  };
  const times: number[] = [];
  for (let k = 0; k < 3; k++) {
    const c0 = performance.now();
    synthesisFromRows(rows, period, now, opts);
    times.push(performance.now() - c0);
  }
  // The grouping alone (the model, issues and themes) of all 3,000, best of two: the report itself groups at most
  // MAX_GROUPED opinions and lists a larger period one opinion per row.
  const opinions = rows.map((r) => opinionFromRecord(rowToRecord(r))).filter((o): o is GroupingOpinion => o !== null);
  const grouping: number[] = [];
  let groups = 0;
  for (let k = 0; k < 2; k++) {
    const g0 = performance.now();
    groups = groupOpinions(opinions).groups.length;
    grouping.push(performance.now() - g0);
  }
  return {
    docChars: text.length,
    calls: run.callCount,
    roundTrips: roundTrips(run.calls),
    computeMs: times.sort((a, b) => a - b)[1],
    executionMs,
    longestOpinion: longest,
    leaks,
    charts: (run.value as { charts?: number }).charts ?? 0,
    chartCalls: chartCalls.reduce((n, [, v]) => n + v, 0),
    chartRoundTrips: roundTrips(Object.fromEntries(chartCalls)),
    groupingMs: Math.min(...grouping),
    groups,
  };
}

/** Masking n opinions of about 600 characters, each with its sender's contact fields: milliseconds (median of 3). */
export function maskingFigures(n = 3000): { ms: number; chars: number } {
  const base =
    'Kính gửi Ủy ban MTTQ phường. Tôi là Nguyễn Thị Lan ở số 12 ngõ 34 Hàng Bông, xin phản ánh: đèn đường ngõ 15 hỏng từ ' +
    'ngày 12/10/2024, tối 19:45 rất tối, đã có 2 vụ ngã xe. Tổ dân phố 5 có 120 hộ đã góp 1.500.000 đồng sửa nhưng chưa ' +
    'thấy làm. Đề nghị phường kiểm tra theo Nghị định 13/2023/NĐ-CP và trả lời qua số 0912 345 678 hoặc thư ' +
    'lan.nguyen (a) gmail chấm com. Zalo: lanhuong88. CCCD 0010 9501 2345. Xin cảm ơn các cán bộ đã luôn quan tâm. ' +
    'Mã theo dõi HB-7KQ4M2X. Ngoài ra rác ở đầu ngõ 34 để qua đêm, mùi rất khó chịu, mong phường nhắc nhở các hộ ' +
    'và cử người kiểm tra vào sáng thứ Hai.';
  const texts = Array.from({ length: n }, (_, i) => `${base} (${i})`);
  const sender = { name: 'Nguyễn Thị Lan', phone: '0912345678', email: 'lan@x.vn', address: 'Số 12 ngõ 34 Hàng Bông' };
  const times: number[] = [];
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    for (const t of texts) maskPersonalData(t, sender);
    times.push(performance.now() - t0);
  }
  return { ms: times.sort((a, b) => a - b)[1], chars: texts.reduce((a, t) => a + t.length, 0) };
}

/**
 * The lookup's shared replies rebuilt as the edit trigger does at a reply edit (and the hourly refresh): `rows` rows,
 * `sharing` of them holding one template reply that names a resident, every tenth of the rest a reply of its own;
 * milliseconds (median of 3), starting from the value built before, and what the value holds.
 */
export function sharedRepliesFigures(rows = 10_000, sharing = 3000): { ms: number; bytes: number; codes: number; leftOut: number } {
  const alphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
  const code = (n: number) => {
    let s = '';
    for (let i = 0; i < 7; i++, n = Math.floor(n / alphabet.length)) s = alphabet[n % alphabet.length] + s;
    return `HB-${s}`;
  };
  const template =
    'Phường đã tiếp nhận phản ánh về đèn đường ngõ 15 của bà Nguyễn Thị Lan (0912 345 678) và các hộ dân tổ 5; ' +
    'Công ty chiếu sáng đã thay bóng ngày 20/10. Mọi thắc mắc xin gọi cán bộ phụ trách 0243 826 1234.';
  const records = Array.from({ length: rows }, (_, i) => ({
    ...rowToRecord([]),
    trackingCode: code(i + 1),
    receivedAt: new Date(Date.UTC(2026, 0, 1) + i * 600_000),
    name: `Người gửi ${i}`,
    phone: `09${String(10_000_000 + i).slice(-8)}`,
    email: `nguoi${i}@example.vn`,
    address: `Số ${i % 200} ngõ ${i % 50} phố Hàng Bông`,
    publicReply: i < sharing ? template : i % 10 === 0 ? `Đã trả lời ý kiến số ${i}: đã chuyển tổ dân phố xử lý.` : '',
  }));
  let previous: string | null = buildSharedReplies(records).value;
  const times: number[] = [];
  let last = buildSharedReplies(records, previous);
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    last = buildSharedReplies(records, previous);
    times.push(performance.now() - t0);
    previous = last.value;
  }
  return { ms: times.sort((a, b) => a - b)[1], bytes: Buffer.byteLength(last.value), codes: last.codes, leftOut: last.leftOut };
}

/** Extra calls a submission makes for the duplicate hint: compared with the same box when the hint finds nothing. */
export function duplicateHintCalls(): { withHint: number; withoutHint: number; hintFound: boolean } {
  const sb = newBox({ emailQuota: 100000 });
  sb.run('submitFeedback', [payload({ content: 'Đèn đường ở ngõ 5 phố Hòa Bình bị hỏng đã hai tuần, buổi tối rất tối.' })]);
  const without = sb.run('submitFeedback', [payload({ content: 'Cống thoát nước trước chợ bị tắc, nước tràn lên mặt đường.' })]);
  const withHint = sb.run('submitFeedback', [
    payload({ content: 'Den duong o ngo 5 pho Hoa Binh bi hong da hai tuan, buoi toi rat toi.' }),
  ]);
  const rows = sb.world.boxSpreadsheet()!.getSheetByName('Góp ý')!.getDataRange().getValues();
  return { withHint: withHint.callCount, withoutHint: without.callCount, hintFound: String(rows.at(-1)![14]) !== '' };
}

/** Calls for a submission with k small photos, to get the extra calls per photo. */
export function photoCalls(): { none: number; one: number; three: number } {
  const photo = { name: 'a.jpg', type: 'image/jpeg', dataBase64: structuralJpeg(3000).toString('base64') };
  const sb = newBox({ emailQuota: 100000 });
  sb.run('submitFeedback', [payload()]);
  const count = (k: number) => {
    const run = sb.run<{ ok: boolean; trackingCode: string }>('submitFeedback', [
      payload({ photos: Array.from({ length: k }, () => photo) }),
    ]);
    // A figure for refused photos would measure nothing: every photo must have been saved.
    const saved = sb.world.drive.files().filter((f) => f.name.startsWith(`${run.value.trackingCode}-`)).length;
    if (!run.value.ok || saved !== k) throw new Error(`bench: ${saved} of ${k} photos saved`);
    return run.callCount;
  };
  return { none: count(0), one: count(1), three: count(3) };
}

/**
 * The public results page over 10,000 rows where every third row is ticked "Công khai" with a long reply (about 1,100
 * on each of three locations): the rebuild's sheet reads, and for the fullest location page its gzipped bytes and
 * the service calls of a view with a warm and with an expired cache.
 */
export function resultsPageFigures(n = 10000): {
  gzipBytes: number;
  coldRoundTrips: number;
  coldTotal: number;
  warmRoundTrips: number;
  warmTotal: number;
  indexGzipBytes: number;
  refreshReads: number;
  published: number;
} {
  const sb = newBox();
  fillRows(sb, n);
  const sheet = sb.world.boxSpreadsheet()!.getSheetByName('Góp ý')!;
  const reply = (i: number) =>
    `Trả lời số ${i}: Ủy ban nhân dân phường đã kiểm tra hiện trường, giao tổ dân phố phối hợp với công an phường và ` +
    'Công ty Môi trường đô thị xử lý dứt điểm trong tuần; kết quả đã được thông báo tại nhà văn hóa khu dân cư.';
  const col = (key: string) => COLUMNS.findIndex((c) => c.key === key) + 1;
  sheet.getRange(2, col('publicReply'), n, 1).setValues(Array.from({ length: n }, (_, i) => [i % 3 === 0 ? reply(i) : '']));
  sheet.getRange(2, col('publish'), n, 1).setValues(Array.from({ length: n }, (_, i) => [i % 3 === 0]));
  sb.run('sendPendingEmails', [], { user: ADMIN }); // warms the configuration cache
  const refresh = sb.run<{ published: number; ok: boolean }>('refreshPublicResults', [], { user: ADMIN });
  if (!refresh.value.ok) throw new Error('bench: the results page was not rebuilt');
  const reads = Object.entries(refresh.calls)
    .filter(([k]) => /^(Range\.getValues|Range\.getDisplayValues|Sheet\.getDataRange)$/.test(k))
    .reduce((a, [, v]) => a + v, 0);
  const view = (parameter: Record<string, string>) =>
    sb.run<{ getContent(): string }>('doGet', [{ parameter: { view: 'results', ...parameter } }]);
  sb.world.script.cache.clear();
  const cold = view({ loc: 'KDC01' });
  const warm = view({ loc: 'KDC01' });
  const index = view({});
  return {
    gzipBytes: gzipSync(cold.value.getContent(), { level: 9 }).length,
    coldRoundTrips: roundTrips(cold.calls),
    coldTotal: cold.callCount,
    warmRoundTrips: roundTrips(warm.calls),
    warmTotal: warm.callCount,
    indexGzipBytes: gzipSync(index.value.getContent(), { level: 9 }).length,
    refreshReads: reads,
    published: refresh.value.published,
  };
}
