/**
 * The local preview server: the built web app (the exact files clasp pushes) running in the sandbox, its fake
 * Google account persisted in a folder (see state.ts), served over HTTP:
 *
 * Two web apps, as the real box has two deployments of one script:
 *
 *   GET  /, /exec ?loc= ?track= ?view=   the public one: doGet(e) as an anonymous visitor → the page, plus the
 *                                         dev-only google.script.run shim
 *   POST /__rpc/<fn>                      its google.script.run calls, as an anonymous visitor
 *   GET  /admin                           the admin one (access MYSELF): doGet(?view=admin) signed in as the owner
 *   POST /__admin-rpc/<fn>                its google.script.run calls, as the owner; Google file links in what they
 *                                         return point at the local copies
 *   GET  /__preview                       index for developers
 *   GET  /__preview/files/<path>          files of the preview folder (spreadsheet, outbox, drive)
 *   GET  /__preview/mail/<file>           one sent email
 *   GET  /__preview/no-pdf/<id>           why a PDF the script exported is not there (no Chromium to print it)
 *   POST /__trigger/<uid>                 an installed trigger fired
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Sandbox, loadPushedProject, ROOT, type PushedProject, type RunOptions, type ExecutionResult } from '../vm';
import { ADMIN, boxSheet, newBox, setConfigValue } from '../box';
import { FakeFile } from '../fakes/drive';
import type { FakeHtmlOutput } from '../fakes/script';
import { listOutbox, localPaths, driveFilePathOf } from './local-files';
import { PdfPrinter } from './pdf-printer';
import { loadWorld } from './state';
import { Persister } from './persist';
import { preparePage, shimSource } from './shim';
import { driveResolver, esc, localizeLinks, page, renderIndex, renderMail, renderNoPdf, type DriveResolver } from './index-page';
import {
  HttpError,
  listen,
  decodeSegment,
  originHostOf,
  isLoopback,
  callable,
  errorOf,
  wireValue,
  sendJson,
  sendHtml,
  readBody,
  contentTypeOf,
  resolveLocalFile,
  disposition,
} from './wire';

export const DEFAULT_PORT = 8080;
export const BODY_LIMIT = 5 * 1024 * 1024;
/**
 * The stand-in poster address older previews wrote into Cấu hình; a box that still has it is given back its own
 * address (the preview's) at start.
 */
export const OLD_PREVIEW_POSTER_URL = 'https://example.org/hom-thu-gop-y';
const POSTER_URL_LABEL = 'Đường dẫn cho poster (tùy chọn)';

export interface PreviewOptions {
  /** The preview folder (`.local/` for npm start). */
  dir: string;
  /** 0 picks a free port. Defaults to 8080. */
  port?: number;
  /** Defaults to 127.0.0.1: the admin routes must not be reachable from the network. */
  host?: string;
  /** The pushed project; defaults to the build the sandbox finds (build/, or BOX_BUILD_DIR). */
  project?: PushedProject;
  /** Where progress lines go; defaults to console.log. */
  log?: (line: string) => void;
  bodyLimit?: number;
  /**
   * What ScriptApp.getService().getUrl() returns. By default the preview's own address (…/exec on this server), so
   * links and QR codes the preview makes open the preview itself; "Đường dẫn cho poster" in Cấu hình still wins.
   */
  serviceUrl?: string;
  /** The Chromium that prints the PDFs; null: none, so no PDF is made (and the preview says so). Defaults to chromiumPath(). */
  chromiumPath?: string | null;
}

export interface PreviewServer {
  server: http.Server;
  /** e.g. http://localhost:8080 (no trailing slash). */
  url: string;
  port: number;
  sandbox: Sandbox;
  persister: Persister;
  /** True when this start created a new box. */
  fresh: boolean;
  /** What loading had to say (edited xlsx, missing files…). */
  notes: string[];
  /** The account admin actions run as. */
  admin: string;
  /** Null when the preview prints PDFs; otherwise why it makes none. */
  pdfUnavailable(): string | null;
  close(): Promise<void>;
}

/** A value of the Cấu hình sheet ('' when its row is missing). */
function configValue(sb: Sandbox, label: string): string {
  let rows: unknown[][];
  try {
    rows = boxSheet(sb, 'Cấu hình').getDataRange().getValues();
  } catch {
    return '';
  }
  return String(rows.find((r) => r[0] === label)?.[1] ?? '').trim();
}

/** An address an earlier preview wrote into Cấu hình: its own, on this machine. */
const PREVIEW_ADDRESS = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\]):\d+\/exec$/;

/**
 * Posters print only "Đường dẫn cho poster", as the owner pastes it on a real box. The preview pastes its own address
 * (or PREVIEW_APP_URL) when the cell is empty or holds the old stand-in. Any other address is kept (starting changes
 * no cell): an earlier preview's on another port is only pointed out.
 */
function fillPosterLink(sb: Sandbox, own: string, notes: string[]): void {
  const link = configValue(sb, POSTER_URL_LABEL);
  if (link === own) return;
  if (link && link !== OLD_PREVIEW_POSTER_URL) {
    if (PREVIEW_ADDRESS.test(link)) {
      notes.push(
        `"${POSTER_URL_LABEL}" holds ${link}, an earlier preview's address: posters open that; empty the cell and restart to use ${own}.`,
      );
    }
    return;
  }
  setConfigValue(sb, POSTER_URL_LABEL, own);
  const was = link ? `held the old stand-in ${link}` : 'was empty';
  notes.push(`"${POSTER_URL_LABEL}" ${was}: set to ${own}, so posters, links and QR codes open this preview.`);
}

export async function createPreviewServer(opts: PreviewOptions): Promise<PreviewServer> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const host = opts.host ?? '127.0.0.1';
  const port = opts.port ?? DEFAULT_PORT;
  const bodyLimit = opts.bodyLimit ?? BODY_LIMIT;
  const paths = localPaths(opts.dir);
  const project = opts.project ?? loadPushedProject();
  const buildDir = path.relative(ROOT, path.dirname(path.resolve(ROOT, project.scripts[0].name))) || '.';

  // 1. The world: loaded from the folder, or a new box. Nothing is written before the port is ours.
  const serviceUrl = opts.serviceUrl ?? '';
  const loaded = await loadWorld(paths.dir, { htmlFiles: project.html, serviceUrl });
  let sb: Sandbox;
  if (loaded.fresh) {
    // As newBox() does for tests: setup run by the owner creates the spreadsheet, staff share it, a committee email.
    // The bot-cost challenge follows the production curve here, as the real page meets it.
    sb = newBox({ project, serviceUrl, challengeMinBits: null });
  } else {
    sb = new Sandbox({ project, world: loaded.world });
    if (!loaded.hadState) {
      // A spreadsheet.xlsx alone: the owner's setup adopts it as the box's spreadsheet.
      sb.world.script.ownerEmail = ADMIN;
      const main = sb.world.sheets.get(loaded.mainSpreadsheetId);
      if (main && !main.owner) main.owner = ADMIN;
      sb.run('setup', [{ spreadsheet: loaded.mainSpreadsheetId }], { user: ADMIN });
    }
  }
  const world = sb.world;
  const known = new Set(sb.topLevelFunctions());
  const admin = () => world.script.properties.get('OWNER_EMAIL') || world.script.ownerEmail || ADMIN;
  const printer = new PdfPrinter({ executable: opts.chromiumPath, log });
  const persister = new Persister(world, paths.dir, loaded.emlFiles, { printer, notPrinted: loaded.notPrinted });
  const driveLinks = driveResolver(world, driveFilePathOf);
  /** Drive and Docs links → the local copies; a PDF that could not be made → the page that says why. */
  const resolveLocal: DriveResolver = (id) =>
    persister.notPrinted.has(id) ? `/__preview/no-pdf/${encodeURIComponent(id)}` : driveLinks(id);
  if (!loaded.fresh) persister.adoptLoaded(loaded.books);

  /** One execution, then its changes on disk before anyone hears about it. */
  async function execute(fn: string, args: unknown[], run: RunOptions, label: string) {
    const started = Date.now();
    const logsBefore = world.logs.length;
    let result: ExecutionResult | null = null;
    let error: { name: string; message: string } | null = null;
    try {
      result = fn.startsWith('trigger:') ? sb.fireTrigger(fn.slice('trigger:'.length)) : sb.run(fn, args, run);
    } catch (e) {
      error = errorOf(e);
    }
    // A finished execution has asked for its save already (afterExecution); one that threw has not.
    await (error ? persister.save() : persister.idle());
    const logs = world.logs.slice(logsBefore);
    for (const l of logs) if (l.level === 'warn' || l.level === 'error') log(`    ${l.level}: ${l.message.slice(0, 500)}`);
    const outcome = error ? `threw ${error.message}` : `ok, ${result!.callCount} service calls`;
    log(`  ${label} → ${outcome} (${Date.now() - started} ms)`);
    return { result, error, logs: logs.map((l) => `${l.level} ${l.message}`) };
  }

  function checkRequest(req: http.IncomingMessage): void {
    const hostHeader = String(req.headers.host ?? '');
    const hostname = hostHeader.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    // Against DNS rebinding: a page on some other site must not reach the admin routes through a local name.
    if (isLoopback(host) && !(isLoopback(hostname) || hostname.endsWith('.localhost')))
      throw new HttpError(403, `Host ${hostHeader} not allowed`);
    if (req.method === 'POST') {
      // Browsers send Origin with every cross-site POST ("null" from sandboxed frames): only our own pages may post.
      const origin = req.headers.origin;
      if (origin !== undefined && originHostOf(origin) !== hostHeader) throw new HttpError(403, 'Cross-origin request refused');
      if (!/^application\/json\b/i.test(String(req.headers['content-type'] ?? ''))) {
        throw new HttpError(415, 'Content-Type must be application/json');
      }
    }
  }

  async function parseArgs(req: http.IncomingMessage): Promise<unknown[]> {
    const body = await readBody(req, bodyLimit);
    if (body.length === 0) return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new HttpError(400, 'Body is not valid JSON');
    }
    if (Array.isArray(parsed)) return parsed;
    const args = (parsed as { args?: unknown }).args;
    if (args === undefined) return [];
    if (!Array.isArray(args)) throw new HttpError(400, 'args must be an array');
    return args;
  }

  /**
   * doGet of the public web app (an anonymous visitor) or of the admin one (the owner signed in, who is also whom it
   * executes as), with the shim posting to that web app's own RPC route.
   */
  async function servePage(req: http.IncomingMessage, res: http.ServerResponse, url: URL, asOwner = false): Promise<void> {
    const parameter: Record<string, string> = {};
    const parameters: Record<string, string[]> = {};
    for (const [k, v] of url.searchParams) {
      if (!(k in parameter)) parameter[k] = v;
      (parameters[k] ??= []).push(v);
    }
    if (asOwner) {
      parameter.view = 'admin';
      parameters.view = ['admin'];
    }
    const e = { parameter, parameters, queryString: url.search.replace(/^\?/, ''), contextPath: '', contentLength: -1, pathInfo: '' };
    const who = asOwner ? admin() : '';
    const { result, error } = await execute('doGet', [e], { user: who }, `GET ${url.pathname}${url.search}${who ? ` as ${who}` : ''}`);
    if (error || !result) {
      sendHtml(res, 500, page('Lỗi', `<h1>doGet threw</h1><pre>${esc(error?.message)}</pre><p><a href="/__preview">/__preview</a></p>`));
      return;
    }
    const out = result.value as FakeHtmlOutput | null;
    if (!out || typeof out.getContent !== 'function') {
      sendHtml(res, 500, page('Lỗi', `<h1>doGet returned no HtmlOutput</h1><pre>${esc(JSON.stringify(out))}</pre>`));
      return;
    }
    const content = asOwner ? localizeLinks(out.getContent(), resolveLocal) : out.getContent();
    const html = preparePage(content, { title: out.getTitle(), metaTags: out.metaTags }, shimSource(asOwner ? '/__admin-rpc/' : '/__rpc/'));
    sendHtml(res, 200, req.method === 'HEAD' ? '' : html);
  }

  async function rpc(req: http.IncomingMessage, res: http.ServerResponse, fn: string): Promise<void> {
    const args = await parseArgs(req);
    if (!callable(fn, known)) {
      sendJson(res, 200, { ok: false, error: { name: 'ScriptError', message: `Script function not found: ${fn}` } });
      return;
    }
    // Anonymous visitor: the server script's own guard decides what that may do.
    const { result, error } = await execute(fn, args, { user: '' }, `rpc ${fn}`);
    if (error) sendJson(res, 200, { ok: false, error });
    else sendJson(res, 200, { ok: true, value: wireValue(result!.value) });
  }

  /** google.script.run from the admin page: the owner signed in, the script acting as the owner. */
  async function adminRpc(req: http.IncomingMessage, res: http.ServerResponse, fn: string): Promise<void> {
    const args = await parseArgs(req);
    if (!callable(fn, known)) {
      sendJson(res, 200, { ok: false, error: { name: 'ScriptError', message: `Script function not found: ${fn}` } });
      return;
    }
    const who = admin();
    const { result, error } = await execute(fn, args, { user: who }, `admin page: ${fn} as ${who}`);
    if (error) sendJson(res, 200, { ok: false, error });
    else {
      // Links to Docs, PDFs and the spreadsheet open the preview's own copies.
      const value = wireValue(result!.value);
      sendJson(res, 200, {
        ok: true,
        value: value === undefined ? undefined : JSON.parse(localizeLinks(JSON.stringify(value), resolveLocal)),
      });
    }
  }

  async function triggerCall(req: http.IncomingMessage, res: http.ServerResponse, uid: string): Promise<void> {
    await parseArgs(req);
    const t = world.script.triggers.find((r) => r.uid === uid);
    if (!t) {
      sendJson(res, 404, { ok: false, error: { message: `No installed trigger ${uid}` } });
      return;
    }
    const { result, error, logs } = await execute(`trigger:${uid}`, [], {}, `trigger ${t.handler} (${uid})`);
    sendJson(res, 200, { ok: !error, error: error ?? undefined, value: result ? wireValue(result.value) : undefined, logs });
  }

  function serveFile(req: http.IncomingMessage, res: http.ServerResponse, url: URL, rest: string): void {
    const file = resolveLocalFile(paths.dir, rest);
    const type = contentTypeOf(file);
    const download = url.searchParams.has('download') || type === 'message/rfc822' || type.startsWith('application/vnd');
    const data = readFileSync(file);
    const headers: http.OutgoingHttpHeaders = {
      'Content-Type': type,
      'Content-Length': data.length,
      'Content-Disposition': disposition(download ? 'attachment' : 'inline', file),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    };
    // Documents made from what residents typed: shown and printable, never run, no requests out.
    if (type.startsWith('text/html'))
      headers['Content-Security-Policy'] = "sandbox allow-modals; default-src 'none'; img-src data:; style-src 'unsafe-inline'";
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : data);
  }

  function serveMail(res: http.ServerResponse, name: string): void {
    const file = decodeSegment(name);
    const full = resolveLocalFile(paths.dir, `outbox/${encodeURIComponent(file)}`);
    const id = [...persister.emlFiles.entries()].find(([, f]) => f === file)?.[0];
    const msg = id ? world.gmail.sent.find((m) => m.id === id) : undefined;
    const raw = msg ? null : readFileSync(full, 'utf8');
    sendHtml(res, 200, renderMail(file, msg, world.script.ownerEmail, raw, resolveLocal), {
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'",
    });
  }

  function serveNoPdf(res: http.ServerResponse, id: string): void {
    const f = world.drive.get(id);
    const reason = persister.notPrinted.get(id);
    if (!(f instanceof FakeFile) || !reason) throw new HttpError(404, 'Not found');
    const source = f.exportedFrom ? driveLinks(f.exportedFrom.docId) : undefined;
    sendHtml(res, 200, renderNoPdf(f.name, reason, source));
  }

  function serveIndex(res: http.ServerResponse): void {
    const byFile = new Map([...persister.emlFiles.entries()].map(([id, f]) => [f, id]));
    const outbox = listOutbox(paths.dir).map((file) => {
      const id = byFile.get(file);
      return { file, msg: id ? world.gmail.sent.find((m) => m.id === id) : undefined };
    });
    const html = renderIndex({
      world,
      dir: paths.dir,
      admin: admin(),
      outbox,
      driveFile: (f) => driveFilePathOf(f),
      saveError: persister.lastError ? persister.lastError.message : null,
      buildDir,
      notPrinted: persister.notPrinted,
      pdfUnavailable: printer.unavailable,
      resolve: resolveLocal,
    });
    sendHtml(res, 200, html);
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://preview.invalid');
    const p = url.pathname;
    const method = req.method ?? 'GET';
    checkRequest(req);
    const isGet = method === 'GET' || method === 'HEAD';
    if (isGet && (p === '/' || p === '/exec' || p === '/dev')) return servePage(req, res, url);
    if (isGet && (p === '/admin' || p === '/admin/')) return servePage(req, res, url, true);
    if (method === 'POST' && p.startsWith('/__rpc/')) return rpc(req, res, decodeSegment(p.slice('/__rpc/'.length)));
    if (method === 'POST' && p.startsWith('/__admin-rpc/')) return adminRpc(req, res, decodeSegment(p.slice('/__admin-rpc/'.length)));
    if (isGet && (p === '/__preview' || p === '/__preview/')) return serveIndex(res);
    if (isGet && p.startsWith('/__preview/files/')) return serveFile(req, res, url, p.slice('/__preview/files/'.length));
    if (isGet && p.startsWith('/__preview/mail/')) return serveMail(res, p.slice('/__preview/mail/'.length));
    if (isGet && p.startsWith('/__preview/no-pdf/')) return serveNoPdf(res, decodeSegment(p.slice('/__preview/no-pdf/'.length)));
    if (method === 'POST' && p.startsWith('/__trigger/')) return triggerCall(req, res, decodeSegment(p.slice('/__trigger/'.length)));
    if (isGet && p === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    throw new HttpError(404, 'Not found');
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      const status = e instanceof HttpError ? e.status : 500;
      const message = e instanceof Error ? e.message : String(e);
      if (status === 500) log(`  ${req.method} ${req.url} → 500 ${message}`);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (status === 413) res.setHeader('Connection', 'close');
      const wantsJson = req.method === 'POST' || String(req.headers.accept ?? '').includes('application/json');
      if (wantsJson) sendJson(res, status, { ok: false, error: { name: 'PreviewError', message } });
      else
        sendHtml(res, status, page(String(status), `<h1>${status}</h1><p>${esc(message)}</p><p><a href="/__preview">/__preview</a></p>`));
    });
  });
  server.requestTimeout = 120_000;

  // 2. The port. A busy port ends here, with nothing written.
  await listen(server, port, host);
  const actualPort = (server.address() as AddressInfo).port;
  const url = `http://${isLoopback(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host}:${actualPort}`;
  // The preview's own address is what this "deployment" answers to: links and QR codes it makes open it.
  if (!serviceUrl) world.script.serviceUrl = `${url}/exec`;
  fillPosterLink(sb, serviceUrl || `${url}/exec`, loaded.notes);

  // 3. From now on every execution and everything it sends or stores lands in the folder.
  persister.attach();
  sb.afterExecution.push(() => void persister.save());
  await persister.save();
  if (persister.lastError) {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    throw persister.lastError;
  }

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      const done = new Promise<void>((r) => server.close(() => r()));
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), 2000).unref();
      await done;
      await persister.idle();
      persister.detach();
      await printer.close();
    })();
    return closing;
  };

  return {
    server,
    url,
    port: actualPort,
    sandbox: sb,
    persister,
    fresh: loaded.fresh,
    notes: loaded.notes,
    admin: admin(),
    pdfUnavailable: () => printer.unavailable,
    close,
  };
}
