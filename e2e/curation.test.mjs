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
import { readFileSync, writeFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { startHub, artifactsDir, getJSON } from './lib/server.mjs';
import { launchBrowser, withPage, gotoOK } from './lib/browser.mjs';
import { signedInHeaders, e2eAdmin, e2eEmail, e2ePassword } from './lib/account.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const vnuJar = require.resolve('vnu-jar/build/dist/vnu.jar');
const widths = [{ label: 'laptop', viewport: { width: 1280, height: 900 } }, { label: 'telefoon', viewport: { width: 390, height: 844 } }];

let hub, browser, htmlDir, limburg;
const htmlFiles = [];

before(async () => {
  hub = await startHub({ name: 'curation' });
  browser = await launchBrowser();
  await signedInHeaders(hub, e2eAdmin); // makes the admin with the CLI
  await signedInHeaders(hub); // makes the trainer (a leraar) with the CLI
  htmlDir = mkdtempSync(path.join(tmpdir(), 'hub-e2e-curation-'));
  limburg = (await getJSON(hub.url('/api/v1/materials?hub=limburg&per_page=10&sort=title'))).hits;
  assert.ok(limburg.length >= 2, 'the seed has fewer than two Limburg materials');
});

after(async () => {
  await browser?.close();
  await hub?.stop();
  if (htmlDir) rmSync(htmlDir, { recursive: true, force: true });
});

async function signIn(page, email = e2eAdmin.email) {
  await gotoOK(page, hub.url('/aanmelden'));
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', e2ePassword);
  await Promise.all([page.waitForURL(/\/mijn-account$/), page.click('form.account-form button[type="submit"]')]);
}

// check runs axe (serious and critical fail), keeps the HTML for vnu, makes
// sure nothing scrolls sideways and takes a full-page screenshot.
async function check(page, name, label) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'],
  }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.equal(bad.length, 0, `${name} (${label}): ${bad.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('; ')}`);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(wide <= 0, `${name} (${label}) scrolls sideways by ${wide} px`);
  const file = path.join(htmlDir, `${name}-${label}.html`);
  writeFileSync(file, await page.content());
  htmlFiles.push(file);
  mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, `curation--${name}-${label}.png`), fullPage: true });
}

// listed returns the material links of a list, in order.
const listed = (page, sel) => page.locator(`${sel} a[href^="/materialen/"]`).evaluateAll((as) => as.map((a) => a.getAttribute('href')));

for (const { label, viewport } of widths) {
  test(`an admin features Limburg materials and makes a public collection (${label})`, async (t) => {
    await withPage(t, browser, { file: 'curation', viewport }, async (page) => {
      await signIn(page);
      const [first, second] = limburg;
      await gotoOK(page, hub.url('/hubs/limburg/uitgelicht'));
      // Remove what an earlier width left, so each run starts empty.
      while (await page.locator('.list-editor button:has-text("Verwijderen")').count()) {
        await Promise.all([page.waitForNavigation(), page.locator('.list-editor button:has-text("Verwijderen")').first().click()]);
      }
      const word = first.title.toLowerCase().match(/[\p{L}]{5,}/u)[0];
      await page.fill('#veld-zoek', word);
      await Promise.all([page.waitForNavigation(), page.click('form[role="search"] button')]);
      await check(page, 'uitgelicht-zoeken', label);
      await Promise.all([page.waitForURL(/klaar=toevoegen/), page.locator(`.list-editor-hits li:has(input[value="${first.slug}"]) button`).click()]);
      // A refused address: the message beside the field and in the summary, the value kept.
      await page.fill('#veld-material', 'bestaat-niet');
      const [resp] = await Promise.all([page.waitForNavigation(), page.click('form[novalidate] button:has-text("Toevoegen")')]);
      assert.equal(resp.status(), 422);
      assert.match(await page.locator('.error-summary').innerText(), /Materiaal: Er is geen gepubliceerd materiaal met het adres ‘bestaat-niet’/);
      assert.equal(await page.getAttribute('#veld-material', 'aria-invalid'), 'true');
      await check(page, 'uitgelicht-fout', label);
      await page.fill('#veld-material', hub.url(`/materialen/${second.slug}`));
      await page.fill('#veld-note', 'Begin hiermee: het werkt zonder dure materialen.');
      await Promise.all([page.waitForURL(/klaar=toevoegen/), page.click('form[novalidate] button:has-text("Toevoegen")')]);
      assert.deepEqual(await listed(page, '.list-editor'), [`/materialen/${first.slug}`, `/materialen/${second.slug}`]);
      await Promise.all([page.waitForURL(/klaar=omhoog/), page.locator('.list-editor-item').nth(1).locator('button:has-text("Omhoog")').click()]);
      assert.deepEqual(await listed(page, '.list-editor'), [`/materialen/${second.slug}`, `/materialen/${first.slug}`]);
      assert.match(await page.locator('[role="status"]').first().innerText(), /een plaats hoger/);
      await check(page, 'uitgelicht', label);

      await gotoOK(page, hub.url('/hubs/limburg'));
      assert.deepEqual((await listed(page, '.picks')).slice(0, 2), [`/materialen/${second.slug}`, `/materialen/${first.slug}`]);
      assert.match(await page.locator('.picks').innerText(), /Begin hiermee/);
      await check(page, 'hubpagina', label);

      // A public collection of Limburg.
      const title = `Leerlijn Limburg ${label}`;
      await gotoOK(page, hub.url('/collecties/nieuw'));
      await page.fill('#veld-title', title);
      await page.fill('#veld-intro', 'Een *leerlijn* in twee stappen:\n\n- eerst bouwen\n- dan meten');
      await page.check('#veld-hub-limburg');
      await check(page, 'collectie-nieuw', label);
      await Promise.all([page.waitForURL(/bewerken\?klaar=gemaakt/), page.click('button:has-text("Collectie maken")')]);
      for (const m of [first, second]) {
        await page.fill('#veld-material', m.slug);
        await Promise.all([page.waitForURL(/klaar=toevoegen/), page.click('form[novalidate] button:has-text("Toevoegen")')]);
      }
      await check(page, 'collectie-bewerken', label);
      await Promise.all([page.waitForNavigation(), page.click('a:has-text("De collectie bekijken")')]);
      assert.equal(await page.locator('h1').innerText(), title);
      assert.equal(await page.locator('.collection-intro em').innerText(), 'leerlijn');
      const ld = JSON.parse(await page.locator('script[type="application/ld+json"]').textContent());
      assert.equal(ld['@type'], 'Collection');
      // (the hub's configured public address is in the URLs; the paths are what matters here)
      assert.deepEqual(ld.mainEntity.itemListElement.map((i) => new URL(i.item.url).pathname), [first, second].map((m) => `/materialen/${m.slug}`));
      await check(page, 'collectie', label);

      // Search shows it, marked as a collection.
      await gotoOK(page, hub.url(`/zoeken?q=${encodeURIComponent(`leerlijn limburg ${label}`)}`));
      assert.match(await page.locator('.collection-hits').innerText(), new RegExp(`Collectie\\s+${title}`));
      await check(page, 'zoeken-collecties', label);
      await gotoOK(page, hub.url(`/materialen/${first.slug}`));
      assert.match(await page.locator('.in-collections').innerText(), new RegExp(title));
    });
  });

  test(`a teacher shares a private collection and the link opens signed out (${label})`, async (t) => {
    let share;
    await withPage(t, browser, { file: 'curation', viewport }, async (page) => {
      await signIn(page, e2eEmail);
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
      await check(page, 'collectie-prive', label);
      await gotoOK(page, hub.url('/mijn-collecties'));
      await check(page, 'mijn-collecties', label);
    });
    await withPage(t, browser, { file: 'curation', viewport }, async (page) => {
      const res = await gotoOK(page, hub.url(new URL(share).pathname)); // the link names the configured public address
      assert.match(res.headers()['cache-control'], /private/);
      assert.match(await page.getAttribute('meta[name="robots"]', 'content'), /noindex/);
      assert.deepEqual(await listed(page, '.pick-list'), [`/materialen/${limburg[0].slug}`]);
      await check(page, 'collectie-gedeeld', label);
    });
  });
}

test('the curation pages are valid HTML', () => {
  assert.ok(htmlFiles.length >= 20, `only ${htmlFiles.length} pages were kept for the HTML checker`);
  const run = spawnSync('java', ['-jar', vnuJar, '--format', 'json', '--stdout', ...htmlFiles], { encoding: 'utf8', timeout: 180_000, maxBuffer: 64 << 20 });
  const report = JSON.parse(run.stdout);
  const errors = (report.messages ?? []).filter((m) => m.type === 'error' || m.subType === 'fatal')
    .map((m) => `${path.basename(new URL(m.url).pathname)}:${m.lastLine}: ${m.message}`);
  assert.deepEqual(errors, []);
});
