/**
 * The public surface of the script: every top-level function Apps Script sees is re-exported here, and nothing else.
 * doGet, submitFeedback and lookupFeedback are for everyone (doGet serves the admin page only to the owner); every
 * other function refuses unless run by the box's owner or by one of the project's own triggers.
 */
export { doGet, submitFeedback, lookupFeedback } from './web-app';
export { setup, takeOverBox } from './admin/setup';
export { sendPendingEmails } from './admin/admin-actions';
export { onStaffEdit } from './staff/staff-edit';
export { assignCodesToManualRows } from './staff/manual-rows';
export { sendWeeklyDigest, buildSynthesisReport, buildLocationNotices } from './reports';
export { purgeExpiredPersonalData } from './privacy';
export { handleResidentRequest } from './resident-rights';
export { generatePosters, regenerateAllPosters, continuePosters } from './posters';
export { verifyPlatform } from './platform';
export { refreshPublicResults } from './results';
export { buildMonthlyReport } from './monthly-report';
