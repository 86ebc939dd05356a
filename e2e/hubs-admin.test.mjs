// The regional hubs as records in a real browser (issue 8): the admin made by the CLI goes from /mijn-account to the hub
// admin, sends the Limburg form with mistakes (a message beside each field
// and a summary that links to them), corrects it and sees the hub page
// change, then makes a new hub. The refused form and the hub page with its
// own contact are checked with axe and the Nu HTML Checker at laptop and
// phone width (the template list in lib/pages.mjs covers the untouched
// pages), and screenshots of each land in artifacts/ for a person to look at.
// The forms are plain HTML (no script of their own); JavaScript stays on
// because axe runs as a script in the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { artifactsDir } from './lib/server.mjs';
import { withPage, gotoOK } from './lib/browser.mjs';
import { signedInHeaders, e2eAdmin } from './lib/account.mjs';
import { signIn } from './lib/audit.mjs';
import { openSuite, closeSuite, widths, PageChecks } from './lib/suite.mjs';

const checks = new PageChecks('hubs-admin');
let hub, browser;

before(async () => {
  ({ hub, browser } = await openSuite('hubs-admin'));
  await signedInHeaders(hub, e2eAdmin); // makes the admin with the CLI
});

after(async () => {
  await closeSuite({ hub, browser });
  checks.cleanup();
});

for (const { label, viewport } of widths) {
  test(`an admin corrects a refused hub form and the hub page follows (${label})`, async (t) => {
    await withPage(t, browser, { file: 'hubs-admin', viewport }, async (page) => {
      await signIn(page, hub, e2eAdmin.email);
      await Promise.all([page.waitForURL(/\/beheer\/hubs$/), page.click('a[href="/beheer/hubs"]')]);
      assert.match(await page.locator('table').innerText(), /Limburg/);
      await checks.check(page, 'lijst', label);
      await Promise.all([page.waitForURL(/\/beheer\/hubs\/limburg$/), page.click('a[href="/beheer/hubs/limburg"]')]);
      await checks.check(page, 'formulier', label);

      await page.fill('#veld-name', '');
      await page.fill('#veld-contact_email', 'stem at limburg');
      const [resp] = await Promise.all([page.waitForNavigation(), page.click('button:has-text("Wijzigingen bewaren")')]);
      assert.equal(resp.status(), 422);
      const summary = await page.locator('.error-summary').innerText();
      assert.match(summary, /Naam: Vul de naam in\./);
      assert.match(summary, /E-mailadres: .*geen geldig e-mailadres/);
      assert.equal(await page.getAttribute('#veld-contact_email', 'aria-invalid'), 'true');
      assert.equal(await page.inputValue('#veld-contact_email'), 'stem at limburg', 'what was typed stays in the field');
      await checks.check(page, 'formulier-fouten', label);
      // The summary's link takes the keyboard to the field.
      await page.click('.error-summary a[href="#veld-name"]');
      assert.equal(await page.evaluate(() => location.hash), '#veld-name');

      const name = `Limburg ${label}`;
      await page.fill('#veld-name', name);
      await page.fill('#veld-contact_email', 'stem@rtc-limburg.be');
      await page.fill('#veld-contact_url', 'https://www.rtc-limburg.be/stem');
      await Promise.all([page.waitForURL(/melding=bewaard/), page.click('button:has-text("Wijzigingen bewaren")')]);
      assert.match(await page.locator('[role="status"]').innerText(), /bewaard/);
      await gotoOK(page, hub.url('/hubs/limburg'));
      assert.equal(await page.locator('h1').innerText(), name);
      assert.equal(await page.getAttribute('a[href^="mailto:"]', 'href'), 'mailto:stem@rtc-limburg.be');
      await checks.check(page, 'hubpagina', label);
      // The page is long on a phone: the changed parts on their own as well.
      await page.locator('.hub-header').screenshot({ path: path.join(artifactsDir, `hubs-admin--hubpagina-kop-${label}.png`) });
      await page.locator('.hub-contact').screenshot({ path: path.join(artifactsDir, `hubs-admin--hubpagina-contact-${label}.png`) });
    });
  });
}

test('an admin makes a new hub; a material can then name it', async (t) => {
  await withPage(t, browser, { file: 'hubs-admin' }, async (page) => {
    await signIn(page, hub, e2eAdmin.email);
    await gotoOK(page, hub.url('/beheer/hubs'));
    await Promise.all([page.waitForURL(/\/beheer\/hubs\/nieuw$/), page.click('a[href="/beheer/hubs/nieuw"]')]);
    await page.fill('#veld-slug', 'kempen');
    await page.fill('#veld-name', 'De Kempen');
    await page.fill('#veld-region', 'Noorderkempen');
    await page.selectOption('#veld-rtc', 'rtc-antwerpen');
    await Promise.all([page.waitForURL(/\/beheer\/hubs\/kempen\?melding=gemaakt$/), page.click('button:has-text("Hub maken")')]);
    await gotoOK(page, hub.url('/hubs/kempen'));
    assert.equal(await page.locator('h1').innerText(), 'De Kempen');
    const api = await (await fetch(hub.url('/api/v1/hubs'))).json();
    assert.equal(api.hubs.at(-1).slug, 'kempen');
  });
});

test('the refused form and the hub page with its own contact are valid HTML', () => checks.validate(8));
