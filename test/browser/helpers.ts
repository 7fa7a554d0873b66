/**
 * Shared setup for browser tests: the preview server on a free port with a fresh .local folder, and Debian's Chromium.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { createPreviewServer, type PreviewServer } from '../../sandbox/preview/app';
import { launch } from '../../bench/browser-metrics';

export interface BrowserRig {
  preview: PreviewServer;
  browser: Browser;
  dir: string;
  close(): Promise<void>;
}

export async function startRig(): Promise<BrowserRig> {
  const dir = mkdtempSync(path.join(tmpdir(), 'hom-thu-preview-'));
  const preview = await createPreviewServer({ dir, port: 0, log: () => undefined });
  const browser = await launch();
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
