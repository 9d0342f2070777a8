/**
 * A real browser for the dashboard tests: Debian's Chromium (installed by .ci/run) driven by playwright-core, headless,
 * at 1280x800. Each signed-in user gets a context of its own (its own sessionStorage, like a browser tab); every page
 * can be photographed into test/output/screenshots (named in the README).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM = process.env.OCO_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.join(__dirname, '..', 'output', 'screenshots');
export const VIEWPORT = { width: 1280, height: 800 };

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
}

export interface SignedIn {
  context: BrowserContext;
  page: Page;
  /** Opens a dashboard path ("/cycli/x/nvi") and waits until the page has read what it shows. */
  open(dashboardPath: string): Promise<void>;
  /** A screenshot of the whole page at 1280 wide, as test/output/screenshots/<name>.png. */
  shoot(name: string): Promise<void>;
  /** What went wrong in the page itself (uncaught errors, console errors): a test expects none. */
  errors: string[];
}

export async function signIn(browser: Browser, baseUrl: string, token: string): Promise<SignedIn> {
  const context = await browser.newContext({
    viewport: VIEWPORT,
    locale: 'nl-NL',
    timezoneId: 'Europe/Amsterdam',
  });
  const page = await context.newPage();
  // A step that does not happen fails within seconds, naming what it waited for.
  page.setDefaultTimeout(20_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // A refusal (4xx) the page shows to the user is expected in some tests; the browser also logs it as a resource error.
    if (message.type() === 'error' && !/responded with a status of 4\d\d/.test(message.text()))
      errors.push(message.text());
  });
  await page.goto(`${baseUrl}/ui/`);
  await page.getByLabel('Sleutel').fill(token);
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  await page.getByRole('button', { name: 'Afmelden' }).waitFor();
  const settled = async () => {
    await page.waitForLoadState('networkidle');
    await page.locator('.loading').waitFor({ state: 'detached' });
  };
  return {
    context,
    page,
    errors,
    async open(dashboardPath) {
      await page.goto(`${baseUrl}/ui${dashboardPath}`);
      try {
        await page.getByRole('button', { name: 'Afmelden' }).waitFor();
        await settled();
      } catch (error) {
        mkdirSync(SCREENSHOTS, { recursive: true });
        await page.screenshot({ path: path.join(SCREENSHOTS, 'failed-open.png') });
        throw new Error(
          `${dashboardPath} did not open: ${(error as Error).message}; page says: ${await page.textContent('body')}; ${errors.join('; ')}`,
        );
      }
    },
    async shoot(name) {
      await settled();
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
  };
}
