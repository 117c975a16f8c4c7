// Glue for the DevTools panel: loads the wasm UI, feeds it DevTools' network entries.
// All rendering and analysis happen in Rust (src/wasm/ui); this file only converts HAR entries
// to plain objects and forwards events.
import init, { mountPanel } from './pkg/authlens.js';

// Firefox provides both `browser.devtools` (promises) and `chrome.devtools` (callbacks).
const devtools = (globalThis.browser && globalThis.browser.devtools) || globalThis.chrome.devtools;
const BODY_LIMIT = 4096;
const BODY_TIMEOUT_MS = 2000;

function headers(list) {
  return Array.isArray(list) ? list.map((h) => ({ name: String(h.name), value: String(h.value) })) : [];
}

function isPreflight(entry) {
  return entry._resourceType === 'preflight'
    || (entry.request && entry.request.method === 'OPTIONS'
      && headers(entry.request.headers).some((h) => h.name.toLowerCase() === 'access-control-request-method'));
}

// Bodies are read only for failures, preflights and redirects, and only their first 4 KiB.
function wantsBody(entry) {
  const status = (entry.response && entry.response.status) || 0;
  return status >= 400 || isPreflight(entry) || (status >= 300 && status < 400);
}

function readBody(entry) {
  if (typeof entry.getContent !== 'function' || !wantsBody(entry)) return Promise.resolve(null);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), BODY_TIMEOUT_MS);
    const done = (content, encoding) => {
      clearTimeout(timer);
      resolve(typeof content === 'string' && encoding !== 'base64' ? content.slice(0, BODY_LIMIT) : null);
    };
    try {
      const result = entry.getContent(done);
      if (result && typeof result.then === 'function') {
        result.then((value) => (Array.isArray(value) ? done(value[0], null) : done(value, null)), () => done(null, null));
      }
    } catch {
      done(null, null);
    }
  });
}

function toExchange(entry, body) {
  const req = entry.request || {};
  const res = entry.response || {};
  const started = Date.parse(entry.startedDateTime);
  const initiator = entry._initiator && (entry._initiator.url || entry._initiator.type);
  return {
    method: String(req.method || 'GET'),
    url: String(req.url || ''),
    requestHeaders: headers(req.headers),
    // Token requests carry credentials in their form or JSON body (HAR postData.text).
    requestBodyExcerpt: req.postData && typeof req.postData.text === 'string'
      ? req.postData.text.slice(0, BODY_LIMIT) : null,
    status: Number(res.status) || 0,
    statusText: String(res.statusText || ''),
    responseHeaders: headers(res.headers),
    responseBodyExcerpt: body,
    startedAtMs: Number.isFinite(started) ? started : null,
    durationMs: Number.isFinite(entry.time) && entry.time >= 0 ? entry.time : null,
    redirectUrl: res.redirectURL ? String(res.redirectURL) : null,
    resourceType: entry._resourceType ? String(entry._resourceType) : null,
    initiator: initiator ? String(initiator) : null,
  };
}

function getHar() {
  return new Promise((resolve) => {
    const result = devtools.network.getHAR((har) => resolve(har));
    if (result && typeof result.then === 'function') result.then(resolve, () => resolve(null));
  });
}

await init();
const ui = mountPanel(document.getElementById('authlens-root'), devtools.panels.themeName || 'default');

// Entries finish out of order when bodies are read: keep arrival order with a promise chain.
let queue = Promise.resolve();
function enqueue(entry) {
  const body = readBody(entry);
  queue = queue.then(async () => {
    try {
      ui.pushExchange(toExchange(entry, await body));
    } catch (e) {
      console.error('authlens: entry skipped', e);
    }
  });
}

const har = await getHar();
if (har && Array.isArray(har.entries)) {
  ui.pushExchanges(har.entries.map((e) => toExchange(e, null)));
}
devtools.network.onRequestFinished.addListener(enqueue);
devtools.network.onNavigated.addListener(() => {
  queue = queue.then(() => {
    ui.navigated();
  });
});
if (devtools.panels.onThemeChanged) {
  devtools.panels.onThemeChanged.addListener((name) => ui.setTheme(name));
}
