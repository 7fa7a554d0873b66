/**
 * The form's rules, as hints on the page. They mirror the server's rules (the server decides; its errors[]
 * are shown the same way). Pure functions: no DOM.
 */
import { FEEDBACK_KINDS, LIMITS, PHOTO_LIMITS } from '../shared/types';
import type { FieldError } from '../shared/types';

export interface FormValues {
  location: string;
  category: string;
  kind: string;
  content: string;
  name: string;
  phone: string;
  email: string;
  address: string;
  consent: boolean;
  photoCount: number;
}

export interface FormRules {
  /** Codes the resident may choose from, or null when the location came with the QR code. */
  locations: string[] | null;
  categories: string[];
}

/** NFC and trimmed, as the server stores it. */
export function clean(s: string): string {
  return (s.normalize ? s.normalize('NFC') : s).trim();
}

/** Length in code points (what the resident sees as characters), not UTF-16 units. */
export function countChars(s: string): number {
  return Array.from(s.normalize ? s.normalize('NFC') : s).length;
}

export function hasContact(v: Pick<FormValues, 'name' | 'phone' | 'email' | 'address'>): boolean {
  return !!(clean(v.name) || clean(v.phone) || clean(v.email) || clean(v.address));
}

const PHONE_CHARS = /^\+?[0-9 .()-]+$/;
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

export function validateForm(v: FormValues, rules: FormRules): FieldError[] {
  const errors: FieldError[] = [];
  const add = (field: FieldError['field'], message: string) => errors.push({ field, message });

  if (rules.locations && rules.locations.length && rules.locations.indexOf(v.location) < 0)
    add('location', 'Vui lòng chọn địa điểm.');
  if ((FEEDBACK_KINDS as readonly string[]).indexOf(v.kind) < 0) add('kind', 'Vui lòng chọn loại ý kiến.');
  if (rules.categories.length && rules.categories.indexOf(v.category) < 0) add('category', 'Vui lòng chọn lĩnh vực.');

  const content = clean(v.content);
  const n = countChars(content);
  if (!n) add('content', 'Vui lòng nhập nội dung ý kiến.');
  else if (n < LIMITS.contentMin) add('content', `Nội dung cần ít nhất ${LIMITS.contentMin} ký tự.`);
  else if (n > LIMITS.contentMax)
    add('content', `Nội dung dài quá ${LIMITS.contentMax} ký tự (hiện có ${n}). Vui lòng rút gọn.`);

  if (countChars(clean(v.name)) > LIMITS.nameMax) add('name', `Họ tên tối đa ${LIMITS.nameMax} ký tự.`);

  const phone = clean(v.phone);
  if (phone) {
    const digits = phone.replace(/\D/g, '').length;
    if (phone.length > LIMITS.phoneMax || !PHONE_CHARS.test(phone) || digits < 8 || digits > 15)
      add('phone', 'Số điện thoại không hợp lệ. Chỉ ghi chữ số, ví dụ 0912345678.');
  }

  const email = clean(v.email);
  if (email && (email.length > LIMITS.emailMax || !EMAIL.test(email)))
    add('email', 'Email không hợp lệ. Ví dụ: ten@gmail.com');

  if (countChars(clean(v.address)) > LIMITS.addressMax) add('address', `Địa chỉ tối đa ${LIMITS.addressMax} ký tự.`);

  if (hasContact(v) && !v.consent)
    add(
      'consent',
      'Bạn đã để lại thông tin liên hệ: vui lòng đánh dấu đồng ý, hoặc xóa thông tin liên hệ để gửi không kèm tên.',
    );

  if (v.photoCount > PHOTO_LIMITS.maxCount) add('photos', `Chỉ gửi được tối đa ${PHOTO_LIMITS.maxCount} ảnh.`);
  return errors;
}
