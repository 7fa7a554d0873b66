/**
 * Debian's Chromium, driven through playwright-core: where it is looked for and how it is started. The preview
 * prints its PDFs with it, the browser tests and the benchmarks drive pages with it. Nothing is downloaded: without
 * a Chromium at CHROMIUM_PATH (or /usr/bin/chromium), what needs it says so and does without.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** Where Chromium is looked for: CHROMIUM_PATH, else Debian's /usr/bin/chromium. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM;
}

/** How to get one, said where a missing Chromium is reported. */
export const CHROMIUM_HINT = 'sudo apt-get install chromium, or set CHROMIUM_PATH';

export function chromiumFound(executable = chromiumPath()): boolean {
  return existsSync(executable);
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(executable = chromiumPath()): Promise<Browser> {
  return chromium.launch({ executablePath: executable, args: CHROMIUM_ARGS });
}
