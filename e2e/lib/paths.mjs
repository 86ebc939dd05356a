// What the teachers' paths (paths.test.mjs) read from the hub's pages: the
// result count a screen reader hears, the cards as a teacher reads them, the
// "Meer resultaten vinden" moves with their counts, facet checkboxes found
// by their visible label, and the material page's facts.
import assert from 'node:assert/strict';
import { searchState, waitUntil } from './dom.mjs';

// resultCount reads the number in the live status line ("13 materialen
// gevonden voor …", "1 materiaal gevonden", "Geen materialen gevonden").
export async function resultCount(page) {
  const text = (await page.locator('[role="status"]').filter({ hasText: /gevonden/ }).first().textContent()).replace(/\s+/g, ' ');
  if (/^\s*geen\b/i.test(text)) return 0;
  const m = text.match(/(\d[\d.]*)\s+materia(?:al|len)\b/);
  assert.ok(m, `the result status line says no number of materials: “${text.trim()}”`);
  return Number(m[1].replace(/\./g, ''));
}

// cards lists the result cards in <main> in page order: slug, the type line
// and the card's facts (dt → dd text), as a teacher reads them.
export async function cards(page, scope = 'main') {
  return page.evaluate((scope) => [...document.querySelectorAll(`${scope} article`)].flatMap((art) => {
    const link = art.querySelector('h2 a[href^="/materialen/"], h3 a[href^="/materialen/"]');
    if (!link) return [];
    const facts = {};
    for (const div of art.querySelectorAll('dl > div')) {
      const dt = div.querySelector('dt'), dd = div.querySelector('dd');
      if (dt && dd) facts[dt.textContent.trim()] = dd.textContent.replace(/\s+/g, ' ').trim();
    }
    const type = art.querySelector('.card-type')?.textContent.trim() ?? '';
    return [{ slug: decodeURIComponent(new URL(link.href).pathname.split('/')[2]), title: link.textContent.trim(), type, facts, text: art.textContent.replace(/\s+/g, ' ') }];
  }), scope);
}

// widenMoves reads "Meer resultaten vinden": each move's link and the number
// of extra materials it promises ("(3 materialen meer)").
export async function widenMoves(page) {
  return page.evaluate(() => {
    const heading = [...document.querySelectorAll('main h2, main h3, main h4')].find((h) => /meer resultaten vinden/i.test(h.textContent));
    if (!heading) return [];
    return [...heading.parentElement.querySelectorAll('li')].flatMap((li) => {
      const a = li.querySelector('a[href]');
      if (!a) return [];
      const text = li.textContent.replace(/\s+/g, ' ').trim();
      const m = text.match(/\((\d+)\s+materia(?:al|len)\s+meer\)/);
      return [{ href: a.href, label: a.textContent.replace(/\s+/g, ' ').trim(), text, more: m ? Number(m[1]) : null }];
    });
  });
}

// facetBoxes lists one facet's checkboxes with their visible label (without
// the count) and value.
export async function facetBoxes(page, field) {
  return page.evaluate((field) => [...document.querySelectorAll(`input[type="checkbox"][name="${field}"]`)].map((box) => {
    const label = box.id ? document.querySelector(`label[for="${CSS.escape(box.id)}"]`) : box.closest('label');
    let text = '';
    if (label) {
      const copy = label.cloneNode(true);
      for (const c of copy.querySelectorAll('.count')) c.remove();
      text = copy.textContent.replace(/\s+/g, ' ').trim();
    }
    const count = label?.querySelector('.count')?.textContent.match(/\d+/)?.[0];
    return { value: box.value, label: text, checked: box.checked, count: count === undefined ? null : Number(count) };
  }), field);
}

// tickByLabel ticks, in each field, the checkbox whose visible label is the
// given text (as a teacher picks it), then applies: at once with script, with
// "Filters toepassen" without. Returns the [field, value] pairs it ticked.
export async function tickByLabel(page, picks, { js }) {
  const ticked = [];
  const has = (f, v) => (searchState(page.url()).filters[f] ?? []).includes(v);
  let instant = js;
  for (const [field, label] of picks) {
    const boxes = await facetBoxes(page, field);
    const hit = boxes.filter((b) => b.label === label);
    assert.equal(hit.length, 1, `the facet ${field} has no single checkbox labelled “${label}”; it offers: ${boxes.map((b) => `“${b.label}” (${b.value})`).join(', ')}`);
    const { value } = hit[0];
    const box = page.locator(`input[type="checkbox"][name="${field}"][value="${value}"]`);
    // A folded panel (phone) or a folded facet: open it as a user would,
    // outermost first, clicking only what is on screen.
    for (const summary of await box.locator('xpath=ancestor::details/summary').all()) {
      if (!(await box.isVisible()) && (await summary.isVisible())) await summary.click();
    }
    await box.check();
    ticked.push([field, value]);
    if (instant) instant = await waitUntil(() => has(field, value), { timeout: 3000, message: 'instant filter' }).catch(() => false);
  }
  if (!instant) {
    const apply = page.getByRole('button', { name: /^filters toepassen$/i });
    assert.ok(await apply.isVisible(), `${js ? 'filters are not applied instantly and ' : ''}there is no visible “Filters toepassen” button`);
    await Promise.all([page.waitForEvent('load'), apply.click()]);
  }
  await waitUntil(() => ticked.every(([f, v]) => has(f, v)), { message: `the URL to hold ${JSON.stringify(ticked)}`, describe: () => page.url() });
  return ticked;
}

// metaFacts reads the material page's "Over dit materiaal" list (not the
// related materials' cards below it): dt → {text, links}.
export async function metaFacts(page) {
  return page.evaluate(() => {
    const out = {};
    const h = [...document.querySelectorAll('main h2')].find((x) => x.textContent.trim() === 'Over dit materiaal');
    const dl = h?.parentElement.querySelector('dl');
    if (!dl) return out;
    for (const div of dl.querySelectorAll(':scope > div')) {
      const dt = div.querySelector('dt'), dd = div.querySelector('dd');
      if (!dt || !dd) continue;
      out[dt.textContent.trim()] = {
        text: dd.textContent.replace(/\s+/g, ' ').trim(),
        links: [...dd.querySelectorAll('a[href]')].map((a) => ({ href: a.href, text: a.textContent.replace(/\s+/g, ' ').trim() })),
      };
    }
    return out;
  });
}

// sectionByHeading returns the visible text and links of the <section> whose
// heading has this text.
export async function sectionByHeading(page, heading) {
  return page.evaluate((heading) => {
    const h = [...document.querySelectorAll('main h2, main h3')].find((x) => x.textContent.replace(/\s+/g, ' ').trim() === heading);
    if (!h) return null;
    const sec = h.closest('section') ?? h.parentElement;
    return {
      text: sec.innerText.replace(/\s+/g, ' ').trim(),
      html: sec.innerHTML,
      links: [...sec.querySelectorAll('a[href]')].map((a) => ({ href: a.href, text: a.textContent.replace(/\s+/g, ' ').trim(), rel: a.rel })),
    };
  }, heading);
}

export const ordinal = (n) => (n === 1 ? '1ste' : `${n}de`);

// leerjaarRange reads the leerjaren a card names for one level ("Lager
// onderwijs · leerjaar 1–3 en 5") and returns them as numbers, or null.
export function leerjaarRange(text, levelLabel) {
  const part = text.split(';').map((s) => s.trim()).find((s) => s.startsWith(levelLabel));
  const words = part?.split(/leerjaar /)[1];
  if (!words) return null;
  const years = [];
  for (const m of words.matchAll(/(\d)(?:\s*[–-]\s*(\d))?/g)) {
    for (let n = Number(m[1]); n <= Number(m[2] ?? m[1]); n++) years.push(n);
  }
  return years.length ? years : null;
}
