/**
 * Figures measured in Debian's Chromium: first paint of the form under Regular-3G-like throttling with a 4× CPU
 * slowdown, requests to other origins, time to interactive and bytes beside a bare hand-written form, the page's own
 * time and bytes per photo, and the upload of one opinion. The page is the built one, served as doGet makes it in
 * the sandbox (the upload goes to the local preview, which runs the built script).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { newBox } from '../sandbox/box';
import type { FakeHtmlOutput } from '../sandbox/fakes/script';
import { createPreviewServer } from '../sandbox/preview/app';
import { launchChromium } from '../sandbox/preview/chromium';
import { decoderCalls, decoderProbeScript } from '../test/browser/decoder-probe';

export function launch(): Promise<Browser> {
  return launchChromium();
}

/** The bare hand-written form of the same fields (no script, no style): the floor the page is compared with. */
export const BARE_FORM = path.join(__dirname, 'bare-form.html');

/**
 * Serves the form as doGet renders it, with an inert google.script.run (nothing is called while loading), and the
 * bare hand-written form at `bareUrl`.
 */
export async function servePage(): Promise<{ url: string; bareUrl: string; close: () => Promise<void> }> {
  const sb = newBox();
  const html = sb.run<FakeHtmlOutput>('doGet', [{ parameter: { loc: 'KDC01' } }]).value.getContent();
  const shim = '<script>window.google={script:{run:new Proxy({},{get:function(){return function(){return this}}})}};</script>';
  const page = html.replace('<head>', `<head>${shim}`);
  const bare = readFileSync(BARE_FORM, 'utf8');
  // Google serves HtmlService pages gzipped; so does this server.
  const gz = gzipSync(page);
  const bareGz = gzipSync(bare);
  const server = http.createServer((req, res) => {
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const isBare = (req.url ?? '').startsWith('/bare-form.html');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...(gzip ? { 'content-encoding': 'gzip' } : {}) });
    res.end(isBare ? (gzip ? bareGz : bare) : gzip ? gz : page);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/?loc=KDC01`,
    bareUrl: `http://127.0.0.1:${port}/bare-form.html`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** Regular-3G-like: 300 ms round trip, 700 kbit/s down, 700 kbit/s up. */
const REGULAR_3G = { offline: false, latency: 300, downloadThroughput: (700 * 1024) / 8, uploadThroughput: (700 * 1024) / 8 };

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export interface PaintFigures {
  firstContentfulPaintMs: number;
  otherOriginRequests: number;
  requests: number;
}

export async function firstPaint(browser: Browser, url: string, runs = 3): Promise<PaintFigures> {
  const results: number[] = [];
  let other = 0;
  let requests = 0;
  const origin = new URL(url).origin;
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 360, height: 640 } });
    const page = await context.newPage();
    page.on('request', (req) => {
      requests++;
      // data: and blob: URLs are the page's own bytes (its Workers start from a Blob of its kernel script): no network.
      if (!req.url().startsWith(origin) && !/^(data|blob):/.test(req.url())) other++;
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', REGULAR_3G);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.goto(url, { waitUntil: 'load' });
    // A string, not a function: tsx would wrap a function with helpers the page does not have.
    const fcp = (await page.evaluate(`new Promise((resolve) => {
      const get = () => (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime;
      if (get()) return resolve(get());
      new PerformanceObserver(() => get() && resolve(get())).observe({ type: 'paint', buffered: true });
    })`)) as number;
    results.push(fcp);
    await context.close();
  }
  results.sort((a, b) => a - b);
  return {
    firstContentfulPaintMs: results[Math.floor(results.length / 2)],
    otherOriginRequests: other,
    requests: Math.round(requests / runs),
  };
}

export interface InteractiveFigures {
  /** Median over the runs: the later of first contentful paint, DOMContentLoaded's end and the last long task's end. */
  ttiMs: number;
  fcpMs: number;
  /** The HTML document as it crossed the network (gzipped body), and as the browser read it. */
  encodedBytes: number;
  decodedBytes: number;
}

/**
 * Loads a page under Regular 3G and a 4× CPU slowdown at 360×640 and tells when it can be used: the later of its
 * first contentful paint, the end of DOMContentLoaded (the page's inline script has wired the form by then) and the
 * end of the last long task (> 50 ms) seen until 1.5 s after load. Median of `runs` loads.
 */
export async function interactiveFigures(browser: Browser, url: string, runs = 3): Promise<InteractiveFigures> {
  const tti: number[] = [];
  const fcp: number[] = [];
  let encodedBytes = 0;
  let decodedBytes = 0;
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 360, height: 640 } });
    await context.addInitScript(`(() => {
      window.__longTaskEnds = [];
      try {
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) window.__longTaskEnds.push(e.startTime + e.duration);
        }).observe({ type: 'longtask', buffered: true });
      } catch (e) {}
    })()`);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', REGULAR_3G);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForTimeout(1500);
    // A string, not a function: tsx would wrap a function with helpers the page does not have.
    const f = (await page.evaluate(`(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const paint = performance.getEntriesByName('first-contentful-paint')[0];
      const fcp = paint ? paint.startTime : 0;
      const lastLong = Math.max(0, ...window.__longTaskEnds);
      return { fcp, tti: Math.max(fcp, nav.domContentLoadedEventEnd, lastLong), encoded: nav.encodedBodySize, decoded: nav.decodedBodySize };
    })()`)) as { fcp: number; tti: number; encoded: number; decoded: number };
    tti.push(f.tti);
    fcp.push(f.fcp);
    encodedBytes = f.encoded;
    decodedBytes = f.decoded;
    await context.close();
  }
  return { ttiMs: median(tti), fcpMs: median(fcp), encodedBytes, decodedBytes };
}

/** The renderer processes of the Chromium this process launched (its descendants with --type=renderer), from /proc. */
function rendererPids(): number[] {
  const parent = new Map<number, number>();
  const renderers: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      if (readFileSync(`/proc/${d}/cmdline`, 'utf8').includes('--type=renderer')) renderers.push(Number(d));
    } catch {
      // Gone meanwhile.
    }
  }
  const mine = (p: number): boolean => {
    for (let q = p; q > 1; q = parent.get(q) ?? 0) if (q === process.pid) return true;
    return false;
  };
  return renderers.filter(mine);
}

/**
 * Stops and resumes the given processes so they run 1/rate of every `periodMs`; resumes them for good on SIGTERM or
 * when the bench that started it goes away.
 */
const DUTY_CYCLE = `
const [rate, period, ...pids] = process.argv.slice(1).map(Number);
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const sig = (s) => { for (const p of pids) { try { process.kill(p, s); } catch {} } };
let on = true;
process.on('SIGTERM', () => { on = false; });
process.on('disconnect', () => { on = false; });
process.send('running');
const tick = () => { sig('SIGCONT'); if (!on) return process.exit(0); sleep(period / rate); sig('SIGSTOP'); sleep(period - period / rate); setImmediate(tick); };
tick();
`;

/**
 * A CPU `rate`× slower for every renderer of this browser, Workers included (CDP's throttling reaches the main thread
 * only): a child process stops them (rate − 1)/rate of each 20 ms. `stop()` resumes them.
 */
async function slowRenderers(rate: number): Promise<{ stop: () => Promise<void> }> {
  const pids = rendererPids();
  if (pids.length === 0) throw new Error('no Chromium renderer process found in /proc: the photo figures need Linux');
  const child: ChildProcess = spawn(process.execPath, ['-e', DUTY_CYCLE, String(rate), '20', ...pids.map(String)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('error', reject);
  });
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export type PhotoPath = 'worker' | 'main';

export interface PhotoFigures {
  /** Median over the runs of the page's own time, file chosen → bytes ready (its "photo-ready" User Timing). */
  pageMs: number;
  runsMs: number[];
  /** The JPEG the page will upload. */
  bytes: number;
  width: number;
  height: number;
  /** Where the page did the work, as it reports it. */
  where: string;
  /**
   * With `compareWhole`: the same runs with ImageDecoder taken away, so every photo is decoded whole as before the
   * shrunk decode (one such run after or before each run of the page as it is, in turn).
   */
  whole?: { pageMs: number; runsMs: number[] };
}

/** Runs per photo and path: the slowdown by stopping processes adds noise on a shared machine, so five, not three. */
export const PHOTO_RUNS = 5;

interface PhotoRun {
  ms: number;
  bytes: number;
  where: string;
  width: number;
  height: number;
}

/**
 * One photo chosen on a fresh page, as a resident does it (a tap on "Chụp hoặc chọn ảnh", the file handed to the
 * picker by its path), then `read` of the page before it closes. `init` runs before the page's own scripts; `slow`
 * puts the 4× slowdown (see photoFigures) on the browser from before the tap until the bytes are ready.
 */
async function withPhotoChosen<T>(
  browser: Browser,
  url: string,
  file: string,
  where: PhotoPath,
  options: { init?: string; slow?: boolean },
  read: (page: Page) => Promise<T>,
): Promise<T> {
  const context = await browser.newContext({ viewport: { width: 360, height: 640 } });
  try {
    if (where === 'main') await context.addInitScript('delete window.OffscreenCanvas');
    if (options.init) await context.addInitScript({ content: options.init });
    const page = await context.newPage();
    await page.goto(url);
    const slow = options.slow ? await slowRenderers(4) : null;
    try {
      const chooser = page.waitForEvent('filechooser');
      await page.getByText('Chụp hoặc chọn ảnh', { exact: true }).click();
      await (await chooser).setFiles(file);
      await page.getByText('Đã chọn 1/3 ảnh.').waitFor({ timeout: 120_000 });
    } finally {
      if (slow) await slow.stop();
    }
    return await read(page);
  } finally {
    await context.close();
  }
}

/** One photo chosen on a fresh page at 4× (see photoFigures); `init` runs before the page's own scripts. */
function photoRun(browser: Browser, url: string, file: string, where: PhotoPath, init?: string): Promise<PhotoRun> {
  return withPhotoChosen(
    browser,
    url,
    file,
    where,
    { init, slow: true },
    async (page) =>
      (await page.evaluate(`(async () => {
      const m = performance.getEntriesByType('measure').filter((e) => e.name.indexOf('photo-ready ') === 0)[0];
      const img = document.querySelector('#photo-list img');
      await img.decode();
      return { ms: m.duration, bytes: m.detail.bytes, where: m.name.slice('photo-ready '.length), width: img.naturalWidth, height: img.naturalHeight };
    })()`)) as PhotoRun,
  );
}

/**
 * One photo chosen on the form at 4× CPU slowdown, as a resident does it: a tap on "Chụp hoặc chọn ảnh", then the
 * file handed to the phone's picker by its path on disk (Chromium reads the file itself; nothing is copied through
 * the driver). The time is the page's own, measured inside it with performance.now from the `change` event to the
 * bytes ready. `path` 'main' takes OffscreenCanvas away, as on iOS Safari before 16.4 and old Android WebViews, so
 * the page works on its main thread. Chromium's CDP throttling (Emulation.setCPUThrottlingRate) slows a page's main
 * thread only, and a Worker's own session refuses it ("Operation is only supported for pages, not workers"), so the
 * 4× slowdown here is the operating system's: every renderer process of this browser is stopped three quarters of
 * each 20 ms (SIGSTOP/SIGCONT, Linux), the Worker, the main thread and Chromium's decoding threads alike, on both
 * paths, from before the tap until the bytes are ready. `compareWhole` alternates each run with one of the same
 * page without ImageDecoder (the photo decoded whole), so the machine's load weighs on both alike.
 */
export async function photoFigures(
  browser: Browser,
  url: string,
  file: string,
  where: PhotoPath,
  runs = PHOTO_RUNS,
  compareWhole = false,
): Promise<PhotoFigures> {
  const times: number[] = [];
  const wholeTimes: number[] = [];
  let last: PhotoRun = { ms: 0, bytes: 0, where: '', width: 0, height: 0 };
  for (let i = 0; i < runs; i++) {
    const whole = async () => wholeTimes.push((await photoRun(browser, url, file, where, decoderProbeScript('no-decoder'))).ms);
    if (compareWhole && i % 2 === 1) await whole();
    last = await photoRun(browser, url, file, where);
    times.push(last.ms);
    if (compareWhole && i % 2 === 0) await whole();
  }
  const figures: PhotoFigures = {
    pageMs: median(times),
    runsMs: times,
    bytes: last.bytes,
    width: last.width,
    height: last.height,
    where: last.where,
  };
  if (compareWhole) figures.whole = { pageMs: median(wholeTimes), runsMs: wholeTimes };
  return figures;
}

/**
 * How the page decoded one photo on a path, from one more run, untimed and at full speed: the sizes WebCodecs'
 * ImageDecoder was asked for (a big JPEG decoded already shrunk), or none (decoded whole with createImageBitmap).
 */
export function photoDecodeSizes(browser: Browser, url: string, file: string, where: PhotoPath): Promise<number[][]> {
  return withPhotoChosen(browser, url, file, where, { init: decoderProbeScript('record') }, decoderCalls);
}

async function fillForm(page: Page): Promise<void> {
  await page.getByLabel('Phản ánh', { exact: true }).check();
  await page.getByLabel('Lĩnh vực').selectOption('Vệ sinh môi trường');
  await page.getByLabel('Nội dung').fill('Bãi rác tự phát ở bờ mương cuối ngõ 8 đã hai tuần chưa được dọn, xin xem ảnh kèm theo.');
}

export interface UploadFigures {
  /** Click on "Gửi ý kiến" → the done view, on Regular 3G. */
  ms: number;
  /** The request the page sent (JSON with the photos' base64). */
  requestBytes: number;
}

/**
 * One opinion sent from the form with the given photos (chosen by path, prepared before the clock starts) to the
 * local preview, which runs the built script in the sandbox, on Regular 3G (300 ms round trip, 700 kbit/s up and
 * down). The time runs from the click on "Gửi ý kiến" to the done view, the box's own execution included.
 */
export async function uploadFigures(browser: Browser, photoFiles: string[]): Promise<UploadFigures> {
  const dir = mkdtempSync(path.join(tmpdir(), 'hom-thu-bench-'));
  const preview = await createPreviewServer({ dir, port: 0, log: () => undefined });
  let context: BrowserContext | undefined;
  try {
    context = await browser.newContext({ viewport: { width: 360, height: 640 }, locale: 'vi-VN' });
    const page = await context.newPage();
    await page.goto(`${preview.url}/?loc=KDC01`);
    await fillForm(page);
    if (photoFiles.length) {
      await page.locator('#photos').setInputFiles(photoFiles);
      await page.getByText(`Đã chọn ${photoFiles.length}/3 ảnh.`).waitFor({ timeout: 120_000 });
    }
    // The server turns away sends faster than a person fills the form.
    await page.waitForTimeout(3500);
    let requestBytes = 0;
    page.on('request', (req) => {
      if (req.url().includes('/__rpc/submitFeedback')) requestBytes = Buffer.byteLength(req.postData() ?? '');
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', REGULAR_3G);
    const t0 = Date.now();
    await page.getByRole('button', { name: 'Gửi ý kiến', exact: true }).click();
    await page.locator('#view-done:not([hidden])').waitFor({ timeout: 120_000 });
    return { ms: Date.now() - t0, requestBytes };
  } finally {
    await context?.close();
    await preview.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
