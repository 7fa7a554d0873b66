/** Display helpers for the lookup result. Pure functions: no DOM. */

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
