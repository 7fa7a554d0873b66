/**
 * Figures for the monthly "Báo cáo tổng hợp ý kiến, kiến nghị của Nhân dân", the weekly digest e-mail and
 * the per-location notice. Everything here is built without personal data: no name, phone, e-mail or
 * address column is copied, and every text taken from a row (the opinion, and the labels staff may type: category,
 * location, kind, status) passes through the one masking module (privacy/publish.ts). An opinion's text is capped
 * so the report stays a usable document at any size.
 */

import type { FeedbackRecord } from '../records/feedback-record';
import { canonicalStatus } from '../records/status';
import { FEEDBACK_KINDS, FEEDBACK_STATUSES } from '../../shared/types';
import { DAY_MS, daysOverdue, formatLocalDate, isFinalStatus, localDayNumber, localMidnight, localParts } from '../staff/deadline';
import { publishableExcerpt, publishableText, senderOf, withPublishableLabels } from '../privacy/publish';
import { reportIssues, type IssueItem, type IssueOptions } from './report-issues';
import { SPAM_STATUS, isJunk } from './junk';

/** Label for an empty category, kind or location cell. */
export const UNSPECIFIED = 'Chưa xác định';
/** Status of a row whose status cell is empty (new rows start as 'Mới'). */
const NEW_STATUS: string = FEEDBACK_STATUSES[0];
const REPORTED_STATUSES = FEEDBACK_STATUSES.filter((s) => s !== SPAM_STATUS);

export { isJunk };

export interface Period {
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
}

export interface CountRow {
  label: string;
  count: number;
}

export interface OverdueItem {
  trackingCode: string;
  location: string;
  category: string;
  status: string;
  /** 'dd/MM/yyyy', local. */
  receivedDate: string;
  /** 'dd/MM/yyyy', local. */
  dueDate: string;
  /** Whole local days after the due day. */
  daysOverdue: number;
  /** True when received before the report period (still pending from an earlier period). */
  carriedOver: boolean;
}

export interface OpinionItem {
  trackingCode: string;
  /** 'dd/MM/yyyy', local. */
  receivedDate: string;
  location: string;
  kind: string;
  status: string;
  /**
   * The opinion text with personal data masked (the sender's own in any spelling), at most opinionTextCap
   * characters, a longer one ending with "… (xem đầy đủ theo mã …)".
   */
  content: string;
}

export interface CategoryGroup {
  category: string;
  items: OpinionItem[];
}

/**
 * On-time handling. Counted among opinions of the period that have a final status, a due date ("Hạn xử
 * lý") and a time of completion: the reply time ("Đã gửi trả lời") when set, else the last update
 * ("Cập nhật lúc"). On time = completed on or before the local due day. `rate` = onTime / eligible,
 * null when nothing is eligible. `noCompletionTime` counts final rows left out for lack of any time.
 */
export interface OnTimeStats {
  eligible: number;
  onTime: number;
  late: number;
  noCompletionTime: number;
  rate: number | null;
}

export interface ReportModel {
  period: Period;
  /** e.g. "tháng 3/2025" or "từ ngày 01/03/2025 đến ngày 15/03/2025". */
  periodLabel: string;
  generatedAt: Date;
  /** True when no opinion was received in the period. */
  empty: boolean;
  total: number;
  /** Configured categories first (zeros included), in their order; then others found, most first. */
  byCategory: CountRow[];
  byLocation: CountRow[];
  /** All statuses of FEEDBACK_STATUSES but "Rác / spam" (zeros included), then any others found. */
  byStatus: CountRow[];
  /** All kinds of FEEDBACK_KINDS (zeros included), then any others found. */
  byKind: CountRow[];
  /** Opinions of the period with a final status. */
  resolved: number;
  onTime: OnTimeStats;
  /**
   * Overdue at `now`: opinions received before the end of the period (in it or earlier) that are not final
   * and are past their due day. Most overdue first.
   */
  overdue: OverdueItem[];
  /** Non-empty categories in the order of byCategory; items oldest first. */
  opinions: CategoryGroup[];
  /** Similar opinions of the period grouped into issues and themes (./report-issues.ts), most opinions first. */
  issues: IssueItem[];
  /** Rows without a valid "Thời gian nhận", left out of every count. */
  undated: number;
}

function isDate(v: unknown): v is Date {
  // Not instanceof: Dates may come from another realm (sheet values, test sandboxes).
  return Object.prototype.toString.call(v) === '[object Date]' && !isNaN((v as Date).getTime());
}

function clean(s: unknown): string {
  return String(s ?? '')
    .normalize('NFC')
    .trim()
    .replace(/\s+/g, ' ');
}

/**
 * A label typed in a row (category, location, kind, status), cleaned and masked as publishable text. Rows repeat the
 * same few labels, so each distinct one is masked once per document.
 */
class PublicLabels {
  private readonly seen = new Map<string, string>();
  of(s: unknown): string {
    const key = String(s ?? '');
    let v = this.seen.get(key);
    if (v === undefined) {
      v = clean(publishableText(clean(key)));
      this.seen.set(key, v);
    }
    return v;
  }
}

/** The most characters of one opinion's text in the report. */
export const OPINION_TEXT_MAX = 600;
/** The least, however many opinions a period holds. */
export const OPINION_TEXT_MIN = 100;
/**
 * All opinions' texts of one report together: about a third of a Google Doc's limit (about 1,000,000 characters),
 * leaving room for the tables and the rest of each row.
 */
export const OPINION_TEXT_BUDGET = 300_000;

/**
 * The cap on one opinion's text for a period whose opinions have these lengths: OPINION_TEXT_MAX while their texts
 * fit OPINION_TEXT_BUDGET together, otherwise the largest cap that keeps Σ min(length, cap) within the budget (short
 * opinions stay whole, only the long ones are shortened), never below OPINION_TEXT_MIN.
 */
export function opinionTextCap(lengths: readonly number[]): number {
  const total = (cap: number) => {
    let n = 0;
    for (const l of lengths) n += Math.min(l, cap);
    return n;
  };
  if (total(OPINION_TEXT_MAX) <= OPINION_TEXT_BUDGET) return OPINION_TEXT_MAX;
  let lo = OPINION_TEXT_MIN;
  let hi = OPINION_TEXT_MAX;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (total(mid) <= OPINION_TEXT_BUDGET) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function statusOf(r: FeedbackRecord, labels: PublicLabels): string {
  return labels.of(canonicalStatus(r.status)) || NEW_STATUS;
}

function locationOf(r: FeedbackRecord, labels: PublicLabels): string {
  return labels.of(r.locationName) || labels.of(r.locationCode) || UNSPECIFIED;
}

/** Counts with a fixed head of labels (kept even at zero) followed by the others, most first. */
class Counter {
  private readonly map = new Map<string, number>();
  private readonly head: string[];
  constructor(head: readonly string[] = []) {
    this.head = [];
    for (const h of head) {
      const k = clean(h);
      if (k && !this.map.has(k)) {
        this.map.set(k, 0);
        this.head.push(k);
      }
    }
  }
  add(label: string): void {
    this.map.set(label, (this.map.get(label) ?? 0) + 1);
  }
  rows(): CountRow[] {
    const headSet = new Set(this.head);
    const rest: CountRow[] = [];
    for (const [label, count] of this.map) if (!headSet.has(label)) rest.push({ label, count });
    rest.sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
    return this.head.map((label) => ({ label, count: this.map.get(label) ?? 0 })).concat(rest);
  }
}

/** Start of the previous calendar month to the start of this one, in local time (UTC+7). */
export function defaultPeriod(now: Date): Period {
  const p = localParts(now);
  return { from: localMidnight(p.year, p.month - 1, 1), to: localMidnight(p.year, p.month, 1) };
}

/** Vietnamese label of a period: a whole local month as "tháng M/yyyy", otherwise a date range. */
export function periodLabel(period: Period): string {
  const a = localParts(period.from);
  const from = localMidnight(a.year, a.month, 1);
  const to = localMidnight(a.year, a.month + 1, 1);
  if (from.getTime() === period.from.getTime() && to.getTime() === period.to.getTime()) {
    return 'tháng ' + a.month + '/' + a.year;
  }
  const last = new Date(period.to.getTime() - 1);
  return 'từ ngày ' + formatLocalDate(period.from) + ' đến ngày ' + formatLocalDate(last);
}

function completionTime(r: FeedbackRecord): Date | null {
  if (isDate(r.replySentAt)) return r.replySentAt;
  if (isDate(r.updatedAt)) return r.updatedAt;
  return null;
}

/** Builds the monthly report model for opinions received in [period.from, period.to). */
export function buildReport(
  records: FeedbackRecord[],
  period: Period,
  now: Date,
  opts: { categories: string[] } & IssueOptions,
): ReportModel {
  const from = period.from.getTime();
  const to = period.to.getTime();
  const labels = new PublicLabels();
  const byCategory = new Counter((opts.categories ?? []).map((c) => labels.of(c)));
  const byLocation = new Counter();
  const byStatus = new Counter(REPORTED_STATUSES);
  const byKind = new Counter(FEEDBACK_KINDS);
  const groups = new Map<string, Array<{ at: number; item: OpinionItem; record: FeedbackRecord }>>();
  const overdue: OverdueItem[] = [];
  const onTime: OnTimeStats = { eligible: 0, onTime: 0, late: 0, noCompletionTime: 0, rate: null };
  let total = 0;
  let resolved = 0;
  let undated = 0;
  // The period's rows with their hand-typed labels masked with their own sender, for the issues.
  const inPeriod: FeedbackRecord[] = [];

  for (const row of records) {
    if (isJunk(row)) continue;
    if (!isDate(row.receivedAt)) {
      undated++;
      continue;
    }
    const at = row.receivedAt.getTime();
    if (at >= to) continue;
    const late = daysOverdue(row, now);
    if (at < from && late <= 0) continue;
    const r = withPublishableLabels(row);
    const status = statusOf(r, labels);
    const category = labels.of(r.category) || UNSPECIFIED;
    const location = locationOf(r, labels);

    if (late > 0) {
      overdue.push({
        trackingCode: clean(r.trackingCode),
        location,
        category,
        status,
        receivedDate: formatLocalDate(row.receivedAt),
        dueDate: formatLocalDate(r.dueAt as Date),
        daysOverdue: late,
        carriedOver: at < from,
      });
    }
    if (at < from) continue;

    total++;
    inPeriod.push(r);
    byCategory.add(category);
    byLocation.add(location);
    byStatus.add(status);
    byKind.add(labels.of(r.kind) || UNSPECIFIED);

    if (isFinalStatus(status)) {
      resolved++;
      if (isDate(r.dueAt)) {
        const done = completionTime(r);
        if (!done) onTime.noCompletionTime++;
        else {
          onTime.eligible++;
          if (localDayNumber(done) <= localDayNumber(r.dueAt)) onTime.onTime++;
          else onTime.late++;
        }
      }
    }

    let list = groups.get(category);
    if (!list) groups.set(category, (list = []));
    list.push({
      at,
      record: r,
      item: {
        trackingCode: clean(r.trackingCode),
        receivedDate: formatLocalDate(row.receivedAt),
        location,
        kind: labels.of(r.kind) || UNSPECIFIED,
        status,
        content: '',
      },
    });
  }

  // The texts last, once the period's opinions are known: their number and lengths set the cap.
  const lengths: number[] = [];
  for (const list of groups.values()) for (const x of list) lengths.push(String(x.record.content ?? '').length);
  const cap = opinionTextCap(lengths);
  for (const list of groups.values()) {
    for (const x of list) x.item.content = publishableExcerpt(x.record.content, senderOf(x.record), x.item.trackingCode, cap);
  }

  onTime.rate = onTime.eligible > 0 ? onTime.onTime / onTime.eligible : null;
  overdue.sort((a, b) => b.daysOverdue - a.daysOverdue || (a.trackingCode < b.trackingCode ? -1 : 1));
  const categoryRows = byCategory.rows();
  const opinions: CategoryGroup[] = [];
  for (const row of categoryRows) {
    const list = groups.get(row.label);
    if (!list) continue;
    list.sort((a, b) => a.at - b.at);
    opinions.push({ category: row.label, items: list.map((x) => x.item) });
  }

  return {
    period: { from: new Date(from), to: new Date(to) },
    periodLabel: periodLabel(period),
    generatedAt: new Date(now.getTime()),
    empty: total === 0,
    total,
    byCategory: categoryRows,
    byLocation: byLocation.rows(),
    byStatus: byStatus.rows(),
    byKind: byKind.rows(),
    resolved,
    onTime,
    overdue,
    opinions,
    issues: reportIssues(inPeriod, period, { threshold: opts.threshold, placeNames: opts.placeNames, textCap: cap }),
    undated,
  };
}

// ---- Weekly digest ----

export interface Digest {
  /** [from, to]: the 7 days ending at `now`. */
  from: Date;
  to: Date;
  /** Opinions received in the window. */
  received: number;
  byStatus: CountRow[];
  byCategory: CountRow[];
  byLocation: CountRow[];
  /** All rows, any age, still with status 'Mới' (or an empty status): not yet taken up. */
  awaiting: number;
  /** All rows, any age, overdue at `now`. */
  overdue: number;
}

/** Counts for the weekly e-mail to staff; no personal data and no opinion text. */
export function buildDigest(records: FeedbackRecord[], now: Date): Digest {
  const to = now.getTime();
  const from = to - 7 * DAY_MS;
  const byStatus = new Counter();
  const byCategory = new Counter();
  const byLocation = new Counter();
  const labels = new PublicLabels();
  let received = 0;
  let awaiting = 0;
  let overdue = 0;
  for (const r of records) {
    if (!isDate(r.receivedAt) || isJunk(r)) continue;
    const status = statusOf(r, labels);
    if (status === NEW_STATUS) awaiting++;
    if (daysOverdue(r, now) > 0) overdue++;
    const at = r.receivedAt.getTime();
    if (at < from || at > to) continue;
    received++;
    const p = withPublishableLabels(r);
    byStatus.add(statusOf(p, labels));
    byCategory.add(labels.of(p.category) || UNSPECIFIED);
    byLocation.add(locationOf(p, labels));
  }
  return {
    from: new Date(from),
    to: new Date(to),
    received,
    byStatus: byStatus.rows(),
    byCategory: byCategory.rows(),
    byLocation: byLocation.rows(),
    awaiting,
    overdue,
  };
}

function listLines(rows: CountRow[]): string[] {
  return rows.map((r) => '  - ' + r.label + ': ' + r.count);
}

/** Plain-text Vietnamese body of the weekly digest e-mail. */
export function digestText(digest: Digest, wardName: string): string {
  const ward = clean(wardName);
  const lines: string[] = [];
  lines.push('HÒM THƯ SỐ GÓP Ý' + (ward ? ' — ' + ward : ''));
  lines.push('Tóm tắt tuần: từ ngày ' + formatLocalDate(digest.from) + ' đến ngày ' + formatLocalDate(digest.to));
  lines.push('');
  lines.push('Ý kiến mới nhận trong 7 ngày qua: ' + digest.received);
  lines.push('Ý kiến đang chờ tiếp nhận (trạng thái "Mới"): ' + digest.awaiting);
  lines.push('Ý kiến quá hạn xử lý: ' + digest.overdue);
  if (digest.received === 0) {
    lines.push('');
    lines.push('Không có ý kiến mới trong 7 ngày qua.');
  } else {
    lines.push('');
    lines.push('Theo trạng thái:');
    lines.push(...listLines(digest.byStatus));
    lines.push('');
    lines.push('Theo lĩnh vực:');
    lines.push(...listLines(digest.byCategory));
    lines.push('');
    lines.push('Theo địa điểm:');
    lines.push(...listLines(digest.byLocation));
  }
  if (digest.overdue > 0) {
    lines.push('');
    lines.push('Đề nghị bộ phận phụ trách kiểm tra, xử lý các ý kiến quá hạn.');
  }
  lines.push('');
  lines.push('Xem chi tiết trong bảng tính theo dõi. Thư này không chứa thông tin cá nhân của người gửi.');
  return lines.join('\n');
}

// ---- Per-location notice ----

/**
 * Figures for the "Kết quả tiếp nhận và giải quyết" notice posted at one location, for opinions received
 * in [period.from, period.to). received = answered + inProgress + forwarded + otherClosed, where
 * inProgress is 'Mới'/'Đang xử lý' (or any unknown status) and otherClosed is
 * 'Không thuộc thẩm quyền' or 'Trùng lặp'.
 */
export interface LocationNotice {
  locationCode: string;
  locationName: string;
  periodLabel: string;
  received: number;
  answered: number;
  inProgress: number;
  forwarded: number;
  otherClosed: number;
}

export function locationNotice(records: FeedbackRecord[], locationCode: string, period: Period): LocationNotice {
  const code = clean(locationCode).toUpperCase();
  const from = period.from.getTime();
  const to = period.to.getTime();
  const out: LocationNotice = {
    locationCode: clean(locationCode),
    locationName: '',
    periodLabel: periodLabel(period),
    received: 0,
    answered: 0,
    inProgress: 0,
    forwarded: 0,
    otherClosed: 0,
  };
  const labels = new PublicLabels();
  out.locationCode = labels.of(locationCode);
  let nameAt = -Infinity;
  let named: FeedbackRecord | null = null;
  for (const r of records) {
    if (!isDate(r.receivedAt) || isJunk(r) || clean(r.locationCode).toUpperCase() !== code) continue;
    const at = r.receivedAt.getTime();
    if (clean(r.locationName) && at >= nameAt) {
      named = r;
      nameAt = at;
    }
    if (at < from || at >= to) continue;
    out.received++;
    const status = statusOf(r, labels);
    if (status === 'Đã trả lời') out.answered++;
    else if (status === 'Đã chuyển cơ quan có thẩm quyền') out.forwarded++;
    else if (isFinalStatus(status)) out.otherClosed++;
    else out.inProgress++;
  }
  // The newest row's place, masked with that row's sender (a typed row's place may name them).
  if (named) out.locationName = labels.of(withPublishableLabels(named).locationName);
  return out;
}
