/**
 * The platform self-check: what the box assumes about Google (each assumption the local fakes model), one check per
 * assumption with a stable id, and how a result reads in Nhật ký and on screen. The checks themselves run in
 * src/gas/platform on scratch files of the real account.
 */
import { errorMessage } from '../common/ports';

export const PLATFORM_CHECKS = [
  { id: 'sheets.formula-rule', title: 'Công thức tô màu quá hạn được nhận và đọc lại nguyên văn' },
  { id: 'sheets.appended-row-keeps-rules', title: 'Dòng thêm vượt quá lưới giữ danh sách chọn và quy tắc tô màu' },
  { id: 'sheets.textfinder-hidden-rows', title: 'TextFinder có tìm thấy dòng bị bộ lọc ẩn không (chỉ ghi nhận)' },
  { id: 'sheets.column-read-hidden-rows', title: 'Đọc cả một cột thấy mọi dòng, kể cả dòng bị ẩn hoặc bị lọc' },
  { id: 'sheets.literal-apostrophe', title: 'Dấu nháy đơn ở đầu giữ nguyên văn bản' },
  { id: 'sheets.embedded-chart', title: 'Biểu đồ trong trang tính đọc lại được vùng dữ liệu và xóa được' },
  { id: 'sheets.deleted-rows-shrink-ranges', title: 'Xóa dòng thu nhỏ vùng tô màu và vùng bảo vệ theo' },
  { id: 'sheets.stale-range-past-grid', title: 'Vùng ô đặt trước khi xóa dòng, nay vượt quá lưới, bị từ chối khi ghi và khi bảo vệ' },
  { id: 'docs.settext-keeps-format', title: 'Định dạng chữ sau Paragraph.setText' },
  { id: 'docs.new-doc-empty-paragraph', title: 'Tài liệu mới có đúng một đoạn trống' },
  { id: 'docs.qr-printed-width', title: 'Bề rộng mã QR khi in (đo trong PDF)' },
  { id: 'docs.report-layout', title: 'Trình bày báo cáo theo Nghị định 30/2020: khổ A4, lề, đầu báo cáo không viền, phông bảng, căn đều' },
  { id: 'charts.png-image', title: 'Biểu đồ vẽ bằng dịch vụ Charts xuất ra ảnh PNG hợp lệ đúng kích thước' },
  { id: 'drive.pdf-export-name', title: 'Tên tệp PDF xuất từ tài liệu' },
  { id: 'drive.trashed-folder-contents', title: 'Tệp trong thư mục đã xóa được coi là đã xóa, và trở lại cùng thư mục' },
  { id: 'drive.photo-folder-listing', title: 'Tìm ảnh theo mã trong thư mục ảnh, đọc tiếp thư mục từ mã tiếp tục, ngày tạo tệp' },
  { id: 'drive.shareable-by-editors', title: 'Tắt quyền chia sẻ lại của người chỉnh sửa' },
  { id: 'drive.date-created', title: 'Ngày tạo của tệp (dùng để xóa báo cáo quá hạn lưu)' },
  { id: 'gmail.sent-search', title: 'Thư vừa gửi được tìm thấy trong Thư đã gửi' },
  { id: 'gmail.date-search', title: 'Tìm thư đã gửi theo thời điểm gửi (before:/after: tính bằng giây)' },
  { id: 'gmail.body-search', title: 'Tìm thư đã gửi theo chữ trong nội dung thư' },
  { id: 'gmail.trashed-not-found', title: 'Thư đã chuyển vào thùng rác không còn được tìm thấy' },
  { id: 'mail.remaining-quota', title: 'Hạn mức email còn lại giảm đúng một sau khi gửi một thư' },
  { id: 'script.lock', title: 'Khóa của dự án lấy được và nhả được' },
  { id: 'script.trigger-limit', title: 'Mỗi tài khoản có tối đa 20 trình kích hoạt cho dự án; quá số đó thì bị từ chối' },
  { id: 'script.lock-at-end', title: 'Khóa còn giữ khi một lần chạy kết thúc được tự nhả' },
  {
    id: 'script.on-demand-code',
    title: 'Phần mã nạp khi cần (tệp OnDemand) được đọc nguyên văn, và lỗi xảy ra trong đó ghi đúng tên tệp',
  },
  { id: 'script.triggers-own-account', title: 'Danh sách trình kích hoạt là của tài khoản đang chạy, và xóa được' },
  { id: 'cache.limits', title: 'Giới hạn bộ nhớ đệm (100 KB mỗi giá trị)' },
  { id: 'properties.limits', title: 'Giới hạn thuộc tính dự án (9 KB mỗi giá trị)' },
  { id: 'utilities.signed-bytes', title: 'Utilities trả byte có dấu (-128..127)' },
  { id: 'utilities.gzip-header', title: 'Phần đầu gzip của Utilities.gzip' },
] as const;

export type PlatformCheckId = (typeof PLATFORM_CHECKS)[number]['id'];

export const PLATFORM_CHECK_IDS: readonly PlatformCheckId[] = PLATFORM_CHECKS.map((c) => c.id);

export interface CheckResult {
  id: string;
  /** true: as assumed; false: not as assumed; null: could not be decided. */
  ok: boolean | null;
  /** What was measured, in Vietnamese. */
  detail: string;
}

export interface PlatformReport {
  title: string;
  lines: string[];
  checks: CheckResult[];
}

export const REPORT_TITLE = 'Kiểm tra nền tảng';

/** The refusal when another run is still going. */
export const PLATFORM_BUSY =
  'Đang có một lần kiểm tra nền tảng khác chạy. Hãy đợi lần đó xong (tối đa vài phút) rồi chạy lại; lần này không làm gì cả.';

/** Runs one check: an exception it did not expect means the answer could not be decided. */
export function runCheck(id: PlatformCheckId, check: () => { ok: boolean | null; detail: string }): CheckResult {
  try {
    const r = check();
    return { id, ok: r.ok, detail: r.detail };
  } catch (e) {
    return { id, ok: null, detail: `Không kiểm tra được: ${errorMessage(e)}` };
  }
}

export function verdictWord(ok: boolean | null): string {
  return ok === true ? 'ĐẠT' : ok === false ? 'KHÔNG ĐẠT' : 'CHƯA RÕ';
}

/** One line of Nhật ký: verdict, id, title, measured value. */
export function checkLine(r: CheckResult): string {
  const title = PLATFORM_CHECKS.find((c) => c.id === r.id)?.title ?? r.id;
  return `${verdictWord(r.ok)} · ${r.id} · ${title}: ${r.detail}`;
}

/** The report in the order of PLATFORM_CHECKS; a check that did not report is "could not be decided". */
export function platformReport(results: readonly CheckResult[]): PlatformReport {
  const byId = new Map(results.map((r) => [r.id, r]));
  const checks: CheckResult[] = PLATFORM_CHECKS.map(
    (c) => byId.get(c.id) ?? { id: c.id, ok: null, detail: 'Không chạy được (lần kiểm tra dừng trước bước này).' },
  );
  for (const r of results) if (!PLATFORM_CHECKS.some((c) => c.id === r.id)) checks.push(r);
  const passed = checks.filter((c) => c.ok === true).length;
  const failed = checks.filter((c) => c.ok === false).length;
  const unknown = checks.length - passed - failed;
  const parts = [`${passed}/${checks.length} đạt`];
  if (failed) parts.push(`${failed} không đạt`);
  if (unknown) parts.push(`${unknown} chưa rõ`);
  return { title: `${REPORT_TITLE}: ${parts.join(', ')}`, lines: checks.map(checkLine), checks };
}

// ---------------------------------------------------------------------------------------------------------------
// Pure parts of single checks

/** SHA-256 of the ASCII text "abc" (FIPS 180-2, appendix B.1). */
export const SHA256_ABC_HEX = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

export function hexOfBytes(bytes: ArrayLike<number>): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += (bytes[i] & 0xff).toString(16).padStart(2, '0');
  return s;
}

/** Whether every value is a Java byte (-128..127), and whether any is negative (so the sign is really used). */
export function signedByteRange(bytes: ArrayLike<number>): { allInRange: boolean; anyNegative: boolean } {
  let allInRange = true;
  let anyNegative = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (!Number.isInteger(b) || b < -128 || b > 127) allInRange = false;
    if (b < 0) anyNegative = true;
  }
  return { allInRange, anyNegative };
}

/** "12,3 cm" with a decimal comma, as Vietnamese writes numbers. */
export function cmText(cm: number, digits = 2): string {
  return `${cm.toFixed(digits).replace('.', ',')} cm`;
}

export function secondsText(ms: number): string {
  return `${(ms / 1000).toFixed(1).replace('.', ',')} giây`;
}

// ---------------------------------------------------------------------------------------------------------------
// The lease that keeps two runs apart

/** A run's claim in script properties: who holds it and until when (an execution lasts at most 6 minutes). */
export interface PlatformLease {
  token: string;
  until: number;
}

export const PLATFORM_LEASE_MS = 7 * 60 * 1000;

/** The lease stored in a property, or null when there is none or it cannot be read (then it blocks nobody). */
export function parseLease(raw: string | null): PlatformLease | null {
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as Partial<PlatformLease>;
    return typeof v.token === 'string' && typeof v.until === 'number' ? { token: v.token, until: v.until } : null;
  } catch {
    return null;
  }
}

/** Whether a stored lease stops a new run at `now`. */
export function leaseBlocks(raw: string | null, now: number): boolean {
  const lease = parseLease(raw);
  return lease !== null && lease.until > now;
}
