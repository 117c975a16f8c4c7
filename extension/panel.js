// Glue for the DevTools panel: loads the wasm UI, feeds it DevTools' network entries.
// All rendering, analysis and the reading of HAR entries happen in Rust (the same reader as for
// HAR files); this file only reads bodies, works around what each browser does not deliver, and
// forwards events.
import init, { mountPanel, Deliveries, harBodyPrefix } from './pkg/authlens.js';

// Firefox provides both `browser.devtools` (promises) and `chrome.devtools` (callbacks).
const devtools = (globalThis.browser && globalThis.browser.devtools) || globalThis.chrome.devtools;
const BODY_TIMEOUT_MS = 2000;
// Bodies of successful JSON/GraphQL answers and of the entries already recorded when the panel
// opens are read only while this per-session budget lasts (a busy page stays fast; failures,
// preflights and redirects seen live are always read, as before).
const BODY_BUDGET = 500;
// An entry that finished this recently may still be on its way to onRequestFinished: a
// reconciliation leaves it for the next pass instead of risking a duplicate.
const SETTLE_MS = 1500;
const QUIET_MS = 2000;
// When getHAR is compared with what was delivered: at panel load (Firefox answers the first
// getHAR with 0 entries although its network log holds them a moment later; later passes stop
// once one found entries), and after a preflight (Firefox never delivers a request its failed
// preflight blocked; it is only in getHAR).
const RECONCILE_AT_LOAD_MS = [1000, 3000, 8000];
const RECONCILE_AFTER_PREFLIGHT_MS = [SETTLE_MS + 500];
// The last entries delivered, replayed when a navigation clears the list after them.
const MAX_RECENT = 200;
const recent = [];
// Firefox builds a getHAR answer with its network store's updates switched off (HarExporter
// .buildHarData calls connector.enableActions(false) on the connector the extension API shares,
// until the build ends; seconds with thousands of entries): a request whose network event
// reaches DevTools meanwhile is never stored, so neither getHAR nor onRequestFinished ever gives
// it. Nothing can get it back, so in Firefox each pass is a blind window, and what the page
// itself loaded (its resource timing, recorded by WITNESS in the inspected page) is compared
// with the list afterwards: what the list never got is counted in #missing-notice.
// (moz-extension: pages are Firefox's; its panels have no runtime.getBrowserInfo.)
const BLIND_GETHAR = location.protocol === 'moz-extension:';
// A load is at risk when it overlaps a blind window or ended this long before one (DevTools may
// receive its events that late); its entry must have started within its lifetime ± WITNESS_SLACK_MS.
const WITNESS_LAG_MS = 10000;
const WITNESS_SLACK_MS = 50;
// Checks after a pass: the loads still running then are judged by the later check.
const WITNESS_CHECKS_MS = [SETTLE_MS + 1500, 10000];
// Runs in the inspected page: keeps its fetch/XHR/beacon loads of the last 10 minutes (at most
// 20,000) as [url, start, end, sent] in ms since the epoch, under a symbol (nothing the page
// uses); `take()` returns them. An observer gets entries even when the page's resource timing
// buffer (250 entries) is full.
const WITNESS = `(() => {
  const key = Symbol.for('authlens.witness');
  if (window[key]) return 'kept';
  const w = { loads: [] };
  const types = new Set(['fetch', 'xmlhttprequest', 'beacon']);
  const push = (list) => {
    const origin = performance.timeOrigin;
    const now = performance.now();
    for (const e of list) {
      if (!types.has(e.initiatorType) || !/^https?:/.test(e.name)) continue;
      // A failed load (a CORS error) reports no end (responseEnd = startTime): it ended before
      // the page was told, so now bounds it.
      const end = e.responseEnd > e.startTime ? e.responseEnd : now;
      w.loads.push([e.name, origin + e.startTime, origin + end, e.requestStart > 0 ? origin + e.requestStart : null]);
    }
    const old = Date.now() - 600000;
    let cut = 0;
    while (cut < w.loads.length && w.loads[cut][2] < old) cut++;
    cut = Math.max(cut, w.loads.length - 20000);
    if (cut > 0) w.loads.splice(0, cut);
  };
  const observer = new PerformanceObserver((l) => push(l.getEntries()));
  observer.observe({ type: 'resource', buffered: true });
  w.take = (since) => { push(observer.takeRecords()); return w.loads.filter((l) => l[2] >= since); };
  Object.defineProperty(window, key, { value: w, configurable: true });
  return 'installed';
})()`;
// The loads that ended at `since` (ms since the epoch) or later.
const witnessTake = (since) => `(() => { const w = window[Symbol.for('authlens.witness')]; return w ? w.take(${Number(since)}) : null; })()`;

function headers(list) {
  return Array.isArray(list) ? list.map((h) => ({ name: String(h.name), value: String(h.value) })) : [];
}

function header(list, name) {
  const h = Array.isArray(list) && list.find((x) => String(x.name).toLowerCase() === name);
  return h ? String(h.value) : '';
}

function isPreflight(entry) {
  return entry._resourceType === 'preflight'
    || (entry.request && entry.request.method === 'OPTIONS'
      && headers(entry.request.headers).some((h) => h.name.toLowerCase() === 'access-control-request-method'));
}

// `application/json`, `application/problem+json`, `application/graphql-response+json`,
// `application/graphql`: the answers that carry auth errors in a 200 (GraphQL, Slack).
function isJsonLike(entry) {
  const res = entry.response || {};
  const type = (header(res.headers, 'content-type') || (res.content && res.content.mimeType) || '').toLowerCase();
  return /^(application|text)\/([\w.-]+\+)?(json|graphql)\b/.test(type.trim());
}

let budget = BODY_BUDGET;

// Failures, preflights and redirects always; 2xx JSON/GraphQL (and anything at open) while the
// budget lasts. `fromHar`: the entry came from getHAR (at open, or reconciled), not live.
function wantsBody(entry, fromHar) {
  const status = (entry.response && entry.response.status) || 0;
  const always = status >= 400 || isPreflight(entry) || (status >= 300 && status < 400);
  if (always && !fromHar) return true;
  if (!always && !(status >= 200 && status < 300 && isJsonLike(entry))) return false;
  if (budget <= 0) return false;
  budget -= 1;
  return true;
}

// The body as DevTools gives it, `{text, encoding}` (`encoding`: 'base64' or null), or null.
function readBody(entry, fromHar = false) {
  if (!wantsBody(entry, fromHar)) return Promise.resolve(null);
  // Firefox's getHAR entries carry the body as content.text; Chromium's have getContent().
  const content = entry.response && entry.response.content;
  if (content && typeof content.text === 'string') {
    return Promise.resolve({ text: content.text, encoding: content.encoding || null });
  }
  if (typeof entry.getContent !== 'function') return Promise.resolve(null);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), BODY_TIMEOUT_MS);
    const done = (text, encoding) => {
      clearTimeout(timer);
      resolve(typeof text === 'string' ? { text, encoding: encoding || null } : null);
    };
    try {
      const result = entry.getContent(done);
      // Firefox's promise gives [content, mimeType]: no encoding.
      if (result && typeof result.then === 'function') {
        result.then((value) => (Array.isArray(value) ? done(value[0], null) : done(value, null)), () => done(null, null));
      }
    } catch {
      done(null, null);
    }
  });
}

// The entry as JSON text for the Rust reader: DevTools' entry as it is (JSON drops Chromium's
// getContent function), with the body read in place of content.text (only its first
// harBodyPrefix() UTF-16 units, all the reader uses) or without one.
let bodyPrefix = 0;
function entryJson(entry, body) {
  const response = entry.response || {};
  const content = { ...(response.content || {}) };
  delete content.text;
  delete content.encoding;
  if (body) {
    content.text = body.text.slice(0, bodyPrefix);
    if (body.encoding) content.encoding = body.encoding;
  }
  try {
    return JSON.stringify({ ...entry, response: { ...response, content } });
  } catch {
    return null;
  }
}

function getHar() {
  return new Promise((resolve) => {
    const result = devtools.network.getHAR((har) => resolve(har));
    if (result && typeof result.then === 'function') result.then(resolve, () => resolve(null));
  });
}

// devtools.inspectedWindow.eval: callback in Chromium, promise of [result, error] in Firefox.
function evalInspected(expression) {
  return new Promise((resolve) => {
    const done = (result, error) => resolve(error && (error.isError || error.isException) ? null : result);
    const result = devtools.inspectedWindow.eval(expression, done);
    if (result && typeof result.then === 'function') result.then((v) => (Array.isArray(v) ? done(v[0], v[1]) : done(v)), () => resolve(null));
  });
}

await init();
bodyPrefix = harBodyPrefix();
const ui = mountPanel(document.getElementById('authlens-root'), devtools.panels.themeName || 'default');

// --- delivery bookkeeping ----------------------------------------------------------------------
// Which entries the list got, from either API, and which onRequestFinished delivered: the
// identity and counting are the core's (live::Reconciler), so each request is listed once.
const deliveries = new Deliveries();
// Reconciliation passes done (for the e2e tests: a pass over a stream must add nothing twice).
let passes = 0;

// Entries reach the UI in arrival order (bodies are read meanwhile), in batches: one
// pushHarEntries call analyses a batch, and a batch ends when reading it and analysing it would
// outlast BATCH_MS, so the panel keeps answering while a busy page streams (a promise chain of
// resolved bodies would run as one long microtask run and block the panel until the whole
// backlog was shown). What an entry costs in pushHarEntries is measured
// as it goes (a moving average): a batch of 200 cost up to 255 ms in the 12,000-request stream.
// The list is drawn at most every RENDER_MS while entries keep coming, and at once when the
// queue empties: every draw lays out and paints the panel (most of its time in that stream).
const RENDER_MS = 250;
let lastRender = 0;
const BATCH_MAX = 200;
const BATCH_MIN = 4;
const BATCH_MS = 12;
let msPerEntry = 0.5;
const tasks = [];
let head = 0;
let draining = false;
const whenIdle = [];
// A message to itself yields to the event loop without the clamping and background throttling
// timers get (Firefox may run a DevTools panel's setTimeout at most once a second).
const loop = new MessageChannel();
loop.port1.onmessage = () => { drain(); };
function enqueue(task) {
  tasks.push(task);
  if (!draining) { draining = true; loop.port2.postMessage(0); }
}
function push(entry, fromHar) {
  enqueue({ entry, body: readBody(entry, fromHar) });
}
/** Runs `fn` once every entry pushed before it is in the UI. */
function afterPushes(fn) {
  enqueue({ fn });
}
/** Resolves when nothing is waiting. */
function idle() {
  return tasks.length > head || draining ? new Promise((r) => whenIdle.push(r)) : Promise.resolve();
}
function flush(batch) {
  if (!batch.length) return;
  const t0 = performance.now();
  try {
    for (const problem of ui.pushHarEntries(`[${batch.join(',')}]`, true)) console.error('authlens:', problem);
  } catch (e) {
    console.error('authlens: entries skipped', e);
  }
  msPerEntry = 0.8 * msPerEntry + 0.2 * ((performance.now() - t0) / batch.length);
}
/** Draws what the flushed batches added (see RENDER_MS). */
function render() {
  try { ui.render(); } catch (e) { console.error('authlens: render failed', e); }
  lastRender = performance.now();
}
async function drain() {
  const started = performance.now();
  const batch = [];
  while (head < tasks.length && batch.length < BATCH_MAX && (batch.length < BATCH_MIN || performance.now() - started + (batch.length + 1) * msPerEntry < BATCH_MS)) {
    const task = tasks[head++];
    if (task.fn) {
      flush(batch.splice(0));
      render();
      try { await task.fn(); } catch (e) { console.error('authlens: task failed', e); }
    } else {
      const json = entryJson(task.entry, await task.body);
      if (json) batch.push(json);
    }
  }
  flush(batch);
  if (head >= tasks.length || performance.now() - lastRender >= RENDER_MS) render();
  if (head > 1024) { tasks.splice(0, head); head = 0; }
  if (head < tasks.length) { loop.port2.postMessage(0); return; }
  tasks.length = 0; head = 0; draining = false;
  for (const r of whenIdle.splice(0)) r();
}

function onFinished(entry) {
  lastActivity = Date.now();
  const missing = missingNotice.hidden ? 0 : 1;
  if (deliveries.delivered(entry)) {
    // A load counted missing that arrives after all is no longer missing.
    if (missing) { showMissing(); exposeMissing(); }
    push(entry, false);
    recent.push(entry);
    if (recent.length > MAX_RECENT) recent.splice(0, recent.length - MAX_RECENT);
  }
  if (isPreflight(entry)) schedule(RECONCILE_AFTER_PREFLIGHT_MS);
}

async function reconcile({ initial = false } = {}) {
  // The witness is (re)installed beside the pass, not before it: a later getHAR widens the
  // blind window over whatever the page does right after the panel opens. Loads that end before
  // it is installed come from the page's resource timing buffer (observe's `buffered`).
  const witnessed = BLIND_GETHAR ? evalInspected(WITNESS) : null;
  const blindFrom = Date.now();
  const har = await getHar();
  await witnessed;
  if (BLIND_GETHAR) {
    deliveries.blind(blindFrom, Date.now());
    witnessChecks(WITNESS_CHECKS_MS, blindFrom - WITNESS_LAG_MS);
  }
  const entries = (har && Array.isArray(har.entries)) ? har.entries : [];
  // Entries that finished within SETTLE_MS may still be on their way to onRequestFinished.
  for (const i of deliveries.reconcile(entries, Date.now(), initial ? 0 : SETTLE_MS)) push(entries[i], true);
  if (!missingNotice.hidden) { showMissing(); exposeMissing(); }
  await idle();
  passes += 1;
  document.body.dataset.reconcilePasses = String(passes);
  return entries;
}

// Firefox drops the network events that reach DevTools while it builds a getHAR answer (see
// BLIND_GETHAR), so a pass waits for a quiet network: no entry finished for QUIET_MS (2 s: a
// starved Firefox pauses its deliveries for over a second while requests still run).
// Passes due at the same time run once.
let lastActivity = 0;
let due = [];
let timer = null;
function schedule(delays, then = null, wanted = () => true) {
  const now = Date.now();
  for (const ms of delays) due.push({ at: now + ms, then, wanted });
  due.sort((a, b) => a.at - b.at);
  // Bounded; the latest stays, since a pass covers everything that was due before it.
  if (due.length > 16) due = [...due.slice(0, 15), due[due.length - 1]];
  arm();
}
// For the e2e tests: body[data-reconcile] is `running` during a pass, `due` while one is
// scheduled, else `idle`.
function showState(running = false) {
  document.body.dataset.reconcile = running ? 'running' : (due.length || timer || checksPending ? 'due' : 'idle');
}
function arm() {
  showState();
  if (timer || !due.length) return;
  const wait = Math.max(due[0].at - Date.now(), lastActivity + QUIET_MS - Date.now(), 0);
  timer = setTimeout(async () => {
    timer = null;
    if (Date.now() - lastActivity < QUIET_MS) { arm(); return; }
    const now = Date.now();
    const ready = due.filter((d) => d.at <= now && d.wanted());
    due = due.filter((d) => d.at > now);
    if (!ready.length) { arm(); return; }
    showState(true);
    try {
      const entries = await reconcile();
      // Entries too fresh to take may still never be delivered (a blocked request): look again.
      if (deliveries.held()) schedule([SETTLE_MS]);
      for (const d of ready) if (d.then) await d.then(entries);
    } catch (e) {
      console.error('authlens: reconcile failed', e);
    }
    arm();
  }, wait);
}

// --- what Firefox dropped while it was blind ------------------------------------------------------
const missingNotice = document.getElementById('missing-notice');
const MISSING_URLS_SHOWN = 5;
function showMissing() {
  const n = deliveries.unaccountedCount();
  missingNotice.dataset.missing = String(n);
  missingNotice.hidden = n === 0;
  if (!n) return;
  const urls = deliveries.unaccountedUrls(MISSING_URLS_SHOWN);
  missingNotice.querySelector('.missing-notice-text').textContent = `Firefox did not give authlens ${n} request${n === 1 ? '' : 's'} the page made while DevTools was building its network log for authlens (a Firefox limitation); they are not in the list${n > urls.length ? ' (the latest shown)' : ''}:`;
  const list = missingNotice.querySelector('.missing-urls');
  list.textContent = '';
  for (const url of urls) {
    const li = document.createElement('li');
    li.className = 'missing-url';
    li.textContent = url;
    list.append(li);
  }
}
// For the e2e tests: every missing URL, in body[data-missing-urls] (JSON), next to the count.
function exposeMissing() {
  document.body.dataset.missingUrls = JSON.stringify(deliveries.unaccountedUrls(0xffffffff));
}
let checksPending = 0;
function witnessChecks(delays, since) {
  for (const ms of delays) {
    checksPending += 1;
    showState();
    setTimeout(async () => {
      try {
        // Entries already on their way are shown first, so they count as had.
        await idle();
        const loads = await evalInspected(witnessTake(since));
        if (Array.isArray(loads)) deliveries.witness(loads, WITNESS_LAG_MS, WITNESS_SLACK_MS);
      } catch (e) {
        console.error('authlens: witness check failed', e);
      }
      checksPending -= 1;
      showMissing();
      exposeMissing();
      showState();
    }, ms);
  }
}
function forgetMissing() {
  deliveries.clearUnaccounted();
  showMissing();
  exposeMissing();
}

// --- requests made before DevTools opened --------------------------------------------------------
// Browsers record the network only while DevTools is open. When the inspected document itself
// is not in the log, the page loaded before that: say so, and offer the reload that captures it.
const notice = document.getElementById('capture-notice');
async function checkMissedRequests(entries) {
  const page = await evalInspected('[location.href, performance.getEntriesByType("resource").length]');
  if (!Array.isArray(page) || typeof page[0] !== 'string' || !/^https?:/.test(page[0])) { notice.hidden = true; return; }
  const href = page[0].split('#')[0];
  const hasDocument = entries.some((e) => e.request && String(e.request.url).split('#')[0] === href);
  if (hasDocument) { notice.hidden = true; return; }
  const made = Number(page[1]) || 0;
  notice.querySelector('.capture-notice-text').textContent = `This page loaded before DevTools was open, so the browser did not record its earlier requests${made ? ` (${made} since it loaded)` : ''}. Reload the page to capture them.`;
  notice.hidden = false;
}
document.getElementById('reload-inspected').addEventListener('click', () => {
  notice.hidden = true;
  devtools.inspectedWindow.reload({});
});

devtools.network.onRequestFinished.addListener(onFinished);
devtools.network.onNavigated.addListener((url) => {
  notice.hidden = true;
  // The new document needs its own witness (once it exists; installing twice keeps the first).
  if (BLIND_GETHAR) for (const ms of [0, 1000]) setTimeout(() => { evalInspected(WITNESS); }, ms);
  const documentUrl = String(url).split('#')[0];
  afterPushes(() => {
    if (!ui.navigated()) return;
    budget = BODY_BUDGET;
    forgetMissing();
    // Firefox may deliver the new page's first requests (its document first) before
    // onNavigated, and the UI has just cleared them: give them back from the document on.
    let from = -1;
    for (let i = recent.length - 1; i >= 0; i--) {
      if (recent[i].request && String(recent[i].request.url).split('#')[0] === documentUrl) { from = i; break; }
    }
    const replay = from >= 0 ? recent.slice(from) : [];
    recent.length = 0;
    for (const entry of replay) push(entry, false);
  });
});
// The list's own Clear button: what it missed before is no longer a question.
document.addEventListener('click', (e) => {
  if (e.target instanceof Element && e.target.closest('#clear')) forgetMissing();
});
if (devtools.panels.onThemeChanged) {
  devtools.panels.onThemeChanged.addListener((name) => ui.setTheme(name));
}

// Load: what getHAR has now, then later passes until one finds entries, but only when the
// inspected page has loaded something (an empty about:blank has nothing DevTools could hold
// back, and every getHAR pass is a risk in Firefox). An empty answer is trusted for the notice
// only from the last pass (Firefox's first answers may be empty).
let loadFound = false;
const afterLoadPass = (last) => async (entries) => {
  if (loadFound) return;
  loadFound = entries.length > 0;
  if (loadFound || last) await checkMissedRequests(entries);
};
const initial = await reconcile({ initial: true });
await afterLoadPass(false)(initial).catch(() => {});
const loaded = loadFound ? null : await evalInspected('/^https?:/.test(location.href)');
if (loaded === true) {
  RECONCILE_AT_LOAD_MS.forEach((ms, i) => schedule([ms], afterLoadPass(i === RECONCILE_AT_LOAD_MS.length - 1), () => !loadFound));
}
