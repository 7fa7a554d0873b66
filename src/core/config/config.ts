/**
 * The box's configuration, kept in the "Cấu hình" sheet as label/value rows so a ward changes it without code.
 * Parsing is pure: every problem names its cell, and a bad value falls back to the last good one (or the default).
 */
import type { LocationOption } from '../../shared/types';
import { FEEDBACK_KINDS } from '../../shared/types';
import { parseHolidayList } from '../staff/deadline';
import { LOCATION_CODE_PATTERN } from '../posters/poster';
import { formatVietnamDate } from '../common/time';
import { isWebAppAddress } from '../common/web-address';
import { isValidDate } from '../records/feedback-record';
import { DEFAULT_GROUPING_THRESHOLD } from '../reports/grouping-types';

export const CONFIG_SHEET = 'Cấu hình';
export const LOCATIONS_SHEET = 'Địa điểm';
export const LOG_SHEET = 'Nhật ký';
export const LOG_HEADERS = ['Thời gian', 'Loại', 'Nội dung'];

export interface BoxConfig {
  wardName: string;
  committeeName: string;
  trackingPrefix: string;
  recipients: string[];
  categories: string[];
  deadlineDays: Record<string, number>;
  holidays: string[];
  submitPerMinute: number;
  /** Opinions accepted per hour and per day: a flood cannot fill the spreadsheet's 10 million cells. */
  submitPerHour: number;
  submitPerDay: number;
  /** Resident photos kept per day: megabytes and count. */
  photoMbPerDay: number;
  photoCountPerDay: number;
  /** Email recipients the box's account may use a day: 100 on a free account, 1,500 on Google Workspace. */
  mailDailyQuota: number;
  lookupPerMinute: number;
  retentionMonths: number;
  /** Months the reports and notices (no personal data) are kept as records before the nightly run trashes them. */
  reportArchiveMonths: number;
  posterUrl: string;
  digestWeekday: string;
  digestHour: number;
  /** Least similarity for opinions to be grouped into one issue in the report (0…1]. */
  groupingThreshold: number;
  /** The report's head, left column: the issuing body's lines (upper body first); empty: the committee's name. */
  reportIssuer: string[];
  /** After "Số: …/" in the report's head, e.g. BC-MTTQ. */
  reportSymbol: string;
  /** The place before the report's date; empty: the ward's name without "Phường". */
  reportPlace: string;
  /** Above the signature, e.g. "TM. BAN THƯỜNG TRỰC"; may be empty. */
  reportAuthority: string;
  reportSignerTitle: string;
  /** Under the room to sign; may be empty (written by hand). */
  reportSignerName: string;
}

export interface ConfigProblem {
  /** A1 notation in the Cấu hình sheet, e.g. "B4". */
  cell: string;
  message: string;
}

export const DEFAULT_CATEGORIES = [
  'An ninh trật tự',
  'Trật tự đô thị',
  'Đất đai – xây dựng',
  'Vệ sinh môi trường',
  'Hạ tầng – điện chiếu sáng – thoát nước',
  'An sinh xã hội – chính sách',
  'Y tế – giáo dục',
  'Thủ tục hành chính – thái độ cán bộ',
  'Xây dựng Đảng, chính quyền',
  'Khác',
];

/** Defaults fit Phường Hòa Bình; a ward replaces them in the sheet. */
export const DEFAULT_CONFIG: BoxConfig = {
  wardName: 'Phường Hòa Bình',
  committeeName: 'Ủy ban Mặt trận Tổ quốc Việt Nam phường Hòa Bình',
  trackingPrefix: 'HB',
  recipients: [],
  categories: DEFAULT_CATEGORIES,
  deadlineDays: { 'Góp ý': 15, 'Phản ánh': 10, 'Kiến nghị': 15 },
  holidays: [],
  submitPerMinute: 60,
  submitPerHour: 200,
  submitPerDay: 1000,
  photoMbPerDay: 50,
  photoCountPerDay: 300,
  mailDailyQuota: 100,
  lookupPerMinute: 120,
  retentionMonths: 24,
  reportArchiveMonths: 60,
  posterUrl: '',
  digestWeekday: 'MONDAY',
  digestHour: 7,
  groupingThreshold: DEFAULT_GROUPING_THRESHOLD,
  reportIssuer: [],
  reportSymbol: 'BC-MTTQ',
  reportPlace: '',
  reportAuthority: 'TM. BAN THƯỜNG TRỰC',
  reportSignerTitle: 'Chủ tịch',
  reportSignerName: '',
};

const WEEKDAYS: Record<string, string> = {
  'thứ hai': 'MONDAY',
  'thứ ba': 'TUESDAY',
  'thứ tư': 'WEDNESDAY',
  'thứ năm': 'THURSDAY',
  'thứ sáu': 'FRIDAY',
  'thứ bảy': 'SATURDAY',
  'chủ nhật': 'SUNDAY',
};

const EMAIL = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;

type Parser<T> = (raw: string) => { value: T } | { error: string };

interface Field<K extends keyof BoxConfig> {
  key: K;
  label: string;
  help: string;
  parse: Parser<BoxConfig[K]>;
  show: (v: BoxConfig[K]) => string;
}

const text =
  (max: number, required: boolean): Parser<string> =>
  (raw) => {
    const v = raw.trim();
    if (!v && required) return { error: 'không được để trống' };
    if (v.length > max) return { error: `dài quá ${max} ký tự` };
    return { value: v };
  };

const emails =
  (required: boolean): Parser<string[]> =>
  (raw) => {
    const list = raw
      .split(/[\s,;]+/)
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean);
    const bad = list.filter((e) => !EMAIL.test(e));
    if (bad.length) return { error: `email không hợp lệ: ${bad.join(', ')}` };
    if (required && list.length === 0) return { error: 'cần ít nhất một email' };
    return { value: [...new Set(list)] };
  };

const integer =
  (min: number, max: number): Parser<number> =>
  (raw) => {
    const n = Number(raw.trim());
    if (!Number.isInteger(n) || n < min || n > max) return { error: `phải là số nguyên từ ${min} đến ${max}` };
    return { value: n };
  };

const lines = (s: string) =>
  s
    .split(/\r?\n|;/)
    .map((x) => x.trim())
    .filter(Boolean);

function field<K extends keyof BoxConfig>(f: Field<K>): Field<K> {
  return f;
}

export const CONFIG_FIELDS = [
  field({ key: 'wardName', label: 'Tên phường', help: 'Hiện trên trang góp ý và poster.', parse: text(100, true), show: String }),
  field({
    key: 'committeeName',
    label: 'Tên cơ quan tiếp nhận',
    help: 'Ví dụ: Ủy ban MTTQ Việt Nam phường …',
    parse: text(200, true),
    show: String,
  }),
  field({
    key: 'trackingPrefix',
    label: 'Tiền tố mã theo dõi',
    help: '1–6 chữ cái in hoa không dấu, ví dụ HB.',
    parse: (raw) => (/^[A-Z]{1,6}$/.test(raw.trim()) ? { value: raw.trim() } : { error: 'phải là 1–6 chữ cái in hoa không dấu (A–Z)' }),
    show: String,
  }),
  field({
    key: 'recipients',
    label: 'Email nhận ý kiến',
    help: 'Một hoặc nhiều email, cách nhau bằng dấu phẩy. Nên dùng một Google Group.',
    parse: emails(true),
    show: (v) => v.join(', '),
  }),
  field({
    key: 'categories',
    label: 'Lĩnh vực',
    help: 'Mỗi lĩnh vực một dòng.',
    parse: (raw) => {
      const list = [...new Set(lines(raw))];
      if (list.length === 0) return { error: 'danh sách lĩnh vực đang trống' };
      const long = list.find((c) => c.length > 80);
      if (long) return { error: `lĩnh vực quá dài: ${long.slice(0, 30)}…` };
      return { value: list };
    },
    show: (v) => v.join('\n'),
  }),
  field({
    key: 'deadlineDays',
    label: 'Hạn xử lý (ngày làm việc)',
    help: 'Theo loại, ví dụ: Góp ý: 15; Phản ánh: 10; Kiến nghị: 15',
    parse: (raw) => {
      const out: Record<string, number> = { ...DEFAULT_CONFIG.deadlineDays };
      for (const part of lines(raw)) {
        const m = /^(.+?)\s*[:=]\s*(\d+)$/.exec(part);
        if (!m || !(FEEDBACK_KINDS as readonly string[]).includes(m[1].trim()) || Number(m[2]) < 1 || Number(m[2]) > 90) {
          return { error: `không hiểu "${part}" (dạng đúng: Phản ánh: 10)` };
        }
        out[m[1].trim()] = Number(m[2]);
      }
      return { value: out };
    },
    show: (v) =>
      Object.entries(v)
        .map(([k, n]) => `${k}: ${n}`)
        .join('; '),
  }),
  field({
    key: 'holidays',
    label: 'Ngày nghỉ lễ',
    help: 'Mỗi ngày một dòng, dạng dd/MM/yyyy; có thể ghi khoảng "27/01/2025 - 31/01/2025" và ghi chú trong ngoặc.',
    parse: (raw) => {
      const { dates, problems } = parseHolidayList(raw);
      return problems.length ? { error: problems.join(' ') } : { value: dates };
    },
    show: (v) => v.map((iso) => iso.split('-').reverse().join('/')).join('\n'),
  }),
  field({ key: 'submitPerMinute', label: 'Giới hạn ý kiến mỗi phút', help: 'Chống gửi hàng loạt.', parse: integer(1, 1000), show: String }),
  field({
    key: 'submitPerHour',
    label: 'Giới hạn ý kiến mỗi giờ',
    help: 'Chống gửi hàng loạt; quá giới hạn, người gửi được báo giờ gửi lại và giữ nguyên bản nháp.',
    parse: integer(1, 10000),
    show: String,
  }),
  field({
    key: 'submitPerDay',
    label: 'Giới hạn ý kiến mỗi ngày',
    help: 'Giữ bảng tính không bị lấp đầy khi bị gửi hàng loạt. Trả lời và việc của cán bộ không bị ảnh hưởng.',
    parse: integer(1, 100000),
    show: String,
  }),
  field({
    key: 'photoMbPerDay',
    label: 'Dung lượng ảnh mỗi ngày (MB)',
    help: 'Quá mức này, ý kiến vẫn được nhận nhưng không lưu ảnh, và người gửi được báo lý do.',
    parse: integer(1, 10000),
    show: String,
  }),
  field({
    key: 'photoCountPerDay',
    label: 'Số ảnh mỗi ngày',
    help: 'Số ảnh tối đa được lưu mỗi ngày.',
    parse: integer(1, 100000),
    show: String,
  }),
  field({
    key: 'mailDailyQuota',
    label: 'Hạn mức email mỗi ngày',
    help: 'Số người nhận email mỗi ngày của tài khoản hòm thư: 100 (Gmail miễn phí) hoặc 1500 (Google Workspace).',
    parse: integer(1, 1500),
    show: String,
  }),
  field({ key: 'lookupPerMinute', label: 'Giới hạn tra cứu mỗi phút', help: 'Chống dò mã.', parse: integer(1, 1000), show: String }),
  field({
    key: 'retentionMonths',
    label: 'Số tháng lưu thông tin cá nhân',
    help: 'Sau thời hạn này, họ tên, điện thoại, email, địa chỉ, ảnh và các email hòm thư đã gửi về ý kiến bị xóa.',
    parse: integer(1, 120),
    show: String,
  }),
  field({
    key: 'reportArchiveMonths',
    label: 'Số tháng lưu báo cáo',
    help: 'Báo cáo tổng hợp và bản kết quả theo địa điểm (không có thông tin cá nhân) được lưu làm hồ sơ trong thời hạn này, sau đó chuyển vào thùng rác.',
    parse: integer(1, 600),
    show: String,
  }),
  field({
    key: 'posterUrl',
    label: 'Đường dẫn cho poster (tùy chọn)',
    help: 'Địa chỉ web app cho người dân (kết thúc bằng /exec, hoặc đường dẫn rút gọn trỏ tới đó), in lên mã QR của poster và gửi trong email. Cần có để tạo poster. Phải bắt đầu bằng https://',
    parse: (raw) => {
      const v = raw.trim();
      // The local preview's own http://localhost address too (isWebAppAddress): nobody else can open one.
      if (v && (!isWebAppAddress(v) || /\s/.test(v))) return { error: 'phải là đường dẫn bắt đầu bằng https://' };
      return { value: v };
    },
    show: String,
  }),
  field({
    key: 'digestWeekday',
    label: 'Ngày gửi tổng hợp tuần',
    help: 'Thứ hai … Chủ nhật. Sau khi đổi ngày hoặc giờ, chạy lại "Cài đặt / sửa chữa hòm thư".',
    parse: (raw) => {
      const v = WEEKDAYS[raw.trim().toLowerCase().normalize('NFC')];
      return v ? { value: v } : { error: 'ghi một ngày trong tuần, ví dụ: Thứ hai' };
    },
    show: (v) =>
      Object.entries(WEEKDAYS)
        .find(([, en]) => en === v)?.[0]
        .replace(/^./, (c) => c.toUpperCase()) ?? 'Thứ hai',
  }),
  field({
    key: 'digestHour',
    label: 'Giờ gửi tổng hợp tuần',
    help: '0–23. Sau khi đổi, chạy lại "Cài đặt / sửa chữa hòm thư".',
    parse: integer(0, 23),
    show: String,
  }),
  field({
    key: 'groupingThreshold',
    label: 'Ngưỡng gộp ý kiến tương tự',
    help: 'Số từ 0,05 đến 1 (mặc định 0,41). Càng cao thì càng ít ý kiến được gộp thành một vấn đề trong báo cáo.',
    parse: (raw) => {
      const n = Number(raw.trim().replace(',', '.'));
      return raw.trim() !== '' && isFinite(n) && n >= 0.05 && n <= 1 ? { value: n } : { error: 'phải là số từ 0,05 đến 1, ví dụ 0,41' };
    },
    show: (v) => String(v).replace('.', ','),
  }),
  field({
    key: 'reportIssuer',
    label: 'Báo cáo: cơ quan ban hành',
    help: 'Góc trái đầu báo cáo, mỗi dòng một dòng (cơ quan cấp trên trước, dòng cuối in đậm), ví dụ: Ủy ban MTTQ Việt Nam; Phường Hòa Bình. Để trống để dùng Tên cơ quan tiếp nhận.',
    parse: (raw) => {
      const list = lines(raw);
      if (list.length > 4) return { error: 'nhiều nhất 4 dòng' };
      const long = list.find((l) => l.length > 60);
      if (long) return { error: `dòng quá dài (quá 60 ký tự): ${long.slice(0, 30)}…` };
      return { value: list };
    },
    show: (v) => v.join('\n'),
  }),
  field({
    key: 'reportSymbol',
    label: 'Báo cáo: ký hiệu',
    help: 'In sau "Số: …/" ở đầu báo cáo, ví dụ BC-MTTQ; số do văn thư ghi khi vào sổ.',
    parse: (raw) => {
      const v = raw.trim();
      if (!v) return { error: 'không được để trống' };
      return /^[\p{L}\p{N}.&-]{1,30}$/u.test(v)
        ? { value: v }
        : { error: 'chỉ gồm chữ, số và dấu gạch ngang, tối đa 30 ký tự, ví dụ BC-MTTQ' };
    },
    show: String,
  }),
  field({
    key: 'reportPlace',
    label: 'Báo cáo: địa danh',
    help: 'Đứng trước ngày tháng ở đầu báo cáo, ví dụ: Hòa Bình. Để trống để dùng tên phường.',
    parse: text(60, false),
    show: String,
  }),
  field({
    key: 'reportAuthority',
    label: 'Báo cáo: thẩm quyền ký',
    help: 'Dòng trên chức vụ người ký, ví dụ: TM. BAN THƯỜNG TRỰC. Có thể để trống.',
    parse: text(60, false),
    show: String,
  }),
  field({
    key: 'reportSignerTitle',
    label: 'Báo cáo: chức vụ người ký',
    help: 'Ví dụ: Chủ tịch, Phó Chủ tịch.',
    parse: text(60, false),
    show: String,
  }),
  field({
    key: 'reportSignerName',
    label: 'Báo cáo: họ tên người ký',
    help: 'In dưới chỗ ký. Để trống để ghi tay.',
    parse: text(60, false),
    show: String,
  }),
] as const;

export interface ParsedConfig {
  config: BoxConfig;
  problems: ConfigProblem[];
  /** Rows of settings the box no longer reads: said once, never a reason to keep the old configuration. */
  retired: ConfigProblem[];
}

/**
 * Labels older boxes had in Cấu hình that nothing reads any more, with what to tell the ward. A leftover row is
 * reported (once, like a problem), never parsed.
 */
export const RETIRED_LABELS: Readonly<Record<string, string>> = {
  'Email quản trị':
    'mục này không còn dùng: chỉ chủ sở hữu hòm thư (tài khoản đã chạy cài đặt lần đầu) chạy được các chức năng quản trị. Có thể xóa dòng này.',
};

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  // A date typed into a cell arrives as a Date: read it as the ward's calendar day.
  if (isValidDate(v)) return formatVietnamDate(v);
  return String(v).normalize('NFC');
}

/**
 * Reads label/value rows (column A label, column B value, starting at sheet row `firstRow`).
 * A missing or bad value keeps `fallback`'s value (the last good configuration) and is reported with its cell.
 */
export function parseConfigRows(rows: readonly (readonly unknown[])[], fallback: BoxConfig = DEFAULT_CONFIG, firstRow = 2): ParsedConfig {
  const config: BoxConfig = { ...fallback };
  const problems: ConfigProblem[] = [];
  const retired: ConfigProblem[] = [];
  const byLabel = new Map<string, { value: string; row: number }>();
  rows.forEach((r, i) => {
    const label = cellText(r[0]).trim();
    if (label) byLabel.set(label, { value: cellText(r[1]), row: firstRow + i });
    if (Object.prototype.hasOwnProperty.call(RETIRED_LABELS, label)) {
      retired.push({ cell: `A${firstRow + i}`, message: `${label}: ${RETIRED_LABELS[label]}` });
    }
  });
  for (const f of CONFIG_FIELDS) {
    const found = byLabel.get(f.label);
    if (!found) {
      problems.push({ cell: 'A:A', message: `Thiếu dòng "${f.label}" — đang dùng giá trị cũ.` });
      continue;
    }
    const parsed = (f.parse as Parser<unknown>)(found.value);
    if ('error' in parsed) {
      problems.push({ cell: `B${found.row}`, message: `${f.label}: ${parsed.error} — đang dùng giá trị cũ.` });
    } else {
      (config as unknown as Record<string, unknown>)[f.key] = parsed.value;
    }
  }
  return { config, problems, retired };
}

/** The rows setup writes into a new Cấu hình sheet: label, value, help. */
export function configSheetRows(config: BoxConfig): string[][] {
  return CONFIG_FIELDS.map((f) => [f.label, (f.show as (v: unknown) => string)(config[f.key]), f.help]);
}

export interface LocationRow extends LocationOption {
  type: string;
  address: string;
  active: boolean;
  posterDoc: string;
  posterPdf: string;
  generatedAt: string;
  note: string;
  /** 1-based sheet row. */
  row: number;
}

export const LOCATION_HEADERS = [
  'Mã',
  'Tên địa điểm',
  'Loại',
  'Địa chỉ',
  'Hoạt động',
  'Poster (Docs)',
  'Poster (PDF)',
  'Tạo lúc',
  'Ghi chú',
];

export const SAMPLE_LOCATIONS: string[][] = [
  ['TRUSO', 'Trụ sở Đảng ủy – HĐND – UBND phường Hòa Bình', 'trụ sở', 'Trụ sở phường', 'TRUE'],
  ['KDC01', 'Nhà văn hóa khu dân cư số 1', 'nhà văn hóa khu dân cư', '', 'TRUE'],
  ['KDC02', 'Nhà văn hóa khu dân cư số 2', 'nhà văn hóa khu dân cư', '', 'TRUE'],
  ['KDC03', 'Nhà văn hóa khu dân cư số 3', 'nhà văn hóa khu dân cư', '', 'TRUE'],
];

/**
 * The Địa điểm rows, blank rows left out. A code is kept exactly as typed (spaces, a non-breaking space from
 * copy-paste): trimming only decides whether the cell is empty. A row whose code cannot be used
 * (LOCATION_CODE_PATTERN) is left out, since no QR names it and no opinion can carry it, unless `withBadCodes`:
 * the poster job asks for them to report each one in its Ghi chú.
 */
export function parseLocationRows(rows: readonly (readonly unknown[])[], firstRow = 2, withBadCodes = false): LocationRow[] {
  const out: LocationRow[] = [];
  rows.forEach((r, i) => {
    const rawCode = cellText(r[0]);
    const code = rawCode.trim() === '' ? '' : rawCode;
    const name = cellText(r[1]).trim();
    if (!code && !name) return;
    if (!withBadCodes && !LOCATION_CODE_PATTERN.test(code)) return;
    const activeRaw = r[4];
    const active = activeRaw === true || /^(true|có|x|1)$/i.test(cellText(activeRaw).trim());
    out.push({
      code,
      name,
      type: cellText(r[2]),
      address: cellText(r[3]),
      active,
      posterDoc: cellText(r[5]),
      posterPdf: cellText(r[6]),
      generatedAt: cellText(r[7]),
      note: cellText(r[8]),
      row: firstRow + i,
    });
  });
  return out;
}

/**
 * A box with no active place shows no list of places on the form and takes opinions without a place (read as
 * "Chưa xác định"): the owner is told (in Nhật ký, and by setup). null when at least one place takes opinions.
 */
export function noActiveLocationProblem(locations: readonly { code: string; active: boolean }[]): ConfigProblem | null {
  if (locations.some((l) => l.active && l.code)) return null;
  const column = LOCATION_HEADERS[4];
  return {
    cell: LOCATIONS_SHEET,
    message: `Chưa có địa điểm nào đang hoạt động (cột "${column}" được đánh dấu): trang góp ý không có nơi nào để chọn nên ý kiến người dân gửi tới không kèm địa điểm (ghi "Chưa xác định"). Hãy đánh dấu "${column}" cho ít nhất một địa điểm để người dân chọn được nơi góp ý.`,
  };
}
