import assert from 'node:assert/strict';
import { generateSync } from 'otplib';
import { useTestApp } from './support/app.js';
import { User } from '../app/models/index.js';
import { outsideReauthWindow } from './support/auth.js';
import { screenshot, seriousAxeViolations, useBrowser, withPage } from './support/browser.js';

/** The current code for a secret, or the next step's (a code is accepted once). */
const code = (secret: string, stepsAhead = 0) =>
  generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + stepsAhead * 30 });

describe('signing up and in, in a browser', function () {
  this.timeout(60_000);
  const app = useTestApp();
  const browser = useBrowser();

  it('enrols a new user through /login, signs out and signs in again', () =>
    withPage(browser.current, async (page) => {
      await page.goto(`${app.current.baseUrl}/login`);
      await page.getByLabel('Username').fill('browser_person');
      await page.getByRole('button', { name: 'Continue' }).click();

      await page.getByAltText('QR code to add Seats to your authenticator app').waitFor();
      const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
      await page.getByLabel('The 6-digit code from your app').fill(code(secret));
      await page.getByRole('button', { name: 'Create account' }).click();

      const codes = await page.getByTestId('recovery-codes').locator('li').allInnerTexts();
      assert.equal(codes.length, 10);
      await page.getByRole('link', { name: 'I have saved them' }).click();
      await page.getByText('Signed in as').waitFor();
      assert.match(await page.locator('main').innerText(), /Signed in as browser_person/);

      await page.getByRole('button', { name: 'Sign out browser_person' }).click();
      await page.getByText('You are signed out.').waitFor();

      await page.getByLabel('Username').fill('browser_person');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByText('Signing in as').waitFor();
      await page.getByLabel('The 6-digit code from your app').fill(code(secret, 1));
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('Signed in as').waitFor();
      assert.equal(new URL(page.url()).pathname, '/account');
    }));

  it('the account page fits a phone', () =>
    withPage(
      browser.current,
      async (page) => {
        await page.goto(`${app.current.baseUrl}/login`);
        await page.getByLabel('Username').fill('phone_person');
        await page.getByRole('button', { name: 'Continue' }).click();
        const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
        const overflow = Number(
          await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'),
        );
        assert.ok(overflow <= 0, `the enrolment step is ${overflow}px too wide`);
        await page.getByLabel('The 6-digit code from your app').fill(code(secret));
        await page.getByRole('button', { name: 'Create account' }).click();
        await page.getByRole('link', { name: 'I have saved them' }).click();
        await page.getByText('Signed in as').waitFor();
        const accountOverflow = Number(
          await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'),
        );
        assert.ok(accountOverflow <= 0, `/account is ${accountOverflow}px too wide`);
      },
      { viewport: { width: 360, height: 740 } },
    ));

  it('shows /account, with its token form and its confirm step, readably on a phone and a desktop', () =>
    withPage(browser.current, async (page) => {
      await page.goto(`${app.current.baseUrl}/login`);
      await page.getByLabel('Username').fill('account_looks');
      await page.getByRole('button', { name: 'Continue' }).click();
      const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
      await page.getByLabel('The 6-digit code from your app').fill(code(secret));
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.getByRole('link', { name: 'I have saved them' }).click();
      await page.getByLabel('Token name').fill('Door scanner');
      await page.getByLabel('write (hold, book, manage)').check();
      await page.getByRole('button', { name: 'Create token' }).click();
      await page.getByTestId('new-token').waitFor();
      assert.match(await page.locator('main').innerText(), /read, write · expires/);
      const user = await User.findByUsername('account_looks');
      await outsideReauthWindow(user!.id);
      await page.goto(`${app.current.baseUrl}/account`);
      await page.getByRole('heading', { name: 'Confirm it is you' }).waitFor();
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 900 });
        await screenshot(page, `account-${width}`);
        const overflow = Number(
          await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'),
        );
        assert.ok(overflow <= 0, `/account is ${overflow}px too wide at ${width}px`);
        assert.deepEqual(await seriousAxeViolations(page), []);
      }
      await page.getByLabel('Code from your app').first().fill(code(secret, 1));
      await page.getByRole('button', { name: 'Confirm', exact: true }).click();
      await page.getByTestId('reauth-state').waitFor();
    }));
});
