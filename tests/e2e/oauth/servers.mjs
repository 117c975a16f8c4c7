// The real software of the OAuth captures, all on 127.0.0.1: an OpenID Connect provider
// (npm `oidc-provider`, its development login and consent pages), the client app's pages, and a
// resource server that checks the access token's audience and expiry the way RFC 9068 §4 says.
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

function listen(server) {
  const sockets = new Set();
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok({
      port: server.address().port,
      origin: `http://127.0.0.1:${server.address().port}`,
      close: () => new Promise((done) => { for (const s of sockets) s.destroy(); server.close(() => done()); }),
    }));
  });
}

function decodeJwtPayload(token) {
  try {
    return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}

/** Starts the three servers. Secrets are made per run (the captures' values differ each time). */
export async function startOauthWorld({ clientSecret }) {
  // Ports first: the provider's configuration needs the client's and the API's addresses.
  const appServer = createServer();
  const apiServer = createServer();
  const app = await listen(appServer);
  const api = await listen(apiServer);
  const apiResource = `${api.origin}/`;
  const legacyResource = 'urn:example:legacy-api';
  const providerHttp = createServer();
  const idp = await listen(providerHttp);
  const issuer = idp.origin;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'spa-demo',
        application_type: 'web',
        token_endpoint_auth_method: 'none',
        redirect_uris: [`${app.origin}/cb`],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
      {
        client_id: 'svc-demo',
        client_secret: clientSecret,
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ['client_credentials'],
        scope: 'api:read',
        redirect_uris: [],
        response_types: [],
      },
    ],
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // A client that forgets `resource` gets a token for the legacy API, not this one.
        defaultResource: () => legacyResource,
        useGrantedResource: () => true,
        getResourceServerInfo: (ctx, resource) => ({
          scope: 'api:read',
          audience: resource,
          accessTokenFormat: 'jwt',
          accessTokenTTL: 300,
        }),
      },
    },
    scopes: ['openid', 'offline_access', 'api:read', 'admin:all'],
    clientBasedCORS: () => true,
    pkce: { required: () => true },
    cookies: { keys: ['authlens-oauth-capture-cookie-key'] },
    findAccount: async (ctx, id) => ({ accountId: id, claims: async () => ({ sub: id }) }),
    ttl: { AccessToken: 300, AuthorizationCode: 60, RefreshToken: 3600, Grant: 3600, Session: 3600, Interaction: 600 },
  });
  providerHttp.on('request', provider.callback());

  appServer.on('request', (req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>demo app</title><p>demo app</p>');
  });

  apiServer.on('request', (req, res) => {
    const cors = {
      'access-control-allow-origin': app.origin,
      'access-control-allow-headers': 'authorization, content-type',
      'access-control-allow-methods': 'GET, POST',
    };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors);
      res.end();
      return;
    }
    const url = new URL(req.url, api.origin);
    const metadata = url.pathname.match(/^\/\.well-known\/oauth-protected-resource(\/mcp(?:-tenant)?)$/);
    if (metadata) {
      const tenant = metadata[1] === '/mcp-tenant';
      res.writeHead(200, { ...cors, 'content-type': 'application/json' });
      res.end(JSON.stringify({
        resource: `${api.origin}${metadata[1]}`,
        authorization_servers: [tenant ? `${issuer}/tenant-a` : issuer],
        scopes_supported: ['api:read'],
      }));
      return;
    }
    const auth = req.headers.authorization || '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    const claims = token ? decodeJwtPayload(token) : null;
    const fail = (params) => {
      res.writeHead(401, { ...cors, 'content-type': 'application/json', 'www-authenticate': `Bearer ${params}` });
      res.end(JSON.stringify({ error: 'unauthorized' }));
    };
    if (url.pathname.startsWith('/mcp') && !token) {
      fail(`resource_metadata="${api.origin}/.well-known/oauth-protected-resource${url.pathname}"`);
      return;
    }
    if (!claims) return fail('realm="api"');
    const aud = [].concat(claims.aud || []);
    if (!aud.includes(apiResource)) return fail('realm="api", error="invalid_token", error_description="audience"');
    if (!claims.exp || claims.exp * 1000 < Date.now()) return fail('realm="api", error="invalid_token", error_description="expired"');
    res.writeHead(200, { ...cors, 'content-type': 'application/json' });
    res.end(JSON.stringify({ sub: claims.sub }));
  });

  return {
    issuer,
    app: app.origin,
    api: api.origin,
    apiResource,
    async close() {
      await Promise.all([app.close(), api.close(), idp.close()]);
    },
  };
}
