// The installable packages `make package` builds (tools/package.sh): one version everywhere,
// the Chrome zip's contents load in Chromium and the Firefox package installs in Firefox, and in
// each the panel opens and flags a live `Bearer undefined` 401. Run after `make package`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { DIST, ROOT, startServer } from './lib.mjs';
import { BROWSERS, launchPanelBrowser, unavailable, panelDom } from './browsers.mjs';

const cargoVersion = /^version\s*=\s*"([^"]+)"/m.exec(readFileSync(join(ROOT, 'Cargo.toml'), 'utf8'))[1];
const zipPath = (name) => join(DIST, `authlens-${name === 'firefox' ? 'firefox' : 'chrome'}-${cargoVersion}.zip`);

/** The files of a zip archive (stored or deflated entries, read from the central directory). */
function unzip(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip archive (no end of central directory)');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const files = new Map();
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory entry');
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28); const extraLen = buf.readUInt16LE(p + 30); const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    if (name.endsWith('/')) continue;
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const compressedSize = buf.readUInt32LE(local + 18) || size;
    const raw = buf.subarray(dataAt, dataAt + (method === 0 ? size : compressedSize));
    files.set(name, method === 0 ? Buffer.from(raw) : inflateRawSync(raw));
  }
  return files;
}

const APP = '<!doctype html><meta charset="utf-8"><title>app</title><h1>app</h1>';

test('one version everywhere: Cargo.toml, both packages\' manifests, dist/ and the page', () => {
  for (const name of BROWSERS) assert.ok(existsSync(zipPath(name)), `${zipPath(name)} is missing: run \`make package\``);
  assert.equal(readFileSync(join(DIST, 'VERSION'), 'utf8').trim(), cargoVersion);
  for (const name of BROWSERS) {
    const manifest = JSON.parse(unzip(readFileSync(zipPath(name))).get('manifest.json'));
    assert.equal(manifest.version, cargoVersion, `${name} package manifest version`);
  }
  for (const dir of ['extension', 'extension-firefox']) {
    assert.equal(JSON.parse(readFileSync(join(DIST, dir, 'manifest.json'), 'utf8')).version, cargoVersion, `dist/${dir}`);
  }
  for (const page of ['www/index.html', 'extension/paste.html']) {
    const html = readFileSync(join(DIST, page), 'utf8');
    assert.match(html, new RegExp(`<span id="app-version">${cargoVersion.replaceAll('.', '\\.')}</span>`), `${page} shows the version`);
    assert.ok(!html.includes('__AUTHLENS_VERSION__'), `${page}: placeholder left`);
  }
});

test('the Chrome package is store-ready: manifest.json at the root, every file it names, no Firefox-only key', () => {
  const files = unzip(readFileSync(zipPath('chromium')));
  const manifest = JSON.parse(files.get('manifest.json'));
  assert.equal(manifest.manifest_version, 3);
  assert.equal(manifest.browser_specific_settings, undefined, 'Chrome warns on browser_specific_settings');
  assert.deepEqual(manifest.permissions ?? [], [], 'no permissions');
  for (const f of [manifest.devtools_page, ...Object.values(manifest.icons || {}), 'panel.html', 'panel.js', 'devtools.js', 'pkg/authlens.js', 'pkg/authlens_bg.wasm']) {
    assert.ok(files.has(f), `${f} in the zip`);
  }
  assert.ok(![...files.keys()].some((f) => f.startsWith('manifest.') && f !== 'manifest.json'), 'no second manifest');
  assert.ok(manifest.icons?.['128'], 'the Web Store needs a 128 px icon');
});

for (const name of BROWSERS) {
  const skip = unavailable(name);
  test(`${name}: the ${name === 'firefox' ? 'Firefox package installs' : 'Chrome zip\'s contents load'} and the panel flags a live 401`, { skip: skip || false, timeout: 120000 }, async (t) => {
    const server = await startServer((req, res) => {
      const path = new URL(req.url, 'http://x').pathname;
      if (path === '/') res.writeHead(200, { 'content-type': 'text/html' }).end(APP);
      else if (path === '/api/me') res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer error="invalid_token"' }).end('{}');
      else res.writeHead(404).end();
    });
    let b = null; let dir = null;
    t.after(async () => {
      if (b) await b.close();
      await server.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });
    let extension = zipPath(name);
    if (name === 'chromium') {
      // Chrome loads a zip's contents as "Load unpacked" (the store does the same with it).
      dir = mkdtempSync(join(tmpdir(), 'authlens-chrome-zip-'));
      for (const [file, data] of unzip(readFileSync(extension))) {
        mkdirSync(dirname(join(dir, file)), { recursive: true });
        writeFileSync(join(dir, file), data);
      }
      extension = dir;
    }
    b = await launchPanelBrowser(name, { extension, archive: name === 'firefox', devtools: true });
    const panel = await b.openPanel();
    await b.inspected.goto(`${server.origin}/`);
    await b.inspected.evaluate(async () => { await fetch('/api/me', { headers: { Authorization: 'Bearer undefined' } }); });
    const dom = panelDom(panel);
    const [row] = await dom.rowsFor({ path: '/api/me', status: 401 });
    await dom.select(row);
    await dom.waitForSelector('#detail .finding[data-finding-id="token.placeholder"]', 10000);
  });
}
