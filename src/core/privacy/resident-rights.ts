/**
 * A resident's rights over their personal data (Decree 13/2023/NĐ-CP, Law 91/2025/QH15), exercised by the owner on
 * the resident's request, found by the tracking code of their opinion: erasure (the contact columns blanked, the
 * sender's data masked inside the texts of the row, the photos and the box's emails about it trashed) and correction
 * (new contact values). Pure: reading the request from the admin page and the cells to change in one row; what is
 * logged names the kinds of data, never the data.
 */
import { normalizePhone, isValidEmail } from '../intake/validate';
import { charCount, cleanLine } from '../intake/text';
import { normalizeTrackingCode } from '../intake/tracking-code';
import { LIMITS } from '../../shared/types';
import { literalCell } from '../records/sheet-literal';
import { COL, type ColumnKey, type FeedbackRecord } from '../records/feedback-record';
import { cellText } from '../records/cell-writes';
import { headerIndex } from '../records/responses-rows';
import { maskPersonalData } from './mask';
import { driveFileIds } from './retention';
import { senderOf } from './publish';
import { maskContactOf, replyKey } from './shared-replies';

export type ContactKey = 'name' | 'phone' | 'email' | 'address';

export const CONTACT_KEYS: readonly ContactKey[] = ['name', 'phone', 'email', 'address'];

/** How each contact field is named in Nhật ký and on the admin page. */
export const CONTACT_LABELS: Readonly<Record<ContactKey, string>> = {
  name: 'họ tên',
  phone: 'số điện thoại',
  email: 'email',
  address: 'địa chỉ',
};

/** Typed alone in a field of a correction: that field is emptied. */
export const CLEAR_FIELD = '-';

export type ResidentRequest =
  { kind: 'erase'; code: string } | { kind: 'correct'; code: string; changes: Partial<Record<ContactKey, string>> };

/** What the admin page sends: the code, the kind of request, and the new values of a correction. */
export interface ResidentRequestInput {
  code?: unknown;
  request?: unknown;
  name?: unknown;
  phone?: unknown;
  email?: unknown;
  address?: unknown;
}

export const RIGHTS_MESSAGES = {
  code: 'Mã theo dõi không đúng dạng (ví dụ HB-7KQ4M2X). Hãy nhập đúng mã người gửi cung cấp.',
  request: 'Hãy chọn "Xóa thông tin cá nhân" hoặc "Sửa thông tin liên hệ".',
  eraseWithValues:
    'Đã chọn "Xóa thông tin cá nhân" nhưng có ghi thông tin mới: hãy để trống các ô thông tin mới, hoặc chọn "Sửa thông tin liên hệ".',
  nothingToCorrect: `Chưa ghi thông tin mới nào để sửa. Ghi giá trị mới vào ô cần sửa, hoặc "${CLEAR_FIELD}" để xóa riêng ô đó.`,
  name: `Họ tên không được quá ${LIMITS.nameMax} ký tự.`,
  phone: 'Số điện thoại mới không hợp lệ: hãy ghi số Việt Nam bắt đầu bằng 0 hoặc +84.',
  email: 'Email mới không hợp lệ.',
  address: `Địa chỉ không được quá ${LIMITS.addressMax} ký tự.`,
} as const;

function own(o: object, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, key) ? (o as Record<string, unknown>)[key] : undefined;
}

/** Reads the owner's request from the admin page; every problem is said in Vietnamese, and nothing is done then. */
export function parseResidentRequest(input: unknown): { request: ResidentRequest } | { error: string } {
  const o: object = input && typeof input === 'object' ? input : {};
  const code = normalizeTrackingCode(own(o, 'code'));
  if (!code) return { error: RIGHTS_MESSAGES.code };
  const kind = own(o, 'request');
  const typed = Object.fromEntries(CONTACT_KEYS.map((k) => [k, cleanLine(own(o, k))])) as Record<ContactKey, string>;
  if (kind === 'erase') {
    if (CONTACT_KEYS.some((k) => typed[k] !== '')) return { error: RIGHTS_MESSAGES.eraseWithValues };
    return { request: { kind: 'erase', code } };
  }
  if (kind !== 'correct') return { error: RIGHTS_MESSAGES.request };
  const changes: Partial<Record<ContactKey, string>> = {};
  for (const k of CONTACT_KEYS) {
    const v = typed[k];
    if (v === '') continue;
    if (v === CLEAR_FIELD) {
      changes[k] = '';
      continue;
    }
    if (k === 'phone') {
      const phone = charCount(v) > LIMITS.phoneMax ? null : normalizePhone(v);
      if (!phone) return { error: RIGHTS_MESSAGES.phone };
      changes.phone = phone;
    } else if (k === 'email') {
      const email = v.toLowerCase();
      if (!isValidEmail(email)) return { error: RIGHTS_MESSAGES.email };
      changes.email = email;
    } else if (k === 'name') {
      if (charCount(v) > LIMITS.nameMax) return { error: RIGHTS_MESSAGES.name };
      changes.name = v;
    } else {
      if (charCount(v) > LIMITS.addressMax) return { error: RIGHTS_MESSAGES.address };
      changes.address = v;
    }
  }
  if (Object.keys(changes).length === 0) return { error: RIGHTS_MESSAGES.nothingToCorrect };
  return { request: { kind: 'correct', code, changes } };
}

/** The cells to write in the row (already literal for Sheets), by column; only cells whose value changes. */
export type RowCells = Partial<Record<ColumnKey, string>>;

/** Texts of a row that may hold the sender's data as staff or the sender typed it. */
const TEXT_COLUMNS = ['content', 'publicReply', 'internalNote'] as const;

const TEXT_LABELS: Readonly<Record<(typeof TEXT_COLUMNS)[number], string>> = {
  content: 'nội dung ý kiến',
  publicReply: 'trả lời công khai',
  internalNote: 'ghi chú nội bộ',
};

export interface ErasurePlan {
  cells: RowCells;
  /** Drive ids of the row's photos. */
  photoIds: string[];
  /** What was erased, by kind, for Nhật ký: "họ tên", "số điện thoại", "ảnh", "thông tin cá nhân trong nội dung ý kiến"… */
  erased: string[];
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v);
}

/**
 * Erasure of one row: the contact columns and the photo links blanked, and the sender's own data (any spelling) and
 * any phone, ID, account number, e-mail or social link masked inside the opinion, the public reply and the internal
 * note. The opinion, its handling and the consent record stay. Erasing an erased row changes nothing.
 */
export function planErasure(record: FeedbackRecord): ErasurePlan {
  const cells: RowCells = {};
  const erased: string[] = [];
  for (const k of CONTACT_KEYS) {
    if (text(record[k]).trim() !== '') {
      cells[k] = '';
      erased.push(CONTACT_LABELS[k]);
    }
  }
  const photoIds = driveFileIds(text(record.photos));
  if (text(record.photos).trim() !== '') {
    cells.photos = '';
    erased.push('ảnh');
  }
  const sender = senderOf(record);
  for (const k of TEXT_COLUMNS) {
    const before = text(record[k]);
    if (!before) continue;
    const after = maskPersonalData(before, sender);
    if (after !== before) {
      cells[k] = literalCell(after.normalize('NFC'));
      erased.push(`thông tin cá nhân trong ${TEXT_LABELS[k]}`);
    }
  }
  return { cells, photoIds, erased };
}

/**
 * The other rows holding the erased row's public reply (staff paste one reply into every row of an issue, and it may
 * name each resident): that reply in each of them with the erased sender's own contact fields masked, and nothing else
 * (the phone numbers staff wrote for help stay). `table` is the sheet from row 1; `row` the erased row's index in it.
 * Rows without a tracking code are left out (they are written by code).
 */
export function planSharedReplyErasure(
  table: readonly (readonly unknown[])[],
  row: number,
  record: FeedbackRecord,
): { code: string; from: unknown; to: string }[] {
  const key = replyKey(record.publicReply);
  const sender = senderOf(record);
  if (!key || ![sender.name, sender.phone, sender.email, sender.address].some((v) => text(v).trim() !== '')) return [];
  const out: { code: string; from: unknown; to: string }[] = [];
  for (let i = headerIndex(table) + 1; i < table.length; i++) {
    if (i === row) continue;
    const from = table[i][COL.publicReply - 1];
    const code = cellText(table[i][COL.trackingCode - 1]);
    if (!code || typeof from !== 'string' || replyKey(from) !== key) continue;
    const to = maskContactOf(from, sender);
    if (to !== from.normalize('NFC')) out.push({ code, from, to: literalCell(to) });
  }
  return out;
}

export interface CorrectionPlan {
  cells: RowCells;
  /** The contact fields whose value changes, by label, for Nhật ký. */
  corrected: string[];
  /** The contact fields emptied, by label. */
  cleared: string[];
}

/** Correction of one row: the new contact values, written as literal text; a value equal to the present one is skipped. */
export function planCorrection(record: FeedbackRecord, changes: Partial<Record<ContactKey, string>>): CorrectionPlan {
  const cells: RowCells = {};
  const corrected: string[] = [];
  const cleared: string[] = [];
  for (const k of CONTACT_KEYS) {
    const v = changes[k];
    if (v === undefined || v === text(record[k])) continue;
    cells[k] = literalCell(v);
    (v === '' ? cleared : corrected).push(CONTACT_LABELS[k]);
  }
  return { cells, corrected, cleared };
}
