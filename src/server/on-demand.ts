/**
 * Code.js carries the residents' three functions; the rest of the server (on-demand-entry.ts, the triggers too) is
 * built into OnDemand.html, a pushed file Apps Script never evaluates by itself. The first call in an execution to one of
 * the functions below reads that file through HtmlService and evaluates it once; every later call in the same
 * execution uses the same exports. Its stack frames are named "OnDemand" (the sourceURL), its functions keep their
 * names, and its text is the readable, minified script the build wrote.
 */
import type * as OnDemandExports from './on-demand-entry';
import { ON_DEMAND_FILE, onDemandChecksum } from '../gas/on-demand-file';
import { claimedTriggerUid, visitorRefusal } from '../core/admin/guard';
import { consoleLogger } from '../gas/services';
import { AccessDeniedError } from './admin/guard';

/** Set by the build: the checksum of OnDemand.html (onDemandChecksum) and the variable its script assigns its exports to. */
declare const ON_DEMAND_CHECKSUM: string;
declare const ON_DEMAND_VAR: string;

type OnDemand = typeof OnDemandExports;

let loaded: OnDemand | null = null;

/** The on-demand exports, read and evaluated at the first call of this execution. */
export function onDemand(): OnDemand {
  if (loaded) return loaded;
  const source = HtmlService.createHtmlOutputFromFile(ON_DEMAND_FILE).getContent();
  // A file that is not the text the build wrote with this Code.js (another build, a cut or changed text) must not run.
  const checksum = onDemandChecksum(source);
  const expected: string = ON_DEMAND_CHECKSUM;
  if (checksum !== expected) {
    throw new Error(
      `${ON_DEMAND_FILE}.html is not the file this Code.js was built with (checksum ${checksum}, expected ${expected}): push build/ again (npm run deploy)`,
    );
  }
  // The project's own pushed file, checked above, evaluated in a function scope: it adds no global.
  loaded = new Function(`${source}\nreturn ${ON_DEMAND_VAR};\n//# sourceURL=${ON_DEMAND_FILE}`)() as OnDemand;
  return loaded;
}

/**
 * The on-demand exports for a call of `fn`, after refusing at once a caller the owner guard (requireOwner) always
 * refuses: a web-app visitor, anonymous or signed in as another account than the one the script acts as, whose first
 * argument is no event of one of the project's triggers for `fn` (it claims none, or a trigger uid the project's
 * trigger list does not give for `fn`). Such a call is any visitor's to make (google.script.run), and reading and
 * evaluating OnDemand.html only to refuse it would cost far more than the refusal. Every on-demand function still
 * asks requireOwner itself: a real trigger, the owner and everyone else are judged there.
 */
function forCaller(fn: string, event: unknown): OnDemand {
  const claimed = claimedTriggerUid(event);
  if (claimed === undefined || !isProjectTrigger(claimed, fn)) {
    const activeUser = Session.getActiveUser().getEmail();
    const reason = visitorRefusal({ activeUser, effectiveUser: activeUser ? Session.getEffectiveUser().getEmail() : '' });
    if (reason) {
      consoleLogger.warn('guard.refused', { fn, reason, claimedTrigger: claimed !== undefined, beforeLoad: true });
      throw new AccessDeniedError();
    }
  }
  return onDemand();
}

/**
 * Whether the trigger list of the account the script runs as has a trigger with this uid that runs `fn`. A list that
 * cannot be read counts as no: the caller is then judged as anyone who claims no trigger.
 */
function isProjectTrigger(uid: string, fn: string): boolean {
  try {
    return ScriptApp.getProjectTriggers().some((t) => t.getUniqueId() === uid && t.getHandlerFunction() === fn);
  } catch (e) {
    consoleLogger.error('guard.triggers-unreadable', e, { fn });
    return false;
  }
}

type Args<K extends keyof OnDemand> = Parameters<OnDemand[K]>;
type Result<K extends keyof OnDemand> = ReturnType<OnDemand[K]>;

// The public functions whose code is on demand: each runs its namesake there (named declarations, so the stubs
// gas-webpack-plugin writes bind them and stack traces name them), once forCaller let the caller through.
export function sendPendingEmails(...args: Args<'sendPendingEmails'>): Result<'sendPendingEmails'> {
  return forCaller('sendPendingEmails', args[0]).sendPendingEmails(...args);
}
export function onStaffEdit(...args: Args<'onStaffEdit'>): Result<'onStaffEdit'> {
  return forCaller('onStaffEdit', args[0]).onStaffEdit(...args);
}
export function setup(...args: Args<'setup'>): Result<'setup'> {
  return forCaller('setup', args[0]).setup(...args);
}
export function takeOverBox(...args: Args<'takeOverBox'>): Result<'takeOverBox'> {
  return forCaller('takeOverBox', args[0]).takeOverBox(...args);
}
export function assignCodesToManualRows(...args: Args<'assignCodesToManualRows'>): Result<'assignCodesToManualRows'> {
  return forCaller('assignCodesToManualRows', args[0]).assignCodesToManualRows(...args);
}
export function moveSpamToTrash(...args: Args<'moveSpamToTrash'>): Result<'moveSpamToTrash'> {
  return forCaller('moveSpamToTrash', args[0]).moveSpamToTrash(...args);
}
export function restoreFromTrash(...args: Args<'restoreFromTrash'>): Result<'restoreFromTrash'> {
  return forCaller('restoreFromTrash', args[0]).restoreFromTrash(...args);
}
export function sendWeeklyDigest(...args: Args<'sendWeeklyDigest'>): Result<'sendWeeklyDigest'> {
  return forCaller('sendWeeklyDigest', args[0]).sendWeeklyDigest(...args);
}
export function buildSynthesisReport(...args: Args<'buildSynthesisReport'>): Result<'buildSynthesisReport'> {
  return forCaller('buildSynthesisReport', args[0]).buildSynthesisReport(...args);
}
export function buildLocationNotices(...args: Args<'buildLocationNotices'>): Result<'buildLocationNotices'> {
  return forCaller('buildLocationNotices', args[0]).buildLocationNotices(...args);
}
export function purgeExpiredPersonalData(...args: Args<'purgeExpiredPersonalData'>): Result<'purgeExpiredPersonalData'> {
  return forCaller('purgeExpiredPersonalData', args[0]).purgeExpiredPersonalData(...args);
}
export function handleResidentRequest(...args: Args<'handleResidentRequest'>): Result<'handleResidentRequest'> {
  return forCaller('handleResidentRequest', args[0]).handleResidentRequest(...args);
}
export function generatePosters(...args: Args<'generatePosters'>): Result<'generatePosters'> {
  return forCaller('generatePosters', args[0]).generatePosters(...args);
}
export function regenerateAllPosters(...args: Args<'regenerateAllPosters'>): Result<'regenerateAllPosters'> {
  return forCaller('regenerateAllPosters', args[0]).regenerateAllPosters(...args);
}
export function continuePosters(...args: Args<'continuePosters'>): Result<'continuePosters'> {
  return forCaller('continuePosters', args[0]).continuePosters(...args);
}
export function verifyPlatform(...args: Args<'verifyPlatform'>): Result<'verifyPlatform'> {
  return forCaller('verifyPlatform', args[0]).verifyPlatform(...args);
}
export function buildMonthlyReport(...args: Args<'buildMonthlyReport'>): Result<'buildMonthlyReport'> {
  return forCaller('buildMonthlyReport', args[0]).buildMonthlyReport(...args);
}
export function refreshPublicResults(...args: Args<'refreshPublicResults'>): Result<'refreshPublicResults'> {
  return forCaller('refreshPublicResults', args[0]).refreshPublicResults(...args);
}

// Called from doGet: the admin page.
export function adminPage(...args: Args<'adminPage'>): Result<'adminPage'> {
  return onDemand().adminPage(...args);
}
