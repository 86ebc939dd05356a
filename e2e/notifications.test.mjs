// Notifications and the audit log in a real browser (issue 9): a trainer
// submits a material in Limburg; Limburg's moderator sees the unread count
// in the header, reads "1 materiaal wacht op review in Limburg" on
// /meldingen and marks it read with a plain form; reads Limburg's audit
// log, filters it on an action and downloads the CSV (BOM, ';', CRLF);
// chooses a daily e-mail on /mijn-account. Antwerp's moderator is refused
// Limburg's log and has no notification. Every page is checked with axe
// and the Nu HTML Checker at laptop and phone width, and screenshots land
// in artifacts/ for a person to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { withPage, gotoOK } from './lib/browser.mjs';
import { Auditor, signIn } from './lib/audit.mjs';
import { openSuite, closeSuite, widths, makePeople, shot as shotAs } from './lib/suite.mjs';

const trainer = { email: 'tine.trainer@e2e.test', name: 'Tine Trainer' };
const limburg = { email: 'mo.moderator@e2e.test', name: 'Mo Moderator' };
const antwerp = { email: 'anke.antwerpen@e2e.test', name: 'Anke Antwerpen' };
const slug = 'e2e-meldingen-windmolen';

let hub, browser;
const auditor = new Auditor();

before(async () => {
  ({ hub, browser } = await openSuite('notifications'));
  makePeople(hub, [[trainer, 'auteur', 'limburg'], [limburg, 'moderator', 'limburg'], [antwerp, 'moderator', 'antwerpen']]);
});

after(() => closeSuite({ hub, browser }));

const shot = (page, name) => shotAs(page, 'notifications', name);

test('a submission reaches the hub\'s moderator, the audit log shows it, another hub sees none of it', async (t) => {
  await withPage(t, browser, { file: 'notifications' }, async (page) => {
    await signIn(page, hub, trainer.email);
    const form = {
      title: 'Windmolen met meldingen', slug, summary: 'Leerlingen bouwen een windmolen en meten de spanning.',
      levels: 'secundair', disciplines: 'wiskunde', license: 'CC-BY-4.0', hub: 'limburg', language: 'nl', version: '0', actie: 'bewaren',
      body: '# Windmolen\n\nMeet de spanning bij drie windsnelheden.\n',
    };
    const headers = { Origin: hub.baseURL };
    let res = await page.request.post(hub.url('/materialen/nieuw'), { form, headers, maxRedirects: 0 });
    assert.equal(res.status(), 303, `save: ${res.status()} ${await res.text()}`);
    res = await page.request.post(hub.url(`/materialen/${slug}/indienen`), { form: {}, headers, maxRedirects: 0 });
    assert.equal(res.status(), 303, `submit: ${res.status()}`);
  });

  for (const { label, viewport } of widths) {
    await withPage(t, browser, { file: 'notifications', viewport }, async (page) => {
      await signIn(page, hub, limburg.email);
      const badge = page.locator('.account-notes');
      if (label === 'telefoon' && await page.locator('.account-menu summary').isVisible()) {
        // On a phone the account links sit in one menu; its summary shows the count too.
        assert.match((await page.locator('.account-menu summary').innerText()).replace(/\s+/g, ' '), /Account 1/);
        await page.click('.account-menu summary');
      }
      assert.match((await badge.innerText()).replace(/\s+/g, ' '), /Meldingen 1/, 'the header counts the unread notification');
      await Promise.all([page.waitForURL(/\/meldingen$/), badge.click()]);
      assert.match(await page.locator('.note-unread').innerText(), /1 materiaal wacht op review in Limburg\./);
      await auditor.check(page, `meldingen (${label})`);
      await shot(page, `meldingen-${label}`);
      if (label === 'telefoon') { // the last width: marked read there
        await Promise.all([page.waitForURL(/melding=gelezen/), page.click('.note-unread button[type="submit"]')]);
        assert.match(await page.locator('[role="status"]').innerText(), /als gelezen gemarkeerd/);
        assert.equal(await page.locator('.note-unread').count(), 0);
        assert.equal(await page.locator('.count-badge').count(), 0, 'no count once read');
      }

      await gotoOK(page, hub.url('/hubs/limburg/audit'));
      const entries = page.locator('.audit-entry');
      assert.ok(await entries.count() >= 2, 'the draft and its submission are in the log');
      assert.match(await entries.first().innerText(), /Ingediend voor review[\s\S]*Tine Trainer[\s\S]*concept → ingediend/);
      await auditor.check(page, `auditlog (${label})`);
      await shot(page, `auditlog-${label}`);
      await page.selectOption('#filter-actie', 'workflow.indienen');
      await Promise.all([page.waitForURL(/actie=workflow.indienen/), page.click('.audit-filter button[type="submit"]')]);
      assert.equal(await entries.count(), 1);
      await auditor.check(page, `auditlog gefilterd (${label})`);
      if (label === 'laptop') {
        const csv = await page.request.get(new URL(await page.locator('a[download]').getAttribute('href'), hub.baseURL).href);
        assert.equal(csv.headers()['content-type'], 'text/csv; charset=utf-8');
        const bytes = await csv.body();
        assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
        const text = bytes.toString('utf8');
        assert.match(text, /^\uFEFFTijdstip;Wie;Actie;/);
        assert.match(text, /\r\n.*;Tine Trainer;Ingediend voor review;workflow\.indienen;limburg;e2e-meldingen-windmolen;/);
        await gotoOK(page, hub.url('/beheer/audit'), 403);

        await gotoOK(page, hub.url('/mijn-account'));
        await page.check('#email-dagelijks');
        await Promise.all([page.waitForURL(/melding=e-mail-dagelijks/), page.click('form[action="/mijn-account/meldingen"] button')]);
        assert.match(await page.locator('[role="status"]').first().innerText(), /één e-mail per dag/);
        assert.ok(await page.isChecked('#email-dagelijks'));
      }
      await gotoOK(page, hub.url('/mijn-account#meldingen'));
      await auditor.check(page, `mijn-account met meldingen (${label})`);
      await shot(page, `mijn-account-${label}`);
    });
  }

  await withPage(t, browser, { file: 'notifications', viewport: widths[1].viewport }, async (page) => {
    await signIn(page, hub, antwerp.email);
    await gotoOK(page, hub.url('/hubs/limburg/audit'), 403);
    await gotoOK(page, hub.url('/meldingen'));
    assert.match(await page.locator('main').innerText(), /Je hebt nog geen meldingen/);
    assert.doesNotMatch(await page.locator('main').innerText(), /Limburg/);
    await auditor.check(page, 'meldingen leeg (telefoon)');
  });
  assert.ok(auditor.validate() >= 8);
});
