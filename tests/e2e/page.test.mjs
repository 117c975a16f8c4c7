// The paste-check page (dist/www) in real Chromium: every input kind, the byte view and cleaned
// value, a HAR through the file input, offline after one visit, privacy (requests and storage)
// and hostile input. Run: `make test-e2e` after `make build`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveDir } from '../../tools/serve.mjs';
import { DIST, requireBuilt, launchChromium, closeBrowser, waitFor, dumpStorage, secretCore, credentialLabel } from './lib.mjs';
import { buildInputs, buildHar } from './fixtures/inputs.mjs';
import { assertValidHar, assertNoSecretPiece, checkFindings } from './har_export.mjs';
import { fakeOpaqueToken } from './lib.mjs';
import { XSS_FLAG, XSS_PAYLOAD } from './servers/scenarios.mjs';

const WWW = join(DIST, 'www');
let browser; let site; let served; let tmp; let inputs;

before(async () => {
  requireBuilt('www/index.html');
  inputs = buildInputs();
  tmp = mkdtempSync(join(tmpdir(), 'authlens-e2e-page-'));
  site = await serveDir(WWW, 0);
  // Every request the server receives, including the service worker's own fetches.
  served = [];
  site.server.on('request', (req) => served.push({ method: req.method, url: req.url }));
  browser = await launchChromium();
});

after(async () => {
  await closeBrowser(browser);
  if (site) await new Promise((r) => { site.server.closeAllConnections?.(); site.server.close(() => r()); });
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function openPage(url = site.url) {
  const page = await browser.newPage();
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
  return page;
}

/** Puts `value` in the paste box as a paste would (input event), then clicks Analyze. */
async function paste(page, value) {
  await page.$eval('#paste-input', (el, v) => {
    el.focus();
    el.value = v;
    el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste', data: v }));
  }, value);
  await page.click('#analyze');
}

const findingIds = (page) => page.$$eval('#detail .finding[data-finding-id]', (els) => els.map((e) => e.dataset.findingId));

/** Waits until the detail view shows every id of `ids` (analysis is debounced). */
async function waitForFindings(page, ids, what) {
  return waitFor(async () => {
    const got = await findingIds(page);
    return ids.every((id) => got.includes(id)) ? got : null;
  }, { what: `${ids.join(', ')} for ${what}`, timeout: 8000 }).catch(async (e) => {
    throw new Error(`${e.message}; the page shows [${(await findingIds(page)).join(', ')}], kind "${await text(page, '#input-kind')}", error "${await text(page, '#error')}"`);
  });
}

const text = (page, selector) => page.$eval(selector, (e) => e.textContent.trim()).catch(() => '');
const utf8Length = (s) => Buffer.byteLength(s, 'utf8');

test('page: the privacy line is visible', async () => {
  const page = await openPage();
  assert.match(await text(page, '#privacy-note'), /leaves this page/i);
  await page.close();
});

test('page: each input kind is detected and analysed', async (t) => {
  const page = await openPage();
  for (const k of inputs.kinds) {
    await t.test(k.name, async () => {
      await paste(page, '');
      await paste(page, k.input);
      await waitFor(async () => k.kind.test(await text(page, '#input-kind')), { what: `#input-kind for ${k.name}`, timeout: 8000 })
        .catch(async (e) => { throw new Error(`${e.message} (shows "${await text(page, '#input-kind')}")`); });
      const ids = k.findings.length ? await waitForFindings(page, k.findings, k.name) : await findingIds(page);
      for (const id of k.findings) assert.ok(ids.includes(id), `${id} for ${k.name}`);
      for (const selector of k.detail || []) {
        await page.waitForSelector(`#detail ${selector}`, { timeout: 5000 }).catch(() => assert.fail(`#detail ${selector} for ${k.name}`));
      }
      if (k.basicUser) assert.match(await text(page, '#detail .basic-user'), new RegExp(k.basicUser));
      if (k.credential) {
        const html = await page.evaluate(() => document.getElementById('detail').outerHTML);
        assert.ok(!html.includes(secretCore(k.credential, k.visiblePrefix ?? 4)),
          `the credential (${credentialLabel(k.credential)}) is shown unredacted in #detail before reveal`);
      }
      if (k.name === 'raw key') {
        const redacted = await text(page, '#detail .credential-redacted');
        assert.ok(redacted.startsWith('sk-ant-api03-') && redacted.includes(k.credential.slice(-4)), 'prefix…last4');
        assert.equal(ids.length, 0, `a well-formed key has no findings, got ${ids.join(', ')}`);
        assert.equal((await page.$$('#detail .byteview .badge')).length, 0, 'a well-formed key has no byte-view badge');
        // The identity card comes first in the credential view, even with nothing wrong.
        const first = await page.$eval('#detail section.credential > h3 + *', (e) => e.className).catch(() => '');
        assert.equal(first, 'credential-card', 'the identity card is first in the credential view');
        assert.match(await text(page, '#detail .credential-card-sentence'),
          /^Anthropic API key: send as `x-api-key: …`, with `anthropic-version`/);
        assert.match(await text(page, '#detail .credential-card-where'), /^pasted: sk-ant-api03-…/);
      }
      if (k.name === 'JWT') {
        assert.match(await text(page, '#detail .jwt .claim[data-claim="exp"]'), /expired\s+2\s*h\b/i, 'expiry relative to now');
      }
    });
  }
  await page.close();
});

for (const which of ['odd', 'quoted']) {
  test(`page: a key with ${which === 'odd' ? 'U+200B, U+FEFF, a Cyrillic а and a trailing NBSP' : 'smart quotes and a trailing \\n'}: badges, findings, cleaned value`, async () => {
    const c = inputs[which];
    const page = await openPage();
    await paste(page, c.input);
    const ids = await waitForFindings(page, c.findings, which);
    for (const group of c.anyOf || []) assert.ok(group.some((id) => ids.includes(id)), `one of ${group.join(' / ')}, got ${ids.join(', ')}`);
    const badges = await page.$$eval('#detail .byteview .badge[data-code-point]', (els) => els.map((e) => ({ cp: e.dataset.codePoint, title: e.getAttribute('title') || '' })));
    for (const cp of c.badges) {
      const badge = badges.find((b) => b.cp === cp);
      assert.ok(badge, `badge ${cp} (got ${badges.map((b) => b.cp).join(', ')})`);
      assert.ok(badge.title.length > 3, `badge ${cp} is titled with the character's name`);
    }
    await page.waitForSelector('#cleaned #cleaned-value', { timeout: 5000 });
    // The cleaned value is a key too: shown redacted (last 4 and length), copied in full.
    const shown = await text(page, '#cleaned-value');
    assert.ok(!shown.includes(secretCore(c.cleaned)), 'the cleaned value is shown redacted');
    assert.ok(shown.includes(c.cleaned.slice(-4)), `shows the cleaned value's last 4 (${shown})`);
    assert.match(shown, new RegExp(`\\b${[...c.cleaned].length}\\b`), 'shows the cleaned length in characters');
    const before = Number((await text(page, '#bytes-before')).replace(/\D+/g, ''));
    const afterBytes = Number((await text(page, '#bytes-after')).replace(/\D+/g, ''));
    assert.equal(before, utf8Length(c.input), 'byte length before cleaning (UTF-8)');
    assert.equal(afterBytes, utf8Length(c.cleaned), 'byte length after cleaning (UTF-8)');
    await browser.defaultBrowserContext().overridePermissions(site.url, ['clipboard-read', 'clipboard-write', 'clipboard-sanitized-write']);
    await page.click('button#copy-cleaned');
    const copied = await waitFor(() => page.evaluate(() => navigator.clipboard.readText()).catch(() => ''), { what: 'the clipboard', timeout: 3000 });
    assert.ok(copied === c.cleaned, `the copied value is the cleaned key (${credentialLabel(copied)} vs ${credentialLabel(c.cleaned)})`);
    for (const ch of c.removed) assert.ok(!copied.includes(ch), `copied value still has U+${ch.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
    await page.close();
  });
}

test('page: a HAR with several 401 causes through the file input', async () => {
  const { har, expect } = buildHar(inputs);
  const file = join(tmp, 'session.har');
  writeFileSync(file, JSON.stringify(har));
  const page = await openPage();
  const picker = await page.$('#har-file');
  assert.ok(picker, '#har-file');
  await picker.uploadFile(file);
  await page.waitForFunction((n) => document.querySelectorAll('#requests .request').length >= n, { timeout: 15000 }, expect.rows);
  for (const [path, ids] of Object.entries(expect.byPath)) {
    const index = await page.$$eval('#requests .request', (els, p) => els.find((e) => e.querySelector('.path')?.textContent.includes(p))?.dataset.index, path);
    assert.ok(index !== undefined, `a row for ${path}`);
    await page.click(`#requests .request[data-index="${index}"]`);
    await page.waitForSelector(`#requests .request[data-index="${index}"][aria-selected="true"]`, { timeout: 3000 });
    await waitForFindings(page, ids, `HAR entry ${path}`);
  }
  for (const [id, n] of Object.entries(expect.session)) {
    const entries = await page.$eval(`#session-findings .finding[data-finding-id="${id}"]`, (e) => e.dataset.entries)
      .catch(() => assert.fail(`${id} in #session-findings`));
    assert.equal(entries.split(',').length, n, `${id} names ${n} entries`);
  }
  const html = await page.content();
  assert.ok(!html.includes(secretCore(inputs.opaque)), 'HAR credentials are redacted in the list and detail');
  await page.close();
});

test('page: a large HAR dropped on the drop zone is read with progress, and the page stays responsive', async () => {
  const { har, expect } = buildHar(inputs);
  // Pad the session with ordinary 200s so the file is several megabytes.
  const filler = har.log.entries[0];
  const padded = Array.from({ length: 3000 }, (_, i) => ({
    ...filler,
    request: { ...filler.request, url: `https://api.example.com/v1/items/${i}`, headers: [{ name: 'Host', value: 'api.example.com' }] },
    response: { ...filler.response, status: 200, statusText: 'OK', headers: [{ name: 'Content-Type', value: 'application/json' }],
      content: { size: 1024, mimeType: 'application/json', text: JSON.stringify({ id: i, pad: 'x'.repeat(1000) }) } },
  }));
  har.log.entries = [...padded, ...har.log.entries];
  const body = JSON.stringify(har);
  const page = await openPage();
  await page.evaluate(() => {
    window.__progressSeen = false;
    const el = document.getElementById('har-progress');
    const note = () => { if (el && !el.hidden) window.__progressSeen = true; };
    new MutationObserver(note).observe(el, { attributes: true });
  });
  await page.evaluate((text) => {
    const file = new File([text], 'colleague.har', { type: 'application/json' });
    const dt = new DataTransfer();
    dt.items.add(file);
    const zone = document.getElementById('dropzone');
    for (const type of ['dragenter', 'dragover', 'drop']) {
      zone.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }
  }, body);
  const t0 = Date.now();
  let maxLatency = 0;
  for (;;) {
    const probe = Date.now();
    const n = await page.evaluate(() => document.querySelectorAll('#requests .request').length);
    maxLatency = Math.max(maxLatency, Date.now() - probe);
    // The default filter lists auth problems only: the 200s are not rows.
    if (n >= expect.rows) break;
    if (Date.now() - t0 > 30000) assert.fail(`the dropped HAR listed ${n} of ${expect.rows} rows after 30 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.ok(maxLatency < 2000, `the page froze for ${maxLatency} ms while reading the HAR`);
  // The file was read by the Web Worker (www/har-worker.js), not on the page's thread.
  assert.ok(await page.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/har-worker.js'))),
    'the HAR was read in the worker');
  assert.ok(await page.evaluate(() => window.__progressSeen), '#har-progress was shown while reading');
  await page.$eval('#session-findings .finding[data-finding-id="session.retry_storm"]', () => true)
    .catch(() => assert.fail('session.retry_storm from the dropped HAR'));
  await page.close();
});

test('page: exports and copy-as-curl put only redacted keys on the clipboard until revealed', async () => {
  const { har } = buildHar(inputs);
  const file = join(tmp, 'export.har');
  writeFileSync(file, JSON.stringify(har));
  const page = await openPage();
  await browser.defaultBrowserContext().overridePermissions(site.url, ['clipboard-read', 'clipboard-write', 'clipboard-sanitized-write']);
  const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
  const signature = inputs.expiredJwt.split('.')[2];
  const needles = [signature.slice(0, 16), inputs.opaque.slice(4, 20)];
  await (await page.$('#har-file')).uploadFile(file);
  await page.waitForFunction(() => document.querySelectorAll('#requests .request').length >= 3, { timeout: 15000 });
  const cdp = await page.createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'deny' }).catch(() => {});
  for (const selector of ['button.export-json', 'button.export-md']) {
    await page.evaluate(() => navigator.clipboard.writeText(''));
    await page.click(selector);
    const report = await waitFor(clipboard, { what: `the ${selector} report on the clipboard`, timeout: 5000 });
    if (selector.endsWith('json')) JSON.parse(report);
    assert.ok(report.includes('session.retry_storm') || report.includes('token.placeholder'), `${selector}: the report has the findings`);
    for (const n of needles) assert.ok(!report.includes(n), `${selector}: the report has a key unredacted`);
  }
  await cdp.detach();
  const index = await page.$$eval('#requests .request', (els) => els.find((e) => e.querySelector('.path')?.textContent.includes('/v1/orders'))?.dataset.index);
  await page.click(`#requests .request[data-index="${index}"]`);
  await page.waitForSelector('#detail button.copy-curl', { timeout: 5000 });
  await page.evaluate(() => navigator.clipboard.writeText(''));
  await page.click('#detail button.copy-curl');
  const redactedCurl = await waitFor(clipboard, { what: 'copy as curl', timeout: 5000 });
  assert.match(redactedCurl, /^curl /);
  assert.ok(redactedCurl.includes('/v1/orders'), 'the command targets the request URL');
  assert.ok(!redactedCurl.includes(signature.slice(0, 16)), 'copy as curl carries a placeholder, not the key');
  await page.click('#detail button.reveal');
  await page.waitForSelector('#detail .credential-revealed', { timeout: 3000 });
  await page.evaluate(() => navigator.clipboard.writeText(''));
  await page.click('#detail button.copy-curl');
  const revealedCurl = await waitFor(clipboard, { what: 'copy as curl after reveal', timeout: 5000 });
  assert.ok(revealedCurl.includes(inputs.expiredJwt), 'after reveal, copy as curl carries the real key');
  await page.close();
});

test('page: "Export redacted HAR" saves the dropped HAR redacted, in the browser, with what was replaced', async () => {
  const { har } = buildHar(inputs);
  // More carriers than the 401 causes use: a cookie, a custom key header, a query key and a
  // JSON token response.
  const cookie = fakeOpaqueToken(40); const header = fakeOpaqueToken(36); const query = fakeOpaqueToken(28); const refresh = fakeOpaqueToken(44);
  const extra = JSON.parse(JSON.stringify(har.log.entries[0]));
  extra.request.url = `https://api.example.com/v1/token?api_key=${query}`;
  extra.request.queryString = [{ name: 'api_key', value: query }];
  extra.request.headers = [{ name: 'Host', value: 'api.example.com' }, { name: 'Cookie', value: `sid=${cookie}; theme=dark` }, { name: 'x-api-key', value: header }];
  extra.response.status = 200; extra.response.statusText = 'OK';
  extra.response.headers = [{ name: 'Content-Type', value: 'application/json' }];
  const body = JSON.stringify({ token_type: 'Bearer', refresh_token: refresh, expires_in: 3600 });
  extra.response.content = { size: body.length, mimeType: 'application/json', text: body };
  har.log.entries.push(extra);
  const original = join(tmp, 'share-original.har');
  writeFileSync(original, JSON.stringify(har, null, 2));
  const page = await openPage();
  await (await page.$('#har-file')).uploadFile(original);
  await page.waitForFunction(() => document.querySelectorAll('#requests .request').length >= 3, { timeout: 15000 });
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const servedBefore = served.length;
  // The real download, into a directory of this test (the page's CSP keeps even its own
  // scripts from fetching a blob: URL, so the file is read where the browser saved it).
  const cdp = await browser.target().createCDPSession();
  const exportTo = async (name) => {
    const dir = join(tmp, name);
    mkdirSync(dir, { recursive: true });
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: dir });
    await page.click('button.export-har');
    const file = join(dir, 'authlens-redacted.har');
    await waitFor(() => existsSync(file) && readdirSync(dir).every((f) => !f.endsWith('.crdownload')), { what: `the download in ${name}`, timeout: 15000 });
    return readFileSync(file, 'utf8');
  };
  const text = await exportTo('export-1');
  await page.waitForSelector('#redaction-report:not([hidden]) a.redacted-har-link', { timeout: 15000 });
  const link = await page.$eval('#redaction-report a.redacted-har-link', (a) => ({ href: a.href, download: a.getAttribute('download') }));
  assert.match(link.href, /^blob:/, 'the file is a Blob made in the page');
  assert.match(link.download, /\.har$/);
  assert.deepEqual(requests.filter((u) => !u.startsWith('blob:')), [], 'exporting made no network request');
  assert.equal(served.length, servedBefore, 'the server saw nothing during the export');
  const redacted = JSON.parse(text);
  assertValidHar(redacted, 'the redacted HAR');
  assert.equal(redacted.log.entries.length, har.log.entries.length, 'the same entries');
  redacted.log.entries.forEach((e, i) => {
    const o = har.log.entries[i];
    assert.equal(e.request.method, o.request.method);
    assert.equal(e.response.status, o.response.status);
    assert.equal(e.startedDateTime, o.startedDateTime);
    assert.equal(e.request.url.split('?')[0], o.request.url.split('?')[0], `entry ${i}: same URL path`);
  });
  const secrets = [inputs.expiredJwt.split('.')[2], inputs.opaque, cookie, header, query, refresh];
  assertNoSecretPiece(text, secrets, 'the redacted HAR');
  // The report: by place and kind, never a value.
  const rows = await page.$$eval('#redaction-report .redaction-row', (els) => els.map((e) => ({ location: e.dataset.location, kind: e.dataset.kind, count: Number(e.querySelector('.count').textContent) })));
  assert.ok(rows.length >= 4, `the report lists places and kinds: ${JSON.stringify(rows)}`);
  assert.ok(rows.some((r) => /cookie/i.test(r.location + r.kind)), 'the cookie is reported');
  assert.ok(rows.some((r) => /x-api-key/i.test(r.location)), 'the x-api-key header is reported');
  const total = rows.reduce((n, r) => n + r.count, 0);
  assert.match(await page.$eval('#redaction-report h2', (h) => h.textContent), new RegExp(`${har.log.entries.length} entries, ${total} secrets replaced`));
  assertNoSecretPiece(await page.$eval('#redaction-report', (e) => e.outerHTML), secrets, 'the report');
  // `authlens check` reads the redacted file as it reads the original.
  const out = join(tmp, 'share-redacted.har');
  writeFileSync(out, text);
  const before = checkFindings(original);
  assert.ok(before.keys.some((k) => k.includes('jwt.expired')) && before.keys.some((k) => k.includes('session.retry_storm')), 'the original has the findings');
  assert.deepEqual(checkFindings(out).keys, before.keys, 'authlens check: the same findings on the redacted HAR');
  // A second export uses a new salt: other fingerprints, same shape.
  const text2 = await exportTo('export-2');
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'default' }).catch(() => {});
  await cdp.detach();
  const fingerprints = (t) => (t.match(/:f\.[0-9a-f]+/g) || []);
  assert.ok(fingerprints(text).length > 0, 'placeholders carry fingerprints');
  assert.notDeepEqual(fingerprints(text2), fingerprints(text), 'each export has its own salt');
  await page.close();
});

test('page: works offline after one visit (service worker), and analyses', async () => {
  const offlineSite = await serveDir(WWW, 0);
  const page = await browser.newPage();
  try {
    await page.goto(offlineSite.url, { waitUntil: 'load' });
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) {
      // Without clients.claim() the first load is not controlled; the next one is.
      await page.reload({ waitUntil: 'load' });
    }
    await waitFor(() => page.evaluate(() => !!navigator.serviceWorker.controller), { what: 'the service worker to control the page' });
    const cdp = await page.createCDPSession();
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    // And really cut it: the server is gone, so only the cache can answer.
    await new Promise((r) => { offlineSite.server.closeAllConnections?.(); offlineSite.server.close(() => r()); });
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
    await paste(page, 'Authorization: Bearer undefined');
    await waitForFindings(page, ['token.placeholder'], 'offline analysis');
    await cdp.detach();
  } finally {
    await page.close();
  }
});

test('page: pasting and analysing makes only same-origin asset requests and stores no key', async () => {
  const page = await browser.newPage();
  // A fresh origin state: nothing from the other tests' visits.
  const seenByPage = [];
  page.on('request', (r) => seenByPage.push({ url: r.url(), method: r.method() }));
  const servedBefore = served.length;
  await page.goto(site.url, { waitUntil: 'load' });
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
  // Needles from the random part of each key (a JWT's header is the same in every HS256 token,
  // and the cached finding reference quotes one, so its signature is what identifies it). The
  // opaque key's needles are runs the odd-character variants keep contiguous.
  const jwtSignature = inputs.expiredJwt.split('.')[2];
  const needles = [
    inputs.anthropic.slice(13, 29), inputs.anthropic.slice(-16), jwtSignature.slice(0, 16), jwtSignature.slice(-16),
    inputs.opaque.slice(0, 8), inputs.opaque.slice(8, 16), inputs.opaque.slice(-12, -1),
  ];
  const assertNotStored = async (after) => {
    const { text: stored, parts } = await dumpStorage(page);
    for (const needle of needles) {
      const at = stored.indexOf(needle);
      assert.ok(at < 0, `after ${after}, a key is in storage or the URL, in ${JSON.stringify(stored.slice(Math.max(0, at - 80), at).replace(/[^\x20-\x7e]/g, '.'))}`);
    }
    const href = new URL(parts.href);
    assert.equal(href.search + href.hash, '', 'input never goes into the URL (query or fragment)');
  };
  for (const k of [...inputs.kinds, inputs.odd, inputs.quoted]) {
    await paste(page, k.input);
    await waitFor(async () => (await text(page, '#input-kind')).length > 0, { what: 'the analysis' });
    await new Promise((r) => setTimeout(r, 300));
    await assertNotStored(`pasting ${k.name || 'an odd-character key'}`);
  }
  await page.$eval('#reference-key', (el, v) => { el.value = v; el.dispatchEvent(new Event('input', { bubbles: true })); el.dispatchEvent(new Event('change', { bubbles: true })); }, inputs.anthropic)
    .catch(() => { /* the reference key field is optional on the page */ });
  await new Promise((r) => setTimeout(r, 600));

  const origin = new URL(site.url).origin;
  for (const r of seenByPage) {
    assert.ok(r.url.startsWith(`${origin}/`) || /^(data|blob):/.test(r.url), `request leaves the page's origin: ${r.method} ${r.url}`);
  }
  const serverSide = served.slice(servedBefore);
  assert.ok(serverSide.length > 0 || seenByPage.length > 0, 'the recorder saw the page load');
  for (const r of [...serverSide.map((s) => ({ method: s.method, url: new URL(s.url, origin).href })), ...seenByPage]) {
    assert.equal(r.method, 'GET', `only asset loads: ${r.method} ${r.url}`);
    const path = decodeURIComponent(new URL(r.url).pathname);
    if (r.url.startsWith(origin)) {
      assert.ok(path === '/' || existsSync(join(WWW, path)), `only packaged assets are requested: ${path}`);
    }
    for (const needle of needles) assert.ok(!r.url.includes(needle), `a key went into a request URL: ${r.url.slice(0, 60)}…`);
  }
  await assertNotStored('setting the reference key');
  await page.close();
});

test('page: hostile input is shown as text and never executes', async () => {
  const page = await openPage();
  const hostile = [
    `Authorization: Bearer ${XSS_PAYLOAD}\nWWW-Authenticate: Bearer realm="${XSS_PAYLOAD.replaceAll('"', "'")}", error="invalid_token"`,
    `HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer realm="<script>window.${XSS_FLAG}=2</script>"\r\nX-Note: ${XSS_PAYLOAD}\r\n\r\n{"error":"${XSS_PAYLOAD.replaceAll('"', '\\"')}"}`,
    `curl -H 'Authorization: Bearer ${XSS_PAYLOAD.replaceAll("'", '"')}' 'https://api.example.com/<svg onload=window.${XSS_FLAG}=3>'`,
    XSS_PAYLOAD,
  ];
  for (const input of hostile) {
    await paste(page, input);
    await waitFor(async () => (await text(page, '#input-kind')).length > 0, { what: 'analysis of hostile input' });
    await new Promise((r) => setTimeout(r, 400));
    const state = await page.evaluate((flag) => ({
      flag: window[flag],
      imgs: [...document.querySelectorAll('img')].filter((i) => i.getAttribute('src') === 'x').length,
      handlers: document.querySelectorAll('[onerror], [onload]').length,
      svgs: document.querySelectorAll('#authlens-root svg[onload]').length,
      scripts: [...document.querySelectorAll('script')].filter((s) => s.textContent.includes(flag)).length,
      shown: document.getElementById('authlens-root').textContent,
    }), XSS_FLAG);
    assert.equal(state.flag, undefined, `executed: ${JSON.stringify(input.slice(0, 40))}`);
    assert.deepEqual([state.imgs, state.handlers, state.svgs, state.scripts], [0, 0, 0, 0], 'no element created from input');
  }
  // Non-vacuous: the hostile values did reach the screen, as text.
  await paste(page, hostile[0]);
  await waitFor(async () => (await page.$eval('#detail', (e) => e.textContent)).includes('onerror'), { what: 'the hostile realm shown as text' });
  await page.close();
});
