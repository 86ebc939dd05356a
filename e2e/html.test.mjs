// HTML validity: the Nu HTML Checker (vnu.jar) validates the HTML the server
// sends for every page template. One Java start checks all pages (the JVM
// start-up is most of the cost); any error fails, warnings are printed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startHub } from './lib/server.mjs';
import { templateNames, templatePages } from './lib/pages.mjs';
import { vnuMessages } from './lib/checkers.mjs';


let hub, dir;
const byPage = new Map(); // name -> { errors, warnings, status, path }

before(async () => {
  hub = await startHub({ name: 'html' });
  const pages = await templatePages(hub);
  dir = mkdtempSync(path.join(tmpdir(), 'hub-e2e-vnu-'));
  const files = [];
  for (const name of templateNames) {
    const res = await fetch(hub.url(pages[name].path), { headers: pages[name].headers ?? {}, signal: AbortSignal.timeout(15_000) });
    const file = path.join(dir, `${name}.html`);
    writeFileSync(file, await res.text());
    files.push(file);
    byPage.set(name, { path: pages[name].path, status: res.status, want: pages[name].status, type: res.headers.get('content-type') ?? '', errors: [], warnings: [] });
  }
  for (const m of vnuMessages(files)) {
    const name = path.basename(decodeURIComponent(new URL(m.url).pathname), '.html');
    const entry = byPage.get(name);
    if (!entry) throw new Error(`vnu reported on an unknown file ${m.url}: ${m.message}`);
    const line = `line ${m.lastLine ?? '?'}:${m.firstColumn ?? m.lastColumn ?? '?'}: ${m.message}${m.extract ? `\n      ${JSON.stringify(m.extract.replace(/\s+/g, ' ').trim())}` : ''}`;
    if (m.type === 'error' || m.type === 'non-document-error' || m.subType === 'fatal') entry.errors.push(line);
    else if (m.subType === 'warning') entry.warnings.push(line);
  }
});

after(async () => {
  await hub?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

for (const name of templateNames) {
  test(`vnu: ${name} is valid HTML`, (t) => {
    const e = byPage.get(name);
    assert.equal(e.status, e.want, `${e.path} answered ${e.status}, want ${e.want}`);
    assert.match(e.type, /^text\/html/, `${e.path} is served as ${e.type}, not text/html`);
    if (e.warnings.length) t.diagnostic(`${e.path}: ${e.warnings.length} warning(s) (not failing):\n    ${e.warnings.join('\n    ')}`);
    assert.equal(e.errors.length, 0, `${e.path}: ${e.errors.length} HTML error(s):\n    ${e.errors.join('\n    ')}`);
  });
}
