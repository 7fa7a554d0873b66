/**
 * The email the committee receives for each opinion: plain text and HTML, all resident text escaped.
 */
import { escapeHtml } from '../common/html';
import type { OutgoingEmail } from '../common/ports';
import type { FeedbackRecord } from '../records/feedback-record';
import { UNSPECIFIED } from '../reports/report';

export interface CommitteeEmailInput {
  record: FeedbackRecord;
  rowLink: string;
  recipients: string[];
  committeeName: string;
  /** Formatted received time, e.g. "28/11/2026 19:05". */
  receivedText: string;
}

/** What every committee email's subject starts with (the weekly digest's too). */
export const COMMITTEE_SUBJECT_MARK = '[Hòm thư góp ý]';

const oneLine = (s: string) =>
  String(s ?? '')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * The place as the committee reads it: "name (code)", or whichever of the two is known, or the reports' own word for
 * an empty place ("Chưa xác định"): an opinion sent while the box had no active place, or a row typed without one.
 */
export function placeText(name: string, code: string): string {
  const n = oneLine(name);
  const c = oneLine(code);
  return n && c ? `${n} (${c})` : n || c || UNSPECIFIED;
}

/** The subject always starts with the tracking code, so a sent-mail search finds it after a crash. */
export function committeeSubject(r: Pick<FeedbackRecord, 'trackingCode' | 'locationName' | 'category'>): string {
  return `${COMMITTEE_SUBJECT_MARK} ${r.trackingCode} – ${oneLine(r.locationName) || UNSPECIFIED} – ${oneLine(r.category)}`;
}

const CODE = 'Mã theo dõi';
/** A tracking code never breaks across lines (mail programs break after its hyphen). */
const NOWRAP = ' style="white-space:nowrap"';

export function committeeEmail(input: CommitteeEmailInput): OutgoingEmail {
  const r = input.record;
  const contactGiven = Boolean(r.name || r.phone || r.email || r.address);
  const rows: [string, string][] = [
    [CODE, r.trackingCode],
    ['Thời gian nhận', input.receivedText],
    ['Địa điểm', placeText(r.locationName, r.locationCode)],
    ['Loại', r.kind],
    ['Lĩnh vực', r.category],
    ['Họ tên', r.name || '(không để lại)'],
    ['Số điện thoại', r.phone || '(không để lại)'],
    ['Email', r.email || '(không để lại)'],
    ['Địa chỉ', r.address || '(không để lại)'],
    ['Đồng ý liên hệ', contactGiven ? (r.consent ? 'Có' : 'Không') : '—'],
  ];
  if (r.possibleDuplicates) rows.push(['Có thể trùng với', r.possibleDuplicates]);
  if (r.photos) rows.push([PHOTOS, r.photos]);

  const text = [
    `Ý kiến mới gửi tới ${input.committeeName}.`,
    '',
    ...rows.map(([k, v]) => `${k}: ${v}`),
    '',
    'Nội dung:',
    r.content,
    '',
    `Mở dòng trong bảng tính: ${input.rowLink}`,
  ].join('\n');

  const html = [
    '<div style="font-family:Arial,sans-serif;font-size:14px;line-height:1.5">',
    `<p>Ý kiến mới gửi tới ${escapeHtml(input.committeeName)}.</p>`,
    '<table cellpadding="4" style="border-collapse:collapse">',
    ...rows.map(
      ([k, v]) =>
        `<tr><th align="left" valign="top" style="padding-right:12px;white-space:nowrap">${escapeHtml(k)}</th><td${k === CODE ? NOWRAP : ''}>${k === PHOTOS ? photoLinks(v) : multiline(v)}</td></tr>`,
    ),
    '</table>',
    '<p><b>Nội dung:</b></p>',
    `<div style="white-space:pre-wrap;border-left:3px solid #1565c0;padding-left:8px">${escapeHtml(r.content)}</div>`,
    `<p><a href="${escapeHtml(input.rowLink)}">Mở dòng trong bảng tính</a></p>`,
    '</div>',
  ].join('\n');

  return {
    to: input.recipients,
    subject: committeeSubject(r),
    text,
    html,
    replyTo: r.email && r.consent ? r.email : undefined,
    senderName: 'Hòm thư số góp ý',
  };
}

const PHOTOS = 'Ảnh';

/** The row's photo links (one per line, made by the server) as links "Ảnh 1", "Ảnh 2"…; anything else as text. */
function photoLinks(v: string): string {
  return v
    .split('\n')
    .filter(Boolean)
    .map((link, i) => (/^https:\/\/[^\s"'<>]+$/.test(link) ? `<a href="${escapeHtml(link)}">Ảnh ${i + 1}</a>` : escapeHtml(link)))
    .join('<br>');
}

function multiline(s: string): string {
  return escapeHtml(s).replace(/\n/g, '<br>');
}
