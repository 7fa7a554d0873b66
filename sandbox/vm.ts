/**
 * Runs the exact files clasp would push in bare V8 contexts that hold only what Apps Script has:
 * ECMAScript built-ins, console, Logger and the fake services. One fresh context per execution, like Apps Script,
 * all sharing one GoogleWorld.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { GoogleWorld } from './fakes/world';
import { type WorldOptions } from './fakes/world-state';
import type { ExecutionInfo } from './fakes/world-state';
import { counted } from './fakes/counted';
import { fakeUser } from './fakes/sheet-rules';
import { FakeRange, PROTECTED_CELL_MESSAGE, type FakeSpreadsheet } from './fakes/spreadsheet';
import type { TriggerRecord } from './fakes/script';

export const ROOT = path.resolve(__dirname, '..');

/** Globals Node has and Apps Script does not. None of them may be reachable from the pushed code. */
export const MISSING_GLOBALS = [
  'require',
  'process',
  'Buffer',
  'TextEncoder',
  'TextDecoder',
  'URL',
  'URLSearchParams',
  'setTimeout',
  'setInterval',
  'fetch',
  'atob',
  'btoa',
  'structuredClone',
  'queueMicrotask',
  'module',
  'exports',
  'global',
  'window',
  'self',
] as const;

export interface PushedProject {
  /** Script files in push order. */
  scripts: { name: string; code: vm.Script; bytes: number }[];
  /** HTML files by name without extension. */
  html: Record<string, string>;
  manifest: Record<string, unknown>;
  files: string[];
}

let cachedList: string[] | null = null;

/** The files `clasp push` would send, as `clasp status --json` lists them (paths relative to the repo). */
export function pushedFileList(root = ROOT): string[] {
  const alt = process.env.BOX_BUILD_DIR;
  if (alt && root === ROOT) {
    // Same selection as .claspignore, from another build folder.
    const dir = path.resolve(alt);
    return readdirSync(dir)
      .filter((f) => f === 'appsscript.json' || f.endsWith('.js') || f.endsWith('.html'))
      .sort((a, b) => (a === 'appsscript.json' ? -1 : b === 'appsscript.json' ? 1 : a.localeCompare(b)))
      .map((f) => path.relative(root, path.join(dir, f)));
  }
  if (cachedList && root === ROOT) return cachedList;
  const bin = path.join(root, 'node_modules', '.bin', 'clasp');
  const out = execFileSync(bin, ['status', '--json'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const json = JSON.parse(out.slice(out.indexOf('{'))) as { filesToPush: string[] };
  if (root === ROOT) cachedList = json.filesToPush;
  return json.filesToPush;
}

export function loadPushedProject(files = pushedFileList(), root = ROOT): PushedProject {
  const project: PushedProject = { scripts: [], html: {}, manifest: {}, files };
  for (const rel of files) {
    const full = path.join(root, rel);
    if (!existsSync(full)) throw new Error(`clasp would push ${rel}, but it does not exist: run npm run build`);
    const text = readFileSync(full, 'utf8');
    const base = path.basename(rel);
    if (base === 'appsscript.json') project.manifest = JSON.parse(text);
    else if (base.endsWith('.html')) project.html[base.slice(0, -5)] = text;
    else if (base.endsWith('.js') || base.endsWith('.gs')) {
      project.scripts.push({ name: rel, code: new vm.Script(text, { filename: rel }), bytes: Buffer.byteLength(text) });
    } else throw new Error(`Unexpected pushed file ${rel}`);
  }
  if (project.scripts.length === 0) throw new Error('clasp would push no script file: run npm run build');
  return project;
}

export interface RunOptions {
  /** Active user's email; '' (default) is an anonymous web-app visitor. */
  user?: string;
  /** Run as the project's own installed trigger with this uid. */
  triggerUid?: string;
  /**
   * Who the script acts as. Defaults to the owner: the web apps execute as the deployer and triggers as their
   * creator. Someone who runs the project as themselves (the script editor, a deployment of their own) acts as
   * themselves: pass their email here too.
   */
  effectiveUser?: string;
}

/** Cells a person edits in the Sheet: a sheet of the box's spreadsheet (or of `spreadsheetId`) and a rectangle. */
export interface SheetEdit {
  sheet: string;
  row: number;
  column: number;
  numRows?: number;
  numColumns?: number;
  spreadsheetId?: string;
}

export interface ExecutionResult<T = unknown> {
  value: T;
  exec: ExecutionInfo;
  /** Service calls made during this execution, by `Type.method`. */
  calls: Record<string, number>;
  callCount: number;
  /** Cells read and written during this execution. */
  cells: number;
}

/** A bare context with the Apps Script globals of one execution. */
export function makeContext(world: GoogleWorld, exec: ExecutionInfo): vm.Context {
  const ctx = vm.createContext(world.globalsFor(exec), { name: `execution-${exec.id}` });
  // V8 contexts come with these; Apps Script does not offer them.
  vm.runInContext('delete globalThis.WebAssembly; delete globalThis.SharedArrayBuffer; delete globalThis.Atomics;', ctx);
  // The script's clock is the world's, so tests can move time (deadlines, retention, rate caps).
  const installClock = vm.runInContext(
    `(function (now) {
      var RealDate = Date;
      function ClockDate() {
        var args = Array.prototype.slice.call(arguments);
        if (!new.target) return new RealDate(now()).toString();
        return args.length ? new (Function.prototype.bind.apply(RealDate, [null].concat(args)))() : new RealDate(now());
      }
      ClockDate.prototype = RealDate.prototype;
      ClockDate.now = function () { return now(); };
      ClockDate.UTC = RealDate.UTC;
      ClockDate.parse = RealDate.parse;
      Object.defineProperty(RealDate.prototype, 'constructor', { value: ClockDate, writable: true, configurable: true });
      globalThis.Date = ClockDate;
    })`,
    ctx,
  ) as (now: () => number) => void;
  installClock(() => world.now());
  return ctx;
}

export class Sandbox {
  readonly world: GoogleWorld;
  readonly project: PushedProject;
  private execSeq = 0;
  /** Listeners run after each execution (the preview persists state here). */
  readonly afterExecution: ((r: ExecutionResult) => void)[] = [];

  constructor(opts: WorldOptions & { project?: PushedProject; world?: GoogleWorld } = {}) {
    this.project = opts.project ?? loadPushedProject();
    this.world = opts.world ?? new GoogleWorld({ ...opts, htmlFiles: { ...this.project.html, ...(opts.htmlFiles ?? {}) } });
  }

  /** Loads the pushed script into a fresh context and returns it, without calling anything. */
  load(exec: ExecutionInfo): vm.Context {
    const ctx = makeContext(this.world, exec);
    for (const s of this.project.scripts) s.code.runInContext(ctx);
    return ctx;
  }

  newExecution(opts: RunOptions = {}): ExecutionInfo {
    return {
      id: ++this.execSeq,
      user: opts.user ?? '',
      triggerUid: opts.triggerUid,
      effectiveUser: opts.effectiveUser,
      wrappers: new WeakMap(),
    };
  }

  /**
   * One execution: a fresh context, the pushed files run in order, then `fn` called with `args`.
   * Arguments cross into the context as JSON, as google.script.run serialises them.
   */
  run<T = unknown>(fn: string, args: unknown[] = [], opts: RunOptions = {}, onStart?: (exec: ExecutionInfo) => void): ExecutionResult<T> {
    const json = JSON.stringify(args, (_k, v) => (v === undefined ? null : v));
    return this.execute<T>(fn, opts, onStart, (ctx) => {
      ctx.__json = json;
      try {
        return vm.runInContext('JSON.parse(__json)', ctx) as unknown[];
      } finally {
        delete ctx.__json;
      }
    });
  }

  private execute<T>(
    fn: string,
    opts: RunOptions,
    onStart: ((exec: ExecutionInfo) => void) | undefined,
    argsIn: (ctx: vm.Context, exec: ExecutionInfo) => unknown[],
  ): ExecutionResult<T> {
    const exec = this.newExecution(opts);
    onStart?.(exec);
    const before = new Map(this.world.calls.counts);
    const cellsBefore = this.world.cells;
    const ctx = this.load(exec);
    const target = (ctx as Record<string, unknown>)[fn];
    if (typeof target !== 'function') throw new Error(`${fn} is not a top-level function of the pushed script`);
    let value: unknown;
    try {
      ctx.__args = argsIn(ctx, exec);
      value = vm.runInContext(`${fn}.apply(this, __args)`, ctx);
    } finally {
      delete ctx.__args;
      // Apps Script releases a script lock when the execution ends.
      this.world.script.releaseLockOf(exec);
    }
    const calls: Record<string, number> = {};
    let callCount = 0;
    for (const [k, v] of this.world.calls.counts) {
      const d = v - (before.get(k) ?? 0);
      if (d > 0) {
        calls[k] = d;
        callCount += d;
      }
    }
    const result: ExecutionResult<T> = { value: value as T, exec, calls, callCount, cells: this.world.cells - cellsBefore };
    for (const l of this.afterExecution) l(result);
    return result;
  }

  /**
   * A person typing into the Sheet, as Sheets handles it: refused (nothing written, nothing fired) when they may not
   * edit the spreadsheet or a protection covering the cells does not list them; otherwise `values` are written (as
   * typed; none: the cells were changed already) and the project's edit triggers of that spreadsheet fire, if the
   * person's edits fire them at all (see FakeScriptState.editFiresTriggers). Returns the trigger executions.
   */
  editSheet(user: string, edit: SheetEdit, values?: unknown[][]): ExecutionResult[] {
    const { ss, sheet, rect } = this.editTarget(edit);
    if (!ss.canBeEditedBy(user)) throw new Error(`${user || 'An anonymous visitor'} has no edit access to the spreadsheet.`);
    if (sheet.protectionsRefusing(user, rect).length) throw new Error(PROTECTED_CELL_MESSAGE);
    if (values) sheet.getRange(rect.r1, rect.c1, rect.r2 - rect.r1 + 1, rect.c2 - rect.c1 + 1).setValues(values);
    return this.world.script.editFiresTriggers(user) ? this.fireEdit(edit, user) : [];
  }

  /**
   * Fires every installable edit trigger of the spreadsheet (each account's, each as its creator) for an edit already
   * made (by `user`, the owner by default), with the event Apps Script passes: the real Range and Spreadsheet (as this execution's own service
   * objects), the triggerUid, and `value` for a single cell.
   */
  fireEdit(edit: SheetEdit, user = this.world.script.ownerEmail): ExecutionResult[] {
    const { ss, sheet, rect } = this.editTarget(edit);
    const triggers = this.world.script.triggers.filter((t) => t.eventType === 'ON_EDIT' && t.sourceId === ss.id);
    const results: ExecutionResult[] = [];
    let failure: { error: unknown } | null = null;
    for (const t of triggers) {
      // Each trigger is an execution of its own, as the account that created it: one failing stops none of the
      // others, and the first failure is thrown once all have run.
      try {
        results.push(this.runEditTrigger(t, ss, sheet, rect, user));
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
    return results;
  }

  private runEditTrigger(
    t: TriggerRecord,
    ss: FakeSpreadsheet,
    sheet: ReturnType<Sandbox['editTarget']>['sheet'],
    rect: ReturnType<Sandbox['editTarget']>['rect'],
    user: string,
  ): ExecutionResult {
    return this.execute(t.handler, { triggerUid: t.uid, effectiveUser: t.owner }, undefined, (ctx, exec) => {
      const range = new FakeRange(sheet, rect.r1, rect.c1, rect.r2 - rect.r1 + 1, rect.c2 - rect.c1 + 1);
      const event = vm.runInContext('({})', ctx) as Record<string, unknown>;
      event.authMode = 'FULL';
      event.triggerUid = t.uid;
      event.source = counted(this.world, exec, ss);
      event.range = counted(this.world, exec, range);
      event.user = counted(this.world, exec, fakeUser(user));
      if (rect.r1 === rect.r2 && rect.c1 === rect.c2) {
        const v = range.getValue();
        if (v !== '') event.value = String(v);
      }
      const args = vm.runInContext('[]', ctx) as unknown[];
      args.push(event);
      return args;
    });
  }

  private editTarget(edit: SheetEdit) {
    const ss: FakeSpreadsheet | undefined = edit.spreadsheetId ? this.world.sheets.get(edit.spreadsheetId) : this.world.boxSpreadsheet();
    if (!ss) throw new Error('No such spreadsheet: run setup first');
    const sheet = ss.getSheetByName(edit.sheet);
    if (!sheet) throw new Error(`No sheet ${edit.sheet}`);
    const rect = {
      r1: edit.row,
      c1: edit.column,
      r2: edit.row + (edit.numRows ?? 1) - 1,
      c2: edit.column + (edit.numColumns ?? 1) - 1,
    };
    return { ss, sheet, rect };
  }

  /** Runs an installed trigger by uid, as the account that created it, passing an event like Apps Script's. */
  fireTrigger(uid: string, event: Record<string, unknown> = {}): ExecutionResult {
    const t = this.world.script.triggers.find((r) => r.uid === uid);
    if (!t) throw new Error(`No trigger ${uid}`);
    return this.run(t.handler, [{ ...event, triggerUid: uid }], { triggerUid: uid, effectiveUser: t.owner });
  }

  /** Fires every installed trigger with this handler, whoever created it. */
  fireHandler(handler: string, event: Record<string, unknown> = {}): ExecutionResult[] {
    return this.world.script.triggers.filter((t) => t.handler === handler).map((t) => this.fireTrigger(t.uid, event));
  }

  /** The names of the top-level functions the pushed script defines. */
  topLevelFunctions(): string[] {
    const exec = this.newExecution();
    const globalsBefore = new Set(Object.getOwnPropertyNames(makeContext(this.world, exec)));
    const ctx = this.load(exec);
    return Object.getOwnPropertyNames(ctx).filter(
      (n) => !globalsBefore.has(n) && typeof (ctx as Record<string, unknown>)[n] === 'function' && !n.startsWith('__'),
    );
  }
}
