/**
 * The printed documents of the staff side, as a list of blocks (paragraphs, tables, page breaks) that
 * src/gas/report-doc.ts renders with DocumentApp: the synthesis report for the Party committee and People's
 * Committee, and the per-location notices. Also reads the period staff type when asked for one.
 * Everything here comes from ReportModel / LocationNotice, which hold no personal data.
 */
import { localMidnight, localParts } from '../staff/deadline';
import {
  buildDigest,
  buildReport,
  defaultPeriod,
  periodLabel,
  type CountRow,
  type Digest,
  type LocationNotice,
  type Period,
  type ReportModel,
} from './report';
import { rowToRecord } from '../records/feedback-record';
import { MAX_GROUPED, type IssueOptions } from './report-issues';

/** 1500 → "1.500", as Vietnamese writes numbers. */
function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

export type DocBlock =
  | {
      kind: 'paragraph';
      text: string;
      align?: 'left' | 'center' | 'right' | 'justify';
      bold?: boolean;
      size?: number;
      /** Left indent in points. */
      indent?: number;
    }
  | { kind: 'heading'; text: string; level: 1 | 2 }
  /** `widths`: each column's width in points, together the text width of an A4 page (TABLE_WIDTH). */
  | { kind: 'table'; rows: string[][]; widths?: number[] }
  | { kind: 'pagebreak' };

/** The text width of an A4 page with Docs' default 1-inch margins (595 − 144 pt); a Letter page is wider. */
export const TABLE_WIDTH = 451;

/**
 * A tracking code as printed in a table: its hyphen is the non-breaking one (U+2011), so "HB-7KQ4M2X" never
 * breaks across lines; the lookup reads it back as a plain hyphen (normalizeTrackingCode forgives dash look-alikes).
 */
export function unbrokenCode(code: string): string {
  return code.replace(/-/g, '\u2011');
}

export const REPORT_TITLE = 'Báo cáo tổng hợp ý kiến, kiến nghị của Nhân dân';
export const NOTICE_TITLE = 'Kết quả tiếp nhận và giải quyết';
export const EMPTY_PERIOD_TEXT = 'không có ý kiến, kiến nghị nào';

/** Document name: "Báo cáo tổng hợp ý kiến, kiến nghị của Nhân dân – tháng 3/2025". */
export function reportName(period: Period): string {
  return `${REPORT_TITLE} – ${periodLabel(period)}`;
}

export function noticesName(period: Period): string {
  return `${NOTICE_TITLE} – ${periodLabel(period)}`;
}

// ---- Period typed by staff ----

export const PERIOD_PROMPT =
  'Nhập kỳ báo cáo: một tháng dạng MM/yyyy (ví dụ 03/2025), hoặc một khoảng ngày dạng dd/MM/yyyy - dd/MM/yyyy. Để trống để lấy tháng trước.';

function calendarDate(d: number, m: number, y: number): Date | null {
  if (y < 2000 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return localMidnight(y, m, d);
}

const DMY = '(\\d{1,2})\\s*[/.-]\\s*(\\d{1,2})\\s*[/.-]\\s*(\\d{4})';
const MONTH = /^(?:tháng\s*)?(\d{1,2})\s*[/.-]\s*(\d{4})$/i;
const ONE_DAY = new RegExp(`^${DMY}$`);
const RANGE = new RegExp(`^(?:từ(?:\\s*ngày)?\\s*)?${DMY}\\s*(?:-|–|—|đến(?:\\s*ngày)?)\\s*${DMY}$`, 'i');

/**
 * Reads the period typed by staff (Vietnam local dates): "" → last month (defaultPeriod); "MM/yyyy" → that month;
 * "dd/MM/yyyy - dd/MM/yyyy" (also "–", "đến", "từ … đến …") → those days, both included; one "dd/MM/yyyy" → that day.
 * The period must not start in the future.
 */
export function parsePeriodInput(input: unknown, now: Date): { period: Period } | { error: string } {
  const s = String(input ?? '')
    .normalize('NFC')
    .trim()
    .replace(/\s+/g, ' ');
  if (!s) return { period: defaultPeriod(now) };
  let period: Period;
  const month = MONTH.exec(s);
  const range = RANGE.exec(s);
  const day = ONE_DAY.exec(s);
  if (month) {
    const m = Number(month[1]);
    const y = Number(month[2]);
    if (m < 1 || m > 12 || y < 2000 || y > 2100) return { error: `Tháng "${s}" không hợp lệ.` };
    period = { from: localMidnight(y, m, 1), to: localMidnight(y, m + 1, 1) };
  } else if (range) {
    const a = calendarDate(+range[1], +range[2], +range[3]);
    const b = calendarDate(+range[4], +range[5], +range[6]);
    if (!a || !b) return { error: `Khoảng ngày "${s}" có ngày không có trên lịch.` };
    if (a.getTime() > b.getTime()) return { error: 'Ngày bắt đầu phải trước ngày kết thúc.' };
    const end = localParts(b);
    period = { from: a, to: localMidnight(end.year, end.month, end.day + 1) };
  } else if (day) {
    const a = calendarDate(+day[1], +day[2], +day[3]);
    if (!a) return { error: `Ngày "${s}" không có trên lịch.` };
    const p = localParts(a);
    period = { from: a, to: localMidnight(p.year, p.month, p.day + 1) };
  } else {
    return { error: `Không hiểu "${s.slice(0, 40)}".` };
  }
  if (period.from.getTime() > now.getTime()) return { error: 'Kỳ báo cáo chưa bắt đầu.' };
  return { period };
}

// ---- Helpers ----

/** "33,3%" (Vietnamese decimal comma); "—" when there is nothing to divide by. */
export function percent(part: number, whole: number): string {
  if (!whole) return '—';
  const v = Math.round((part / whole) * 1000) / 10;
  return `${String(v).replace('.', ',')}%`;
}

function placeName(wardName: string): string {
  return wardName.trim().replace(/^(phường|xã|thị trấn)\s+/i, '') || wardName.trim();
}

/** "phường Hòa Bình" from "Phường Hòa Bình", for use inside a sentence. */
function inSentence(wardName: string): string {
  const w = wardName.trim();
  return w.replace(/^(Phường|Xã|Thị trấn)(?=\s)/, (m) => m.toLowerCase());
}

function dateLine(wardName: string, at: Date): string {
  const p = localParts(at);
  return `${placeName(wardName)}, ngày ${String(p.day).padStart(2, '0')} tháng ${p.month < 3 ? '0' + p.month : p.month} năm ${p.year}`;
}

/**
 * Points per column, for Docs' 11 pt Arial in tables: a code (88 pt holds the usual ones with the cell's padding, a
 * longer one widens its column: fitCodes) and a location's name get the room; dates may wrap at their slashes.
 * STT, label, count, share.
 */
const COUNT_WIDTHS = [34, 277, 70, 70];
/** STT, code, location, category, status, received, due, days overdue. */
const OVERDUE_WIDTHS = [32, 88, 82, 52, 50, 54, 54, 39];
/** The issues table: STT, text, category, places, count, dates, status and answer, codes. */
const ISSUE_WIDTHS = [26, 104, 48, 66, 30, 45, 44, 88];

/** Arial's advance widths (thousandths of an em) of what a tracking code is made of. */
const ARIAL_WIDTH: Record<string, number> = {
  ...Object.fromEntries([...'0123456789'].map((d) => [d, 556])),
  ...Object.fromEntries([...'ABEKPSVXY'].map((c) => [c, 667])),
  ...Object.fromEntries([...'CDHNRU'].map((c) => [c, 722])),
  ...Object.fromEntries([...'FTZ'].map((c) => [c, 611])),
  ...Object.fromEntries([...'GOQ'].map((c) => [c, 778])),
  I: 278,
  J: 500,
  L: 556,
  M: 833,
  W: 944,
  '\u2011': 333,
  '-': 333,
};

/**
 * The widths with the code column (index `code`) wide enough for the longest code at 11 pt Arial plus the cell's
 * padding, the points it needs beyond the default taken from column `from` (one that can wrap), down to `floor`.
 * A cell may hold several codes, one a line.
 */
function fitCodes(widths: number[], rows: string[][], code: number, from: number, floor: number): number[] {
  let longest = 0;
  for (const r of rows.slice(1)) {
    for (const line of (r[code] ?? '').split('\n')) {
      const w = [...line].reduce((sum, c) => sum + (ARIAL_WIDTH[c] ?? 1000), 0);
      if (w > longest) longest = w;
    }
  }
  const need = Math.ceil((longest * 11) / 1000) + 12;
  const extra = Math.max(0, Math.min(need - widths[code], widths[from] - floor));
  return widths.map((w, i) => (i === code ? w + extra : i === from ? w - extra : w));
}

function countTable(head: string, rows: CountRow[], total: number, keepZeros = true): string[][] {
  const shown = keepZeros ? rows : rows.filter((r) => r.count > 0);
  return [
    ['STT', head, 'Số ý kiến', 'Tỷ lệ'],
    ...shown.map((r, i) => [String(i + 1), r.label, String(r.count), percent(r.count, total)]),
    ['', 'Tổng cộng', String(total), total ? '100%' : '—'],
  ];
}

function p(text: string, opts: Omit<Extract<DocBlock, { kind: 'paragraph' }>, 'kind' | 'text'> = {}): DocBlock {
  return { kind: 'paragraph', text, ...opts };
}

/** Where the recipients after "Kính gửi:" start, in points from the left margin. */
const RECIPIENT_INDENT = 144;

function header(committeeName: string, wardName: string, at: Date): DocBlock[] {
  return [
    p(committeeName.trim().toUpperCase(), { align: 'center', bold: true }),
    p('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { align: 'center', bold: true }),
    p('Độc lập – Tự do – Hạnh phúc', { align: 'center', bold: true }),
    p(dateLine(wardName, at), { align: 'right' }),
  ];
}

export interface ReportLayoutOptions {
  wardName: string;
  committeeName: string;
  /** 'dd/MM/yyyy HH:mm' of generation, for the closing note. */
  generatedText: string;
}

function overdueTable(model: ReportModel): string[][] {
  return [
    ['STT', 'Mã theo dõi', 'Địa điểm', 'Lĩnh vực', 'Tình trạng', 'Ngày nhận', 'Hạn xử lý', 'Số ngày quá hạn'],
    ...model.overdue.map((o, i) => [
      String(i + 1),
      unbrokenCode(o.trackingCode),
      o.location,
      o.category,
      o.status,
      o.receivedDate + (o.carriedOver ? ' (kỳ trước)' : ''),
      o.dueDate,
      String(o.daysOverdue),
    ]),
  ];
}

/** How the issues were formed, in one sentence the committee can sign. */
function issuesIntro(model: ReportModel): string {
  if (model.total > MAX_GROUPED) {
    return `Kỳ báo cáo có ${thousands(model.total)} ý kiến, nhiều hơn ${thousands(MAX_GROUPED)} ý kiến mà hòm thư gộp tự động được trong một lần lập báo cáo, nên mỗi ý kiến được liệt kê riêng (đã che thông tin cá nhân). Có thể lập báo cáo cho từng khoảng ngày ngắn hơn để được gộp.`;
  }
  const grouped = model.issues.filter((i) => i.count > 1);
  const themes = model.issues.filter((i) => i.type === 'theme').length;
  return (
    `${model.total} ý kiến được tổng hợp thành ${model.issues.length} vấn đề` +
    (grouped.length ? `, trong đó ${grouped.length} vấn đề được nhiều ý kiến cùng phản ánh` : '') +
    (themes ? ` (${themes} vấn đề xảy ra ở nhiều địa điểm)` : '') +
    '. Các ý kiến có nội dung tương tự trong cùng lĩnh vực, hoặc được cán bộ đánh dấu "Trùng lặp", được gộp thành một vấn đề; ' +
    'mỗi vấn đề nêu một ý kiến tiêu biểu (đã che thông tin cá nhân) và mã theo dõi của các ý kiến còn lại.'
  );
}

function issuesTable(model: ReportModel): string[][] {
  return [
    ['STT', 'Vấn đề (ý kiến tiêu biểu)', 'Lĩnh vực', 'Địa điểm', 'Số ý kiến', 'Thời gian', 'Tình trạng, trả lời', 'Mã theo dõi'],
    ...model.issues.map((it, i) => [
      String(i + 1),
      it.text,
      it.category,
      it.places.join('; '),
      String(it.count),
      it.firstDate === it.lastDate ? it.firstDate : `${it.firstDate} – ${it.lastDate}`,
      [it.status, ...it.answers].join('. '),
      [it.trackingCode, ...it.otherCodes].map(unbrokenCode).join('\n'),
    ]),
  ];
}

function closing(model: ReportModel, opts: ReportLayoutOptions): DocBlock[] {
  const out: DocBlock[] = [];
  const note = [
    `Báo cáo được lập tự động từ Hòm thư số góp ý lúc ${opts.generatedText}.`,
    'Thông tin cá nhân của người gửi (họ tên, số điện thoại, email, địa chỉ) đã được lược bỏ; số điện thoại, email ghi trong nội dung đã được che.',
  ];
  if (model.undated > 0) note.push(`Có ${model.undated} dòng chưa có "Thời gian nhận" hợp lệ nên không được tính vào báo cáo.`);
  out.push(p(''), p(note.join(' '), { size: 10 }));
  out.push(p(''), p('Nơi nhận:', { bold: true }), p('– Như kính gửi;'), p('– Lưu: VT.'));
  out.push(p('NGƯỜI LẬP BÁO CÁO', { align: 'right', bold: true }), p('(Ký, ghi rõ họ tên)', { align: 'right' }));
  return out;
}

/** The synthesis report: header, totals, tables by category, location and status, on-time rate, overdue, opinions. */
export function reportBlocks(model: ReportModel, opts: ReportLayoutOptions): DocBlock[] {
  const ward = inSentence(opts.wardName);
  const label = model.periodLabel;
  const out: DocBlock[] = [
    ...header(opts.committeeName, opts.wardName, model.generatedAt),
    p(''),
    p('BÁO CÁO', { align: 'center', bold: true, size: 14 }),
    p(`Tổng hợp ý kiến, kiến nghị của Nhân dân qua Hòm thư số góp ý ${label}`, { align: 'center', bold: true }),
    p(''),
    // Each recipient on its own line, their dashes one under the other.
    p('Kính gửi:', { indent: RECIPIENT_INDENT - 72 }),
    p(`– Ban Thường vụ Đảng ủy ${ward};`, { indent: RECIPIENT_INDENT }),
    p(`– Ủy ban nhân dân ${ward}.`, { indent: RECIPIENT_INDENT }),
    p(''),
  ];

  if (model.empty) {
    out.push(p(`Trong ${label}, Hòm thư số góp ý ${EMPTY_PERIOD_TEXT} của Nhân dân được gửi đến.`, { align: 'justify' }));
    if (model.overdue.length > 0) {
      out.push({ kind: 'heading', text: 'Ý kiến các kỳ trước chưa giải quyết, đã quá hạn', level: 1 });
      const rows = overdueTable(model);
      out.push({ kind: 'table', rows, widths: fitCodes(OVERDUE_WIDTHS, rows, 1, 2, 66) });
    }
    out.push(...closing(model, opts));
    return out;
  }

  const kinds = model.byKind.filter((k) => k.count > 0).map((k) => `${k.label}: ${k.count}`);
  const rate = model.onTime.rate;
  out.push({ kind: 'heading', text: 'I. TÌNH HÌNH TIẾP NHẬN', level: 1 });
  out.push(p(`Tổng số ý kiến, kiến nghị tiếp nhận: ${model.total}${kinds.length ? ` (${kinds.join('; ')})` : ''}.`));
  out.push(p(`Số ý kiến đã giải quyết xong: ${model.resolved}/${model.total} (${percent(model.resolved, model.total)}).`));
  out.push({ kind: 'heading', text: '1. Theo lĩnh vực', level: 2 });
  out.push({ kind: 'table', rows: countTable('Lĩnh vực', model.byCategory, model.total), widths: COUNT_WIDTHS });
  out.push({ kind: 'heading', text: '2. Theo địa điểm tiếp nhận', level: 2 });
  out.push({ kind: 'table', rows: countTable('Địa điểm', model.byLocation, model.total), widths: COUNT_WIDTHS });
  out.push({ kind: 'heading', text: '3. Theo tình trạng xử lý', level: 2 });
  out.push({ kind: 'table', rows: countTable('Tình trạng', model.byStatus, model.total), widths: COUNT_WIDTHS });

  out.push({ kind: 'heading', text: 'II. KẾT QUẢ GIẢI QUYẾT', level: 1 });
  out.push(
    p(
      rate === null
        ? 'Tỷ lệ giải quyết đúng hạn: chưa tính được (chưa có ý kiến nào đã giải quyết xong và có hạn xử lý).'
        : `Tỷ lệ giải quyết đúng hạn: ${percent(model.onTime.onTime, model.onTime.eligible)} (${model.onTime.onTime}/${model.onTime.eligible} ý kiến giải quyết đúng hạn; ${model.onTime.late} ý kiến giải quyết quá hạn).`,
    ),
  );
  if (model.overdue.length === 0) {
    out.push(p('Không có ý kiến nào quá hạn xử lý.'));
  } else {
    out.push(p(`Số ý kiến quá hạn xử lý đến ngày lập báo cáo: ${model.overdue.length} (kể cả ý kiến tồn đọng từ kỳ trước).`));
    const rows = overdueTable(model);
    out.push({ kind: 'table', rows, widths: fitCodes(OVERDUE_WIDTHS, rows, 1, 2, 66) });
  }

  out.push({ kind: 'heading', text: 'III. CÁC VẤN ĐỀ NHÂN DÂN PHẢN ÁNH, KIẾN NGHỊ', level: 1 });
  out.push(p(issuesIntro(model), { align: 'justify' }));
  const issueRows = issuesTable(model);
  out.push({ kind: 'table', rows: issueRows, widths: fitCodes(ISSUE_WIDTHS, issueRows, 7, 1, 60) });

  out.push({ kind: 'heading', text: 'IV. ĐỀ XUẤT, KIẾN NGHỊ', level: 1 });
  out.push(p('(Bộ phận tham mưu bổ sung đề xuất, kiến nghị cụ thể trước khi trình ký.)'));
  out.push(...closing(model, opts));
  return out;
}

export interface NoticeLayoutOptions {
  wardName: string;
  committeeName: string;
  generatedAt: Date;
  /** The web app's lookup page, when known. */
  lookupUrl?: string;
  /** The public results page of a location code, when the web app's address is known. */
  resultsUrl?: (locationCode: string) => string;
}

/** One printable page per location ("Kết quả tiếp nhận và giải quyết"), separated by page breaks. */
export function noticeBlocks(notices: LocationNotice[], opts: NoticeLayoutOptions): DocBlock[] {
  const out: DocBlock[] = [];
  notices.forEach((n, i) => {
    if (i > 0) out.push({ kind: 'pagebreak' });
    out.push(p(opts.committeeName.trim().toUpperCase(), { align: 'center', bold: true }));
    out.push(p(''));
    out.push(p(`${NOTICE_TITLE.toUpperCase()} Ý KIẾN, KIẾN NGHỊ CỦA NHÂN DÂN`, { align: 'center', bold: true, size: 18 }));
    out.push(p(`qua Hòm thư số góp ý – ${n.periodLabel}`, { align: 'center', size: 14 }));
    out.push(
      p(`Địa điểm: ${n.locationName || n.locationCode}${n.locationName && n.locationCode ? ` (${n.locationCode})` : ''}`, {
        align: 'center',
        bold: true,
        size: 14,
      }),
    );
    out.push(p(''));
    out.push({
      kind: 'table',
      rows: [
        ['Nội dung', 'Số ý kiến'],
        ['Tổng số ý kiến tiếp nhận', String(n.received)],
        ['Đã trả lời', String(n.answered)],
        ['Đang xem xét, giải quyết', String(n.inProgress)],
        ['Đã chuyển cơ quan có thẩm quyền', String(n.forwarded)],
        ['Không thuộc thẩm quyền, trùng lặp', String(n.otherClosed)],
      ],
    });
    out.push(p(''));
    if (n.received === 0) out.push(p(`Trong ${n.periodLabel}, tại địa điểm này ${EMPTY_PERIOD_TEXT} được gửi qua hòm thư.`, { size: 13 }));
    out.push(
      p(
        opts.lookupUrl
          ? `Người gửi tra cứu kết quả giải quyết bằng mã theo dõi tại: ${opts.lookupUrl}`
          : 'Người gửi tra cứu kết quả giải quyết bằng mã theo dõi trên trang Hòm thư số góp ý (quét mã QR tại đây).',
        { size: 13 },
      ),
    );
    if (opts.resultsUrl && n.locationCode) {
      out.push(p(`Kết quả giải quyết các ý kiến đã được công khai tại địa điểm này: ${opts.resultsUrl(n.locationCode)}`, { size: 13 }));
    }
    out.push(p('Trân trọng cảm ơn bà con Nhân dân đã tin tưởng gửi ý kiến, kiến nghị.', { size: 13 }));
    out.push(p(''));
    out.push(p(dateLine(opts.wardName, opts.generatedAt), { align: 'right' }));
  });
  return out;
}

// ---- From sheet rows (what the entry points and the benchmark run) ----

/**
 * The synthesis report from the responses sheet's data block as getValues returns it: the model, its document
 * name and its blocks. Pure: the whole computation of buildSynthesisReport between its one read and the rendering.
 */
export function synthesisFromRows(
  rows: readonly (readonly unknown[])[],
  period: Period,
  now: Date,
  opts: ReportLayoutOptions & { categories: string[] } & IssueOptions,
): { model: ReportModel; name: string; blocks: DocBlock[] } {
  const model = buildReport(rows.map(rowToRecord), period, now, {
    categories: opts.categories,
    threshold: opts.threshold,
    placeNames: opts.placeNames,
  });
  return { model, name: reportName(period), blocks: reportBlocks(model, opts) };
}

/** The weekly digest from the responses sheet's data block (the whole computation of sendWeeklyDigest). */
export function digestFromRows(rows: readonly (readonly unknown[])[], now: Date): Digest {
  return buildDigest(rows.map(rowToRecord), now);
}
