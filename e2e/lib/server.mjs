// Starts and stops the built hub binary for one test file: a free port, a
// fresh temporary data directory, and the seed content (or a content folder a
// test writes), so every test file sees a hub in the state a new user gets.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const e2eDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = path.resolve(e2eDir, '..');

// The admin token the hub under test runs with, so the suites can check the
// admin pages (they do not exist without one).
export const adminToken = 'e2e-beheersleutel-0123456789abcdef';
export const artifactsDir = path.join(e2eDir, 'artifacts');
export const seedContentDir = path.join(repoRoot, 'content');

// hubBinary returns the binary run.sh built (HUB_BIN), or builds one into a
// temp dir so a single suite can be run by hand with `node --test x.test.mjs`.
let builtBinary;
export function hubBinary() {
  if (process.env.HUB_BIN) return process.env.HUB_BIN;
  if (builtBinary) return builtBinary;
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'hub-e2e-bin-')), 'hub');
  const res = spawnSync('go', ['build', '-o', out, './cmd/hub'], { cwd: repoRoot, stdio: 'inherit' });
  if (res.status !== 0) throw new Error(`go build ./cmd/hub failed (exit ${res.status})`);
  builtBinary = out;
  return out;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// importContent runs `hub import DIR` against dataDir and returns its exit
// code and output; the caller decides whether a rejection is a failure.
export function importContent(dataDir, dir, contentDir = dir) {
  const res = spawnSync(hubBinary(), ['import', dir], {
    env: { ...process.env, HUB_DATA_DIR: dataDir, HUB_CONTENT_DIR: contentDir },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: res.status, stdout: res.stdout ?? '', stderr: res.stderr ?? '', error: res.error };
}

// startHub starts the binary on 127.0.0.1:<free port> with a new data dir and
// waits until /readyz answers 200 (the seed import happens on first start).
// Options: contentDir (default: the repo's content/), dataDir (default: new
// temp dir), name (used for the log file under artifacts/).
// env(baseURL) adds settings that depend on the hub's own address (HUB_OIDC_*, HUB_BASE_URL).
export async function startHub({ contentDir = seedContentDir, dataDir, name = 'hub', env = () => ({}) } = {}) {
  const bin = hubBinary();
  const ownDataDir = !dataDir;
  dataDir ??= mkdtempSync(path.join(tmpdir(), 'hub-e2e-data-'));
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  mkdirSync(artifactsDir, { recursive: true });
  const logPath = path.join(artifactsDir, `${name}-server.log`);
  const log = createWriteStream(logPath);
  // The suites sweep hundreds of search and API URLs from one browser on
  // 127.0.0.1, faster than the per-client limit (20/s): throttled, they
  // would check Dutch 429 pages instead of the pages under test.
  const child = spawn(bin, [], {
    cwd: repoRoot,
    env: {
      ...process.env, HUB_ADDR: `127.0.0.1:${port}`, HUB_DATA_DIR: dataDir, HUB_CONTENT_DIR: contentDir,
      HUB_RATE_LIMIT_SEARCH: 'off', HUB_RATE_LIMIT_FILES: 'off', HUB_ADMIN_TOKEN: adminToken, ...env(baseURL),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  let exited = null;
  const exitPromise = new Promise((resolve) => child.on('exit', (code, signal) => { exited = { code, signal }; resolve(exited); }));

  const deadline = Date.now() + 90_000;
  let lastErr = 'no answer';
  while (Date.now() < deadline) {
    if (exited) throw new Error(`hub exited before it was ready (code ${exited.code}, signal ${exited.signal}); log: ${logPath}`);
    try {
      const res = await fetch(`${baseURL}/readyz`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) break;
      lastErr = `/readyz answered ${res.status}`;
    } catch (err) {
      lastErr = err.message;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  if (Date.now() >= deadline) {
    child.kill('SIGKILL');
    throw new Error(`hub not ready within 90 s (${lastErr}); log: ${logPath}`);
  }

  return {
    baseURL,
    dataDir,
    logPath,
    url: (p) => new URL(p, baseURL).toString(),
    // stop asks the hub to shut down gracefully (SIGTERM) and only kills it
    // when it does not exit within 10 s: a hang on shutdown is itself a bug
    // worth seeing in the log.
    async stop() {
      if (!exited) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => { if (!exited) child.kill('SIGKILL'); }, 10_000);
        await exitPromise;
        clearTimeout(timer);
      }
      log.end();
      if (ownDataDir && existsSync(dataDir)) rmSync(dataDir, { recursive: true, force: true });
      return exited;
    },
  };
}

// getJSON fetches a JSON document from the hub and fails loudly otherwise.
export async function getJSON(url) {
  const res = await fetch(url, { signal: AbortSignal.timeout(15_000) });
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${url} → ${res.status}: ${text.slice(0, 300)}`);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`GET ${url} did not return JSON: ${text.slice(0, 300)}`);
  }
}
