// Starts the corpus servers on 127.0.0.1: Debian's nginx, apache2 and haproxy with configs written
// to a temporary directory, squid as a forward proxy, and an Express app (the page's origin and a
// second, cross-origin API). Every server is stopped by `stop()`.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, chmodSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';

export const PORTS = { app: 18080, nginx: 18081, apache: 18082, haproxy: 18083, squid: 18084, api: 18085 };
export const VALID_TOKEN = 'corpus-valid-token-0123456789abcdef';
export const VALID_KEY = 'ck_live_0123456789abcdefghijklmnop';
export const VALID_SECRET = 'cs_0123456789abcdefghijklmnopqrstuv';
export const ISSUER = 'http://app.corpus.test:18080/';

function b64url(s) { return Buffer.from(s).toString('base64url'); }
/** A JWT with a fake signature: the corpus servers check claims, not signatures. */
export function jwt(claims, header = { alg: 'RS256', typ: 'at+jwt', kid: 'corpus' }) {
  return `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}.${b64url('fake-signature-for-the-corpus-0123456789')}`;
}
function claimsOf(token) {
  try { return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()); } catch { return null; }
}

function appRoutes(app, { crossOrigin }) {
  app.use(express.urlencoded({ extended: false }));
  app.use(express.json());
  if (crossOrigin) {
    // CORS per path: what the preflight answers decides what the browser does.
    app.use((req, res, next) => {
      const origin = `http://app.corpus.test:${PORTS.app}`;
      if (!req.path.startsWith('/cors/noacao')) res.set('Access-Control-Allow-Origin', origin);
      if (req.method === 'OPTIONS') {
        if (req.path.startsWith('/cors/preflight401')) return res.status(401).set('WWW-Authenticate', 'Bearer realm="corpus"').json({ error: 'unauthorized' });
        const allow = req.path.startsWith('/cors/star') ? '*' : req.path.startsWith('/cors/list') ? 'content-type' : 'authorization, content-type, x-api-key';
        res.set('Access-Control-Allow-Headers', allow).set('Access-Control-Allow-Methods', 'GET, POST');
        return res.status(204).end();
      }
      next();
    });
  }
  const bearer = (req) => {
    const h = req.get('authorization') || '';
    return h.startsWith('Bearer ') ? h.slice(7) : null;
  };
  const requireToken = (req, res, next) => {
    const t = bearer(req);
    if (t === VALID_TOKEN) return next();
    const c = t && claimsOf(t);
    const now = Date.now() / 1000;
    // Like a correct resource server: unsigned tokens and tokens from the future are refused.
    const alg = t && (() => { try { return JSON.parse(Buffer.from(t.split('.')[0], 'base64url').toString()).alg; } catch { return null; } })();
    if (c && alg !== 'none' && !(c.nbf > now) && c.iss === ISSUER && c.exp > now && (c.aud === `http://app.corpus.test:${PORTS.app}` || c.aud === `http://api.corpus.test:${PORTS.api}`)) return next();
    res.status(401).set('WWW-Authenticate', t ? 'Bearer realm="corpus", error="invalid_token"' : 'Bearer realm="corpus"').json({ error: t ? 'invalid_token' : 'unauthorized' });
  };
  app.get('/', (req, res) => res.type('html').send('<!doctype html><title>corpus</title><p>authlens corpus app</p>'));
  app.get(['/api/me', '/cors/star', '/cors/list', '/cors/ok', '/cors/preflight401', '/cors/noacao'], requireToken, (req, res) => res.json({ id: 'u1', name: 'Corpus User' }));
  app.get('/api/ok', (req, res) => res.json({ ok: true }));
  app.get('/api/nochallenge', (req, res) => res.status(401).json({ message: 'Unauthorized' }));
  app.get('/api/forbidden', requireToken, (req, res) => res.status(403).set('WWW-Authenticate', 'Bearer realm="corpus", error="insufficient_scope", scope="admin"').json({ error: 'insufficient_scope' }));
  app.get('/api/key', (req, res) => {
    const key = req.get('x-api-key') ?? req.get('x-corpus-api-key') ?? req.query.api_key;
    if (key === VALID_KEY) return res.json({ ok: true });
    res.status(401).json({ error: 'invalid api key' });
  });
  app.post('/oauth/token', (req, res) => {
    const secret = req.body && req.body.client_secret;
    if (secret === VALID_SECRET) return res.json({ access_token: VALID_TOKEN, token_type: 'Bearer', expires_in: 3600 });
    res.status(401).json({ error: 'invalid_client' });
  });
  app.post('/session/login', (req, res) => res.cookie('sid', 'sess-0123456789abcdef0123', { httpOnly: true, sameSite: 'lax' }).json({ ok: true }));
  app.get('/session/me', (req, res) => {
    const sid = (req.get('cookie') || '').split(/;\s*/).find((c) => c.startsWith('sid='));
    if (sid === 'sid=sess-0123456789abcdef0123') return res.json({ id: 'u1' });
    res.status(401).json({ error: 'not logged in' });
  });
  app.get('/redir', (req, res) => res.redirect(302, `http://api.corpus.test:${PORTS.api}/api/me?case=${req.query.case || ''}`));
}

function listen(app, port) {
  return new Promise((resolve) => { const s = app.listen(port, '127.0.0.1', () => resolve(s)); });
}

function daemon(cmd, args, name, logs) {
  const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  p.stdout.on('data', (d) => logs.push(`[${name}] ${d}`));
  p.stderr.on('data', (d) => logs.push(`[${name}] ${d}`));
  return p;
}

async function waitPort(port) {
  for (let i = 0; i < 100; i++) {
    try { await fetch(`http://127.0.0.1:${port}/`); return; } catch { await new Promise((r) => setTimeout(r, 100)); }
  }
  throw new Error(`nothing listens on 127.0.0.1:${port}`);
}

export async function startAll() {
  const dir = mkdtempSync(join(tmpdir(), 'authlens-corpus-'));
  chmodSync(dir, 0o755);
  const logs = [];
  const procs = [];
  execFileSync('htpasswd', ['-bc', join(dir, 'htpasswd'), 'alice', 'secret']);
  chmodSync(join(dir, 'htpasswd'), 0o644);
  // htdigest only reads the password from a terminal: write its documented line format.
  const { createHash } = await import('node:crypto');
  writeFileSync(join(dir, 'htdigest'), `alice:corpus:${createHash('md5').update('alice:corpus:secret').digest('hex')}\n`, { mode: 0o644 });

  const app = express(); appRoutes(app, { crossOrigin: false });
  const api = express(); appRoutes(api, { crossOrigin: true });
  const servers = [await listen(app, PORTS.app), await listen(api, PORTS.api)];

  mkdirSync(join(dir, 'nginx'), { recursive: true });
  writeFileSync(join(dir, 'nginx.conf'), `
daemon off; worker_processes 1; pid ${dir}/nginx.pid; error_log ${dir}/nginx-error.log;
events { worker_connections 64; }
http {
  access_log off; client_body_temp_path ${dir}/nginx; proxy_temp_path ${dir}/nginx;
  fastcgi_temp_path ${dir}/nginx; uwsgi_temp_path ${dir}/nginx; scgi_temp_path ${dir}/nginx;
  server {
    listen 127.0.0.1:${PORTS.nginx};
    location / { add_header Access-Control-Allow-Origin * always; return 200 "ok\\n"; }
    # \`return\` would answer before the access phase: serve a file so auth_basic runs.
    location /basic/ { auth_basic "corpus"; auth_basic_user_file ${dir}/htpasswd; add_header Access-Control-Allow-Origin * always; alias ${dir}/www/; }
    location /proxy/ { proxy_pass http://127.0.0.1:${PORTS.api}/; }
    location /cdn/ { proxy_pass http://127.0.0.1:${PORTS.api}/; add_header CF-RAY 8f1e2d3c4b5a6978-FRA always; add_header X-Amz-Cf-Id corpus-relay always; }
  }
}`);
  procs.push(daemon('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf')], 'nginx', logs));

  const mods = '/usr/lib/apache2/modules';
  writeFileSync(join(dir, 'httpd.conf'), `
ServerRoot ${dir}
PidFile ${dir}/apache.pid
Listen 127.0.0.1:${PORTS.apache}
LoadModule mpm_event_module ${mods}/mod_mpm_event.so
LoadModule authz_core_module ${mods}/mod_authz_core.so
LoadModule authn_core_module ${mods}/mod_authn_core.so
LoadModule authn_file_module ${mods}/mod_authn_file.so
LoadModule authz_user_module ${mods}/mod_authz_user.so
LoadModule auth_basic_module ${mods}/mod_auth_basic.so
LoadModule auth_digest_module ${mods}/mod_auth_digest.so
LoadModule headers_module ${mods}/mod_headers.so
LoadModule alias_module ${mods}/mod_alias.so
LoadModule dir_module ${mods}/mod_dir.so
DirectoryIndex index.html
User www-data
Group www-data
ErrorLog ${dir}/apache-error.log
ServerName 127.0.0.1
DocumentRoot ${dir}/www
Header always set Access-Control-Allow-Origin "*"
<Directory ${dir}/www>
  Require all granted
</Directory>
<Directory ${dir}/www/basic>
  AuthType Basic
  AuthName "corpus"
  AuthUserFile ${dir}/htpasswd
  Require valid-user
</Directory>
<Directory ${dir}/www/digest>
  AuthType Digest
  AuthName "corpus"
  AuthDigestProvider file
  AuthUserFile ${dir}/htdigest
  Require valid-user
</Directory>
`);
  for (const d of ['www', 'www/basic', 'www/digest']) { mkdirSync(join(dir, d), { recursive: true }); chmodSync(join(dir, d), 0o755); writeFileSync(join(dir, d, 'index.html'), 'ok\n', { mode: 0o644 }); }
  procs.push(daemon('/usr/sbin/apache2', ['-X', '-f', join(dir, 'httpd.conf')], 'apache2', logs));

  writeFileSync(join(dir, 'haproxy.cfg'), `
global
  log stderr format raw local0 warning
defaults
  mode http
  timeout connect 2s
  timeout client 5s
  timeout server 5s
userlist corpus
  user alice insecure-password secret
frontend web
  bind 127.0.0.1:${PORTS.haproxy}
  http-request auth realm corpus unless { http_auth(corpus) }
  default_backend app
backend app
  http-request del-header Authorization
  http-request set-path /api/ok
  server app 127.0.0.1:${PORTS.app}
`);
  procs.push(daemon('haproxy', ['-db', '-f', join(dir, 'haproxy.cfg')], 'haproxy', logs));

  mkdirSync(join(dir, 'squid'), { recursive: true });
  execFileSync('chown', ['-R', 'proxy:proxy', join(dir, 'squid')]);
  writeFileSync(join(dir, 'squid.conf'), `
http_port 127.0.0.1:${PORTS.squid}
pid_filename ${dir}/squid/squid.pid
cache_log ${dir}/squid/cache.log
access_log none
cache deny all
cache_effective_user proxy
coredump_dir ${dir}/squid
auth_param basic program /usr/lib/squid/basic_ncsa_auth ${dir}/htpasswd
auth_param basic realm corpus-proxy
acl authed proxy_auth REQUIRED
http_access allow authed
http_access deny all
shutdown_lifetime 0 seconds
`);
  procs.push(daemon('squid', ['-N', '-f', join(dir, 'squid.conf')], 'squid', logs));

  for (const p of [PORTS.nginx, PORTS.apache, PORTS.haproxy]) await waitPort(p);
  for (let i = 0; i < 100; i++) {
    try { execFileSync('bash', ['-c', `exec 3<>/dev/tcp/127.0.0.1/${PORTS.squid}`]); break; } catch { await new Promise((r) => setTimeout(r, 100)); }
  }
  const versions = {
    nginx: execFileSync('nginx', ['-v'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) || '',
  };
  return {
    dir, logs, versions,
    async stop() {
      for (const p of procs) { try { p.kill('SIGTERM'); } catch { /* gone */ } }
      await new Promise((r) => setTimeout(r, 300));
      for (const p of procs) { try { p.kill('SIGKILL'); } catch { /* gone */ } }
      for (const s of servers) s.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
