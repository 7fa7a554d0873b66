/**
 * The rows of Góp ý as one read of the sheet gives them (sheet row 1 first): where the header row is (staff may insert
 * rows above it by mistake), and which rows the box leaves alone because their tracking code was edited, cleared or
 * copied onto another row.
 */
import { cellText } from './cell-writes';
import { COL, HEADERS, RESPONSES_SHEET, columnLetter } from './feedback-record';

/** Index in `table` of the header row: the first row whose first cell is the tracking-code header (else row 1). */
export function headerIndex(table: readonly (readonly unknown[])[], column = COL.trackingCode, text = HEADERS[column - 1]): number {
  const i = table.findIndex((r) => cellText(r[column - 1]) === text);
  return i < 0 ? 0 : i;
}

export interface RowProblem {
  /** Sheet row. */
  row: number;
  kind: 'edited' | 'cleared' | 'duplicate';
  /** The code as it now reads, or for a cleared code the row's request id. */
  value: string;
}

/**
 * Data rows whose tracking code the box can no longer trust: not a code (edited), gone from a row the web form made
 * (cleared: it still has its request id), or held by more than one row. `isCode` tells a well-formed tracking code.
 */
export function codeProblems(table: readonly (readonly unknown[])[], isCode: (text: string) => boolean): RowProblem[] {
  const first = headerIndex(table) + 1;
  const out: RowProblem[] = [];
  const rowsOf = new Map<string, number[]>();
  for (let i = first; i < table.length; i++) {
    const code = cellText(table[i][COL.trackingCode - 1]);
    const requestId = cellText(table[i][COL.requestId - 1]);
    if (code && !isCode(code)) out.push({ row: i + 1, kind: 'edited', value: code });
    else if (!code && requestId) out.push({ row: i + 1, kind: 'cleared', value: requestId });
    if (code) rowsOf.set(code, [...(rowsOf.get(code) ?? []), i + 1]);
  }
  for (const [code, rows] of rowsOf) {
    if (rows.length > 1 && isCode(code)) for (const row of rows) out.push({ row, kind: 'duplicate', value: code });
  }
  return out.sort((a, b) => a.row - b.row);
}

/** Where the tracking code of a sheet row is, e.g. "Góp ý!A17". */
export function codeCell(row: number): string {
  return `${RESPONSES_SHEET}!${columnLetter(COL.trackingCode)}${row}`;
}

/** The Nhật ký line for a row left alone. */
export function rowProblemMessage(p: RowProblem): string {
  const cell = codeCell(p.row);
  switch (p.kind) {
    case 'edited':
      return `${cell}: mã theo dõi "${p.value.slice(0, 40)}" không đúng dạng (có thể đã bị sửa); hệ thống không ghi vào dòng này cho tới khi mã được sửa lại.`;
    case 'cleared':
      return `${cell}: ô mã theo dõi của ý kiến gửi qua mạng (mã yêu cầu ${p.value.slice(0, 64)}) đã bị xóa; hệ thống không ghi vào dòng này cho tới khi mã được nhập lại.`;
    case 'duplicate':
      return `${cell}: mã theo dõi ${p.value} có ở nhiều dòng; hệ thống không ghi vào các dòng này cho tới khi chỉ còn một dòng giữ mã.`;
  }
}
