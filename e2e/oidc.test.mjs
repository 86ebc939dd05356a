// Sign-in with a school's OpenID provider in a real browser (issue 8): the
// provider is a small real one in this file (discovery, JWKS, authorize,
// token with an RS256-signed ID token, PKCE checked), the hub runs with
// HUB_OIDC_*, and Chromium without JavaScript clicks the school button.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './lib/server.mjs';
import { withPage, gotoOK } from './lib/browser.mjs';
import { openSuite, closeSuite } from './lib/suite.mjs';
import { axeViolations, serious, vnuMessages } from './lib/checkers.mjs';

let hub, browser, idp, issuer;
const clientId = 'kennishub-e2e';
const clientSecret = 'geheim-van-de-e2e';
const person = { sub: 'leraar-e2e', email: 'leraar@school-e2e.be', email_verified: true, name: 'Lien Leraar' };
let deny = false;
const codes = new Map();
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const b64 = (b) => Buffer.from(b).toString('base64url');

function idToken(nonce) {
  const now = Math.floor(Date.now() / 1000);
  const head = b64(JSON.stringify({ alg: 'RS256', kid: 'e2e', typ: 'JWT' }));
  const body = b64(JSON.stringify({ iss: issuer, aud: clientId, iat: now, exp: now + 300, nonce, ...person }));
  return `${head}.${body}.${b64(sign('sha256', Buffer.from(`${head}.${body}`), privateKey))}`;
}

function json(res, status, v) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(v));
}

async function provider(req, res) {
  const u = new URL(req.url, issuer);
  if (u.pathname === '/.well-known/openid-configuration') {
    return json(res, 200, {
      issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks`,
      response_types_supported: ['code'], subject_types_supported: ['public'], id_token_signing_alg_values_supported: ['RS256'],
    });
  }
  if (u.pathname === '/jwks') return json(res, 200, { keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'e2e', alg: 'RS256', use: 'sig' }] });
  if (u.pathname === '/authorize') {
    const q = u.searchParams;
    const back = new URL(q.get('redirect_uri'));
    back.searchParams.set('state', q.get('state'));
    if (deny) back.searchParams.set('error', 'access_denied');
    else {
      const code = b64(randomBytes(24));
      codes.set(code, { challenge: q.get('code_challenge'), nonce: q.get('nonce'), redirect: q.get('redirect_uri') });
      back.searchParams.set('code', code);
    }
    res.writeHead(302, { Location: back.toString() });
    return res.end();
  }
  if (u.pathname === '/token' && req.method === 'POST') {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const f = new URLSearchParams(raw);
    const [id, secret] = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString().split(':').map(decodeURIComponent);
    const g = codes.get(f.get('code'));
    codes.delete(f.get('code'));
    const challenge = b64(createHash('sha256').update(f.get('code_verifier') ?? '').digest());
    if (id !== clientId || secret !== clientSecret || !g || g.redirect !== f.get('redirect_uri') || g.challenge !== challenge) {
      return json(res, 400, { error: 'invalid_grant' });
    }
    return json(res, 200, { access_token: b64(randomBytes(16)), token_type: 'Bearer', expires_in: 300, id_token: idToken(g.nonce) });
  }
  res.writeHead(404).end();
}

before(async () => {
  const port = await freePort();
  issuer = `http://127.0.0.1:${port}`;
  idp = createServer((req, res) => provider(req, res).catch((e) => json(res, 500, { error: String(e) })));
  await new Promise((r) => idp.listen(port, '127.0.0.1', r));
  ({ hub, browser } = await openSuite('oidc', {
    env: (baseURL) => ({
      HUB_BASE_URL: baseURL, HUB_OIDC_ISSUER: issuer, HUB_OIDC_CLIENT_ID: clientId, HUB_OIDC_CLIENT_SECRET: clientSecret,
      HUB_OIDC_NAME: 'Aanmelden met je school',
    }),
  }));
});

after(async () => {
  idp?.close();
  await closeSuite({ hub, browser });
});

test('a teacher signs in with the school button, without JavaScript', async (t) => {
  await withPage(t, browser, { file: 'oidc', javaScriptEnabled: false }, async (page) => {
    await gotoOK(page, hub.url('/aanmelden'));
    const button = page.getByRole('link', { name: 'Aanmelden met je school' });
    await Promise.all([page.waitForURL(/\/mijn-account$/), button.click()]);
    assert.match(await page.locator('main').innerText(), /leraar@school-e2e\.be/);
    assert.match(await page.locator('.account-nav').innerText(), /Lien Leraar/);
    const cookies = await page.context().cookies(hub.baseURL);
    const session = cookies.find((c) => c.name === 'hub_sessie');
    assert.ok(session && session.httpOnly && session.sameSite === 'Lax', `session cookie ${JSON.stringify(session)}`);
    assert.equal(cookies.find((c) => c.name === 'hub_oidc'), undefined, 'the state cookie is spent');
  });
});

test('a refusal at the school ends on a Dutch page with a way to try again', async (t) => {
  await withPage(t, browser, { file: 'oidc', javaScriptEnabled: false }, async (page) => {
    deny = true;
    try {
      await gotoOK(page, hub.url('/aanmelden'));
      const res = await Promise.all([page.waitForURL(/\/aanmelden\/oidc\/terug/), page.getByRole('link', { name: 'Aanmelden met je school' }).click()]);
      assert.ok(res);
      assert.match(await page.locator('[role="alert"]').innerText(), /Je school heeft de aanmelding niet doorgegeven/);
      assert.equal(await page.getByRole('link', { name: 'Aanmelden met je school' }).count(), 1, 'the button to try again');
    } finally {
      deny = false;
    }
  });
});

// The sign-in page with the school button, and the refusal page: axe at a
// laptop and a phone width, and the Nu HTML Checker.

async function refusalURL() {
  // The refusal page is the answer to a callback the provider denied: get
  // its address by letting the provider answer without following it.
  deny = true;
  try {
    const start = await fetch(hub.url('/aanmelden/oidc'), { redirect: 'manual' });
    const cookie = start.headers.get('set-cookie').split(';')[0];
    const authz = await fetch(start.headers.get('location'), { redirect: 'manual' });
    return { url: authz.headers.get('location'), cookie };
  } finally {
    deny = false;
  }
}

for (const { label, viewport } of [{ label: 'laptop', viewport: { width: 1280, height: 900 } }, { label: 'telefoon', viewport: { width: 375, height: 812 } }]) {
  for (const which of ['aanmelden met schoolknop', 'aanmelding geweigerd']) {
    test(`axe (${label}): ${which} has no serious or critical WCAG 2.1 AA violations`, async (t) => {
      let target = hub.url('/aanmelden');
      let headers = {};
      let status = 200;
      if (which === 'aanmelding geweigerd') {
        const r = await refusalURL();
        target = r.url;
        headers = { Cookie: r.cookie };
        status = 403;
      }
      await withPage(t, browser, { file: 'oidc', viewport, headers }, async (page) => {
        await gotoOK(page, target, status);
        const bad = serious(await axeViolations(page));
        assert.equal(bad.length, 0, bad.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.html).join(' | ')}`).join('\n'));
      });
    });
  }
}

test('vnu: the sign-in page with the school button and the refusal page are valid HTML', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hub-e2e-oidc-vnu-'));
  try {
    const r = await refusalURL();
    const pages = { aanmelden: await (await fetch(hub.url('/aanmelden'))).text(), geweigerd: await (await fetch(r.url, { headers: { Cookie: r.cookie } })).text() };
    assert.match(pages.aanmelden, /Aanmelden met je school/);
    assert.match(pages.geweigerd, /Je school heeft de aanmelding niet doorgegeven/);
    const files = Object.entries(pages).map(([name, html]) => {
      const f = path.join(dir, `${name}.html`);
      writeFileSync(f, html);
      return f;
    });
    const errors = vnuMessages(files).filter((m) => m.type === 'error' || m.subType === 'fatal');
    assert.equal(errors.length, 0, errors.map((m) => `${m.url} line ${m.lastLine}: ${m.message}`).join('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
