/**
 * What a poster was made for and how its Địa điểm row records it: the stamp over everything printed on it, the job's
 * lines in Ghi chú (the ward's own lines are kept), the Drive links, the file name, and the fingerprint of the
 * combined document. A poster whose stamp no longer matches is out of date.
 */
import { lazy } from '../common/lazy';
import { fnv1a } from '../../shared/fnv';
import { posterContent, posterUrl } from './poster';

/** What every poster of a job shares, fixed when the job starts. */
export interface PosterSettings {
  base: string;
  wardName: string;
  committeeName: string;
  retentionMonths: number;
}

/** Lines the job writes into Ghi chú; anything else there is the ward's own note and is kept. */
export const NOTE = {
  made: 'Poster làm cho: ',
  waiting: 'Đang chờ tạo poster',
  skipped: 'Không tạo poster: ',
  failed: 'Lỗi khi tạo poster: ',
} as const;

const SYSTEM_NOTE_LINE = lazy(
  () =>
    new RegExp(
      `^(${Object.values(NOTE)
        .map((p) => p.trim())
        .join('|')})`,
    ),
);

/** The location name as printed: NFC, runs of whitespace made one space. */
export function cleanLocationName(name: string): string {
  return String(name ?? '')
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * What a poster was made for: "code|name|#<hash>", the hash over everything printed on it (the QR link with the web
 * app's address, ward, committee, retention line and the fixed texts). A poster whose stamp differs from the one its
 * row and the current settings give is out of date: a new short link, a renamed committee or location all make it so.
 */
export function posterStamp(settings: PosterSettings, code: string, name: string): string {
  const u = posterUrl(settings.base, code);
  const url = u.ok ? u.url : '';
  const content = posterContent({
    wardName: settings.wardName,
    committeeName: settings.committeeName,
    locationName: name,
    url,
    retentionMonths: settings.retentionMonths,
  });
  const text = JSON.stringify([url, content]);
  return `${code}|${cleanLocationName(name)}|#${fnv1a(text, 0x811c9dc5).toString(16).padStart(8, '0')}`;
}

/** The stamp recorded in a Ghi chú cell, or null when there is none. */
export function stampFromNote(note: string): string | null {
  const lines = String(note ?? '')
    .normalize('NFC')
    .split(/\r?\n/)
    .reverse();
  for (const line of lines) {
    const t = line.trim();
    if (t.startsWith(NOTE.made.trim())) return t.slice(NOTE.made.trim().length).trim();
  }
  return null;
}

/** Replaces the job's own line in a Ghi chú cell, keeping every line the ward wrote. */
export function mergeNote(existing: string, line: string): string {
  const keep = String(existing ?? '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '' && !SYSTEM_NOTE_LINE().test(l.trim()));
  if (line) keep.push(line);
  return keep.join('\n');
}

/** The Drive id in a Docs or Drive link ("/d/<id>/" or "?id=<id>"), or null. */
export function driveIdFromUrl(url: string): string | null {
  const s = String(url ?? '').trim();
  const m = /\/d\/([A-Za-z0-9_-]{6,})/.exec(s) ?? /[?&]id=([A-Za-z0-9_-]{6,})/.exec(s);
  return m ? m[1] : null;
}

export function docUrlOf(id: string): string {
  return `https://docs.google.com/document/d/${id}/edit`;
}

export function fileUrlOf(id: string): string {
  return `https://drive.google.com/file/d/${id}/view`;
}

/** A file name Drive and PDF export keep as is: one line, no dots (getAs treats the text after a dot as an extension). */
export function posterFileName(code: string, name: string): string {
  const n = cleanLocationName(name).replace(/\./g, '·');
  const clipped = n.length > 120 ? `${n.slice(0, 119)}…` : n;
  return clipped ? `Poster QR – ${code} – ${clipped}` : `Poster QR – ${code}`;
}

/** Changes whenever anything printed in the combined document would change. */
export function combinedFingerprint(settings: PosterSettings, pages: readonly { code: string; name: string }[]): string {
  const text = JSON.stringify([
    settings.base,
    settings.wardName,
    settings.committeeName,
    settings.retentionMonths,
    pages.map((p) => posterStamp(settings, p.code, p.name)),
  ]);
  const hex = (n: number) => n.toString(16).padStart(8, '0');
  return hex(fnv1a(text, 0x811c9dc5)) + hex(fnv1a(text, 0x050c5d1f));
}
