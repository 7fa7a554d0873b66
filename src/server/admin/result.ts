/**
 * The structured result every owner action returns: shown on the admin page as text and links, and written to the
 * execution log (a trigger run has no one to show it to).
 */
import type { AdminLink, AdminResult } from '../../shared/types';

export function adminResult(title: string, lines: string[], opts: { ok?: boolean; links?: AdminLink[] } = {}): AdminResult {
  const links = (opts.links ?? []).filter((l) => l.url);
  const text = [...lines, ...links.map((l) => `${l.label}: ${l.url}`)].join('\n');
  console.info(`${title}: ${text}`);
  return { title, ok: opts.ok !== false, lines, ...(links.length ? { links } : {}) };
}
