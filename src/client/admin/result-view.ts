/**
 * Shows what an owner action returned: its title, its lines as plain text and its links (opening in a new tab, as the
 * Apps Script frame lets links navigate only there). Nothing the server returns is ever read as HTML.
 */
import type { AdminLink, AdminResult } from '../../shared/types';
import { byId, make } from '../dom';

/** Any value an action returned, as a result to show: a structured result as it is, anything else as its JSON text. */
export function asResult(title: string, value: unknown): AdminResult {
  if (value && typeof value === 'object') {
    const v = value as Partial<AdminResult>;
    if (Array.isArray(v.lines)) {
      return {
        title: typeof v.title === 'string' && v.title ? v.title : title,
        ok: v.ok !== false,
        lines: v.lines.map((l) => String(l)),
        links: Array.isArray(v.links) ? v.links.filter((l): l is AdminLink => Boolean(l && typeof l.url === 'string')) : [],
      };
    }
  }
  const text = value === undefined || value === null ? 'Đã chạy xong.' : JSON.stringify(value, null, 2);
  return { title, ok: true, lines: text.split('\n') };
}

/** Only web addresses and the preview's own paths become links; anything else (javascript:, data:) stays text. */
export function safeHref(url: string): string | null {
  return /^https?:\/\//i.test(url) || /^\/(?!\/)/.test(url) ? url : null;
}

export function linkElement(link: AdminLink): HTMLElement {
  const href = safeHref(link.url);
  if (!href) return make('span', `${link.label}: ${link.url}`);
  const a = make('a', link.label);
  a.href = href;
  a.target = '_blank';
  a.rel = 'noopener';
  return a;
}

export function showRunning(label: string): void {
  const box = byId('result');
  box.hidden = false;
  box.className = 'running';
  byId('result-title').textContent = `Đang chạy: ${label}…`;
  byId('result-lines').textContent = '';
  byId('result-links').textContent = '';
}

export function showResult(result: AdminResult): void {
  const box = byId('result');
  box.hidden = false;
  box.className = result.ok ? '' : 'failed';
  byId('result-title').textContent = result.ok ? result.title : `${result.title}: chưa xong`;
  const lines = byId('result-lines');
  lines.textContent = '';
  for (const line of result.lines) lines.appendChild(make('li', line));
  const links = byId('result-links');
  links.textContent = '';
  for (const link of result.links ?? []) {
    const li = make('li');
    li.appendChild(linkElement(link));
    links.appendChild(li);
  }
  box.scrollIntoView({ block: 'nearest' });
}
