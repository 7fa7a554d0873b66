/**
 * Poster content for each location: checks on location codes, the QR URL, and the printed text.
 * Pure: the document builder (Docs/Slides) lays the text out and wraps long lines.
 */
import { isWebAppAddress } from '../common/web-address';

/** Codes go into the QR URL as-is, so only URL-safe ASCII is allowed. */
export const LOCATION_CODE_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
export const LOCATION_CODE_MAX = 32;

/**
 * The QR image's width and height as given to Docs (InlineImage WIDTH/HEIGHT, which Docs takes in pixels, not
 * points). It was chosen to print 9 cm wide, which holds only if Docs prints one such pixel as one point (255 pt =
 * 9 cm); at 96 pixels per inch it would print 6.75 cm. verifyPlatform measures the printed width in an exported PDF;
 * change this value only once it has.
 */
export const POSTER_QR_WIDTH_PX = 255;

/** The printed QR width the poster is meant to have (the minimum for easy scanning on a wall is about 8 cm). */
export const POSTER_QR_INTENDED_CM = 9;

/** How far the measured printed width may be from the intended one before verifyPlatform reports it. */
export const POSTER_QR_TOLERANCE_CM = 0.25;

export const POSTER_BOX_TITLE = 'Hòm thư số góp ý xây dựng Đảng, xây dựng chính quyền';

const ALLOWED_HINT = 'chỉ dùng chữ cái không dấu (A–Z, a–z), chữ số, dấu gạch ngang (-) hoặc gạch dưới (_)';

export interface LocationCodeProblem {
  /** 0-based position of the row in the input. */
  index: number;
  /** The code exactly as given. */
  code: string;
  /** Vietnamese, ready to show. */
  problem: string;
}

/** Letters with Vietnamese diacritics (and đ/Đ), which fold to a plain ASCII letter. */
function isAccentedLatin(ch: string): boolean {
  if (ch === 'đ' || ch === 'Đ') return true;
  const base = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  return base !== ch && /^[A-Za-z]$/.test(base);
}

function foldAccents(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
}

/** A code that follows the pattern, made from a bad one; '' when nothing sensible is left. */
function suggestCode(code: string): string {
  const s = foldAccents(code.trim())
    .replace(/\s+/g, '-')
    .replace(/[^A-Za-z0-9_-]/g, '')
    .slice(0, LOCATION_CODE_MAX);
  return LOCATION_CODE_PATTERN.test(s) ? s : '';
}

function showChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp < 0x20 || cp === 0x7f || /[\u00a0\u2000-\u200f\u2028-\u202f\u2060\ufeff]|\p{M}/u.test(ch)) {
    return 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');
  }
  return '"' + ch + '"';
}

/**
 * Reports every problem with the location codes: empty, spaces, Vietnamese letters, other characters,
 * too long, duplicates (both rows are reported; case-only differences count). Codes are never changed.
 */
export function checkLocationCodes(rows: readonly { code: string; name: string }[]): LocationCodeProblem[] {
  const problems: LocationCodeProblem[] = [];
  const add = (index: number, code: string, problem: string) => problems.push({ index, code, problem });

  rows.forEach((row, index) => {
    const code = typeof row.code === 'string' ? row.code : String(row.code ?? '');
    if (code.trim() === '') {
      add(index, code, 'Mã địa điểm đang để trống.');
      return;
    }
    if (LOCATION_CODE_PATTERN.test(code)) return;

    const chars = Array.from(code.normalize('NFC'));
    const suggestion = suggestCode(code);
    const hint = suggestion && suggestion !== code ? ` Có thể dùng "${suggestion}".` : '';

    if (/\s/.test(code)) {
      const where = code.trim() === code ? '' : ' (ở đầu hoặc cuối mã)';
      add(index, code, `Mã có dấu cách${where}; mã không được có dấu cách.${hint}`);
    }
    const accented = Array.from(new Set(chars.filter(isAccentedLatin)));
    if (accented.length > 0) {
      add(index, code, `Mã có chữ tiếng Việt có dấu (${accented.map(showChar).join(', ')}); ${ALLOWED_HINT}.${hint}`);
    }
    const other = Array.from(new Set(chars.filter((ch) => !/[A-Za-z0-9_-]/.test(ch) && !/\s/.test(ch) && !isAccentedLatin(ch))));
    if (other.length > 0) {
      add(index, code, `Mã có ký tự không dùng được: ${other.map(showChar).join(', ')}; ${ALLOWED_HINT}.${hint}`);
    }
    if (chars.length > LOCATION_CODE_MAX) {
      add(index, code, `Mã dài ${chars.length} ký tự; tối đa ${LOCATION_CODE_MAX} ký tự.`);
    }
  });

  // Duplicates, compared without case: "TDP01" and "tdp01" on two posters would confuse staff.
  const seen = new Map<string, number[]>();
  rows.forEach((row, index) => {
    const code = typeof row.code === 'string' ? row.code : String(row.code ?? '');
    if (code.trim() === '') return;
    const key = code.toUpperCase();
    const list = seen.get(key);
    if (list) list.push(index);
    else seen.set(key, [index]);
  });
  for (const list of seen.values()) {
    if (list.length < 2) continue;
    for (const index of list) {
      const code = String(rows[index].code);
      const others = list.filter((i) => i !== index);
      const sameCase = others.every((i) => String(rows[i].code) === code);
      const otherRows = others.map((i) => `dòng ${i + 1}`).join(', ');
      add(
        index,
        code,
        sameCase
          ? `Mã bị trùng với ${otherRows}; mỗi địa điểm cần một mã riêng.`
          : `Mã trùng với ${otherRows} (chỉ khác chữ hoa/thường); mỗi địa điểm cần một mã riêng.`,
      );
    }
  }
  return problems.sort((a, b) => a.index - b.index);
}

/**
 * The URL a location's QR code opens: `<base>?loc=<code>` (or `&loc=` when base has a query).
 * Refuses an empty, non-https (but see isWebAppAddress) or test (/dev) base, a base that already names a location, and a bad code.
 */
export function posterUrl(base: string, code: string): { ok: true; url: string } | { ok: false; message: string } {
  const b = (base ?? '').trim();
  if (b === '') {
    return {
      ok: false,
      message: 'Chưa có địa chỉ ứng dụng web. Hãy triển khai ứng dụng web rồi dán địa chỉ kết thúc bằng /exec vào phần cài đặt.',
    };
  }
  if (!isWebAppAddress(b)) {
    return {
      ok: false,
      message: 'Địa chỉ ứng dụng web phải bắt đầu bằng https:// (ví dụ https://script.google.com/macros/s/…/exec).',
    };
  }
  if (/\s/.test(b)) {
    return { ok: false, message: 'Địa chỉ ứng dụng web có dấu cách; hãy sao chép lại địa chỉ cho đúng.' };
  }
  const hashAt = b.indexOf('#');
  const beforeHash = hashAt >= 0 ? b.slice(0, hashAt) : b;
  const fragment = hashAt >= 0 ? b.slice(hashAt) : '';
  const qAt = beforeHash.indexOf('?');
  const path = qAt >= 0 ? beforeHash.slice(0, qAt) : beforeHash;
  const query = qAt >= 0 ? beforeHash.slice(qAt + 1) : '';
  if (/\/dev\/?$/i.test(path)) {
    return {
      ok: false,
      message:
        'Đây là địa chỉ thử nghiệm (kết thúc bằng /dev): chỉ người quản lý mở được, người dân quét mã sẽ không vào được. Hãy dùng địa chỉ triển khai kết thúc bằng /exec.',
    };
  }
  if (query.split('&').some((p) => /^loc(=|$)/i.test(p))) {
    return {
      ok: false,
      message: 'Địa chỉ ứng dụng web đã có sẵn mã địa điểm (loc=). Hãy dùng địa chỉ gốc, kết thúc bằng /exec.',
    };
  }
  if (!LOCATION_CODE_PATTERN.test(code ?? '')) {
    return {
      ok: false,
      message: `Mã địa điểm "${code ?? ''}" không hợp lệ: ${ALLOWED_HINT}, tối đa ${LOCATION_CODE_MAX} ký tự.`,
    };
  }
  let sep: string;
  if (qAt < 0) sep = '?';
  else if (query === '' || query.endsWith('&')) sep = '';
  else sep = '&';
  return { ok: true, url: `${beforeHash}${sep}loc=${code}${fragment}` };
}

/** The web-app address the posters point to, or the Vietnamese reason it cannot be used. */
export function checkPosterBase(
  configured: string,
  serviceUrl: string | null,
): { ok: true; base: string } | { ok: false; message: string } {
  const base = String(configured || serviceUrl || '').trim();
  const probe = posterUrl(base, 'KDC01');
  if (!probe.ok) {
    return {
      ok: false,
      message: `${probe.message} Có thể dán địa chỉ /exec vào mục "Đường dẫn cho poster (tùy chọn)" trong trang Cấu hình.`,
    };
  }
  return { ok: true, base };
}

/**
 * Why no poster is made without "Đường dẫn cho poster": the box has two web apps (residents' and the admin page), and
 * the address of the running one (ScriptApp's getUrl) may be the admin page's, a test deployment's or /dev: a poster
 * printed with it breaks later. Only the address the owner pasted is printed.
 */
export const POSTER_LINK_MISSING =
  'Chưa có "Đường dẫn cho poster" nên chưa biết in địa chỉ nào lên mã QR (hòm thư có hai web app: cho người dân và trang quản trị). Hãy mở bảng tính của hòm thư (liên kết "Bảng tính của hòm thư" trên trang quản trị), vào trang Cấu hình, dán địa chỉ web app cho người dân (dòng "Residents" mà npm run deploy in ra, dạng https://script.google.com/macros/s/…/exec) vào ô bên cạnh mục "Đường dẫn cho poster (tùy chọn)", rồi bấm lại "Tạo poster QR".';

/** The address every poster prints: the one configured in Cấu hình, or the Vietnamese reason no poster can be made. */
export function posterBase(configured: string | null | undefined): { ok: true; base: string } | { ok: false; message: string } {
  if (!String(configured ?? '').trim()) return { ok: false, message: POSTER_LINK_MISSING };
  return checkPosterBase(String(configured), null);
}

/**
 * What the owner is asked to do while "Đường dẫn cho poster" is empty: the address every link to the residents' page
 * carries (posters, reply emails, the printed notices, the public results page) is the one pasted there, never the
 * address of the running deployment, which may be the admin page's, a test deployment's or /dev.
 */
export const RESIDENTS_LINK_REMINDER =
  'Hãy dán đường dẫn web app cho người dân (dòng "Residents" mà npm run deploy in ra, dạng https://script.google.com/macros/s/…/exec) vào mục "Đường dẫn cho poster (tùy chọn)" trong trang Cấu hình: hòm thư có hai web app (cho người dân và trang quản trị) nên không tự biết đường dẫn nào để in lên poster, gửi trong email và đặt trên trang kết quả công khai.';

/** The residents' page address for every link that leaves the box, or what the owner must do to give one. */
export function residentsBase(configured: string | null | undefined): { ok: true; base: string } | { ok: false; message: string } {
  if (!String(configured ?? '').trim()) return { ok: false, message: RESIDENTS_LINK_REMINDER };
  const checked = checkPosterBase(String(configured), null);
  if (checked.ok) return checked;
  return { ok: false, message: `Mục "Đường dẫn cho poster (tùy chọn)" trong trang Cấu hình chưa dùng được: ${checked.message}` };
}

export interface PosterInput {
  wardName: string;
  committeeName: string;
  locationName: string;
  url: string;
  /** Months personal data is kept; when given, the privacy line says so. */
  retentionMonths?: number;
}

export interface PosterContent {
  boxTitle: string;
  /** The committee that owns the box, with the ward when it is not already in the name. */
  committee: string;
  /** "Địa điểm: …", or '' when no location name is given. */
  location: string;
  instructions: string[];
  /** Label printed before the URL. */
  urlLabel: string;
  /** The URL itself, unchanged (for residents who cannot scan). */
  urlText: string;
  privacy: string;
}

function clean(s: string | undefined | null): string {
  return String(s ?? '')
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The printed text of one location's poster. Long names are kept whole. */
export function posterContent(input: PosterInput): PosterContent {
  const ward = clean(input.wardName);
  const committeeName = clean(input.committeeName);
  let committee: string;
  if (!committeeName) committee = ward;
  else if (!ward || committeeName.toLowerCase().includes(ward.toLowerCase())) committee = committeeName;
  else committee = `${committeeName} ${ward}`;

  const locationName = clean(input.locationName);
  const months = input.retentionMonths;
  const keep =
    typeof months === 'number' && Number.isInteger(months) && months > 0 ? ` Thông tin cá nhân được xóa sau ${months} tháng.` : '';

  return {
    boxTitle: POSTER_BOX_TITLE,
    committee,
    location: locationName ? `Địa điểm: ${locationName}` : '',
    instructions: [
      'Quét mã bằng Zalo hoặc camera điện thoại để mở trang góp ý.',
      'Chọn loại ý kiến (góp ý, phản ánh hoặc kiến nghị) và lĩnh vực, rồi viết nội dung; có thể gửi kèm ảnh.',
      'Họ tên, số điện thoại không bắt buộc; hãy để lại nếu muốn được liên hệ, trả lời.',
      'Bấm “Gửi ý kiến” và ghi lại mã theo dõi để tra cứu kết quả xử lý.',
      'Kết quả giải quyết các ý kiến đã được công khai tại địa điểm này: mở trang góp ý, chọn “Xem kết quả”.',
    ],
    urlLabel: 'Nếu không quét được mã, mở địa chỉ:',
    urlText: String(input.url ?? '').trim(),
    privacy: `Chỉ cán bộ${committee ? ` của ${committee}` : ''} được giao tiếp nhận, xử lý ý kiến mới xem được nội dung và thông tin liên hệ; thông tin cá nhân không công khai.${keep}`,
  };
}
