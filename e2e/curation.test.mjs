// Curation in a real browser (issue 9): the admin made by the CLI (a
// beheerder, so a curator of every hub) features two Limburg materials
// from the picks page — one found with the page's own search, one pasted
// as an address, a refused address on the way — moves the second up and
// sees the hub page follow; makes a public Limburg collection and reads its
// page; the trainer makes a private collection, shares it, and the link
// opens signed out. Every page is checked with axe and the Nu HTML Checker
// at laptop and phone width, and screenshots land in artifacts/. The forms
// are plain HTML (the pages load no script of their own); JavaScript stays
// on because axe runs as a script in the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { getJSON } from './lib/server.mjs';
import { withPage, gotoOK } from './lib/browser.mjs';
import { signedInHeaders, e2eAdmin, e2eEmail } from './lib/account.mjs';
import { signIn } from './lib/audit.mjs';
import { openSuite, closeSuite, widths, PageChecks } from './lib/suite.mjs';

const checks = new PageChecks('curation', { sideways: 'clientWidth' });
let hub, browser, limburg;

before(async () => {
  ({ hub, browser } = await openSuite('curation'));
  await signedInHeaders(hub, e2eAdmin); // makes the admin with the CLI
  await signedInHeaders(hub); // makes the trainer (a leraar) with the CLI
  limburg = (await getJSON(hub.url('/api/v1/materials?hub=limburg&per_page=10&sort=title'))).hits;
  assert.ok(limburg.length >= 2, 'the seed has fewer than two Limburg materials');
});

after(async () => {
  await closeSuite({ hub, browser });
  checks.cleanup();
});

// listed returns the material links of a list, in order.
const listed = (page, sel) => page.locator(`${sel} a[href^="/materialen/"]`).evaluateAll((as) => as.map((a) => a.getAttribute('href')));

for (const { label, viewport } of widths) {
  test(`an admin features Limburg materials and makes a public collection (${label})`, async (t) => {
    await withPage(t, browser, { file: 'curation', viewport }, async (page) => {
      await signIn(page, hub, e2eAdmin.email);
      const [first, second] = limburg;
      await gotoOK(page, hub.url('/hubs/limburg/uitgelicht'));
      // Remove what an earlier width left, so each run starts empty.
      while (await page.locator('.list-editor button:has-text("Verwijderen")').count()) {
        await Promise.all([page.waitForNavigation(), page.locator('.list-editor button:has-text("Verwijderen")').first().click()]);
      }
      const word = first.title.toLowerCase().match(/[\p{L}]{5,}/u)[0];
      await page.fill('#veld-zoek', word);
      await Promise.all([page.waitForNavigation(), page.click('form[role="search"] button')]);
      await checks.check(page, 'uitgelicht-zoeken', label);
      await Promise.all([page.waitForURL(/klaar=toevoegen/), page.locator(`.list-editor-hits li:has(input[value="${first.slug}"]) button`).click()]);
      // A refused address: the message beside the field and in the summary, the value kept.
      await page.fill('#veld-material', 'bestaat-niet');
      const [resp] = await Promise.all([page.waitForNavigation(), page.click('form[novalidate] button:has-text("Toevoegen")')]);
      assert.equal(resp.status(), 422);
      assert.match(await page.locator('.error-summary').innerText(), /Materiaal: Er is geen gepubliceerd materiaal met het adres ‘bestaat-niet’/);
      assert.equal(await page.getAttribute('#veld-material', 'aria-invalid'), 'true');
      await checks.check(page, 'uitgelicht-fout', label);
      await page.fill('#veld-material', hub.url(`/materialen/${second.slug}`));
      await page.fill('#veld-note', 'Begin hiermee: het werkt zonder dure materialen.');
      await Promise.all([page.waitForURL(/klaar=toevoegen/), page.click('form[novalidate] button:has-text("Toevoegen")')]);
      assert.deepEqual(await listed(page, '.list-editor'), [`/materialen/${first.slug}`, `/materialen/${second.slug}`]);
      await Promise.all([page.waitForURL(/klaar=omhoog/), page.locator('.list-editor-item').nth(1).locator('button:has-text("Omhoog")').click()]);
      assert.deepEqual(await listed(page, '.list-editor'), [`/materialen/${second.slug}`, `/materialen/${first.slug}`]);
      assert.match(await page.locator('[role="status"]').first().innerText(), /een plaats hoger/);
      await checks.check(page, 'uitgelicht', label);

      await gotoOK(page, hub.url('/hubs/limburg'));
      assert.deepEqual((await listed(page, '.picks')).slice(0, 2), [`/materialen/${second.slug}`, `/materialen/${first.slug}`]);
      assert.match(await page.locator('.picks').innerText(), /Begin hiermee/);
      await checks.check(page, 'hubpagina', label);

      // A public collection of Limburg.
      const title = `Leerlijn Limburg ${label}`;
      await gotoOK(page, hub.url('/collecties/nieuw'));
      await page.fill('#veld-title', title);
      await page.fill('#veld-intro', 'Een *leerlijn* in twee stappen:\n\n- eerst bouwen\n- dan meten');
      await page.check('#veld-hub-limburg');
      await checks.check(page, 'collectie-nieuw', label);
      await Promise.all([page.waitForURL(/bewerken\?klaar=gemaakt/), page.click('button:has-text("Collectie maken")')]);
      for (const m of [first, second]) {
        await page.fill('#veld-material', m.slug);
        await Promise.all([page.waitForURL(/klaar=toevoegen/), page.click('form[novalidate] button:has-text("Toevoegen")')]);
      }
      await checks.check(page, 'collectie-bewerken', label);
      await Promise.all([page.waitForNavigation(), page.click('a:has-text("De collectie bekijken")')]);
      assert.equal(await page.locator('h1').innerText(), title);
      assert.equal(await page.locator('.collection-intro em').innerText(), 'leerlijn');
      const ld = JSON.parse(await page.locator('script[type="application/ld+json"]').textContent());
      assert.equal(ld['@type'], 'Collection');
      // (the hub's configured public address is in the URLs; the paths are what matters here)
      assert.deepEqual(ld.mainEntity.itemListElement.map((i) => new URL(i.item.url).pathname), [first, second].map((m) => `/materialen/${m.slug}`));
      await checks.check(page, 'collectie', label);

      // Search shows it, marked as a collection.
      await gotoOK(page, hub.url(`/zoeken?q=${encodeURIComponent(`leerlijn limburg ${label}`)}`));
      assert.match(await page.locator('.collection-hits').innerText(), new RegExp(`Collectie\\s+${title}`));
      await checks.check(page, 'zoeken-collecties', label);
      await gotoOK(page, hub.url(`/materialen/${first.slug}`));
      assert.match(await page.locator('.in-collections').innerText(), new RegExp(title));
    });
  });

  test(`a teacher shares a private collection and the link opens signed out (${label})`, async (t) => {
    let share;
    await withPage(t, browser, { file: 'curation', viewport }, async (page) => {
      await signIn(page, hub, e2eEmail);
      await gotoOK(page, hub.url('/mijn-collecties'));
      await Promise.all([page.waitForURL(/\/collecties\/nieuw$/), page.click('a:has-text("Nieuwe collectie")')]);
      assert.equal(await page.locator('#veld-hub-limburg').count(), 0, 'a teacher is offered a hub collection');
      await page.fill('#veld-title', `Mijn energielessen ${label}`);
      await Promise.all([page.waitForURL(/klaar=gemaakt/), page.click('button:has-text("Collectie maken")')]);
      await page.fill('#veld-material', limburg[0].slug);
      await Promise.all([page.waitForURL(/klaar=toevoegen/), page.click('form[novalidate] button:has-text("Toevoegen")')]);
      await Promise.all([page.waitForURL(/klaar=gedeeld/), page.click('button:has-text("Deellink maken")')]);
      share = await page.inputValue('#deellink');
      assert.match(share, /\/collecties\/deel\/[A-Za-z0-9_-]{32}$/);
      await checks.check(page, 'collectie-prive', label);
      await gotoOK(page, hub.url('/mijn-collecties'));
      await checks.check(page, 'mijn-collecties', label);
    });
    await withPage(t, browser, { file: 'curation', viewport }, async (page) => {
      const res = await gotoOK(page, hub.url(new URL(share).pathname)); // the link names the configured public address
      assert.match(res.headers()['cache-control'], /private/);
      assert.match(await page.getAttribute('meta[name="robots"]', 'content'), /noindex/);
      assert.deepEqual(await listed(page, '.pick-list'), [`/materialen/${limburg[0].slug}`]);
      await checks.check(page, 'collectie-gedeeld', label);
    });
  });
}

test('the curation pages are valid HTML', () => checks.validate(20));
