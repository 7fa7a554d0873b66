/** Escaping for text placed into the served HTML page. */

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escapes text for element content and quoted attribute values. null/undefined become ''. */
export function escapeHtml(s: unknown): string {
  if (s === null || s === undefined) return '';
  let text: string;
  try {
    text = typeof s === 'string' ? s : String(s);
  } catch {
    return ''; // e.g. an object whose toString throws: show nothing rather than fail the page
  }
  return text.replace(/[&<>"'`]/g, (ch) => HTML_ESCAPES[ch]);
}

const SCRIPT_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/**
 * JSON for a `<script type="application/json">` data block that the page reads with JSON.parse
 * (not for evaluation as a JavaScript literal, where a "__proto__" key would set the prototype).
 * Safe inside a <script> element: no "</script>", "<!--" or "]]>" can appear, and
 * no raw U+2028/U+2029. These characters only occur inside JSON strings, where \uXXXX is equivalent.
 * undefined (which JSON.stringify cannot encode) becomes null; cycles and BigInt throw, as in JSON.stringify.
 */
export function jsonForScript(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) return 'null';
  return json.replace(/[<>&\u2028\u2029]/g, (ch) => SCRIPT_ESCAPES[ch]);
}
