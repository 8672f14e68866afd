import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { useTestApp } from './support/app.js';
import { openPage, useBrowser } from './support/browser.js';
import { buildOnSaleEvent, buildUser, codeFor } from './support/factories.js';

async function signIn(page: Page, baseUrl: string, next: string) {
  const user = await buildUser();
  await page.goto(`${baseUrl}/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Username').fill(user.username);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('The 6-digit code from your app').fill(codeFor(user));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${baseUrl}${next}`);
}

describe('buying a seat in a browser', function () {
  this.timeout(90_000);
  const app = useTestApp();
  const browser = useBrowser();

  it('a seat held on one page turns unavailable on another without a reload; the first books it and sees its ticket', async () => {
    const { event, seatIds, sections } = await buildOnSaleEvent({ rows: 2, perRow: 5 });
    const pages: Array<Awaited<ReturnType<typeof openPage>>> = [];
    const open = async (current: Browser) => {
      const opened = await openPage(current);
      pages.push(opened);
      return opened.page;
    };
    try {
      const watcher = await open(browser.current);
      const buyer = await open(browser.current);
      const eventPage = `/events/${event.id}`;
      await watcher.goto(`${app.current.baseUrl}${eventPage}`);
      await signIn(buyer, app.current.baseUrl, eventPage);
      const seat = `[data-seat-id="${seatIds[0]}"]`;
      // Both pages have their live map (a snapshot's version) before the seat changes hands.
      await buyer.locator('[data-live-map][data-version]').waitFor();
      await watcher.locator('[data-live-map][data-version]').waitFor();

      await buyer.locator(seat).click();
      await buyer.locator(`${seat}.seat--mine`).waitFor();
      await watcher.locator(`${seat}.seat--held`).waitFor({ timeout: 5000 });
      assert.match(
        (await watcher.locator(seat).getAttribute('aria-label')) ?? '',
        /held by someone$/,
      );
      assert.equal(
        await watcher.locator(`${seat}.seat--mine`).count(),
        0,
        'only the holder sees it as theirs',
      );
      await watcher
        .locator(`[data-section-left="${sections[0]!.id}"]`)
        .filter({ hasText: /^9$/ })
        .waitFor();
      await buyer.locator('[data-hold-panel]').getByText('Stalls, row A, seat 1').waitFor();

      await buyer.getByRole('button', { name: 'Check out' }).click();
      await buyer.getByRole('heading', { name: 'Checkout' }).waitFor();
      await buyer.getByLabel('Card number').fill('4242 4242 4242 4242');
      await buyer.getByRole('button', { name: 'Pay €25.00' }).click();
      await buyer.getByText('Paid. Your tickets are below').waitFor();
      await buyer.getByAltText(/QR code of ticket/).waitFor();
      assert.match(await buyer.locator('.ticket').first().innerText(), /Stalls, row A, seat 1/);

      await watcher.locator(`${seat}.seat--booked`).waitFor({ timeout: 5000 });
      for (const { problems } of pages) assert.deepEqual(problems, []);
    } finally {
      for (const { close } of pages) await close();
    }
  });

  it('holds and books with plain forms when JavaScript is off', async () => {
    const { event, seatIds } = await buildOnSaleEvent({ rows: 1, perRow: 4, standing: 5 });
    const { page, close, explain } = await openPage(browser.current, {
      javaScriptEnabled: false,
    });
    try {
      await explain(async () => {
        await signIn(page, app.current.baseUrl, `/events/${event.id}`);
        await page.locator(`[data-seat-box="${seatIds[1]}"]`).check();
        await page.getByLabel(/Floor \(standing/).selectOption('2');
        await page.getByRole('button', { name: 'Hold these places' }).click();
        await page.getByRole('heading', { name: 'Your seats' }).waitFor();
        assert.match(await page.locator('[data-hold-places]').innerText(), /A2[\s\S]*2 × Floor/);
        await page.getByLabel('Coupon (optional)').fill('');
        await page.getByRole('button', { name: 'Check out' }).click();
        await page.getByLabel('Card number').fill('4000 0000 0000 0002');
        await page.getByRole('button', { name: /^Pay / }).click();
        await page.getByText('The card was declined').waitFor();
        await page.getByLabel('Card number').fill('4242424242424242');
        await page.getByRole('button', { name: /^Pay / }).click();
        await page.getByText('Paid. Your tickets are below').waitFor();
        assert.equal(await page.getByAltText(/QR code of ticket/).count(), 3);
      });
    } finally {
      await close();
    }
  });
});
