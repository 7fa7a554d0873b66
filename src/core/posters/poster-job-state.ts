/**
 * The poster job's saved state: what it still has to make, how far it got, its failures, and the lease that lets one
 * runner work at a time. Saved in script properties between executions, split to fit what a property holds.
 */
import type { PlannedPoster, PosterMode } from './poster-plan';
import type { PosterSettings } from './poster-stamp';
import { errorMessage } from '../common/ports';

/** Executions in a row that may fail before the job stops rescheduling itself. */
export const MAX_FAILED_RUNS = 3;
/** Failures on the same poster before it is skipped and reported in its row. */
export const MAX_POSTER_ATTEMPTS = 2;

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
  /** Old poster files Drive would not trash during the job, tried again at its end (absent in older saved jobs). */
  untrashed?: string[];
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
    untrashed: [],
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

/**
 * What the owner reads when the job could not schedule its own continuation, most often because every trigger Apps
 * Script allows the account for this script (20) is taken. The job stays saved as it was: "Tạo poster QR" goes on from
 * where it stopped, one execution's share per press.
 */
export function continuationFailed(error: unknown): string {
  const msg = errorMessage(error).replace(/\s+/g, ' ').trim().slice(0, 200);
  const why = /too many triggers/i.test(msg)
    ? ': dự án đã dùng hết 20 trình kích hoạt (trigger) mà Google cho phép mỗi tài khoản. Có thể xóa bớt trình kích hoạt không dùng trong mục "Trình kích hoạt" (Triggers) của dự án Apps Script'
    : ` (${msg})`;
  return `Không đặt được lịch tự chạy tiếp${why}. Việc tạo poster dừng ở đây, các poster đã tạo được giữ nguyên: hãy bấm lại "Tạo poster QR" để làm tiếp từ chỗ đã dừng (mỗi lần bấm làm thêm một phần).`;
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
