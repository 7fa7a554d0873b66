/**
 * Thin adapters from the core's ports to Apps Script services. No logic lives here beyond the calls themselves.
 */
import type { KeyValueCache, Logger, Mailer, OutgoingEmail, ScriptLock, ScriptProperties } from '../core/common/ports';
import { errorMessage } from '../core/common/ports';
import { isQuotaError } from '../core/mail/pending';

/**
 * The script cache for this execution. `prefetch` reads several keys in one call, and later reads of those keys are
 * answered from memory, so the configuration and a submission's keys cost one round trip together.
 */
export interface ExecutionCache extends KeyValueCache {
  prefetch(keys: string[]): void;
  get(key: string): string | null;
  put(key: string, value: string, ttlSeconds: number): void;
  /**
   * A write that may wait: once `deferWrites` was called in this execution it rides along with the next putAll (or
   * `flush`), so a cold cache costs the resident no round trip of its own; otherwise it is written now.
   */
  putLater(key: string, value: string, ttlSeconds: number): void;
  /** From now on putLater waits for the next putAll or flush. The web app's functions call it, and flush at the end. */
  deferWrites(): void;
  /** Writes what putLater left waiting. */
  flush(): void;
  /**
   * From now on a cache that fails is a cache that misses: a failed read answers nothing, a failed write is dropped,
   * each logged. The cache only saves work (the sheets and script properties hold the truth), so the resident's
   * functions call it: an outage of CacheService must not close the box.
   */
  tolerateFailures(log: Logger): void;
  /** How many calls to CacheService failed in this execution, each logged (tolerant mode); a count to compare. */
  failures(): number;
}

let executionCache: ExecutionCache | null = null;

export function scriptCache(): ExecutionCache {
  if (executionCache) return executionCache;
  // Opened at the first call that needs it, inside `attempt`: a CacheService that cannot even be opened is one more
  // failing cache call (tolerated, logged, in tolerant mode).
  let opened: GoogleAppsScript.Cache.Cache | null = null;
  const cache = (): GoogleAppsScript.Cache.Cache => {
    opened ??= CacheService.getScriptCache();
    if (!opened) throw new Error('CacheService.getScriptCache gave no cache');
    return opened;
  };
  const known = new Map<string, string | null>();
  const waiting = new Map<string, { value: string; ttl: number }>();
  let deferring = false;
  let log: Logger | null = null;
  let failed = 0;
  /** Runs one call to the cache; in tolerant mode a failure is logged and the execution goes on without it. */
  const attempt = (what: string, call: () => void): void => {
    if (!log) return call();
    try {
      call();
    } catch (e) {
      failed++;
      log.error(`cache.${what}-failed`, e);
    }
  };
  /** Waiting writes with this time to live, taken out of the queue. */
  const take = (ttl: number): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [k, w] of [...waiting]) {
      if (w.ttl !== ttl) continue;
      out[k] = w.value;
      waiting.delete(k);
    }
    return out;
  };
  const c: ExecutionCache = {
    prefetch(keys) {
      const missing = keys.filter((k) => !known.has(k));
      if (missing.length === 0) return;
      let got: Record<string, string> = {};
      attempt('read', () => void (got = cache().getAll(missing)));
      for (const k of missing) known.set(k, k in got ? got[k] : null);
    },
    getAll(keys) {
      c.prefetch(keys);
      const out: Record<string, string> = {};
      for (const k of keys) {
        const v = known.get(k);
        if (v !== null && v !== undefined) out[k] = v;
      }
      return out;
    },
    get(key) {
      return c.getAll([key])[key] ?? null;
    },
    putAll(values, ttl) {
      const all = { ...take(ttl), ...values };
      attempt('write', () => cache().putAll(all, ttl));
      for (const [k, v] of Object.entries(all)) known.set(k, v);
      c.flush();
    },
    put(key, value, ttl) {
      attempt('write', () => cache().put(key, value, ttl));
      known.set(key, value);
      waiting.delete(key);
    },
    putLater(key, value, ttl) {
      if (!deferring) return c.put(key, value, ttl);
      waiting.set(key, { value, ttl });
      known.set(key, value);
    },
    deferWrites() {
      deferring = true;
    },
    flush() {
      while (waiting.size) {
        const ttl = waiting.values().next().value!.ttl;
        const values = take(ttl);
        attempt('write', () => cache().putAll(values, ttl));
      }
    },
    tolerateFailures(logger) {
      log = logger;
    },
    failures: () => failed,
    remove(key) {
      attempt('remove', () => cache().remove(key));
      known.set(key, null);
      waiting.delete(key);
    },
  };
  executionCache = c;
  return c;
}

/**
 * The script cache as the functions any visitor calls use it (the page, a submission, a lookup, the results page):
 * writes wait for one call at the end, and a failing CacheService costs only speed (the sheets and script properties
 * hold the truth), never a resident's opinion. Each failure is logged.
 */
export function visitorCache(): ExecutionCache {
  const cache = scriptCache();
  cache.deferWrites();
  cache.tolerateFailures(consoleLogger);
  return cache;
}

/** Writes what this execution's cache left waiting; nothing (not even the service handle) when it used none. */
export function flushScriptCache(): void {
  if (executionCache) executionCache.flush();
}

let executionLock: GoogleAppsScript.Lock.Lock | null = null;

/**
 * The script lock's one Lock object in this execution. hasLock() answers for the object it is called on (Apps Script
 * documents it false when that object never took the lock), so code that asks whether the lock is already held (the
 * challenge's secret, made inside a submission that may hold it) must ask the object the submission took it with.
 */
export function executionScriptLock(): GoogleAppsScript.Lock.Lock {
  if (!executionLock) executionLock = LockService.getScriptLock();
  return executionLock;
}

/** The script lock as the core's port; LockService is asked for it at the first acquire, inside the caller's guard. */
export function scriptLock(): ScriptLock {
  return {
    acquire: (ms) => executionScriptLock().tryLock(ms),
    release: () => executionScriptLock().releaseLock(),
  };
}

let propertiesRead: Record<string, string> | null = null;

/**
 * All script properties, read once in this execution and shared by the readers of settings that do not change
 * within it (the box's ids, the last good configuration, the challenge's secret), so a cold cache costs one
 * property read. `fresh` reads again (after a write). Counters read under the lock use scriptProperties().
 */
export function settingsProperties(fresh = false): Record<string, string> {
  if (!propertiesRead || fresh) propertiesRead = PropertiesService.getScriptProperties().getProperties();
  return propertiesRead;
}

export function scriptProperties(): ScriptProperties {
  const props = PropertiesService.getScriptProperties();
  return {
    getAll: () => props.getProperties(),
    set: (key, value) => void props.setProperty(key, value),
  };
}

export const gmailMailer: Mailer = {
  send(mail: OutgoingEmail): void {
    // An empty html means a plain-text email.
    const options: GoogleAppsScript.Gmail.GmailAdvancedOptions = mail.html ? { htmlBody: mail.html } : {};
    if (mail.replyTo) options.replyTo = mail.replyTo;
    if (mail.senderName) options.name = mail.senderName;
    try {
      GmailApp.sendEmail(mail.to.join(','), mail.subject, mail.text, options);
    } catch (e) {
      throw asQuotaError(e);
    }
  },
  wasSent(subjectText: string): boolean {
    return GmailApp.search(`in:sent subject:"${subjectText.replace(/"/g, '')}"`, 0, 1).length > 0;
  },
};

/**
 * Gmail's refusal for the day's quota is worded in the account's language, and only the English wording is known:
 * after any failed send the remaining quota is probed (one call, on failures only), and a used-up quota is reported
 * in the words isQuotaError knows, so the callers stop sending instead of retrying.
 */
function asQuotaError(e: unknown): unknown {
  if (isQuotaError(e)) return e;
  let left: number;
  try {
    left = MailApp.getRemainingDailyQuota();
  } catch {
    return e;
  }
  return left === 0 ? new Error(`Service invoked too many times for one day: email (${errorMessage(e)})`) : e;
}

/** Logs go to Apps Script's execution log (Cloud Logging with exceptionLogging STACKDRIVER). */
export const consoleLogger: Logger = {
  info: (event, data) => console.info(JSON.stringify({ event, ...data })),
  warn: (event, data) => console.warn(JSON.stringify({ event, ...data })),
  error: (event, error, data) => console.error(JSON.stringify({ event, error: errorMessage(error), stack: stackOf(error), ...data })),
};

function stackOf(e: unknown): string | undefined {
  return e && typeof e === 'object' && 'stack' in e ? String((e as { stack: unknown }).stack).slice(0, 2000) : undefined;
}

/**
 * 30 random bytes from two Utilities.getUuid() calls, the randomness Apps Script offers.
 * A v4 UUID has 30 fully random hex digits once the version and variant digits are dropped.
 */
export function randomBytes(): number[] {
  let hex = '';
  for (let i = 0; i < 2; i++) {
    const u = Utilities.getUuid().replace(/-/g, '');
    hex += u.slice(0, 12) + u.slice(13, 16) + u.slice(17);
  }
  const out: number[] = [];
  for (let i = 0; i + 1 < hex.length; i += 2) out.push(parseInt(hex.slice(i, i + 2), 16));
  return out;
}
