#!/usr/bin/env python3
"""Writes tests/fixtures/har/tokens/*.har: token-lifecycle, OAuth/OIDC, discovery and DPoP flows
shaped after the RFC examples (RFC 6749 §4.1/§5.2, RFC 7636 App. B, RFC 9449 §4-§9, RFC 9728 §5,
RFC 8414 §3, RFC 8707 §2), plus expected.json: the finding ids each must and must not produce.
Every key and token is fake. Re-run with `python3 tools/gen-token-fixtures/gen.py`."""
import base64, hashlib, json, os, datetime

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "fixtures", "har", "tokens")
T0 = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)

def b64u(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()

def jwt(header, claims):
    return ".".join([b64u(json.dumps(header).encode()), b64u(json.dumps(claims).encode()), b64u(bytes(range(32)))])

def at(n, aud="https://api.example.com", iat=0, life=3600):
    s = int(T0.timestamp()) + iat
    return jwt({"alg": "RS256", "typ": "at+jwt", "kid": "k1"},
               {"iss": "https://auth.example.com/", "sub": "user-1", "aud": aud, "iat": s, "exp": s + life, "jti": f"j{n}"})

def opaque(n):
    return f"at-demo-{n:04d}-Zq8RfT3kLm9Xw2Yp"

def when(ms):
    return (T0 + datetime.timedelta(milliseconds=ms)).isoformat(timespec="milliseconds").replace("+00:00", "Z")

def entry(method, url, status, t, req_headers=(), resp_headers=(), post=None, body=None, time=50, redirect=""):
    e = {
        "startedDateTime": when(t), "time": time,
        "request": {"method": method, "url": url, "httpVersion": "HTTP/1.1",
                    "headers": [{"name": n, "value": v} for n, v in req_headers],
                    "queryString": [], "cookies": [], "headersSize": -1, "bodySize": -1},
        "response": {"status": status, "statusText": "", "httpVersion": "HTTP/1.1",
                     "headers": [{"name": n, "value": v} for n, v in resp_headers], "cookies": [],
                     "content": {"size": len(body or ""), "mimeType": "application/json", **({"text": body} if body is not None else {})},
                     "redirectURL": redirect, "headersSize": -1, "bodySize": -1},
        "cache": {}, "timings": {"send": 0, "wait": time, "receive": 0},
    }
    if post is not None:
        e["request"]["postData"] = {"mimeType": "application/x-www-form-urlencoded", "text": post}
    return e

TOKEN = "https://auth.example.com/oauth/token"
API = "https://api.example.com/v1/me"
JSON = [("Content-Type", "application/json")]
FORM = [("Content-Type", "application/x-www-form-urlencoded")]
RT = "rt-demo-7fK2pQ9sLx4vB8nM"

def token_resp(t, token, expires_in=3600, grant=f"grant_type=refresh_token&refresh_token={RT}", time=120):
    return entry("POST", TOKEN, 200, t, FORM, JSON, grant,
                 json.dumps({"access_token": token, "token_type": "Bearer", "expires_in": expires_in}), time=time)

def call(t, token, status, extra=()):
    return entry("GET", API, status, t, [("Authorization", f"Bearer {token}")], list(extra))

INVALID = [("WWW-Authenticate", 'Bearer realm="api", error="invalid_token"')]
scenarios = {}

def add(name, entries, expect, must_not=()):
    scenarios[name] = {"entries": entries, "expect": expect, "must_not": list(must_not)}

add("healthy-refresh", [token_resp(0, opaque(1)), call(1000, opaque(1), 200),
                         token_resp(3_500_000, opaque(2)), call(3_501_000, opaque(2), 200)],
    [], ["token.stale_after_refresh", "session.refresh_loop", "token.rejected_on_first_use"])
add("stale-after-refresh", [token_resp(0, opaque(1)), call(1000, opaque(1), 200),
                             token_resp(3_500_000, opaque(2)), call(3_501_000, opaque(2), 200),
                             call(3_502_000, opaque(1), 401, INVALID)],
    ["token.stale_after_refresh"], ["session.refresh_race"])
add("refresh-race", [token_resp(0, opaque(1)), call(1000, opaque(1), 200),
                      token_resp(10_000, opaque(2), time=400), call(10_100, opaque(1), 401, INVALID),
                      call(10_600, opaque(2), 200)],
    ["session.refresh_race"], ["token.stale_after_refresh"])
wrong_aud = at(1, aud="https://billing.example.net")
add("rejected-on-first-use", [token_resp(0, wrong_aud), call(1000, wrong_aud, 401, INVALID)],
    ["token.rejected_on_first_use"], [])
loop = []
for n in range(5):
    tok = at(10 + n, aud="https://billing.example.net", iat=n * 3)
    loop += [token_resp(n * 3000, tok), call(n * 3000 + 500, tok, 401, INVALID)]
add("refresh-loop", loop, ["session.refresh_loop", "token.rejected_on_first_use"], [])
early = at(30, iat=30)
add("used-before-issued", [call(0, early, 200), token_resp(31_000, early, expires_in=3570)],
    ["token.used_before_issued"], [])
add("exp-in-milliseconds", [token_resp(0, opaque(40), expires_in=3_600_000)],
    ["jwt.exp_in_milliseconds"], [])
add("exp-disagrees-expires-in", [token_resp(0, at(41, life=300), expires_in=3600)],
    ["jwt.exp_disagrees_expires_in"], ["jwt.exp_in_milliseconds"])

def token_error(code, status=400, post=f"grant_type=refresh_token&refresh_token={RT}", extra_req=(), extra_resp=(), desc=None):
    body = {"error": code}
    if desc:
        body["error_description"] = desc
    return entry("POST", TOKEN, status, 0, FORM + list(extra_req), JSON + list(extra_resp), post, json.dumps(body))

add("oauth-invalid-grant", [token_error("invalid_grant", desc="Refresh token already used")], ["oauth.invalid_grant"])
add("oauth-invalid-client", [token_error("invalid_client", 401, "grant_type=client_credentials",
                                         [("Authorization", "Basic ZGVtby1jbGllbnQ6d3Jvbmctc2VjcmV0")],
                                         [("WWW-Authenticate", 'Basic realm="oauth"')])], ["oauth.invalid_client"])
add("oauth-unauthorized-client", [token_error("unauthorized_client", post="grant_type=client_credentials")], ["oauth.unauthorized_client"])
add("oauth-invalid-scope", [token_error("invalid_scope", post="grant_type=client_credentials&scope=admin")], ["oauth.invalid_scope"])
add("oauth-unsupported-grant-type", [token_error("unsupported_grant_type", post="grant_type=password&username=u&password=demo-pass-1")], ["oauth.unsupported_grant_type"])

VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"  # RFC 7636 Appendix B
CHALLENGE = b64u(hashlib.sha256(VERIFIER.encode()).digest())
CB = "https://app.example.com/callback"
CB_ENC = "https%3A%2F%2Fapp.example.com%2Fcallback"
STATE = "st-demo-4f9a2c7e"

def authorize(t, extra=""):
    url = f"https://auth.example.com/authorize?response_type=code&client_id=spa-demo&redirect_uri={CB_ENC}&state={STATE}{extra}"
    return entry("GET", url, 302, t, resp_headers=[("Location", f"{CB}?code=code-demo-1&state={STATE}")], redirect=f"{CB}?code=code-demo-1&state={STATE}")

def cb(t, query):
    return entry("GET", f"{CB}?{query}", 200, t, body="<html></html>")

OK = json.dumps({"access_token": opaque(50), "token_type": "Bearer", "expires_in": 3600})

def code_exchange(t, extra, status=200, body=OK, redirect=CB_ENC):
    return entry("POST", TOKEN, status, t, FORM, JSON,
                 f"grant_type=authorization_code&code=code-demo-1&client_id=spa-demo&redirect_uri={redirect}{extra}", body)

S256 = f"&code_challenge={CHALLENGE}&code_challenge_method=S256"
ERR_GRANT = json.dumps({"error": "invalid_grant"})
add("pkce-healthy", [authorize(0, S256), cb(100, f"code=code-demo-1&state={STATE}"),
                      code_exchange(200, f"&code_verifier={VERIFIER}"), call(300, opaque(50), 200)],
    [], ["oauth.pkce_missing", "oauth.pkce_mismatch", "oauth.pkce_plain", "oauth.state_mismatch", "oauth.redirect_uri_mismatch"])
add("pkce-missing", [authorize(0, S256), cb(100, f"code=code-demo-1&state={STATE}"), code_exchange(200, "", 400, ERR_GRANT)],
    ["oauth.pkce_missing"], ["oauth.pkce_mismatch"])
add("pkce-mismatch", [authorize(0, S256), cb(100, f"code=code-demo-1&state={STATE}"),
                       code_exchange(200, "&code_verifier=another-verifier-from-a-second-tab-0000000", 400, ERR_GRANT)],
    ["oauth.pkce_mismatch"], ["oauth.pkce_missing"])
add("pkce-plain", [authorize(0, f"&code_challenge={VERIFIER}&code_challenge_method=plain")], ["oauth.pkce_plain"])
add("redirect-uri-mismatch", [authorize(0, S256), cb(100, f"code=code-demo-1&state={STATE}"),
                               code_exchange(200, f"&code_verifier={VERIFIER}", 400, ERR_GRANT, redirect=CB_ENC + "%2F")],
    ["oauth.redirect_uri_mismatch"], [])
add("state-mismatch", [authorize(0, S256), cb(100, "code=code-demo-1&state=st-demo-other-9"),], ["oauth.state_mismatch"])
add("oidc-login-required", [authorize(0, "&prompt=none&scope=openid"), cb(100, f"error=login_required&state={STATE}")],
    ["oidc.interaction_required"], ["oauth.state_mismatch"])

MCP = "https://mcp.example.com/mcp"
PRM = "https://mcp.example.com/.well-known/oauth-protected-resource"
ASM = "https://auth.example.com/.well-known/oauth-authorization-server"
def mcp401(t):
    return entry("POST", MCP, 401, t, JSON, [("WWW-Authenticate", f'Bearer resource_metadata="{PRM}"')], '{"jsonrpc":"2.0"}', "")
prm_ok = json.dumps({"resource": MCP, "authorization_servers": ["https://auth.example.com"]})
asm_ok = json.dumps({"issuer": "https://auth.example.com", "token_endpoint": TOKEN, "authorization_endpoint": "https://auth.example.com/authorize"})
def cc(t, extra, tok):
    return entry("POST", TOKEN, 200, t, FORM, JSON, f"grant_type=client_credentials{extra}",
                 json.dumps({"access_token": tok, "token_type": "Bearer", "expires_in": 3600}))
mcp_tok = at(60, aud=MCP)
add("discovery-healthy", [mcp401(0), entry("GET", PRM, 200, 100, body=prm_ok), entry("GET", ASM, 200, 200, body=asm_ok),
                           cc(300, "&resource=https%3A%2F%2Fmcp.example.com%2Fmcp", mcp_tok),
                           entry("POST", MCP, 200, 400, [("Authorization", f"Bearer {mcp_tok}")], JSON, '{"jsonrpc":"2.0"}', "{}")],
    ["discovery.resource_metadata"], ["discovery.broken", "discovery.resource_missing"])
add("discovery-broken", [mcp401(0), entry("GET", PRM, 200, 100, body=prm_ok), entry("GET", ASM, 404, 200, body="Not Found")],
    ["discovery.resource_metadata", "discovery.broken"], [])
add("discovery-resource-missing", [mcp401(0), entry("GET", PRM, 200, 100, body=prm_ok), entry("GET", ASM, 200, 200, body=asm_ok),
                                    cc(300, "", at(61, aud="https://auth.example.com"))],
    ["discovery.resource_missing", "discovery.broken"], [])

DPOP_AT = "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU"  # RFC 9449 §7.1
ATH = b64u(hashlib.sha256(DPOP_AT.encode()).digest())
JWK = {"kty": "EC", "crv": "P-256", "x": "l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs", "y": "9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA"}
def proof(htm, htu, iat=0, ath=ATH, nonce=None):
    claims = {"jti": "e1j3V_bKic8-LAEB", "htm": htm, "htu": htu, "iat": int(T0.timestamp()) + iat}
    if ath:
        claims["ath"] = ath
    if nonce:
        claims["nonce"] = nonce
    return jwt({"typ": "dpop+jwt", "alg": "ES256", "jwk": JWK}, claims)
RES = "https://resource.example.org/protectedresource"
def dpop_call(t, p, status, resp=()):
    return entry("GET", RES, status, t, [("Authorization", f"DPoP {DPOP_AT}"), ("DPoP", p)], list(resp))
NONCE = "eyJ7S_zG.eyJH0-Z.HX4w-7v"
add("dpop-nonce", [dpop_call(0, proof("GET", RES), 401, [("WWW-Authenticate", 'DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof"'), ("DPoP-Nonce", NONCE)]),
                    dpop_call(100, proof("GET", RES, nonce=NONCE), 200)],
    ["dpop.nonce_required"], ["dpop.proof_mismatch", "dpop.invalid_proof"])
add("dpop-invalid-proof", [dpop_call(0, proof("GET", RES), 401, [("WWW-Authenticate", 'DPoP algs="ES256", error="invalid_dpop_proof"')])],
    ["dpop.invalid_proof"], [])
add("dpop-proof-mismatch", [dpop_call(0, proof("POST", "https://server.example.com/token"), 401, [("WWW-Authenticate", 'DPoP error="invalid_dpop_proof"')])],
    ["dpop.proof_mismatch", "dpop.invalid_proof"], [])

os.makedirs(OUT, exist_ok=True)
expected = {}
for name, s in scenarios.items():
    har = {"log": {"version": "1.2", "creator": {"name": "authlens gen-token-fixtures", "version": "1"}, "entries": s["entries"]}}
    with open(os.path.join(OUT, f"{name}.har"), "w") as f:
        json.dump(har, f, indent=1)
        f.write("\n")
    expected[name] = {"expect": s["expect"], "must_not": s["must_not"]}
with open(os.path.join(OUT, "expected.json"), "w") as f:
    json.dump({"provenance": "tools/gen-token-fixtures/gen.py: flows shaped after RFC 6749, 7636, 8414, 8707, 9449, 9728 examples", "scenarios": expected}, f, indent=1)
    f.write("\n")
print(len(scenarios), "scenarios")
