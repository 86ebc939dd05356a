// What the suites read from a page, written once: the search box, the result
// list, filter chips, the rendering of a material and the focus indicator.
// Selectors follow the hub's URL contract (q and the facet field names as
// parameters, /materialen/{slug} links), not class names, so a redesign does
// not break the tests while a broken contract does.
import assert from 'node:assert/strict';

// searchBox is the main search field of the page (the one inside <main> when
// the header carries one too).
export async function searchBox(page) {
  const inMain = page.locator('main input[name="q"]');
  if (await inMain.count()) return inMain.first();
  return page.locator('input[name="q"]').first();
}

// resultSlugs lists, in order and without repeats, the materials a result
// list links to inside <main>.
export async function resultSlugs(page) {
  return page.evaluate(() => {
    const seen = new Set();
    for (const a of document.querySelectorAll('main a[href]')) {
      const u = new URL(a.href, location.href);
      const m = u.origin === location.origin && u.pathname.match(/^\/materialen\/([^/]+)$/);
      if (m) seen.add(decodeURIComponent(m[1]));
    }
    return [...seen];
  });
}

export function sameSet(a, b) {
  const sa = new Set(a), sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}

// waitUntil polls fn until it returns a truthy value; on timeout it fails
// with the last value described by describe() so the report shows the state.
export async function waitUntil(fn, { timeout = 8000, interval = 100, message = 'condition', describe } = {}) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    last = await fn();
    if (last) return last;
    await new Promise((r) => setTimeout(r, interval));
  }
  const extra = describe ? `: ${await describe()}` : '';
  throw new Error(`timed out after ${timeout} ms waiting for ${message}${extra}`);
}

// filterParams reads q and the filters from a URL.
export function searchState(url) {
  const u = new URL(url);
  const filters = {};
  for (const [k, v] of u.searchParams) {
    if (k === 'q' || k === 'sort' || k === 'page' || k === 'per_page' || k === 'partial') continue;
    (filters[k] ??= []).push(v);
  }
  return { path: u.pathname, q: u.searchParams.get('q') ?? '', filters };
}

// chipLinks finds, for every active filter, a visible link that removes
// exactly that filter and keeps the query and the other filters: what an
// active-filter chip does. It returns the filters that have no such link.
export async function filtersWithoutChip(page, q, filters) {
  const links = await page.evaluate(() => [...document.querySelectorAll('a[href]')]
    .filter((a) => { const r = a.getBoundingClientRect(); return r.width > 0 && r.height > 0; })
    .map((a) => ({ href: a.href, text: a.textContent.replace(/\s+/g, ' ').trim() })));
  const missing = [];
  for (const [field, value] of filters) {
    const ok = links.some((l) => {
      const s = searchState(l.href);
      if (s.path !== '/zoeken' || s.q !== q) return false;
      if ((s.filters[field] ?? []).includes(value)) return false;
      return filters.every(([f, v]) => (f === field && v === value) || (s.filters[f] ?? []).includes(v));
    });
    if (!ok) missing.push(`${field}=${value}`);
  }
  return missing;
}

// assertMaterialRenders checks what a teacher sees on a material page: the
// formula as MathML with a real size, visible tables, and every image loaded
// and described.
export async function assertMaterialRenders(page) {
  const report = await page.evaluate(async () => {
    const box = (el) => { const r = el.getBoundingClientRect(); return { w: r.width, h: r.height }; };
    const describe = (el) => el.outerHTML.replace(/\s+/g, ' ').slice(0, 160);
    const maths = [...document.querySelectorAll('main math')].map((m) => ({ ...box(m), html: describe(m) }));
    const tables = [...document.querySelectorAll('main table')].map((t) => ({ ...box(t), visible: getComputedStyle(t).visibility !== 'hidden', rows: t.rows.length, html: describe(t) }));
    const imgs = [...document.querySelectorAll('img')];
    // Lazy images load when they come near the viewport: bring each into view
    // and wait for it, as a scrolling reader would.
    for (const img of imgs) {
      img.scrollIntoView();
      if (!img.complete) await new Promise((r) => { img.addEventListener('load', r, { once: true }); img.addEventListener('error', r, { once: true }); setTimeout(r, 5000); });
    }
    window.scrollTo(0, 0);
    const images = imgs.map((img) => ({ src: img.currentSrc || img.src, natural: img.naturalWidth, alt: img.getAttribute('alt'), inMain: !!img.closest('main'), html: describe(img) }));
    return { maths, tables, images };
  });
  assert.ok(report.maths.length > 0, 'the material page shows no <math> element (formula not rendered as MathML)');
  for (const m of report.maths) assert.ok(m.w > 0 && m.h > 0, `a formula is rendered with no size (${m.w}×${m.h}): ${m.html}`);
  assert.ok(report.tables.length > 0, 'the material page shows no table');
  for (const t of report.tables) assert.ok(t.w > 0 && t.h > 0 && t.visible && t.rows > 1, `a table is not visible (${t.w}×${t.h}, ${t.rows} rows): ${t.html}`);
  const contentImages = report.images.filter((i) => i.inMain);
  assert.ok(contentImages.length > 0, 'the material page shows no image');
  for (const i of report.images) {
    assert.ok(i.natural > 0, `image did not load (naturalWidth 0): ${i.src}`);
    assert.ok(i.alt !== null, `image has no alt attribute: ${i.html}`);
    if (i.inMain) assert.ok(i.alt.trim().length > 0, `content image has empty alt text: ${i.html}`);
  }
  return report;
}

// focusWalk presses Tab through the whole page from the top and records, for
// every element that gets focus, whether a focus indicator appears (outline
// or box-shadow differing from the unfocused state) and whether the element
// is on screen. It stops when focus leaves the document or comes back round.
export async function focusWalk(page, maxStops = 400) {
  await page.evaluate(() => {
    const sel = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex], [contenteditable=""], [contenteditable=true]';
    const pick = (cs) => ({ outlineStyle: cs.outlineStyle, outlineWidth: cs.outlineWidth, outlineColor: cs.outlineColor, boxShadow: cs.boxShadow, borderColor: cs.borderColor, backgroundColor: cs.backgroundColor });
    if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
    window.__e2eBase = new Map([...document.querySelectorAll(sel)].map((el) => [el, pick(getComputedStyle(el))]));
    window.__e2ePick = pick;
  });
  const stops = [];
  let first = null;
  for (let i = 0; i < maxStops; i++) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(async () => {
      const el = document.activeElement;
      if (!el || el === document.body || el === document.documentElement) return null;
      const now = window.__e2ePick(getComputedStyle(el));
      const base = window.__e2eBase.get(el) ?? { outlineStyle: 'none', outlineWidth: '0px', boxShadow: 'none', borderColor: '', backgroundColor: '' };
      const outline = now.outlineStyle !== 'none' && parseFloat(now.outlineWidth) > 0 &&
        (now.outlineStyle !== base.outlineStyle || now.outlineWidth !== base.outlineWidth || now.outlineColor !== base.outlineColor);
      const shadow = now.boxShadow !== 'none' && now.boxShadow !== base.boxShadow;
      // The browser scrolls a focused element into view, smoothly when the
      // page asks for it: give a running scroll up to a second to arrive.
      const visible = () => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth; };
      let onScreen = visible();
      for (let t0 = performance.now(); !onScreen && performance.now() - t0 < 1000;) {
        await new Promise((r) => requestAnimationFrame(r));
        onScreen = visible();
      }
      if (!el.dataset.e2eId) el.dataset.e2eId = String(Math.random()).slice(2);
      const text = (el.getAttribute('aria-label') || el.textContent || el.value || '').replace(/\s+/g, ' ').trim().slice(0, 50);
      const what = `<${el.tagName.toLowerCase()}${el.id ? ` id="${el.id}"` : ''}${el.getAttribute('name') ? ` name="${el.getAttribute('name')}"` : ''}${el.getAttribute('type') ? ` type="${el.getAttribute('type')}"` : ''}${el.getAttribute('href') ? ` href="${el.getAttribute('href')}"` : ''}${el.className && typeof el.className === 'string' ? ` class="${el.className}"` : ''}> "${text}"`;
      return {
        id: el.dataset.e2eId, what, indicator: outline || shadow, onScreen,
        other: now.borderColor !== base.borderColor || now.backgroundColor !== base.backgroundColor,
      };
    });
    if (!info) break;
    if (info.id === first) break;
    first ??= info.id;
    stops.push(info);
  }
  await page.evaluate(() => { for (const el of document.querySelectorAll('[data-e2e-id]')) delete el.dataset.e2eId; });
  return stops;
}
