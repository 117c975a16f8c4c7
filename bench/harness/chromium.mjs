// Drives the Chromium run: serves the assembled bench page, opens it in headless Chromium
// (puppeteer-core, /usr/bin/chromium), waits for the page's result and writes it as JSON.
//   node bench/harness/chromium.mjs --dir bench/work/www --out FILE [--quick]
// The page is served with the paste page's CSP plus COOP/COEP: cross-origin isolation gives
// performance.now() 5 µs resolution instead of 100 µs, which the per-request p99 needs.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { writeFileSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import puppeteer from 'puppeteer-core';

import { PAGE_CSP } from '../../tools/serve.mjs';

const args = process.argv.slice(2);
const arg = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const quick = args.includes('--quick');
const root = resolve(arg('--dir') ?? 'bench/work/www');
const chromiumPath = arg('--chromium') ?? '/usr/bin/chromium';
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.har': 'application/json' };

const server = createServer(async (req, res) => {
  try {
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(root, path));
    if (!file.startsWith(root) || !(await stat(file)).isFile()) throw new Error('not found');
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-security-policy': PAGE_CSP,
      'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp', 'cache-control': 'no-store',
    });
    res.end(await readFile(file));
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const url = `http://127.0.0.1:${server.address().port}/index.html${quick ? '?quick=1' : ''}`;

const browser = await puppeteer.launch({
  executablePath: chromiumPath,
  headless: true,
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--enable-precise-memory-info', '--js-flags=--expose-gc', '--disable-background-timer-throttling'],
});
let exitCode = 0;
try {
  const page = await browser.newPage();
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(`${e}`));
  await page.goto(url);
  try {
    await page.waitForFunction(() => window.__benchResult || window.__benchError, { timeout: Number(arg('--timeout-s') ?? (quick ? 100 : 1800)) * 1000, polling: 500 });
  } catch (e) {
    const statusText = await page.evaluate(() => document.getElementById('status')?.textContent ?? '(no page)').catch(() => '(page gone)');
    throw new Error(`${e.message}; page status: ${statusText}; console: ${consoleErrors.join(' | ') || 'none'}`);
  }
  const { result, error } = await page.evaluate(() => ({ result: window.__benchResult ?? null, error: window.__benchError ?? null }));
  if (error) throw new Error(`bench page failed: ${error}\n${consoleErrors.join('\n')}`);
  const broken = Object.values(result.suites).flatMap((suite) => suite.rows)
    .filter((row) => row.tool === 'authlens' && row.handled === 0 && row.items > 0)
    .map((row) => `authlens handled none of the ${row.items} inputs of ${row.task}`);
  if (Object.keys(result.authlens.used).length === 0) broken.push('no authlens operation found among the exports');
  if (broken.length) throw new Error(`harness broken: ${broken.join('; ')}`);
  result.chromiumVersion = (await browser.version());
  result.chromiumBinary = spawnSync(chromiumPath, ['--version'], { encoding: 'utf8' }).stdout.trim();
  const out = arg('--out');
  if (out) writeFileSync(out, JSON.stringify(result, null, 2));
  else console.log(JSON.stringify(result, null, 2));
} catch (e) {
  console.error(`bench(chromium): ${e.stack ?? e}`);
  exitCode = 1;
} finally {
  await browser.close();
  server.close();
}
process.exit(exitCode);
