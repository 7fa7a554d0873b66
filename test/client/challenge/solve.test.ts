import fc from 'fast-check';
import { createHash } from 'node:crypto';
import vm from 'node:vm';
import { createSolver, isSolution, solveSync } from '../../../src/client/challenge/solve';
import { checkSolution, solveChallenge, type SolveProgress } from '../../../src/client/challenge/runner';
import { serveChallengeWorker, type WorkerMessage, type WorkerScopeLike } from '../../../src/client/challenge/worker';
import { challengeWorkerSource } from '../../../src/client/challenge/worker-source';
import { issueChallenge, pureChallengeCrypto, verifyChallenge } from '../../../src/core/intake/challenge';
import { build } from 'esbuild';
import path from 'node:path';
import { buildChallengeWorker, challengeWorkerDefine } from '../../../scripts/challenge-worker';

const RID = '3f1c2a9e-7b44-4c1d-9a0e-5d2b8c7f6a10';
const TOKEN = 'h1.1748746800000.14.p.AAAAAAAAAAAAAAAA.' + 'B'.repeat(43);

function zeroBits(text: string): number {
  const d = createHash('sha256').update(text, 'utf8').digest();
  let n = 0;
  for (const b of d) {
    if (b === 0) {
      n += 8;
      continue;
    }
    return n + Math.clz32(b) - 24;
  }
  return n;
}

describe('solver', () => {
  test('every prefix length (one block or two) gives a nonce that node:crypto confirms', () => {
    for (let len = 0; len <= 160; len++) {
      const input = { token: 't'.repeat(len), requestId: RID, bits: 8 };
      const { nonce } = solveSync(input);
      expect(nonce).toMatch(/^[0-9a-z]{8,24}$/);
      expect(zeroBits(`${input.token}:${RID}:${nonce}`)).toBeGreaterThanOrEqual(8);
    }
  });

  test('property: any token and requestId text, bits 0..12', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 120 }),
        fc.string({ maxLength: 70 }),
        fc.integer({ min: 0, max: 12 }),
        (token, requestId, bits) => {
          const { nonce } = solveSync({ token, requestId, bits });
          expect(zeroBits(`${token}:${requestId}:${nonce}`)).toBeGreaterThanOrEqual(bits);
          expect(checkSolution({ token, requestId, bits }, nonce)).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });

  test('finds the first solution in counter order; start continues where another solver stopped', () => {
    const input = { token: TOKEN, requestId: RID, bits: 10 };
    const first = solveSync(input);
    const again = createSolver(input, first.tried - 1);
    expect(again.step(1)).toBe(first.nonce);
    expect(again.tried).toBe(1);
    const before = createSolver(input, 0);
    expect(before.step(first.tried - 1)).toBeNull();
    expect(before.step(1)).toBe(first.nonce);
  });

  test("a Worker's answer is checked with the solver: what node:crypto confirms, in the solver's own form", () => {
    for (let len = 0; len <= 100; len += 7) {
      const input = { token: 't'.repeat(len), requestId: RID, bits: 6 };
      const { nonce } = solveSync(input);
      expect(isSolution(input, nonce)).toBe(true);
      // Every other counter value in the same form: accepted exactly when the hash has the zero bits.
      const width = nonce.length;
      for (let n = 0; n < 200; n++) {
        const other = n.toString(36).padStart(width, '0');
        expect(isSolution(input, other)).toBe(zeroBits(`${input.token}:${RID}:${other}`) >= 6);
      }
      // Not the solver's form, though with 0 bits any hash would do: another width, upper case, a non-zero fill.
      const any = { ...input, bits: 0 };
      expect(isSolution(any, nonce)).toBe(true);
      expect(isSolution(any, '0' + nonce)).toBe(false);
      expect(isSolution(any, nonce.slice(1))).toBe(false);
      expect(isSolution(any, nonce.slice(0, -1) + 'A')).toBe(false);
      if (width > 8) expect(isSolution(any, '1' + nonce.slice(1))).toBe(false);
      // The last counter value: accepted only if it is a solution (the solver cannot step past it).
      const last = '0'.repeat(width - 8) + 'zzzzzzzz';
      expect(isSolution(input, last)).toBe(zeroBits(`${input.token}:${RID}:${last}`) >= 6);
      expect(isSolution(input, '')).toBe(false);
    }
  });

  test('tries average 2^bits (geometric)', () => {
    let total = 0;
    const runs = 300;
    for (let i = 0; i < runs; i++) total += solveSync({ token: `${TOKEN}${i}`, requestId: RID, bits: 8 }).tried;
    expect(total / runs).toBeGreaterThan(256 * 0.8);
    expect(total / runs).toBeLessThan(256 * 1.25);
  });

  test('the server accepts what the solver finds', () => {
    const crypto = pureChallengeCrypto(() => Array.from({ length: 12 }, (_, i) => i * 19));
    const offer = issueChallenge('secret', { bits: 12, now: 1e12, refusal: true }, crypto);
    const { nonce } = solveSync({ ...offer, requestId: RID });
    expect(verifyChallenge({ token: offer.token, requestId: RID, nonce }, { secret: 'secret', now: 1e12, wantedBits: 12, crypto }).ok).toBe(
      true,
    );
  });
});

type Listener = ((e: { data: unknown }) => void) | null;

/** A Worker stand-in whose "thread" is serveChallengeWorker in this process, with asynchronous delivery. */
function fakeWorkerClass(behaviour: 'real' | 'silent' | 'throws' | 'wrong' | 'dies') {
  return class FakeWorker {
    static created = 0;
    onmessage: Listener = null;
    onerror: ((e: { preventDefault(): void }) => void) | null = null;
    terminated = false;
    private scope: WorkerScopeLike;
    constructor(url: string) {
      if (behaviour === 'throws') throw new Error('SecurityError: blob: workers are not allowed');
      expect(url).toMatch(/^blob:/);
      FakeWorker.created++;
      this.scope = {
        onmessage: null,
        postMessage: (m: WorkerMessage) => {
          setTimeout(() => {
            if (this.terminated) return;
            if (behaviour === 'wrong' && m.type === 'done') m = { ...m, nonce: 'zzzzzzzz' };
            if (behaviour === 'dies' && m.type === 'done') {
              this.onerror?.({ preventDefault: () => undefined });
              return;
            }
            this.onmessage?.({ data: m });
          }, 0);
        },
      };
      if (behaviour !== 'silent') serveChallengeWorker(this.scope);
    }
    postMessage(m: unknown) {
      if (behaviour === 'silent') return;
      setTimeout(() => !this.terminated && this.scope.onmessage?.({ data: m }), 0);
    }
    terminate() {
      this.terminated = true;
    }
  };
}

describe('solveChallenge (page runner)', () => {
  const input = { token: TOKEN, requestId: RID, bits: 12 };
  const g = globalThis as unknown as { Worker?: unknown };
  afterEach(() => {
    delete g.Worker;
  });

  test('without a worker source it solves on the main thread, reporting progress', async () => {
    const progress: SolveProgress[] = [];
    const r = await solveChallenge({ ...input, bits: 16 }, { progressEveryMs: 1, sliceMs: 2, onProgress: (p) => progress.push(p) }).promise;
    expect(r?.where).toBe('main');
    expect(checkSolution({ ...input, bits: 16 }, r!.nonce)).toBe(true);
    expect(r!.nonce).toBe(solveSync({ ...input, bits: 16 }).nonce);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0]).toMatchObject({ expected: 65536, where: 'main' });
  });

  test('cancel stops it and resolves null', async () => {
    let calls = 0;
    const h = solveChallenge({ ...input, bits: 30 }, { sliceMs: 2, progressEveryMs: 1, onProgress: () => ++calls === 3 && h.cancel() });
    expect(await h.promise).toBeNull();
    expect(calls).toBe(3);
  });

  test('uses a Worker from a Blob URL when there is one', async () => {
    const W = fakeWorkerClass('real');
    g.Worker = W;
    const r = await solveChallenge(input, { workerSource: 'self.onmessage = null' }).promise;
    expect(r?.where).toBe('worker');
    expect(r!.nonce).toBe(solveSync(input).nonce);
    expect(W.created).toBe(1);
  });

  test.each(['silent', 'throws', 'wrong', 'dies'] as const)('falls back to the main thread when the Worker is %s', async (b) => {
    g.Worker = fakeWorkerClass(b);
    const r = await solveChallenge(input, { workerSource: `/* ${b} */`, workerStartMs: 30 }).promise;
    expect(r?.where).toBe('main');
    expect(checkSolution(input, r!.nonce)).toBe(true);
  });

  test('the worker source is undefined unless the build defines it', () => {
    expect(challengeWorkerSource()).toBeUndefined();
  });
});

describe('worker bundle', () => {
  test('runs alone with only what a Worker has, and answers ready, then done', async () => {
    const js = await buildChallengeWorker();
    expect(js).not.toMatch(/\brequire\(|\bdocument\.|\bwindow\./);
    const posted: WorkerMessage[] = [];
    const self: { onmessage: Listener; postMessage(m: WorkerMessage): void; importScripts(): void } = {
      onmessage: null,
      postMessage: (m) => posted.push(m),
      importScripts: () => undefined,
    };
    const context = vm.createContext({ self, importScripts: self.importScripts, performance: { now: () => Date.now() } });
    vm.runInContext(js, context);
    expect(posted).toEqual([{ type: 'ready' }]);
    self.onmessage!({ data: { type: 'solve', ...input(), progressEveryMs: 1 } });
    const done = posted[posted.length - 1];
    expect(done.type).toBe('done');
    expect(done.type === 'done' && checkSolution(input(), done.nonce)).toBe(true);
    function input() {
      return { token: TOKEN, requestId: RID, bits: 14 };
    }
  });

  test('the build define inlines the worker bundle where worker-source.ts reads it', async () => {
    const out = await build({
      stdin: {
        contents:
          "import { challengeWorkerSource } from './src/client/challenge/worker-source'; globalThis.found = challengeWorkerSource();",
        resolveDir: path.resolve(__dirname, '../../..'),
        loader: 'ts',
      },
      bundle: true,
      minify: true,
      format: 'iife',
      target: 'es2017',
      write: false,
      define: await challengeWorkerDefine(),
    });
    const context = vm.createContext({});
    vm.runInContext(out.outputFiles[0].text, context);
    expect(context.found).toBe(await buildChallengeWorker());
  });
});
