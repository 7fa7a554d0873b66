/**
 * The path of one opinion: clean and validate, turn bots away, write exactly one row under the script lock,
 * then email the committee. The resident's success never depends on the email; the same requestId never makes a second row.
 */
import type { FieldError, LocationOption, SubmitResult } from '../../shared/types';
import type { BoxConfig } from '../config/config';
import { committeeEmail } from '../mail/committee-email';
import { dueDate } from '../staff/deadline';
import type { Clock, FeedbackStore, KeyValueCache, Logger, Mailer, ScriptLock, ScriptProperties } from '../common/ports';
import { errorMessage } from '../common/ports';
import { isQuotaError } from '../mail/pending';
import { COLUMNS, EMAIL_STATUS, isValidDate, type Cell, type FeedbackRecord } from '../records/feedback-record';
import { literalCell } from '../records/sheet-literal';
import { addToIndex, emptyIndex, findSimilar, fingerprint, parseIndex, type RecentIndex } from '../staff/similarity';
import { makeTrackingCode } from './tracking-code';
import { botSignal, payloadSize, validateFeedback, type CleanFeedback } from './validate';
import { LIMITS, PHOTO_LIMITS } from '../../shared/types';
import {
  INTAKE_COUNTERS_PROPERTY,
  capMessage,
  checkCaps,
  countOpinion,
  current,
  parseCounters,
  photoBudgetMessage,
  recordMailed,
  photoSizes,
  reservePhotos,
  windowKeys,
  type CapScope,
  type IntakeCounters,
} from './caps';
import { MAIL_QUOTA_PROPERTY, mailShares, mayAnnounceNow, parseQuota } from '../mail/budget';

export interface PhotoStore {
  /**
   * Checks and saves the photos of a payload (at most `max`, those that fit the day's budget); returns links, or
   * messages for photos that were refused.
   */
  save(raw: unknown, trackingCode: string, max: number): { links: string[]; problems: string[] };
}

export interface SubmitDeps {
  config: BoxConfig;
  locations: LocationOption[];
  cache: KeyValueCache;
  lock: ScriptLock;
  /** The intake counters (caps, photo budget, immediate emails) and the mail quota state, read under the lock. */
  props: ScriptProperties;
  /** Opened only when a row may be written, so bots cost no sheet access. */
  store: () => FeedbackStore;
  mailer: Mailer;
  clock: Clock;
  randomBytes: () => number[];
  formatTime: (d: Date) => string;
  log: Logger;
  /** Records a refused submission (bot, cap) in the log sheet, without personal data. */
  recordRejection: (reason: string, detail: string) => void;
  photos?: PhotoStore;
}

export const MESSAGES = {
  neutral: 'Chưa ghi nhận được ý kiến của bạn.',
  busy: 'Hệ thống đang bận. Vui lòng bấm “Gửi lại” sau ít phút.',
  capped: 'Hệ thống đang nhận quá nhiều ý kiến cùng lúc. Vui lòng gửi lại sau 1 phút.',
  tooLarge: 'Nội dung gửi lên quá lớn. Vui lòng rút gọn nội dung (tối đa 4.000 ký tự).',
  photosFailed:
    'Ý kiến đã được ghi nhận nhưng chưa lưu được ảnh kèm theo. Nếu ảnh quan trọng, vui lòng gửi thêm một ý kiến kèm ảnh và ghi mã theo dõi này.',
} as const;

const LOCK_WAIT_MS = 20000;
const CACHE_TTL = 21600;

export const cacheKeys = {
  request: (id: string) => `req:${id}`,
  /** Set when the committee email of this tracking code was sent. */
  mailed: (code: string) => `mailed:${code}`,
  /**
   * Set when a cap refused an opinion: "scope|retryAt ms", kept until then, so the refusals that follow cost no lock
   * and no property read. The caps themselves are counted in the script properties, under the lock.
   */
  capped: 'intake:capped',
  /** Set when Gmail refused an immediate email for quota: until when (ms) no submission tries one. */
  mailBlocked: 'mail:blocked',
  recent: 'recent-index',
};

/** The mark a submission leaves for the pending trigger: sent now, or left for the next batched email. */
export const MAILED = { sent: '1', batch: 'batch' } as const;

/** The cache keys a submission reads, so the server can fetch them together with the configuration. */
export function submitCacheKeys(raw: unknown, now: Date): string[] {
  void now;
  const id = raw && typeof raw === 'object' ? (raw as { requestId?: unknown }).requestId : undefined;
  const keys = [cacheKeys.capped, cacheKeys.mailBlocked, cacheKeys.recent];
  if (typeof id === 'string' && /^[A-Za-z0-9-]{8,64}$/.test(id)) keys.unshift(cacheKeys.request(id));
  return keys;
}

export function recordFromClean(v: CleanFeedback, code: string, at: Date, due: Date | '', dup: string, photos: string): FeedbackRecord {
  return {
    trackingCode: code,
    receivedAt: at,
    source: 'QR',
    locationCode: v.locationCode,
    locationName: v.locationName,
    kind: v.kind,
    category: v.category,
    content: v.content,
    name: v.name,
    phone: v.phone,
    email: v.email,
    address: v.address,
    consent: v.consent,
    photos,
    possibleDuplicates: dup,
    emailStatus: EMAIL_STATUS.pending,
    requestId: v.requestId,
    status: 'Mới',
    handler: '',
    forwardedTo: '',
    dueAt: due,
    publicReply: '',
    internalNote: '',
    updatedAt: '',
    replySentAt: '',
  };
}

/** Cells for a new row: dates stay dates, every text becomes literal text so nothing turns into a formula. */
export function recordToCells(r: FeedbackRecord): Cell[] {
  return COLUMNS.map((c) => {
    const v = r[c.key];
    if (typeof v === 'boolean') return v ? 'Có' : 'Không';
    if (isValidDate(v)) return v;
    return literalCell(String(v));
  });
}

export function submitFeedback(raw: unknown, deps: SubmitDeps): SubmitResult {
  try {
    return submitUnsafe(raw, deps);
  } catch (e) {
    deps.log.error('submit.failed', e);
    return { ok: false, retryable: true, errors: [{ message: MESSAGES.busy }] };
  }
}

function submitUnsafe(raw: unknown, deps: SubmitDeps): SubmitResult {
  const now = deps.clock.now();
  if (payloadSize(raw) > LIMITS.payloadMaxChars) {
    return { ok: false, errors: [{ field: 'content', message: MESSAGES.tooLarge }] };
  }
  const bot = botSignal(raw);
  if (bot) {
    deps.recordRejection(bot === 'honeypot' ? 'spam: honeypot' : 'spam: gửi quá nhanh', '');
    return { ok: false, retryable: bot === 'too-fast', errors: [{ message: MESSAGES.neutral }] };
  }
  const checked = validateFeedback(raw, { locations: deps.locations, categories: deps.config.categories });
  if (!checked.ok) return { ok: false, errors: checked.errors };
  const v = checked.value;

  const keys = [cacheKeys.request(v.requestId), cacheKeys.capped, cacheKeys.recent, cacheKeys.mailBlocked];
  const cached = deps.cache.getAll(keys);
  const known = cached[keys[0]];
  if (known) return { ok: true, trackingCode: known };
  const early = parseCapped(cached[keys[1]], now);
  if (early) return refuseCapped(deps, early.scope, early.retryAt, now, '');

  if (!deps.lock.acquire(LOCK_WAIT_MS)) {
    deps.log.warn('submit.lock-timeout', { requestId: v.requestId });
    return { ok: false, retryable: true, errors: [{ message: MESSAGES.busy }] };
  }
  let record: FeedbackRecord;
  let row: number;
  let store: FeedbackStore;
  let index: RecentIndex;
  let photosAllowed: number;
  let announce: boolean;
  try {
    // The caps are read and counted here, under the lock, with the row they limit: a burst cannot pass them.
    const props = deps.props.getAll();
    let counters = parseCounters(props[INTAKE_COUNTERS_PROPERTY]);
    const cap = checkCaps(counters, now, {
      perMinute: deps.config.submitPerMinute,
      perHour: deps.config.submitPerHour,
      perDay: deps.config.submitPerDay,
    });
    if (!cap.ok) {
      deps.lock.release();
      try {
        deps.cache.putAll({ [keys[1]]: `${cap.scope}|${cap.retryAt.getTime()}` }, cacheSeconds(cap.retryAt, now));
      } catch (e) {
        deps.log.error('submit.cache-failed', e);
      }
      return refuseCapped(deps, cap.scope, cap.retryAt, now, `${cap.count}/${cap.limit}`);
    }
    store = deps.store();
    let code = makeTrackingCode(deps.config.trackingPrefix, deps.randomBytes());
    for (let attempt = 0; ; attempt++) {
      const found = store.findExisting(v.requestId, code);
      if (found.existingCode) {
        deps.lock.release();
        deps.cache.putAll({ [keys[0]]: found.existingCode }, CACHE_TTL);
        return { ok: true, trackingCode: found.existingCode };
      }
      if (!found.codeTaken) break;
      if (attempt >= 5) throw new Error('could not draw an unused tracking code');
      code = makeTrackingCode(deps.config.trackingPrefix, deps.randomBytes());
    }
    // The cache forgets after 6 hours: the index is then rebuilt from the newest rows (one bounded read), which
    // also brings in rows staff typed by hand.
    const cachedIndex = cached[keys[2]];
    index = cachedIndex ? parseIndex(cachedIndex) : rebuildIndex(store, deps.log);
    const fp = fingerprint(v.content);
    const similar = findSimilar(index, v.locationCode, fp, 0.5, now);
    const days = deps.config.deadlineDays[v.kind] ?? 15;
    record = recordFromClean(v, code, now, dueDate(now, days, deps.config.holidays), similar.join(', '), '');
    row = store.append(recordToCells(record));
    index = addToIndex(index, { code, location: v.locationCode, fp, at: now.getTime() });
    counters = countOpinion(counters, now);
    const photos = reservePhotos(counters, now, photoSizes(raw, PHOTO_LIMITS.maxCount), {
      photoBytesPerDay: deps.config.photoMbPerDay * 1024 * 1024,
      photoCountPerDay: deps.config.photoCountPerDay,
    });
    photosAllowed = photos.accepted;
    counters = photos.counters;
    const mail = reserveAnnouncement(deps, counters, props, now, Number(cached[keys[3]] ?? 0), code);
    announce = mail.announce;
    counters = mail.counters;
    try {
      deps.props.set(INTAKE_COUNTERS_PROPERTY, JSON.stringify(counters));
    } catch (e) {
      deps.log.error('submit.counters-failed', e, { trackingCode: code });
    }
  } finally {
    deps.lock.release();
  }

  // The row exists from here on: whatever fails below, the resident gets the code.
  // Photos are saved after the row exists, so a retry of the same requestId never makes a second set of files.
  const warnings: FieldError[] = [];
  const sentPhotos = photoSizes(raw, PHOTO_LIMITS.maxCount).length;
  if (photosAllowed < sentPhotos) {
    warnings.push({ field: 'photos', message: photoBudgetMessage(photosAllowed, sentPhotos) });
    deps.log.warn('submit.photo-budget', { trackingCode: record.trackingCode, kept: photosAllowed, sent: sentPhotos });
  }
  if (deps.photos && hasPhotos(raw) && photosAllowed > 0) {
    const { links, problems } = savePhotos(deps, raw, record.trackingCode, photosAllowed);
    for (const message of problems) warnings.push({ field: 'photos', message });
    if (links) {
      record.photos = links;
      try {
        store.setCell(row, 'photos', links);
      } catch (e) {
        deps.log.error('submit.photo-links-failed', e, { trackingCode: record.trackingCode });
      }
    }
  }
  // Emailed now only while the immediate share lasts; otherwise the pending trigger's next batch announces it.
  const mailed = announce ? sendCommitteeEmail(deps, store, record, row) : 'skipped';
  // One cache write for everything: the request's code (fast retries), the recent index for duplicate hints, and
  // what became of the email. The row stays "chờ gửi" until sendPendingEmails confirms it from this mark (or
  // announces it in a batch), so the resident never waits on a second sheet write.
  try {
    const values: Record<string, string> = {
      [keys[0]]: record.trackingCode,
      [keys[2]]: JSON.stringify(index),
      [cacheKeys.mailed(record.trackingCode)]: mailed === 'sent' ? MAILED.sent : MAILED.batch,
    };
    if (mailed === 'quota') values[keys[3]] = String(now.getTime() + 3600_000);
    deps.cache.putAll(values, CACHE_TTL);
  } catch (e) {
    deps.log.error('submit.cache-failed', e, { trackingCode: record.trackingCode });
  }
  return warnings.length ? { ok: true, trackingCode: record.trackingCode, warnings } : { ok: true, trackingCode: record.trackingCode };
}

/** How many of the newest rows the duplicate-hint index is rebuilt from (the index keeps as many). */
export const RECENT_INDEX_ROWS = 200;

/** The duplicate-hint index from the newest rows of the sheet; empty (and logged) when they cannot be read. */
export function rebuildIndex(store: Pick<FeedbackStore, 'recent'>, log: Logger): RecentIndex {
  let index = emptyIndex();
  try {
    for (const r of store.recent(RECENT_INDEX_ROWS)) {
      if (!r.trackingCode || !r.content || !isValidDate(r.receivedAt)) continue;
      index = addToIndex(
        index,
        { code: r.trackingCode, location: r.locationCode, fp: fingerprint(r.content), at: r.receivedAt },
        RECENT_INDEX_ROWS,
      );
    }
  } catch (e) {
    log.warn('submit.recent-index-failed', { error: errorMessage(e) });
  }
  return index;
}

/**
 * Refused submissions are counted per reason and hour; only the 1st, 10th, 100th… of an hour reaches Nhật ký, so a
 * script hammering the box cannot fill the spreadsheet.
 */
export function rejectionLogLine(reason: string, countThisHour: number, hourLabel: string): string | null {
  if (countThisHour < 1 || !/^10*$/.test(String(countThisHour))) return null;
  return countThisHour === 1 ? `${reason} (giờ ${hourLabel})` : `${reason}: ${countThisHour} lần trong giờ ${hourLabel}`;
}

/** Saves the photos after the row exists; refused photos and failures come back as messages for the resident. */
function savePhotos(deps: SubmitDeps, raw: unknown, code: string, max: number): { links: string; problems: string[] } {
  try {
    const res = deps.photos!.save(raw, code, max);
    if (res.problems.length) deps.log.warn('submit.photos-refused', { trackingCode: code, problems: res.problems });
    return { links: res.links.join('\n'), problems: res.problems };
  } catch (e) {
    deps.log.error('submit.photos-failed', e, { trackingCode: code });
    return { links: '', problems: [MESSAGES.photosFailed] };
  }
}

function hasPhotos(raw: unknown): boolean {
  const p = raw && typeof raw === 'object' ? (raw as { photos?: unknown }).photos : undefined;
  return Array.isArray(p) && p.length > 0;
}

/**
 * Sends the committee email for a row: 'sent' when Gmail took it, 'quota' when Gmail said the day's quota is used up,
 * 'failed' otherwise. The row stays "chờ gửi" for sendPendingEmails either way.
 */
export function sendCommitteeEmail(
  deps: Pick<SubmitDeps, 'config' | 'mailer' | 'formatTime' | 'log'>,
  store: Pick<FeedbackStore, 'rowLink'>,
  record: FeedbackRecord,
  row: number,
): 'sent' | 'quota' | 'failed' {
  if (deps.config.recipients.length === 0) {
    deps.log.warn('email.no-recipients', { trackingCode: record.trackingCode });
    return 'failed';
  }
  try {
    const mail = committeeEmail({
      record,
      rowLink: store.rowLink(row),
      recipients: deps.config.recipients,
      committeeName: deps.config.committeeName,
      receivedText: record.receivedAt ? deps.formatTime(record.receivedAt) : '',
    });
    deps.mailer.send(mail);
  } catch (e) {
    deps.log.warn('email.failed', { trackingCode: record.trackingCode, error: errorMessage(e) });
    return isQuotaError(e) ? 'quota' : 'failed';
  }
  return 'sent';
}

/** "minute|1765033200000" from the cache: the cap that refused, and until when; null when none applies now. */
function parseCapped(v: string | undefined, now: Date): { scope: CapScope; retryAt: Date } | null {
  const m = /^(minute|hour|day)\|(\d+)$/.exec(v ?? '');
  if (!m || Number(m[2]) <= now.getTime()) return null;
  return { scope: m[1] as CapScope, retryAt: new Date(Number(m[2])) };
}

function cacheSeconds(until: Date, now: Date): number {
  return Math.max(1, Math.min(21600, Math.ceil((until.getTime() - now.getTime()) / 1000)));
}

function refuseCapped(deps: SubmitDeps, scope: CapScope, retryAt: Date, now: Date, detail: string): SubmitResult {
  deps.recordRejection(`vượt giới hạn mỗi ${scope === 'minute' ? 'phút' : scope === 'hour' ? 'giờ' : 'ngày'}`, detail);
  return { ok: false, retryable: true, errors: [{ message: capMessage({ ok: false, scope, retryAt, count: 0, limit: 0 }, now) }] };
}

/**
 * Whether this opinion is emailed at once (the immediate share of the day's recipients, see mail/budget), and the
 * counters with that email reserved.
 */
function reserveAnnouncement(
  deps: SubmitDeps,
  counters: IntakeCounters,
  props: Record<string, string>,
  now: Date,
  blockedUntil: number,
  code: string,
): { announce: boolean; counters: IntakeCounters } {
  const recipients = deps.config.recipients.length;
  if (recipients === 0 || blockedUntil > now.getTime()) return { announce: false, counters };
  const shares = mailShares(deps.config.mailDailyQuota, recipients);
  const quota = parseQuota(props[MAIL_QUOTA_PROPERTY], shares, now.getTime());
  const k = windowKeys(now);
  const spentSinceProbe = counters.mailSpent.probeAt === quota.at ? counters.mailSpent.recipients : 0;
  const announce = mayAnnounceNow({
    shares,
    quota,
    sentThisHour: current(counters.mailHour, k.hour),
    sentToday: current(counters.mailDay, k.day),
    spentSinceProbe,
    now: now.getTime(),
  });
  if (!announce) return { announce, counters };
  return {
    announce,
    counters: {
      ...recordMailed(counters, now, code),
      mailHour: { key: k.hour, n: current(counters.mailHour, k.hour) + 1 },
      mailDay: { key: k.day, n: current(counters.mailDay, k.day) + 1 },
      mailSpent: { probeAt: quota.at, recipients: spentSinceProbe + recipients },
    },
  };
}
