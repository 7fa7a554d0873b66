/**
 * verifyPlatform: the owner's self-check of every assumption the local fakes make about Google, run on scratch
 * files in the real account. Run it once after the first setup, and again after Google announces changes to Apps
 * Script, Sheets, Docs, Drive or Gmail. One line per check goes to Nhật ký; the same report is returned.
 */
import { checkLine, PLATFORM_BUSY, platformReport, REPORT_TITLE, type CheckResult, type PlatformReport } from '../core/platform/checks';
import { writeLog } from '../gas/log';
import { releasePlatformLease, takePlatformLease } from '../gas/platform/lease';
import { runPlatformChecks } from '../gas/platform/run';
import { leaveScriptLockHeld, scriptLockReleasedCheck } from '../gas/platform/service-checks';
import { Scratch } from '../gas/platform/scratch';
import type { AdminResult } from '../shared/types';
import { requireOwner } from './admin/guard';
import { adminResult } from './admin/result';

export class PlatformBusyError extends Error {
  constructor() {
    super(PLATFORM_BUSY);
    this.name = 'PlatformBusyError';
  }
}

/** What the admin page passes for the second half of script.lock-at-end. */
export const LOCK_AT_END_PHASE = 'lock-at-end';

function isLockAtEndPhase(e: unknown): boolean {
  return Boolean(e) && typeof e === 'object' && (e as { phase?: unknown }).phase === LOCK_AT_END_PHASE;
}

/**
 * Every check, on scratch files. The run ends holding the script lock (`lockLeftHeld`), and the admin page at once
 * calls verifyPlatform({ phase: 'lock-at-end' }) in a new execution, which must find the lock free: a check that
 * needs two executions.
 */
export function verifyPlatform(e?: unknown): PlatformReport & AdminResult & { lockLeftHeld?: boolean } {
  requireOwner('verifyPlatform', e);
  if (isLockAtEndPhase(e)) return lockAtEnd();
  const scratch = new Scratch();
  // A second run while one is going is refused here, before it makes anything.
  if (!takePlatformLease(scratch.token)) throw new PlatformBusyError();
  let report: PlatformReport;
  let lockLeftHeld: boolean;
  try {
    const results = runPlatformChecks(scratch);
    lockLeftHeld = leaveScriptLockHeld();
    results.push({
      id: 'script.lock-at-end',
      ok: null,
      detail: lockLeftHeld
        ? 'Lần chạy này kết thúc khi đang giữ khóa; trang quản trị kiểm tra ngay ở lần gọi tiếp theo (dòng kế tiếp trong Nhật ký).'
        : 'Không lấy được khóa để kiểm tra (có thể đang ghi ý kiến): hãy chạy lại sau.',
    });
    report = platformReport(results);
  } finally {
    releasePlatformLease(scratch.token);
  }
  for (const line of report.lines) writeLog(REPORT_TITLE, line);
  const ok = report.checks.every((c) => c.ok !== false);
  return { ...adminResult(report.title, report.lines, { ok }), checks: report.checks, lockLeftHeld };
}

/** The second half of script.lock-at-end, in its own execution. */
function lockAtEnd(): PlatformReport & AdminResult {
  const result: CheckResult = scriptLockReleasedCheck();
  const line = checkLine(result);
  writeLog(REPORT_TITLE, line);
  const title = `${REPORT_TITLE}: khóa khi kết thúc lần chạy`;
  return { ...adminResult(title, [line], { ok: result.ok !== false }), checks: [result] };
}
