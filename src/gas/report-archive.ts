/**
 * The archive period of reports and notices: the files in the box's reports folder made before the cutoff are moved
 * to the Drive trash by the nightly run, a bounded number per run. They carry no personal data (by construction);
 * they are records, kept for the months set in Cấu hình.
 */
import { reportsFolder } from './report-doc';

/** Files the nightly run looks at most in the reports folder. */
export const REPORT_FILES_PER_RUN = 500;

export interface ArchiveOutcome {
  trashed: number;
  /** True when the run stopped at its bound with files left to look at. */
  more: boolean;
}

/** Moves the reports folder's files made before `cutoff` to the trash. */
export function trashExpiredReports(cutoff: Date, limit = REPORT_FILES_PER_RUN): ArchiveOutcome {
  const out: ArchiveOutcome = { trashed: 0, more: false };
  const files = reportsFolder().getFiles();
  let looked = 0;
  while (files.hasNext()) {
    if (looked >= limit) {
      out.more = true;
      break;
    }
    const file = files.next();
    looked++;
    if (file.getDateCreated().getTime() >= cutoff.getTime()) continue;
    file.setTrashed(true);
    out.trashed++;
  }
  return out;
}
