/**
 * What the preview server reads and writes over HTTP: listening, request bodies, JSON and HTML answers (values that
 * google.script.run could not carry are refused as it would), and files of the preview folder served safely.
 */
import http from 'node:http';
import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

/** Thrown when the port cannot be used; the message says what to do. */
export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    code: string,
  ) {
    super(
      code === 'EADDRINUSE'
        ? `Cổng ${port} đang bận / port ${port} is in use (another preview or program listens there). ` +
            `Stop it, or choose another port: PORT=${port === 8080 ? 8081 : port + 1} npm start`
        : `Không mở được cổng ${port} / cannot listen on port ${port} (${code}). Choose another port: PORT=8081 npm start`,
    );
    this.name = 'PortInUseError';
  }
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(e.code === 'EADDRINUSE' || e.code === 'EACCES' ? new PortInUseError(port, e.code) : e);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/** A path segment from the URL, decoded; a malformed escape is the client's error. */
export function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new HttpError(400, 'Bad path');
  }
}

export function originHostOf(origin: string): string {
  try {
    return new URL(origin).host;
  } catch {
    return '';
  }
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/** Functions Apps Script would let google.script.run call: top-level, and not private (name ending in _). */
export function callable(name: string, known: Set<string>): boolean {
  return /^[A-Za-z_$][\w$]*$/.test(name) && !name.endsWith('_') && known.has(name);
}

export function errorOf(e: unknown): { name: string; message: string } {
  if (e && typeof e === 'object' && 'message' in e) {
    const o = e as { name?: unknown; message?: unknown };
    return { name: typeof o.name === 'string' ? o.name : 'Error', message: String(o.message) };
  }
  return { name: 'Error', message: String(e) };
}

function containsDate(v: unknown, depth = 0): boolean {
  if (depth > 50 || v === null || typeof v !== 'object') return false;
  if (Object.prototype.toString.call(v) === '[object Date]') return true;
  return Object.values(v as object).some((x) => containsDate(x, depth + 1));
}

/** What google.script.run hands the success handler: plain JSON data; null when the value holds a Date, as Apps Script does. */
export function wireValue(v: unknown): unknown {
  if (v === undefined) return undefined;
  if (containsDate(v)) return null;
  const json = JSON.stringify(v);
  return json === undefined ? null : JSON.parse(json);
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(text);
}

export function sendHtml(res: http.ServerResponse, status: number, html: string, extra: http.OutgoingHttpHeaders = {}): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    ...extra,
  });
  res.end(html);
}

/** Reads a request body up to `limit` bytes; a bigger one is drained and refused with 413 (so the client sees why). */
export function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = Number.isFinite(declared) && declared > limit;
    const tooBigError = () =>
      new HttpError(
        413,
        `Yêu cầu quá lớn / request body too large: the preview accepts at most ${(limit / 1024 / 1024).toFixed(0)} MB per call.`,
      );
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) tooBig = true;
      if (tooBig) {
        chunks.length = 0;
        // Drain a little to let the client read the 413; give up on absurd uploads.
        if (size > limit * 4) {
          reject(tooBigError());
          req.destroy();
        }
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => (tooBig ? reject(tooBigError()) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

export function contentTypeOf(file: string): string {
  const ext = path.extname(file).toLowerCase();
  return (
    {
      '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      '.eml': 'message/rfc822',
      '.html': 'text/html; charset=utf-8',
      '.json': 'application/json; charset=utf-8',
      '.png': 'image/png',
      '.jpg': 'image/jpeg',
      '.jpeg': 'image/jpeg',
      '.gif': 'image/gif',
      '.webp': 'image/webp',
      '.pdf': 'application/pdf',
      '.txt': 'text/plain; charset=utf-8',
      '.csv': 'text/csv; charset=utf-8',
    }[ext] ?? 'application/octet-stream'
  );
}

/** The top-level entries of the preview folder that may be served. */
const SERVABLE_ROOTS = new Set(['spreadsheet.xlsx', 'state.json', 'outbox', 'drive', 'spreadsheets']);

/**
 * Resolves a URL path below /__preview/files/ to a file inside `dir`, refusing anything that could leave it:
 * dot segments, encoded slashes or backslashes, NUL, symlinks pointing outside, and top-level names not served.
 */
export function resolveLocalFile(dir: string, urlPath: string): string {
  const segments = urlPath.split('/').map((s) => {
    let d: string;
    try {
      d = decodeURIComponent(s);
    } catch {
      throw new HttpError(400, 'Bad path');
    }
    if (!d || d === '.' || d === '..' || /[/\\\0]/.test(d)) throw new HttpError(404, 'Not found');
    return d;
  });
  if (segments.length === 0 || !SERVABLE_ROOTS.has(segments[0])) throw new HttpError(404, 'Not found');
  const base = path.resolve(dir);
  const full = path.resolve(base, ...segments);
  if (!full.startsWith(base + path.sep)) throw new HttpError(404, 'Not found');
  if (!existsSync(full)) throw new HttpError(404, 'Not found');
  const real = realpathSync(full);
  const realBase = realpathSync(base);
  if (!real.startsWith(realBase + path.sep) || !statSync(real).isFile()) throw new HttpError(404, 'Not found');
  return real;
}

/** RFC 6266 filename for a download, ASCII fallback plus UTF-8. */
export function disposition(kind: 'inline' | 'attachment', file: string): string {
  const name = path.basename(file);
  const ascii = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
