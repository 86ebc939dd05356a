// The teacher's way in and way back (issue 11): as-you-type keeps the
// browser history sensible, the phone's filter panel has "Toon N
// resultaten", the results are a few Tab presses away, and a search without
// results lets the teacher tell the hub what is missing — a form that the
// real browser can send from the hub and cannot send from another site.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { getJSON } from './lib/server.mjs';
import { withPage, gotoOK } from './lib/browser.mjs';
import { noResultsQuery, adminHeaders } from './lib/pages.mjs';
import { searchBox, resultSlugs, sameSet, waitUntil, searchState } from './lib/dom.mjs';
import { openSuite, closeSuite } from './lib/suite.mjs';
import { axeViolations, serious } from './lib/checkers.mjs';

const file = 'kader';
const phone = { width: 375, height: 812 };
let hub, browser;

before(async () => ({ hub, browser } = await openSuite(file)));

after(() => closeSuite({ hub, browser }));

const api = (qs) => getJSON(hub.url(`/api/v1/materials?${qs}`));

// twoWords finds two search words that each find materials, and different ones.
async function twoWords() {
  const found = [];
  for (const q of ['water', 'energie', 'robot', 'brug', 'licht', 'windmolen']) {
    const res = await api(`q=${encodeURIComponent(q)}&per_page=100&facets=none`);
    if (res.total > 0 && !found.some((f) => sameSet(f.slugs, res.hits.map((h) => h.slug)))) {
      found.push({ q, slugs: res.hits.map((h) => h.slug), total: res.total });
    }
    if (found.length === 2) return found;
  }
  throw new Error(`the seed has no two search words with different results: ${JSON.stringify(found)}`);
}

async function shows(page, want) {
  await waitUntil(async () => searchState(page.url()).q === want.q && (await (await searchBox(page)).inputValue()) === want.q &&
    sameSet(await resultSlugs(page), want.slugs.slice(0, 20)), {
    message: `the page to show “${want.q}” with its ${want.total} results`,
    describe: async () => `${page.url()}, box “${await (await searchBox(page)).inputValue()}”, ${(await resultSlugs(page)).join(', ')}`,
  });
}

test('history: typing replaces, a settled search stays, Back returns to the previous search', async (t) => {
  const [first, second] = await twoWords();
  await withPage(t, browser, { file }, async (page) => {
    await gotoOK(page, hub.url('/zoeken'));
    const start = await page.evaluate(() => history.length);
    const box = await searchBox(page);
    await box.click();
    await page.keyboard.type(first.q, { delay: 60 });
    await shows(page, first);
    // One entry for the whole bout of typing, not one per letter.
    assert.equal(await page.evaluate(() => history.length), start + 1, `typing “${first.q}” letter by letter must add one history entry`);
    await page.waitForTimeout(1300); // a pause: this search is settled

    await box.fill('');
    await page.keyboard.type(second.q, { delay: 60 });
    await shows(page, second);
    assert.equal(await page.evaluate(() => history.length), start + 2, 'the second search must add one entry of its own');

    await page.goBack();
    await shows(page, first);
    await page.goBack();
    await waitUntil(() => page.url() === hub.url('/zoeken'), { message: 'Back to return to the empty search page', describe: () => page.url() });
    assert.equal(await (await searchBox(page)).inputValue(), '');

    await page.goForward();
    await shows(page, first);

    // Enter right after typing settles the search: Back then returns to
    // the one before it, not to half a word.
    await box.fill('');
    await page.keyboard.type(second.q, { delay: 30 });
    await page.keyboard.press('Enter');
    await shows(page, second);
    await page.goBack();
    await shows(page, first);
  });
});

// tickALevel opens the phone's filter panel and ticks the first level.
async function tickALevel(page) {
  const summary = page.locator('.fold-summary');
  await summary.click();
  const box = page.locator('input[type="checkbox"][name="levels"]').first();
  const value = await box.getAttribute('value');
  await box.check();
  return value;
}

test('phone with JavaScript: "Toon N resultaten" closes the filters and moves the focus to the results', async (t) => {
  const [word] = await twoWords();
  await withPage(t, browser, { file, viewport: phone }, async (page) => {
    await gotoOK(page, hub.url(`/zoeken?q=${encodeURIComponent(word.q)}`));
    const level = await tickALevel(page);
    await waitUntil(() => (searchState(page.url()).filters.levels ?? []).includes(level), { message: 'the level filter to apply' });
    const want = await api(`q=${encodeURIComponent(word.q)}&levels=${level}&facets=none`);
    const button = page.getByRole('button', { name: `Toon ${want.total === 1 ? '1 resultaat' : `${want.total} resultaten`}` });
    await waitUntil(() => button.isVisible(), { message: `a visible button “Toon ${want.total} resultaten”` });
    await button.click();
    const state = () => page.evaluate(() => {
      const heading = document.getElementById('resultaten');
      const r = heading.getBoundingClientRect();
      return { open: document.querySelector('details.fold').open, focus: document.activeElement?.id, top: r.top, height: r.height };
    });
    const now = await state();
    assert.equal(now.open, false, 'the filter panel is still open');
    assert.equal(now.focus, 'resultaten', 'the focus is not on the results heading');
    // The page scrolls there smoothly (unless reduced motion is asked for).
    await waitUntil(async () => { const s = await state(); return s.height > 0 && s.top >= -1 && s.top < phone.height / 2; },
      { message: 'the results heading to be visible near the top', describe: async () => JSON.stringify(await state()) });
    assert.ok(sameSet(await resultSlugs(page), want.hits.map((h) => h.slug)), 'the results are not those of the chosen filter');
  });
});

test('phone without JavaScript: the button applies the filters and lands on the results', async (t) => {
  const [word] = await twoWords();
  await withPage(t, browser, { file, viewport: phone, javaScriptEnabled: false }, async (page) => {
    await gotoOK(page, hub.url(`/zoeken?q=${encodeURIComponent(word.q)}`));
    const level = await tickALevel(page);
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Filters toepassen en resultaten tonen' }).click()]);
    const u = new URL(page.url());
    assert.equal(u.hash, '#resultaten', `landed on ${page.url()}, not on #resultaten`);
    assert.deepEqual(searchState(page.url()).filters.levels, [level]);
    const want = await api(`q=${encodeURIComponent(word.q)}&levels=${level}&facets=none`);
    assert.ok(sameSet(await resultSlugs(page), want.hits.map((h) => h.slug)), 'the results are not those of the chosen filter');
    const at = () => page.evaluate(() => ({
      top: document.getElementById('resultaten').getBoundingClientRect().top,
      open: document.querySelector('details.fold').open,
      atBottom: scrollY + innerHeight >= document.documentElement.scrollHeight - 1,
    }));
    assert.equal((await at()).open, false, 'the filter panel is open over the results');
    // At the top of the screen, or as high as the page's length allows
    // (the jump scrolls smoothly unless reduced motion is asked for).
    await waitUntil(async () => { const a = await at(); return a.top >= -1 && a.top < phone.height && (a.top < 2 || a.atBottom); },
      { message: 'the page to scroll to the results heading', describe: async () => JSON.stringify(await at()) });
  });
});

test('phone: the first result is a few Tab presses from the top of the page', async (t) => {
  const [word] = await twoWords();
  await withPage(t, browser, { file, viewport: phone }, async (page) => {
    await gotoOK(page, hub.url(`/zoeken?q=${encodeURIComponent(word.q)}`));
    const onFirstResult = () => page.evaluate(() => {
      const first = document.querySelector('main .results a[href^="/materialen/"]');
      return !!first && document.activeElement === first;
    });
    const focused = () => page.evaluate(() => {
      const el = document.activeElement;
      return `${el?.tagName.toLowerCase()} “${(el?.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 30)}”`;
    });
    // The way a keyboard user is offered: Tab to "Naar de resultaten", Enter, Tab on.
    let presses = 0;
    let skipped = false;
    const stops = [];
    for (; presses < 20 && !(await onFirstResult()); presses++) {
      if (!skipped && (await focused()) === 'a “Naar de resultaten”') {
        await page.keyboard.press('Enter');
        skipped = true;
        stops.push('Enter');
        continue;
      }
      await page.keyboard.press('Tab');
      stops.push(await focused());
    }
    assert.ok(skipped, `Tab never reached the skip link “Naar de resultaten”: ${stops.join(' → ')}`);
    t.diagnostic(`first result after ${presses} key presses via “Naar de resultaten”: ${stops.join(' → ')}`);
    // Two Tabs to the skip link, Enter, then the sort menu and at most one
    // more control (a suggested filter, a spelling link) before the first result.
    assert.ok(presses <= 6, `the first result took ${presses} key presses via the skip link; at most 6 expected: ${stops.join(' → ')}`);

    assert.equal(stops[1], 'a “Naar de resultaten”', 'the skip link to the results is not the second Tab stop');
    // Without the skip link it takes the whole header and the search form
    // (the count grows with the main menu): reported, not bounded.
    await gotoOK(page, hub.url(`/zoeken?q=${encodeURIComponent(word.q)}`));
    let tabs = 0;
    for (; tabs < 60 && !(await onFirstResult()); tabs++) await page.keyboard.press('Tab');
    t.diagnostic(`first result after ${tabs} Tab presses without the skip link`);
    assert.ok(tabs < 60, 'the first result is not reachable with Tab at all');
  });
});

async function requestsOf() {
  const res = await fetch(hub.url('/api/v1/stats/material-requests'), { headers: adminHeaders, signal: AbortSignal.timeout(15_000) });
  assert.equal(res.status, 200, 'the admin API of the requests does not answer');
  return (await res.json()).requests;
}

test('zero results: the teacher tells the hub what is missing, from the hub, with and without JavaScript', async (t) => {
  for (const js of [true, false]) {
    const what = `lesmateriaal ${js ? 'met' : 'zonder'} script ${noResultsQuery}`;
    await withPage(t, browser, { file, javaScriptEnabled: js }, async (page) => {
      await gotoOK(page, hub.url(`/zoeken?q=${noResultsQuery}&levels=lager`));
      const wat = page.getByLabel('Wat zoek je?');
      assert.equal(await wat.inputValue(), noResultsQuery, 'the form is not prefilled with the query');
      assert.equal(await page.getByLabel(/^Niveau/).inputValue(), 'lager', 'the level is not prefilled from the filter');
      await wat.fill(what);
      await page.getByLabel(/^Toelichting/).fill('Voor het 3de leerjaar.');
      await Promise.all([page.waitForURL(/\/materiaal-gevraagd\/bedankt/), page.getByRole('button', { name: 'Vraag versturen' }).click()]);
      assert.match(await page.locator('h1').textContent(), /Bedankt voor je vraag/);
      const back = page.getByRole('link', { name: 'Terug naar je zoekopdracht' });
      assert.equal(await back.getAttribute('href'), `/zoeken?q=${noResultsQuery}&levels=lager`);
    });
    const stored = (await requestsOf()).find((r) => r.what === what);
    assert.ok(stored, `the request “${what}” is not in the admin API`);
    assert.equal(stored.query, noResultsQuery);
    assert.equal(stored.filters, 'levels=lager');
    assert.equal(stored.note, 'Voor het 3de leerjaar.');
  }
});

test('zero results: a bad request comes back with the error beside its field and the input kept', async (t) => {
  for (const viewport of [{ width: 1280, height: 900 }, phone]) {
    await withPage(t, browser, { file, viewport }, async (page) => {
      await gotoOK(page, hub.url(`/materiaal-gevraagd?q=${noResultsQuery}`));
      // A teacher's browser checks the length itself; an old one may not.
      await page.evaluate(() => document.getElementById('mv-toelichting').removeAttribute('maxlength'));
      await page.getByLabel(/^Toelichting/).fill('x'.repeat(1005));
      const [res] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Vraag versturen' }).click()]);
      assert.equal(res.status(), 422);
      await page.waitForLoadState('load');
      const note = page.getByLabel(/^Toelichting/);
      assert.equal((await note.inputValue()).length, 1005, 'the typed text was not kept');
      assert.equal(await note.getAttribute('aria-invalid'), 'true');
      assert.match(await page.locator('#mv-toelichting-fout').textContent(), /Hoogstens 1\.000 tekens; je tekst telt er 1\.005/);
      const bad = serious(await axeViolations(page));
      assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], 'axe finds serious violations on the form with errors');
    });
  }
});

test('zero results: a form on another site cannot send a request to the hub', async (t) => {
  const before = (await requestsOf()).length;
  await withPage(t, browser, { file }, async (page) => {
    // A page of another origin (served by the browser's router, never by the hub).
    await page.route('http://andere-site.test/**', (route) => route.fulfill({
      status: 200, contentType: 'text/html; charset=utf-8',
      body: `<!DOCTYPE html><html lang="nl"><title>Elders</title><form method="post" action="${hub.url('/materiaal-gevraagd')}">
        <input name="wat" value="vervalst"><button>Verstuur</button></form></html>`,
    }));
    await page.goto('http://andere-site.test/');
    const [res] = await Promise.all([page.waitForResponse((r) => r.url() === hub.url('/materiaal-gevraagd')), page.getByRole('button', { name: 'Verstuur' }).click()]);
    assert.equal(res.status(), 403, 'the cross-site post was not refused');
    await page.waitForLoadState('load');
    assert.match(await page.locator('main').textContent(), /Dit formulier kan alleen vanaf de STEM Kennishub zelf verstuurd worden/);
  });
  assert.equal((await requestsOf()).length, before, 'a cross-site request was stored');
});
