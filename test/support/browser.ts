import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Launches Debian's Chromium for a suite. Without it the suite is skipped with a note,
 * unless REQUIRE_BROWSER is set (as .ci/run does), where a missing browser fails.
 */
export function useBrowser(): { current: Browser } {
  const holder = {} as { current: Browser };
  before(async function () {
    if (!existsSync(CHROMIUM_PATH)) {
      if (process.env.REQUIRE_BROWSER) throw new Error(`Chromium not found at ${CHROMIUM_PATH}`);
      console.log(`    skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`);
      this.skip();
    }
    holder.current = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  after(async () => {
    await holder.current?.close();
  });
  return holder;
}

/** A new page that records console errors, page errors, failed requests and HTTP errors. */
export async function openPage(
  browser: Browser,
  options: { viewport?: { width: number; height: number }; javaScriptEnabled?: boolean } = {},
) {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 800 },
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
  const page: Page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (req) =>
    problems.push(`request failed: ${req.url()} ${req.failure()?.errorText ?? ''}`),
  );
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  return {
    page,
    problems,
    close: () => context.close(),
    /** Runs `step`; a failure says which page it was on, what it showed and what went wrong. */
    explain: async <T>(step: () => Promise<T>): Promise<T> => {
      try {
        return await step();
      } catch (error) {
        if (!(error instanceof Error)) throw error;
        // Mocha prints the stack, which holds the message as it was when thrown.
        const detail = `\n${await describePage(page, problems)}`;
        error.stack = error.stack?.replace(error.message, () => error.message + detail);
        error.message += detail;
        throw error;
      }
    },
  };
}

/** Where a page is and what it shows, for a failure's message. */
async function describePage(page: Page, problems: string[]): Promise<string> {
  const text = await page
    .locator('body')
    .innerText({ timeout: 1000 })
    .catch((error: Error) => `(no text: ${error.message.split('\n')[0]})`);
  // A step may have failed because the page or its browser closed: say so, keep the error.
  const cookies = await page
    .context()
    .cookies()
    .catch(() => [{ name: '(unreadable: the page or browser closed)' }]);
  return [
    `on ${page.url()}`,
    `cookies: ${cookies.map((cookie) => cookie.name).join(', ') || 'none'}`,
    `problems: ${problems.join('; ') || 'none'}`,
    `text: ${text.replace(/\s+/g, ' ').slice(0, 600)}`,
  ].join('\n');
}

/**
 * Runs `use` with a fresh page, closes it after, and fails if the page logged a console
 * error, threw, or had a request fail.
 */
export async function withPage(
  browser: Browser,
  use: (page: Page) => Promise<void>,
  options: Parameters<typeof openPage>[1] = {},
): Promise<void> {
  const { page, problems, close, explain } = await openPage(browser, options);
  try {
    await explain(() => use(page));
    assert.deepEqual(problems, [], 'the page had no console error, page error or failed request');
  } finally {
    await close();
  }
}

/** The serious and critical axe-core findings on the page as it is now, one line each. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  const { default: axe } = await import('axe-core');
  // evaluate runs through DevTools, so the page's Content-Security-Policy does not block it.
  await page.evaluate(axe.source);
  const found = (await page.evaluate('axe.run()')) as {
    violations: Array<{ id: string; impact: string | null; help: string; nodes: unknown[] }>;
  };
  return found.violations
    .filter((item) => item.impact === 'serious' || item.impact === 'critical')
    .map((item) => `${item.impact} ${item.id}: ${item.help} (${item.nodes.length})`);
}

/** Saves a full-page screenshot under .data/screenshots for a person to look at. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const file = `${process.cwd()}/.data/screenshots/${name}.png`;
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
