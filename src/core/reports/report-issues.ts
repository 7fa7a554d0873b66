/**
 * The issues ("vấn đề") of a report period, as the synthesis report prints them: the period's opinions grouped by
 * ./grouping.ts, each with how many opinions raised it, where, when first and last, its status and answer, and one
 * representative text masked by the identity firewall (privacy/mask.ts) with the tracking codes of the rest.
 * No name, phone, e-mail or address column is copied.
 */

import type { FeedbackRecord } from '../records/feedback-record';
import { formatLocalDate } from '../staff/deadline';
import { moreText, publishableExcerpt, publishableText, senderOf, type SenderContact } from '../privacy/publish';
import { groupOpinions, groupingThreshold, opinionFromRecord, type GroupingOpinion, type OpinionGroup } from './grouping';
import { clean, isDate } from './grouping-text';
import { isJunk } from './junk';

export interface IssueItem {
  /** 'issue': one place; 'theme': the same problem at several places. */
  type: 'issue' | 'theme';
  category: string;
  /** Opinions, not people: the box is anonymous. */
  count: number;
  /** Place names with their counts, most first: "Nhà văn hóa khu dân cư số 1 (4)". */
  places: string[];
  /** 'dd/MM/yyyy', local. */
  firstDate: string;
  lastDate: string;
  /** The most advanced status, and what still waits: "Đã trả lời; còn 2 ý kiến chờ xử lý". */
  status: string;
  /** Distinct public replies, masked, each at most the period's text cap (a longer one ends "… (xem đầy đủ theo mã …)"). */
  answers: string[];
  /** The representative opinion's text, masked. */
  text: string;
  trackingCode: string;
  otherCodes: string[];
}

export interface IssueOptions {
  /** The Cấu hình threshold (any value; a bad one gives the default). */
  threshold?: unknown;
  /** Names of the ward's places, whose words say where and never what. */
  placeNames?: readonly string[];
  /** Most characters of a representative text and of each public reply (the report's cap for the period); 600 without one. */
  textCap?: number;
}

/**
 * Most opinions a period is grouped for. Grouping costs grow with the square of the number of opinions when many
 * share their wording (a flood of near-identical texts is the worst case: about 3 s for 1,000 and 25 s for 3,000 in
 * Node, slower in Apps Script), and the report must finish inside an execution's 6 minutes. A ward's month is a few
 * hundred opinions; a larger period is listed one opinion per row, and the report says so.
 */
export const MAX_GROUPED = 1500;

function statusText(g: OpinionGroup): string {
  const waiting = g.status.open;
  if (waiting === 0 || waiting === g.count) return g.status.headline;
  return `${g.status.headline}; còn ${waiting} ý kiến chờ xử lý`;
}

/** Issues of the opinions received in [from, to) (junk left out), most opinions first. Never throws on bad rows. */
export function reportIssues(records: readonly FeedbackRecord[], period: { from: Date; to: Date }, opts: IssueOptions = {}): IssueItem[] {
  const from = period.from.getTime();
  const to = period.to.getTime();
  const byCode = new Map<string, FeedbackRecord>();
  const opinions: GroupingOpinion[] = [];
  const cap = opts.textCap ?? 600;
  const replies = new ReplyExcerpts(cap);
  const rows: FeedbackRecord[] = [];
  // The senders of the rows that hold each reply: staff paste one reply into every row of an issue, naming them all.
  const sendersOf = new Map<string, SenderContact[]>();
  for (const r of records) {
    // The period first: a sheet holds years of rows and the report reads one month of them. Junk is no one's issue.
    if (!r || !isDate(r.receivedAt) || isJunk(r)) continue;
    const at = r.receivedAt.getTime();
    if (at < from || at >= to) continue;
    rows.push(r);
    const reply = clean(r.publicReply);
    if (reply) sendersOf.set(reply, [...(sendersOf.get(reply) ?? []), senderOf(r)]);
  }
  for (const r of rows) {
    const op = opinionFromRecord(r);
    if (!op) continue;
    // Each public reply masked with the sender of every row that holds it: a group's answers come from many rows, and
    // staff often greet the senders by name ("Kính gửi bà …"). Masked before it is cut, so a cut never falls inside
    // a placeholder.
    if (op.publicReply) op.publicReply = replies.add(op.publicReply, sendersOf.get(op.publicReply) ?? [senderOf(r)], op.trackingCode);
    opinions.push(op);
    byCode.set(op.trackingCode.toUpperCase(), r);
  }
  if (opinions.length > MAX_GROUPED) return opinions.map((op) => single(op, byCode.get(op.trackingCode.toUpperCase()), cap, replies));
  const result = groupOpinions(opinions, { threshold: groupingThreshold(opts.threshold), placeNames: opts.placeNames ?? [] });
  return result.groups.map((g) => {
    const rep = byCode.get(g.representative.trackingCode.toUpperCase());
    const sender = rep ? { name: rep.name, phone: rep.phone, email: rep.email, address: rep.address } : undefined;
    return {
      type: g.type,
      category: publishableText(g.category),
      count: g.count,
      places: g.places.map((p) => `${publishableText(p.name || p.code)} (${p.count})`),
      firstDate: formatLocalDate(g.firstReceived),
      lastDate: formatLocalDate(g.lastReceived),
      status: publishableText(statusText(g)),
      answers: g.answers.map((a) => replies.printed(a)),
      text: publishableExcerpt(g.representative.content, sender, g.representative.trackingCode, cap),
      trackingCode: g.representative.trackingCode,
      otherCodes: g.otherCodes,
    };
  });
}

/**
 * The period's public replies, each masked and capped as the representative texts are (publishableExcerpt). Staff
 * often paste one reply into every row of an issue: the grouping keeps distinct replies, so what it compares is the
 * excerpt without a tracking code; what the report prints ends with the code of a row that holds the whole reply.
 */
class ReplyExcerpts {
  private readonly shortened = moreText('');
  private readonly withCode = new Map<string, string>();
  constructor(private readonly cap: number) {}

  private readonly maskedFor = new Map<string, string>();

  /** The reply as the grouping compares it, masked with each of `senders`. */
  add(reply: string, senders: readonly SenderContact[], trackingCode: string): string {
    // Every sender but the last masked over the whole reply (each reply once), the last one as the excerpt is cut.
    let text = this.maskedFor.get(reply);
    if (text === undefined) {
      text = reply;
      for (const s of senders.slice(0, -1)) text = publishableText(text, s);
      this.maskedFor.set(reply, text);
    }
    const last = senders[senders.length - 1];
    const shared = publishableExcerpt(text, last, '', this.cap);
    const key = clean(shared);
    if (!this.withCode.has(key)) {
      this.withCode.set(key, shared.endsWith(this.shortened) ? publishableExcerpt(text, last, trackingCode, this.cap) : shared);
    }
    return shared;
  }

  /** The reply as the report prints it. */
  printed(answer: string): string {
    return this.withCode.get(clean(answer)) ?? answer;
  }
}

/** One opinion as an issue of its own, for a period too large to group. */
function single(op: GroupingOpinion, r: FeedbackRecord | undefined, cap: number, replies: ReplyExcerpts): IssueItem {
  const date = formatLocalDate(op.receivedAt);
  const sender = r ? { name: r.name, phone: r.phone, email: r.email, address: r.address } : undefined;
  return {
    type: 'issue',
    category: publishableText(op.category || 'Chưa xác định'),
    count: 1,
    places: [`${publishableText(op.locationName || op.locationCode || 'Chưa xác định')} (1)`],
    firstDate: date,
    lastDate: date,
    status: publishableText(op.status || 'Mới'),
    answers: op.publicReply ? [replies.printed(op.publicReply)] : [],
    text: publishableExcerpt(op.content, sender, op.trackingCode, cap),
    trackingCode: op.trackingCode,
    otherCodes: [],
  };
}
