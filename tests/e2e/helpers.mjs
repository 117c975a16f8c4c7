// Shared launch helpers for the authlens browser tests (node:test + puppeteer-core, Debian
// Chromium, no downloaded browser, no mock of chrome.devtools). Everything binds to 127.0.0.1
// on free ports and is closed by the caller (see `using` pattern in the smoke tests).
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer from 'puppeteer-core';
import { serveDir } from '../../tools/serve.mjs';

// One set of paths and Chromium flags for every suite (defined with the other helpers in lib.mjs).
export { ROOT, DIST, CHROMIUM, CHROMIUM_FLAGS } from './lib.mjs';
import { DIST, CHROMIUM, CHROMIUM_FLAGS } from './lib.mjs';

/** Throws a clear message when `make build` has not produced `dist/<rel>`. */
export function requireDist(rel) {
  const p = join(DIST, rel);
  if (!existsSync(p)) throw new Error(`${p} is missing: run \`make build\` first`);
  return p;
}

/** Polls `fn` until it returns a truthy value (returned) or `timeout` ms pass (throws). */
export async function waitFor(fn, { timeout = 20000, interval = 100, what = 'a condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeout} ms waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** Launches headless Chromium on a fresh profile (removed by `close()`). */
export async function launchBrowser({ extension = null, devtools = false, args = [] } = {}) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'authlens-profile-'));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    pipe: true,
    userDataDir,
    enableExtensions: extension ? [resolve(extension)] : false,
    args: [...CHROMIUM_FLAGS, ...(devtools ? ['--auto-open-devtools-for-tabs'] : []), ...args],
  });
  return {
    browser,
    async close() {
      try { await browser.close(); } catch { /* already closed */ }
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Chromium with the built extension (dist/extension by default) and DevTools open per tab. */
export function launchWithExtension({ extension = requireDist('extension/manifest.json') && join(DIST, 'extension'), args = [] } = {}) {
  return launchBrowser({ extension, devtools: true, args });
}

/** Serves a folder (default dist/www) with the page's CSP; resolves to { url, close }. */
export async function servePage(dir = requireDist('www/index.html') && join(DIST, 'www')) {
  const { server, url } = await serveDir(dir, 0);
  return { url, close: () => new Promise((done) => { server.closeAllConnections?.(); server.close(() => done()); }) };
}

/** A 127.0.0.1 server on a free port; `handler(req, res)`; resolves to { origin, url, close }. */
export function serveHandler(handler) {
  const server = createServer((req, res) => {
    Promise.resolve(handler(req, res)).catch((e) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(e && e.message));
    });
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const origin = `http://127.0.0.1:${server.address().port}`;
      ok({ origin, url: `${origin}/`, close: () => new Promise((done) => { server.closeAllConnections?.(); server.close(() => done()); }) });
    });
  });
}

/** The DevTools window (a devtools:// target) that opened for the inspected tab, as a Page. */
export async function devtoolsPage(browser) {
  const target = await waitFor(() => browser.targets().find((t) => t.url().startsWith('devtools://')), {
    what: 'the DevTools window',
  });
  return target.asPage();
}

/** Opens the "authlens" DevTools panel the way a click on its tab would (DevTools'
 *  InspectorView.showPanel) and returns the panel's Frame once `body[data-ready="true"]`. */
export async function openAuthlensPanel(browser, { title = 'authlens', timeout = 30000 } = {}) {
  const dt = await devtoolsPage(browser);
  const tabId = await waitFor(() => dt.evaluate(async (wanted) => {
    try {
      const UI = await import('./ui/legacy/legacy.js');
      const ids = UI.InspectorView.InspectorView.instance().tabbedPane.tabIds();
      return ids.find((id) => id.startsWith('chrome-extension://') && id.endsWith(wanted)) || null;
    } catch {
      return null; // the front-end is still loading
    }
  }, title), { what: `the "${title}" tab in DevTools`, timeout });
  await dt.evaluate(async (id) => {
    const UI = await import('./ui/legacy/legacy.js');
    await UI.InspectorView.InspectorView.instance().showPanel(id);
  }, tabId);
  const frame = await waitFor(() => dt.frames().find((f) => /^chrome-extension:\/\/[^/]+\/panel\.html/.test(f.url())), {
    what: 'the authlens panel frame', timeout,
  });
  await frame.waitForSelector('body[data-ready="true"]', { timeout });
  return { devtools: dt, panel: frame };
}

/** Text content of the first match, or null. */
export function textOf(frameOrPage, selector) {
  return frameOrPage.$eval(selector, (e) => e.textContent).catch(() => null);
}
