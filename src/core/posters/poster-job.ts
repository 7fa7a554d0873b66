/**
 * The QR poster job's run, pure: the resumable loop that makes the planned posters (poster-plan.ts) and then the
 * combined document until the time budget is spent, saving its place in the job's state (poster-job-state.ts).
 *
 * Apps Script services are behind PosterPorts (src/server/posters.ts over src/gas/posters/); the clock is a port too, so tests drive
 * the budget with a fake clock. The sheet is the record of what was made: each poster's links are written right
 * after it is made, so a run that dies redoes at most the one poster it was making.
 */
import { posterContent, posterUrl, type PosterContent } from './poster';
import { MAX_POSTER_ATTEMPTS, type PosterJob } from './poster-job-state';
import { usableLocations, type PosterRow } from './poster-plan';
import {
  NOTE,
  combinedFingerprint,
  docUrlOf,
  driveIdFromUrl,
  fileUrlOf,
  mergeNote,
  posterStamp,
  stampFromNote,
  type PosterSettings,
} from './poster-stamp';

/** Work stops before 4.5 minutes, leaving room under Apps Script's 6-minute limit for the last step and the wrap-up. */
export const POSTER_BUDGET_MS = 270_000;
/** A progress toast every this many posters or pages. */
export const PROGRESS_EVERY = 10;

// ---------------------------------------------------------------------------------------------------------------
// Budget

/**
 * Whether another step may start: always the first one of a run (so every run makes progress), then only while
 * the time used plus the slowest step so far stays within the budget.
 */
export function mayStartStep(p: { elapsedMs: number; budgetMs: number; stepsDone: number; slowestStepMs: number }): boolean {
  if (p.stepsDone === 0) return true;
  return p.elapsedMs + p.slowestStepMs <= p.budgetMs;
}

/**
 * Executions needed to make `posters` posters when each costs `callsPerPoster` service calls of `msPerCall`,
 * a run may work `budgetMs`, and each run spends `overheadCallsPerRun` calls before its first poster.
 */
export function executionsNeeded(
  callsPerPoster: number,
  posters: number,
  budgetMs = POSTER_BUDGET_MS,
  msPerCall = 100,
  overheadCallsPerRun = 0,
): number {
  if (posters <= 0) return 0;
  const stepMs = Math.max(0, callsPerPoster) * msPerCall;
  if (stepMs === 0) return 1;
  const perRun = Math.max(1, Math.floor((budgetMs - Math.max(0, overheadCallsPerRun) * msPerCall) / stepMs));
  return Math.ceil(posters / perRun);
}

// ---------------------------------------------------------------------------------------------------------------
// The run

export interface MadePoster {
  docId: string;
  pdfId: string;
}

/** One row's poster columns (F–I). Absent fields are left as they are. */
export interface RowUpdate {
  row: number;
  docUrl?: string;
  pdfUrl?: string;
  madeAt?: number;
  note: string;
}

export interface PosterPorts {
  now(): number;
  /** The id of a template to copy, made from the job's settings when the job has none or it is gone. */
  ensureTemplate(job: PosterJob): string;
  /** Makes one location's doc and PDF in the posters folder; leaves nothing behind when it throws. */
  makePoster(p: { code: string; name: string; content: PosterContent; url: string; templateId: string }): MadePoster;
  /** Writes these rows' poster columns in one batched write. */
  writeRows(updates: RowUpdate[]): void;
  /** Moves files to the trash; returns the ids Drive would not trash (ids that are gone count as trashed). */
  trash(ids: string[]): string[];
  /**
   * Puts the job on record now. Called right after the job makes a file of its own (the template, the combined
   * document), so an execution killed later (no catch runs) leaves it known: the next run reuses or trashes it.
   */
  saveJob(job: PosterJob): void;
  /** The combined document now on record, if any: its fingerprint and whether its document and PDF are still there. */
  combinedStatus(): { fingerprint: string; alive: boolean } | null;
  combined: {
    /** Starts a new combined document and returns its id. */
    create(): string;
    /** Opens the document being built; its number of body children, or null when it is gone. */
    open(docId: string): number | null;
    appendPage(p: { code: string; content: PosterContent; url: string; first: boolean }): void;
    /** Number of body children now (saved at a planned stop). */
    checkpoint(): number;
    /** Exports the PDF, records the document and trashes the previous one. */
    finish(docId: string, fingerprint: string): { docUrl: string; pdfUrl: string };
  };
  progress(message: string): void;
}

export interface RunBudget {
  /** When this execution started (ms, on the ports' clock). */
  startedAt: number;
  budgetMs: number;
}

export interface RunResult {
  status: 'finished' | 'paused';
  madeNow: number;
  pagesNow: number;
  /** Posters still to make. */
  remaining: number;
  combined: { docUrl: string; pdfUrl: string } | 'unchanged' | 'none' | null;
  /** Old poster files the job could not trash, even when it tried again at its end: the owner deletes them. */
  untrashed?: string[];
}

function contentFor(settings: PosterSettings, row: PosterRow): { content: PosterContent; url: string } | null {
  const u = posterUrl(settings.base, row.code);
  if (!u.ok) return null;
  const content = posterContent({
    wardName: settings.wardName,
    committeeName: settings.committeeName,
    locationName: row.name,
    url: u.url,
    retentionMonths: settings.retentionMonths,
  });
  return { content, url: u.url };
}

/** The job as saved in the middle of a step: no step under way, so a later failure is not blamed on this one. */
function onRecord(job: PosterJob): PosterJob {
  return { ...job, working: -2 };
}

function fmtFailure(job: PosterJob): string {
  return `${NOTE.failed}${job.lastError || 'không rõ'} — đã bỏ qua; hãy chạy lại "Tạo poster QR".`;
}

/**
 * Works on the job until it is done or the budget is spent; `job` is updated in place (the caller saves it, also
 * when this throws). `rows` is the Địa điểm sheet as read at the start of this execution.
 */
export function runPosterJob(job: PosterJob, rows: readonly PosterRow[], ports: PosterPorts, budget: RunBudget): RunResult {
  job.runs++;
  const { usable } = usableLocations(rows);
  const byCode = new Map(usable.map((r) => [r.code, r]));
  let steps = 0;
  let slowest = 0;
  let madeNow = 0;
  let pagesNow = 0;
  const may = () =>
    mayStartStep({ elapsedMs: ports.now() - budget.startedAt, budgetMs: budget.budgetMs, stepsDone: steps, slowestStepMs: slowest });
  const stepDone = (t0: number) => {
    steps++;
    slowest = Math.max(slowest, ports.now() - t0);
    job.failedRuns = 0;
    job.working = -2;
  };
  const paused = (): RunResult => {
    job.working = -2;
    if (job.combined?.docId && pagesNow > 0) job.combined.children = ports.combined.checkpoint();
    return { status: 'paused', madeNow, pagesNow, remaining: Math.max(0, job.todo.length - job.next), combined: null };
  };

  // Phase 1: one poster per planned location.
  while (job.next < job.todo.length) {
    const code = job.todo[job.next];
    const row = byCode.get(code);
    if (job.failedAt === job.next && job.attempts >= MAX_POSTER_ATTEMPTS) {
      if (row) ports.writeRows([{ row: row.row, note: mergeNote(row.note, fmtFailure(job)) }]);
      job.skipped++;
      job.failedAt = -2;
      job.attempts = 0;
      job.next++;
      continue;
    }
    const made = row ? contentFor(job.settings, row) : null;
    if (!row || !made) {
      // The row was deleted, deactivated or given a bad code since the job started: nothing to make.
      job.skipped++;
      job.next++;
      continue;
    }
    // Made by an earlier run of this job that stopped before saving its place: already done. (A time the sheet
    // rounded down can only make a poster look not done, which redoes it; never the other way round.)
    if (
      row.madeAt !== null &&
      row.madeAt >= job.startedAt &&
      stampFromNote(row.note) === posterStamp(job.settings, row.code, row.name) &&
      driveIdFromUrl(row.posterDoc)
    ) {
      job.made++;
      job.next++;
      continue;
    }
    if (!may()) return paused();
    const t0 = ports.now();
    job.working = job.next;
    const templateId = ports.ensureTemplate(job);
    if (templateId !== job.templateId) {
      job.templateId = templateId;
      ports.saveJob(onRecord(job));
    }
    const out = ports.makePoster({ code, name: row.name, content: made.content, url: made.url, templateId: job.templateId });
    const now = ports.now();
    const note = mergeNote(row.note, NOTE.made + posterStamp(job.settings, row.code, row.name));
    ports.writeRows([{ row: row.row, docUrl: docUrlOf(out.docId), pdfUrl: fileUrlOf(out.pdfId), madeAt: now, note }]);
    // The old poster goes only once the new one is on record: a poster that cannot be made keeps the old one, and
    // a run dying between these steps leaves at most one stray file set (the new one, or the old one).
    const old = [driveIdFromUrl(row.posterDoc), driveIdFromUrl(row.posterPdf)].filter(
      (x): x is string => Boolean(x) && x !== out.docId && x !== out.pdfId,
    );
    // One Drive would not trash is tried again at the end: left alive, it is a second, stale poster in the folder.
    if (old.length) job.untrashed = [...(job.untrashed ?? []), ...ports.trash(old)];
    job.made++;
    madeNow++;
    job.next++;
    stepDone(t0);
    if (madeNow % PROGRESS_EVERY === 0 && job.next < job.todo.length) {
      ports.progress(`Đã tạo ${job.made}/${job.todo.length} poster…`);
    }
  }

  // Phase 2: the combined document, one page per usable location.
  if (!job.combined) {
    const pageRows = usable;
    const fingerprint = combinedFingerprint(job.settings, pageRows);
    const status = pageRows.length ? ports.combinedStatus() : null;
    const needed = pageRows.length > 0 && (job.mode === 'all' || !status || !status.alive || status.fingerprint !== fingerprint);
    job.combined = { pages: pageRows.map((r) => r.code), fingerprint, needed, docId: '', done: 0, children: 0 };
  }
  const c = job.combined;
  let combined: RunResult['combined'] = job.combined.pages.length === 0 ? 'none' : 'unchanged';
  if (c.needed) {
    job.working = -1;
    if (c.docId) {
      // A different number of children means a run died mid-page after the last planned stop: start afresh.
      const children = ports.combined.open(c.docId);
      if (children === null || children !== c.children) {
        ports.trash([c.docId]);
        c.docId = '';
        c.done = 0;
        c.children = 0;
      }
    }
    while (c.done < c.pages.length) {
      const row = byCode.get(c.pages[c.done]);
      const made = row ? contentFor(job.settings, row) : null;
      if (!row || !made) {
        c.fingerprint = '';
        c.done++;
        continue;
      }
      if (!may()) return paused();
      const t0 = ports.now();
      job.working = -1;
      // The document is made with its first page, so a document on record always has at least one.
      const first = !c.docId;
      if (first) {
        c.docId = ports.combined.create();
        // On record with no page counted: a run killed from here on leaves a document the next one trashes.
        ports.saveJob(onRecord(job));
      }
      ports.combined.appendPage({ code: row.code, content: made.content, url: made.url, first });
      c.done++;
      pagesNow++;
      stepDone(t0);
      if (pagesNow % (PROGRESS_EVERY * 2) === 0 && c.done < c.pages.length) {
        ports.progress(`Đang ghép tài liệu in chung: ${c.done}/${c.pages.length} trang…`);
      }
    }
    job.working = -1;
    if (c.docId) combined = ports.combined.finish(c.docId, c.fingerprint);
    else combined = 'none';
    job.working = -2;
  }
  if (job.templateId) ports.trash([job.templateId]);
  job.templateId = '';
  const untrashed = job.untrashed?.length ? ports.trash(job.untrashed) : [];
  job.untrashed = [];
  return { status: 'finished', madeNow, pagesNow, remaining: 0, combined, untrashed };
}
