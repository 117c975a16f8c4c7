// Issue 2 smoke test: the paste-check page loads the wasm and shows the analysis of a pasted
// header. Real Chromium, the built dist/www served on 127.0.0.1.
import test from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, closeBrowser, servePage } from './lib.mjs';

test('the page flags a pasted `Authorization: Bearer undefined` as token.placeholder', async (t) => {
  const site = await servePage();
  const browser = await launchChromium();
  t.after(async () => {
    await closeBrowser(browser);
    await site.close();
  });
  const page = await browser.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));

  await page.goto(site.url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
  // Set the value as a paste does, then let the page's own input handler (debounced) analyse it.
  await page.$eval('#paste-input', (el, text) => {
    el.value = text;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, 'Authorization: Bearer undefined');

  const finding = await page.waitForSelector('#detail .finding[data-finding-id="token.placeholder"]', { timeout: 15000 });
  assert.equal(await finding.evaluate((e) => e.dataset.severity), 'error');
  assert.equal(await finding.$eval('.finding-id', (e) => e.textContent), 'token.placeholder');
  assert.match(await finding.$eval('.finding-id', (e) => e.getAttribute('href')), /findings\.md#token\.placeholder$/);
  assert.equal(await page.$eval('#input-kind', (e) => e.textContent), 'header lines');
  assert.deepEqual(pageErrors, []);
});
