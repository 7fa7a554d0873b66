/**
 * Runs every platform check once, on scratch files of the real account, and always cleans up after them.
 */
import { runCheck, type CheckResult, type PlatformCheckId } from '../../core/platform/checks';
import { errorMessage } from '../../core/common/ports';
import { DOCS_CHECK_IDS, docsChecks } from './docs-checks';
import { photoFolderListingCheck } from './drive-checks';
import { REPORT_CHECK_IDS, reportChecks } from './report-checks';
import { Scratch } from './scratch';
import {
  cacheLimitsCheck,
  dateCreatedCheck,
  gmailChecks,
  gzipHeaderCheck,
  mailQuotaCheck,
  propertiesLimitsCheck,
  scriptLockCheck,
  onDemandCodeCheck,
  shareableByEditorsCheck,
  signedBytesCheck,
} from './service-checks';
import { SHEET_CHECK_IDS, sheetChecks } from './sheets-checks';
import { ownTriggersCheck, triggerLimitCheck } from './trigger-checks';

/** When a whole group could not start (e.g. the scratch spreadsheet could not be made), each of its checks says so. */
function failed(ids: readonly PlatformCheckId[], e: unknown): CheckResult[] {
  return ids.map((id) => runCheck(id, () => ({ ok: null, detail: `Không tạo được tệp tạm: ${errorMessage(e)}` })));
}

/** Every check's result; the scratch folder and files are trashed whatever happens. */
export function runPlatformChecks(scratch: Scratch): CheckResult[] {
  const results: CheckResult[] = [];
  const started = Date.now();
  try {
    results.push(
      signedBytesCheck(),
      gzipHeaderCheck(),
      scriptLockCheck(),
      onDemandCodeCheck(),
      ownTriggersCheck(),
      triggerLimitCheck(),
      cacheLimitsCheck(scratch),
      propertiesLimitsCheck(scratch),
    );
    let spreadsheetId: string | null = null;
    try {
      const sheets = sheetChecks(scratch);
      spreadsheetId = sheets.spreadsheetId;
      results.push(...sheets.results);
    } catch (e) {
      results.push(...failed(SHEET_CHECK_IDS, e));
    }
    try {
      results.push(...docsChecks(scratch));
    } catch (e) {
      results.push(...failed(DOCS_CHECK_IDS, e));
    }
    try {
      results.push(...reportChecks(scratch));
    } catch (e) {
      results.push(...failed(REPORT_CHECK_IDS, e));
    }
    results.push(photoFolderListingCheck(scratch));
    results.push(shareableByEditorsCheck(spreadsheetId ?? scratch.anyFile()));
    results.push(dateCreatedCheck(spreadsheetId ?? scratch.anyFile(), started));
    results.push(...gmailChecks(scratch));
    results.push(mailQuotaCheck(scratch));
  } finally {
    results.push(scratch.cleanup());
  }
  return results;
}
