/**
 * Bundles the puzzle solver's Web Worker (src/client/challenge/worker.ts) into one script string, so the page can
 * carry it inline and start it from a Blob URL (HtmlService serves a single HTML file; there is no URL to load a
 * worker script from).
 *
 * Wiring into scripts/build-client.ts (two lines):
 *
 *   import { challengeWorkerDefine } from './challenge-worker';
 *   ...
 *   const bundled = await build({ ...the options it has now..., define: await challengeWorkerDefine() });
 *
 * The define replaces the identifier `__CHALLENGE_WORKER_JS__` in src/client/challenge/worker-source.ts with the
 * worker bundle as a string literal; the page then calls
 * `solveChallenge(challenge, { workerSource: challengeWorkerSource(), onProgress })` (runner.ts). The string is
 * inside the page bundle, so escapeInlineScript() and the "<?" check of build-client.ts cover it too.
 *
 *   npx tsx scripts/challenge-worker.ts     prints the worker bundle's size
 */
import { build } from 'esbuild';
import * as path from 'path';

const ROOT = typeof __dirname === 'string' ? path.resolve(__dirname, '..') : process.cwd();

/** The identifier worker-source.ts reads; keep both in step. */
export const CHALLENGE_WORKER_GLOBAL = '__CHALLENGE_WORKER_JS__';

/** The worker as one self-contained classic script (IIFE, ES2017 like the page, minified). */
export async function buildChallengeWorker(): Promise<string> {
  const out = await build({
    entryPoints: [path.join(ROOT, 'src', 'client', 'challenge', 'worker.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2017',
    charset: 'utf8',
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  return out.outputFiles[0].text.trim();
}

/** esbuild `define` entries that inline the worker into a bundle that imports worker-source.ts. */
export async function challengeWorkerDefine(): Promise<Record<string, string>> {
  return { [CHALLENGE_WORKER_GLOBAL]: JSON.stringify(await buildChallengeWorker()) };
}

if (/challenge-worker\.[cm]?[jt]s$/.test(process.argv[1] || '')) {
  buildChallengeWorker().then(
    (js) => console.log(`challenge worker: ${Buffer.byteLength(js)} bytes`),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
