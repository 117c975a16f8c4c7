// Canary secrets in every carrier (Authorization, a custom key header, the query, the path, a
// cookie, form and JSON bodies) of a dropped HAR and of a pasted curl command: no canary's
// middle appears in the rendered page (text or HTML) or in copy-as-curl and the Markdown/JSON
// exports until "reveal" is used (issue 9). And the words of the detail view (issue 10): code
// spans as <code>, a relaying CDN shown as such, a pasted key "given", not "sent".
// Run: `make test-e2e` after `make build`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveDir } from '../../tools/serve.mjs';
import { DIST, requireBuilt, launchChromium, closeBrowser, waitFor, credentialLabel } from './lib.mjs';

const WWW = join(DIST, 'www');
let browser; let site; let tmp;

before(async () => {
  requireBuilt('www/index.html');
  tmp = mkdtempSync(join(tmpdir(), 'authlens-e2e-canary-'));
  site = await serveDir(WWW, 0);
  browser = await launchChromium();
  await browser.defaultBrowserContext().overridePermissions(site.url, ['clipboard-read', 'clipboard-write', 'clipboard-sanitized-write']);
});

after(async () => {
  await closeBrowser(browser);
  if (site) await new Promise((r) => { site.server.closeAllConnections?.(); site.server.close(() => r()); });
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** A random key-like value (mixed case and digits, as real keys are). */
function canary() {
  const bytes = randomBytes(36);
  let s = '';
  for (const b of bytes) s += BASE62[b % 62];
  return `Cn${s.slice(0, 10)}7q${s.slice(10, 20)}Z4${s.slice(20)}`;
}
/** What no redacted form may show: the value minus a prefix and the last 4 characters. */
const middle = (c) => c.slice(6, c.length - 4);

function canaries() {
  return Object.fromEntries(['authorization', 'header', 'query', 'path', 'cookie', 'form', 'json'].map((k) => [k, canary()]));
}

function har(c) {
  const started = Date.now() - 60_000;
  let i = 0;
  const entry = (method, url, headers, postData, status, responseHeaders = [], body = '{}') => ({
    startedDateTime: new Date(started + (i++) * 1000).toISOString(), time: 10,
    request: {
      method, url, httpVersion: 'HTTP/1.1', headers, queryString: [], headersSize: -1, bodySize: postData ? postData.text.length : 0,
      cookies: headers.some((h) => h.name === 'Cookie') ? [{ name: 'session', value: c.cookie }] : [],
      ...(postData ? { postData } : {}),
    },
    response: {
      status, statusText: 'Unauthorized', httpVersion: 'HTTP/1.1', cookies: [], redirectURL: '', headersSize: -1, bodySize: body.length,
      headers: [{ name: 'Content-Type', value: 'application/json' }, ...responseHeaders],
      content: { size: body.length, mimeType: 'application/json', text: body },
    },
    cache: {}, timings: { send: 1, wait: 8, receive: 1 },
  });
  const challenge = [{ name: 'WWW-Authenticate', value: 'Bearer realm="api", error="invalid_token"' }];
  const entries = [
    entry('GET', `https://api.canary.test/v1/accounts/${c.path}/items?api_key=${c.query}`, [
      { name: 'Host', value: 'api.canary.test' },
      { name: 'Authorization', value: `Bearer ${c.authorization}` },
      { name: 'X-Api-Key', value: c.header },
      { name: 'Cookie', value: `session=${c.cookie}` },
    ], null, 401, challenge),
    entry('POST', 'https://auth.canary.test/oauth/token', [{ name: 'Content-Type', value: 'application/x-www-form-urlencoded' }],
      { mimeType: 'application/x-www-form-urlencoded', text: `grant_type=client_credentials&client_id=demo-app&client_secret=${c.form}` },
      401, [], '{"error":"invalid_client"}'),
    entry('POST', 'https://api.canary.test/v1/login', [{ name: 'Content-Type', value: 'application/json' }],
      { mimeType: 'application/json', text: JSON.stringify({ api_key: c.json, user: 'demo' }) },
      401, challenge, '{"error":"unauthorized"}'),
  ];
  return { log: { version: '1.2', creator: { name: 'WebInspector', version: '537.36' }, pages: [], entries } };
}

async function openPage() {
  const page = await browser.newPage();
  await page.goto(site.url, { waitUntil: 'load' });
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
  return page;
}

const clipboard = (page) => page.evaluate(() => navigator.clipboard.readText());

/** Clicks `selector` and returns what it put on the clipboard. */
async function copied(page, selector) {
  await page.evaluate(() => navigator.clipboard.writeText(''));
  await page.click(selector);
  return waitFor(async () => (await clipboard(page)) || null, { what: `the clipboard after ${selector}`, timeout: 5000 });
}

/** Everything the page shows and holds in its DOM, plus what each copy/export button gives. */
async function surfaces(page) {
  const out = { dom: await page.evaluate(() => document.documentElement.outerHTML + '\n' + document.body.innerText) };
  for (const sel of ['#detail button.copy-curl', '#detail button.export-md', '#detail button.export-json']) {
    if (await page.$(sel)) out[sel] = await copied(page, sel);
  }
  return out;
}

function assertNoCanary(c, where, texts) {
  for (const [surface, text] of Object.entries(texts)) {
    for (const [carrier, value] of Object.entries(c)) {
      assert.ok(!text.includes(middle(value)), `${where}: the ${carrier} canary (${credentialLabel(value)}) appears in ${surface}`);
    }
  }
}

test('page: canaries in every carrier of a dropped HAR never appear unredacted until revealed', async () => {
  const c = canaries();
  const file = join(tmp, 'canary.har');
  writeFileSync(file, JSON.stringify(har(c)));
  const page = await openPage();
  await page.setCacheEnabled(false);
  await (await page.$('#har-file')).uploadFile(file);
  await page.waitForFunction(() => document.querySelectorAll('#requests .request').length >= 3, { timeout: 15000 });
  const cdp = await page.createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'deny' }).catch(() => {});
  // The session exports (toolbar) first, then each request's detail view and its exports.
  const session = {};
  for (const sel of ['button.export-md[data-scope="session"]', 'button.export-json[data-scope="session"]']) {
    if (await page.$(sel)) session[sel] = await copied(page, sel);
  }
  assert.ok(Object.keys(session).length === 2, 'both session exports are there');
  assertNoCanary(c, 'session export', session);
  const indexes = await page.$$eval('#requests .request', (els) => els.map((e) => e.dataset.index));
  assert.equal(indexes.length, 3);
  for (const index of indexes) {
    await page.click(`#requests .request[data-index="${index}"]`);
    await page.waitForSelector('#detail .finding, #detail .no-findings', { timeout: 5000 });
    assertNoCanary(c, `request #${index}`, await surfaces(page));
  }
  // Reveal works (so the checks above could fail): the Authorization canary is now shown and
  // copy as curl carries it.
  await page.click(`#requests .request[data-index="${indexes[0]}"]`);
  await page.waitForSelector('#detail button.reveal', { timeout: 5000 });
  await page.click('#detail button.reveal');
  await page.waitForSelector('#detail .credential-revealed', { timeout: 3000 });
  const revealed = await page.evaluate(() => document.body.innerText);
  assert.ok(revealed.includes(c.authorization), 'reveal shows the Authorization canary');
  assert.ok((await copied(page, '#detail button.copy-curl')).includes(c.authorization), 'after reveal, curl carries it');
  await cdp.detach();
  await page.close();
});

test('page: canaries in a pasted curl command never appear unredacted until revealed', async () => {
  const c = canaries();
  const page = await openPage();
  const command = `curl -X POST 'https://api.canary.test/v1/accounts/${c.path}/items?api_key=${c.query}' -H 'Authorization: Bearer ${c.authorization}' -H 'X-Api-Key: ${c.header}' -b 'session=${c.cookie}' --data 'client_secret=${c.form}'`;
  await page.$eval('#paste-input', (el, v) => {
    el.value = v;
    el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste', data: v }));
  }, command);
  await page.click('#analyze');
  await page.waitForSelector('#detail .credential-redacted', { timeout: 8000 });
  const { json, ...pasted } = c;
  assertNoCanary(pasted, 'pasted curl', await surfaces(page));
  // The paste box holds what was pasted; the check is on everything else.
  await page.click('#detail button.reveal');
  await page.waitForSelector('#detail .credential-revealed', { timeout: 3000 });
  assert.ok((await page.$eval('#detail', (e) => e.textContent)).includes(c.authorization), 'reveal shows the key');
  await page.close();
});

test('page: finding texts render code as <code>; a pasted key is given; a relaying CDN is no gateway', async () => {
  const page = await openPage();
  const key = canary();
  await page.$eval('#paste-input', (el, v) => {
    el.value = v;
    el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste', data: v }));
  }, `Bearer  ${key}\u200b`);
  await page.click('#analyze');
  // `scheme.separator` names the scheme as code: "Between `Bearer` and the credential …".
  await page.waitForSelector('#detail .finding[data-finding-id="scheme.separator"]', { timeout: 8000 });
  const words = await page.evaluate(() => ({
    details: Array.from(document.querySelectorAll('#detail .finding-detail, #detail .finding-fix')).map((e) => ({ text: e.textContent, code: e.querySelectorAll('code').length })),
    checklist: document.querySelector('#detail .checklist')?.textContent || '',
    checklistCode: document.querySelectorAll('#detail .checklist code').length,
  }));
  assert.ok(words.details.length > 0);
  for (const d of words.details) assert.ok(!d.text.includes('`'), `no literal backtick in "${d.text}"`);
  assert.ok(words.details.some((d) => d.code > 0), 'some finding text has a <code> element');
  assert.ok(!words.checklist.includes('`'), 'no literal backtick in the checklist');
  assert.ok(words.checklistCode > 0, 'the checklist has <code> elements');

  // A bare key is given, not sent.
  await page.$eval('#paste-input', (el, v) => {
    el.value = v;
    el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste', data: v }));
  }, `${key}\u200b`);
  await page.click('#analyze');
  await page.waitForSelector('#detail .finding[data-finding-id="token.invisible_char"]', { timeout: 8000 });
  await waitFor(async () => !(await page.$('#detail .finding[data-finding-id="scheme.separator"]')), { what: 'the new paste analysed', timeout: 5000 });
  const given = await page.evaluate(() => ({
    sent: document.querySelector('#detail [data-check="credential_sent"]')?.textContent || '',
    sentCode: document.querySelectorAll('#detail [data-check="credential_sent"] code').length,
    checklist: document.querySelector('#detail .checklist')?.textContent || '',
    source: document.querySelector('#detail .credential-source')?.textContent || '',
  }));
  assert.match(given.sent, /^✓ Credential given: A credential was given, read as the value of Authorization\. Given: /);
  assert.equal(given.sentCode, 1, '`Authorization` is code');
  assert.ok(!/sent in/i.test(given.checklist), `the checklist of a paste says nothing was sent: ${given.checklist}`);
  assert.match(given.source, /^Given: pasted/);

  // A 401 relayed by Cloudflare from the API behind it.
  const file = join(tmp, 'relay.har');
  const relay = har(canaries());
  const first = relay.log.entries[0];
  first.response.headers.push({ name: 'Server', value: 'cloudflare' }, { name: 'CF-RAY', value: '8c1f2e3d4a5b6c7d-FRA' });
  first.response.content.text = '{"error":{"message":"Incorrect API key provided","type":"invalid_request_error"}}';
  relay.log.entries = [first];
  writeFileSync(file, JSON.stringify(relay));
  await (await page.$('#har-file')).uploadFile(file);
  await page.waitForSelector('#requests .request', { timeout: 15000 });
  await page.click('#requests .request');
  await page.waitForSelector('#detail section.origin', { timeout: 5000 });
  assert.equal(await page.$eval('#detail section.origin', (e) => e.dataset.origin), 'relay');
  assert.match(await page.$eval('#detail section.origin', (e) => e.textContent), /Relayed by Cloudflare: the response came from the server behind it/);
  assert.equal(await page.$eval('#detail [data-check="gateway"]', (e) => e.dataset.state), 'pass');
  assert.equal(await page.$('#detail .finding[data-finding-id="origin.gateway"]'), null);
  await page.close();
});
