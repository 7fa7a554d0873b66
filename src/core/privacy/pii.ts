/**
 * Removing personal data that citizens write inside free text (phone numbers, e-mail addresses),
 * before the text leaves the responses sheet (reports, digests).
 */

export const PHONE_MASK = '[đã ẩn số điện thoại]';
export const EMAIL_MASK = '[đã ẩn email]';
export const NAME_MASK = '[đã ẩn họ tên]';
export const ADDRESS_MASK = '[đã ẩn địa chỉ]';
export const ID_MASK = '[đã ẩn số giấy tờ]';

/**
 * Identity-card numbers: a 12-digit căn cước (CCCD) number on its own, or a 9- or 12-digit number right after the
 * words CCCD, CMND, CMT, căn cước or chứng minh (with "số", ":" or "là" between). Runs before the phone masks.
 */
const ID_AFTER_WORD =
  /((?:CCCD|CMND|CMT|căn cước(?: công dân)?|chứng minh(?: nhân dân| thư)?|định danh(?: cá nhân)?)\s*(?:số|là|:)?\s*(?:số|là|:)?\s*)(\d{9}|\d{12})(?!\d)/giu;
const CCCD_ALONE = /(?<![\d.,/])0\d{11}(?![\d.,/]\d)/gu;

function maskIds(s: string): string {
  return s.replace(ID_AFTER_WORD, (_m, words: string) => `${words}${ID_MASK}`).replace(CCCD_ALONE, ID_MASK);
}

const L = '\\p{L}\\p{M}\\p{N}';

// E-mail: a local part, then "@" (or a spelled "(at)"/"[at]", or "@" with spaces), then a domain.
// Plain "local@domain" may lack a TLD ("abc@gmail"); the spaced or spelled forms need a dotted domain.
// Scanned from each marker outwards: a single regex over the whole text was slow on long texts.
const EMAIL_HINT = /@|\((?:at|a còng)\)|\[(?:at|a còng)\]/i;
const EMAIL_MARK = /([ \u00A0]?)(@|\((?:at|a còng)\)|\[(?:at|a còng)\])([ \u00A0]?)/giu;
const EMAIL_LOCAL_CHAR = /[\p{L}\p{M}\p{N}._%+-]/u;
const EMAIL_DOMAIN = new RegExp(`[${L}\\-]+(?:\\.[${L}\\-]+)*`, 'uy');

function maskEmails(text: string): string {
  if (!EMAIL_HINT.test(text)) return text;
  let out = '';
  let pos = 0;
  EMAIL_MARK.lastIndex = 0;
  for (let m = EMAIL_MARK.exec(text); m; m = EMAIL_MARK.exec(text)) {
    const markEnd = m.index + m[0].length;
    let start = m.index;
    while (start > pos && EMAIL_LOCAL_CHAR.test(text[start - 1])) start--;
    if (start === m.index) continue;
    EMAIL_DOMAIN.lastIndex = markEnd;
    const d = EMAIL_DOMAIN.exec(text);
    if (!d) continue;
    const spelled = m[1] !== '' || m[3] !== '' || m[2] !== '@';
    if (spelled && d[0].indexOf('.') < 0) continue;
    out += text.slice(pos, start) + EMAIL_MASK;
    pos = markEnd + d[0].length;
    EMAIL_MARK.lastIndex = pos;
  }
  return out + text.slice(pos);
}

// A gap that may sit between two digit groups of one phone number: spaces, one of . - –, parentheses.
const JOINABLE_GAP = /^[ \u00A0]{0,2}\)?[ \u00A0]{0,2}[.\-–]?[ \u00A0]{0,2}\(?[ \u00A0]{0,2}$/;
const PLUS_BEFORE = /(?:\(\s?)?\+\s?\(?\s?$/;
const PAREN_BEFORE = /\(\s?$/;

// Vietnamese numbers: mobiles and old landlines have 10 digits (0 + 9), landlines since 2017 have 11 (02 + 9).
const VN_NATIONAL = /^0(?:[2-9]\d{8}|2\d{9})$/;
// With the country code, the leading 0 is dropped (sometimes kept as "(0)"); "0084" is the dialled form.
const VN_INTERNATIONAL = /^(?:00)?840?(?:[35789]\d{8}|2\d{9})$/;
// After a "+", any plausible international number.
const ANY_INTERNATIONAL = /^[1-9]\d{7,14}$/;

function isPhone(digits: string, plus: boolean): boolean {
  if (plus) return ANY_INTERNATIONAL.test(digits) || VN_INTERNATIONAL.test(digits);
  return VN_NATIONAL.test(digits) || VN_INTERNATIONAL.test(digits);
}

interface Group {
  start: number;
  end: number;
  digits: string;
}

function maskPhones(text: string): string {
  const groups: Group[] = [];
  const re = /\d+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    groups.push({ start: m.index, end: m.index + m[0].length, digits: m[0] });
  }
  if (groups.length === 0) return text;
  const joinable: boolean[] = [];
  for (let i = 0; i + 1 < groups.length; i++) {
    const gap = text.slice(groups[i].end, groups[i + 1].start);
    joinable.push(gap.length <= 6 && JOINABLE_GAP.test(gap));
  }

  const spans: Array<[number, number]> = [];
  let i = 0;
  while (i < groups.length) {
    const before = text.slice(Math.max(0, groups[i].start - 5), groups[i].start);
    const plusM = PLUS_BEFORE.exec(before);
    let digits = '';
    let best = -1;
    for (let j = i; j < groups.length; j++) {
      if (j > i && !joinable[j - 1]) break;
      digits += groups[j].digits;
      if (digits.length > 15) break;
      if (isPhone(digits, plusM !== null)) best = j;
    }
    if (best < 0) {
      i++;
      continue;
    }
    let start = groups[i].start;
    if (plusM) start -= plusM[0].length;
    else {
      const p = PAREN_BEFORE.exec(before);
      if (p) start -= p[0].length;
    }
    let end = groups[best].end;
    const opens = (text.slice(start, end).match(/\(/g) || []).length;
    const closes = (text.slice(start, end).match(/\)/g) || []).length;
    if (opens > closes) {
      const close = /^\s?\)/.exec(text.slice(end));
      if (close) end += close[0].length;
      else if (text[start] === '(') {
        // Unbalanced: leave the opening parenthesis in the text.
        start++;
        while (text[start] === ' ' || text[start] === '\u00A0') start++;
      }
    }
    spans.push([start, end]);
    i = best + 1;
  }
  if (spans.length === 0) return text;
  let out = '';
  let pos = 0;
  for (const [s, e] of spans) {
    out += text.slice(pos, s) + PHONE_MASK;
    pos = e;
  }
  return out + text.slice(pos);
}

/**
 * Replaces Vietnamese phone numbers (mobiles, landlines, +84/84/0084 forms, grouped with spaces, dots,
 * dashes or parentheses) with "[đã ẩn số điện thoại]" and e-mail addresses with "[đã ẩn email]".
 * Ordinary numbers (years, amounts such as 500.000 đồng, house numbers, dates) are kept.
 * The result is NFC. Names, street addresses and ID numbers are not detected here.
 */
export function stripPersonalData(text: string): string {
  const s = String(text ?? '').normalize('NFC');
  return maskPhones(maskEmails(maskIds(s)));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Personal values already known for a record (the sheet's own columns). */
export interface KnownPersonalData {
  name?: string;
  address?: string;
  phone?: string;
  email?: string;
}

/**
 * Replaces the record's own name, address, phone and e-mail where they appear verbatim (ignoring case)
 * in its text, e.g. "Tôi là Nguyễn Văn An, ở 12 ngõ 34 …". Values shorter than 5 characters without a
 * space are skipped, so that a short name like "An" does not eat "an toàn".
 */
export function redactKnownValues(text: string, known: KnownPersonalData): string {
  let s = String(text ?? '').normalize('NFC');
  const items: Array<[string | undefined, string]> = [
    [known.email, EMAIL_MASK],
    [known.phone, PHONE_MASK],
    [known.address, ADDRESS_MASK],
    [known.name, NAME_MASK],
  ];
  for (const [value, mask] of items) {
    const v = String(value ?? '')
      .normalize('NFC')
      .trim()
      .replace(/\s+/g, ' ');
    if (v.length < 5 && !v.includes(' ')) continue;
    if (v.length < 3) continue;
    s = replaceKnown(s, v, mask);
  }
  return s;
}

const WORD_CHAR = new RegExp(`[${L}]`, 'u');
const SPACE = /\s/;

function wordCharBefore(s: string, i: number): boolean {
  if (i <= 0) return false;
  const lowSurrogate = i >= 2 && /[\uDC00-\uDFFF]/.test(s[i - 1]) && /[\uD800-\uDBFF]/.test(s[i - 2]);
  return WORD_CHAR.test(lowSurrogate ? s.slice(i - 2, i) : s[i - 1]);
}

function wordCharAt(s: string, i: number): boolean {
  if (i >= s.length) return false;
  const cp = s.codePointAt(i)!;
  return WORD_CHAR.test(String.fromCodePoint(cp));
}

/**
 * Replaces every occurrence of `value` (single-spaced, NFC) in `s`, ignoring case, where any run of whitespace in `s`
 * matches a space of `value` and no letter, mark or digit touches either end. Searches with indexOf: a RegExp built
 * per value with Unicode-class lookarounds costs about a millisecond to compile, which made reports over thousands of
 * rows take tens of seconds.
 */
function replaceKnown(s: string, value: string, mask: string): string {
  const lower = s.toLowerCase();
  const parts = value.toLowerCase().split(' ');
  if (lower.length !== s.length || parts.join(' ').length !== value.length) {
    // Lower-casing changed the length (rare letters such as İ): positions would not line up, use the RegExp.
    const body = escapeRegExp(value).replace(/ /g, '\\s+');
    return s.replace(new RegExp(`(?<![${L}])${body}(?![${L}])`, 'giu'), mask);
  }
  let out = '';
  let pos = 0;
  let from = 0;
  for (;;) {
    const start = lower.indexOf(parts[0], from);
    if (start < 0) break;
    let end = start + parts[0].length;
    let ok = true;
    for (let k = 1; k < parts.length && ok; k++) {
      let j = end;
      while (j < s.length && SPACE.test(s[j])) j++;
      ok = j > end && lower.startsWith(parts[k], j);
      end = j + parts[k].length;
    }
    if (ok && !wordCharBefore(s, start) && !wordCharAt(s, end)) {
      out += s.slice(pos, start) + mask;
      pos = end;
      from = end;
    } else {
      from = start + 1;
    }
  }
  return pos === 0 ? s : out + s.slice(pos);
}
