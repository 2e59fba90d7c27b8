/**
 * Browser tests of the dashboard: the system Chromium driven by playwright-core (no browser
 * download), a mock started in-process on a free port, one page per test, a screenshot of each
 * under .tap/screenshots/ for a reviewer. Without Chromium, a test file skips in one line.
 * The page is dist/ui (built by `npm test`'s pretest, or `npm run build`).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Test } from 'tap';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startMock, type StartOptions, type StartedMock } from '../../src/start.js';

export const CHROMIUM = process.env.HW_MOCK_CHROMIUM || '/usr/bin/chromium';
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BUILT = existsSync(`${ROOT}dist/ui/index.html`);

/** Why a browser test file cannot run here (no Chromium, or the page not built), in one line; undefined: it can. */
export const SKIP_REASON = !existsSync(CHROMIUM)
  ? `browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set HW_MOCK_CHROMIUM)`
  : !BUILT
    ? 'browser tests skipped: the dashboard is not built (npm run build; npm test builds it)'
    : undefined;
const SHOTS = `${ROOT}.tap/screenshots/`;

export const PROJECT = '0a5bbd0c7e0c4b4e8f1e8c0b0a9a6f3e';

/** One browser per test file, closed when the file's tests end. */
export async function launch(t: Test): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM });
  t.teardown(() => browser.close());
  return browser;
}

export interface Dashboard {
  readonly mock: StartedMock;
  readonly page: Page;
  /** Uncaught errors and console errors of the page (failed loads of 4xx answers aside: the page makes some on purpose). */
  readonly problems: string[];
  /** Saves .tap/screenshots/<name>.png (the viewport, or the whole page). */
  screenshot(name: string, fullPage?: boolean): Promise<string>;
}

/**
 * A mock (virtual clock, silent, default scenario unless told) and a 1280×800 page on its
 * dashboard, both closed at the end of the test. A test ends with `clean(t, dashboard)`.
 */
export async function openDashboard(t: Test, browser: Browser, options: StartOptions = {}, page: { colorScheme?: 'light' | 'dark'; open?: boolean } = {}): Promise<Dashboard> {
  const mock = await startMock({ clock: 'virtual', logLevel: 'silent', ...options });
  t.teardown(() => mock.close());
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: page.colorScheme ?? 'light' });
  t.teardown(() => context.close());
  const p = await context.newPage();
  p.setDefaultTimeout(10_000);
  const problems: string[] = [];
  p.on('pageerror', (err) => problems.push(`uncaught: ${err.message}`));
  p.on('console', (message) => {
    if (message.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  if (page.open !== false) await p.goto(`${mock.url}/_mock/ui`);
  return {
    mock,
    page: p,
    problems,
    async screenshot(name, fullPage = false) {
      mkdirSync(SHOTS, { recursive: true });
      const path = `${SHOTS}${name}.png`;
      await p.screenshot({ path, fullPage });
      return path;
    },
  };
}

/** Waits until the page shows data and its event stream is open (so later changes reach it). */
export async function ready(page: Page): Promise<void> {
  await page.locator('#connection.open').waitFor();
  await page.locator('#dashboard tr[data-id], #dashboard article[data-id]').first().waitFor();
}

/** Clicks one of the header's advance buttons (+1 s, +10 s, +1 min) and waits for the clock to show the new time. */
export async function advance(page: Page, label: '+1 s' | '+10 s' | '+1 min'): Promise<void> {
  const before = await page.locator('.clock-now').getAttribute('datetime');
  await page.locator('.advance').getByRole('button', { name: { '+1 s': 'Advance one second', '+10 s': 'Advance ten seconds', '+1 min': 'Advance one minute' }[label] }).click();
  await page.waitForFunction((b) => document.querySelector('.clock-now')?.getAttribute('datetime') !== b, before);
}

/** The page threw nothing and logged no error. */
export function clean(t: Test, dashboard: Dashboard): void {
  t.same(dashboard.problems, [], 'the page threw nothing and logged no error');
}
