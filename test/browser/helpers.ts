/**
 * Shared setup for browser tests: the preview server on a free port with a fresh .local folder, and Debian's Chromium.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { createPreviewServer, type PreviewServer } from '../../sandbox/preview/app';
import { CHROMIUM_HINT, chromiumFound, chromiumPath, launchChromium } from '../../sandbox/preview/chromium';

/**
 * Browser suites need Debian's Chromium. `.ci/run` installs it, and in CI a missing browser fails the run; on a
 * newcomer's machine without it, these suites are skipped with a note instead of failing `npm test`.
 */
export const CHROMIUM = chromiumPath();
export const browserReady = chromiumFound(CHROMIUM) || Boolean(process.env.CI);
if (!browserReady) {
  process.stderr.write(`Browser tests skipped: no Chromium at ${CHROMIUM} (${CHROMIUM_HINT}).\n`);
}
export const browserTest: jest.It = browserReady ? test : test.skip;

export interface BrowserRig {
  preview: PreviewServer;
  browser: Browser;
  dir: string;
  close(): Promise<void>;
}

export async function startRig(): Promise<BrowserRig | undefined> {
  if (!browserReady) return undefined;
  const dir = mkdtempSync(path.join(tmpdir(), 'hom-thu-preview-'));
  const preview = await createPreviewServer({ dir, port: 0, log: () => undefined });
  let browser: Browser;
  try {
    browser = await launchChromium(CHROMIUM);
  } catch (e) {
    await preview.close();
    throw e;
  }
  return {
    preview,
    browser,
    dir,
    async close() {
      await browser.close();
      await preview.close();
    },
  };
}

/** The minimum fill time the server enforces against bots. */
export const HUMAN_DELAY_MS = 3200;

/** axe-core's serious and critical violations on the current page. */
export async function axeProblems(page: import('playwright-core').Page): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const result = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] })`)) as {
    violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
  };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The owner's admin page in the preview, at a desktop's width. */
export async function openAdmin(rig: BrowserRig): Promise<import('playwright-core').Page> {
  const context = await rig.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN' });
  const page = await context.newPage();
  await page.goto(`${rig.preview.url}/admin`);
  await page.getByRole('heading', { name: 'Quản trị hòm thư số góp ý' }).waitFor();
  return page;
}

/** The page of one location (`?loc=`) in a phone-sized window, as a resident opens it from a poster. */
export async function openForm(rig: BrowserRig, loc = 'KDC01'): Promise<import('playwright-core').Page> {
  const context = await rig.browser.newContext({ viewport: { width: 360, height: 640 }, locale: 'vi-VN' });
  const page = await context.newPage();
  await page.goto(`${rig.preview.url}/?loc=${loc}`);
  return page;
}

/** The same page on a phone that keeps nothing: localStorage throws, as in a frame without its own origin. */
export async function openFormWithoutStorage(rig: BrowserRig, loc = 'KDC01'): Promise<import('playwright-core').Page> {
  const context = await rig.browser.newContext({ viewport: { width: 360, height: 640 }, locale: 'vi-VN' });
  await context.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      get() {
        throw new DOMException('blocked', 'SecurityError');
      },
    });
  });
  const page = await context.newPage();
  await page.goto(`${rig.preview.url}/?loc=${loc}`);
  return page;
}

export async function fillOpinion(page: import('playwright-core').Page, content: string): Promise<void> {
  await page.getByLabel('Phản ánh', { exact: true }).check();
  await page.getByLabel('Lĩnh vực').selectOption('Vệ sinh môi trường');
  await page.getByLabel('Nội dung').fill(content);
}

/** The first send reaches the server (the row is written), but its answer never reaches the phone. */
export async function loseFirstAnswer(page: import('playwright-core').Page): Promise<void> {
  let lose = true;
  await page.route('**/__rpc/submitFeedback', async (route) => {
    if (!lose) return route.continue();
    lose = false;
    await route.fetch();
    await route.abort('connectionreset');
  });
}

/** The first send never reaches the server (the connection drops on the way); later ones go through. */
export async function dropFirstSend(page: import('playwright-core').Page): Promise<void> {
  let drop = true;
  await page.route('**/__rpc/submitFeedback', async (route) => {
    if (!drop) return route.continue();
    drop = false;
    await route.abort('internetdisconnected');
  });
}

/**
 * Changes what the page sends the first time, on its way to the real server (the preview shim posts
 * `{ args: [payload] }`), e.g. to make the server refuse something the page itself would never send.
 */
export async function alterFirstPayload(
  page: import('playwright-core').Page,
  alter: (payload: Record<string, unknown>) => void,
): Promise<void> {
  let first = true;
  await page.route('**/__rpc/submitFeedback', async (route) => {
    if (!first) return route.continue();
    first = false;
    const body = JSON.parse(route.request().postData() || '{}') as { args: Record<string, unknown>[] };
    alter(body.args[0]);
    await route.continue({ postData: JSON.stringify(body) });
  });
}

/** The rows of the Góp ý sheet in the running sandbox (header left out). */
export function rowsInSandbox(rig: BrowserRig): unknown[][] {
  const sheet = rig.preview.sandbox.world.boxSpreadsheet()!.getSheetByName('Góp ý')!;
  return sheet.getDataRange().getValues().slice(1);
}

/** Drive files (photos) stored for one tracking code. */
export function photosOf(rig: BrowserRig, code: string) {
  return rig.preview.sandbox.world.drive.files().filter((f) => f.name.startsWith(code));
}
