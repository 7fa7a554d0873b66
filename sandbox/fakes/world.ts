/**
 * The shared state behind every fake Apps Script service: one "Google account" that outlives executions.
 * Each execution of the built script gets its own globals (see globalsFor), like Apps Script does,
 * but all of them read and write this one world.
 */
import { FakeSpreadsheetStore } from './spreadsheet';
import { FakeGmailState } from './gmail';
import { FakeDrive } from './drive';
import { FakeDocs } from './docs';
import { FakeScriptState, type ExecutionInfo } from './script';
import { makeGlobals } from './globals';

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

export class GoogleWorld {
  readonly calls = new CallCounter();
  readonly sheets: FakeSpreadsheetStore;
  readonly gmail: FakeGmailState;
  readonly drive: FakeDrive;
  readonly docs: FakeDocs;
  readonly script: FakeScriptState;
  readonly htmlFiles: Record<string, string>;
  /** Everything the script logged, across executions. */
  readonly logs: { level: string; message: string; exec: number }[] = [];
  /** Called before every service call; may throw to inject a fault, or run other executions to interleave. */
  faultHook: FaultHook | null = null;
  private clock: () => number;

  constructor(opts: WorldOptions = {}) {
    this.clock = opts.now ?? (() => Date.now());
    this.sheets = new FakeSpreadsheetStore(this);
    this.gmail = new FakeGmailState(this, opts.emailQuota ?? 100);
    this.drive = new FakeDrive(this);
    this.docs = new FakeDocs(this);
    this.script = new FakeScriptState(this, opts.serviceUrl ?? '');
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

  /** The Apps Script globals one execution sees. */
  globalsFor(exec: ExecutionInfo): Record<string, unknown> {
    return makeGlobals(this, exec);
  }
}
