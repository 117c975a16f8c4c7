// `authlens check --format sarif` validates against the official SARIF 2.1.0 JSON schema
// (tests/fixtures/sarif/sarif-schema-2.1.0.json, OASIS errata 01, draft-04; see PROVENANCE.md).
// Ajv with its draft-04 build; the CLI is the native binary `make test-native` built.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function cli() {
  for (const p of [process.env.AUTHLENS_BIN, join(root, 'target/debug/authlens'), join(root, 'target/release/authlens')]) {
    if (p && existsSync(p)) return p;
  }
  execFileSync('cargo', ['build', '--quiet', '--bin', 'authlens'], { cwd: root, stdio: 'inherit' });
  return join(root, 'target/debug/authlens');
}

function validator() {
  const schema = JSON.parse(readFileSync(join(root, 'tests/fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

test('SARIF output of every HAR fixture validates against the SARIF 2.1.0 schema', () => {
  const validate = validator();
  const bin = cli();
  const dir = join(root, 'tests/fixtures/har');
  const files = readdirSync(dir).filter((f) => f.endsWith('.har'));
  assert.ok(files.includes('ci-session.har'));
  let results = 0;
  for (const f of files) {
    const run = spawnSync(bin, ['check', '--format', 'sarif', '--now', '2024-05-01T10:00:00Z', `tests/fixtures/har/${f}`], { cwd: root, encoding: 'utf8' });
    assert.ok(run.status === 0 || run.status === 1, `${f}: exit ${run.status}: ${run.stderr}`);
    const log = JSON.parse(run.stdout);
    const ok = validate(log);
    assert.ok(ok, `${f}: ${JSON.stringify(validate.errors?.slice(0, 5), null, 1)}`);
    results += log.runs[0].results.length;
  }
  assert.ok(results >= 20, `${results} results validated`);
});

test('the schema check is not vacuous: a broken SARIF log is rejected', () => {
  const validate = validator();
  const run = spawnSync(cli(), ['check', '--format', 'sarif', 'tests/fixtures/har/ci-session.har'], { cwd: root, encoding: 'utf8' });
  const log = JSON.parse(run.stdout);
  log.runs[0].results[0].level = 'fatal';
  assert.equal(validate(log), false);
  const log2 = JSON.parse(run.stdout);
  log2.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
  assert.equal(validate(log2), false);
  delete log2.version;
  assert.equal(validate(log2), false);
});
