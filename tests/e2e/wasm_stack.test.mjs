// The built module's stack (tools/build.sh sets its size: 256 KiB) is enough for the deepest input
// every entry point accepts: JSON nested just under, at and past each parser's depth limit (the
// rules' serde_json reads to 128 levels, the HAR redactor's tree to 256, Chrome's `_initiator`
// chain to 128), whole and streamed in 7-byte chunks. The stack sits below the data, so a stack
// too small traps (`WebAssembly.RuntimeError`) instead of answering: the test fails then.
// AUTHLENS_WASM_PKG points it at another build (how the 64 KiB figure in tools/build.sh was found).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST } from './lib.mjs';

const pkg = process.env.AUTHLENS_WASM_PKG || join(DIST, 'www', 'pkg');

const arrays = (n) => '['.repeat(n) + ']'.repeat(n);
const objects = (n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);

function entry(body, initiator) {
  return {
    startedDateTime: '2026-12-01T10:00:00Z',
    time: 1,
    request: {
      method: 'POST', url: 'https://auth.example.com/oauth/token',
      headers: [{ name: 'authorization', value: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln' }],
      postData: { mimeType: 'application/x-www-form-urlencoded', text: 'grant_type=refresh_token&refresh_token=rt-4f9a0c2e' },
    },
    response: {
      status: 200, statusText: 'OK',
      headers: [{ name: 'content-type', value: 'application/json' }],
      content: { mimeType: 'application/json', text: body },
    },
    _initiator: initiator,
  };
}

function initiatorChain(depth) {
  const root = { type: 'script', stack: { callFrames: [] } };
  let frame = root.stack;
  for (let i = 0; i < depth; i++) {
    frame.parent = { callFrames: [] };
    frame = frame.parent;
  }
  return root;
}

test('the deepest inputs run within the module stack', async () => {
  const glue = await import(pathToFileURL(join(pkg, 'authlens.js')).href);
  await glue.default({ module_or_path: readFileSync(join(pkg, 'authlens_bg.wasm')) });
  // Only a trap fails: each entry point may reject an input, with a message.
  let calls = 0;
  const call = (what, fn) => {
    try {
      fn();
    } catch (e) {
      assert.ok(!(e instanceof WebAssembly.RuntimeError) && !(e instanceof RangeError), `${what}: ${e}`);
    }
    calls++;
  };
  const salt = new Uint8Array(32);
  const encoder = new TextEncoder();
  for (const depth of [127, 128, 129, 255, 256, 257, 5000]) {
    const bodies = [arrays(depth), objects(depth), `{"access_token":${arrays(depth)}}`, `{"access_token":"at-0c1d","expires_in":3600,"deep":${objects(depth)}}`];
    for (const body of bodies) {
      const text = JSON.stringify({ log: { version: '1.2', entries: [entry(body, initiatorChain(Math.min(depth, 400)))] } });
      const bytes = encoder.encode(text);
      const what = `depth ${depth}, body ${body.slice(0, 24)}…`;
      call(`readHar, ${what}`, () => glue.readHar(bytes, undefined));
      call(`HarStream, ${what}`, () => {
        const stream = new glue.HarStream(undefined);
        for (let i = 0; i < bytes.length; i += 7) stream.push(bytes.subarray(i, i + 7));
        stream.finish();
      });
      call(`redactHar, ${what}`, () => glue.redactHar(bytes, salt, undefined));
      call(`analyzePaste(HAR), ${what}`, () => glue.analyzePaste(text, undefined));
      call(`analyzePaste(body), ${what}`, () => glue.analyzePaste(body, undefined));
      call(`Session.push, ${what}`, () => {
        const session = new glue.Session(undefined);
        session.push({
          method: 'POST', url: 'https://auth.example.com/oauth/token', requestHeaders: [],
          requestBodyExcerpt: 'grant_type=refresh_token&refresh_token=rt-4f9a0c2e', status: 200, statusText: 'OK',
          responseHeaders: [{ name: 'content-type', value: 'application/json' }], responseBodyExcerpt: body.slice(0, 4096),
        });
        session.free();
      });
    }
  }
  assert.equal(calls, 7 * 4 * 6);
});
