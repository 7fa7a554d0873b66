/**
 * The public surface of the script: every top-level function Apps Script sees is re-exported here, and nothing else.
 * doGet, submitFeedback and lookupFeedback are for everyone (doGet serves the admin page only to the owner); every
 * other function refuses unless run by the box's owner or by one of the project's own triggers.
 * Only the residents' three functions run code of Code.js itself; the others run code Code.js reads from OnDemand.html
 * when one of them is called (see on-demand.ts), so a resident's execution evaluates only what it needs.
 */
export { doGet, submitFeedback, lookupFeedback } from './web-app';
export {
  sendPendingEmails,
  onStaffEdit,
  setup,
  takeOverBox,
  assignCodesToManualRows,
  moveSpamToTrash,
  restoreFromTrash,
  sendWeeklyDigest,
  buildSynthesisReport,
  buildLocationNotices,
  purgeExpiredPersonalData,
  handleResidentRequest,
  generatePosters,
  regenerateAllPosters,
  continuePosters,
  verifyPlatform,
  buildMonthlyReport,
  refreshPublicResults,
} from './on-demand';
