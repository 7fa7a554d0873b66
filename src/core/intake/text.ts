/**
 * Text cleaning for everything people type into the form.
 * Runs on the server (Apps Script V8) and in tests; no host APIs beyond String.prototype.normalize.
 */

/** True for code units dropped outright: controls (except \n), zero-width, invisible fillers and bidi controls. */
function isDropped(c: number): boolean {
  if (c < 0x20) return c !== 0x0a; // \t and \r are rewritten before this check
  if (c < 0x7f) return false;
  if (c <= 0x9f) return true; // DEL and C1 controls
  switch (c) {
    case 0x00ad: // soft hyphen
    case 0x034f: // combining grapheme joiner
    case 0x061c: // Arabic letter mark
    case 0x115f: // Hangul choseong filler
    case 0x1160: // Hangul jungseong filler
    case 0x17b4: // Khmer inherent vowels, invisible
    case 0x17b5:
    case 0x180e: // Mongolian vowel separator
    case 0x200b: // zero-width space
    case 0x200c: // zero-width non-joiner
    case 0x200d: // zero-width joiner
    case 0x200e: // LRM
    case 0x200f: // RLM
    case 0x2060: // word joiner
    case 0x3164: // Hangul filler
    case 0xfeff: // BOM / zero-width no-break space
    case 0xffa0: // halfwidth Hangul filler
      return true;
  }
  return (
    (c >= 0x202a && c <= 0x202e) || // bidi embeddings and overrides
    (c >= 0x2061 && c <= 0x2064) || // invisible operators
    (c >= 0x2066 && c <= 0x2069) // bidi isolates
  );
}

/**
 * Removes invisible and control characters and lone surrogates in one linear pass.
 * \r\n and \r become \n, \t becomes a space; U+2028/U+2029 become \n so they cannot
 * break JavaScript or hide a line break from the whitespace rules below.
 */
function stripInvisible(s: string): string {
  let out = '';
  let runStart = 0; // start of the current run of kept code units
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    let replacement: string | null = null;
    let skip = 1;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++; // a valid pair: keep both units
        continue;
      }
      replacement = ''; // lone high surrogate
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      replacement = ''; // lone low surrogate
    } else if (c === 0x0d) {
      replacement = '\n';
      if (i + 1 < n && s.charCodeAt(i + 1) === 0x0a) skip = 2;
    } else if (c === 0x09) {
      replacement = ' ';
    } else if (c === 0x2028 || c === 0x2029) {
      replacement = '\n';
    } else if (c === 0x2800) {
      replacement = ' '; // Braille blank: looks like a space, counts as one
    } else if (isDropped(c)) {
      replacement = '';
    }
    if (replacement !== null) {
      out += s.slice(runStart, i) + replacement;
      i += skip - 1;
      runStart = i + 1;
    }
  }
  return runStart === 0 ? s : out + s.slice(runStart);
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
  if (typeof s !== 'string') return 0;
  let count = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}
