/**
 * The path of one opinion: check the proof of work, clean and validate, turn bots away, save the photos the day's
 * budget allows, then under the script lock check the minute, hour and day caps and write exactly one row (with the
 * photo links), then email the committee while the immediate share of the mail quota lasts. The resident's success never depends on the email; the same
 * requestId never makes a second row.
 */
import type { FieldError, LocationOption, SubmitResult } from '../../shared/types';
import type { BoxConfig } from '../config/config';
import { committeeEmail } from '../mail/committee-email';
import { dueDate } from '../staff/deadline';
import type { Clock, FeedbackStore, KeyValueCache, Logger, Mailer, ScriptLock, ScriptProperties } from '../common/ports';
import { errorMessage } from '../common/ports';
import { isQuotaError } from '../mail/pending';
import { COL, COLUMNS, EMAIL_STATUS, isValidDate, type Cell, type FeedbackRecord } from '../records/feedback-record';
import type { CellChange } from '../records/row-changes';
import { rowProblemMessage } from '../records/responses-rows';
import { literalCell } from '../records/sheet-literal';
import { addToIndex, findSimilar, fingerprint, parseIndex, partialIndex, type RecentEntry, type RecentIndex } from '../staff/similarity';
import { isTrackingCode, makeTrackingCode } from './tracking-code';
import { botSignal, checkRequestId, payloadSize, validateFeedback, type CleanFeedback } from './validate';
import { checkPhotos, type CheckedPhoto } from './photos';
import { checkBotCost, offerChallenge, tokenUseKey, type ChallengeDeps } from './bot-cost';
import type { SubmissionRate } from './challenge';
import { LIMITS } from '../../shared/types';
import {
  INTAKE_COUNTERS_PROPERTY,
  capMessage,
  checkCaps,
  countOpinion,
  current,
  parseCounters,
  photoBudgetMessage,
  recordMailed,
  reservePhotos,
  windowKeys,
  type CapScope,
  type IntakeCounters,
} from './caps';
import { MAIL_QUOTA_PROPERTY, mailShares, mayAnnounceNow, parseQuota } from '../mail/budget';

export interface PhotoStore {
  /**
   * Saves photos already checked (checkPhotos), as many as the day's budget allowed; returns their links, or why
   * they could not be kept.
   */
  save(photos: CheckedPhoto[], trackingCode: string): { links: string[]; problems: string[] };
  /** Moves saved photos (by their links) to the trash: a retry whose row already has its photos, or extras. */
  discard(links: string[]): void;
  /**
   * Names saved photos (by their links) after `trackingCode`, in order: the photos a retry saved under a code it drew
   * itself, before they complete the row of its request, which has another code.
   */
  rename?(links: string[], trackingCode: string): void;
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
  /** Writes a line to the log sheet (Nhật ký), for staff. */
  notice?: (kind: string, message: string) => void;
  photos?: PhotoStore;
  /** The proof-of-work check (bot-cost.ts): secret, digests and the rate difficulty follows. */
  challenge: ChallengeDeps;
}

export const MESSAGES = {
  neutral: 'Chưa ghi nhận được ý kiến của bạn.',
  busy: 'Hệ thống đang bận. Vui lòng bấm “Gửi lại” sau ít phút.',
  capped: 'Hệ thống đang nhận quá nhiều ý kiến cùng lúc. Vui lòng gửi lại sau 1 phút.',
  tooLarge: 'Nội dung gửi lên quá lớn. Vui lòng rút gọn nội dung (tối đa 4.000 ký tự).',
  photosFailed:
    'Ý kiến đã được ghi nhận nhưng chưa lưu được ảnh kèm theo. Nếu ảnh quan trọng, vui lòng gửi thêm một ý kiến kèm ảnh và ghi mã theo dõi này.',
  codeCleared:
    'Ý kiến này đã được ghi nhận trước đó, nhưng mã theo dõi của nó đang được cán bộ điều chỉnh. Vui lòng liên hệ cán bộ tiếp nhận để biết mã.',
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
  /** The intake counters' minute and hour, mirrored for the bot-cost difficulty (rateCacheValue). */
  rate: 'intake:rate',
  /** Sheet searches for stale work this minute (the local "yyyy-mm-ddThh:mm"): rationed, see staleSearch. */
  staleSearches: (now: Date) => `stale-search:${windowKeys(now).minute}`,
};

/**
 * Sheet searches a minute for payloads whose token is stale but whose work is done. A search only spares a
 * resident's page one more round of work, while a script keeping one old token could otherwise have the sheet read
 * for each new requestId it solves, past the caps (which count stored opinions only).
 */
export const STALE_SEARCHES_PER_MINUTE = 20;

/** The mark a submission leaves for the pending trigger: sent now, or left for the next batched email. */
export const MAILED = { sent: '1', batch: 'batch' } as const;

/** The cache key of the intake rate `recentSubmissionRate` reads (one, so the config prefetch brings it along). */
export function rateCacheKeys(now: Date): string[] {
  void now;
  return [cacheKeys.rate];
}

/**
 * The intake rate as a cache value: the minute and hour counters of the intake counters (script properties, counted
 * under the lock), copied into the cache with the submission's one cache write, so the bot-cost difficulty follows
 * them without reading the properties. "minuteKey|n|hourKey|n".
 */
export function rateCacheValue(c: IntakeCounters): string {
  return `${c.minute.key}|${c.minute.n}|${c.hour.key}|${c.hour.n}`;
}

/**
 * The recent rate of accepted submissions as the intake counters had it at the last submission: this minute's count
 * (or the last minute's, a burst that just ended) and this hour's. The bot-cost difficulty follows it.
 */
export function recentSubmissionRate(cache: Pick<KeyValueCache, 'getAll'>, now: Date): SubmissionRate {
  const got = cache.getAll(rateCacheKeys(now))[cacheKeys.rate];
  const m = /^([^|]*)\|(\d+)\|([^|]*)\|(\d+)$/.exec(got ?? '');
  if (!m) return { perMinute: 0, perHour: 0 };
  const k = windowKeys(now);
  const lastMinute = windowKeys(new Date(now.getTime() - 60000)).minute;
  return {
    perMinute: m[1] === k.minute || m[1] === lastMinute ? Number(m[2]) : 0,
    perHour: m[3] === k.hour ? Number(m[4]) : 0,
  };
}

/** The cache keys a submission reads, so the server can fetch them together with the configuration. */
export function submitCacheKeys(raw: unknown, now: Date): string[] {
  const id = checkRequestId(raw);
  const keys = [cacheKeys.capped, cacheKeys.mailBlocked, cacheKeys.recent, ...rateCacheKeys(now), cacheKeys.staleSearches(now)];
  if (id.ok) keys.unshift(cacheKeys.request(id.requestId));
  const used = tokenUseKey(raw);
  if (used) keys.push(used);
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
  const id = checkRequestId(raw);
  if (!id.ok) return { ok: false, errors: [id.error] };
  const requestId = id.requestId;

  // A request already stored gets its code back before any other check (a retry after a lost answer).
  const useKey = tokenUseKey(raw);
  const keys = [cacheKeys.request(requestId), cacheKeys.capped, cacheKeys.recent, cacheKeys.mailBlocked, cacheKeys.staleSearches(now)];
  const cached = deps.cache.getAll(useKey ? [...keys, useKey] : keys);
  const known = cached[keys[0]];
  if (known) return { ok: true, trackingCode: known };

  // ---- Bot cost: the payload's proof of work (bot-cost.ts). Nothing below runs for a refused payload. ----
  const refusedWork = checkBotCost(
    {
      raw,
      requestId,
      now,
      tokenUsedBy: useKey ? cached[useKey] : undefined,
      storedCode: () => staleSearch(deps, requestId, now, cached),
      log: deps.log,
    },
    deps.challenge,
  );
  if (refusedWork) return refusedWork;
  // ---- End of the bot-cost step. ----

  const bot = botSignal(raw);
  if (bot) {
    deps.recordRejection(bot === 'honeypot' ? 'spam: honeypot' : 'spam: gửi quá nhanh', '');
    return { ok: false, retryable: bot === 'too-fast', errors: [{ message: MESSAGES.neutral }] };
  }
  const checked = validateFeedback(raw, { locations: deps.locations, categories: deps.config.categories });
  if (!checked.ok) return { ok: false, errors: checked.errors };
  const v = checked.value;

  const early = parseCapped(cached[cacheKeys.capped], now);
  if (early) return refuseCapped(deps, early.scope, early.retryAt, now, '');

  // The code is drawn now and the photos saved before the row is written, so the row carries its links from the
  // start: an execution killed at any point leaves either a whole row or files no row points to (which the nightly
  // run trashes). A retry finds its row by request id; its own new files then complete that row or go to the trash.
  let code = makeTrackingCode(deps.config.trackingPrefix, deps.randomBytes());
  const warnings: FieldError[] = [];
  let links = '';
  // The day's photo budget is read before saving, so no more are saved than it allows; they are reserved under the
  // lock, and any a parallel submission left no room for go to the trash there.
  // Checked first: the budget counts the bytes of the photos that will be kept, in the order they are kept (an entry
  // refused ahead of them must not make them free).
  const checkedPhotos = deps.photos && hasPhotos(raw) ? checkPhotos(raw) : { accepted: [], problems: [] };
  const sizes = checkedPhotos.accepted.map((p) => p.bytes.length);
  for (const message of checkedPhotos.problems) warnings.push({ field: 'photos', message });
  if (checkedPhotos.problems.length) deps.log.warn('submit.photos-refused', { trackingCode: code, problems: checkedPhotos.problems });
  const photoLimits = {
    photoBytesPerDay: deps.config.photoMbPerDay * 1024 * 1024,
    photoCountPerDay: deps.config.photoCountPerDay,
  };
  let budgetShort = false;
  if (sizes.length) {
    const allowed = reservePhotos(parseCounters(deps.props.getAll()[INTAKE_COUNTERS_PROPERTY]), now, sizes, photoLimits).accepted;
    budgetShort = allowed < sizes.length;
    if (allowed > 0) {
      const saved = savePhotos(deps, checkedPhotos.accepted.slice(0, allowed), code);
      for (const message of saved.problems) warnings.push({ field: 'photos', message });
      links = saved.links;
    }
  }
  const discardLinks = (list: string[]) => {
    if (list.length === 0) return;
    try {
      deps.photos!.discard(list);
    } catch (e) {
      deps.log.warn('submit.photo-discard-failed', { error: errorMessage(e) });
    }
  };
  const discard = () => discardLinks(links ? links.split('\n') : []);

  if (!deps.lock.acquire(LOCK_WAIT_MS)) {
    deps.log.warn('submit.lock-timeout', { requestId: v.requestId });
    discard();
    return { ok: false, retryable: true, errors: [{ message: MESSAGES.busy }] };
  }
  let record: FeedbackRecord;
  let row: number;
  let store: FeedbackStore;
  let index: RecentIndex;
  let announce: boolean;
  let counters: IntakeCounters;
  let extras: string[] = [];
  try {
    // The caps are read and counted here, under the lock, with the row they limit: a burst cannot pass them.
    const props = deps.props.getAll();
    counters = parseCounters(props[INTAKE_COUNTERS_PROPERTY], () =>
      deps.log.error('submit.counters-unreadable', new Error('the intake counters could not be read: the caps start again from zero')),
    );
    const cap = checkCaps(counters, now, {
      perMinute: deps.config.submitPerMinute,
      perHour: deps.config.submitPerHour,
      perDay: deps.config.submitPerDay,
    });
    if (!cap.ok) {
      deps.lock.release();
      discard();
      try {
        deps.cache.putAll(
          { [keys[1]]: `${cap.scope}|${cap.retryAt.getTime()}`, [cacheKeys.rate]: rateCacheValue(counters) },
          cacheSeconds(cap.retryAt, now),
        );
      } catch (e) {
        deps.log.error('submit.cache-failed', e);
      }
      return refuseCapped(deps, cap.scope, cap.retryAt, now, `${cap.count}/${cap.limit}`);
    }
    store = deps.store();
    const existing = store.findRequest(v.requestId);
    if (existing) {
      deps.lock.release();
      return finishRetry(deps, store, existing, links, warnings, keys[0], discard);
    }
    // The cache forgets after 6 hours: a new index is then begun as partial, and the pending trigger completes it
    // from the sheet's newest rows (rows staff typed by hand too), so no resident waits for that read.
    const cachedIndex = cached[keys[2]];
    index = cachedIndex ? parseIndex(cachedIndex) : partialIndex();
    const fp = fingerprint(v.content);
    const similar = findSimilar(index, v.locationCode, fp, 0.5, now);
    // The saved photos are reserved now; any beyond what is left of the day's budget go to the trash.
    const savedLinks = links ? links.split('\n') : [];
    const photos = reservePhotos(counters, now, sizes.slice(0, savedLinks.length), photoLimits);
    counters = photos.counters;
    if (photos.accepted < savedLinks.length) {
      budgetShort = true;
      extras = savedLinks.slice(photos.accepted);
      links = savedLinks.slice(0, photos.accepted).join('\n');
    }
    const days = deps.config.deadlineDays[v.kind] ?? 15;
    record = recordFromClean(v, code, now, dueDate(now, days, deps.config.holidays), similar.join(', '), links);
    const placed = store.append(recordToCells(record), code);
    row = placed.row;
    if (placed.holders > 1) {
      // Another row already had this code (one draw in millions): this row gets a fresh one, and its photo files
      // are named after it (the row's links still point to them).
      const drawn = code;
      code = redrawCode(deps, store, v.requestId, code);
      record.trackingCode = code;
      if (code !== drawn && links) {
        try {
          deps.photos?.rename?.(links.split('\n'), code);
        } catch (e) {
          deps.log.warn('submit.photo-rename-failed', { trackingCode: code, error: errorMessage(e) });
        }
      }
    }
    index = addToIndex(index, { code, location: v.locationCode, fp, at: now.getTime() });
    counters = countOpinion(counters, now);
    const mail = reserveAnnouncement(deps, counters, props, now, Number(cached[keys[3]] ?? 0), code);
    announce = mail.announce;
    counters = mail.counters;
    try {
      deps.props.set(INTAKE_COUNTERS_PROPERTY, JSON.stringify(counters));
    } catch (e) {
      deps.log.error('submit.counters-failed', e, { trackingCode: code });
      // The counters are how the pending trigger knows this submission set out to email: without them an email sent
      // now whose cache mark is lost too would be announced again. The next batch announces it instead.
      announce = false;
    }
  } catch (e) {
    deps.lock.release();
    throw e;
  }
  // The lock still covers the email and its mark in the cache (the pending trigger, which takes it too, then never
  // announces this opinion a second time), and is given back after them, whatever failed on the way.
  try {
    // The row exists from here on: whatever fails below, the resident gets the code.
    discardLinks(extras);
    if (budgetShort) {
      const kept = links ? links.split('\n').length : 0;
      warnings.push({ field: 'photos', message: photoBudgetMessage(kept, sizes.length) });
      deps.log.warn('submit.photo-budget', { trackingCode: record.trackingCode, kept, sent: sizes.length });
    }
    // Emailed now only while the immediate share lasts; otherwise the pending trigger's next batch announces it.
    const mailed = announce ? sendCommitteeEmail(deps, store, record, row) : 'skipped';
    // One cache write for everything: the request's code (fast retries), the recent index for duplicate hints, what
    // became of the email, the intake rate the bot-cost difficulty follows, and which request the token served (one
    // request per token). The row stays "chờ gửi" until sendPendingEmails confirms it from this mark (or announces it
    // in a batch), so the resident never waits on a second sheet write.
    try {
      const values: Record<string, string> = {
        [keys[0]]: record.trackingCode,
        [keys[2]]: JSON.stringify(index),
        [cacheKeys.mailed(record.trackingCode)]: mailed === 'sent' ? MAILED.sent : MAILED.batch,
        [cacheKeys.rate]: rateCacheValue(counters),
      };
      if (mailed === 'quota') values[cacheKeys.mailBlocked] = String(now.getTime() + 3600_000);
      if (useKey) values[useKey] = requestId;
      deps.cache.putAll(values, CACHE_TTL);
    } catch (e) {
      deps.log.error('submit.cache-failed', e, { trackingCode: record.trackingCode });
    }
  } finally {
    // Apps Script would free it at the execution's end anyway: a failing release must not cost the resident the code.
    try {
      deps.lock.release();
    } catch (e) {
      deps.log.error('submit.unlock-failed', e, { trackingCode: record.trackingCode });
    }
  }
  const result: SubmitResult = { ok: true, trackingCode: record.trackingCode };
  if (warnings.length) result.warnings = warnings;
  const next = nextChallenge(deps, now);
  if (next) result.challenge = next;
  return result;
}

/**
 * The challenge for the page's next opinion (its token has just been used), so a resident who writes another one
 * need not be refused first. Optional: the next send gets one in its refusal otherwise.
 */
function nextChallenge(deps: SubmitDeps, now: Date) {
  try {
    return offerChallenge(deps.challenge, now, false);
  } catch (e) {
    deps.log.error('submit.next-challenge-failed', e);
    return null;
  }
}

/** The code of a row already stored for this request id (one sheet search), or null; remembered in the cache. */
/** storedCode for stale work, within STALE_SEARCHES_PER_MINUTE and never while a cap is refusing opinions. */
function staleSearch(deps: SubmitDeps, requestId: string, now: Date, cached: Record<string, string | undefined>): string | null {
  const key = cacheKeys.staleSearches(now);
  const done = Number(cached[key] ?? 0) || 0;
  if (done >= STALE_SEARCHES_PER_MINUTE || parseCapped(cached[cacheKeys.capped], now)) return null;
  try {
    deps.cache.putAll({ [key]: String(done + 1) }, 120);
  } catch (e) {
    deps.log.error('submit.cache-failed', e);
    return null;
  }
  return storedCode(deps, requestId);
}

function storedCode(deps: SubmitDeps, requestId: string): string | null {
  const found = deps.store().findRequest(requestId);
  const code = found ? found.record.trackingCode.trim() : '';
  if (!code) return null;
  deps.cache.putAll({ [cacheKeys.request(requestId)]: code }, CACHE_TTL);
  return code;
}

/**
 * A retry of a request whose row exists (the first answer was lost). Its photos complete the row when the row has
 * none (the first attempt could not save them); otherwise they are duplicates and go to the trash.
 */
function finishRetry(
  deps: SubmitDeps,
  store: FeedbackStore,
  existing: { row: number; record: FeedbackRecord },
  links: string,
  warnings: FieldError[],
  requestKey: string,
  discard: () => void,
): SubmitResult {
  const code = existing.record.trackingCode.trim();
  if (!isTrackingCode(code)) {
    discard();
    deps.notice?.(
      'Mã theo dõi',
      rowProblemMessage({ row: existing.row, kind: code ? 'edited' : 'cleared', value: code || existing.record.requestId }),
    );
    if (code) return { ok: true, trackingCode: code };
    return { ok: false, retryable: false, errors: [{ message: MESSAGES.codeCleared }] };
  }
  let linked = false;
  if (links && !existing.record.photos.trim()) {
    try {
      // Saved under the code this attempt drew: named after the row's own code, as every photo of an opinion is.
      deps.photos?.rename?.(links.split('\n'), code);
    } catch (e) {
      deps.log.warn('submit.photo-rename-failed', { trackingCode: code, error: errorMessage(e) });
    }
    try {
      const out = store.change([{ ref: { column: COL.trackingCode, value: code }, label: code, cells: [photoCell(links)] }]);
      linked = out.done.length === 1 && out.conflicts.length === 0;
    } catch (e) {
      deps.log.error('submit.photo-links-failed', e, { trackingCode: code });
    }
  }
  if (!linked) discard();
  try {
    deps.cache.putAll({ [requestKey]: code }, CACHE_TTL);
  } catch (e) {
    deps.log.error('submit.cache-failed', e, { trackingCode: code });
  }
  return linked && warnings.length ? { ok: true, trackingCode: code, warnings } : { ok: true, trackingCode: code };
}

/** The photo links of a row whose photo cell is still empty. */
function photoCell(links: string): CellChange {
  return { column: COL.photos, from: [''], to: literalCell(links) };
}

/** Gives the row of this request a tracking code no other row has, and returns it. */
function redrawCode(deps: SubmitDeps, store: FeedbackStore, requestId: string, taken: string): string {
  for (let attempt = 0; attempt < 5; attempt++) {
    const fresh = makeTrackingCode(deps.config.trackingPrefix, deps.randomBytes());
    if (store.findByTrackingCode(fresh)) continue;
    const out = store.change([
      {
        ref: { column: COL.requestId, value: requestId },
        label: requestId,
        cells: [{ column: COL.trackingCode, from: [taken], to: literalCell(fresh) }],
      },
    ]);
    if (out.done.length === 1) return fresh;
    break;
  }
  deps.log.error('submit.code-taken', new Error('could not give a fresh tracking code'), { trackingCode: taken });
  return taken;
}

/** How many of the newest rows the duplicate-hint index is built from (the index keeps as many). */
export const RECENT_INDEX_ROWS = 200;

/** Index entries of the newest records (oldest first) that have a code, a text and a receiving date. */
export function indexEntries(records: readonly FeedbackRecord[]): RecentEntry[] {
  const out: RecentEntry[] = [];
  for (const r of records.slice(-RECENT_INDEX_ROWS)) {
    if (!r.trackingCode || !r.content || !isValidDate(r.receivedAt)) continue;
    out.push({ code: r.trackingCode, location: r.locationCode, fp: fingerprint(r.content), at: r.receivedAt.getTime() });
  }
  return out;
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
function savePhotos(deps: SubmitDeps, photos: CheckedPhoto[], code: string): { links: string; problems: string[] } {
  try {
    const res = deps.photos!.save(photos, code);
    if (res.problems.length) deps.log.warn('submit.photos-not-kept', { trackingCode: code, problems: res.problems });
    return { links: res.links.join('\n'), problems: res.problems };
  } catch (e) {
    deps.log.error('submit.photos-failed', e, { trackingCode: code });
    return { links: '', problems: [MESSAGES.photosFailed] };
  }
}

/** Whether a payload carries photos (saved to Drive before the lock is taken). */
export function hasPhotos(raw: unknown): boolean {
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
