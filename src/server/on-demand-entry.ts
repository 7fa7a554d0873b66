/**
 * The code built into OnDemand.html rather than Code.js: everything but the three functions of the residents' page
 * (the triggers, setup, posters, reports, the nightly run, the resident-rights requests, the platform check, the
 * admin page). Apps Script evaluates Code.js at
 * every execution, each resident's submission included; this part is read and evaluated only by an execution that
 * calls one of these functions (src/server/on-demand.ts). The public names stay top-level functions of Code.js.
 */
export { setup, takeOverBox } from './admin/setup';
export { sendPendingEmails } from './admin/admin-actions';
export { onStaffEdit } from './staff/staff-edit';
export { assignCodesToManualRows } from './staff/manual-rows';
export { moveSpamToTrash, restoreFromTrash } from './staff/spam';
export { sendWeeklyDigest, buildSynthesisReport, buildLocationNotices } from './reports';
export { purgeExpiredPersonalData } from './privacy';
export { handleResidentRequest } from './resident-rights';
export { generatePosters, regenerateAllPosters, continuePosters } from './posters';
export { verifyPlatform } from './platform';
export { buildMonthlyReport } from './monthly-report';
export { refreshPublicResults } from './results-refresh';
export { adminPage } from './admin/admin-page';
