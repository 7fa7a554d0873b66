import { COLUMNS, COL, type ColumnKey } from '../../../src/core/records/feedback-record';
import { codeProblems, headerIndex, rowProblemMessage } from '../../../src/core/records/responses-rows';

const row = (cells: Partial<Record<ColumnKey, unknown>> = {}) => COLUMNS.map((c) => (c.key in cells ? cells[c.key] : ''));
const isCode = (t: string) => /^HB-[23456789A-HJKMNP-Z]{7}$/.test(t);

describe('rows of Góp ý', () => {
  const header = COLUMNS.map((c) => c.header);

  test('the header is found by its text, below rows inserted above it by mistake', () => {
    expect(headerIndex([header, row()])).toBe(0);
    expect(headerIndex([row(), row(), header, row()])).toBe(2);
    expect(headerIndex([row({ content: 'x' })])).toBe(0);
  });

  test('edited, cleared and copied codes are found with their cells; typed rows without a code are not', () => {
    const table = [
      row(),
      header,
      row({ trackingCode: 'HB-AAAAAAA', requestId: 'r1' }),
      row({ trackingCode: 'HB-12', requestId: 'r2' }),
      row({ trackingCode: '', requestId: 'r3', content: 'x' }),
      row({ trackingCode: 'HB-BBBBBBB' }),
      row({ trackingCode: 'HB-BBBBBBB' }),
      row({ content: 'Thư tay' }),
    ];
    const problems = codeProblems(table, isCode);
    expect(problems).toEqual([
      { row: 4, kind: 'edited', value: 'HB-12' },
      { row: 5, kind: 'cleared', value: 'r3' },
      { row: 6, kind: 'duplicate', value: 'HB-BBBBBBB' },
      { row: 7, kind: 'duplicate', value: 'HB-BBBBBBB' },
    ]);
    expect(rowProblemMessage(problems[0])).toMatch(/^Góp ý!A4: mã theo dõi "HB-12" không đúng dạng/);
    expect(rowProblemMessage(problems[1])).toMatch(/^Góp ý!A5: .*mã yêu cầu r3/);
    expect(rowProblemMessage(problems[2])).toMatch(/^Góp ý!A6: mã theo dõi HB-BBBBBBB có ở nhiều dòng/);
    expect(COL.trackingCode).toBe(1);
  });
});
