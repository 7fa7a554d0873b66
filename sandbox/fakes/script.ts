/**
 * Fakes of the script-level services: LockService, CacheService, PropertiesService, ScriptApp (triggers),
 * Session, HtmlService and Utilities. State lives in FakeScriptState and outlives executions. The limits and byte
 * formats modelled here are listed, with the verifyPlatform check that confirms each, in assumptions.ts.
 */
import { createHash } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { crc32 } from '../../src/core/posters/png';
import type { ExecutionInfo, WorldState } from './world-state';
import { unwrap } from './counted';
import { FakeBlob, toSigned, toUnsigned } from './drive';

/** Apps Script's size limits count UTF-8 bytes, not characters. */
export function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

export const LOCK_TIMEOUT_ERROR = 'Lock timeout: another process was holding the lock for too long.';
export const TOO_MANY_TRIGGERS = 'This script has too many triggers. Triggers must be deleted from the script before more can be added.';
/** Triggers one user may hold on one script (assumptions.ts: script.trigger-limit). */
export const TRIGGER_LIMIT = 20;

export interface TriggerRecord {
  uid: string;
  handler: string;
  eventType: 'CLOCK' | 'ON_EDIT' | 'ON_OPEN' | 'ON_FORM_SUBMIT';
  source: 'CLOCK' | 'SPREADSHEETS';
  /** For one-off clock triggers: when it fires. */
  at?: number;
  /** Human description for reports, e.g. "every 15 minutes". */
  schedule: string;
  /** For spreadsheet triggers: the id of the spreadsheet whose edits fire it. */
  sourceId?: string;
  /**
   * The account that created it: the trigger runs as this account, and only this account's executions list it
   * (ScriptApp.getProjectTriggers) or can delete it (assumptions.ts: script.triggers-own-account).
   */
  owner: string;
}

export class FakeScriptState {
  lockHolder: number | null = null;
  /** LockService.getUserLock(): one user (the owner) runs everything here, so one more lock. */
  userLockHolder: number | null = null;
  readonly cache = new Map<string, { value: string; expires: number }>();
  /** CacheService.getUserCache(): the owner's, who runs everything here. */
  readonly userCache = new Map<string, { value: string; expires: number }>();
  readonly properties = new Map<string, string>();
  readonly userProperties = new Map<string, string>();
  readonly triggers: TriggerRecord[] = [];
  /** The account that owns the standalone script project and deploys it (Session.getEffectiveUser). */
  ownerEmail = 'admin@example.org';
  /** People the script project is shared with as viewers (lower case). */
  readonly viewers = new Set<string>();
  private triggerSeq = 0;
  constructor(
    readonly world: WorldState,
    public serviceUrl: string,
  ) {}
  /** The triggers `account` created: all that ScriptApp.getProjectTriggers() lists in an execution running as it. */
  triggersOf(account: string): TriggerRecord[] {
    const a = account.toLowerCase();
    return this.triggers.filter((t) => t.owner.toLowerCase() === a);
  }
  /** Like Apps Script's: a long number nobody outside the project can guess. */
  newTriggerUid(): string {
    this.triggerSeq++;
    let s = String(1 + Math.floor(Math.random() * 9));
    while (s.length < 19) s += String(Math.floor(Math.random() * 10));
    return s;
  }
  /**
   * Whether an edit by `email` fires the project's installable spreadsheet triggers. Google's documentation for
   * standalone scripts: "users need at least view access to the script file for triggers to run properly". The
   * owner always has it.
   */
  editFiresTriggers(email: string): boolean {
    const e = email.toLowerCase();
    return Boolean(e) && (e === this.ownerEmail.toLowerCase() || this.viewers.has(e));
  }
  releaseLockOf(exec: ExecutionInfo): void {
    if (this.lockHolder === exec.id) this.lockHolder = null;
    if (this.userLockHolder === exec.id) this.userLockHolder = null;
  }
}

/**
 * One holder at a time; tryLock answers at once, a held lock is released by releaseLock or when the execution ends
 * (assumptions.ts: script.lock, script.lock-at-end).
 */
export class FakeLock {
  readonly serviceType = 'Lock';
  constructor(
    private readonly state: FakeScriptState,
    private readonly exec: ExecutionInfo,
    private readonly kind: 'lockHolder' | 'userLockHolder' = 'lockHolder',
  ) {}
  tryLock(_timeoutMs: number): boolean {
    const holder = this.state[this.kind];
    if (holder === null || holder === this.exec.id) {
      this.state[this.kind] = this.exec.id;
      return true;
    }
    // One thread runs at a time here, so another holder cannot finish while we wait: the wait times out.
    return false;
  }
  waitLock(timeoutMs: number): void {
    if (!this.tryLock(timeoutMs)) throw new Error(LOCK_TIMEOUT_ERROR);
  }
  releaseLock(): void {
    if (this.state[this.kind] === this.exec.id) this.state[this.kind] = null;
  }
  hasLock(): boolean {
    return this.state[this.kind] === this.exec.id;
  }
}

/** Keys up to 250 characters and values up to 100 KB (UTF-8 bytes); assumptions.ts: cache.limits. */
export class FakeCache {
  readonly serviceType = 'Cache';
  constructor(
    private readonly state: FakeScriptState,
    private readonly entries: Map<string, { value: string; expires: number }> = state.cache,
  ) {}
  private now(): number {
    return this.state.world.now();
  }
  get(key: string): string | null {
    const e = this.entries.get(String(key));
    if (!e) return null;
    if (e.expires <= this.now()) {
      this.entries.delete(String(key));
      return null;
    }
    return e.value;
  }
  getAll(keys: string[]): Record<string, string> {
    const out: Record<string, string> = {};
    for (const k of keys) {
      const v = this.get(k);
      if (v !== null) out[k] = v;
    }
    return out;
  }
  put(key: string, value: string, ttlSeconds = 600): void {
    const k = String(key);
    if (utf8Length(k) > 250) throw new Error('Argument too large: key');
    const v = String(value);
    if (utf8Length(v) > 100 * 1024) throw new Error('Argument too large: value');
    const ttl = Math.min(Math.max(1, ttlSeconds), 21600);
    this.entries.set(k, { value: v, expires: this.now() + ttl * 1000 });
  }
  putAll(values: Record<string, string>, ttlSeconds = 600): void {
    for (const [k, v] of Object.entries(values)) this.put(k, v, ttlSeconds);
  }
  remove(key: string): void {
    this.entries.delete(String(key));
  }
  removeAll(keys: string[]): void {
    for (const k of keys) this.remove(k);
  }
}

/** Values up to 9 KB (UTF-8 bytes); assumptions.ts: properties.limits. */
export class FakeProperties {
  readonly serviceType = 'Properties';
  constructor(private readonly map: Map<string, string>) {}
  getProperty(key: string): string | null {
    return this.map.get(String(key)) ?? null;
  }
  setProperty(key: string, value: string): FakeProperties {
    const v = String(value);
    if (utf8Length(v) > 9 * 1024) throw new Error('Argument too large: value');
    this.map.set(String(key), v);
    return this;
  }
  getProperties(): Record<string, string> {
    return Object.fromEntries(this.map);
  }
  setProperties(props: Record<string, string>, deleteAllOthers = false): FakeProperties {
    if (deleteAllOthers) this.map.clear();
    for (const [k, v] of Object.entries(props)) this.setProperty(k, v);
    return this;
  }
  deleteProperty(key: string): FakeProperties {
    this.map.delete(String(key));
    return this;
  }
  getKeys(): string[] {
    return [...this.map.keys()];
  }
}

export class FakeTrigger {
  readonly serviceType = 'Trigger';
  constructor(readonly record: TriggerRecord) {}
  getUniqueId(): string {
    return this.record.uid;
  }
  getHandlerFunction(): string {
    return this.record.handler;
  }
  getEventType(): string {
    return this.record.eventType;
  }
  getTriggerSource(): string {
    return this.record.source;
  }
  getTriggerSourceId(): string | null {
    return this.record.sourceId ?? null;
  }
}

export class FakeTriggerBuilder {
  readonly serviceType = 'TriggerBuilder';
  private rec: Partial<TriggerRecord> = {};
  constructor(
    private readonly state: FakeScriptState,
    private readonly handler: string,
    /** Whom the creating execution acts as (Session.getEffectiveUser): the trigger's owner. */
    private readonly creator: string,
  ) {}
  timeBased(): FakeTriggerBuilder {
    this.rec = { eventType: 'CLOCK', source: 'CLOCK', schedule: '' };
    return this;
  }
  after(ms: number): FakeTriggerBuilder {
    this.rec.at = this.state.world.now() + ms;
    this.rec.schedule = `after ${ms} ms`;
    return this;
  }
  everyMinutes(n: number): FakeTriggerBuilder {
    if (![1, 5, 10, 15, 30].includes(n)) throw new Error('The value passed to everyMinutes must be 1, 5, 10, 15 or 30.');
    this.rec.schedule = `every ${n} minutes`;
    return this;
  }
  everyHours(n: number): FakeTriggerBuilder {
    this.rec.schedule = `every ${n} hours`;
    return this;
  }
  everyDays(n: number): FakeTriggerBuilder {
    this.rec.schedule = `every ${n} days`;
    return this;
  }
  onWeekDay(day: string): FakeTriggerBuilder {
    this.rec.schedule = `weekly on ${day}`;
    return this;
  }
  atHour(h: number): FakeTriggerBuilder {
    this.rec.schedule += ` at ${h}h`;
    return this;
  }
  /** forSpreadsheet(key) or forSpreadsheet(spreadsheet). */
  forSpreadsheet(ss: unknown): FakeTriggerBuilder {
    const id =
      typeof ss === 'string'
        ? ss
        : ss && typeof (ss as { getId?: unknown }).getId === 'function'
          ? (ss as { getId(): string }).getId()
          : '';
    if (!id) throw new Error('Invalid argument: key');
    this.rec = { source: 'SPREADSHEETS', schedule: '', sourceId: String(id) };
    return this;
  }
  onEdit(): FakeTriggerBuilder {
    this.rec.eventType = 'ON_EDIT';
    this.rec.schedule = 'on edit';
    return this;
  }
  onOpen(): FakeTriggerBuilder {
    this.rec.eventType = 'ON_OPEN';
    this.rec.schedule = 'on open';
    return this;
  }
  create(): FakeTrigger {
    // 20 per user per script: another account's triggers do not count.
    if (this.state.triggersOf(this.creator).length >= TRIGGER_LIMIT) throw new Error(TOO_MANY_TRIGGERS);
    if (!this.rec.eventType) throw new Error('Trigger type not set.');
    const rec: TriggerRecord = {
      uid: this.state.newTriggerUid(),
      handler: this.handler,
      eventType: this.rec.eventType,
      source: this.rec.source ?? 'CLOCK',
      at: this.rec.at,
      schedule: this.rec.schedule ?? '',
      ...(this.rec.sourceId ? { sourceId: this.rec.sourceId } : {}),
      owner: this.creator,
    };
    this.state.triggers.push(rec);
    return new FakeTrigger(rec);
  }
}

export class FakeHtmlOutput {
  readonly serviceType = 'HtmlOutput';
  title = '';
  readonly metaTags: { name: string; content: string }[] = [];
  xFrame = 'DEFAULT';
  constructor(public content: string) {}
  getContent(): string {
    return this.content;
  }
  setContent(c: string): FakeHtmlOutput {
    this.content = String(c);
    return this;
  }
  append(c: string): FakeHtmlOutput {
    this.content += String(c);
    return this;
  }
  setTitle(t: string): FakeHtmlOutput {
    this.title = String(t);
    return this;
  }
  getTitle(): string {
    return this.title;
  }
  addMetaTag(name: string, content: string): FakeHtmlOutput {
    const allowed = ['apple-mobile-web-app-capable', 'google-site-verification', 'mobile-web-app-capable', 'viewport'];
    if (!allowed.includes(name)) throw new Error(`Meta tag ${name} is not allowed.`);
    this.metaTags.push({ name, content: String(content) });
    return this;
  }
  setXFrameOptionsMode(mode: string): FakeHtmlOutput {
    this.xFrame = String(mode);
    return this;
  }
  setFaviconUrl(_u: string): FakeHtmlOutput {
    return this;
  }
}

/** java.text.SimpleDateFormat subset used by the box. Asia/Ho_Chi_Minh is UTC+7 without DST. */
export function formatDate(date: Date, timeZone: string, pattern: string): string {
  const offsetMin = timeZone === 'Asia/Ho_Chi_Minh' || timeZone === 'GMT+7' ? 420 : 0;
  const d = new Date(date.getTime() + offsetMin * 60000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const tokens: Record<string, () => string> = {
    yyyy: () => String(d.getUTCFullYear()),
    MM: () => pad(d.getUTCMonth() + 1),
    dd: () => pad(d.getUTCDate()),
    HH: () => pad(d.getUTCHours()),
    mm: () => pad(d.getUTCMinutes()),
    ss: () => pad(d.getUTCSeconds()),
    SSS: () => pad(d.getUTCMilliseconds(), 3),
    XXX: () => (offsetMin === 0 ? 'Z' : `+${pad(offsetMin / 60)}:00`),
  };
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    if (pattern[i] === "'") {
      const end = pattern.indexOf("'", i + 1);
      out += pattern.slice(i + 1, end < 0 ? undefined : end);
      i = end < 0 ? pattern.length : end + 1;
      continue;
    }
    const tok = Object.keys(tokens).find((t) => pattern.startsWith(t, i));
    if (tok) {
      out += tokens[tok]();
      i += tok.length;
    } else {
      out += pattern[i++];
    }
  }
  return out;
}

function unwrapBlob(blob: unknown): FakeBlob {
  const b = unwrap(blob);
  if (!(b instanceof FakeBlob)) throw new Error('Invalid argument: blob');
  return b;
}

function bytesOf(data: unknown): Uint8Array {
  if (typeof data === 'string') return new TextEncoder().encode(data);
  if (Array.isArray(data) || ArrayBuffer.isView(data)) return toUnsigned(data as ArrayLike<number>);
  throw new Error('Invalid argument: data');
}

/**
 * A gzip member as Java's GZIPOutputStream writes it: the fixed 10-byte header (deflate, no flags, no time, OS 0),
 * raw deflate data, CRC-32 and length. assumptions.ts: utilities.gzip-header.
 */
export function javaGzip(data: Uint8Array): Uint8Array {
  const body = deflateRawSync(data);
  const out = Buffer.alloc(10 + body.length + 8);
  out.set([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0], 0);
  out.set(body, 10);
  out.writeUInt32LE(crc32(data), 10 + body.length);
  out.writeUInt32LE(data.length % 0x100000000, 14 + body.length);
  return new Uint8Array(out);
}

/** Bytes go in and out as Java's signed bytes (-128..127); assumptions.ts: utilities.signed-bytes. */
export class FakeUtilities {
  readonly serviceType = 'Utilities';
  readonly DigestAlgorithm = { SHA_256: 'SHA_256', MD5: 'MD5', SHA_1: 'SHA_1' };
  readonly Charset = { UTF_8: 'UTF_8' };
  constructor(private readonly world: WorldState) {}
  /** A version-4 UUID drawn from Math.random, so a test that seeds Math.random replays its ids and codes exactly. */
  getUuid(): string {
    const hex = Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16));
    hex[12] = '4';
    hex[16] = ((parseInt(hex[16], 16) & 3) | 8).toString(16);
    const h = hex.join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
  formatDate(date: Date, timeZone: string, format: string): string {
    return formatDate(date, timeZone, format);
  }
  newBlob(data: unknown, contentType?: string, name?: string): FakeBlob {
    return new FakeBlob(bytesOf(data), contentType ?? 'application/octet-stream', name ?? '');
  }
  base64Encode(data: unknown): string {
    return Buffer.from(bytesOf(data)).toString('base64');
  }
  base64Decode(s: string): number[] {
    const str = String(s);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(str.replace(/\s/g, ''))) throw new Error('Could not decode string.');
    return toSigned(new Uint8Array(Buffer.from(str, 'base64')));
  }
  /** computeDigest(algorithm, value, charset?): a string value is hashed as UTF-8 (the only charset the box uses). */
  computeDigest(alg: string, data: unknown, _charset?: string): number[] {
    const name = alg === 'MD5' ? 'md5' : alg === 'SHA_1' ? 'sha1' : 'sha256';
    return toSigned(new Uint8Array(createHash(name).update(bytesOf(data)).digest()));
  }
  /** Utilities.gzip(blob, name?): the blob's bytes gzipped, named name or the blob's name plus ".gz". */
  gzip(blob: FakeBlob, name?: string): FakeBlob {
    const b = unwrapBlob(blob);
    return new FakeBlob(javaGzip(b.bytes), 'application/x-gzip', name ?? (b.name ? `${b.name}.gz` : ''));
  }
  sleep(ms: number): void {
    // Time moves for the fakes only when the world's clock is a test clock; nothing blocks here.
    void ms;
    void this.world;
  }
}
