// Accounts in a real browser (issue 8): a teacher signs in and out with the
// forms, without JavaScript; and a page on another origin cannot make the
// signed-in browser do anything — neither from another site (localhost vs
// 127.0.0.1: the SameSite=Lax cookie stays home) nor from the same site on
// another port (the cookie IS sent: only the hub's cross-site guard stops it).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { withPage, gotoOK } from './lib/browser.mjs';
import { signedInHeaders, e2eEmail, e2ePassword } from './lib/account.mjs';
import { signIn } from './lib/audit.mjs';
import { openSuite, closeSuite, otherOrigin } from './lib/suite.mjs';

let hub, browser, evil;

before(async () => {
  ({ hub, browser } = await openSuite('account'));
  await signedInHeaders(hub); // makes the account with `hub user create`
  // The attacker's pages: plain forms aimed at the hub, no script needed.
  const target = hub.baseURL;
  evil = await otherOrigin(() => `<!DOCTYPE html><html lang="nl"><title>Win een tablet</title>
<form method="post" action="${target}/afmelden"><button id="afmelden">Win een tablet</button></form>
<form method="post" action="${target}/wachtwoord-wijzigen"><input type="hidden" name="current" value="${e2ePassword}"><input type="hidden" name="password" value="de aanvaller kiest dit wachtwoord"><button id="wijzigen">Nog een prijs</button></form>
<form method="post" action="${target}/overal-afmelden"><button id="overal">Laatste kans</button></form>`, '0.0.0.0');
});

after(async () => {
  evil?.close();
  await closeSuite({ hub, browser });
});

test('a teacher signs in and out with the forms, without JavaScript', async (t) => {
  await withPage(t, browser, { file: 'account', javaScriptEnabled: false }, async (page) => {
    await gotoOK(page, hub.url('/'));
    assert.equal(await page.locator('.account-nav a[href="/aanmelden"]').count(), 1, 'the header offers Aanmelden');
    await signIn(page, hub, e2eEmail);
    assert.match(await page.locator('h1').innerText(), /Mijn account/);
    assert.match(await page.locator('.account-nav').innerText(), /Tine Trainer/);
    const cookies = await page.context().cookies(hub.baseURL);
    const c = cookies.find((x) => x.name === 'hub_sessie');
    assert.ok(c && c.httpOnly && c.sameSite === 'Lax', `session cookie ${JSON.stringify(c)}`);
    // Opening /afmelden asks; the header's button signs out.
    await gotoOK(page, hub.url('/afmelden'));
    await gotoOK(page, hub.url('/mijn-account'));
    await Promise.all([page.waitForURL(/melding=afgemeld/), page.click('.account-nav button')]);
    assert.match(await page.locator('[role="status"]').innerText(), /Je bent afgemeld/);
    await gotoOK(page, hub.url('/mijn-account'));
    assert.match(page.url(), /\/aanmelden\?terug=/, 'signed out: /mijn-account sends to the sign-in page');
  });
});

// The header on a phone (390 px): the brand and one "Account" menu on the
// first row, the main menu below; a <details>, so it opens without script.
test('on a phone the signed-in header is compact and its account menu works without JavaScript', async (t) => {
  await withPage(t, browser, { file: 'account', javaScriptEnabled: false, viewport: { width: 390, height: 844 } }, async (page) => {
    const header = () => page.locator('.site-header').evaluate((h) => h.getBoundingClientRect().height);
    await gotoOK(page, hub.url('/'));
    assert.ok(await header() <= 130, `signed out, the header is ${await header()} px high`);
    await signIn(page, hub, e2eEmail);
    const height = await header();
    assert.ok(height <= 130, `signed in, the header is ${height} px high (it was 223 px with every account link on its own rows)`);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 390, 'no horizontal scroll');
    const summary = page.locator('.account-menu > summary');
    const brand = await page.locator('.brand').boundingBox();
    const button = await summary.boundingBox();
    assert.ok(Math.abs(button.y + button.height / 2 - (brand.y + brand.height / 2)) < 8, 'the menu button is beside the brand');
    assert.ok(button.height >= 24 && button.width >= 24, `the menu button is ${button.width} × ${button.height} px`);
    assert.equal(await page.locator('.account-nav button').isVisible(), false, 'closed: the links wait in the menu');
    await summary.click();
    for (const link of ['a[href="/mijn-materialen"]', 'a[href="/mijn-account"]', 'button']) {
      const box = await page.locator(`.account-nav ${link}`).boundingBox();
      assert.ok(box && box.height >= 24, `${link} in the open menu: ${JSON.stringify(box)}`);
    }
    assert.match(await page.locator('.account-nav').innerText(), /Tine Trainer/);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 390, 'open: no horizontal scroll');
    await Promise.all([page.waitForURL(/melding=afgemeld/), page.click('.account-nav button')]);
  });
  // From 48rem on, the links stand in the header, no menu button.
  await withPage(t, browser, { file: 'account' }, async (page) => {
    await signIn(page, hub, e2eEmail);
    assert.equal(await page.locator('.account-menu > summary').isVisible(), false);
    assert.equal(await page.locator('.account-nav a[href="/mijn-materialen"]').isVisible(), true);
    assert.equal(await page.locator('.account-nav button').isVisible(), true);
  });
});

for (const [label, host] of [['another site (localhost)', 'localhost'], ['the same site on another port (127.0.0.1)', '127.0.0.1']]) {
  test(`a page on ${label} cannot make the signed-in browser do anything`, async (t) => {
    await withPage(t, browser, { file: 'account' }, async (page) => {
      await signIn(page, hub, e2eEmail);
      for (const button of ['#afmelden', '#wijzigen', '#overal']) {
        await page.goto(`http://${host}:${evil.port}/`);
        const [res] = await Promise.all([page.waitForNavigation(), page.click(button)]);
        assert.equal(res.status(), 403, `${button} from ${host} answered ${res.status()}`);
        assert.match(await page.locator('h1').innerText(), /andere website/);
      }
      await gotoOK(page, hub.url('/mijn-account'));
      assert.match(page.url(), /\/mijn-account$/, 'still signed in after the forged posts');
      // The password did not change: the real one still signs in.
      const res = await fetch(hub.url('/aanmelden'), { method: 'POST', redirect: 'manual', body: new URLSearchParams({ email: e2eEmail, password: e2ePassword }) });
      assert.equal(res.status, 303, 'the password was changed by a forged post');
    });
  });
}
