/**
 * Debian's Chromium driven by playwright-core, for the browser tests; CI installs it (.ci/run). A
 * missing browser fails the test that needs it, with what to install: it is never skipped.
 */
import { access, constants, copyFile, mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Where the browser tests expect Chromium. */
export const CHROMIUM = '/usr/bin/chromium';

/** The size every screenshot is taken at: the smallest screen the page is laid out for. */
export const VIEWPORT = { width: 1280, height: 800 } as const;

const DOCS_SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

/** Launches headless Chromium, or fails saying how to install it. */
export async function launchChromium(): Promise<Browser> {
  await access(CHROMIUM, constants.X_OK).catch((error: Error) => {
    throw new Error(`the browser tests need Chromium at ${CHROMIUM} (apt-get install chromium, as .ci/run does): ${error.message}`, { cause: error });
  });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
}

/** Screenshots of a test run: into a temporary directory, and into docs/screenshots/ with UPDATE_SCREENSHOTS=1. */
export interface Screenshots {
  readonly dir: string;
  take(page: Page, name: string): Promise<string>;
}

export async function screenshots(): Promise<Screenshots> {
  const dir = await mkdtemp(join(tmpdir(), 'kubelab-screenshots-'));
  const update = Boolean(process.env['UPDATE_SCREENSHOTS']);
  if (update) await mkdir(DOCS_SCREENSHOTS, { recursive: true });
  return {
    dir,
    take: async (page, name) => {
      const path = join(dir, `${name}.png`);
      await page.screenshot({ path });
      if (update) await copyFile(path, join(DOCS_SCREENSHOTS, `${name}.png`));
      return path;
    },
  };
}

/** The text xterm.js shows, as its screen-reader accessibility tree has it (one row per line). */
export function terminalText(page: Page): Promise<string> {
  return page.locator('.xterm-accessibility-tree').innerText();
}
