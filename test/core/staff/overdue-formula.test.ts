import { FINAL_STATUSES } from '../../../src/core/staff/deadline';
import { hasNoArgumentSeparator, overdueFormula } from '../../../src/core/staff/overdue-formula';

test('a product of comparisons: no argument separator, so every locale reads it the same', () => {
  const f = overdueFormula({ dueAt: 'U', status: 'R' });
  // TRIM takes one argument: still no separator. Spaces a staff member typed around a status do not count; letter
  // case never did (Sheets compares text without it).
  expect(f).toBe(`=($U2<>"")*($U2<NOW())*${FINAL_STATUSES.map((s) => `(TRIM($R2)<>"${s}")`).join('*')}`);
  expect(hasNoArgumentSeparator(f)).toBe(true);
  expect(f).toBe(f.normalize('NFC'));
});

test('rows from another first row; separators inside a text do not count', () => {
  expect(overdueFormula({ dueAt: 'B', status: 'C' }, 5)).toMatch(/^=\(\$B5<>""\)\*\(\$B5<NOW\(\)\)\*\(TRIM\(\$C5\)<>/);
  expect(hasNoArgumentSeparator('=IF(A1;1;0)')).toBe(false);
  expect(hasNoArgumentSeparator('=IF(A1,1,0)')).toBe(false);
  expect(hasNoArgumentSeparator('=(A1<>"a;b,c")')).toBe(true);
});
