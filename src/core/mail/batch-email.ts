/**
 * The batched committee announcement: one email listing every opinion not yet announced, oldest first, split into as
 * few emails as Apps Script's body limit allows. Each entry carries what staff need to find and judge the opinion:
 * the tracking code (what they search the sheet for; a link to a row cannot follow a row staff moved), time,
 * location, kind, category, the first ~300 characters and the photo count. No personal data: the contact details stay
 * in the sheet.
 */
import { escapeHtml } from '../common/html';
import type { OutgoingEmail } from '../common/ports';
import type { FeedbackRecord } from '../records/feedback-record';
import { utf8Length } from '../common/utf8';
import { placeText } from './committee-email';

/** Apps Script refuses an email body over 200 KB on a free account; text and HTML are counted together, with room. */
export const BODY_LIMIT_BYTES = 200 * 1024;
export const BODY_BUDGET_BYTES = 190 * 1024;
export const EXCERPT_CHARS = 300;

export type BatchEntry = Pick<
  FeedbackRecord,
  'trackingCode' | 'locationName' | 'locationCode' | 'kind' | 'category' | 'content' | 'photos'
> & {
  /** Formatted received time, e.g. "28/11/2026 19:05". */
  receivedText: string;
};

export interface BatchEmailOptions {
  recipients: string[];
  committeeName: string;
  /** The responses sheet's address (opened at the sheet; staff search for the code). */
  sheetUrl: string;
  /**
   * Names this run's emails in their subjects ("đợt 0612-2215"), so the next run can find them in sent mail should
   * this one stop between sending and marking the rows. Never shaped like a tracking code.
   */
  batchId: string;
  /** Body budget per email in bytes; BODY_BUDGET_BYTES unless a test wants smaller. */
  budgetBytes?: number;
}

function oneLine(s: string): string {
  return String(s ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The first ~300 characters on one line, cut at a word when one is near, with "…" when cut. */
export function excerpt(content: string, max = EXCERPT_CHARS): string {
  const flat = oneLine(content);
  const chars = Array.from(flat);
  if (chars.length <= max) return flat;
  const cut = chars.slice(0, max).join('');
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.8 ? cut.slice(0, space) : cut}…`;
}

export function photoCount(photos: string): number {
  return String(photos ?? '')
    .split('\n')
    .filter((l) => l.trim()).length;
}

function entryText(e: BatchEntry, n: number): string {
  const photos = photoCount(e.photos);
  return [
    `${n}. ${e.trackingCode} – ${e.receivedText} – ${placeText(e.locationName, e.locationCode)}`,
    `   ${oneLine(e.kind)} · ${oneLine(e.category)}${photos ? ` · ${photos} ảnh` : ''}`,
    `   ${excerpt(e.content)}`,
  ].join('\n');
}

function entryHtml(e: BatchEntry, n: number): string {
  const photos = photoCount(e.photos);
  return (
    `<li value="${n}"><b>${escapeHtml(e.trackingCode)}</b> – ${escapeHtml(e.receivedText)} – ${escapeHtml(placeText(e.locationName, e.locationCode))}` +
    `<br>${escapeHtml(oneLine(e.kind))} · ${escapeHtml(oneLine(e.category))}` +
    `${photos ? ` · ${photos} ảnh` : ''}<br><span style="color:#333">${escapeHtml(excerpt(e.content))}</span></li>`
  );
}

export function batchSubject(count: number, part: number, parts: number, batchId: string): string {
  const of = parts > 1 ? ` (phần ${part}/${parts})` : '';
  return `[Hòm thư góp ý] ${count} ý kiến mới${of} – ${batchPartId(batchId, part)}`;
}

/** The text the sent-mail search looks for: one part of one run's batch. */
export function batchPartId(batchId: string, part: number): string {
  return `đợt ${batchId}.${part}`;
}

/** A run's batch id from its time: "0612-2215" (day, month, hour, minute in Vietnam time) plus a suffix. */
export function makeBatchId(now: Date, suffix: string): string {
  const s = new Date(now.getTime() + 7 * 3600_000).toISOString();
  return `${s.slice(8, 10)}${s.slice(5, 7)}-${s.slice(11, 13)}${s.slice(14, 16)}${suffix ? `-${suffix}` : ''}`;
}

function header(opts: BatchEmailOptions, count: number, first: number, total: number): string[] {
  return [
    `Ý kiến mới gửi tới ${oneLine(opts.committeeName)}: ${count} ý kiến (số ${first}–${first + count - 1} trong ${total} ý kiến chưa báo), cũ nhất trước.`,
    'Tìm mã theo dõi trong trang "Góp ý" của bảng tính để xem đầy đủ nội dung, thông tin liên hệ và ảnh.',
  ];
}

function footer(opts: BatchEmailOptions): string {
  return `Mở bảng tính: ${opts.sheetUrl}`;
}

function build(opts: BatchEmailOptions, entries: BatchEntry[], first: number, total: number, part: number, parts: number): OutgoingEmail {
  const head = header(opts, entries.length, first, total);
  const text = [...head, '', ...entries.map((e, i) => entryText(e, first + i)), '', footer(opts)].join('\n');
  const html = [
    '<div style="font-family:Arial,sans-serif;font-size:14px;line-height:1.5">',
    ...head.map((l) => `<p>${escapeHtml(l)}</p>`),
    `<ol start="${first}">`,
    ...entries.map((e, i) => entryHtml(e, first + i)),
    '</ol>',
    `<p><a href="${escapeHtml(opts.sheetUrl)}">Mở bảng tính</a></p>`,
    '</div>',
  ].join('\n');
  return {
    to: opts.recipients,
    subject: batchSubject(entries.length, part, parts, opts.batchId),
    text,
    html,
    senderName: 'Hòm thư số góp ý',
  };
}

/** Bytes an email's body takes (text and HTML together). */
export function bodyBytes(mail: Pick<OutgoingEmail, 'text' | 'html'>): number {
  return utf8Length(mail.text) + utf8Length(mail.html);
}

/** One batched email and the tracking codes it lists. */
export type BatchEmail = OutgoingEmail & { codes: string[]; partId: string };

/**
 * The batched emails for `entries` (oldest first), each under the body budget, as few as fit. Entries are packed in
 * order, so the oldest opinion is always in the first email.
 */
export function batchEmails(entries: readonly BatchEntry[], opts: BatchEmailOptions): BatchEmail[] {
  if (entries.length === 0) return [];
  const budget = opts.budgetBytes ?? BODY_BUDGET_BYTES;
  // Room for the header, footer and markup around the list: measured on an empty email, with margin for the numbers.
  const frame = bodyBytes(build(opts, [], 1, entries.length, 1, 1)) + 400;
  const groups: BatchEntry[][] = [];
  let group: BatchEntry[] = [];
  let used = frame;
  entries.forEach((e, i) => {
    const size = utf8Length(entryText(e, i + 1)) + utf8Length(entryHtml(e, i + 1)) + 2;
    if (group.length > 0 && used + size > budget) {
      groups.push(group);
      group = [];
      used = frame;
    }
    group.push(e);
    used += size;
  });
  groups.push(group);
  const out: BatchEmail[] = [];
  let first = 1;
  groups.forEach((g, i) => {
    const mail = build(opts, g, first, entries.length, i + 1, groups.length);
    out.push({ ...mail, codes: g.map((e) => e.trackingCode), partId: batchPartId(opts.batchId, i + 1) });
    first += g.length;
  });
  return out;
}
