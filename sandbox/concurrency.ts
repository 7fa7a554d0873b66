/**
 * A concurrency and fault model for submitFeedback on the built script.
 *
 * Apps Script runs executions in parallel; here one thread runs them, so interleaving happens at service calls:
 * before any service call of a running execution, the model may start other whole executions right there (nested,
 * up to a depth). An execution that finds the script lock held cannot wait for it here, so its wait times out —
 * the same outcome as a real lock timeout. Faults are thrown from the same hook: a Sheets call failing, Gmail
 * failing, the daily email quota running out midway, and executions killed outright (after a kill every further
 * service call of that execution fails too, so nothing it does afterwards can reach Google, like a terminated run).
 * Clients retry the same requestId after any failure, as the page does.
 */
import type { Sandbox } from './vm';
import type { ExecutionInfo } from './fakes/world-state';
import { payload } from './box';

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface ChaosOptions {
  submissions: number;
  seed: number;
  /** Chance, at each service call, of starting another execution right there. */
  interleave?: number;
  /** Chance of a Sheets write failing, per appendRow/setValue. */
  sheetFault?: number;
  /** Chance of Gmail throwing, per send. */
  gmailFault?: number;
  /** Chance of the execution being killed at a service call after its row is written. */
  killAfterRow?: number;
  /** Chance of the execution being killed at any service call. */
  killAnywhere?: number;
  /** The submission index at which the daily email quota runs out. */
  quotaOutAt?: number;
  maxAttempts?: number;
  maxDepth?: number;
  /** Chance that the page retries the same requestId while the first attempt is still running (a timeout). */
  overlapRetry?: number;
}

export interface ClientOutcome {
  requestId: string;
  attempts: number;
  ok: boolean;
  trackingCode?: string;
  /** Messages of failed attempts (the page shows them). */
  failures: string[];
  /** Tracking codes returned by different ok attempts; more than one would be a duplicate. */
  codes: Set<string>;
}

export interface ChaosReport {
  clients: ClientOutcome[];
  executions: number;
  killed: number;
  injected: Record<string, number>;
}

class Killed extends Error {
  constructor() {
    super('Execution killed (simulated)');
  }
}

export function runChaos(sb: Sandbox, opts: ChaosOptions): ChaosReport {
  const rnd = mulberry32(opts.seed);
  const o = {
    interleave: 0.05,
    sheetFault: 0.03,
    gmailFault: 0.05,
    killAfterRow: 0.03,
    killAnywhere: 0.01,
    quotaOutAt: Math.floor(opts.submissions / 2),
    maxAttempts: 40,
    maxDepth: 4,
    overlapRetry: 0.03,
    ...opts,
  };
  const clients: (ClientOutcome & { payload: Record<string, unknown> })[] = [];
  for (let i = 0; i < o.submissions; i++) {
    const p = payload({
      // UUID-shaped, as the page makes them, and the same for the same seed (a failing run replays exactly).
      requestId: `${(opts.seed >>> 0).toString(16).padStart(8, '0')}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
      content: `Ý kiến số ${i}: đèn đường ngõ ${i % 17} hỏng đã lâu, đề nghị sửa.`,
      elapsedMs: 20000,
    });
    clients.push({ requestId: String(p.requestId), attempts: 0, ok: false, failures: [], codes: new Set(), payload: p });
  }
  const queue: number[] = clients.map((_, i) => i);
  const killed = new Set<number>();
  const rowWritten = new Set<number>();
  const injected: Record<string, number> = {};
  const note = (k: string) => (injected[k] = (injected[k] ?? 0) + 1);
  let depth = 0;
  let executions = 0;
  let started = 0;

  const attempt = (ci: number): void => {
    const c = clients[ci];
    c.attempts++;
    if (rnd() < o.overlapRetry) {
      queue.push(ci);
      note('overlapping retry');
    }
    executions++;
    if (++started === o.quotaOutAt) {
      sb.world.gmail.exhaust();
      note('quota exhausted');
    }
    depth++;
    let value: { ok: boolean; trackingCode?: string; errors?: { message: string }[] } | undefined;
    let execId = -1;
    try {
      const r = sb.run<typeof value>('submitFeedback', [c.payload], {}, (exec) => (execId = exec.id));
      if (!killed.has(r.exec.id)) value = r.value;
    } catch (e) {
      c.failures.push(e instanceof Killed ? 'killed' : String((e as Error).message));
    } finally {
      depth--;
    }
    if (killed.has(execId)) c.failures.push('killed: the page saw a network error');
    if (value && value.ok && value.trackingCode) {
      c.ok = true;
      c.trackingCode = value.trackingCode;
      c.codes.add(value.trackingCode);
    } else {
      if (value && !value.ok) c.failures.push((value.errors ?? []).map((e) => e.message).join(' ') || '(no message)');
      if (c.attempts < o.maxAttempts && !c.ok && !queue.includes(ci)) queue.push(ci);
    }
  };

  sb.world.faultHook = (call: string, exec: ExecutionInfo) => {
    if (killed.has(exec.id)) throw new Killed();
    if (call === 'Sheet.appendRow') rowWritten.add(exec.id);
    if (rnd() < o.killAnywhere || (rowWritten.has(exec.id) && rnd() < o.killAfterRow)) {
      killed.add(exec.id);
      note(rowWritten.has(exec.id) ? 'killed after row' : 'killed');
      throw new Killed();
    }
    if ((call === 'Sheet.appendRow' || call === 'Range.setValue') && rnd() < o.sheetFault) {
      note(`fault ${call}`);
      throw new Error('Service Spreadsheets failed while accessing document with id 1x.');
    }
    if (call === 'GmailApp.sendEmail' && rnd() < o.gmailFault) {
      note('fault GmailApp.sendEmail');
      throw new Error('Service unavailable: Gmail');
    }
    if (depth < o.maxDepth && queue.length > 0 && rnd() < o.interleave) {
      const pick = Math.floor(rnd() * queue.length);
      const [ci] = queue.splice(pick, 1);
      note('interleaved');
      attempt(ci);
    }
  };
  try {
    while (queue.length > 0) {
      const pick = Math.floor(rnd() * Math.min(queue.length, 8));
      const [ci] = queue.splice(pick, 1);
      if (clients[ci].ok) continue;
      attempt(ci);
    }
  } finally {
    sb.world.faultHook = null;
  }
  return { clients, executions, killed: killed.size, injected };
}
