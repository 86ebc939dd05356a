// What a walk through the hub needs beyond one page: the CLI as an
// operator runs it, signing in with the form, a small PNG made on the spot,
// and the two checkers (axe on the live page, the Nu HTML Checker on the
// HTML the server sent) for every page a walk visits, not only the one URL
// per template that pages.mjs lists.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { hubBinary } from './server.mjs';
import { e2ePassword } from './account.mjs';
import { gotoOK } from './browser.mjs';
import { axeViolations, serious, vnuMessages } from './checkers.mjs';

// cli runs `hub ARGS…` on the hub's data dir with the e2e password on stdin
// and returns the last line it printed (a token, for `hub token create`).
export function cli(hub, ...args) {
  const r = spawnSync(hubBinary(), args, { env: { ...process.env, HUB_DATA_DIR: hub.dataDir }, input: `${e2ePassword}\n`, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, `hub ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  return r.stdout.trim().split('\n').pop();
}

// signIn fills the sign-in form as a person does and lands on /mijn-account.
export async function signIn(page, hub, email) {
  await gotoOK(page, hub.url('/aanmelden'));
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', e2ePassword);
  await Promise.all([page.waitForURL(/\/mijn-account$/), page.click('form.account-form button[type="submit"]')]);
}

// png makes a w × h RGB image, every pixel one colour.
export function png(w, h) {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(zlib.crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4); ihdr[8] = 8; ihdr[9] = 2;
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(w * 3, 0x80)]);
  const raw = Buffer.concat(Array.from({ length: h }, () => row));
  return Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

// Auditor checks every page a walk visits: axe at once on the live page
// (what the person sees, scripts run), and the server's HTML for that URL
// (fetched with the page's own cookies) kept for one vnu run at the end,
// since starting Java is most of vnu's cost.
export class Auditor {
  constructor() { this.html = []; }

  async check(page, where) {
    const url = page.url();
    const bad = serious(await axeViolations(page));
    assert.equal(bad.length, 0, `axe on ${where} (${url}, ${page.viewportSize()?.width} px):\n${bad.map((v) => `  ${v.id}: ${v.help}\n    ${v.nodes.map((n) => n.html.replace(/\s+/g, ' ').slice(0, 200)).join('\n    ')}`).join('\n')}`);
    const res = await page.request.get(url, { maxRedirects: 0 });
    this.html.push({ where, url, status: res.status(), text: await res.text() });
  }

  // validate runs vnu once over every page kept and fails on any error.
  validate() {
    const dir = mkdtempSync(path.join(tmpdir(), 'hub-e2e-audit-'));
    try {
      const files = this.html.map((h, i) => {
        const file = path.join(dir, `${String(i).padStart(2, '0')}.html`);
        writeFileSync(file, h.text);
        return file;
      });
      const errors = vnuMessages(files).filter((m) => m.type === 'error' || m.type === 'non-document-error' || m.subType === 'fatal')
        .map((m) => {
          const h = this.html[Number(path.basename(new URL(m.url).pathname, '.html'))];
          return `${h?.where} (${h?.url}) line ${m.lastLine}: ${m.message}`;
        });
      assert.deepEqual(errors, [], 'the Nu HTML Checker found errors');
      return files.length;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
