/**
 * verifyPlatform: the owner's self-check of every assumption the local fakes make about Google, run on scratch
 * files in the real account. Run it once after the first setup, and again after Google announces changes to Apps
 * Script, Sheets, Docs, Drive or Gmail. One line per check goes to Nhật ký; the same report is returned.
 */
import { PLATFORM_BUSY, platformReport, REPORT_TITLE, type PlatformReport } from '../core/platform/checks';
import { writeLog } from '../gas/log';
import { releasePlatformLease, takePlatformLease } from '../gas/platform/lease';
import { runPlatformChecks } from '../gas/platform/run';
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

export function verifyPlatform(e?: unknown): PlatformReport & AdminResult {
  requireOwner('verifyPlatform', e);
  const scratch = new Scratch();
  // A second run while one is going is refused here, before it makes anything.
  if (!takePlatformLease(scratch.token)) throw new PlatformBusyError();
  let report: PlatformReport;
  try {
    report = platformReport(runPlatformChecks(scratch));
  } finally {
    releasePlatformLease(scratch.token);
  }
  for (const line of report.lines) writeLog(REPORT_TITLE, line);
  const ok = report.checks.every((c) => c.ok !== false);
  return { ...adminResult(report.title, report.lines, { ok }), checks: report.checks };
}
