// The user admin page and personal API tokens in a real browser (issue 8),
// without JavaScript: an admin made by the CLI grants the e2e trainer the
// auteur role for limburg with the forms; a page on another origin cannot
// revoke it through the admin's browser; the trainer makes an API token on
// /mijn-account, a script uses it with the trainer's rights, and revoking
// it stops it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { withPage, gotoOK } from './lib/browser.mjs';
import { signedInHeaders, e2eAdmin, e2eEmail } from './lib/account.mjs';
import { signIn } from './lib/audit.mjs';
import { openSuite, closeSuite, otherOrigin } from './lib/suite.mjs';

let hub, browser, evil, trainerPath;

before(async () => {
  ({ hub, browser } = await openSuite('admin'));
  await signedInHeaders(hub); // the trainer, made with `hub user create`
  const admin = await signedInHeaders(hub, e2eAdmin); // the admin, with --admin
  const res = await fetch(hub.url(`/beheer/gebruikers?q=${encodeURIComponent(e2eEmail)}`), { headers: admin, redirect: 'manual' });
  trainerPath = (await res.text()).match(/href="(\/beheer\/gebruikers\/\d+)"/)?.[1];
  assert.ok(trainerPath, 'the admin search finds the trainer');
  // The attacker's page: a plain form aimed at the hub's revoke button.
  evil = await otherOrigin(() => `<!DOCTYPE html><html lang="nl"><title>Win een tablet</title>
<form method="post" action="${hub.baseURL}${trainerPath}/rol-intrekken"><input type="hidden" name="role" value="auteur"><input type="hidden" name="hub" value="limburg"><button id="intrekken">Win een tablet</button></form>`);
});

after(async () => {
  evil?.close();
  await closeSuite({ hub, browser });
});

test('an admin grants a role per hub with the forms; another origin cannot revoke it', async (t) => {
  await withPage(t, browser, { file: 'admin', javaScriptEnabled: false }, async (page) => {
    await signIn(page, hub, e2eAdmin.email);
    await Promise.all([page.waitForURL(/\/beheer\/gebruikers$/), page.click('a[href="/beheer/gebruikers"]')]);
    await page.fill('input[name="q"]', 'trainer@');
    await Promise.all([page.waitForURL(/q=trainer/), page.click('form[role="search"] button[type="submit"]')]);
    await Promise.all([page.waitForURL(new RegExp(`${trainerPath}$`)), page.click(`a[href="${trainerPath}"]`)]);
    await page.selectOption('select[name="role"]', 'auteur');
    await page.selectOption('select[name="hub"]', 'limburg');
    await Promise.all([page.waitForURL(/melding=toegekend/), page.click('button:has-text("Rol toekennen")')]);
    assert.match(await page.locator('[role="status"]').innerText(), /De rol is toegekend/);
    assert.match(await page.locator('.role-list').innerText(), /Auteur voor Limburg/);

    // Same site, another port: the cookie goes along, the cross-site guard refuses.
    await gotoOK(page, `http://127.0.0.1:${evil.port}/`);
    const [resp] = await Promise.all([page.waitForEvent('response', (r) => r.url().includes('/rol-intrekken')), page.click('#intrekken')]);
    assert.equal(resp.status(), 403, 'a forged revoke from another origin is refused');
    await gotoOK(page, hub.url(trainerPath));
    assert.match(await page.locator('.role-list').innerText(), /Auteur voor Limburg/, 'the role is still there');
  });
});

test('the trainer makes an API token, a script uses it with the trainer\'s rights, revoking stops it', async (t) => {
  await withPage(t, browser, { file: 'admin', javaScriptEnabled: false }, async (page) => {
    await signIn(page, hub, e2eEmail);
    await page.fill('input[name="name"]', 'e2e-script');
    await Promise.all([page.waitForLoadState(), page.click('button:has-text("Sleutel maken")')]);
    const token = await page.locator('#nieuwe-sleutel').inputValue();
    assert.match(token, /^hub_[A-Za-z0-9_-]{43}$/);
    const me = await fetch(hub.url('/api/v1/me'), { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(me.status, 200);
    const body = await me.json();
    assert.equal(body.email, e2eEmail);
    assert.deepEqual(body.roles, [{ role: 'auteur', hub: 'limburg' }]);
    const users = await fetch(hub.url('/api/v1/users'), { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(users.status, 403, 'an auteur may not list accounts');

    await gotoOK(page, hub.url('/mijn-account'));
    assert.equal(await page.locator('#nieuwe-sleutel').count(), 0, 'the token is shown only once');
    await Promise.all([page.waitForURL(/melding=ingetrokken/), page.click('button:has-text("Intrekken")')]);
    const after = await fetch(hub.url('/api/v1/me'), { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(after.status, 401);
    assert.equal((await after.json()).error.code, 'invalid_token');
  });
});
