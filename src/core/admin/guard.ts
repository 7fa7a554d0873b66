/**
 * Who may run an owner action or a trigger function. Any web-app visitor can call any top-level function by name
 * through google.script.run, so every function other than the three public ones asks this first, before any side
 * effect. Only the box's owner (the account that ran the first setup) and the project's own triggers pass.
 */
export interface AccessRequest {
  /** Session.getActiveUser().getEmail(): '' for anonymous visitors and wherever Google hides the identity. */
  activeUser: string;
  /**
   * Session.getEffectiveUser().getEmail(): whom the script acts as. The deployer in a web app, the creator in a
   * trigger, the person themselves in the script editor or a deployment of their own.
   */
  effectiveUser: string;
  /** The owner recorded by the first setup; null before it. */
  owner: string | null;
  /** The triggerUid of the event object, when the call claims to come from a trigger. */
  triggerUid?: string;
  /** Unique ids of this project's installed triggers for the called function (ScriptApp.getProjectTriggers()). */
  projectTriggerUids?: readonly string[];
  /** The called function is setup, which the very first time records whoever runs it as the owner. */
  setup?: boolean;
}

export type AccessDecision =
  | { allowed: true; as: 'trigger' | 'owner' | 'first-setup' }
  | {
      allowed: false;
      /**
       * anonymous: no signed-in caller; visitor: signed in, but the script acts as someone else (a web-app visitor);
       * not-owner: someone running the project as themselves who is not the owner; no-owner: nothing but setup runs
       * before the first setup.
       */
      reason: 'anonymous' | 'visitor' | 'not-owner' | 'no-owner';
    };

export const ACCESS_DENIED = 'Không có quyền thực hiện chức năng này. Chỉ chủ sở hữu hòm thư được chạy chức năng quản trị.';

export function sameEmail(a: string | null | undefined, b: string | null | undefined): boolean {
  return Boolean(a) && Boolean(b) && String(a).trim().toLowerCase() === String(b).trim().toLowerCase();
}

/**
 * Why a caller who is no trigger is refused whoever the owner is: nobody signed in, or a web-app visitor signed in as
 * another account than the one the script acts as (a web app executing as its deployer). Null: someone running the
 * project as themselves, whom the owner check decides.
 */
export function visitorRefusal(req: Pick<AccessRequest, 'activeUser' | 'effectiveUser'>): 'anonymous' | 'visitor' | null {
  if (!(req.activeUser || '').trim()) return 'anonymous';
  return sameEmail(req.activeUser, req.effectiveUser) ? null : 'visitor';
}

export function decideAccess(req: AccessRequest): AccessDecision {
  if (req.triggerUid && req.projectTriggerUids && req.projectTriggerUids.includes(String(req.triggerUid))) {
    return { allowed: true, as: 'trigger' };
  }
  const visitor = visitorRefusal(req);
  if (visitor) return { allowed: false, reason: visitor };
  if (!req.owner) return req.setup ? { allowed: true, as: 'first-setup' } : { allowed: false, reason: 'no-owner' };
  return sameEmail(req.activeUser, req.owner) ? { allowed: true, as: 'owner' } : { allowed: false, reason: 'not-owner' };
}

/** The trigger uid an event object claims, if any (a JSON object from a visitor may claim anything). */
export function claimedTriggerUid(event: unknown): string | undefined {
  if (event && typeof event === 'object' && 'triggerUid' in event) {
    const v = (event as { triggerUid: unknown }).triggerUid;
    if (typeof v === 'string' || typeof v === 'number') return String(v);
  }
  return undefined;
}

/**
 * A run of one of the project's triggers that acts as another account than the owner's: a trigger a previous owner
 * made before handing the box over (triggers run as their creator). Unknown on either side decides nothing.
 */
export function isLeftoverTrigger(effectiveUser: string, owner: string | null): boolean {
  return Boolean((effectiveUser || '').trim()) && Boolean((owner || '').trim()) && !sameEmail(effectiveUser, owner);
}
