/**
 * The responses sheet ("Góp ý"): its columns, and the mapping between a row of cells and a FeedbackRecord.
 * System columns come first (written by the box, protected with a warning); staff columns follow.
 */

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
] as const;

export type ColumnKey = (typeof COLUMNS)[number]['key'];

/** 1-based column number of each key, as Apps Script ranges count. */
export const COL = Object.fromEntries(COLUMNS.map((c, i) => [c.key, i + 1])) as Record<ColumnKey, number>;

export const HEADERS: string[] = COLUMNS.map((c) => c.header);

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
}

export type Cell = string | number | boolean | Date;

/** Not instanceof: sheet values may be Dates of another realm (Apps Script's, or a test sandbox's). */
export function isValidDate(v: unknown): v is Date {
  return Object.prototype.toString.call(v) === '[object Date]' && !isNaN((v as Date).getTime());
}

function asText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (isValidDate(v)) return v.toISOString();
  return String(v);
}

function asDate(v: unknown): Date | '' {
  return isValidDate(v) ? v : '';
}

/** Reads one sheet row (as getValues returns it) into a record. Unknown or malformed cells become ''. */
export function rowToRecord(row: readonly unknown[]): FeedbackRecord {
  const at = (k: ColumnKey): unknown => row[COL[k] - 1];
  return {
    trackingCode: asText(at('trackingCode')),
    receivedAt: asDate(at('receivedAt')),
    source: asText(at('source')),
    locationCode: asText(at('locationCode')),
    locationName: asText(at('locationName')),
    kind: asText(at('kind')),
    category: asText(at('category')),
    content: asText(at('content')),
    name: asText(at('name')),
    phone: asText(at('phone')),
    email: asText(at('email')),
    address: asText(at('address')),
    consent: at('consent') === true || at('consent') === 'Có',
    photos: asText(at('photos')),
    possibleDuplicates: asText(at('possibleDuplicates')),
    emailStatus: asText(at('emailStatus')),
    requestId: asText(at('requestId')),
    status: asText(at('status')),
    handler: asText(at('handler')),
    forwardedTo: asText(at('forwardedTo')),
    dueAt: asDate(at('dueAt')),
    publicReply: asText(at('publicReply')),
    internalNote: asText(at('internalNote')),
    updatedAt: asDate(at('updatedAt')),
    replySentAt: asDate(at('replySentAt')),
  };
}
