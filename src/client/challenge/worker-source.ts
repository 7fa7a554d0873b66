/**
 * The worker bundle's source, inlined into the page by the build: scripts/challenge-worker.ts bundles worker.ts and
 * hands it to esbuild as `define: { __CHALLENGE_WORKER_JS__: JSON.stringify(source) }`. Without that define (tests,
 * a build that does not wire it), this is undefined and the page solves on its main thread.
 */
declare const __CHALLENGE_WORKER_JS__: string | undefined;

export function challengeWorkerSource(): string | undefined {
  return typeof __CHALLENGE_WORKER_JS__ === 'string' ? __CHALLENGE_WORKER_JS__ : undefined;
}
