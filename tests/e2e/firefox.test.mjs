// Firefox: `web-ext lint` (Mozilla's add-on linter) on both builds, the Firefox manifest, and the
// paste-check page in Gecko. The panel itself runs in Firefox in panel_firefox.test.mjs,
// panel_capture.test.mjs and package.test.mjs. Run: `make test-e2e` after `make build`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { DIST, ROOT, requireBuilt, servePage } from './lib.mjs';

const WEB_EXT = fileURLToPath(new URL('./node_modules/.bin/web-ext', import.meta.url));
const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';

function lint(dir) {
  return new Promise((ok, fail) => {
    execFile(WEB_EXT, ['lint', '--source-dir', dir, '--output', 'json', '--no-config-discovery'],
      { maxBuffer: 32 * 1024 * 1024, env: { ...process.env, WEB_EXT_TELEMETRY: '0' } }, (error, stdout) => {
        // web-ext exits non-zero when there are errors; the JSON report is on stdout either way.
        try { ok(JSON.parse(stdout)); } catch { fail(error || new Error(`web-ext printed no JSON report: ${stdout.slice(0, 500)}`)); }
      });
  });
}

const describeMessages = (list) => list.map((m) => `${m.code} (${m.file || 'manifest'}): ${m.message}`).join('\n');

for (const build of ['extension-firefox', 'extension']) {
  test(`web-ext lint passes on dist/${build}`, { timeout: 120000 }, async (t) => {
    requireBuilt(`${build}/manifest.json`);
    const report = await lint(join(DIST, build));
    if (report.warnings?.length) t.diagnostic(`warnings:\n${describeMessages(report.warnings)}`);
    // The Chrome build has no gecko id (Chrome warns on Firefox's keys; the build adds them to
    // the Firefox manifest only), which Mozilla's linter requires of an MV3 add-on; the rest of
    // what it checks (code, CSP, files) must be clean in both.
    const allowed = build === 'extension' ? ['ADDON_ID_REQUIRED'] : [];
    const errors = report.errors.filter((e) => !allowed.includes(e.code));
    assert.deepEqual(errors.map((e) => e.code), [], `web-ext lint errors on dist/${build}:\n${describeMessages(errors)}`);
    assert.equal(report.metadata.manifestVersion, 3);
  });
}

test('the Firefox manifest is generated from the Chrome one: the same keys plus Firefox\'s own', () => {
  requireBuilt('extension/manifest.json', 'extension-firefox/manifest.json');
  const read = (p) => JSON.parse(readFileSync(p, 'utf8'));
  const source = read(join(ROOT, 'extension', 'manifest.json'));
  const chrome = read(join(DIST, 'extension', 'manifest.json'));
  const firefox = read(join(DIST, 'extension-firefox', 'manifest.json'));
  const version = readFileSync(join(DIST, 'VERSION'), 'utf8').trim();
  // One source: extension/ holds no second manifest to keep in step by hand.
  assert.deepEqual(readdirSync(join(ROOT, 'extension')).filter((f) => /^manifest.*\.json$/.test(f)), ['manifest.json']);
  assert.deepEqual(chrome, { ...source, version }, 'dist/extension/manifest.json is the source with the version');
  const { browser_specific_settings: gecko, ...rest } = firefox;
  assert.deepEqual(rest, chrome, 'the Firefox manifest has every key of the Chrome one, unchanged');
  assert.deepEqual(Object.keys(gecko), ['gecko']);
  // What web-ext lints (above) and Firefox installs (below) is this generated file.
});

test('the Firefox manifest declares a gecko id and asks for no permissions', () => {
  requireBuilt('extension-firefox/manifest.json');
  const manifest = JSON.parse(readFileSync(join(DIST, 'extension-firefox/manifest.json'), 'utf8'));
  assert.ok(manifest.browser_specific_settings?.gecko?.id, 'browser_specific_settings.gecko.id');
  assert.ok(manifest.devtools_page, 'devtools_page');
  assert.deepEqual(manifest.permissions ?? [], [], 'no permissions');
  assert.deepEqual(manifest.host_permissions ?? [], [], 'no host permissions');
});

test('Firefox installs the Firefox build (smoke)', { timeout: 120000 }, async (t) => {
  if (!existsSync(FIREFOX)) {
    t.skip(`${FIREFOX} is not installed (Debian: apt-get install firefox-esr)`);
    return;
  }
  requireBuilt('extension-firefox/manifest.json');
  const manifest = JSON.parse(readFileSync(join(DIST, 'extension-firefox/manifest.json'), 'utf8'));
  const geckoId = manifest.browser_specific_settings.gecko.id;
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true });
  let site = null;
  try {
    const id = await browser.installExtension(join(DIST, 'extension-firefox'));
    assert.equal(id, geckoId, 'Firefox installed it under its gecko id');
    // The install validates the manifest (the panel suites open the panel itself); here the
    // shared Rust UI runs in Gecko as the paste-check page, analysing a paste.
    if (existsSync(join(DIST, 'www', 'index.html'))) {
      site = await servePage();
      const page = await browser.newPage();
      await page.goto(site.url);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
      await page.$eval('#paste-input', (el) => { el.value = 'Authorization: Bearer undefined'; el.dispatchEvent(new Event('input', { bubbles: true })); });
      await page.click('#analyze');
      await page.waitForSelector('#detail .finding[data-finding-id="token.placeholder"]', { timeout: 15000 });
    }
  } finally {
    await browser.close();
    if (site) await site.close();
  }
});
