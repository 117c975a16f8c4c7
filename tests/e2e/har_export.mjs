// Checks of an exported redacted HAR, shared by the page and panel suites: HAR 1.2 validity
// (the har-schema package's JSON schemas, draft-06, with Ajv), the findings `authlens check`
// reports on it (the native CLI `make test-native` built), and that no secret piece survives.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { ROOT } from './lib.mjs';

const require = createRequire(import.meta.url);

/** The native CLI (built by `cargo test`, else built now). */
export function cli() {
  for (const p of [process.env.AUTHLENS_BIN, join(ROOT, 'target/debug/authlens'), join(ROOT, 'target/release/authlens')]) {
    if (p && existsSync(p)) return p;
  }
  execFileSync('cargo', ['build', '--quiet', '--bin', 'authlens'], { cwd: ROOT, stdio: 'inherit' });
  return join(ROOT, 'target/debug/authlens');
}

let validateHar = null;
/** Asserts that `log` (a parsed HAR) is valid HAR 1.2. */
export function assertValidHar(log, what) {
  if (!validateHar) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
    addFormats(ajv);
    const schemas = require('har-schema');
    for (const [name, schema] of Object.entries(schemas)) if (name !== 'har') ajv.addSchema(schema);
    validateHar = ajv.compile(schemas.har);
  }
  assert.equal(log.log && log.log.version, '1.2', `${what}: HAR version 1.2`);
  assert.ok(validateHar(log), `${what} is not valid HAR 1.2: ${JSON.stringify(validateHar.errors?.slice(0, 5).map((e) => ({ ...e, value: JSON.stringify(e.instancePath.split('/').slice(1).reduce((o, k) => o?.[k], log))?.slice(0, 80) })))}`);
}

/** `authlens check --format json FILE` as sorted `entry|id|severity` keys (session findings
 *  with the entries they name). */
export function checkFindings(file, { now = null } = {}) {
  const args = ['check', '--format', 'json', '--fail-on', 'never', ...(now ? ['--now', now] : []), file];
  const run = spawnSync(cli(), args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  assert.equal(run.status, 0, `authlens check ${file}: exit ${run.status}: ${run.stderr}`);
  const report = JSON.parse(run.stdout);
  const keys = [];
  for (const e of report.entries) for (const f of e.findings) keys.push(`${e.index}|${f.id}|${f.severity}`);
  for (const f of report.findings) keys.push(`session|${f.id}|${f.severity}|${(f.entries || []).join(',')}`);
  return { keys: keys.sort(), report };
}

/** Asserts that no 6-character piece (with 4 letters or digits) of any secret's middle is in
 *  `text`; the message names the secret by length only. */
export function assertNoSecretPiece(text, secrets, what) {
  for (const secret of secrets) {
    for (let i = 0; i + 6 <= secret.length; i++) {
      const piece = secret.slice(i, i + 6);
      if ((piece.match(/[A-Za-z0-9]/g) || []).length < 4) continue;
      assert.ok(!text.includes(piece), `${what}: a 6-character piece of a ${secret.length}-character secret survived (offset ${i})`);
    }
  }
}

/** The findings that `authlens check` reports differently on a redacted file (docs/redaction.md):
 *  none for these suites, which use no reference key. */
export const DOCUMENTED_EXCEPTIONS = [];
