/**
 * The preview's PDFs: a PDF the script exports from a Doc is written on disk as Chromium prints that Doc's HTML (the
 * same document the preview shows, with its page size, margins, fonts and images), so the text keeps its diacritics
 * in an embedded font and the QR code is the real image. Without a Chromium the preview makes no PDF and says why;
 * it never writes a stand-in.
 */
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM_HINT, chromiumFound, chromiumPath, launchChromium } from './chromium';

export interface PdfPrinterOptions {
  /** The Chromium to print with; null: none (as on a machine without one). Defaults to chromiumPath(). */
  executable?: string | null;
  /** Where a failure to start Chromium is reported once. */
  log?: (line: string) => void;
}

export class PdfPrinter {
  private readonly executable: string | null;
  private browser: Promise<Browser> | null = null;
  private page: Promise<Page> | null = null;
  /** Why PDFs are not made, once known (no Chromium, or it would not start). */
  private failure: string | null = null;
  private readonly log: (line: string) => void;

  constructor(opts: PdfPrinterOptions = {}) {
    this.executable = opts.executable === undefined ? chromiumPath() : opts.executable;
    this.log = opts.log ?? (() => undefined);
    if (this.executable === null) this.failure = 'bản xem trước này chạy không có Chromium / this preview runs without Chromium';
    else if (!chromiumFound(this.executable))
      this.failure = `không tìm thấy Chromium tại ${this.executable} / no Chromium at ${this.executable} (${CHROMIUM_HINT})`;
  }

  /** Null while PDFs can be made; otherwise the reason, in Vietnamese and English. */
  get unavailable(): string | null {
    return this.failure;
  }

  /** The PDF Chromium prints from a document's HTML, or null (see unavailable) when there is no Chromium. */
  async print(html: string): Promise<Uint8Array | null> {
    if (this.failure) return null;
    let page: Page;
    try {
      this.page ??= this.openPage();
      page = await this.page;
    } catch (e) {
      this.page = null;
      this.failure = `Chromium tại ${this.executable} không khởi động được / Chromium at ${this.executable} did not start: ${
        e instanceof Error ? e.message.split('\n')[0] : String(e)
      }`;
      this.log(`  ! Không tạo PDF / no PDFs: ${this.failure}`);
      return null;
    }
    // One page prints every PDF, one after another (the persister saves in turn).
    await page.setContent(html, { waitUntil: 'load' });
    return new Uint8Array(await page.pdf({ preferCSSPageSize: true, printBackground: true }));
  }

  /** Documents are made from what residents typed: no script runs and nothing is fetched (images are data: URLs). */
  private async openPage(): Promise<Page> {
    this.browser = launchChromium(this.executable!);
    const context = await (await this.browser).newContext({ javaScriptEnabled: false, offline: true });
    const page = await context.newPage();
    await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    return page;
  }

  async close(): Promise<void> {
    const b = this.browser;
    this.browser = null;
    this.page = null;
    if (b) await (await b.catch(() => null))?.close();
  }
}
