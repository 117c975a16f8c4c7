// Every Firefox internal the e2e suites rely on, in one place, so a Firefox update breaks one
// file: headless Firefox ESR driven over WebDriver BiDi (npm `ws`, no geckodriver, no Xvfb),
// the authlens extension installed as a temporary add-on, the real DevTools toolbox opened from
// the browser's chrome context, and the authlens panel's document read through its <browser>'s
// message manager (BiDi skips moz-extension contexts by design). See
// /work/shared/recipes/browser-testing.md for how each step was found.
//
//   const ff = await launchFirefox({ extension: '/abs/dist/extension-firefox' });
//   await ff.inspected.goto(url); const panel = await ff.openPanel();
//   await panel.evaluate(() => document.title); await ff.close();
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';

export const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';

// Prefs for a quiet, test-only profile. The remote agent already applies its recommended
// automation prefs; these add DevTools' chrome access and keep Firefox off the network (this
// machine's network refuses everything but 127.0.0.1, and the extension-request check below
// must see only what the page and the panel do).
const PREFS = {
  'devtools.chrome.enabled': true,
  'devtools.toolbox.host': 'bottom',
  'devtools.netmonitor.persistlog': false,
  'browser.shell.checkDefaultBrowser': false,
  'browser.newtabpage.enabled': false,
  'browser.startup.page': 0,
  'app.update.enabled': false,
  'app.normandy.enabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.downloads.enabled': false,
  'extensions.update.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'services.settings.server': 'http://127.0.0.1:9/',
  'network.dns.disablePrefetch': true,
  'network.prefetch-next': false,
};

/** A minimal WebDriver BiDi client: `send(method, params)` resolves to the result. */
class Bidi {
  constructor(ws) {
    this.ws = ws; this.next = 1; this.pending = new Map(); this.listeners = new Map();
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data));
      if (msg.id != null && this.pending.has(msg.id)) {
        const { ok, fail, method } = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (msg.type === 'error') fail(new Error(`${method}: ${msg.error}: ${msg.message}`));
        else ok(msg.result);
      } else if (msg.method) {
        for (const cb of this.listeners.get(msg.method) || []) cb(msg.params);
      }
    });
    ws.on('close', () => { for (const { fail, method } of this.pending.values()) fail(new Error(`${method}: connection closed`)); this.pending.clear(); });
  }

  send(method, params = {}) {
    const id = this.next++;
    return new Promise((ok, fail) => {
      this.pending.set(id, { ok, fail, method });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  on(method, cb) {
    if (!this.listeners.has(method)) this.listeners.set(method, []);
    this.listeners.get(method).push(cb);
  }
}

/** Runs `fn(...args)` where BiDi can reach (`target`), with JSON in and JSON out. */
async function callJson(bidi, target, fn, args) {
  const res = await bidi.send('script.callFunction', {
    functionDeclaration: `async (json) => JSON.stringify(await (${fn.toString()})(...JSON.parse(json)) ?? null)`,
    arguments: [{ type: 'string', value: JSON.stringify(args) }],
    target, awaitPromise: true, resultOwnership: 'none',
  });
  if (res.type === 'exception') {
    throw new Error(`in Firefox: ${res.exceptionDetails?.text || 'exception'}${res.exceptionDetails?.stackTrace ? '' : ''}`);
  }
  return JSON.parse(res.result.value);
}

// Runs in the chrome (browser.xhtml) window. Installs `window.__authlensE2e` once: the toolbox,
// the panel's message-manager bridge and an HTTP observer recording requests by principal.
function chromeSetup() {
  if (window.__authlensE2e) return true;
  const { require } = ChromeUtils.importESModule('resource://devtools/shared/loader/Loader.sys.mjs');
  const { gDevTools } = require('devtools/client/framework/devtools');
  const state = {
    gDevTools, toolbox: null, def: null, mm: null, nextId: 1, pending: new Map(), requests: [],
  };
  // Every HTTP(S) request of any process, with the principal that caused it: the check that
  // the extension itself never talks to the network.
  state.observer = {
    observe(subject) {
      try {
        const ch = subject.QueryInterface(Ci.nsIHttpChannel);
        const li = ch.loadInfo;
        state.requests.push({
          url: ch.URI.spec, method: ch.requestMethod,
          triggering: li?.triggeringPrincipal?.origin || '', loading: li?.loadingPrincipal?.origin || '',
        });
      } catch { /* not an HTTP channel */ }
    },
  };
  Services.obs.addObserver(state.observer, 'http-on-modify-request');
  window.__authlensE2e = state;
  return true;
}

// Runs in the chrome window: opens the toolbox on the selected tab (on `toolId`), without
// selecting authlens yet (what a user sees who opened DevTools for another tool).
async function chromeOpenToolbox(toolId) {
  const s = window.__authlensE2e;
  s.toolbox = await s.gDevTools.showToolboxForTab(gBrowser.selectedTab, { toolId });
  return true;
}

async function chromeFindPanel(title) {
  const s = window.__authlensE2e;
  const def = s.toolbox && s.toolbox.getAdditionalTools().find((d) => d.label === title);
  return def ? def.id : null;
}

// Runs in the chrome window: selects the panel and loads the evaluation bridge into its
// <browser>. The frame script evaluates a function with the panel's document (Xray: DOM access
// as chrome code sees it) and its window with Xrays waived (so expandos set by page script,
// such as the XSS flag, are visible), and answers with JSON.
async function chromeSelectPanel(id) {
  const s = window.__authlensE2e;
  await s.toolbox.selectTool(id);
  s.def = id;
  return true;
}

function chromePanelState() {
  const s = window.__authlensE2e;
  const frame = s.toolbox?.doc.getElementById(`toolbox-panel-iframe-${s.def}`);
  const browser = frame?.contentDocument?.querySelector('browser');
  const url = browser?.currentURI?.spec || '';
  return {
    url,
    listening: Boolean(s.toolbox?._netMonitorAPI?.hasRequestFinishedListeners?.()),
    bridged: Boolean(s.mm && s.mmBrowser === browser),
    hasBrowser: Boolean(browser),
  };
}

function chromeBridge() {
  const s = window.__authlensE2e;
  const frame = s.toolbox.doc.getElementById(`toolbox-panel-iframe-${s.def}`);
  const browser = frame.contentDocument.querySelector('browser');
  if (s.mm && s.mmBrowser === browser) return true;
  const mm = browser.messageManager;
  const script = `
    addMessageListener('authlens-e2e:eval', async (msg) => {
      const { id, src, args } = msg.data;
      try {
        // The extension page's CSP forbids Function() in this scope; a system-principal
        // sandbox has no CSP.
        // Its prototype is the panel's window (through Xrays), so the panel's globals
        // (localStorage, performance, URL...) resolve as they would in the page.
        if (this.__sbWin !== content) {
          this.__sbWin = content;
          this.__sb = Components.utils.Sandbox(Services.scriptSecurityManager.getSystemPrincipal(), { wantXrays: true, sandboxPrototype: content, sandboxName: 'authlens-e2e' });
        }
        const make = Components.utils.evalInSandbox('(function (window, document, location, Event, KeyboardEvent, MouseEvent) { return (' + src + '); })', this.__sb);
        const fn = make(content.wrappedJSObject, content.document, content.location, content.Event, content.KeyboardEvent, content.MouseEvent);
        const value = await fn(...args);
        sendAsyncMessage('authlens-e2e:result', { id, ok: true, json: JSON.stringify(value === undefined ? null : value) });
      } catch (e) {
        sendAsyncMessage('authlens-e2e:result', { id, ok: false, error: String(e && (e.message || e)) + (e && e.stack ? ' @ ' + e.stack.split('\\n')[0] : '') });
      }
    });
    addMessageListener('authlens-e2e:gc', () => {
      Components.utils.forceGC(); Components.utils.forceCC(); Components.utils.forceShrinkingGC();
      // This (the extension) process's live allocations: the malloc heap in use plus the JS GC
      // heap and wasm memory, as about:memory's "explicit" counts them. Unlike the resident
      // size, memory freed by the GC is not in it.
      let explicit = null;
      try {
        explicit = Components.classes['@mozilla.org/memory-reporter-manager;1']
          .getService(Components.interfaces.nsIMemoryReporterManager).explicit;
      } catch (e) { /* not available in this build */ }
      sendAsyncMessage('authlens-e2e:gc-done', { explicit });
    });`;
  mm.addMessageListener('authlens-e2e:result', (msg) => {
    const p = s.pending.get(msg.data.id);
    if (!p) return;
    s.pending.delete(msg.data.id);
    if (msg.data.ok) p.ok(msg.data.json); else p.fail(new Error(msg.data.error));
  });
  mm.addMessageListener('authlens-e2e:gc-done', (msg) => { const d = s.gcDone; s.gcDone = null; if (d) d(msg.data); });
  mm.loadFrameScript(`data:,${encodeURIComponent(script)}`, false);
  s.mm = mm; s.mmBrowser = browser;
  return true;
}

async function chromePanelEval(src, args, timeoutMs) {
  const s = window.__authlensE2e;
  const id = s.nextId++;
  const result = new Promise((ok, fail) => {
    s.pending.set(id, { ok, fail });
    setTimeout(() => { if (s.pending.delete(id)) fail(new Error(`panel evaluation timed out after ${timeoutMs} ms`)); }, timeoutMs);
  });
  s.mm.sendAsyncMessage('authlens-e2e:eval', { id, src, args });
  return JSON.parse(await result);
}

// The extension content process's memory after a GC there (the panel's JS heap and wasm memory
// live in it): its explicit allocations when Firefox reports them, else its resident unique
// set size (which keeps what the GC freed, so it swings with every large getHAR answer).
async function chromePanelMemory() {
  const s = window.__authlensE2e;
  const gc = await new Promise((done) => { s.gcDone = done; s.mm.sendAsyncMessage('authlens-e2e:gc', {}); setTimeout(() => done(null), 5000); });
  const info = await ChromeUtils.requestProcInfo();
  const ext = info.children.filter((c) => c.type === 'extension');
  const uss = ext.reduce((n, c) => n + (c.memory || 0), 0);
  const explicit = gc && Number.isFinite(gc.explicit) && gc.explicit > 0 ? gc.explicit : null;
  return { total: explicit ?? uss, measure: explicit ? 'explicit' : 'uss', explicit, uss, processes: ext.length };
}

function chromeRequests(from) {
  return window.__authlensE2e.requests.slice(from);
}

/**
 * Launches headless Firefox on a fresh profile with `extension` (a directory, or a .zip/.xpi
 * when `archive` is true) installed as a temporary add-on. Resolves to
 * { version, extensionId, inspected, openToolbox, openPanel, panelMemory, requests, close }.
 */
export async function launchFirefox({ extension, archive = false, timeout = 30000 } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'authlens-e2e-firefox-'));
  writeFileSync(join(profile, 'user.js'), Object.entries(PREFS).map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`).join('\n'));
  const child = spawn(FIREFOX, ['--headless', '--no-remote', '--profile', profile, '--remote-debugging-port=0', '--remote-allow-system-access', 'about:blank'], {
    stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1' },
  });
  let log = '';
  const wsUrl = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`Firefox printed no BiDi address within ${timeout} ms:\n${log.slice(-2000)}`)), timeout);
    const onData = (d) => {
      log += String(d);
      const m = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(log);
      if (m) { clearTimeout(timer); ok(m[1]); }
    };
    child.stdout.on('data', onData); child.stderr.on('data', onData);
    child.once('exit', (code) => { clearTimeout(timer); fail(new Error(`Firefox exited (${code}) before BiDi was up:\n${log.slice(-2000)}`)); });
  });
  try {
    return await connect({ child, profile, wsUrl, extension, archive, timeout });
  } catch (e) {
    child.kill('SIGKILL');
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
}

async function connect({ child, profile, wsUrl, extension, archive, timeout }) {
  const ws = new WebSocket(`${wsUrl}/session`);
  await new Promise((ok, fail) => { ws.once('open', ok); ws.once('error', fail); });
  const bidi = new Bidi(ws);
  const session = await bidi.send('session.new', { capabilities: {} });
  const version = `${session.capabilities.browserName} ${session.capabilities.browserVersion}`;
  const { extension: extensionId } = await bidi.send('webExtension.install', {
    extensionData: archive ? { type: 'archivePath', path: resolve(extension) } : { type: 'path', path: resolve(extension) },
  });
  const { contexts } = await bidi.send('browsingContext.getTree', {});
  const tab = contexts[0].context;
  const chromeTree = await bidi.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
  const chromeCtx = chromeTree.contexts.find((c) => c.url === 'chrome://browser/content/browser.xhtml')?.context;
  if (!chromeCtx) throw new Error('the browser window (chrome context) was not found; is --remote-allow-system-access honoured?');
  const inChrome = (fn, ...args) => callJson(bidi, { context: chromeCtx }, fn, args);
  await inChrome(chromeSetup);

  const waitFor = async (fn, what, ms = timeout) => {
    const deadline = Date.now() + ms;
    let last;
    for (;;) {
      try { last = await fn(); if (last) return last; } catch (e) { last = e; }
      if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  const inspected = {
    async goto(url) { await bidi.send('browsingContext.navigate', { context: tab, url, wait: 'complete' }); },
    async reload() { await bidi.send('browsingContext.reload', { context: tab, wait: 'complete' }); },
    evaluate(fn, ...args) { return callJson(bidi, { context: tab }, fn, args); },
    async title() { return callJson(bidi, { context: tab }, () => document.title, []); },
  };

  let panel = null;
  const ff = {
    browserName: 'firefox', version, extensionId, inspected,
    /** Opens DevTools on `toolId` (not authlens), as a user who opened another tool first. */
    async openToolbox(toolId = 'webconsole', { title = 'authlens' } = {}) {
      await inChrome(chromeOpenToolbox, toolId);
      // The extension's devtools_page has run once its panel is registered.
      await waitFor(() => inChrome(chromeFindPanel, title), `the "${title}" panel among the toolbox's extension panels`);
    },
    /** Selects the authlens tab (opening DevTools first if needed) and resolves to a panel
     *  handle once the panel is mounted and DevTools has its onRequestFinished listener. */
    async openPanel({ title = 'authlens' } = {}) {
      if (!(await inChrome(() => Boolean(window.__authlensE2e.toolbox)))) await ff.openToolbox();
      const id = await waitFor(() => inChrome(chromeFindPanel, title), `the "${title}" panel among the toolbox's extension panels`);
      await inChrome(chromeSelectPanel, id);
      await waitFor(async () => (await inChrome(chromePanelState)).url.startsWith('moz-extension://'), 'the panel document');
      await inChrome(chromeBridge);
      panel = makePanel(inChrome, (await inChrome(chromePanelState)).url);
      await waitFor(() => panel.evaluate(() => document.body && document.body.dataset.ready === 'true'), 'body[data-ready="true"] in the panel');
      await waitFor(async () => (await inChrome(chromePanelState)).listening, 'the panel\'s onRequestFinished listener');
      return panel;
    },
    panelMemory: () => inChrome(chromePanelMemory),
    /** HTTP(S) requests Firefox made since `from` (an index), with their principals. */
    requests: (from = 0) => inChrome(chromeRequests, from),
    async close() {
      try { await bidi.send('browser.close', {}); } catch { /* gone */ }
      ws.terminate();
      await new Promise((done) => { if (child.exitCode != null) done(); else { child.once('exit', done); setTimeout(() => { child.kill('SIGKILL'); done(); }, 5000); } });
      rmSync(profile, { recursive: true, force: true });
    },
  };
  return ff;
}

/** The panel handle: `evaluate(fn, ...args)` runs `fn` against the panel's document (the same
 *  contract as a Puppeteer Frame's evaluate for the functions the suites use). */
function makePanel(inChrome, url) {
  return {
    url,
    evaluate(fn, ...args) {
      return inChrome(chromePanelEval, fn.toString(), args, 20000);
    },
  };
}
