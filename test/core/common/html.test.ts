import fc from 'fast-check';
import { escapeHtml, jsonForScript } from '../../../src/core/common/html';

function unescapeHtml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#96;/g, '`')
    .replace(/&amp;/g, '&');
}

/** The text of the first script element as an HTML tokenizer sees it: raw text up to the first end tag. */
function scriptText(html: string): string {
  const open = html.indexOf('>') + 1;
  const end = html.slice(open).search(/<\/script[\s/>]/i);
  return html.slice(open, open + end);
}

const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc
    .array(fc.constantFrom('<', '>', '"', "'", '`', '&', '&amp;', '</script>', '<!--', 'a', ' ', 'ê', '\u2028'), {
      maxLength: 30,
    })
    .map((a) => a.join('')),
);

describe('escapeHtml', () => {
  test('escapes the six characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>\`&\`</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&#96;&amp;&#96;&lt;/a&gt;');
    expect(escapeHtml('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
    expect(escapeHtml('Phường Hòa Bình')).toBe('Phường Hòa Bình');
  });

  test('non-strings', () => {
    expect(escapeHtml(undefined)).toBe('');
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(42)).toBe('42');
    expect(escapeHtml(false)).toBe('false');
    expect(escapeHtml({ toString: () => '<b>' })).toBe('&lt;b&gt;');
    expect(
      escapeHtml({
        toString() {
          throw new Error('boom');
        },
      }),
    ).toBe('');
  });

  test('output never contains < > " \' ` and unescapes to the input', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const out = escapeHtml(s);
        expect(/[<>"'`]/.test(out)).toBe(false);
        // every & in the output starts one of our entities
        expect(/&(?!(?:amp|lt|gt|quot|#39|#96);)/.test(out)).toBe(false);
        expect(unescapeHtml(out)).toBe(s);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('jsonForScript', () => {
  test('examples', () => {
    expect(jsonForScript('</script><script>alert(1)</script>')).toBe(
      '"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"',
    );
    expect(jsonForScript({ a: '<!-- & -->' })).toBe('{"a":"\\u003c!-- \\u0026 --\\u003e"}');
    expect(jsonForScript('a\u2028b\u2029c')).toBe('"a\\u2028b\\u2029c"');
    expect(jsonForScript(undefined)).toBe('null');
    // an own "__proto__" key survives, because the page parses the block with JSON.parse
    expect(JSON.parse(scriptText(`<script>${jsonForScript(JSON.parse('{"__proto__":{"a":1}}'))}</script>`))).toEqual(
      JSON.parse('{"__proto__":{"a":1}}'),
    );
    expect(jsonForScript({ ward: 'Phường Hòa Bình', n: 3, ok: true, x: null })).toBe('{"ward":"Phường Hòa Bình","n":3,"ok":true,"x":null}');
  });

  test('is safe in a JSON script element and parses back to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), hostile, (value, s) => {
        const input = { value, s };
        const out = jsonForScript(input);
        expect(/[<>&\u2028\u2029]/.test(out)).toBe(false);
        // as the page reads it: <script type="application/json" id="boot">…</script>, then JSON.parse(textContent)
        const page = `<script type="application/json" id="boot">${out}</script><p>after</p>`;
        expect(JSON.parse(scriptText(page))).toEqual(JSON.parse(JSON.stringify(input)));
      }),
      { numRuns: 300 },
    );
  });
});
