// Revisions in a real browser (issue 8 §3). The e2e trainer, made an auteur
// for limburg with the CLI, writes a material through the API in three
// versions; in Chromium without JavaScript they sign in, open the list of
// versions, choose two with the radio buttons, read the difference (struck
// through and underlined, with words for screen readers) and restore
// version 1 as a new version. A page on another origin cannot restore
// through the trainer's browser; a visitor is sent to sign in. axe and the
// Nu HTML Checker stay clean on both pages at 1280 and 390 px, and
// screenshots of both widths land in e2e/artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { withPage, gotoOK } from './lib/browser.mjs';
import { signedInHeaders, e2eEmail } from './lib/account.mjs';
import { cli, signIn as signInAs } from './lib/audit.mjs';
import { openSuite, closeSuite, shot, otherOrigin } from './lib/suite.mjs';
import { axeViolations, serious, vnuMessages } from './lib/checkers.mjs';

const slug = 'e2e-versies-windmolen';
const versions = `/materialen/${slug}/versies`;
let hub, browser, token, evil;

async function api(method, p, body, headers = {}) {
  const res = await fetch(hub.url(p), {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  return { status: res.status, body: await res.json() };
}

const lesson = {
  slug, title: 'Windmolen bouwen', summary: 'Leerlingen bouwen een windmolen en meten de spanning.',
  type: 'les', levels: ['secundair'], grades: [1], disciplines: ['wetenschappen', 'technologie'], themes: ['energie'],
  network: 'istem', hub: 'limburg', license: 'CC-BY-4.0', language: 'nl', date: '2024-03-01',
  body: '# Windmolen\n\nBouw een **windmolen** met twee wieken.\n\n| wind | spanning |\n|---|---|\n| zwak | 1 V |\n\nDe formule $P = U \\cdot I$ geeft het vermogen.\n',
};

before(async () => {
  ({ hub, browser } = await openSuite('revisions'));
  await signedInHeaders(hub); // Tine Trainer, made with `hub user create`
  cli(hub, 'user', 'grant', '--email', e2eEmail, '--role', 'auteur', '--hub', 'limburg');
  token = cli(hub, 'token', 'create', '--email', e2eEmail, '--name', 'e2e-versies');
  let r = await api('POST', '/api/v1/materials', lesson);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  r = await api('PUT', `/api/v1/materials/${slug}`, { ...lesson, title: 'Een windmolen ontwerpen', note: 'titel en wieken',
    body: lesson.body.replace('Bouw een **windmolen** met twee wieken.', 'Ontwerp een **windmolen** met drie wieken & <meet>.') }, { 'If-Match': '"1"' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  r = await api('PUT', `/api/v1/materials/${slug}`, { ...lesson, title: 'Een windmolen ontwerpen', grades: [1, 2], note: 'tweede graad',
    body: lesson.body.replace('Bouw een **windmolen** met twee wieken.', 'Ontwerp een **windmolen** met drie wieken & <meet>.') + '\nMeet bij drie windsnelheden.\n' }, { 'If-Match': '"2"' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  // The attacker's page: a plain form aimed at the restore button.
  evil = await otherOrigin(() => `<!DOCTYPE html><html lang="nl"><title>Win een tablet</title>
<form method="post" action="${hub.baseURL}${versions}/1/herstellen"><input type="hidden" name="version" value="4"><button id="herstellen">Win een tablet</button></form>`);
});

after(async () => {
  evil?.close();
  await closeSuite({ hub, browser });
});

const signIn = (page) => signInAs(page, hub, e2eEmail);
const shoot = (page, name) => shot(page, 'revisions', name);

async function axe(page, where) {
  const bad = serious(await axeViolations(page));
  assert.equal(bad.length, 0, `${where}: ${bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`).join('\n')}`);
}

test('the trainer compares two versions and restores one, without JavaScript', async (t) => {
  await withPage(t, browser, { file: 'revisions', javaScriptEnabled: false }, async (page) => {
    await signIn(page);
    await gotoOK(page, hub.url(`/materialen/${slug}/bewerken`));
    await Promise.all([page.waitForURL(new RegExp(`${versions}$`)), page.click('a:has-text("Alle versies")')]);
    const rows = page.locator('.revisions-table tbody tr');
    assert.equal(await rows.count(), 3);
    assert.match(await rows.nth(0).innerText(), /3\s+huidige[\s\S]*Tine Trainer[\s\S]*tweede graad/);
    assert.doesNotMatch(await page.locator('main').innerText(), /gebruiker \d/);
    await shoot(page, 'lijst-1280');

    await page.check('#van-1');
    await page.check('#tot-3');
    await Promise.all([page.waitForURL(/vergelijk\?(?=.*van=1)(?=.*tot=3)/), page.click('button:has-text("Vergelijken")')]);
    assert.equal(await page.locator('h1').innerText(), 'Versie 1 en versie 3 vergelijken');
    const fields = await page.locator('.compare-fields').innerText();
    assert.match(fields, /Titel\s+Windmolen bouwen\s+Een windmolen ontwerpen/);
    assert.match(fields, /Graad\s+1\s+1, 2/);
    const del = page.locator('.diff del').first();
    const ins = page.locator('.diff ins').first();
    assert.match(await del.textContent(), /^verwijderd: Bouw/);
    assert.match(await ins.textContent(), /^toegevoegd: Ontwerp/);
    assert.match(await page.locator('.diff ins').nth(2).textContent(), /^toegevoegd: +& <meet>/, 'the body text shows as text');
    assert.equal(await page.locator('.diff meet').count(), 0, 'markup in the body stays text');
    assert.match(await del.evaluate((e) => getComputedStyle(e).textDecorationLine), /line-through/);
    assert.match(await ins.evaluate((e) => getComputedStyle(e).textDecorationLine), /underline/);
    assert.ok(await del.evaluate((e) => e.getBoundingClientRect().width > 0), 'the deletion is visible');
    await shoot(page, 'vergelijk-1280');
    await page.setViewportSize({ width: 390, height: 900 });
    await shoot(page, 'vergelijk-390');
    await gotoOK(page, hub.url(versions));
    await shoot(page, 'lijst-390');
    await page.setViewportSize({ width: 1280, height: 900 });
    await gotoOK(page, hub.url(`${versions}/vergelijk?van=1&tot=3`));
    assert.match(await page.locator('.restore-form').first().innerText(), /als nieuwe versie 4[\s\S]*er gaat niets verloren/);
    await Promise.all([page.waitForURL(/versies\?hersteld=1$/), page.click('button:has-text("Versie 1 herstellen")')]);
    assert.match(await page.locator('[role="status"]').innerText(), /Versie 1 is hersteld/);
    assert.equal(await rows.count(), 4);
    assert.match(await rows.nth(0).innerText(), /4\s+huidige[\s\S]*Tine Trainer[\s\S]*Hersteld uit versie 1/);
    assert.match(await page.locator('h1').innerText(), /‘Windmolen bouwen’/);
  });
  const r = await api('GET', `/api/v1/materials/${slug}/revisions`);
  assert.equal(r.body.revisions.length, 4);
  assert.equal(r.body.revisions[3].actor, 'Tine Trainer');
  assert.equal(r.body.revisions[3].note, 'Hersteld uit versie 1');
});

test('axe: the list and the comparison at 1280 and 390 px', async (t) => {
  const headers = await signedInHeaders(hub);
  for (const width of [1280, 390]) {
    await withPage(t, browser, { file: 'revisions', headers, viewport: { width, height: 900 } }, async (page) => {
      for (const p of [versions, `${versions}/vergelijk?van=1&tot=3`]) {
        await gotoOK(page, hub.url(p));
        await axe(page, `${p} (${width} px)`);
        const scroll = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(scroll <= 0, `${p} scrolls sideways by ${scroll} px at ${width} px`);
      }
    });
  }
});

test('a page on another origin cannot restore; a visitor is sent to sign in', async (t) => {
  await withPage(t, browser, { file: 'revisions' }, async (page) => {
    await signIn(page);
    await gotoOK(page, `http://127.0.0.1:${evil.port}/`);
    const [resp] = await Promise.all([page.waitForEvent('response', (r) => r.url().includes('/herstellen')), page.click('#herstellen')]);
    assert.equal(resp.status(), 403, 'a forged restore from another origin is refused');
  });
  const r = await api('GET', `/api/v1/materials/${slug}/revisions`);
  assert.equal(r.body.revisions.length, 4, 'nothing was written');
  await withPage(t, browser, { file: 'revisions' }, async (page) => {
    await gotoOK(page, hub.url(versions));
    assert.match(page.url(), /\/aanmelden\?terug=/);
  });
});

test('vnu: the list and the comparison are valid HTML', async () => {
  const headers = await signedInHeaders(hub);
  const dir = mkdtempSync(path.join(tmpdir(), 'hub-e2e-versies-'));
  try {
    const files = [];
    for (const [name, p] of [['versies', versions], ['versie-vergelijk', `${versions}/vergelijk?van=1&tot=3`]]) {
      const res = await fetch(hub.url(p), { headers, signal: AbortSignal.timeout(15_000) });
      assert.equal(res.status, 200, p);
      const file = path.join(dir, `${name}.html`);
      writeFileSync(file, await res.text());
      files.push(file);
    }
    const errors = vnuMessages(files).filter((m) => m.type === 'error' || m.subType === 'fatal');
    assert.deepEqual(errors.map((m) => `${path.basename(new URL(m.url).pathname)}:${m.lastLine}: ${m.message}`), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
