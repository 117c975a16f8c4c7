// Makes the README screenshots from the built dist/ (run `make build` first):
//   docs/img/panel.png  the DevTools panel on a real 401 (an expired JWT), in real Chromium
//   docs/img/page.png   the paste-check page with a finding (a key with invisible characters)
//   node tools/screenshot.mjs
// Needs the e2e packages (cd tests/e2e && npm ci). Uses fake keys built per run.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  ROOT, DIST, requireBuilt, launchChromium, closeBrowser, devtoolsPageFor, openPanel, waitFor,
} from '../tests/e2e/lib.mjs';
import { startScenarioServers, runScenario } from '../tests/e2e/servers/scenarios.mjs';
import { buildInputs } from '../tests/e2e/fixtures/inputs.mjs';
import { serveDir } from './serve.mjs';

const OUT = join(ROOT, 'docs', 'img');
const SIZE = { width: 1280, height: 800 };

async function panelShot() {
  const servers = await startScenarioServers();
  const browser = await launchChromium({ extension: join(DIST, 'extension'), devtools: true, args: [`--window-size=${SIZE.width},${SIZE.height}`] });
  try {
    const [inspected] = await browser.pages();
    const { page: devtools } = await devtoolsPageFor(browser);
    const panel = await openPanel(devtools);
    await inspected.goto(`${servers.app.origin}/`);
    for (const name of ['Bearer undefined', 'expired JWT', 'trailing NBSP', 'Anthropic key as Bearer', 'gateway 401', '403 insufficient_scope']) {
      await runScenario(inspected, servers.scenarios.find((s) => s.name === name));
    }
    const index = await waitFor(() => panel.$$eval('#requests .request', (els) =>
      els.find((e) => e.querySelector('.path')?.textContent.includes('/api/jwt'))?.dataset.index), { what: 'the expired-JWT row' });
    await panel.click(`#requests .request[data-index="${index}"]`);
    await panel.waitForSelector('#detail .jwt', { timeout: 5000 });
    // DevTools opens docked to the right of an (unrendered) page area: undock it so the panel
    // fills the picture.
    await devtools.evaluate(async () => {
      const UI = await import('./ui/legacy/legacy.js');
      UI.DockController.DockController.instance().setDockSide('undocked');
    });
    await devtools.setViewport(SIZE);
    await new Promise((r) => setTimeout(r, 300));
    await devtools.screenshot({ path: join(OUT, 'panel.png') });
  } finally {
    await closeBrowser(browser);
    await servers.close();
  }
}

async function pageShot() {
  const site = await serveDir(join(DIST, 'www'), 0);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.setViewport(SIZE);
    await page.goto(site.url, { waitUntil: 'load' });
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
    const { odd } = buildInputs();
    await page.$eval('#paste-input', (el, v) => { el.value = v; el.dispatchEvent(new Event('input', { bubbles: true })); }, odd.input);
    await page.click('#analyze');
    await page.waitForSelector('#detail .finding[data-finding-id="token.invisible_char"]', { timeout: 8000 });
    await new Promise((r) => setTimeout(r, 300));
    await page.screenshot({ path: join(OUT, 'page.png'), fullPage: true });
  } finally {
    await closeBrowser(browser);
    await new Promise((r) => site.server.close(() => r()));
  }
}

requireBuilt('extension/manifest.json', 'www/index.html');
mkdirSync(OUT, { recursive: true });
await panelShot();
await pageShot();
console.log(`wrote ${join(OUT, 'panel.png')} and ${join(OUT, 'page.png')}`);
