// Files in the editor in a real browser (issue 8 §3): a trainer made with
// the CLI and granted the auteur role for limburg saves a draft, then adds
// an image with the file picker and a drawing by drag and drop — without
// the page reloading, the unsaved text stays — sees size and dimensions,
// copies the Markdown, is told in Dutch why a web page named .png is
// refused, removes a file, and is warned about an image without alt text.
// A visitor gets 404 for the draft's file. Without JavaScript the same
// form posts the file and comes back to the editor with a message.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { artifactsDir } from './lib/server.mjs';
import { withPage, gotoOK } from './lib/browser.mjs';
import { png, signIn as signInAs } from './lib/audit.mjs';
import { openSuite, closeSuite, makePeople, fillRequired } from './lib/suite.mjs';

const ria = { email: 'ria@e2e.test', name: 'Ria Uploader' };
const phone = { width: 390, height: 844 };
let hub, browser;

before(async () => {
  ({ hub, browser } = await openSuite('uploads'));
  makePeople(hub, [[ria, 'auteur', 'limburg']]);
});

after(async () => {
  await closeSuite({ hub, browser });
});

const signIn = (page) => signInAs(page, hub, ria.email);

// newDraft saves a material with the editor and returns its slug.
async function newDraft(page, title) {
  await gotoOK(page, hub.url('/materialen/nieuw'));
  assert.match(await page.locator('#bestanden').innerText(), /Bestanden toevoegen kan zodra het materiaal één keer bewaard is/);
  await fillRequired(page, { title, summary: 'Leerlingen bouwen een windmolen en meten het vermogen.' });
  await page.fill('#veld-body', 'Eerste versie.');
  await Promise.all([page.waitForURL(/bewerken\?melding=bewaard$/), page.click('button[name="actie"][value="bewaren"]')]);
  return new URL(page.url()).pathname.split('/')[2];
}

const shot = (name) => path.join(artifactsDir, `uploads-${name}.png`);

test('add files by picker and by drag and drop without reloading, refuse a web page, copy, remove, warn on missing alt text', async (t) => {
  await withPage(t, browser, { file: 'uploads' }, async (page) => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await signIn(page);
    const slug = await newDraft(page, 'Windmolen met foto');
    await page.evaluate(() => { window.__noReload = true; });
    await page.fill('#veld-body', 'Tekst die nog niet bewaard is.');

    // The picker: sent in the background, listed with its size.
    const used = () => page.locator('#bestand-uitleg').innerText();
    const stored = async (name) => (await (await page.request.get(hub.url(`/materialen/${slug}/bestanden/${name}`))).body()).length;
    assert.match(await used(), /\(nu in gebruik: 0 bytes\)/);
    const picture = png(40, 30);
    await page.setInputFiles('#bestand-kiezen', { name: 'Schema windmolen.png', mimeType: 'image/png', buffer: picture });
    await page.click('[data-upload-button]');
    const item = page.locator('.upload-item[data-name="Schema-windmolen.png"]');
    await item.waitFor();
    // The hint's total follows what was added (and removed, below).
    const pngBytes = await stored('Schema-windmolen.png');
    assert.match(await used(), new RegExp(`\\(nu in gebruik: ${pngBytes} bytes\\)`));
    assert.match(await item.innerText(), /PNG-afbeelding · .* · 40 × 30 pixels/);
    assert.match(await page.locator('[data-upload-status]').innerText(), /is toegevoegd/);
    assert.equal(await page.evaluate(() => window.__noReload), true, 'the page did not reload');
    assert.equal(await page.locator('#veld-body').inputValue(), 'Tekst die nog niet bewaard is.', 'the unsaved text stays');

    // Drag and drop a drawing onto the upload field.
    const dt = await page.evaluateHandle(() => {
      const d = new DataTransfer();
      d.items.add(new File(['<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle cx="5" cy="5" r="4"/></svg>'], 'tekening.svg', { type: 'image/svg+xml' }));
      return d;
    });
    await page.locator('[data-dropzone]').dispatchEvent('dragover', { dataTransfer: dt });
    await page.locator('[data-dropzone]').dispatchEvent('drop', { dataTransfer: dt });
    await page.locator('.upload-item[data-name="tekening.svg"]').waitFor();
    assert.match(await used(), new RegExp(`\\(nu in gebruik: ${pngBytes + await stored('tekening.svg')} bytes\\)`));

    // A web page named .png: refused, said in Dutch, nothing listed.
    await page.setInputFiles('#bestand-kiezen', { name: 'foto.png', mimeType: 'image/png', buffer: Buffer.from('<!doctype html><script>alert(1)</script>') });
    await page.click('[data-upload-button]');
    await page.locator('[data-upload-status]', { hasText: /webpagina/ }).waitFor();
    assert.match(await page.locator('[data-upload-status]').innerText(), /"foto\.png".*Toegelaten zijn/s);
    assert.equal(await page.locator('.upload-item[data-name="foto.png"]').count(), 0);

    // Copy the Markdown.
    await item.locator('button', { hasText: 'Kopieer' }).click();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), '![Beschrijf de afbeelding](Schema-windmolen.png)');
    await page.screenshot({ path: shot('1280'), fullPage: true });

    // The draft's file: for the author, not for a visitor.
    const url = `/materialen/${slug}/bestanden/Schema-windmolen.png`;
    assert.equal((await page.request.get(hub.url(url))).status(), 200);
    assert.equal((await fetch(hub.url(url))).status, 404, "a visitor does not get a draft's file");

    // Remove without reloading.
    await page.locator('.upload-item[data-name="tekening.svg"] [data-upload-remove]').click();
    await page.locator('.upload-item[data-name="tekening.svg"]').waitFor({ state: 'detached' });
    assert.match(await page.locator('[data-upload-status]').innerText(), /is verwijderd/);
    assert.match(await used(), new RegExp(`\\(nu in gebruik: ${pngBytes} bytes\\)`));
    assert.equal(await page.evaluate(() => window.__noReload), true);

    // An image without alt text: saved, with a warning.
    await page.fill('#veld-body', '# Windmolen\n\n![](Schema-windmolen.png)\n');
    await Promise.all([page.waitForURL(/melding=bewaard$/), page.click('button[name="actie"][value="bewaren"]')]);
    assert.match(await page.locator('body').innerText(), /heeft geen alternatieve tekst/);
  });
});

test('without JavaScript the form posts the file and returns to the editor with a message', async (t) => {
  let slug;
  await withPage(t, browser, { file: 'uploads' }, async (page) => {
    await signIn(page);
    slug = await newDraft(page, 'Werkblad zonder script');
  });
  await withPage(t, browser, { file: 'uploads', javaScriptEnabled: false, viewport: phone }, async (page) => {
    await signIn(page);
    await gotoOK(page, hub.url(`/materialen/${slug}/bewerken`));
    assert.equal(await page.locator('[data-upload-nojs]').isVisible(), true, 'says the page reloads');
    await page.setInputFiles('#bestand-kiezen', { name: 'werkblad.png', mimeType: 'image/png', buffer: png(8, 6) });
    await Promise.all([page.waitForURL(/bewerken#bestanden$/), page.click('[data-upload-button]')]);
    assert.match(await page.locator('#bestanden .notice-info').innerText(), /"werkblad\.png" is toegevoegd\. Zet het in je tekst met: !\[Beschrijf de afbeelding\]\(werkblad\.png\)/);
    assert.match(await page.locator('.upload-item[data-name="werkblad.png"]').innerText(), /8 × 6 pixels/);
    await page.screenshot({ path: shot('nojs-390'), fullPage: true });
    // A refused file: the message, nothing listed.
    await page.setInputFiles('#bestand-kiezen', { name: 'start.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ\x90\x00\x03', 'latin1') });
    await Promise.all([page.waitForURL(/bewerken#bestanden$/), page.click('[data-upload-button]')]);
    assert.match(await page.locator('#bestanden .notice-warning').innerText(), /programma/);
    await Promise.all([page.waitForURL(/bewerken#bestanden$/), page.click('.upload-item[data-name="werkblad.png"] [data-upload-remove]')]);
    assert.match(await page.locator('#bestanden .notice-info').innerText(), /"werkblad\.png" is verwijderd/);
    assert.equal(await page.locator('.upload-item').count(), 0);
  });
});
