/**
 * What staff learn in Nhật ký about rows the box could not write: rows deleted before the box wrote them, rows whose
 * tracking code was edited, cleared or copied (each reported once, not on every trigger run), and — should staff keep
 * sorting for the whole of a write — cells left to check by hand.
 */
import { columnLetter, type Cell } from '../core/records/feedback-record';
import { rowProblemMessage, type RowProblem } from '../core/records/responses-rows';
import type { ChangeOutcome } from '../core/records/row-changes';
import { isValidDate } from '../core/records/feedback-record';
import { consoleLogger } from './services';
import { writeLog } from './log';

export const PROP_ROW_PROBLEMS_SEEN = 'ROW_PROBLEMS_SEEN';
const SEEN_KEEP = 300;

function problemKey(p: RowProblem): string {
  return `${p.kind}:${p.value}`;
}

/** Writes the problems not reported before to Nhật ký (one line each, at most 20 at a time). */
export function reportRowProblems(problems: readonly RowProblem[], spreadsheetId?: string): void {
  if (problems.length === 0) return;
  try {
    const props = PropertiesService.getScriptProperties();
    let seen: string[] = [];
    try {
      const parsed = JSON.parse(props.getProperty(PROP_ROW_PROBLEMS_SEEN) ?? '[]') as unknown;
      if (Array.isArray(parsed)) seen = parsed.map(String);
    } catch {
      seen = [];
    }
    const fresh = problems.filter(
      (p, i) => !seen.includes(problemKey(p)) && problems.findIndex((q) => problemKey(q) === problemKey(p)) === i,
    );
    if (fresh.length === 0) return;
    const lines = fresh.slice(0, 20).map(rowProblemMessage);
    if (fresh.length > 20) lines.push(`… và ${fresh.length - 20} dòng khác.`);
    writeLog('Mã theo dõi', lines.join('\n'), spreadsheetId);
    props.setProperty(PROP_ROW_PROBLEMS_SEEN, JSON.stringify([...seen, ...fresh.map(problemKey)].slice(-SEEN_KEEP)));
  } catch (e) {
    consoleLogger.error('row-problems.report-failed', e);
  }
}

function shown(v: Cell): string {
  if (isValidDate(v)) return v.toISOString();
  const s = String(v).replace(/^'/, '');
  return s ? `"${s.slice(0, 60)}"` : '(trống)';
}

/**
 * One Nhật ký line per code no row held any more when the box came to write `what` (`missing`), and one per code
 * several rows held at that moment (`ambiguous`: nothing written to any of them).
 */
export function reportSkippedCodes(
  missing: readonly string[],
  ambiguous: readonly string[],
  what: string,
  sheetName: string,
  spreadsheetId?: string,
): void {
  for (const label of missing) {
    writeLog('Dòng đã bị xóa', `${label}: không còn dòng nào giữ mã này trên trang ${sheetName}; bỏ qua việc ${what}.`, spreadsheetId);
  }
  for (const label of ambiguous) {
    writeLog(
      'Mã theo dõi',
      `${label}: mã này có ở nhiều dòng trên trang ${sheetName}; bỏ qua việc ${what}, không ghi vào dòng nào cho tới khi chỉ còn một dòng giữ mã.`,
      spreadsheetId,
    );
  }
}

/**
 * One Nhật ký line per row that was deleted before the box could write `what` into it, one per code found on several
 * rows at that moment (nothing written to any of them), and one for cells left unsettled. `sheetName` names the sheet
 * in cell references.
 */
export function reportChangeOutcome(out: ChangeOutcome, what: string, sheetName: string, spreadsheetId?: string): void {
  reportSkippedCodes(
    out.missing.map((c) => c.label),
    out.ambiguous.map((c) => c.label),
    what,
    sheetName,
    spreadsheetId,
  );
  if (out.unsettled.length) {
    const cells = out.unsettled
      .slice(0, 20)
      .map((u) => `${sheetName}!${columnLetter(u.column)}${u.row} (${u.label}) cần là ${shown(u.value)}`);
    writeLog(
      'Ghi bảng tính',
      `Bảng tính bị sắp xếp, chèn hoặc xóa dòng liên tục trong lúc hệ thống ${what}; hãy kiểm tra: ${cells.join('; ')}.`,
      spreadsheetId,
    );
  }
  if (out.repaired || out.conflicts.length) {
    consoleLogger.info('rows.changed', { what, rounds: out.rounds, repaired: out.repaired, conflicts: out.conflicts.length });
  }
}
