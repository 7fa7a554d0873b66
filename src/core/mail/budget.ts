/**
 * The day's email recipients shared out so a flood can never silence the box. Apps Script allows an account a fixed
 * number of recipients a day (100 on a free account, 1,500 on Workspace; "Hạn mức email mỗi ngày" in Cấu hình), reset
 * 24 hours after the first use. The shares, by priority:
 *
 * 1. replies to residents: may use everything; a reserve is kept that nothing else may touch;
 * 2. committee announcements: the batched email of the pending trigger (a reserve of its own, about one email an hour),
 *    and the immediate per-opinion email at submission, only while its hourly and daily share lasts;
 * 3. the weekly digest: a reserve of one email.
 *
 * What is left is probed (MailApp.getRemainingDailyQuota) rather than guessed, or learned from Gmail's error; while it
 * is used up nothing is sent (no retry storm).
 */

export interface MailShares {
  dailyQuota: number;
  /** Recipients of one committee email (the "Email nhận ý kiến" list). */
  perAnnouncement: number;
  /** Recipients kept for replies to residents: nothing else may go below this. */
  replyReserve: number;
  /** Recipients kept for the weekly digest (one email). */
  digestReserve: number;
  /** Batched announcement emails a day guaranteed by their reserve. */
  batchPerDay: number;
  /** Batched emails one run may send from saved-up share (the first run after a burst). */
  batchBurst: number;
  /** Immediate per-opinion emails a day and an hour. */
  immediatePerDay: number;
  immediatePerHour: number;
}

/** The share of the quota kept for replies to residents. */
export const REPLY_SHARE = 0.3;
/** One batched email an hour keeps the worst-case delay of an announcement near an hour and a quarter. */
export const BATCH_EMAILS_PER_DAY = 24;
export const BATCH_BURST = 8;

export function mailShares(dailyQuota: number, recipients: number): MailShares {
  const quota = Math.max(0, Math.floor(dailyQuota));
  const r = Math.max(1, Math.floor(recipients));
  const replyReserve = Math.ceil(quota * REPLY_SHARE);
  const digestReserve = Math.min(r, Math.max(0, quota - replyReserve));
  const announce = Math.max(0, quota - replyReserve - digestReserve);
  const batchPerDay = Math.min(BATCH_EMAILS_PER_DAY, Math.floor(announce / r));
  const immediatePerDay = Math.max(0, Math.floor((announce - batchPerDay * r) / r));
  const immediatePerHour = immediatePerDay === 0 ? 0 : Math.min(immediatePerDay, Math.ceil(immediatePerDay / 6));
  return {
    dailyQuota: quota,
    perAnnouncement: r,
    replyReserve,
    digestReserve,
    batchPerDay,
    batchBurst: Math.min(BATCH_BURST, Math.max(1, batchPerDay)),
    immediatePerDay,
    immediatePerHour,
  };
}

/** What the box knows of the recipients left today. Kept in a script property (MAIL_QUOTA_PROPERTY). */
export interface QuotaState {
  /** Recipients left when last probed or learned. */
  remaining: number;
  /** When (ms). */
  at: number;
  /** Gmail said the day's quota is used up: nothing is tried before this time (ms). 0 when not. */
  blockedUntil: number;
  /** Batched-email share saved up, in emails, and when it was counted (ms). */
  batchTokens: number;
  batchAt: number;
}

export const MAIL_QUOTA_PROPERTY = 'MAIL_QUOTA';

/** After Gmail refuses for quota without a probe to say more, the next attempt waits this long. */
export const BLOCKED_RETRY_MS = 60 * 60 * 1000;

export function freshQuota(shares: MailShares, now: number): QuotaState {
  return { remaining: shares.dailyQuota, at: 0, blockedUntil: 0, batchTokens: shares.batchBurst, batchAt: now };
}

export function parseQuota(raw: string | null | undefined, shares: MailShares, now: number): QuotaState {
  if (!raw) return freshQuota(shares, now);
  try {
    const o = JSON.parse(raw) as Record<string, unknown>;
    const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d);
    return {
      remaining: Math.max(0, num(o.remaining, shares.dailyQuota)),
      at: num(o.at, 0),
      blockedUntil: num(o.blockedUntil, 0),
      batchTokens: Math.max(0, num(o.batchTokens, shares.batchBurst)),
      batchAt: num(o.batchAt, now),
    };
  } catch {
    return freshQuota(shares, now);
  }
}

/** The state after a probe said `remaining` recipients are left. A probe that finds room lifts a block. */
export function probed(q: QuotaState, remaining: number, now: number): QuotaState {
  return { ...q, remaining: Math.max(0, Math.floor(remaining)), at: now, blockedUntil: remaining > 0 ? 0 : q.blockedUntil };
}

/** The state after Gmail refused a send for quota: nothing more until the block ends (or a probe finds room). */
export function learnedExhausted(q: QuotaState, now: number): QuotaState {
  return { ...q, remaining: 0, at: now, blockedUntil: now + BLOCKED_RETRY_MS };
}

/** The state after `recipients` were used by a send. */
export function spent(q: QuotaState, recipients: number): QuotaState {
  return { ...q, remaining: Math.max(0, q.remaining - recipients) };
}

export function blocked(q: QuotaState, now: number): boolean {
  return q.blockedUntil > now;
}

/** Replies come first: one may go whenever a recipient is left. */
export function mayReply(q: QuotaState, now: number): boolean {
  return !blocked(q, now) && q.remaining >= 1;
}

/** The digest goes when it leaves the reply reserve whole. */
export function mayDigest(q: QuotaState, shares: MailShares, now: number): boolean {
  return !blocked(q, now) && q.remaining - shares.perAnnouncement >= shares.replyReserve;
}

/**
 * Whether the submission may email the committee at once: its hourly and daily share are not used up, and what is
 * left after the send (the last probe, less what immediate emails used since) keeps every reserve whole. Otherwise
 * the pending trigger announces the opinion in its next batch.
 */
export function mayAnnounceNow(input: {
  shares: MailShares;
  quota: QuotaState;
  /** Immediate emails this hour and today. */
  sentThisHour: number;
  sentToday: number;
  /** Recipients immediate emails used since the last probe. */
  spentSinceProbe: number;
  now: number;
}): boolean {
  const { shares, quota } = input;
  if (blocked(quota, input.now)) return false;
  if (input.sentThisHour >= shares.immediatePerHour || input.sentToday >= shares.immediatePerDay) return false;
  const left = quota.remaining - input.spentSinceProbe - shares.perAnnouncement;
  return left >= shares.replyReserve + shares.digestReserve + shares.batchPerDay * shares.perAnnouncement;
}

/** The batch share saved up by `now`: it grows by batchPerDay a day, up to batchBurst. */
export function batchTokens(q: QuotaState, shares: MailShares, now: number): number {
  const elapsed = Math.max(0, now - q.batchAt);
  return Math.min(shares.batchBurst, q.batchTokens + (elapsed / 86_400_000) * shares.batchPerDay);
}

/**
 * How many batched announcement emails the pending trigger may send now: its saved-up share, or more when the quota
 * left (just probed) has room beyond every reserve (the unused immediate share); never into the reply or digest
 * reserve.
 */
export function batchAllowance(q: QuotaState, shares: MailShares, now: number): number {
  if (blocked(q, now)) return 0;
  const r = shares.perAnnouncement;
  const aboveReserves = Math.floor((q.remaining - shares.replyReserve - shares.digestReserve) / r);
  if (aboveReserves <= 0) return 0;
  const spare = Math.floor((q.remaining - shares.replyReserve - shares.digestReserve - shares.batchPerDay * r) / r);
  const saved = Math.floor(batchTokens(q, shares, now));
  return Math.min(aboveReserves, Math.max(saved, spare));
}

/** The state after `emails` batched emails went out: their recipients and saved-up share used. */
export function batchSent(q: QuotaState, shares: MailShares, emails: number, now: number): QuotaState {
  const tokens = Math.max(0, batchTokens(q, shares, now) - emails);
  return { ...spent(q, emails * shares.perAnnouncement), batchTokens: tokens, batchAt: now };
}

/** The longest an opinion waits for its announcement when the immediate share is used up (for the README and tests). */
export function worstCaseAnnouncementMinutes(shares: MailShares, triggerMinutes = 15): number {
  if (shares.batchPerDay === 0) return Infinity;
  return Math.ceil((24 * 60) / shares.batchPerDay) + triggerMinutes;
}
