/**
 * Text cleaning for everything people type into the form.
 * Runs on the server (Apps Script V8) and in tests; no host APIs beyond String.prototype.normalize.
 */

/**
 * Everything stripInvisible rewrites, found in one left-to-right pass. A valid surrogate pair is matched whole (and
 * kept), so only a lone surrogate reaches the last class. \r\n, \r and U+2028/U+2029 become \n, so they cannot break
 * JavaScript or hide a line break from the whitespace rules below; \t and the Braille blank (it looks like a space)
 * become a space. Dropped outright: controls other than \n, DEL and the C1 controls, the soft hyphen, the Arabic letter
 * mark, the Mongolian vowel separator, zero-width characters, LRM/RLM, bidi embeddings, overrides and isolates, the
 * word joiner and invisible operators, the Hangul fillers, the BOM, lone surrogates, and (written outside the class,
 * being combining or Jamo) the combining grapheme joiner and Khmer's invisible inherent vowels.
 */
const SPECIAL =
  // eslint-disable-next-line no-control-regex
  /([\ud800-\udbff][\udc00-\udfff])|(\r\n?|[\u2028\u2029])|([\t\u2800])|[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u3164\ufeff\uffa0\ud800-\udfff]|\u034f|\u115f|\u1160|\u17b4|\u17b5/g;

/** Removes invisible and control characters and lone surrogates (linear: one regular-expression pass). */
function stripInvisible(s: string): string {
  return s.replace(SPECIAL, (_m, pair?: string, newline?: string, space?: string) => pair || (newline ? '\n' : space ? ' ' : ''));
}

/**
 * Cleans free text (the opinion itself): invisible/control characters out, NFC, no trailing
 * spaces on lines, at most one blank line in a row, trimmed. Non-strings become ''.
 */
export function cleanMultiline(v: unknown): string {
  if (typeof v !== 'string') return '';
  // Strip before NFC so that a mark separated from its base by an invisible character still composes.
  const s = stripInvisible(v).normalize('NFC');
  // Per-line trimEnd rather than /\s+$/gm, which is quadratic on long runs of spaces.
  const lines = s.split('\n');
  for (let i = 0; i < lines.length; i++) lines[i] = lines[i].trimEnd();
  return lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Cleans a one-line field: like cleanMultiline, then every whitespace run (newlines too) becomes one space. */
export function cleanLine(v: unknown): string {
  if (typeof v !== 'string') return '';
  return stripInvisible(v).normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** Length in code points, which is what the page's live counter shows and what the limits mean. */
export function charCount(s: string): number {
  // A surrogate pair is one code point; a lone surrogate counts as one, as it is.
  return typeof s === 'string' ? s.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ' ').length : 0;
}
