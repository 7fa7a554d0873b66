/**
 * The monthly report that makes itself: on the first working day of a month (Saturdays, Sundays and the holidays of
 * Cấu hình are not working days) last month's synthesis report is built, filed and mailed to the committee. Every
 * build of the same period is a new numbered version ("lần 2", "lần 3"…) beside the earlier ones, whose files and
 * emailed links stay as they were. Pure: the decisions and the record of versions; src/server does the work.
 */
import { dayNumberToKey, formatLocalDate, localDayNumber, localMidnight, localParts, weekdayOfDayNumber } from '../staff/deadline';
import type { Period } from './report';
import type { OutgoingEmail } from '../common/ports';
import { escapeHtml } from '../common/html';

/** Days after the first working day on which a missed automatic build is still made (a failed or skipped run). */
export const CATCH_UP_DAYS = 6;
/** Periods whose versions are remembered: the record stays far under a script property's 9 KB. */
export const KEPT_PERIODS = 24;

export interface ReportVersion {
  /** 1, 2, 3… in order of building. */
  v: number;
  /** Made by the monthly trigger (true) or by the owner (false). */
  auto: boolean;
  /** ISO time the version was reserved. */
  at: string;
  docUrl?: string;
  pdfUrl?: string;
  /** The committee's email went out (automatic versions only). */
  mailed?: boolean;
  /** The file's name and the opinions it counted, for an email sent again later. */
  name?: string;
  total?: number;
}

/** Versions by period key ("2026-10" for a month, "2026-10-01..2026-10-15" otherwise). */
export type VersionRecord = Record<string, ReportVersion[]>;

function isHoliday(day: number, holidays: readonly string[]): boolean {
  return holidays.includes(dayNumberToKey(day));
}

/** The local day number of the first working day of a month (month 1–12). */
export function firstWorkingDay(year: number, month: number, holidays: readonly string[]): number {
  let day = localDayNumber(localMidnight(year, month, 1));
  // A month always has a working day within its first weeks unless the holiday list says otherwise: bounded anyway.
  for (let i = 0; i < 31; i++, day++) {
    const wd = weekdayOfDayNumber(day);
    if (wd !== 0 && wd !== 6 && !isHoliday(day, holidays)) return day;
  }
  return localDayNumber(localMidnight(year, month, 1));
}

/** The key of a period: "yyyy-MM" for a whole local month, else the two local days. */
export function periodKey(period: Period): string {
  const a = localParts(period.from);
  if (
    a.day === 1 &&
    localMidnight(a.year, a.month + 1, 1).getTime() === period.to.getTime() &&
    localMidnight(a.year, a.month, 1).getTime() === period.from.getTime()
  ) {
    return `${a.year}-${String(a.month).padStart(2, '0')}`;
  }
  return `${dayNumberToKey(localDayNumber(period.from))}..${dayNumberToKey(localDayNumber(new Date(period.to.getTime() - 1)))}`;
}

export type MonthlyDecision =
  | { build: true; period: Period; key: string; retryMailOnly: false }
  | { build: true; period: Period; key: string; retryMailOnly: true; version: ReportVersion }
  | { build: false; reason: string };

/**
 * What the daily run does at `now`: build last month's report on the first working day of this month (or within
 * CATCH_UP_DAYS after it, when no automatic version was filed yet), only send the email again when the automatic
 * version was built but its email did not go out, or nothing.
 */
export function monthlyDecision(now: Date, holidays: readonly string[], record: VersionRecord): MonthlyDecision {
  const p = localParts(now);
  const first = firstWorkingDay(p.year, p.month, holidays);
  const today = localDayNumber(now);
  if (today < first)
    return { build: false, reason: `Chưa đến ngày làm việc đầu tiên của tháng (${formatLocalDate(new Date(first * 86400000))}).` };
  if (today > first + CATCH_UP_DAYS) return { build: false, reason: 'Báo cáo tháng trước đã qua hạn tự lập của tháng này.' };
  const period = { from: localMidnight(p.year, p.month - 1, 1), to: localMidnight(p.year, p.month, 1) };
  const key = periodKey(period);
  // A version reserved but never filed (the run failed or ran out of time while rendering) does not count: built again.
  const auto = (record[key] ?? []).filter((v) => v.auto && v.docUrl);
  const last = auto[auto.length - 1];
  if (!last) return { build: true, period, key, retryMailOnly: false };
  if (!last.mailed) return { build: true, period, key, retryMailOnly: true, version: last };
  return { build: false, reason: `Báo cáo ${key} đã được tự lập (lần ${last.v}).` };
}

/** Reads the record from its property; anything unreadable is an empty record. */
export function parseVersionRecord(json: string | null | undefined): VersionRecord {
  if (!json) return {};
  try {
    const v = JSON.parse(json) as unknown;
    if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
    const out: VersionRecord = {};
    for (const [k, list] of Object.entries(v as Record<string, unknown>)) {
      if (Array.isArray(list)) out[k] = list.filter((x): x is ReportVersion => Boolean(x) && typeof (x as ReportVersion).v === 'number');
    }
    return out;
  } catch {
    return {};
  }
}

/** Reserves the next version of `key`; returns it and the record to save (the oldest periods dropped). */
export function reserveVersion(
  record: VersionRecord,
  key: string,
  auto: boolean,
  now: Date,
): { version: ReportVersion; record: VersionRecord } {
  const list = record[key] ?? [];
  const version: ReportVersion = { v: list.reduce((n, x) => Math.max(n, x.v), 0) + 1, auto, at: now.toISOString() };
  const next: VersionRecord = { ...record, [key]: [...list, version] };
  const keys = Object.keys(next);
  if (keys.length > KEPT_PERIODS) {
    const byAge = keys.sort((a, b) => (lastAt(next[a]) < lastAt(next[b]) ? -1 : 1));
    for (const old of byAge.slice(0, keys.length - KEPT_PERIODS)) if (old !== key) delete next[old];
  }
  return { version, record: next };
}

function lastAt(list: ReportVersion[]): string {
  return list.reduce((m, v) => (v.at > m ? v.at : m), '');
}

/** Records what a version became (its links, whether it was mailed). */
export function updateVersion(record: VersionRecord, key: string, v: number, patch: Partial<ReportVersion>): VersionRecord {
  const list = (record[key] ?? []).map((x) => (x.v === v ? { ...x, ...patch } : x));
  return { ...record, [key]: list };
}

/** "… – tháng 10/2026" for the first version, "… – tháng 10/2026 (lần 2)" for the next ones. */
export function versionedName(name: string, v: number): string {
  return v <= 1 ? name : `${name} (lần ${v})`;
}

export interface MonthlyEmailInput {
  recipients: string[];
  wardName: string;
  committeeName: string;
  /** The file's name, with its version. */
  name: string;
  periodLabel: string;
  total: number;
  docUrl: string;
  pdfUrl: string;
  version: number;
}

/** The committee's email with the links of a report built by the monthly trigger. No personal data: only links. */
export function monthlyReportEmail(m: MonthlyEmailInput): OutgoingEmail {
  const lines = [
    'Kính gửi Ban Thường trực,',
    '',
    `Hòm thư số góp ý đã tự lập "${m.name}": ${m.total > 0 ? `${m.total} ý kiến, kiến nghị trong ${m.periodLabel}` : `trong ${m.periodLabel} không có ý kiến, kiến nghị nào`}.`,
    `Google Docs (để chỉnh sửa, trình ký): ${m.docUrl}`,
    `PDF: ${m.pdfUrl}`,
    '',
    m.version > 1
      ? `Đây là bản lần ${m.version}; các bản trước vẫn giữ nguyên trong thư mục "Báo cáo" và các đường dẫn đã gửi vẫn mở được.`
      : 'Báo cáo được lưu trong thư mục "Báo cáo" của hòm thư.',
  ];
  const html = lines
    .map((l) => (l === '' ? '<br>' : `<p>${escapeHtml(l).replace(/(https:\/\/[^\s<]+)/g, (u) => `<a href="${u}">${u}</a>`)}</p>`))
    .join('');
  return {
    to: m.recipients,
    subject: `[Hòm thư số] ${m.name}`,
    text: lines.join('\n'),
    html,
    senderName: `Hòm thư số góp ý – ${m.wardName}`,
  };
}
