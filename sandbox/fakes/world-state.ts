/**
 * The shared state of the fake Google account that every fake service reads and writes: the clock, the count of
 * service calls (with the fault hook tests use to interleave executions or inject failures) and the logs. It depends
 * on none of the services; world.ts puts them together on top of it.
 */

export interface ExecutionInfo {
  id: number;
  /** Session.getActiveUser().getEmail(): '' for an anonymous web-app visitor. */
  user: string;
  /** Present when the project's trigger runs this execution. */
  triggerUid?: string;
  /**
   * Session.getEffectiveUser(): who the script acts as. The owner (the web app executes as the deployer, triggers as
   * their creator) unless someone runs the project as themselves (the script editor, their own deployment).
   */
  effectiveUser?: string;
  wrappers: WeakMap<object, object>;
}

export type FaultHook = (call: string, exec: ExecutionInfo) => void;

export interface WorldOptions {
  /** Fixed or moving clock; defaults to the real one. */
  now?: () => number;
  /** Daily email recipients; 100 on a consumer account. */
  emailQuota?: number;
  /** The web app URL ScriptApp.getService().getUrl() returns. */
  serviceUrl?: string;
  /** Built .html files by name (without extension), for HtmlService.createHtmlOutputFromFile. */
  htmlFiles?: Record<string, string>;
}

export class CallCounter {
  readonly counts = new Map<string, number>();
  add(name: string): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }
  total(): number {
    let n = 0;
    for (const v of this.counts.values()) n += v;
    return n;
  }
  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort());
  }
  reset(): void {
    this.counts.clear();
  }
}

export class WorldState {
  readonly calls = new CallCounter();
  /** Cells read (getValues, getDisplayValues) and written (setValues) so far: the time model weighs big reads. */
  cells = 0;
  readonly htmlFiles: Record<string, string>;
  /** Everything the script logged, across executions. */
  readonly logs: { level: string; message: string; exec: number }[] = [];
  /** Called before every service call; may throw to inject a fault, or run other executions to interleave. */
  faultHook: FaultHook | null = null;
  private clock: () => number;

  constructor(opts: WorldOptions = {}) {
    this.clock = opts.now ?? (() => Date.now());
    this.htmlFiles = opts.htmlFiles ?? {};
  }

  now(): number {
    return this.clock();
  }

  setClock(now: () => number): void {
    this.clock = now;
  }

  /** Counts a service call and gives the fault hook its chance. */
  touch(call: string, exec: ExecutionInfo): void {
    this.calls.add(call);
    if (this.faultHook) this.faultHook(call, exec);
  }
}
