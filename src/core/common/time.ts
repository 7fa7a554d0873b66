/**
 * Vietnam local time without Intl time zones: Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving).
 */
const OFFSET_MS = 7 * 3600 * 1000;

function shifted(d: Date): Date {
  return new Date(d.getTime() + OFFSET_MS);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "28/11/2026 19:05" */
export function formatVietnam(d: Date): string {
  const s = shifted(d);
  return `${pad(s.getUTCDate())}/${pad(s.getUTCMonth() + 1)}/${s.getUTCFullYear()} ${pad(s.getUTCHours())}:${pad(s.getUTCMinutes())}`;
}

/** "28/11/2026" */
export function formatVietnamDate(d: Date): string {
  return formatVietnam(d).slice(0, 10);
}

/** ISO 8601 with the +07:00 offset, to the second. */
export function isoVietnam(d: Date): string {
  return shifted(d).toISOString().slice(0, 19) + '+07:00';
}

export function isDate(v: unknown): v is Date {
  return Object.prototype.toString.call(v) === '[object Date]' && !isNaN((v as Date).getTime());
}
