// What the suites share around their tests: one hub and one Chromium per
// test file, the people a walk needs (made with the CLI, as an operator
// would), and the pages a suite visits checked at both widths with axe,
// their HTML kept for one Nu HTML Checker run at the end.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startHub, freePort, artifactsDir } from './server.mjs';
import { launchBrowser } from './browser.mjs';
import { cli } from './audit.mjs';
import { axeViolations, serious, vnuMessages } from './checkers.mjs';

// widths: a laptop and a phone, the two widths every new page is checked at.
export const widths = [{ label: 'laptop', viewport: { width: 1280, height: 900 } }, { label: 'telefoon', viewport: { width: 390, height: 844 } }];

// openSuite starts the file's hub (startHub options: name, contentDir, …)
// and its Chromium; a browser that does not start does not leave the hub
// running.
export async function openSuite(name, options = {}) {
  const hub = await startHub({ name, ...options });
  try {
    return { hub, browser: await launchBrowser() };
  } catch (err) {
    await hub.stop();
    throw err;
  }
}

// closeSuite undoes openSuite; either may be missing when `before` failed.
export async function closeSuite({ hub, browser } = {}) {
  await browser?.close();
  await hub?.stop();
}

// makePeople makes each [person, role, hub] with `hub user create` and
// `hub user grant` (the e2e password, on stdin).
export function makePeople(hub, people) {
  for (const [who, role, hubID] of people) {
    cli(hub, 'user', 'create', '--email', who.email, '--name', who.name, '--password-stdin');
    cli(hub, 'user', 'grant', '--email', who.email, '--role', role, '--hub', hubID);
  }
}

// fillRequired fills what the editor needs before a first save: title,
// summary, level secundair and discipline technologie; with license and
// hub, ticks that licence and chooses that hub too.
export async function fillRequired(page, { title, summary, license, hub }) {
  await page.fill('#veld-title', title);
  await page.fill('#veld-summary', summary);
  await page.check('input[name="levels"][value="secundair"]');
  await page.check('input[name="disciplines"][value="technologie"]');
  if (license) await page.check(`input[name="license"][value="${license}"]`);
  if (hub) await page.selectOption('select[name="hub"]', hub);
}

// otherOrigin serves the attacker's page of the cross-site tests on a free
// port of host: html() is asked at every request, so a test can change
// the page between visits. Returns { port, close }.
export async function otherOrigin(html, host = '127.0.0.1') {
  const port = await freePort();
  const server = createServer((req, res) => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(html());
  });
  await new Promise((r) => server.listen(port, host, r));
  return { port, close: () => server.close() };
}

// shot takes a full-page screenshot for a person to look at:
// artifacts/<suite>--<name>.png.
export async function shot(page, suite, name) {
  mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, `${suite}--${name}.png`), fullPage: true });
}

// PageChecks checks the pages of one suite as the person saw them: axe on
// the live page (serious and critical fail), optionally that nothing
// scrolls sideways, a full-page screenshot under artifacts/
// (<suite>--<name>-<label>.png), and the page's HTML (the DOM after its
// scripts ran) kept for validate's one vnu run, since starting Java is
// most of vnu's cost.
export class PageChecks {
  // sideways: null (not checked), 'clientWidth' (the page without its
  // scrollbar) or 'innerWidth' (the window) as the width not to exceed.
  constructor(suite, { sideways = null } = {}) {
    this.suite = suite;
    this.sideways = sideways;
    this.files = [];
    this.dir = null;
  }

  async check(page, name, label) {
    const bad = serious(await axeViolations(page));
    assert.equal(bad.length, 0, `${name} (${label}): ${bad.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('; ')}`);
    if (this.sideways) {
      const wide = await page.evaluate((against) => document.documentElement.scrollWidth -
        (against === 'innerWidth' ? window.innerWidth : document.documentElement.clientWidth), this.sideways);
      assert.ok(wide <= 0, `${name} (${label}) scrolls sideways by ${wide} px`);
    }
    this.dir ??= mkdtempSync(path.join(tmpdir(), `hub-e2e-${this.suite}-`));
    const file = path.join(this.dir, `${name}-${label}.html`);
    writeFileSync(file, await page.content());
    this.files.push(file);
    await shot(page, this.suite, `${name}-${label}`);
  }

  // validate runs vnu once over at least min kept pages and fails on any
  // error (warnings pass).
  validate(min) {
    assert.ok(this.files.length >= min, `only ${this.files.length} pages were kept for the HTML checker`);
    const errors = vnuMessages(this.files).filter((m) => m.type === 'error' || m.subType === 'fatal')
      .map((m) => `${path.basename(new URL(m.url).pathname)}:${m.lastLine}: ${m.message}`);
    assert.deepEqual(errors, []);
  }

  // cleanup removes the kept HTML (the screenshots stay).
  cleanup() {
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}
