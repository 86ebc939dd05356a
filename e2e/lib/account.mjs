// A signed-in browser for the suites: an account made with the CLI
// (`hub user create --password-stdin`, as an operator would) in the data
// directory of the hub under test, then a real sign-in at POST /aanmelden.
// The session cookie comes back as a header for the pages that need it.
import { spawnSync } from 'node:child_process';
import { hubBinary } from './server.mjs';

export const e2eEmail = 'trainer@e2e.test';
export const e2ePassword = 'fietsen langs de maas in limburg';

// The admin of the suites (`hub user create --admin`), for /beheer/gebruikers.
export const e2eAdmin = { email: 'beheer@e2e.test', name: 'Bea Beheer', admin: true };
export const e2eAdminEmail = e2eAdmin.email;

// signedInHeaders signs in the e2e trainer, or who (e.g. e2eAdmin).
export async function signedInHeaders(hub, who = { email: e2eEmail, name: 'Tine Trainer' }) {
  // A second call on the same hub finds the account already made: fine.
  spawnSync(hubBinary(), ['user', 'create', '--email', who.email, '--name', who.name, '--password-stdin', ...(who.admin ? ['--admin'] : [])], {
    env: { ...process.env, HUB_DATA_DIR: hub.dataDir },
    input: `${e2ePassword}\n`,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return sessionHeaders(hub, who.email);
}

// sessionHeaders signs in an existing account (the e2e password) at POST
// /aanmelden and returns its session cookie as a header.
export async function sessionHeaders(hub, email) {
  const res = await fetch(hub.url('/aanmelden'), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: hub.baseURL },
    body: new URLSearchParams({ email, password: e2ePassword }),
    signal: AbortSignal.timeout(15_000),
  });
  const cookie = (res.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).find((c) => /hub_sessie=./.test(c));
  if (res.status !== 303 || !cookie) throw new Error(`sign-in for ${email} failed: ${res.status} ${await res.text()}`);
  return { Cookie: cookie };
}
