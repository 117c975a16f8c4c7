// The one helper module of the authlens e2e suites: launching Chromium (with the extension and
// DevTools open), opening the real authlens DevTools panel, local test servers and the built page,
// fake keys built in code, and request/storage recorders (Firefox's internals are in
// firefox-devtools.mjs, the driver over both browsers in browsers.mjs). No mock of chrome.devtools
// anywhere: the panel under test is the one Chromium's DevTools front-end loads from dist/extension.
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes, createHash } from 'node:crypto';
import puppeteer from 'puppeteer-core';
import { serveDir } from '../../tools/serve.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// AUTHLENS_DIST points the tests at another build (e.g. a deliberately broken one).
export const DIST = resolve(process.env.AUTHLENS_DIST || join(ROOT, 'dist'));
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

// Without these flags Chromium keeps contacting hosts this network refuses (see
// /work/shared/recipes/browser-testing.md); they also keep the recorded request lists clean.
export const CHROMIUM_FLAGS = [
  '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--disable-quic', '--disable-default-apps', '--no-default-browser-check',
  '--disable-features=Translate,OptimizationHints,MediaRouter',
];

/** Fails with a clear message when `make build` has not produced what a suite needs. */
export function requireBuilt(...relPaths) {
  for (const rel of relPaths) {
    const p = join(DIST, rel);
    if (!existsSync(p)) throw new Error(`${p} is missing: run \`make build\` first (it assembles dist/)`);
  }
}

/** A fresh profile directory per browser, removed by `closeBrowser`. */
function freshProfile() {
  return mkdtempSync(join(tmpdir(), 'authlens-e2e-profile-'));
}

/** Launches headless Chromium on a fresh profile. `extension` (absolute path) loads it unpacked;
 *  `devtools` opens DevTools for every tab (so the extension's devtools_page runs). */
export async function launchChromium({ extension = null, devtools = false, args = [] } = {}) {
  const userDataDir = freshProfile();
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    pipe: true,
    userDataDir,
    enableExtensions: extension ? [resolve(extension)] : false,
    defaultViewport: { width: 1280, height: 900 },
    args: [...CHROMIUM_FLAGS, ...(devtools ? ['--auto-open-devtools-for-tabs'] : []), ...args],
  });
  browser.__profileDir = userDataDir;
  return browser;
}

export async function closeBrowser(browser) {
  if (!browser) return;
  const dir = browser.__profileDir;
  try { await browser.close(); } catch { /* already gone */ }
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/** Polls `fn` until it returns a truthy value or `timeout` ms pass; returns that value. */
export async function waitFor(fn, { timeout = 15000, interval = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try { last = await fn(); if (last) return last; } catch (e) { last = e; }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}` + (last instanceof Error ? `: ${last.message}` : ''));
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** The DevTools window target (devtools://) that inspects `page`. DevTools opens asynchronously
 *  after the tab, so this waits; `known` excludes DevTools windows that existed before. */
export async function devtoolsPageFor(browser, known = new Set()) {
  const target = await waitFor(() => browser.targets().find((t) =>
    t.url().startsWith('devtools://') && !known.has(t)), { what: 'the DevTools window', timeout: 20000 });
  // DevTools windows are "other" targets; asPage gives a Page with their frames.
  const page = await target.asPage();
  return { target, page };
}

/** Opens the extension's DevTools panel the way a user clicking its tab would, and returns its
 *  Frame once `body[data-ready="true"]` (wasm loaded, UI mounted). `onDevtoolsPage` runs before
 *  the panel is shown (e.g. to attach request recorders). */
export async function openPanel(devtoolsPage, { title = 'authlens', onDevtoolsPage = null, timeout = 30000 } = {}) {
  if (onDevtoolsPage) await onDevtoolsPage(devtoolsPage);
  // The DevTools front-end finishes loading before it exposes InspectorView; the extension's
  // panel tab appears only after devtools_page ran chrome.devtools.panels.create.
  const tabId = await waitFor(() => devtoolsPage.evaluate(async (wanted) => {
    try {
      const UI = await import('./ui/legacy/legacy.js');
      const iv = UI.InspectorView.InspectorView.instance();
      return iv.tabbedPane.tabIds().find((id) => id.startsWith('chrome-extension://') && id.endsWith(wanted)) || null;
    } catch { return null; }
  }, title), { what: `the "${title}" panel tab in DevTools`, timeout });
  await devtoolsPage.evaluate(async (id) => {
    const UI = await import('./ui/legacy/legacy.js');
    await UI.InspectorView.InspectorView.instance().showPanel(id);
  }, tabId);
  const frame = await waitFor(() => devtoolsPage.frames().find((f) =>
    f.url().startsWith('chrome-extension://') && /\/panel\.html(?:[?#].*)?$/.test(f.url())), { what: 'the panel frame', timeout });
  await frame.waitForSelector('body[data-ready="true"]', { timeout });
  return frame;
}

/** Starts an HTTP server on 127.0.0.1 on a free port. `handler(req, res, body)` gets the
 *  request body as a Buffer. Resolves to { server, port, origin, close }. */
export function startServer(handler) {
  const sockets = new Set();
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      Promise.resolve(handler(req, res, Buffer.concat(chunks))).catch((e) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(e && e.message));
      });
    });
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      ok({
        server, port, origin: `http://127.0.0.1:${port}`,
        close: () => new Promise((done) => { for (const s of sockets) s.destroy(); server.close(() => done()); }),
      });
    });
  });
}

/** Serves a built folder (default dist/www) on 127.0.0.1 with the page's CSP (tools/serve.mjs);
 *  resolves to { server, url, close }. */
export async function servePage(dir = join(DIST, 'www')) {
  if (!existsSync(join(dir, 'index.html'))) throw new Error(`${join(dir, 'index.html')} is missing: run \`make build\` first (it assembles dist/)`);
  const { server, url } = await serveDir(dir, 0);
  return { server, url, close: () => new Promise((done) => { server.closeAllConnections?.(); server.close(() => done()); }) };
}

// ---------------------------------------------------------------------------------------------
// Fake but realistic credentials, built in code so no key-looking literal lives in the repo.
// They are random per run: a test cannot pass because a value was hard-coded somewhere.

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function randomFrom(alphabet, n) {
  const bytes = randomBytes(n);
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[bytes[i] % alphabet.length];
  return s;
}

/** An Anthropic-shaped API key: `sk-ant-api03-`, 93 base64url characters, then `AA` (108 chars). */
export function fakeAnthropicKey() {
  return `sk-ant-api03-${randomFrom(BASE64URL, 93)}AA`;
}

/** An opaque 32-character base62 token with no provider prefix. */
export function fakeOpaqueToken(n = 32) {
  // Start with a letter so the token never looks like a number or a date.
  return randomFrom(BASE62.slice(10), 1) + randomFrom(BASE62, n - 1);
}

const b64url = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** An HS256-shaped JWT with the given claims (the signature is random bytes: authlens never
 *  verifies signatures, it has no secret). `iat`/`exp` are seconds since the epoch. */
export function fakeJwt(claims, header = { alg: 'HS256', typ: 'JWT' }) {
  return `${b64url(header)}.${b64url(claims)}.${randomBytes(32).toString('base64url')}`;
}

/** The part of a credential that must never appear in the DOM before reveal: everything but
 *  the prefix and the last 4 characters a redacted form may legitimately show. */
export function secretCore(credential, keepPrefix = 0) {
  return credential.slice(keepPrefix, Math.max(keepPrefix, credential.length - 4));
}

/** A name for a credential that is safe for test output (never the value). */
export function credentialLabel(credential) {
  return `${credential.length} chars, sha256 ${createHash('sha256').update(credential).digest('hex').slice(0, 8)}`;
}

// ---------------------------------------------------------------------------------------------
// Request recording.

/** Records every request made by `page` and its frames (including out-of-process iframes such
 *  as extension frames inside DevTools) with the URL of the frame that made it. */
export function recordRequests(page) {
  const requests = [];
  const onRequest = (req) => {
    let frameUrl = '';
    try { frameUrl = req.frame()?.url() || ''; } catch { /* detached */ }
    requests.push({ url: req.url(), method: req.method(), type: req.resourceType(), frameUrl });
  };
  page.on('request', onRequest);
  return { requests, stop: () => page.off('request', onRequest) };
}

/** Every storage area of the page's origin as one string (values, keys, cache URLs and bodies,
 *  IndexedDB records, cookies) so a test can assert a secret is in none of them. */
export async function dumpStorage(page, { frame = page } = {}) {
  const inPage = await frame.evaluate(async () => {
    const out = { local: {}, session: {}, idb: {}, caches: {} };
    for (let i = 0; i < localStorage.length; i++) { const k = localStorage.key(i); out.local[k] = localStorage.getItem(k); }
    for (let i = 0; i < sessionStorage.length; i++) { const k = sessionStorage.key(i); out.session[k] = sessionStorage.getItem(k); }
    if (indexedDB.databases) {
      for (const { name } of await indexedDB.databases()) {
        const db = await new Promise((ok, fail) => { const r = indexedDB.open(name); r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
        out.idb[name] = {};
        for (const store of db.objectStoreNames) {
          out.idb[name][store] = await new Promise((ok) => {
            const req = db.transaction(store).objectStore(store).getAll();
            req.onsuccess = () => ok(JSON.stringify(req.result)); req.onerror = () => ok(String(req.error));
          });
        }
        db.close();
      }
    }
    if (self.caches) {
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        out.caches[name] = [];
        for (const req of await cache.keys()) {
          const res = await cache.match(req);
          out.caches[name].push({ url: req.url, body: res ? await res.text() : '' });
        }
      }
    }
    // Extension storage, when the extension has it (authlens asks for no "storage" permission).
    const ext = globalThis.chrome && globalThis.chrome.storage;
    if (ext) {
      out.extension = {};
      for (const area of ['local', 'session', 'sync']) {
        if (ext[area]) out.extension[area] = await new Promise((ok) => { try { ext[area].get(null, (v) => ok(v || {})); } catch (e) { ok(String(e)); } });
      }
    }
    out.href = location.href;
    out.cookie = document.cookie;
    return out;
  });
  if (page) {
    const session = await page.createCDPSession();
    try {
      const { cookies } = await session.send('Network.getAllCookies');
      inPage.allCookies = cookies;
    } catch { /* cookies are also read through document.cookie above */ } finally { await session.detach().catch(() => {}); }
  }
  return { parts: inPage, text: JSON.stringify(inPage) };
}
