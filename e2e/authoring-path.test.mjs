// The whole authoring path of issue 8 (§5, first bullet) in one walk in
// headless Chromium, against a hub started as run.sh starts it:
//  1. an admin made by the CLI (`hub user create --admin`) signs in and, on
//     /beheer/gebruikers, grants a CLI-made trainer the auteur role for limburg;
//  2. the trainer writes a new material from "Nieuw materiaal": the fields,
//     a goal from the goal picker, a body with an inline and a display
//     formula and a table (toolbar), an uploaded PNG inserted with alt text;
//     the live preview shows MathML, the table and the image with its size;
//     saves, changes a sentence, saves, compares the two versions (the words
//     struck through and underlined), restores the older one as a new
//     version with that version's body, and submits (Ingediend, also in
//     Mijn materialen);
//  3. a visitor gets 404 for the page, its file and its versions and does not
//     find it in search; an auteur of antwerpen gets 404 and cannot change it;
//  4. a page on another origin (same host, another port: the session cookie
//     goes along, SameSite=Lax does not stop it) auto-submits forms and
//     fetches at save, submit, upload, restore, sign-out and grant role while
//     the trainer is signed in: every one is refused and nothing changes;
//  5. axe on every page visited as it is shown, the Nu HTML Checker on the
//     server's HTML of each; screenshots at 1280 and 390 px of the editor
//     with its preview, the comparison and Mijn materialen go to
//     $AUTHORING_SHOTS (default /tmp/shots-authoring/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { startHub, freePort } from './lib/server.mjs';
import { launchBrowser, withPage, gotoOK } from './lib/browser.mjs';
import { e2eAdmin } from './lib/account.mjs';
import { resultSlugs } from './lib/dom.mjs';
import { Auditor, cli, png, signIn } from './lib/audit.mjs';

const trainer = { email: 'tom.trainer@e2e.test', name: 'Tom Trainer' };
const antwerp = { email: 'anke.antwerpen@e2e.test', name: 'Anke Antwerpen' };
const title = 'Zonnewiekmeter: vermogen van een windmolen';
const word = 'zonnewiekmeter'; // in no seed material: search must not find the draft by it
const image = 'wiek-schema.png';
const alt = 'Schema van een windmolen met drie wieken';
const oldSentence = 'Een windmolen zet de energie van de wind om in elektrische energie.';
const newSentence = 'Een windmolen zet de beweging van de lucht om in stroom.';
const shotsDir = process.env.AUTHORING_SHOTS || '/tmp/shots-authoring';
const phone = { width: 390, height: 844 };
const laptop = { width: 1280, height: 900 };

let hub, browser, evil, evilPort, evilPage = '';
const audit = new Auditor();

before(async () => {
  hub = await startHub({ name: 'authoring-path' });
  browser = await launchBrowser();
  mkdirSync(shotsDir, { recursive: true });
  cli(hub, 'user', 'create', '--email', e2eAdmin.email, '--name', e2eAdmin.name, '--password-stdin', '--admin');
  cli(hub, 'user', 'create', '--email', trainer.email, '--name', trainer.name, '--password-stdin');
  cli(hub, 'user', 'create', '--email', antwerp.email, '--name', antwerp.name, '--password-stdin');
  cli(hub, 'user', 'grant', '--email', antwerp.email, '--role', 'auteur', '--hub', 'antwerpen');
  // The other origin: what it serves is set once the material exists.
  evilPort = await freePort();
  evil = createServer((req, res) => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(evilPage);
  });
  await new Promise((r) => evil.listen(evilPort, '127.0.0.1', r));
});

after(async () => {
  evil?.close();
  await browser?.close();
  await hub?.stop();
});

// shoot takes the whole page at 1280 and 390 px, and with part (a
// selector) also that part alone, readable where the page is long; on a
// phone atPhone(page) first brings it into view (the editor's preview tab).
async function shoot(page, name, { part, atPhone } = {}) {
  for (const [label, viewport] of [['1280', laptop], ['390', phone]]) {
    await page.setViewportSize(viewport);
    if (label === '390' && atPhone) await atPhone(page);
    await page.screenshot({ path: path.join(shotsDir, `${name}-${label}.png`), fullPage: true });
    if (part) await page.locator(part).screenshot({ path: path.join(shotsDir, `${name}-${label}-deel.png`) });
    await audit.check(page, `${name} at ${label} px`);
  }
  await page.setViewportSize(laptop);
}

// editorState reads "Status: Concept — nog niet gepubliceerd · versie 3" from the editor.
async function editorState(page) {
  const text = await page.locator('.editor-state').innerText();
  const m = text.match(/Status:\s*([^—·]+?)\s*(?:—[^·]*)?·\s*versie (\d+)/);
  assert.ok(m, `the editor says no state and version: ${JSON.stringify(text)}`);
  return { state: m[1], version: Number(m[2]) };
}

async function save(page) {
  await Promise.all([page.waitForURL(/\/bewerken\?melding=bewaard$/), page.click('button[name="actie"][value="bewaren"]')]);
  await audit.check(page, 'the editor after a save');
  return editorState(page);
}

// attackPage is the other origin's page: forms that post themselves into
// hidden frames on load, and fetches with the browser's cookies, at every
// state-changing address a signed-in trainer can reach for this material.
function attackPage(slug, version, trainerAdminPath) {
  const h = hub.baseURL;
  const m = `${h}/materialen/${slug}`;
  const hidden = (fields) => Object.entries(fields).map(([k, v]) => `<input type="hidden" name="${k}" value="${v}">`).join('');
  const forms = {
    bewaren: [`${m}/bewerken`, { title: 'Gekaapt', summary: 'Gekaapt door een andere website.', levels: 'secundair', disciplines: 'technologie', hub: 'limburg', license: 'CC-BY-4.0', language: 'nl', version, actie: 'bewaren', body: 'Gekaapt.' }],
    indienen: [`${m}/indienen`, {}],
    herstellen: [`${m}/versies/1/herstellen`, { version }],
    afmelden: [`${h}/afmelden`, {}],
    rol: [`${h}${trainerAdminPath}/rol-toekennen`, { role: 'beheerder', hub: '' }],
  };
  return `<!DOCTYPE html><html lang="nl"><meta charset="utf-8"><title>Win een tablet</title><h1>Win een tablet</h1>
${Object.entries(forms).map(([name, [action, fields]]) => `<iframe name="f-${name}"></iframe><form method="post" target="f-${name}" action="${action}">${hidden(fields)}</form>`).join('\n')}
<script>
for (const f of document.forms) f.submit();
const png = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAAAAABX3VL4AAAADklEQVR4nGNoaGBoaAAABgYCASzBUNcAAAAASUVORK5CYII='), (c) => c.charCodeAt(0));
const file = new FormData();
file.append('file', new Blob([png], { type: 'image/png' }), 'gekaapt.png');
const send = (url, body, headers) => fetch(url, { method: 'POST', mode: 'no-cors', credentials: 'include', body, headers }).catch(() => {});
send('${m}/bestanden', file);
send('${h}/api/v1/materials/${slug}/attachments', file);
send('${h}/api/v1/materials/${slug}/submit');
send('${h}/api/v1/materials/${slug}/revisions/1/restore');
send('${m}/bewerken', new URLSearchParams({ ...${JSON.stringify(forms.bewaren[1])}, actie: 'autosave' }));
</script></html>`;
}

test('the authoring path: grant, write, preview, save, edit, compare, restore, submit; nobody else sees or changes it; another origin cannot act', async (t) => {
  // 1. The admin grants the role in the browser.
  let trainerAdminPath;
  await withPage(t, browser, { file: 'authoring-path' }, async (page) => {
    await signIn(page, hub, e2eAdmin.email);
    await audit.check(page, "the admin's account page");
    await Promise.all([page.waitForURL(/\/beheer\/gebruikers$/), page.click('a[href="/beheer/gebruikers"]')]);
    await audit.check(page, 'the user admin page');
    await page.fill('input[name="q"]', trainer.email);
    await Promise.all([page.waitForURL(/q=/), page.click('form[role="search"] button[type="submit"]')]);
    const link = page.locator('main a[href^="/beheer/gebruikers/"]', { hasText: trainer.email });
    assert.equal(await link.count(), 1, 'the search finds the trainer once');
    trainerAdminPath = await link.getAttribute('href');
    await Promise.all([page.waitForURL(new RegExp(`${trainerAdminPath}$`)), link.click()]);
    await audit.check(page, "the trainer's admin page");
    assert.doesNotMatch(await page.locator('main').innerText(), /Auteur voor Limburg/, 'no role before the grant');
    await page.selectOption('select[name="role"]', 'auteur');
    await page.selectOption('select[name="hub"]', 'limburg');
    await Promise.all([page.waitForURL(/melding=toegekend/), page.click('button:has-text("Rol toekennen")')]);
    assert.match(await page.locator('.role-list').innerText(), /Auteur voor Limburg/);
    await audit.check(page, 'the admin page after the grant');
  });

  let slug, vA, vB, bodyA;
  await withPage(t, browser, { file: 'authoring-path' }, async (page) => {
    // 2. The trainer writes.
    await signIn(page, hub, trainer.email);
    await gotoOK(page, hub.url('/mijn-materialen'));
    await audit.check(page, 'Mijn materialen, empty');
    await Promise.all([page.waitForURL(/\/materialen\/nieuw$/), page.click('main a:has-text("Nieuw materiaal")')]);
    await audit.check(page, 'Nieuw materiaal');
    const hubs = await page.locator('select[name="hub"] option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
    assert.deepEqual(hubs, ['limburg'], 'the hub offered is the one the trainer writes for');
    await page.fill('#veld-title', title);
    await page.fill('#veld-summary', 'Leerlingen meten het vermogen van een zelfgebouwde windmolen.');
    await page.check('input[name="levels"][value="secundair"]');
    await page.check('input[name="disciplines"][value="technologie"]');
    await page.check('input[name="license"][value="CC-BY-4.0"]');
    await page.selectOption('select[name="hub"]', 'limburg');
    // The goal picker as you type: a code, the official text shown, ticked.
    await page.fill('#doelzoek', '06.43');
    const found = page.locator('[data-goal-results] li').first();
    await found.waitFor();
    const goalText = await found.innerText();
    assert.match(goalText, /06\.43/);
    assert.ok(goalText.length > 30, `the goal's official text is shown: ${JSON.stringify(goalText)}`);
    const goalValue = await found.locator('input').getAttribute('value');
    await found.locator('input').check();
    await page.locator(`.goal-chosen input[value="${goalValue}"]:checked`).waitFor();

    const area = page.locator('#veld-body');
    await area.fill(`# Vermogen van een windmolen\n\n${oldSentence}\n\nHet vermogen is $P = U \\cdot I$.\n\n$$\nE = P \\cdot t\n$$\n\nMeet bij drie windsnelheden:\n`);
    await area.press('Control+End');
    await page.click('.md-toolbar button[data-md="table"]');
    assert.match(await area.inputValue(), /\| Kolom 1 \| Kolom 2 \|\n\| --- \| --- \|/, 'the table button wrote a table');
    await page.locator('#voorbeeld math[display="block"]').waitFor();
    await page.locator('#voorbeeld table th', { hasText: 'Kolom 1' }).waitFor();
    let st = await save(page);
    slug = new URL(page.url()).pathname.split('/')[2];
    assert.equal(slug, 'zonnewiekmeter-vermogen-van-een-windmolen');
    assert.equal(st.state, 'Concept');

    // Upload the image and insert it with alt text.
    await page.setInputFiles('#bestand-kiezen', { name: image, mimeType: 'image/png', buffer: png(48, 32) });
    await page.click('[data-upload-button]');
    await page.locator(`.upload-item[data-name="${image}"]`).waitFor();
    assert.match(await page.locator(`.upload-item[data-name="${image}"]`).innerText(), /48 × 32 pixels/);
    await area.press('Control+End');
    await area.press('Enter');
    await page.click('.md-toolbar button[data-md="image"]'); // ![beschrijving…](bestand.png), the description selected
    await page.keyboard.type(alt);
    await area.press('ArrowRight');
    await area.press('ArrowRight');
    for (let i = 0; i < 'bestand.png'.length; i++) await area.press('Shift+ArrowRight');
    await page.keyboard.type(image);
    assert.match(await area.inputValue(), new RegExp(`!\\[${alt}\\]\\(${image.replace('.', '\\.')}\\)`));

    // The live preview: the formula as MathML, the table, the image with its size.
    const img = page.locator(`#voorbeeld img[alt="${alt}"][src*="${image}"]`);
    await img.waitFor();
    assert.deepEqual([await img.getAttribute('width'), await img.getAttribute('height')], ['48', '32'], 'the preview writes the stored size on <img>');
    assert.ok(await img.evaluate((i) => i.complete && i.naturalWidth === 48), 'the image loads in the preview');
    assert.ok(await page.locator('#voorbeeld math:not([display="block"])').count() > 0, 'the inline formula as MathML');
    assert.ok(await page.locator('#voorbeeld math[display="block"]').count() > 0, 'the display formula as MathML');
    assert.equal(await page.locator('#voorbeeld table tbody tr').count(), 1);
    await shoot(page, 'editor-met-voorbeeld', {
      part: '.editor-body',
      atPhone: async (p) => {
        await p.click('#tab-voorbeeld');
        await p.locator('#voorbeeld img').waitFor();
      },
    });

    st = await save(page);
    vA = st.version;
    bodyA = await area.inputValue();
    assert.match(bodyA, new RegExp(image.replace('.', '\\.')));

    // Edit: one sentence changes.
    await area.fill(bodyA.replace(oldSentence, newSentence));
    st = await save(page);
    vB = st.version;
    assert.ok(vB > vA, `the edit is a new version (${vA} → ${vB})`);

    // Versions: compare, restore.
    await Promise.all([page.waitForURL(/\/versies$/), page.click('a:has-text("Alle versies")')]);
    await audit.check(page, 'the versions');
    await page.check(`#van-${vA}`);
    await page.check(`#tot-${vB}`);
    await Promise.all([page.waitForURL(/vergelijk\?/), page.click('button:has-text("Vergelijken")')]);
    assert.equal(await page.locator('h1').innerText(), `Versie ${vA} en versie ${vB} vergelijken`);
    const del = (await page.locator('.diff del').allTextContents()).join(' ');
    const ins = (await page.locator('.diff ins').allTextContents()).join(' ');
    // Word level: "energie … wind … elektrische energie" out, "beweging … lucht … stroom" in.
    for (const w of ['energie', 'wind', 'elektrische']) assert.match(del, new RegExp(`verwijderd: [^()]*\\b${w}\\b`), `"${w}" marked as deleted: ${del}`);
    for (const w of ['beweging', 'lucht', 'stroom']) assert.match(ins, new RegExp(`toegevoegd: [^()]*\\b${w}\\b`), `"${w}" marked as inserted: ${ins}`);
    assert.doesNotMatch(`${del} ${ins}`, /windmolen|Meet bij drie|Kolom|wiek-schema/, 'unchanged words are not marked');
    await shoot(page, 'vergelijken');
    await Promise.all([page.waitForURL(new RegExp(`versies\\?hersteld=${vA}$`)), page.click(`button:has-text("Versie ${vA} herstellen")`)]);
    assert.match(await page.locator('[role="status"]').innerText(), new RegExp(`Versie ${vA} is hersteld`));
    assert.match(await page.locator('.revisions-table tbody tr').first().innerText(), new RegExp(`(^|\\s)${vB + 1}\\s+huidige[\\s\\S]*${trainer.name}[\\s\\S]*Hersteld uit versie ${vA}`));
    await audit.check(page, 'the versions after the restore');
    await gotoOK(page, hub.url(`/materialen/${slug}/bewerken`));
    assert.deepEqual(await editorState(page), { state: 'Concept', version: vB + 1 });
    assert.equal(await area.inputValue(), bodyA, "the restored version's body is the old version's");

    // 4. Another origin, while the trainer is signed in in this browser.
    evilPage = attackPage(slug, vB + 1, trainerAdminPath);
    const posts = [];
    const seen = (r) => { if (r.url().startsWith(hub.baseURL) && r.request().method() === 'POST') posts.push(`${r.status()} ${r.url().slice(hub.baseURL.length)}`); };
    page.context().on('response', seen);
    const attacker = await page.context().newPage();
    await gotoOK(attacker, `http://127.0.0.1:${evilPort}/`);
    const want = 10;
    const end = Date.now() + 10_000;
    while (posts.length < want && Date.now() < end) await attacker.waitForTimeout(100);
    page.context().off('response', seen);
    await attacker.close();
    assert.equal(posts.length, want, `every forged request reached the hub: ${posts.join(', ')}`);
    assert.deepEqual(posts.filter((p) => !p.startsWith('403 ')), [], 'every forged request is refused with 403');
    t.diagnostic(`forged requests from http://127.0.0.1:${evilPort}: ${posts.join(', ')}`);
    await gotoOK(page, hub.url('/mijn-account'));
    assert.match(page.url(), /\/mijn-account$/, 'the trainer is still signed in');
    await gotoOK(page, hub.url(`/materialen/${slug}/bewerken`));
    assert.deepEqual(await editorState(page), { state: 'Concept', version: vB + 1 }, 'another origin changed nothing');
    assert.equal(await page.locator('.upload-item').count(), 1, 'another origin added no file');

    // Submit.
    await Promise.all([page.waitForURL(/melding=ingediend/), page.click('button:has-text("Indienen om na te kijken")')]);
    assert.match(await page.locator('main').innerText(), /Ingediend/);
    await audit.check(page, "the submitted material's page");
    await gotoOK(page, hub.url('/mijn-materialen'));
    const mine = page.locator('.mine-item', { hasText: title });
    assert.equal(await mine.locator('.badge').innerText(), 'Ingediend');
    await shoot(page, 'mijn-materialen');
    await gotoOK(page, hub.url(`/materialen/${slug}/bewerken`));
    assert.deepEqual(await editorState(page), { state: 'Ingediend', version: vB + 1 });

    // 3. A visitor: nothing, not even that it exists.
    const files = `/materialen/${slug}/bestanden/${image}`;
    await withPage(t, browser, { file: 'authoring-path' }, async (visitor) => {
      await gotoOK(visitor, hub.url(`/materialen/${slug}`), 404);
      await audit.check(visitor, 'the draft for a visitor (404)');
      assert.equal((await visitor.request.get(hub.url(files))).status(), 404, "a visitor does not get the draft's file");
      assert.equal((await visitor.request.get(hub.url(`/api/v1/materials/${slug}`))).status(), 404);
      // Versions are for people signed in: the visitor is sent to sign in,
      // exactly as for an address that does not exist.
      const versions = await visitor.request.get(hub.url(`/materialen/${slug}/versies`), { maxRedirects: 0 });
      const none = await visitor.request.get(hub.url('/materialen/bestaat-niet-e2e/versies'), { maxRedirects: 0 });
      assert.deepEqual([versions.status(), versions.headers().location?.replace(slug, 'X')], [none.status(), none.headers().location?.replace('bestaat-niet-e2e', 'X')]);
      assert.notEqual(versions.status(), 200);
      const apiVersions = await visitor.request.get(hub.url(`/api/v1/materials/${slug}/revisions`));
      const apiNone = await visitor.request.get(hub.url('/api/v1/materials/bestaat-niet-e2e/revisions'));
      assert.equal(apiVersions.status(), apiNone.status(), 'the API answers as for a material that does not exist');
      assert.ok([401, 404].includes(apiVersions.status()), `the API's versions: ${apiVersions.status()}`);
      await gotoOK(visitor, hub.url(`/zoeken?q=${word}`));
      assert.deepEqual(await resultSlugs(visitor), [], 'search does not find the draft by its own word');
      // A word the draft shares with published materials: they are found, the draft is not.
      await gotoOK(visitor, hub.url('/zoeken?q=windmolen'));
      const hits = await resultSlugs(visitor);
      assert.ok(hits.length > 0 && !hits.includes(slug), `search for windmolen: ${hits.join(', ')}`);
      await audit.check(visitor, 'search for a word of the draft');
      for (const q of [word, 'windmolen']) {
        const api = await (await visitor.request.get(hub.url(`/api/v1/materials?q=${q}&per_page=100`))).json();
        assert.ok(!api.hits.some((h) => h.slug === slug), `the API search for ${q} does not find the draft`);
      }
    });

    // An auteur of another hub: 404 everywhere, and their writes change nothing.
    const token = cli(hub, 'token', 'create', '--email', antwerp.email, '--name', 'e2e-antwerpen');
    await withPage(t, browser, { file: 'authoring-path' }, async (other) => {
      await signIn(other, hub, antwerp.email);
      for (const p of [`/materialen/${slug}`, `/materialen/${slug}/bewerken`, `/materialen/${slug}/versies`, files]) {
        assert.equal((await other.request.get(hub.url(p))).status(), 404, `${p} for an auteur of antwerpen`);
      }
      const same = { Origin: hub.baseURL }; // from the hub itself: only the permission can refuse
      const form = { title: 'Overgenomen', summary: 'Door een andere hub.', levels: 'secundair', disciplines: 'technologie', hub: 'antwerpen', license: 'CC-BY-4.0', language: 'nl', version: String(vB + 1), actie: 'bewaren', body: 'Overgenomen.' };
      const refused = [
        await other.request.post(hub.url(`/materialen/${slug}/bewerken`), { form, headers: same, maxRedirects: 0 }),
        await other.request.post(hub.url(`/materialen/${slug}/indienen`), { form: {}, headers: same, maxRedirects: 0 }),
        await other.request.post(hub.url(`/materialen/${slug}/versies/1/herstellen`), { form: { version: String(vB + 1) }, headers: same, maxRedirects: 0 }),
        await other.request.post(hub.url(`/materialen/${slug}/bestanden`), { multipart: { file: { name: 'x.png', mimeType: 'image/png', buffer: png(2, 2) } }, headers: same, maxRedirects: 0 }),
        await other.request.put(hub.url(`/api/v1/materials/${slug}`), { data: { ...form, hub: 'limburg', levels: ['secundair'], disciplines: ['technologie'] }, headers: { Authorization: `Bearer ${token}`, 'If-Match': `"${vB + 1}"` } }),
      ];
      assert.deepEqual(refused.map((r) => `${r.status()} ${new URL(r.url()).pathname}`).filter((s) => !/^(403|404) /.test(s)), [], 'every write of an auteur of antwerpen is refused');
      assert.equal(refused[4].status(), 404, "the API does not reveal the draft's existence");
    });
    await gotoOK(page, hub.url(`/materialen/${slug}/bewerken`));
    assert.deepEqual(await editorState(page), { state: 'Ingediend', version: vB + 1 }, 'the auteur of antwerpen changed nothing');
    assert.equal(await page.locator('#veld-title').inputValue(), title);
    assert.equal(await page.locator('.upload-item').count(), 1);
  });

  // 5. The HTML of every page visited.
  const n = audit.validate();
  t.diagnostic(`axe and vnu checked ${n} pages; screenshots in ${shotsDir}`);
});
