/**
 * Server-side rules for a submitted opinion. The payload comes from google.script.run, so any field
 * may be missing, of the wrong type or hostile; nothing here throws, whatever arrives.
 */

import {
  FEEDBACK_KINDS,
  LIMITS,
  PETITION_KIND,
  REQUEST_ID_PATTERN,
  type FeedbackField,
  type FeedbackKind,
  type FieldError,
  type LocationOption,
} from '../../shared/types';
import { charCount, cleanLine, cleanMultiline } from './text';

/** An accepted opinion, cleaned. Optional fields left empty are ''. */
export interface CleanFeedback {
  requestId: string;
  locationCode: string;
  locationName: string;
  kind: FeedbackKind;
  category: string;
  content: string;
  name: string;
  /** National form: 0 followed by 9 or 10 digits. */
  phone: string;
  /** Lowercased. */
  email: string;
  address: string;
  consent: boolean;
}

export interface ValidationContext {
  /**
   * Active locations; the submitted code must be one of these. An empty list is a box with no active place: the
   * opinion is taken without a place (empty code and name), whatever code was sent.
   */
  locations: LocationOption[];
  categories: string[];
}

export type ValidationResult = { ok: true; value: CleanFeedback } | { ok: false; errors: FieldError[] };

/**
 * The two refusals only the server makes (the page builds its own requestId and payload), kept out of MESSAGES so the
 * page, which bundles MESSAGES for its field checks, does not carry them.
 */
export const BAD_PAYLOAD_MESSAGE = 'Dữ liệu gửi lên không hợp lệ. Vui lòng tải lại trang rồi thử lại.';
export const REQUEST_ID_MESSAGE =
  'Trang gửi ý kiến này đã cũ nên chưa gửi được. Vui lòng tải lại trang rồi bấm gửi lại; nội dung bạn đã nhập vẫn được giữ trên máy. (Mã yêu cầu requestId phải là một UUID.)';

/**
 * Vietnamese digit grouping (4.000) of a count (a whole number, not negative) without Intl, which the core avoids.
 * A loop, not a regular expression: the messages below use it at every load of the bundle.
 */
function formatCount(n: number): string {
  const digits = String(n);
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += '.';
    out += digits[i];
  }
  return out;
}

export const MESSAGES = {
  location: 'Vui lòng chọn nơi bạn muốn góp ý trong danh sách địa điểm.',
  category: 'Vui lòng chọn lĩnh vực trong danh sách.',
  kind: `Vui lòng chọn loại ý kiến: ${FEEDBACK_KINDS.join(', ')}.`,
  petition:
    'Hòm thư này không tiếp nhận khiếu nại, tố cáo. Khiếu nại, tố cáo cần được gửi bằng đơn, ' +
    'ghi rõ họ tên, địa chỉ và có chữ ký của người gửi, đến Ban tiếp công dân hoặc Ủy ban nhân dân cấp xã nơi bạn cư trú. ' +
    'Tố cáo nặc danh (không rõ họ tên, địa chỉ) sẽ không được xử lý.',
  contentRequired: 'Vui lòng nhập nội dung ý kiến.',
  contentShort: (n: number) =>
    `Nội dung cần ít nhất ${formatCount(LIMITS.contentMin)} ký tự (hiện có ${formatCount(n)} ký tự). ` + 'Vui lòng mô tả rõ hơn.',
  contentLong: (n: number) =>
    `Nội dung không được quá ${formatCount(LIMITS.contentMax)} ký tự (hiện có ${formatCount(n)} ký tự). ` +
    `Vui lòng rút gọn bớt ${formatCount(n - LIMITS.contentMax)} ký tự.`,
  name: `Họ tên không được quá ${formatCount(LIMITS.nameMax)} ký tự.`,
  phone: 'Số điện thoại không hợp lệ. Vui lòng nhập số Việt Nam bắt đầu bằng 0 hoặc +84, ' + 'ví dụ 0912 345 678.',
  emailLong: `Địa chỉ email không được quá ${formatCount(LIMITS.emailMax)} ký tự.`,
  email: 'Địa chỉ email không hợp lệ, ví dụ đúng: nguyenvana@gmail.com.',
  address: `Địa chỉ không được quá ${formatCount(LIMITS.addressMax)} ký tự.`,
  consent:
    'Bạn đã ghi thông tin cá nhân (họ tên, số điện thoại, email hoặc địa chỉ). Vui lòng đánh dấu ô đồng ý ' +
    'để Ủy ban MTTQ được lưu và dùng thông tin này để liên hệ, trả lời bạn. ' +
    'Nếu muốn gửi ẩn danh, hãy xóa các thông tin đó.',
} as const;

/** A plain object (prototype Object.prototype of any realm, or null): not an array, Map, Date, class instance... */
function asPlainObject(raw: unknown): object | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const proto: unknown = Object.getPrototypeOf(raw);
  if (proto !== null && Object.getPrototypeOf(proto) !== null) return null;
  if (Object.prototype.toString.call(raw) !== '[object Object]') return null;
  return raw;
}

/** An own data property's value; getters are never run and inherited values never read. */
function own(o: object, key: string): unknown {
  try {
    const d = Object.getOwnPropertyDescriptor(o, key);
    return d && 'value' in d ? d.value : undefined;
  } catch {
    return undefined; // a Proxy trap that throws
  }
}

/** A payload's own data field, read as validation reads it (undefined for a payload that is not a plain object). */
export function payloadField(raw: unknown, key: string): unknown {
  try {
    const o = asPlainObject(raw);
    return o ? own(o, key) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The payload's requestId when it is UUID-shaped; otherwise the refusal, checked before anything else is read: the
 * "bad data" message for a payload that is not a plain object, the requestId message for any other id.
 */
export function checkRequestId(raw: unknown): { ok: true; requestId: string } | { ok: false; error: FieldError } {
  let plain: object | null;
  try {
    plain = asPlainObject(raw);
  } catch {
    plain = null;
  }
  if (!plain) return { ok: false, error: { message: BAD_PAYLOAD_MESSAGE } };
  const id = payloadField(plain, 'requestId');
  if (typeof id !== 'string' || !REQUEST_ID_PATTERN.test(id))
    return { ok: false, error: { field: 'requestId', message: REQUEST_ID_MESSAGE } };
  return { ok: true, requestId: id };
}

/** National: 0 then a non-zero digit (00 is the international prefix), 10 or 11 digits in all. */
const PHONE_NATIONAL_RE = /^0([1-9]\d{8,9})$/;
/** International: +84, 0084 or 84, optionally with the trunk 0 people often keep ("+84 (0) 912…"). */
const PHONE_INTL_RE = /^(?:\+|00)?840?([1-9]\d{8,9})$/;
/** Between digit groups: spaces, dots, commas (a phone keypad's key), brackets, underscores and every kind of dash. */
const PHONE_SEPARATORS = /[\s.,()_\-\u2010-\u2015\u2212]/g;
const EMAIL_RE =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]{1,64}(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** The national form (0…) of a Vietnamese phone number, or null if it is not one. */
export function normalizePhone(input: string): string | null {
  // NFKC turns full-width digits and plus into ASCII.
  const compact = input.normalize('NFKC').replace(PHONE_SEPARATORS, '');
  if (compact.length > LIMITS.phoneMax) return null;
  const national = PHONE_NATIONAL_RE.exec(compact);
  if (national) return '0' + national[1];
  const intl = PHONE_INTL_RE.exec(compact);
  return intl ? '0' + intl[1] : null;
}

export function isValidEmail(email: string): boolean {
  if (email.length > LIMITS.emailMax) return false;
  const at = email.lastIndexOf('@');
  if (at < 1 || at > 64) return false;
  return EMAIL_RE.test(email);
}

/** No place at all: the opinion is about the ward as a whole. */
const NO_LOCATION: LocationOption = { code: '', name: '' };

/**
 * The place the opinion names, among the active ones; NO_LOCATION when the box has none (a list with no valid place),
 * so a box whose places were all unticked still takes opinions. undefined when it names none of them.
 */
function findLocation(locations: unknown, code: string): LocationOption | undefined {
  if (!Array.isArray(locations)) return undefined;
  const valid = locations.filter(
    (l): l is LocationOption => !!l && typeof l.code === 'string' && typeof l.name === 'string' && l.code !== '',
  );
  if (valid.length === 0) return NO_LOCATION;
  if (!code) return undefined;
  const exact = valid.find((l) => l.code === code);
  if (exact) return exact;
  // Codes come from printed QR posters; a retyped code may differ in case only.
  const upper = code.toUpperCase();
  const loose = valid.filter((l) => l.code.toUpperCase() === upper);
  return loose.length === 1 ? loose[0] : undefined;
}

function findCategory(categories: unknown, category: string): string | undefined {
  if (!category || !Array.isArray(categories)) return undefined;
  for (const c of categories) {
    if (typeof c === 'string' && cleanLine(c) === category) return category;
  }
  return undefined;
}

/**
 * The fields' checks: every error is added to `errors`, in page order; the cleaned fields are returned, to be used only
 * when none was added. (The page, which wants the errors alone, then carries no code that builds the opinion.)
 */
function checkFields(o: object, ctx: ValidationContext, errors: FieldError[]) {
  const fail = (field: FeedbackField, message: string) => errors.push({ field, message });

  const location = findLocation(ctx?.locations, cleanLine(own(o, 'location')));
  if (!location) fail('location', MESSAGES.location);

  const category = findCategory(ctx?.categories, cleanLine(own(o, 'category')));
  if (category === undefined) fail('category', MESSAGES.category);

  const kindText = cleanLine(own(o, 'kind'));
  const kind = FEEDBACK_KINDS.find((k) => k === kindText);
  if (kindText === PETITION_KIND.normalize('NFC')) fail('kind', MESSAGES.petition);
  else if (!kind) fail('kind', MESSAGES.kind);

  const content = cleanMultiline(own(o, 'content'));
  const contentLength = charCount(content);
  if (contentLength === 0) fail('content', MESSAGES.contentRequired);
  else if (contentLength < LIMITS.contentMin) fail('content', MESSAGES.contentShort(contentLength));
  else if (contentLength > LIMITS.contentMax) fail('content', MESSAGES.contentLong(contentLength));

  const name = cleanLine(own(o, 'name'));
  if (charCount(name) > LIMITS.nameMax) fail('name', MESSAGES.name);

  const phoneText = cleanLine(own(o, 'phone'));
  let phone = '';
  if (phoneText) {
    const normalized = charCount(phoneText) > LIMITS.phoneMax ? null : normalizePhone(phoneText);
    if (normalized) phone = normalized;
    else fail('phone', MESSAGES.phone);
  }

  const email = cleanLine(own(o, 'email')).toLowerCase();
  if (email) {
    if (charCount(email) > LIMITS.emailMax) fail('email', MESSAGES.emailLong);
    else if (!isValidEmail(email)) fail('email', MESSAGES.email);
  }

  const address = cleanLine(own(o, 'address'));
  if (charCount(address) > LIMITS.addressMax) fail('address', MESSAGES.address);

  const consent = own(o, 'consent') === true;
  // Personal data may be kept only with consent (Decree 13/2023); judge by what was typed, valid or not.
  if ((name || phoneText || email || address) && !consent) fail('consent', MESSAGES.consent);

  return { location, category, kind, content, name, phone, email, address, consent };
}

function validateObject(o: object, ctx: ValidationContext): ValidationResult {
  // Taken exactly as sent (no trimming): the same check submit makes before anything else.
  const rawId = own(o, 'requestId');
  const requestId = typeof rawId === 'string' ? rawId : '';
  const errors: FieldError[] = REQUEST_ID_PATTERN.test(requestId) ? [] : [{ field: 'requestId', message: REQUEST_ID_MESSAGE }];
  const f = checkFields(o, ctx, errors);
  if (errors.length > 0 || !f.location || f.category === undefined || !f.kind) return { ok: false, errors };
  return {
    ok: true,
    value: {
      requestId,
      locationCode: f.location.code,
      locationName: cleanLine(f.location.name),
      kind: f.kind,
      category: f.category,
      content: f.content,
      name: f.name,
      phone: f.phone,
      email: f.email,
      address: f.address,
      consent: f.consent,
    },
  };
}

/**
 * The checks the page makes on the opinion it is about to send, with validateFeedback's own rules and words: every
 * field but the requestId, which the page makes itself (a UUID). Empty when the server's checks would pass.
 */
export function fieldErrors(payload: object, ctx: ValidationContext): FieldError[] {
  const errors: FieldError[] = [];
  checkFields(payload, ctx, errors);
  return errors;
}

/** Checks and cleans a submission. Returns every field error at once; never throws. */
export function validateFeedback(raw: unknown, ctx: ValidationContext): ValidationResult {
  try {
    const o = asPlainObject(raw);
    if (!o) return { ok: false, errors: [{ message: BAD_PAYLOAD_MESSAGE }] };
    return validateObject(o, ctx);
  } catch {
    // Only a hostile object (e.g. a revoked Proxy) gets here.
    return { ok: false, errors: [{ message: BAD_PAYLOAD_MESSAGE }] };
  }
}

/**
 * Signs of an automated submission: the hidden `website` field filled in ('honeypot'), or the form
 * sent sooner than a person could fill it ('too-fast', also when elapsedMs is missing). Null for a payload that is
 * not a plain object (validation refuses it with its own message). Never throws.
 */
export function botSignal(raw: unknown): 'honeypot' | 'too-fast' | null {
  let o: object | null;
  try {
    o = asPlainObject(raw);
  } catch {
    o = null;
  }
  // Not an object at all: validateFeedback answers it with the "bad data" message.
  if (!o) return null;
  const website = own(o, 'website');
  // The page always sends a string; any other non-empty value did not come from it.
  if (typeof website === 'string' ? cleanLine(website) !== '' : website !== undefined && website !== null) {
    return 'honeypot';
  }
  const elapsed = own(o, 'elapsedMs');
  if (typeof elapsed !== 'number' || !Number.isFinite(elapsed) || elapsed < LIMITS.minFillMs) return 'too-fast';
  return null;
}

/** Deeper than any real payload; deeper values count as too large. */
const MAX_DEPTH = 6;

/**
 * A cheap estimate of the payload's JSON length, leaving out the top-level `photos` (checked elsewhere).
 * Counts string and key lengths plus a little per value. Stops counting once past
 * LIMITS.payloadMaxChars; objects nested deeper than MAX_DEPTH, cycles, and objects that throw
 * when read all yield a value above that limit. Never throws.
 */
export function payloadSize(raw: unknown): number {
  const over = LIMITS.payloadMaxChars + 1;
  let total = 0;

  const visit = (v: unknown, depth: number, skipPhotos: boolean): void => {
    if (total > LIMITS.payloadMaxChars) return;
    switch (typeof v) {
      case 'string':
        total += v.length + 2;
        return;
      case 'number':
      case 'bigint':
      case 'boolean':
        total += String(v).length;
        return;
      case 'object':
        break;
      default:
        total += 4; // undefined, functions, symbols: JSON drops or nulls them
        return;
    }
    if (v === null) {
      total += 4;
      return;
    }
    if (depth >= MAX_DEPTH) {
      total += over;
      return;
    }
    total += 2;
    if (Array.isArray(v)) {
      const n = v.length;
      for (let i = 0; i < n && total <= LIMITS.payloadMaxChars; i++) {
        total += 1;
        visit(own(v, String(i)), depth + 1, false);
      }
      return;
    }
    const keys = Object.keys(v);
    for (let i = 0; i < keys.length && total <= LIMITS.payloadMaxChars; i++) {
      const key = keys[i];
      if (skipPhotos && key === 'photos') continue;
      total += key.length + 4;
      visit(own(v, key), depth + 1, false);
    }
  };

  try {
    visit(raw, 0, true);
  } catch {
    return Math.max(total, over);
  }
  return total;
}
