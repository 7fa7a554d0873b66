/**
 * The solver inside a Web Worker, served by the page's kernel (kernel.ts) when the runner starts a Worker from a Blob
 * of the kernel script, so the page stays one self-contained HTML file. It must not import anything that touches the
 * DOM.
 *
 * Messages, page → worker: `SolveRequest`. Worker → page: `WorkerMessage` ('ready' as soon as the script runs, then
 * 'progress' about every `progressEveryMs`, then 'done' or 'error'). The page ends the worker with terminate().
 */
import { clock } from '../clock';
import { createSolver } from './solve';

export interface SolveRequest {
  type: 'solve';
  token: string;
  requestId: string;
  bits: number;
  /** Candidates to skip (continue another solver's work). */
  start?: number;
  progressEveryMs?: number;
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'progress'; tried: number }
  | { type: 'done'; nonce: string; tried: number }
  | { type: 'error'; message: string };

/** The part of a worker's global scope this file uses (also a fake in tests). */
export interface WorkerScopeLike {
  postMessage(message: WorkerMessage): void;
  onmessage: ((event: { data: unknown }) => void) | null;
}

const TRIES_PER_CHECK = 4096;

function isSolveRequest(d: unknown): d is SolveRequest {
  const r = d as SolveRequest;
  return !!r && r.type === 'solve' && typeof r.token === 'string' && typeof r.requestId === 'string' && typeof r.bits === 'number';
}

/** Answers solve requests on `scope`; each request runs to completion (the page terminates the worker to cancel). */
export function serveChallengeWorker(scope: WorkerScopeLike): void {
  scope.onmessage = (event) => {
    const req = event.data;
    if (!isSolveRequest(req)) return;
    try {
      const solver = createSolver(req, req.start || 0);
      const every = req.progressEveryMs || 100;
      let next = clock() + every;
      for (;;) {
        const nonce = solver.step(TRIES_PER_CHECK);
        if (nonce !== null) {
          scope.postMessage({ type: 'done', nonce, tried: solver.tried });
          return;
        }
        const t = clock();
        if (t >= next) {
          scope.postMessage({ type: 'progress', tried: solver.tried });
          next = t + every;
        }
      }
    } catch (e) {
      scope.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  };
  scope.postMessage({ type: 'ready' });
}
