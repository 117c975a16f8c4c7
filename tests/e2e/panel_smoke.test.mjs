// Issue 2 smoke test: Chromium with the built extension and DevTools open; an inspected page on
// a 127.0.0.1 server fetches /api/me with `Authorization: Bearer undefined` and gets a 401 with
// `WWW-Authenticate: Bearer error="invalid_token"`. The test opens the real authlens panel (no
// mock of chrome.devtools) and asserts the request is listed, flagged, and explained.
import test from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DIST, requireBuilt, launchChromium, closeBrowser, devtoolsPageFor, openPanel, startServer, waitFor } from './lib.mjs';

const APP_HTML = '<!doctype html><meta charset="utf-8"><title>app</title><script src="/app.js"></script>';
// The classic bug: the token variable was not set when the header was built.
const APP_JS = `let token;
fetch('/api/me', { headers: { Authorization: 'Bearer ' + token } })
  .then((r) => { document.title = 'status ' + r.status; });`;

function app(req, res) {
  const path = new URL(req.url, 'http://x').pathname;
  if (path === '/') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(APP_HTML);
  } else if (path === '/app.js') {
    res.writeHead(200, { 'content-type': 'text/javascript' }).end(APP_JS);
  } else if (path === '/api/me') {
    const ok = req.headers.authorization && req.headers.authorization !== 'Bearer undefined';
    res.writeHead(ok ? 200 : 401, {
      'content-type': 'application/json',
      ...(ok ? {} : { 'www-authenticate': 'Bearer error="invalid_token"' }),
    }).end(ok ? '{"id":1}' : '{"error":"invalid_token"}');
  } else {
    res.writeHead(404).end();
  }
}

test('the DevTools panel lists and flags a real 401 caused by `Bearer undefined`', async (t) => {
  requireBuilt('extension/manifest.json');
  const server = await startServer(app);
  const browser = await launchChromium({ extension: join(DIST, 'extension'), devtools: true });
  t.after(async () => {
    await closeBrowser(browser);
    await server.close();
  });
  const page = (await browser.pages())[0] || (await browser.newPage());
  // DevTools records the network only once it is attached: open the panel first, then let the
  // inspected page make its request (the panel receives it through onRequestFinished).
  const panel = await openPanel((await devtoolsPageFor(browser)).page);
  await page.goto(`${server.origin}/`);
  await waitFor(async () => (await page.title()) === 'status 401', { what: 'the inspected page to get its 401' });
  const row = await panel.waitForSelector('#requests .request[data-status="401"]', { timeout: 20000 });
  assert.equal(await row.evaluate((e) => e.dataset.severity), 'error');
  assert.equal(await row.$eval('.method', (e) => e.textContent), 'GET');
  assert.equal(await row.$eval('.path', (e) => e.textContent), '/api/me');
  assert.ok(Number(await row.$eval('.finding-count', (e) => e.textContent)) >= 1);

  await row.click();
  await panel.waitForSelector('#requests .request[data-status="401"][aria-selected="true"]', { timeout: 5000 });
  const finding = await panel.waitForSelector('#detail .finding[data-finding-id="token.placeholder"]', { timeout: 10000 });
  assert.equal(await finding.evaluate((e) => e.dataset.severity), 'error');
  // The challenge the server sent is parsed and shown.
  await panel.waitForSelector('#detail .challenges .challenge[data-scheme="Bearer"]', { timeout: 5000 });
});
