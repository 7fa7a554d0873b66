/**
 * The QR poster job, pure: which locations need a poster, the job's saved state, and the resumable loop that makes
 * posters and then the combined document until the time budget is spent.
 *
 * Apps Script services are behind PosterPorts (src/gas/poster-docs.ts); the clock is a port too, so tests drive
 * the budget with a fake clock. The sheet is the record of what was made: each poster's links are written right
 * after it is made, so a run that dies redoes at most the one poster it was making.
 */
import type { LocationRow } from './config';
import { checkLocationCodes, posterContent, posterUrl, type PosterContent } from './poster';

export type PosterMode = 'missing' | 'all';

/** Work stops before 4.5 minutes, leaving room under Apps Script's 6-minute limit for the last step and the wrap-up. */
export const POSTER_BUDGET_MS = 270_000;
/** Executions in a row that may fail before the job stops rescheduling itself. */
export const MAX_FAILED_RUNS = 3;
/** Failures on the same poster before it is skipped and reported in its row. */
export const MAX_POSTER_ATTEMPTS = 2;
/** A progress toast every this many posters or pages. */
export const PROGRESS_EVERY = 10;

/** Lines the job writes into Ghi chú; anything else there is the ward's own note and is kept. */
export const NOTE = {
  made: 'Poster làm cho: ',
  waiting: 'Đang chờ tạo poster',
  skipped: 'Không tạo poster: ',
  failed: 'Lỗi khi tạo poster: ',
} as const;

const SYSTEM_NOTE_LINE = new RegExp(
  `^(${Object.values(NOTE)
    .map((p) => p.trim())
    .join('|')})`,
);

// ---------------------------------------------------------------------------------------------------------------
// Stamps and notes

/** The location name as printed: NFC, runs of whitespace made one space. */
export function cleanLocationName(name: string): string {
  return String(name ?? '')
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * What a poster was made for: "code|name|#<hash>", the hash over everything printed on it (the QR link with the web
 * app's address, ward, committee, retention line and the fixed texts). A poster whose stamp differs from the one its
 * row and the current settings give is out of date: a new short link, a renamed committee or location all make it so.
 */
export function posterStamp(settings: PosterSettings, code: string, name: string): string {
  const u = posterUrl(settings.base, code);
  const url = u.ok ? u.url : '';
  const content = posterContent({
    wardName: settings.wardName,
    committeeName: settings.committeeName,
    locationName: name,
    url,
    retentionMonths: settings.retentionMonths,
  });
  const text = JSON.stringify([url, content]);
  return `${code}|${cleanLocationName(name)}|#${fnv1a(text, 0x811c9dc5).toString(16).padStart(8, '0')}`;
}

/** The stamp recorded in a Ghi chú cell, or null when there is none. */
export function stampFromNote(note: string): string | null {
  const lines = String(note ?? '')
    .normalize('NFC')
    .split(/\r?\n/)
    .reverse();
  for (const line of lines) {
    const t = line.trim();
    if (t.startsWith(NOTE.made.trim())) return t.slice(NOTE.made.trim().length).trim();
  }
  return null;
}

/** Replaces the job's own line in a Ghi chú cell, keeping every line the ward wrote. */
export function mergeNote(existing: string, line: string): string {
  const keep = String(existing ?? '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '' && !SYSTEM_NOTE_LINE.test(l.trim()));
  if (line) keep.push(line);
  return keep.join('\n');
}

/** The Drive id in a Docs or Drive link ("/d/<id>/" or "?id=<id>"), or null. */
export function driveIdFromUrl(url: string): string | null {
  const s = String(url ?? '').trim();
  const m = /\/d\/([A-Za-z0-9_-]{6,})/.exec(s) ?? /[?&]id=([A-Za-z0-9_-]{6,})/.exec(s);
  return m ? m[1] : null;
}

export function docUrlOf(id: string): string {
  return `https://docs.google.com/document/d/${id}/edit`;
}

export function fileUrlOf(id: string): string {
  return `https://drive.google.com/file/d/${id}/view`;
}

/** A file name Drive and PDF export keep as is: one line, no dots (getAs treats the text after a dot as an extension). */
export function posterFileName(code: string, name: string): string {
  const n = cleanLocationName(name).replace(/\./g, '·');
  const clipped = n.length > 120 ? `${n.slice(0, 119)}…` : n;
  return clipped ? `Poster QR – ${code} – ${clipped}` : `Poster QR – ${code}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Base URL

/** The web-app address the posters point to, or the Vietnamese reason it cannot be used. */
export function checkPosterBase(
  configured: string,
  serviceUrl: string | null,
): { ok: true; base: string } | { ok: false; message: string } {
  const base = String(configured || serviceUrl || '').trim();
  const probe = posterUrl(base, 'KDC01');
  if (!probe.ok) {
    return {
      ok: false,
      message: `${probe.message} Có thể dán địa chỉ /exec vào mục "Đường dẫn cho poster (tùy chọn)" trong trang Cấu hình.`,
    };
  }
  return { ok: true, base };
}

// ---------------------------------------------------------------------------------------------------------------
// Plan

/** A Địa điểm row as the job reads it: the parsed row, and when its poster was made (ms), if the cell holds a time. */
export interface PosterRow extends LocationRow {
  madeAt: number | null;
}

export type PosterReason = 'new' | 'changed' | 'doc-gone' | 'pdf-gone' | 'all';

export interface PlannedPoster {
  code: string;
  row: number;
  reason: PosterReason;
}

export interface PosterPlan {
  /** Codes of the active rows with a usable code, in sheet order: one page each in the combined document. */
  pages: string[];
  /** Posters to (re)make, in sheet order. */
  todo: PlannedPoster[];
  /** Active rows left out for a bad code, with the line for their Ghi chú. Their code is never changed. */
  skipped: { row: number; code: string; note: string }[];
}

/** Active rows split into those whose code can go on a poster and those that cannot (with why). */
export function usableLocations(rows: readonly PosterRow[]): { usable: PosterRow[]; skipped: PosterPlan['skipped'] } {
  const active = rows.filter((r) => r.active);
  const problems = new Map<number, string[]>();
  for (const p of checkLocationCodes(active)) {
    const list = problems.get(p.index) ?? [];
    // "dòng N" in checkLocationCodes counts the rows it was given: name the sheet row instead.
    list.push(p.problem.replace(/dòng (\d+)/g, (_m, n: string) => `dòng ${active[Number(n) - 1]?.row ?? n}`));
    problems.set(p.index, list);
  }
  const usable: PosterRow[] = [];
  const skipped: PosterPlan['skipped'] = [];
  active.forEach((r, i) => {
    const list = problems.get(i);
    if (list) skipped.push({ row: r.row, code: r.code, note: NOTE.skipped + list.join(' ') });
    else usable.push(r);
  });
  return { usable, skipped };
}

/**
 * Which posters to make. "missing": rows with no poster link, a poster made for another code, name or settings
 * (posterStamp), or a deleted or trashed doc or PDF (fileAlive is asked only for rows that would otherwise be kept,
 * the PDF only when the doc is there). "all": every usable row.
 */
export function planPosters(
  rows: readonly PosterRow[],
  mode: PosterMode,
  settings: PosterSettings,
  fileAlive: (fileId: string) => boolean,
): PosterPlan {
  const { usable, skipped } = usableLocations(rows);
  const todo: PlannedPoster[] = [];
  for (const r of usable) {
    if (mode === 'all') {
      todo.push({ code: r.code, row: r.row, reason: 'all' });
      continue;
    }
    const docId = driveIdFromUrl(r.posterDoc);
    const pdfId = driveIdFromUrl(r.posterPdf);
    if (!docId) todo.push({ code: r.code, row: r.row, reason: 'new' });
    else if (stampFromNote(r.note) !== posterStamp(settings, r.code, r.name)) todo.push({ code: r.code, row: r.row, reason: 'changed' });
    else if (!fileAlive(docId)) todo.push({ code: r.code, row: r.row, reason: 'doc-gone' });
    else if (!pdfId || !fileAlive(pdfId)) todo.push({ code: r.code, row: r.row, reason: 'pdf-gone' });
  }
  return { pages: usable.map((r) => r.code), todo, skipped };
}

// ---------------------------------------------------------------------------------------------------------------
// Job state

/** What every poster of a job shares, fixed when the job starts. */
export interface PosterSettings {
  base: string;
  wardName: string;
  committeeName: string;
  retentionMonths: number;
}

export interface CombinedJob {
  /** Page codes, fixed when the phase starts. */
  pages: string[];
  /** Fingerprint of the pages' content; '' when a page had to be left out. */
  fingerprint: string;
  /** False when the existing combined document already matches. */
  needed: boolean;
  /** The document being built; '' until its first page. */
  docId: string;
  done: number;
  /** Body children after `done` pages, counted at the last planned stop; -1 forces a fresh document. */
  children: number;
}

export interface PosterJob {
  v: 1;
  mode: PosterMode;
  startedAt: number;
  settings: PosterSettings;
  /** Codes still to make, in sheet order; `next` is the first one not known to be done. */
  todo: string[];
  next: number;
  made: number;
  /** Posters left out during the job (row gone, or failed twice). */
  skipped: number;
  /** The temporary template each poster is copied from; '' until needed. */
  templateId: string;
  combined: CombinedJob | null;
  runs: number;
  failedRuns: number;
  /** What the run is doing: index in todo of the poster being made, -1 the combined document, -2 neither. */
  working: number;
  /** Index in todo of the poster whose making last failed (-2 for none). */
  failedAt: number;
  attempts: number;
  lastError: string;
}

export function newJob(mode: PosterMode, startedAt: number, settings: PosterSettings, todo: readonly PlannedPoster[]): PosterJob {
  return {
    v: 1,
    mode,
    startedAt,
    settings,
    todo: todo.map((t) => t.code),
    next: 0,
    made: 0,
    skipped: 0,
    templateId: '',
    combined: null,
    runs: 0,
    failedRuns: 0,
    working: -2,
    failedAt: -2,
    attempts: 0,
    lastError: '',
  };
}

/** The job as it is stored, split so no part passes the 9 KB a script property value may hold. */
export function encodeJob(job: PosterJob, maxBytes = 8000): string[] {
  // Script properties hold 9 KB per value, counted in UTF-8 bytes (Vietnamese letters take 2–3), and a part must
  // never end inside a surrogate pair.
  const json = JSON.stringify(job);
  const parts: string[] = [];
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    const size = c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? 4 : c >= 0xdc00 && c <= 0xdfff ? 0 : 3;
    if (bytes + size > maxBytes) {
      parts.push(json.slice(start, i));
      start = i;
      bytes = 0;
    }
    bytes += size;
  }
  parts.push(json.slice(start));
  return parts;
}

/** The job from its stored parts; null when missing, partial or from another version. */
export function decodeJob(parts: readonly (string | null | undefined)[]): PosterJob | null {
  if (parts.length === 0 || parts.some((p) => typeof p !== 'string')) return null;
  try {
    const job = JSON.parse(parts.join('')) as PosterJob;
    if (!job || job.v !== 1 || !Array.isArray(job.todo) || typeof job.next !== 'number' || !job.settings) return null;
    return job;
  } catch {
    return null;
  }
}

/**
 * Notes a failed execution. A failure while making a poster counts against that poster (it is skipped after
 * MAX_POSTER_ATTEMPTS); one while building the combined document makes it start again. giveUp: stop rescheduling.
 */
export function recordFailure(job: PosterJob, error: string): { giveUp: boolean } {
  job.failedRuns++;
  job.lastError = String(error).replace(/\s+/g, ' ').slice(0, 300);
  const at = job.working ?? -2;
  if (at >= 0) {
    if (job.failedAt === at) job.attempts++;
    else {
      job.failedAt = at;
      job.attempts = 1;
    }
  }
  // A combined document cut mid-page cannot be trusted.
  if (at === -1 && job.combined) job.combined.children = -1;
  job.working = -2;
  return { giveUp: job.failedRuns >= MAX_FAILED_RUNS };
}

// ---------------------------------------------------------------------------------------------------------------
// Lease: one job runner at a time, without holding the script lock (submissions need it) for minutes

export interface Lease {
  token: string;
  since: number;
  until: number;
}

/** A lease lasts longer than any execution can (6 minutes), so a runner killed by the limit frees it by itself. */
export const LEASE_MS = 390_000;

export function parseLease(raw: string | null): Lease | null {
  if (!raw) return null;
  try {
    const l = JSON.parse(raw) as Lease;
    return typeof l.token === 'string' && typeof l.until === 'number' ? l : null;
  } catch {
    return null;
  }
}

/** The lease to write when `token` may run now, or null when another live runner holds it. */
export function takeLease(current: Lease | null, token: string, now: number): Lease | null {
  if (current && current.token !== token && current.until > now) return null;
  return { token, since: now, until: now + LEASE_MS };
}

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
// Combined document fingerprint

function fnv1a(s: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Changes whenever anything printed in the combined document would change. */
export function combinedFingerprint(settings: PosterSettings, pages: readonly { code: string; name: string }[]): string {
  const text = JSON.stringify([
    settings.base,
    settings.wardName,
    settings.committeeName,
    settings.retentionMonths,
    pages.map((p) => posterStamp(settings, p.code, p.name)),
  ]);
  const hex = (n: number) => n.toString(16).padStart(8, '0');
  return hex(fnv1a(text, 0x811c9dc5)) + hex(fnv1a(text, 0x050c5d1f));
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
  /** Moves files to the trash; ids that are gone are ignored. */
  trash(ids: string[]): void;
  /**
   * Puts the job on record now. Called right after the job makes a file of its own (the template, the combined
   * document), so an execution killed later (no catch runs) leaves it known: the next run reuses or trashes it.
   */
  saveJob(job: PosterJob): void;
  /** The combined document now on record, if any: its fingerprint and whether it is still there. */
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
    if (old.length) ports.trash(old);
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
  return { status: 'finished', madeNow, pagesNow, remaining: 0, combined };
}
