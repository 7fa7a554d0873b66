/**
 * Figures measured in Debian's Chromium: first paint of the form under Regular-3G-like throttling with a 4× CPU
 * slowdown, and requests to other origins. The page is the built one, served as doGet makes it in the sandbox.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { newBox } from '../sandbox/box';
import type { FakeHtmlOutput } from '../sandbox/fakes/script';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** Serves the form as doGet renders it, with an inert google.script.run (nothing is called while loading). */
export async function servePage(): Promise<{ url: string; close: () => Promise<void> }> {
  const sb = newBox();
  const html = sb.run<FakeHtmlOutput>('doGet', [{ parameter: { loc: 'KDC01' } }]).value.getContent();
  const shim = '<script>window.google={script:{run:new Proxy({},{get:function(){return function(){return this}}})}};</script>';
  const page = html.replace('<head>', `<head>${shim}`);
  // Google serves HtmlService pages gzipped; so does this server.
  const gz = gzipSync(page);
  const server = http.createServer((req, res) => {
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...(gzip ? { 'content-encoding': 'gzip' } : {}) });
    res.end(gzip ? gz : page);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/?loc=KDC01`, close: () => new Promise((r) => server.close(() => r())) };
}

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
      if (!req.url().startsWith(origin) && !req.url().startsWith('data:')) other++;
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    // Regular-3G-like: 300 ms round trip, 700 kbit/s down, 700 kbit/s up.
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 300,
      downloadThroughput: (700 * 1024) / 8,
      uploadThroughput: (700 * 1024) / 8,
    });
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

export interface PhotoFigures {
  originalBytes: number;
  uploadedBytes: number;
  reencodeMs: number;
}

/** A 4000×3000 camera JPEG (~4.5 MB, with EXIF GPS) chosen on the form at 4× CPU slowdown: bytes sent and time taken. */
export async function photoFigures(browser: Browser, url: string, photo: Buffer): Promise<PhotoFigures> {
  const context = await browser.newContext({ viewport: { width: 360, height: 640 } });
  const page = await context.newPage();
  await page.goto(url);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const t0 = Date.now();
  await page.locator('#photos').setInputFiles([{ name: 'IMG_4000x3000.jpg', mimeType: 'image/jpeg', buffer: photo }]);
  await page.getByText('Đã chọn 1/3 ảnh.').waitFor({ timeout: 120_000 });
  const reencodeMs = Date.now() - t0;
  const src = await page.locator('#photo-list img').first().getAttribute('src');
  const b64 = (src ?? '').replace(/^data:[^,]*,/, '');
  await context.close();
  return {
    originalBytes: photo.length,
    uploadedBytes: Math.floor((b64.length * 3) / 4) - (b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0),
    reencodeMs,
  };
}
