/**
 * The three functions any visitor may call: serving the page, taking an opinion, and looking up its status.
 */
import type { BootData, LookupResult, SubmitResult } from '../shared/types';
import { jsonForScript } from '../core/common/html';
import { lookupFeedback as lookupCore, lookupCacheKeys } from '../core/lookup/lookup';
import {
  rateCacheKeys,
  recentSubmissionRate,
  rejectionLogLine,
  submitFeedback as submitCore,
  submitCacheKeys,
  hasPhotos,
  MESSAGES,
} from '../core/intake/submit';
import { offerChallenge, type ChallengeDeps } from '../core/intake/bot-cost';
import type { ChallengeOffer } from '../shared/types';
import { cleanLine } from '../core/intake/text';
import { formatVietnam } from '../core/common/time';
import { normalizeTrackingCode } from '../core/intake/tracking-code';
import { CONFIG_CACHE_KEY, loadConfig, servedPageUrl, type LoadedConfig } from '../gas/config/load-config';
import { BoxNotSetUpError } from '../gas/config/box-spreadsheet';
import { FeedbackSheet } from '../gas/feedback-sheet';
import { writeLog } from '../gas/log';
import { drivePhotoStore } from '../gas/photos';
import {
  consoleLogger,
  flushScriptCache,
  gmailMailer,
  randomBytes,
  scriptCache,
  scriptLock,
  scriptProperties,
  settingsProperties,
  visitorCache,
} from '../gas/services';
import type { ScriptLock, ScriptProperties } from '../core/common/ports';
import { CHALLENGE_CACHE_KEY, challengeSettings, challengeCrypto } from '../gas/challenge';
import { actsAsThemselves, adminRefusal } from './admin/admin-page';
import { adminPage } from './on-demand';
import { resultsPage } from './results';

const clock = { now: () => new Date() };

function activeLocations(loaded: LoadedConfig) {
  return loaded.locations.filter((l) => l.active && l.code).map((l) => ({ code: l.code, name: l.name }));
}

/** The bot-cost challenge: secret and base difficulty (cached), the digests, the rate the box counts. */
const challengeDeps: ChallengeDeps = {
  settings: challengeSettings,
  crypto: challengeCrypto,
  rate: () => recentSubmissionRate(scriptCache(), clock.now()),
};

/** The page's challenge; null (the first send then gets one in its refusal) if it cannot be made now. */
function pageChallenge(): ChallengeOffer | null {
  try {
    return offerChallenge(challengeDeps, clock.now(), false);
  } catch (e) {
    consoleLogger.error('doGet.challenge-failed', e);
    return null;
  }
}

function param(e: GoogleAppsScript.Events.DoGet | undefined, name: string): string {
  const v = e && e.parameter ? (e.parameter as Record<string, unknown>)[name] : '';
  return typeof v === 'string' ? v.slice(0, 100) : '';
}

export function doGet(e: GoogleAppsScript.Events.DoGet): GoogleAppsScript.HTML.HtmlOutput {
  try {
    // The admin page: who is asking is checked before anything is read or built.
    if (param(e, 'view') === 'admin') return actsAsThemselves() ? adminPage() : adminRefusal();
    // The public results page reads only its own stored summary, never the configuration.
    if (param(e, 'view') === 'results') return resultsPage(param(e, 'loc'));
    return residentPage(e);
  } finally {
    flushCache('doGet');
  }
}

/**
 * Writes what a cold cache left waiting (the configuration and challenge settings read from script properties) in
 * one call at the end; a failure is logged and costs only the next execution's speed.
 */
function flushCache(where: string): void {
  try {
    flushScriptCache();
  } catch (err) {
    consoleLogger.error(`${where}.cache-failed`, err);
  }
}

function residentPage(e: GoogleAppsScript.Events.DoGet): GoogleAppsScript.HTML.HtmlOutput {
  let loaded: LoadedConfig;
  try {
    // One cache read for the configuration, the challenge settings and the submission counters; what a cold cache
    // reads elsewhere is written back in one call at the end.
    visitorCache().prefetch([CONFIG_CACHE_KEY, CHALLENGE_CACHE_KEY, ...rateCacheKeys(clock.now())]);
    loaded = loadConfig();
  } catch (err) {
    consoleLogger.error('doGet.config-failed', err);
    // A box nobody has set up says so; anything else (a Google service failing for a moment) asks for a reload.
    const message =
      err instanceof BoxNotSetUpError
        ? 'Hòm thư số góp ý đang được cài đặt. Vui lòng quay lại sau.'
        : 'Hòm thư số góp ý tạm thời chưa mở được. Vui lòng tải lại trang sau ít phút.';
    return HtmlService.createHtmlOutput(`<!doctype html><meta charset="utf-8"><p style="font:18px sans-serif;padding:16px">${message}</p>`)
      .setTitle('Hòm thư số góp ý')
      .addMetaTag('viewport', 'width=device-width, initial-scale=1');
  }
  const config = loaded.config;
  const locations = activeLocations(loaded);
  const locParam = param(e, 'loc').trim();
  const location = locations.find((l) => l.code.toLowerCase() === locParam.toLowerCase()) ?? null;
  // A mistyped ?track= still opens the lookup, with what was typed, so the page can say what is wrong with it.
  const trackParam = cleanLine(param(e, 'track')).slice(0, 40);
  const track = normalizeTrackingCode(trackParam) || trackParam;
  const viewParam = param(e, 'view');
  const view: BootData['view'] = viewParam === 'privacy' ? 'privacy' : track || viewParam === 'track' ? 'track' : 'form';
  const boot: BootData = {
    view,
    wardName: config.wardName,
    committeeName: config.committeeName,
    location,
    unknownLocation: Boolean(locParam) && !location,
    locations,
    categories: config.categories,
    track,
    retentionMonths: config.retentionMonths,
    // The page's own links (lookup, results): this deployment's address is right for the page it serves.
    appUrl: servedPageUrl(loaded),
    // Every view can switch to the form, so every page carries a challenge.
    challenge: pageChallenge(),
  };
  const page = HtmlService.createHtmlOutputFromFile('index').getContent();
  // A function replacer: `$` sequences in the JSON must not be read as replacement patterns.
  const html = page.replace('%%BOOT_JSON%%', () => jsonForScript(boot));
  return HtmlService.createHtmlOutput(html)
    .setTitle(`Hòm thư số góp ý – ${config.wardName}`)
    .addMetaTag('viewport', 'width=device-width, initial-scale=1');
}

export function submitFeedback(payload: unknown): SubmitResult {
  const lock = trackedLock(scriptLock());
  try {
    // What a cold cache reads elsewhere rides along with the submission's own cache write.
    const cache = visitorCache();
    cache.prefetch([CONFIG_CACHE_KEY, CHALLENGE_CACHE_KEY, ...submitCacheKeys(payload, clock.now())]);
    let props = scriptProperties();
    // Photos are saved to Drive before the core takes the lock, which must not wait for them: a submission with
    // photos reads the settings without the lock, and the core reads the counters again under it.
    if ((!cache.get(CONFIG_CACHE_KEY) || !cache.get(CHALLENGE_CACHE_KEY)) && !hasPhotos(payload)) {
      // A cold cache reads the settings from the script properties, the same read that holds the intake counters. It
      // is taken under the script lock, then, so the counters the caps need come from it: one read, not two.
      if (!lock.acquire(SUBMIT_LOCK_WAIT_MS)) {
        consoleLogger.warn('submit.lock-timeout', { cold: true });
        return { ok: false, retryable: true, errors: [{ message: MESSAGES.busy }] };
      }
      props = readUnderLock(settingsProperties(true), props);
    }
    const loaded = loadConfig();
    return submitCore(payload, {
      config: loaded.config,
      locations: activeLocations(loaded),
      cache: scriptCache(),
      lock,
      props,
      store: () => FeedbackSheet.open(loaded),
      mailer: gmailMailer,
      clock,
      randomBytes,
      formatTime: formatVietnam,
      log: consoleLogger,
      recordRejection: (reason) => recordRejection(reason, loaded.spreadsheetId),
      notice: (kind, message) => writeLog(kind, message, loaded.spreadsheetId),
      photos: drivePhotoStore(loaded),
      challenge: challengeDeps,
    });
  } catch (e) {
    consoleLogger.error('submitFeedback.failed', e);
    return { ok: false, retryable: true, errors: [{ message: MESSAGES.busy }] };
  } finally {
    // A lock taken for a cold cache and still held (a refusal before the row) is given back here.
    try {
      lock.releaseIfHeld();
    } catch (e) {
      consoleLogger.error('submitFeedback.unlock-failed', e);
    }
    flushCache('submitFeedback');
  }
}

/** How long a submission waits for the script lock (the core's own wait, for a cold cache's earlier take). */
const SUBMIT_LOCK_WAIT_MS = 20000;

/** The script lock, knowing whether this execution holds it: taking it again is a no-op, as is giving it back twice. */
function trackedLock(lock: ScriptLock): ScriptLock & { releaseIfHeld(): void } {
  let held = false;
  return {
    acquire(ms) {
      if (!held) held = lock.acquire(ms);
      return held;
    },
    release() {
      if (!held) return;
      held = false;
      lock.release();
    },
    releaseIfHeld() {
      if (held) this.release();
    },
  };
}

/**
 * The script properties as read just after taking the lock: nothing else writes the intake counters while it is held,
 * so that read stands for the core's own reads until it writes.
 */
function readUnderLock(all: Record<string, string>, props: ScriptProperties): ScriptProperties {
  let fresh: Record<string, string> | null = all;
  return {
    getAll: () => (fresh ? { ...fresh } : props.getAll()),
    set(key, value) {
      fresh = null;
      props.set(key, value);
    },
  };
}

function recordRejection(reason: string, spreadsheetId: string): void {
  const now = clock.now();
  const hour = formatVietnam(now).slice(0, 13) + 'h';
  const key = `rej:${reason}:${now.toISOString().slice(0, 13)}`;
  const cache = scriptCache();
  const failedBefore = cache.failures();
  const count = Number(cache.get(key) ?? 0) + 1;
  cache.put(key, String(count), 7200);
  // A cache that cannot count (an outage) would make every refusal the hour's first and give each its own row:
  // Nhật ký is then left alone, and the refusal goes to the execution log.
  if (cache.failures() > failedBefore) return consoleLogger.warn('submit.rejected', { reason });
  const line = rejectionLogLine(reason, count, hour);
  if (line) writeLog('Từ chối ý kiến', line, spreadsheetId);
}

export function lookupFeedback(trackingCode: unknown): LookupResult {
  try {
    // One cache read: the configuration, the rate counters, the masked shared replies and the known codes.
    visitorCache().prefetch([CONFIG_CACHE_KEY, ...lookupCacheKeys(clock.now())]);
    const loaded = loadConfig();
    return lookupCore(trackingCode, {
      cache: scriptCache(),
      store: () => FeedbackSheet.open(loaded),
      clock,
      log: consoleLogger,
      lookupPerMinute: loaded.config.lookupPerMinute,
    });
  } catch (e) {
    consoleLogger.error('lookupFeedback.failed', e);
    return { found: false, message: 'Chưa tra cứu được lúc này. Vui lòng thử lại sau ít phút.' };
  } finally {
    flushCache('lookupFeedback');
  }
}
