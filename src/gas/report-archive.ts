/**
 * The archive period of reports and notices: the files in the box's reports folder made before the cutoff are moved
 * to the Drive trash by the nightly run, a bounded number per run, each paid from the night's call budget. They carry
 * no personal data (by construction); they are records, kept for the months set in Cấu hình. Each night reads on
 * from where the last one stopped (a Drive continuation token in script properties), so a folder bigger than one
 * night's share is read through over several nights.
 */
import { CALL_COST, type CallBudget } from '../core/privacy/night-budget';
import { reportsFolder } from './report-doc';

/** Files the nightly run looks at most in the reports folder. */
export const REPORT_FILES_PER_RUN = 500;
export const PROP_REPORTS_SCAN_TOKEN = 'REPORTS_SCAN_TOKEN';

export interface ArchiveOutcome {
  trashed: number;
  /** True when the run stopped at its bound with files left to look at. */
  more: boolean;
}

/** Moves the reports folder's files made before `cutoff` to the trash, as far as `budget` pays (leaving `keep`). */
export function trashExpiredReports(cutoff: Date, budget: CallBudget, keep = 0, limit = REPORT_FILES_PER_RUN): ArchiveOutcome {
  const out: ArchiveOutcome = { trashed: 0, more: false };
  const folder = reportsFolder();
  const props = PropertiesService.getScriptProperties();
  const token = props.getProperty(PROP_REPORTS_SCAN_TOKEN);
  let files: GoogleAppsScript.Drive.FileIterator;
  try {
    files = token ? DriveApp.continueFileIterator(token) : folder.getFiles();
  } catch {
    files = folder.getFiles(); // an old token: start over
  }
  let looked = 0;
  while (looked < limit && budget.take(CALL_COST.reportFile, keep) && files.hasNext()) {
    const file = files.next();
    looked++;
    if (file.getDateCreated().getTime() >= cutoff.getTime()) continue;
    file.setTrashed(true);
    out.trashed++;
  }
  if (files.hasNext()) {
    out.more = true;
    props.setProperty(PROP_REPORTS_SCAN_TOKEN, files.getContinuationToken());
  } else if (token) props.deleteProperty(PROP_REPORTS_SCAN_TOKEN);
  return out;
}
