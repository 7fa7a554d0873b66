/**
 * npm run bench: one table of every budget in the issues, with pass/fail, also written to bench/results.json.
 * Budgets are reported here, never asserted by timed tests.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { qrPng } from '../src/core/qr-png';
import { bundleFigures, lookupCalls, pageCalls, submissionCalls } from './sandbox-metrics';
import { firstPaint, launch, servePage } from './browser-metrics';

const ROOT = path.resolve(__dirname, '..');

interface Row {
  id: string;
  figure: string;
  value: number;
  unit: string;
  budget: number | null;
  /** 'max': value must be ≤ budget; 'equal': value must equal budget. */
  kind: 'max' | 'equal' | 'info';
  note?: string;
}

const rows: Row[] = [];
function add(row: Row): void {
  rows.push(row);
  const status = verdict(row);
  console.log(`${status.padEnd(4)} ${row.figure}: ${row.value} ${row.unit}${row.budget !== null ? ` (budget ${row.kind === 'equal' ? '=' : '≤'} ${row.budget})` : ''}`);
}

function verdict(r: Row): string {
  if (r.kind === 'info' || r.budget === null) return 'info';
  if (r.kind === 'equal') return r.value === r.budget ? 'pass' : 'FAIL';
  return r.value <= r.budget ? 'pass' : 'FAIL';
}

async function main(): Promise<void> {
  // Page size and other origins.
  const html = readFileSync(path.join(ROOT, 'build/index.html'));
  add({ id: 'page.gzip', figure: 'Form page, gzipped', value: Math.round((gzipSync(html, { level: 9 }).length / 1024) * 10) / 10, unit: 'KB', budget: 20, kind: 'max' });
  const external = (html.toString().match(/\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\//gi) ?? []).length;
  add({ id: 'page.external-refs', figure: 'References to other origins in the page', value: external, unit: 'refs', budget: 0, kind: 'max' });

  // Service calls.
  const s10 = submissionCalls(10);
  const s10k = submissionCalls(10000);
  add({ id: 'submit.calls.10', figure: 'Service round trips per accepted submission, 10 rows', value: s10.roundTrips, unit: 'calls', budget: 10, kind: 'max', note: `${s10.total} calls in all` });
  add({ id: 'submit.calls.10000', figure: 'Service round trips per accepted submission, 10,000 rows', value: s10k.roundTrips, unit: 'calls', budget: s10.roundTrips, kind: 'equal', note: `${s10k.total} calls in all` });
  add({ id: 'submit.calls.total.10000', figure: 'All service calls per accepted submission, 10,000 rows', value: s10k.total, unit: 'calls', budget: s10.total, kind: 'equal' });
  const l = lookupCalls(10000);
  add({ id: 'lookup.calls', figure: 'Service round trips per lookup, 10,000 rows', value: l.roundTrips, unit: 'calls', budget: 6, kind: 'max', note: `${l.total} calls in all; whole-sheet reads: ${'Sheet.getDataRange' in l.calls ? 'yes' : 'none'}` });
  add({ id: 'lookup.full-read', figure: 'Whole-sheet reads per lookup', value: 'Sheet.getDataRange' in l.calls || 'Range.getValues' in l.calls && l.calls['Range.getValues'] > 1 ? 1 : 0, unit: 'reads', budget: 0, kind: 'max' });
  const g = pageCalls();
  add({ id: 'page.calls', figure: 'Service round trips to serve the page (doGet)', value: g.roundTrips, unit: 'calls', budget: null, kind: 'info', note: `${g.total} calls in all` });

  // Bundle.
  const b = bundleFigures();
  add({ id: 'bundle.bytes', figure: 'Server bundle (Code.js)', value: Math.round(b.bytes / 102.4) / 10, unit: 'KB', budget: null, kind: 'info' });
  add({ id: 'bundle.load', figure: 'Bundle compile + load in a bare V8 context (median of 30)', value: Math.round(b.loadMsMedian * 100) / 100, unit: 'ms', budget: null, kind: 'info' });

  // QR codes.
  const urls = Array.from({ length: 95 }, (_, i) => `https://script.google.com/macros/s/AKfycbExampleDeploymentId0123456789abcdefghijklmnopqrstuv/exec?loc=KDC${String(i + 1).padStart(2, '0')}`);
  qrPng(urls[0]);
  const t0 = performance.now();
  let pngBytes = 0;
  for (const u of urls) pngBytes += qrPng(u).png.length;
  const qrMs = performance.now() - t0;
  add({ id: 'qr.encode95', figure: 'QR + PNG encoding, 95 posters', value: Math.round(qrMs), unit: 'ms', budget: 1000, kind: 'max', note: `${Math.round(pngBytes / 95)} B per PNG` });

  // Browser.
  const browser = await launch();
  try {
    const server = await servePage();
    try {
      const p = await firstPaint(browser, server.url);
      add({ id: 'page.fcp.3g', figure: 'First contentful paint, Regular 3G (300 ms RTT, 700 kbps) + 4× CPU slowdown, 360×640', value: Math.round(p.firstContentfulPaintMs), unit: 'ms', budget: null, kind: 'info' });
      add({ id: 'page.other-origin-requests', figure: 'Requests to other origins while loading the form', value: p.otherOriginRequests, unit: 'requests', budget: 0, kind: 'max' });
    } finally {
      await server.close();
    }
  } finally {
    await browser.close();
  }

  const out = { date: new Date().toISOString(), node: process.version, rows: rows.map((r) => ({ ...r, verdict: verdict(r) })) };
  writeFileSync(path.join(ROOT, 'bench/results.json'), JSON.stringify(out, null, 2) + '\n');
  console.log(`\n${rows.filter((r) => verdict(r) === 'FAIL').length} budget(s) failed; written to bench/results.json`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
