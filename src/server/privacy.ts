/**
 * The nightly trigger: the retention purge, which removes personal data older than the months set in Cấu hình and
 * trashes those photos; the same in sheets staff made with rows of Góp ý in them (other-sheets.ts); then photo files
 * no row points to linked or trashed; the retention steps beyond the rows (old sent mail, old reports: retention.ts);
 * Góp ý's dropdowns, highlight and protections stretched over rows appended since; Rác rows past 30 days deleted. Each piece runs in a guard of its own (gas/setup-steps.ts): one failing
 * Google call skips that piece only, Nhật ký gets one line naming what was not done, and the trigger's execution
 * still ends as failed, so Apps Script's failure notice reaches the owner. Calls requireOwner first.
 */
import { formatLocalDate } from '../core/staff/deadline';
import { responsesHeaderProblems, writesHeldMessage } from '../core/staff/header-check';
import { planPurge, retentionCutoff } from '../core/privacy/retention';
import { isTrackingCode } from '../core/intake/tracking-code';
import { RESPONSES_SHEET } from '../core/records/feedback-record';
import { loadConfig, type LoadedConfig } from '../gas/config/load-config';
import { FeedbackSheet } from '../gas/feedback-sheet';
import { writeLog } from '../gas/log';
import { PROP_PHOTOS_FOLDER_ID } from '../gas/photos';
import { queuePurgedPhotos } from '../gas/photo-queue';
import { sweepPhotos, type SweepOutcome } from '../gas/photo-sweep';
import { CALL_COST, CallBudget, NIGHT_KEEP } from '../core/privacy/night-budget';
import { reportChangeOutcome, reportRowProblems } from '../gas/row-report';
import { responsesSheet } from '../gas/staff-sheet';
import { RESPONSES_UPKEEP, type ResponsesUpkeep } from '../gas/setup-sheets';
import { runSteps, type SetupStep, type StepFailure } from '../gas/setup-steps';
import { openBoxSpreadsheet } from '../gas/config/box-spreadsheet';
import { untrashFile } from '../gas/folders';
import type { AdminResult } from '../shared/types';
import { recordedOwner, requireOwner } from './admin/guard';
import { expireSpam } from './staff/spam';
import { adminResult } from './admin/result';
import { trashExpiredReportFiles, trashExpiredSentMail } from './retention';
import { trashQueuedPhotos } from './purged-photos';
import { purgeOtherSheets } from './other-sheets';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

const LOCK_WAIT_MS = 20000;
/** A piece that finds the script lock held: named as not done, like any other failure. */
const BUSY = 'Hệ thống đang bận (một việc khác đang ghi vào bảng tính)';
const TITLE = 'Xóa thông tin cá nhân quá hạn';
/** Nhật ký's kind for the one line a night writes about the pieces it could not do. */
const NIGHTLY_LOG = 'Việc hằng đêm';

export interface PurgeOutcome extends AdminResult {
  rows: number;
  photosTrashed: number;
  photosSkipped: number;
  /** Photos of purged rows past the night's call budget, left for the pending runs and the following nights. */
  photosLeft: number;
  /** 'dd/MM/yyyy': rows received before this local day were purged. */
  before: string;
  /** Photo files no row pointed to: linked into their row, or trashed. */
  orphans?: SweepOutcome;
  /** Service calls paid from the night's budget for the backlog loops (core/privacy/night-budget.ts). */
  backlogCalls?: number;
  busy?: boolean;
}

type Counts = Omit<PurgeOutcome, keyof AdminResult>;

/** What the pieces of one night share: the configuration, Góp ý (opened on first use), and what each piece found. */
class Night {
  readonly lines: string[] = [];
  readonly cutoff: Date;
  readonly out: Counts;
  /** Góp ý as the purge left it; null when the purge did not read it. */
  table: unknown[][] | null = null;
  /** Góp ý's header is not as the box wrote it (a column added or removed): nothing is written into its rows. */
  columnsMoved = false;
  /** What the upkeep of Góp ý changed, for one Nhật ký line. */
  readonly upkeepChanges: string[] = [];
  /** The calls left to the night's backlog loops (core/privacy/night-budget.ts). */
  readonly budget = new CallBudget();
  /** Photos of rows purged tonight that the queue had no room for: the photo sweep finds them. */
  photosDropped = 0;
  /** Photo ids the purge of Góp ý queued tonight. */
  readonly purgedPhotoIds = new Set<string>();
  private opened: { sheet: Sheet; store: FeedbackSheet } | null = null;
  private photoFolder: { id: string | null } | null = null;
  private upkeep: ResponsesUpkeep | null = null;
  /** How long the next piece waits for the script lock: once a wait timed out, later pieces do not wait again. */
  private lockWait = LOCK_WAIT_MS;

  constructor(
    readonly loaded: LoadedConfig,
    readonly now: Date,
  ) {
    this.cutoff = retentionCutoff(now, loaded.config.retentionMonths);
    this.out = { rows: 0, photosTrashed: 0, photosSkipped: 0, photosLeft: 0, before: formatLocalDate(this.cutoff) };
  }

  /** Góp ý and its store; a failure to open them fails the piece that asked, and the next piece asks again. */
  private responses(): { sheet: Sheet; store: FeedbackSheet } {
    if (!this.opened) {
      const sheet = responsesSheet(this.loaded);
      this.opened = { sheet, store: FeedbackSheet.fromSheet(sheet, this.loaded.spreadsheetUrl) };
    }
    return this.opened;
  }

  get sheet(): Sheet {
    return this.responses().sheet;
  }

  get spreadsheet(): GoogleAppsScript.Spreadsheet.Spreadsheet {
    return this.sheet.getParent();
  }

  get store(): FeedbackSheet {
    return this.responses().store;
  }

  get photoFolderId(): string | null {
    this.photoFolder ??= { id: PropertiesService.getScriptProperties().getProperty(PROP_PHOTOS_FOLDER_ID) };
    return this.photoFolder.id;
  }

  /**
   * `write` under the script lock, given back at once after (never held across Drive or Gmail calls). A lock held
   * elsewhere fails the piece (BUSY); the night waits for it once at most, so a held lock cannot use up the run's
   * 6 minutes.
   */
  locked<T>(write: () => T): T {
    const lock = LockService.getScriptLock();
    if (!lock.tryLock(this.lockWait)) {
      this.lockWait = 0;
      this.out.busy = true;
      throw new Error(BUSY);
    }
    try {
      return write();
    } finally {
      lock.releaseLock();
    }
  }

  get upkeepOf(): ResponsesUpkeep {
    this.upkeep ??= { ss: this.sheet.getParent(), sheet: this.sheet, owner: recordedOwner() ?? '', changes: this.upkeepChanges };
    return this.upkeep;
  }
}

type Piece = SetupStep<Night>;

/**
 * The pieces of the night, each named as Nhật ký names it when it was not done. The purge comes first: personal data
 * kept past its date matters most. A piece that needs another's result is one piece with it (the purge and its
 * photos); the photo sweep reads Góp ý itself when the purge did not.
 */
const NIGHTLY_PIECES: readonly Piece[] = [
  { name: 'Xóa thông tin cá nhân quá hạn', run: purgeRows },
  { name: 'Xóa thông tin cá nhân quá hạn ở các trang khác', run: purgeOtherSheets },
  { name: 'Lấy bảng tính của hòm thư ra khỏi thùng rác', run: keepSpreadsheetOutOfTrash },
  { name: 'Rà thư mục ảnh', run: sweepOrphans },
  { name: 'Xóa thư quá hạn', run: (n) => n.lines.push(trashExpiredSentMail(n.loaded, n.now, n.budget, NIGHT_KEEP.afterMail)) },
  { name: 'Xóa báo cáo quá hạn lưu', run: (n) => n.lines.push(trashExpiredReportFiles(n.loaded, n.now, n.budget)) },
  ...RESPONSES_UPKEEP.map((step): Piece => ({ name: step.name, run: (n) => n.locked(() => step.run(n.upkeepOf)) })),
  { name: 'Xóa dòng quá 30 ngày ở trang Rác', run: expireSpamRows },
];

/**
 * Daily trigger: rows received more than "Số tháng lưu thông tin cá nhân" months ago lose their personal data (name,
 * phone, email, address, photo links, and those values inside the text); their photos go to the Drive trash. The
 * opinion and its handling stay for the statistics. Rows are named by tracking code at the moment of writing (staff
 * may sort meanwhile); rows whose code was edited, cleared or copied are left alone and reported. Then the other
 * pieces of the night (see NIGHTLY_PIECES). Counts go to Nhật ký. Run by the trigger, a piece not done makes the
 * execution fail at the end, after every other piece ran; pressed on the admin page, the result names it.
 */
export function purgeExpiredPersonalData(e?: unknown): PurgeOutcome {
  const access = requireOwner('purgeExpiredPersonalData', e);
  const night = new Night(loadConfig(), new Date());
  const { failed } = runSteps(night, [], NIGHTLY_PIECES, 'nightly.step-failed');
  if (night.upkeepChanges.length) writeLog('Bảo trì bảng tính', night.upkeepChanges.join(' '));
  const lines = [...night.lines, ...night.upkeepChanges];
  if (failed.length) {
    writeLog(NIGHTLY_LOG, nightlyFailureLine(failed));
    if (access.as === 'trigger') throw new Error(`${NIGHTLY_LOG}: ${nightlyFailureLine(failed)}`);
    lines.push(
      `Chưa làm được ${failed.length} việc dưới đây; các việc khác vẫn chạy. Hãy thử lại sau ít phút (đêm sau hệ thống cũng tự thử lại):`,
      ...byError(failed).map((f) => `• ${f.step}: ${f.error}`),
    );
  }
  return {
    ...adminResult(TITLE, lines, { ok: failed.length === 0 && !night.out.busy }),
    ...night.out,
    backlogCalls: night.budget.used,
  };
}

/** Nhật ký's one line for a night's pieces not done: what they are and what Google said. */
function nightlyFailureLine(failed: readonly StepFailure[]): string {
  const list = byError(failed)
    .map((f) => `${f.step}: ${f.error}`)
    .join('; ');
  return `Chưa làm được ${failed.length} việc đêm nay (${list}). Các việc khác vẫn chạy; đêm sau hệ thống tự thử lại. Nếu lỗi lặp lại nhiều đêm, hãy báo chủ sở hữu hòm thư.`;
}

/** Pieces that failed for the same reason (Góp ý missing fails most of them) named together, the reason once. */
function byError(failed: readonly StepFailure[]): StepFailure[] {
  const steps = new Map<string, string[]>();
  for (const f of failed) steps.set(f.error, [...(steps.get(f.error) ?? []), f.step]);
  return [...steps].map(([error, names]) => ({ step: names.join(', '), error }));
}

/**
 * The box's spreadsheet put in the Drive trash (by a slip, or by someone who thought it unused) keeps taking opinions,
 * and Drive deletes it for good after 30 days: every opinion would go with it. The night takes it back and says so.
 */
function keepSpreadsheetOutOfTrash(night: Night): void {
  if (!untrashFile(night.loaded.spreadsheetId)) return;
  const line =
    'Bảng tính của hòm thư đang nằm trong thùng rác của Drive (sau 30 ngày Google xóa hẳn, mất mọi ý kiến) nên hệ thống đã lấy lại. Nếu muốn dừng hòm thư, hãy báo chủ sở hữu; đừng xóa bảng tính.';
  writeLog('Bảng tính', line);
  night.lines.push(line);
}

/** The retention purge of the rows under the script lock, then their photos to the trash. */
function purgeRows(night: Night): void {
  const { store, loaded, out } = night;
  night.locked(() => {
    let table = store.table();
    // Rows are written by column position: with a column added or removed, the purge would blank other columns
    // (an opinion's text) and keep the personal ones. Nothing is changed until the header is right again.
    const moved = responsesHeaderProblems(table);
    if (moved.length) {
      const line = writesHeldMessage(RESPONSES_SHEET, moved, 'Chưa xóa thông tin cá nhân quá hạn');
      writeLog('Xóa thông tin cá nhân', line);
      night.lines.push(line);
      night.table = table;
      night.columnsMoved = true;
      return;
    }
    const plan = planPurge(table, night.cutoff, isTrackingCode);
    reportRowProblems(plan.leftAlone, loaded.spreadsheetId);
    if (plan.changes.length) {
      const outcome = store.change(plan.changes, table);
      reportChangeOutcome(outcome, 'xóa thông tin cá nhân quá hạn', RESPONSES_SHEET, loaded.spreadsheetId);
      out.rows = outcome.done.length;
      const photoIds = outcome.done.flatMap((c) => plan.photoIds.get(c.label) ?? []);
      // Queued in the step that blanked their rows: a run stopped before trashing them loses none.
      night.photosDropped = queuePurgedPhotos(photoIds);
      for (const id of photoIds) night.purgedPhotoIds.add(id);
      table = outcome.table;
    }
    night.table = table;
  });
  trashPhotos(night);
  if (out.rows > 0 || out.photosTrashed > 0 || out.photosSkipped > 0) {
    const skipped = out.photosSkipped ? `; ${out.photosSkipped} ảnh không còn trong thư mục ảnh của hòm thư nên không xóa` : '';
    writeLog(
      'Xóa thông tin cá nhân',
      `Đã xóa thông tin cá nhân của ${out.rows} ý kiến nhận trước ngày ${out.before} (lưu ${loaded.config.retentionMonths} tháng); đã chuyển ${out.photosTrashed} ảnh vào thùng rác${skipped}${leftText(out)}.`,
    );
  }
  night.lines.push(
    `Đã xóa thông tin cá nhân của ${out.rows} ý kiến nhận trước ngày ${out.before}; đã chuyển ${out.photosTrashed} ảnh vào thùng rác${leftText(out)}.`,
  );
}

/** The photos past the night's budget, said in the purge's line. */
function leftText(out: Counts): string {
  return out.photosLeft ? `; còn ${out.photosLeft} ảnh sẽ được chuyển vào thùng rác trong các lần chạy sau` : '';
}

/**
 * The queued photos of purged rows (this night's and earlier nights') to the Drive trash, only those in the box's
 * photo folder, as many as the night's call budget pays for while leaving the later pieces their share; the rest
 * stay queued for the next nights (gas/photo-queue.ts). Each is counted once: a photo someone already trashed is not.
 */
function trashPhotos(night: Night): void {
  const { out, budget } = night;
  const max = budget.fits(CALL_COST.purgePhoto, NIGHT_KEEP.afterPurgePhotos);
  budget.take(max * CALL_COST.purgePhoto);
  const folderId = night.photoFolderId;
  const r = trashQueuedPhotos(max, folderId, (f) => night.locked(f));
  budget.refund((max - r.taken) * CALL_COST.purgePhoto);
  out.photosTrashed += r.trashed;
  out.photosSkipped += r.skipped;
  out.photosLeft = r.left + night.photosDropped;
}

/** The photo folder's files no row points to: linked into their row or trashed, and said so in Nhật ký. */
function sweepOrphans(night: Night): void {
  const folderId = night.photoFolderId;
  // Links are read from the photo column by position: with columns moved, every photo would look like no row's.
  if (!folderId || night.columnsMoved) return;
  const store = night.store;
  const o = sweepPhotos(
    folderId,
    night.table,
    () => night.locked(() => store.table()),
    night.cutoff,
    (changes) => night.locked(() => store.change(changes)),
    night.budget,
    NIGHT_KEEP.afterSweep,
  );
  night.out.orphans = o;
  const parts: string[] = [];
  if (o.restoredFolder) parts.push('thư mục ảnh đang ở thùng rác nên đã được lấy lại, các ảnh trong đó giữ nguyên đường dẫn');
  if (o.linkedRows.length) {
    parts.push(`đã gắn ${o.linkedFiles} ảnh vào ${o.linkedRows.length} ý kiến chưa có đường dẫn ảnh (${o.linkedRows.join(', ')})`);
  }
  if (o.trashed) parts.push(`đã chuyển ${o.trashed} ảnh không thuộc ý kiến nào (hoặc lưu trùng) vào thùng rác`);
  if (parts.length) writeLog('Ảnh góp ý', `Rà thư mục ảnh: ${parts.join('; ')}.`);
  if (o.linkedFiles || o.trashed) {
    night.lines.push(`Rà thư mục ảnh: đã gắn ${o.linkedFiles} ảnh vào ý kiến, đã chuyển ${o.trashed} ảnh thừa vào thùng rác.`);
  }
}

/** Rác rows hold personal data: deleted after their 30 days, whatever became of Góp ý. */
function expireSpamRows(night: Night): void {
  const expired = night.locked(() => expireSpam(openBoxSpreadsheet(night.loaded.spreadsheetId), night.now));
  if (expired) night.lines.push(`Đã xóa hẳn ${expired} dòng ở trang Rác đã quá 30 ngày.`);
}
