/**
 * Masking the personal data residents type inside an opinion, in the spellings they really use, before the text
 * leaves the committee's inbox (synthesis report, notices, digests, public replies).
 *
 * How it works:
 * 1. The text is folded once: NFKD per character cluster (so full-width digits and "＠" become plain ASCII), lower
 *    case, diacritics removed, đ → d, invisible format characters dropped, every dash a "-", every space a " ".
 *    Each folded code unit remembers the range of original code units it came from, so spans found in the folded
 *    text map back exactly; the output keeps the original text outside masked spans.
 * 2. Detectors find candidate spans in the folded text: e-mail addresses (also "(a)", "[at]", " at ", "a còng",
 *    "chấm", "dot"), Zalo/Facebook links and handles after a keyword, numbers after a keyword (CCCD/CMND, passport,
 *    bank account, a bank's name), phone numbers and ID numbers from runs of digit groups or spelled out in digit
 *    words ("không chín một…"), licence plates, dates of birth after their words ("sinh ngày", "SN"), a mail handle
 *    after its provider's name ("gmail lanhuong88"), anyone's full name after a title or "tôi là" ("ông Nguyễn Văn
 *    Bình"), and the sender's own contact fields.
 *    Dates (also ranges typed without spaces), tracking codes and law numbers are marked as kept first, so digit
 *    groups never chain through them.
 * 3. Overlapping spans are merged and each is replaced by a Vietnamese placeholder. Placeholders already in the text
 *    are protected, so masking twice gives the same text as masking once.
 *
 * Pure TypeScript for Apps Script V8: only String.prototype.normalize and regular expressions, no host APIs.
 * Every regular expression here is linear: no nested quantifiers over overlapping classes.
 */

import { lazy } from '../common/lazy';

/** The kinds of personal data this module masks. */
export type PersonalKind =
  'phone' | 'email' | 'id' | 'insurance' | 'passport' | 'account' | 'plate' | 'name' | 'address' | 'social' | 'birth';

/** The readable placeholder that replaces each kind (NFC). */
export const PLACEHOLDERS: Readonly<Record<PersonalKind, string>> = Object.freeze({
  phone: '[số điện thoại]',
  email: '[email]',
  id: '[số CCCD/CMND]',
  insurance: '[số BHXH/BHYT]',
  passport: '[số hộ chiếu]',
  account: '[số tài khoản]',
  plate: '[biển số xe]',
  name: '[họ tên]',
  address: '[địa chỉ]',
  social: '[liên kết mạng xã hội]',
  birth: '[ngày sinh]',
});

/** The sender's own contact fields, as typed in the form. Any of them may be missing or empty. */
export interface SenderContact {
  name?: string;
  phone?: string;
  email?: string;
  address?: string;
}

/** One span of personal data, as code-unit offsets into the original text (end exclusive). */
export interface PersonalSpan {
  start: number;
  end: number;
  kind: PersonalKind;
}

/**
 * Finds the personal data in `text`, as sorted, non-overlapping spans of the original text.
 * Never throws; a non-string text gives [].
 */
export function findPersonalSpans(text: string, sender?: SenderContact): PersonalSpan[] {
  const t = typeof text === 'string' ? text : '';
  if (t === '') return [];
  const prepared = prepareSender(sender);
  let spans = onePass(t, prepared);
  // A mask can change what its neighbours look like ("123456789fb.com/x": the digits are glued to a letter until the
  // link becomes a placeholder). So the masked text is searched again, and what is found there is added, until
  // nothing new appears: masking the result once more then finds nothing, which makes masking idempotent. Almost
  // every text settles after the first look; the bound only guards against pathological input.
  for (let round = 0; round < MAX_ROUNDS && spans.length > 0; round++) {
    const masked = render(t, spans);
    const more = onePass(masked.text, prepared);
    if (more.length === 0) break;
    spans = mergeSorted(
      spans,
      more.map((sp) => masked.toOriginal(sp)),
    );
  }
  return spans;
}

/**
 * Replaces every span of personal data in `text` with its placeholder, e.g.
 * "Gọi tôi 0912.345.678" → "Gọi tôi [số điện thoại]". Text outside the spans is returned unchanged (not even
 * re-normalised). Idempotent: masking the result again changes nothing. A non-string text gives ''.
 */
export function maskPersonalData(text: string, sender?: SenderContact): string {
  const t = typeof text === 'string' ? text : '';
  const spans = findPersonalSpans(t, sender);
  return spans.length === 0 ? t : render(t, spans).text;
}

/**
 * `text` with each span replaced by its placeholder, in NFC: spans sorted by start, longest first, and a span inside
 * or overlapping one already written is absorbed by it (spans found with different senders may overlap).
 */
export function withPlaceholders(text: string, spans: readonly PersonalSpan[]): string {
  let out = '';
  let pos = 0;
  for (const sp of spans) {
    if (sp.end <= pos) continue;
    if (sp.start >= pos) out += text.slice(pos, sp.start) + PLACEHOLDERS[sp.kind];
    pos = sp.end;
  }
  return (out + text.slice(pos)).normalize('NFC');
}

const MAX_ROUNDS = 8;

function onePass(t: string, sender: Sender): PersonalSpan[] {
  const folded = fold(t);
  return toOriginal(folded, detect(folded, sender));
}

interface Rendered {
  text: string;
  /** Maps a span of the rendered text that lies outside every placeholder back to the original text. */
  toOriginal(sp: PersonalSpan): PersonalSpan;
}

function render(t: string, spans: PersonalSpan[]): Rendered {
  let text = '';
  let pos = 0;
  // For each stretch of original text kept in the output: where it starts in the output and in the original.
  const outStarts: number[] = [];
  const origStarts: number[] = [];
  for (const sp of spans) {
    outStarts.push(text.length);
    origStarts.push(pos);
    text += t.slice(pos, sp.start) + PLACEHOLDERS[sp.kind];
    pos = sp.end;
  }
  outStarts.push(text.length);
  origStarts.push(pos);
  text += t.slice(pos);
  const mapOffset = (o: number): number => {
    let k = outStarts.length - 1;
    while (k > 0 && outStarts[k] > o) k--;
    return origStarts[k] + (o - outStarts[k]);
  };
  return {
    text,
    toOriginal: (sp) => ({ start: mapOffset(sp.start), end: mapOffset(sp.start) + (sp.end - sp.start), kind: sp.kind }),
  };
}

/** Both lists sorted and disjoint from each other: one sorted list. */
function mergeSorted(a: PersonalSpan[], b: PersonalSpan[]): PersonalSpan[] {
  return a.concat(b).sort((x, y) => x.start - y.start);
}

// ---------------------------------------------------------------------------------------------------------------
// Folding with an index map

interface Folded {
  /** The original text. */
  orig: string;
  /** The folded text. */
  f: string;
  /**
   * For each code unit of `f`, the original range [from, to) it came from; null when folding kept every code unit
   * in place (the usual case for NFC Vietnamese), so that folded index i is original index i.
   */
  from: Int32Array | null;
  to: Int32Array | null;
}

/** Original range [start, end) of the folded range [s, e), e > s. */
function origRange(folded: Folded, s: number, e: number): [number, number] {
  return folded.from && folded.to ? [folded.from[s], folded.to[e - 1]] : [s, e];
}

// Unicode-property patterns are made on first use (see lazy).
const COMBINING = lazy(() => /^\p{M}$/u);
const FORMAT_CHAR = lazy(() => /^\p{Cf}$/u);
const WHITESPACE = /^\s$/u;
const WORD_CHAR = lazy(() => /^[\p{L}\p{N}]$/u);
const FOLD_CACHE = new Map<string, string>();
const FOLD_CACHE_MAX = 4096;

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Length in code units of the code point at i (2 for a valid surrogate pair). */
function unitLength(t: string, i: number): number {
  return isHigh(t.charCodeAt(i)) && i + 1 < t.length && isLow(t.charCodeAt(i + 1)) ? 2 : 1;
}

/** True if the code point at i is a combining mark (joins the cluster before it). */
function isMarkAt(t: string, i: number): boolean {
  const c = t.charCodeAt(i);
  if (c < 0x300) return false;
  if (c <= 0x36f) return true;
  // Vietnamese precomposed letters and the rest of Latin: never marks. Saves a regex test on most letters.
  if ((c >= 0x1e00 && c <= 0x1eff) || c < 0x483) return false;
  return COMBINING().test(t.slice(i, i + unitLength(t, i)));
}

/** Folds one cluster (a code point and the combining marks after it). */
function foldCluster(cluster: string): string {
  const cached = FOLD_CACHE.get(cluster);
  if (cached !== undefined) return cached;
  const base = String.fromCodePoint(cluster.codePointAt(0)!);
  let v: string;
  if (FORMAT_CHAR().test(base)) v = '';
  else if (WHITESPACE.test(base)) v = base === '\n' || base === '\r' || base === '\u2028' || base === '\u2029' ? '\n' : ' ';
  else {
    v = cluster
      .normalize('NFKD')
      .toLowerCase()
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .replace(/[đð]/g, 'd')
      .replace(/[\u2010-\u2015\u2212]/g, '-')
      .replace(/\s/g, ' ');
  }
  if (FOLD_CACHE.size >= FOLD_CACHE_MAX) FOLD_CACHE.clear();
  FOLD_CACHE.set(cluster, v);
  return v;
}

function fold(t: string): Folded {
  let f = '';
  const n = t.length;
  // The index map is only built once a cluster folds to something other than one code unit in place.
  let from: Int32Array | null = null;
  let to: Int32Array | null = null;
  let i = 0;
  while (i < n) {
    const c = t.charCodeAt(i);
    let j = i + unitLength(t, i);
    while (j < n && isMarkAt(t, j)) j += unitLength(t, j);
    let v: string;
    if (j === i + 1 && c < 0x80) {
      if (c >= 65 && c <= 90) v = String.fromCharCode(c + 32);
      else if (c === 9) v = ' ';
      else if (c === 13) v = '\n';
      else if ((c < 32 && c !== 10) || c === 127) v = '';
      else v = t[i];
    } else {
      v = foldCluster(t.slice(i, j));
    }
    if (from === null && (v.length !== 1 || j !== i + 1)) {
      from = new Int32Array(n + 16);
      to = new Int32Array(n + 16);
      for (let k = 0; k < i; k++) {
        from[k] = k;
        to[k] = k + 1;
      }
    }
    if (from !== null && to !== null) {
      const at = f.length;
      if (at + v.length > from.length) {
        const size = Math.max(from.length * 2, at + v.length);
        const grownFrom = new Int32Array(size);
        const grownTo = new Int32Array(size);
        grownFrom.set(from);
        grownTo.set(to);
        from = grownFrom;
        to = grownTo;
      }
      for (let k = 0; k < v.length; k++) {
        from[at + k] = i;
        to[at + k] = j;
      }
    }
    f += v;
    i = j;
  }
  return { orig: t, f, from, to };
}

/** Letter or digit at folded index i (false outside the text). */
function isWordAt(f: string, i: number): boolean {
  if (i < 0 || i >= f.length) return false;
  const c = f.charCodeAt(i);
  if (c < 0x80) return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  if (isHigh(c)) return WORD_CHAR().test(f.slice(i, i + 2));
  if (isLow(c)) return i > 0 && WORD_CHAR().test(f.slice(i - 1, i + 1));
  return WORD_CHAR().test(f[i]);
}

/** A letter (not a digit) at folded index i: a name ends where a number glued to it begins ("Lan0912…"). */
function isLetterAt(f: string, i: number): boolean {
  return isWordAt(f, i) && !isDigitAt(f, i);
}

function isAsciiLetterAt(f: string, i: number): boolean {
  if (i < 0 || i >= f.length) return false;
  const c = f.charCodeAt(i);
  return c >= 97 && c <= 122;
}

function isDigitAt(f: string, i: number): boolean {
  if (i < 0 || i >= f.length) return false;
  const c = f.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/** Folds a short field value the same way as the text (the index map is not needed). */
function foldPlain(s: string): string {
  return fold(s).f;
}

// ---------------------------------------------------------------------------------------------------------------
// Sender fields

interface Sender {
  /** Folded syllables of the name; empty when the name cannot mask anything (fewer than two syllables or 4 letters). */
  syllables: string[];
  /** Folded address tokens; empty when the address is too short to mask as a whole. */
  addressTokens: string[];
  /** Folded e-mail, or ''. */
  email: string;
  /** National significant number of the phone (no 0, 84 or +84), or ''. */
  phone: string;
}

const TOKEN = lazy(() => /[\p{L}\p{N}]+/gu);

function tokens(folded: string): string[] {
  return folded.match(TOKEN()) ?? [];
}

function nationalNumber(digits: string): string {
  let d = digits;
  if (d.startsWith('00')) d = d.slice(2);
  if (d.startsWith('84') && d.length >= 11) d = d.slice(2);
  if (d.startsWith('0')) d = d.slice(1);
  return d;
}

/**
 * Forms of address typed before a name in the form ("Ông Nguyễn Văn An", "Chị Lan Anh"), compared with their accents
 * so that family names spelled alike stay ("Chu", "Cù"). Dropped only while two syllables of the name remain.
 */
const TITLES = new Set(['ông', 'bà', 'anh', 'chị', 'em', 'cô', 'chú', 'bác', 'cụ', 'dì', 'cậu', 'mợ', 'thím', 'cháu']);

/** The most characters of spacing between two words of the sender's name or address that still join them. */
const MAX_SPACING = 12;

/** A run of name syllables shorter than this in letters ("Thị A" has 4) never masks. */
const MIN_NAME_LETTERS = 4;

function prepareSender(sender: SenderContact | undefined): Sender {
  const none: Sender = { syllables: [], addressTokens: [], email: '', phone: '' };
  if (!sender || typeof sender !== 'object') return none;
  const str = (v: unknown): string => (typeof v === 'string' ? v.slice(0, 1000) : '');
  // Name: words without digits, nothing in brackets, no leading form of address ("Ông Nguyễn Văn An (tổ 5)" →
  // nguyen van an). One syllable, or a few letters in all ("A B"), mask nothing.
  const words = str(sender.name)
    .replace(/\([^()]*\)/g, ' ')
    .normalize('NFC')
    .split(/[^\p{L}\p{N}\p{M}]+/u)
    .filter((w) => w !== '');
  while (words.length > 2 && TITLES.has(words[0].toLowerCase())) words.shift();
  const syl = tokens(foldPlain(words.join(' '))).filter((w) => !/\d/.test(w));
  const syllables = syl.length >= 2 && syl.join('').length >= MIN_NAME_LETTERS ? syl : [];
  // Address: as a whole only, and only if it says more than "Tổ 5". The words residents add or drop ("số", "phố")
  // are left out and skipped in the text (findAddress), unless what remains is as short as "5 ngõ 7": that must be
  // typed as the sender typed it, or "tổ 5 ngõ 7" would be their address.
  const all = tokens(foldPlain(str(sender.address)));
  const core = all.filter((w) => !ADDRESS_FILLERS.has(w));
  const letters = (ws: string[]) => ws.reduce((a, w) => a + w.length, 0);
  const addressTokens =
    core.length >= 4 || (core.length >= 2 && letters(core) >= 10)
      ? core
      : all.length >= 2 && (all.length >= 3 || letters(all) >= 10)
        ? all
        : [];
  const email = foldPlain(str(sender.email)).replace(/\s+/g, '');
  const phoneDigits = foldPlain(str(sender.phone)).replace(/\D+/g, '');
  const phone = nationalNumber(phoneDigits);
  return {
    syllables,
    addressTokens,
    email: /^[^@]+@[^@]+$/.test(email) && email.length >= 5 ? email : '',
    phone: phone.length >= 6 && phone.length <= 15 ? phone : '',
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Detection

interface Cand {
  s: number;
  e: number;
  kind: PersonalKind;
  /** Lower wins when two candidates cover exactly the same text. */
  rank: number;
}

const RANK = { email: 0, social: 1, keyword: 2, senderPhone: 3, number: 4, address: 5, name: 6 } as const;

interface Ctx {
  f: string;
  folded: Folded;
  /** 1 where a kept span (date, tracking code, law number) lies: digit groups there never chain. */
  kept: Uint8Array;
  /** 1 inside a placeholder already present in the text. */
  guarded: Uint8Array;
  groups: Group[];
  /** joinable[k]: groups k and k+1 may be one number. */
  joinable: boolean[];
  /**
   * listJoin[k]: groups k and k+1 stand as in a list ("0912, 345, 678" or "03, 05, 07"): one number only when the
   * whole run is a phone number written in groups of three or more digits.
   */
  listJoin: boolean[];
  sender: Sender;
  cands: Cand[];
}

interface Group {
  s: number;
  e: number;
  d: string;
  kept: boolean;
}

function detect(folded: Folded, sender: Sender): Cand[] {
  const f = folded.f;
  const ctx: Ctx = {
    f,
    folded,
    kept: new Uint8Array(f.length),
    guarded: new Uint8Array(f.length),
    groups: [],
    joinable: [],
    listJoin: [],
    sender,
    cands: [],
  };
  markPlaceholders(ctx);
  const hasDigit = /\d/.test(f);
  if (hasDigit) {
    markKept(ctx);
    buildGroups(ctx);
  }
  if (f.indexOf('@') >= 0 || /[([{<] ?(?:at|a ?cong|a) ?[)\]}>]| (?:at|a ?cong) /.test(f)) findEmails(ctx);
  findSocial(ctx);
  findProviderHandles(ctx);
  if (hasDigit) {
    findBirthDates(ctx);
    findKeywordNumbers(ctx);
    scanNumbers(ctx);
    findPlates(ctx);
  }
  findSpelledNumbers(ctx);
  if (sender.email) {
    findLiteral(ctx, sender.email, 'email', RANK.email);
    findSenderEmail(ctx);
  }
  if (sender.addressTokens.length > 0) findAddress(ctx);
  if (sender.syllables.length > 0) findName(ctx);
  findTitledNames(ctx);
  return ctx.cands.filter((c) => c.e > c.s && !touchesGuard(ctx, c.s, c.e));
}

function touchesGuard(ctx: Ctx, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (ctx.guarded[i]) return true;
  return false;
}

function add(ctx: Ctx, s: number, e: number, kind: PersonalKind, rank: number): void {
  ctx.cands.push({ s, e, kind, rank });
}

// --- Placeholders already in the text -------------------------------------------------------------------------

// Folded on first use: folding at load would build the Unicode-property patterns at every execution.
const FOLDED_PLACEHOLDERS = lazy(() => Object.values(PLACEHOLDERS).map((p) => foldPlain(p)));

function markPlaceholders(ctx: Ctx): void {
  const { f } = ctx;
  for (let at = f.indexOf('['); at >= 0; at = f.indexOf('[', at + 1)) {
    for (const p of FOLDED_PLACEHOLDERS()) {
      if (f.startsWith(p, at)) ctx.guarded.fill(1, at, at + p.length);
    }
  }
}

// --- Kept spans -------------------------------------------------------------------------------------------------

// Day/month/year with one separator used twice: 12/10/2024, 5.3.2025, 12-10-24. Not part of a longer digit run,
// but a time may follow after a dash ("05/12/2026-19h45", "12.10.2024-7:30").
const DATE_DMY = /(?<![\d.\-/])(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?!\d)(?![./]\d)(?!-\d(?!\d?[h:g]))/g;
// A range of dates typed without spaces, the year on the last one: 05/12/2026-07/12/2026, 05/12-07/12/2026,
// 05-07/12/2026. Each date alone would be refused (a dash and digits touch it), and the digits together read like a
// phone number (0512202607). Years 19xx/20xx only, so a phone written in dashed pairs never passes for a range.
const DATE_RANGE =
  /(?<![\d.\-/])(\d{1,2})(?:([./-])(\d{1,2})(?:\2((?:19|20)\d\d))?)? ?- ?(\d{1,2})([./-])(\d{1,2})\6((?:19|20)\d\d)(?!\d)(?![./-]\d)/g;
const DATE_YMD = /(?<![\d.\-/])((?:19|20)\d\d)([./-])(\d{1,2})\2(\d{1,2})(?!\d)(?![./-]\d)/g;
// Tracking codes: a short prefix, a dash, seven symbols (GY-7KQ4M2X); found from each dash (see markTrackingCodes).
const TRACKING_SYMBOL = /[2-9a-z]/;
// Numbers of legal documents: 13/2023/NĐ-CP, 91/2025/QH15, 07/2025/QĐ-UBND.
const LAW_NUMBER = /(?<![\d./-])\d{1,5}\/\d{4}\/[a-z]+\d*/g;

function markKept(ctx: Ctx): void {
  const { f, kept } = ctx;
  DATE_DMY.lastIndex = 0;
  for (let m = DATE_DMY.exec(f); m; m = DATE_DMY.exec(f)) {
    const d = Number(m[1]);
    const mo = Number(m[3]);
    if (d >= 1 && d <= 31 && mo >= 1 && mo <= 12) kept.fill(1, m.index, m.index + m[0].length);
  }
  DATE_YMD.lastIndex = 0;
  for (let m = DATE_YMD.exec(f); m; m = DATE_YMD.exec(f)) {
    const mo = Number(m[3]);
    const d = Number(m[4]);
    if (d >= 1 && d <= 31 && mo >= 1 && mo <= 12) kept.fill(1, m.index, m.index + m[0].length);
  }
  DATE_RANGE.lastIndex = 0;
  for (let m = DATE_RANGE.exec(f); m; m = DATE_RANGE.exec(f)) {
    const [, d1, sep1, m1, y1, d2, sep2, m2] = m;
    const dayOk = (d: string): boolean => Number(d) >= 1 && Number(d) <= 31;
    const monthOk = (mo: string | undefined): boolean => mo === undefined || (Number(mo) >= 1 && Number(mo) <= 12);
    // Without a year, the first date shares the last one's separator, and that separator is not the range's dash.
    const firstOk = y1 !== undefined || (sep2 !== '-' && (sep1 === undefined || sep1 === sep2));
    if (dayOk(d1) && monthOk(m1) && dayOk(d2) && monthOk(m2) && firstOk) kept.fill(1, m.index, m.index + m[0].length);
  }
  LAW_NUMBER.lastIndex = 0;
  for (let m = LAW_NUMBER.exec(f); m; m = LAW_NUMBER.exec(f)) kept.fill(1, m.index, m.index + m[0].length);
  markTrackingCodes(ctx);
}

function markTrackingCodes(ctx: Ctx): void {
  const { f, kept } = ctx;
  for (let dash = f.indexOf('-'); dash >= 0; dash = f.indexOf('-', dash + 1)) {
    let s = dash;
    while (s > 0 && dash - s < 6 && isAsciiLetterAt(f, s - 1)) s--;
    if (s === dash || isWordAt(f, s - 1)) continue;
    let e = dash + 1;
    while (e < f.length && e - dash <= 7 && TRACKING_SYMBOL.test(f[e])) e++;
    if (e - dash - 1 === 7 && !isWordAt(f, e)) kept.fill(1, s, e);
  }
}

// --- Digit groups and chains ------------------------------------------------------------------------------------

function buildGroups(ctx: Ctx): void {
  const { f, kept } = ctx;
  // Letters typed for digits are read as the digits they stand for: a word-initial o right before digits
  // ("o912 345 678"), an o, i or l between digits ("09l2", "0o1095…"), an o ending a number ("345 67O"). The group
  // then counts them as 0 and 1, and only a run that is a phone or ID number as a whole becomes one.
  const re = /(?<![\p{L}\p{N}])o(?=\d)\d+(?:[oil]\d+)*(?:o(?![\p{L}\p{N}]))?|\d+(?:[oil]\d+)*(?:o(?![\p{L}\p{N}]))?/gu;
  for (let m = re.exec(f); m; m = re.exec(f)) {
    const s = m.index;
    const e = s + m[0].length;
    let k = false;
    for (let i = s; i < e && !k; i++) k = kept[i] === 1;
    ctx.groups.push({ s, e, d: m[0].replace(/o/g, '0').replace(/[il]/g, '1'), kept: k });
  }
  for (let k = 0; k + 1 < ctx.groups.length; k++) {
    const a = ctx.groups[k];
    const b = ctx.groups[k + 1];
    const near = !a.kept && !b.kept && b.s - a.e <= 4;
    const joins = near && gapJoins(f, a.e, b.s);
    ctx.joinable.push(joins);
    ctx.listJoin.push(near && !joins && /^ ?, ?$/.test(f.slice(a.e, b.s)) && f.slice(a.e, b.s) !== ',');
  }
}

/**
 * Whether the characters between two digit groups can sit inside one number: spaces, brackets, one line break (a
 * number wrapped by the phone's keyboard), and one separator of . - / _ , * | and the middle dots, or the same one
 * twice ("0912 -- 345", "0912..345"). A comma only when no space follows it, so "03, 05, 07" stays a list.
 */
function gapJoins(f: string, s: number, e: number): boolean {
  let punct = '';
  let breaks = 0;
  let comma = -1;
  for (let i = s; i < e; i++) {
    const ch = f[i];
    if (ch === ' ' || ch === '(' || ch === ')' || ch === '[' || ch === ']' || ch === '{' || ch === '}') continue;
    if (ch === '\n') {
      breaks++;
      continue;
    }
    if (NUMBER_SEPARATORS.includes(ch)) {
      punct += ch;
      if (ch === ',') comma = i;
      continue;
    }
    return false;
  }
  if (breaks > 1 || punct.length > 2 || (punct.length === 2 && (punct[0] !== punct[1] || !f.slice(s, e).includes(punct)))) {
    return false;
  }
  return comma < 0 || f[comma + 1] !== ' ';
}

/** What may stand between the digit groups of one number. */
const NUMBER_SEPARATORS = '.-/_,*|\u00b7\u2022\u2027\u2219';

const VN_MOBILE = /^0[35789]\d{8}$/;
const VN_LANDLINE = /^0(?:2\d|1[2-9])\d{8}$/; // 02x landlines, and the old 11-digit 01x mobiles
const VN_WITH_CODE = /^(?:00)?84(?:[35789]\d{8}|2\d{9})$/;
const VN_WITH_CODE_AND_ZERO = /^(?:00)?840(?:[35789]\d{8}|2\d{9})$/;
const INTERNATIONAL = /^[1-9]\d{7,14}$/;
// A money or measure unit right after a number: "500000000 đồng" is an amount, not an ID.
// "ngân hàng" (a bank) folds like "ngàn" (a thousand): only the latter is a unit.
const MONEY_OR_UNIT_AFTER = /^ ?(?:dong|d|vnd|k|nghin|ngan(?! hang)|trieu|ty|usd|\$|%|phan tram|m2|m3|km|kg)(?![a-z0-9])/;

// What is counted right after a number: "123 456 789 người" is a count, not a CMND number (typed without a keyword).
const COUNT_AFTER = /^ ?(?:nguoi|ho(?! ten)|nhan khau|khau|cay|chiec|lit|luot|phieu|cuon|thung|m|cm|mm|ha)(?![a-z0-9])/;

interface ChainInfo {
  digits: string;
  plus: boolean;
  minGroup: number;
  dotOrComma: boolean;
  parenZero: boolean;
  /** Not glued to letters, and not the middle of a longer dotted number such as 1.000.000.000.000. */
  standalone: boolean;
  unitAfter: boolean;
  /** A count noun follows ("người", "hộ"). */
  countAfter: boolean;
}

/** What a run of digit groups is, without any keyword before it; null for an ordinary number. */
function classifyChain(c: ChainInfo, senderPhone: string): PersonalKind | null {
  const d = c.digits;
  if (senderPhone && d.length >= senderPhone.length && d.length <= senderPhone.length + 4 && nationalNumber(d) === senderPhone) {
    return 'phone';
  }
  if (VN_MOBILE.test(d) || VN_LANDLINE.test(d) || VN_WITH_CODE.test(d)) return 'phone';
  if ((c.plus || c.parenZero) && VN_WITH_CODE_AND_ZERO.test(d)) return 'phone';
  if (c.plus && INTERNATIONAL.test(d)) return 'phone';
  if (!c.standalone || c.minGroup < 3 || c.unitAfter) return null;
  // CCCD: 12 digits, starting with the province code 0xx.
  if (d.length === 12 && d[0] === '0') return 'id';
  // CMND: 9 digits, unless it reads as an amount (912.345.678) or a count (123 456 789 người); counts never start with 0.
  if (d.length === 9 && !((c.dotOrComma || c.countAfter) && d[0] !== '0')) return /^[5789]/.test(d) ? 'phone' : 'id';
  return null;
}

/** Index of a "+" right before folded index s (one space between allowed), or -1. A "(" before it is added later. */
function plusBefore(f: string, s: number): number {
  let k = s - 1;
  if (f[k] === ' ') k--;
  if (f[k] !== '+') return -1;
  let p = k - 1;
  while (p >= 0 && f[p] === ' ' && k - p < 3) p--;
  if (isDigitAt(f, p)) return -1; // "12+500" is a kilometre mark, not a prefix
  return k;
}

function countChar(f: string, s: number, e: number, ch: string): number {
  let n = 0;
  for (let i = s; i < e; i++) if (f[i] === ch) n++;
  return n;
}

/** Widens [s, e) over a bracket that the span opens or closes ("(024) 3825 1234", "(+84) 912 …"). */
function balanceBrackets(f: string, s: number, e: number): [number, number] {
  for (const [open, close] of [
    ['(', ')'],
    ['[', ']'],
    ['{', '}'],
  ]) {
    const opens = countChar(f, s, e, open);
    const closes = countChar(f, s, e, close);
    if (closes > opens) {
      let k = s - 1;
      while (k >= 0 && f[k] === ' ' && s - k <= 2) k--;
      if (f[k] === open) s = k;
    } else if (opens > closes) {
      let k = e;
      while (k < f.length && f[k] === ' ' && k - e < 2) k++;
      if (f[k] === close) e = k + 1;
    }
  }
  return [s, e];
}

function chainInfo(ctx: Ctx, i: number, j: number, digits: string, minGroup: number, dotOrComma: boolean, plus: boolean): ChainInfo {
  const { f, groups } = ctx;
  const s = groups[i].s;
  const e = groups[j].e;
  return {
    digits,
    plus,
    minGroup,
    dotOrComma,
    parenZero: j > i && /\(\s?0\s?\)/.test(f.slice(s > 0 ? s - 1 : s, Math.min(e + 1, f.length))),
    standalone:
      !isAsciiLetterAt(f, s - 1) &&
      !isAsciiLetterAt(f, e) &&
      !((f[s - 1] === '.' || f[s - 1] === ',') && isDigitAt(f, s - 2)) &&
      !((f[e] === '.' || f[e] === ',') && isDigitAt(f, e + 1)),
    unitAfter: MONEY_OR_UNIT_AFTER.test(f.slice(e, e + 12)),
    countAfter: COUNT_AFTER.test(f.slice(e, e + 12)),
  };
}

/** Phone numbers and keyword-less ID numbers, from runs of joinable digit groups. Leftmost, then longest. */
function scanNumbers(ctx: Ctx): void {
  const { f, groups, joinable, listJoin } = ctx;
  let i = 0;
  while (i < groups.length) {
    if (groups[i].kept) {
      i++;
      continue;
    }
    const plusAt = plusBefore(f, groups[i].s);
    let digits = '';
    let minGroup = Infinity;
    let dotOrComma = false;
    let listed = false;
    let withYear = false;
    let singles = 0;
    let best = -1;
    let bestKind: PersonalKind | null = null;
    for (let j = i; j < groups.length; j++) {
      if (j > i) {
        if (!joinable[j - 1] && !listJoin[j - 1]) break;
        if (listJoin[j - 1]) listed = true;
        const gap = f.slice(groups[j - 1].e, groups[j].s);
        if (gap.indexOf('.') >= 0 || gap.indexOf(',') >= 0) dotOrComma = true;
      }
      digits += groups[j].d;
      if (digits.length > 15) break;
      // "0 1 2 3 4 5 6 7 8 9" is a count or a list, not a number written in groups.
      if (groups[j].d.length === 1 && ++singles > 2) break;
      minGroup = Math.min(minGroup, groups[j].d.length);
      let kind = classifyChain(chainInfo(ctx, i, j, digits, minGroup, dotOrComma, plusAt >= 0), ctx.sender.phone);
      // Through ", ": only a phone number written from its leading 0 (or the sender's own) in groups of three or more
      // ("0912, 345, 678"), never a list such as "03, 05, 07" or "842, 843, 844, 845".
      if (listed && (kind !== 'phone' || minGroup < 3 || !(digits[0] === '0' || nationalNumber(digits) === ctx.sender.phone))) {
        kind = null;
      }
      // A year among the groups ("091, 2025, 091") makes it a list.
      if (/^(?:19|20)\d\d$/.test(groups[j].d)) withYear = true;
      if (listed && withYear) kind = null;
      if (kind) {
        best = j;
        bestKind = kind;
      }
    }
    if (best < 0 || !bestKind) {
      i++;
      continue;
    }
    const [s, e] = balanceBrackets(f, plusAt >= 0 ? plusAt : groups[i].s, groups[best].e);
    const senderOwn = ctx.sender.phone !== '' && nationalNumber(chainDigits(ctx, i, best)) === ctx.sender.phone;
    add(ctx, s, e, bestKind, senderOwn ? RANK.senderPhone : RANK.number);
    i = best + 1;
  }
}

function chainDigits(ctx: Ctx, i: number, j: number): string {
  let d = '';
  for (let k = i; k <= j; k++) d += ctx.groups[k].d;
  return d;
}

/** Index of the digit group starting at folded index s, or -1 (binary search). */
function groupAt(ctx: Ctx, s: number): number {
  const g = ctx.groups;
  let lo = 0;
  let hi = g.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (g[mid].s === s) return mid;
    if (g[mid].s < s) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

// --- Licence plates -----------------------------------------------------------------------------------------------

// Province code, series (one or two letters, a digit for motorbikes), number: 29A-123.45, 30F 678.90, 51G12345,
// 29-B1 123.45, 29B1-12345, 29LD-123.45. A number of five digits with a dot, or joined to the series by a dash or
// nothing, is a plate wherever it stands; one with four digits (older plates) or after a space only ("20A 12345" may be
// a flat) only after "biển", "BKS" or "xe".
const PLATE = /(?<![a-z0-9.,/-])\d{2} ?-? ?[a-z]{1,2}\d?( ?[-. ]? ?)(\d{3}\.\d{2}|\d{5}|\d{4})(?![a-z0-9]|[.,/-]\d)/g;
const PLATE_KEYWORD = /(?<![a-z])(?:bien(?: so)?(?: xe)?|bien kiem soat|bks|bsx|xe(?: may| o to)?|o to|oto)[ :.]*$/;

function findPlates(ctx: Ctx): void {
  const { f } = ctx;
  PLATE.lastIndex = 0;
  for (let m = PLATE.exec(f); m; m = PLATE.exec(f)) {
    const s = m.index;
    const e = s + m[0].length;
    let [, gap, num] = m;
    if (num.length === 4 && isDigitAt(f, e - 5)) {
      // "51G12345": the series' digit was taken, the five digits are the number.
      num = f.slice(e - 5, e);
      gap = '';
    }
    if (ctx.kept[s] || ctx.guarded[s]) continue;
    const strong = num.length > 4 && (num.indexOf('.') > 0 || gap.indexOf('-') >= 0 || gap === '');
    if (!strong && !PLATE_KEYWORD.test(f.slice(Math.max(0, s - 16), s))) continue;
    add(ctx, s, e, 'plate', RANK.keyword);
  }
}

// --- Numbers spelled out, or typed one digit at a time --------------------------------------------------------------

/** Vietnamese words for the digits, folded ("tư" 4, "lăm"/"nhăm" 5, "linh" 0, "bẩy" 7 as well). */
const DIGIT_WORDS: Readonly<Record<string, string>> = {
  khong: '0',
  linh: '0',
  mot: '1',
  hai: '2',
  ba: '3',
  bon: '4',
  tu: '4',
  nam: '5',
  lam: '5',
  nham: '5',
  sau: '6',
  bay: '7',
  tam: '8',
  chin: '9',
};

interface SpelledToken {
  s: number;
  e: number;
  d: string;
  word: boolean;
}

/**
 * Phone and CCCD numbers written as digit words ("không chín một hai ba bốn năm sáu bảy tám") or one digit at a time
 * ("0 9 1 2 3 4 5 6 7 8"), also mixed with digit groups ("0912 ba bốn năm 678"). Only the shapes of a Vietnamese
 * phone, the sender's own phone or a 12-digit CCCD mask: ordinary counting ("một hai ba lần") never reads as one.
 */
function findSpelledNumbers(ctx: Ctx): void {
  const { f } = ctx;
  const re = /[a-z]+|\d+/g;
  let run: SpelledToken[] = [];
  const flush = (): void => {
    // Nine digits at least, and three digit words among them or nine tokens ("0 9 1 2 3 4 5 6 7 8").
    const words = run.filter((t) => t.word).length;
    if (run.reduce((n, t) => n + t.d.length, 0) >= 9 && (words >= 3 || run.length >= 9)) {
      spelledRun(ctx, run);
    }
    run = [];
  };
  for (let m = re.exec(f); m; m = re.exec(f)) {
    const s = m.index;
    const e = s + m[0].length;
    const word = !isDigitAt(f, s);
    const d = word ? DIGIT_WORDS[m[0]] : m[0];
    if (d === undefined || isWordAt(f, s - 1) || isWordAt(f, e) || ctx.kept[s] || ctx.guarded[s]) {
      flush();
      continue;
    }
    if (run.length > 0 && !spelledGap(f, run[run.length - 1].e, s)) flush();
    run.push({ s, e, d, word });
  }
  flush();
}

/** Spaces and at most one of . , - between two tokens of a spelled number, on one line. */
function spelledGap(f: string, s: number, e: number): boolean {
  if (e - s > 3) return false;
  let punct = 0;
  let breaks = 0;
  for (let i = s; i < e; i++) {
    if (f[i] === ' ') continue;
    // One line break: a number the phone's keyboard wrapped.
    if (f[i] === '\n') breaks++;
    else if (f[i] === '.' || f[i] === ',' || f[i] === '-') punct++;
    else return false;
  }
  return punct <= 1 && breaks <= 1;
}

function spelledRun(ctx: Ctx, run: SpelledToken[]): void {
  if (!run.some((t) => t.word)) {
    // Digit groups alone are the number scan's. One digit at a time, the whole run must be one mobile number (or the
    // sender's own): "0 1 2 3 4 5 6 7 8 9 10 11 12" is a count, and a long one holds every shape.
    const digits = run.map((t) => t.d).join('');
    if (!run.every((t) => t.d.length === 1)) return;
    if (VN_MOBILE.test(digits) || (ctx.sender.phone !== '' && nationalNumber(digits) === ctx.sender.phone)) {
      add(ctx, run[0].s, run[run.length - 1].e, 'phone', RANK.number);
    }
    return;
  }
  let i = 0;
  while (i < run.length) {
    let digits = '';
    let best = -1;
    let kind: PersonalKind | null = null;
    for (let j = i; j < run.length; j++) {
      digits += run[j].d;
      if (digits.length > 15) break;
      const k = spelledKind(digits, ctx.sender.phone);
      if (k) {
        best = j;
        kind = k;
      }
    }
    if (best < 0 || !kind) {
      i++;
      continue;
    }
    add(ctx, run[i].s, run[best].e, kind, RANK.number);
    i = best + 1;
  }
}

function spelledKind(d: string, senderPhone: string): PersonalKind | null {
  if (VN_MOBILE.test(d) || VN_LANDLINE.test(d) || VN_WITH_CODE.test(d)) return 'phone';
  // Nine digit words that make a mobile number without its 0 ("chín một hai…"): no count is spelled that long.
  if (/^[35789]\d{8}$/.test(d)) return 'phone';
  if (senderPhone && d.length >= senderPhone.length && nationalNumber(d) === senderPhone) return 'phone';
  if (d.length === 12 && d[0] === '0') return 'id';
  return null;
}

// --- Numbers after a keyword ------------------------------------------------------------------------------------

const ID_KEYWORD =
  /(?<![a-z0-9])(?:cccd|cmnd|cmtnd|cmt|can cuoc(?: cong dan)?|chung minh(?: nhan dan| thu)?|(?:so |ma )?dinh danh(?: ca nhan)?|id card)(?![a-z])/g;
const ACCOUNT_KEYWORD = /(?<![a-z0-9])(?:so tai khoan|tai khoan(?: ngan hang)?|stk|so tk|tk|account(?: number| no)?)(?![a-z])/g;
// A bank's name before a number: weaker than "STK", so only a number of 8 to 19 digits typed without dots or commas
// masks ("Vietcombank 0011004123456", not "Vietcombank 15.000.000"). "Chuyển khoản 15000000" is an amount: not a keyword.
/**
 * A transfer: "ck", "chuyển khoản (vào|tới|đến|qua)" before an account number: 9 digits or more, not a round amount
 * ("chuyển khoản 15000000", "ck 100000000" are money).
 */
const TRANSFER_KEYWORD = /(?<![a-z0-9])(?:ck|chuyen khoan(?: vao| toi| den| qua)?)(?![a-z])/g;
const BANK_KEYWORD =
  /(?<![a-z0-9])(?:ngan hang|vietcombank|vcb|techcombank|tcb|bidv|agribank|vietinbank|mb(?: ?bank)?|acb|tpbank|vpbank|sacombank|hdbank|shb|ocb|msb|vib|seabank|eximbank)(?![a-z])/g;
const PASSPORT_KEYWORD = /(?<![a-z0-9])(?:ho chieu|passport)(?![a-z])/g;
// A phone word: a landline typed without its area code after it (8 digits, 7 for an old number) is a phone number.
const PHONE_KEYWORD = /(?<![a-z0-9])(?:so dien thoai|dien thoai|sdt|so dt|dt|so may(?: ban)?|may ban|hotline)(?![a-z])/g;
/** Hotlines and service numbers (1800, 1900) are public. */
const SERVICE_NUMBER = /^1[89]00/;
// Social and health insurance: the 10-digit BHXH number, or the BHYT card (two letters, then 13 digits).
const INSURANCE_KEYWORD = /(?<![a-z0-9])(?:bhxh|bhyt|bao hiem (?:xa hoi|y te))(?![a-z])/g;
// C1234567, C-1234567, "C 1234567" (one letter, a space), or digits only.
const PASSPORT_VALUE = /(?<![a-z0-9])(?:(?:[a-z]{1,2}-?|[a-z] )\d{6,8}|\d{7,9})(?![a-z0-9])/;
/** Characters that end the search for a value after a keyword. */
const WINDOW_STOP = /[\n[\]!?;@]/;

/** The folded text after a keyword where its value may stand: up to `max` characters, cut at a stop character. */
function windowAfter(ctx: Ctx, from: number, max: number): number {
  const { f } = ctx;
  const end = Math.min(f.length, from + max);
  for (let k = from; k < end; k++) {
    if (WINDOW_STOP.test(f[k]) || ctx.guarded[k]) return k;
  }
  return end;
}

/** The first digit group in [from, to), as a group index, or -1. */
function firstGroupIn(ctx: Ctx, from: number, to: number): number {
  const { f } = ctx;
  for (let k = from; k < to; k++) {
    if (isDigitAt(f, k)) return isDigitAt(f, k - 1) ? -1 : groupAt(ctx, k);
  }
  return -1;
}

/** The longest run of joinable groups from group i whose digit count passes `ok`; [s, e) or null. */
function chainFrom(
  ctx: Ctx,
  i: number,
  ok: (digits: string) => boolean,
  maxDigits: number,
  ignoreUnitAfter: boolean,
): [number, number] | null {
  const { groups, joinable } = ctx;
  if (i < 0 || groups[i].kept) return null;
  let digits = '';
  let best = -1;
  for (let j = i; j < groups.length; j++) {
    if (j > i && !joinable[j - 1]) break;
    digits += groups[j].d;
    if (digits.length > maxDigits) break;
    if (ok(digits)) best = j;
  }
  if (best < 0) return null;
  if (!ignoreUnitAfter && MONEY_OR_UNIT_AFTER.test(ctx.f.slice(groups[best].e, groups[best].e + 12))) return null;
  return balanceBrackets(ctx.f, groups[i].s, groups[best].e);
}

/**
 * A number of 10 to 19 digits, without dots or commas, ending right before `at` (spaces and an opening bracket
 * between): the account a bank named after it belongs to. [s, e) or null.
 */
function accountBefore(ctx: Ctx, at: number): [number, number] | null {
  const { f, groups, joinable } = ctx;
  let j = groups.length - 1;
  while (j >= 0 && groups[j].e > at) j--;
  if (j < 0 || !/^ ?\(? ?$/.test(f.slice(groups[j].e, at))) return null;
  let i = j;
  while (i > 0 && joinable[i - 1] && j - i < 6) i--;
  for (; i <= j; i++) {
    const digits = groups
      .slice(i, j + 1)
      .map((g) => g.d)
      .join('');
    if (groups.slice(i, j + 1).some((g) => g.kept) || digits.length < 10 || digits.length > 19) continue;
    if (/[.,]/.test(f.slice(groups[i].s, groups[j].e)) || isWordAt(f, groups[i].s - 1)) continue;
    return [groups[i].s, groups[j].e];
  }
  return null;
}

// A date of birth after its words: "sinh ngày 12/03/1948", "ngày sinh: 5-7-1950", "ngày tháng năm sinh của tôi là
// 05.07.50", "sinh ngày 2 tháng 9 năm 1945", and a year alone after "sinh năm", "năm sinh" and "SN" ("SN 1938"). Not
// after "khai sinh", "vệ sinh", "phát sinh", "học sinh", "hy sinh", "giáng sinh" (a date, not a birth). Group 1: the
// words that take only a whole date.
const BIRTH_KEYWORD =
  /(?<![a-z0-9])(?<!(?:khai|ve|phat|hoc|hy|giang|tai) )(?:(sinh ngay|ngay (?:thang nam )?sinh)|sinh nam|nam sinh|sn)(?![a-z0-9])/g;
/**
 * What may stand between the words and the date ("của tôi là", ":"), then the date: day, month and a year of two or
 * four digits with one separator, or "2 thang 9 nam 1945", or (group 8) a year alone, 1900-2099.
 */
const BIRTH_DATE =
  /[ ]*(?:cua (?:toi|em|me|bo|ong|ba|chau|con|minh)[ ]*)?(?:(?::|la|vao)[ ]*)?(?:ngay )?(?:(\d{1,2})([./-])(\d{1,2})\2((?:19|20)\d\d|\d\d)|(\d{1,2}) thang (\d{1,2}),? nam ((?:19|20)\d\d)|((?:19|20)\d\d))(?![\d./-]?\d)/y;
/** After the date, a cohort rather than a person: "trở về trước", "trở lên", "đến 2020", "- 31/12/2020". */
const BIRTH_COHORT = /[ ]*(?:tro (?:ve|len|xuong|di)|ve (?:truoc|sau)|(?:den|toi)(?![a-z])|[-\u2013])/y;

function findBirthDates(ctx: Ctx): void {
  const { f } = ctx;
  BIRTH_KEYWORD.lastIndex = 0;
  for (let m = BIRTH_KEYWORD.exec(f); m; m = BIRTH_KEYWORD.exec(f)) {
    if (ctx.guarded[m.index]) continue;
    BIRTH_DATE.lastIndex = m.index + m[0].length;
    const d = BIRTH_DATE.exec(f);
    if (!d) continue;
    const end = BIRTH_DATE.lastIndex;
    const yearOnly = d[8] !== undefined;
    if (yearOnly && m[1] !== undefined) continue;
    const day = Number(d[1] ?? d[5]);
    const month = Number(d[3] ?? d[6]);
    if (!yearOnly && !(day >= 1 && day <= 31 && month >= 1 && month <= 12)) continue;
    BIRTH_COHORT.lastIndex = end;
    if (BIRTH_COHORT.test(f)) continue;
    // From the first digit: the words before the date stay.
    add(ctx, end - d[0].length + d[0].search(/\d/), end, 'birth', RANK.keyword);
  }
}

/**
 * Each match of the keyword `re` outside a placeholder, with where its window starts and ends (windowAfter, at most
 * `max` characters).
 */
function eachKeyword(ctx: Ctx, re: RegExp, max: number, visit: (m: RegExpExecArray, from: number, to: number) => void): void {
  const { f } = ctx;
  re.lastIndex = 0;
  for (let m = re.exec(f); m; m = re.exec(f)) {
    if (ctx.guarded[m.index]) continue;
    const from = m.index + m[0].length;
    visit(m, from, windowAfter(ctx, from, max));
  }
}

function findKeywordNumbers(ctx: Ctx): void {
  const { f } = ctx;
  const after = (from: number, to: number, ok: (d: string) => boolean, maxDigits: number, ignoreUnitAfter: boolean) =>
    chainFrom(ctx, firstGroupIn(ctx, from, to), ok, maxDigits, ignoreUnitAfter);
  eachKeyword(ctx, ID_KEYWORD, 32, (_m, from, to) => {
    const span = after(from, to, (d) => d.length === 9 || d.length === 12, 12, true);
    if (span) add(ctx, span[0], span[1], 'id', RANK.keyword);
  });
  eachKeyword(ctx, INSURANCE_KEYWORD, 40, (_m, from, to) => {
    const span = after(from, to, (d) => d.length === 10 || d.length === 13, 13, true);
    if (!span) return;
    // The card's two-letter prefix ("DN", "HT"), glued to the digits or one space before them.
    const prefix = /(?<![a-z])[a-z]{2} ?$/.exec(f.slice(Math.max(from, span[0] - 3), span[0]));
    add(ctx, prefix ? span[0] - prefix[0].length : span[0], span[1], 'insurance', RANK.keyword);
  });
  // Every landline in the phone word's window, a list of them too ("SĐT bố 0987…, mẹ 3825 1234").
  eachKeyword(ctx, PHONE_KEYWORD, 48, (_m, from, to) => {
    const landline = (d: string) => (d.length === 8 || d.length === 7) && !SERVICE_NUMBER.test(d);
    for (let g = firstGroupIn(ctx, from, to); g >= 0 && g < ctx.groups.length && ctx.groups[g].s < to; g++) {
      if (g > 0 && ctx.joinable[g - 1] && ctx.groups[g - 1].s >= from) continue;
      const span = chainFrom(ctx, g, landline, 8, false);
      if (span) add(ctx, span[0], span[1], 'phone', RANK.keyword);
    }
  });
  eachKeyword(ctx, ACCOUNT_KEYWORD, 30, (_m, from, to) => {
    const span = after(from, to, (d) => d.length >= 6 && d.length <= 19, 19, false);
    if (span) add(ctx, span[0], span[1], 'account', RANK.keyword);
  });
  eachKeyword(ctx, TRANSFER_KEYWORD, 30, (_m, from, to) => {
    const span = after(from, to, (d) => d.length >= 9 && d.length <= 19 && !d.endsWith('000'), 19, false);
    // Groups of at least 3 digits: "ngày 12 03 2024 15 giờ" is a date and a time.
    if (span && !/[.,]|(?:^|\D)\d{1,2}(?!\d)/.test(f.slice(span[0], span[1]))) add(ctx, span[0], span[1], 'account', RANK.keyword);
  });
  eachKeyword(ctx, BANK_KEYWORD, 30, (m, from, to) => {
    const span = after(from, to, (d) => d.length >= 8 && d.length <= 19, 19, false);
    if (span && !/[.,]/.test(f.slice(span[0], span[1]))) add(ctx, span[0], span[1], 'account', RANK.keyword);
    // The bank named right after the number: "vào 19036543210012 Techcombank", "… (Techcombank)".
    const before = accountBefore(ctx, m.index);
    if (before) add(ctx, before[0], before[1], 'account', RANK.keyword);
  });
  eachKeyword(ctx, PASSPORT_KEYWORD, 32, (_m, from, to) => {
    const v = PASSPORT_VALUE.exec(f.slice(from, to));
    if (!v) return;
    const end = from + v.index + v[0].length;
    if (!MONEY_OR_UNIT_AFTER.test(f.slice(end, end + 12))) add(ctx, from + v.index, end, 'passport', RANK.keyword);
  });
}

// --- E-mail addresses -------------------------------------------------------------------------------------------

// "@" with optional spaces, or a spelled "(at)", "[a]", "{at}", "(a còng)", or " at " / " a còng " between spaces.
const AT_MARK = /[ ]{0,2}(?:@|[([{<][ ]?(?:at|a ?cong|a|@)[ ]?[)\]}>])[ ]{0,2}|[ ]{1,2}(?:at|a ?cong)[ ]{1,2}/g;
// "." with optional spaces, or a spelled "(dot)", "[chấm]", or " dot " / " chấm " between spaces.
const DOT_MARK = /[ ]{0,2}(?:\.|[([{<][ ]?(?:dot|cham|\.)[ ]?[)\]}>])[ ]{0,2}|[ ]{1,2}(?:dot|cham)[ ]{1,2}/y;
const LABEL = /[a-z0-9](?:[a-z0-9-]{0,62})/y;
const TLDS = new Set(
  'com vn net org edu gov info biz io me co us uk jp kr fr de au ca cn ru sg tw hk th la kh xyz online site app dev mobi name asia int email'.split(
    ' ',
  ),
);
const LOCAL_CHAR = /[a-z0-9._%+-]/;
/** Mail providers residents name without their ending: "lan @ gmail", "lan(a)yahoo". */
const MAIL_PROVIDERS = new Set('gmail yahoo hotmail outlook icloud live ymail proton protonmail zoho'.split(' '));

/**
 * A mail handle after its provider's name with no "@" at all: "gmail lanhuong88", "Gmail của tôi: nguyenvanan",
 * "Yahoo là lan_nguyen.hb". Group 1 is what stands between them, group 2 the handle; the handle is taken when it holds
 * a digit, a dot or an underscore, or comes after a colon or "là" ("gmail cho phường" stays).
 */
const PROVIDER_HANDLE =
  /(?<![a-z0-9@.])(?:gmail|yahoo|hotmail|outlook|icloud|ymail)((?:[ ]+cua (?:toi|em|minh|con|chau))?(?:[ ]*(?::|la(?![a-z]))[ ]*|[ ]+))([a-z0-9][a-z0-9._]{2,39})(?![a-z0-9._@])/g;

/**
 * A handle, then its provider and ending with spaces or a spelled dot instead of "@" and ".": "lanhuong88 gmail com",
 * "lan.nguyen gmail chấm com". The handle holds a digit, a dot or an underscore ("không dùng gmail com" stays).
 */
const HANDLE_THEN_PROVIDER =
  /(?<![a-z0-9._@])([a-z0-9][a-z0-9._]{2,39}) (?:gmail|yahoo|hotmail|outlook|icloud|ymail)(?:(?:[ ]?\.[ ]?|[ ](?:cham|dot)[ ]|[ ])(?:com|vn|net))+(?![a-z0-9])/g;

function findProviderHandles(ctx: Ctx): void {
  const { f } = ctx;
  HANDLE_THEN_PROVIDER.lastIndex = 0;
  for (let m = HANDLE_THEN_PROVIDER.exec(f); m; m = HANDLE_THEN_PROVIDER.exec(f)) {
    if (/[0-9._]/.test(m[1])) add(ctx, m.index, m.index + m[0].length, 'email', RANK.email);
  }
  PROVIDER_HANDLE.lastIndex = 0;
  for (let m = PROVIDER_HANDLE.exec(f); m; m = PROVIDER_HANDLE.exec(f)) {
    const between = m[1];
    const handle = m[2].replace(/[.]+$/, '');
    if (handle.length < 3) continue;
    if (!/[0-9._]/.test(handle) && !/:|la/.test(between)) continue;
    const start = m.index + m[0].length - m[2].length;
    add(ctx, start, start + handle.length, 'email', RANK.email);
  }
}

function findEmails(ctx: Ctx): void {
  const { f } = ctx;
  let lastEnd = 0;
  AT_MARK.lastIndex = 0;
  for (let m = AT_MARK.exec(f); m; m = AT_MARK.exec(f)) {
    const markStart = m.index;
    const markEnd = markStart + m[0].length;
    let start = markStart;
    while (start > lastEnd && markStart - start < 64 && LOCAL_CHAR.test(f[start - 1])) start--;
    while (start < markStart && (f[start] === '.' || f[start] === '-')) start++;
    if (start === markStart || !/[a-z0-9]/.test(f.slice(start, markStart))) {
      AT_MARK.lastIndex = markStart + 1;
      continue;
    }
    let plain = m[0] === '@';
    let pos = markEnd;
    let best = -1;
    let labels = 0;
    for (;;) {
      LABEL.lastIndex = pos;
      const l = LABEL.exec(f);
      if (!l) break;
      let labelEnd = pos + l[0].length;
      while (labelEnd > pos && f[labelEnd - 1] === '-') labelEnd--;
      labels++;
      const label = f.slice(pos, labelEnd);
      const hasLetter = /[a-z]/.test(label);
      // A spaced or spelled "@" needs a known ending, or a mail provider's name right after it ("lan @ gmail").
      if (plain ? hasLetter && (labels === 1 || label.length >= 2) : labels >= 2 ? TLDS.has(label) : MAIL_PROVIDERS.has(label)) {
        best = labelEnd;
      }
      if (labels >= 8) break;
      DOT_MARK.lastIndex = labelEnd;
      const dm = DOT_MARK.exec(f);
      if (!dm) break;
      if (dm[0] !== '.') plain = false;
      pos = labelEnd + dm[0].length;
    }
    if (best < 0) {
      AT_MARK.lastIndex = markStart + 1;
      continue;
    }
    // An address typed to dodge filters ("lan chấm nguyen a còng …", "lan . nguyen @ …") spells its local part's dots too.
    add(ctx, m[0] === '@' ? start : localPartStart(f, start, lastEnd), best, 'email', RANK.email);
    lastEnd = best;
    AT_MARK.lastIndex = best;
  }
}

// A label of the local part and a dot spelled or with a space before it, right before what findEmails took as the local
// part: "lan chấm nguyen a còng gmail chấm com", "lan . nguyen @ gmail . com".
const LOCAL_LABEL_BEFORE =
  /(?<![a-z0-9._%+-])[a-z0-9_%+-]{1,32}(?:[ ]{1,2}\.[ ]{0,2}|[ ]{0,2}[([{<][ ]?(?:dot|cham|\.)[ ]?[)\]}>][ ]{0,2}|[ ]{1,2}(?:dot|cham)[ ]{1,2})$/;

/** Where the local part of an e-mail found at `start` begins once its spelled dots are counted (at most 3 more labels). */
function localPartStart(f: string, start: number, lastEnd: number): number {
  let s = start;
  for (let k = 0; k < 3; k++) {
    const from = Math.max(lastEnd, s - 48);
    const m = LOCAL_LABEL_BEFORE.exec(f.slice(from, s));
    if (!m) break;
    s = from + m.index;
  }
  return s;
}

/** Every occurrence of a folded literal (the sender's e-mail) not glued to other address characters. */
function findLiteral(ctx: Ctx, lit: string, kind: PersonalKind, rank: number): void {
  const { f } = ctx;
  for (let at = f.indexOf(lit); at >= 0; at = f.indexOf(lit, at + 1)) {
    const e = at + lit.length;
    if ((at > 0 && LOCAL_CHAR.test(f[at - 1]) && f[at - 1] !== '.') || isWordAt(f, e)) continue;
    add(ctx, at, e, kind, rank);
  }
}

/**
 * The sender's own e-mail in any spelling the generic search may miss: spaces inside it ("lan . nguyen @ gmail .
 * com", "hoa tran@…"), the "@" and dots spelled or bracketed as findEmails reads them. Matched by walking the text
 * from each place the address's first character stands at the start of a word: no pattern is built per sender.
 */
function findSenderEmail(ctx: Ctx): void {
  const { f } = ctx;
  const email = ctx.sender.email;
  const at = email.lastIndexOf('@');
  if (at <= 0 || at >= email.length - 1) return;
  // Residents space or spell the "@" and the dots, not the letters of the provider's name: a text without it holds no
  // spelling of this address, and is not searched.
  const provider = email.slice(at + 1).split('.')[0];
  if (provider.length >= 3 && f.indexOf(provider) < 0) return;
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  for (let p = f.indexOf(local[0]); p >= 0; p = f.indexOf(local[0], p + 1)) {
    if (p > 0 && /[a-z0-9_%+-]/.test(f[p - 1])) continue;
    let q = spelledPart(f, p, local);
    if (q < 0) continue;
    AT_MARK_HERE.lastIndex = q;
    const m = AT_MARK_HERE.exec(f);
    if (!m) continue;
    q = spelledPart(f, q + m[0].length, domain);
    if (q >= 0 && !isWordAt(f, q)) add(ctx, p, q, 'email', RANK.email);
  }
}

/** AT_MARK at one place only. */
const AT_MARK_HERE = new RegExp(AT_MARK.source, 'y');

/**
 * Where `part` (folded, of an e-mail address) ends when it is typed at folded index p, a space allowed between its
 * characters and each dot spelled as DOT_MARK reads it; -1 when it is not there.
 */
function spelledPart(f: string, p: number, part: string): number {
  let q = p;
  for (let k = 0; k < part.length; k++) {
    if (k > 0 && f[q] === ' ' && part[k] !== '.') q++;
    if (part[k] === '.') {
      DOT_MARK.lastIndex = q;
      const d = DOT_MARK.exec(f);
      if (!d) return -1;
      q += d[0].length;
    } else if (f[q] === part[k]) q++;
    else return -1;
  }
  return q;
}

// --- Zalo / Facebook ----------------------------------------------------------------------------------------------

const SOCIAL_LINK =
  /(?<![a-z.])(?:https?:\/\/)?(?:(?:www|m|web|mbasic|chat)\.)?(?:facebook\.com|fb\.com|fb\.me|fb\.watch|m\.me|zalo\.me|messenger\.com|tiktok\.com|instagram\.com)\/[a-z0-9._~%+=&?#/-]*[a-z0-9_/=]/g;
const SOCIAL_KEYWORD = /(?<![a-z0-9])(?:zalo|facebook|fb|face|messenger|tiktok|instagram|telegram|viber)(?![a-z0-9])/g;
// After the keyword: "của tôi", "tên", "là", "nick", "id" and a colon, in any order the residents write them.
const SOCIAL_FILLER = /[ ]*(?:(?:cua (?:toi|em|minh|con|chau)|ten|nick|id|la)(?![a-z0-9])[ ]*){0,3}(:?)[ ]*(?:la[ ]+)?/y;
const HANDLE = /@?[a-z0-9][a-z0-9._-]{1,49}/y;

function findSocial(ctx: Ctx): void {
  const { f, folded } = ctx;
  if (!/zalo|face|fb|m\.me|messenger|tiktok|instagram|telegram|viber/.test(f)) return;
  SOCIAL_LINK.lastIndex = 0;
  for (let m = SOCIAL_LINK.exec(f); m; m = SOCIAL_LINK.exec(f)) {
    add(ctx, m.index, m.index + m[0].length, 'social', RANK.social);
  }
  SOCIAL_KEYWORD.lastIndex = 0;
  for (let m = SOCIAL_KEYWORD.exec(f); m; m = SOCIAL_KEYWORD.exec(f)) {
    if (ctx.guarded[m.index]) continue;
    SOCIAL_FILLER.lastIndex = m.index + m[0].length;
    const filler = SOCIAL_FILLER.exec(f);
    const at = SOCIAL_FILLER.lastIndex;
    const colon = filler !== null && filler[1] === ':';
    HANDLE.lastIndex = at;
    const h = HANDLE.exec(f);
    if (!h) continue;
    let e = at + h[0].length;
    while (e > at && /[._-]/.test(f[e - 1])) e--;
    const handle = f.slice(at, e);
    if (isWordAt(f, e) || /^\d+$/.test(handle.replace(/[._-]/g, ''))) continue; // a phone: left to the number scan
    const marked = handle[0] === '@' || /[._\d]/.test(handle);
    if (!marked && !colon) continue;
    if (handle.replace(/^@/, '').length < 3) continue;
    // A handle has no diacritics in the original: "Facebook: phường …" is a sentence, not a handle.
    const [os, oe] = origRange(folded, at, e);
    const o = folded.orig.slice(os, oe);
    if (/[^\x20-\x7e\uff01-\uff5e]/.test(o)) continue;
    add(ctx, at, marked ? e : displayNameEnd(folded, e), 'social', RANK.social);
  }
}

/**
 * After a plain word taken as a handle after "Zalo:" or "Facebook:", the rest of a display name: up to three more
 * words, each starting with a capital in the original ("Zalo: Lan Hương" is a name as a whole, not "Lan" alone).
 */
function displayNameEnd(folded: Folded, e: number): number {
  const f = folded.f;
  let end = e;
  for (let k = 0; k < 3; k++) {
    if (f[end] !== ' ' || !isLetterAt(f, end + 1)) break;
    let q = end + 1;
    while (isLetterAt(f, q)) q++;
    // A name's word is capitalised, its other letters small ("Hương"): not "STK", nor the prefix of a code "HB-…".
    const [ws, we] = origRange(folded, end + 1, q);
    const word = folded.orig.slice(ws, we);
    const rest = word.slice(1);
    if (word[0] === word[0].toLowerCase() || rest !== rest.toLowerCase() || /[-.:@\d]/.test(f[q] ?? '')) break;
    end = q;
  }
  return end;
}

// --- Sender's name and address ------------------------------------------------------------------------------------

/**
 * Common two-syllable phrases. A run of the sender's name is kept when it is exactly one of these AND does not include
 * the given name (the last syllable): "hòa bình" for "Trần Hòa Bình Minh", "Việt Nam" for "Nguyễn Việt Nam Anh", "Hà
 * Nam" for "Hà Nam Khánh". Such a run is a family or middle name shared by many people, and in running text it is
 * almost always the phrase. A run that includes the given name always masks, even when it is also a common phrase:
 * for "Lê Văn Hóa", "nhà văn hóa" becomes "nhà [họ tên]" — the cost of over-masking a word is a slightly odd report,
 * the cost of under-masking is naming the person, so masking wins.
 */
const COMMON_PAIRS = new Set([
  'van hoa',
  'van minh',
  'van phong',
  'van ban',
  'van de',
  'thi tran',
  'thi xa',
  'thi truong',
  'thi hanh',
  'thi cong',
  'an toan',
  'an ninh',
  'binh an',
  'hoa binh',
  'binh thuong',
  'thanh pho',
  'thanh nien',
  'thanh cong',
  'cong an',
  'cong dan',
  'nhan dan',
  'dan cu',
  'quoc gia',
  'viet nam',
  'ha noi',
  'ha nam',
  'ha tinh',
  'ha giang',
  'thai binh',
  'lam dong',
  'trung tam',
  'minh bach',
  'tan tinh',
  'hanh chinh',
  'phu hop',
  'kien nghi',
  'y kien',
  'thu tuc',
  'quang truong',
]);

/**
 * Skips what may stand between two syllables of a name: spaces (as many as a careless typist leaves, at most one line
 * break among them), or one of _ . - (or nothing).
 */
function afterSyllableGap(f: string, pos: number): number {
  if (f[pos] === ' ' || f[pos] === '\n') {
    let q = pos;
    let breaks = 0;
    while (q < f.length && q - pos < MAX_SPACING && (f[q] === ' ' || (f[q] === '\n' && ++breaks <= 1))) q++;
    return q;
  }
  if (f[pos] === '_' || f[pos] === '.' || f[pos] === '-') return pos + 1;
  return pos;
}

/**
 * The sender's name: the full name, or any run of two or more consecutive syllables of it in the name's order
 * ("Nguyễn Văn", "Văn An", "Thị Lan" for "Nguyễn Văn An" / "Nguyễn Thị Lan"), or the given name before the family
 * name as on social networks ("Lan Nguyễn"). A single syllable never masks ("Lan" is kept, and never masks "lấn").
 * Masking a run also masks it where it is part of someone else's name or a street ("đường Nguyễn Văn Cừ" →
 * "đường [họ tên] Cừ"): the specification protects the sender first. The one exception is COMMON_PAIRS above.
 * Matched accent- and case-insensitively, whole words only, with 1–3 spaces, one of _ . - or nothing between
 * syllables ("NguyenThiLan"). Leftmost run first, then the longest.
 */
function findName(ctx: Ctx): void {
  const { f } = ctx;
  const syl = ctx.sender.syllables;
  const n = syl.length;
  // Where any syllable starts a word: the only places a match can begin.
  const starts: number[] = [];
  for (const w of new Set(syl)) {
    for (let at = f.indexOf(w); at >= 0; at = f.indexOf(w, at + 1)) if (!isLetterAt(f, at - 1)) starts.push(at);
  }
  starts.sort((a, b) => a - b);
  let done = 0;
  for (const p of starts) {
    if (p < done) continue;
    let bestEnd = -1;
    for (let k = 0; k + 1 < n; k++) {
      if (!f.startsWith(syl[k], p)) continue;
      let pos = p + syl[k].length;
      let letters = syl[k].length;
      for (let kk = k + 1; kk < n; kk++) {
        const q = afterSyllableGap(f, pos);
        if (!f.startsWith(syl[kk], q)) break;
        pos = q + syl[kk].length;
        letters += syl[kk].length;
        if (isLetterAt(f, pos) || letters < MIN_NAME_LETTERS || pos <= bestEnd) continue;
        const commonPhrase = kk === k + 1 && kk < n - 1 && COMMON_PAIRS.has(`${syl[k]} ${syl[kk]}`);
        if (!commonPhrase) bestEnd = pos;
      }
    }
    if (bestEnd < 0 && f.startsWith(syl[n - 1], p) && syl[n - 1].length + syl[0].length >= MIN_NAME_LETTERS) {
      // Given name, then family name.
      const q = afterSyllableGap(f, p + syl[n - 1].length);
      if (q > p + syl[n - 1].length && f.startsWith(syl[0], q) && !isLetterAt(f, q + syl[0].length)) bestEnd = q + syl[0].length;
    }
    if (bestEnd > p) {
      add(ctx, p, bestEnd, 'name', RANK.name);
      done = bestEnd;
    }
  }
}

// ---- Someone else's full name after the word residents address them by ----

/** Vietnamese family names, folded: a name found after a title must begin with one. */
const FAMILY_NAMES = new Set(
  (
    'nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly dinh dao doan lam mai trinh truong cao ha ' +
    'luong luu ta trieu kieu quach thai tang lai van chu la khuat nong ton tong hua phung to vuong mac dam diep giang ' +
    'han hong khong kim lac lo loc mach ninh quan thach than thieu tieu vi au'
  ).split(' '),
);
/** Words that introduce a name, folded: "tôi là", "tôi tên", "tên là", "tên tôi (là)", "họ tên:", "họ và tên", "ký tên". */
const NAME_INTRO =
  /(?<![a-z0-9])(?:toi la|(?:toi|em|chau|con|minh) ten(?: la)?|ten (?:(?:toi|em|me|bo|chau|no) )?la|ten (?:toi|em|chau)|ho (?:va )?ten|ky ten)(?![a-z0-9])[ ]*:?[ ]*/y;
/** TITLES folded (a test checks they match): the cheap first test before the written form is compared. */
export const FOLDED_TITLES = new Set('ong ba anh chi co chu bac cu em chau thim mo di cau'.split(' '));
/** TITLES, for that test. */
export const NAME_TITLES: ReadonlySet<string> = TITLES;
/** Places whose name starts as a family name does, folded (two words): after a cue they are a place, not a name. */
const PLACE_NAMES = new Set([
  'ha noi',
  'ha dong',
  'ha nam',
  'ha giang',
  'ha tinh',
  'ha long',
  'ha tien',
  'thai binh',
  'thai nguyen',
  'lam dong',
  'ninh binh',
  'ninh thuan',
  'cao bang',
  'hong kong',
  'mai huong',
  'ho tay',
  'ho guom',
  'kim ma',
  'giang vo',
  'van mieu',
  'lac long',
]);
/** Public figures residents name with a title ("bác Hồ Chí Minh", "anh Võ Nguyên Giáp"), folded: never masked. */
const PUBLIC_FIGURES = new Set(['ho chi minh', 'ton duc thang', 'vo nguyen giap', 'pham van dong', 'le duan', 'truong chinh']);
/** Middle names that let a name typed in lower case count ("lê văn tám"), as written. */
const LOWER_CASE_MIDDLE_WRITTEN = new Set(['văn', 'thị']);
/** The same, folded. */
const LOWER_CASE_MIDDLE = new Set(['van', 'thi']);
/** FAMILY_NAMES as written, lower case, NFC (a test checks each folds to one of them). */
export const FAMILY_NAMES_WRITTEN = new Set(
  (
    'nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đinh đào đoàn lâm mai trịnh trương cao ' +
    'hà lương lưu tạ triệu kiều quách thái tăng lại văn chu la khuất nông tôn tống hứa phùng tô vương mạc đàm diệp ' +
    'giang hàn hồng khổng kim lạc lò lộc mạch ninh quan thạch thân thiều tiêu vi âu'
  ).split(' '),
);
/** FAMILY_NAMES, for that test. */
export const FAMILY_NAMES_FOLDED: ReadonlySet<string> = FAMILY_NAMES;

/**
 * Whether the word (a folded range) is one of `written` as written, or, typed with no diacritics at all, one of
 * `folded` (the same words folded: "nguyen van an").
 */
function writtenAs(ctx: Ctx, word: [number, number], written: ReadonlySet<string>, folded: ReadonlySet<string>): boolean {
  const w = origWord(ctx.folded, word[0], word[1]);
  const plain = ctx.f.slice(word[0], word[1]);
  return written.has(w) || (w === plain && folded.has(plain));
}
const MAX_NAME_WORDS = 4;
/** Words that end a name in a text written all in capitals ("ÔNG NGUYỄN VĂN AN VÀ BÀ …"), as written, lower case. */
const NOT_NAME_WORDS = new Set(
  'và của ở là đã bị cho với thì mà có không đến từ tại nhưng cũng còn này đó ấy vì để về hay hoặc rồi sẽ đang mới ra vào nói gọi xin'.split(
    ' ',
  ),
);

/** The original text of the folded range [s, e), NFC, in lower case. */
function origWord(folded: Folded, s: number, e: number): string {
  const [os, oe] = origRange(folded, s, e);
  return folded.orig.slice(os, oe).normalize('NFC').toLowerCase();
}

/** The original character at folded index i. */
function origChar(folded: Folded, i: number): string {
  return folded.orig[origRange(folded, i, i + 1)[0]] ?? '';
}

function isUpper(ch: string): boolean {
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

/**
 * TITLES typed with no diacritics (their written form has some) that are no everyday word before a place: "Ong
 * Nguyen Van Nam", "chu Tran Binh". A name of two words or more after them, each typed with none too. "ba", "chi",
 * "co", "bac", "cu" are left out: "nga ba Tran Hung Dao", "chi Le Loi", "phia bac Nguyen Trai" name streets.
 */
const PLAIN_TITLES = new Set(['ong', 'chu', 'chau', 'thim']);

/**
 * Whether the folded range [s, e) is one of TITLES as residents write it before a name: in lower case, in capitals, or
 * capitalised where a sentence starts. 'plain': one of PLAIN_TITLES, typed with no diacritics.
 */
function titleAt(ctx: Ctx, s: number, e: number): boolean | 'plain' {
  const [os, oe] = origRange(ctx.folded, s, e);
  const word = ctx.folded.orig.slice(os, oe).normalize('NFC');
  const lower = word.toLowerCase();
  const plain = PLAIN_TITLES.has(lower) && lower === ctx.f.slice(s, e);
  if (!TITLES.has(lower) && !plain) return false;
  const result = plain ? 'plain' : true;
  if (word === lower || (word.length > 1 && word === word.toUpperCase())) return result;
  // "Ông" capitalised: only where a sentence starts ("đường Ông Ích Khiêm" is a street).
  return sentenceStartsAt(ctx, os) ? result : false;
}

/** Whether the original text at `os` starts a sentence: nothing but spaces before it, or after . ! ? : ( " - … */
function sentenceStartsAt(ctx: Ctx, os: number): boolean {
  let k = os - 1;
  while (k >= 0 && (ctx.folded.orig[k] === ' ' || ctx.folded.orig[k] === '\t')) k--;
  return k < 0 || /[.!?:\n("“'-]/.test(ctx.folded.orig[k]);
}

/**
 * Words residents name someone by before their full name, folded: a household and its head ("hộ", "gia đình", "hộ gia
 * đình", "chủ hộ"), a shop or a house and its owner ("hộ kinh doanh", "chủ quán", "chủ nhà"), someone a text is about
 * ("đối tượng", "bệnh nhân").
 */
const HOUSEHOLD_CUES = /(?:ho gia dinh|ho kinh doanh|chu quan|chu nha|chu ho|doi tuong|benh nhan|gia dinh|ho) /y;
/** The same as written (NFC, lower case), with their diacritics: "họ", "hồ" and "già đình" are not them. */
const HOUSEHOLD_WORDS = new Set([
  'hộ',
  'gia đình',
  'hộ gia đình',
  'hộ kinh doanh',
  'chủ quán',
  'chủ nhà',
  'chủ hộ',
  'đối tượng',
  'bệnh nhân',
]);
/** Words that make a household cue plural, folded, right before it. */
const PLURAL_BEFORE = /(?:^|[^a-z0-9])(?:cac|nhung|nhieu|moi|may|mot so|so|tat ca) $/;
/** Words after a household cue that make a title, not a name, folded. */
const NOT_A_HOUSEHOLD_NAME = new Set(['van hoa', 'van minh']);

/**
 * Past a household cue starting at folded index `at` ("hộ Nguyễn Văn An", "gia đình Trần Thị Hoa"), or -1. Like a
 * title, the cue is written in lower case, in capitals, or capitalised where a sentence starts.
 */
function householdCueEnd(ctx: Ctx, at: number): number {
  HOUSEHOLD_CUES.lastIndex = at;
  if (!HOUSEHOLD_CUES.test(ctx.f)) return -1;
  // "các hộ Ngõ Huyện", "nhiều gia đình Lê Lợi": households of a place, not one named by its head.
  if (PLURAL_BEFORE.test(ctx.f.slice(Math.max(0, at - 12), at))) return -1;
  const end = HOUSEHOLD_CUES.lastIndex - 1;
  const [os, oe] = origRange(ctx.folded, at, end);
  const cue = ctx.folded.orig.slice(os, oe).normalize('NFC');
  if (!HOUSEHOLD_WORDS.has(cue.toLowerCase().replace(/\s+/g, ' '))) return -1;
  if (cue === cue.toLowerCase() || cue === cue.toUpperCase()) return end + 1;
  return sentenceStartsAt(ctx, os) ? end + 1 : -1;
}

/** The words (folded ranges) from `pos`: letters only, one space between them, at most MAX_NAME_WORDS. */
function wordsFrom(f: string, pos: number): [number, number][] {
  const out: [number, number][] = [];
  let p = pos;
  while (out.length < MAX_NAME_WORDS && isLetterAt(f, p) && !isLetterAt(f, p - 1)) {
    let e = p;
    while (isLetterAt(f, e)) e++;
    out.push([p, e]);
    if (f[e] !== ' ' || !isLetterAt(f, e + 1)) break;
    p = e + 1;
  }
  return out;
}

/**
 * A full name after a title, a household cue or the words that introduce one: "ông Nguyễn Văn Bình", "bà Trần Thị
 * Hoa", "hộ Phạm Văn Đức", "gia đình Lê Thị Hằng", "tôi là Lê Minh Tuấn", "tên là Đỗ Hùng", "chú lê văn tám". A family name first and two to four words, each capitalised (or, in
 * lower case, "văn" or "thị" second and three words). A given name alone ("chị Hoa") and streets or schools named
 * after someone ("phố Lê Lợi", "trường Chu Văn An") stay.
 */
function findTitledNames(ctx: Ctx): void {
  const { f } = ctx;
  for (let at = 0; at < f.length; at++) {
    if (!isLetterAt(f, at) || isLetterAt(f, at - 1)) continue;
    let nameAt: number;
    NAME_INTRO.lastIndex = at;
    let household = false;
    // After a title typed with no diacritics, the name is typed with none too.
    let plainTitle = false;
    if (NAME_INTRO.test(f)) nameAt = NAME_INTRO.lastIndex;
    else {
      let e = at;
      while (isLetterAt(f, e)) e++;
      const title = f[e] === ' ' && FOLDED_TITLES.has(f.slice(at, e)) ? titleAt(ctx, at, e) : false;
      if (title) {
        nameAt = e + 1;
        plainTitle = title === 'plain';
      } else {
        nameAt = householdCueEnd(ctx, at);
        household = nameAt >= 0;
      }
    }
    if (nameAt < 0 || ctx.guarded[nameAt]) continue;
    const words = wordsFrom(f, nameAt);
    if (words.length < 2 || !FAMILY_NAMES.has(f.slice(words[0][0], words[0][1]))) continue;
    // "Gia đình Văn hóa", "hộ Văn Minh": what a household is called, not who heads it.
    if (household && NOT_A_HOUSEHOLD_NAME.has(f.slice(words[0][0], words[1][1]))) continue;
    // After a household cue, and in lower case, the family name must be one as written ("Ngõ Huyện" and "hộ đó" are
    // not "Ngô", "Đỗ"); in lower case the middle word too ("vẫn" is not "văn").
    const lower = !isUpper(origChar(ctx.folded, words[0][0]));
    if ((household || lower) && !writtenAs(ctx, words[0], FAMILY_NAMES_WRITTEN, FAMILY_NAMES)) continue;
    let n = 0;
    if (!lower) {
      while (
        n < words.length &&
        isUpper(origChar(ctx.folded, words[n][0])) &&
        (n === 0 || !NOT_NAME_WORDS.has(origWord(ctx.folded, words[n][0], words[n][1])))
      )
        n++;
    } else if (words.length >= 3 && writtenAs(ctx, words[1], LOWER_CASE_MIDDLE_WRITTEN, LOWER_CASE_MIDDLE)) {
      n = words.slice(0, 3).every(([ws]) => !isUpper(origChar(ctx.folded, ws))) ? 3 : 0;
    }
    if (plainTitle && words.slice(0, n).some(([ws, we]) => origWord(ctx.folded, ws, we) !== f.slice(ws, we))) continue;
    if (n < 2 || PUBLIC_FIGURES.has(f.slice(words[0][0], words[n - 1][1]))) continue;
    // "Bệnh nhân Hà Nội", "chủ quán Hà Đông": a place, not someone.
    if (PLACE_NAMES.has(f.slice(words[0][0], words[1][1]))) continue;
    add(ctx, words[0][0], words[n - 1][1], 'name', RANK.name);
    at = words[n - 1][1];
  }
}

/**
 * Words residents add to or drop from their own address as they retype it: "12 ngõ 34 Hàng Bông", "số 12 ngõ 34 phố
 * Hàng Bông" and "Số nhà 12, ngõ 34, đường Hàng Bông" are all the address "Số 12 ngõ 34 Hàng Bông"; "tổ dân phố 3"
 * is "tổ 3".
 */
const ADDRESS_FILLERS = new Set(['so', 'nha', 'pho', 'duong', 'dan']);

/**
 * Past the gap after a word (spaces, and up to 3 other characters that are not letters or digits, never a line
 * break), or -1.
 */
function afterAddressGap(f: string, pos: number): number {
  let q = pos;
  let marks = 0;
  while (q < f.length && q - pos < MAX_SPACING && !isWordAt(f, q) && f[q] !== '\n' && (f[q] === ' ' || ++marks <= 3)) q++;
  return q > pos ? q : -1;
}

/** The filler word starting at folded index q, or ''. */
function fillerAt(f: string, q: number): string {
  let e = q;
  while (isAsciiLetterAt(f, e)) e++;
  const w = f.slice(q, e);
  return !isWordAt(f, e) && ADDRESS_FILLERS.has(w) ? w : '';
}

/**
 * The sender's address as a whole, its words in order; filler words (ADDRESS_FILLERS) may stand between them, and a
 * "số" right before it is masked with it. "Đèn trước số 12 ngõ 34" alone is not the address.
 */
function findAddress(ctx: Ctx): void {
  const { f } = ctx;
  const toks = ctx.sender.addressTokens;
  for (let p = f.indexOf(toks[0]); p >= 0; p = f.indexOf(toks[0], p + 1)) {
    if (isWordAt(f, p - 1)) continue;
    let pos = p + toks[0].length;
    let ok = !isWordAt(f, pos);
    for (let k = 1; k < toks.length && ok; k++) {
      let q = afterAddressGap(f, pos);
      if (q >= 0 && slashForAlley(toks, k, f.slice(pos, q)) && f.startsWith(toks[k + 1], q)) k++;
      // At most two filler words between two words of the address.
      for (let skipped = 0; q >= 0 && skipped < 2 && !f.startsWith(toks[k], q); skipped++) {
        const w = fillerAt(f, q);
        q = w ? afterAddressGap(f, q + w.length) : -1;
      }
      ok = q >= 0 && f.startsWith(toks[k], q) && !isWordAt(f, q + toks[k].length);
      pos = q + toks[k].length;
    }
    if (ok) {
      add(ctx, numberWordBefore(f, p), pos, 'address', RANK.address);
      p = pos - 1;
    }
  }
}

/** Words for an alley that residents write as a slash between two numbers: "12/34" for "số 12 ngõ 34". */
const ALLEY_WORDS = new Set(['ngo', 'ngach', 'hem', 'kiet']);

/** Whether `gap` (a slash alone) stands for the alley word toks[k] between two numbers of the address. */
function slashForAlley(toks: readonly string[], k: number, gap: string): boolean {
  return gap.trim() === '/' && ALLEY_WORDS.has(toks[k]) && k + 1 < toks.length && /^\d+$/.test(toks[k - 1]) && /^\d+$/.test(toks[k + 1]);
}

/** The start of "số " right before folded index p ("ở số 12 …" when the address was typed "12 …"), or p. */
function numberWordBefore(f: string, p: number): number {
  let q = p;
  while (q > 0 && p - q < 3 && f[q - 1] === ' ') q--;
  return q < p && f.startsWith('so', q - 2) && !isWordAt(f, q - 3) ? q - 2 : p;
}

// ---------------------------------------------------------------------------------------------------------------
// From folded candidates to original spans

function toOriginal(folded: Folded, cands: Cand[]): PersonalSpan[] {
  if (cands.length === 0) return [];
  const mapped = cands.map((c) => {
    const [start, end] = origRange(folded, c.s, c.e);
    return { start, end, kind: c.kind, rank: c.rank };
  });
  // Leftmost first, then longest, then the stronger kind; overlapping spans are merged into the first one.
  mapped.sort((a, b) => a.start - b.start || b.end - a.end || a.rank - b.rank);
  const out: PersonalSpan[] = [];
  for (const c of mapped) {
    const last = out[out.length - 1];
    if (last && c.start < last.end) {
      if (c.end > last.end) last.end = c.end;
      continue;
    }
    out.push({ start: c.start, end: c.end, kind: c.kind });
  }
  return out;
}
