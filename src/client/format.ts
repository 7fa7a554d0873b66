/** Display helpers for the lookup result and the list of sent codes. Pure functions: no DOM. */

const VN_OFFSET_MS = 7 * 3600 * 1000;

const two = (n: number) => (n < 10 ? '0' : '') + n;

/**
 * dd/MM/yyyy HH:mm in Vietnam time (UTC+7, no daylight saving), whatever the phone's own time zone.
 * Returns '' for an empty or unreadable date.
 */
export function formatVnDateTime(iso: string): string {
  if (!iso) return '';
  const t = new Date(iso).getTime();
  if (isNaN(t)) return '';
  const d = new Date(t + VN_OFFSET_MS);
  return (
    two(d.getUTCDate()) +
    '/' +
    two(d.getUTCMonth() + 1) +
    '/' +
    d.getUTCFullYear() +
    ' ' +
    two(d.getUTCHours()) +
    ':' +
    two(d.getUTCMinutes())
  );
}

/** dd/MM/yyyy in Vietnam time for a moment in milliseconds; '' when it is not a usable time. */
export function formatVnDate(ms: number): string {
  if (typeof ms !== 'number' || !(Math.abs(ms) <= 8.64e15)) return '';
  return formatVnDateTime(new Date(ms).toISOString()).slice(0, 10);
}
