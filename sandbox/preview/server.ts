/**
 * npm start: builds (see package.json), then serves the built web app locally with no Google account.
 *
 *   PORT=8081 npm start        another port (default 8080)
 *   PREVIEW_DIR=/tmp/x npm start   another data folder (default .local/ in the repo)
 *   HOST=0.0.0.0 npm start     reachable from a phone on the same network (admin routes too: trusted networks only)
 *   PREVIEW_APP_URL=https://script.google.com/macros/s/…/exec npm start
 *                              what ScriptApp.getService().getUrl() returns; by default the preview's own …/exec,
 *                              so links and QR codes open the preview
 *   CHROMIUM_PATH=/path/to/chromium npm start
 *                              the Chromium that prints the PDFs (default /usr/bin/chromium; without one, no PDFs)
 */
import path from 'node:path';
import { ROOT } from '../vm';
import { createPreviewServer, DEFAULT_PORT, type PreviewServer } from './app';
import { chromiumPath } from './chromium';

function portFromEnv(): number {
  const raw = process.env.PORT;
  if (raw === undefined || raw === '') return DEFAULT_PORT;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`PORT=${raw} is not a port number (0–65535).`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  const dir = path.resolve(ROOT, process.env.PREVIEW_DIR || '.local');
  const host = process.env.HOST || '127.0.0.1';
  let preview: PreviewServer;
  try {
    preview = await createPreviewServer({ dir, port: portFromEnv(), host, serviceUrl: process.env.PREVIEW_APP_URL || '' });
  } catch (e) {
    console.error(`\n${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
  const relative = path.relative(process.cwd(), dir);
  const rel = !relative ? '.' : relative.startsWith('..') ? dir : relative;
  const lines = [
    '',
    'Hòm thư số góp ý — bản xem trước cục bộ (local preview, no Google account)',
    preview.fresh
      ? `  Tạo hòm thư mới / new box created in ${rel}/ (admin ${preview.admin})`
      : `  Dữ liệu nạp lại từ / state reloaded from ${rel}/`,
    ...preview.notes.map((n) => `  ! ${n}`),
    preview.pdfUnavailable()
      ? `  ! Không tạo PDF / no PDFs: ${preview.pdfUnavailable()}`
      : `  PDF: in bằng Chromium / printed with Chromium (${chromiumPath()})`,
    '',
    `  Biểu mẫu / form:          ${preview.url}/?loc=KDC01`,
    `  Tra cứu / lookup:         ${preview.url}/?view=track`,
    `  Quản trị / admin page:    ${preview.url}/admin   (the owner's actions, signed in as ${preview.admin})`,
    `  Xem trước / preview index: ${preview.url}/__preview   (spreadsheet, outbox, Drive, triggers)`,
    '',
    `  Tệp / files: ${rel}/spreadsheet.xlsx · ${rel}/outbox/*.eml · ${rel}/drive/ · ${rel}/state.json`,
    '  Sửa spreadsheet.xlsx khi đã dừng (edit the xlsx while stopped; it is read at the next start).',
    '  Ctrl-C để dừng / to stop.',
    '',
  ];
  if (!/^(127\.|localhost$|::1$)/.test(host)) lines.push(`  ! Listening on ${host}: anyone on this network can use the admin routes.`, '');
  console.log(lines.join('\n'));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      console.log('Thoát ngay / exiting now.');
      process.exit(130);
    }
    stopping = true;
    console.log(`\n${signal}: đang lưu và dừng / saving and stopping…`);
    preview.close().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

void main();
