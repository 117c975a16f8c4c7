// The node run: loads the wasm-bindgen web build from its bytes, the peers and the corpora, runs
// every suite and writes one JSON result.
//   node --expose-gc bench/harness/node.mjs --pkg dist/www/pkg --corpus DIR --out FILE [--quick]
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import { freshInstance, makeAdapter } from './authlens.mjs';
import { peers } from './peers.mjs';
import { harSuite, headerSuite, jwtSuite, keySuite, perRequestSuite } from './suites.mjs';

const args = process.argv.slice(2);
const arg = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const quick = args.includes('--quick');
const pkg = resolve(arg('--pkg') ?? 'dist/www/pkg');
const corpusDir = resolve(arg('--corpus') ?? 'bench/work/corpus');
const out = arg('--out');
const only = arg('--only')?.split(',');

const glue = await import(pathToFileURL(join(pkg, 'authlens.js')).href);
const raw = await glue.default({ module_or_path: readFileSync(join(pkg, 'authlens_bg.wasm')) });
const authlens = makeAdapter(glue, raw.memory);

const json = (f) => JSON.parse(readFileSync(join(corpusDir, f), 'utf8'));
const manifest = json('manifest.json');
const corpus = {
  keys: json('keys.json'), headers: json('headers.json'), jwts: json('jwts.json'), exchanges: json('exchanges.json'),
  hars: manifest.hars.map((h) => {
    const bytes = new Uint8Array(readFileSync(join(corpusDir, h.file)));
    return { label: h.label, bytes, text: new TextDecoder().decode(bytes) };
  }),
};
const memory = () => {
  globalThis.gc?.();
  return { jsHeap: process.memoryUsage().heapUsed, wasm: raw.memory.buffer.byteLength };
};

const wasmBytes = readFileSync(join(pkg, 'authlens_bg.wasm'));
let instances = 0;
const fresh = () => freshInstance(() => import(`${pathToFileURL(join(pkg, 'authlens.js')).href}?instance=${++instances}`), wasmBytes);

const nativeFile = arg('--native');
const nativeKeys = nativeFile ? JSON.parse(readFileSync(nativeFile, 'utf8')).keysRecognised : null;
const ctx = { authlens, peers, corpus, quick, memory, fresh, nativeKeys };
const suites = { headers: headerSuite, jwt: jwtSuite, keys: keySuite, har: harSuite, perRequest: perRequestSuite };
const results = { env: 'node', version: process.version, gcExposed: typeof globalThis.gc === 'function', authlens: { used: authlens.used, missing: authlens.missing, exports: authlens.exports }, suites: {} };
for (const [name, suite] of Object.entries(suites)) {
  if (only && !only.includes(name)) continue;
  const t0 = performance.now();
  results.suites[name] = await suite(ctx);
  process.stderr.write(`bench(node): ${name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}
// The harness is broken (not merely slow) when authlens measured nothing, or rejected every input
// of an operation: fail, so --quick in CI catches a binding that no longer works.
const broken = [];
if (Object.keys(authlens.ops).length === 0) broken.push(`no authlens operation found among the exports ${authlens.exports.join(', ')}`);
for (const suite of Object.values(results.suites)) {
  for (const row of suite.rows) if (row.tool === 'authlens' && row.handled === 0 && row.items > 0) broken.push(`authlens handled none of the ${row.items} inputs of ${row.task}`);
}
const text = JSON.stringify(results, null, 2);
if (out) writeFileSync(out, text);
else process.stdout.write(text + '\n');
if (broken.length) {
  process.stderr.write(`bench(node): harness broken:\n  ${broken.join('\n  ')}\n`);
  process.exit(1);
}
