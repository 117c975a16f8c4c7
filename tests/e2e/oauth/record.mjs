// Captures real OAuth 2.0 / OpenID Connect flows in headless Chromium against `oidc-provider`
// on 127.0.0.1 and writes one HAR per scenario. The client side of each flow is what a browser app
// does (redirects for the authorization request, fetch() for the token and API calls), including
// the mistakes the token rules look for; the server side answers as the real library does.
//
//   node tests/e2e/oauth/record.mjs OUT_DIR     (make record-oauth writes tests/fixtures/har/oauth-real)
import { mkdirSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { launchChromium, closeBrowser } from '../lib.mjs';
import { recordHar } from './har-recorder.mjs';
import { startOauthWorld } from './servers.mjs';

const b64u = (buf) => Buffer.from(buf).toString('base64url');
const verifier = () => b64u(randomBytes(32));
const s256 = (v) => b64u(createHash('sha256').update(v).digest());

/** Only loopback is ever contacted: the dev login page @imports a web font from elsewhere. */
const LOOPBACK_ONLY = '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1';

async function authorize(page, world, { resource = world.apiResource, challenge, method = 'S256', state, prompt } = {}) {
  const url = new URL(`${world.issuer}/auth`);
  const params = {
    client_id: 'spa-demo',
    response_type: 'code',
    redirect_uri: `${world.app}/cb`,
    scope: 'openid offline_access api:read',
    state: state || b64u(randomBytes(12)),
    ...(challenge ? { code_challenge: challenge, code_challenge_method: method } : {}),
    ...(resource ? { resource } : {}),
    // offline_access (a refresh token) needs consent (OIDC Core §11).
    prompt: prompt || 'consent',
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  await page.goto(url.href, { waitUntil: 'load' });
  if (!page.url().startsWith(`${world.app}/cb`)) {
    await page.type('input[name=login]', 'user-1');
    await page.type('input[name=password]', 'any-password');
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('button[type=submit]')]);
  }
  if (!page.url().startsWith(`${world.app}/cb`)) {
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('button[type=submit]')]);
  }
  const back = new URL(page.url());
  return { code: back.searchParams.get('code'), state: back.searchParams.get('state'), error: back.searchParams.get('error') };
}

/** A fetch() from the app's page, like a SPA's token or API call. */
function appFetch(page, url, { method = 'GET', form = null, headers = {} } = {}) {
  return page.evaluate(async (url, method, form, headers) => {
    const init = { method, headers: { ...headers } };
    if (form) {
      init.body = new URLSearchParams(form).toString();
      init.headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    let res;
    try {
      res = await fetch(url, init);
    } catch {
      return { status: 0, json: null }; // blocked by CORS or the network, as the app sees it
    }
    const text = await res.text();
    let json = null;
    try { json = JSON.parse(text); } catch { /* not JSON */ }
    return { status: res.status, json };
  }, url, method, form, headers);
}

function codeExchange(page, world, code, extra = {}) {
  return appFetch(page, `${world.issuer}/token`, {
    method: 'POST',
    form: { grant_type: 'authorization_code', code, client_id: 'spa-demo', redirect_uri: `${world.app}/cb`, ...extra },
  });
}

function refresh(page, world, refreshToken, extra = {}) {
  return appFetch(page, `${world.issuer}/token`, {
    method: 'POST',
    form: { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: 'spa-demo', ...extra },
  });
}

const callApi = (page, world, token, path = '/v1/me') =>
  appFetch(page, `${world.api}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

async function loggedIn(page, world, opts = {}) {
  const v = verifier();
  const { code } = await authorize(page, world, { challenge: s256(v), ...opts });
  const tokens = await codeExchange(page, world, code, { code_verifier: v, ...(opts.resource === null ? {} : { resource: opts.resource || world.apiResource }) });
  if (tokens.status !== 200) throw new Error(`code exchange failed: ${tokens.status} ${JSON.stringify(tokens.json && tokens.json.error)}`);
  return tokens.json;
}

/** Scenario name → what the app does. Labels live in tests/fixtures/har/oauth-real/expected.json. */
const SCENARIOS = {
  async 'login-refresh-healthy'(page, world) {
    const t1 = await loggedIn(page, world);
    await callApi(page, world, t1.access_token);
    const t2 = (await refresh(page, world, t1.refresh_token, { resource: world.apiResource })).json;
    await callApi(page, world, t2.access_token);
  },
  async 'stale-after-refresh'(page, world) {
    const t1 = await loggedIn(page, world);
    await callApi(page, world, t1.access_token);
    await refresh(page, world, t1.refresh_token, { resource: world.apiResource });
    // The app's API client captured the first token at start-up and keeps sending it.
    await callApi(page, world, t1.access_token);
  },
  async 'refresh-token-reuse'(page, world) {
    const t1 = await loggedIn(page, world);
    await refresh(page, world, t1.refresh_token, { resource: world.apiResource });
    // A second tab refreshes with the same (already rotated) refresh token.
    await refresh(page, world, t1.refresh_token, { resource: world.apiResource });
  },
  async 'pkce-mismatch'(page, world) {
    const { code } = await authorize(page, world, { challenge: s256(verifier()) });
    await codeExchange(page, world, code, { code_verifier: verifier(), resource: world.apiResource });
  },
  async 'pkce-missing'(page, world) {
    const { code } = await authorize(page, world, { challenge: s256(verifier()) });
    await codeExchange(page, world, code, { resource: world.apiResource });
  },
  async 'redirect-uri-mismatch'(page, world) {
    const v = verifier();
    const { code } = await authorize(page, world, { challenge: s256(v) });
    await codeExchange(page, world, code, { code_verifier: v, redirect_uri: `${world.app}/cb/`, resource: world.apiResource });
  },
  async 'wrong-audience'(page, world) {
    // The app forgot `resource`: the provider's default resource is another API.
    const t = await loggedIn(page, world, { resource: null });
    await callApi(page, world, t.access_token);
  },
  async 'refresh-loop'(page, world) {
    let t = await loggedIn(page, world, { resource: null });
    for (let i = 0; i < 4; i++) {
      const r = await callApi(page, world, t.access_token);
      if (r.status !== 401) break;
      t = (await refresh(page, world, t.refresh_token)).json;
      if (!t || !t.access_token) break;
    }
  },
  async 'login-required'(page, world) {
    await authorize(page, world, { challenge: s256(verifier()), prompt: 'none' });
  },
  async 'invalid-client'(page, world) {
    await appFetch(page, `${world.issuer}/token`, {
      method: 'POST',
      form: { grant_type: 'client_credentials', scope: 'api:read' },
      headers: { authorization: `Basic ${Buffer.from('svc-demo:not-the-secret').toString('base64')}` },
    });
  },
  async 'unsupported-grant-type'(page, world) {
    await appFetch(page, `${world.issuer}/token`, {
      method: 'POST',
      form: { grant_type: 'password', username: 'user-1', password: 'any-password', client_id: 'spa-demo' },
    });
  },
  async 'invalid-scope'(page, world, secrets) {
    await appFetch(page, `${world.issuer}/token`, {
      method: 'POST',
      form: { grant_type: 'client_credentials', scope: 'admin:all', resource: world.apiResource },
      headers: { authorization: `Basic ${Buffer.from(`svc-demo:${secrets.clientSecret}`).toString('base64')}` },
    });
  },
  async 'discovery-broken'(page, world, secrets) {
    const first = await appFetch(page, `${world.api}/mcp-tenant`, { method: 'POST' });
    if (first.status !== 401) throw new Error('the MCP endpoint should answer 401');
    const meta = await appFetch(page, `${world.api}/.well-known/oauth-protected-resource/mcp-tenant`);
    // The metadata names an issuer with a path; RFC 8414 §3 puts the well-known part after the
    // host, and this provider serves no tenant: 404.
    const as = meta.json.authorization_servers[0];
    const u = new URL(as);
    await appFetch(page, `${u.origin}/.well-known/oauth-authorization-server${u.pathname}`);
    // The client then asks for a token without `resource` and gets one for another audience.
    await appFetch(page, `${world.issuer}/token`, {
      method: 'POST',
      form: { grant_type: 'client_credentials', scope: 'api:read' },
      headers: { authorization: `Basic ${Buffer.from(`svc-demo:${secrets.clientSecret}`).toString('base64')}` },
    });
  },
  async 'discovery-chain'(page, world) {
    const first = await appFetch(page, `${world.api}/mcp`, { method: 'POST' });
    if (first.status !== 401) throw new Error('the MCP endpoint should answer 401');
    await appFetch(page, `${world.api}/.well-known/oauth-protected-resource/mcp`);
    // RFC 8414 metadata: oidc-provider serves only openid-configuration, so this is a 404.
    await appFetch(page, `${world.issuer}/.well-known/oauth-authorization-server`);
    await appFetch(page, `${world.issuer}/.well-known/openid-configuration`);
  },
};

export const SCENARIO_NAMES = Object.keys(SCENARIOS);

/** Records every scenario (or `only`) into `outDir`; returns the written file paths. */
export async function recordAll(outDir, { only = SCENARIO_NAMES } = {}) {
  mkdirSync(outDir, { recursive: true });
  const secrets = { clientSecret: `svc-${b64u(randomBytes(24))}` };
  const world = await startOauthWorld(secrets);
  const browser = await launchChromium({ args: [LOOPBACK_ONLY] });
  const written = [];
  try {
    for (const name of only) {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      await page.goto(`${world.app}/`, { waitUntil: 'load' });
      const recorder = await recordHar(page);
      try {
        await SCENARIOS[name](page, world, secrets);
      } finally {
        const har = await recorder.stop();
        // The app's own start page is not part of the flow.
        // and nothing that was never sent (the dev login page's web font: its host does not resolve).
        har.log.entries = har.log.entries.filter((e) => e.request.url !== `${world.app}/`
          && new URL(e.request.url).hostname === '127.0.0.1');
        const file = join(outDir, `${name}.har`);
        writeFileSync(file, `${JSON.stringify(har, null, 1)}\n`);
        written.push(file);
        await context.close();
      }
    }
  } finally {
    await closeBrowser(browser);
    await world.close();
  }
  return written;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = process.argv[2];
  if (!out) {
    console.error('usage: node tests/e2e/oauth/record.mjs OUT_DIR');
    process.exit(2);
  }
  const files = await recordAll(out);
  console.log(`recorded ${files.length} flows into ${out}`);
}
