// Records tests/corpus/captures/providers.har: provider-knowledge cases (issue 11), sent by
// Node's HTTP client (a server-side client, where provider secrets belong) to a stand-in server
// on 127.0.0.1 that answers as each provider documents (status and error body). The request URL
// keeps the provider's host name; Node's `lookup` resolves it to 127.0.0.1 (like
// `curl --resolve`), so the captured request is exactly what was sent. Keys are fake.
// Labels (expected and must-not ids) are written from the providers' documentation, never from
// authlens' output; they replace the providers.har rows of labels.json.
//   node tests/corpus/providers.mjs     (also run by record.mjs)
import { readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import http from 'node:http';

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT = join(HERE, 'captures');
const PORT = 18086;

// Deterministic fake key material.
let seed = 0x11c0ffee;
const next = () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed >>> 8; };
const fill = (alphabet, n) => Array.from({ length: n }, () => alphabet[next() % alphabet.length]).join('');
const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const B64URL = `${B62}-_`;
const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
const crc32 = (s) => { let c = 0xffffffff; for (const b of Buffer.from(s)) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
// GitHub's token format: prefix, 30 base62 characters, CRC32 of those in base62 (6 characters).
const github = (prefix) => { const body = fill(B62, 30); let n = crc32(body); let check = ''; for (let i = 0; i < 6; i++) { check = B62[n % 62] + check; n = Math.floor(n / 62); } return `${prefix}${body}${check}`; };
const KEYS = {
  ghr: github('ghr_'),
  ghu: github('ghu_'),
  glrt: `glrt-${fill(B64URL, 20)}`,
  notion: `ntn_${fill('0123456789', 11)}${fill(B62, 35)}`,
  anthropic: `sk-ant-api03-${fill(B64URL, 93)}AA`,
  cloudflare: `cfk_${fill(B62, 48)}`,
  asia: `ASIA${fill('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`,
  akia: `AKIA${fill('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`,
  squareSandbox: `sandbox-sq0atb-${fill(B64URL, 22)}`,
  testpypi: `pypi-AgENdGVzdC5weXBpLm9yZw${fill(B64URL, 150)}`,
  stripeLive: `sk_live_${fill(B62, 99)}`,
};
const sigv4 = (keyId) => `AWS4-HMAC-SHA256 Credential=${keyId}/20261201/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=${fill('0123456789abcdef', 64)}`;
const basic = (user, pass) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

// What each stand-in answers, from the providers' documentation.
function respond(req, body) {
  const host = (req.headers.host || '').split(':')[0];
  const h = (n) => req.headers[n.toLowerCase()];
  const bearer = (h('authorization') || '').replace(/^Bearer /, '');
  const json = (status, obj) => [status, obj];
  switch (host) {
    case 'api.notion.com': // https://developers.notion.com/reference/versioning
      if (!h('notion-version')) return json(400, { object: 'error', status: 400, code: 'missing_version', message: 'Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.' });
      return bearer === KEYS.notion ? json(200, { object: 'user', type: 'bot' }) : json(401, { object: 'error', status: 401, code: 'unauthorized', message: 'API token is invalid.' });
    case 'api.anthropic.com': // https://docs.anthropic.com/en/api/versioning
      if (!h('anthropic-version')) return json(400, { type: 'error', error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' } });
      return h('x-api-key') === KEYS.anthropic ? json(200, { id: 'msg_01', type: 'message' }) : json(401, { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } });
    case 'api.cloudflare.com': // https://developers.cloudflare.com/fundamentals/api/get-started/keys/
      if (h('x-auth-key') && !h('x-auth-email')) return json(400, { success: false, errors: [{ code: 6003, message: 'Invalid request headers', error_chain: [{ code: 6102, message: 'Invalid format for X-Auth-Email header' }] }] });
      return json(200, { success: true, result: { id: 'u1' } });
    case 'sts.amazonaws.com': { // https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html
      const temporary = (h('authorization') || '').includes('Credential=ASIA');
      if (temporary && !h('x-amz-security-token')) return [403, '<ErrorResponse><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error></ErrorResponse>', 'text/xml'];
      return [200, '<GetCallerIdentityResponse><GetCallerIdentityResult><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>', 'text/xml'];
    }
    case 'api.github.com': // https://docs.github.com/rest/authentication
      return bearer === KEYS.ghu ? json(200, { login: 'octocat' }) : json(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' });
    case 'github.com': // https://docs.github.com/apps/.../refreshing-user-access-tokens
      return body.includes(`refresh_token=${KEYS.ghr}`) ? json(200, { access_token: KEYS.ghu, token_type: 'bearer', expires_in: 28800 }) : json(200, { error: 'bad_refresh_token' });
    case 'gitlab.com': // https://docs.gitlab.com/api/rest/authentication/
      return json(401, { message: '401 Unauthorized' });
    case 'connect.squareup.com':
    case 'connect.squareupsandbox.com': { // https://developer.squareup.com/docs/build-basics/common-api-patterns/errors
      const sandboxKey = bearer.startsWith('sandbox-');
      if (sandboxKey !== (host === 'connect.squareupsandbox.com')) return json(401, { errors: [{ category: 'AUTHENTICATION_ERROR', code: 'UNAUTHORIZED', detail: 'This request could not be authorized.' }] });
      return json(200, { locations: [{ id: 'L1' }] });
    }
    case 'upload.pypi.org': // https://pypi.org/help/#invalid-auth
      return [403, 'Invalid or non-existent authentication information. See https://pypi.org/help/#invalid-auth for more information.', 'text/plain'];
    case 'api.stripe.com': // https://docs.stripe.com/error-codes/resource-missing
      return json(404, { error: { code: 'resource_missing', doc_url: 'https://stripe.com/docs/error-codes/resource-missing', message: "No such customer: 'cus_Q4kLm9ZxR2'; a similar object exists in test mode, but a live mode key was used to make this request.", param: 'id', type: 'invalid_request_error' } });
    default:
      return json(404, { error: 'unknown host' });
  }
}

function scenarios() {
  const out = [];
  const add = (name, host, method, path, headers, expect, opts = {}) => out.push({ name, host, method, path, headers, expect, body: opts.body, must_not: opts.must_not || [], control: !!opts.control, source: `stand-in for ${host} on 127.0.0.1 (documented status and error body), request sent by Node http` });
  const COMPANION = 'credential.companion_missing';
  const NOT_FOR_API = 'credential.not_for_api';
  const ENV = 'credential.wrong_environment';
  const ant = { 'x-api-key': KEYS.anthropic, 'content-type': 'application/json' };
  const msg = JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] });
  add('prov-notion-no-version', 'api.notion.com', 'GET', '/v1/users/me', { Authorization: `Bearer ${KEYS.notion}` }, [COMPANION]);
  add('prov-notion-ok', 'api.notion.com', 'GET', '/v1/users/me', { Authorization: `Bearer ${KEYS.notion}`, 'Notion-Version': '2022-06-28' }, [], { control: true, must_not: [COMPANION] });
  add('prov-anthropic-no-version', 'api.anthropic.com', 'POST', '/v1/messages', ant, [COMPANION], { body: msg });
  add('prov-anthropic-ok', 'api.anthropic.com', 'POST', '/v1/messages', { ...ant, 'anthropic-version': '2023-06-01' }, [], { body: msg, control: true, must_not: [COMPANION] });
  add('prov-cloudflare-no-email', 'api.cloudflare.com', 'GET', '/client/v4/user', { 'X-Auth-Key': KEYS.cloudflare }, [COMPANION]);
  add('prov-cloudflare-ok', 'api.cloudflare.com', 'GET', '/client/v4/user', { 'X-Auth-Key': KEYS.cloudflare, 'X-Auth-Email': 'ops@example.com' }, [], { control: true, must_not: [COMPANION] });
  add('prov-aws-temporary-no-token', 'sts.amazonaws.com', 'GET', '/?Action=GetCallerIdentity&Version=2011-06-15', { Authorization: sigv4(KEYS.asia), 'X-Amz-Date': '20261201T120000Z' }, [COMPANION]);
  add('prov-aws-long-term-ok', 'sts.amazonaws.com', 'GET', '/?Action=GetCallerIdentity&Version=2011-06-15', { Authorization: sigv4(KEYS.akia), 'X-Amz-Date': '20261201T120000Z' }, [], { control: true, must_not: [COMPANION] });
  add('prov-github-refresh-as-bearer', 'api.github.com', 'GET', '/user', { Authorization: `Bearer ${KEYS.ghr}`, 'X-GitHub-Api-Version': '2022-11-28' }, [NOT_FOR_API]);
  add('prov-github-refresh-as-token', 'api.github.com', 'GET', '/user', { Authorization: `token ${KEYS.ghr}` }, [NOT_FOR_API]);
  add('prov-gitlab-runner-token', 'gitlab.com', 'GET', '/api/v4/user', { 'PRIVATE-TOKEN': KEYS.glrt }, [NOT_FOR_API]);
  add('prov-github-user-ok', 'api.github.com', 'GET', '/user', { Authorization: `Bearer ${KEYS.ghu}` }, [], { control: true, must_not: [NOT_FOR_API] });
  add('prov-github-refresh-in-body', 'github.com', 'POST', '/login/oauth/access_token', { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' }, [], { body: `client_id=Iv1.8a61f9b3a7aba766&grant_type=refresh_token&refresh_token=${KEYS.ghr}`, control: true, must_not: [NOT_FOR_API] });
  add('prov-square-sandbox-on-live', 'connect.squareup.com', 'GET', '/v2/locations', { Authorization: `Bearer ${KEYS.squareSandbox}` }, [ENV]);
  add('prov-square-sandbox-ok', 'connect.squareupsandbox.com', 'GET', '/v2/locations', { Authorization: `Bearer ${KEYS.squareSandbox}` }, [], { control: true, must_not: [ENV] });
  add('prov-pypi-test-token-on-pypi', 'upload.pypi.org', 'POST', '/legacy/', { Authorization: basic('__token__', KEYS.testpypi), 'Content-Type': 'multipart/form-data; boundary=x' }, [ENV], { body: '--x--' });
  add('prov-stripe-live-key-test-object', 'api.stripe.com', 'GET', '/v1/customers/cus_Q4kLm9ZxR2', { Authorization: `Bearer ${KEYS.stripeLive}` }, [ENV]);
  return out;
}

function send(s) {
  return new Promise((resolve, reject) => {
    const url = `http://${s.host}:${PORT}${s.path}${s.path.includes('?') ? '&' : '?'}case=${encodeURIComponent(s.name)}`;
    const started = new Date();
    const headers = { Host: `${s.host}:${PORT}`, ...s.headers, ...(s.body ? { 'Content-Length': Buffer.byteLength(s.body) } : {}) };
    const req = http.request(url, { method: s.method, headers, lookup: (_h, _o, cb) => cb(null, [{ address: '127.0.0.1', family: 4 }]) }, (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({
        startedDateTime: started.toISOString(), time: Date.now() - started.getTime(),
        request: { method: s.method, url, httpVersion: 'HTTP/1.1', headers: Object.entries(headers).map(([name, value]) => ({ name, value: String(value) })), queryString: [], cookies: [], headersSize: -1, bodySize: s.body ? Buffer.byteLength(s.body) : 0, ...(s.body ? { postData: { mimeType: s.headers['Content-Type'] || s.headers['content-type'] || '', text: s.body } } : {}) },
        response: { status: res.statusCode, statusText: res.statusMessage, httpVersion: 'HTTP/1.1', headers: Object.entries(res.headers).map(([name, value]) => ({ name, value: String(value) })), cookies: [], content: { size: text.length, mimeType: res.headers['content-type'] || '', text }, redirectURL: '', headersSize: -1, bodySize: text.length },
        cache: {}, timings: { send: 0, wait: 1, receive: 0 },
      }));
    });
    req.on('error', reject);
    if (s.body) req.write(s.body);
    req.end();
  });
}

export async function recordProviders() {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      const [status, payload, type] = respond(req, body);
      res.writeHead(status, { 'Content-Type': type || 'application/json' });
      res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
    });
  });
  await new Promise((r) => server.listen(PORT, '127.0.0.1', r));
  const list = scenarios();
  const entries = [];
  try {
    for (const s of list) entries.push(await send(s));
  } finally {
    server.close();
  }
  const har = { log: { version: '1.2', creator: { name: 'authlens corpus recorder', version: '1', comment: 'providers: Node http to stand-ins on 127.0.0.1 answering as each provider documents (tests/corpus/providers.mjs)' }, browser: { name: 'node http', version: process.version }, pages: [], entries } };
  writeFileSync(join(OUT, 'providers.har'), JSON.stringify(har, null, 1) + '\n');
  const labelsFile = join(OUT, 'labels.json');
  const labels = JSON.parse(readFileSync(labelsFile, 'utf8')).filter((l) => l.har !== 'providers.har');
  for (const s of list) labels.push({ name: s.name, har: 'providers.har', pick: null, expect: s.expect, must_not: s.must_not, control: s.control, source: s.source });
  writeFileSync(labelsFile, JSON.stringify(labels, null, 1) + '\n');
  return list.length;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(`recorded ${await recordProviders()} provider cases`);
}
