/**
 * Debian's Chromium driven by playwright-core, for the browser tests; CI installs it (.ci/run). A
 * missing browser fails the test that needs it, with what to install: it is never skipped.
 */
import { access, constants, copyFile, mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { ENV } from '#handlers/env.ts';
import { SITE_DIST, ensureSite, writeSiteConfig } from '../../frontend/build.ts';
import { startKubectlLab, type KubectlLab } from '../kubectl/support.ts';
import { layerBinary } from '../support/layer.ts';

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

/** What a browser test file runs against: Kubelab with the built page and the web terminal, and Chromium. */
export interface PageLab {
  readonly lab: KubectlLab;
  readonly browser: Browser;
  readonly shots: Screenshots;
}

/**
 * Starts Kubelab in local mode serving the built page, with the web terminal running the layer's
 * kubectl, and Chromium: what every browser test file starts with. `timeScale` slows the
 * simulated clock (the picture's test watches pods starting).
 */
async function startPageLab(options: { readonly timeScale?: number } = {}): Promise<PageLab> {
  process.env[ENV.kubectl] = await layerBinary('kubectl');
  process.env[ENV.terminalDir] = await mkdtemp(join(tmpdir(), 'kubelab-browser-terminal-'));
  // The global setup built the site; this only checks, and says where the API is, as npm start does.
  await ensureSite();
  await writeSiteConfig(SITE_DIST, { apiUrl: '' });
  const lab = await startKubectlLab({ frontendDir: SITE_DIST, ...(options.timeScale ? { timeScale: options.timeScale } : {}) });
  return { lab, browser: await launchChromium(), shots: await screenshots() };
}

/**
 * A test file's PageLab: started before its tests, stopped after them. Read its parts inside
 * tests (they exist once beforeAll has run).
 */
export function pageLabSession(options: { readonly timeScale?: number } = {}): PageLab {
  let started: PageLab | undefined;
  beforeAll(async () => {
    started = await startPageLab(options);
  });
  afterAll(() => stopPageLab(started));
  const get = (): PageLab => {
    if (!started) throw new Error('the page lab starts in beforeAll: use it inside a test');
    return started;
  };
  return {
    get lab() {
      return get().lab;
    },
    get browser() {
      return get().browser;
    },
    get shots() {
      return get().shots;
    },
  };
}

/** Stops what startPageLab started. */
async function stopPageLab(started: PageLab | undefined): Promise<void> {
  await started?.browser.close();
  await started?.lab.stop();
}

/** Calls the course API with a token (the admin's by default) and expects a JSON success. */
export async function callApi<T>(lab: KubectlLab, method: string, path: string, body?: unknown, token = lab.adminToken): Promise<T> {
  const response = await fetch(`${lab.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  expect(response.ok, `${method} ${path}`).toBe(true);
  return (await response.json()) as T;
}

/** Waits until the terminal shows text matching `pattern`, and answers what it shows. */
export async function terminalShows(page: Page, pattern: RegExp, timeout = 20_000): Promise<string> {
  await expect.poll(() => terminalText(page), { timeout, interval: 200 }).toMatch(pattern);
  return terminalText(page);
}

/** Types a line into the terminal (xterm.js takes keys through its hidden textarea). */
export async function typeLine(page: Page, text: string, enter = true): Promise<void> {
  await page.keyboard.type(text);
  if (enter) await page.keyboard.press('Enter');
}

/** Opens the page at `url` and signs in with a learner's `token` ("I have a token"), as a learner back from another browser does. */
export async function signInWithToken(page: Page, url: string, token: string): Promise<void> {
  await page.goto(`${url}/`, { waitUntil: 'load' });
  await page.getByRole('button', { name: 'I have a token' }).click();
  await page.locator('#token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
