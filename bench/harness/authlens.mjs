// Adapts the wasm-bindgen exports of dist/www/pkg/authlens.js to the operations the bench times.
// Each operation uses the most specific export the build has (a dedicated parser when exported,
// else the panel's analysis entry point) and records which one, so results say what was measured.

/** Finds the first callable export (or class) among `names`. */
function pick(mod, names) {
  for (const name of names) if (typeof mod[name] === 'function') return name;
  return null;
}

/** Whether `call` runs without throwing (used to find an export's calling convention). */
function works(call) {
  try {
    call();
    return true;
  } catch {
    return false;
  }
}

/** Reads and analyses a HAR file's bytes with `mod.HarStream`, fed `chunk` bytes at a time. */
export function streamHar(mod, bytes, chunk = 1 << 18) {
  const stream = new mod.HarStream(undefined);
  try {
    for (let i = 0; i < bytes.length; i += chunk) stream.push(bytes.subarray(i, i + chunk));
    return stream.finish();
  } finally {
    stream.free?.();
  }
}

/**
 * A new module instance for the HAR memory measure: `loadGlue()` imports a new copy of the glue
 * module (so a new wasm instance and memory), `wasm` is what its init takes (bytes or a URL).
 */
export async function freshInstance(loadGlue, wasm) {
  const mod = await loadGlue();
  const own = await mod.default({ module_or_path: wasm });
  const initialBytes = own.memory.buffer.byteLength;
  return { analyzeHar: makeAdapter(mod, own.memory).ops.analyzeHar, memoryBytes: () => own.memory.buffer.byteLength, initialBytes };
}

/** `mod`: the pkg module namespace (after init); `memory`: the wasm memory (for size reports). */
export function makeAdapter(mod, memory) {
  const ops = {};
  const used = {};
  const missing = {};
  const exportsList = Object.keys(mod).filter((k) => k !== 'default' && k !== 'initSync').sort();

  // WWW-Authenticate parsing.
  {
    const name = pick(mod, ['parseWwwAuthenticate', 'parseChallenges', 'parseChallenge']);
    if (name) {
      const f = mod[name];
      // The export takes either one value (the thin one) or every field value of the response.
      if (name !== 'parseChallenges' && works(() => f('Basic realm="x"'))) {
        ops.parseWwwAuthenticate = (v) => f(v);
        used.parseWwwAuthenticate = `${name}(value)`;
      } else if (works(() => f(['Basic realm="x"']))) {
        ops.parseWwwAuthenticate = (v) => f([v]);
        used.parseWwwAuthenticate = `${name}([value])`;
      } else if (works(() => f('Basic realm="x"'))) {
        ops.parseWwwAuthenticate = (v) => f(v);
        used.parseWwwAuthenticate = `${name}(value)`;
      }
    }
    if (!ops.parseWwwAuthenticate) missing.parseWwwAuthenticate = 'parseChallenges(values: string[]) -> Challenge[]';
  }
  // Many values in one call (one per line): the boundary is paid once for the whole corpus.
  if (typeof mod.parseWwwAuthenticateLines === 'function') {
    ops.parseWwwAuthenticateLines = (text) => mod.parseWwwAuthenticateLines(text);
    used.parseWwwAuthenticateLines = 'parseWwwAuthenticateLines(values joined by newlines)';
  }
  if (typeof mod.parseAuthorizationLines === 'function') {
    ops.parseAuthorizationLines = (text) => mod.parseAuthorizationLines(text);
    used.parseAuthorizationLines = 'parseAuthorizationLines(values joined by newlines)';
  }
  // Authorization parsing.
  {
    const name = pick(mod, ['parseAuthorization', 'parseCredentials']);
    if (name) {
      ops.parseAuthorization = (v) => mod[name](v);
      used.parseAuthorization = `${name}(value)`;
    } else if (typeof mod.analyzeAuthorization === 'function') {
      ops.parseAuthorization = (v) => mod.analyzeAuthorization(v, 401);
      used.parseAuthorization = 'analyzeAuthorization(value, 401) (full analysis: parse + rules + findings to JS)';
      missing.parseAuthorization = 'parseAuthorization(value: string) -> Credentials (parse only)';
    } else missing.parseAuthorization = 'parseAuthorization(value: string) -> Credentials';
  }
  // JWT decoding.
  {
    const name = pick(mod, ['decodeJwt', 'decodeJWT']);
    if (name) {
      ops.decodeJwt = (t) => mod[name](t);
      used.decodeJwt = `${name}(token)`;
    } else if (typeof mod.analyzePaste === 'function') {
      ops.decodeJwt = (t) => mod.analyzePaste(t, {});
      used.decodeJwt = 'analyzePaste(token, {}) (full paste analysis)';
      missing.decodeJwt = 'decodeJwt(token: string) -> {header, claims}';
    } else missing.decodeJwt = 'decodeJwt(token: string) -> {header, claims}';
  }
  // Key recognition. `keyProvider` (the provider id, or null) exists only with a dedicated export;
  // the stand-in times the paste analysis, which runs the same recognition but does not return it.
  {
    const name = pick(mod, ['recognizeKey', 'recognizeCredential']);
    if (name) {
      ops.recognizeKey = (k) => {
        const r = mod[name](k);
        const best = r && (r.matches?.[0] ?? r.best ?? null);
        return best ? (best.providerId ?? best.provider_id ?? best.provider ?? null) : null;
      };
      ops.keyProvider = ops.recognizeKey;
      used.recognizeKey = `${name}(key)`;
    } else if (typeof mod.analyzePaste === 'function') {
      ops.recognizeKey = (k) => mod.analyzePaste(k, {})?.kind === 'raw_key';
      used.recognizeKey = 'analyzePaste(key, {}) (runs recognize_key plus the credential rules; returns no provider, so counts come from the native run)';
      missing.recognizeKey = 'recognizeKey(key: string) -> {matches: [{providerId, kind, confidence}], ambiguous}';
    } else missing.recognizeKey = 'recognizeKey(key: string) -> {matches: [{providerId, kind, confidence}], ambiguous}';
  }
  // Many keys in one call (one key per line), as a scanner reads a document.
  if (typeof mod.recognizeKeys === 'function') {
    ops.recognizeKeys = (text) => mod.recognizeKeys(text).split('\n').map((id) => id || null);
    used.recognizeKeys = 'recognizeKeys(keys joined by newlines)';
  }
  // Whole-HAR analysis: bytes in, report out.
  {
    // HarStream: the file in 256 KiB chunks (what the CLI reads at a time; the module
    // never holds the file whole), read and analysed as they come, report included.
    const name = pick(mod, ['analyzeHar', 'readHar']);
    if (typeof mod.HarStream === 'function') {
      ops.analyzeHar = (bytes) => streamHar(mod, bytes);
      used.analyzeHar = `HarStream.push(256 KiB chunks) + finish() (read + session analysis + report to JS)`;
    } else if (name) {
      ops.analyzeHar = (bytes) => mod[name](bytes, undefined);
      used.analyzeHar = `${name}(bytes) (read + session analysis + report to JS)`;
    } else missing.analyzeHar = 'analyzeHar(bytes: Uint8Array) -> Report (or readHar(bytes) + Session)';
  }
  // One captured request in the panel path.
  {
    if (typeof mod.Session === 'function') {
      let session = null;
      ops.analyzeRequest = (ex) => {
        session ??= new mod.Session(undefined);
        return session.push(ex);
      };
      ops.resetRequests = () => { session?.free?.(); session = null; };
      used.analyzeRequest = 'Session.push(exchange) (the panel\'s live path)';
    } else {
      const name = pick(mod, ['analyzeExchange', 'analyzeRequest']);
      if (name) {
        ops.analyzeRequest = (ex) => mod[name](ex);
        used.analyzeRequest = `${name}(exchange)`;
      } else if (typeof mod.analyzeAuthorization === 'function') {
        ops.analyzeRequest = (ex) => {
          const h = ex.requestHeaders.find((x) => x.name.toLowerCase() === 'authorization');
          return mod.analyzeAuthorization(h ? h.value : '', ex.status);
        };
        used.analyzeRequest = 'analyzeAuthorization(authorization, status) (stand-in: only the Authorization rules)';
        missing.analyzeRequest = 'Session.push(exchange) or analyzeExchange(exchange) -> findings';
      } else missing.analyzeRequest = 'Session.push(exchange) or analyzeExchange(exchange) -> findings';
    }
  }
  return { ops, used, missing, exports: exportsList, memoryBytes: () => memory?.buffer?.byteLength ?? null };
}
