// The material editor in a real browser (issue 8 §3): two trainers made
// with the CLI and granted the auteur role for limburg. An writes a
// material with the toolbar and its shortcuts and sees the live preview
// (a formula as MathML, a table), autosave names the time; An and Bo edit
// the same material in two browsers and the second save is told what
// changed and chooses; on a phone the text and the preview are tabs.
// Without JavaScript the "Voorbeeld" button shows the same preview.
// Screenshots at 1280 and 390 px go to artifacts/ to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { artifactsDir } from './lib/server.mjs';
import { withPage, gotoOK } from './lib/browser.mjs';
import { signIn as signInAs } from './lib/audit.mjs';
import { openSuite, closeSuite, makePeople, fillRequired as fill } from './lib/suite.mjs';

const an = { email: 'an@e2e.test', name: 'An Auteur' };
const bo = { email: 'bo@e2e.test', name: 'Bo Bouwer' };
const phone = { width: 390, height: 844 };
let hub, browser;

before(async () => {
  ({ hub, browser } = await openSuite('editor'));
  makePeople(hub, [[an, 'auteur', 'limburg'], [bo, 'auteur', 'limburg']]);
});

after(() => closeSuite({ hub, browser }));

const signIn = (page, who) => signInAs(page, hub, who.email);
const shot = (name) => path.join(artifactsDir, `editor-${name}.png`);
// fillRequired fills what the content format requires.
const fillRequired = (page, title) => fill(page, { title, summary: 'Leerlingen bouwen een windmolen en meten het vermogen.' });

test('write with the toolbar and shortcuts, live preview with a formula and a table, autosave says when', async (t) => {
  await withPage(t, browser, { file: 'editor' }, async (page) => {
    await signIn(page, an);
    await gotoOK(page, hub.url('/materialen/nieuw'));
    assert.equal(await page.locator('select[name="hub"] option[value="limburg"]').count(), 1);
    assert.equal(await page.locator('select[name="hub"] option[value="antwerpen"]').count(), 0, 'only the hubs An writes for');
    await fillRequired(page, 'Windmolen met formule');

    const area = page.locator('#veld-body');
    await area.fill('Vermogen');
    await area.press('Control+a');
    await area.press('Control+b'); // bold, announced as aria-keyshortcuts="Control+B"
    await area.press('End');
    await area.press('Enter');
    await area.press('Enter');
    await page.click('.md-toolbar button[data-md="formula"]');
    await area.press('End');
    await area.press('Enter');
    await page.click('.md-toolbar button[data-md="table"]');
    const body = await area.inputValue();
    assert.match(body, /\*\*Vermogen\*\*/, `Ctrl+B made bold: ${JSON.stringify(body)}`);
    assert.match(body, /\$E = m c\^2\$/, `the formula button: ${JSON.stringify(body)}`);
    assert.match(body, /\| Kolom 1 \| Kolom 2 \|/, `the table button: ${JSON.stringify(body)}`);
    assert.equal(await page.locator('.md-toolbar button[data-md="bold"]').getAttribute('aria-keyshortcuts'), 'Control+B');

    // The live preview: the server's pipeline, MathML and a real table.
    await page.locator('#voorbeeld math').waitFor();
    await page.locator('#voorbeeld table th', { hasText: 'Kolom 1' }).waitFor();
    assert.equal(await page.locator('#voorbeeld strong').innerText(), 'Vermogen');
    assert.equal(await page.locator('.editor-preview-button').isHidden(), true, 'the no-JS button steps aside');
    await page.screenshot({ path: shot('1280'), fullPage: true });

    // Leaving now would lose the text: the page asks the browser to warn
    // (a synthetic event, so no real dialog opens).
    const warns = () => page.evaluate(() => {
      const e = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(e);
      return e.defaultPrevented;
    });
    assert.equal(await warns(), true, 'unsaved changes: leaving warns');

    // Autosave within ~20 s: a draft now, with its own address.
    await page.locator('#bewaarstatus', { hasText: /Automatisch bewaard om \d\d:\d\d/ }).waitFor({ timeout: 30_000 });
    assert.equal(await warns(), false, 'everything saved: leaving does not warn');
    await page.waitForURL(/\/materialen\/windmolen-met-formule\/bewerken$/);
    const draft = await fetch(hub.url('/materialen/windmolen-met-formule'));
    assert.equal(draft.status, 404, 'a visitor does not see the draft');
    await gotoOK(page, hub.url('/materialen/windmolen-met-formule'));
    assert.match(await page.locator('.draft-banner').innerText(), /Concept — nog niet gepubliceerd/);
    assert.equal(await page.locator('.prose math').count() > 0, true);
  });
});

test('two trainers edit the same material: the second is told what changed and keeps theirs', async (t) => {
  await withPage(t, browser, { file: 'editor' }, async (pa) => {
    await signIn(pa, an);
    await gotoOK(pa, hub.url('/materialen/nieuw'));
    await fillRequired(pa, 'Samen aan een les');
    await pa.fill('#veld-body', 'Eerste versie van de tekst.');
    await Promise.all([pa.waitForURL(/bewerken\?melding=bewaard$/), pa.click('button[name="actie"][value="bewaren"]')]);
    await withPage(t, browser, { file: 'editor' }, async (pb) => {
      await signIn(pb, bo);
      await gotoOK(pb, hub.url('/materialen/samen-aan-een-les/bewerken'));
      // An saves first.
      await pa.fill('#veld-title', 'Samen aan een les over wind');
      await pa.fill('#veld-body', 'Eerste versie van de tekst, door An aangevuld.');
      await Promise.all([pa.waitForURL(/melding=bewaard$/), pa.click('button[name="actie"][value="bewaren"]')]);
      // Bo saves on the version both read.
      await pb.fill('#veld-body', 'Bo schrijft een heel andere tekst.');
      await Promise.all([pb.waitForLoadState(), pb.click('button[name="actie"][value="bewaren"]')]);
      const conflict = pb.locator('.conflict');
      await conflict.waitFor();
      const text = await conflict.innerText();
      assert.match(text, /Niet bewaard: iemand anders bewaarde/);
      assert.match(text, /An Auteur/);
      assert.match(text, /Titel/);
      assert.match(text, /Tekst/);
      assert.match(await pb.locator('.conflict .diff ins').first().innerText(), /An|aangevuld/);
      assert.equal(await pb.locator('#veld-body').inputValue(), 'Bo schrijft een heel andere tekst.', "Bo's text is still in the form");
      await pb.screenshot({ path: shot('conflict-1280'), fullPage: true });
      await Promise.all([pb.waitForURL(/melding=bewaard$/), pb.click('.conflict button[value="bewaren"]')]);
      assert.equal(await pb.locator('#veld-body').inputValue(), 'Bo schrijft een heel andere tekst.');
      assert.match(await pb.locator('.editor-state').innerText(), /versie 3/);
    });
  });
});

test('on a phone the text and the preview are tabs', async (t) => {
  await withPage(t, browser, { file: 'editor', viewport: phone }, async (page) => {
    await signIn(page, an);
    await gotoOK(page, hub.url('/materialen/windmolen-met-formule/bewerken'));
    const tabs = page.locator('.editor-tabs');
    await tabs.waitFor();
    assert.equal(await page.locator('#tab-schrijven').getAttribute('aria-selected'), 'true');
    assert.equal(await page.locator('#veld-body').isVisible(), true);
    assert.equal(await page.locator('#voorbeeld').isVisible(), false);
    await page.screenshot({ path: shot('390'), fullPage: true });
    await page.click('#tab-voorbeeld');
    assert.equal(await page.locator('#tab-voorbeeld').getAttribute('aria-selected'), 'true');
    await page.locator('#voorbeeld math').waitFor();
    assert.equal(await page.locator('#veld-body').isVisible(), false);
    await page.screenshot({ path: shot('390-voorbeeld'), fullPage: false });
    await page.keyboard.press('ArrowLeft');
    assert.equal(await page.locator('#tab-schrijven').getAttribute('aria-selected'), 'true');
    assert.equal(await page.locator('#veld-body').isVisible(), true);
  });
});

test('without JavaScript the Voorbeeld button shows the same preview and keeps the text', async (t) => {
  await withPage(t, browser, { file: 'editor', javaScriptEnabled: false }, async (page) => {
    await signIn(page, an);
    await gotoOK(page, hub.url('/materialen/nieuw'));
    await fillRequired(page, 'Zonder script');
    await page.fill('#veld-body', 'Wet van Ohm: $U = R \\cdot I$.');
    await Promise.all([page.waitForLoadState(), page.click('button[name="actie"][value="voorbeeld"]')]);
    await page.locator('#voorbeeld math').waitFor();
    assert.equal(await page.locator('#veld-body').inputValue(), 'Wet van Ohm: $U = R \\cdot I$.');
    assert.equal(await page.locator('#veld-title').inputValue(), 'Zonder script');
    // The goal picker on the server.
    await page.fill('#doelzoek', '06.43');
    await Promise.all([page.waitForLoadState(), page.click('button[name="actie"][value="doelen"]')]);
    const goal = page.locator('.goal-results li').first();
    assert.match(await goal.innerText(), /06\.43/);
    assert.doesNotMatch(await goal.innerText(), /SO_1STE_GRAAD/, 'set names, never set ids');
  });
});

test("at 1280 px the text box's focus ring leaves the shortcut hint above it readable", async (t) => {
  await withPage(t, browser, { file: 'editor' }, async (page) => {
    await signIn(page, an);
    await gotoOK(page, hub.url('/materialen/nieuw'));
    const hint = page.locator('#sneltoetsen');
    await hint.waitFor();
    await page.focus('#veld-body');
    const gap = await page.evaluate(() => {
      const box = document.querySelector('#veld-body');
      const s = getComputedStyle(box);
      const ring = s.outlineStyle === 'none' ? 0 : parseFloat(s.outlineWidth) + parseFloat(s.outlineOffset);
      return box.getBoundingClientRect().top - ring - document.querySelector('#sneltoetsen').getBoundingClientRect().bottom;
    });
    assert.ok(gap >= 0, `the focus ring covers ${-gap} px of the shortcut hint`);
  });
});

test('Mijn materialen at 390 px: every row has its value on the line of its label', async (t) => {
  await withPage(t, browser, { file: 'editor', viewport: phone }, async (page) => {
    await signIn(page, an);
    await gotoOK(page, hub.url('/materialen/nieuw'));
    await fillRequired(page, 'Een titel die lang genoeg is om het adres op een telefoon te laten afbreken');
    await Promise.all([page.waitForURL(/melding=bewaard$/), page.click('button[name="actie"][value="bewaren"]')]);
    await gotoOK(page, hub.url('/mijn-materialen'));
    const rows = await page.locator('.mine-item .card-meta > div').evaluateAll((divs) => divs.map((d) => {
      const dt = d.querySelector('dt').getClientRects()[0];
      const dd = d.querySelector('dd').getClientRects()[0];
      return { label: d.querySelector('dt').textContent, off: Math.abs(dd.top - dt.top) };
    }));
    assert.ok(rows.length >= 4, `rows: ${JSON.stringify(rows)}`);
    for (const r of rows) assert.ok(r.off < 6, `"${r.label}": the value starts ${r.off} px below its label`);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 390, 'no horizontal scroll');
  });
});
