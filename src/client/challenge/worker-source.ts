/**
 * Where the solver's Worker starts from. In the page: the kernel script's own text (kernel-source.ts). A harness
 * built without the kernel script (the bench) may inline the worker bundle instead, with scripts/challenge-worker.ts
 * as `define: { __CHALLENGE_WORKER_JS__: JSON.stringify(source) }`. Without either (tests), this is undefined and the
 * page solves on its main thread.
 */
import { kernelSource } from '../kernel-source';

declare const __CHALLENGE_WORKER_JS__: string | undefined;

export function challengeWorkerSource(): string | undefined {
  return typeof __CHALLENGE_WORKER_JS__ === 'string' ? __CHALLENGE_WORKER_JS__ : kernelSource('challenge');
}
