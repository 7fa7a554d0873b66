/**
 * Shared setup for browser tests: the preview server on a free port with a fresh .local folder, and Debian's Chromium.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { createPreviewServer, type PreviewServer } from '../../sandbox/preview/app';
import { launch } from '../../bench/browser-metrics';

/**
 * Browser suites need Debian's Chromium. `.ci/run` installs it, and in CI a missing browser fails the run; on a
 * newcomer's machine without it, these suites are skipped with a note instead of failing `npm test`.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const browserReady = existsSync(CHROMIUM) || Boolean(process.env.CI);
if (!browserReady) {
  process.stderr.write(`Browser tests skipped: no Chromium at ${CHROMIUM} (sudo apt-get install chromium, or set CHROMIUM_PATH).\n`);
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
    browser = await launch();
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
