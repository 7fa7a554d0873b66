/**
 * The public results page (`?view=results`, `?view=results&loc=CODE`) as one small HTML document rendered on the
 * server from the stored summary: no script, no image, no other origin, readable at 360 px. Every value is escaped.
 */
import { escapeHtml } from '../common/html';
import { formatVietnam } from '../common/time';
import type { StoredIndex, StoredLocation } from './public-results';

export const RESULTS_TITLE = 'Kết quả giải quyết ý kiến';

const CSS =
  'body{margin:0;font:17px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1b1b1b;background:#f6f7f9}' +
  'main{max-width:44rem;margin:0 auto;padding:12px 14px 32px}h1{font-size:1.35rem;line-height:1.3;margin:8px 0 2px}' +
  'h2{font-size:1.1rem;margin:16px 0 6px}p{margin:6px 0}.sub{color:#4a4f57;font-size:1rem}' +
  'ul{list-style:none;margin:0;padding:0}li.op{background:#fff;border:1px solid #d9dde3;border-radius:8px;padding:10px 12px;margin:10px 0}' +
  '.meta{font-size:1rem;color:#374151;overflow-wrap:anywhere}.st{font-weight:600}.reply{white-space:pre-line;overflow-wrap:anywhere;margin-top:6px}' +
  '.none{color:#5b6169;font-style:italic}.loc a,.links a{display:block;padding:10px 0;color:#0b57d0;overflow-wrap:anywhere}' +
  '.loc li{border-bottom:1px solid #e3e6ea}.note{font-size:1rem;color:#4a4f57;margin-top:18px}.warn{background:#fff4e5;border-radius:6px;padding:8px 10px}';

function link(base: string, query: string): string {
  // Inside Apps Script's frame a relative link would stay in the sandbox: links carry the full address when known.
  if (!query) return base || '?';
  if (!base) return `?${query}`;
  return `${base}${base.includes('?') ? '&' : '?'}${query}`;
}

function a(href: string, text: string): string {
  // A new tab, as every link of the box's pages: Apps Script's frame may not navigate the top window.
  return `<a href="${escapeHtml(href)}" target="_blank" rel="noopener">${escapeHtml(text)}</a>`;
}

function when(iso: string): string {
  const d = new Date(iso);
  return isNaN(d.getTime()) ? '' : formatVietnam(d);
}

function page(body: string): string {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>${CSS}</style></head><body><main>${body}</main></body></html>`;
}

const PRIVACY_NOTE =
  'Chỉ những ý kiến Ban Thường trực chọn công khai mới hiện ở đây, kèm tháng tiếp nhận, lĩnh vực, trạng thái và trả lời công khai. ' +
  'Nội dung ý kiến, thông tin người gửi và ảnh không bao giờ được đăng; thông tin cá nhân trong trả lời đã được ẩn.';

function header(ward: string, committee: string): string {
  // The ward is named once: most committee names already end with it.
  const both = committee && ward && !committee.toLowerCase().includes(ward.toLowerCase());
  return `<h1>${RESULTS_TITLE}</h1><p class="sub">${escapeHtml(committee || ward)}${both ? ' – ' + escapeHtml(ward) : ''}</p>`;
}

/** The index: every location with a link to its page. `notice` says why a location page was not found. */
export function resultsIndexHtml(index: StoredIndex, notice = ''): { title: string; html: string } {
  const parts = [header(index.w, index.c)];
  if (notice) parts.push(`<p class="warn" role="status">${escapeHtml(notice)}</p>`);
  parts.push('<h2>Chọn địa điểm</h2>');
  if (index.l.length === 0) parts.push('<p class="none">Chưa có địa điểm nào.</p>');
  else {
    const items = index.l.map(
      ([code, name, n]) =>
        `<li>${a(link(index.u, `view=results&loc=${encodeURIComponent(code)}`), `${name || code} (${n > 0 ? `${n} ý kiến công khai` : 'chưa có'})`)}</li>`,
    );
    parts.push(`<ul class="loc">${items.join('')}</ul>`);
  }
  if (index.more > 0) parts.push(`<p class="sub">Và ${index.more} địa điểm khác: quét mã QR tại địa điểm để xem.</p>`);
  parts.push(footer(index.u, index.t));
  return { title: `${RESULTS_TITLE} – ${index.w}`, html: page(parts.join('')) };
}

function footer(base: string, builtAt: string, loc = ''): string {
  const links = [
    a(link(base, loc ? `loc=${encodeURIComponent(loc)}` : ''), 'Gửi góp ý'),
    a(link(base, 'view=track'), 'Tra cứu ý kiến bằng mã theo dõi'),
  ];
  if (loc) links.unshift(a(link(base, 'view=results'), 'Xem các địa điểm khác'));
  const at = when(builtAt);
  return (
    `<nav class="links">${links.join('')}</nav><p class="note">${PRIVACY_NOTE}</p>` +
    (at ? `<p class="note">Cập nhật lúc ${escapeHtml(at)}.</p>` : '')
  );
}

/** One location's published opinions, newest first. */
export function resultsLocationHtml(loc: StoredLocation): { title: string; html: string } {
  const parts = [header(loc.w, loc.c), `<h2>${escapeHtml(loc.name || loc.code)}</h2>`];
  if (loc.n === 0) {
    parts.push('<p class="none">Chưa có ý kiến nào tại địa điểm này được công khai kết quả.</p>');
  } else {
    const counts = loc.s.map(([status, n]) => `${escapeHtml(status)}: ${n}`).join(' · ');
    parts.push(`<p>${loc.n} ý kiến đã công khai kết quả. ${counts}.</p>`);
    if (loc.i.length < loc.n) parts.push(`<p class="sub">Dưới đây là ${loc.i.length} ý kiến mới nhất.</p>`);
    const items = loc.i.map(([month, category, status, reply]) => {
      const meta = `<div class="meta">Tháng ${escapeHtml(month)} · ${escapeHtml(category)} · <span class="st">${escapeHtml(status)}</span></div>`;
      const body = reply ? `<div class="reply">${escapeHtml(reply)}</div>` : '<div class="reply none">Chưa có trả lời công khai.</div>';
      return `<li class="op">${meta}${body}</li>`;
    });
    parts.push(`<ul>${items.join('')}</ul>`);
  }
  parts.push(footer(loc.u, loc.t, loc.code));
  return { title: `${RESULTS_TITLE} – ${loc.name || loc.code}`, html: page(parts.join('')) };
}

/** Before the first rebuild, or when the stored summary cannot be read. */
export function resultsUnavailableHtml(): { title: string; html: string } {
  return {
    title: RESULTS_TITLE,
    html: page(`<h1>${RESULTS_TITLE}</h1><p>Trang kết quả đang được cập nhật. Vui lòng quay lại sau.</p>`),
  };
}
