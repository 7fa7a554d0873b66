/**
 * The owner guard as Apps Script sees it: gathers who is calling, and refuses before any side effect. Reads only the
 * trigger list, the two Session users and the owner recorded in the script properties. A trigger a previous owner
 * left behind is stopped here and deletes its account's triggers.
 */
import { ACCESS_DENIED, claimedTriggerUid, decideAccess, isLeftoverTrigger, type AccessDecision } from '../../core/admin/guard';
import { PROP_OWNER_EMAIL } from '../../gas/config/box-spreadsheet';
import { consoleLogger, settingsProperties } from '../../gas/services';

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
 * Said by a trigger that runs as another account than the owner's (that account's Apps Script shows it as the run's
 * error): a previous owner's, left behind by a hand-over, or one someone with the project open added for themselves.
 * It did nothing, and it and the other triggers of that account are gone.
 */
export function handedOverMessage(account: string, owner: string, removed: number): string {
  return `Trình kích hoạt này chạy dưới tài khoản ${account}, không phải chủ hòm thư (${owner}): có thể là của chủ cũ sau khi bàn giao, hoặc do người khác tự thêm. Nó không làm gì và đã tự xóa cùng các trình kích hoạt khác của tài khoản này (${removed} trình kích hoạt). Các việc tự động của hòm thư chỉ chạy dưới tài khoản của chủ hòm thư.`;
}

/**
 * Throws AccessDeniedError unless the caller is one of the project's installed triggers for `fn`, or the owner acting
 * as themselves (the admin page, the script editor). `setup` lets the very first setup record its runner as owner.
 *
 * A trigger runs as the account that made it, so after a hand-over the old owner's triggers still fire, as the old
 * account. Such a run is told apart by whom it acts as: it does nothing, deletes its account's triggers (all that
 * this execution can list: getProjectTriggers gives only the running account's), and throws HandedOverError.
 */
export function requireOwner(fn: string, event?: unknown, opts: { setup?: boolean } = {}): AccessDecision & { allowed: true } {
  const claimed = claimedTriggerUid(event);
  // A claimed trigger counts only if it is one of ours and runs this very function. Found by uid first: its handler
  // is then the one call more.
  const triggers = claimed ? ScriptApp.getProjectTriggers() : [];
  const mine = triggers.find((t) => t.getUniqueId() === claimed);
  const projectTriggerUids = claimed ? (mine && mine.getHandlerFunction() === fn ? [claimed] : []) : undefined;
  const isTrigger = Boolean(claimed && projectTriggerUids?.includes(claimed));
  const activeUser = isTrigger ? '' : Session.getActiveUser().getEmail();
  // Read for a signed-in caller (anonymous callers are refused anyway) and for a trigger (whose account it runs as).
  const effectiveUser = activeUser || isTrigger ? Session.getEffectiveUser().getEmail() : '';
  // For a trigger, from the properties most trigger runs read anyway (one read shared with them).
  const owner = isTrigger ? (settingsProperties()[PROP_OWNER_EMAIL] ?? null) : activeUser ? recordedOwner() : null;
  const decision = decideAccess({ activeUser, effectiveUser, owner, triggerUid: claimed, projectTriggerUids, setup: opts.setup });
  if (!decision.allowed) {
    consoleLogger.warn('guard.refused', { fn, reason: decision.reason, claimedTrigger: Boolean(claimed) });
    throw new AccessDeniedError(decision.reason === 'not-owner' && owner ? notOwnerMessage(owner) : ACCESS_DENIED);
  }
  if (decision.as === 'trigger' && isLeftoverTrigger(effectiveUser, owner)) {
    const removed = deleteTriggers(triggers);
    consoleLogger.warn('guard.leftover-trigger', { fn, removed: removed.deleted, failed: removed.failed });
    throw new HandedOverError(handedOverMessage(effectiveUser, owner ?? '', removed.deleted));
  }
  return decision;
}

export class HandedOverError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HandedOverError';
  }
}

/** Deletes each trigger; one that cannot be deleted is counted, and the rest still go. */
function deleteTriggers(triggers: GoogleAppsScript.Script.Trigger[]): { deleted: number; failed: number } {
  let deleted = 0;
  let failed = 0;
  for (const t of triggers) {
    try {
      ScriptApp.deleteTrigger(t);
      deleted++;
    } catch (e) {
      failed++;
      consoleLogger.error('guard.leftover-trigger-delete-failed', e);
    }
  }
  return { deleted, failed };
}
