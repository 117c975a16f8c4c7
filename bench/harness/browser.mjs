// The Chromium run: the same suites as node, inside a page (served with the paste page's CSP),
// the wasm loaded the way the page loads it. Sets window.__benchResult or window.__benchError.
import init, * as glue from './pkg/authlens.js';
import { freshInstance, makeAdapter } from './authlens.mjs';
import { peers } from './peers.bundle.js';
import { harSuite, headerSuite, jwtSuite, keySuite, perRequestSuite } from './suites.mjs';

const params = new URLSearchParams(location.search);
const quick = params.get('quick') === '1';
const status = document.getElementById('status');

async function main() {
  const raw = await init({ module_or_path: './pkg/authlens_bg.wasm' });
  const authlens = makeAdapter(glue, raw.memory);
  const get = async (f) => (await fetch(`./corpus/${f}`)).json();
  const manifest = await get('manifest.json');
  const corpus = {
    keys: await get('keys.json'), headers: await get('headers.json'), jwts: await get('jwts.json'), exchanges: await get('exchanges.json'),
    hars: await Promise.all(manifest.hars.map(async (h) => {
      const bytes = new Uint8Array(await (await fetch(`./corpus/${h.file}`)).arrayBuffer());
      return { label: h.label, bytes, text: new TextDecoder().decode(bytes) };
    })),
  };
  const memory = () => {
    globalThis.gc?.();
    return { jsHeap: performance.memory?.usedJSHeapSize ?? 0, wasm: raw.memory.buffer.byteLength };
  };
  let instances = 0;
  const fresh = () => freshInstance(() => import(`./pkg/authlens.js?instance=${++instances}`), './pkg/authlens_bg.wasm');
  // The native run's key counts (run.sh copies them here): the stand-in export returns no provider.
  const nativeKeys = await fetch('./native.json').then((r) => (r.ok ? r.json() : null), () => null).then((n) => n?.keysRecognised ?? null);
  const ctx = { authlens, peers, corpus, quick, memory, fresh, nativeKeys };
  const result = {
    env: 'chromium', userAgent: navigator.userAgent, crossOriginIsolated: globalThis.crossOriginIsolated === true,
    gcExposed: typeof globalThis.gc === 'function', preciseMemory: !!performance.memory,
    authlens: { used: authlens.used, missing: authlens.missing, exports: authlens.exports }, suites: {},
  };
  const suites = { headers: headerSuite, jwt: jwtSuite, keys: keySuite, har: harSuite, perRequest: perRequestSuite };
  for (const [name, suite] of Object.entries(suites)) {
    status.textContent = `running ${name}…`;
    result.suites[name] = await suite(ctx);
  }
  return result;
}

main().then((r) => {
  window.__benchResult = r;
  status.textContent = 'done';
}, (e) => {
  window.__benchError = `${e?.stack ?? e}`;
  status.textContent = `failed: ${e}`;
});
