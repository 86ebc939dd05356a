// The material page ready for the classroom (issue 11): print, copy link
// and copy attribution work with JavaScript and say so in a status region;
// without JavaScript the buttons stay hidden while "Alles downloaden" and
// "Mailen" still work; printing shows the lesson without the site around it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { withPage, gotoOK } from './lib/browser.mjs';
import { openSuite, closeSuite } from './lib/suite.mjs';

const file = 'material';
const slug = 'windmolen-ontwerpen';
let hub, browser;

before(async () => ({ hub, browser } = await openSuite(file)));

after(() => closeSuite({ hub, browser }));

const clean = (s) => (s ?? '').replace(/\s+/g, ' ').trim();

for (const [name, viewport] of [['laptop', { width: 1280, height: 900 }], ['phone', { width: 390, height: 844 }]]) {
  test(`with JavaScript (${name}): print, copy link and copy attribution`, async (t) => {
    await withPage(t, browser, { file, viewport }, async (page) => {
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
      await gotoOK(page, hub.url(`/materialen/${slug}`));
      const canonical = await page.getAttribute('link[rel=canonical]', 'href');

      // Print: the button calls the browser's print (stubbed: a real print dialog would block).
      await page.evaluate(() => { window.print = () => { window.__printed = (window.__printed || 0) + 1; }; });
      const print = page.getByRole('button', { name: 'Afdrukken' });
      assert.ok(await print.isVisible(), 'the print button is visible with JavaScript');
      await print.click();
      assert.equal(await page.evaluate(() => window.__printed), 1, 'the print button prints');

      // Copy link: the address lands on the clipboard and the status says so.
      await page.getByRole('button', { name: 'Link kopiëren' }).click();
      const status = page.locator('.material-header [role=status]');
      await status.filter({ hasText: 'gekopieerd' }).waitFor();
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), canonical);

      // Copy attribution: exactly the text shown.
      await page.getByRole('button', { name: 'Bronvermelding kopiëren' }).click();
      await page.locator('.reuse [role=status]').filter({ hasText: 'gekopieerd' }).waitFor();
      const shown = clean(await page.textContent('#attribution'));
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), shown);
      assert.match(shown, /^„.+” door .+, https?:\/\/\S+, CC BY-SA 4\.0 \(https:\/\/creativecommons\.org\/licenses\/by-sa\/4\.0\/deed\.nl\)\.$/);
    });
  });
}

test('without JavaScript: no dead buttons; download and e-mail still work', async (t) => {
  await withPage(t, browser, { file, javaScriptEnabled: false }, async (page) => {
    await gotoOK(page, hub.url(`/materialen/${slug}`));
    assert.equal(await page.locator('[data-action]:visible').count(), 0, 'a button that needs JavaScript is hidden without it');
    const mail = await page.getAttribute('a[href^="mailto:"]', 'href');
    const url = new URL(mail);
    assert.match(url.searchParams.get('subject'), /^Windmolen ontwerpen/);
    assert.ok(url.searchParams.get('body').includes(`/materialen/${slug}`), 'the e-mail carries the link');
    const zip = await page.getAttribute('.material-actions a[href$="download.zip"]', 'href');
    const res = await fetch(hub.url(zip));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/zip');
    assert.match(res.headers.get('content-disposition'), /^attachment; filename="windmolen-ontwerpen\.zip"; filename\*=UTF-8''windmolen-ontwerpen\.zip$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    assert.deepEqual([...bytes.slice(0, 4)], [0x50, 0x4b, 0x03, 0x04], 'a zip file');
  });
});

test('print: the lesson without the site around it, links written out', async (t) => {
  await withPage(t, browser, { file }, async (page) => {
    await gotoOK(page, hub.url(`/materialen/${slug}`));
    await page.emulateMedia({ media: 'print' });
    for (const hidden of ['.site-header', '.site-footer', '.material-actions', '.toc', '.related', '.reuse button']) {
      assert.equal(await page.locator(hidden).first().isVisible(), false, `${hidden} is not printed`);
    }
    assert.ok(await page.locator('.print-source').isVisible(), 'the page address is printed');
    assert.ok(await page.locator('.prose').isVisible(), 'the lesson is printed');
    const after = await page.evaluate(() => getComputedStyle(document.querySelector('.prose a[href*="/bestanden/"]'), '::after').content);
    assert.match(after, /bestanden/, 'a worksheet link prints its address');
  });
});
