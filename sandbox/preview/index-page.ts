/**
 * The preview's own pages for developers: the index at /__preview (links to every view of the box, the admin page,
 * the spreadsheet, the outbox, Drive and triggers) and the email viewer. Everything shown is HTML-escaped; email
 * HTML is shown only inside a sandboxed iframe.
 */
import type { GoogleWorld } from '../fakes/world';
import type { CellData } from '../fakes/sheet-cells';
import type { FakeSheet } from '../fakes/spreadsheet';
import { FakeFile, FakeFolder } from '../fakes/drive';
import { DOC_MIME } from '../fakes/docs';
import { SHEET_MIME } from '../fakes/spreadsheet';
import type { SentMessage } from '../fakes/gmail';
import { VN_OFFSET_MS } from './local-files';
import { xlsxFileOf } from './persist';

export function esc(v: unknown): string {
  return String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A URL path for a file under the preview folder: each segment encoded. */
export function fileUrl(rel: string, download = false): string {
  return `/__preview/files/${rel.split('/').map(encodeURIComponent).join('/')}${download ? '?download=1' : ''}`;
}

function isDate(v: unknown): v is Date {
  return Object.prototype.toString.call(v) === '[object Date]';
}

/** dd/MM/yyyy HH:mm:ss in Vietnam time, as the spreadsheet shows it. */
export function vnTime(d: Date | number): string {
  const t = new Date((typeof d === 'number' ? d : d.getTime()) + VN_OFFSET_MS);
  if (Number.isNaN(t.getTime())) return String(d);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(t.getUTCDate())}/${p(t.getUTCMonth() + 1)}/${t.getUTCFullYear()} ${p(t.getUTCHours())}:${p(t.getUTCMinutes())}:${p(t.getUTCSeconds())}`;
}

function cellText(d: CellData | undefined): string {
  if (!d) return '';
  if (isDate(d.v)) return vnTime(d.v);
  if (typeof d.v === 'boolean') return d.v ? 'TRUE' : 'FALSE';
  return String(d.v);
}

function colName(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

const MAX_ROWS_SHOWN = 500;

/** Drive and Docs links of files the preview holds, e.g. a row's photos: the id → the file's preview URL. */
export type DriveResolver = (id: string) => string | undefined;

const GOOGLE_FILE_LINK = /https:\/\/(?:drive|docs)\.google\.com\/(?:file|document|spreadsheets)\/d\/([\w-]+)[^\s<"]*/g;

/** Escaped text in which links to Drive files the preview has become links to their local copies. */
export function linkedText(v: unknown, resolve?: DriveResolver): string {
  const text = esc(v);
  if (!resolve) return text;
  return text.replace(GOOGLE_FILE_LINK, (url, id: string) => {
    const local = resolve(id);
    return local ? `<a href="${esc(local)}" title="${url}">${url}</a>` : url;
  });
}

/**
 * A resolver over the world's Drive: files the preview wrote under drive/, served from the preview folder; a
 * spreadsheet is its xlsx (downloaded).
 */
export function driveResolver(world: GoogleWorld, pathOf: (f: FakeFile) => string | undefined): DriveResolver {
  return (id) => {
    const f = world.drive.get(id);
    if (!(f instanceof FakeFile)) return undefined;
    if (f.mimeType === SHEET_MIME) {
      const ss = world.sheets.get(id);
      return ss ? fileUrl(xlsxFileOf(ss, world), true) : undefined;
    }
    const rel = pathOf(f);
    return rel ? fileUrl(rel) : undefined;
  };
}

/**
 * Text (HTML source or JSON) in which every link to a Drive file the preview holds is replaced by the local copy's
 * path (which needs no escaping: its segments are URI-encoded).
 */
export function localizeLinks(text: string, resolve: DriveResolver): string {
  return text.replace(GOOGLE_FILE_LINK, (url, id: string) => resolve(id) ?? url);
}

function sheetTable(sheet: FakeSheet, resolve?: DriveResolver): string {
  const h = sheet.dataHeight();
  const w = sheet.dataWidth();
  if (h === 0) return '<p class="muted">(trống / empty)</p>';
  const shown = Math.min(h, MAX_ROWS_SHOWN);
  const head = `<tr><th></th>${Array.from({ length: w }, (_, c) => `<th>${colName(c + 1)}</th>`).join('')}</tr>`;
  const rows: string[] = [];
  for (let r = 0; r < shown; r++) {
    const cells: string[] = [];
    for (let c = 0; c < w; c++) {
      const d = sheet.cell(r, c);
      const title = d?.f ? ` title="${esc(d.f)}" class="formula"` : '';
      const tag = r < sheet.frozenRows ? 'th' : 'td';
      cells.push(`<${tag}${title}>${linkedText(cellText(d), resolve)}</${tag}>`);
    }
    rows.push(`<tr><th>${r + 1}</th>${cells.join('')}</tr>`);
  }
  const more = h > shown ? `<p class="muted">… ${h - shown} dòng nữa / more rows: open the xlsx.</p>` : '';
  return `<div class="scroll"><table class="sheet">${head}${rows.join('')}</table></div>${more}`;
}

export interface IndexContext {
  world: GoogleWorld;
  dir: string;
  /** The box's owner: the admin page (/admin) runs as them. */
  admin: string;
  /** The .eml files, newest first, with their record when known. */
  outbox: { file: string; msg?: SentMessage }[];
  /** Drive file id → path under the preview folder. */
  driveFile: (f: FakeFile) => string | undefined;
  saveError: string | null;
  buildDir: string;
  /** PDFs exported from a Doc that were not made: Drive id → why. */
  notPrinted?: ReadonlyMap<string, string>;
  /** Null when the preview prints PDFs with Chromium; otherwise why it makes none. */
  pdfUnavailable?: string | null;
  /** Links to Drive files in the sheets → the local copies (defaults to the files under drive/). */
  resolve?: DriveResolver;
}

function folderPath(world: GoogleWorld, parentId: string | null): string {
  const names: string[] = [];
  let id = parentId;
  for (let i = 0; id && i < 20; i++) {
    const f = world.drive.get(id);
    if (!(f instanceof FakeFolder)) break;
    names.unshift(f.name);
    id = f.parentId;
  }
  return names.join(' / ');
}

function sizeText(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

const STYLE = `
body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:16px;color:#1b1b1b}
h1{font-size:1.4em;margin:.2em 0}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ccd;padding-bottom:4px}
.muted{color:#666}.warn{background:#fff3cd;border:1px solid #e0c36c;padding:8px}.err{background:#fde0dc;border:1px solid #d9534f;padding:8px}
table{border-collapse:collapse;margin:6px 0}td,th{border:1px solid #ccd;padding:3px 6px;vertical-align:top;text-align:left}
table.sheet td,table.sheet th{max-width:28em;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;font-size:13px}
table.sheet tr>th:first-child{background:#f3f3f7;color:#555}td.formula{color:#1565c0}
.scroll{overflow:auto;max-height:70vh;border:1px solid #eee}
details{margin:6px 0}summary{cursor:pointer;font-weight:600}
button{font:inherit;padding:4px 10px;margin:2px;cursor:pointer}
pre{background:#f6f6f9;padding:8px;overflow:auto;max-height:50vh;white-space:pre-wrap}
img.thumb{max-height:64px;max-width:120px;vertical-align:middle}
code{background:#f3f3f7;padding:0 3px}
.mailtext{white-space:pre-wrap;background:#f6f6f9;padding:8px;border:1px solid #eee}
`;

const SCRIPT = `
document.addEventListener('click', function (e) {
  var b = e.target.closest ? e.target.closest('button[data-post]') : null;
  if (!b) return;
  var out = document.getElementById('out');
  b.disabled = true;
  out.textContent = b.getAttribute('data-label') + ' …';
  fetch(b.getAttribute('data-post'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })
    .then(function (r) { return r.json(); })
    .then(function (j) {
      var lines = [b.getAttribute('data-label') + ': ' + (j.ok ? 'OK' : 'LỖI / ERROR')];
      if (j.error) lines.push(j.error.message);
      if (j.value !== undefined) lines.push('', 'Giá trị trả về / returned:', JSON.stringify(j.value, null, 2));
      if (j.logs && j.logs.length) lines.push('', 'Nhật ký / logs:', j.logs.join('\\n'));
      out.textContent = lines.join('\\n');
    })
    .catch(function (err) { out.textContent = String(err); })
    .then(function () { b.disabled = false; });
});
`;

export function page(title: string, body: string, script = ''): string {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title><style>${STYLE}</style></head><body>${body}${script ? `<script>${script}</script>` : ''}</body></html>`;
}

export function renderIndex(ctx: IndexContext): string {
  const { world } = ctx;
  const ss = world.boxSpreadsheet();
  const resolve = ctx.resolve ?? driveResolver(world, ctx.driveFile);
  const parts: string[] = [];
  parts.push(`<h1>Hòm thư số góp ý — bản xem trước cục bộ <span class="muted">(local preview)</span></h1>`);
  parts.push(
    `<p class="muted">Chạy đúng bản dựng <code>${esc(ctx.buildDir)}</code> trong sandbox, không cần tài khoản Google. ` +
      `Dữ liệu / data: <code>${esc(ctx.dir)}</code>. Không có email nào thực sự được gửi / no email is really sent.</p>`,
  );
  if (ctx.saveError) parts.push(`<p class="err">Lưu thất bại / last save failed: ${esc(ctx.saveError)}</p>`);
  if (ctx.pdfUnavailable) parts.push(`<p class="warn">${noPdfSentence(ctx.pdfUnavailable)}</p>`);

  // Resident views.
  const locs = ss?.getSheetByName('Địa điểm');
  const locRows: string[] = [];
  if (locs) {
    for (let r = 1; r < locs.dataHeight(); r++) {
      const code = cellText(locs.cell(r, 0)).trim();
      if (!code) continue;
      const name = cellText(locs.cell(r, 1));
      const active = locs.cell(r, 4)?.v;
      const activeText = active === true || String(active).toUpperCase() === 'TRUE' ? 'có' : 'không (tắt)';
      locRows.push(
        `<tr><td><a href="/?loc=${encodeURIComponent(code)}">${esc(code)}</a></td><td>${esc(name)}</td><td>${esc(activeText)}</td></tr>`,
      );
    }
  }
  parts.push(`<h2>Trang cho người dân <span class="muted">(resident pages)</span></h2>`);
  parts.push(
    `<p><a href="/">Biểu mẫu không có địa điểm</a> · <a href="/?view=track">Tra cứu kết quả (lookup)</a> · ` +
      `<a href="/?view=privacy">Bảo vệ thông tin (privacy)</a> · <a href="/?loc=KHONG-CO">Địa điểm không tồn tại</a></p>`,
  );
  parts.push(
    locRows.length
      ? `<table><tr><th>Mã (QR ?loc=)</th><th>Địa điểm (sheet "Địa điểm")</th><th>Hoạt động</th></tr>${locRows.join('')}</table>`
      : '<p class="muted">Chưa có địa điểm nào trong sheet "Địa điểm".</p>',
  );
  const responses = ss?.getSheetByName('Góp ý');
  if (responses && responses.dataHeight() > 1) {
    const codes: string[] = [];
    for (let r = responses.dataHeight() - 1; r >= 1 && codes.length < 15; r--) {
      const code = cellText(responses.cell(r, 0)).trim();
      if (code) codes.push(`<a href="/?track=${encodeURIComponent(code)}">${esc(code)}</a>`);
    }
    parts.push(`<p>Tra cứu các ý kiến mới nhất / recent tracking codes: ${codes.join(' · ')}</p>`);
  }

  // Spreadsheet.
  parts.push(`<h2>Bảng tính <span class="muted">(spreadsheet)</span></h2>`);
  if (ss) {
    parts.push(
      `<p><a href="${fileUrl('spreadsheet.xlsx', true)}">Tải spreadsheet.xlsx</a> <span class="muted">— mở bằng LibreOffice/Excel; ` +
        `sửa khi bản xem trước đang dừng (edit it while the preview is stopped: changes are read at the next start).</span></p>`,
    );
    const openName = ss.getSheetByName('Góp ý') ? 'Góp ý' : ss.sheetList[0]?.name;
    ss.sheetList.forEach((sheet) => {
      parts.push(
        `<details${sheet.name === openName ? ' open' : ''}><summary>${esc(sheet.name)} <span class="muted">(${Math.max(0, sheet.dataHeight())} dòng)</span></summary>${sheetTable(sheet, resolve)}</details>`,
      );
    });
  }
  for (const other of world.sheets.all().filter((s) => s !== ss)) {
    parts.push(
      `<p>Bảng tính khác / other spreadsheet: ${esc(other.name)} — <a href="${fileUrl(xlsxFileOf(other, world), true)}">xlsx</a></p>`,
    );
  }

  // Outbox.
  parts.push(`<h2>Hộp thư đi <span class="muted">(outbox: ${ctx.outbox.length} email)</span></h2>`);
  if (ctx.outbox.length === 0) parts.push('<p class="muted">Chưa có email nào.</p>');
  else {
    const rows = ctx.outbox.map(({ file, msg }) => {
      const when = msg ? vnTime(msg.at) : '';
      return `<tr><td>${esc(when)}</td><td>${esc(msg ? msg.to.join(', ') : '')}</td><td>${esc(msg ? msg.subject : file)}</td><td><a href="/__preview/mail/${encodeURIComponent(file)}">xem / view</a> · <a href="${fileUrl(`outbox/${file}`, true)}">.eml</a></td></tr>`;
    });
    parts.push(`<table><tr><th>Thời gian</th><th>Đến / To</th><th>Tiêu đề / Subject</th><th></th></tr>${rows.join('')}</table>`);
  }

  // Drive.
  const files = world.drive.files();
  parts.push(`<h2>Drive <span class="muted">(${files.length} tệp / files)</span></h2>`);
  if (files.length === 0) parts.push('<p class="muted">Chưa có tệp nào (ảnh góp ý, poster, báo cáo sẽ ở đây).</p>');
  else {
    const rows = files.map((f) => {
      const sheetBook = f.mimeType === SHEET_MIME ? world.sheets.get(f.id) : undefined;
      const notMade = ctx.notPrinted?.get(f.id);
      const rel = sheetBook || notMade ? undefined : ctx.driveFile(f);
      const kind = f.mimeType === DOC_MIME ? 'Google Docs (HTML để in)' : f.mimeType === SHEET_MIME ? 'Google Sheets (xlsx)' : f.mimeType;
      const link = sheetBook
        ? `<a href="${fileUrl(xlsxFileOf(sheetBook, world), true)}">tải / download</a>`
        : notMade
          ? `<a href="/__preview/no-pdf/${encodeURIComponent(f.id)}">không có PDF / no PDF made</a>`
          : rel
            ? `<a href="${fileUrl(rel)}" target="_blank" rel="noopener">mở / open</a> · <a href="${fileUrl(rel, true)}">tải / download</a>`
            : '';
      const thumb = rel && /^image\/(png|jpeg|gif|webp)$/.test(f.mimeType) ? ` <img class="thumb" alt="" src="${fileUrl(rel)}">` : '';
      const size = f.mimeType === DOC_MIME || f.mimeType === SHEET_MIME || notMade ? '' : sizeText(f.bytes.length);
      return `<tr><td>${esc(folderPath(world, f.parentId))}</td><td>${esc(f.name)}${f.trashed ? ' <em>(thùng rác / trashed)</em>' : ''}</td><td>${esc(kind)}</td><td>${esc(size)}</td><td>${link}${thumb}</td></tr>`;
    });
    parts.push(`<table><tr><th>Thư mục</th><th>Tên</th><th>Loại</th><th>Cỡ</th><th></th></tr>${rows.join('')}</table>`);
  }

  // The admin page and triggers.
  parts.push(`<h2>Quản trị <span class="muted">(owner's admin page)</span></h2>`);
  parts.push(
    `<p><a href="/admin" target="_blank" rel="noopener">Mở trang quản trị</a> <span class="muted">— the admin deployment, signed in as ` +
      `${esc(ctx.admin)} (the box's owner): every owner action, with its questions (report period, spreadsheet to adopt). ` +
      `On the public web app <a href="/?view=admin">/?view=admin</a> is refused, as for any visitor.</span></p>`,
  );
  const triggers = world.script.triggers;
  parts.push(`<h3>Trình kích hoạt đã cài <span class="muted">(installed triggers)</span></h3>`);
  if (triggers.length === 0) parts.push('<p class="muted">Chưa có (setup cài chúng).</p>');
  else {
    parts.push(
      `<table><tr><th>Hàm / handler</th><th>Loại</th><th>Lịch / schedule</th><th>uid</th><th></th></tr>${triggers
        .map(
          (t) =>
            `<tr><td>${esc(t.handler)}</td><td>${esc(t.eventType)}</td><td>${esc(t.schedule)}</td><td><code>${esc(t.uid)}</code></td><td>${
              t.eventType === 'ON_EDIT'
                ? '<span class="muted">chạy khi cán bộ sửa bảng tính / fires on staff edits</span>'
                : `<button type="button" data-post="/__trigger/${encodeURIComponent(t.uid)}" data-label="${esc(`${t.handler} (trigger)`)}">Chạy / fire</button>`
            }</td></tr>`,
        )
        .join('')}</table>`,
    );
  }
  parts.push(
    `<pre id="out" aria-live="polite">Kết quả sẽ hiện ở đây / results appear here. <a href="/__preview">Tải lại / reload</a> to see changes.</pre>`,
  );

  // Script state and logs.
  const props = [...world.script.properties.entries()];
  parts.push(`<h2>Trạng thái script <span class="muted">(script state)</span></h2>`);
  parts.push(
    `<details><summary>Script properties (${props.length})</summary><table>${props
      .map(([k, v]) => `<tr><th>${esc(k)}</th><td><code>${esc(v.length > 300 ? `${v.slice(0, 300)}…` : v)}</code></td></tr>`)
      .join('')}</table></details>`,
  );
  const now = world.now();
  const cache = [...world.script.cache.entries()].filter(([, e]) => e.expires > now);
  parts.push(
    `<details><summary>Script cache (${cache.length})</summary><table>${cache
      .map(
        ([k, e]) =>
          `<tr><th>${esc(k)}</th><td>${esc(vnTime(e.expires))}</td><td><code>${esc(e.value.length > 200 ? `${e.value.slice(0, 200)}…` : e.value)}</code></td></tr>`,
      )
      .join('')}</table></details>`,
  );
  const logs = world.logs.slice(-150).reverse();
  parts.push(
    `<details><summary>Nhật ký thực thi / execution logs (${world.logs.length}, newest first)</summary><pre>${logs
      .map((l) => esc(`#${l.exec} ${l.level.padEnd(5)} ${l.message}`))
      .join('\n')}</pre></details>`,
  );
  return page('Xem trước – Hòm thư số góp ý', parts.join('\n'), SCRIPT);
}

/** One sent email: headers, the plain text, and the HTML part in a sandboxed frame (no scripts, no requests). */
export function renderMail(file: string, msg: SentMessage | undefined, from: string, raw: string | null, resolve?: DriveResolver): string {
  const dl = `<a href="${fileUrl(`outbox/${file}`, true)}">Tải .eml / download</a> · <a href="/__preview">← Xem trước</a>`;
  if (!msg) {
    return page(file, `<p>${dl}</p><h1>${esc(file)}</h1><pre>${esc(raw ?? '(không đọc được / unreadable)')}</pre>`);
  }
  const headers: [string, string][] = [
    ['From', `${msg.name ? `${msg.name} ` : ''}<${from}>`],
    ['To', msg.to.join(', ')],
    ['Reply-To', msg.replyTo ?? ''],
    ['Date', vnTime(msg.at)],
    ['Subject', msg.subject],
  ];
  const table = headers
    .filter(([, v]) => v)
    .map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`)
    .join('');
  const html = msg.htmlBody
    ? `<h2>HTML</h2><iframe sandbox="" referrerpolicy="no-referrer" style="width:100%;height:60vh;border:1px solid #ccd" srcdoc="${esc(
        `<!doctype html><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">${msg.htmlBody}`,
      )}"></iframe>`
    : '';
  return page(
    msg.subject,
    `<p>${dl}</p><h1>${esc(msg.subject)}</h1><table>${table}</table><h2>Văn bản / text</h2><div class="mailtext">${linkedText(msg.body, resolve)}</div>${html}`,
  );
}

/** What the preview says wherever a PDF is missing because it has no Chromium to print it. */
export function noPdfSentence(reason: string): string {
  return (
    `Bản xem trước không tạo PDF: ${esc(reason)}. Các tài liệu vẫn có bản Google Docs (HTML để in); ` +
    `trên Google thật, PDF được xuất từ chính tài liệu đó. / The preview makes no PDFs; the Docs (printable HTML) are there.`
  );
}

/** The page a PDF link opens when the preview could not make that PDF. */
export function renderNoPdf(name: string, reason: string, docUrl?: string): string {
  const doc = docUrl ? `<p><a href="${esc(docUrl)}">Mở bản Google Docs của tài liệu này / open its Doc</a></p>` : '';
  return page(
    `Không có PDF – ${name}`,
    `<h1>Không có bản PDF <span class="muted">(no PDF)</span></h1><p><strong>${esc(name)}</strong></p><p class="warn">${noPdfSentence(reason)}</p>${doc}<p><a href="/__preview">← Xem trước</a></p>`,
  );
}
