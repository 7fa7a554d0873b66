/**
 * The owner guard as Apps Script sees it: gathers who is calling, and refuses before any side effect. Reads only the
 * trigger list, the two Session users and the owner recorded in the script properties.
 */
import { ACCESS_DENIED, claimedTriggerUid, decideAccess, type AccessDecision } from '../../core/admin/guard';
import { PROP_OWNER_EMAIL } from '../../gas/config/box-spreadsheet';
import { consoleLogger } from '../../gas/services';

export { PROP_OWNER_EMAIL };

export class AccessDeniedError extends Error {
  constructor(message = ACCESS_DENIED) {
    super(message);
    this.name = 'AccessDeniedError';
  }
}

/**
 * Said to someone who runs the project as themselves (the script editor, a deployment of their own) but is not the
 * owner: they can reach the project, so naming the owner helps them, and handing over is the way in.
 */
export function notOwnerMessage(owner: string): string {
  return `Chức năng này chỉ chủ sở hữu hòm thư (${owner}) chạy được: nó dùng Drive, Gmail và trình kích hoạt của tài khoản chủ. Nếu bạn nhận bàn giao hòm thư, hãy dùng "Nhận bàn giao hòm thư" trước.`;
}

/** The owner recorded by the first setup, or null. */
export function recordedOwner(): string | null {
  return PropertiesService.getScriptProperties().getProperty(PROP_OWNER_EMAIL);
}

/**
 * Throws AccessDeniedError unless the caller is one of the project's installed triggers for `fn`, or the owner acting
 * as themselves (the admin page, the script editor). `setup` lets the very first setup record its runner as owner.
 */
export function requireOwner(fn: string, event?: unknown, opts: { setup?: boolean } = {}): AccessDecision & { allowed: true } {
  const claimed = claimedTriggerUid(event);
  // A claimed trigger counts only if it is one of ours and runs this very function.
  const projectTriggerUids = claimed
    ? ScriptApp.getProjectTriggers()
        .filter((t) => t.getHandlerFunction() === fn)
        .map((t) => t.getUniqueId())
    : undefined;
  const isTrigger = Boolean(claimed && projectTriggerUids?.includes(claimed));
  const activeUser = isTrigger ? '' : Session.getActiveUser().getEmail();
  // Only read for a signed-in caller (anonymous callers are refused anyway).
  const effectiveUser = activeUser ? Session.getEffectiveUser().getEmail() : '';
  const owner = activeUser ? recordedOwner() : null;
  const decision = decideAccess({ activeUser, effectiveUser, owner, triggerUid: claimed, projectTriggerUids, setup: opts.setup });
  if (!decision.allowed) {
    consoleLogger.warn('guard.refused', { fn, reason: decision.reason, claimedTrigger: Boolean(claimed) });
    throw new AccessDeniedError(decision.reason === 'not-owner' && owner ? notOwnerMessage(owner) : ACCESS_DENIED);
  }
  return decision;
}
