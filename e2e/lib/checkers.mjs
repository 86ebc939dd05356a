// The two checkers every page of the hub must pass, loaded once: axe-core in
// the live page and the Nu HTML Checker (vnu.jar) on HTML files. The suites
// decide what fails and how to word it; these only run the tools.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const vnuJar = require.resolve('vnu-jar/build/dist/vnu.jar');

// wcagTags: WCAG 2.0 and 2.1, levels A and AA.
export const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// axeViolations runs axe on the page under wcagTags and returns its
// violations. page.evaluate runs through the DevTools protocol, outside the
// page's CSP, so axe runs against the real policy without weakening it.
export async function axeViolations(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate((tags) => window.axe.run(document, {
    runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'],
  }), wcagTags);
  return result.violations;
}

// serious keeps the violations that fail a suite: serious and critical.
export const serious = (violations) => violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');

// vnuMessages runs vnu once over files (starting Java is most of its cost)
// and returns every message; it throws when vnu did not run or printed no
// JSON, so a broken checker never passes as "no errors".
export function vnuMessages(files) {
  const run = spawnSync('java', ['-jar', vnuJar, '--format', 'json', '--stdout', ...files], { encoding: 'utf8', timeout: 180_000, maxBuffer: 64 << 20 });
  if (run.error) throw new Error(`could not run vnu.jar: ${run.error.message}`);
  try {
    return JSON.parse(run.stdout).messages ?? [];
  } catch {
    throw new Error(`vnu.jar printed no JSON (exit ${run.status}): ${run.stdout.slice(0, 500)} ${run.stderr.slice(0, 500)}`);
  }
}
