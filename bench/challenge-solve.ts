/**
 * How long the page takes to solve the bot-cost puzzle, in Debian's headless Chromium at a 4× CPU slowdown (a
 * low-end phone): on the main thread and in a Web Worker, at normal and flood difficulty, median and p95 over
 * SOLVES solves each (default 15). It also measures the raw hash rate with and without the slowdown on both threads,
 * to show whether Emulation.setCPUThrottlingRate reaches a Worker.
 *
 * The page bundle is built exactly as the form's would be with the worker wired in (scripts/challenge-worker.ts),
 * so this also proves the Blob-URL Worker starts from the inlined source. `npm run bench` uses
 * `measureChallengeSolving` for its rows at 14 and 21 bits.
 *
 *   npx tsx bench/challenge-solve.ts       SOLVES=30 BITS=14,20,22 ROUNDS=5 SLICE_MS=16 to change
 */
import { build } from 'esbuild';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { challengeWorkerDefine } from '../scripts/challenge-worker';
import { DEFAULT_DIFFICULTY, base64Url, expectedHashes } from '../src/core/intake/challenge';

const ROOT = path.resolve(__dirname, '..');
const SOLVES = Number(process.env.SOLVES || 15);
const THROTTLE = 4;
/** The runner's main-thread slice (ms); the page's default when unset. */
/** Rate measurements per configuration (median kept). */
const ROUNDS = Number(process.env.ROUNDS || 3);
/** Difficulties to time, normal first. */
const BITS = (process.env.BITS || `${DEFAULT_DIFFICULTY.minBits},18,${DEFAULT_DIFFICULTY.maxBits}`).split(',').map(Number);
const SLICE_MS = process.env.SLICE_MS ? Number(process.env.SLICE_MS) : undefined;
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The page side: the runner the form uses, plus a heartbeat that measures how long the main thread stalls. */
const HARNESS = `
import { solveChallenge } from './src/client/challenge/runner';
import { createSolver } from './src/client/challenge/solve';
import { challengeWorkerSource } from './src/client/challenge/worker-source';

let lastBeat = performance.now();
let worstGap = 0;
setInterval(() => {
  const t = performance.now();
  worstGap = Math.max(worstGap, t - lastBeat);
  lastBeat = t;
}, 5);

/** Hashes per second in one blocking task (no yields), to separate the runner's slicing from the throttle. */
function raw(input, ms) {
  const solver = createSolver(input);
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < ms) {
    solver.step(4096);
    t = performance.now();
  }
  return solver.tried / ((t - t0) / 1000);
}

function run(input, where, stopAfterMs, sliceMs) {
  const source = challengeWorkerSource();
  if (where === 'worker' && !source) throw new Error('worker source was not inlined');
  let last = null;
  lastBeat = performance.now();
  worstGap = 0;
  const h = solveChallenge(input, {
    workerSource: where === 'worker' ? source : undefined,
    progressEveryMs: 50,
    sliceMs,
    onProgress: (p) => {
      last = p;
      if (stopAfterMs && p.elapsedMs >= stopAfterMs) h.cancel();
    },
  });
  return h.promise.then((r) => ({ result: r, last, worstGapMs: worstGap }));
}
/** The longest heartbeat gap while idle for \`ms\` (the throttle alone delays timers). */
function idle(ms) {
  lastBeat = performance.now();
  worstGap = 0;
  return new Promise((r) => setTimeout(() => r(worstGap), ms));
}
window.__bench = { run, raw, idle };
`;

async function harnessHtml(): Promise<string> {
  const out = await build({
    stdin: { contents: HARNESS, resolveDir: ROOT, loader: 'ts', sourcefile: 'harness.ts' },
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2017',
    write: false,
    logLevel: 'silent',
    define: await challengeWorkerDefine(),
  });
  return `<!doctype html><meta charset="utf-8"><title>bench</title><script>${out.outputFiles[0].text}</script>`;
}

function fakeToken(bits: number): string {
  return `h1.${Date.now()}.${bits}.p.${base64Url(randomBytes(12))}.${base64Url(randomBytes(32))}`;
}

interface RunOut {
  result: { nonce: string; tried: number; elapsedMs: number; where: string } | null;
  last: { tried: number; elapsedMs: number; where: string } | null;
  worstGapMs: number;
}

async function run(page: Page, bits: number, where: 'main' | 'worker', stopAfterMs = 0): Promise<RunOut> {
  const input = { token: fakeToken(bits), requestId: randomUUID(), bits };
  const args = [JSON.stringify(input), JSON.stringify(where), stopAfterMs, SLICE_MS ?? 'undefined'].join(', ');
  return (await page.evaluate(`window.__bench.run(${args})`)) as RunOut;
}

async function rawRate(page: Page): Promise<number> {
  const input = { token: fakeToken(32), requestId: randomUUID(), bits: 32 };
  return (await page.evaluate(`window.__bench.raw(${JSON.stringify(input)}, 2000)`)) as number;
}

/** Hashes per second over ~2 s of unsolvable work (32 bits). */
async function hashRate(page: Page, where: 'main' | 'worker'): Promise<{ rate: number; where: string; worstGapMs: number }> {
  const r = await run(page, 32, where, 2000);
  if (!r.last) throw new Error('no progress reported');
  return { rate: r.last.tried / (r.last.elapsedMs / 1000), where: r.last.where, worstGapMs: r.worstGapMs };
}

function quantile(sorted: number[], q: number): number {
  // Nearest rank: with 15 solves, p95 is the largest.
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

const median = (values: number[]) =>
  quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );

/**
 * Asks Chromium to throttle a Worker target itself (as DevTools would have to): attaches to a fresh Worker through
 * the page's CDP session and sends Emulation.setCPUThrottlingRate to it. Returns Chromium's answer.
 */
async function probeWorkerThrottle(page: Page, cdp: CDPSession): Promise<string> {
  const url = (await page.evaluate(`URL.createObjectURL(new Blob(['onmessage = function () {}'], { type: 'text/javascript' }))`)) as string;
  const attached = new Promise<string>((resolve) =>
    cdp.on('Target.attachedToTarget', (e) => {
      if (e.targetInfo.type === 'worker' && e.targetInfo.url === url) resolve(e.sessionId);
    }),
  );
  const answer = new Promise<string>((resolve) =>
    cdp.on('Target.receivedMessageFromTarget', (e) => {
      const m = JSON.parse(e.message) as { id?: number; error?: { message: string } };
      if (m.id === 1) resolve(m.error ? `refused: ${m.error.message}` : 'accepted');
    }),
  );
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  await page.evaluate(`window.__probe = new Worker(${JSON.stringify(url)})`);
  const sessionId = await withTimeout(attached, 10000, 'the probe Worker was never attached');
  const message = JSON.stringify({ id: 1, method: 'Emulation.setCPUThrottlingRate', params: { rate: THROTTLE } });
  await cdp.send('Target.sendMessageToTarget', { sessionId, message });
  const result = await withTimeout(answer, 10000, 'the Worker target did not answer');
  await page.evaluate('window.__probe.terminate()');
  await cdp.send('Target.setAutoAttach', { autoAttach: false, waitForDebuggerOnStart: false });
  return result;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => (timer = setTimeout(() => reject(new Error(what)), ms)));
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);

export interface SolveTimes {
  bits: number;
  where: 'main' | 'worker';
  medianMs: number;
  p95Ms: number;
  meanTries: number;
  /** 2^bits / the measured hash rate at the slowdown: the mean the rate predicts. */
  modelMeanMs: number;
  /** Main thread only: the longest the page's timers were held up while solving. */
  worstStallMs: number;
}

export interface ChallengeSolveFigures {
  chromium: string;
  throttle: number;
  solves: number;
  /** Hashes per second: `${where}@${throttle}`, `blocking@…`, and timer gaps `idleGap@…`, `mainGap@…`. */
  rates: Record<string, number>;
  mainSlowdown: number;
  workerSlowdown: number;
  /** Whether the slowdown measured in the Worker is near the one asked for. */
  throttleReachesWorker: boolean;
  /** Chromium's answer when the throttle is sent to a Worker target itself. */
  workerThrottle: string;
  times: SolveTimes[];
}

/**
 * Measures the page's solver in `browser` at a 4× CPU slowdown: hash rates (to see whether the throttle reaches a
 * Worker), then `solves` solves per difficulty in `bits`, on the main thread and in a Worker.
 */
export async function measureChallengeSolving(
  browser: Browser,
  opts: { solves: number; bits: number[]; rounds?: number; log?: (line: string) => void },
): Promise<ChallengeSolveFigures> {
  const log = opts.log ?? (() => undefined);
  const rounds = opts.rounds ?? ROUNDS;
  const html = await harnessHtml();
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const context = await browser.newContext({ viewport: { width: 360, height: 640 } });
  try {
    const page = await context.newPage();
    await page.goto(url);
    const cdp = await context.newCDPSession(page);

    // Rates are taken `rounds` times each, round-robin, and the median kept: the machine may be shared.
    const samples: Record<string, number[]> = {};
    const push = (key: string, v: number) => (samples[key] = samples[key] || []).push(v);
    for (let round = 0; round < rounds; round++) {
      for (const throttle of [1, THROTTLE]) {
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
        push(`idleGap@${throttle}`, (await page.evaluate('window.__bench.idle(1000)')) as number);
        push(`blocking@${throttle}`, await rawRate(page));
        for (const where of ['main', 'worker'] as const) {
          const r = await hashRate(page, where);
          if (r.where !== where) throw new Error(`asked for ${where}, ran on ${r.where}`);
          push(`${where}@${throttle}`, r.rate);
          if (where === 'main') push(`mainGap@${throttle}`, r.worstGapMs);
        }
      }
    }
    const rates: Record<string, number> = {};
    for (const [key, values] of Object.entries(samples)) rates[key] = median(values);
    for (const throttle of [1, THROTTLE]) {
      log(
        `CPU ${throttle}×: hashes/s (median of ${rounds}) one blocking task ${(rates[`blocking@${throttle}`] / 1e6).toFixed(2)} M, ` +
          `main thread (sliced) ${(rates[`main@${throttle}`] / 1e6).toFixed(2)} M, worker ${(rates[`worker@${throttle}`] / 1e6).toFixed(2)} M; ` +
          `longest timer gap idle ${Math.round(rates[`idleGap@${throttle}`])} ms, while solving on the main thread ${Math.round(rates[`mainGap@${throttle}`])} ms`,
      );
    }
    const mainSlowdown = rates['main@1'] / rates[`main@${THROTTLE}`];
    const workerSlowdown = rates['worker@1'] / rates[`worker@${THROTTLE}`];
    const throttleReachesWorker = workerSlowdown > THROTTLE * 0.6;
    log(
      `slowdown at ${THROTTLE}×: main ${mainSlowdown.toFixed(2)}×, worker ${workerSlowdown.toFixed(2)}× → ` +
        (throttleReachesWorker ? 'the throttle reaches the Worker' : 'the throttle does NOT reach the Worker'),
    );
    const workerThrottle = await probeWorkerThrottle(page, cdp);
    log(`Emulation.setCPUThrottlingRate sent to the Worker target itself: ${workerThrottle}`);

    await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
    const times: SolveTimes[] = [];
    for (const bits of opts.bits) {
      for (const where of ['main', 'worker'] as const) {
        const ms: number[] = [];
        let tries = 0;
        let worstGap = 0;
        for (let i = 0; i < opts.solves; i++) {
          const r = await run(page, bits, where);
          if (!r.result || r.result.where !== where) throw new Error(`solve failed or ran on ${r.result?.where}`);
          ms.push(r.result.elapsedMs);
          tries += r.result.tried;
          worstGap = Math.max(worstGap, r.worstGapMs);
        }
        ms.sort((a, b) => a - b);
        const t: SolveTimes = {
          bits,
          where,
          medianMs: quantile(ms, 0.5),
          p95Ms: quantile(ms, 0.95),
          meanTries: tries / opts.solves,
          modelMeanMs: (expectedHashes(bits) / rates[`${where}@${THROTTLE}`]) * 1000,
          worstStallMs: where === 'main' ? worstGap : 0,
        };
        times.push(t);
        log(
          `${bits} bits, ${where.padEnd(6)} CPU ${THROTTLE}×: median ${fmt(t.medianMs)}, p95 ${fmt(t.p95Ms)}, ` +
            `mean tries ${Math.round(t.meanTries)} (2^${bits} = ${expectedHashes(bits)}), expected mean ${fmt(t.modelMeanMs)}` +
            (where === 'main' ? `, longest main-thread stall ${Math.round(worstGap)} ms` : ''),
        );
      }
    }
    return {
      chromium: browser.version(),
      throttle: THROTTLE,
      solves: opts.solves,
      rates,
      mainSlowdown,
      workerSlowdown,
      throttleReachesWorker,
      workerThrottle,
      times,
    };
  } finally {
    await context.close();
    await new Promise<void>((r) => server.close(() => r()));
  }
}

async function main(): Promise<void> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ARGS });
  try {
    console.log(`Chromium ${browser.version()}, ${SOLVES} solves per row`);
    const figures = await measureChallengeSolving(browser, { solves: SOLVES, bits: BITS, log: (l) => console.log(l) });
    console.log(JSON.stringify(figures));
  } finally {
    await browser.close();
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
  });
}
