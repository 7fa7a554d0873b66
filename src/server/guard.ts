/**
 * The admin guard as Apps Script sees it: gathers who is calling, and refuses before any side effect.
 */
import { ACCESS_DENIED, claimedTriggerUid, decideAccess, type AccessDecision } from '../core/guard';
import { loadConfig } from '../gas/box-sheet';
import { consoleLogger } from '../gas/services';

export const PROP_OWNER_EMAIL = 'OWNER_EMAIL';

export class AccessDeniedError extends Error {
  constructor() {
    super(ACCESS_DENIED);
    this.name = 'AccessDeniedError';
  }
}

/**
 * Throws AccessDeniedError unless the caller is one of the project's installed triggers or an admin.
 * Reads only: trigger list, active user, recorded owner and the admin list.
 */
export function requireAdmin(fn: string, event?: unknown, opts: { setup?: boolean } = {}): AccessDecision & { allowed: true } {
  const claimed = claimedTriggerUid(event);
  // A claimed trigger counts only if it is one of ours and runs this very function.
  const projectTriggerUids = claimed
    ? ScriptApp.getProjectTriggers()
        .filter((t) => t.getHandlerFunction() === fn)
        .map((t) => t.getUniqueId())
    : undefined;
  const activeUser = claimed && projectTriggerUids?.includes(claimed) ? '' : Session.getActiveUser().getEmail();
  let admins: string[] = [];
  let owner: string | null = null;
  if (activeUser) {
    owner = PropertiesService.getScriptProperties().getProperty(PROP_OWNER_EMAIL);
    if (owner) admins.push(owner);
    try {
      admins = admins.concat(loadConfig({ persist: false }).config.admins);
    } catch (e) {
      // Before setup there is no configuration: only the first setup can pass.
      consoleLogger.warn('guard.no-config', { fn, error: String(e) });
    }
  }
  const decision = decideAccess({
    activeUser,
    admins,
    triggerUid: claimed,
    projectTriggerUids,
    firstSetup: Boolean(opts.setup) && !owner,
  });
  if (!decision.allowed) {
    consoleLogger.warn('guard.refused', { fn, reason: decision.reason, claimedTrigger: Boolean(claimed) });
    throw new AccessDeniedError();
  }
  return decision;
}

/** Wraps an admin or trigger function so the guard runs first, whatever the function does. */
export function adminOnly<A extends unknown[], R>(name: string, fn: (...args: A) => R, opts: { setup?: boolean } = {}) {
  return (...args: A): R => {
    requireAdmin(name, args[0], opts);
    return fn(...args);
  };
}
