// Goals as a way in (issue 11): the goal facet's search box filters the
// goals by code or words in a real browser (static/js/goalfacet.js, under
// the hub's CSP), keeps a chosen goal, survives the results being swapped
// after a tick, and without JavaScript the box stays hidden while the
// disclosures still reach every goal. Then a goal page leads to its materials.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { getJSON } from './lib/server.mjs';
import { withPage, gotoOK } from './lib/browser.mjs';
import { waitUntil, searchState } from './lib/dom.mjs';
import { openSuite, closeSuite } from './lib/suite.mjs';

const file = 'goals';
let hub, browser;

before(async () => ({ hub, browser } = await openSuite(file)));

after(() => closeSuite({ hub, browser }));

// visibleGoals lists the values of the goal checkboxes a person can see.
async function visibleGoals(page) {
  const boxes = page.locator('[data-facet="goals"] input[type="checkbox"]');
  const out = [];
  for (let i = 0; i < (await boxes.count()); i++) {
    if (await boxes.nth(i).isVisible()) out.push(await boxes.nth(i).getAttribute('value'));
  }
  return out;
}

async function openGoalFacet(page) {
  const details = page.locator('details.facet', { has: page.locator('[data-facet="goals"]') });
  if (!(await details.evaluate((d) => d.open))) await details.locator('summary').first().click();
}

test('goal facet: the search box filters by code and by words, and keeps a chosen goal', async (t) => {
  const all = await getJSON(hub.url('/api/v1/materials?per_page=1&facets=goals'));
  const ids = Object.keys(all.facets?.goals ?? {});
  assert.ok(ids.includes('SO_1STE_GRAAD_V2_1:06.43'), 'the seed links SO_1STE_GRAAD_V2_1:06.43');
  await withPage(t, browser, { file }, async (page) => {
    await gotoOK(page, hub.url('/zoeken'));
    await openGoalFacet(page);
    const box = page.getByLabel('Zoek een doel (code of woorden)');
    assert.ok(await box.isVisible(), 'the search box in the goal facet is visible with JavaScript');

    await box.fill('06.43');
    await waitUntil(async () => (await visibleGoals(page)).includes('SO_1STE_GRAAD_V2_1:06.43'), { message: '06.43 to show' });
    const byCode = await visibleGoals(page);
    assert.ok(byCode.every((v) => v.endsWith(':06.43')), `typing 06.43 shows only goals with that code: ${byCode}`);

    // Words, across the text: goals about designing a solution ("ontwerpen een oplossing").
    await box.fill('ontwerpen oplossing');
    await waitUntil(async () => (await visibleGoals(page)).length > 0, { message: 'goals about designing to show' });
    for (const v of await visibleGoals(page)) {
      const text = (await page.locator(`[data-facet="goals"] li:has(input[value="${v}"])`).innerText()).toLowerCase();
      assert.ok(text.includes('ontwerpen') && text.includes('oplossing'), `${v} does not match the words: ${text}`);
    }
    const status = page.locator('#doelzoeker-status');
    assert.match(await status.textContent(), /doel(en)? gevonden/);

    // Tick one: the results region is swapped; the words stay applied and the goal stays.
    const pick = (await visibleGoals(page))[0];
    await page.locator(`[data-facet="goals"] input[value="${pick}"]`).check();
    await waitUntil(() => (searchState(page.url()).filters.goals ?? []).includes(pick), { message: 'the goal filter in the URL' });
    await waitUntil(async () => (await page.getByLabel('Zoek een doel (code of woorden)').inputValue()) === 'ontwerpen oplossing',
      { message: 'the typed words to survive the results swap' });
    await page.getByLabel('Zoek een doel (code of woorden)').fill('qzxj');
    await waitUntil(async () => sameList(await visibleGoals(page), [pick]), { message: 'only the chosen goal to stay visible for words that match nothing' });

    await page.getByLabel('Zoek een doel (code of woorden)').fill('');
    await waitUntil(async () => (await visibleGoals(page)).length >= Math.min(ids.length, 5), { message: 'the goals to come back' });
  });
});

test('goal facet without JavaScript: no box, every goal reachable through the disclosures, and a link to /doelen', async (t) => {
  await withPage(t, browser, { file, javaScriptEnabled: false }, async (page) => {
    await gotoOK(page, hub.url('/zoeken'));
    await openGoalFacet(page);
    assert.equal(await page.locator('[data-facet="goals"] input[type="search"]').isVisible(), false, 'the search box needs JavaScript and stays hidden');
    for (const more of await page.locator('[data-facet="goals"] details.facet-goal-more > summary').all()) await more.click();
    const boxes = page.locator('[data-facet="goals"] input[type="checkbox"]');
    assert.equal((await visibleGoals(page)).length, await boxes.count(), 'every goal is visible once the disclosures are open');
    await page.locator('[data-facet="goals"] a[href="/doelen"]').click();
    await page.waitForURL(/\/doelen$/);
  });
});

test('goal page: from the browser to a goal with its materials', async (t) => {
  await withPage(t, browser, { file }, async (page) => {
    await gotoOK(page, hub.url('/doelen/so-1ste-graad-v2-1/06.43'));
    assert.match(await page.locator('h1').innerText(), /06\.43/);
    const cards = page.locator('.card-title a');
    assert.ok((await cards.count()) >= 1, 'the goal page lists its materials');
    await Promise.all([page.waitForEvent('load'), cards.first().click()]);
    assert.match(page.url(), /\/materialen\//);
    assert.ok(await page.locator('section[aria-labelledby="goals-title"] a[href="/doelen/so-1ste-graad-v2-1/06.43"]').count() >= 1,
      'the material page links back to the goal page');
  });
});

function sameList(a, b) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
