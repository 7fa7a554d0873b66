import { utf8Length } from '../../../src/core/common/utf8';

test('utf8Length counts as UTF-8 does: ASCII 1, Vietnamese letters 2 or 3, astral 4, a lone surrogate 3', () => {
  for (const s of ['', 'abc', 'ý', 'Hòa Bình', 'đường', 'Hòm thư số góp ý – 😀', '😀x']) expect(utf8Length(s)).toBe(Buffer.byteLength(s));
  expect(utf8Length('\ud800')).toBe(Buffer.byteLength('\ud800'));
  expect(utf8Length('\ud83dx')).toBe(Buffer.byteLength('\ud83dx'));
  expect(utf8Length('\udc00')).toBe(3);
});
