import assert from 'node:assert/strict';
import { useTestApp } from './support/app.js';
import { useBrowser, withPage } from './support/browser.js';
import { buildUser, codeFor } from './support/factories.js';

/** "2027-02-01T19:00", days from now, as a datetime-local field takes it. */
const wallTime = (days: number, hour: number) => {
  const day = new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  return `${day}T${String(hour).padStart(2, '0')}:00`;
};

describe('managing the catalog in a browser', function () {
  this.timeout(90_000);
  const app = useTestApp();
  const browser = useBrowser();

  it('builds a hall in the layout editor, creates and publishes an event, and finds it on /', () =>
    withPage(browser.current, async (page) => {
      const admin = await buildUser({ role: 'admin' });
      await page.goto(`${app.current.baseUrl}/admin/venues`);
      await page.getByLabel('Username').fill(admin.username);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByLabel('The 6-digit code from your app').fill(codeFor(admin));
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Venues and halls' }).waitFor();

      await page.locator('#name').fill('Browser Arts Centre');
      await page.locator('#address').fill('1 Test Street');
      await page.getByRole('button', { name: 'Create venue' }).click();
      await page.getByText('Browser Arts Centre is created').waitFor();
      await page.getByRole('link', { name: 'Add a hall' }).click();

      const summary = page.locator('[data-preview-summary]');
      await page.locator('#name').fill('Studio 9');
      await page.locator('#sections-0-name').fill('Stalls');
      await page.locator('#sections-0-rows').fill('3');
      await page.locator('#sections-0-seats_per_row').fill('8');
      await page.locator('#sections-0-aisles_after').fill('4');
      await page.locator('#sections-0-curve').fill('1');
      await assert.doesNotReject(
        summary.filter({ hasText: '24 seats in 1 section.' }).waitFor({ timeout: 5000 }),
      );
      assert.equal(await page.locator('[data-preview] circle').count(), 24);
      assert.equal(
        await page.locator('#sections-0-capacity').isVisible(),
        false,
        'standing fields hidden',
      );

      await page.getByRole('button', { name: 'Add a standing area' }).click();
      await page.locator('#sections-1-name').fill('Bar');
      await page.locator('#sections-1-capacity').fill('15');
      await page.locator('#sections-1-y').fill('5');
      await page.locator('#sections-1-width').fill('8');
      await page.locator('#sections-1-height').fill('2');
      await summary.filter({ hasText: '24 seats and 15 standing places in 2 sections.' }).waitFor();

      // A live check with the server's rules: the bar moved onto the seats is no problem
      // (areas may overlap), but a seat count of zero is.
      await page.locator('#sections-0-seats_per_row').fill('0');
      await page
        .locator('[data-preview-errors] li')
        .filter({ hasText: 'Section 1 (seats per row): must be a whole number from 1 to 200' })
        .waitFor();
      await page.locator('#sections-0-seats_per_row').fill('8');
      await summary.filter({ hasText: '24 seats and 15 standing places' }).waitFor();
      await page.getByRole('button', { name: 'Create hall' }).click();
      await page.getByText('39 places in 2 sections').waitFor();

      await page.getByRole('link', { name: 'Create an event in this hall' }).click();
      await page.getByLabel('Title').fill('Browser Premiere');
      await page.getByLabel('Starts').fill(wallTime(10, 19));
      await page.getByLabel('Ends').fill(wallTime(10, 21));
      await page.getByLabel('Stalls (24)').fill('18.50');
      await page.getByLabel('Bar (standing, 15)').fill('12');
      await page.getByRole('button', { name: 'Save as draft' }).click();
      await page.getByText('The draft is saved').waitFor();
      await page.getByRole('button', { name: 'Publish and put on sale' }).click();
      await page.getByText('Browser Premiere is on sale now.').waitFor();

      await page.goto(`${app.current.baseUrl}/`);
      await page.getByRole('link', { name: 'Browser Premiere' }).click();
      await page.getByRole('heading', { name: 'Browser Premiere' }).waitFor();
      assert.equal(await page.locator('.seat-map .seat').count(), 24);
      assert.match(
        (await page.locator('.seat-map .seat').first().getAttribute('aria-label')) ?? '',
        /^Stalls, row A, seat 1, €18\.50, available$/,
      );
    }));
});
