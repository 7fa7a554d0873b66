/**
 * Who may run an admin or trigger function. Any web-app visitor can call any top-level function by name through
 * google.script.run, so every function other than the three public ones asks this first, before any side effect.
 */
export interface AccessRequest {
  /** Session.getActiveUser().getEmail(): '' for anonymous visitors and wherever Google hides the identity. */
  activeUser: string;
  /** Admin emails from the Cấu hình sheet plus the owner recorded by setup. */
  admins: readonly string[];
  /** The triggerUid of the event object, when the call claims to come from a trigger. */
  triggerUid?: string;
  /** Unique ids of this project's installed triggers (ScriptApp.getProjectTriggers()). */
  projectTriggerUids?: readonly string[];
  /** Only during the very first setup, before an owner is recorded: any signed-in user of the script editor. */
  firstSetup?: boolean;
}

export type AccessDecision = { allowed: true; as: 'trigger' | 'admin' | 'first-setup' } | { allowed: false; reason: string };

export const ACCESS_DENIED = 'Không có quyền thực hiện chức năng này. Chỉ quản trị viên của hòm thư được chạy chức năng quản trị.';

export function decideAccess(req: AccessRequest): AccessDecision {
  if (req.triggerUid && req.projectTriggerUids && req.projectTriggerUids.includes(String(req.triggerUid))) {
    return { allowed: true, as: 'trigger' };
  }
  const user = (req.activeUser || '').trim().toLowerCase();
  if (!user) return { allowed: false, reason: 'anonymous' };
  if (req.admins.some((a) => a.trim().toLowerCase() === user)) return { allowed: true, as: 'admin' };
  if (req.firstSetup) return { allowed: true, as: 'first-setup' };
  return { allowed: false, reason: 'not-admin' };
}

/** The trigger uid an event object claims, if any (a JSON object from a visitor may claim anything). */
export function claimedTriggerUid(event: unknown): string | undefined {
  if (event && typeof event === 'object' && 'triggerUid' in event) {
    const v = (event as { triggerUid: unknown }).triggerUid;
    if (typeof v === 'string' || typeof v === 'number') return String(v);
  }
  return undefined;
}
