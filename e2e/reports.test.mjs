// "Meld een probleem" in a real browser (issue 9): a visitor opens a
// material, follows "Meld een probleem", sends the form too fast (refused in
// Dutch, the choice and comment kept), sends it again after a moment and
// gets the thank-you page; the beheerder (made by the CLI) reads the report
// in the hub's meldingen and marks it afgehandeld. The form works without
// script; JavaScript stays on because axe runs as a script in the page.
// axe and the Nu HTML Checker check the form, the refusal, the thank-you
// page and the list at laptop and phone width; screenshots land in
// artifacts/ for a person to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { withPage, gotoOK } from './lib/browser.mjs';
import { signedInHeaders, e2eAdmin, e2ePassword } from './lib/account.mjs';
import { listMaterials } from './lib/pages.mjs';
import { openSuite, closeSuite, widths, PageChecks } from './lib/suite.mjs';

const checks = new PageChecks('reports', { sideways: 'innerWidth' });
let hub, browser, materials;

before(async () => {
  ({ hub, browser } = await openSuite('reports'));
  await signedInHeaders(hub, e2eAdmin); // makes the beheerder with the CLI
  materials = (await listMaterials(hub)).filter((m) => m.hub);
});

after(async () => {
  await closeSuite({ hub, browser });
  checks.cleanup();
});

widths.forEach(({ label, viewport }, i) => {
  test(`a visitor reports a problem and the beheerder handles it (${label})`, async (t) => {
    const m = materials[i];
    await withPage(t, browser, { file: 'reports', viewport }, async (page) => {
      await gotoOK(page, hub.url(`/materialen/${m.slug}`));
      await Promise.all([page.waitForURL(/\/melden$/), page.click('a:has-text("Meld een probleem")')]);
      await checks.check(page, 'formulier', label);
      await page.check('input[name="reden"][value="verouderd"]');
      await page.fill('#melding-toelichting', `De cijfers over energie zijn van 2012 <b>(${label})</b>.`);
      const [resp] = await Promise.all([page.waitForNavigation(), page.click('button:has-text("Melding versturen")')]);
      assert.equal(resp.status(), 422, 'sent at once: faster than a person');
      assert.match(await page.locator('.error-summary').innerText(), /sneller dan iemand het kan invullen/);
      assert.ok(await page.isChecked('input[name="reden"][value="verouderd"]'), 'the choice is kept');
      assert.match(await page.inputValue('#melding-toelichting'), /van 2012/);
      await checks.check(page, 'formulier-fout', label);
      await page.waitForTimeout(3200);
      await Promise.all([page.waitForURL(/\/melden\/bedankt$/), page.click('button:has-text("Melding versturen")')]);
      assert.match(await page.locator('h1').innerText(), /Bedankt voor je melding/);
      await checks.check(page, 'bedankt', label);
    });
    await withPage(t, browser, { file: 'reports', viewport }, async (page) => {
      await gotoOK(page, hub.url(`/aanmelden?terug=/hubs/${m.hub}/meldingen`));
      await page.fill('input[name="email"]', e2eAdmin.email);
      await page.fill('input[name="password"]', e2ePassword);
      await Promise.all([page.waitForURL(/\/meldingen$/), page.click('form.account-form button[type="submit"]')]);
      const item = page.locator('.report-item', { hasText: `(${label})` });
      assert.match(await item.innerText(), /De inhoud is verouderd/);
      assert.match(await item.locator('.report-comment').innerText(), /<b>\(/, 'the comment is text, not HTML');
      await checks.check(page, 'lijst', label);
      await Promise.all([page.waitForURL(/melding=afgehandeld/), item.locator('button').click()]);
      assert.match(await page.locator('[role="status"]').innerText(), /afgehandeld/);
      assert.equal(await page.locator('.report-item', { hasText: `(${label})` }).count(), 0);
    });
  });
});

test('the report pages are valid HTML', () => checks.validate(8));
