// Live OAuth flows from real software: oidc-provider on 127.0.0.1, driven by real Chromium,
// recorded as HAR and checked with the authlens CLI against the committed labels. The committed
// captures (tests/fixtures/har/oauth-real) are checked natively; this proves they still match what
// the library and the browser really do today.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './lib.mjs';
import { recordAll } from './oauth/record.mjs';

const CLI = join(ROOT, 'target/debug/authlens');
const LABELS = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/har/oauth-real/expected.json'), 'utf8')).scenarios;

function ids(report) {
  const out = new Set();
  const walk = (x) => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      if (typeof x.id === 'string' && typeof x.severity === 'string') out.add(x.id);
      Object.values(x).forEach(walk);
    }
  };
  walk(report);
  return out;
}

test('real oidc-provider flows captured by Chromium give the labelled findings', { timeout: 180000 }, async () => {
  assert.ok(existsSync(CLI), `${CLI} is missing: run \`cargo build\` (make test-native builds it)`);
  const dir = mkdtempSync(join(tmpdir(), 'authlens-oauth-'));
  try {
    const files = await recordAll(dir);
    assert.equal(files.length, Object.keys(LABELS).length);
    for (const file of files) {
      const name = file.split('/').pop().replace(/\.har$/, '');
      let out;
      try {
        out = execFileSync(CLI, ['check', '--json', file], { encoding: 'utf8' });
      } catch (e) {
        out = e.stdout; // exit 1 means an error finding, which several flows must have
      }
      const found = ids(JSON.parse(out));
      for (const id of LABELS[name].expect) assert.ok(found.has(id), `${name}: expected ${id}, got ${[...found]}`);
      for (const id of LABELS[name].must_not) assert.ok(!found.has(id), `${name}: must not report ${id}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
