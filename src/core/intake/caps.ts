/**
 * The caps that keep a flood from filling the spreadsheet or the Drive: opinions per minute, hour and day, and the
 * day's photo bytes and count. One small record of counters, kept in a script property (never the evictable cache),
 * read and written under the script lock together with the row it limits. Windows are the ward's own calendar
 * minute, hour and day (Vietnam time), so a refused resident can be told exactly when to try again.
 */
import { formatVietnam } from '../common/time';

export interface IntakeLimits {
  perMinute: number;
  perHour: number;
  perDay: number;
  /** Resident photo bytes per day. */
  photoBytesPerDay: number;
  photoCountPerDay: number;
}

/** One window's count: `key` names the window (e.g. "2026-12-06T22"); a new window starts at 0. */
export interface WindowCount {
  key: string;
  n: number;
}

export interface IntakeCounters {
  minute: WindowCount;
  hour: WindowCount;
  day: WindowCount;
  photos: { day: string; bytes: number; count: number };
  /** Committee emails sent at submission time (immediate announcements), per hour and per day. */
  mailHour: WindowCount;
  mailDay: WindowCount;
  /** Recipients those emails used since the mail quota was last probed (`probeAt`, ms). */
  mailSpent: { probeAt: number; recipients: number };
  /**
   * Codes whose committee email a submission set out to send, by local hour ("yyyy-mm-ddThh" → "code,code"), the
   * last three hours: the pending trigger looks only these up in sent mail when their cache mark is lost.
   */
  mailed: Record<string, string>;
}

export const INTAKE_COUNTERS_PROPERTY = 'INTAKE_COUNTERS';

const OFFSET_MS = 7 * 3600 * 1000;

/** Local (UTC+7) window keys: "yyyy-mm-ddThh:mm", "yyyy-mm-ddThh", "yyyy-mm-dd". */
export function windowKeys(now: Date): { minute: string; hour: string; day: string } {
  const iso = new Date(now.getTime() + OFFSET_MS).toISOString();
  return { minute: iso.slice(0, 16), hour: iso.slice(0, 13), day: iso.slice(0, 10) };
}

/** Start of the next local minute, hour or day. */
export function nextWindowStart(now: Date, scope: 'minute' | 'hour' | 'day'): Date {
  const local = now.getTime() + OFFSET_MS;
  const size = scope === 'minute' ? 60_000 : scope === 'hour' ? 3_600_000 : 86_400_000;
  return new Date(Math.floor(local / size) * size + size - OFFSET_MS);
}

export function emptyCounters(): IntakeCounters {
  return {
    minute: { key: '', n: 0 },
    hour: { key: '', n: 0 },
    day: { key: '', n: 0 },
    photos: { day: '', bytes: 0, count: 0 },
    mailHour: { key: '', n: 0 },
    mailDay: { key: '', n: 0 },
    mailSpent: { probeAt: 0, recipients: 0 },
    mailed: {},
  };
}

function count(v: unknown): number {
  const n = Number(v);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}

function windowOf(v: unknown): WindowCount {
  const o = v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  return { key: typeof o.key === 'string' ? o.key : '', n: count(o.n) };
}

/** The stored counters; anything unreadable starts from zero, and `onUnreadable` is told (the caller logs it). */
export function parseCounters(raw: string | null | undefined, onUnreadable: () => void = () => undefined): IntakeCounters {
  if (!raw) return emptyCounters();
  let o: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!parsed || typeof parsed !== 'object') throw new Error('not an object');
    o = parsed as Record<string, unknown>;
  } catch {
    onUnreadable();
    return emptyCounters();
  }
  const photos = o.photos && typeof o.photos === 'object' ? (o.photos as Record<string, unknown>) : {};
  const spent = o.mailSpent && typeof o.mailSpent === 'object' ? (o.mailSpent as Record<string, unknown>) : {};
  return {
    minute: windowOf(o.minute),
    hour: windowOf(o.hour),
    day: windowOf(o.day),
    photos: { day: typeof photos.day === 'string' ? photos.day : '', bytes: count(photos.bytes), count: count(photos.count) },
    mailHour: windowOf(o.mailHour),
    mailDay: windowOf(o.mailDay),
    mailSpent: { probeAt: count(spent.probeAt), recipients: count(spent.recipients) },
    mailed: mailedOf(o.mailed),
  };
}

function mailedOf(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!v || typeof v !== 'object') return out;
  for (const [k, codes] of Object.entries(v as Record<string, unknown>)) if (typeof codes === 'string') out[k] = codes;
  return out;
}

/**
 * Records a code whose email is about to go out at submission. A day of hours is kept (longer than the submission's
 * cache mark lives, so a trigger stopped for hours still looks such a row up in sent mail instead of announcing it
 * again), the oldest hours dropped first when the codes would crowd the property's 9 KB.
 */
export function recordMailed(c: IntakeCounters, now: Date, code: string): IntakeCounters {
  const hour = windowKeys(now).hour;
  const kept = Object.keys(c.mailed)
    .filter((k) => k !== hour)
    .sort()
    .slice(-(MAILED_HOURS - 1));
  const mailed: Record<string, string> = {};
  for (const k of kept) mailed[k] = c.mailed[k];
  mailed[hour] = c.mailed[hour] ? `${c.mailed[hour]},${code}` : code;
  while (kept.length && JSON.stringify(mailed).length > MAILED_BYTES) delete mailed[kept.shift()!];
  return { ...c, mailed };
}

const MAILED_HOURS = 24;
/** Codes are ASCII: characters are bytes. The rest of the counters take a few hundred. */
const MAILED_BYTES = 6000;

/** Every code recorded by recordMailed still kept. */
export function mailedCodes(c: IntakeCounters): Set<string> {
  const out = new Set<string>();
  for (const codes of Object.values(c.mailed)) for (const code of codes.split(',')) if (code) out.add(code);
  return out;
}

/** The count of a window now: 0 when the stored window is an older one. */
export function current(w: WindowCount, key: string): number {
  return w.key === key ? w.n : 0;
}

export type CapScope = 'minute' | 'hour' | 'day';

export type CapDecision = { ok: true } | { ok: false; scope: CapScope; retryAt: Date; count: number; limit: number };

/** Whether one more opinion fits the minute, hour and day caps; the widest window that is full decides the wait. */
export function checkCaps(c: IntakeCounters, now: Date, limits: Pick<IntakeLimits, 'perMinute' | 'perHour' | 'perDay'>): CapDecision {
  const k = windowKeys(now);
  const checks: [CapScope, number, number][] = [
    ['day', current(c.day, k.day), limits.perDay],
    ['hour', current(c.hour, k.hour), limits.perHour],
    ['minute', current(c.minute, k.minute), limits.perMinute],
  ];
  for (const [scope, n, limit] of checks) {
    if (n >= limit) return { ok: false, scope, retryAt: nextWindowStart(now, scope), count: n, limit };
  }
  return { ok: true };
}

/** The counters after one accepted opinion. */
export function countOpinion(c: IntakeCounters, now: Date): IntakeCounters {
  const k = windowKeys(now);
  return {
    ...c,
    minute: { key: k.minute, n: current(c.minute, k.minute) + 1 },
    hour: { key: k.hour, n: current(c.hour, k.hour) + 1 },
    day: { key: k.day, n: current(c.day, k.day) + 1 },
  };
}

/**
 * How many of an opinion's photos (estimated sizes in bytes, in order) fit what is left of the day's photo budget,
 * and the counters with them reserved. Reserved under the lock before they are saved, so parallel submissions
 * cannot all take the last megabytes.
 */
export function reservePhotos(
  c: IntakeCounters,
  now: Date,
  sizes: readonly number[],
  limits: Pick<IntakeLimits, 'photoBytesPerDay' | 'photoCountPerDay'>,
): { accepted: number; counters: IntakeCounters } {
  const day = windowKeys(now).day;
  let bytes = c.photos.day === day ? c.photos.bytes : 0;
  let n = c.photos.day === day ? c.photos.count : 0;
  let accepted = 0;
  for (const size of sizes) {
    if (n + 1 > limits.photoCountPerDay || bytes + size > limits.photoBytesPerDay) break;
    bytes += size;
    n++;
    accepted++;
  }
  return { accepted, counters: { ...c, photos: { day, bytes, count: n } } };
}

/** "22:00" today, or "00:00 ngày 07/12/2026" for another day: when a refused resident can send again. */
export function retryAtText(retryAt: Date, now: Date): string {
  const at = formatVietnam(retryAt);
  const sameDay = at.slice(0, 10) === formatVietnam(now).slice(0, 10);
  return sameDay ? at.slice(11) : `${at.slice(11)} ngày ${at.slice(0, 10)}`;
}

/** What a refused resident reads: the draft stays on the phone, and when to send it again. */
export function capMessage(d: Extract<CapDecision, { ok: false }>, now: Date): string {
  const when = retryAtText(d.retryAt, now);
  switch (d.scope) {
    case 'minute':
      return 'Hệ thống đang nhận quá nhiều ý kiến cùng lúc. Ý kiến của bạn vẫn được giữ trên máy; vui lòng bấm “Gửi lại” sau 1 phút.';
    case 'hour':
      return `Hòm thư đang nhận quá nhiều ý kiến trong giờ này. Ý kiến của bạn vẫn được giữ trên máy; vui lòng bấm “Gửi lại” sau ${when}.`;
    case 'day':
      return `Hôm nay hòm thư đã nhận đủ số ý kiến tối đa. Ý kiến của bạn vẫn được giữ trên máy; vui lòng bấm “Gửi lại” sau ${when}.`;
  }
}

/** Told to a resident whose photos did not fit the day's budget: the opinion itself was recorded. */
export function photoBudgetMessage(kept: number, sent: number): string {
  return kept === 0
    ? 'Hôm nay hòm thư đã nhận đủ dung lượng ảnh tối đa nên ảnh kèm theo không được lưu. Ý kiến của bạn vẫn được ghi nhận đầy đủ; nếu ảnh quan trọng, vui lòng gửi ảnh vào ngày mai kèm mã theo dõi này.'
    : `Hôm nay hòm thư sắp hết dung lượng ảnh nên chỉ lưu được ${kept}/${sent} ảnh. Ý kiến của bạn vẫn được ghi nhận đầy đủ; nếu các ảnh còn lại quan trọng, vui lòng gửi vào ngày mai kèm mã theo dõi này.`;
}
