// Launches Debian's Chromium through playwright-core and gives each test a
// page that records what a user would never want to happen: uncaught script
// errors, Content-Security-Policy violations, dialogs and console errors.
// A failing test leaves a full-page screenshot under e2e/artifacts/.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { artifactsDir } from './server.mjs';

export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// The flags the machine notes ask for: without the background-networking
// ones Chromium keeps trying to reach Google hosts this sandbox refuses.
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

// launchBrowser starts one Chromium per test file. playwright-core's launch()
// gives every browser a fresh, empty --user-data-dir of its own in a temp dir
// and deletes it on close (it refuses a --user-data-dir argument), and every
// newContext() is a fresh incognito-like profile on top of that.
export async function launchBrowser() {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    timeout: 60_000,
  });
}

// installWatch wires the recorders into a context before any page loads, so a
// violation during the first paint is seen too. Playwright's init script and
// binding run outside the page's CSP, so they never cause a violation.
async function installWatch(context) {
  const w = { pageErrors: [], consoleErrors: [], consoleMessages: [], cspViolations: [], dialogs: [], xssMarkers: [] };
  await context.exposeBinding('__e2eReport', (source, kind, detail) => {
    const where = source.frame?.url?.() ?? '';
    if (kind === 'csp') w.cspViolations.push(`${detail} (on ${where})`);
    if (kind === 'xss') w.xssMarkers.push(`window.__xss = ${JSON.stringify(detail)} (on ${where})`);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__e2eReport('csp', `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile || '?'}:${e.lineNumber} sample=${JSON.stringify(e.sample || '')}`);
    });
    // Attack payloads set window.__xss; a setter catches the very first write
    // even when the payload throws right after it.
    let value;
    Object.defineProperty(window, '__xss', {
      configurable: false,
      get() { return value; },
      set(v) { value = v; window.__e2eReport('xss', String(v)); },
    });
  });
  return w;
}

function watchPage(page, w) {
  page.on('pageerror', (err) => w.pageErrors.push(`${err.name}: ${err.message} (on ${page.url()})`));
  page.on('console', (msg) => {
    const text = msg.text();
    w.consoleMessages.push(`[${msg.type()}] ${text}`);
    if (msg.type() === 'error') {
      w.consoleErrors.push(`${text} (on ${page.url()})`);
      // Chromium also reports CSP blocks on the console; count them even if the
      // DOM event was not delivered (e.g. a blocked navigation).
      if (/Content Security Policy/i.test(text)) w.cspViolations.push(`console: ${text} (on ${page.url()})`);
    }
  });
  page.on('dialog', async (d) => {
    w.dialogs.push(`${d.type()}: ${JSON.stringify(d.message())} (on ${page.url()})`);
    await d.dismiss().catch(() => {});
  });
}

function safeName(s) {
  return s.replace(/[^a-zA-Z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 120);
}

// withPage runs fn(page, watch) in a fresh context. After fn it fails the test
// on any CSP violation or uncaught page error (and on dialogs, which no page
// of the hub opens). On failure it saves a screenshot and the console log.
// opts: { file, javaScriptEnabled, bypassCSP, allowPageErrors, viewport, reducedMotion }.
export async function withPage(t, browser, opts, fn) {
  const context = await browser.newContext({
    locale: 'nl-BE',
    viewport: opts.viewport ?? { width: 1280, height: 900 },
    javaScriptEnabled: opts.javaScriptEnabled ?? true,
    bypassCSP: opts.bypassCSP ?? false,
    reducedMotion: opts.reducedMotion ?? 'no-preference',
    extraHTTPHeaders: opts.headers ?? {},
  });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(20_000);
  const w = await installWatch(context);
  const page = await context.newPage();
  watchPage(page, w);
  try {
    await fn(page, w);
    const problems = [];
    if (w.cspViolations.length) problems.push(`CSP violations:\n  ${w.cspViolations.join('\n  ')}`);
    if (!opts.allowPageErrors && w.pageErrors.length) problems.push(`uncaught page errors:\n  ${w.pageErrors.join('\n  ')}`);
    if (w.dialogs.length) problems.push(`dialogs opened:\n  ${w.dialogs.join('\n  ')}`);
    if (w.xssMarkers.length) problems.push(`injected script ran:\n  ${w.xssMarkers.join('\n  ')}`);
    if (problems.length) throw new Error(problems.join('\n'));
  } catch (err) {
    mkdirSync(artifactsDir, { recursive: true });
    const shot = path.join(artifactsDir, `${safeName(opts.file ?? 'e2e')}--${safeName(t.name)}.png`);
    try {
      await page.screenshot({ path: shot, fullPage: true, timeout: 10_000 });
      t.diagnostic(`screenshot of the failure: ${path.relative(process.cwd(), shot)} (page ${page.url()})`);
    } catch (e) {
      t.diagnostic(`could not take a screenshot: ${e.message}`);
    }
    if (w.consoleErrors.length) t.diagnostic(`console errors:\n${w.consoleErrors.join('\n')}`);
    throw err;
  } finally {
    await context.close().catch(() => {});
  }
}

// gotoOK loads a URL and asserts the status the user should get.
export async function gotoOK(page, url, status = 200) {
  const res = await page.goto(url, { waitUntil: 'load' });
  if (!res) throw new Error(`no response for ${url}`);
  if (res.status() !== status) throw new Error(`GET ${url} answered ${res.status()}, want ${status}`);
  return res;
}
