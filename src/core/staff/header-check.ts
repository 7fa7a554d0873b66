/**
 * The header row of each of the box's sheets: the cells staff changed or deleted, and the messages for Nhật ký, for
 * setup's summary and for the staff member who made the change. Rows are written by column position, so a changed
 * header means staff and the box no longer agree.
 */
import { isDateValue } from '../records/cell-writes';
import { HEADERS, columnLetter } from '../records/feedback-record';
import { headerIndex } from '../records/responses-rows';

/** A header cell that differs from what the box expects; column 0 means the whole header row is empty. */
export interface HeaderProblem {
  column: number;
  found: string;
  expected: string;
}

/**
 * Compares a sheet's header row as read with the headers the box expects (text after NFC; anything else, spaces
 * included, counts as a change). A wholly empty header row is one problem, not one per column.
 */
export function headerProblems(current: readonly unknown[], expected: readonly string[]): HeaderProblem[] {
  const found = expected.map((_, i) => {
    const v = current[i];
    return v === null || v === undefined ? '' : isDateValue(v) ? v.toISOString() : String(v).normalize('NFC');
  });
  if (found.every((v) => v.trim() === '')) return [{ column: 0, found: '', expected: expected.join(', ') }];
  return expected.flatMap((want, i) => (found[i] === want.normalize('NFC') ? [] : [{ column: i + 1, found: found[i], expected: want }]));
}

/** The cell of a header problem, e.g. "Góp ý!H1", or "Góp ý!1:1" for the whole row. */
export function headerProblemCell(sheetName: string, p: HeaderProblem): string {
  return p.column === 0 ? `${sheetName}!1:1` : `${sheetName}!${columnLetter(p.column)}1`;
}

const REPAIR_HINT = 'hãy sửa lại hoặc chạy "Cài đặt / sửa chữa hòm thư"';

/** The message of a header problem, for Nhật ký and setup's summary. */
export function headerProblemMessage(p: HeaderProblem): string {
  if (p.column === 0) return `Dòng tiêu đề đã bị xóa: ${REPAIR_HINT}.`;
  const letter = columnLetter(p.column);
  return p.found.trim() === ''
    ? `Tiêu đề cột ${letter} đã bị xóa, đúng ra là "${p.expected}": ${REPAIR_HINT}.`
    : `Tiêu đề cột ${letter} là "${p.found.slice(0, 60)}", đúng ra là "${p.expected}": ${REPAIR_HINT}.`;
}

/** The toast shown to the staff member who changed or deleted a header. */
export function headerEditNotice(sheetName: string, problems: readonly HeaderProblem[]): string {
  const parts = problems.slice(0, 3).map((p) => {
    if (p.column === 0) return 'cả dòng tiêu đề đã bị xóa';
    const cell = `${columnLetter(p.column)}1`;
    return p.found.trim() === ''
      ? `ô ${cell} bị xóa (đúng ra là "${p.expected}")`
      : `ô ${cell} là "${p.found.slice(0, 40)}" (đúng ra là "${p.expected}")`;
  });
  if (problems.length > 3) parts.push(`và ${problems.length - 3} ô khác`);
  return (
    `Tiêu đề trang "${sheetName}" đã bị thay đổi: ${parts.join('; ')}. ` +
    'Hãy hoàn tác (Ctrl+Z), hoặc báo chủ sở hữu hòm thư bấm "Cài đặt / sửa chữa hòm thư" trên trang quản trị. Ý kiến mới vẫn được ghi nhận.'
  );
}

/**
 * The header problems of Góp ý in a table read from row 1, the header found wherever it stands (none found: the whole
 * row missing). Rows are read by column position, so any problem means columns may have moved.
 */
export function responsesHeaderProblems(table: readonly (readonly unknown[])[]): HeaderProblem[] {
  return headerProblems(table[headerIndex(table)] ?? [], HEADERS);
}

/**
 * Why no reply went to a resident: rows are read by column position, so with the header of Góp ý no longer as the box
 * wrote it (a column added, removed or renamed) another column, an internal note, may stand where the reply was.
 */
export function repliesHeldMessage(sheetName: string, problems: readonly HeaderProblem[]): string {
  return columnsMovedMessage(
    sheetName,
    problems,
    'Chưa gửi thư trả lời cho người dân',
    'thư có thể mang nhầm nội dung của cột khác',
    'thư trả lời sẽ được gửi',
  );
}

/**
 * Why the box wrote nothing into Góp ý's rows (`held`: what it did not do): rows are written by column position too,
 * so it would write into, or blank, another column (an opinion's text, an internal note).
 */
export function writesHeldMessage(sheetName: string, problems: readonly HeaderProblem[], held: string): string {
  return columnsMovedMessage(sheetName, problems, held, 'hệ thống có thể ghi nhầm hoặc xóa nhầm cột khác', 'việc này sẽ được làm');
}

function columnsMovedMessage(sheetName: string, problems: readonly HeaderProblem[], held: string, risk: string, later: string): string {
  const p = problems[0];
  const what =
    p.column === 0 ? 'dòng tiêu đề đã bị xóa' : `ô ${columnLetter(p.column)}1 là "${p.found.slice(0, 40)}", đúng ra là "${p.expected}"`;
  return (
    `${held}: tiêu đề trang "${sheetName}" không còn như hệ thống đã ghi (${what}), có thể do ` +
    `thêm hoặc xóa cột, nên ${risk}. Hãy hoàn tác việc thêm, xóa cột (Ctrl+Z) hoặc ` +
    `đặt lại đúng tiêu đề; ${later} ở lần chạy sau.`
  );
}
