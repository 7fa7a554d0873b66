/**
 * The path of one opinion: clean and validate, turn bots away, write exactly one row under the script lock,
 * then email the committee. The resident's success never depends on the email; the same requestId never makes a second row.
 */
import type { FieldError, LocationOption, SubmitResult } from '../../shared/types';
import type { BoxConfig } from '../config/config';
import { committeeEmail } from '../mail/committee-email';
import { dueDate } from '../staff/deadline';
import type { Clock, FeedbackStore, KeyValueCache, Logger, Mailer, ScriptLock } from '../common/ports';
import { errorMessage } from '../common/ports';
import { COLUMNS, EMAIL_STATUS, isValidDate, type Cell, type FeedbackRecord } from '../records/feedback-record';
import { literalCell } from '../records/sheet-literal';
import { addToIndex, emptyIndex, findSimilar, fingerprint, parseIndex, type RecentIndex } from '../staff/similarity';
import { makeTrackingCode } from './tracking-code';
import { botSignal, payloadSize, validateFeedback, type CleanFeedback } from './validate';
import { LIMITS } from '../../shared/types';

export interface PhotoStore {
  /** Checks and saves the photos of a payload; returns links, or messages for photos that were refused. */
  save(raw: unknown, trackingCode: string): { links: string[]; problems: string[] };
}

export interface SubmitDeps {
  config: BoxConfig;
  locations: LocationOption[];
  cache: KeyValueCache;
  lock: ScriptLock;
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
  submitRate: (minute: string) => `rate:submit:${minute}`,
  recent: 'recent-index',
};

function minuteKey(d: Date): string {
  return d.toISOString().slice(0, 16);
}

/** The cache keys a submission reads, so the server can fetch them together with the configuration. */
export function submitCacheKeys(raw: unknown, now: Date): string[] {
  const id = raw && typeof raw === 'object' ? (raw as { requestId?: unknown }).requestId : undefined;
  const keys = [cacheKeys.submitRate(minuteKey(now)), cacheKeys.recent];
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
    publish: false,
  };
}

/** Cells for a new row: dates stay dates, every text becomes literal text so nothing turns into a formula. */
export function recordToCells(r: FeedbackRecord): Cell[] {
  return COLUMNS.map((c) => {
    const v = r[c.key];
    // An unticked checkbox is an empty cell: the column's checkbox shows it unticked.
    if (c.key === 'publish') return v === true ? true : '';
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

  const minute = minuteKey(now);
  const keys = [cacheKeys.request(v.requestId), cacheKeys.submitRate(minute), cacheKeys.recent];
  const cached = deps.cache.getAll(keys);
  const known = cached[keys[0]];
  if (known) return { ok: true, trackingCode: known };
  const rate = Number(cached[keys[1]] ?? 0);
  if (rate >= deps.config.submitPerMinute) {
    deps.recordRejection('vượt giới hạn mỗi phút', `${rate}/${deps.config.submitPerMinute}`);
    return { ok: false, retryable: true, errors: [{ message: MESSAGES.capped }] };
  }

  if (!deps.lock.acquire(LOCK_WAIT_MS)) {
    deps.log.warn('submit.lock-timeout', { requestId: v.requestId });
    return { ok: false, retryable: true, errors: [{ message: MESSAGES.busy }] };
  }
  let record: FeedbackRecord;
  let row: number;
  let store: FeedbackStore;
  let index: RecentIndex;
  try {
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
  } finally {
    deps.lock.release();
  }

  // The row exists from here on: whatever fails below, the resident gets the code.
  // Photos are saved after the row exists, so a retry of the same requestId never makes a second set of files.
  const warnings: FieldError[] = [];
  if (deps.photos && hasPhotos(raw)) {
    const { links, problems } = savePhotos(deps, raw, record.trackingCode);
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
  const mailed = sendCommitteeEmail(deps, store, record, row);
  // One cache write for everything: the request's code (fast retries), the rate counter, the recent index for
  // duplicate hints, and whether the email went out. The row stays "chờ gửi" until sendPendingEmails confirms it
  // (from this mark, or from sent mail if the mark is lost), so the resident never waits on a second sheet write.
  try {
    const values: Record<string, string> = {
      [keys[0]]: record.trackingCode,
      [keys[1]]: String(rate + 1),
      [keys[2]]: JSON.stringify(index),
    };
    if (mailed) values[cacheKeys.mailed(record.trackingCode)] = '1';
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
function savePhotos(deps: SubmitDeps, raw: unknown, code: string): { links: string; problems: string[] } {
  try {
    const res = deps.photos!.save(raw, code);
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

/** Sends the committee email for a row; true when Gmail took it. The row stays "chờ gửi" for sendPendingEmails. */
export function sendCommitteeEmail(
  deps: Pick<SubmitDeps, 'config' | 'mailer' | 'formatTime' | 'log'>,
  store: Pick<FeedbackStore, 'rowLink'>,
  record: FeedbackRecord,
  row: number,
): boolean {
  if (deps.config.recipients.length === 0) {
    deps.log.warn('email.no-recipients', { trackingCode: record.trackingCode });
    return false;
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
    return false;
  }
  return true;
}
