/**
 * The status column as the box reads it. Staff type statuses by hand in the Sheet, so "đã trả lời", " ĐÃ TRẢ LỜI ",
 * "Đã  trả lời" or a decomposed (NFD) spelling are the box's "Đã trả lời": every reader of the column (rows to
 * records, reports, Thống kê, the results page, the lookup, the staff tools, deadlines) compares through
 * canonicalStatus. Letters and diacritics are never guessed: "Da tra loi" stays an unknown status, which the staff
 * check answers with a suggestion.
 */
import { FEEDBACK_STATUSES } from '../../shared/types';

/** Spaces of any kind, and the invisible ones a paste brings along. */
const SPACES = /[\s\u200b-\u200d\u2060\ufeff]+/g;

/** What two spellings of one status share: NFC, lower case, without spaces. */
function statusKey(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(SPACES, '');
}

const BY_KEY: ReadonlyMap<string, string> = new Map(FEEDBACK_STATUSES.map((s) => [statusKey(s), s]));

function cleaned(raw: unknown): string {
  if (raw === null || raw === undefined) return '';
  return String(raw).normalize('NFC').replace(SPACES, ' ').trim();
}

/**
 * One of FEEDBACK_STATUSES when `raw` differs from it only by letter case, spaces or Unicode form; otherwise the text
 * in NFC with its spaces trimmed and collapsed ('' for an empty cell), for the caller to treat as unknown.
 */
export function canonicalStatus(raw: unknown): string {
  const text = cleaned(raw);
  return BY_KEY.get(statusKey(text)) ?? text;
}

/** Whether `raw` reads as one of FEEDBACK_STATUSES (an empty cell does not). */
export function isKnownStatus(raw: unknown): boolean {
  return BY_KEY.has(statusKey(cleaned(raw)));
}
