// A material as a zip, back in (issue 8 §3), in a real browser without
// JavaScript: a trainer with the auteur role downloads a published material
// ("Alles downloaden"), uploads the zip at /materialen/importeren (nothing
// changes), uploads it with an edit (a new version), and uploads a zip with
// a bad front-matter value (refused: the error summary and the file:line of
// the problem, nothing saved). Axe checks the result and the refusal at
// laptop and phone width, vnu their HTML.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { withPage, gotoOK } from './lib/browser.mjs';
import { sessionHeaders } from './lib/account.mjs';
import { richMaterial } from './lib/pages.mjs';
import { readZip } from './lib/zip.mjs';
import { openSuite, closeSuite, makePeople } from './lib/suite.mjs';
import { axeViolations, serious, vnuMessages } from './lib/checkers.mjs';

const trainer = { email: 'zip@e2e.test', name: 'Zoë Zip' };
let hub, browser, dir, rich, headers;

// writeZip makes a zip of stored entries, with a comment.
function writeZip(entries, comment = '') {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const n = Buffer.from(name);
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0); h.writeUInt16LE(20, 4); h.writeUInt16LE(0x0800, 6);
    h.writeUInt32LE(crc32(data), 14); h.writeUInt32LE(data.length, 18); h.writeUInt32LE(data.length, 22); h.writeUInt16LE(n.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0); c.writeUInt16LE(20, 4); c.writeUInt16LE(20, 6); c.writeUInt16LE(0x0800, 8);
    c.writeUInt32LE(crc32(data), 16); c.writeUInt32LE(data.length, 20); c.writeUInt32LE(data.length, 24); c.writeUInt16LE(n.length, 28);
    c.writeUInt32LE(offset, 42);
    locals.push(h, n, data);
    centrals.push(c, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const com = Buffer.from(comment);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16); end.writeUInt16LE(com.length, 20);
  return Buffer.concat([...locals, cd, end, com]);
}

// zipComment is the comment at the end of a zip (the download's version).
function zipComment(buf) {
  for (let i = buf.length - 22; i >= 0; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) return buf.subarray(i + 22, i + 22 + buf.readUInt16LE(i + 20)).toString('utf8');
  }
  return '';
}

before(async () => {
  ({ hub, browser } = await openSuite('zipimport'));
  dir = mkdtempSync(path.join(tmpdir(), 'hub-e2e-zip-'));
  rich = await richMaterial(hub);
  makePeople(hub, [[trainer, 'auteur', rich.hub]]);
  headers = await sessionHeaders(hub, trainer.email);
});

after(async () => {
  await closeSuite({ hub, browser });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const formatViolations = (vs) => vs.map((v) => `  [${v.impact}] ${v.id}: ${v.help}\n${v.nodes.map((n) => `    • ${n.target.join(' ')} ${(n.failureSummary ?? '').replace(/\n/g, ' ')}`).join('\n')}`).join('\n');

async function axe(t, page, where) {
  const bad = serious(await axeViolations(page));
  assert.equal(bad.length, 0, `${where}: ${bad.length} serious/critical axe violation(s):\n${formatViolations(bad)}`);
}

// upload submits the form without JavaScript and returns the page's status.
async function upload(page, file) {
  await gotoOK(page, hub.url('/materialen/importeren'));
  await page.setInputFiles('#veld-zip', file);
  const posted = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/materialen/importeren');
  await page.click('form.account-form button[type="submit"]');
  const res = await posted;
  await page.waitForLoadState('load');
  return res.status();
}

const files = {}; // state -> the zip that shows it, for vnu

// The form is plain HTML: the flow runs without JavaScript; axe needs a
// page that runs script (it hangs in a page without), so the laptop and
// phone runs with JavaScript check the same pages with axe.
const runs = [
  { label: 'laptop zonder JavaScript', viewport: { width: 1280, height: 900 }, js: false },
  { label: 'laptop', viewport: { width: 1280, height: 900 }, js: true },
  { label: 'telefoon', viewport: { width: 375, height: 812 }, js: true },
];

for (const { label, viewport, js } of runs) {
  test(`zip (${label}): download, upload unchanged, upload an edit, a refused zip`, async (t) => {
    const res = await fetch(hub.url(`/materialen/${rich.slug}/download.zip`), { headers, signal: AbortSignal.timeout(30_000) });
    assert.equal(res.status, 200);
    const buf = Buffer.from(await res.arrayBuffer());
    const comment = zipComment(buf);
    assert.match(comment, new RegExp(`^STEM Kennishub: ${rich.slug} versie \\d+$`));
    const entries = readZip(buf);
    const unchanged = path.join(dir, `${label.replaceAll(' ', '-')}-ongewijzigd.zip`);
    writeFileSync(unchanged, buf);
    await withPage(t, browser, { file: 'zipimport', viewport, headers, javaScriptEnabled: js }, async (page) => {
      if (js) {
        await gotoOK(page, hub.url(`/materialen/importeren?slug=${rich.slug}`));
        await axe(t, page, `form (${label})`);
      }
      assert.equal(await upload(page, unchanged), 200);
      assert.match(await page.textContent('main'), /ongewijzigd: de zip bevat wat er al staat/);
      if (js) await axe(t, page, `result (${label})`);

      // An edit, from the version in the comment: a new version.
      const md = entries.find((e) => e.name.endsWith('.md'));
      const edited = entries.map((e) => (e === md ? { name: e.name, data: Buffer.from(`${e.data.toString('utf8')}\nNog een zin van ${label}.\n`) } : e));
      const editedFile = path.join(dir, `${label.replaceAll(' ', '-')}-bewerkt.zip`);
      writeFileSync(editedFile, writeZip(edited, comment));
      assert.equal(await upload(page, editedFile), 200);
      // Of a published material: a new version that waits for review (issue 9).
      assert.match(await page.textContent('main'), /is bijgewerkt \(versie \d+, een nieuwe versie die op review wacht; de gepubliceerde versie blijft online/);
      files.bewerkt ??= editedFile;

      // A bad value: refused with the file and line, nothing saved.
      const bad = [{ name: 'fout/fout.md', data: Buffer.from(`---\ntitle: Fout\nsummary: Een fout niveau.\nlevels: [secundar]\ndisciplines: [wiskunde]\nlicense: CC-BY-4.0\nhub: ${rich.hub}\n---\n# Fout\n`) }];
      const badFile = path.join(dir, `${label.replaceAll(' ', '-')}-fout.zip`);
      writeFileSync(badFile, writeZip(bad));
      assert.equal(await upload(page, badFile), 422);
      assert.ok(await page.isVisible('.error-summary'), 'no error summary');
      assert.match(await page.textContent('main'), /fout\/fout\.md:4: Niveau \(levels\): "secundar" is geen geldig niveau; bedoelde je "secundair"\?/);
      if (js) await axe(t, page, `refusal (${label})`);
      files.weigering ??= badFile;
    });
    const live = await fetch(hub.url(`/materialen/${rich.slug}`), { signal: AbortSignal.timeout(15_000) });
    assert.doesNotMatch(await live.text(), new RegExp(`Nog een zin van ${label}`), 'the edit went live before review');
    const pending = await fetch(hub.url(`/materialen/${rich.slug}/nieuwe-versie`), { headers, signal: AbortSignal.timeout(15_000) });
    assert.equal(pending.status, 200);
    assert.match(await pending.text(), new RegExp(`Nog een zin van ${label}`));
  });
}

test('vnu: the result and the refusals are valid HTML', async () => {
  assert.equal(Object.keys(files).length, 2, 'the browser test did not make its zips');
  const fresh = await fetch(hub.url(`/materialen/${rich.slug}/download.zip`), { headers, signal: AbortSignal.timeout(30_000) });
  files.ongewijzigd = path.join(dir, 'vers.zip');
  writeFileSync(files.ongewijzigd, Buffer.from(await fresh.arrayBuffer()));
  const want = { ongewijzigd: 200, verouderd: 412, weigering: 422 };
  files.verouderd = files.bewerkt; // made from a version the later runs replaced
  delete files.bewerkt;
  const html = [];
  for (const [name, file] of Object.entries(files)) {
    // The server's own HTML (as a browser posts the form), not Chromium's DOM.
    const form = new FormData();
    form.append('zip', new Blob([readFileSync(file)], { type: 'application/zip' }), path.basename(file));
    const res = await fetch(hub.url('/materialen/importeren'), { method: 'POST', body: form, headers: { ...headers, Origin: hub.baseURL }, signal: AbortSignal.timeout(30_000) });
    assert.equal(res.status, want[name], `${name}: ${res.status}`);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    const f = path.join(dir, `${name}.html`);
    writeFileSync(f, await res.text());
    html.push(f);
  }
  const errors = vnuMessages(html).filter((m) => m.type === 'error' || m.subType === 'fatal');
  assert.equal(errors.length, 0, errors.map((m) => `${path.basename(new URL(m.url).pathname)} line ${m.lastLine}: ${m.message}`).join('\n'));
});
