/**
 * Emails the staff side sends: the reply to a resident once their opinion is answered, and the weekly digest to the
 * committee. Plain text and HTML, every value escaped; neither carries the internal note.
 */
import { escapeHtml } from '../common/html';
import { isWebAppAddress } from '../common/web-address';
import type { OutgoingEmail } from '../common/ports';
import type { FeedbackRecord } from '../records/feedback-record';
import { digestText, type Digest } from '../reports/report';
import { formatLocalDate } from '../staff/deadline';

export interface ReplyEmailInput {
  record: Pick<FeedbackRecord, 'trackingCode' | 'receivedAt' | 'category' | 'locationName' | 'name' | 'email' | 'publicReply' | 'status'>;
  wardName: string;
  committeeName: string;
  /** The web app's lookup link for this code, when the app URL is known. */
  lookupUrl?: string;
}

function oneLine(s: string): string {
  return String(s ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}

function multiline(s: string): string {
  return escapeHtml(s).replace(/\r?\n/g, '<br>');
}

/** What every reply email's subject starts with. */
export const REPLY_SUBJECT_MARK = 'Trả lời ý kiến của ông/bà';

/**
 * The subject leaves the tracking code out on purpose: the committee-email retry looks for sent mail whose subject
 * contains a code, and must not mistake this reply for the committee's copy.
 */
export function replySubject(wardName: string): string {
  return `${REPLY_SUBJECT_MARK} – Hòm thư số góp ý ${oneLine(wardName)}`.trim();
}

/** The line of the reply's body that names its tracking code (the subject does not). */
export function replyCodeLine(trackingCode: string): string {
  return `Mã theo dõi: ${oneLine(trackingCode)}`;
}

/** Most words and characters of a name the greeting uses. */
const GREETING_NAME_WORDS = 6;
const GREETING_NAME_CHARS = 50;

/**
 * The sender's name as the greeting uses it, or '' when it does not read as a person's name. The form takes any text
 * there and a reply goes to whatever address was typed, so a "name" that carries a message (a link, a number, a
 * sentence) must not be written by the ward's account into a stranger's mailbox: the greeting is then "Kính gửi
 * ông/bà," alone. Letters with their accents, an initial's dot, an apostrophe or hyphen inside a word.
 */
export function greetingName(name: string): string {
  const n = oneLine(name).normalize('NFC');
  if (!n || n.length > GREETING_NAME_CHARS) return '';
  const words = n.split(' ');
  if (words.length > GREETING_NAME_WORDS) return '';
  return words.every((w) => /^[\p{L}\p{M}]+(?:['’-][\p{L}\p{M}]+)*\.?$/u.test(w)) ? n : '';
}

export function replyEmail(input: ReplyEmailInput): OutgoingEmail {
  const r = input.record;
  const name = greetingName(r.name);
  const greeting = name ? `Kính gửi ông/bà ${name},` : 'Kính gửi ông/bà,';
  const committee = oneLine(input.committeeName);
  const ward = oneLine(input.wardName);
  const received = r.receivedAt ? formatLocalDate(r.receivedAt) : '';
  const facts: [string, string][] = [['Mã theo dõi', oneLine(r.trackingCode)]];
  if (received) facts.push(['Ngày gửi', received]);
  if (oneLine(r.locationName)) facts.push(['Địa điểm', oneLine(r.locationName)]);
  if (oneLine(r.category)) facts.push(['Lĩnh vực', oneLine(r.category)]);
  facts.push(['Trạng thái', oneLine(r.status) || 'Đã trả lời']);
  const reply = String(r.publicReply ?? '').trim();
  const thanks = `${committee} trân trọng cảm ơn ông/bà đã gửi ý kiến qua Hòm thư số góp ý ${ward}. Ý kiến của ông/bà đã được xem xét và trả lời như sau.`;
  const lookup = input.lookupUrl
    ? `Ông/bà có thể xem lại kết quả bằng mã theo dõi tại: ${input.lookupUrl}`
    : 'Ông/bà có thể tra cứu lại kết quả bằng mã theo dõi trên trang Hòm thư số góp ý.';
  const footer = `Đây là thư gửi tự động từ Hòm thư số góp ý. Nếu cần trao đổi thêm, ông/bà vui lòng gửi ý kiến mới hoặc liên hệ trực tiếp ${committee}.`;

  const text = [
    greeting,
    '',
    thanks,
    '',
    ...facts.map(([k, v]) => `${k}: ${v}`),
    '',
    'Nội dung trả lời:',
    reply,
    '',
    lookup,
    '',
    'Trân trọng,',
    committee,
    '',
    footer,
  ].join('\n');

  const html = [
    '<div style="font-family:Arial,sans-serif;font-size:14px;line-height:1.5">',
    `<p>${escapeHtml(greeting)}</p>`,
    `<p>${escapeHtml(thanks)}</p>`,
    '<table cellpadding="4" style="border-collapse:collapse">',
    ...facts.map(
      ([k, v], i) =>
        // The first fact is the tracking code: it never breaks across lines.
        `<tr><th align="left" valign="top" style="padding-right:12px;white-space:nowrap">${escapeHtml(k)}</th><td${i === 0 ? ' style="white-space:nowrap"' : ''}>${escapeHtml(v)}</td></tr>`,
    ),
    '</table>',
    '<p><b>Nội dung trả lời:</b></p>',
    `<div style="white-space:pre-wrap;border-left:3px solid #1565c0;padding-left:8px">${multiline(reply)}</div>`,
    input.lookupUrl
      ? `<p>Ông/bà có thể xem lại kết quả bằng mã theo dõi <b style="white-space:nowrap">${escapeHtml(oneLine(r.trackingCode))}</b> tại: <a href="${escapeHtml(input.lookupUrl)}">${escapeHtml(input.lookupUrl)}</a></p>`
      : `<p>${escapeHtml(lookup)}</p>`,
    `<p>Trân trọng,<br>${escapeHtml(committee)}</p>`,
    `<p style="color:#555;font-size:12px">${escapeHtml(footer)}</p>`,
    '</div>',
  ].join('\n');

  return {
    to: [oneLine(r.email)],
    subject: replySubject(ward),
    text,
    html,
    senderName: committee || 'Hòm thư số góp ý',
  };
}

/** The web app link that opens the lookup with this code filled in. */
export function lookupLink(appUrl: string, trackingCode: string): string {
  const base = String(appUrl ?? '').trim();
  if (!isWebAppAddress(base) || /\s/.test(base)) return '';
  return `${base}${base.includes('?') ? '&' : '?'}track=${encodeURIComponent(trackingCode)}`;
}

export function digestSubject(digest: Digest): string {
  return `[Hòm thư góp ý] Tóm tắt tuần ${formatLocalDate(digest.from)} – ${formatLocalDate(digest.to)}`;
}

/** The weekly digest for the committee: counts only (see buildDigest), no personal data and no opinion text. */
export function digestEmail(digest: Digest, opts: { wardName: string; recipients: string[]; sheetUrl?: string }): OutgoingEmail {
  const body = digestText(digest, opts.wardName);
  const link = opts.sheetUrl ? `Mở bảng tính theo dõi: ${opts.sheetUrl}` : '';
  const text = link ? `${body}\n${link}` : body;
  // The link sits inside the message's font, after the figures kept as they are laid out (pre-wrap).
  const html = [
    '<div style="font-family:Arial,sans-serif;font-size:14px;line-height:1.5">',
    `<div style="white-space:pre-wrap">${escapeHtml(body)}</div>`,
    opts.sheetUrl ? `<p><a href="${escapeHtml(opts.sheetUrl)}">Mở bảng tính theo dõi</a></p>` : '',
    '</div>',
  ].join('\n');
  return { to: opts.recipients, subject: digestSubject(digest), text, html, senderName: 'Hòm thư số góp ý' };
}
