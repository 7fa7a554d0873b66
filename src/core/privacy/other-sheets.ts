/**
 * Sheets staff made in the box's spreadsheet, with rows of Góp ý cut or copied into them (or a copy of the whole
 * sheet): how the nightly purge reads them, and when Nhật ký names one whose expired data staff must clear by hand.
 */
import { cellText, isDateValue } from '../records/cell-writes';
import { HEADERS } from '../records/feedback-record';
import { headerIndex } from '../records/responses-rows';
import { maskPersonalData } from './mask';

/**
 * How the purge reads a sheet of staff's own in the box's spreadsheet (rows of Góp ý cut or copied there, a copy of the
 * whole sheet): one with Góp ý's header row has Góp ý's columns, and is purged as Góp ý is (planPurge); on any other
 * no column can be taken for a personal one, so its expired rows are only named (expiredRowsElsewhere).
 */
export function hasResponsesLayout(table: readonly (readonly unknown[])[]): boolean {
  const header = table.findIndex((row) => HEADERS.every((h, i) => cellText(row[i]) === h));
  return header >= 0 && header === headerIndex(table);
}

/**
 * Rows (1-based) of a sheet with no known layout that carry a tracking code, a date before the cutoff and text the
 * masking takes for personal data (a phone number, an email, a titled name…): Nhật ký asks staff to remove it.
 */
export function expiredRowsElsewhere(table: readonly (readonly unknown[])[], cutoff: Date, isCode: (text: string) => boolean): number[] {
  const limit = cutoff.getTime();
  const rows: number[] = [];
  table.forEach((row, i) => {
    const texts = row.filter((v): v is string => typeof v === 'string' && v.trim() !== '');
    if (!texts.some((v) => isCode(v.trim())) || !row.some((v) => isDateValue(v) && v.getTime() < limit)) return;
    if (texts.some((v) => maskPersonalData(v) !== v)) rows.push(i + 1);
  });
  return rows;
}

/** Nhật ký names a sheet again, unchanged, after this long. */
export const NAMED_AGAIN_MS = 7 * 24 * 3600_000;
/** Sheets remembered as named (the script property stays far below its 9 KB). */
export const NAMED_KEEP = 40;

/** Per sheet name: a digest of what Nhật ký last said of it, and when (ms). */
export type NamedSheets = Record<string, [digest: string, at: number]>;

export function parseNamedSheets(raw: string | null | undefined): NamedSheets {
  try {
    const v = JSON.parse(raw ?? '{}') as unknown;
    if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
    const out: NamedSheets = {};
    for (const [k, e] of Object.entries(v as Record<string, unknown>)) {
      if (Array.isArray(e) && typeof e[0] === 'string' && typeof e[1] === 'number') out[k] = [e[0], e[1]];
    }
    return out;
  } catch {
    return {};
  }
}

/** FNV-1a, 32 bits, as 8 hex digits: enough to tell one sheet's text from its last one. */
function digest(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * Which of tonight's texts Nhật ký writes, and what to remember: `tonight` maps each sheet read tonight to what to
 * say of it ('' when it holds nothing to clear). A text is written when it differs from the last one said of that
 * sheet or a week has passed; a sheet found clean is forgotten, so it is named at once should it fill again. Sheets not
 * read tonight keep their entry; the newest NAMED_KEEP are kept.
 */
export function sheetsToName(
  stored: NamedSheets,
  tonight: ReadonlyMap<string, string>,
  now: number,
): { texts: string[]; store: NamedSheets } {
  const store: NamedSheets = { ...stored };
  const texts: string[] = [];
  for (const [sheet, text] of tonight) {
    if (!text) {
      delete store[sheet];
      continue;
    }
    const d = digest(text);
    const last = store[sheet];
    if (last && last[0] === d && now - last[1] < NAMED_AGAIN_MS) continue;
    texts.push(text);
    store[sheet] = [d, now];
  }
  const newest = Object.entries(store)
    .sort((a, b) => b[1][1] - a[1][1])
    .slice(0, NAMED_KEEP);
  return { texts, store: Object.fromEntries(newest) };
}
