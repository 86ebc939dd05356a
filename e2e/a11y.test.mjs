// Accessibility: axe-core runs inside Chromium on every page template and the
// suite fails on any serious or critical violation of WCAG 2.0/2.1 A and AA.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { startHub } from './lib/server.mjs';
import { launchBrowser, withPage, gotoOK } from './lib/browser.mjs';
import { templateNames, templatePages } from './lib/pages.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const failingImpacts = new Set(['serious', 'critical']);

let hub, browser, pages;

before(async () => {
  hub = await startHub({ name: 'a11y' });
  browser = await launchBrowser();
  pages = await templatePages(hub);
});

after(async () => {
  await browser?.close();
  await hub?.stop();
});

// formatViolations prints what a developer needs to find and fix each problem:
// the rule, why it matters, and every element with axe's own summary.
export function formatViolations(violations) {
  return violations.map((v) => {
    const nodes = v.nodes.map((n) => `    • ${n.target.join(' ')}\n      ${n.html.replace(/\s+/g, ' ').slice(0, 200)}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`).join('\n');
    return `  [${v.impact}] ${v.id}: ${v.help}\n    ${v.helpUrl}\n${nodes}`;
  }).join('\n');
}

// Every template at a laptop and at a phone width: the phone layout folds
// filters and scrolls tables, which brings its own failures (a scrolling
// region a keyboard cannot reach, for one).
const viewports = [
  { label: 'laptop', viewport: { width: 1280, height: 900 } },
  { label: 'telefoon', viewport: { width: 375, height: 812 } },
];

for (const { label, viewport } of viewports) {
  for (const name of templateNames) {
    test(`axe (${label}): ${name} has no serious or critical WCAG 2.1 AA violations`, async (t) => {
      const { path, status, headers } = pages[name];
      await withPage(t, browser, { file: 'a11y', viewport, headers }, async (page) => {
        await gotoOK(page, hub.url(path), status);
        // page.evaluate runs through the DevTools protocol, outside the page's
        // CSP, so axe runs against the real policy without weakening it.
        await page.evaluate(axeSource);
        const result = await page.evaluate((tags) => window.axe.run(document, {
          runOnly: { type: 'tag', values: tags },
          resultTypes: ['violations'],
        }), wcagTags);
        const bad = result.violations.filter((v) => failingImpacts.has(v.impact));
        const minor = result.violations.filter((v) => !failingImpacts.has(v.impact));
        if (minor.length) t.diagnostic(`${path} (${label}): ${minor.length} moderate/minor violation(s) (not failing):\n${formatViolations(minor)}`);
        assert.equal(bad.length, 0, `${path} (${label}): ${bad.length} serious/critical axe violation(s):\n${formatViolations(bad)}`);
      });
    });
  }
}
