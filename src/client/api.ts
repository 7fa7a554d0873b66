/**
 * A typed promise wrapper around `google.script.run`, so every call from the page to the server
 * is checked against `PublicApi` (the server's public surface) at compile time.
 * In the local preview a dev shim provides the same `google.script.run` object.
 */
import type { FeedbackPayload, PublicApi } from '../shared/types';

type ApiName = keyof PublicApi;

/** The slice of `google.script.run` the page uses: the two handlers, then one server function. */
type ScriptRun = {
  withSuccessHandler(fn: (value: unknown) => void): ScriptRun;
  withFailureHandler(fn: (error: unknown) => void): ScriptRun;
} & { [K in ApiName]: (...args: Parameters<PublicApi[K]>) => void };

/** Each server function, as a promise of what it returns. */
export type AsyncApi = {
  [K in ApiName]: (...args: Parameters<PublicApi[K]>) => Promise<ReturnType<PublicApi[K]>>;
};

/** Thrown (as a rejection) when the server cannot be reached or fails; the page treats it as "try again". */
export class ServerCallError extends Error {
  constructor(
    message: string,
    readonly timedOut = false,
  ) {
    super(message);
  }
}

function scriptRun(): ScriptRun | undefined {
  const g = (window as unknown as { google?: { script?: { run?: ScriptRun } } }).google;
  return g && g.script ? g.script.run : undefined;
}

/**
 * Calls one server function. A call that has not answered after `timeoutMs` is rejected, so a resident on a
 * dead connection is not left waiting; a late answer is ignored (a retry reuses the same requestId, so the
 * server gives back the same tracking code).
 */
export function callServer<K extends ApiName>(
  name: K,
  args: Parameters<PublicApi[K]>,
  timeoutMs: number,
): Promise<ReturnType<PublicApi[K]>> {
  return new Promise((resolve, reject) => {
    const run = scriptRun();
    if (!run) {
      reject(new ServerCallError('google.script.run is not available'));
      return;
    }
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      reject(new ServerCallError('timeout', true));
    }, timeoutMs);
    const done = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    try {
      const runner = run
        .withSuccessHandler((value) => done(() => resolve(value as ReturnType<PublicApi[K]>)))
        .withFailureHandler((error) => done(() => reject(new ServerCallError(error instanceof Error ? error.message : String(error)))));
      (runner[name] as (...a: Parameters<PublicApi[K]>) => void)(...args);
    } catch (e) {
      done(() => reject(new ServerCallError(String(e))));
    }
  });
}

export interface Timeouts {
  /** Milliseconds to wait for a send, which may depend on its size. */
  submit(payload: FeedbackPayload): number;
  lookup: number;
}

/** The server's public functions as promises. */
export function createApi(timeouts: Timeouts): AsyncApi {
  return {
    submitFeedback: (payload) => callServer('submitFeedback', [payload], timeouts.submit(payload)),
    lookupFeedback: (code) => callServer('lookupFeedback', [code], timeouts.lookup),
  };
}

/** The page's calls to the server. */
export const api = createApi({
  // Photos can make a send about 1 MB: allow for a slow 3G upload (~64 kbit/s) before calling it failed.
  submit: (payload) => 60000 + JSON.stringify(payload).length / 8,
  lookup: 30000,
});
