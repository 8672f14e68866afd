import assert from 'node:assert/strict';
import { useTestApp } from './support/app.js';
import { useBrowser, withPage } from './support/browser.js';

describe('in a browser', function () {
  this.timeout(60_000);
  const app = useTestApp();
  const browser = useBrowser();

  it('loads the home page with no console error, failed request or CSP violation', () =>
    withPage(browser.current, async (page) => {
      await page.goto(`${app.current.baseUrl}/`, { waitUntil: 'networkidle' });
      assert.equal(await page.title(), 'Seats');
      assert.ok(await page.getByRole('navigation', { name: 'Main' }).isVisible());
    }));

  it('fits a phone screen without sideways scrolling', () =>
    withPage(
      browser.current,
      async (page) => {
        await page.goto(`${app.current.baseUrl}/`, { waitUntil: 'networkidle' });
        const overflow = Number(
          await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'),
        );
        assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
      },
      { viewport: { width: 360, height: 740 } },
    ));

  it('renders the API reference from our own files under the CSP', () =>
    withPage(browser.current, async (page) => {
      await page.goto(`${app.current.baseUrl}/api/docs`, { waitUntil: 'networkidle' });
      await page
        .locator('.opblock-summary-path', { hasText: '/api/system/ping' })
        .first()
        .waitFor({ timeout: 15_000 });
    }));

  it('submits the ping form without JavaScript help and shows the answer', () =>
    withPage(browser.current, async (page) => {
      await page.goto(`${app.current.baseUrl}/ping`);
      await page.getByLabel('Text to echo').fill('from a browser');
      await page.getByRole('button', { name: 'Check' }).click();
      await page.getByRole('status').waitFor();
      assert.match(await page.getByRole('status').innerText(), /The server answered at/);
      assert.ok(await page.getByText('from a browser', { exact: true }).isVisible());
    }));
});
