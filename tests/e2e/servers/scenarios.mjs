// The 401 scenarios the panel suite (and tools/screenshot.mjs) drive: two 127.0.0.1 servers on
// free ports. `app` serves the inspected page and same-origin API routes; `other` is a
// cross-origin API (a different port is a different origin) for the preflight and redirect cases.
//
// Every credential is built per run in code (lib.mjs); nothing key-shaped is a literal here.
import { startServer, fakeAnthropicKey, fakeJwt, fakeOpaqueToken } from '../lib.mjs';

/** The XSS payload the hostile scenario sends through header and body values. If any of it is
 *  parsed as HTML in the panel, the img's onerror sets this global in the panel's window. */
export const XSS_FLAG = '__authlensPwned';
export const XSS_PAYLOAD = `<img src=x onerror="window.${XSS_FLAG}=1">`;

const INSPECTED_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>authlens e2e: inspected app</title></head>
<body><h1>Inspected app</h1><p>The e2e test drives fetches from this page; the authlens panel watches them.</p>
<button id="go" type="button">Send the 401 scenarios</button>
<script src="/app.js"></script></body></html>`;

// Used by tools/screenshot.mjs (a click sends one request) and handy when debugging by hand.
const INSPECTED_SCRIPT = `document.getElementById('go').addEventListener('click', () => {
  fetch('/api/placeholder', { headers: { Authorization: 'Bearer undefined' } });
});`;

function json(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/**
 * Starts both servers and returns { app, other, keys, scenarios, close }.
 * `scenarios` is an ordered list of { name, requests: [{ url, init }], expect } where `url` is
 * absolute and `init` is a fetch init; `expect` describes what the panel must show for the
 * request the scenario is about (its path and status, finding ids, detail selectors).
 */
export async function startScenarioServers() {
  const nowSeconds = Math.floor(Date.now() / 1000);
  const keys = {
    anthropic: fakeAnthropicKey(),
    // Expired 2 h before now (the request time), issued an hour before that.
    expiredJwt: fakeJwt({ sub: 'user-42', iss: 'https://auth.example.test', aud: 'inspected-app', iat: nowSeconds - 3 * 3600, exp: nowSeconds - 2 * 3600 }),
    nbspToken: fakeOpaqueToken(32),
    crossOriginToken: fakeOpaqueToken(40),
    redirectToken: fakeOpaqueToken(36),
    gatewayToken: fakeOpaqueToken(44),
    scopeToken: fakeOpaqueToken(30),
    retryToken: fakeOpaqueToken(34),
    // The token endpoint's answers: the first access token, and the one a refresh replaces it by.
    staleTokenA: fakeOpaqueToken(38),
    staleTokenB: fakeOpaqueToken(38),
    basicUser: 'alice',
  };

  let other;
  const seen = [];
  const app = await startServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    seen.push({ server: 'app', method: req.method, path, authorization: req.headers.authorization });
    switch (path) {
      case '/': res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(INSPECTED_PAGE); return;
      case '/app.js': res.writeHead(200, { 'content-type': 'text/javascript' }).end(INSPECTED_SCRIPT); return;
      case '/api/ok': json(res, 200, { ok: true }); return;
      case '/oauth/token': {
        // A token endpoint: refresh_token=rt-1 gets the first access token, rt-2 its successor.
        const second = String(req.url).includes('rt-2');
        json(res, 200, { access_token: second ? keys.staleTokenB : keys.staleTokenA, token_type: 'Bearer', expires_in: 3600 });
        return;
      }
      case '/api/stale':
        json(res, 401, { error: 'invalid_token' }, { 'www-authenticate': 'Bearer realm="app", error="invalid_token"' });
        return;
      case '/api/placeholder':
      case '/api/nbsp':
      case '/api/retry':
        json(res, 401, { error: 'invalid_token' }, { 'www-authenticate': 'Bearer realm="inspected-app", error="invalid_token"' }); return;
      case '/api/jwt':
        json(res, 401, { error: 'invalid_token', error_description: 'The access token expired' },
          { 'www-authenticate': 'Bearer realm="inspected-app", error="invalid_token", error_description="The access token expired"' }); return;
      case '/api/basic-login':
        // A challenge-response login: Basic challenge first, the page's retry with the password
        // succeeds. The page fetches with credentials: 'omit', so the browser never prompts
        // (Fetch: only an "include" request may ask the user).
        if (req.headers.authorization) json(res, 200, { ok: true });
        else json(res, 401, { error: 'login required' }, { 'www-authenticate': 'Basic realm="intranet"' });
        return;
      case '/api/basic':
        // No `WWW-Authenticate: Basic` here on purpose: Chromium answers that challenge with a
        // login prompt, which in headless mode takes the tab down. The API explains in the body.
        json(res, 401, { error: 'unauthorized', message: 'password required' }); return;
      case '/v1/messages':
        // Mimics Anthropic's API: it wants x-api-key and answers a bad or misplaced key this way.
        json(res, 401, { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } },
          { 'request-id': 'req_011CTestE2eAuthlens' }); return;
      case '/api/gateway':
        // An AWS API Gateway authorizer rejecting the request before the API sees it.
        json(res, 401, { message: 'Unauthorized' }, {
          'x-amzn-ErrorType': 'UnauthorizedException', 'x-amzn-RequestId': '3f6c1a2e-9d7b-4c1e-8a55-0e2b7c9d1f00', 'x-amz-apigw-id': 'Q2xhcFRlc3RfSWQ=',
        }); return;
      case '/api/scope':
        json(res, 403, { error: 'insufficient_scope' },
          { 'www-authenticate': 'Bearer realm="inspected-app", error="insufficient_scope", scope="admin:write"' }); return;
      case '/api/redirect':
        // Same-origin request with Authorization, redirected across origins: the browser drops
        // Authorization on the cross-origin hop (Fetch standard, "HTTP-redirect fetch").
        res.writeHead(302, { location: `${other.origin}/api/after-redirect` }).end(); return;
      case '/api/xss':
        json(res, 401, `{"error":"${XSS_PAYLOAD.replaceAll('"', '\\"')}","hint":"<script>window.${XSS_FLAG}=2</script>"}`, {
          'www-authenticate': `Bearer realm="${XSS_PAYLOAD.replaceAll('"', "'")}", error="invalid_token"`,
          'x-debug': XSS_PAYLOAD,
        }); return;
      case '/api/stream':
        json(res, 401, { error: 'invalid_token' }, { 'www-authenticate': 'Bearer error="invalid_token"' }); return;
      case '/.well-known/appspecific/com.chrome.devtools.json': res.writeHead(404).end(); return;
      case '/favicon.ico': res.writeHead(204).end(); return;
      default: res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });

  other = await startServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    seen.push({ server: 'other', method: req.method, path, authorization: req.headers.authorization });
    const cors = { 'access-control-allow-origin': app.origin, 'access-control-allow-headers': 'authorization, content-type', vary: 'Origin' };
    if (path === '/api/preflight') {
      // The API's auth middleware runs before its CORS handling: the OPTIONS preflight, which
      // never carries credentials, is rejected, so the browser never sends the real request.
      if (req.method === 'OPTIONS') { json(res, 401, { error: 'missing token' }, { ...cors, 'www-authenticate': 'Bearer realm="other-api"' }); return; }
      json(res, 200, { ok: true }, cors); return;
    }
    if (path === '/api/after-redirect') {
      // Firefox preflights the redirected request (the page set Authorization before the
      // hop); a well-behaved API answers the preflight before its auth check.
      if (req.method === 'OPTIONS') { res.writeHead(204, { ...cors, 'access-control-allow-methods': 'GET' }).end(); return; }
      if (req.headers.authorization) { json(res, 200, { ok: true }, cors); return; }
      json(res, 401, { error: 'missing token' }, { ...cors, 'www-authenticate': 'Bearer realm="other-api"' }); return;
    }
    res.writeHead(404, cors).end();
  });

  const A = app.origin;
  const B = other.origin;
  const bearer = (token) => ({ headers: { Authorization: `Bearer ${token}` } });
  const scenarios = [
    {
      name: 'Bearer undefined',
      requests: [{ url: `${A}/api/placeholder`, init: bearer('undefined') }],
      expect: { path: '/api/placeholder', status: 401, findings: ['token.placeholder'], severity: 'error',
        detail: ['.challenges .challenge[data-scheme="Bearer" i]'] },
    },
    {
      name: 'expired JWT',
      requests: [{ url: `${A}/api/jwt`, init: bearer(keys.expiredJwt) }],
      expect: { path: '/api/jwt', status: 401, findings: ['jwt.expired'],
        detail: ['.jwt .jwt-header', '.jwt .jwt-claims .claim[data-claim="exp"]', '.jwt .claim[data-claim="sub"]', '.credential .credential-redacted'],
        claimText: { exp: /expired\s+2\s*h\b.*before the request/i },
        // A well-formed `Bearer <jwt>`: nothing in it is unusual, not even the separator space.
        badges: [] },
      credential: keys.expiredJwt,
    },
    {
      name: 'trailing NBSP',
      // U+00A0 is Latin-1: fetch sends it as the byte 0xA0 (other non-ASCII makes fetch throw).
      requests: [{ url: `${A}/api/nbsp`, init: bearer(`${keys.nbspToken}\u00a0`) }],
      expect: { path: '/api/nbsp', status: 401, findings: ['token.unicode_space'],
        detail: ['.byteview .badge[data-code-point="U+00A0"]'], badgeTitle: { 'U+00A0': /no-break space/i } },
      credential: keys.nbspToken,
    },
    {
      name: 'Anthropic key as Bearer',
      requests: [{ url: `${A}/v1/messages`, init: { method: 'POST', headers: { Authorization: `Bearer ${keys.anthropic}`, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' }, body: JSON.stringify({ model: 'claude-test', max_tokens: 1, messages: [] }) } }],
      // The host is 127.0.0.1, so only the key's shape says "Anthropic": a finding that comes from
      // recognising the key must fire (wrong header / scheme for the provider, or a server secret
      // sent from page script), and the body is Anthropic's own 401 envelope.
      expect: { method: 'POST', path: '/v1/messages', status: 401, findings: ['origin.provider_error'],
        anyOf: [['credential.wrong_header', 'scheme.mismatch', 'credential.secret_in_browser']],
        provider: /anthropic/i, detailText: /Anthropic/, detail: ['.credential .credential-redacted', '.credential .credential-fingerprint', '.credential button.reveal'] },
      credential: keys.anthropic, visiblePrefix: 'sk-ant-api03-'.length,
    },
    {
      name: 'preflight answered 401',
      requests: [{ url: `${B}/api/preflight`, init: bearer(keys.crossOriginToken), expectNetworkError: true }],
      // DevTools records the rejected OPTIONS as its own entry; the GET never got a response.
      expect: { method: 'OPTIONS', path: '/api/preflight', status: 401, findings: ['browser.preflight_rejected'] },
    },
    {
      name: 'cross-origin redirect drops Authorization',
      requests: [{ url: `${A}/api/redirect`, init: bearer(keys.redirectToken) }],
      // A session-level finding: it links the 302 (which carried Authorization) and the 401.
      expect: { path: '/api/after-redirect', status: 401, sessionFindings: ['browser.auth_dropped_on_redirect'], sessionEntries: 2,
        detail: ['.redirect-chain'], redirectChainHas: ['/api/redirect', '/api/after-redirect'] },
    },
    {
      name: 'gateway 401',
      requests: [{ url: `${A}/api/gateway`, init: bearer(keys.gatewayToken) }],
      expect: { path: '/api/gateway', status: 401, findings: ['origin.gateway'], detail: ['.origin'], originText: /gateway/i },
    },
    {
      name: '403 insufficient_scope',
      requests: [{ url: `${A}/api/scope`, init: bearer(keys.scopeToken) }],
      expect: { path: '/api/scope', status: 403, findings: ['challenge.insufficient_scope', 'status.forbidden'],
        detail: ['.challenges .challenge[data-scheme="Bearer" i]'], challengeText: /insufficient_scope/ },
    },
    {
      name: 'Basic with empty password',
      requests: [{ url: `${A}/api/basic`, init: { headers: { Authorization: `Basic ${Buffer.from(`${keys.basicUser}:`).toString('base64')}` } } }],
      expect: { path: '/api/basic', status: 401, findings: ['basic.empty_part'], detail: ['.basic-user'], basicUser: keys.basicUser },
    },
    {
      name: 'stale token after a refresh',
      // The app refreshes but its API client keeps the first token (the token timeline's stale lane).
      requests: [
        { url: `${A}/oauth/token?rt-1`, init: { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=refresh_token&refresh_token=rt-1-demo' }, status: 200 },
        { url: `${A}/api/ok`, init: bearer(keys.staleTokenA), status: 200 },
        { url: `${A}/oauth/token?rt-2`, init: { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=refresh_token&refresh_token=rt-2-demo' }, status: 200 },
        { url: `${A}/api/stale`, init: bearer(keys.staleTokenA) },
      ],
      expect: { path: '/api/stale', status: 401, sessionFindings: ['token.stale_after_refresh'], sessionEntries: 2 },
      credential: keys.staleTokenA,
    },
    {
      name: 'five identical 401 retries',
      requests: Array.from({ length: 5 }, () => ({ url: `${A}/api/retry`, init: bearer(keys.retryToken) })),
      expect: { path: '/api/retry', status: 401, sessionFindings: ['session.retry_storm'], sessionEntries: 5 },
    },
  ];

  return {
    app, other, keys, scenarios, seen,
    xss: { url: `${A}/api/xss`, init: { headers: { Authorization: `Bearer ${XSS_PAYLOAD}`, 'X-Note': XSS_PAYLOAD } } },
    close: async () => { await app.close(); await other.close(); },
  };
}

/** Runs one scenario's requests from the inspected page, in order. Resolves to the statuses
 *  (or 'network-error' when fetch rejects, as it must for a rejected preflight). */
export async function runScenario(page, scenario) {
  return page.evaluate(async (requests) => {
    const out = [];
    for (const { url, init } of requests) {
      try { out.push((await fetch(url, init)).status); } catch { out.push('network-error'); }
    }
    return out;
  }, scenario.requests);
}
