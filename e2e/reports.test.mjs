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
import { readFileSync, writeFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { startHub, artifactsDir } from './lib/server.mjs';
import { launchBrowser, withPage, gotoOK } from './lib/browser.mjs';
import { signedInHeaders, e2eAdmin, e2ePassword } from './lib/account.mjs';
import { listMaterials } from './lib/pages.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const vnuJar = require.resolve('vnu-jar/build/dist/vnu.jar');
const widths = [{ label: 'laptop', viewport: { width: 1280, height: 900 } }, { label: 'telefoon', viewport: { width: 390, height: 844 } }];

let hub, browser, htmlDir, materials;
const htmlFiles = [];

before(async () => {
  hub = await startHub({ name: 'reports' });
  browser = await launchBrowser();
  await signedInHeaders(hub, e2eAdmin); // makes the beheerder with the CLI
  materials = (await listMaterials(hub)).filter((m) => m.hub);
  htmlDir = mkdtempSync(path.join(tmpdir(), 'hub-e2e-reports-'));
});

after(async () => {
  await browser?.close();
  await hub?.stop();
  if (htmlDir) rmSync(htmlDir, { recursive: true, force: true });
});

async function check(page, name, label) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'],
  }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.equal(bad.length, 0, `${name} (${label}): ${bad.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('; ')}`);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(wide <= 0, `${name} (${label}) scrolls sideways by ${wide}px`);
  const file = path.join(htmlDir, `${name}-${label}.html`);
  writeFileSync(file, await page.content());
  htmlFiles.push(file);
  mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, `reports--${name}-${label}.png`), fullPage: true });
}

widths.forEach(({ label, viewport }, i) => {
  test(`a visitor reports a problem and the beheerder handles it (${label})`, async (t) => {
    const m = materials[i];
    await withPage(t, browser, { file: 'reports', viewport }, async (page) => {
      await gotoOK(page, hub.url(`/materialen/${m.slug}`));
      await Promise.all([page.waitForURL(/\/melden$/), page.click('a:has-text("Meld een probleem")')]);
      await check(page, 'formulier', label);
      await page.check('input[name="reden"][value="verouderd"]');
      await page.fill('#melding-toelichting', `De cijfers over energie zijn van 2012 <b>(${label})</b>.`);
      const [resp] = await Promise.all([page.waitForNavigation(), page.click('button:has-text("Melding versturen")')]);
      assert.equal(resp.status(), 422, 'sent at once: faster than a person');
      assert.match(await page.locator('.error-summary').innerText(), /sneller dan iemand het kan invullen/);
      assert.ok(await page.isChecked('input[name="reden"][value="verouderd"]'), 'the choice is kept');
      assert.match(await page.inputValue('#melding-toelichting'), /van 2012/);
      await check(page, 'formulier-fout', label);
      await page.waitForTimeout(3200);
      await Promise.all([page.waitForURL(/\/melden\/bedankt$/), page.click('button:has-text("Melding versturen")')]);
      assert.match(await page.locator('h1').innerText(), /Bedankt voor je melding/);
      await check(page, 'bedankt', label);
    });
    await withPage(t, browser, { file: 'reports', viewport }, async (page) => {
      await gotoOK(page, hub.url(`/aanmelden?terug=/hubs/${m.hub}/meldingen`));
      await page.fill('input[name="email"]', e2eAdmin.email);
      await page.fill('input[name="password"]', e2ePassword);
      await Promise.all([page.waitForURL(/\/meldingen$/), page.click('form.account-form button[type="submit"]')]);
      const item = page.locator('.report-item', { hasText: `(${label})` });
      assert.match(await item.innerText(), /De inhoud is verouderd/);
      assert.match(await item.locator('.report-comment').innerText(), /<b>\(/, 'the comment is text, not HTML');
      await check(page, 'lijst', label);
      await Promise.all([page.waitForURL(/melding=afgehandeld/), item.locator('button').click()]);
      assert.match(await page.locator('[role="status"]').innerText(), /afgehandeld/);
      assert.equal(await page.locator('.report-item', { hasText: `(${label})` }).count(), 0);
    });
  });
});

test('the report pages are valid HTML', () => {
  assert.ok(htmlFiles.length >= 8, `only ${htmlFiles.length} pages were kept for the HTML checker`);
  const run = spawnSync('java', ['-jar', vnuJar, '--format', 'json', '--stdout', ...htmlFiles], { encoding: 'utf8', timeout: 180_000, maxBuffer: 64 << 20 });
  const report = JSON.parse(run.stdout);
  const errors = (report.messages ?? []).filter((m) => m.type === 'error' || m.subType === 'fatal')
    .map((m) => `${path.basename(new URL(m.url).pathname)}:${m.lastLine}: ${m.message}`);
  assert.deepEqual(errors, []);
});
