// The token timeline on the paste-check page, from a real capture (oidc-provider on 127.0.0.1,
// recorded by Chromium): a refresh token reused after rotation shows as the stale lane, its
// rejected mark opens that request, and no token reaches the page's HTML. With
// AUTHLENS_SCREENSHOTS=DIR the picture is saved as DIR/timeline.png (docs/img/timeline.png).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveDir } from '../../tools/serve.mjs';
import { DIST, ROOT, requireBuilt, launchChromium, closeBrowser } from './lib.mjs';

const HAR = join(ROOT, 'tests/fixtures/har/oauth-real/refresh-token-reuse.har');
let browser; let site;

before(async () => {
  requireBuilt('www/index.html');
  site = await serveDir(join(DIST, 'www'), 0);
  browser = await launchChromium();
});

after(async () => {
  await closeBrowser(browser);
  if (site) await new Promise((r) => { site.server.closeAllConnections?.(); site.server.close(() => r()); });
});

test('page: the token timeline draws each credential, flags the stale one, and opens a request', async () => {
  const page = await browser.newPage();
  await page.setViewport({ width: 1100, height: 900 });
  await page.goto(site.url, { waitUntil: 'load' });
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
  await (await page.$('#har-file')).uploadFile(HAR);
  await page.waitForSelector('#token-timeline:not([hidden])', { timeout: 20000 });
  const summary = await page.$eval('#token-timeline summary', (e) => e.textContent);
  assert.match(summary, /Token timeline \(\d+ credentials\)/);
  // Closed by default: nothing is drawn until the user opens it.
  assert.equal(await page.$('#token-timeline svg'), null);
  await page.click('#token-timeline summary');
  await page.waitForSelector('#token-timeline svg.timeline .lane', { timeout: 5000 });
  const lanes = await page.$$eval('#token-timeline .lane', (els) => els.length);
  assert.ok(lanes >= 3, `lanes: ${lanes}`);
  const stale = await page.$$eval('#token-timeline .lane-stale .lane-label', (els) => els.map((e) => e.textContent));
  assert.equal(stale.length, 1, 'one stale lane');
  assert.match(stale[0], /refresh token/);
  const entry = await page.$eval('#token-timeline .lane-stale .mark-rejected', (e) => e.dataset.entry);
  await page.click('#token-timeline .lane-stale .mark-rejected');
  // The detail view opens that request (its row may be filtered out of "Auth problems": the
  // refusal is a session finding, not one of the request's own).
  await page.waitForFunction((n) => document.querySelector('#detail')?.textContent.startsWith(`#${n} `), { timeout: 5000 }, entry);
  // Every token and refresh token of the capture stays out of the page.
  const har = JSON.parse(readFileSync(HAR, 'utf8'));
  const html = await page.content();
  for (const e of har.log.entries) {
    const body = e.response.content.text || '';
    if (!body.startsWith('{')) continue;
    const json = JSON.parse(body);
    for (const field of ['access_token', 'refresh_token', 'id_token']) {
      const token = json[field];
      if (!token) continue;
      const secret = token.split('.').pop();
      assert.ok(!html.includes(secret.slice(4, -4)), `${field} stays out of the page`);
    }
  }
  if (process.env.AUTHLENS_SCREENSHOTS) {
    const box = await page.$('#token-timeline');
    await box.screenshot({ path: join(process.env.AUTHLENS_SCREENSHOTS, 'timeline.png') });
  }
  await page.close();
});
