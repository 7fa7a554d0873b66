/**
 * The pushed file that holds the server code Code.js evaluates only when a function needs it (build/OnDemand.html,
 * read with HtmlService; see src/server/on-demand.ts), the name its stack frames carry, and the checksum that ties it
 * to the Code.js built with it.
 */
export const ON_DEMAND_FILE = 'OnDemand';

/**
 * A checksum of the file's text as the build wrote it: the count of characters and two 32-bit FNV-1a lanes over them.
 * A byte-order mark, the carriage return of each Windows line ending (CR before LF) and trailing whitespace are left
 * out, so a copy that only gained those still runs (it runs the same); a cut, any other change or another build gives another checksum. It guards against a
 * mismatched push, not against an editor of the project (who can change Code.js too), so it need not be a
 * cryptographic digest: one pass over the characters, a few milliseconds where SHA-256 in script took ten times that.
 */
export function onDemandChecksum(text: string): string {
  // Math.imul read once: a global read in the loop costs much more where the global object is a proxy (a vm context).
  const imul = Math.imul;
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let end = text.length;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    // A carriage return before a line feed only: a lone one is a line break of its own in JavaScript.
    if (c === 13 && text.charCodeAt(i + 1) === 10) continue;
    a = imul(a ^ c, 0x01000193);
    b = imul(b ^ c, 0x2f0f3cf5);
    b ^= b >>> 15;
    n++;
  }
  return `${n}-${hex32(a)}${hex32(b)}`;
}

/** Tab, line feed, vertical tab, form feed, carriage return, space, no-break space. */
function isSpace(c: number): boolean {
  return (c >= 9 && c <= 13) || c === 32 || c === 0xa0;
}

function hex32(x: number): string {
  return (x >>> 0).toString(16).padStart(8, '0');
}
