// Records tests/corpus/captures/*.har: starts the servers of servers.mjs on 127.0.0.1, drives
// headless Chromium through every scenario of scenarios.mjs (fetch() from the app's page) and
// writes what Chromium's network layer saw (CDP Network events, the headers as sent) as HAR 1.2;
// squid's 407s are captured with Node's HTTP client (Chromium answers proxy challenges itself).
// Labels (expected ids, must-not ids) come from scenarios.mjs, never from authlens' output.
//   node tests/corpus/record.mjs        (make record-corpus)
import { writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import { launchChromium, closeBrowser } from '../e2e/lib.mjs';
import { startAll, PORTS } from './servers.mjs';
import { browserScenarios, proxyScenarios } from './scenarios.mjs';
import { recordProviders } from './providers.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT = join(HERE, 'captures');
mkdirSync(OUT, { recursive: true });

function harHeaders(obj) {
  return Object.entries(obj || {}).flatMap(([name, value]) => String(value).split('\n').map((v) => ({ name, value: v })));
}

/** Collects CDP Network events of one page into HAR entries. */
function recorder(cdp) {
  const byId = new Map();
  const order = [];
  const get = (id) => { if (!byId.has(id)) { byId.set(id, { id }); order.push(id); } return byId.get(id); };
  cdp.on('Network.requestWillBeSent', (e) => {
    const r = get(e.requestId);
    if (r.request) {
      // A redirect: the previous hop is finished with the redirect response.
      const hop = { ...r, id: `${e.requestId}-${order.length}` };
      hop.response = e.redirectResponse; hop.finished = true;
      byId.set(hop.id, hop); order.splice(order.indexOf(e.requestId), 0, hop.id);
      Object.assign(r, { extra: null, response: null, responseExtra: null, body: null, finished: false });
    }
    Object.assign(r, { request: e.request, type: e.type, wallTime: e.wallTime, initiator: e.initiator });
  });
  cdp.on('Network.requestWillBeSentExtraInfo', (e) => { get(e.requestId).extra = e.headers; });
  cdp.on('Network.responseReceived', (e) => { get(e.requestId).response = e.response; });
  cdp.on('Network.responseReceivedExtraInfo', (e) => { get(e.requestId).responseExtra = e; });
  cdp.on('Network.loadingFinished', async (e) => {
    const r = get(e.requestId);
    try { const b = await cdp.send('Network.getResponseBody', { requestId: e.requestId }); r.body = b.base64Encoded ? Buffer.from(b.body, 'base64').toString() : b.body; } catch { /* no body */ }
    r.finished = true;
  });
  cdp.on('Network.loadingFailed', (e) => { const r = get(e.requestId); r.failed = e.errorText; r.finished = true; });
  return {
    entries(filter) {
      return order.map((id) => byId.get(id)).filter((r) => r.request && filter(r)).map((r) => {
        const reqHeaders = r.extra || r.request.headers;
        // A CORS-blocked response reaches the page as a network error, but the network layer saw
        // its status (DevTools shows it too): take it from the raw response info.
        const status = r.response ? r.response.status : r.responseExtra ? r.responseExtra.statusCode : 0;
        const respHeaders = r.responseExtra ? r.responseExtra.headers : r.response ? r.response.headers : {};
        return {
          startedDateTime: new Date((r.wallTime || Date.now() / 1000) * 1000).toISOString(),
          time: 1,
          _resourceType: (r.type || 'other').toLowerCase(),
          _initiator: r.initiator ? { type: r.initiator.type, url: r.initiator.url } : undefined,
          request: {
            method: r.request.method, url: r.request.url, httpVersion: 'HTTP/1.1',
            headers: harHeaders(reqHeaders), queryString: [], cookies: [], headersSize: -1, bodySize: -1,
            ...(r.request.postData ? { postData: { mimeType: reqHeaders['Content-Type'] || reqHeaders['content-type'] || '', text: r.request.postData } } : {}),
          },
          response: {
            status, statusText: r.response ? r.response.statusText || '' : '', httpVersion: 'HTTP/1.1',
            headers: harHeaders(respHeaders), cookies: [],
            content: { size: r.body ? r.body.length : 0, mimeType: r.response ? r.response.mimeType : '', ...(r.body ? { text: r.body } : {}) },
            redirectURL: respHeaders.location || respHeaders.Location || '', headersSize: -1, bodySize: -1,
            ...(r.failed ? { _error: r.failed } : {}),
          },
          cache: {}, timings: { send: 0, wait: 1, receive: 0 },
        };
      });
    },
  };
}

function har(entries, browser, note) {
  return { log: { version: '1.2', creator: { name: 'authlens corpus recorder', version: '1', comment: note }, browser, pages: [], entries } };
}

async function recordBrowser(servers) {
  // Realistic host names, resolved to 127.0.0.1 (no network): the page and the APIs are distinct origins.
  const browser = await launchChromium({ args: ['--host-resolver-rules=MAP *.corpus.test 127.0.0.1'] });
  const version = await browser.version();
  const page = await browser.newPage();
  const cdp = await page.createCDPSession();
  await cdp.send('Network.enable');
  // Chromium would hold a Basic/Digest 401 for its login dialog (which never comes headless):
  // cancel the dialog so the page gets the 401, as when a user presses Cancel.
  await cdp.send('Fetch.enable', { handleAuthRequests: true, patterns: [{ urlPattern: '*' }] });
  cdp.on('Fetch.requestPaused', (e) => { cdp.send('Fetch.continueRequest', { requestId: e.requestId }).catch(() => {}); });
  cdp.on('Fetch.authRequired', (e) => { cdp.send('Fetch.continueWithAuth', { requestId: e.requestId, authChallengeResponse: { response: 'CancelAuth' } }).catch(() => {}); });
  const rec = recorder(cdp);
  const groups = {};
  let at = null;
  for (const s of browserScenarios()) {
    if (s.origin !== at) { await page.goto(`${s.origin}/`); at = s.origin; }
    if (s.cookie) await page.evaluate((c) => { document.cookie = c; }, s.cookie);
    for (const step of s.steps) {
      await page.evaluate(async (st) => {
        const ctl = new AbortController();
        const timer = setTimeout(() => ctl.abort(), 5000);
        try { await fetch(st.url, { method: st.method || 'GET', headers: st.headers || {}, body: st.body, credentials: st.credentials || 'same-origin', redirect: 'follow', signal: ctl.signal }); } catch { /* CORS errors are part of the scenario */ }
        clearTimeout(timer);
      }, step);
    }
    if (s.cookie) await page.evaluate((c) => { document.cookie = `${c.split('=')[0]}=; max-age=0`; }, s.cookie);
    await new Promise((r) => setTimeout(r, 30));
    (groups[s.group] ||= []).push(s);
  }
  await new Promise((r) => setTimeout(r, 500));
  for (const [group, list] of Object.entries(groups)) {
    const names = new Set(list.map((s) => s.name));
    const entries = rec.entries((r) => { const m = /[?&]case=([^&]+)/.exec(r.request.url); return m && names.has(decodeURIComponent(m[1])); });
    writeFileSync(join(OUT, `${group}.har`), JSON.stringify(har(entries, { name: 'Chromium', version }, `${group}: recorded from real servers on 127.0.0.1 by tests/corpus/record.mjs`), null, 1) + '\n');
  }
  await closeBrowser(browser);
  return version;
}

function proxyRequest(step) {
  return new Promise((resolve) => {
    const started = new Date();
    const req = http.request({ host: '127.0.0.1', port: PORTS.squid, method: 'GET', path: step.url, headers: step.headers || {} }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({
        startedDateTime: started.toISOString(), time: 1,
        request: { method: 'GET', url: step.url, httpVersion: 'HTTP/1.1', headers: harHeaders({ Host: new URL(step.url).host, ...(step.headers || {}) }), queryString: [], cookies: [], headersSize: -1, bodySize: -1 },
        response: { status: res.statusCode, statusText: res.statusMessage, httpVersion: 'HTTP/1.1', headers: Object.entries(res.headers).flatMap(([n, v]) => (Array.isArray(v) ? v : [v]).map((x) => ({ name: n, value: String(x) }))), cookies: [], content: { size: body.length, mimeType: res.headers['content-type'] || '', text: body.slice(0, 4096) }, redirectURL: '', headersSize: -1, bodySize: -1 },
        cache: {}, timings: { send: 0, wait: 1, receive: 0 },
      }));
    });
    req.on('error', () => resolve(null));
    req.end();
  });
}

async function recordProxy() {
  const entries = [];
  for (const s of proxyScenarios()) for (const step of s.steps) { const e = await proxyRequest(step); if (e) entries.push(e); }
  writeFileSync(join(OUT, 'squid.har'), JSON.stringify(har(entries, { name: 'node http', version: process.version }, 'squid forward proxy on 127.0.0.1; requests sent by Node (Chromium answers 407 itself)'), null, 1) + '\n');
}

const servers = await startAll();
try {
  const chromium = await recordBrowser(servers);
  await recordProxy();
  const v = (cmd, args) => { try { return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim() || ''; } catch (e) { return String(e.stderr || '').trim(); } };
  const provenance = {
    recorded: new Date().toISOString().slice(0, 10),
    chromium,
    node: process.version,
    express: JSON.parse(readFileSync(join(HERE, 'node_modules/express/package.json'), 'utf8')).version,
    nginx: execFileSync('bash', ['-c', 'nginx -v 2>&1'], { encoding: 'utf8' }).trim(),
    apache2: v('/usr/sbin/apache2', ['-v']).split('\n')[0],
    haproxy: v('haproxy', ['-v']).split('\n')[0],
    squid: v('squid', ['-v']).split('\n')[0],
    note: 'Debian packages started on 127.0.0.1 with the configs in tests/corpus/servers.mjs; keys and tokens are fake.',
  };
  writeFileSync(join(OUT, 'provenance.json'), JSON.stringify(provenance, null, 1) + '\n');
  const labels = [...browserScenarios(), ...proxyScenarios()].map((s) => ({ name: s.name, har: `${s.group}.har`, pick: s.pick || null, expect: s.expect, must_not: s.must_not || [], control: !!s.control, source: s.source }));
  writeFileSync(join(OUT, 'labels.json'), JSON.stringify(labels, null, 1) + '\n');
  // Provider-knowledge cases (Node http to stand-ins): appended to labels.json as providers.har.
  await recordProviders();
  console.log(`recorded ${labels.length} labelled cases with ${chromium}`);
} finally {
  if (process.env.CORPUS_LOGS) console.error(servers.logs.join(''));
  await servers.stop();
}
