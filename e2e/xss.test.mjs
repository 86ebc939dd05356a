// Hostile input in a real browser: a corpus of known attack strings is
// imported into every field a page shows (title, summary, body, keywords,
// subjects, authors) and sent in every part of a URL (q, filter values, sort,
// page, parameter names, paths). Every page that shows them is loaded twice:
// once with the hub's own Content-Security-Policy (a violation means markup
// got through even if CSP stopped it) and once with CSP bypassed (so the
// escaping itself is tested, not only the CSP safety net). The test fails
// if any script runs, any dialog opens, or the DOM carries an event handler
// attribute, a javascript: URL or a foreign script.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importContent, seedContentDir, getJSON } from './lib/server.mjs';
import { withPage } from './lib/browser.mjs';
import { payloads, writeCorpus, marker, shortFor } from './lib/xss-corpus.mjs';
import { searchBox } from './lib/dom.mjs';
import { openSuite, closeSuite } from './lib/suite.mjs';

const file = 'xss';
let hub, browser, tmp, corpus, imported, importResult;

before(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'hub-e2e-xss-'));
  corpus = writeCorpus(path.join(tmp, 'content'));
  const dataDir = path.join(tmp, 'data');
  // Import first (database + outbox only), then start: the hub indexes what
  // the outbox holds on start, beside the seed content it imports itself.
  importResult = importContent(dataDir, corpus.folder, seedContentDir);
  ({ hub, browser } = await openSuite(file, { dataDir }));
  const res = await getJSON(hub.url(`/api/v1/materials?q=${marker}&per_page=100`));
  imported = new Set(res.hits.map((h) => h.slug));
});

after(async () => {
  await closeSuite({ hub, browser });
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

// auditDOM runs in the page: what must never be in the DOM of a page that
// shows hostile text, whether or not a script managed to run.
function auditDOM() {
  const found = [];
  const norm = (v) => (v ?? '').replace(/[\u0000-\u0020\u007f-\u00a0]/g, '').toLowerCase();
  const dangerous = (v) => /^(javascript|vbscript|livescript):/.test(norm(v)) || /^data:text\/html/.test(norm(v));
  const urlAttrs = new Set(['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'poster', 'background', 'srcset', 'ping']);
  for (const el of document.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    for (const a of el.attributes) {
      if (a.name.startsWith('on')) found.push(`<${tag} ${a.name}="${a.value.slice(0, 60)}">`);
      if (urlAttrs.has(a.name) && dangerous(a.value)) found.push(`<${tag} ${a.name}="${a.value.slice(0, 60)}">`);
      if (a.name === 'srcdoc') found.push(`<${tag} srcdoc>`);
    }
    if (['iframe', 'frame', 'object', 'embed', 'base', 'applet'].includes(tag)) found.push(`<${tag}> element in the page`);
    if (tag === 'meta' && /refresh/i.test(el.getAttribute('http-equiv') ?? '')) found.push('<meta http-equiv=refresh>');
  }
  for (const s of document.scripts) {
    if (s.type === 'application/ld+json') {
      try { JSON.parse(s.textContent); } catch (e) { found.push(`JSON-LD does not parse (breakout?): ${s.textContent.slice(0, 120)}`); }
      continue;
    }
    const sameOrigin = s.src && new URL(s.src, location.href).origin === location.origin;
    if (!sameOrigin && !s.nonce) found.push(`inline or foreign <script>: ${s.outerHTML.slice(0, 120)}`);
  }
  return found;
}

// visit loads one URL on a reused page and returns what went wrong there.
async function visit(page, w, url, { audit = true } = {}) {
  const mark = { m: w.xssMarkers.length, d: w.dialogs.length, c: w.cspViolations.length, e: w.pageErrors.length };
  const problems = [];
  let res;
  try {
    res = await page.goto(url, { waitUntil: 'load' });
  } catch (err) {
    return [`${url}: did not load: ${err.message.split('\n')[0]}`];
  }
  // Error events of broken images and toggles fire just after load.
  await page.waitForTimeout(30);
  const status = res?.status() ?? 0;
  if (status >= 500 || status === 0) problems.push(`answered ${status}`);
  if (audit && /text\/html/.test(res?.headers()['content-type'] ?? '')) problems.push(...await page.evaluate(auditDOM));
  problems.push(...w.xssMarkers.slice(mark.m), ...w.dialogs.slice(mark.d).map((d) => `dialog ${d}`),
    ...w.cspViolations.slice(mark.c).map((c) => `CSP ${c}`), ...w.pageErrors.slice(mark.e).map((e) => `page error ${e}`));
  return problems.map((p) => `${decodeURI(url).slice(0, 160)}: ${p}`);
}

// sweep visits every URL with CSP bypassed (execution and the DOM audit test
// the escaping itself) and, unless withCSP is false, again under the hub's
// CSP (a violation there means markup got through the escaping); it fails
// with the complete list of problems.
async function sweep(t, urls, { withCSP = true } = {}) {
  const all = [];
  for (const bypassCSP of withCSP ? [true, false] : [true]) {
    await withPage(t, browser, { file, bypassCSP }, async (page, w) => {
      for (const u of urls) all.push(...(await visit(page, w, hub.url(u), { audit: bypassCSP })).map((p) => `[${bypassCSP ? 'CSP bypassed' : 'with CSP'}] ${p}`));
      assert.deepEqual(all, [], `${all.length} problem(s) on ${urls.length} URL(s):\n  ${all.join('\n  ')}`);
    });
  }
}

const enc = encodeURIComponent;

test('xss: the attack corpus imports (every payload is valid content)', (t) => {
  t.diagnostic(`hub import: exit ${importResult.status}; ${importResult.stdout.trim()}`);
  const missing = corpus.slugs.filter((s) => !imported.has(s));
  assert.deepEqual(missing, [], `these attack materials were not imported or not found by "${marker}":\n${importResult.stderr}`);
  // Files that must be refused are refused, each with its reason on stderr,
  // and hub import says so with its exit code.
  for (const r of corpus.refused) {
    assert.ok(!imported.has(r.slug), `${r.slug} should have been refused but was imported`);
    const line = importResult.stderr.split('\n').find((l) => l.includes(`${r.slug}.md:`) && l.includes(r.says));
    assert.ok(line, `no refusal of ${r.slug} naming "${r.says}" in:\n${importResult.stderr}`);
  }
  assert.equal(importResult.status, 1, `hub import should exit 1 when it refuses files:\n${importResult.stderr}`);
  const unexpected = importResult.stderr.split('\n').filter((l) => /\.md:\d+:/.test(l))
    .filter((l) => ![...corpus.optional, ...corpus.refused.map((r) => r.slug)].some((s) => l.includes(`${s}.md:`)));
  assert.deepEqual(unexpected, [], `hub import refused files it should accept:\n${importResult.stderr}`);
});

test('xss: material pages with attack strings in every field', async (t) => {
  const slugs = [...corpus.slugs, ...corpus.optional].filter((s) => imported.has(s));
  assert.ok(slugs.length > 0, 'no attack material was imported');
  await sweep(t, slugs.map((s) => `/materialen/${s}`));
  // Not vacuous: every attack title reached the page, shown as plain text.
  const norm = (x) => x.replace(/\s+/g, ' ').trim();
  await withPage(t, browser, { file, bypassCSP: true }, async (page) => {
    const wrong = [];
    for (const pl of payloads.filter((x) => imported.has(`xss-${x.id}`))) {
      await page.goto(hub.url(`/materialen/xss-${pl.id}`));
      const h1 = norm(await page.locator('h1').first().textContent());
      if (h1 !== norm(`Xsstoets ${pl.p}`)) wrong.push(`xss-${pl.id}: <h1> shows ${JSON.stringify(h1.slice(0, 80))}`);
    }
    assert.deepEqual(wrong, [], `attack titles not shown literally as text:\n  ${wrong.join('\n  ')}`);
  });
  // Template syntax in data is shown as text, never evaluated.
  const tpl = payloads.find((p) => p.literal);
  if (imported.has(`xss-${tpl.id}`)) {
    const html = await (await fetch(hub.url(`/materialen/xss-${tpl.id}`))).text();
    assert.ok(html.includes(tpl.literal), `the title "${tpl.literal}" is not shown literally on /materialen/xss-${tpl.id}`);
  }
});

test('xss: lists that show attack titles (search, highlights, facets, home, hubs, sitemap)', async (t) => {
  const tokens = [marker, 'script', 'onerror', 'alert', 'img', 'svg', 'javascript', 'xss', 'title', 'math'];
  // The sitemap is XML: Chromium's own XML viewer styles it inline, which the
  // hub's CSP rightly blocks, so it is checked as text instead.
  const sitemap = await fetch(hub.url('/sitemap.xml'));
  const xml = await sitemap.text();
  assert.match(sitemap.headers.get('content-type') ?? '', /xml/, 'the sitemap is not served as XML');
  assert.ok(!/<script/i.test(xml), 'the sitemap carries a <script> tag');
  const locs = [...xml.matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => m[1]);
  assert.ok(locs.length > 0, 'the sitemap lists no <loc>');
  for (const loc of locs) assert.match(loc, /^https?:\/\/[^\s"'<>]+$/, `the sitemap has a bad <loc>: ${loc}`);
  await sweep(t, [
    '/', '/hubs', '/hubs/antwerpen',
    `/zoeken?q=${marker}&per_page=100`, `/zoeken?q=${marker}&per_page=100&page=2`,
    ...tokens.map((q) => `/zoeken?q=${enc(q)}&per_page=100`),
    ...payloads.map((p, i) => `/zoeken?q=${marker}&subjects=${enc(shortFor(p.p, i))}`),
  ]);
});

test('xss: attack strings in the query string are never executed (q, filters, sort, page, names, paths)', async (t) => {
  const urls = [];
  for (const [i, { p }] of payloads.entries()) {
    urls.push(`/zoeken?q=${enc(p)}`, `/zoeken?q=${marker}&subjects=${enc(shortFor(p, i))}&levels=${enc(p)}`,
      `/zoeken?sort=${enc(p)}&page=${enc(p)}`, `/zoeken?${enc(p)}=1`, `/materialen/${enc(p)}`);
  }
  // Reflections are many; one pass with CSP bypassed is the stricter test.
  await sweep(t, urls, { withCSP: false });
});

test('xss: the API serves attack strings as JSON, never as a page', async (t) => {
  const urls = [`/api/v1/materials?q=${marker}&per_page=100`, ...payloads.map((p) => `/api/v1/materials?q=${enc(p.p)}`),
    ...corpus.slugs.filter((s) => imported.has(s)).map((s) => `/api/v1/materials/${s}`)];
  for (const u of urls.slice(0, 3)) {
    const res = await fetch(hub.url(u));
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/, `${u} is served as ${res.headers.get('content-type')}`);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff', `${u} lacks X-Content-Type-Options: nosniff`);
  }
  await sweep(t, urls, { withCSP: false });
});

test('xss: typing attack strings into the as-you-type search runs nothing', async (t) => {
  // CSP bypassed: whatever the script builds from the typed text could run.
  for (const bypassCSP of [true]) {
    await withPage(t, browser, { file, bypassCSP }, async (page, w) => {
      await page.goto(hub.url('/zoeken'), { waitUntil: 'load' });
      const box = await searchBox(page);
      const problems = [];
      for (const { p } of [{ p: marker }, ...payloads]) {
        const mark = { m: w.xssMarkers.length, d: w.dialogs.length, c: w.cspViolations.length };
        await box.fill(p);
        // Wait for the debounced update to show in the URL (or give up after
        // a second: a page without instant search is checked all the same).
        await page.waitForFunction((q) => new URL(location.href).searchParams.get('q') === q.trim(), p, { timeout: 1500 }).catch(() => {});
        await page.waitForTimeout(60);
        if (bypassCSP) problems.push(...(await page.evaluate(auditDOM)).map((x) => `typed ${JSON.stringify(p.slice(0, 50))}: ${x}`));
        problems.push(...w.xssMarkers.slice(mark.m), ...w.dialogs.slice(mark.d), ...w.cspViolations.slice(mark.c));
      }
      assert.deepEqual(problems, [], `[${bypassCSP ? 'CSP bypassed' : 'with CSP'}] ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
    });
  }
});
