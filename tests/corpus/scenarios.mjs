// The labelled scenarios the recorder captures. `expect`: finding ids that must be found for the
// case's entry (or a session finding naming it); `must_not`: ids that would be wrong there;
// `control`: healthy traffic, where no error or warning may appear. Labels are written from
// what the servers do (their configs are in servers.mjs), never copied from authlens' output.
import { PORTS, VALID_TOKEN, VALID_KEY, VALID_SECRET, ISSUER, jwt } from './servers.mjs';

export const APP = `http://app.corpus.test:${PORTS.app}`;
export const API = `http://api.corpus.test:${PORTS.api}`;
const NGINX = `http://nginx.corpus.test:${PORTS.nginx}`;
const APACHE = `http://apache.corpus.test:${PORTS.apache}`;
const HAPROXY = `http://haproxy.corpus.test:${PORTS.haproxy}`;
const b64 = (s) => Buffer.from(s).toString('base64');
const bearer = (t) => ({ Authorization: `Bearer ${t}` });
const now = () => Math.floor(Date.now() / 1000);
const access = (extra = {}) => jwt({ iss: ISSUER, sub: 'user-1', aud: APP, iat: now() - 60, exp: now() + 3600, ...extra });

function at(base, path, name) {
  const sep = path.includes('?') ? '&' : '?';
  return `${base}${path}${sep}case=${encodeURIComponent(name)}`;
}

export function browserScenarios() {
  const out = [];
  const add = (group, origin, name, steps, expect, opts = {}) => {
    out.push({ group, origin, name, steps: steps.map((s) => ({ ...s, url: at(s.base || origin, s.path, name) })), expect, ...opts, source: opts.source || `${group} on 127.0.0.1, fetch() in Chromium` });
  };
  const app = (name, path, headers, expect, opts = {}) => add('app', APP, name, [{ path, headers, ...(opts.step || {}) }], expect, { source: 'Express app on 127.0.0.1, fetch() in Chromium', ...opts });

  // Express: Bearer API with a challenge.
  app('app-no-credential', '/api/me', {}, ['credential.missing'], { must_not: ['har.sanitized', 'origin.gateway'] });
  app('app-valid-token', '/api/me', bearer(VALID_TOKEN), [], { control: true });
  app('app-public', '/api/ok', {}, [], { control: true });
  app('app-wrong-token', '/api/me', bearer('corpus-wrong-token-0123456789abcdef'), ['challenge.invalid_token'], { must_not: ['credential.missing'] });
  for (const [n, v] of [['undefined', 'undefined'], ['null', 'null'], ['object', '[object Object]'], ['promise', '[object Promise]'], ['template', '${TOKEN}'], ['mustache', '{{token}}']]) {
    app(`app-placeholder-${n}`, '/api/me', { Authorization: `Bearer ${v}` }, ['token.placeholder'], { must_not: ['credential.missing'] });
  }
  app('app-colon', '/api/me', { Authorization: `Bearer: ${VALID_TOKEN}` }, ['scheme.separator']);
  app('app-two-spaces', '/api/me', { Authorization: `Bearer  ${VALID_TOKEN}` }, ['scheme.separator']);
  app('app-lowercase', '/api/me', { Authorization: `bearer ${VALID_TOKEN}` }, ['scheme.case']);
  app('app-doubled', '/api/me', { Authorization: `Bearer Bearer ${VALID_TOKEN}` }, ['scheme.doubled']);
  app('app-token-scheme', '/api/me', { Authorization: `Token ${VALID_TOKEN}` }, ['scheme.mismatch']);
  app('app-no-scheme', '/api/me', { Authorization: VALID_TOKEN }, ['scheme.missing']);
  app('app-glued', '/api/me', { Authorization: `Bearer${VALID_TOKEN}` }, ['scheme.separator']);
  app('app-empty', '/api/me', { Authorization: 'Bearer ' }, ['scheme.empty_credentials']);
  app('app-quoted', '/api/me', { Authorization: `Bearer "${VALID_TOKEN}"` }, ['token.quoted']);
  app('app-single-quoted', '/api/me', { Authorization: `Bearer '${VALID_TOKEN}'` }, ['token.quoted']);
  app('app-url-encoded', '/api/me', { Authorization: `Bearer ${VALID_TOKEN.replace(/-/g, '%2D')}` }, ['token.url_encoded']);
  app('app-nbsp', '/api/me', { Authorization: `Bearer corpus-valid\u00a0token-0123456789abcdef` }, ['token.unicode_space']);
  app('app-inner-space', '/api/me', { Authorization: `Bearer corpus-valid token-0123456789abcdef` }, ['token.bad_charset']);
  app('app-comma-joined', '/api/me', { Authorization: `Bearer ${VALID_TOKEN}, Bearer corpus-other-token-0123456789ab` }, ['credential.conflicting']);
  app('app-typo-authorisation', '/api/me', { Authorisation: `Bearer ${VALID_TOKEN}` }, ['credential.header_typo']);
  app('app-typo-authentication', '/api/me', { Authentication: `Bearer ${VALID_TOKEN}` }, ['credential.header_typo']);
  app('app-typo-underscore', '/api/key', { X_Api_Key: VALID_KEY }, ['credential.header_typo']);
  app('app-nochallenge', '/api/nochallenge', bearer(VALID_TOKEN), ['challenge.missing']);
  app('app-forbidden', '/api/forbidden', bearer(VALID_TOKEN), ['status.forbidden', 'challenge.insufficient_scope'], { must_not: ['credential.missing'] });
  // API keys: header, custom header, query parameter.
  app('app-key-ok', '/api/key', { 'x-api-key': VALID_KEY }, [], { control: true });
  app('app-custom-key-ok', '/api/key', { 'X-Corpus-Api-Key': VALID_KEY }, [], { control: true });
  app('app-key-wrong', '/api/key', { 'x-api-key': 'ck_live_wrongwrongwrongwrongwrong0' }, ['challenge.missing'], { must_not: ['credential.missing'] });
  app('app-key-placeholder', '/api/key', { 'x-api-key': 'undefined' }, ['token.placeholder']);
  app('app-key-quoted', '/api/key', { 'x-api-key': `"${VALID_KEY}"` }, ['token.quoted']);
  app('app-custom-key-placeholder', '/api/key', { 'X-Corpus-Api-Key': 'YOUR_API_KEY' }, ['token.placeholder'], { must_not: ['credential.missing'] });
  app('app-custom-key-nbsp', '/api/key', { 'X-Corpus-Api-Key': `${VALID_KEY}\u00a0` }, ['token.unicode_space']);
  app('app-key-in-query-ok', `/api/key?api_key=${VALID_KEY}`, {}, ['credential.in_url'], { must_not: ['credential.missing'] });
  const q = (n, enc, expect) => app(`app-query-${n}`, `/api/key?api_key=${enc}`, {}, expect, { must_not: ['credential.missing'] });
  q('line-break', 'ck_live_0123456789%0Aabcdefghijklmnop', ['token.line_break', 'credential.in_url']);
  q('trailing-newline', `${VALID_KEY}%0A`, ['token.surrounding_whitespace']);
  q('space', 'ck_live_0123456789%20abcdefghijklmnop', ['token.bad_charset']);
  q('plus-space', `%20${VALID_KEY}`, ['token.surrounding_whitespace']);
  q('zwsp', 'ck_live_0123456789%E2%80%8Babcdefghijklmnop', ['token.invisible_char']);
  q('bom', `%EF%BB%BF${VALID_KEY}`, ['token.invisible_char']);
  q('nbsp', 'ck_live_0123456789%C2%A0abcdefghijklmnop', ['token.unicode_space']);
  q('smart-quotes', `%E2%80%9C${VALID_KEY}%E2%80%9D`, ['token.quoted']);
  q('cyrillic', 'ck_live_0123456789%D0%B0bcdefghijklmnop', ['token.confusable']);
  q('ellipsis', 'ck_live_0123%E2%80%A6mnop', ['token.placeholder']);
  q('undefined', 'undefined', ['token.placeholder']);
  // Cookies and token requests.
  add('app', APP, 'app-cookie-placeholder', [{ path: '/session/me' }], ['token.placeholder'], { cookie: 'session=undefined', must_not: ['credential.missing'] });
  add('app', APP, 'app-cookie-object', [{ path: '/session/me' }], ['token.placeholder'], { cookie: 'auth_token=[object Object]' });
  add('app', APP, 'app-cookie-theme', [{ path: '/session/me' }], [], { cookie: 'theme=undefined', must_not: ['token.placeholder'] });
  add('app', APP, 'app-cookie-login', [{ path: '/session/login', method: 'POST' }, { path: '/session/me' }], [], { control: true, pick: { method: 'GET' } });
  const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
  const tok = (name, body, expect, opts = {}) => add('app', APP, name, [{ path: '/oauth/token', method: 'POST', headers: opts.json ? { 'Content-Type': 'application/json' } : form, body }], expect, { must_not: ['credential.missing'], ...opts });
  tok('app-token-ok', `grant_type=client_credentials&client_id=corpus&client_secret=${VALID_SECRET}`, [], { control: true, must_not: [] });
  tok('app-token-json-ok', JSON.stringify({ grant_type: 'client_credentials', client_id: 'corpus', client_secret: VALID_SECRET }), [], { control: true, json: true, must_not: [] });
  tok('app-token-zwsp', 'grant_type=client_credentials&client_id=corpus&client_secret=cs_0123456789%E2%80%8Babcdefghijklmnop', ['token.invisible_char']);
  tok('app-token-newline', `grant_type=client_credentials&client_id=corpus&client_secret=${VALID_SECRET}%0A`, ['token.surrounding_whitespace']);
  tok('app-token-plus', 'grant_type=client_credentials&client_id=corpus&client_secret=cs_0123456789+abcdefghijklmnop', ['token.bad_charset']);
  tok('app-token-placeholder', 'grant_type=client_credentials&client_id=corpus&client_secret=%24%7BCLIENT_SECRET%7D', ['token.placeholder']);
  tok('app-token-json-nbsp', JSON.stringify({ grant_type: 'client_credentials', client_secret: `${VALID_SECRET}\u00a0` }), ['token.unicode_space'], { json: true });
  tok('app-token-json-cyrillic', JSON.stringify({ grant_type: 'client_credentials', client_secret: 'cs_0123456789\u0430bcdefghijklmnop' }), ['token.confusable'], { json: true });
  tok('app-token-json-password', JSON.stringify({ grant_type: 'password', username: 'bob', password: 'мой пароль' }), [], { json: true, must_not: ['token.confusable', 'token.bad_charset', 'token.non_latin1', 'credential.missing'] });
  // Basic sent to the Bearer API.
  app('app-basic-raw', '/api/me', { Authorization: 'Basic alice:secret' }, ['basic.not_base64']);
  app('app-basic-no-colon', '/api/me', { Authorization: `Basic ${b64('alicesecret')}` }, ['basic.no_colon']);
  app('app-basic-newline', '/api/me', { Authorization: `Basic ${b64('alice:secret\n')}` }, ['basic.whitespace']);
  app('app-basic-empty-password', '/api/me', { Authorization: `Basic ${b64('alice:')}` }, ['basic.empty_part']);
  app('app-basic-placeholder-password', '/api/me', { Authorization: `Basic ${b64('alice:undefined')}` }, ['token.placeholder']);
  // JWTs.
  app('app-jwt-ok', '/api/me', bearer(access()), [], { control: true });
  app('app-jwt-expired', '/api/me', bearer(access({ exp: now() - 600 })), ['jwt.expired']);
  app('app-jwt-expires-soon', '/api/me', bearer(access({ exp: now() + 20 })), ['jwt.expires_soon']);
  app('app-jwt-audience', '/api/me', bearer(access({ aud: 'https://billing.example.net/' })), ['jwt.audience_mismatch']);
  app('app-jwt-audience-opaque', '/api/me', bearer(access({ aud: 'authenticated' })), [], { must_not: ['jwt.audience_mismatch'] });
  app('app-jwt-alg-none', '/api/me', bearer(jwt({ iss: ISSUER, sub: 'user-1', aud: APP, exp: now() + 3600 }, { alg: 'none', typ: 'JWT' }).replace(/\.[^.]*$/, '.')), ['jwt.alg_none']);
  app('app-jwt-id-token', '/api/me', bearer(access({ aud: 'corpus-spa', nonce: 'n-0S6_WzA2Mj', azp: 'corpus-spa' })), ['jwt.id_token']);
  app('app-jwt-truncated', '/api/me', bearer(access().slice(0, 60) + '.x'), ['jwt.malformed']);
  app('app-jwt-future', '/api/me', bearer(access({ nbf: now() + 600 })), ['jwt.not_yet_valid']);
  add('app', APP, 'app-session-issuer', [{ path: '/api/me', headers: bearer(access()) }, { path: '/api/me', headers: bearer(access({ iss: 'https://id.staging.example.com/realms/main' })) }], ['session.credential_changed'], { pick: { nth: 1 } });
  add('app', APP, 'app-session-subject', [{ path: '/api/me', headers: bearer(access()) }, { path: '/api/me', headers: bearer(access({ iss: 'https://id.other.example.com/', sub: 'user-2' })) }], ['session.credential_changed'], { pick: { nth: 1 } });
  add('app', APP, 'app-session-format', [{ path: '/api/me', headers: bearer(VALID_TOKEN) }, { path: '/api/me', headers: { Authorization: `Token ${VALID_TOKEN}` } }], ['session.format_changed'], { pick: { nth: 1 } });
  add('app', APP, 'app-retry-storm', [1, 2, 3].map(() => ({ path: '/api/me', headers: bearer('corpus-wrong-token-0123456789abcdef') })), ['session.retry_storm'], { pick: { nth: 2 } });
  // Cross-origin API: CORS.
  const cors = (name, path, headers, expect, opts) => add('cors', APP, name, [{ base: API, path, headers }], expect, { source: 'Express API on a second origin, fetch() in Chromium', ...opts });
  cors('cors-ok', '/cors/ok', bearer(VALID_TOKEN), [], { control: true });
  cors('cors-ok-preflight', '/cors/ok', bearer(VALID_TOKEN), [], { control: true, pick: { method: 'OPTIONS' } });
  cors('cors-star', '/cors/star', bearer(VALID_TOKEN), ['browser.allow_headers_missing'], { pick: { method: 'OPTIONS' } });
  cors('cors-list', '/cors/list', bearer(VALID_TOKEN), ['browser.allow_headers_missing'], { pick: { method: 'OPTIONS' } });
  cors('cors-preflight-401', '/cors/preflight401', bearer(VALID_TOKEN), ['browser.preflight_rejected'], { pick: { method: 'OPTIONS' }, must_not: ['credential.missing'] });
  cors('cors-hides-401', '/cors/noacao', {}, ['browser.cors_hides_401', 'credential.missing']);
  add('cors', APP, 'cors-redirect-drops-auth', [{ path: '/redir', headers: bearer(VALID_TOKEN) }], ['browser.auth_dropped_on_redirect'], { pick: { nth: -1 }, source: 'Express 302 to a second origin, followed by Chromium' });
  // Servers that answer themselves: nginx, Apache, HAProxy.
  const srv = (group, origin, name, path, headers, expect, opts = {}) => add(group, origin, name, [{ path, headers }], expect, { source: `${group} (Debian) on 127.0.0.1, fetch() in Chromium from its own origin`, ...opts });
  const login = (group, origin, name, path) => add(group, origin, name, [{ path }, { path, headers: { Authorization: `Basic ${b64('alice:secret')}` } }], ['origin.gateway'], { pick: { nth: 0 }, must_not: ['credential.missing', 'har.sanitized'], source: `${group} (Debian): a Basic login, challenge then success` });
  srv('nginx', NGINX, 'nginx-basic-no-credential', '/basic/', {}, ['origin.gateway', 'credential.missing']);
  login('nginx', NGINX, 'nginx-basic-login', '/basic/');
  srv('nginx', NGINX, 'nginx-basic-wrong', '/basic/', { Authorization: `Basic ${b64('alice:wrong')}` }, ['origin.gateway'], { must_not: ['credential.missing'] });
  srv('nginx', NGINX, 'nginx-basic-ok', '/basic/', { Authorization: `Basic ${b64('alice:secret')}` }, [], { control: true });
  srv('nginx', NGINX, 'nginx-basic-raw', '/basic/', { Authorization: 'Basic alice:secret' }, ['basic.not_base64', 'origin.gateway']);
  srv('nginx', NGINX, 'nginx-root', '/', {}, [], { control: true });
  srv('nginx', NGINX, 'nginx-proxy-401', '/proxy/api/me', {}, ['credential.missing'], { must_not: ['origin.gateway'] });
  srv('nginx', NGINX, 'nginx-proxy-ok', '/proxy/api/me', bearer(VALID_TOKEN), [], { control: true });
  srv('nginx', NGINX, 'nginx-cdn-relay-401', '/cdn/api/me', bearer('corpus-wrong-token-0123456789abcdef'), ['challenge.invalid_token'], { must_not: ['origin.gateway', 'credential.missing'] });
  srv('nginx', NGINX, 'nginx-cdn-relay-ok', '/cdn/api/me', bearer(VALID_TOKEN), [], { control: true });
  srv('apache', APACHE, 'apache-basic-no-credential', '/basic/', {}, ['origin.gateway', 'credential.missing']);
  login('apache', APACHE, 'apache-basic-login', '/basic/');
  srv('apache', APACHE, 'apache-basic-ok', '/basic/', { Authorization: `Basic ${b64('alice:secret')}` }, [], { control: true });
  srv('apache', APACHE, 'apache-basic-newline', '/basic/', { Authorization: `Basic ${b64('alice:secret\n')}` }, ['basic.whitespace', 'origin.gateway']);
  srv('apache', APACHE, 'apache-basic-empty-user', '/basic/', { Authorization: `Basic ${b64(':secret')}` }, ['basic.empty_part', 'origin.gateway']);
  srv('apache', APACHE, 'apache-digest-no-credential', '/digest/', {}, ['credential.missing', 'origin.gateway']);
  srv('apache', APACHE, 'apache-public', '/', {}, [], { control: true });
  srv('haproxy', HAPROXY, 'haproxy-no-credential', '/', {}, ['origin.gateway', 'credential.missing']);
  login('haproxy', HAPROXY, 'haproxy-login', '/');
  srv('haproxy', HAPROXY, 'haproxy-ok', '/', { Authorization: `Basic ${b64('alice:secret')}` }, [], { control: true });
  srv('haproxy', HAPROXY, 'haproxy-wrong', '/', { Authorization: `Basic ${b64('alice:wrong')}` }, ['origin.gateway'], { must_not: ['credential.missing'] });
  return out;
}

export function proxyScenarios() {
  const origin = `http://127.0.0.1:${PORTS.app}`;
  const p = (name, path, headers, expect, opts = {}) => ({ group: 'squid', name, steps: [{ url: `${origin}${path}${path.includes('?') ? '&' : '?'}case=${name}`, headers }], expect, source: 'squid 5.7 (Debian) forward proxy with proxy_auth on 127.0.0.1, Node client', ...opts });
  const proxyAuth = { 'Proxy-Authorization': `Basic ${b64('alice:secret')}` };
  return [
    p('squid-no-credential', '/api/ok', {}, ['status.proxy_auth_required', 'credential.missing', 'origin.gateway']),
    p('squid-ok', '/api/ok', proxyAuth, [], { control: true }),
    p('squid-ok-bearer', '/api/me', { ...proxyAuth, ...bearer(VALID_TOKEN) }, [], { control: true }),
    p('squid-proxy-only-origin-401', '/api/me', proxyAuth, ['credential.missing'], { must_not: ['status.proxy_auth_required'] }),
    p('squid-wrong-proxy-credential', '/api/ok', { 'Proxy-Authorization': `Basic ${b64('alice:wrong')}` }, ['status.proxy_auth_required'], { must_not: ['credential.missing'] }),
    p('squid-origin-credential-only', '/api/me', bearer(VALID_TOKEN), ['status.proxy_auth_required', 'credential.missing']),
  ];
}
