// A deterministic HAR of about N MB for the redaction benchmark: HTTP/2 (lower-case header names)
// API traffic with Bearer JWTs, x-api-key keys, cookies and Set-Cookie, query tokens, OAuth token
// responses and plain JSON/HTML bodies. Every secret is fake; `secrets` lists them so the runner
// can count which survive each redactor.
export function generateHar(megabytes) {
  let seed = 0x2545f491;
  const rnd = () => {
    seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0;
    return seed;
  };
  const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const pick = (n, set = alnum) => Array.from({ length: n }, () => set[rnd() % set.length]).join('');
  const b64url = (s) => Buffer.from(s).toString('base64url');
  const secrets = { 'authorization (JWT signature)': [], 'x-api-key': [], cookie: [], 'query api_key': [], 'JSON access_token': [] };
  const entries = [];
  let size = 0;
  const target = megabytes * 1024 * 1024;
  for (let i = 0; size < target; i++) {
    const sig = pick(86);
    const jwt = `${b64url('{"alg":"RS256","typ":"JWT"}')}.${b64url(`{"sub":"user-${i % 97}","exp":${1714557600 + (i % 7200)},"aud":"https://api.example.com"}`)}.${sig}`;
    const apiKey = `sk-ant-api03-${pick(93, alnum + '-_')}AA`;
    const session = pick(32);
    const queryKey = pick(32);
    const access = pick(40);
    secrets['authorization (JWT signature)'].push(sig);
    secrets['x-api-key'].push(apiKey.slice(13));
    secrets.cookie.push(session);
    secrets['query api_key'].push(queryKey);
    secrets['JSON access_token'].push(access);
    const body = JSON.stringify({ items: Array.from({ length: 20 }, (_, k) => ({ id: `${i}-${k}`, name: `item ${k}`, price: k * 3 + (i % 5), tags: ['a', 'b', 'c'] })), next: `/v1/items?page=${i + 1}` });
    const oauth = i % 10 === 0;
    const entry = {
      startedDateTime: new Date(1714557600000 + i * 250).toISOString(), time: 12.5,
      request: {
        method: oauth ? 'POST' : 'GET',
        url: `https://api.example.com/v1/items?page=${i}&api_key=${queryKey}`,
        httpVersion: 'h2',
        headers: [
          { name: ':authority', value: 'api.example.com' },
          { name: 'authorization', value: `Bearer ${jwt}` },
          { name: 'x-api-key', value: apiKey },
          { name: 'cookie', value: `session=${session}; theme=dark` },
          { name: 'accept', value: 'application/json' },
          { name: 'user-agent', value: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36' },
        ],
        queryString: [{ name: 'page', value: String(i) }, { name: 'api_key', value: queryKey }],
        cookies: [{ name: 'session', value: session }, { name: 'theme', value: 'dark' }],
        headersSize: -1, bodySize: oauth ? 64 : 0,
        ...(oauth ? { postData: { mimeType: 'application/x-www-form-urlencoded', text: `grant_type=refresh_token&refresh_token=${pick(40)}&client_id=app` } } : {}),
      },
      response: {
        status: i % 13 === 0 ? 401 : 200, statusText: '', httpVersion: 'h2',
        headers: [
          { name: 'content-type', value: 'application/json' },
          { name: 'set-cookie', value: `session=${session}; Path=/; HttpOnly; Secure; SameSite=Lax` },
          { name: 'date', value: 'Wed, 01 May 2024 10:00:00 GMT' },
        ],
        cookies: [],
        content: { size: body.length, mimeType: 'application/json', text: oauth ? JSON.stringify({ access_token: access, token_type: 'Bearer', expires_in: 3600 }) : body },
        redirectURL: '', headersSize: -1, bodySize: body.length,
      },
      cache: {}, timings: { send: 0.1, wait: 10, receive: 1.2 },
    };
    if (!oauth) secrets['JSON access_token'].pop();
    const text = JSON.stringify(entry, null, 2);
    size += text.length + 2;
    entries.push(entry);
  }
  const har = JSON.stringify({ log: { version: '1.2', creator: { name: 'authlens-bench', version: '1' }, pages: [], entries } }, null, 2);
  return { har, secrets, entries: entries.length };
}
