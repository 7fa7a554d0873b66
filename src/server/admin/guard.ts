/**
 * The admin guard as Apps Script sees it: gathers who is calling, and refuses before any side effect.
 */
import { ACCESS_DENIED, claimedTriggerUid, decideAccess, type AccessDecision } from '../../core/admin/guard';
import { loadConfig } from '../../gas/config/load-config';
import { consoleLogger } from '../../gas/services';

export const PROP_OWNER_EMAIL = 'OWNER_EMAIL';

export class AccessDeniedError extends Error {
  constructor(message = ACCESS_DENIED) {
    super(message);
    this.name = 'AccessDeniedError';
  }
}

/**
 * Functions that install triggers, make Drive folders and documents, or send mail act as whoever runs them. Run by a
 * staff admin from the Sheet menu they would do so in that person's account (their triggers, their Drive, their
 * Gmail), where the web app, running as the owner, cannot follow. So they are the owner's (or the owner's triggers').
 */
export function ownerOnlyMessage(owner: string): string {
  return `Chức năng này chỉ chủ sở hữu hòm thư (${owner}) chạy được, vì nó dùng Drive, Gmail và trình kích hoạt của tài khoản chủ. Nếu bạn nhận bàn giao hòm thư, hãy dùng "Nhận bàn giao hòm thư" trước.`;
}

/**
 * Throws AccessDeniedError unless the caller is one of the project's installed triggers or an admin.
 * Reads only: trigger list, active user, recorded owner and the admin list.
 */
export function requireAdmin(
  fn: string,
  event?: unknown,
  opts: { setup?: boolean; ownerOnly?: boolean } = {},
): AccessDecision & { allowed: true } {
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
  // Effective user: who the script acts as. Only read for a signed-in caller (anonymous callers are refused anyway).
  const effectiveUser = activeUser ? Session.getEffectiveUser().getEmail() : '';
  const decision = decideAccess({
    activeUser,
    admins,
    triggerUid: claimed,
    projectTriggerUids,
    // The very first setup: run by someone acting as themselves (script editor), never through the web app.
    firstSetup: Boolean(opts.setup) && !owner && sameEmail(activeUser, effectiveUser),
  });
  if (!decision.allowed) {
    consoleLogger.warn('guard.refused', { fn, reason: decision.reason, claimedTrigger: Boolean(claimed) });
    throw new AccessDeniedError();
  }
  if (opts.ownerOnly && decision.as === 'admin' && owner && !sameEmail(effectiveUser, owner)) {
    consoleLogger.warn('guard.owner-only', { fn });
    throw new AccessDeniedError(ownerOnlyMessage(owner));
  }
  return decision;
}

function sameEmail(a: string, b: string): boolean {
  return Boolean(a) && a.trim().toLowerCase() === b.trim().toLowerCase();
}
