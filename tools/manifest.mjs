// Writes both extension manifests from the one source, extension/manifest.json (the Chrome
// manifest), with Cargo.toml's version stamped in. The Firefox manifest is the Chrome one plus
// the keys only Firefox reads, so the two never drift (tools/build.sh runs this):
//   node tools/manifest.mjs extension/manifest.json 1.2.3 dist/extension/manifest.json dist/extension-firefox/manifest.json
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// What Firefox needs beyond the Chrome manifest:
// - gecko.id: an MV3 add-on must declare its id (addons.mozilla.org and web-ext lint require
//   it; a temporary install would otherwise get a random id per load).
// - data_collection_permissions: addons.mozilla.org requires it of new add-ons; authlens
//   collects nothing ("none"). With it, web-ext lint is clean only from strict_min_version 142.
export const FIREFOX_ONLY = {
  browser_specific_settings: {
    gecko: {
      id: 'authlens@authlens.dev',
      strict_min_version: '142.0',
      data_collection_permissions: { required: ['none'] },
    },
  },
};

/** The Chrome manifest: the source with `version` set. */
export function chromeManifest(source, version) {
  if (source.browser_specific_settings) throw new Error('extension/manifest.json is the Chrome manifest: Firefox-only keys belong in tools/manifest.mjs (FIREFOX_ONLY)');
  return { ...source, version };
}

/** The Firefox manifest: the Chrome manifest plus FIREFOX_ONLY. */
export function firefoxManifest(source, version) {
  return { ...chromeManifest(source, version), ...structuredClone(FIREFOX_ONLY) };
}

const json = (m) => `${JSON.stringify(m, null, 2)}\n`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [src, version, chromeOut, firefoxOut] = process.argv.slice(2);
  if (!src || !version || !chromeOut || !firefoxOut) {
    console.error('usage: node tools/manifest.mjs SOURCE VERSION CHROME_OUT FIREFOX_OUT');
    process.exit(2);
  }
  const source = JSON.parse(readFileSync(src, 'utf8'));
  writeFileSync(chromeOut, json(chromeManifest(source, version)));
  writeFileSync(firefoxOut, json(firefoxManifest(source, version)));
}
