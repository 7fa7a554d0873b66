/**
 * Bundles the page's kernel (src/client/kernel.ts: the puzzle solver's Worker) into one script string, for harnesses
 * that start the solver's Worker without the page's kernel script: the bench's solving figures and the tests. The
 * page itself starts its Workers from the kernel script it carries (scripts/build-client.ts, kernel-source.ts).
 *
 * The define replaces the identifier `__CHALLENGE_WORKER_JS__` in src/client/challenge/worker-source.ts with the
 * bundle as a string literal; the harness then calls
 * `solveChallenge(challenge, { workerSource: challengeWorkerSource(), onProgress })` (runner.ts).
 *
 *   npx tsx scripts/challenge-worker.ts     prints the worker bundle's size
 */
import { build } from 'esbuild';
import * as path from 'path';

const ROOT = typeof __dirname === 'string' ? path.resolve(__dirname, '..') : process.cwd();

/** The identifier worker-source.ts reads; keep both in step. */
export const CHALLENGE_WORKER_GLOBAL = '__CHALLENGE_WORKER_JS__';

/** The worker as one self-contained classic script (IIFE, ES2017 like the page, minified): the page's kernel, which serves the solver when started without a role. */
export async function buildChallengeWorker(): Promise<string> {
  const out = await build({
    entryPoints: [path.join(ROOT, 'src', 'client', 'kernel.ts')],
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
