/**
 * QR posters for the box's locations. Owner actions: "Tạo poster QR" (only the posters that are missing or out of
 * date) and "Tạo lại toàn bộ poster QR"; the one-off trigger continuePosters resumes a job the time budget cut short.
 * All three call requireOwner first, and return what happened for the admin page.
 */
import { claimedTriggerUid } from '../core/admin/guard';
import { errorMessage } from '../core/common/ports';
import { posterBase, posterContent } from '../core/posters/poster';
import { LEASE_MS, continuationFailed, newJob, recordFailure, type PosterJob } from '../core/posters/poster-job-state';
import { POSTER_BUDGET_MS, runPosterJob, type PosterPorts, type RowUpdate, type RunResult } from '../core/posters/poster-job';
import { docUrlOf, fileUrlOf, mergeNote, NOTE, posterFileName, type PosterSettings } from '../core/posters/poster-stamp';
import { planPosters, type PosterMode, type PosterRow } from '../core/posters/poster-plan';
import { formatVietnam } from '../core/common/time';
import type { BoxConfig } from '../core/config/config';
import { loadConfig } from '../gas/config/load-config';
import { writeLog } from '../gas/log';
import { CombinedDoc, createTemplate, makePosterDoc, postersFolder, trashFiles, trashTemplates } from '../gas/posters/poster-docs';
import { fileAlive } from '../gas/folders';
import {
  LocationsSheet,
  PosterStore,
  acquireLease,
  deleteContinuations,
  releaseLease,
  scheduleContinuation,
} from '../gas/posters/poster-store';
import { consoleLogger } from '../gas/services';
import type { AdminLink, AdminResult } from '../shared/types';
import { requireOwner } from './admin/guard';
import { adminResult } from './admin/result';

const TITLE = 'Poster QR';

export interface PosterRunReport extends AdminResult {
  /** 'stopped': paused without a trigger to go on (none could be set); "Tạo poster QR" goes on with it. */
  status: 'finished' | 'paused' | 'stopped' | 'busy' | 'refused' | 'idle' | 'failed';
  /** Posters made by this execution. */
  made: number;
  /** Pages of the combined document added by this execution. */
  pages: number;
  /** Posters the job still has to make. */
  remaining: number;
  combinedDocUrl?: string;
  combinedPdfUrl?: string;
}

/** "Tạo poster QR": a poster for each active location that has none, or whose doc, code or name changed. */
export function generatePosters(e?: unknown): PosterRunReport {
  requireOwner('generatePosters', e);
  return runPosters('missing', false);
}

/** "Tạo lại toàn bộ poster QR": a new poster for every active location (the old ones go to the trash). */
export function regenerateAllPosters(e?: unknown): PosterRunReport {
  requireOwner('regenerateAllPosters', e);
  return runPosters('all', false);
}

/** The one-off trigger a paused job leaves behind: removes itself, then goes on with the job. */
export function continuePosters(e?: unknown): PosterRunReport {
  requireOwner('continuePosters', e);
  const uid = claimedTriggerUid(e);
  if (uid) deleteContinuations(uid);
  return runPosters(null, Boolean(uid));
}

function report(
  status: PosterRunReport['status'],
  lines: string[],
  r: Partial<PosterRunReport> = {},
  links: AdminLink[] = [],
): PosterRunReport {
  const ok = status !== 'refused' && status !== 'failed' && status !== 'busy' && status !== 'stopped';
  return { status, made: 0, pages: 0, remaining: 0, ...r, ...adminResult(TITLE, lines, { ok, links }) };
}

function combinedName(wardName: string): string {
  return `Poster QR – tất cả địa điểm – ${wardName.replace(/\./g, '·')}`;
}

/**
 * What every poster prints from Cấu hình now, or why no poster can be made. Never the running app's own address: it
 * may be the admin page's, a test deployment's or /dev (posterBase).
 */
function currentSettings(config: BoxConfig): { ok: true; settings: PosterSettings } | { ok: false; message: string } {
  const base = posterBase(config.posterUrl);
  if (!base.ok) return base;
  const s = { base: base.base, wardName: config.wardName, committeeName: config.committeeName, retentionMonths: config.retentionMonths };
  return { ok: true, settings: settingsOf(s) };
}

/** The settings alone, in one order (to compare them). */
function settingsOf(s: PosterSettings): PosterSettings {
  return { base: s.base, wardName: s.wardName, committeeName: s.committeeName, retentionMonths: s.retentionMonths };
}

/** Trashes what an unfinished job made for itself (its template, a half-built combined document). */
function discardJob(job: PosterJob): void {
  trashFiles([job.templateId, job.combined?.docId ?? ''].filter(Boolean));
}

function runPosters(requested: PosterMode | null, fromTrigger: boolean): PosterRunReport {
  const startedAt = Date.now();
  const token = `${startedAt.toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  const lease = acquireLease(token, startedAt);
  if (!lease.ok) {
    // A continuation that finds the job busy tries again later, in case that runner died.
    if (fromTrigger) scheduleContinuation(); // refused: logged, the job waits for the owner's next press
    const since = lease.since ? ` (bắt đầu lúc ${formatVietnam(new Date(lease.since))})` : '';
    const lines = [`Việc tạo poster đang chạy${since}. Hãy đợi lần chạy đó xong rồi xem lại trang "Địa điểm".`];
    return report('busy', lines);
  }
  const store = new PosterStore();
  let job: PosterJob | null = null;
  let spreadsheetId: string | undefined;
  // Why the last continuation could not be set, while none is: the job then waits for "Tạo poster QR".
  let unscheduled: { error: unknown } | null = null;
  try {
    store.refresh();
    job = store.job();
    const loaded = loadConfig();
    spreadsheetId = loaded.spreadsheetId;
    if (requested === null && !job) {
      deleteContinuations();
      return report('idle', ['Không có việc tạo poster nào đang dở.']);
    }
    const lines: string[] = [];
    // A full regeneration asked for while a "missing only" job is unfinished replaces it.
    if (job && requested === 'all' && job.mode === 'missing') {
      discardJob(job);
      job = null;
    }
    // So does either, asked for once what every poster prints has changed (the link, ward, committee, retention):
    // the unfinished job would go on making posters already out of date.
    const current = job && requested !== null ? currentSettings(loaded.config) : null;
    if (job && current?.ok && JSON.stringify(current.settings) !== JSON.stringify(settingsOf(job.settings))) {
      lines.push('Cấu hình in trên poster đã đổi: bỏ lần tạo poster trước (chưa xong) và làm lại theo cấu hình mới.');
      discardJob(job);
      job = null;
    }
    const sheet = LocationsSheet.open(loaded.spreadsheetId);
    let rows: PosterRow[] = [];
    let folder: GoogleAppsScript.Drive.Folder | null = null;
    if (job) {
      const f = postersFolder(job.settings.wardName);
      if (f.recreated) {
        // The posters made so far went to the trash with their folder: plan again from the sheet.
        lines.push('Thư mục "Poster QR" đã bị xóa: đã tạo lại thư mục và làm lại các poster.');
        discardJob(job);
        requested = job.mode;
        job = null;
      } else {
        folder = f.folder;
        rows = sheet.read();
        if (requested !== null) lines.push('Tiếp tục lần tạo poster trước (chưa xong).');
        // As for a new job (below): should this execution be killed, the job still has a trigger to continue it.
        unscheduled = scheduleContinuation(LEASE_MS);
      }
    }
    if (!job) {
      const mode: PosterMode = requested ?? 'missing';
      const now = current ?? currentSettings(loaded.config);
      if (!now.ok) return report('refused', ['Chưa tạo poster.', now.message]);
      const { settings } = now;
      if (!folder) folder = postersFolder(settings.wardName).folder;
      rows = sheet.read();
      const plan = planPosters(rows, mode, settings, fileAlive);
      job = newJob(mode, startedAt, settings, plan.todo);
      // On record before the first poster, with a trigger that picks it up if this execution is killed (the 6-minute
      // limit runs no catch or finally): posters made so far are then skipped, at most the one being made is redone.
      // The trigger fires once the lease of a killed run has run out; a run that pauses or finishes replaces it.
      store.saveJob(job);
      unscheduled = scheduleContinuation(LEASE_MS);
      // Ghi chú shows what is coming, and why a row is left out.
      const byRow = new Map(rows.map((r) => [r.row, r]));
      const waiting = `${NOTE.waiting} (lần chạy lúc ${formatVietnam(new Date(startedAt))})…`;
      const updates: RowUpdate[] = [
        ...plan.todo.map((t) => ({ row: t.row, note: mergeNote(byRow.get(t.row)?.note ?? '', waiting) })),
        ...plan.skipped.map((s) => ({ row: s.row, note: mergeNote(byRow.get(s.row)?.note ?? '', s.note) })),
      ].filter((u) => u.note !== byRow.get(u.row)?.note);
      sheet.write(updates);
      if (plan.skipped.length) lines.push(`${plan.skipped.length} địa điểm có mã không dùng được: xem cột "Ghi chú" trang "Địa điểm".`);
      if (plan.todo.length) console.info(`${TITLE}: đang tạo ${plan.todo.length} poster…`);
    }
    const result = runPosterJob(job, rows, makePorts(job, folder as GoogleAppsScript.Drive.Folder, sheet, store), {
      startedAt,
      budgetMs: store.budgetMs(POSTER_BUDGET_MS),
    });
    if (result.status === 'finished') {
      try {
        trashTemplates(folder as GoogleAppsScript.Drive.Folder);
      } catch (err) {
        // The posters are done: a template left for now goes with the next job.
        consoleLogger.error('posters.templates-left', err);
      }
    }
    return finishRun(job, result, store, lines, loaded.spreadsheetId);
  } catch (err) {
    const msg = errorMessage(err);
    consoleLogger.error('posters.failed', err, { requested });
    let giveUp = false;
    if (job) {
      giveUp = recordFailure(job, msg).giveUp;
      try {
        store.saveJob(job);
        if (giveUp) deleteContinuations();
        else unscheduled = scheduleContinuation();
      } catch (e2) {
        consoleLogger.error('posters.save-failed', e2);
      }
    }
    const lines = [
      `Có lỗi khi tạo poster: ${msg}`,
      !job
        ? 'Hãy thử lại sau ít phút.'
        : giveUp
          ? 'Đã dừng sau nhiều lần lỗi liên tiếp. Các poster đã tạo được giữ nguyên; hãy kiểm tra rồi chạy lại "Tạo poster QR".'
          : unscheduled
            ? continuationFailed(unscheduled.error)
            : 'Hệ thống sẽ tự thử lại sau khoảng 1 phút; các poster đã tạo được giữ nguyên.',
    ];
    writeLog('Poster', lines.join(' '), spreadsheetId);
    return report('failed', lines, { remaining: job ? job.todo.length - job.next : 0 });
  } finally {
    releaseLease(token);
  }
}

function makePorts(job: PosterJob, folder: GoogleAppsScript.Drive.Folder, sheet: LocationsSheet, store: PosterStore): PosterPorts {
  let template: { id: string; file: GoogleAppsScript.Drive.File } | null = null;
  const combined = new CombinedDoc(() => folder, combinedName(job.settings.wardName));
  return {
    now: () => Date.now(),
    ensureTemplate(j) {
      if (template) return template.id;
      if (j.templateId) {
        try {
          const file = DriveApp.getFileById(j.templateId);
          if (!file.isTrashed()) {
            template = { id: j.templateId, file };
            return template.id;
          }
        } catch {
          // Gone: made again below.
        }
      }
      const s = j.settings;
      template = createTemplate(
        folder,
        posterContent({
          wardName: s.wardName,
          committeeName: s.committeeName,
          locationName: '…',
          url: s.base,
          retentionMonths: s.retentionMonths,
        }),
      );
      return template.id;
    },
    makePoster(p) {
      if (!template) throw new Error('Chưa có mẫu poster.');
      return makePosterDoc(template.file, folder, {
        code: p.code,
        fileName: posterFileName(p.code, p.name),
        content: p.content,
        url: p.url,
      });
    },
    writeRows: (updates) => sheet.write(updates),
    trash: (ids) => trashFiles(ids),
    saveJob: (j) => store.saveJob(j),
    combinedStatus() {
      const rec = store.combined();
      return rec ? { fingerprint: rec.fingerprint, alive: fileAlive(rec.docId) && Boolean(rec.pdfId) && fileAlive(rec.pdfId) } : null;
    },
    combined: {
      create: () => combined.create(),
      open: (id) => combined.open(id),
      appendPage: (p) => combined.appendPage(p.content, p.url, p.code, p.first),
      checkpoint: () => combined.checkpoint(),
      finish(docId, fingerprint) {
        const { pdfId } = combined.finish(docId);
        const prev = store.combined();
        // On record before the previous one goes: should that fail, the previous document stays the one on record and
        // this PDF goes (the next run makes the document again).
        try {
          store.setCombined({ docId, pdfId, fingerprint });
        } catch (e) {
          trashFiles([pdfId]);
          throw e;
        }
        if (prev) trashFiles([prev.docId, prev.pdfId].filter((id) => id && id !== docId && id !== pdfId));
        return { docUrl: docUrlOf(docId), pdfUrl: fileUrlOf(pdfId) };
      },
    },
    progress: (m) => console.info(`${TITLE}: ${m}`),
  };
}

function finishRun(job: PosterJob, result: RunResult, store: PosterStore, lines: string[], spreadsheetId: string): PosterRunReport {
  const total = job.todo.length;
  if (result.status === 'paused') {
    store.saveJob(job);
    const unscheduled = scheduleContinuation();
    const c = job.combined;
    lines.push(
      c
        ? `Đã tạo xong ${total} poster; đang ghép tài liệu in chung (${c.done}/${c.pages.length} trang).`
        : `Đã tạo ${job.made}/${total} poster.`,
    );
    const counts = { made: result.madeNow, pages: result.pagesNow, remaining: result.remaining };
    if (unscheduled) {
      // Nobody may be looking at the page (a continuation's run): Nhật ký keeps it.
      lines.push(continuationFailed(unscheduled.error));
      writeLog('Poster', lines.join(' '), spreadsheetId);
      return report('stopped', lines, counts);
    }
    lines.push('Phần còn lại sẽ tự chạy tiếp sau khoảng 1 phút (có thể đóng trang này); kết quả ghi ở trang "Địa điểm" và "Nhật ký".');
    return report('paused', lines, counts);
  }
  store.clearJob();
  deleteContinuations();
  const out: Partial<PosterRunReport> = { made: result.madeNow, pages: result.pagesNow, remaining: 0 };
  const links: AdminLink[] = [];
  if (total === 0 && job.made === 0) lines.push('Mọi địa điểm đang hoạt động đã có poster; không cần tạo thêm.');
  else lines.push(`Đã tạo ${job.made} poster${job.skipped ? `, bỏ qua ${job.skipped} địa điểm (xem cột "Ghi chú")` : ''}.`);
  if (result.combined && typeof result.combined === 'object') {
    out.combinedDocUrl = result.combined.docUrl;
    out.combinedPdfUrl = result.combined.pdfUrl;
    lines.push('Đã làm tài liệu in chung: mỗi địa điểm một trang.');
    links.push(
      { label: 'Tài liệu in chung (Google Docs)', url: result.combined.docUrl },
      { label: 'Tài liệu in chung (PDF)', url: result.combined.pdfUrl },
    );
  } else if (result.combined === 'unchanged') {
    lines.push('Tài liệu in chung không thay đổi.');
  }
  lines.push('Đường dẫn từng poster nằm ở cột "Poster (Docs)" và "Poster (PDF)" trang "Địa điểm".');
  const untrashed = result.untrashed ?? [];
  if (untrashed.length) {
    lines.push(
      `Chưa chuyển được ${untrashed.length} tệp poster cũ vào thùng rác; hãy xóa bằng tay để khỏi in nhầm: ${untrashed.map(fileUrlOf).join(', ')}.`,
    );
  }
  // With two web apps, the owner checks the address the codes carry before printing.
  if (job.made > 0)
    lines.push(`Mã QR trên poster dẫn tới ${job.settings.base} (thêm ?loc=<mã địa điểm>): hãy thử quét một poster trước khi in.`);
  writeLog('Poster', [...lines, ...links.map((l) => `${l.label}: ${l.url}`)].join(' '), spreadsheetId);
  return report('finished', lines, out, links);
}
