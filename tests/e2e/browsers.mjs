// One driver interface over the two browsers the panel ships for, so a panel suite is written
// once and runs in both: real Chromium (Puppeteer over CDP, lib.mjs) and real Firefox (BiDi and
// the chrome context, firefox-devtools.mjs). No mock of the devtools API in either.
//
//   const b = await launchPanelBrowser('firefox', { devtools: true });
//   await b.inspected.goto(url); const panel = await b.openPanel();
//   await panel.evaluate(() => document.querySelectorAll('#requests .request').length);
//
// The functions given to `evaluate` run in the panel (or the inspected page) and may use only
// `window`, `document`, `location`, `Event`, `KeyboardEvent`, `MouseEvent` and JS built-ins: in
// Firefox they run as chrome code with those names bound to the panel's (Xray'd) objects.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, waitFor, launchChromium, closeBrowser, devtoolsPageFor, openPanel as openChromiumPanel, recordRequests } from './lib.mjs';
import { launchFirefox, FIREFOX } from './firefox-devtools.mjs';

export const BROWSERS = ['chromium', 'firefox'];

/** Why `name` cannot run here, or null. */
export function unavailable(name) {
  if (name === 'firefox' && !existsSync(FIREFOX)) return `${FIREFOX} is not installed (tools/setup.sh test installs firefox-esr)`;
  return null;
}

/** The unpacked build for `name`: dist/extension (Chromium) or dist/extension-firefox. */
export const extensionDir = (name) => join(DIST, name === 'firefox' ? 'extension-firefox' : 'extension');

/**
 * Launches `name` with the extension (`extension`, default the build for that browser; a .zip
 * with `archive: true` in Firefox). `devtools: true` opens DevTools before any page loads
 * (Chromium: for every tab; Firefox: the toolbox on the console); otherwise `openDevTools()`
 * opens it later on another tool. Resolves to the driver: { name, version, inspected,
 * openDevTools, openPanel, panelMemory, extensionRequests, close }.
 */
export async function launchPanelBrowser(name, { extension = extensionDir(name), archive = false, devtools = true } = {}) {
  return name === 'firefox' ? firefoxDriver({ extension, archive, devtools }) : chromiumDriver({ extension, devtools });
}

async function chromiumDriver({ extension, devtools }) {
  const browser = await launchChromium({ extension, devtools });
  const [page] = await browser.pages();
  let dt = null; let recorder = null; let frame = null;
  // With DevTools opened later, any DevTools window that exists now is not the inspected tab's.
  const known = new Set(devtools ? [] : browser.targets().filter((t) => t.url().startsWith('devtools://')));
  const attach = async () => {
    if (dt) return;
    ({ page: dt } = await devtoolsPageFor(browser, known));
    // Attached before the panel loads, so the panel's own loads (html, js, wasm) are recorded.
    recorder = recordRequests(dt);
  };
  if (devtools) await attach().catch(async (e) => { await closeBrowser(browser); throw e; });
  const panelHandle = (f) => ({
    url: f.url(),
    evaluate: (fn, ...args) => f.evaluate(fn, ...args),
    // A real mouse click in the DevTools window Chromium opens with each tab. Mouse input does
    // not reach a DevTools window opened later (page.openDevTools) in headless mode: there the
    // click is the element's click().
    click: async (selector) => {
      if (devtools) await f.click(selector);
      else await f.$eval(selector, (el) => el.click());
    },
    press: async (selector, key) => (await f.$(selector)).press(key),
    select: (selector, value) => f.select(selector, value),
  });
  /** A CDP session on the panel's frame (its own target when it is out of process). */
  const panelCdp = async () => {
    const target = browser.targets().find((t) => t.url() === frame.url());
    return target ? target.createCDPSession() : dt.createCDPSession();
  };
  return {
    name: 'chromium',
    version: await browser.version(),
    inspected: {
      goto: (url) => page.goto(url),
      reload: () => page.reload(),
      evaluate: (fn, ...args) => page.evaluate(fn, ...args),
      title: () => page.title(),
    },
    async openDevTools() {
      // DevTools opens on its default tool (Elements), not on authlens. It records the network
      // only once its front-end has loaded: wait until it lists the extension's panel tab.
      await page.openDevTools();
      await attach();
      await waitFor(() => dt.evaluate(async () => {
        try {
          const UI = await import('./ui/legacy/legacy.js');
          return UI.InspectorView.InspectorView.instance().tabbedPane.tabIds().some((id) => id.startsWith('chrome-extension://'));
        } catch { return false; }
      }), { what: 'the DevTools front-end with the extension\'s tab', timeout: 30000 });
    },
    async openPanel() {
      await attach();
      frame = await openChromiumPanel(dt);
      return panelHandle(frame);
    },
    /** JS heap (CDP, after a GC) plus the wasm linear memory of the panel. */
    async panelMemory() {
      const cdp = await panelCdp();
      try {
        await cdp.send('HeapProfiler.collectGarbage').catch(() => {});
        const h = await cdp.send('Runtime.getHeapUsage');
        // Importing the panel's own wasm-bindgen module again returns the same instance.
        const wasm = await frame.evaluate(async () => {
          const mod = await import(new URL('pkg/authlens.js', location.href).href);
          return (await mod.default()).memory.buffer.byteLength;
        });
        return { total: h.usedSize + wasm, js: h.usedSize, wasm };
      } finally { await cdp.detach().catch(() => {}); }
    },
    /** Starts the V8 CPU profiler in the panel's frame (for `AUTHLENS_PANEL_PROFILE`, a
     *  diagnosis aid); the returned function stops it and resolves to the profile. */
    async startPanelProfile() {
      const cdp = await panelCdp();
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
      await cdp.send('Profiler.start');
      return async () => {
        try { return (await cdp.send('Profiler.stop')).profile; } finally { await cdp.detach().catch(() => {}); }
      };
    },
    /** Starts a browser-wide trace of `categories` (for `AUTHLENS_PANEL_TRACE`, a diagnosis
     *  aid); the returned function stops it and resolves to the trace events. */
    async startTrace(categories) {
      const cdp = await browser.target().createCDPSession();
      await cdp.send('Tracing.start', { categories, transferMode: 'ReturnAsStream' });
      return async () => {
        const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
        await cdp.send('Tracing.end');
        const { stream } = await done;
        let text = '';
        for (;;) {
          const chunk = await cdp.send('IO.read', { handle: stream, size: 1 << 20 });
          text += chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString() : chunk.data;
          if (chunk.eof) break;
        }
        await cdp.send('IO.close', { handle: stream }).catch(() => {});
        await cdp.detach().catch(() => {});
        return JSON.parse(text);
      };
    },
    /** Requests made by the extension's frames, and whether the recorder saw the panel load
     *  its wasm (the control that it is attached). */
    async extensionRequests() {
      // (Node's URL gives chrome-extension:// URLs an opaque "null" origin: compare by host.)
      const origin = `chrome-extension://${new URL(frame.url()).host}`;
      const fromExtension = recorder.requests.filter((r) => r.frameUrl.startsWith('chrome-extension://') || r.url.startsWith('chrome-extension://'));
      return {
        attached: fromExtension.some((r) => r.url.endsWith('.wasm')),
        leaving: fromExtension.filter((r) => !r.url.startsWith(`${origin}/`) && !/^(data|blob):/.test(r.url))
          .map((r) => `${r.method} ${r.url} (from ${r.frameUrl})`),
      };
    },
    close: () => closeBrowser(browser),
  };
}

async function firefoxDriver({ extension, archive, devtools }) {
  const ff = await launchFirefox({ extension, archive });
  let panel = null;
  if (devtools) await ff.openToolbox('webconsole');
  const panelHandle = (p) => ({
    url: p.url,
    evaluate: (fn, ...args) => p.evaluate(fn, ...args),
    click: (selector) => p.evaluate((s) => { const el = document.querySelector(s); if (!el) throw new Error(`no ${s}`); el.click(); }, selector),
    press: (selector, key) => p.evaluate((s, k) => {
      const el = document.querySelector(s);
      if (!el) throw new Error(`no ${s}`);
      el.focus();
      el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
    }, selector, key),
    select: (selector, value) => p.evaluate((s, v) => {
      const el = document.querySelector(s);
      el.value = v;
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    }, selector, value),
  });
  return {
    name: 'firefox',
    version: ff.version,
    inspected: ff.inspected,
    openDevTools: () => ff.openToolbox('webconsole'),
    async openPanel() {
      panel = await ff.openPanel();
      return panelHandle(panel);
    },
    /** The extension process's memory after a GC in it (its JS heap and wasm memory). */
    panelMemory: () => ff.panelMemory(),
    /** HTTP(S) requests whose loading or triggering principal is the extension (all of
     *  Firefox's network loads pass the parent's http-on-modify-request, whatever the process).
     *  Control: `controlUrl` is fetched by the panel's own window first and must be seen. */
    async extensionRequests({ controlUrl }) {
      await panel.evaluate((u) => window.fetch(u).then((r) => r.status, (e) => String(e)), controlUrl);
      const fromExtension = (await ff.requests()).filter((r) => r.loading.startsWith('moz-extension://') || r.triggering.startsWith('moz-extension://'));
      return {
        attached: fromExtension.some((r) => r.url === controlUrl),
        leaving: fromExtension.filter((r) => r.url !== controlUrl).map((r) => `${r.method} ${r.url} (principal ${r.loading || r.triggering})`),
      };
    },
    close: () => ff.close(),
  };
}

/** Readers and actions for the panel's DOM contract (notes/dom-contract.md) over a driver's
 *  panel handle; the same in both browsers. */
export function panelDom(panel) {
  const exists = (selector) => panel.evaluate((s) => document.querySelector(s) !== null, selector);
  const text = (selector) => panel.evaluate((s) => { const e = document.querySelector(s); return e ? e.textContent : null; }, selector);
  const attr = (selector, name) => panel.evaluate((s, n) => { const e = document.querySelector(s); return e ? e.getAttribute(n) : null; }, selector, name);
  const waitForSelector = (selector, timeout = 5000) => waitFor(() => exists(selector), { what: selector, timeout });
  const readRows = () => panel.evaluate(() => Array.from(document.querySelectorAll('#requests .request')).map((el) => ({
    index: el.dataset.index, status: el.dataset.status, severity: el.dataset.severity,
    method: el.querySelector('.method')?.textContent.trim(), path: el.querySelector('.path')?.textContent.trim(),
    provider: el.querySelector('.provider')?.textContent.trim() ?? '', count: el.querySelector('.finding-count')?.textContent.trim(),
    selected: el.getAttribute('aria-selected'),
  })));

  /** The rows for `expect` (by path, method and status), waiting for the panel to list them. */
  const rowsFor = (expect, { count = 1 } = {}) => waitFor(async () => {
    const rows = (await readRows()).filter((r) => r.path && r.path.includes(expect.path)
      && (!expect.method || r.method === expect.method)
      && (expect.status == null || r.status === String(expect.status)));
    return rows.length >= count ? rows : null;
  }, { what: `${count} row(s) for ${expect.method || ''} ${expect.path} ${expect.status ?? ''} in #requests`, timeout: 20000 });

  /** Clicks a row and waits until it is selected and #detail shows it. */
  const select = async (row) => {
    await panel.click(`#requests .request[data-index="${row.index}"]`);
    await waitForSelector(`#requests .request[data-index="${row.index}"][aria-selected="true"]`);
  };
  const detailFindingIds = () => panel.evaluate(() => Array.from(document.querySelectorAll('#detail .finding[data-finding-id]')).map((e) => e.dataset.findingId));
  const sessionFindings = () => panel.evaluate(() => Array.from(document.querySelectorAll('#session-findings .finding[data-finding-id]')).map((e) => ({
    id: e.dataset.findingId, entries: (e.dataset.entries || '').split(',').filter(Boolean),
  })));
  const panelHtml = () => panel.evaluate(() => document.documentElement.outerHTML);
  const setInput = (selector, value) => panel.evaluate((s, v) => {
    const el = document.querySelector(s);
    el.value = v;
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
  }, selector, value);
  return { exists, text, attr, waitForSelector, readRows, rowsFor, select, detailFindingIds, sessionFindings, panelHtml, setInput };
}
