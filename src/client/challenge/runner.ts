/**
 * Solves a challenge for the page without ever freezing it: in a Web Worker started from a Blob URL when the
 * browser allows it, otherwise on the main thread in short slices that yield to the browser between them, so typing
 * and scrolling stay smooth. Zalo's in-app browser and old Android WebViews may refuse Workers or Blob URLs, or start
 * a Worker that never answers: any of these falls back to the main thread, continuing from the Worker's last count.
 */
import { createSolver, isSolution } from '../kernel-api';
import { clock } from '../clock';
import { workerUrl } from '../kernel-source';
import type { ChallengeInput } from './solve';
import type { SolveRequest, WorkerMessage } from './worker';

export type SolveWhere = 'worker' | 'main';

export interface SolveProgress {
  tried: number;
  /** 2^bits: the average number of tries. */
  expected: number;
  elapsedMs: number;
  where: SolveWhere;
}

export interface SolveResult {
  nonce: string;
  tried: number;
  elapsedMs: number;
  where: SolveWhere;
}

export interface SolveOptions {
  /** Called about every `progressEveryMs` while solving (e.g. to show a progress line after a moment). */
  onProgress?: (p: SolveProgress) => void;
  /** The worker bundle's source (`challengeWorkerSource()`); without it the main thread solves. */
  workerSource?: string;
  /** Longest main-thread slice before yielding to the browser, in ms (default 8). */
  sliceMs?: number;
  /** How long a new Worker may take to say it runs before the main thread takes over, in ms (default 2000). */
  workerStartMs?: number;
  /** In ms (default 100). For these three numbers 0 also means the default, as in the Worker. */
  progressEveryMs?: number;
}

export interface SolveHandle {
  /** The solution, or null when cancelled. Never rejects. */
  promise: Promise<SolveResult | null>;
  /** Stops solving (terminates the Worker); the promise resolves to null. */
  cancel(): void;
}

/** Progress texts for the page (Vietnamese): show the first only if solving lasts more than a moment (~1 s). */
export const SOLVE_TEXTS = {
  working: 'Đang chuẩn bị gửi ý kiến, xin chờ trong giây lát…',
  busy: 'Hệ thống đang nhận nhiều ý kiến nên việc gửi cần thêm vài giây. Xin đừng đóng trang, ý kiến của bạn vẫn được giữ.',
} as const;

const TRIES_PER_CHECK = 256;

/** A macrotask yield that is not clamped like nested setTimeout(0) (MessageChannel where it exists). */
function makeYielder(): { next(fn: () => void): void; close(): void } {
  if (typeof MessageChannel === 'function') {
    try {
      const channel = new MessageChannel();
      let pending: (() => void) | null = null;
      channel.port1.onmessage = () => {
        const fn = pending;
        pending = null;
        if (fn) fn();
      };
      return {
        next(fn) {
          pending = fn;
          channel.port2.postMessage(0);
        },
        close() {
          channel.port1.onmessage = null;
          channel.port1.close();
        },
      };
    } catch {
      // fall through to timers
    }
  }
  return { next: (fn) => void setTimeout(fn, 0), close: () => undefined };
}

/** True when `nonce` solves the challenge (one hash; guards against a misbehaving Worker). */
export function checkSolution(input: ChallengeInput, nonce: string): boolean {
  return isSolution(input, nonce);
}

export function solveChallenge(input: ChallengeInput, options: SolveOptions = {}): SolveHandle {
  // `||`, not `??`: the page's script would carry `??` lowered for Chrome 70.
  const sliceMs = options.sliceMs || 8;
  const every = options.progressEveryMs || 100;
  const expected = Math.pow(2, input.bits);
  const started = clock();
  let done = false;
  let worker: Worker | null = null;
  let startTimer: ReturnType<typeof setTimeout> | undefined;
  let yielder: ReturnType<typeof makeYielder> | null = null;
  let resolve!: (r: SolveResult | null) => void;
  const promise = new Promise<SolveResult | null>((r) => (resolve = r));

  const stopWorker = () => {
    if (startTimer !== undefined) clearTimeout(startTimer);
    startTimer = undefined;
    if (worker) {
      worker.onmessage = null;
      worker.onerror = null;
      try {
        worker.terminate();
      } catch {
        // already gone
      }
      worker = null;
    }
  };

  const finish = (result: SolveResult | null) => {
    if (done) return;
    done = true;
    stopWorker();
    if (yielder) yielder.close();
    resolve(result);
  };

  const report = (tried: number, where: SolveWhere) => {
    if (!options.onProgress) return;
    try {
      options.onProgress({ tried, expected, elapsedMs: clock() - started, where });
    } catch {
      // a failing progress display must not stop the work
    }
  };

  const runMain = (start: number) => {
    if (done) return;
    stopWorker();
    const solver = createSolver(input, start);
    const y = (yielder = makeYielder());
    let nextReport = clock() + every;
    const slice = () => {
      if (done) return;
      const end = clock() + sliceMs;
      for (;;) {
        const nonce = solver.step(TRIES_PER_CHECK);
        if (nonce !== null) {
          finish({ nonce, tried: start + solver.tried, elapsedMs: clock() - started, where: 'main' });
          return;
        }
        const t = clock();
        if (t >= nextReport) {
          report(start + solver.tried, 'main');
          nextReport = t + every;
          if (done) return; // cancelled from the progress callback
        }
        if (t >= end) break;
      }
      y.next(slice);
    };
    y.next(slice);
  };

  const url = workerUrl(options.workerSource);
  if (!url) {
    runMain(0);
  } else {
    let tried = 0;
    try {
      const w = new Worker(url);
      worker = w;
      w.onmessage = (event: MessageEvent) => {
        const m = event.data as WorkerMessage;
        if (!m || worker !== w) return;
        if (m.type === 'ready') {
          if (startTimer !== undefined) clearTimeout(startTimer);
          startTimer = undefined;
        } else if (m.type === 'progress') {
          tried = m.tried;
          report(tried, 'worker');
        } else if (m.type === 'done' && typeof m.nonce === 'string' && checkSolution(input, m.nonce)) {
          finish({ nonce: m.nonce, tried: m.tried, elapsedMs: clock() - started, where: 'worker' });
        } else {
          runMain(tried);
        }
      };
      w.onerror = (event: ErrorEvent) => {
        if (event && event.preventDefault) event.preventDefault();
        runMain(tried);
      };
      startTimer = setTimeout(() => runMain(tried), options.workerStartMs || 2000);
      const req: SolveRequest = { type: 'solve', token: input.token, requestId: input.requestId, bits: input.bits, progressEveryMs: every };
      w.postMessage(req);
    } catch {
      runMain(0);
    }
  }

  return { promise, cancel: () => finish(null) };
}
