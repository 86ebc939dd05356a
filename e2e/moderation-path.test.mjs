// The moderation path of issue 9 ("Done means", first bullet) in one walk in
// headless Chromium, against a hub started as run.sh starts it:
//  1. an auteur of limburg (made with the CLI) writes a material in the
//     editor and submits it;
//  2. limburg's moderator finds it in the queue, claims it and asks for
//     changes with a comment on the review form;
//  3. the author reads the comment on the material's page and in Mijn
//     materialen, revises and resubmits;
//  4. the moderator sees the diff since the last review, ticks the
//     checklist and publishes: search finds it (polled; the time it took is
//     reported as a diagnostic);
//  5. a visitor reports a problem (after the form's minimum fill time);
//     the author improves the published material: the new version waits
//     for review while visitors keep the published one, until the
//     moderator publishes it and search finds the new text;
//  6. the moderator sees the report and takes the material offline with a
//     reason: it leaves search and its page answers 410 to the visitor,
//     while the moderator still sees it;
//  7. antwerpen's moderator saw none of it: not in their queue, 403/404 on
//     limburg's review form, queue and audit log;
//  8. every step is in limburg's audit log.
// axe at laptop and phone width and the Nu HTML Checker on every page
// visited (lib/audit.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { withPage, gotoOK } from './lib/browser.mjs';
import { resultSlugs } from './lib/dom.mjs';
import { Auditor, signIn } from './lib/audit.mjs';
import { openSuite, closeSuite, makePeople, fillRequired } from './lib/suite.mjs';

const author = { email: 'kato.auteur@e2e.test', name: 'Kato Auteur' };
const modL = { email: 'lars.moderator@e2e.test', name: 'Lars Moderator' };
const modA = { email: 'anouk.antwerpen@e2e.test', name: 'Anouk Antwerpen' };
const word = 'klimtouwmeter'; // in no seed material
// What only this material's content says (its slug, which an error page's
// canonical link repeats from the address asked, is not content).
const content = /wrijving van een touw/i;
const title = `Klimtouwmeter: wrijving van een touw meten`;
const firstBody = `# Wrijving meten\n\nLeerlingen trekken een blok over een plank met een ${word}.\n`;
const added = 'Draag handschoenen bij het trekken aan het touw.';
const askComment = 'Voeg een veiligheidsparagraaf toe over handschoenen.';
const offlineReason = 'De link naar het werkblad werkt niet meer; offline tot de auteur hem herstelt.';
const reportComment = 'De link naar het werkblad geeft een foutmelding (e2e-moderatie).';
const newWord = 'touwtrekmeting'; // in no seed material: the new version's own word
const improved = `Meet de ${newWord} drie keer en neem het gemiddelde.`;

let hub, browser;
const audit = new Auditor();

before(async () => {
  ({ hub, browser } = await openSuite('moderation-path'));
  makePeople(hub, [[author, 'auteur', 'limburg'], [modL, 'moderator', 'limburg'], [modA, 'moderator', 'antwerpen']]);
});

after(() => closeSuite({ hub, browser }));

// check runs axe at laptop and phone width (the HTML is the same at both,
// so the Nu HTML Checker gets it once).
async function check(page, where) {
  await audit.check(page, `${where} (1280 px)`);
  await page.setViewportSize({ width: 390, height: 844 });
  await audit.check(page, `${where} (390 px)`);
  audit.html.pop();
  await page.setViewportSize({ width: 1280, height: 900 });
}

// searchUntil polls the search page as a visitor until `want` says yes
// about the slugs found, up to `ms`; returns the time it took.
async function searchUntil(page, want, ms = 5000, q = word) {
  const start = Date.now();
  for (;;) {
    await gotoOK(page, hub.url(`/zoeken?q=${q}`));
    if (want(await resultSlugs(page))) return Date.now() - start;
    assert.ok(Date.now() - start < ms, `search did not change within ${ms} ms: ${JSON.stringify(await resultSlugs(page))}`);
    await page.waitForTimeout(100);
  }
}

// queueItem is the material's entry in the queue page shown.
const queueItem = (page) => page.locator('.queue-item', { hasText: title });

// decide ticks every checklist item "ja", picks the decision and sends it.
async function decide(page, action, comment) {
  for (const r of await page.locator('.review-check input[value="ja"]').all()) await r.check();
  await page.check(`#besluit-${action}`);
  if (comment) await page.fill('#opmerking', comment);
  await Promise.all([page.waitForNavigation(), page.click('button:has-text("Beslissing bewaren")')]);
}

test('the moderation path: submit, claim, ask changes, revise, diff, publish, search, report, offline; another hub sees none; all audited', async (t) => {
  let slug;
  // 1. The author writes and submits.
  await withPage(t, browser, { file: 'moderation-path' }, async (page) => {
    await signIn(page, hub, author.email);
    await gotoOK(page, hub.url('/materialen/nieuw'));
    await check(page, 'Nieuw materiaal');
    await fillRequired(page, { title, summary: 'Leerlingen meten de wrijving van een touw over een plank.', license: 'CC-BY-4.0', hub: 'limburg' });
    await page.fill('#veld-body', firstBody);
    await Promise.all([page.waitForURL(/\/bewerken\?melding=bewaard$/), page.click('button[name="actie"][value="bewaren"]')]);
    slug = new URL(page.url()).pathname.split('/')[2];
    await check(page, 'the editor after the first save');
    await gotoOK(page, hub.url(`/materialen/${slug}`));
    await Promise.all([page.waitForURL(/melding=ingediend/), page.click('button:has-text("Indienen om na te kijken")')]);
    await check(page, 'the submitted draft');
  });
  t.diagnostic(`material ${slug}`);

  // 2. Limburg's moderator: queue, claim, ask for changes.
  await withPage(t, browser, { file: 'moderation-path' }, async (page) => {
    await signIn(page, hub, modL.email);
    await gotoOK(page, hub.url('/hubs/limburg/review'));
    assert.equal(await queueItem(page).count(), 1, 'the submission waits in limburg\'s queue');
    await check(page, 'limburg queue with the submission');
    await Promise.all([page.waitForNavigation(), queueItem(page).locator('button:has-text("Claimen")').click()]);
    assert.match(await queueItem(page).innerText(), /In behandeling door jou/);
    await check(page, 'limburg queue after the claim');
    await Promise.all([page.waitForURL(new RegExp(`/hubs/limburg/review/${slug}$`)), queueItem(page).locator('h3 a').click()]);
    assert.match(await page.locator('main').innerText(), /Dit is de eerste review van dit materiaal/);
    await check(page, 'the review form, first review');
    await decide(page, 'aanpassing-vragen', askComment);
    assert.equal(await page.locator('[role="alert"]').count(), 0, `the decision was refused: ${await page.locator('main').innerText()}`);
    await check(page, 'after asking for changes');
  });

  // 3. The author reads the comment, revises, resubmits.
  await withPage(t, browser, { file: 'moderation-path' }, async (page) => {
    await signIn(page, hub, author.email);
    await gotoOK(page, hub.url('/mijn-materialen'));
    const mine = page.locator('.mine-item', { hasText: title });
    assert.match(await mine.innerText(), new RegExp(`Laatste beslissing[\\s\\S]*${askComment}`));
    await check(page, 'Mijn materialen with the decision');
    await gotoOK(page, hub.url(`/materialen/${slug}`));
    assert.match(await page.locator('main').innerText(), new RegExp(`Beslissingen van de moderatoren[\\s\\S]*${askComment}`));
    await check(page, 'the draft page with the comment');
    await gotoOK(page, hub.url(`/materialen/${slug}/bewerken`));
    await page.fill('#veld-body', `${firstBody}\n## Veiligheid\n\n${added}\n`);
    await Promise.all([page.waitForURL(/\/bewerken\?melding=bewaard$/), page.click('button[name="actie"][value="bewaren"]')]);
    await check(page, 'the editor after the revision');
    await gotoOK(page, hub.url(`/materialen/${slug}`));
    const resubmit = page.locator('form.workflow-step:has(input[name="action"][value="indienen"]) button');
    assert.equal(await resubmit.count(), 1, `no resubmit button on the draft page: ${await page.locator('main').innerText()}`);
    await Promise.all([page.waitForNavigation(), resubmit.click()]);
    assert.match(await page.locator('#werkstroom').innerText(), /Toestand: ingediend/i);
    await check(page, 'the draft page after resubmitting');
  });

  // 4. The moderator sees the diff, ticks the checklist, publishes.
  await withPage(t, browser, { file: 'moderation-path' }, async (page) => {
    await signIn(page, hub, modL.email);
    await gotoOK(page, hub.url('/hubs/limburg/review'));
    const claim = queueItem(page).locator('button:has-text("Claimen")');
    if (await claim.count()) await Promise.all([page.waitForNavigation(), claim.click()]);
    await gotoOK(page, hub.url(`/hubs/limburg/review/${slug}`));
    const since = await page.locator('.diff').innerText();
    assert.match(since, /handschoenen/, 'the diff shows the added sentence');
    assert.match(await page.locator('.diff ins').allInnerTexts().then((a) => a.join(' ')), /handschoenen/);
    assert.match(await page.locator('main').innerText(), new RegExp(`opmerking ‘${askComment}’`));
    await check(page, 'the review form with the diff');
    await decide(page, 'goedkeuren');
    assert.equal(await page.locator('[role="alert"]').count(), 0, `publishing was refused: ${await page.locator('main').innerText()}`);
    await check(page, 'after publishing');
  });

  // Searchable; a visitor reports a problem.
  await withPage(t, browser, { file: 'moderation-path' }, async (page) => {
    const took = await searchUntil(page, (s) => s.includes(slug));
    assert.ok(took <= 5000);
    t.diagnostic(`published → found by search in ${took} ms`);
    await check(page, 'search finds the material');
    await gotoOK(page, hub.url(`/materialen/${slug}`));
    assert.match(await page.locator('main').innerText(), new RegExp(added));
    await check(page, 'the published page');
    await Promise.all([page.waitForURL(/\/melden$/), page.click('a:has-text("Meld een probleem")')]);
    await check(page, 'the report form');
    await page.check('input[name="reden"][value="link-werkt-niet"]');
    await page.fill('#melding-toelichting', reportComment);
    await page.waitForTimeout(3200); // the form's minimum fill time
    await Promise.all([page.waitForURL(/\/melden\/bedankt$/), page.click('button:has-text("Melding versturen")')]);
    await check(page, 'the report thank-you page');
  });

  // 5b. The author improves the published material: a new version that
  //     waits for review; visitors keep the published one.
  await withPage(t, browser, { file: 'moderation-path' }, async (page) => {
    await signIn(page, hub, author.email);
    await gotoOK(page, hub.url(`/materialen/${slug}/bewerken`));
    assert.match(await page.locator('.editor-save').innerText(), /blijft de huidige versie online/);
    await page.fill('#veld-body', `${firstBody}\n## Veiligheid\n\n${added}\n\n${improved}\n`);
    await Promise.all([page.waitForURL(/\/bewerken\?melding=bewaard$/), page.click('button[name="actie"][value="bewaren"]')]);
    assert.match(await page.locator('.editor-state').innerText(), /Nieuwe versie, concept/);
    await check(page, 'the editor of the new version');
    await gotoOK(page, hub.url(`/materialen/${slug}`));
    assert.match(await page.locator('main').innerText(), /Er wacht een nieuwe versie van dit materiaal/);
    assert.doesNotMatch(await page.locator('article.material').innerText(), new RegExp(newWord), 'the live page shows the unreviewed text');
    await check(page, 'the published page with a new version waiting');
    await Promise.all([page.waitForURL(/\/nieuwe-versie\?melding=ingediend$/), page.click('.draft-banner button:has-text("Indienen om na te kijken")')]);
    assert.match(await page.locator('article.material').innerText(), new RegExp(newWord));
    await check(page, 'the new version, submitted');
  });
  await withPage(t, browser, { file: 'moderation-path' }, async (page) => {
    await gotoOK(page, hub.url(`/materialen/${slug}`));
    assert.doesNotMatch(await page.locator('main').innerText(), new RegExp(`${newWord}|nieuwe versie`, 'i'), 'a visitor sees the new version');
    await gotoOK(page, hub.url(`/materialen/${slug}/nieuwe-versie`));
    assert.match(page.url(), /\/aanmelden/, 'a visitor is asked to sign in, nothing more');
    await searchUntil(page, (s) => !s.includes(slug), 1000, newWord);
  });
  await withPage(t, browser, { file: 'moderation-path' }, async (page) => {
    await signIn(page, hub, modL.email);
    await gotoOK(page, hub.url('/hubs/limburg/review'));
    assert.match(await queueItem(page).innerText(), /nieuwe versie van een gepubliceerd materiaal/);
    await gotoOK(page, hub.url(`/hubs/limburg/review/${slug}`));
    assert.match(await page.locator('.diff ins').allInnerTexts().then((a) => a.join(' ')), new RegExp(newWord), 'the diff shows the new sentence');
    await check(page, 'the review form of the new version');
    await decide(page, 'goedkeuren');
    assert.equal(await page.locator('[role="alert"]').count(), 0, `publishing the new version was refused: ${await page.locator('main').innerText()}`);
  });
  await withPage(t, browser, { file: 'moderation-path' }, async (page) => {
    const took = await searchUntil(page, (s) => s.includes(slug), 5000, newWord);
    t.diagnostic(`new version published → found by its new word in ${took} ms`);
    await gotoOK(page, hub.url(`/materialen/${slug}`));
    assert.match(await page.locator('article.material').innerText(), new RegExp(newWord));
  });

  // 6. The moderator sees the report, takes the material offline.
  await withPage(t, browser, { file: 'moderation-path' }, async (page) => {
    await signIn(page, hub, modL.email);
    await gotoOK(page, hub.url('/hubs/limburg/meldingen'));
    assert.match(await page.locator('.report-item', { hasText: reportComment }).innerText(), /De link werkt niet|link/i);
    await check(page, 'limburg reports');
    await gotoOK(page, hub.url(`/materialen/${slug}`));
    await page.fill('#opmerking-offline-halen', offlineReason);
    await Promise.all([page.waitForNavigation(), page.click('form.workflow-step:has(input[value="offline-halen"]) button')]);
    assert.match(await page.locator('#werkstroom').innerText(), /offline/i);
    await check(page, 'the page, offline, as the moderator sees it');
    await gotoOK(page, hub.url(`/materialen/${slug}`)); // 200: moderators still see it
    assert.match(await page.locator('main').innerText(), new RegExp(`Reden: ${offlineReason}`));
  });
  await withPage(t, browser, { file: 'moderation-path' }, async (page) => {
    const took = await searchUntil(page, (s) => !s.includes(slug));
    t.diagnostic(`offline → gone from search in ${took} ms`);
    await gotoOK(page, hub.url(`/materialen/${slug}`), 410);
    await check(page, 'the 410 page for a visitor');
  });

  // 7. Antwerpen's moderator saw none of it.
  await withPage(t, browser, { file: 'moderation-path' }, async (page) => {
    await signIn(page, hub, modA.email);
    await gotoOK(page, hub.url('/hubs/antwerpen/review'));
    assert.doesNotMatch(await page.locator('main').innerText(), content);
    await check(page, 'antwerpen queue');
    for (const p of [`/hubs/limburg/review/${slug}`, '/hubs/limburg/review', '/hubs/limburg/audit', '/hubs/limburg/meldingen']) {
      const res = await page.request.get(hub.url(p), { maxRedirects: 0 });
      assert.ok([403, 404].includes(res.status()), `${p} for antwerpen's moderator: ${res.status()}`);
      assert.doesNotMatch(await res.text(), content, `${p} shows nothing of it`);
    }
    await gotoOK(page, hub.url('/hubs/antwerpen/audit'));
    assert.doesNotMatch(await page.locator('main').innerText(), content);
    await check(page, 'antwerpen audit');
    await gotoOK(page, hub.url('/meldingen'));
    assert.doesNotMatch(await page.locator('main').innerText(), /Limburg|wrijving/i);
    await check(page, "antwerpen moderator's notifications");
  });

  // 8. Every step in limburg's audit log.
  await withPage(t, browser, { file: 'moderation-path' }, async (page) => {
    await signIn(page, hub, modL.email);
    await gotoOK(page, hub.url('/hubs/limburg/audit'));
    await check(page, 'limburg audit');
    const entries = (await page.locator('.audit-entry', { hasText: slug }).allInnerTexts()).map((s) => s.replace(/\s+/g, ' ')).reverse();
    t.diagnostic(`audit, oldest first:\n${entries.join('\n')}`);
    const steps = [
      [/^Concept gemaakt .* Kato Auteur · versie 1$/, 'the draft'],
      [/^Ingediend voor review .* Kato Auteur · versie 1 · concept → ingediend$/, 'submit'],
      [/^Geclaimd voor review .* Lars Moderator · versie 1 · ingediend → in-behandeling$/, 'claim'],
      [new RegExp(`^Aanpassing gevraagd .* Lars Moderator · versie 1 · in-behandeling → aanpassen Opmerking: ${askComment}$`), 'ask for changes'],
      [/^Concept gewijzigd .* Kato Auteur · versie 2$/, 'the revision'],
      [/^Ingediend voor review .* Kato Auteur · versie 2 · aanpassen → ingediend$/, 'resubmit'],
      [/^Geclaimd voor review .* Lars Moderator · versie 2 · ingediend → in-behandeling$/, 'second claim'],
      [/^Goedgekeurd .* Lars Moderator · versie 2 · in-behandeling → goedgekeurd$/, 'approve'],
      [/^Gepubliceerd .* Lars Moderator · versie 2 · goedgekeurd → gepubliceerd$/, 'publish'],
      [/^Nieuwe versie begonnen \(wacht op review\) .* Kato Auteur · versie 3$/, 'the new version'],
      [/^Ingediend voor review .* Kato Auteur · versie 3 · concept → ingediend$/, 'submit the new version'],
      [/^Goedgekeurd .* Lars Moderator · versie 3 · (ingediend|in-behandeling) → goedgekeurd$/, 'approve the new version'],
      [/^Gepubliceerd .* Lars Moderator · versie 3 · goedgekeurd → gepubliceerd$/, 'publish the new version'],
      [new RegExp(`^Offline gehaald .* Lars Moderator · versie 3 · gepubliceerd → offline Opmerking: ${offlineReason}$`), 'offline'],
    ];
    let at = 0;
    for (const [re, what] of steps) {
      const i = entries.findIndex((e, j) => j >= at && re.test(e));
      assert.ok(i >= 0, `the audit log lacks "${what}" (${re}) after entry ${at}:\n${entries.join('\n')}`);
      at = i + 1;
    }
  });
  assert.ok(audit.validate() >= 20);
});
