// The teacher's path through the hub in a real browser: home → search as you
// type → two facets → a material with a formula, a table and an image → back,
// with JavaScript and without it, and the same with the keyboard alone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { getJSON } from './lib/server.mjs';
import { withPage, gotoOK } from './lib/browser.mjs';
import { richMaterial, templateNames, templatePages } from './lib/pages.mjs';
import { openSuite, closeSuite } from './lib/suite.mjs';
import {
  searchBox, resultSlugs, sameSet, waitUntil, searchState, filtersWithoutChip,
  assertMaterialRenders, focusWalk,
} from './lib/dom.mjs';

const file = 'teacher';
let hub, browser, pages;
let plan; // { target, q, filters: [[field, value], [field, value]], all, narrowed }

before(async () => {
  ({ hub, browser } = await openSuite(file));
  pages = await templatePages(hub);
  plan = await planSearch(hub, await richMaterial(hub));
});

after(() => closeSuite({ hub, browser }));

function apiSearch(q, filters = []) {
  const p = new URLSearchParams({ q });
  for (const [f, v] of filters) p.append(f, v);
  return getJSON(hub.url(`/api/v1/materials?${p}`));
}

// planSearch picks, from the API, a word a teacher would type that finds the
// rich material among a handful of others, and two facet values (of two
// different fields, which AND together) that keep it but drop others.
async function planSearch(hub, target) {
  const text = `${target.title} ${target.summary ?? ''}`.toLowerCase();
  const words = [...new Set(text.match(/[\p{L}]{5,}/gu) ?? [])].slice(0, 15);
  let best;
  for (const q of words) {
    const res = await apiSearch(q);
    if (!res.hits.some((h) => h.slug === target.slug)) continue;
    const score = res.total <= 20 ? res.total : -res.total; // prefer all results on one page
    if (!best || score > best.score) best = { q, res, score };
  }
  assert.ok(best, `no word of "${target.title}" finds ${target.slug} through the API`);
  const fields = ['levels', 'disciplines', 'type', 'finalities', 'grades', 'hub', 'inclusion', 'network', 'themes'];
  const candidates = [];
  for (const f of fields) {
    const vals = Array.isArray(target[f]) ? target[f] : target[f] ? [target[f]] : [];
    for (const v of vals) candidates.push([f, String(v)]);
  }
  let pick;
  for (let i = 0; i < candidates.length && !pick; i++) {
    for (let j = i + 1; j < candidates.length; j++) {
      if (candidates[i][0] === candidates[j][0]) continue;
      const filters = [candidates[i], candidates[j]];
      const res = await apiSearch(best.q, filters);
      if (res.total >= 1 && res.total < best.res.total && res.hits.some((h) => h.slug === target.slug)) { pick = { filters, res }; break; }
    }
  }
  assert.ok(pick, `no two facet values of ${target.slug} narrow the ${best.res.total} results for "${best.q}"`);
  return { target, q: best.q, filters: pick.filters, all: best.res, narrowed: pick.res };
}

const slugsOf = (res) => res.hits.map((h) => h.slug);

// applyFacets ticks the planned checkboxes (opening a folded facet block
// first, as a user would); with JavaScript the page applies each at once,
// otherwise the "Filters toepassen" button submits the form.
async function applyFacets(page, filters, { js }) {
  const has = (f, v) => (searchState(page.url()).filters[f] ?? []).includes(v);
  let instant = js;
  for (const [f, v] of filters) {
    const box = page.locator(`input[type="checkbox"][name="${f}"][value="${v}"]`);
    assert.equal(await box.count(), 1, `no single facet checkbox name="${f}" value="${v}" on ${page.url()}`);
    if (!(await box.isVisible())) {
      const summary = box.locator('xpath=ancestor::details[1]/summary');
      if (await summary.count()) await summary.click();
    }
    await box.check();
    // Instant filtering swaps the result region: wait for it before the next
    // tick so the click never lands on a region being replaced.
    if (instant) instant = await waitUntil(() => has(f, v), { timeout: 3000, message: 'instant filter' }).catch(() => false);
  }
  if (instant) return;
  const apply = page.getByRole('button', { name: /^filters toepassen$/i });
  assert.ok(await apply.isVisible(), `${js ? 'filters are not applied instantly and ' : ''}there is no visible "Filters toepassen" button`);
  await Promise.all([page.waitForEvent('load'), apply.click()]);
  await waitUntil(() => filters.every(([f, v]) => has(f, v)), { message: `the URL to hold ${JSON.stringify(filters)}`, describe: () => page.url() });
}

async function expectResults(page, res, what) {
  const want = slugsOf(res);
  await waitUntil(async () => sameSet(await resultSlugs(page), want), {
    message: `${what}: the results to be the API's ${want.length} (${want.join(', ')})`,
    describe: async () => `page shows ${(await resultSlugs(page)).join(', ') || 'no results'} at ${page.url()}`,
  });
}

async function openTargetAndReturn(page) {
  const { target } = plan;
  const before = { url: page.url(), slugs: await resultSlugs(page) };
  const link = page.locator(`main a[href="/materialen/${target.slug}"]`).first();
  await Promise.all([page.waitForURL(`**/materialen/${target.slug}`), link.click()]);
  await page.waitForLoadState('load');
  await assert.doesNotReject(page.locator('h1').first().waitFor(), 'the material page has no <h1>');
  assert.ok((await page.locator('h1').first().textContent()).includes(target.title.slice(0, 20)), 'the material page heading is not the material title');
  await assertMaterialRenders(page);

  await page.goBack({ waitUntil: 'load' });
  assert.equal(page.url(), before.url, 'back did not return to the same search URL');
  const box = await searchBox(page);
  assert.equal(await box.inputValue(), plan.q, 'after back the search box lost the query');
  for (const [f, v] of plan.filters) {
    assert.ok(await page.locator(`input[type="checkbox"][name="${f}"][value="${v}"]`).isChecked(), `after back the facet ${f}=${v} is no longer ticked`);
  }
  await waitUntil(async () => sameSet(await resultSlugs(page), before.slugs), {
    message: 'the results after back to equal those before', describe: async () => (await resultSlugs(page)).join(', '),
  });
}

test('teacher path with JavaScript: home → search as you type → two facets → material → back', async (t) => {
  t.diagnostic(`plan: type "${plan.q}" (${plan.all.total} results), tick ${plan.filters.map(([f, v]) => `${f}=${v}`).join(' + ')} (${plan.narrowed.total} results), open ${plan.target.slug}`);
  await withPage(t, browser, { file }, async (page) => {
    let loads = 0;
    page.on('load', () => loads++);
    await gotoOK(page, hub.url('/'));
    assert.ok(await (await searchBox(page)).isVisible(), 'the home page has no visible search box');
    // Home → the search page by submitting the empty home search (as a teacher who clicks "Zoeken").
    await Promise.all([page.waitForURL('**/zoeken**'), (await searchBox(page)).press('Enter')]);
    await page.waitForLoadState('load');

    const box = await searchBox(page);
    await page.evaluate(() => { window.__e2eSameDocument = true; });
    const loadsBefore = loads;
    await box.click();
    await page.keyboard.type(plan.q, { delay: 60 });
    await waitUntil(() => searchState(page.url()).q === plan.q, { message: `the URL to hold q=${plan.q} after typing`, describe: () => page.url() });
    await expectResults(page, plan.all, `as-you-type "${plan.q}"`);
    const sameDoc = await page.evaluate(() => ({ marker: window.__e2eSameDocument === true, navs: performance.getEntriesByType('navigation').length }));
    assert.ok(sameDoc.marker && loads === loadsBefore, `typing reloaded the page (marker kept: ${sameDoc.marker}, loads: ${loads - loadsBefore})`);
    assert.equal(sameDoc.navs, 1);

    const countBefore = (await resultSlugs(page)).length;
    await applyFacets(page, plan.filters, { js: true });
    await expectResults(page, plan.narrowed, `facets ${JSON.stringify(plan.filters)}`);
    const countAfter = (await resultSlugs(page)).length;
    assert.ok(countAfter < countBefore || plan.all.total > 20, `facets did not narrow the results (${countBefore} → ${countAfter})`);
    const missing = await filtersWithoutChip(page, plan.q, plan.filters);
    assert.deepEqual(missing, [], `no active-filter chip (a visible link that removes just that filter) for ${missing.join(', ')}`);

    await openTargetAndReturn(page);
  });
});

test('teacher path without JavaScript: form submit and "Filters toepassen"', async (t) => {
  await withPage(t, browser, { file, javaScriptEnabled: false }, async (page) => {
    await gotoOK(page, hub.url('/'));
    const homeBox = await searchBox(page);
    await homeBox.fill(plan.q);
    await Promise.all([page.waitForURL('**/zoeken?**'), homeBox.press('Enter')]);
    await page.waitForLoadState('load');
    assert.equal(searchState(page.url()).q, plan.q, 'the home search form did not send q to /zoeken');
    await expectResults(page, plan.all, `search "${plan.q}" without JavaScript`);

    await applyFacets(page, plan.filters, { js: false });
    const s = searchState(page.url());
    assert.equal(s.q, plan.q, '"Filters toepassen" dropped the query');
    await expectResults(page, plan.narrowed, 'facets without JavaScript');
    const missing = await filtersWithoutChip(page, plan.q, plan.filters);
    assert.deepEqual(missing, [], `no active-filter chip for ${missing.join(', ')}`);

    await openTargetAndReturn(page);
  });
});

test('keyboard: Tab reaches the skip link first, and skipping lands before the search box', async (t) => {
  for (const path of ['/', '/zoeken']) {
    await withPage(t, browser, { file }, async (page) => {
      await gotoOK(page, hub.url(path));
      await page.keyboard.press('Tab');
      const skip = await page.evaluate(() => {
        const el = document.activeElement;
        const href = el?.getAttribute('href') ?? '';
        const r = el.getBoundingClientRect();
        return { tag: el.tagName, href, text: el.textContent.trim(), target: href.startsWith('#') && !!document.getElementById(decodeURIComponent(href.slice(1))), visible: r.width > 0 && r.height > 0 && r.top >= 0 && r.top < innerHeight };
      });
      assert.equal(skip.tag, 'A', `${path}: the first Tab stop is <${skip.tag.toLowerCase()}> "${skip.text}", not the skip link`);
      assert.ok(skip.href.startsWith('#') && skip.target, `${path}: the first link "${skip.text}" (${skip.href}) does not skip to an element on the page`);
      assert.ok(skip.visible, `${path}: the skip link is not visible when it has focus`);
      await page.keyboard.press('Enter');
      await page.keyboard.press('Tab');
      const next = await page.evaluate(() => ({ name: document.activeElement?.getAttribute('name'), tag: document.activeElement?.tagName, text: document.activeElement?.textContent?.trim().slice(0, 40) }));
      assert.equal(next.name, 'q', `${path}: after the skip link, Tab lands on <${next.tag?.toLowerCase()}> "${next.text}" instead of the search box`);
    });
  }
});

test('keyboard: the search works with the keyboard alone (Tab, type, Enter)', async (t) => {
  await withPage(t, browser, { file }, async (page) => {
    await gotoOK(page, hub.url('/'));
    let reached = false;
    for (let i = 0; i < 30 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.getAttribute('name') === 'q');
    }
    assert.ok(reached, 'the search box is not reachable with Tab within 30 stops');
    await page.keyboard.type(plan.q);
    await page.keyboard.press('Enter');
    await waitUntil(() => { const s = searchState(page.url()); return s.path === '/zoeken' && s.q === plan.q; }, { message: 'Enter to open /zoeken with the query', describe: () => page.url() });
    await page.waitForLoadState('load');
    await expectResults(page, plan.all, 'keyboard search');
    // And a facet with the keyboard: Tab to the first planned checkbox, Space.
    const [f, v] = plan.filters[0];
    let onBox = false;
    for (let i = 0; i < 200 && !onBox; i++) {
      await page.keyboard.press('Tab');
      onBox = await page.evaluate(([f, v]) => { const el = document.activeElement; return el?.name === f && el?.value === v; }, [f, v]);
    }
    assert.ok(onBox, `the facet checkbox ${f}=${v} is not reachable with Tab`);
    await page.keyboard.press('Space');
    const applied = () => (searchState(page.url()).filters[f] ?? []).includes(v);
    if (!(await waitUntil(applied, { timeout: 2000 }).catch(() => false))) {
      // No instant filtering: Tab on to "Filters toepassen" and press Enter.
      let onButton = false;
      for (let i = 0; i < 200 && !onButton; i++) {
        await page.keyboard.press('Tab');
        onButton = await page.evaluate(() => /^\s*filters toepassen\s*$/i.test(document.activeElement?.textContent ?? ''));
      }
      assert.ok(onButton, '"Filters toepassen" is not reachable with Tab after the facets');
      await page.keyboard.press('Enter');
      await waitUntil(applied, { message: `the URL to hold ${f}=${v}`, describe: () => page.url() });
    }
  });
});

for (const name of templateNames) {
  test(`keyboard: every focusable element on ${name} shows a visible focus indicator`, async (t) => {
    // Reduced motion makes the focus scroll instant (the CSS honours it), so
    // the walk need not wait for smooth scrolling at every stop.
    await withPage(t, browser, { file, reducedMotion: 'reduce', headers: pages[name].headers }, async (page) => {
      await gotoOK(page, hub.url(pages[name].path), pages[name].status);
      const stops = await focusWalk(page);
      assert.ok(stops.length > 0, `${pages[name].path}: Tab reaches no element at all`);
      const bad = stops.filter((s) => !s.indicator || !s.onScreen);
      const lines = bad.map((s) => `  ${s.what}: ${!s.indicator ? `no outline/box-shadow on focus${s.other ? ' (only border/background changes)' : ''}` : ''}${!s.onScreen ? ' not on screen when focused' : ''}`);
      assert.equal(bad.length, 0, `${pages[name].path}: ${bad.length} of ${stops.length} focus stops have no visible focus:\n${lines.join('\n')}`);
    });
  });
}
