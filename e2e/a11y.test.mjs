// Accessibility: axe-core runs inside Chromium on every page template and the
// suite fails on any serious or critical violation of WCAG 2.0/2.1 A and AA.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { withPage, gotoOK } from './lib/browser.mjs';
import { templateNames, templatePages } from './lib/pages.mjs';
import { openSuite, closeSuite } from './lib/suite.mjs';
import { axeViolations, serious } from './lib/checkers.mjs';

let hub, browser, pages;

before(async () => {
  ({ hub, browser } = await openSuite('a11y'));
  pages = await templatePages(hub);
});

after(() => closeSuite({ hub, browser }));

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
        const violations = await axeViolations(page);
        const bad = serious(violations);
        const minor = violations.filter((v) => !bad.includes(v));
        if (minor.length) t.diagnostic(`${path} (${label}): ${minor.length} moderate/minor violation(s) (not failing):\n${formatViolations(minor)}`);
        assert.equal(bad.length, 0, `${path} (${label}): ${bad.length} serious/critical axe violation(s):\n${formatViolations(bad)}`);
      });
    });
  }
}
