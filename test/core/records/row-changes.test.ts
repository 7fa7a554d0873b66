import fc from 'fast-check';
import { applyRowChanges, type RowChange, type TableIo } from '../../../src/core/records/row-changes';
import { holdsWritten, rowWrites, sameCell } from '../../../src/core/records/cell-writes';

/** A small sheet in memory: column 1 holds keys "K1", "K2"…; rows[0] is the header. */
function sheetOf(rows: unknown[][]) {
  const cells = rows.map((r) => [...r]);
  return {
    cells,
    sortBy(column: number, ascending: boolean) {
      const data = cells.splice(1);
      const key = (r: unknown[]) => String(r[column - 1] ?? '');
      data.sort((a, b) => {
        if (!key(a) || !key(b)) return key(a) ? -1 : key(b) ? 1 : 0;
        return ascending ? key(a).localeCompare(key(b)) : key(b).localeCompare(key(a));
      });
      cells.push(...data);
    },
    insertBlank(at: number) {
      cells.splice(at, 0, Array(cells[0].length).fill(''));
    },
    remove(at: number) {
      cells.splice(at, 1);
    },
  };
}

/** Sheets' refusal of a range past the grid, in the account's language. */
const PAST_GRID = 'The coordinates of the range are outside the dimensions of the sheet.';

function io(
  sheet: ReturnType<typeof sheetOf>,
  beforeCall: () => void,
  log: (line: string) => void = () => {},
  pastGrid = PAST_GRID,
): TableIo {
  return {
    read() {
      beforeCall();
      log(`read:\n${sheet.cells.map((r) => r.join('|')).join('\n')}`);
      return sheet.cells.map((r) => [...r]);
    },
    write(w) {
      beforeCall();
      log(`write ${JSON.stringify(w)}`);
      if (w.row > sheet.cells.length) throw new Error(pastGrid);
      w.values[0].forEach((v, j) => (sheet.cells[w.row - 1][w.column - 1 + j] = String(v).replace(/^'/, '')));
    },
  };
}

describe('rowWrites', () => {
  test('one write per run of adjacent changed cells; unchanged cells are never covered', () => {
    const current = ['K1', 'a', 'b', 'c', 'd'];
    const cells = new Map<number, string>([
      [2, "'x"],
      [3, "'b"],
      [4, "'y"],
      [5, "'z"],
    ]);
    expect(rowWrites(7, current, cells)).toEqual([
      { row: 7, column: 2, values: [["'x"]] },
      { row: 7, column: 4, values: [["'y", "'z"]] },
    ]);
    expect(rowWrites(7, current, new Map([[2, "'a"]]))).toEqual([]);
  });

  test('an exact column is written when only the Unicode form differs; elsewhere that is the same cell', () => {
    const current = ['K1', 'Hòa'.normalize('NFD'), 'Hòa'.normalize('NFD')];
    const cells = new Map<number, string>([
      [2, "'Hòa"],
      [3, "'Hòa"],
    ]);
    expect(rowWrites(4, current, cells, new Set([3]))).toEqual([{ row: 4, column: 3, values: [["'Hòa"]] }]);
    expect(rowWrites(4, current, cells)).toEqual([]);
  });

  test('sameCell: text by NFC, empty equals ""; a written time may come back to the second', () => {
    expect(sameCell('Hòa'.normalize('NFD'), 'Hòa')).toBe(true);
    expect(sameCell(new Date(1000), new Date(1400))).toBe(false);
    expect(holdsWritten(new Date(1000), new Date(1400))).toBe(true);
    expect(holdsWritten(new Date(1000), new Date(2500))).toBe(false);
    expect(sameCell(null, '')).toBe(true);
    expect(sameCell('1', 1)).toBe(false);
  });
});

const header = ['Mã', 'A', 'B', 'C', 'D'];

describe('applyRowChanges', () => {
  const base = () => [
    header,
    ['K1', 'a1', 'b1', '', ''],
    ['K2', 'a2', 'b2', '', ''],
    ['K3', 'a3', 'b3', 'x', ''],
    ['', 'typed', '', '', ''],
  ];

  test('follows a row that moved and skips one that was deleted', () => {
    const sheet = sheetOf(base());
    let calls = 0;
    const out = applyRowChanges(
      io(sheet, () => {
        if (++calls === 2) {
          sheet.sortBy(2, false); // after the first read, before the first write
          sheet.remove(sheet.cells.findIndex((r) => r[0] === 'K1'));
        }
      }),
      [
        { ref: { column: 1, value: 'K2' }, label: 'K2', cells: [{ column: 4, from: [''], to: "'sent" }] },
        { ref: { column: 1, value: 'K1' }, label: 'K1', cells: [{ column: 4, from: [''], to: "'sent" }] },
      ],
    );
    expect(out.done.map((c) => c.label)).toEqual(['K2']);
    expect(out.missing.map((c) => c.label)).toEqual(['K1']);
    const byKey = Object.fromEntries(sheet.cells.map((r) => [r[0] || r[1], r.slice(1)]));
    expect(byKey).toEqual({
      Mã: ['A', 'B', 'C', 'D'],
      K2: ['a2', 'b2', 'sent', ''],
      K3: ['a3', 'b3', 'x', ''],
      typed: ['typed', '', '', ''],
    });
  });

  test('a write refused past the grid in another language is followed like the English refusal', () => {
    for (const message of [PAST_GRID, 'Tọa độ của dải ô nằm ngoài kích thước của trang tính.']) {
      const sheet = sheetOf(base());
      let calls = 0;
      const out = applyRowChanges(
        io(
          sheet,
          () => {
            // After the first read, before the first write: K1 and the last row go, so K3's old row is past the grid.
            if (++calls === 2) {
              sheet.remove(sheet.cells.length - 1);
              sheet.remove(1);
            }
          },
          () => {},
          message,
        ),
        [{ ref: { column: 1, value: 'K3' }, label: 'K3', cells: [{ column: 5, from: [''], to: "'sent" }] }],
      );
      expect(out.done.map((c) => c.label)).toEqual(['K3']);
      expect(sheet.cells.find((r) => r[0] === 'K3')).toEqual(['K3', 'a3', 'b3', 'x', 'sent']);
    }
  });

  test('a write refused inside the grid is an error, whatever its language', () => {
    const sheet = sheetOf(base());
    const failing: TableIo = {
      read: () => sheet.cells.map((r) => [...r]),
      write: () => {
        throw new Error('Dịch vụ không khả dụng: Trang tính');
      },
    };
    expect(() =>
      applyRowChanges(failing, [{ ref: { column: 1, value: 'K2' }, label: 'K2', cells: [{ column: 4, from: [''], to: "'sent" }] }]),
    ).toThrow('Dịch vụ không khả dụng');
  });

  test('an exact change rewrites an NFD spelling in NFC, following its row; it never overwrites an edit made since', () => {
    const nfd = 'Đã trả lời'.normalize('NFD');
    const rows = base();
    rows[1][3] = nfd;
    rows[2][3] = nfd;
    const sheet = sheetOf(rows);
    let calls = 0;
    const out = applyRowChanges(
      io(sheet, () => {
        if (++calls === 2) {
          sheet.sortBy(2, false); // after the first read, before the first write
          sheet.cells[sheet.cells.findIndex((r) => r[0] === 'K2')][3] = 'Mới';
        }
      }),
      ['K1', 'K2'].map((k) => ({
        ref: { column: 1, value: k },
        label: k,
        cells: [{ column: 4, from: [nfd], to: "'Đã trả lời", exact: true }],
      })),
    );
    const byKey = Object.fromEntries(sheet.cells.map((r) => [r[0] || r[1], r[3]]));
    expect(byKey.K1).toBe('Đã trả lời'.normalize('NFC'));
    expect(byKey.K1).not.toBe(nfd);
    expect(byKey.K2).toBe('Mới');
    expect(byKey.K3).toBe('x');
    expect(out.conflicts.map((c) => c.change.label)).toEqual(['K2']);
  });

  test('never undoes an edit made since the change was planned', () => {
    const sheet = sheetOf(base());
    sheet.cells[2][3] = 'staff';
    const out = applyRowChanges(
      io(sheet, () => {}),
      [{ ref: { column: 1, value: 'K2' }, label: 'K2', cells: [{ column: 4, from: [''], to: "'sent" }] }],
    );
    expect(out.conflicts).toHaveLength(1);
    expect(sheet.cells[2][3]).toBe('staff');
  });

  test('a row with no key is found by its other cells', () => {
    const sheet = sheetOf(base());
    const out = applyRowChanges(
      io(sheet, () => sheet.sortBy(2, true)),
      [{ ref: { like: ['', 'typed', '', '', ''] }, label: 'typed', cells: [{ column: 1, from: [''], to: "'K9" }] }],
    );
    expect(out.done).toHaveLength(1);
    expect(sheet.cells.find((r) => r[1] === 'typed')![0]).toBe('K9');
    expect(sheet.cells.filter((r) => r[0] === 'K9')).toHaveLength(1);
  });

  test('with sorts, inserts and deletes between calls, only the rows meant change (property)', () => {
    fc.assert(
      // About one call in four is preceded by a sort, an insert or a delete.
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => chaos(seed, () => {}, 0.6)),
      { numRuns: 300 },
    );
  });
});

/** Changes four keyed rows and names one typed row while a sort, an insert or a delete may come before any call. */
export function chaos(seed: number, log: (line: string) => void = () => {}, rate = 1): void {
  let s = seed;
  const rnd = () => ((s = (s * 48271) % 2147483647) - 1) / 2147483646;
  const rows: unknown[][] = [header];
  // Rows hold more than the cells being changed (as a row of Góp ý does): what a misplaced write cannot reach.
  for (let i = 1; i <= 12; i++) rows.push([`K${i}`, `a${i % 4}`, `b${(i * 7) % 5}`, i % 3 ? '' : 'old', `ý kiến ${i}`]);
  rows.push(['', 'typed', 't', '', 'nhập tay']);
  const sheet = sheetOf(rows);
  const targets = new Set(['K2', 'K5', 'K7', 'K11']);
  const changes: RowChange[] = [...targets].map((k) => ({
    ref: { column: 1, value: k },
    label: k,
    cells: [
      { column: 4, from: ['', 'old'], to: `'new-${k}` },
      { column: 3, from: rows.filter((r) => r[0] === k).map((r) => r[2]), to: "'b!" },
    ],
  }));
  changes.push({ ref: { like: ['', 'typed', 't', '', 'nhập tay'] }, label: 'typed', cells: [{ column: 1, from: [''], to: "'K99" }] });
  const expected = new Map(sheet.cells.map((r) => [String(r[0] || r[1]), [...r]]));
  const names = new Map(
    sheet.cells.filter((r) => r[0] && !targets.has(String(r[0])) && r !== sheet.cells[0]).map((r) => [r, String(r[0])]),
  );
  for (const k of targets) expected.set(k, [k, expected.get(k)![1], 'b!', `new-${k}`, expected.get(k)![4]]);
  expected.set('K99', ['K99', 'typed', 't', '', 'nhập tay']);
  expected.delete('typed');
  const out = applyRowChanges(
    io(
      sheet,
      () => {
        const r = rnd();
        if (r < 0.25 * rate) {
          const [column, up] = [1 + Math.floor(rnd() * 5), rnd() < 0.5];
          log(`sort by ${column} ${up ? 'up' : 'down'}`);
          sheet.sortBy(column, up);
        } else if (r < 0.4 * rate) {
          const at = 1 + Math.floor(rnd() * (sheet.cells.length - 1));
          log(`insert at ${at}`);
          sheet.insertBlank(at);
        } else if (r < 0.45 * rate && names.size > 0) {
          // Another row: known by the array itself, whatever a misplaced write may have put in it for a moment.
          const others = sheet.cells.map((row, i) => [row, i] as const).filter(([row, i]) => i > 0 && names.has(row));
          const [row, i] = others[Math.floor(rnd() * others.length)];
          log(`delete ${names.get(row)}`);
          expected.delete(names.get(row)!);
          names.delete(row);
          sheet.remove(i);
        }
      },
      log,
    ),
    changes,
    { maxRounds: 30 },
  );
  expect(out.unsettled).toEqual([]);
  const got = new Map(sheet.cells.filter((r) => r.some((v) => v !== '')).map((r) => [String(r[0] || r[1]), r]));
  expect(got).toEqual(expected);
}
