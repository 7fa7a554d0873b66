/**
 * The responses sheet ("Góp ý"): its columns, and the mapping between a row of cells and a FeedbackRecord.
 * System columns come first (written by the box, protected with a warning); staff columns follow.
 */

import { canonicalStatus } from './status';

export const RESPONSES_SHEET = 'Góp ý';

export const COLUMNS = [
  { key: 'trackingCode', header: 'Mã theo dõi', width: 110, system: true },
  { key: 'receivedAt', header: 'Thời gian nhận', width: 130, system: true },
  { key: 'source', header: 'Nguồn', width: 90, system: true },
  { key: 'locationCode', header: 'Mã địa điểm', width: 90, system: true },
  { key: 'locationName', header: 'Địa điểm', width: 180, system: true },
  { key: 'kind', header: 'Loại', width: 90, system: true },
  { key: 'category', header: 'Lĩnh vực', width: 160, system: true },
  { key: 'content', header: 'Nội dung', width: 360, system: true },
  { key: 'name', header: 'Họ tên', width: 140, system: true },
  { key: 'phone', header: 'Số điện thoại', width: 110, system: true },
  { key: 'email', header: 'Email', width: 170, system: true },
  { key: 'address', header: 'Địa chỉ', width: 180, system: true },
  { key: 'consent', header: 'Đồng ý liên hệ', width: 90, system: true },
  { key: 'photos', header: 'Ảnh', width: 160, system: true },
  { key: 'possibleDuplicates', header: 'Có thể trùng với', width: 140, system: true },
  { key: 'emailStatus', header: 'Email ban', width: 90, system: true },
  { key: 'requestId', header: 'Mã yêu cầu', width: 120, system: true },
  { key: 'status', header: 'Trạng thái', width: 170, system: false },
  { key: 'handler', header: 'Người xử lý', width: 130, system: false },
  { key: 'forwardedTo', header: 'Chuyển đến', width: 160, system: false },
  { key: 'dueAt', header: 'Hạn xử lý', width: 110, system: false },
  { key: 'publicReply', header: 'Trả lời công khai', width: 300, system: false },
  { key: 'internalNote', header: 'Ghi chú nội bộ', width: 220, system: false },
  { key: 'updatedAt', header: 'Cập nhật lúc', width: 130, system: false },
  { key: 'replySentAt', header: 'Đã gửi trả lời', width: 130, system: false },
  // Last, so boxes made before it gain it as a new column on the right and every existing row keeps its place.
  { key: 'publish', header: 'Công khai', width: 90, system: false },
] as const;

export type ColumnKey = (typeof COLUMNS)[number]['key'];

/** 1-based column number of each key, as Apps Script ranges count. */
export const COL = Object.fromEntries(COLUMNS.map((c, i) => [c.key, i + 1])) as Record<ColumnKey, number>;

export const HEADERS: string[] = COLUMNS.map((c) => c.header);

/** 1 → A, 27 → AA: column letters for A1 notation. */
export function columnLetter(n: number): string {
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Columns that hold personal data: blanked when a row passes the retention period. */
export const PERSONAL_COLUMNS: ColumnKey[] = ['name', 'phone', 'email', 'address', 'photos'];

/** Where an opinion came from. Form entries are "QR"; staff type the others. */
export const SOURCES = ['QR', 'Thư giấy', 'Điện thoại', 'Hội nghị', 'Khác'] as const;

export const EMAIL_STATUS = { sent: 'đã gửi', pending: 'chờ gửi' } as const;

/** One opinion as the box knows it. Dates are real Date objects; empty cells are ''. */
export interface FeedbackRecord {
  trackingCode: string;
  receivedAt: Date | '';
  source: string;
  locationCode: string;
  locationName: string;
  kind: string;
  category: string;
  content: string;
  name: string;
  phone: string;
  email: string;
  address: string;
  consent: boolean;
  photos: string;
  possibleDuplicates: string;
  emailStatus: string;
  requestId: string;
  status: string;
  handler: string;
  forwardedTo: string;
  dueAt: Date | '';
  publicReply: string;
  internalNote: string;
  updatedAt: Date | '';
  replySentAt: Date | '';
  /** Staff ticked "Công khai": the public reply may appear on the public results page. Unticked by default. */
  publish: boolean;
}

export type Cell = string | number | boolean | Date;

/** Not instanceof: sheet values may be Dates of another realm (Apps Script's, or a test sandbox's). */
export function isValidDate(v: unknown): v is Date {
  return Object.prototype.toString.call(v) === '[object Date]' && !isNaN((v as Date).getTime());
}

function asText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  if (isValidDate(v)) return v.toISOString();
  return String(v);
}

function asDate(v: unknown): Date | '' {
  return isValidDate(v) ? v : '';
}

/**
 * A checkbox cell: ticked is the boolean true (or the text TRUE/Có/x someone typed over the checkbox). An empty
 * cell, FALSE and anything else is unticked, so a row never becomes public by accident.
 */
export function isTicked(v: unknown): boolean {
  if (v === true) return true;
  return typeof v === 'string' && /^(true|có|x)$/i.test(v.normalize('NFC').trim());
}

const AT = Object.fromEntries(COLUMNS.map((c, i) => [c.key, i])) as Record<ColumnKey, number>;

/**
 * Reads one sheet row (as getValues returns it) into a record. Unknown or malformed cells become ''.
 * Direct index reads: the report and the digest pass 10,000 rows through here in a few milliseconds.
 */
export function rowToRecord(row: readonly unknown[]): FeedbackRecord {
  const consent = row[AT.consent];
  return {
    trackingCode: asText(row[AT.trackingCode]),
    receivedAt: asDate(row[AT.receivedAt]),
    source: asText(row[AT.source]),
    locationCode: asText(row[AT.locationCode]),
    locationName: asText(row[AT.locationName]),
    kind: asText(row[AT.kind]),
    category: asText(row[AT.category]),
    content: asText(row[AT.content]),
    name: asText(row[AT.name]),
    phone: asText(row[AT.phone]),
    email: asText(row[AT.email]),
    address: asText(row[AT.address]),
    consent: consent === true || consent === 'Có',
    photos: asText(row[AT.photos]),
    possibleDuplicates: asText(row[AT.possibleDuplicates]),
    emailStatus: asText(row[AT.emailStatus]),
    requestId: asText(row[AT.requestId]),
    status: canonicalStatus(asText(row[AT.status])),
    handler: asText(row[AT.handler]),
    forwardedTo: asText(row[AT.forwardedTo]),
    dueAt: asDate(row[AT.dueAt]),
    publicReply: asText(row[AT.publicReply]),
    internalNote: asText(row[AT.internalNote]),
    updatedAt: asDate(row[AT.updatedAt]),
    replySentAt: asDate(row[AT.replySentAt]),
    publish: isTicked(row[AT.publish]),
  };
}
