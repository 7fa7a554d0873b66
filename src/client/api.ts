/**
 * A typed promise wrapper around `google.script.run`, so every call from a page to the server is checked at compile
 * time against the server's surface for that page: `PublicApi` for the resident's page, `AdminApi` for the admin page.
 * In the local preview a dev shim provides the same `google.script.run` object.
 */
import type { FeedbackPayload, PublicApi } from '../shared/types';

/** A server surface: an interface of function signatures. */
type Surface<Api> = { [K in keyof Api]: (...args: never[]) => unknown };

/** The slice of `google.script.run` a page uses: the two handlers, then one server function. */
type ScriptRun<Api extends Surface<Api>> = {
  withSuccessHandler(fn: (value: unknown) => void): ScriptRun<Api>;
  withFailureHandler(fn: (error: unknown) => void): ScriptRun<Api>;
} & { [K in keyof Api]: (...args: Parameters<Api[K]>) => void };

/** Each server function, as a promise of what it returns. */
export type AsyncApi<Api extends Surface<Api> = PublicApi> = {
  [K in keyof Api]: (...args: Parameters<Api[K]>) => Promise<ReturnType<Api[K]>>;
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

function scriptRun<Api extends Surface<Api>>(): ScriptRun<Api> | undefined {
  const g = (window as unknown as { google?: { script?: { run?: ScriptRun<Api> } } }).google;
  return g && g.script ? g.script.run : undefined;
}

/**
 * Calls one server function. A call that has not answered after `timeoutMs` is rejected, so a resident on a
 * dead connection is not left waiting; a late answer is ignored (a retry reuses the same requestId, so the
 * server gives back the same tracking code).
 */
export function callServer<Api extends Surface<Api>, K extends keyof Api & string>(
  name: K,
  args: Parameters<Api[K]>,
  timeoutMs: number,
): Promise<ReturnType<Api[K]>> {
  return new Promise((resolve, reject) => {
    const run = scriptRun<Api>();
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
        .withSuccessHandler((value) => done(() => resolve(value as ReturnType<Api[K]>)))
        .withFailureHandler((error) => done(() => reject(new ServerCallError(error instanceof Error ? error.message : String(error)))));
      (runner[name] as (...a: Parameters<Api[K]>) => void)(...args);
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
    submitFeedback: (payload) => callServer<PublicApi, 'submitFeedback'>('submitFeedback', [payload], timeouts.submit(payload)),
    lookupFeedback: (code) => callServer<PublicApi, 'lookupFeedback'>('lookupFeedback', [code], timeouts.lookup),
  };
}

/** The page's calls to the server. */
export const api = createApi({
  // Photos can make a send about 1 MB: allow for a slow 3G upload (~64 kbit/s) before calling it failed.
  submit: (payload) => 60000 + JSON.stringify(payload).length / 8,
  lookup: 30000,
});
