/**
 * The printed documents of the staff side, as a list of blocks (paragraphs, tables, page breaks) that
 * src/gas/report-doc.ts renders with DocumentApp: the synthesis report for the Party committee and People's
 * Committee, and the per-location notices. Also reads the period staff type when asked for one.
 * Everything here comes from ReportModel / LocationNotice, which hold no personal data.
 */
import { lazy } from '../common/lazy';
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
import { countCharts, monthlyTrend, trendCharts, type ChartSpec, type MonthFigure } from './report-figures';

export type DocAlign = 'left' | 'center' | 'right' | 'justify';

/** One line of a cell of a 'columns' block: its own paragraph. */
export interface DocLine {
  text: string;
  align?: DocAlign;
  bold?: boolean;
  italic?: boolean;
  size?: number;
}

/** 1500 → "1.500", as Vietnamese writes numbers. */
function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

export type DocBlock =
  | {
      kind: 'paragraph';
      text: string;
      align?: DocAlign;
      bold?: boolean;
      italic?: boolean;
      /** Points; the page's body size (DocPage.size) when not given. */
      size?: number;
      /** First-line indent in points. */
      firstLine?: number;
      /** Left indent in points. */
      indent?: number;
    }
  | { kind: 'heading'; text: string; level: 1 | 2 }
  /**
   * A ruled table; its first row is the header (bold). `widths`: each column's width in points, together
   * TABLE_WIDTH.
   */
  | { kind: 'table'; rows: string[][]; widths?: number[] }
  /**
   * A table without borders used for layout: the two-column header and the closing "Nơi nhận" / signature. Each
   * row's cells hold lines; `widths` in points per column.
   */
  | { kind: 'columns'; widths: number[]; rows: DocLine[][][] }
  /** A chart drawn inside Apps Script (src/gas/report-charts.ts), centred at its printed size. */
  | { kind: 'chart'; chart: ChartSpec }
  | { kind: 'pagebreak' };

/** Page size and margins in points, the font and the body text size. */
export interface DocPage {
  width: number;
  height: number;
  top: number;
  bottom: number;
  left: number;
  right: number;
  font: string;
  /** Body text, points. */
  size: number;
  /** Table text, points. */
  tableSize: number;
}

const MM = 72 / 25.4;

/**
 * The administrative page of Decree 30/2020/NĐ-CP, Appendix I: A4 portrait (210 × 297 mm); margins top and bottom
 * 20 mm (20–25), left 30 mm (30–35), right 15 mm (15–20); Times New Roman; body 13 pt (13–14); tables 11 pt.
 */
export const A4_PAGE: DocPage = {
  width: Math.round(210 * MM * 100) / 100,
  height: Math.round(297 * MM * 100) / 100,
  top: Math.round(20 * MM * 100) / 100,
  bottom: Math.round(20 * MM * 100) / 100,
  left: Math.round(30 * MM * 100) / 100,
  right: Math.round(15 * MM * 100) / 100,
  font: 'Times New Roman',
  size: 13,
  tableSize: 11,
};

/** The text width of a page in points. */
export function textWidth(page: DocPage = A4_PAGE): number {
  return page.width - page.left - page.right;
}

/**
 * The width of the report's tables: within the text width of the report's A4 page (468 pt with Decree 30's
 * margins), and of an A4 page with Docs' default 1-inch margins too (595 − 144 pt).
 */
export const TABLE_WIDTH = 451;

/** First-line indent of a body paragraph: 1 cm (Decree 30: 1–1.27 cm). */
const FIRST_LINE = Math.round(10 * MM * 100) / 100;

/**
 * The texts of the report's head and signature (Cấu hình), as the committee signs: the issuing body's lines (upper
 * body first, the committee last), the report's symbol after "Số:", the place before the date, and the signature.
 */
export interface ReportHeaderTexts {
  issuer: string[];
  symbol: string;
  place: string;
  authority: string;
  signerTitle: string;
  signerName: string;
}

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
// Made when a period is read, not at every load of the bundle.
const ONE_DAY = lazy(() => new RegExp(`^${DMY}$`));
const RANGE = lazy(() => new RegExp(`^(?:từ(?:\\s*ngày)?\\s*)?${DMY}\\s*(?:-|–|—|đến(?:\\s*ngày)?)\\s*${DMY}$`, 'i'));

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
  const range = RANGE().exec(s);
  const day = ONE_DAY().exec(s);
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

/**
 * The shares of `counts` in `total` as percent() writes them, rounded so that they add up to the "100%" of the total
 * row (largest remainders first): 1, 1, 1 of 3 are 33,4%, 33,3%, 33,3%. Counts that do not sum to `total` are each
 * rounded alone.
 */
export function percentShares(counts: readonly number[], total: number): string[] {
  if (!total || counts.reduce((a, b) => a + b, 0) !== total) return counts.map((c) => percent(c, total));
  const exact = counts.map((c) => (c * 1000) / total);
  const tenths = exact.map(Math.floor);
  let left = 1000 - tenths.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, rest: x - tenths[i] })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    tenths[i]++;
    left--;
  }
  return tenths.map((t) => `${String(t / 10).replace('.', ',')}%`);
}

function placeName(wardName: string): string {
  return wardName.trim().replace(/^(phường|xã|thị trấn)\s+/i, '') || wardName.trim();
}

/** "phường Hòa Bình" from "Phường Hòa Bình", for use inside a sentence. */
function inSentence(wardName: string): string {
  const w = wardName.trim();
  return w.replace(/^(Phường|Xã|Thị trấn)(?=\s)/, (m) => m.toLowerCase());
}

function dateLine(wardName: string, at: Date, place?: string): string {
  const p = localParts(at);
  return `${place?.trim() || placeName(wardName)}, ngày ${String(p.day).padStart(2, '0')} tháng ${p.month < 3 ? '0' + p.month : p.month} năm ${p.year}`;
}

/**
 * Points per column, for 11 pt tables (Times New Roman in the report, Docs' Arial elsewhere): a code (88 pt holds the usual ones with the cell's padding, a
 * longer one widens its column: fitCodes) and a location's name get the room; dates may wrap at their slashes.
 * STT, label, count, share.
 */
const COUNT_WIDTHS = [34, 277, 70, 70];
/** STT, code, location, category, status, received, due, days overdue. */
const OVERDUE_WIDTHS = [32, 88, 82, 52, 50, 54, 54, 39];
/** The issues table: STT, text, category, places, count, dates, status and answer, codes. */
const ISSUE_WIDTHS = [26, 104, 48, 66, 30, 45, 44, 88];

/** Arial's advance widths (thousandths of an em) of what a tracking code is made of (built on first use). */
const ARIAL_WIDTH = lazy((): Record<string, number> => ({
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
}));

/**
 * Times New Roman's advance widths (thousandths of an em) of what a tracking code is made of: the report's tables
 * (built on first use).
 */
const TIMES_WIDTH = lazy((): Record<string, number> => ({
  ...Object.fromEntries([...'0123456789'].map((d) => [d, 500])),
  ...Object.fromEntries([...'ACDGHKNOQUVXY'].map((c) => [c, 722])),
  ...Object.fromEntries([...'BR'].map((c) => [c, 667])),
  ...Object.fromEntries([...'ELTZ'].map((c) => [c, 611])),
  ...Object.fromEntries([...'FPS'].map((c) => [c, 556])),
  I: 333,
  J: 389,
  M: 889,
  W: 944,
  '\u2011': 333,
  '-': 333,
}));

/** A character's width in the wider of the two fonts: a code fits in either. */
function codeCharWidth(c: string): number {
  return Math.max(ARIAL_WIDTH()[c] ?? 1000, TIMES_WIDTH()[c] ?? 1000);
}

/**
 * The widths with the code column (index `code`) wide enough for the longest code at 11 pt (Arial, or the report's
 * Times New Roman) plus the cell's padding, the points it needs beyond the default taken from column `from` (one
 * that can wrap), down to `floor`. A cell may hold several codes, one a line.
 */
function fitCodes(widths: number[], rows: string[][], code: number, from: number, floor: number): number[] {
  let longest = 0;
  for (const r of rows.slice(1)) {
    for (const line of (r[code] ?? '').split('\n')) {
      const w = [...line].reduce((sum, c) => sum + codeCharWidth(c), 0);
      if (w > longest) longest = w;
    }
  }
  const need = Math.ceil((longest * 11) / 1000) + 12;
  const extra = Math.max(0, Math.min(need - widths[code], widths[from] - floor));
  return widths.map((w, i) => (i === code ? w + extra : i === from ? w - extra : w));
}

function countTable(head: string, rows: CountRow[], total: number, keepZeros = true): string[][] {
  const shown = keepZeros ? rows : rows.filter((r) => r.count > 0);
  const shares = percentShares(
    shown.map((r) => r.count),
    total,
  );
  return [
    ['STT', head, 'Số ý kiến', 'Tỷ lệ'],
    ...shown.map((r, i) => [String(i + 1), r.label, String(r.count), shares[i]]),
    ['', 'Tổng cộng', String(total), total ? '100%' : '—'],
  ];
}

function p(text: string, opts: Omit<Extract<DocBlock, { kind: 'paragraph' }>, 'kind' | 'text'> = {}): DocBlock {
  return { kind: 'paragraph', text, ...opts };
}

/** Where the recipients after "Kính gửi:" start, in points from the left margin. */
const RECIPIENT_INDENT = 144;

/** A paragraph of the report's body: justified, first line indented. */
function bodyText(text: string): DocBlock {
  return p(text, { align: 'justify', firstLine: FIRST_LINE });
}

/** The header texts, defaults filled in from the ward and committee names. */
export function headerTexts(opts: ReportLayoutOptions): ReportHeaderTexts {
  const h = opts.header ?? {};
  const issuer = (h.issuer ?? []).map((l) => l.trim()).filter(Boolean);
  return {
    issuer: (issuer.length ? issuer : [opts.committeeName.trim()]).map((l) => l.toUpperCase()),
    symbol: h.symbol?.trim() || 'BC-MTTQ',
    place: h.place?.trim() || placeName(opts.wardName),
    authority: h.authority?.trim() ?? 'TM. BAN THƯỜNG TRỰC',
    signerTitle: h.signerTitle?.trim() ?? 'CHỦ TỊCH',
    signerName: h.signerName?.trim() ?? '',
  };
}

/** Widths of the header's two columns: the issuer's side about 40 % of the text width (Decree 30's layout). */
export function headerWidths(page: DocPage = A4_PAGE): number[] {
  const w = Math.floor(textWidth(page));
  const left = Math.round(w * 0.4);
  return [left, w - left];
}

/**
 * The head of the report in Decree 30's two columns: the issuing body in capitals on the left (the committee in
 * bold) with "Số: …/BC-…" under it; the national title and motto on the right with the place and date in italics
 * under them.
 */
function header(texts: ReportHeaderTexts, wardName: string, at: Date): DocBlock {
  const issuer: DocLine[] = texts.issuer.map((text, i) => ({
    text,
    align: 'center',
    size: 13,
    bold: i === texts.issuer.length - 1,
  }));
  return {
    kind: 'columns',
    widths: headerWidths(),
    rows: [
      [
        issuer,
        [
          { text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', align: 'center', bold: true, size: 12 },
          { text: 'Độc lập - Tự do - Hạnh phúc', align: 'center', bold: true, size: 13 },
        ],
      ],
      [
        [{ text: `Số:       /${texts.symbol}`, align: 'center', size: 13 }],
        [{ text: dateLine(wardName, at, texts.place), align: 'center', italic: true, size: 13 }],
      ],
    ],
  };
}

export interface ReportLayoutOptions {
  wardName: string;
  committeeName: string;
  /** 'dd/MM/yyyy HH:mm' of generation, for the closing note. */
  generatedText: string;
  /** The head and signature texts from Cấu hình; defaults from the ward and committee names. */
  header?: Partial<ReportHeaderTexts>;
}

/**
 * Most rows of the issues table and of the overdue table. A period far larger than a ward's month (tens of thousands
 * of opinions, each listed alone) would otherwise make a Doc past Google's limit of about 1,000,000 characters: 3,000
 * rows of each stay about 800,000 together. The rest are counted in a sentence under the table.
 */
export const MAX_TABLE_ROWS = 3000;

/** "… và 1.234 ý kiến khác (xem bảng tính theo dõi)." under a table cut at MAX_TABLE_ROWS, nothing otherwise. */
function moreRows(all: number): DocBlock[] {
  return all > MAX_TABLE_ROWS
    ? [
        bodyText(
          `Bảng trên liệt kê ${thousands(MAX_TABLE_ROWS)} dòng đầu; còn ${thousands(all - MAX_TABLE_ROWS)} dòng khác, xem trong bảng tính theo dõi.`,
        ),
      ]
    : [];
}

function overdueTable(model: ReportModel): string[][] {
  return [
    ['STT', 'Mã theo dõi', 'Địa điểm', 'Lĩnh vực', 'Tình trạng', 'Ngày nhận', 'Hạn xử lý', 'Số ngày quá hạn'],
    ...model.overdue
      .slice(0, MAX_TABLE_ROWS)
      .map((o, i) => [
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
    ...model.issues
      .slice(0, MAX_TABLE_ROWS)
      .map((it, i) => [
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
  out.push(p(''), p(note.join(' '), { size: 10, align: 'justify' }));
  out.push(p(''), signature(headerTexts(opts)));
  return out;
}

/**
 * "Nơi nhận:" on the left (bold italic 12 pt, the list 11 pt) and the signature on the right: the authority and the
 * title in bold capitals, room to sign, the signer's name in bold.
 */
function signature(texts: ReportHeaderTexts): DocBlock {
  const sign: DocLine[] = [];
  if (texts.authority) sign.push({ text: texts.authority.toUpperCase(), align: 'center', bold: true, size: 13 });
  if (texts.signerTitle) sign.push({ text: texts.signerTitle.toUpperCase(), align: 'center', bold: true, size: 13 });
  sign.push({ text: '', size: 13 }, { text: '', size: 13 }, { text: '', size: 13 }, { text: '', size: 13 });
  sign.push({ text: texts.signerName, align: 'center', bold: true, size: 13 });
  return {
    kind: 'columns',
    widths: headerWidths(),
    rows: [
      [
        [
          { text: 'Nơi nhận:', bold: true, italic: true, size: 12 },
          { text: '- Như kính gửi;', size: 11 },
          { text: '- Lưu: VT.', size: 11 },
        ],
        sign,
      ],
    ],
  };
}

/**
 * The synthesis report in the form of Decree 30/2020/NĐ-CP: the two-column head, "BÁO CÁO" and its subject, totals,
 * tables and charts by category, location and status, the on-time rate with the 12-month trend, overdue opinions,
 * the grouped issues, and "Nơi nhận" with the signature. `trend` (monthlyTrend) adds the trend charts.
 */
export function reportBlocks(model: ReportModel, opts: ReportLayoutOptions, trend: readonly MonthFigure[] = []): DocBlock[] {
  const ward = inSentence(opts.wardName);
  const label = model.periodLabel;
  const out: DocBlock[] = [
    header(headerTexts(opts), opts.wardName, model.generatedAt),
    p(''),
    p('BÁO CÁO', { align: 'center', bold: true, size: 14 }),
    p(`Tổng hợp ý kiến, kiến nghị của Nhân dân qua Hòm thư số góp ý ${label}`, { align: 'center', bold: true, size: 14 }),
    p(''),
    // Each recipient on its own line, their dashes one under the other.
    p('Kính gửi:', { indent: RECIPIENT_INDENT - 72 }),
    p(`– Ban Thường vụ Đảng ủy ${ward};`, { indent: RECIPIENT_INDENT }),
    p(`– Ủy ban nhân dân ${ward}.`, { indent: RECIPIENT_INDENT }),
    p(''),
  ];

  if (model.empty) {
    out.push(bodyText(`Trong ${label}, Hòm thư số góp ý ${EMPTY_PERIOD_TEXT} của Nhân dân được gửi đến.`));
    if (model.overdue.length > 0) {
      out.push({ kind: 'heading', text: 'Ý kiến các kỳ trước chưa giải quyết, đã quá hạn', level: 1 });
      const rows = overdueTable(model);
      out.push({ kind: 'table', rows, widths: fitCodes(OVERDUE_WIDTHS, rows, 1, 2, 66) }, ...moreRows(model.overdue.length));
    }
    out.push(...closing(model, opts));
    return out;
  }

  const kinds = model.byKind.filter((k) => k.count > 0).map((k) => `${k.label}: ${k.count}`);
  const rate = model.onTime.rate;
  const charts = new Map(countCharts(model).map((c) => [c.id, c]));
  const chart = (id: ChartSpec['id']): DocBlock[] => {
    const c = charts.get(id);
    return c ? [{ kind: 'chart', chart: c }] : [];
  };
  out.push({ kind: 'heading', text: 'I. TÌNH HÌNH TIẾP NHẬN', level: 1 });
  out.push(bodyText(`Tổng số ý kiến, kiến nghị tiếp nhận: ${model.total}${kinds.length ? ` (${kinds.join('; ')})` : ''}.`));
  out.push(bodyText(`Số ý kiến đã giải quyết xong: ${model.resolved}/${model.total} (${percent(model.resolved, model.total)}).`));
  out.push({ kind: 'heading', text: '1. Theo lĩnh vực', level: 2 });
  out.push({ kind: 'table', rows: countTable('Lĩnh vực', model.byCategory, model.total), widths: COUNT_WIDTHS }, ...chart('category'));
  out.push({ kind: 'heading', text: '2. Theo địa điểm tiếp nhận', level: 2 });
  out.push({ kind: 'table', rows: countTable('Địa điểm', model.byLocation, model.total), widths: COUNT_WIDTHS }, ...chart('location'));
  out.push({ kind: 'heading', text: '3. Theo tình trạng xử lý', level: 2 });
  out.push({ kind: 'table', rows: countTable('Tình trạng', model.byStatus, model.total), widths: COUNT_WIDTHS }, ...chart('status'));

  out.push({ kind: 'heading', text: 'II. KẾT QUẢ GIẢI QUYẾT', level: 1 });
  out.push(
    bodyText(
      rate === null
        ? 'Tỷ lệ giải quyết đúng hạn: chưa tính được (chưa có ý kiến nào đã giải quyết xong và có hạn xử lý).'
        : `Tỷ lệ giải quyết đúng hạn: ${percent(model.onTime.onTime, model.onTime.eligible)} (${model.onTime.onTime}/${model.onTime.eligible} ý kiến giải quyết đúng hạn; ${model.onTime.late} ý kiến giải quyết quá hạn).`,
    ),
  );
  const trendBlocks = trendCharts(trend);
  if (trendBlocks.length) {
    out.push(bodyText(`Diễn biến ${trend.length} tháng gần nhất (đến hết tháng ${trend[trend.length - 1].label}):`));
    for (const c of trendBlocks) out.push({ kind: 'chart', chart: c });
    if (!trendBlocks.some((c) => c.id === 'ontime')) {
      out.push(bodyText('Chưa tháng nào có ý kiến đã giải quyết xong và có hạn xử lý, nên chưa vẽ được tỷ lệ đúng hạn.'));
    }
  }
  if (model.overdue.length === 0) {
    out.push(bodyText('Không có ý kiến nào quá hạn xử lý.'));
  } else {
    out.push(bodyText(`Số ý kiến quá hạn xử lý đến ngày lập báo cáo: ${model.overdue.length} (kể cả ý kiến tồn đọng từ kỳ trước).`));
    const rows = overdueTable(model);
    out.push({ kind: 'table', rows, widths: fitCodes(OVERDUE_WIDTHS, rows, 1, 2, 66) }, ...moreRows(model.overdue.length));
  }

  out.push({ kind: 'heading', text: 'III. CÁC VẤN ĐỀ NHÂN DÂN PHẢN ÁNH, KIẾN NGHỊ', level: 1 });
  out.push(bodyText(issuesIntro(model)));
  const issueRows = issuesTable(model);
  out.push({ kind: 'table', rows: issueRows, widths: fitCodes(ISSUE_WIDTHS, issueRows, 7, 1, 60) }, ...moreRows(model.issues.length));

  out.push({ kind: 'heading', text: 'IV. ĐỀ XUẤT, KIẾN NGHỊ', level: 1 });
  out.push(bodyText('(Bộ phận tham mưu bổ sung đề xuất, kiến nghị cụ thể trước khi trình ký.)'));
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
): { model: ReportModel; name: string; blocks: DocBlock[]; trend: MonthFigure[] } {
  const records = rows.map(rowToRecord);
  const model = buildReport(records, period, now, {
    categories: opts.categories,
    threshold: opts.threshold,
    placeNames: opts.placeNames,
  });
  const trend = monthlyTrend(records, period);
  return { model, name: reportName(period), blocks: reportBlocks(model, opts, trend), trend };
}

/** The weekly digest from the responses sheet's data block (the whole computation of sendWeeklyDigest). */
export function digestFromRows(rows: readonly (readonly unknown[])[], now: Date): Digest {
  return buildDigest(rows.map(rowToRecord), now);
}
