/**
 * The bot-cost work of the form: the page solves the server's challenge for the current requestId as soon as both
 * exist, while the resident is still typing, so the work is hidden (in a Worker where the browser allows it, see
 * ../challenge/runner.ts). A send waits for the solution and shows progress only if that takes more than a moment.
 * The solution is kept with the draft: a retry of the same requestId sends the same nonce.
 */
import type { ChallengeOffer } from '../../shared/types';
import { solveChallenge, type SolveHandle, type SolveProgress } from '../challenge/runner';
import { challengeWorkerSource } from '../challenge/worker-source';
import { state, type WorkSolution } from '../store';

interface Job {
  token: string;
  requestId: string;
  handle: SolveHandle;
  progress: SolveProgress | null;
  done: Promise<WorkSolution | null>;
}

let job: Job | null = null;
let onProgress: ((p: SolveProgress) => void) | null = null;
/** Called when a solution is found (the draft saves it). */
let onSolved: () => void = () => undefined;

export function initWork(solved: () => void) {
  onSolved = solved;
}

/** The solution for the current request, when its work is done. */
export function currentSolution(): WorkSolution | null {
  const s = state.solution;
  return s && s.requestId === state.requestId ? s : null;
}

/** Starts solving the current challenge for the current request unless that is done or under way. Cheap to call often. */
export function prepareWork(): Job | null {
  const c = state.challenge;
  const requestId = state.requestId;
  if (!c || !requestId || currentSolution()) return null;
  if (job && job.token === c.token && job.requestId === requestId) return job;
  if (job) job.handle.cancel();
  const handle = solveChallenge(
    { token: c.token, requestId, bits: c.bits },
    {
      workerSource: challengeWorkerSource(),
      onProgress: (p) => {
        if (job !== j) return;
        j.progress = p;
        if (onProgress) onProgress(p);
      },
    },
  );
  const j: Job = {
    token: c.token,
    requestId,
    handle,
    progress: null,
    done: handle.promise.then((r) => {
      if (job === j) job = null;
      if (!r) return null;
      const s: WorkSolution = { requestId, token: c.token, nonce: r.nonce };
      // The resident may have moved on to a new request meanwhile: keep only what still fits.
      if (requestId === state.requestId) {
        state.solution = s;
        onSolved();
      }
      return s;
    }),
  };
  job = j;
  return j;
}

/**
 * The work for the current request, solving it first if needed; null when the page has no challenge (the server's
 * refusal then brings one). `progress` is called while the send waits (not while the resident types).
 */
export async function workForSend(progress: (p: SolveProgress) => void): Promise<WorkSolution | null> {
  for (;;) {
    const ready = currentSolution();
    if (ready) return ready;
    const j = prepareWork();
    if (!j) return null;
    onProgress = progress;
    if (j.progress) progress(j.progress);
    try {
      const s = await j.done;
      // A cancelled job (the request or challenge changed meanwhile) is started again for what is current.
      if (s && s.requestId === state.requestId) return s;
    } finally {
      onProgress = null;
    }
  }
}

/** A challenge from a refusal: the page solves it for the same requestId and sends again. */
export function takeChallenge(c: ChallengeOffer) {
  state.challenge = c;
  state.solution = null;
  prepareWork();
}

/**
 * The challenge for the next opinion, from an accepted send (its token is used up): kept for the next request,
 * solved from the resident's first edit. Without one, the next send is refused once and brings a fresh challenge.
 */
export function setNextChallenge(c: ChallengeOffer | null) {
  if (job) job.handle.cancel();
  job = null;
  state.challenge = c;
  state.solution = null;
}

/** A well-formed challenge from the server, or null. */
export function asChallenge(x: unknown): ChallengeOffer | null {
  const c = x as ChallengeOffer | null;
  return c && typeof c === 'object' && typeof c.token === 'string' && c.token !== '' && typeof c.bits === 'number' && c.bits >= 0
    ? { token: c.token, bits: c.bits }
    : null;
}
