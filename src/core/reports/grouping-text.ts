/**
 * The words and terms of one opinion for the grouping: folding, function words, typing repairs, names and
 * places (step 1 and the terms of step 3 in ./grouping.ts).
 */

import { lazy } from '../common/lazy';
import { foldVietnamese } from '../staff/similarity';
import { cueWords } from './concepts';

/** Words read per opinion; longer texts are cut (a 4,000-character opinion has about 900). */
export const MAX_WORDS = 600;

export function clean(s: unknown): string {
  return String(s ?? '')
    .normalize('NFC')
    .trim()
    .replace(/\s+/g, ' ');
}

export function isDate(v: unknown): v is Date {
  // Not instanceof: Dates may come from another realm (sheet values, test sandboxes).
  return Object.prototype.toString.call(v) === '[object Date]' && !isNaN((v as Date).getTime());
}

export function codeKey(code: unknown): string {
  return clean(code).toUpperCase();
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

// ---- Words and terms ----

/**
 * Vietnamese function words and the formulas of a complaint ("đề nghị phường sớm giải quyết"), spelt with their
 * diacritics, because folding first would lose words that matter: "tối" (dark) folds like "tôi" (I), "đèn" (lamp)
 * like "đến" (to), "chợ" (market) like "cho" (for), "ổ" (hole, of "ổ gà") like "ở" (at).
 */
export const STOP_ACCENTED: () => ReadonlySet<string> = lazy(
  () =>
    new Set(
      (
        'à ạ ai anh ấy bà bác bạn bên bị các cả cái cạnh càng cần chỉ chị cho chỗ chú chúng chưa có cô của cũng cứ cuối ' +
        'đã đang đây để đề đến đều đi đó đoạn được gần gấp gì giờ giữa hay hãy hết hiện họ hoặc hơn khi không khu kia kính ' +
        'là lại lắm làm lâu lên luôn lúc mà mấy mình mỗi mong một muốn nay này nào nên nếu ngày ngoài người nhà nhé nhiều ' +
        'những như nơi nữa ơi ông ở phía phường quá ra rằng rất rồi sau sẽ số sớm tại thế thì thôi tôi trên trong trước ' +
        'từ tuần và vài vào vẫn về vì việc với vực xin xử lý giải quyết khắc phục kiểm tra gửi nghị dân ủy ban ubnd chính ' +
        'quyền em phản tình trạng thường xuyên hôm tháng năm con bảo kêu mãi hoài chẳng chả đâu sao thật vậy bữa hổm rày đợt ' +
        'dạo tụi bọn thằng ổng bả mọi lãnh đạo chí kính cháu cụ thấy biết nói quan tâm trân trọng xem xét chỉ nhân cấp tuổi ' +
        'cảm ơn cám ơn nhận'
      ).split(' '),
    ),
);

/**
 * Folded forms that are function words in one spelling but common content words in another: in a text written
 * without diacritics they stay content words ("toi" may be "tối" dark, "den" "đèn" lamp, "cho" "chợ" market,
 * "o" "ổ" of "ổ gà", "sau" "sâu" deep, "thoi" "thối" stinking, "ban" "bán" selling, "cua" "cửa" shop, "bao" "bão"
 * storm, "mai" "mái" roof, "vay" "vay" borrow, "con" "cơn" of rain, "thang" "thang" lift, "tui" "túi" bag, "dot"
 * "đốt" burn, "thay" "thay" replace, "dong" "đọng" stagnant).
 */
export const PLAIN_CONTENT: () => ReadonlySet<string> = lazy(
  () => new Set('toi den cho o sau thoi ban cua bao mai vay con thang tui dot thay dong on'.split(' ')),
);

let stopPlainBuilt: ReadonlySet<string> | null = null;
/** Function words as written in a text without any diacritics: every folded stop word except PLAIN_CONTENT (built on first use). */
export function stopPlain(): ReadonlySet<string> {
  return (stopPlainBuilt ??= new Set(
    Array.from(STOP_ACCENTED())
      .map((w) => foldVietnamese(w))
      .filter((f) => !PLAIN_CONTENT().has(f)),
  ));
}

/**
 * Folded nouns that head the name or number of a place ("đường Trần Phú", "ngõ 21", "cầu", "chợ"). Alone or
 * with a name or a number they say where a problem is; with another word they still count in full ("đèn đường",
 * "mặt đường").
 */
export const PLACE_NOUNS: () => ReadonlySet<string> = lazy(() => new Set('duong pho ngo ngach hem kiet cau cho thon xom ap'.split(' ')));

export interface Word {
  /** Folded spelling. */
  f: string;
  /** Spelling in the text, lower case (the folded part when a written word folds to several). */
  s: string;
  /** A function word. */
  stop: boolean;
  /** Capital initial in the middle of a sentence, in a text not written in capitals. */
  name: boolean;
  /** Lower-case initial, in a text not written in capitals. */
  lower: boolean;
  /** Among words written without diacritics (see PLAIN_WINDOW): a bare word here may stand for an accented one. */
  plain: boolean;
}

/** True when a text carries a Vietnamese diacritic or đ (then a plain word in it is exactly that word). */
export function hasDiacritics(s: string): boolean {
  return /[\p{M}đĐ]/u.test(s.normalize('NFD'));
}

export interface Folding {
  /** The written word (lower case), repaired (see repairWord). */
  lowered: string;
  parts: string[];
  stopAccented: boolean;
  stopPlain: boolean;
}

/**
 * Short forms of chat and quick typing, as written (lower case): "ko" is "không", "dc" "được", "nc" "nước".
 * Only forms that stand for one word and mean nothing else in a complaint.
 */
export const SHORT_FORMS: () => ReadonlyMap<string, string> = lazy(
  () =>
    new Map(
      (
        'ko=không k=không kg=không khg=không hok=không hông=không dc=được đc=được dk=được đk=được ng=người ngta=người ' +
        'nc=nước vs=với r=rồi j=gì wa=quá qa=quá bik=biết bít=biết cx=cũng cg=cũng trc=trước ns=nói mk=mình mik=mình ' +
        'z=vậy v=vậy bh=bao giờ lm=làm ck=chồng vk=vợ nhg=nhưng nma=nhưng'
      )
        .split(' ')
        .map((e) => e.split('=') as [string, string]),
    ),
);

/**
 * A written word (lower case) put right where typing went wrong in a common way, or as written:
 * - a letter held down ("quáaaa", "tối ommm", "ồnnnn"): a run of three or more letters that fold alike keeps its
 *   first (Vietnamese never writes three alike in a row);
 * - a short form of SHORT_FORMS;
 * - a Telex tone key left at the end ("racs", "ngapj", "denf"): no Vietnamese syllable ends in s, f, r, x or j, so
 *   when the word without it is a word of the lexicon and the word itself is not, it is dropped.
 */
export function repairWord(lowered: string): string {
  let w = lowered;
  if (w.length >= 3 && /(.)\1\1/.test(foldVietnamese(w))) {
    const chars = Array.from(w);
    const base = chars.map((c) => foldVietnamese(c));
    const kept: string[] = [];
    for (let k = 0; k < chars.length; k++) {
      let run = 1;
      while (k + run < chars.length && base[k + run] === base[k] && base[k] !== '') run++;
      kept.push(chars[k]);
      if (run >= 3) k += run - 1;
      else if (run === 2) {
        kept.push(chars[k + 1]);
        k++;
      }
    }
    w = kept.join('');
  }
  const short = SHORT_FORMS().get(w);
  if (short) return short;
  if (/^[a-z]{3,}[sfrxj]$/.test(w) && !cueWords().has(w) && cueWords().has(w.slice(0, -1))) return w.slice(0, -1);
  return w;
}

/** Folding of one written word (lower case), cached per period: a month repeats the same few thousand words. */
export function foldWord(written: string, cache?: Map<string, Folding>): Folding {
  let f = cache?.get(written);
  if (!f) {
    const lowered = repairWord(written);
    const folded = foldVietnamese(lowered);
    f = {
      lowered,
      parts: folded ? folded.split(' ') : [],
      stopAccented: STOP_ACCENTED().has(lowered),
      stopPlain: stopPlain().has(lowered),
    };
    cache?.set(written, f);
  }
  return f;
}

export const SENTENCE_END = /[.!?…:;]/;
// Unicode-property patterns are made on first use (see lazy).
export const UPPER_INITIAL = lazy(() => /^\p{Lu}/u);
export const LOWER_INITIAL = lazy(() => /^\p{Ll}/u);
export const ALL_CAPS = lazy(() => /^\p{Lu}[\p{Lu}\p{M}\p{N}]*\p{Lu}[\p{Lu}\p{M}\p{N}]*$/u);

/**
 * A word is read among words written without diacritics when, of the PLAIN_WINDOW words on either side of it and
 * itself (numbers aside), fewer than PLAIN_SHARE carry any. So an opinion typed without diacritics inside a
 * formal frame ("Kính gửi Ủy ban… den duong hong… Xin cảm ơn.") is read as such where it is.
 */
export const PLAIN_WINDOW = 4;
export const PLAIN_SHARE = 0.3;

/** Per character other than ASCII: 0 not a letter, 1 a letter, 2 a capital letter. */
const LETTER_KIND = new Map<string, number>();
const IS_LETTER = lazy(() => /^\p{L}$/u);
const IS_CAPITAL = lazy(() => /^\p{Lu}$/u);

/**
 * The UTF-16 length of a text's letters (\p{L}) and of its capital letters (\p{Lu}): what removing every other
 * character would leave, counted in one pass (a whole month's texts are read once per report).
 */
export function letterCounts(src: string): [number, number] {
  let letters = 0;
  let capitals = 0;
  for (let k = 0; k < src.length; k++) {
    const c = src.charCodeAt(k);
    if (c < 128) {
      if (c >= 97 && c <= 122) letters++;
      else if (c >= 65 && c <= 90) {
        letters++;
        capitals++;
      }
      continue;
    }
    let ch = src[k];
    if (c >= 0xd800 && c <= 0xdbff && k + 1 < src.length) {
      const d = src.charCodeAt(k + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        ch = src.slice(k, k + 2);
        k++;
      }
    }
    let kind = LETTER_KIND.get(ch);
    if (kind === undefined) {
      kind = IS_LETTER().test(ch) ? (IS_CAPITAL().test(ch) ? 2 : 1) : 0;
      LETTER_KIND.set(ch, kind);
    }
    if (kind > 0) {
      letters += ch.length;
      if (kind === 2) capitals += ch.length;
    }
  }
  return [letters, capitals];
}

/** The words of a text, folded and marked. */
export function words(text: string, cache?: Map<string, Folding>): Word[] {
  const out: Word[] = [];
  const marked: boolean[] = [];
  const folds: Folding[] = [];
  const clause: number[] = [];
  let clauseNo = 0;
  const src = String(text ?? '').normalize('NFC');
  const [letters, capitals] = letterCounts(src);
  const shouting = letters > 0 && capitals > letters / 2;
  let end = 0; // end of the previous word
  for (const match of src.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
    const orig = match[0];
    const at = match.index ?? 0;
    // Mid-sentence: something other than blanks comes before, and the last such character ends no sentence.
    let last = '';
    for (let c = at - 1; c >= end; c--) {
      if (!/\s/.test(src[c])) {
        last = src[c];
        break;
      }
    }
    const midSentence = last ? !SENTENCE_END.test(last) : end > 0;
    if (last && SENTENCE_END.test(src.slice(end, at))) clauseNo++;
    end = at + orig.length;
    const folding = foldWord(orig.toLowerCase(), cache);
    const lowered = folding.lowered;
    if (folding.parts.length === 0) continue;
    // A name is written with a capital initial and small letters after it ("Lê Lợi", "C3"); a word all in
    // capitals in a text that is not is emphasis ("ĐÈN ĐƯỜNG HỎNG" followed by "Mong các cấp…").
    const name = !shouting && midSentence && UPPER_INITIAL().test(orig) && !ALL_CAPS().test(orig);
    const lower = !shouting && LOWER_INITIAL().test(orig);
    for (const f of folding.parts) {
      const s = folding.parts.length === 1 ? lowered : f;
      out.push({ f, s, stop: false, name, lower, plain: false });
      marked.push(s !== f);
      clause.push(clauseNo);
      folds.push(folding);
      if (out.length >= MAX_WORDS) break;
    }
    if (out.length >= MAX_WORDS) break;
  }
  // Plain context, from running counts of lettered and marked words.
  const lettered = new Int32Array(out.length + 1);
  const withMarks = new Int32Array(out.length + 1);
  for (let k = 0; k < out.length; k++) {
    const isNumber = /^\d+$/.test(out[k].f);
    lettered[k + 1] = lettered[k] + (isNumber ? 0 : 1);
    withMarks[k + 1] = withMarks[k] + (marked[k] ? 1 : 0);
  }
  for (let k = 0; k < out.length; k++) {
    let from = Math.max(0, k - PLAIN_WINDOW);
    let to = Math.min(out.length, k + PLAIN_WINDOW + 1);
    while (clause[from] !== clause[k]) from++;
    while (clause[to - 1] !== clause[k]) to--;
    const w = out[k];
    w.plain = withMarks[to] - withMarks[from] < PLAIN_SHARE * (lettered[to] - lettered[from]);
    // Function words are recognised on the accented spelling, or on the folded one among plain words.
    w.stop = marked[k] || !w.plain ? folds[k].stopAccented : folds[k].stopPlain;
  }
  return out;
}

/**
 * Terms of a text (content words of two letters or more that are not bare numbers, and pairs of adjacent content
 * words), each with its first spelling in the text.
 */
export function spelledTerms(ws: Word[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let k = 0; k < ws.length; k++) {
    const w = ws[k];
    if (w.stop) continue;
    if (w.f.length > 1 && !out.has(w.f) && !/^\d+$/.test(w.f)) out.set(w.f, w.s);
    const v = ws[k + 1];
    if (v && !v.stop) {
      const pair = w.f + ' ' + v.f;
      if (!out.has(pair)) out.set(pair, w.s + ' ' + v.s);
    }
  }
  return out;
}

/** Unique sorted terms of a text. */
export function termsOf(ws: Word[]): string[] {
  return Array.from(spelledTerms(ws).keys()).sort();
}
