/**
 * The local preview (npm start): the built web app served over HTTP from the sandbox, its fake Google account
 * persisted in a folder (spreadsheet.xlsx, outbox/*.eml, drive/, state.json) and reloaded on restart.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import ExcelJS from 'exceljs';
import { loadPushedProject, type PushedProject } from '../../sandbox/vm';
import { ADMIN, COMMITTEE, payload, setConfigValue } from '../../sandbox/box';
import { createPreviewServer, OLD_PREVIEW_POSTER_URL, type PreviewServer } from '../../sandbox/preview/app';
import { resolveLocalFile } from '../../sandbox/preview/wire';
import { SHIM_SOURCE, preparePage } from '../../sandbox/preview/shim';
import { ACCESS_DENIED } from '../../src/core/admin/guard';
import { FakeBlob, FakeFile } from '../../sandbox/fakes/drive';
import { GoogleWorld } from '../../sandbox/fakes/world';
import { ValidationRule } from '../../sandbox/fakes/sheet-rules';
import { Persister } from '../../sandbox/preview/persist';
import { loadWorld } from '../../sandbox/preview/state';
import { structuralJpeg } from '../helpers/jpeg';

/** What POST /__rpc answers; `value` is whatever the server function returned. */
interface RpcBody {
  ok: boolean;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- server values are checked field by field
  value?: any;
  error?: { message: string; name?: string };
}

/** The slice of google.script.run these tests drive (the shim makes any function name callable). */
interface ScriptRunner {
  withSuccessHandler(fn: (value: unknown, user?: unknown) => void): ScriptRunner;
  withFailureHandler(fn: (error: Error, user?: unknown) => void): ScriptRunner;
  withUserObject(obj: unknown): ScriptRunner;
  lookupFeedback(...args: unknown[]): void;
  setup(...args: unknown[]): void;
}

let project: PushedProject;
const dirs: string[] = [];
const servers: PreviewServer[] = [];

function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'preview-test-'));
  dirs.push(d);
  return d;
}

/** A preview as on a machine without Chromium (test/browser covers the PDFs Chromium prints). */
async function start(dir: string, port = 0): Promise<PreviewServer> {
  const s = await createPreviewServer({ dir, port, project, log: () => {}, chromiumPath: null });
  servers.push(s);
  return s;
}

async function stop(s: PreviewServer): Promise<void> {
  await s.close();
  servers.splice(servers.indexOf(s), 1);
}

/** google.script.run from the admin page: the owner's own web app. */
async function adminRpc(s: PreviewServer, fn: string, args: unknown[]): Promise<RpcBody> {
  const res = await fetch(`${s.url}/__admin-rpc/${fn}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ args }),
  });
  return (await res.json()) as RpcBody;
}

async function rpc(s: PreviewServer, fn: string, args: unknown[], headers: Record<string, string> = {}) {
  const res = await fetch(`${s.url}/__rpc/${fn}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ args }),
  });
  return { status: res.status, body: (await res.json()) as RpcBody };
}

beforeAll(() => {
  project = loadPushedProject();
});

afterAll(async () => {
  for (const s of [...servers]) await s.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

// ---- a small RFC 5322 / MIME reader, independent of the code under test ----

/** Decodes RFC 2047 encoded words; adjacent words are joined byte-wise first (a letter may span two). */
function decodeWords(value: string): string {
  const re = /=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g;
  let out = '';
  let last = 0;
  let pending: number[] = [];
  const flush = () => {
    if (pending.length) out += Buffer.from(pending).toString('utf8');
    pending = [];
  };
  for (let m = re.exec(value); m; m = re.exec(value)) {
    const between = value.slice(last, m.index);
    if (!(pending.length && /^\s*$/.test(between))) {
      flush();
      out += between;
    }
    const text = m[3];
    if (m[2].toUpperCase() === 'B') pending.push(...Buffer.from(text, 'base64'));
    else {
      const s = text.replace(/_/g, ' ');
      for (let i = 0; i < s.length; i++) {
        if (s[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
          pending.push(parseInt(s.slice(i + 1, i + 3), 16));
          i += 2;
        } else pending.push(s.charCodeAt(i));
      }
    }
    last = re.lastIndex;
  }
  flush();
  return out + value.slice(last);
}

function decodeQuotedPrintable(s: string): string {
  const bytes: number[] = [];
  const soft = s.replace(/=\r\n/g, '');
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(soft[i], 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

interface Part {
  headers: Record<string, string>;
  body: string;
}

function parseMessage(raw: string): Part {
  const split = raw.indexOf('\r\n\r\n');
  expect(split).toBeGreaterThan(0);
  const headers: Record<string, string> = {};
  for (const line of raw
    .slice(0, split)
    .replace(/\r\n[ \t]+/g, ' ')
    .split('\r\n')) {
    const i = line.indexOf(':');
    expect(i).toBeGreaterThan(0);
    headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { headers, body: raw.slice(split + 4) };
}

function partsOf(msg: Part): Part[] {
  const boundary = /boundary="?([^";]+)"?/i.exec(msg.headers['content-type'])![1];
  return msg.body
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((p) => parseMessage(p.replace(/^\r\n/, '')));
}

// ---------------------------------------------------------------------------------------------------------------

describe('the preview server', () => {
  let dir: string;
  let trackingCode: string;

  test('GET / serves the form from doGet with the google.script.run shim before the page script', async () => {
    dir = tempDir();
    const s = await start(dir);
    expect(s.fresh).toBe(true);
    const res = await fetch(`${s.url}/?loc=KDC01`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/);
    const html = await res.text();
    expect(html).toContain('<title>Hòm thư số góp ý – Phường Hòa Bình</title>');
    expect(html).toContain('name="viewport"');
    const boot = JSON.parse(/<script type="application\/json" id="boot">([\s\S]*?)<\/script>/.exec(html)![1]);
    expect(boot.location).toEqual({ code: 'KDC01', name: 'Nhà văn hóa khu dân cư số 1' });
    expect(boot.view).toBe('form');
    // Links the preview makes (the done page's lookup link, posters, emails) open the preview itself.
    expect(boot.appUrl).toBe(`${s.url}/exec`);
    const shimAt = html.indexOf('<script data-preview-shim>');
    expect(shimAt).toBeGreaterThan(0);
    expect(html).toContain(SHIM_SOURCE);
    // Before the page's own (bundled) script, which is the first script without a type.
    const pageScriptAt = html.search(/<script>/);
    expect(shimAt).toBeLessThan(pageScriptAt);
    // The other views go through doGet too.
    const privacy = await (await fetch(`${s.url}/?view=privacy`)).text();
    expect(JSON.parse(/id="boot">([\s\S]*?)<\/script>/.exec(privacy)![1]).view).toBe('privacy');
    // First start made the box: the spreadsheet and state are on disk already.
    expect(existsSync(path.join(dir, 'spreadsheet.xlsx'))).toBe(true);
    expect(existsSync(path.join(dir, 'state.json'))).toBe(true);
  });

  test('the shim is nowhere in the build', () => {
    for (const html of Object.values(project.html)) expect(html).not.toContain('data-preview-shim');
    const built = project.files.map((f) => readFileSync(path.resolve(__dirname, '../..', f), 'utf8')).join('\n');
    expect(built).not.toContain('/__rpc/');
  });

  test('POST /__rpc/submitFeedback stores the row in spreadsheet.xlsx and writes one .eml to the outbox', async () => {
    const s = servers[0];
    const { status, body } = await rpc(s, 'submitFeedback', [payload({ name: 'Nguyễn Thị Hoa', phone: '0912 345 678', consent: true })]);
    expect(status).toBe(200);
    expect(body.ok).toBe(true);
    expect(body.value.ok).toBe(true);
    trackingCode = body.value.trackingCode;
    expect(trackingCode).toMatch(/^HB-[2-9A-Z]{7}$/);

    // The spreadsheet as a spreadsheet program sees it.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, 'spreadsheet.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['Góp ý', 'Cấu hình', 'Địa điểm', 'Nhật ký']));
    const ws = wb.getWorksheet('Góp ý')!;
    expect(ws.getCell('A1').value).toBe('Mã theo dõi');
    expect(ws.getCell('A2').value).toBe(trackingCode);
    expect(ws.getCell('B2').type).toBe(ExcelJS.ValueType.Date);
    // Vietnam wall-clock time, within a minute of now.
    const shown = (ws.getCell('B2').value as Date).getTime() - 7 * 3600_000;
    expect(Math.abs(shown - Date.now())).toBeLessThan(60_000);
    expect(ws.getCell('I2').value).toBe('Nguyễn Thị Hoa');
    expect(ws.getCell('J2').value).toBe('0912345678');
    expect(ws.getCell('J2').type).toBe(ExcelJS.ValueType.String);
    expect(ws.getCell('R2').value).toBe('Mới');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const locations = wb.getWorksheet('Địa điểm')!;
    expect(locations.getCell('E2').value).toBe(true);

    // One email, a real RFC 5322 message.
    const outbox = readdirSync(path.join(dir, 'outbox'));
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatch(/\.eml$/);
    const raw = readFileSync(path.join(dir, 'outbox', outbox[0]), 'utf8');
    expect(raw.split('\r\n').every((l) => l.length <= 998)).toBe(true);
    expect(raw.replace(/\r\n/g, '')).not.toContain('\n');
    const msg = parseMessage(raw);
    expect(decodeWords(msg.headers.subject)).toContain(trackingCode);
    expect(msg.headers.from).toContain(`<${ADMIN}>`);
    expect(decodeWords(msg.headers.from)).toContain('Hòm thư số góp ý');
    expect(msg.headers.to).toBe(COMMITTEE);
    expect(msg.headers['mime-version']).toBe('1.0');
    expect(Number.isNaN(Date.parse(msg.headers.date))).toBe(false);
    expect(msg.headers['message-id']).toMatch(/^<[^>]+@[^>]+>$/);
    const parts = partsOf(msg);
    const text = parts.find((p) => /^text\/plain/.test(p.headers['content-type']))!;
    const html = parts.find((p) => /^text\/html/.test(p.headers['content-type']))!;
    expect(text).toBeDefined();
    expect(html).toBeDefined();
    const decode = (p: Part) =>
      /quoted-printable/i.test(p.headers['content-transfer-encoding'] ?? '') ? decodeQuotedPrintable(p.body) : p.body;
    expect(decode(text)).toContain(`Mã theo dõi: ${trackingCode}`);
    expect(decode(html)).toContain(trackingCode);
  });

  test('the index lists the locations, the outbox, the admin page and triggers, all escaped', async () => {
    const s = servers[0];
    const evil = '<img src=x onerror=alert(1)> ngõ 12 bị ngập nặng sau mưa, cần khơi thông cống';
    expect((await rpc(s, 'submitFeedback', [payload({ content: evil })])).body.value.ok).toBe(true);
    const html = await (await fetch(`${s.url}/__preview`)).text();
    expect(html).toContain('href="/?loc=KDC01"');
    expect(html).toContain('href="/?view=track"');
    expect(html).toContain('href="/?view=privacy"');
    expect(html).toContain('/__preview/files/spreadsheet.xlsx?download=1');
    expect(html).toContain('href="/admin"');
    expect(html).not.toContain('/__admin/');
    expect(html).toMatch(/data-post="\/__trigger\/\d+"/);
    // The edit trigger fires on staff edits only: no button sends it a made-up event.
    const editUid = s.sandbox.world.script.triggers.find((t) => t.handler === 'onStaffEdit')!.uid;
    expect(html).not.toContain(`data-post="/__trigger/${editUid}"`);
    expect(html).toContain(trackingCode);
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // The newest email first, viewable and downloadable.
    const mails = [...html.matchAll(/href="\/__preview\/mail\/([^"]+)"/g)].map((m) => decodeURIComponent(m[1]));
    expect(mails).toHaveLength(2);
    expect(mails[0] > mails[1]).toBe(true);
    const view = await (await fetch(`${s.url}/__preview/mail/${encodeURIComponent(mails[0])}`)).text();
    expect(view).not.toContain('<img src=x');
    const eml = await fetch(`${s.url}/__preview/files/outbox/${encodeURIComponent(mails[0])}`);
    expect(eml.headers.get('content-type')).toBe('message/rfc822');
    expect(eml.headers.get('content-disposition')).toMatch(/^attachment/);
  });

  test("the admin page is the owner's; on the public web app it and every owner action are refused", async () => {
    const s = servers[0];
    const anon = await rpc(s, 'setup', []);
    expect(anon.body.ok).toBe(false);
    expect(anon.body.error!.message).toBe(ACCESS_DENIED);
    const refused = await (await fetch(`${s.url}/?view=admin`)).text();
    expect(refused).toContain('Trang này chỉ dành cho chủ sở hữu hòm thư.');
    expect(refused).not.toContain('id="boot"');

    const page = await (await fetch(`${s.url}/admin`)).text();
    expect(JSON.parse(/id="boot">([\s\S]*?)<\/script>/.exec(page)![1])).toMatchObject({ owner: ADMIN, isOwner: true, setUp: true });
    // Its google.script.run posts to the admin web app, and the box's spreadsheet link opens the local copy.
    expect(page).toContain('var RPC = "/__admin-rpc/"');
    expect(page).toContain('"url":"/__preview/files/spreadsheet.xlsx?download=1"');
    const out = await adminRpc(s, 'setup', [{}]);
    expect(out.ok).toBe(true);
    expect(out.value).toMatchObject({ title: 'Cài đặt / sửa chữa hòm thư', ok: true, changes: [] });
    expect(out.value.lines[0]).toBe('Không có gì cần thay đổi: hòm thư đã được cài đặt đầy đủ.');
    const missing = await rpc(s, 'noSuchFunction', []);
    expect(missing.body).toEqual({ ok: false, error: { name: 'ScriptError', message: 'Script function not found: noSuchFunction' } });
  });

  test('a question answered on the admin page reaches the action, and its links open the local copies', async () => {
    const s = servers[0];
    const month = new Date(Date.now() + 7 * 3600_000);
    const period = `${String(month.getUTCMonth() + 1).padStart(2, '0')}/${month.getUTCFullYear()}`;
    const out = await adminRpc(s, 'buildSynthesisReport', [{ period }]);
    expect(out.ok).toBe(true);
    // This month: the opinions sent above are in it (the default, last month, has none).
    expect(out.value).toMatchObject({ ok: true, total: 2, periodLabel: `tháng ${Number(period.slice(0, 2))}/${period.slice(3)}` });
    const links = out.value.links as { label: string; url: string }[];
    expect(links.map((l) => l.label)).toEqual(['Mở Google Docs', 'Mở bản PDF']);
    const [doc, pdf] = links;
    expect(doc.url).toMatch(/^\/__preview\/files\/drive\/.+\.html$/);
    expect((await fetch(`${s.url}${doc.url}`)).status).toBe(200);
    // Without Chromium no PDF is made, never a stand-in: the link says so and leads to the Doc.
    expect(pdf.url).toMatch(/^\/__preview\/no-pdf\//);
    const why = await (await fetch(`${s.url}${pdf.url}`)).text();
    expect(why).toContain('Bản xem trước không tạo PDF');
    expect(why).toContain(`href="${doc.url}"`);
    expect(readdirSync(path.join(dir, 'drive')).filter((f) => f.endsWith('.pdf'))).toEqual([]);
    expect(await (await fetch(`${s.url}/__preview`)).text()).toContain('Bản xem trước không tạo PDF');
    // Posters too: their PDF links, in the result and in the Địa điểm sheet, say why there is no PDF.
    const posters = await adminRpc(s, 'generatePosters', []);
    expect(posters.value.ok).toBe(true);
    const combined = (posters.value.links as { label: string; url: string }[]).find((l) => l.label === 'Tài liệu in chung (PDF)')!;
    expect(combined.url).toMatch(/^\/__preview\/no-pdf\//);
    const index = await (await fetch(`${s.url}/__preview`)).text();
    expect(index).toMatch(/<a href="\/__preview\/no-pdf\/[^"]+" title="https:\/\/drive\.google\.com\/file\/d\//);
    const bad = await adminRpc(s, 'buildLocationNotices', [{ period: 'tháng trước' }]);
    expect(bad.value.ok).toBe(false);
    expect(bad.value.lines.join('\n')).toMatch(/MM\/yyyy/);
  });

  test('a restarted server on the same folder sees the row: lookup works', async () => {
    await stop(servers[0]);
    const xlsx = path.join(dir, 'spreadsheet.xlsx');
    const before = readFileSync(xlsx);
    const s = await start(dir);
    expect(s.fresh).toBe(false);
    // The PDF that could not be made is remembered as such, not reported missing.
    expect(s.notes.join('\n')).not.toMatch(/missing/);
    expect(await (await fetch(`${s.url}/__preview`)).text()).toMatch(/href="\/__preview\/no-pdf\/[^"]+">không có PDF/);
    const { body } = await rpc(s, 'lookupFeedback', [trackingCode.toLowerCase()]);
    // Starting and reading change no cell, so the workbook is left as it was.
    expect(readFileSync(xlsx).equals(before)).toBe(true);
    expect(body.ok).toBe(true);
    expect(body.value).toMatchObject({ found: true, trackingCode, status: 'Mới' });
    const page = await (await fetch(`${s.url}/?track=${trackingCode}`)).text();
    expect(JSON.parse(/id="boot">([\s\S]*?)<\/script>/.exec(page)![1])).toMatchObject({ view: 'track', track: trackingCode });
    // A new opinion after the restart gets the next row and the next email file.
    expect((await rpc(s, 'submitFeedback', [payload()])).body.value.ok).toBe(true);
    expect(readdirSync(path.join(dir, 'outbox'))).toHaveLength(3);
    await stop(s);
  });

  test('edits made to spreadsheet.xlsx while stopped are picked up at the next start', async () => {
    const file = path.join(dir, 'spreadsheet.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet('Góp ý')!;
    ws.getCell('R2').value = 'Đã trả lời';
    ws.getCell('V2').value = 'Đã thu gom rác ngày hôm sau. Cảm ơn bạn.';
    const config = wb.getWorksheet('Cấu hình')!;
    config.eachRow((row) => {
      if (row.getCell(1).value === 'Tên phường') row.getCell(2).value = 'Phường Thử Nghiệm';
    });
    await wb.xlsx.writeFile(file);

    const s = await start(dir);
    expect(s.notes.join('\n')).toMatch(/edited outside the preview/);
    const { body } = await rpc(s, 'lookupFeedback', [trackingCode]);
    expect(body.value).toMatchObject({ found: true, status: 'Đã trả lời', reply: 'Đã thu gom rác ngày hôm sau. Cảm ơn bạn.' });
    // The configuration was read again (the script's config cache does not hide the edit).
    const html = await (await fetch(`${s.url}/`)).text();
    expect(html).toContain('<title>Hòm thư số góp ý – Phường Thử Nghiệm</title>');
    await stop(s);
  });

  test("a box holding the old stand-in poster address gets the preview's own back", async () => {
    const d = tempDir();
    let s = await start(d);
    setConfigValue(s.sandbox, 'Đường dẫn cho poster (tùy chọn)', OLD_PREVIEW_POSTER_URL);
    s.sandbox.run('doGet', [{ parameter: {}, parameters: {} }], { user: '' });
    await stop(s);
    s = await start(d);
    expect(s.notes.join('\n')).toContain('old stand-in');
    const html = await (await fetch(`${s.url}/?loc=KDC01`)).text();
    expect(JSON.parse(/id="boot">([\s\S]*?)<\/script>/.exec(html)![1]).appUrl).toBe(`${s.url}/exec`);
    await stop(s);
  });

  test('a corrupt spreadsheet.xlsx is reported by name and never replaced', async () => {
    const d = tempDir();
    const file = path.join(d, 'spreadsheet.xlsx');
    writeFileSync(file, 'this is not a zip file');
    await expect(start(d)).rejects.toThrow(file);
    await expect(start(d)).rejects.toThrow(/move it away/i);
    expect(readFileSync(file, 'utf8')).toBe('this is not a zip file');
    expect(existsSync(path.join(d, 'state.json'))).toBe(false);
  });

  test('a corrupt state.json is reported by name too', async () => {
    const d = tempDir();
    await stop(await start(d));
    writeFileSync(path.join(d, 'state.json'), '{"version": 1, "script": ');
    await expect(start(d)).rejects.toThrow(path.join(d, 'state.json'));
  });

  test('a spreadsheet.xlsx alone is taken as the box spreadsheet, and setup repairs the rest', async () => {
    const d = tempDir();
    writeFileSync(path.join(d, 'spreadsheet.xlsx'), readFileSync(path.join(dir, 'spreadsheet.xlsx')));
    const s = await start(d);
    expect(s.fresh).toBe(false);
    expect(s.notes.join('\n')).toMatch(/No .*state\.json/);
    // Said once: not again for each of its sheets.
    expect(s.notes.join('\n')).not.toMatch(/is new in the xlsx/);
    expect((await rpc(s, 'lookupFeedback', [trackingCode])).body.value).toMatchObject({ found: true, trackingCode });
    const html = await (await fetch(`${s.url}/?loc=KDC02`)).text();
    expect(JSON.parse(/id="boot">([\s\S]*?)<\/script>/.exec(html)![1]).location.code).toBe('KDC02');
    expect(s.sandbox.world.script.triggers.length).toBeGreaterThan(0);
    await stop(s);
  });

  test('a busy port is refused with a clear message, before anything is written', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as net.AddressInfo).port;
    const d = tempDir();
    try {
      await expect(start(d, port)).rejects.toThrow(new RegExp(`port ${port} is in use.*PORT=`));
      await expect(start(d, port)).rejects.toThrow(`Cổng ${port} đang bận`);
      expect(readdirSync(d)).toEqual([]);
    } finally {
      await new Promise<void>((r) => blocker.close(() => r()));
    }
  });
});

describe('Drive and Docs in the preview folder', () => {
  const jpeg = structuralJpeg(64);

  test('photos, documents and PDFs are written under drive/, served, and restored on restart', async () => {
    const dir = tempDir();
    let s = await start(dir);
    const photo = { name: 'a.jpg', type: 'image/jpeg', dataBase64: jpeg.toString('base64') };
    const res = await rpc(s, 'submitFeedback', [payload({ photos: [photo] })]);
    expect(res.body.value.ok).toBe(true);
    const code = res.body.value.trackingCode as string;

    // A document and its PDF, as a poster or report feature would make them.
    const world = s.sandbox.world;
    const doc = world.docs.create('Poster <KDC01>');
    doc.body.appendParagraph('Hòm thư số góp ý').setAlignment('CENTER').setAttributes({ BOLD: true });
    doc.body
      .appendImage(new FakeBlob(new Uint8Array(jpeg), 'image/jpeg', 'qr.jpg'))
      .setWidth(50)
      .setHeight(50);
    doc.body.appendPageBreak();
    doc.body.appendTable([
      ['Mã', 'Tên'],
      ['KDC01', 'Nhà văn hóa'],
    ]);
    doc.body.setMarginTop(36);
    doc.saveAndClose();
    const pdf = world.drive.root.createFile(new FakeBlob(doc.toPdf(), 'application/pdf', 'Poster KDC01.pdf'));
    await s.persister.save();

    const files = readdirSync(path.join(dir, 'drive'));
    const photoFile = files.find((f) => f.endsWith(`${code}-1.jpg`))!;
    expect(photoFile).toBeDefined();
    expect(readFileSync(path.join(dir, 'drive', photoFile)).equals(jpeg)).toBe(true);
    const docFile = files.find((f) => f.startsWith(doc.id) && f.endsWith('.html'))!;
    expect(readFileSync(path.join(dir, 'drive', docFile), 'utf8')).toBe(doc.toHtml());
    expect(files.some((f) => f.startsWith(pdf.id) && f.endsWith('.pdf'))).toBe(true);

    const index = await (await fetch(`${s.url}/__preview`)).text();
    expect(index).toContain('Poster &lt;KDC01&gt;');
    // The row's photo link and the committee email's link both open the local copy.
    const localPhoto = `href="/__preview/files/drive/${encodeURIComponent(photoFile)}"`;
    expect(index).toContain(localPhoto);
    const mails = readdirSync(path.join(dir, 'outbox')).filter((f) => f.endsWith('.eml'));
    expect(mails).toHaveLength(1);
    const mailFile = mails[0];
    const mailPage = await (await fetch(`${s.url}/__preview/mail/${encodeURIComponent(mailFile)}`)).text();
    expect(mailPage).toContain(localPhoto);
    const img = await fetch(`${s.url}/__preview/files/drive/${encodeURIComponent(photoFile)}`);
    expect(img.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await img.arrayBuffer()).equals(jpeg)).toBe(true);
    const docRes = await fetch(`${s.url}/__preview/files/drive/${encodeURIComponent(docFile)}`);
    expect(docRes.headers.get('content-security-policy')).toMatch(/sandbox/);

    const html = doc.toHtml();
    const ids = [...world.drive.items.keys()];
    await stop(s);
    s = await start(dir);
    const again = s.sandbox.world;
    expect(again.docs.get(doc.id)?.toHtml()).toBe(html);
    expect(again.docs.get(doc.id)?.body.margins).toEqual(doc.body.margins);
    const photoAgain = again.drive.files().find((f) => f.name === `${code}-1.jpg`)!;
    expect(Buffer.from(photoAgain.bytes).equals(jpeg)).toBe(true);
    expect(photoAgain.getParents().next().getName()).toBe('Ảnh góp ý (riêng tư)');
    expect((again.drive.get(pdf.id) as FakeFile).bytes.length).toBe(pdf.bytes.length);
    // The id counter carries on: nothing new collides with what was restored.
    const fresh = again.drive.root.createFolder('Mới');
    expect(ids).not.toContain(fresh.id);
    await stop(s);
  });
});

describe('the spreadsheet round trip', () => {
  test('values, formulas, dates, text formats, sheet metadata and awkward sheet names survive save and load', async () => {
    const dir = tempDir();
    const world = new GoogleWorld({ htmlFiles: project.html });
    const ss = world.sheets.create('Box', undefined, ADMIN);
    world.script.properties.set('SPREADSHEET_ID', ss.id);
    ss.setSpreadsheetLocale('vi_VN');
    ss.addEditor('can.bo@example.org');
    ss.insertSheet('Trang tính1');
    const odd = ss.insertSheet('Báo cáo: [Q1/2026]?');
    const when = new Date(Date.UTC(2026, 2, 1, 17, 30, 0));
    odd.getRange(1, 1, 1, 4).setValues([['Tên', 'Ngày', 'Số', 'Điện thoại']]);
    odd.getRange(2, 4, 5, 1).setNumberFormat('@');
    odd.put(1, 3, { v: '0912345678', fmt: '@' });
    odd.getRange(2, 1, 1, 3).setValues([["'=không phải công thức", when, 42.5]]);
    odd.getRange(2, 2).setNumberFormat('dd/MM/yyyy HH:mm');
    odd.getRange(3, 3).setValue('=C2*2');
    odd.getRange(3, 1).setValue(true);
    odd.setFrozenRows(1);
    odd.setColumnWidth(1, 210);
    odd.getRange('B2:B9').setDataValidation(new ValidationRule(['Mới', 'Đang xử lý'], false, 'Chọn'));
    odd.getRange('A1:D9').createFilter();
    odd.getRange('A1:A9').protect().setDescription('hệ thống').setWarningOnly(true);
    odd.protect().setDescription('chỉ chủ sở hữu').removeEditors(['can.bo@example.org']);
    const saver = new Persister(world, dir);
    await saver.save();

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, 'spreadsheet.xlsx'));
    const ws = wb.worksheets[1];
    expect(ws.name).toBe('Báo cáo_ _Q1_2026__');
    expect(ws.getCell('A2').value).toBe('=không phải công thức');
    expect(ws.getCell('A2').type).toBe(ExcelJS.ValueType.String);
    expect(ws.getCell('B2').value).toEqual(new Date(Date.UTC(2026, 2, 2, 0, 30, 0)));
    expect(ws.getCell('B2').numFmt).toBe('dd/MM/yyyy HH:mm');
    expect(ws.getCell('C3').formula).toBe('C2*2');
    expect(ws.getCell('D2').numFmt).toBe('@');

    const { world: back, notes } = await loadWorld(dir, { htmlFiles: project.html });
    expect(notes).toEqual([]);
    back.script.properties.set('SPREADSHEET_ID', ss.id); // (state.json is not read here)
    const ss2 = back.boxSpreadsheet()!;
    expect(ss2.id).toBe(ss.id);
    expect(ss2.sheetList.map((x) => [x.name, x.sheetId])).toEqual(ss.sheetList.map((x) => [x.name, x.sheetId]));
    const odd2 = ss2.getSheetByName('Báo cáo: [Q1/2026]?')!;
    expect(odd2.rows).toEqual(odd.rows.map((r) => r.map((c) => (c && c.v === '' && !c.f ? undefined : c))));
    expect(odd2.getRange(2, 2).getValue()).toEqual(when);
    expect(odd2.getRange(3, 3).getFormula()).toBe('=C2*2');
    expect(odd2.frozenRows).toBe(1);
    expect(odd2.getColumnWidth(1)).toBe(210);
    expect(odd2.getRange('B5').getDataValidation()?.getCriteriaValues()).toEqual([['Mới', 'Đang xử lý'], true]);
    expect(odd2.filterRange).toBe('A1:D9');
    expect(odd2.getProtections()[0]).toMatchObject({ description: 'hệ thống', warningOnly: true });
    expect(odd2.getProtections('SHEET')[0]).toMatchObject({ description: 'chỉ chủ sở hữu', warningOnly: false });
    expect([...odd2.getProtections('SHEET')[0].editors]).toEqual([]);
    // New sheets get ids that were never used.
    expect(ss.sheetList.map((x) => x.sheetId)).not.toContain(ss2.insertSheet('Mới').sheetId);
  });
});

describe('requests the preview refuses', () => {
  let s: PreviewServer;
  beforeAll(async () => {
    s = await start(tempDir());
  });

  test('a body over the limit gets a clear 413', async () => {
    const big = 'x'.repeat(5 * 1024 * 1024 + 10);
    const res = await fetch(`${s.url}/__rpc/submitFeedback`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ args: [big] }),
    });
    expect(res.status).toBe(413);
    const body = (await res.json()) as { ok: boolean; error: { message: string } };
    expect(body.ok).toBe(false);
    expect(body.error.message).toMatch(/too large.*5 MB/);
  });

  test('files outside the served folders cannot be reached', async () => {
    for (const p of [
      '..%2Fstate.json',
      'outbox/..%2F..%2Fetc%2Fpasswd',
      '%2e%2e/x',
      'drive/%00',
      'node_modules',
      'spreadsheet.xlsx%2F..',
    ]) {
      const res = await fetch(`${s.url}/__preview/files/${p}`);
      expect([400, 404]).toContain(res.status);
    }
    expect(() => resolveLocalFile(s.persister.paths.dir, '../etc/passwd')).toThrow();
    expect(resolveLocalFile(s.persister.paths.dir, 'spreadsheet.xlsx')).toMatch(/spreadsheet\.xlsx$/);
  });

  test('cross-site posts and foreign Host headers are refused', async () => {
    const cross = await rpc(s, 'lookupFeedback', ['HB-AAAAAAA'], { Origin: 'https://evil.example' });
    expect(cross.status).toBe(403);
    const form = await fetch(`${s.url}/__admin-rpc/setup`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
    expect(form.status).toBe(415);
    const res = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${s.url}/__preview`, { headers: { Host: 'rebound.evil.example' } }, (r) => {
        r.resume();
        resolve(r.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(res).toBe(403);
  });
});

describe('the google.script.run shim', () => {
  let s: PreviewServer;
  beforeAll(async () => {
    s = await start(tempDir());
  });

  /** The shim in a bare context whose fetch reaches the preview server, as a page would. */
  function pageContext() {
    const ctx: Record<string, unknown> = {
      window: {},
      location: { origin: s.url, search: '?loc=KDC01', hash: '', pathname: '/' },
      fetch: (u: string, init: RequestInit) => fetch(s.url + u, init),
      setTimeout,
      console,
      URLSearchParams,
      history: { pushState() {}, replaceState() {} },
    };
    ctx.window = ctx;
    vm.createContext(ctx);
    vm.runInContext(SHIM_SOURCE, ctx);
    return ctx as unknown as {
      google: { script: { run: ScriptRunner; url: { getLocation(cb: (loc: { parameter: Record<string, string> }) => void): void } } };
    };
  }

  test('handlers are chainable, get the user object, and are called asynchronously', async () => {
    const { google } = pageContext();
    const events: string[] = [];
    const value = await new Promise((resolve, reject) => {
      google.script.run
        .withFailureHandler(reject)
        .withSuccessHandler((v: unknown, user: unknown) => {
          events.push(`success:${user}`);
          resolve(v);
        })
        .withUserObject('row-7')
        .lookupFeedback('HB-2222222');
      events.push('returned');
    });
    expect(events).toEqual(['returned', 'success:row-7']);
    expect(value).toMatchObject({ found: false });
  });

  test('a server exception reaches the failure handler as an Error; runners are independent', async () => {
    const { google } = pageContext();
    const base = google.script.run.withSuccessHandler(() => {});
    const err = await new Promise<Error>((resolve) => base.withFailureHandler((e: Error) => resolve(e)).setup());
    expect(err.message).toBe(ACCESS_DENIED);
    expect(Object.prototype.toString.call(err)).toBe('[object Error]');
    expect(typeof base.withFailureHandler).toBe('function');
  });

  test('illegal arguments throw synchronously, like Apps Script', () => {
    const { google } = pageContext();
    const ctxDate = vm.runInContext('new Date()', vm.createContext({}));
    expect(() => google.script.run.lookupFeedback({ when: ctxDate })).toThrow(/illegal value/);
    expect(() => google.script.run.lookupFeedback(() => 1)).toThrow(/illegal value/);
  });

  test('google.script.url.getLocation gives the query', async () => {
    const { google } = pageContext();
    const loc = await new Promise<{ parameter: Record<string, string> }>((r) => google.script.url.getLocation(r));
    expect(loc.parameter).toEqual({ loc: 'KDC01' });
  });

  test('preparePage sets the title, adds missing meta tags and keeps JSON data blocks ahead of the shim', () => {
    const html = preparePage(
      '<!doctype html><html><head><title>x</title><script type="application/json" id="boot">{}</script></head><body><script>go()</script></body></html>',
      { title: 'A & B', metaTags: [{ name: 'viewport', content: 'width=device-width' }] },
    );
    expect(html).toContain('<title>A &amp; B</title>');
    expect(html).toContain('<meta name="viewport" content="width=device-width">');
    expect(html.indexOf('id="boot"')).toBeLessThan(html.indexOf('data-preview-shim'));
    expect(html.indexOf('data-preview-shim')).toBeLessThan(html.indexOf('go()'));
  });
});
